"""Problems found in content: every one names the file, the line or field, and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    field: str  # front-matter field, or a short label such as "body", "file", "link"
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: [{self.field}] {self.message}\n    fix: {self.fix}"



def format_problems(problems: list[Problem]) -> str:
    n = len(problems)
    head = f"{n} content problem{'s' if n != 1 else ''} found:"
    return "\n".join([head, *(str(p) for p in problems)])


def rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
