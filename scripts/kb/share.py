"""What a page tells browsers, search engines and link previews about itself: its title, description,
Open Graph / Twitter card data and schema.org JSON-LD. Built from the content model only.

The returned values are plain text; templates escape them (overrides/partials/kb-meta.html uses
`| e` on every attribute). JSON-LD comes back as a string that is safe inside <script>.

Reuse for new page types: `faq_page_jsonld(entries, …)` takes any list of FAQ entries (a category
page passes its own), and `question_jsonld(entry, …)` describes one entry.
"""

from __future__ import annotations

import re

from . import render
from .model import LANGS, MAX_DESCRIPTION, Content, Doc

OG_LOCALE = {"zh": "zh_CN", "en": "en_US", "zh-hant": "zh_TW"}
IN_LANGUAGE = {"zh": "zh-CN", "en": "en", "zh-hant": "zh-Hant"}
TITLE_SEP = " - "
_SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s|$)")


def is_home(doc: Doc) -> bool:
    return doc.rel == "index.md"


def title(content: Content, doc: Doc) -> str:
    """The page's own title as plain text: a FAQ entry's question, else its front-matter title; a FAQ
    category page says it is one ("FAQ: Appeals"), so it never reads like a topic page."""
    own = render.markdown_to_text(doc.title)
    if doc.faq_category_page:
        return render.ui(content, "share_faq_category_title", doc.lang, title=own)
    return own


def tab_title(content: Content, doc: Doc, site_name: str) -> str:
    """The <title>: the page's own title first (what a tab shows), then the site; the home page is the site."""
    own = title(content, doc)
    return site_name if is_home(doc) or own == site_name else f"{own}{TITLE_SEP}{site_name}"


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """At most `limit` characters, cut after a sentence when one ends in the second half, else at a word
    (English) or character (Chinese) with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 2:
        return head[: ends[-1]]
    if " " in head[limit // 2:] and not re.search(r"[\u4e00-\u9fff]", head[-20:]):
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:，；：、") + "…"


def description(doc: Doc) -> str:
    """The page's description: its front matter's, or (FAQ entries) the short answer, shortened."""
    own = doc.meta.get("description")
    if isinstance(own, str) and own.strip():
        return " ".join(own.split())
    return shorten(render.markdown_to_text(doc.short_answer)) if doc.is_faq else ""


def answer_text(doc: Doc) -> str:
    """A FAQ entry's short answer as plain text (the first paragraph the page shows)."""
    return render.markdown_to_text(doc.short_answer)


def page_meta(content: Content, doc: Doc, page_url: str, site_url: str, site_name: str, card) -> dict:
    """Everything a page's <head> needs beyond Material's defaults, for page.meta:
    `kb_share` (title, description, Open Graph and Twitter card) and, on FAQ entries, `kb_jsonld`.
    page_url is the page's canonical URL, site_url the site's (both absolute); card a card.Card."""
    others = [lang for lang in LANGS if lang != doc.lang]
    meta = {
        "kb_share": {
            "title": tab_title(content, doc, site_name),
            "og_title": site_name if is_home(doc) else title(content, doc),
            "site_name": site_name,
            "description": description(doc),
            "url": page_url,
            "type": "website" if is_home(doc) else "article",
            "locale": OG_LOCALE[doc.lang],
            "locale_alternates": [OG_LOCALE[lang] for lang in others if content.doc(lang, doc.rel)],
            "image": site_url.rstrip("/") + "/" + card.path,
            "image_type": "image/png",
            "image_width": card.width,
            "image_height": card.height,
            "image_alt": card.text.alt,
            "twitter_card": "summary_large_image",
        }
    }
    if doc.is_faq:
        meta["kb_jsonld"] = question_jsonld(doc, page_url)
    return meta


# ------------------------------------------------------------------ schema.org JSON-LD


def _iso(doc: Doc) -> str | None:
    return doc.reviewed.isoformat() if doc.reviewed else None


def _question(doc: Doc, url: str) -> dict:
    q = {
        "@type": "Question",
        "name": render.markdown_to_text(doc.title),
        "url": url,
        "dateModified": _iso(doc),
        "acceptedAnswer": {"@type": "Answer", "text": answer_text(doc), "url": url},
    }
    return {k: v for k, v in q.items() if v is not None}


def faq_page_jsonld(entries: list[Doc], lang: str, page_url: str, faq_url: str | None = None,
                    modified: list | None = None) -> str:
    """A FAQPage with one Question (and its accepted Answer) per entry, in the given order.

    page_url is the absolute URL of the page that lists the entries; faq_url that of the FAQ folder
    the entries live in (`<faq_url><id>/`), by default page_url (the FAQ index). dateModified is the
    latest `reviewed:` date among the entries and any extra dates passed in `modified`."""
    faq_url = faq_url or page_url
    dates = [d.reviewed for d in entries if d.reviewed] + [d for d in modified or [] if d]
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": page_url,
        "inLanguage": IN_LANGUAGE[lang],
        "dateModified": max(dates).isoformat() if dates else None,
        "mainEntity": [_question(doc, f"{faq_url}{doc.faq_id}/") for doc in entries],
    }
    return dump({k: v for k, v in data.items() if v is not None})


def question_jsonld(doc: Doc, page_url: str) -> str:
    """One FAQ entry's page: the entry as a Question with its accepted Answer."""
    data = {"@context": "https://schema.org", **_question(doc, page_url), "inLanguage": IN_LANGUAGE[doc.lang],
            "answerCount": 1, "mainEntityOfPage": page_url}
    return dump(data)


def dump(data: dict) -> str:
    """JSON-LD for a <script type="application/ld+json"> (render.script_json: no text can end it)."""
    return render.script_json(data)
