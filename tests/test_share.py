"""What pages tell tabs, link previews and search engines: titles, Open Graph / Twitter card data,
the share card picture, and schema.org JSON-LD that validates and matches the visible text."""

from __future__ import annotations

import json
import re
import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import ROOT, lang_of_path, make_fixture_site, prefix

from kb import card, share, sitekit
from kb.model import LANGS, is_chinese, load

CONTENT = load(ROOT)
HAN = re.compile(r"[\u4e00-\u9fff]")
OG_REQUIRED = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:locale", "og:image",
               "og:image:type", "og:image:width", "og:image:height", "og:image:alt")


class Head(HTMLParser):
    """<title>, <meta>/<link> of <head>, JSON-LD blocks, and the visible text of chosen elements."""

    SKIP_CLASSES = ("kb-ev", "headerlink")  # evidence badges and heading permalinks: not part of the text

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.metas: list[dict] = []
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self.h1: list[str] = []
        self.items: list[dict] = []  # FAQ listing items: question text, question href, short answer text
        self._stack: list[tuple[str, str]] = []  # (tag, role) of open elements we track
        self._skip = 0
        self._in = {"title": False, "ld": False}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "title":
            self._in["title"] = True
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in["ld"] = True
            self.jsonld.append("")
        if self._skip or any(c in cls.split() for c in self.SKIP_CLASSES):
            if tag not in ("br", "img", "input", "meta", "link"):
                self._skip += 1
            return
        role = ""
        if tag == "h1":
            role = "h1"
            self.h1.append("")
        elif tag == "div" and "kb-faq-item" in cls.split():
            role = "item"
            self.items.append({"q": "", "href": None, "a": "", "paragraphs": 0})
        elif tag == "p" and self._open("item"):
            item = self.items[-1]
            if "kb-faq-q" in cls.split():
                role = "q"
            elif "kb-faq-meta" not in cls.split() and item["paragraphs"] == 0:
                role = "a"
                item["paragraphs"] = 1
        elif tag == "a" and self._open("q"):
            self.items[-1]["href"] = a.get("href")
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._stack.append((tag, role))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in["title"] = False
        if tag == "script":
            self._in["ld"] = False
        if self._skip:
            self._skip -= 1
            return
        while self._stack:
            t, _ = self._stack.pop()
            if t == tag:
                break

    def _open(self, role: str) -> bool:
        return any(r == role for _, r in self._stack)

    def handle_data(self, data):
        if self._in["title"]:
            self.title.append(data)
        if self._in["ld"]:
            self.jsonld[-1] += data
            return
        if self._skip:
            return
        if self._open("h1") and self.h1:
            self.h1[-1] += data
        if self.items and self._open("item"):
            if self._open("q"):
                self.items[-1]["q"] += data
            elif self._open("a"):
                self.items[-1]["a"] += data

    def meta(self, key: str) -> list[str]:
        return [m.get("content") for m in self.metas if m.get("property") == key or m.get("name") == key]


def parse(html: str) -> Head:
    p = Head()
    p.feed(html)
    return p


def norm(text: str) -> str:
    return " ".join(text.split())


def page_path(doc) -> str:
    stem = doc.rel[:-3]
    path = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
    return prefix(doc.lang) + path


def doc_pages():
    """Every page of every language, the generated zh-hant ones included."""
    return [(doc, page_path(doc)) for lang in LANGS for doc in CONTENT.docs[lang].values() if doc.readable]


def is_redirect(html: str) -> bool:
    return 'http-equiv="refresh"' in html


def own_title(rel: str, lang: str, h1: str) -> str:
    """What a page calls itself: its heading; a FAQ category page adds that it is one."""
    if re.match(r"([a-z-]+/)?faq/category/", rel):
        return CONTENT.site["ui"]["share_faq_category_title"][lang].format(title=h1)
    return h1


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


# ------------------------------------------------------------------ titles


def test_titles_are_unique_and_read_well(built_site):
    """Every page's <title> is its own heading first, then the site name once; the home pages are the
    site name alone; no two pages (both languages, 404s included) share a title."""
    site_names = {lang: norm("".join(parse(built_site.html(f"{prefix(lang)}index.html")).title)) for lang in LANGS}
    assert site_names["zh"] == "ChatGPT 封号与申诉知识库" and site_names["en"] == "ChatGPT Account Bans and Appeals"
    assert site_names["zh-hant"] == CONTENT.converter.text(site_names["zh"]) == "ChatGPT 停權與申訴知識庫"
    seen: dict[str, str] = {}
    problems = []
    for f in sorted(built_site.out.rglob("*.html")):
        rel = f.relative_to(built_site.out).as_posix()
        html = f.read_text(encoding="utf-8")
        if is_redirect(html):
            continue  # a stub that sends readers on (data/redirects.yml); it carries its target's title
        lang = lang_of_path(rel)
        head = parse(html)
        title = "".join(head.title)
        site = site_names[lang]
        h1 = norm(head.h1[0]) if head.h1 else ""
        expected = site if rel in {f"{prefix(lang)}index.html" for lang in LANGS} else f"{own_title(rel, lang, h1)}{share.TITLE_SEP}{site}"
        if title != expected:
            problems.append(f"{rel}: <title> {title!r}, expected {expected!r}")
        if title.count(site) != 1:
            problems.append(f"{rel}: the site name appears {title.count(site)} times in {title!r}")
        if re.search(r"\[\[|\*\*|\]\(|`|<|\s{2}", title) or title != title.strip():
            problems.append(f"{rel}: markup or stray spaces in {title!r}")
        if title in seen:
            problems.append(f"{rel}: same <title> as {seen[title]}: {title!r}")
        seen.setdefault(title, rel)
    assert len(seen) >= 100
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ Open Graph and Twitter card


def test_every_page_has_sharing_metadata(built_site):
    problems = []
    images = {}
    for doc, path in doc_pages():
        url = built_site.base + path
        html = built_site.html(f"{path}index.html")
        head = parse(html)
        where = doc.repo_path
        for key in OG_REQUIRED + ("twitter:card", "description"):
            if len(head.meta(key)) != 1 or not (head.meta(key)[0] or "").strip():
                problems.append(f"{where}: {key} present {len(head.meta(key))} times (expected once, non-empty)")
        if problems:
            continue
        og = {key: head.meta(key)[0] for key in OG_REQUIRED}
        canonical = [lk.get("href") for lk in head.links if lk.get("rel") == "canonical"]
        if canonical != [url] or og["og:url"] != url:
            problems.append(f"{where}: canonical {canonical} / og:url {og['og:url']}, expected {url}")
        other = [lang for lang in LANGS if lang != doc.lang]
        if og["og:locale"] != share.OG_LOCALE[doc.lang] or head.meta("og:locale:alternate") != [
                share.OG_LOCALE[lang] for lang in other]:
            problems.append(f"{where}: og:locale {og['og:locale']}, alternates {head.meta('og:locale:alternate')}")
        home = doc.rel == "index.md"
        if og["og:type"] != ("website" if home else "article"):
            problems.append(f"{where}: og:type {og['og:type']}")
        h1 = norm(head.h1[0]) if head.h1 else ""
        if og["og:title"] != own_title(path, doc.lang, h1) or not h1:
            problems.append(f"{where}: og:title {og['og:title']!r} is not the page heading {h1!r}")
        desc = head.meta("description")[0]
        if og["og:description"] != desc or desc != share.description(doc) or len(desc) > 200:
            problems.append(f"{where}: description {desc!r} / og:description {og['og:description']!r}, "
                            f"expected {share.description(doc)!r} (at most 200 characters)")
        if doc.is_faq and not doc.meta.get("description"):
            answer = share.answer_text(doc)
            if not (desc == answer or answer.startswith(desc.rstrip("…"))):
                problems.append(f"{where}: the description is not the start of the short answer")
        if bool(HAN.search(desc)) != is_chinese(doc.lang) or bool(HAN.search(og["og:image:alt"])) != is_chinese(doc.lang):
            problems.append(f"{where}: description or image alt in the wrong language")
        if (og["og:image:width"], og["og:image:height"], og["og:image:type"]) != ("1200", "630", "image/png"):
            problems.append(f"{where}: image size/type {og['og:image:width']}x{og['og:image:height']} {og['og:image:type']}")
        if head.meta("twitter:card") != ["summary_large_image"]:
            problems.append(f"{where}: twitter:card {head.meta('twitter:card')}")
        image = og["og:image"]
        if not image.startswith(built_site.base):
            problems.append(f"{where}: og:image {image} is not an absolute URL under {built_site.base}")
        images.setdefault(doc.lang, set()).add((image, og["og:image:alt"]))
    assert not problems, "\n".join(problems)
    assert set(images) == set(LANGS)
    for lang, found in images.items():
        assert len(found) == 1, f"{lang}: one card per language, found {found}"
    assert len({frozenset(found) for found in images.values()}) == len(LANGS), "each language its own card"


@pytest.mark.parametrize("lang", LANGS)
def test_share_card_is_drawn_at_build_time_from_our_text(built_site, lang):
    """The og:image is a 1200×630 PNG of at most 60 KB, byte for byte the card card.py draws from the
    site name and data/site.yml (so it follows the text), and its alt text says what it shows."""
    head = parse(built_site.html(f"{prefix(lang)}index.html"))
    image = head.meta("og:image")[0]
    data = (built_site.out / image[len(built_site.base):]).read_bytes()
    assert png_size(data) == (1200, 630)
    assert len(data) <= 60_000, f"{len(data)} bytes"
    site_name = norm("".join(head.title))
    expected = card.make(CONTENT.site, lang, site_name)
    assert data == expected.png
    assert image == built_site.base + expected.path
    alt = head.meta("og:image:alt")[0]
    for part in (site_name, CONTENT.site["ui"]["share_card_tagline"][lang], CONTENT.site["ui"]["share_card_note"][lang]):
        assert part in alt, (part, alt)


def test_a_character_missing_from_the_card_font_stops_the_build(tmp_path):
    """The build names the character, where it comes from, and the fix."""
    site = make_fixture_site(tmp_path / "s")
    path = site / "data" / "site.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "鑫" not in data["ui"]["share_card_tagline"]["zh"]
    text = path.read_text(encoding="utf-8").replace(data["ui"]["share_card_tagline"]["zh"],
                                                     data["ui"]["share_card_tagline"]["zh"] + "鑫", 1)
    path.write_text(text, encoding="utf-8")
    proc = sitekit.build(site, tmp_path / "out")
    assert proc.returncode != 0
    assert "the character '鑫' (U+946B) in ui.share_card_tagline (data/site.yml)" in proc.stderr, proc.stderr[-3000:]
    assert "make card-font" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_card_font_is_a_renamed_subset_with_its_licence():
    from fontTools.ttLib import TTFont

    assert card.FONT.stat().st_size < 100_000
    licence = (card.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    with TTFont(str(card.FONT)) as font:
        names = {r.nameID: r.toUnicode() for r in font["name"].names}
        assert names[1] == card.FONT_FAMILY and "Open Font License" in names[13]
        cmap = font.getBestCmap()
    for text in card.texts_from_config(ROOT, CONTENT):
        assert not card.missing(text), card.missing(text)
    assert all(ord(ch) in cmap for ch in card.BASE_CHARS)


def test_description_shortening_keeps_whole_sentences_or_words():
    zh = "第一句话说明情况。" * 30
    assert share.shorten(zh, 50) == "第一句话说明情况。" * 5
    en = "word " * 100
    out = share.shorten(en, 60)
    assert out.endswith("…") and len(out) <= 60 and not out[:-1].endswith(" ") and "wor…" not in out
    assert share.shorten("Short.", 200) == "Short."


# ------------------------------------------------------------------ schema.org JSON-LD

# The types we use, with the properties each must have (schema.org plus Google's FAQ and Q&A
# requirements) and may have (all defined by schema.org for that type or its parents).
SCHEMA = {
    "FAQPage": {"required": {"@type", "url", "inLanguage", "dateModified", "mainEntity"},
                "allowed": {"@context", "name"}},
    "Question": {"required": {"@type", "name", "url", "dateModified", "acceptedAnswer"},
                 "allowed": {"@context", "inLanguage", "answerCount", "mainEntityOfPage", "text"}},
    "Answer": {"required": {"@type", "text"}, "allowed": {"url", "dateModified", "inLanguage"}},
}
URL_KEYS = {"url", "mainEntityOfPage"}
TEXT_KEYS = {"name", "text"}


def check_node(node, base: str, where: str, out: list[str]) -> None:
    if isinstance(node, list):
        for n in node:
            check_node(n, base, where, out)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    if kind not in SCHEMA:
        out.append(f"{where}: @type {kind!r} is not one we use ({', '.join(SCHEMA)})")
        return
    spec = SCHEMA[kind]
    if missing := spec["required"] - set(node):
        out.append(f"{where}: {kind} lacks {sorted(missing)}")
    if unknown := set(node) - spec["required"] - spec["allowed"]:
        out.append(f"{where}: {kind} has properties not defined for it: {sorted(unknown)}")
    for key, value in node.items():
        if key in URL_KEYS and not (isinstance(value, str) and value.startswith(base) and value.endswith("/")):
            out.append(f"{where}: {kind}.{key} {value!r} is not an absolute page URL under {base}")
        if key in TEXT_KEYS and (not isinstance(value, str) or not value.strip() or value != norm(value)
                                 or re.search(r"<[a-zA-Z/!]|\[\[ev:|\]\(|\*\*|`|&[a-z]+;", value)):
            out.append(f"{where}: {kind}.{key} is empty or carries markup: {value!r}")
        if key == "dateModified" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            out.append(f"{where}: {kind}.dateModified {value!r} is not an ISO date")
        if key == "mainEntity" and (not isinstance(value, list) or not value):
            out.append(f"{where}: FAQPage.mainEntity must be a non-empty list of questions")
        check_node(value, base, where, out)


def test_jsonld_validates_and_matches_the_visible_text(built_site):
    problems = []
    checked = {"faq": 0, "listing": 0}
    by_url = {built_site.base + path: doc for doc, path in doc_pages()}
    for doc, path in doc_pages():
        html = built_site.html(f"{path}index.html")
        head = parse(html)
        where = doc.repo_path
        blocks = []
        for raw in head.jsonld:
            try:
                blocks.append(json.loads(raw))
            except json.JSONDecodeError as err:
                problems.append(f"{where}: JSON-LD does not parse: {err}")
        if re.search(r"<script type=\"application/ld\+json\">(?:(?!</script>).)*(<!--|<script)", html, re.S):
            problems.append(f"{where}: JSON-LD text opens a comment or script")
        for data in blocks:
            if data.get("@context") != "https://schema.org":
                problems.append(f"{where}: @context {data.get('@context')!r}")
            check_node(data, built_site.base, where, problems)
        page_url = built_site.base + path
        if doc.is_faq:
            checked["faq"] += 1
            if len(blocks) != 1 or blocks[0].get("@type") != "Question":
                problems.append(f"{where}: expected exactly one Question, found {[b.get('@type') for b in blocks]}")
                continue
            q = blocks[0]
            answer = share.answer_text(doc)
            visible_answer = _text(re.search(r"</h1>\s*<p>(.*?)</p>", html, re.S).group(1))
            if q["name"] != norm(head.h1[0]):
                problems.append(f"{where}: Question.name {q['name']!r} is not the heading {norm(head.h1[0])!r}")
            if q["acceptedAnswer"]["text"] != visible_answer or q["acceptedAnswer"]["text"] != answer:
                problems.append(f"{where}: Answer.text is not the first paragraph shown:\n  {q['acceptedAnswer']['text']!r}\n  {visible_answer!r}")
            if q["url"] != page_url or q.get("mainEntityOfPage") != page_url:
                problems.append(f"{where}: Question.url {q['url']} is not the page {page_url}")
            if q["dateModified"] != doc.reviewed.isoformat() or q["acceptedAnswer"].get("dateModified", q["dateModified"]) != q["dateModified"]:
                problems.append(f"{where}: dateModified {q['dateModified']} is not reviewed: {doc.reviewed}")
        elif head.items:
            checked["listing"] += 1
            faqs = [b for b in blocks if b.get("@type") == "FAQPage"]
            if len(faqs) != 1:
                problems.append(f"{where}: a page listing questions needs exactly one FAQPage, found {len(faqs)}")
                continue
            shown = [(norm(i["q"]), norm(i["a"]), urljoin(page_url, i["href"])) for i in head.items]
            got = [(q["name"], q["acceptedAnswer"]["text"], q["url"]) for q in faqs[0]["mainEntity"]]
            if got != shown:
                problems.append(f"{where}: FAQPage questions differ from the listing shown:\n  "
                                + "\n  ".join(f"{g}\n  {s}" for g, s in zip(got, shown) if g != s)
                                + ("" if len(got) == len(shown) else f"\n  {len(got)} in JSON-LD, {len(shown)} shown"))
                continue
            entries = [by_url.get(u) for _, _, u in shown]
            if None in entries:
                problems.append(f"{where}: a question URL is not a built FAQ page")
                continue
            for q, entry in zip(faqs[0]["mainEntity"], entries):
                if q["dateModified"] != entry.reviewed.isoformat():
                    problems.append(f"{where}: {q['url']} dateModified {q['dateModified']}, reviewed {entry.reviewed}")
            latest = max(e.reviewed for e in entries).isoformat()
            if faqs[0]["dateModified"] < latest or faqs[0]["url"] != page_url:
                problems.append(f"{where}: FAQPage dateModified {faqs[0]['dateModified']} < {latest}, or url {faqs[0]['url']}")
        elif blocks:
            problems.append(f"{where}: unexpected JSON-LD {[b.get('@type') for b in blocks]}")
    assert checked["faq"] >= 80 and checked["listing"] >= 4, checked  # entries, the FAQ indexes and category pages
    assert not problems, "\n".join(problems)


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, without evidence badges or permalinks."""
    p = Head()
    p.feed(f'<div class="kb-faq-item"><p>{fragment}</p></div>')
    return norm(p.items[0]["a"])


def test_jsonld_stays_inside_its_script_whatever_the_text_says():
    text = share.dump({"@type": "Answer", "text": 'a </script><!-- "b" & c'})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["text"] == 'a </script><!-- "b" & c'
