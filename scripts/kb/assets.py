"""Our own scripts and stylesheet, minified in the built site (the sources in docs/assets/ keep
their comments for contributors). Material ships its own files minified already."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

OWN_ASSETS = ("assets/kb.js", "assets/kb-tools.js", "assets/kb-decoder.js", "assets/kb.css")


def minify_site(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Minify our assets in a built site in place; returns {path: (bytes before, bytes after)}."""
    sizes = {}
    for rel in OWN_ASSETS:
        path = site_dir / rel
        if not path.exists():
            raise RuntimeError(f"{rel} is missing from the built site: is docs/{rel} still there?")
        text = path.read_text(encoding="utf-8")
        small = rcssmin.cssmin(text) if rel.endswith(".css") else rjsmin.jsmin(text)
        path.write_text(small, encoding="utf-8")
        sizes[rel] = (len(text.encode()), len(small.encode()))
    return sizes
