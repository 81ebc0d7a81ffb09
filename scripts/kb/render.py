"""Pieces of pages generated from the content model: badges, legend, FAQ index, JSON-LD, sources."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

from .model import BADGE_RE, HTML_LANG, Content, is_chinese, url_prefix

FAQ_INDEX_MARKER = "<!-- faq-index -->"
FAQ_CATEGORY_MARKER = "<!-- faq-category -->"  # on faq/category/<key>.md: that category's entries
SOURCES_MARKER = "<!-- sources-table -->"


def script_json(data) -> str:
    """JSON to put inside a <script> element (JSON-LD, the letter builder's and the decoder's data):
    <, > and & as \\u escapes, so no text can end the element or open a comment, whatever it says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def ui(content: Content, key: str, lang: str, **kw) -> str:
    return str(content.site["ui"][key][lang]).format(**kw)


def ui_group(content: Content, prefix: str, lang: str) -> dict[str, str]:
    """The ui texts whose keys start with `prefix`, in one language, keyed without it: the search
    dialog's (search_*) and the 404 page's (not_found_*), which templates read from config.extra."""
    return {key[len(prefix):]: ui_raw(content, key, lang) for key in content.site["ui"] if key.startswith(prefix)}


def ui_raw(content: Content, key: str, lang: str) -> str:
    """A ui text with its {placeholders} left in (filled in by the browser)."""
    return str(content.site["ui"][key][lang])


def badge_html(content: Content, level: str, lang: str) -> str:
    ev = content.evidence[level]
    label = html.escape(ev[lang])
    desc = html.escape(ev["description"][lang])
    prefix = html.escape(ui(content, "legend_title", lang))
    sep = "：" if is_chinese(lang) else ": "
    return (f'<span class="kb-ev kb-ev--{level}" title="{desc}">'
            f'<span class="kb-sr">{prefix}{sep}</span>{label}</span>')


BADGE_TOKEN = "KBEV{}KBEV"
BADGE_TOKEN_RE = re.compile(r"KBEV([a-z]+)KBEV")


def tokenize_badges(markdown: str, content: Content) -> str:
    """[[ev:level]] becomes a plain word for Markdown (cheap to parse); expand_badges() makes it HTML."""
    return BADGE_RE.sub(lambda m: BADGE_TOKEN.format(m.group(1)) if m.group(1) in content.evidence else m.group(0),
                        markdown)


PERMALINK_RE = re.compile(r'(<a class="headerlink" href="#[^"]*" title=")[^"]*(")')


def localize_permalinks(page_html: str, content: Content, lang: str) -> str:
    """The heading links' title in the page's language: Python-Markdown's toc extension takes one
    permalink_title for the whole site (the Chinese one from mkdocs.yml)."""
    title = html.escape(ui(content, "permalink", lang), quote=True)
    return PERMALINK_RE.sub(lambda m: m.group(1) + title + m.group(2), page_html)


def expand_badges(page_html: str, content: Content, lang: str) -> str:
    return BADGE_TOKEN_RE.sub(lambda m: badge_html(content, m.group(1), lang) if m.group(1) in content.evidence
                              else m.group(0), page_html)


def legend(content: Content, lang: str, about_url: str) -> str:
    """The evidence legend shown under every page that carries badges."""
    sep = "：" if is_chinese(lang) else ": "
    items = "".join(f"<li>{badge_html(content, level, lang)} {html.escape(ev['description'][lang])}</li>"
                    for level, ev in content.evidence.items())
    title = html.escape(ui(content, "legend_title", lang))
    more = html.escape(ui(content, "legend_more", lang))
    return (f'<aside class="kb-legend" aria-label="{title}"><p class="kb-legend__title"><strong>{title}</strong>{sep}'
            f'<a href="{html.escape(about_url)}">{more}</a></p><ul>{items}</ul></aside>')


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def markdown_to_text(md: str) -> str:
    """Plain text of a short Markdown snippet (for JSON-LD and meta descriptions)."""
    text = BADGE_RE.sub("", md)
    text = re.sub(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)", r"\1", text)
    out = []
    # Code spans keep their text as written (account_deactivated); elsewhere drop tags and emphasis
    # marks. Underscores inside words are not emphasis in Python-Markdown, so they stay.
    for i, part in enumerate(re.split(r"(`+)(.+?)\1", text)):
        if i % 3 == 2:
            out.append(part.strip())
        elif i % 3 == 0:
            escaped = re.findall(r"\\([\\`*_{}\[\]()#+\-.!<>])", part)  # \* is a literal *
            part = re.sub(r"\\[\\`*_{}\[\]()#+\-.!<>]", "\ue000", part)
            part = re.sub(r"<[^>]+>", "", part)
            part = re.sub(r"\*{1,2}|(?<!\w)_{1,2}(?=\S)|(?<=\S)_{1,2}(?!\w)", "", part)
            out.append(re.sub("\ue000", lambda _: escaped.pop(0), part))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def faq_filter_box(content: Content, lang: str, category: str | None = None) -> list[str]:
    """The search box of the FAQ listing pages: it asks Pagefind for FAQ entries only (of one
    category on a category page); kb.js shows the matches in place of the listing."""
    label = html.escape(ui(content, "faq_filter_label_category" if category else "faq_filter_label", lang))
    scope = f' data-category="{html.escape(category)}"' if category else ""
    return [
        # Visible from the first paint (no layout shift when kb.js starts); hidden without JavaScript.
        '<noscript><style>.kb-faq-filter{display:none}</style></noscript>',
        f'<div class="kb-faq-filter"{scope} data-pagefind-ignore="all"'
        f' data-count="{html.escape(ui_raw(content, "faq_match_count", lang))}"'
        f' data-one="{html.escape(ui_raw(content, "search_one", lang))}"'
        f' data-fallback="{html.escape(ui_raw(content, "search_fallback", lang))}"'
        f' data-error="{html.escape(ui_raw(content, "search_error", lang))}"'
        f' data-loading="{html.escape(ui_raw(content, "search_loading", lang))}">',
        f'<label for="kb-faq-q">{label}</label>',
        f'<input id="kb-faq-q" type="search" autocomplete="off" enterkeyhint="search" placeholder="{html.escape(ui(content, "faq_filter_placeholder", lang))}">',
        '<p class="kb-faq-count" role="status" aria-live="polite"></p>',
        f'<p class="kb-faq-none" hidden>{html.escape(ui(content, "faq_no_match", lang))}</p>',
        '<ol class="kb-faq-results" hidden></ol>',
        "</div>", "",
    ]


def faq_item(content: Content, doc, lang: str, link_prefix: str = "") -> list[str]:
    """One entry in a listing: question (link), short answer, tags and evidence badge."""
    sep = "：" if is_chinese(lang) else ": "
    tags = [content.tags[t][lang] for t in doc.meta.get("tags", []) if t in content.tags]
    tag_html = " ".join(f'<span class="kb-tag">{html.escape(t)}</span>' for t in tags)
    level = doc.meta.get("evidence")
    return [
        f'<div class="kb-faq-item" id="{doc.faq_id}" markdown>',
        "",
        f'<p class="kb-faq-q" markdown>[{md_escape(doc.title)}]({link_prefix}{doc.faq_id}.md)</p>',
        "",
        tokenize_badges(doc.short_answer, content),
        "",
        f'<p class="kb-faq-meta">{html.escape(ui(content, "faq_tags", lang))}{sep}{tag_html}'
        + (f' · {html.escape(ui(content, "faq_evidence", lang))}{sep}{BADGE_TOKEN.format(level)}' if level else "")
        + "</p>",
        "",
        "</div>",
        "",
    ]


def faq_count_label(content: Content, lang: str, n: int) -> str:
    return f"（{n}）" if is_chinese(lang) else f" ({n})"


def faq_index_docs(content: Content, lang: str) -> list:
    """The entries the FAQ index shows: each category's featured questions."""
    return [d for key in content.categories for d in content.faq_featured(lang, key)]


def faq_index(content: Content, lang: str) -> str:
    """Markdown for the FAQ index of one language: search box, then per category its count, its
    featured questions with their short answers, and a link to the category's page. Its size does
    not grow with the number of entries; the category pages list everything."""
    out = faq_filter_box(content, lang)
    out += ['<div class="kb-faq-listing" data-pagefind-ignore="all" markdown>', ""]
    for key, names in content.categories.items():
        group = content.faq_in(lang, key)
        if not group:
            continue
        out += ['<section class="kb-faq-cat" markdown>', "",
                f"## {names[lang]}{faq_count_label(content, lang, len(group))} {{ #{key} }}", ""]
        for doc in content.faq_featured(lang, key):
            out += faq_item(content, doc, lang)
        all_text = md_escape(ui(content, "faq_all_in_category", lang, n=len(group)))
        out += [f'<p class="kb-faq-more" markdown>[{all_text}](category/{key}.md)</p>', "", "</section>", ""]
    out += ["</div>", ""]
    return "\n".join(out)


def faq_category(content: Content, lang: str, key: str) -> str:
    """Markdown for one category page: search box (this category only) and every entry."""
    group = content.faq_in(lang, key)
    out = faq_filter_box(content, lang, category=key)
    out += ['<div class="kb-faq-listing" data-pagefind-ignore="all" markdown>', "",
            f'<p class="kb-faq-total">{html.escape(ui(content, "faq_count", lang, n=len(group)))}</p>', ""]
    for doc in group:
        out += faq_item(content, doc, lang, link_prefix="../")
    back = md_escape(ui(content, "faq_back_to_index", lang))
    out += [f'<p class="kb-faq-more" markdown>[{back}](../index.md)</p>', "", "</div>", ""]
    return "\n".join(out)


def faq_jsonld(content: Content, lang: str, docs: list, faq_root_url: str, page_url: str) -> str:
    """FAQPage JSON-LD for the entries a listing page shows (builder: scripts/kb/share.py)."""
    from . import share  # share builds on this module

    return share.faq_page_jsonld(docs, lang, page_url, faq_root_url)


def text_of(value, lang: str) -> str:
    """A data value that is either one text for both languages or a {zh: …, en: …} mapping."""
    return str(value.get(lang, "")) if isinstance(value, dict) else str(value or "")


def source_date(content: Content, src: dict, lang: str) -> str:
    date = str(src.get("date"))
    return ui(content, "undated", lang) if date == "undated" else date


def source_line(content: Content, src: dict, lang: str, with_note: bool = False) -> str:
    """One source as a Markdown list item: title (a link unless not recommended), publisher, date, badge."""
    sep = "，" if is_chinese(lang) else ", "
    title = md_escape(text_of(src["title"], lang))
    if src.get("recommend") is False:
        # Cited as evidence of what circulates; never a link we send readers to.
        host = urlsplit(src["url"]).hostname or ""
        flag = ui(content, "source_not_recommended", lang)
        title = f"{title}（{host}）" if is_chinese(lang) else f"{title} ({host})"
        title += f" *（{flag}）*" if is_chinese(lang) else f" *({flag})*"
    else:
        title = f"[{title}]({src['url']})"
    line = f"- {title}{sep}{md_escape(text_of(src['publisher'], lang))}{sep}{source_date(content, src, lang)} [[ev:{src['level']}]]"
    if with_note:
        checked = ui(content, "source_checked", lang, date=src.get("checked"),
                     who=text_of((content.site.get("checked_by") or {}).get(src.get("checked_by"), {}), lang))
        note = text_of(src.get("note") or {}, lang)
        line += "  \n  " + " ".join(filter(None, [note, checked]))
    return line


def sources_section(content: Content, doc, lang: str) -> str:
    """The Sources section every page ends with: the sources it cites, in order of first citation."""
    urls = [u for u in content.cited_urls(doc) if u in content.source_urls]
    if not urls:
        return ""
    heading = ui(content, "sources_heading", lang)
    lines = [source_line(content, content.source_urls[u], lang) for u in urls]
    return "\n".join(["", "", f"## {heading} {{ #sources }}", "", *lines, ""])


def sources_list(content: Content, lang: str) -> str:
    """The Sources page: every source the site cites, grouped by evidence level."""
    cited = content.citations
    out = []
    for level, names in content.evidence.items():
        group = [s for s in content.sources if s.get("level") == level and s.get("url") in cited]
        if not group:
            continue
        count = faq_count_label(content, lang, len(group))
        out += [f"## {names[lang]}{count} {{ #{level} }}", ""]
        out += [source_line(content, s, lang, with_note=True) for s in group]
        out.append("")
    return tokenize_badges("\n".join(out), content)


LEGEND_MARKER = "<!-- evidence-legend -->"


def legend_table(content: Content, lang: str) -> str:
    """The evidence levels as a table (About page), from data/evidence.yml."""
    head = f"| {ui(content, 'legend_col_badge', lang)} | {ui(content, 'legend_col_meaning', lang)} |"
    rows = [f"| {BADGE_TOKEN.format(level)} | {ev['description'][lang]} |" for level, ev in content.evidence.items()]
    return "\n".join([head, "| --- | --- |", *rows])


# ------------------------------------------------------------------ reader tools

TRIAGE_MARKER = "<!-- triage -->"
LETTER_MARKER = "<!-- appeal-letter-builder -->"


def triage(content: Content, lang: str) -> str:
    """The decision tree as a static list with in-page links (works without JavaScript);
    kb.js turns it into a one-question-at-a-time form."""
    tree = content.triage
    qs, rs = tree["questions"], tree["results"]
    order = []

    def visit(qid: str) -> None:  # questions in the order a reader meets them
        if qid in order:
            return
        order.append(qid)
        for opt in qs[qid]["options"]:
            if opt.get("next"):
                visit(opt["next"])

    visit(tree["start"])
    arrow = "→"
    colon = "：" if is_chinese(lang) else ": "
    labels = [ui_raw(content, f"triage_{key}", lang) for key in ("question", "result", "restart", "back", "step")]
    out = ['<noscript><style>.kb-triage>.kb-triage__q,.kb-triage>.kb-triage__r{display:block!important}</style></noscript>',
           f'<div class="kb-triage" data-start="q-{tree["start"]}" data-restart="{html.escape(labels[2])}" '
           f'data-back="{html.escape(labels[3])}" data-step="{html.escape(labels[4])}" markdown>', ""]
    for n, qid in enumerate(order, 1):
        q = qs[qid]
        out += [f'<section class="kb-triage__q" data-id="q-{qid}" markdown>', "",
                f"### {labels[0]} {n}{colon}{q['text'][lang]} {{ #q-{qid} }}", ""]
        if q.get("help"):
            out += [q["help"][lang], ""]
        for opt in q["options"]:
            if opt.get("next"):
                target, dest = f"q-{opt['next']}", f"{labels[0]} {order.index(opt['next']) + 1}"
            else:
                target, dest = f"r-{opt['result']}", f"{labels[1]}{colon}{rs[opt['result']]['title'][lang]}"
            out.append(f"- [{opt['label'][lang]}](#{target}){{ .kb-triage__opt data-target=\"{target}\" }} "
                       f'<span class="kb-triage__dest">{arrow} {html.escape(dest)}</span>')
        out += ["", "</section>", ""]
    for rid, r in rs.items():
        out += [f'<section class="kb-triage__r" data-id="r-{rid}" markdown>', "",
                f"### {labels[1]}{colon}{r['title'][lang]} {{ #r-{rid} }}", "", r["body"][lang], ""]
        out += [f"- [{link[lang]}]({link['page']}{'#' + link['anchor'] if link.get('anchor') else ''})" for link in r["links"]]
        out += ["", "</section>", ""]
    out += ["</div>", ""]
    return "\n".join(out)


# The keys the builder's form and letter use (kb.js composes the letter from `letter`).
LETTER_FORM_KEYS = ("legend_account", "action", "action_deactivation", "action_warning", "product", "product_chatgpt",
                    "product_api", "email", "user_id", "org_id", "notice_date", "legend_reason", "reason_mistake",
                    "reason_changed", "doing", "changed", "charges", "policies", "name", "remember", "clear",
                    "output_title", "preview_title", "copy", "copied", "copy_failed", "empty")
LETTER_KEYS = ("product_chatgpt", "product_api", "subject", "subject_warning", "greeting", "opening_mistake",
               "opening_changed", "opening_mistake_warning", "opening_changed_warning", "details", "email", "user_id",
               "org_id", "notice_date", "doing", "changed", "charges", "policies", "closing", "signoff")


def letter_builder(content: Content, lang: str) -> str:
    """The appeal-letter form (shown by kb.js) and its texts as JSON. Nothing is sent anywhere."""
    f = {k: v[lang] for k, v in content.letter["form"].items()}
    # The letter is English; Chinese readers (zh, zh-hant) also get a preview in their own script.
    parts = {k: {"en": v["en"], "preview": v[lang] if is_chinese(lang) else ""} for k, v in content.letter["letter"].items()}
    data = {"lang": lang, "form": f, "letter": parts}
    blob = script_json(data)
    e = html.escape

    def field(key: str, kind: str = "text", extra: str = "") -> str:
        return (f'<p class="kb-letter__field"><label for="kb-l-{key}">{e(f[key])}</label>'
                f'<input id="kb-l-{key}" name="{key}" type="{kind}" autocomplete="off" {extra}></p>')

    def area(key: str) -> str:
        return (f'<p class="kb-letter__field"><label for="kb-l-{key}">{e(f[key])}</label>'
                f'<textarea id="kb-l-{key}" name="{key}" rows="4"></textarea></p>')

    def check(key: str) -> str:
        return (f'<p class="kb-letter__check"><input id="kb-l-{key}" name="{key}" type="checkbox">'
                f'<label for="kb-l-{key}">{e(f[key])}</label></p>')

    preview = (f'<h3 id="kb-letter-preview-title">{e(f["preview_title"])}</h3>'
               f'<div class="kb-letter__preview" id="kb-letter-preview" role="region" aria-labelledby="kb-letter-preview-title"></div>'
               if is_chinese(lang) else "")
    return "\n".join([
        f'<script type="application/json" id="kb-letter-data">{blob}</script>',
        '<form class="kb-letter" id="kb-letter" hidden>',
        f'<fieldset><legend>{e(f["legend_account"])}</legend>',
        f'<p class="kb-letter__field"><label for="kb-l-action">{e(f["action"])}</label>'
        f'<select id="kb-l-action" name="action"><option value="deactivation">{e(f["action_deactivation"])}</option>'
        f'<option value="warning">{e(f["action_warning"])}</option></select></p>',
        f'<p class="kb-letter__field"><label for="kb-l-product">{e(f["product"])}</label>'
        f'<select id="kb-l-product" name="product"><option value="chatgpt">{e(f["product_chatgpt"])}</option>'
        f'<option value="api">{e(f["product_api"])}</option></select></p>',
        field("email", "email"), field("user_id"), field("org_id"), field("notice_date", "date"),
        "</fieldset>",
        f'<fieldset><legend>{e(f["legend_reason"])}</legend>',
        f'<p class="kb-letter__check"><input id="kb-l-reason-mistake" name="reason" type="radio" value="mistake">'
        f'<label for="kb-l-reason-mistake">{e(f["reason_mistake"])}</label></p>',
        f'<p class="kb-letter__check"><input id="kb-l-reason-changed" name="reason" type="radio" value="changed">'
        f'<label for="kb-l-reason-changed">{e(f["reason_changed"])}</label></p>',
        area("doing"), area("changed"), area("charges"), check("policies"), field("name"),
        "</fieldset>",
        check("remember"),
        f'<p><button type="button" class="md-button" id="kb-letter-clear">{e(f["clear"])}</button></p>',
        "</form>",
        '<div class="kb-letter__out" id="kb-letter-out" hidden>',
        f'<h3 id="kb-letter-title">{e(f["output_title"])}</h3>',
        f'<pre class="kb-letter__text" id="kb-letter-text" tabindex="0" role="region" aria-labelledby="kb-letter-title">{e(f["empty"])}</pre>',
        f'<p><button type="button" class="md-button md-button--primary" id="kb-letter-copy">{e(f["copy"])}</button> '
        f'<span class="kb-letter__status" id="kb-letter-status" role="status"></span></p>',
        preview,
        "</div>",
        "",
    ])


# ------------------------------------------------------------------ error decoder

DECODER_MARKER = "<!-- error-decoder -->"
DECODER_BOX_MARKER = "<!-- error-decoder-box -->"


def decoder(content: Content, lang: str, box_only: bool = False) -> str:
    """The error decoder from data/errors.yml: a table with one row per message, and a box where the
    reader pastes what the screen says to see the matching row(s) (kb.js; nothing leaves the page).
    With box_only (the home page) the rows stay hidden until something matches."""
    e = html.escape
    cols = [ui(content, f"decoder_col_{c}", lang) for c in ("message", "meaning", "evidence", "next")]
    sep = "：" if is_chinese(lang) else ": "
    patterns = [{"id": row["id"], "messages": row.get("messages") or [], "codes": row.get("codes") or []}
                for row in content.errors]
    blob = script_json({"rows": patterns})
    texts = {k: ui(content, f"decoder_{k}", lang, n="{n}") for k in ("none", "one", "many", "empty")}
    data_attrs = " ".join(f'data-{k}="{e(v)}"' for k, v in texts.items())
    out = [
        '<noscript><style>.kb-decoder__box{display:none}</style></noscript>',
        f'<div class="kb-decoder{" kb-decoder--box" if box_only else ""}" {data_attrs} markdown="1">',
        '<div class="kb-decoder__box">',
        f'<label for="kb-decoder-q">{e(ui(content, "decoder_label", lang))}</label>',
        f'<textarea id="kb-decoder-q" rows="3" autocomplete="off" spellcheck="false" '
        f'placeholder="{e(ui(content, "decoder_placeholder", lang))}" aria-describedby="kb-decoder-hint"></textarea>',
        f'<p class="kb-decoder__hint" id="kb-decoder-hint">{e(ui(content, "decoder_hint", lang))}</p>',
        '<p class="kb-decoder__status" role="status" aria-live="polite"></p>',
        "</div>",
        f'<script type="application/json" class="kb-decoder__data">{blob}</script>',
        f'<table class="kb-decoder__table"{" hidden" if box_only else ""} markdown="1">',
        "<thead><tr>" + "".join(f'<th scope="col">{e(c)}</th>' for c in cols) + "</tr></thead>",
        '<tbody markdown="1">',
    ]
    for row in content.errors:
        msgs = "<br>".join(f"`{m}`" for m in row.get("messages") or [])
        codes = " ".join(f"`{c}`" for c in row.get("codes") or [] if not any(c in m for m in row.get("messages") or []))
        where = text_of(row.get("where") or {}, lang)
        message_cell = " ".join(filter(None, [msgs, codes]))
        if where:
            message_cell += f'<br><span class="kb-err__where">{md_escape(where)}</span>'
        srcs = [content.source_urls[u] for u in row.get("sources") or [] if u in content.source_urls]
        src_links = "；".join if is_chinese(lang) else "; ".join
        cited = src_links(
            f"[{md_escape(text_of(s['title'], lang))}]({s['url']})" if s.get("recommend") is not False
            else md_escape(text_of(s["title"], lang))
            for s in srcs)
        meaning = text_of(row["meaning"], lang)
        if cited:
            meaning += f'<br><span class="kb-err__src">{e(ui(content, "decoder_sources", lang))}{sep}{cited}</span>'
        cells = [(cols[0], message_cell), (cols[1], meaning), (cols[2], BADGE_TOKEN.format(row["evidence"])),
                 (cols[3], text_of(row["next"], lang))]
        out.append(f'<tr class="kb-err" id="err-{e(row["id"])}" data-err="{e(row["id"])}" markdown="1">')
        out += [f'<td data-label="{e(label)}" markdown="span">{cell}</td>' for label, cell in cells]
        out.append("</tr>")
    out += ["</tbody>", "</table>", "</div>", ""]
    return "\n".join(out)


# ------------------------------------------------------------------ whole pages


PAGE_SCRIPTS = {
    "assets/kb-tools.js": (TRIAGE_MARKER, LETTER_MARKER),
    "assets/kb-decoder.js": (DECODER_MARKER, DECODER_BOX_MARKER),
}


def page_markdown(content: Content, doc, markdown: str, canonical_url: str) -> tuple[str, dict]:
    """A page's final Markdown and the data its template shows, from the page's own Markdown.

    Everything generated from the content model happens here (FAQ title and index, sources,
    decoder, tools, badges); a site generator's hook only passes pages through this function."""
    lang = doc.lang
    meta: dict = {}
    if doc.is_faq:
        markdown = f"# {doc.title}\n\n{markdown}"
        meta["title"] = doc.title
        if not doc.meta.get("description"):
            from . import share

            meta["description"] = share.description(doc)  # the short answer, cut after a sentence
    replacements = {
        FAQ_INDEX_MARKER: lambda: faq_index(content, lang),
        SOURCES_MARKER: lambda: sources_list(content, lang),
        TRIAGE_MARKER: lambda: triage(content, lang),
        LETTER_MARKER: lambda: letter_builder(content, lang),
        DECODER_MARKER: lambda: decoder(content, lang),
        DECODER_BOX_MARKER: lambda: decoder(content, lang, box_only=True),
        LEGEND_MARKER: lambda: legend_table(content, lang),
    }
    # Each page loads only the scripts of the tools it has (overrides/main.html; docs/assets/).
    scripts = [script for script, markers in PAGE_SCRIPTS.items() if any(m in markdown for m in markers)]
    if scripts:
        meta["kb_scripts"] = scripts
    for marker, make in replacements.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    if doc.is_faq:
        meta["kb_search_filters"] = {"kind": "faq", "category": str(doc.meta.get("category", ""))}
    if FAQ_INDEX_MARKER in doc.body:
        meta["kb_jsonld"] = faq_jsonld(content, lang, faq_index_docs(content, lang), canonical_url, canonical_url)
    category = doc.faq_category_page
    if category and FAQ_CATEGORY_MARKER in doc.body:
        markdown = markdown.replace(FAQ_CATEGORY_MARKER, faq_category(content, lang, category))
        faq_root = canonical_url.rsplit("/category/", 1)[0] + "/"
        meta["kb_jsonld"] = faq_jsonld(content, lang, content.faq_in(lang, category), faq_root, canonical_url)
    markdown += sources_section(content, doc, lang)
    return tokenize_badges(markdown, content), meta


def notices(content: Content, doc, source_link: str) -> list[tuple[str, str, str, str]]:
    """The notes above a page: (kind, text, link, link text). `source_link` is the page's
    Chinese source, for the "outdated translation" note."""
    lang = doc.lang
    out = []
    state = content.translation_state(doc)
    if state == "outdated":
        out.append(("outdated", ui(content, "outdated", lang), source_link, ui(content, "outdated_link", lang)))
    elif state == "derived":
        out.append(("converted", ui(content, "converted", lang, date=doc.reviewed), source_link,
                    ui(content, "converted_link", lang)))
    if content.is_stale(doc):
        out.append(("stale", ui(content, "stale", lang, date=doc.reviewed), "", ""))
    return out


def review_line(content: Content, doc) -> dict:
    """The line under a page: when it was last reviewed, the policy version, how to improve it."""
    lang = doc.lang
    return {
        "kb_reviewed": ui(content, "reviewed", lang, date=doc.reviewed),
        "kb_policy": ui(content, "policy_version", lang, date=content.policy_version(doc)),
        "kb_improve": {key: ui(content, key, lang) for key in ("improve", "edit", "contributing")},
    }


def redirect_pages(content: Content, site_url: str) -> dict[str, str]:
    """Pages at the addresses of merged FAQ entries (data/redirects.yml), each sending readers and
    search engines on to the entry that now answers the question: path in the site -> HTML."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    pages = {}
    for old, new in (content.redirects or {}).items():
        for lang in content.docs:
            prefix = url_prefix(lang)
            target = content.doc(lang, f"faq/{new}.md")
            if target is None:
                continue
            absolute = f"{base}{prefix}faq/{new}/"
            title = html.escape(target.title)
            moved = html.escape(ui(content, "redirect", lang))
            pages[f"{prefix}faq/{old}/index.html"] = (
                f'<!doctype html>\n<html lang="{HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{title}</title>\n"
                f'<link rel="canonical" href="{html.escape(absolute)}">\n'
                '<meta name="robots" content="noindex">\n'
                f'<meta http-equiv="refresh" content="0; url=../{new}/">\n'
                f'</head>\n<body>\n<p>{moved} <a href="../{new}/">{title}</a></p>\n</body>\n</html>\n')
    return pages
