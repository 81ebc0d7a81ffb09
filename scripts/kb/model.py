"""The content model: the one place that reads and validates pages, FAQ entries and data files.

Everything else (the MkDocs hook, the command-line tools, the tests) calls `load()` and works on
the returned `Content`. Nothing else parses front matter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .problems import Problem, rel

ROOT = Path(__file__).resolve().parents[2]

LANGS = ("zh", "en", "zh-hant")  # every language the site serves, the source first
AUTHORED = ("zh", "en")  # written by people, in docs/<lang>/
DERIVED = {"zh-hant": "zh"}  # generated at build time from another language (scripts/kb/hant.py)
SOURCE_LANG = "zh"
HTML_LANG = {"zh": "zh", "en": "en", "zh-hant": "zh-Hant"}  # <html lang>, hreflang, Pagefind's index
FAQ_DIR = "faq"
FAQ_INDEX = "faq/index.md"
FAQ_CATEGORY_DIR = "faq/category"  # one listing page per category: faq/category/<key>.md
PLACEHOLDER = "TODO"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BADGE_RE = re.compile(r"\[\[ev:([^\]\s]*)\]\]")
HEADING_ID_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*\{\s*#([^\s}]+)[^}]*\}\s*$")
LINK_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK_RE = re.compile(r"<(https?://[^>\s]+)>")
BARE_URL_RE = re.compile(r"(?<![(<\"'=])\bhttps?://[^\s)>\]]+")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
INLINE_CODE_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
DANGEROUS_TAG_RE = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet)\b", re.I)
EVENT_ATTR_RE = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-zA-Z]+)\s*=", re.S)
JS_URL_RE = re.compile(r"(?i)(?:\]\(\s*<?|href\s*=\s*[\"']?\s*|src\s*=\s*[\"']?\s*|<)\s*(javascript|vbscript|data):")

PAGE_FIELDS = {
    # name: (required, kind, help)
    "title": (True, "text", "the page title shown in the browser tab and in search results"),
    "description": (True, "text", "one sentence (at most 200 characters) for search engines and link previews"),
    "reviewed": (True, "date", "the date a person last checked the facts, as YYYY-MM-DD"),
    "policy_version": (False, "date", "the Usage Policies version the page describes, as YYYY-MM-DD"),
    "source_hash": (False, "text", "the quoted value `make i18n-sync` writes (do not edit it by hand)"),
    "hide": (False, "list", "Material's hide option, e.g. [toc]"),
    "search": (False, "dict", "Material's search option, e.g. {boost: 2}"),
}
FAQ_FIELDS = {
    "id": (True, "text", "the file name without .md; lowercase words joined by hyphens"),
    "question": (True, "text", "the question, as a reader would ask it"),
    "category": (True, "key", "a key from data/faq_categories.yml"),
    "tags": (True, "list", "a list of keys from data/faq_tags.yml, e.g. [region, appeal]"),
    "evidence": (False, "key", "the level of the strongest source the answer rests on (required when the entry cites sources)"),
    "reviewed": (True, "date", "the date a person last checked the answer, as YYYY-MM-DD"),
    "description": (False, "text", "optional meta description; the short answer is used when absent"),
    "source_hash": (False, "text", "the quoted value `make i18n-sync` writes (do not edit it by hand)"),
    "search": (False, "dict", "Material's search option, e.g. {boost: 2}"),
}
MAX_DESCRIPTION = 200


def is_chinese(lang: str) -> bool:
    """zh and zh-hant: full-width punctuation, no spaces between words."""
    return lang.split("-")[0] == "zh"


def url_prefix(lang: str) -> str:
    """A language's folder in the site: the source language at the root, the others at /<lang>/."""
    return "" if lang == SOURCE_LANG else f"{lang}/"


def lang_key(language: str) -> str:
    """Our key for a language tag as themes and browsers write it (zh-Hant -> zh-hant)."""
    return language.lower()


def today() -> dt.date:
    """Today's date; KB_TODAY=YYYY-MM-DD pins it (tests of freshness notices use this)."""
    pinned = os.environ.get("KB_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: ~5x faster
    """SafeLoader that keeps dates as strings, so that invalid dates get our own message."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, root: Path) -> tuple[object, list[Problem]]:
    """Load a data file; problems name the file and line."""
    name = rel(path, root)
    if not path.exists():
        return None, [Problem(name, 0, "file", "data file is missing", f"restore {name} from git")]
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        return None, [Problem(name, line, "yaml", f"invalid YAML: {getattr(exc, 'problem', exc)}",
                              "fix the YAML syntax (indentation, quotes, colons)")]
    except UnicodeDecodeError as exc:
        return None, [Problem(name, 0, "file", f"not valid UTF-8 ({exc.reason})", "save the file as UTF-8")]


def item_lines(path: Path) -> dict[int, int]:
    """Line number (1-based) of each item of a YAML list file, for messages that name the line."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    if not isinstance(node, yaml.SequenceNode):
        return {}
    return {i: item.start_mark.line + 1 for i, item in enumerate(node.value)}


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def fenced(text: str):
    """(line, whether it belongs to a fenced code block, fences included) for each line of Markdown."""
    fence = None
    for line in text.split("\n"):
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
            yield line, True
        elif fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip():
                fence = None
            yield line, True
        else:
            yield line, False


def mask_code(body: str) -> str:
    """The body with fenced code blocks and inline code blanked out, line numbers preserved."""
    return "\n".join("" if code else INLINE_CODE_RE.sub(lambda x: " " * len(x.group(0)), line)
                     for line, code in fenced(body))


@dataclass
class Block:
    line: int  # line number of the block's first line in the file
    text: str
    urls: list  # external URLs linked in the block
    section_urls: list  # external URLs linked anywhere in the enclosing section


LIST_ITEM_RE = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s")


def _urls(text: str) -> list[str]:
    found = [m.group(1) for m in LINK_RE.finditer(text)] + AUTOLINK_RE.findall(text)
    return [u for u in found if re.match(r"https?://", u)]


def claim_blocks(masked: str, first_line: int) -> list[Block]:
    lines = masked.split("\n")
    sections: list[list[tuple[int, str]]] = [[]]
    for i, line in enumerate(lines):
        if re.match(r"^#{1,6}\s", line):
            sections.append([])
        sections[-1].append((i, line))
    out: list[Block] = []
    for section in sections:
        section_urls = _urls("\n".join(line for _, line in section))
        blocks: list[list[tuple[int, str]]] = []
        current: list[tuple[int, str]] = []
        for i, line in section:
            starts = not line.strip() or LIST_ITEM_RE.match(line) or line.lstrip().startswith("|") \
                or re.match(r"^#{1,6}\s", line)
            if starts:
                if current:
                    blocks.append(current)
                current = [(i, line)] if line.strip() else []
                if line.lstrip().startswith("|") or re.match(r"^#{1,6}\s", line):
                    blocks.append(current)
                    current = []
            else:
                current.append((i, line))
        if current:
            blocks.append(current)
        for block in blocks:
            text = "\n".join(line for _, line in block)
            out.append(Block(first_line + block[0][0], text, _urls(text), section_urls))
    return out


@dataclass
class Doc:
    """One Markdown file of one language: a topic page, the FAQ index or a FAQ entry."""

    lang: str
    rel: str  # path inside docs/<lang>/, e.g. "faq/how-to-appeal.md"
    path: Path
    repo_path: str  # path inside the repository, e.g. "docs/en/faq/how-to-appeal.md"
    raw: str = ""  # the file's text as stored (after decoding)
    meta: dict = field(default_factory=dict)
    meta_lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the first body line in the file
    readable: bool = True

    @property
    def is_faq(self) -> bool:
        return (self.rel.startswith(FAQ_DIR + "/") and self.rel != FAQ_INDEX
                and not self.rel.startswith(FAQ_CATEGORY_DIR + "/"))

    @property
    def faq_category_page(self) -> str | None:
        """The category key of a category listing page (faq/category/<key>.md), else None."""
        if self.rel.startswith(FAQ_CATEGORY_DIR + "/"):
            return Path(self.rel).stem
        return None

    @property
    def faq_id(self) -> str:
        return Path(self.rel).stem

    @property
    def reviewed(self) -> dt.date | None:
        return parse_date(self.meta.get("reviewed"))

    @property
    def title(self) -> str:
        return str(self.meta.get("question") if self.is_faq else self.meta.get("title", ""))

    def line_of(self, field_name: str) -> int:
        return self.meta_lines.get(field_name, 1)

    @cached_property
    def masked_body(self) -> str:
        return mask_code(self.body)

    @cached_property
    def short_answer(self) -> str:
        """The first paragraph of the body, as Markdown (FAQ entries)."""
        block: list[str] = []
        for line in self.body.split("\n"):
            if line.strip():
                block.append(line.strip())
            elif block:
                break
        return " ".join(block)

    @cached_property
    def links(self) -> list[tuple[int, str]]:
        """(line, target) for every link in the body outside code."""
        found = []
        for i, line in enumerate(self.masked_body.split("\n")):
            for m in LINK_RE.finditer(line):
                found.append((self.body_line + i, m.group(1)))
            for m in AUTOLINK_RE.finditer(line):
                found.append((self.body_line + i, m.group(1)))
        return found

    @cached_property
    def external_urls(self) -> list[str]:
        return sorted({t for _, t in self.links if re.match(r"https?://", t)})

    @cached_property
    def heading_ids(self) -> list[str]:
        ids = []
        for line in self.masked_body.split("\n"):
            m = HEADING_ID_RE.match(line)
            if m:
                ids.append(m.group(3))
        return ids

    @cached_property
    def badges(self) -> list[tuple[int, str]]:
        return [(self.body_line + i, m.group(1))
                for i, line in enumerate(self.masked_body.split("\n"))
                for m in BADGE_RE.finditer(line)]

    @cached_property
    def internal_links(self) -> list[str]:
        """Targets of links to our own pages (relative .md links), without external URLs."""
        return sorted({t for _, t in self.links if not re.match(r"[a-z][a-z0-9+.-]*:", t, re.I)})

    @cached_property
    def claim_blocks(self) -> list[Block]:
        """The body cut into blocks that carry claims (paragraph, list item, table row), each with
        the external URLs it links and those of its section (the text under one heading)."""
        return claim_blocks(self.masked_body, self.body_line)


@dataclass
class Content:
    root: Path
    docs: dict[str, dict[str, Doc]]  # lang -> rel -> Doc
    evidence: dict
    categories: dict
    tags: dict
    denylist: dict
    sources: list
    site: dict
    triage: dict
    letter: dict
    errors: list  # the error decoder rows (data/errors.yml)
    redirects: dict  # old FAQ id -> the id that now answers it (data/redirects.yml)
    problems: list[Problem]  # problems found while loading (files and data)
    glossary: list = field(default_factory=list)  # zh-Hant glossary entries (scripts/kb/hant.py)
    converter: object = None  # the zh-Hant converter (its `overrides` counts glossary replacements)
    derived_data: list = field(default_factory=list)  # (data file, field, generated zh-Hant value)
    broken: set = field(default_factory=set)  # data files that could not be read (their checks are skipped)
    source_lines: dict = field(default_factory=dict)  # index in sources -> line in data/sources.yml
    error_lines: dict = field(default_factory=dict)  # index in errors -> line in data/errors.yml

    def doc(self, lang: str, rel_path: str) -> Doc | None:
        return self.docs.get(lang, {}).get(rel_path)

    def faq(self, lang: str) -> list[Doc]:
        """FAQ entries of one language, in category order, then by question."""
        order = {key: i for i, key in enumerate(self.categories or {})}
        entries = [d for d in self.docs.get(lang, {}).values() if d.is_faq and d.readable]
        return sorted(entries, key=lambda d: (order.get(d.meta.get("category"), 99), d.title.casefold()))

    def faq_in(self, lang: str, category: str) -> list[Doc]:
        return [d for d in self.faq(lang) if d.meta.get("category") == category]

    def faq_featured(self, lang: str, category: str, n: int = 2) -> list[Doc]:
        """The questions the FAQ index shows for a category: its `featured` ids
        (data/faq_categories.yml) first, then the category's others in listing order."""
        group = self.faq_in(lang, category)
        wanted = (self.categories.get(category) or {}).get("featured") or []
        by_id = {d.faq_id: d for d in group}
        first = [by_id[i] for i in wanted if i in by_id]
        return (first + [d for d in group if d not in first])[:n]

    @cached_property
    def source_urls(self) -> dict[str, dict]:
        return {s["url"]: s for s in self.sources or [] if isinstance(s, dict) and "url" in s}

    def level_rank(self, level: str) -> int:
        """Strength of an evidence level: data/evidence.yml lists them strongest first."""
        order = list(self.evidence or {})
        return len(order) - order.index(level) if level in order else 0

    def strongest(self, urls) -> str | None:
        """The strongest evidence level among these source URLs (None when none is listed)."""
        levels = [self.source_urls[u]["level"] for u in urls if u in self.source_urls]
        return max(levels, key=self.level_rank) if levels else None

    def tool_urls(self, doc: Doc) -> list[str]:
        """External URLs that generated parts of this page cite (the error decoder)."""
        from .render import DECODER_BOX_MARKER, DECODER_MARKER  # render imports model: avoid a cycle

        if DECODER_MARKER not in doc.body and DECODER_BOX_MARKER not in doc.body:
            return []
        return [u for row in self.errors or [] if isinstance(row, dict) for u in row.get("sources") or []]

    def cited_urls(self, doc: Doc) -> list[str]:
        """Every external URL the page cites, in order of first appearance (body, then tools)."""
        seen: dict[str, None] = {}
        for _, target in doc.links:
            if re.match(r"https?://", target):
                seen.setdefault(target)
        for url in self.tool_urls(doc):
            seen.setdefault(url)
        return list(seen)

    @cached_property
    def citations(self) -> dict[str, list[str]]:
        """URL -> the files that cite it (pages, and data files that hold links)."""
        out: dict[str, list[str]] = {}
        for doc in self.all_docs():
            for url in self.cited_urls(doc):
                out.setdefault(url, []).append(doc.repo_path)
        return out

    @property
    def default_policy_version(self) -> str:
        return str((self.site or {}).get("policy_version", ""))

    @property
    def stale_after_days(self) -> int:
        return int((self.site or {}).get("stale_after_days", 365))

    def policy_version(self, doc: Doc) -> str:
        return str(doc.meta.get("policy_version") or self.default_policy_version)

    def source_doc(self, doc: Doc) -> Doc | None:
        return self.doc(SOURCE_LANG, doc.rel)

    def translation_state(self, doc: Doc) -> str:
        """'source', 'derived' (generated from the source at build time), 'current', 'outdated'
        (source changed since translated) or 'orphan'."""
        if doc.lang == SOURCE_LANG:
            return "source"
        if doc.lang in DERIVED:
            return "derived"
        src = self.source_doc(doc)
        if src is None:
            return "orphan"
        return "current" if str(doc.meta.get("source_hash")) == text_hash(src.raw) else "outdated"

    def is_stale(self, doc: Doc) -> bool:
        reviewed = doc.reviewed
        return bool(reviewed and (today() - reviewed).days > self.stale_after_days)

    def all_docs(self) -> list[Doc]:
        """The pages people write (docs/zh/, docs/en/); generated languages are checked on their own."""
        return [d for lang in AUTHORED for d in self.docs.get(lang, {}).values()]


def read_doc(path: Path, root: Path, lang: str, docs_dir: Path, data: bytes | None = None) -> tuple[Doc, list[Problem]]:
    """Read one Markdown file (or `data`, its text made by the build): decoding, byte-level hygiene
    and front matter."""
    name = rel(path, root)
    doc = Doc(lang=lang, rel=path.relative_to(docs_dir / lang).as_posix(), path=path, repo_path=name)
    problems: list[Problem] = []
    data = path.read_bytes() if data is None else data
    if not data.strip():
        doc.readable = False
        return doc, [Problem(name, 0, "file", "the file is empty",
                             "write the page (front matter and body), or delete the file in both languages")]
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(name, 1, "file", "the file starts with a UTF-8 byte-order mark (BOM)",
                                "save it as UTF-8 without BOM (most editors: 'UTF-8' rather than 'UTF-8 with BOM')"))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        doc.readable = False
        return doc, problems + [Problem(name, line, "file", f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                        "save the file as UTF-8 (GBK/GB2312 and UTF-16 are not accepted)")]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(name, line, "file", "Windows (CRLF) or old Mac (CR) line endings",
                                "save with LF line endings (git config core.autocrlf input, or your editor's setting)"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc.raw = text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        doc.readable = False
        return doc, problems + [Problem(name, 1, "front matter", "the file does not start with front matter",
                                        "start the file with a line '---', the fields (see STYLE.md), and another '---'")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        doc.readable = False
        return doc, problems + [Problem(name, 1, "front matter", "the front matter is never closed",
                                        "add a line '---' after the last front-matter field")]
    fm_text = "\n".join(lines[1:end])
    try:
        node = yaml.compose(fm_text, Loader=_Loader)
        meta = yaml.load(fm_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        doc.readable = False
        return doc, problems + [Problem(name, line, "front matter", f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
                                        "check indentation, colons and quotes; quote values that contain ': ' or start with [ { * & ! | > ' \" % @ `")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        doc.readable = False
        return doc, problems + [Problem(name, 2, "front matter", "front matter must be 'field: value' lines",
                                        "write one 'field: value' per line between the two '---' lines")]
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            doc.meta_lines[str(key_node.value)] = key_node.start_mark.line + 2
    doc.meta = meta
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    return doc, problems


def load(root: Path | None = None) -> Content:
    """Load every data file and every Markdown file under docs/<lang>/."""
    root = Path(root or ROOT)
    problems: list[Problem] = []

    broken: set[str] = set()

    def data(name: str, default):
        value, errs = load_yaml(root / "data" / name, root)
        problems.extend(errs)
        if errs:
            broken.add(name)
        return default if value is None else value

    content = Content(
        root=root, docs={}, problems=problems,
        evidence=data("evidence.yml", {}), categories=data("faq_categories.yml", {}),
        tags=data("faq_tags.yml", {}), denylist=data("denylist.yml", {}),
        sources=data("sources.yml", []), site=data("site.yml", {}),
        triage=data("triage.yml", {}), letter=data("appeal_letter.yml", {}),
        errors=data("errors.yml", []), redirects=data("redirects.yml", {}),
    )
    content.broken = broken
    content.source_lines = item_lines(root / "data" / "sources.yml")
    content.error_lines = item_lines(root / "data" / "errors.yml")
    docs_dir = root / "docs"
    for lang in AUTHORED:
        content.docs[lang] = {}
        for path in sorted((docs_dir / lang).rglob("*.md")):
            doc, errs = read_doc(path, root, lang, docs_dir)
            content.docs[lang][doc.rel] = doc
            problems.extend(errs)
    derive_hant(content, data("zh_hant_glossary.yml", []), docs_dir)
    return content


def derive_hant(content: Content, glossary, docs_dir: Path) -> None:
    """zh-Hant pages and data texts, converted from the Simplified source (scripts/kb/hant.py).
    A generated page keeps the repository path of its source, so problems name the file to edit."""
    from . import hant

    entries, errs = hant.read_glossary(glossary, item_lines(content.root / hant.GLOSSARY))
    content.problems.extend(errs)
    converter = hant.Converter(entries)
    content.glossary, content.converter = entries, converter
    for src in content.sources if isinstance(content.sources, list) else []:
        for key in ("title", "publisher"):  # one text for every language, Chinese names included (界面新闻)
            if isinstance(src, dict) and isinstance(src.get(key), str) and hant.HAN_RE.search(src[key]):
                src[key] = {hant.SOURCE: src[key], "en": src[key]}  # zh-hant gets its converted twin below
    data_files = {"evidence.yml": content.evidence, "faq_categories.yml": content.categories,
                  "faq_tags.yml": content.tags, "sources.yml": content.sources, "site.yml": content.site,
                  "triage.yml": content.triage, "appeal_letter.yml": content.letter, "errors.yml": content.errors}
    for name, value in data_files.items():
        content.derived_data += [(f"data/{name}", where, made) for where, made in hant.derive_data(value, converter)]
    lang = hant.LANG
    content.docs[lang] = {}
    for rel_path, src in content.docs.get(hant.SOURCE, {}).items():
        if not src.readable:
            continue
        text = converter.markdown(src.raw)
        doc, _ = read_doc(docs_dir / lang / rel_path, content.root, lang, docs_dir, data=text.encode("utf-8"))
        doc.repo_path = src.repo_path
        content.docs[lang][rel_path] = doc
