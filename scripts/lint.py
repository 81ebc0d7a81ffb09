#!/usr/bin/env python3
"""Content lint for every Markdown page: Chinese typography (autocorrect), Markdown structure
(pymarkdown) and English spelling (codespell). Configured by .autocorrectrc, .pymarkdown.json and
.codespellrc at the repository root. Prints file:line: [tool] message, and exits 1 on any finding.

Usage: python scripts/lint.py [FILE_OR_DIR ...]   (default: docs/ and the top-level guides)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ["docs", "README.md", "CONTRIBUTING.md", "CONTRIBUTING.zh.md", "STYLE.md"]
GENERATED = (ROOT / "docs" / "zh-hant").resolve()


def markdown_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = (ROOT / p) if not Path(p).is_absolute() else Path(p)
        if path.is_dir():  # generated pages (docs/zh-hant/) are checked by `kb check`, not linted
            out += sorted(f for f in path.rglob("*.md") if GENERATED not in f.resolve().parents)
        elif path.exists():
            out.append(path)
    return out


def rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def autocorrect(files: list[Path]) -> list[str]:
    import autocorrect_py

    rc = ROOT / ".autocorrectrc"
    if rc.exists():
        autocorrect_py.load_config(rc.read_text(encoding="utf-8"))
    out = []
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            out.append(f"{rel(f)}: [autocorrect] not valid UTF-8; save the file as UTF-8")
            continue
        result = autocorrect_py.lint_for(text, "md")
        for line in result.lines:
            out.append(f"{rel(f)}:{line.line}:{line.col}: [autocorrect] Chinese typography: "
                       f"'{line.old.strip()}' should be '{line.new.strip()}'")
    return out


def pymarkdown(files: list[Path]) -> list[str]:
    if not files:
        return []
    cmd = [sys.executable, "-m", "pymarkdown", "--config", str(ROOT / ".pymarkdown.json"), "scan", *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    out = []
    for line in (proc.stdout + proc.stderr).splitlines():
        m = re.match(r"^(.*?):(\d+):(\d+): (.*)$", line)
        if m:
            out.append(f"{rel(Path(m.group(1)))}:{m.group(2)}:{m.group(3)}: [markdown] {m.group(4)}")
        elif line.strip():
            out.append(f"[markdown] {line.strip()}")
    if proc.returncode not in (0, 1):
        out.append(f"[markdown] pymarkdown failed with exit code {proc.returncode}")
    return out


def codespell(files: list[Path]) -> list[str]:
    targets = [f for f in files if "/zh/" not in f.as_posix()]
    if not targets:
        return []
    cmd = [sys.executable, "-m", "codespell_lib", "--config", str(ROOT / ".codespellrc"), *map(str, targets)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    out = []
    for line in proc.stdout.splitlines():
        m = re.match(r"^(.*?):(\d+): (.*)$", line)
        out.append(f"{rel(Path(m.group(1)))}:{m.group(2)}: [spelling] {m.group(3)}" if m else f"[spelling] {line}")
    if proc.returncode not in (0, 65):
        out.append(f"[spelling] codespell failed with exit code {proc.returncode}: {proc.stderr.strip()}")
    return out


def main(argv: list[str]) -> int:
    files = markdown_files(argv or DEFAULT)
    findings = autocorrect(files) + pymarkdown(files) + codespell(files)
    for f in findings:
        print(f, file=sys.stderr)
    print(f"lint: {len(files)} Markdown files, {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
