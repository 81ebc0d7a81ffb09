"""Command-line tools for contributors and CI: `python -m kb <command>` (the Makefile wraps them).

  check           validate all content; fail on any problem or outdated translation
  new-faq ID      scaffold docs/zh/faq/ID.md and docs/en/faq/ID.md with placeholders
  i18n            list missing and outdated translations
  i18n-sync PAGE  record that an English page now matches its Chinese source
  stale           list pages last reviewed more than 12 months ago
  links           build, serve on 127.0.0.1 and check every internal link and anchor
  links-external  check every outbound link (needs the internet) and write a report
  card-font       rebuild the share-card font subset (needs Debian's fonts-noto-cjk)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .model import AUTHORED, ID_RE, LANGS, PLACEHOLDER, ROOT, SOURCE_LANG, load, text_hash, today
from .problems import Problem, format_problems, rel
from .validate import outdated, stale, validate


def _print_problems(problems: list[Problem], ok: str) -> int:
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    print(ok)
    return 0


def cmd_check(args) -> int:
    content = load(args.root)
    problems = validate(content)
    if not args.allow_outdated:
        problems += outdated(content)
    n = sum(len(v) for v in content.docs.values())
    return _print_problems(sorted(problems), f"content OK: {n} files in {len(LANGS)} languages, "
                                             f"{len(content.faq('zh'))} FAQ entries, {len(content.sources)} sources")


SCAFFOLD = {
    "zh": """---
id: {id}
question: {P}：用读者的口吻写下问题，以问号结尾？
category: {category}
tags: [{tags}]
evidence: {evidence}
reviewed: {date}
---
{P}：第一段是简短回答，两三句话，直接回答问题。它会出现在 FAQ 索引和搜索结果里。

{P}：在这里写细节：判断步骤、官方说法和可以做的事。每条事实后面加来源链接和证据等级，例如 [[ev:official]]；
网址必须已列在 data/sources.yml 中，页面末尾的来源列表会自动生成。链接到专题页面，例如[申诉指南](../appeal.md#official-routes)。
""",
    "en": """---
id: {id}
question: "{P}: the question, as a reader would ask it?"
category: {category}
tags: [{tags}]
evidence: {evidence}
reviewed: {date}
source_hash: "{hash}"
---
{P}: the first paragraph is the short answer: two or three sentences that answer the question directly.

{P}: the detail: how to tell, what the official sources say, what you can do. Give every fact a source
link and an evidence badge such as [[ev:official]]; the URL must be listed in data/sources.yml, and the page's
list of sources is generated from the links. Link the topic pages, e.g. the [appeal guide](../appeal.md#official-routes).
""",
}


def cmd_new_faq(args) -> int:
    root = Path(args.root)
    content = load(root)
    fid = args.id
    if not ID_RE.match(fid):
        print(f"error: '{fid}' is not a valid id: use lowercase ASCII words joined by hyphens, e.g. appeal-in-english",
              file=sys.stderr)
        return 2
    targets = {lang: root / "docs" / lang / "faq" / f"{fid}.md" for lang in AUTHORED}
    existing = [rel(p, root) for p in targets.values() if p.exists()]
    if existing:
        print(f"error: {', '.join(existing)} already exist(s); choose another id or edit the existing entry",
              file=sys.stderr)
        return 2
    for name, value, table in (("category", args.category, content.categories), ("evidence", args.evidence, content.evidence)):
        if value not in table:
            print(f"error: unknown {name} '{value}'; use one of: {', '.join(table)}", file=sys.stderr)
            return 2
    tags = [t for t in (args.tags or "").split(",") if t]
    bad = [t for t in tags if t not in content.tags]
    if bad:
        print(f"error: unknown tag(s) {', '.join(bad)}; use keys from data/faq_tags.yml: {', '.join(content.tags)}",
              file=sys.stderr)
        return 2
    fields = dict(id=fid, P=PLACEHOLDER, category=args.category, tags=", ".join(tags), evidence=args.evidence,
                  date=today().isoformat())
    zh_text = SCAFFOLD["zh"].format(**fields)
    targets["zh"].parent.mkdir(parents=True, exist_ok=True)
    targets["zh"].write_text(zh_text, encoding="utf-8")
    targets["en"].parent.mkdir(parents=True, exist_ok=True)
    targets["en"].write_text(SCAFFOLD["en"].format(**fields, hash=text_hash(zh_text)), encoding="utf-8")
    for p in targets.values():
        print(f"created {rel(p, root)}")
    print(f"next: replace every {PLACEHOLDER} in both files, run `make i18n-sync PAGE=docs/en/faq/{fid}.md`, "
          f"preview with `make serve`, then `make test`.")
    return 0


def set_front_matter_field(path: Path, key: str, value: str) -> None:
    """Set one scalar front-matter field in place, keeping the rest of the file byte for byte."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SystemExit(f"{path}: no front matter; add it first (see STYLE.md)")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise SystemExit(f"{path}: front matter is never closed; add a '---' line")
    for i in range(1, end):
        if re.match(rf"^{re.escape(key)}\s*:", lines[i]):
            lines[i] = f"{key}: {value}"
            break
    else:
        lines.insert(end, f"{key}: {value}")
    path.write_text("\n".join(lines), encoding="utf-8")


def cmd_i18n(args) -> int:
    content = load(args.root)
    missing = [p for p in validate(content) if p.field == "translation"]
    old = outdated(content)
    for p in missing:
        print(f"missing   {p.path}: {p.message}")
    for p in old:
        print(f"outdated  {p.path}: {p.message}")
    total = len(content.docs.get("en", {}))
    print(f"{len(missing)} missing, {len(old)} outdated, {total - len(old)} of {total} English pages current")
    return 1 if (missing or old) and args.strict else 0


def cmd_i18n_sync(args) -> int:
    root = Path(args.root)
    content = load(root)
    targets = [d for d in content.docs.get("en", {}).values()] if args.all else []
    for page in args.pages:
        path = Path(page)
        path = path if path.is_absolute() else (Path.cwd() / path)
        match = [d for d in content.docs.get("en", {}).values() if d.path.resolve() == path.resolve()]
        if not match:
            print(f"error: {page} is not an English page under docs/en/", file=sys.stderr)
            return 2
        targets += match
    if not targets:
        print("error: name the English page(s) to mark as translated: make i18n-sync PAGE=docs/en/…/page.md",
              file=sys.stderr)
        return 2
    for doc in targets:
        src = content.source_doc(doc)
        if src is None:
            print(f"error: {doc.repo_path} has no Chinese source docs/{SOURCE_LANG}/{doc.rel}", file=sys.stderr)
            return 2
        set_front_matter_field(doc.path, "source_hash", f'"{text_hash(src.raw)}"')  # quoted: hex can look numeric
        print(f"synced {doc.repo_path} with {src.repo_path}")
    return 0


def cmd_zh_hant(args) -> int:
    """Write the generated Traditional Chinese pages and report what the glossary did."""
    from . import hant

    content = load(args.root)
    problems = [p for p in validate(content) if p.field == "zh-Hant" or p.path == hant.GLOSSARY]
    out = Path(args.out) if args.out else Path(args.root)
    written = hant.write_tree(content.docs[hant.LANG], out, out_dir="." if args.out else hant.OUT_DIR)
    overrides = content.converter.overrides
    unused = [e.zh for e in content.glossary if not overrides[e.zh]]
    print(f"zh-Hant: {len(content.docs[hant.LANG])} pages converted with OpenCC {hant.OPENCC_CONFIG} "
          f"({written} written to {args.out or hant.OUT_DIR}/); glossary {hant.GLOSSARY}: {len(content.glossary)} "
          f"entries, {sum(overrides.values())} conversions overridden"
          + (f"; unused: {', '.join(unused)}" if unused else ""))
    if args.verbose:
        for e in content.glossary:
            print(f"  {overrides[e.zh]:4d}  {e.zh} -> {e.hant} (OpenCC: {e.opencc})")
    return _print_problems(problems, "zh-Hant OK")


def cmd_stale(args) -> int:
    content = load(args.root)
    found = stale(content)
    for p in found:
        print(f"{p.path}: {p.message}")
    print(f"{len(found)} page(s) last reviewed more than {content.stale_after_days} days before {today()}")
    return 1 if found and args.strict else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=str(ROOT), help="repository root (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate all content")
    p.add_argument("--allow-outdated", action="store_true", help="do not fail on outdated translations")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("new-faq", help="scaffold a question in both languages")
    p.add_argument("id", help="permanent id, e.g. appeal-in-english")
    p.add_argument("--category", default="diagnosis")
    p.add_argument("--tags", default="", help="comma-separated tag keys")
    p.add_argument("--evidence", default="official")
    p.set_defaults(func=cmd_new_faq)
    p = sub.add_parser("i18n", help="list missing and outdated translations")
    p.add_argument("--strict", action="store_true", help="exit 1 if any")
    p.set_defaults(func=cmd_i18n)
    p = sub.add_parser("i18n-sync", help="mark English pages as matching their Chinese source")
    p.add_argument("pages", nargs="*")
    p.add_argument("--all", action="store_true", help="every English page (only after checking them all)")
    p.set_defaults(func=cmd_i18n_sync)
    p = sub.add_parser("zh-hant", help="write the generated Traditional Chinese pages; glossary report")
    p.add_argument("--out", help="write the pages into this folder instead of docs/zh-hant/ (for review)")
    p.add_argument("-v", "--verbose", action="store_true", help="every glossary entry with its count")
    p.set_defaults(func=cmd_zh_hant)
    p = sub.add_parser("stale", help="list pages due for review")
    p.add_argument("--strict", action="store_true", help="exit 1 if any")
    p.set_defaults(func=cmd_stale)
    from . import links  # imported here: it needs linkchecker and requests only for these commands

    links.add_commands(sub)
    from . import card

    card.add_commands(sub)
    args = parser.parse_args(argv)
    return args.func(args)
