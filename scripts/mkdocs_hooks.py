"""The project's only MkDocs hook: it connects the content model (scripts/kb) to the build.

It validates all content before anything is built (the build fails on any problem), renders
evidence badges, the FAQ index and its JSON-LD, the sources list, page notices and the reviewed
line, writes the generated Traditional Chinese pages (docs/zh-hant/, converted by the content model)
before MkDocs collects files, runs the search indexer (Pagefind) over the finished site, and writes a
404 page per language. All logic lives in scripts/kb; this file only calls it, so a move to another
MkDocs-compatible builder stays small.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from kb import assets, card, hant, render, search, share
from kb.model import AUTHORED, DERIVED, HTML_LANG, SOURCE_LANG, lang_key, load, url_prefix
from kb.problems import format_problems
from kb.validate import validate

_state: dict = {}
EXTERNAL_A_RE = re.compile(r'<a (?![^>]*\brel=)([^>]*\bhref="https?://[^"]*"[^>]*)>')
HEAD_ALTERNATE_RE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
# Language tags as BCP 47 writes them (zh-Hant) where mkdocs-static-i18n writes our folder names.
HREFLANG_RE = re.compile(r'hreflang="(%s)"' % "|".join(re.escape(k) for k, v in HTML_LANG.items() if k != v))


def _root(config) -> Path:
    return Path(config.docs_dir).resolve().parent


def _split(src_uri: str) -> tuple[str, str]:
    lang, _, rest = src_uri.partition("/")
    return lang, rest


def _lang(config) -> str:
    """The language this (per-language) build makes: zh, en or zh-hant."""
    return lang_key(config.theme["language"])


def _fingerprint(root: Path) -> tuple:
    """Every authored content file's path, size and mtime: unchanged between the per-language builds."""
    folders = [root / "data"] + [root / "docs" / lang for lang in AUTHORED]
    return tuple(sorted((str(p), st.st_size, st.st_mtime_ns)
                        for folder in folders for p in folder.rglob("*") if p.is_file() and (st := p.stat())))


def _content(config):
    """All content, loaded and validated; any problem stops the build with every message at once.
    mkdocs-static-i18n builds once per language: unchanged content is validated only once."""
    root = _root(config)
    fingerprint = _fingerprint(root)
    if _state.get("fingerprint") != fingerprint:
        content = load(root)
        problems = validate(content)
        if problems:
            _state.pop("fingerprint", None)
            raise PluginError(format_problems(problems))
        _state.update(content=content, fingerprint=fingerprint)
    return _state["content"]


@event_priority(-110)  # after mkdocs-static-i18n has set up this language's build
def on_config(config):
    """A generated language's site name, description, copyright and colour-scheme labels, converted
    from the source language's (mkdocs.yml holds them once)."""
    lang = _lang(config)
    if lang in DERIVED:
        convert = _content(config).converter.text
        for key in ("site_name", "site_description", "copyright"):
            if config.get(key):
                config[key] = convert(config[key])
        palette = config.theme.get("palette")
        if isinstance(palette, list):
            config.theme["palette"] = [
                {**p, "toggle": {**p["toggle"], "name": convert(p["toggle"].get("name", ""))}}
                if isinstance(p, dict) and isinstance(p.get("toggle"), dict) else p for p in palette]
    return config


def on_pre_build(config) -> None:
    """Load and validate all content, and write the generated languages' pages (docs/zh-hant/)
    before MkDocs collects the files."""
    content, root = _content(config), _root(config)
    if _state.get("written") != _state["fingerprint"] or not (root / hant.OUT_DIR).is_dir():
        hant.write_tree(content.docs[hant.LANG], root)  # once per content change, not per language
        _state["written"] = _state["fingerprint"]
    config.extra["kb_search"] = render.ui_group(content, "search_", _lang(config))
    config.extra["kb_404"] = {**render.ui_group(content, "not_found_", _lang(config)), "homes": _homes(config)}


def _homes(config) -> list[dict]:
    """Each language's home page (absolute path, name, tag) for the 404 page. The switcher's links
    (config.extra.alternate) cannot serve: mkdocs-static-i18n points them at the last page built."""
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    return [{"lang": lang_key(language.locale), "tag": HTML_LANG.get(lang_key(language.locale), language.locale),
             "name": language.name, "link": base if language.default else f"{base}{language.locale}/"}
            for language in config.plugins["i18n"].config.languages if language.build]


def on_page_markdown(markdown: str, page, config, files) -> str:
    content = _state["content"]
    lang, rel_path = _split(page.file.src_uri)
    doc = content.doc(lang, rel_path)
    if doc is None:
        return markdown
    meta = page.meta
    markdown, generated = render.page_markdown(content, doc, markdown, page.canonical_url or "")
    meta.update(generated)

    meta["kb_notices"] = render.notices(content, doc, source_link=link_to(doc.rel, SOURCE_LANG, page))
    meta.update(render.review_line(content, doc))
    meta["kb_improve"]["guide_url"] = contributing_url(config, lang)
    if lang in DERIVED and page.edit_url:  # edit the source: the generated page is not in git
        page.edit_url = page.edit_url.replace(f"/docs/{lang}/", f"/docs/{DERIVED[lang]}/")
    return markdown


def contributing_url(config, lang: str) -> str | None:
    """CONTRIBUTING.md (or its Chinese version) beside the docs folder that edit_uri points into."""
    edit = config.get("edit_uri") or ""
    m = re.match(r"^(https?://[^ ]+?)/edit/([^/]+)/docs/?$", edit)
    if not m:
        return None
    return f"{m.group(1)}/blob/{m.group(2)}/{'CONTRIBUTING.md' if lang == 'en' else 'CONTRIBUTING.zh.md'}"


def link_to(rel_path: str, lang: str, page, anchor: str = "") -> str:
    """Relative link from `page` to a page of a language; directory URLs keep their final slash."""
    url = get_relative_url(content_url(rel_path, lang), page.url)
    return (url if url.endswith("/") else url + "/") + anchor


def content_url(rel_path: str, lang: str) -> str:
    """Site URL (relative to the site root) of a page in a language, with directory URLs."""
    path = PurePosixPath(rel_path)
    url = "" if path.stem == "index" else f"{path.with_suffix('').as_posix()}/"
    if path.stem == "index" and path.parent.as_posix() != ".":
        url = f"{path.parent.as_posix()}/"
    return url_prefix(lang) + url


def on_env(env, config, files):
    """Draw this language's share card (scripts/kb/card.py) into the site, before any page is built."""
    lang = _lang(config)
    try:
        made = card.make(_state["content"].site, lang, config.site_name)
    except card.CardError as err:
        raise PluginError(str(err)) from err
    card.write(Path(config.site_dir), made)
    _state.setdefault("cards", {})[lang] = made
    return env


def on_page_context(context, page, config, nav):
    """Title, description, Open Graph / Twitter card and the FAQ entry's JSON-LD (scripts/kb/share.py)."""
    lang, rel_path = _split(page.file.src_uri)
    doc = _state["content"].doc(lang, rel_path)
    if doc is not None:
        page.meta.update(share.page_meta(_state["content"], doc, page.canonical_url or "", config.site_url or "",
                                         config.site_name, _state["cards"][lang]))
    return context


def on_page_content(html: str, page, config, files) -> str:
    """Evidence badges and their legend, heading links titled in the page's language, and external
    links that keep no reference back to us."""
    content = _state["content"]
    lang, _ = _split(page.file.src_uri)
    html = render.localize_permalinks(html, content, lang)
    if render.BADGE_TOKEN_RE.search(html):
        html = render.expand_badges(html, content, lang)
        html += render.legend(content, lang, link_to("about.md", lang, page, "#evidence-levels"))
    return EXTERNAL_A_RE.sub(r'<a rel="noopener" \1>', html)


def on_post_page(output: str, page, config) -> str:
    """Drop the per-page hreflang <link>s from <head>: Material's script fetches sitemap.xml beside
    every such link (404s on each page). The sitemap carries the same hreflang alternates, with
    absolute URLs, and the language switcher keeps its per-page links."""
    return _finish(output)


def _finish(output: str) -> str:
    head, sep, rest = output.partition("</head>")
    output = HEAD_ALTERNATE_RE.sub("", head) + sep + rest
    return assets.collapse_whitespace(_bcp47(output))


def _bcp47(text: str) -> str:
    """hreflang="zh-hant" (our folder name, which mkdocs-static-i18n writes) as the tag zh-Hant."""
    return HREFLANG_RE.sub(lambda m: f'hreflang="{HTML_LANG[m.group(1)]}"', text)


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages into site_dir
def on_post_build(config) -> None:
    if getattr(config.plugins.get("i18n"), "building", False):
        return  # an inner (single-language) build of mkdocs-static-i18n; the outer one finishes the site
    site = Path(config.site_dir)
    try:
        assets.minify_site(site)
        search.build_index(site, _root(config))
    except RuntimeError as err:
        raise PluginError(str(err)) from err
    for path, page in render.redirect_pages(_state["content"], config.site_url or "/").items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    for sitemap in site.glob("**/sitemap.xml"):  # hreflang alternates with BCP 47 tags (zh-Hant)
        text = sitemap.read_text(encoding="utf-8")
        sitemap.write_text(_bcp47(text), encoding="utf-8")


def on_post_template(output: str, template_name: str, config) -> str:
    """A 404 page per language: mkdocs-static-i18n renders the theme's 404.html once per language
    build, always to the site root. Keep the Chinese one at /404.html, write the others to /<lang>/."""
    if template_name != "404.html":
        return output
    lang = _lang(config)
    output = _finish(output)
    if lang == SOURCE_LANG:
        _state["404"] = output
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _state.get("404", output)
