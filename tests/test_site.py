"""The real site, built strictly once: structure, languages, privacy, search index, FAQ, metadata."""

from __future__ import annotations

import json
import re
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, prefix

from kb import render, sitekit
from kb.model import DERIVED, LANGS, load
from kb.validate import outdated, validate

CONTENT = load(ROOT)


class Tags(HTMLParser):
    """Collects start tags with attributes, and the text of <script type=application/ld+json>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    return p


def html_files(site) -> list[Path]:
    return sorted(site.out.rglob("*.html"))


def test_real_content_is_valid_and_translations_current():
    problems = validate(CONTENT) + outdated(CONTENT)
    assert not problems, "\n".join(map(str, problems))


def test_every_language_has_the_same_pages(built_site):
    """zh and en are written, zh-hant generated from zh: the same pages in all three, each with its 404."""
    zh = built_site.pages("zh")
    for lang in LANGS:
        other = built_site.pages(lang)
        assert other == zh, f"{lang}: only zh: {sorted(zh - other)[:10]}; only {lang}: {sorted(other - zh)[:10]}"
        assert (built_site.out / prefix(lang) / "404.html").exists(), lang
    assert len(zh) >= 50  # 8 topic pages, the FAQ index and 40+ questions


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_third_party_resources(built_site):
    """Nothing the browser loads comes from another host (links to sources are fine)."""
    offenders = []
    for f in html_files(built_site):
        html = f.read_text(encoding="utf-8")
        for tag, a in parse(html).tags:
            rel = (a.get("rel") or "").lower()
            urls = []
            if tag in ("script", "img", "iframe", "embed", "source", "audio", "video", "track", "input"):
                urls.append(a.get("src"))
            if tag == "link" and rel != "alternate" and rel != "canonical":
                urls.append(a.get("href"))  # stylesheet, preconnect, preload, icon, manifest, font
            if tag == "object":
                urls.append(a.get("data"))
            for url in filter(None, urls):
                if EXTERNAL.match(url) and not url.startswith(built_site.base.rsplit("/kb/", 1)[0]):
                    offenders.append(f"{f.relative_to(built_site.out)}: <{tag}> {url}")
        for m in re.finditer(r"@import\s+url\(|url\(\s*['\"]?(https?:)?//", html):
            offenders.append(f"{f.relative_to(built_site.out)}: CSS url() to another host")
    for f in list(built_site.out.rglob("*.css")) + list(built_site.out.rglob("*.js")):
        text = f.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r"(@import\s+(url\()?['\"]?(https?:)?//[^'\")\s]+|url\(\s*['\"]?(https?:)?//[^'\")\s]+)", text):
            offenders.append(f"{f.relative_to(built_site.out)}: {m.group(0)[:100]}")
        # Material's own bundle names unpkg.com for mermaid, which it loads only for diagrams (none
        # allowed, checked below); the browser suite proves at run time that nothing else is fetched.
        if "assets/javascripts/" in f.as_posix():
            continue
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com", "cdn.jsdelivr.net", "googletagmanager",
                     "google-analytics.com", "cdnjs.cloudflare.com"):
            if host in text:
                offenders.append(f"{f.relative_to(built_site.out)}: mentions {host}")
    for f in html_files(built_site):
        if 'class="mermaid"' in f.read_text(encoding="utf-8"):
            offenders.append(f"{f.relative_to(built_site.out)}: a mermaid diagram makes Material load mermaid from unpkg.com")
    assert not offenders, "\n".join(offenders)
    assert "preconnect" not in built_site.html("index.html")


def pagefind_entry(built_site) -> dict:
    return json.loads(built_site.html("pagefind/pagefind-entry.json"))


def test_pagefind_builds_one_index_per_language(built_site):
    """Pagefind (npm, pinned) indexed every page of each language under its own <html lang>,
    and nothing else: no lunr index, no redirect page, no 404 page."""
    entry = pagefind_entry(built_site)
    assert entry["version"].startswith("1.6."), entry["version"]
    langs = entry["languages"]
    assert set(langs) == set(LANGS), langs
    redirects = {f"faq/{old}/index.html" for old in CONTENT.redirects}
    assert redirects, "data/redirects.yml is empty: this test should still see a redirect page"
    for lang in LANGS:
        pages = built_site.pages(lang)
        assert redirects <= pages, (lang, redirects - pages)
        pages -= redirects
        assert langs[lang]["page_count"] == len(pages), (lang, langs[lang]["page_count"], len(pages))
    assert not (built_site.out / "search" / "search_index.json").exists()
    assert not (built_site.out / "en" / "search").exists()


def test_only_the_article_is_indexed_and_entries_carry_filters(built_site):
    html = built_site.html("faq/how-to-appeal/index.html")
    body = html.split("data-pagefind-body", 1)[1]
    assert body.count("data-pagefind-body") == 0
    assert 'data-pagefind-filter="kind:faq"' in html
    assert 'data-pagefind-filter="category:appeal"' in html
    # Listings are navigation: the FAQ index and category pages keep their lists out of the index.
    for path in ("faq/index.html", "faq/category/appeal/index.html", "en/faq/category/appeal/index.html"):
        page = built_site.html(path)
        assert 'class="kb-faq-listing" data-pagefind-ignore="all"' in page, path
        assert 'data-pagefind-filter="kind:faq"' not in page, path
    assert "data-pagefind-body" not in built_site.html("404.html")


def test_properdocs_builds_the_same_site(built_site, tmp_path):
    """The build does not depend on MkDocs itself: ProperDocs (a MkDocs 1.x fork) gives the same
    files, byte for byte, apart from the generator tag (the search index and sitemap included)."""
    out = tmp_path / "properdocs"
    proc = sitekit.build(ROOT, out, env={"SITE_URL": built_site.base}, generator="properdocs")
    assert proc.returncode == 0, proc.stderr[-4000:]
    generator = re.compile(rb'\s*<meta name="generator" content="[^"]*">')
    ours = {p.relative_to(built_site.out) for p in built_site.out.rglob("*") if p.is_file()}
    theirs = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    assert ours == theirs, sorted(ours ^ theirs)[:10]
    differ = [str(r) for r in sorted(ours)
              if generator.sub(b"", (built_site.out / r).read_bytes()) != generator.sub(b"", (out / r).read_bytes())]
    assert not differ, differ[:10]
    assert b"ProperDocs" in (out / "index.html").read_bytes()


def test_pages_load_no_lunr_search(built_site):
    """Material's own search is off: no worker start-up, no search_index.json on any page."""
    html = built_site.html("index.html")
    assert 'data-md-component="search"' not in html
    assert 'name="search"' not in html
    assert "data-kb-search=" in html and "pagefind/pagefind.js" in html


def test_every_script_file_is_deferred_and_in_order(built_site):
    """No page blocks its parser on a script file (overrides/main.html says why), and the deferred
    files keep the order they depend on: the theme's bundle, then kb.js, then the page's tools."""
    offenders, seen_tools = [], False
    for f in html_files(built_site):
        srcs = []
        for tag, a in parse(f.read_text(encoding="utf-8")).tags:
            if tag == "script" and a.get("src"):
                srcs.append(a["src"].rsplit("/", 1)[-1])
                if "defer" not in a:
                    offenders.append(f"{f.relative_to(built_site.out)}: <script src={a['src']}> is not deferred")
        if not srcs:
            continue
        in_order = (len(srcs) >= 2 and srcs[0].startswith("bundle.") and srcs[1] == "kb.js"
                    and all(s.startswith("kb-") for s in srcs[2:]))
        if not in_order:
            offenders.append(f"{f.relative_to(built_site.out)}: scripts in the order {srcs}, not bundle, kb.js, tools")
        seen_tools = seen_tools or len(srcs) > 2
    assert not offenders, "\n".join(offenders[:20])
    assert seen_tools, "no page loads a tool script (kb-decoder.js, kb-tools.js): the order check saw nothing"


# --------------------------------------------------------------------------- FAQ


@pytest.mark.parametrize("lang", LANGS)
def test_faq_counts_agree_everywhere(built_site, lang):
    """Every entry file is an entry, listed exactly once on its category page, and counted on the index."""
    entries = CONTENT.faq(lang)
    files = sorted(p.stem for p in (ROOT / "docs" / DERIVED.get(lang, lang) / "faq").glob("*.md") if p.stem != "index")
    listed = []
    for key in CONTENT.categories:
        group = CONTENT.faq_in(lang, key)
        if not group:
            continue
        html = built_site.html(f"{prefix(lang)}faq/category/{key}/index.html")
        items = re.findall(r'<div class="kb-faq-item"[^>]*\sid="([^"]+)"', html)
        assert items == [d.faq_id for d in group], key
        ld = [json.loads(x) for x in parse(html).jsonld]
        assert len(ld) == 1 and len(ld[0]["mainEntity"]) == len(group), key
        listed += items
    assert len(files) >= 40
    assert sorted(listed) == files == sorted(d.faq_id for d in entries)


@pytest.mark.parametrize("lang", LANGS)
def test_faq_jsonld_matches_what_each_listing_shows(built_site, lang):
    pages = {"faq/index.html": render.faq_index_docs(CONTENT, lang)}
    pages.update({f"faq/category/{k}/index.html": CONTENT.faq_in(lang, k) for k in CONTENT.categories if CONTENT.faq_in(lang, k)})
    for path, docs in pages.items():
        html = built_site.html(prefix(lang) + path)
        data = json.loads(parse(html).jsonld[0])
        assert data["@type"] == "FAQPage"
        expected = [(render.markdown_to_text(d.title), render.markdown_to_text(d.short_answer)) for d in docs]
        got = [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]]
        assert got == expected, path
        shown = re.findall(r'<div class="kb-faq-item"[^>]*\sid="([^"]+)"', html)
        assert shown == [d.faq_id for d in docs], path
        for q, d in zip(data["mainEntity"], docs):
            assert q["url"] == f"{built_site.base}{prefix(lang)}faq/{d.faq_id}/", q["url"]
        for name, text in got:
            assert text and "[[ev:" not in text and "](" not in text and "<" not in text, (name, text)


def test_faq_ids_are_shared_between_languages(built_site):
    assert [d.faq_id for d in CONTENT.faq("zh")] != [] and sorted(d.faq_id for d in CONTENT.faq("zh")) == sorted(
        d.faq_id for d in CONTENT.faq("en"))
    for d in CONTENT.faq("zh"):
        for lang in LANGS:
            assert (built_site.out / prefix(lang) / "faq" / d.faq_id / "index.html").exists()


def test_faq_index_lists_categories_with_counts_and_links(built_site):
    html = built_site.html("faq/index.html")
    for key, names in CONTENT.categories.items():
        n = len(CONTENT.faq_in("zh", key))
        if n:
            assert f"{names['zh']}（{n}）" in html, key
            assert f'href="category/{key}/"' in html, key
    assert 'class="kb-tag"' in html and 'id="kb-faq-q"' in html
    per_category = max(len(CONTENT.faq_featured("zh", k)) for k in CONTENT.categories)
    assert per_category <= 3


def test_external_links_open_safely(built_site):
    html = built_site.html("causes/index.html")
    anchors = re.findall(r"<a [^>]*href=\"https?://[^\"]+\"[^>]*>", html)
    outbound = [a for a in anchors if "127.0.0.1" not in a and "md-content__button" not in a]  # not the edit button
    assert outbound
    for a in outbound:
        assert 'rel="noopener' in a, a


# ------------------------------------------------------------------- content rules


def test_every_cause_and_decoder_row_has_one_evidence_badge():
    for lang in LANGS:
        causes = CONTENT.doc(lang, "causes.md")
        section = causes.body.split("{ #speculated-causes }", 1)[1].split("\n## ", 1)[0]
        blocks = re.split(r"(?m)^### ", section)[1:]
        assert len(blocks) >= 6, f"{lang}: expected the six speculated causes, found {len(blocks)}"
        for block in blocks:
            assert re.search(r"\[\[ev:(official|reported|community|unverified)\]\]", block), block.split("\n")[0]
    assert len(CONTENT.errors) >= 10, "the decoder should cover the common messages"
    for row in CONTENT.errors:
        assert row["evidence"] in CONTENT.evidence, row["id"]


def test_decoder_renders_one_row_per_message_with_one_badge(built_site):
    for lang in LANGS:
        html = built_site.html(f"{prefix(lang)}false-alarms/index.html")
        rows = re.findall(r'<tr class="kb-err"[^>]*id="err-([a-z0-9-]+)"[^>]*>(.*?)</tr>', html, re.S)
        assert [r[0] for r in rows] == [row["id"] for row in CONTENT.errors]
        for rid, row_html in rows:
            assert row_html.count('class="kb-ev kb-ev--') == 1, f"{lang}/{rid}: one badge per row"
        # The home page carries the same rows for its paste box, hidden until something matches.
        home = built_site.html(f"{prefix(lang)}index.html")
        assert re.search(r'<table class="kb-decoder__table" hidden', home)
        assert len(re.findall(r'<tr class="kb-err"', home)) == len(CONTENT.errors)


def test_error_strings_stay_in_english_on_chinese_pages(built_site):
    html = built_site.html("false-alarms/index.html")
    for row in CONTENT.errors:
        for s in row.get("messages") or []:
            assert escape(s, quote=False) in html, s
    for s in ("account_deactivated", "unsupported_country_region_territory", "1020", "User not allowed"):
        assert s in html, s


def test_every_page_ends_with_the_sources_it_cites(built_site):
    for doc in CONTENT.all_docs():
        urls = CONTENT.cited_urls(doc)
        path = built_site.out / prefix(doc.lang) / page_dir(doc.rel) / "index.html"
        html = path.read_text(encoding="utf-8")
        if not urls:
            assert '<h2 id="sources"' not in html, doc.repo_path
            continue
        section = html.split('<h2 id="sources"', 1)[1]
        for url in urls:
            src = CONTENT.source_urls[url]
            if src.get("recommend") is False:
                assert render.text_of(src["title"], doc.lang) in unescape(section), (doc.repo_path, url)
            else:
                assert f'href="{escape(url)}"' in section, (doc.repo_path, url)
        assert doc.reviewed is not None, doc.repo_path


def page_dir(rel_path: str) -> str:
    stem = rel_path[:-3]
    return "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def test_sources_page_lists_exactly_the_cited_sources(built_site):
    cited = set(CONTENT.citations)
    assert cited == set(CONTENT.source_urls), "every listed source is cited, and every cited one listed"
    for lang in LANGS:
        html = built_site.html(f"{prefix(lang)}sources/index.html")
        for url in cited:
            linked = f'href="{escape(url)}"' in html
            assert linked == (CONTENT.source_urls[url].get("recommend") is not False), url


def test_merged_entries_keep_their_address(built_site):
    """A merged FAQ id still answers, in both languages, by sending readers to the entry that replaced it."""
    for old, new in CONTENT.redirects.items():
        for lang in LANGS:
            html = built_site.html(f"{prefix(lang)}faq/{old}/index.html")
            assert f'<link rel="canonical" href="{built_site.base}{prefix(lang)}faq/{new}/">' in html
            assert f'content="0; url=../{new}/"' in html and 'name="robots" content="noindex"' in html
            assert (built_site.out / prefix(lang) / "faq" / new / "index.html").exists()


def test_heading_links_are_titled_in_the_page_language(built_site):
    """mkdocs.yml sets one toc permalink_title (Chinese); English pages get their own."""
    zh = built_site.html("causes/index.html")
    en = built_site.html("en/causes/index.html")
    assert zh.count('class="headerlink"') > 2 and en.count('class="headerlink"') > 2
    assert 'title="本节链接"' in zh and "Link to this section" not in zh
    assert 'title="Link to this section"' in en and "本节链接" not in en
