"""Pieces of pages generated from the content model: badges, legend, FAQ index, JSON-LD, sources."""

from __future__ import annotations

import html
import json
import re

from .model import BADGE_RE, Content

FAQ_INDEX_MARKER = "<!-- faq-index -->"
SOURCES_MARKER = "<!-- sources-table -->"


def ui(content: Content, key: str, lang: str, **kw) -> str:
    return str(content.site["ui"][key][lang]).format(**kw)


def badge_html(content: Content, level: str, lang: str) -> str:
    ev = content.evidence[level]
    label = html.escape(ev[lang])
    desc = html.escape(ev["description"][lang])
    prefix = html.escape(ui(content, "legend_title", lang))
    sep = "：" if lang == "zh" else ": "
    return (f'<span class="kb-ev kb-ev--{level}" title="{desc}">'
            f'<span class="kb-sr">{prefix}{sep}</span>{label}</span>')


BADGE_TOKEN = "KBEV{}KBEV"
BADGE_TOKEN_RE = re.compile(r"KBEV([a-z]+)KBEV")


def tokenize_badges(markdown: str, content: Content) -> str:
    """[[ev:level]] becomes a plain word for Markdown (cheap to parse); expand_badges() makes it HTML."""
    return BADGE_RE.sub(lambda m: BADGE_TOKEN.format(m.group(1)) if m.group(1) in content.evidence else m.group(0),
                        markdown)


def expand_badges(page_html: str, content: Content, lang: str) -> str:
    return BADGE_TOKEN_RE.sub(lambda m: badge_html(content, m.group(1), lang) if m.group(1) in content.evidence
                              else m.group(0), page_html)


def legend(content: Content, lang: str, about_url: str) -> str:
    """The evidence legend shown under every page that carries badges."""
    sep = "：" if lang == "zh" else ": "
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
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_(?=\S)|`)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def faq_index(content: Content, lang: str) -> str:
    """Markdown for the FAQ index of one language: filter box, categories with counts, entries."""
    entries = content.faq(lang)
    sep = "：" if lang == "zh" else ": "
    label = html.escape(ui(content, "faq_filter_label", lang))
    out = [
        # Visible from the first paint (no layout shift when kb.js starts); hidden without JavaScript.
        '<noscript><style>.kb-faq-filter{display:none}</style></noscript>',
        '<div class="kb-faq-filter">',
        f'<label for="kb-faq-q">{label}</label>',
        f'<input id="kb-faq-q" type="search" autocomplete="off" placeholder="{html.escape(ui(content, "faq_filter_placeholder", lang))}">',
        f'<p class="kb-faq-count" aria-live="polite" data-template="{html.escape(ui(content, "faq_count", lang, n="{n}"))}">'
        f'{html.escape(ui(content, "faq_count", lang, n=len(entries)))}</p>',
        f'<p class="kb-faq-none" hidden>{html.escape(ui(content, "faq_no_match", lang))}</p>',
        "</div>", "",
    ]
    for key, names in content.categories.items():
        group = [d for d in entries if d.meta.get("category") == key]
        if not group:
            continue
        count = f"（{len(group)}）" if lang == "zh" else f" ({len(group)})"
        out += [f'<section class="kb-faq-cat" markdown>', "", f"## {names[lang]}{count} {{ #{key} }}", ""]
        for doc in group:
            tags = [content.tags[t][lang] for t in doc.meta.get("tags", []) if t in content.tags]
            tag_html = " ".join(f'<span class="kb-tag">{html.escape(t)}</span>' for t in tags)
            level = doc.meta.get("evidence")
            out += [
                f'<div class="kb-faq-item" id="{doc.faq_id}" markdown>',
                "",
                f'<p class="kb-faq-q" markdown>[{md_escape(doc.title)}]({doc.faq_id}.md)</p>',
                "",
                tokenize_badges(doc.short_answer, content),
                "",
                f'<p class="kb-faq-meta">{html.escape(ui(content, "faq_tags", lang))}{sep}{tag_html}'
                f' · {html.escape(ui(content, "faq_evidence", lang))}{sep}{BADGE_TOKEN.format(level)}'
                "</p>",
                "",
                "</div>",
                "",
            ]
        out += ["</section>", ""]
    return "\n".join(out)


def faq_jsonld(content: Content, lang: str, page_url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "zh-CN" if lang == "zh" else "en",
        "url": page_url,
        "mainEntity": [
            {
                "@type": "Question",
                "name": markdown_to_text(doc.title),
                "url": f"{page_url}{doc.faq_id}/",
                "acceptedAnswer": {"@type": "Answer", "text": markdown_to_text(doc.short_answer)},
            }
            for doc in content.faq(lang)
        ],
    }
    # Safe inside <script>: no "</" can close the element early.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def sources_list(content: Content, lang: str) -> str:
    out = []
    for level, names in content.evidence.items():
        group = [s for s in content.sources if s.get("level") == level]
        if not group:
            continue
        count = f"（{len(group)}）" if lang == "zh" else f" ({len(group)})"
        out += [f"## {names[lang]}{count} {{ #{level} }}", ""]
        for s in group:
            date = ui(content, "undated", lang) if str(s.get("date")) == "undated" else s.get("date")
            note = (s.get("note") or {}).get(lang, "")
            flag = f" *（{ui(content, 'source_not_recommended', lang)}）*" if s.get("recommend") is False and lang == "zh" else (
                f" *({ui(content, 'source_not_recommended', lang)})*" if s.get("recommend") is False else "")
            sep = "，" if lang == "zh" else ", "
            checked = ui(content, "source_col_checked", lang)
            colon = "：" if lang == "zh" else ": "
            out.append(f"- [{s['title']}]({s['url']}){sep}{s['publisher']}{sep}{date} [[ev:{level}]]"
                       f"{sep}{checked}{colon}{s.get('checked')}{flag}" + (f"  \n  {note}" if note else ""))
        out.append("")
    return tokenize_badges("\n".join(out), content)


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
    colon = "：" if lang == "zh" else ": "
    labels = {"zh": ("问题", "结果", "重新开始", "上一步", "第 {n} 步"),
              "en": ("Question", "Result", "Start over", "Back", "Step {n}")}[lang]
    out = ['<noscript><style>.kb-triage>.kb-triage__q,.kb-triage>.kb-triage__r{display:block!important}</style></noscript>',
           f'<div class="kb-triage" data-start="q-{tree["start"]}" data-restart="{labels[2]}" data-back="{labels[3]}" '
           f'data-step="{labels[4]}" markdown>', ""]
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


def letter_builder(content: Content, lang: str) -> str:
    """The appeal-letter form (shown by kb.js) and its texts as JSON. Nothing is sent anywhere."""
    f = {k: v[lang] for k, v in content.letter["form"].items()}
    data = {"lang": lang, "form": f, "letter": content.letter["letter"]}
    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
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
               if lang == "zh" else "")
    return "\n".join([
        f'<script type="application/json" id="kb-letter-data">{blob}</script>',
        '<form class="kb-letter" id="kb-letter" hidden>',
        f'<fieldset><legend>{e(f["legend_account"])}</legend>',
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
        area("doing"), area("changed"), check("policies"), field("name"),
        "</fieldset>",
        check("remember"),
        f'<p><button type="button" class="md-button" id="kb-letter-clear">{e(f["clear"])}</button></p>',
        "</form>",
        '<div class="kb-letter__out" id="kb-letter-out" hidden>',
        f'<h3 id="kb-letter-title">{e(f["output_title"])}</h3>',
        f'<pre class="kb-letter__text" id="kb-letter-text" tabindex="0" aria-labelledby="kb-letter-title">{e(f["empty"])}</pre>',
        f'<p><button type="button" class="md-button md-button--primary" id="kb-letter-copy">{e(f["copy"])}</button> '
        f'<span class="kb-letter__status" id="kb-letter-status" role="status"></span></p>',
        preview,
        "</div>",
        "",
    ])
