"""Site search: Pagefind (npm `pagefind`, pinned in package-lock.json) indexes the built HTML.

Pagefind writes one index per `<html lang>` into <site>/pagefind/ and segments Chinese itself; the
browser (docs/assets/kb.js) loads only the index chunks a query needs, when the reader starts to
search. Only the text inside `data-pagefind-body` (the article, see overrides/main.html) is indexed,
so redirect pages and the 404 page stay out of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .model import ROOT

INSTALL_HINT = "run `npm ci` in the repository root (the make targets do this for you)"


def pagefind_bin(root: Path = ROOT) -> Path:
    """The pinned Pagefind binary from node_modules (PAGEFIND_BIN overrides it)."""
    env = os.environ.get("PAGEFIND_BIN")
    candidates = [Path(env)] if env else []
    for base in (root, *root.parents):
        candidates.append(base / "node_modules" / ".bin" / "pagefind")
        if (base / ".git").exists():
            break
    for c in candidates:
        if c.exists():
            return c
    raise RuntimeError(f"Pagefind is not installed (looked for node_modules/.bin/pagefind from {root}): {INSTALL_HINT}")


def build_index(site_dir: Path, root: Path = ROOT) -> str:
    """Index the built site in place; returns Pagefind's summary. Raises with its output on failure."""
    site_dir = Path(site_dir)
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    proc = subprocess.run([str(pagefind_bin(root)), "--site", str(site_dir), "--quiet"],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"Pagefind failed on {site_dir} (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    if not (site_dir / "pagefind" / "pagefind.js").exists():
        raise RuntimeError(f"Pagefind wrote no index into {site_dir}/pagefind: no page has data-pagefind-body?")
    return proc.stdout


def indexed_pages(site_dir: Path) -> dict[str, set[str]]:
    """The page URLs in the built Pagefind index, by language (read from its fragment files)."""
    import gzip
    import json

    out: dict[str, set[str]] = {}
    for frag in (Path(site_dir) / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(frag.read_bytes())
        data = data[len(b"pagefind_dcd"):] if data.startswith(b"pagefind_dcd") else data
        out.setdefault(frag.name.split("_", 1)[0], set()).add(json.loads(data)["url"])
    return out
