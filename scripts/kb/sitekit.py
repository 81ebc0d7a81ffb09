"""Assemble and build throwaway copies of the site (tests, fixtures, benchmark corpora).

A kit site is the repository's real configuration (mkdocs.yml, data/, overrides/, scripts/,
docs/assets/) with a docs tree of your choosing, so tests exercise the same build as production.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .model import ROOT

CONFIG_PARTS = ("mkdocs.yml", "overrides", "scripts", "data")


def make_site(dest: Path, docs: Path | None = None, data: Path | None = None, nav: list[str] | None = None,
              root: Path = ROOT) -> Path:
    """Copy the site's configuration to dest, with docs from `docs` (default: the real docs).

    `data` replaces files in data/ (e.g. a fixture's sources.yml); `nav` replaces the nav list.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in CONFIG_PARTS:
        src = root / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dest / part)
    shutil.copytree(docs or root / "docs", dest / "docs", ignore=ignore, dirs_exist_ok=True)
    if docs is not None:
        shutil.copytree(root / "docs" / "assets", dest / "docs" / "assets", dirs_exist_ok=True)
    if data is not None:
        for f in Path(data).iterdir():
            shutil.copy2(f, dest / "data" / f.name)
    if nav is not None:
        set_nav(dest / "mkdocs.yml", nav)
    modules = dest / "node_modules"
    if (root / "node_modules").is_dir() and not modules.exists():
        modules.symlink_to(root / "node_modules")  # Pagefind, for the post-build search index
    return dest


def set_nav(config: Path, nav: list[str]) -> None:
    text = config.read_text(encoding="utf-8")
    block = "nav:\n" + "".join(f"  - {item}\n" for item in nav)
    new, n = re.subn(r"(?m)^nav:\n(?:  - .*\n)+", block, text)
    if n != 1:
        raise RuntimeError(f"{config}: could not find the nav block to replace")
    config.write_text(new, encoding="utf-8")


GENERATORS = ("mkdocs", "properdocs")  # both read mkdocs.yml and run the same hook and plugins


def mkdocs_cmd(generator: str = "mkdocs") -> list[str]:
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}: use one of {GENERATORS}")
    return [sys.executable, "-m", generator]


def build(site: Path, site_dir: Path | None = None, env: dict | None = None,
          timeout: int = 600, generator: str = "mkdocs") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` (or ProperDocs') in a kit site; returns the finished process (never raises)."""
    cmd = [*mkdocs_cmd(generator), "build", "--strict"]
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(cmd, cwd=site, env=full_env, capture_output=True, text=True, timeout=timeout)
