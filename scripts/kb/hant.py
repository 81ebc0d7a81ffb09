"""Traditional Chinese (zh-Hant), generated at build time from the Simplified Chinese source.

Nobody writes zh-Hant by hand and no copy of it is committed. Every page of docs/zh/ and every
Chinese text of data/*.yml is converted with OpenCC (PyPI `opencc`, pinned; configuration `s2twp`:
Traditional characters with Taiwan phrasing) after the reviewed glossary data/zh_hant_glossary.yml
has replaced the terms OpenCC gets wrong for this subject. Code (fenced and inline), link targets
and bare URLs are never converted, so error messages, error codes and addresses stay as written.
Conversion keeps every line where it was: a problem in a generated page names the line of its
Simplified source, which is the file a contributor edits.

The checks (`read_glossary()`, and `check_text()` / `check_value()` through validate.check_hant, run by
`make check` and by every build) fail when a glossary entry is malformed or needless, when a glossary
term did not take effect, or when a Simplified character survives outside code and URLs.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .model import fenced
from .problems import Problem

LANG = "zh-hant"  # the folder and URL prefix; the language tag is zh-Hant (model.HTML_LANG)
SOURCE = "zh"
GLOSSARY = "data/zh_hant_glossary.yml"
OPENCC_CONFIG = "s2twp"
OUT_DIR = "docs/" + LANG  # written by the build (scripts/mkdocs_hooks.py), ignored by git

# Never converted inside a line: inline code, a link's target, an autolink, a bare URL.
PROTECT_RE = re.compile(r"(`+)(?:(?!\1).)+?\1|\]\(\s*<?[^)\s>]+|<https?://[^>\s]+>|\bhttps?://[^\s)>\]]+")
HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
PLACEHOLDER_BASE = 0xE000  # private-use characters stand in for glossary terms while OpenCC runs
# Characters that are Simplified and also correct Traditional (里 as in 公里, 干 as in 干擾, 后 as in 皇后):
# the entries of OpenCC's data/dictionary/STCharacters.txt (1.4.x) whose candidates include the key.
# Any other character that OpenCC's s2tw would change is Simplified only and must not survive.
ALSO_TRADITIONAL = frozenset(
    "㐹万丑丰了于云亘仆仇价仿伙余佛佣俊修借僵克党具冢冬准凌几凶出划刮制千升卜占卷厂厘只台叶吁吃合吊同后向吣呆周咨咸咽哄唇喂噪回困坐坯堤夫夸奸姜娘它家尸局岩岳巨布帘席干幸广庵弦彩征御志念恤愈愿戚扇才扎托扣折抵拐拿挂挨挽捆捍据搜斗斤斫旋昆暗曲札朱朴杆杠杯杰松板极果柜栗核梁棱檗欲沈沾泛注浚涂涌淀游溪漓澄焰熏狸玩琅璇症皂矩确硷私秋种穗筑筱糊系累耇胄背胜胡腊腌膻致舍芸苔苹范荐蒙蔑藤虫蚝蜡蝎表谷豆象跖辟适郁酸采里雇雕面")


@functools.cache
def _opencc():
    try:
        import opencc
    except ImportError as err:  # pragma: no cover - the lock file installs it
        raise RuntimeError("OpenCC is not installed: run `make build` (it installs requirements.lock), "
                           "or `pip install -r requirements.lock`") from err
    return opencc.OpenCC(OPENCC_CONFIG)


def opencc_convert(text: str) -> str:
    """OpenCC alone, without the glossary."""
    return _opencc().convert(text) if HAN_RE.search(text) else text


@functools.cache
def _s2tw():
    _opencc()  # the same import and error message
    import opencc

    return opencc.OpenCC("s2tw")  # s2t with Taiwan variants (群, not 羣)


@functools.lru_cache(maxsize=None)
def simplified_only(char: str) -> bool:
    """A character that has a different Traditional form and is not itself Traditional."""
    return char not in ALSO_TRADITIONAL and _s2tw().convert(char) != char


def simplified_chars(text: str) -> list[str]:
    """The Simplified-only characters in a text, each once, in order."""
    return list(dict.fromkeys(c for c in HAN_RE.findall(text) if simplified_only(c)))


@dataclass
class Entry:
    zh: str
    hant: str
    line: int
    note: str = ""

    @functools.cached_property
    def opencc(self) -> str:
        """What OpenCC alone makes of the term."""
        return opencc_convert(self.zh)


@dataclass
class Converter:
    """OpenCC plus the glossary. `overrides` counts, per glossary term, how many times the glossary
    replaced a term that OpenCC alone would have converted differently."""

    entries: list[Entry]
    overrides: Counter = field(default_factory=Counter)

    @functools.cached_property
    def _pattern(self) -> re.Pattern | None:
        terms = sorted({e.zh for e in self.entries}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, terms))) if terms else None

    @functools.cached_property
    def _by_term(self) -> dict[str, Entry]:
        return {e.zh: e for e in self.entries}

    def text(self, text: str) -> str:
        """Plain text (no Markdown structure): glossary terms first, OpenCC for the rest, and the
        corner quotes Taiwan and Hong Kong use (「」『』) for curly ones, which OpenCC leaves alone."""
        if not HAN_RE.search(text):
            return text.translate(QUOTES)
        found: list[Entry] = []

        def hold(m: re.Match) -> str:
            found.append(self._by_term[m.group(0)])
            return chr(PLACEHOLDER_BASE + len(found) - 1)

        held = self._pattern.sub(hold, text) if self._pattern else text
        out = opencc_convert(held)
        for e in found:
            if e.opencc != e.hant:
                self.overrides[e.zh] += 1
        if found:
            out = re.sub("[\ue000-\uf8ff]", lambda m: found[ord(m.group(0)) - PLACEHOLDER_BASE].hant, out)
        return out.translate(QUOTES)

    def line(self, line: str) -> str:
        """One line of Markdown: everything but code, link targets and URLs."""
        return "".join(part if i % 2 else self.text(part) for i, part in enumerate(split_protected(line)))

    def markdown(self, text: str) -> str:
        """A whole Markdown file (front matter included); fenced code blocks stay as they are."""
        return "\n".join(line if code else self.line(line) for line, code in fenced(text))

    def value(self, value):
        """A data value: text is Markdown-ish (inline code and links stay); lists and mappings recurse."""
        if isinstance(value, str):
            return "\n".join(self.line(line) for line in value.split("\n"))
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value


def split_protected(line: str) -> list[str]:
    """[text, protected, text, protected, …, text]: odd items are never converted."""
    parts, last = [], 0
    for m in PROTECT_RE.finditer(line):
        parts += [line[last:m.start()], m.group(0)]
        last = m.end()
    return parts + [line[last:]]


def unprotected_lines(text: str) -> list[tuple[int, str]]:
    """(line number, the line's text outside code, link targets and URLs) for a Markdown text."""
    return [(i, " ".join(split_protected(line)[::2])) for i, (line, code) in enumerate(fenced(text), 1) if not code]


# ---------------------------------------------------------------- the glossary


def read_glossary(value, lines: dict[int, int]) -> tuple[list[Entry], list[Problem]]:
    """Entries of data/zh_hant_glossary.yml (a list of {zh, hant, note}) and problems with it."""
    entries, problems = [], []
    if value is None:
        value = []
    if not isinstance(value, list):
        return [], [Problem(GLOSSARY, 0, "file", "the glossary must be a list of entries",
                            "write one '- zh: 简体词' / '  hant: 繁體詞' / '  note: why' entry per term")]
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        line = lines.get(i, 0)
        if not isinstance(item, dict) or not isinstance(item.get("zh"), str) or not isinstance(item.get("hant"), str) \
                or not item["zh"].strip() or not item["hant"].strip():
            problems.append(Problem(GLOSSARY, line, "entry", "an entry needs a 'zh' term and its 'hant' replacement",
                                    "write '- zh: 简体词' and '  hant: 繁體詞' (and '  note:' with the reason)"))
            continue
        unknown = set(item) - {"zh", "hant", "note"}
        if unknown:
            problems.append(Problem(GLOSSARY, line, ", ".join(sorted(unknown)), "unknown field in a glossary entry",
                                    "use only zh, hant and note"))
        e = Entry(item["zh"].strip(), item["hant"].strip(), line, str(item.get("note") or ""))
        if e.zh in seen:
            problems.append(Problem(GLOSSARY, line, "zh", f"'{e.zh}' is already in the glossary (line {seen[e.zh]})",
                                    "keep one entry per term"))
            continue
        seen[e.zh] = line
        left = simplified_chars(e.hant)
        if left:
            problems.append(Problem(GLOSSARY, line, "hant", f"'{e.hant}' has Simplified characters: {'、'.join(left)}",
                                    "write the replacement in Traditional characters"))
        if e.opencc == e.hant:
            problems.append(Problem(GLOSSARY, line, "hant", f"OpenCC already converts '{e.zh}' to '{e.hant}'",
                                    "remove the entry: the glossary holds only the terms OpenCC gets wrong"))
        entries.append(e)
    return entries, problems


# ---------------------------------------------------------------- checks of the generated text


def line_problems(text: str, entries: list[Entry]) -> list[tuple[str, str, str]]:
    """(field, message, fix) for one line of generated text (outside code and URLs)."""
    out = []
    left = simplified_chars(text)
    if left:
        out.append(("zh-Hant", f"Simplified characters survive in the Traditional text: {'、'.join(left)} "
                    f"(in \"{text.strip()[:60]}\")",
                    f"write the term without markup or code inside it in the source, or give it an entry in {GLOSSARY}"))
    for e in entries:
        if e.opencc != e.hant and e.opencc in text and e.hant not in text:
            out.append(("zh-Hant", f"the glossary turns '{e.zh}' into '{e.hant}', but '{e.opencc}' appears "
                        f"(in \"{text.strip()[:60]}\")",
                        f"write '{e.zh}' in the Simplified source, in Simplified characters and with no markup "
                        f"inside it, or widen the entry on line {e.line} of {GLOSSARY}"))
    return out


def text_problems(text: str, entries: list[Entry]) -> list[tuple[int, str, str, str]]:
    """(line number, field, message, fix) for a generated Markdown text."""
    return [(n, *found) for n, line in unprotected_lines(text) if HAN_RE.search(line)
            for found in line_problems(line, entries)]


def check_text(path: str, text: str, entries: list[Entry]) -> list[Problem]:
    """Problems in a generated Markdown page; `path` is the Simplified source (lines match)."""
    return [Problem(path, n, f, msg, fix) for n, f, msg, fix in text_problems(text, entries)]


def check_value(path: str, where: str, value, entries: list[Entry]) -> list[Problem]:
    """Problems in a generated data value (data files name the field instead of a line)."""
    if isinstance(value, str):
        return [Problem(path, 0, where, msg, fix) for _, _, msg, fix in text_problems(value, entries)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in check_value(path, f"{where}[{i}]", v, entries)]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in check_value(path, f"{where}.{k}" if where else str(k), v, entries)]
    return []


def derive_data(value, converter: Converter):
    """Give every {zh: …} text of a data structure its zh-hant twin, in place; returns the pairs
    (field path, generated value) for the checks."""
    made: list[tuple[str, object]] = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if SOURCE in node and LANG not in node:
                node[LANG] = converter.value(node[SOURCE])
                made.append((f"{where}.{SOURCE}" if where else SOURCE, node[LANG]))
            for k, v in list(node.items()):
                if k != LANG:
                    walk(v, f"{where}.{k}" if where else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(value, "")
    return made


def write_tree(docs: dict, root: Path, out_dir: str = OUT_DIR) -> int:
    """Write the generated pages to docs/zh-hant/ (only files whose text changed, so `make serve`
    does not rebuild in a loop) and remove pages whose source is gone; returns files written."""
    out_dir = root / out_dir
    wanted = {out_dir / rel: doc.raw for rel, doc in docs.items()}
    written = 0
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written += 1
    if out_dir.exists():
        for path in out_dir.rglob("*.md"):
            if path not in wanted:
                path.unlink()
    return written
