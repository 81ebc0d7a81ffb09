"""Validation rules over the content model. Every rule returns Problems naming file, line and fix."""

from __future__ import annotations

import difflib
import re
from urllib.parse import urlsplit

from .model import (
    BADGE_RE, DANGEROUS_TAG_RE, LINK_RE, EVENT_ATTR_RE, FAQ_CATEGORY_DIR, FAQ_FIELDS, FENCE_RE, ID_RE, JS_URL_RE, AUTHORED,
    MAX_DESCRIPTION, PAGE_FIELDS, PLACEHOLDER, SOURCE_LANG, Content, Doc, parse_date, today,
)
from .problems import Problem

SOURCE_FIELDS = ("url", "title", "publisher", "date", "level", "checked", "checked_by")
SOURCE_DATE_RE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|undated)$")


def _suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def bilingual(value, allow_empty: bool = False) -> bool:
    """A {zh: …, en: …} mapping with text in every language (non-blank unless allow_empty)."""
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) and (allow_empty or value[lang].strip())
                                           for lang in AUTHORED)


def check_fields(doc: Doc, content: Content) -> list[Problem]:
    schema = FAQ_FIELDS if doc.is_faq else PAGE_FIELDS
    out: list[Problem] = []
    p = doc.repo_path
    for key in doc.meta:
        if key not in schema:
            out.append(Problem(p, doc.line_of(key), str(key), f"unknown front-matter field '{key}'{_suggest(key, schema)}",
                               f"remove it, or use one of: {', '.join(schema)}"))
    for key, (required, kind, help_text) in schema.items():
        if key not in doc.meta:
            if required:
                out.append(Problem(p, 1, key, f"missing required field '{key}'", f"add '{key}:' with {help_text}"))
            continue
        value, line = doc.meta[key], doc.line_of(key)
        if value is None or (isinstance(value, (str, list, dict)) and not value):
            out.append(Problem(p, line, key, f"field '{key}' is empty", f"give it {help_text}"))
            continue
        if kind == "date":
            date = parse_date(value)
            if date is None:
                out.append(Problem(p, line, key, f"'{value}' is not a valid date", "write a real date as YYYY-MM-DD, e.g. 2026-11-24"))
            elif key == "reviewed" and date > today():
                out.append(Problem(p, line, key, f"review date {date} is in the future",
                                   f"use the date you actually reviewed the page (today is {today()})"))
        elif kind in ("text", "key") and not isinstance(value, str):
            out.append(Problem(p, line, key, f"field '{key}' must be text, not {type(value).__name__}",
                               f"write {help_text}" + (" in quotes" if kind == "text" else "")))
        elif kind == "list" and not isinstance(value, list):
            out.append(Problem(p, line, key, f"field '{key}' must be a list, not {type(value).__name__}",
                               f"write it as [a, b]; {help_text}"))
        elif kind == "dict" and not isinstance(value, dict):
            out.append(Problem(p, line, key, f"field '{key}' must be a mapping", f"write {help_text}"))
    for key, value in doc.meta.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and re.search(rf"\b{PLACEHOLDER}\b", v) for v in values):
            out.append(Problem(p, doc.line_of(key), str(key), f"placeholder '{PLACEHOLDER}' left in '{key}'",
                               f"replace the {PLACEHOLDER} text with the real {key}"))
    desc = doc.meta.get("description")
    if isinstance(desc, str) and len(desc) > MAX_DESCRIPTION:
        out.append(Problem(p, doc.line_of("description"), "description",
                           f"description is {len(desc)} characters long", f"shorten it to at most {MAX_DESCRIPTION}"))
    if doc.lang == SOURCE_LANG and "source_hash" in doc.meta:
        out.append(Problem(p, doc.line_of("source_hash"), "source_hash", "source_hash belongs on translations only",
                           "remove it from the Chinese (source) page"))
    return out


def check_faq(doc: Doc, content: Content) -> list[Problem]:
    out: list[Problem] = []
    p, m = doc.repo_path, doc.meta
    if not ID_RE.match(doc.faq_id):
        out.append(Problem(p, 0, "file", f"file name '{doc.faq_id}.md' is not a valid FAQ id",
                           "rename it to lowercase ASCII words joined by hyphens, e.g. appeal-in-english.md (in both languages)"))
    fid = m.get("id")
    if isinstance(fid, str) and fid and fid != doc.faq_id:
        out.append(Problem(p, doc.line_of("id"), "id", f"id '{fid}' does not match the file name '{doc.faq_id}.md'",
                           f"set 'id: {doc.faq_id}', or rename the file to {fid}.md in both languages"))
    cat = m.get("category")
    if isinstance(cat, str) and cat and cat not in content.categories:
        out.append(Problem(p, doc.line_of("category"), "category", f"unknown category '{cat}'{_suggest(cat, content.categories)}",
                           f"use one of: {', '.join(content.categories)} (defined in data/faq_categories.yml)"))
    tags = m.get("tags")
    if isinstance(tags, list):
        for tag in tags:
            if not isinstance(tag, str) or tag not in content.tags:
                out.append(Problem(p, doc.line_of("tags"), "tags", f"unknown tag '{tag}'{_suggest(tag, content.tags)}",
                                   "use keys from data/faq_tags.yml, or add the new tag there with zh and en names"))
        if len(set(map(str, tags))) != len(tags):
            out.append(Problem(p, doc.line_of("tags"), "tags", "a tag is listed twice", "list each tag once"))
    ev = m.get("evidence")
    if isinstance(ev, str) and ev and ev not in content.evidence:
        out.append(Problem(p, doc.line_of("evidence"), "evidence", f"unknown evidence level '{ev}'{_suggest(ev, content.evidence)}",
                           f"use one of: {', '.join(content.evidence)}"))
    first = doc.short_answer
    if not first:
        out.append(Problem(p, doc.body_line, "short answer", "the answer is empty",
                           "write the short answer (two or three sentences) as the first paragraph after the front matter"))
    elif re.match(r"^(#|[-*+] |\d+[.)] |>|!!!|\?\?\?|\||```|~~~|<)", first):
        out.append(Problem(p, doc.body_line, "short answer", "the first block is not a plain paragraph",
                           "start the body with the short answer as plain text; put headings, lists and notes after it"))
    for i, line in enumerate(doc.masked_body.split("\n")):
        if re.match(r"^#\s", line):
            out.append(Problem(p, doc.body_line + i, "body", "FAQ entries have no '# ' heading: the question is the title",
                           "remove the heading, or make it '## ' if it starts a section"))
    return out


def check_body(doc: Doc, content: Content) -> list[Problem]:
    out: list[Problem] = []
    p = doc.repo_path
    masked = doc.masked_body.split("\n")
    for i, line in enumerate(masked):
        n = doc.body_line + i
        if re.search(rf"\b{PLACEHOLDER}\b", line):
            out.append(Problem(p, n, "placeholder", f"placeholder '{PLACEHOLDER}' left in the text",
                               f"replace every {PLACEHOLDER} with the real text"))
        m = DANGEROUS_TAG_RE.search(line)
        if m:
            out.append(Problem(p, n, "html", f"raw <{m.group(1).lower()}> tag is not allowed",
                               "remove it; pages are Markdown, and interactive parts belong in overrides/ or docs/assets/"))
    for m in EVENT_ATTR_RE.finditer(doc.masked_body):
        n = doc.body_line + doc.masked_body[: m.start(1)].count("\n")
        out.append(Problem(p, n, "html", f"event attribute '{m.group(1)}=' is not allowed", "remove the attribute"))
    for m in JS_URL_RE.finditer(doc.masked_body):
        n = doc.body_line + doc.masked_body[: m.start(1)].count("\n")
        out.append(Problem(p, n, "link", f"'{m.group(1).lower()}:' URLs are not allowed", "link to a page or an https:// source instead"))
    for i, line in enumerate(masked):
        if re.match(r"^#{1,6}\s", line) and BADGE_RE.search(line):
            out.append(Problem(p, doc.body_line + i, "evidence badge", "evidence badges do not belong in headings",
                               "put the badge in the sentence under the heading, after the claim it qualifies"))
    for n, level in doc.badges:
        if level not in content.evidence:
            out.append(Problem(p, n, "evidence badge", f"unknown evidence level '[[ev:{level}]]'{_suggest(level, content.evidence)}",
                               f"use one of: {', '.join('[[ev:%s]]' % k for k in content.evidence)}"))
    # Unbalanced code fences: a fence opened and never closed swallows the rest of the page.
    fence = None
    for i, line in enumerate(doc.body.split("\n")):
        m = FENCE_RE.match(line)
        if not m:
            continue
        if fence is None:
            fence = (m.group(1), doc.body_line + i)
        elif m.group(1)[0] == fence[0][0] and len(m.group(1)) >= len(fence[0]) and not m.group(2).strip():
            fence = None
    if fence:
        out.append(Problem(p, fence[1], "code fence", f"code fence '{fence[0]}' is never closed",
                           f"add a closing line '{fence[0]}' after the code"))
    for n, target in doc.links:
        out.extend(check_link(doc, n, target, content))
    for i, line in enumerate(masked):
        if re.match(r"^#{1,6}\s.*\{\s*#sources\s*\}", line):
            out.append(Problem(p, doc.body_line + i, "sources", "a hand-written Sources section",
                               "delete this section: the build lists every source the page links, from data/sources.yml"))
    out.extend(check_evidence_strength(doc, content))
    return out


def denied(content: Content, url: str) -> list[str]:
    """Why data/denylist.yml forbids linking this URL (empty when it is allowed)."""
    deny = content.denylist or {}
    # The host as written (a trailing dot kept), lower-case; empty for relative links.
    host = urlsplit(url).netloc.split("@")[-1].split(":")[0].lower() if re.match(r"[a-z]+://", url, re.I) else ""
    reasons = [f"link to a denylisted site ({rule['reason']})" for rule in deny.get("hosts", []) or []
               if host and re.search(rule["pattern"], host, re.I)]
    reasons += [f"link to a denylisted kind of URL ({rule['reason']})" for rule in deny.get("url_patterns", []) or []
                if re.search(rule["pattern"], url, re.I)]
    return reasons


def check_link(doc: Doc, line: int, target: str, content: Content) -> list[Problem]:
    p = doc.repo_path
    out = [Problem(p, line, "link", f"{reason}: {target}", "remove the link; we never link to such sites (data/denylist.yml)")
           for reason in denied(content, target)]
    listed = "sources.yml" not in content.broken  # an unreadable sources.yml is reported once, not per link
    if re.match(r"https?://", target) and not out and listed and target not in content.source_urls:
        out.append(Problem(p, line, "link", f"external link is not in data/sources.yml: {target}",
                           "add the source to data/sources.yml (title, publisher, date, level, checked, checked_by), or link a listed source"))
    if re.match(r"(ftp|file|mailto):", target, re.I):
        out.append(Problem(p, line, "link", f"unsupported link scheme: {target}", "link to an https:// page instead"))
    return out


def check_evidence_strength(doc: Doc, content: Content) -> list[Problem]:
    """A badge may not claim more than its sources: an [[ev:official]] needs an official source in the
    same paragraph, list item or table row (or, when that block links nothing, in its section)."""
    out: list[Problem] = []
    if "sources.yml" in content.broken:
        return out
    for block in doc.claim_blocks:
        scope = block.urls or block.section_urls
        best = content.strongest(scope)
        for m in BADGE_RE.finditer(block.text):
            level = m.group(1)
            if level not in content.evidence or level == "unverified":
                continue
            if best is None or content.level_rank(level) > content.level_rank(best):
                n = block.line + block.text[: m.start()].count("\n")
                where = "this paragraph, list item or table row" if block.urls else "this section"
                found = f"the strongest source cited in {where} is '{best}'" if best else f"{where} cites no source"
                out.append(Problem(doc.repo_path, n, "evidence badge", f"[[ev:{level}]] is stronger than its sources: {found}",
                                   f"cite a source of level '{level}' next to the claim, or lower the badge to what the sources support"))
    if doc.is_faq and "evidence" not in doc.meta and content.cited_urls(doc):
        out.append(Problem(doc.repo_path, 1, "evidence", "missing field 'evidence': the entry cites sources",
                           "add 'evidence:' with the level of the strongest source the answer rests on"))
    if doc.is_faq and isinstance(doc.meta.get("evidence"), str) and doc.meta["evidence"] in content.evidence:
        level = doc.meta["evidence"]
        best = content.strongest(content.cited_urls(doc))
        if level != "unverified" and (best is None or content.level_rank(level) > content.level_rank(best)):
            found = f"the strongest source it cites is '{best}'" if best else "it cites no source"
            out.append(Problem(doc.repo_path, doc.line_of("evidence"), "evidence",
                               f"evidence '{level}' is stronger than the entry's sources: {found}",
                               "set evidence: to the level of the strongest source the answer rests on, or cite that source"))
    return out


def check_pairs(content: Content) -> list[Problem]:
    """Both languages have the same pages; translations agree on what must not differ."""
    out: list[Problem] = []
    zh, en = content.docs.get("zh", {}), content.docs.get("en", {})
    for a, b in ((zh, "en"), (en, "zh")):
        for rel_path, doc in a.items():
            if rel_path not in content.docs.get(b, {}):
                hint = (f"run `make new-faq ID={doc.faq_id}` style scaffolding, or copy the page to docs/{b}/{rel_path} and translate it"
                        if doc.is_faq else f"create docs/{b}/{rel_path} with the translation")
                out.append(Problem(doc.repo_path, 0, "translation", f"missing translation: docs/{b}/{rel_path} does not exist",
                                   hint + f" (or delete {doc.repo_path})"))
    for rel_path, e in en.items():
        z = zh.get(rel_path)
        if z is None or not (z.readable and e.readable):
            continue
        if e.is_faq:
            for key in ("id", "category", "evidence"):
                if z.meta.get(key) != e.meta.get(key):
                    out.append(Problem(e.repo_path, e.line_of(key), key,
                                       f"{key} '{e.meta.get(key)}' differs from the Chinese entry ('{z.meta.get(key)}')",
                                       f"use the same {key} in {z.repo_path} and {e.repo_path}"))
            if sorted(map(str, z.meta.get("tags") or [])) != sorted(map(str, e.meta.get("tags") or [])):
                out.append(Problem(e.repo_path, e.line_of("tags"), "tags", "tags differ from the Chinese entry",
                                   f"use the same tags in both languages: {z.meta.get('tags')}"))
        zu, eu = set(z.external_urls), set(e.external_urls)
        if zu != eu:
            detail = "; ".join(filter(None, [
                ("missing here: " + ", ".join(sorted(zu - eu))) if zu - eu else "",
                ("not in the Chinese page: " + ", ".join(sorted(eu - zu))) if eu - zu else ""]))
            out.append(Problem(e.repo_path, 0, "sources", f"cites different sources than {z.repo_path}: {detail}",
                               "cite the same source URLs in both languages"))
        zb, eb = [lvl for _, lvl in z.badges], [lvl for _, lvl in e.badges]
        if zb != eb:
            at = next((i for i, (a, b) in enumerate(zip(zb, eb)) if a != b), min(len(zb), len(eb)))
            line = e.badges[at][0] if at < len(e.badges) else 0
            out.append(Problem(e.repo_path, line, "evidence badge",
                               f"evidence badges differ from {z.repo_path}: {len(eb)} here, {len(zb)} there; "
                               f"badge {at + 1} is {eb[at] if at < len(eb) else 'missing'} here, {zb[at] if at < len(zb) else 'missing'} there",
                               "give the same claims the same badges, in the same order, in both languages"))
        zi, ei = set(z.internal_links), set(e.internal_links)
        if zi != ei:
            detail = "; ".join(filter(None, [
                ("missing here: " + ", ".join(sorted(zi - ei))) if zi - ei else "",
                ("not in the Chinese page: " + ", ".join(sorted(ei - zi))) if ei - zi else ""]))
            out.append(Problem(e.repo_path, 0, "links", f"links to other pages differ from {z.repo_path}: {detail}",
                               "link the same pages and sections in both languages"))
        if z.heading_ids != e.heading_ids:
            missing = [i for i in z.heading_ids if i not in e.heading_ids]
            extra = [i for i in e.heading_ids if i not in z.heading_ids]
            detail = ", ".join([*(f"missing #{i}" for i in missing), *(f"extra #{i}" for i in extra)]) or "different order"
            out.append(Problem(e.repo_path, 0, "heading ids", f"heading ids differ from {z.repo_path}: {detail}",
                               "give the same sections the same { #id } in both languages, in the same order"))
    return out


def check_duplicates(content: Content) -> list[Problem]:
    out: list[Problem] = []
    for lang in AUTHORED:
        ids: dict[str, Doc] = {}
        questions: dict[str, Doc] = {}
        for doc in content.faq(lang):
            fid = doc.meta.get("id")
            if isinstance(fid, str) and fid:
                if fid in ids:
                    out.append(Problem(doc.repo_path, doc.line_of("id"), "id", f"duplicate id '{fid}': also used by {ids[fid].repo_path}",
                                       "every question needs its own id; rename this file and its id"))
                else:
                    ids[fid] = doc
            q = doc.meta.get("question")
            if isinstance(q, str) and q.strip():
                key = re.sub(r"[\s\W_]+", "", q.casefold())
                if key in questions:
                    out.append(Problem(doc.repo_path, doc.line_of("question"), "question",
                                       f"duplicate question: same as {questions[key].repo_path}",
                                       "merge the two entries, or make each question distinct"))
                else:
                    questions[key] = doc
    return out


def check_data(content: Content) -> list[Problem]:
    out: list[Problem] = []
    for name, table in (("data/faq_categories.yml", content.categories), ("data/faq_tags.yml", content.tags),
                        ("data/evidence.yml", content.evidence)):
        if not isinstance(table, dict) or not table:
            out.append(Problem(name, 0, "file", "must be a non-empty mapping of key: {zh: …, en: …}", "restore the file's structure"))
            continue
        for key, names in table.items():
            if not bilingual(names):
                out.append(Problem(name, 0, str(key), f"'{key}' needs a name in each language", f"write {key}: {{zh: …, en: …}}"))
    ui = (content.site or {}).get("ui")
    if not isinstance(ui, dict):
        out.append(Problem("data/site.yml", 0, "ui", "the interface texts (ui:) are missing", "restore ui: from git"))
        ui = {}
    for key, value in ui.items():
        if not bilingual(value, allow_empty=True):
            out.append(Problem("data/site.yml", 0, f"ui.{key}", "an interface text needs zh and en",
                               f"write {key}: {{zh: …, en: …}} under ui:"))
    return out + check_sources(content)


def check_sources(content: Content) -> list[Problem]:
    """data/sources.yml: complete entries, known levels and checkers, no denylisted URL, and no entry
    that no page cites (the Sources page lists only what the site cites)."""
    name = "data/sources.yml"
    if "sources.yml" in content.broken:
        return []
    if not isinstance(content.sources, list):
        return [Problem(name, 0, "file", "must be a list of sources", "restore the file's structure")]
    out: list[Problem] = []
    seen: set[str] = set()
    checkers = (content.site or {}).get("checked_by") or {}
    for i, src in enumerate(content.sources):
        line = content.source_lines.get(i, 0)
        if not isinstance(src, dict):
            out.append(Problem(name, line, f"entry {i + 1}", "each source must be a mapping", "see the comment at the top of the file"))
            continue
        label = str(src.get("url", f"entry {i + 1}"))

        def bad(message: str, fix: str) -> None:
            out.append(Problem(name, line, label, message, fix))

        for key in SOURCE_FIELDS:
            if not src.get(key):
                bad(f"source is missing '{key}'", f"add '{key}:' to this entry")
        if src.get("level") and src["level"] not in content.evidence:
            bad(f"unknown level '{src['level']}'", f"use one of: {', '.join(content.evidence)}")
        for key in ("date", "checked"):
            if src.get(key) and not SOURCE_DATE_RE.match(str(src[key])):
                bad(f"'{key}: {src[key]}' is not YYYY, YYYY-MM, YYYY-MM-DD or undated",
                    "write the date as the source states it, or 'undated'")
        if src.get("checked_by") and src["checked_by"] not in checkers:
            bad(f"unknown checked_by '{src['checked_by']}'{_suggest(src['checked_by'], checkers)}",
                f"use one of: {', '.join(checkers)} (data/site.yml, checked_by), or add who checked it there")
        for key in ("title", "publisher"):
            if isinstance(src.get(key), dict) and not bilingual(src[key]):
                bad(f"{key} must be one text, or {{zh: …, en: …}} with both languages", f"write {key}: {{zh: …, en: …}}")
        if src.get("url"):
            for reason in denied(content, str(src["url"])):
                bad(reason, "remove this source and every link to it (data/denylist.yml); cite the original page instead")
            if src["url"] not in content.citations:
                bad("no page cites this source", "cite it where it supports a claim, or delete the entry")
        if src.get("url") in seen:
            bad("the same URL is listed twice", "keep one entry")
        seen.add(src.get("url"))
    return out


def check_errors(content: Content) -> list[Problem]:
    """data/errors.yml, the error decoder: every row complete, sourced and no stronger than its sources."""
    name = "data/errors.yml"
    rows = content.errors
    if "sources.yml" in content.broken or "errors.yml" in content.broken:
        return []
    if not isinstance(rows, list):
        return [Problem(name, 0, "file", "must be a list of decoder rows", "see the comment at the top of the file")]
    out: list[Problem] = []
    ids: set[str] = set()
    for i, row in enumerate(rows):
        line = content.error_lines.get(i, 0)
        if not isinstance(row, dict):
            out.append(Problem(name, line, f"row {i + 1}", "each row must be a mapping", "see the comment at the top of the file"))
            continue
        rid = str(row.get("id") or f"row {i + 1}")

        def bad(message: str, fix: str) -> None:
            out.append(Problem(name, line, rid, message, fix))

        if not ID_RE.match(rid):
            bad(f"id '{rid}' is not lowercase words joined by hyphens", "give the row an id such as access-denied-1020")
        elif rid in ids:
            bad(f"duplicate id '{rid}'", "every row needs its own id")
        ids.add(rid)
        messages, codes = row.get("messages") or [], row.get("codes") or []
        if not isinstance(messages, list) or not isinstance(codes, list) or not (messages or codes):
            bad("a row needs 'messages' (exact texts) and/or 'codes' (error codes), as lists",
                "list the exact words readers see, e.g. messages: [\"Access denied\"], codes: [\"1020\"]")
        for key in ("meaning", "next"):
            if not bilingual(row.get(key)):
                bad(f"'{key}' needs text in both languages", f"write {key}: {{zh: …, en: …}}")
        if row.get("where") is not None and not bilingual(row.get("where")):
            bad("'where' needs text in both languages", "write where: {zh: …, en: …}")
        level = row.get("evidence")
        if level not in content.evidence:
            bad(f"unknown evidence level '{level}'", f"use one of: {', '.join(content.evidence)}")
            continue
        sources = row.get("sources") or []
        for url in sources:
            if url not in content.source_urls:
                bad(f"source is not in data/sources.yml: {url}", "add it to data/sources.yml, or cite a listed source")
            for reason in denied(content, str(url)):
                bad(f"{reason}: {url}", "cite another source (data/denylist.yml)")
        best = content.strongest(sources)
        if level != "unverified" and (best is None or content.level_rank(level) > content.level_rank(best)):
            found = f"its strongest source is '{best}'" if best else "it cites no source"
            bad(f"evidence '{level}' is stronger than the row's sources: {found}",
                "lower the evidence to what the sources support, or add a source of that level")
        for key in ("meaning", "next"):
            for lang in AUTHORED:
                text = (row.get(key) or {}).get(lang, "") if isinstance(row.get(key), dict) else ""
                for m in LINK_RE.finditer(text):
                    target = m.group(1)
                    if re.match(r"https?://", target):
                        bad(f"{key}.{lang} links {target} directly", "list the URL under sources: instead")
                        continue
                    page, _, anchor = target.partition("#")
                    doc = content.doc(lang, page)
                    if doc is None:
                        bad(f"{key}.{lang} links a page that does not exist: docs/{lang}/{page}",
                            "link an existing page, relative to docs/<lang>/ (e.g. faq/delete-account.md)")
                    elif anchor and anchor not in doc.heading_ids:
                        bad(f"{key}.{lang} links a section docs/{lang}/{page} does not have: #{anchor}",
                            f"use one of: {', '.join(doc.heading_ids) or '(no section ids on that page)'}")
    return out


def check_redirects(content: Content) -> list[Problem]:
    """data/redirects.yml: an old FAQ id keeps working after it was merged into another entry."""
    name = "data/redirects.yml"
    table = content.redirects
    if not isinstance(table, dict):
        return [Problem(name, 0, "file", "must be a mapping old-id: new-id", "write one 'old-id: new-id' per line")]
    out = []
    ids = {d.faq_id for d in content.faq("zh")}
    for old, new in table.items():
        if old in ids:
            out.append(Problem(name, 0, str(old), f"'{old}' is still a live entry", f"delete docs/*/faq/{old}.md, or remove the redirect"))
        if new not in ids:
            out.append(Problem(name, 0, str(old), f"redirect target '{new}' is not a FAQ entry{_suggest(new, ids)}",
                               "point it at an existing entry id"))
    return out


def validate(content: Content) -> list[Problem]:
    """Every problem that must fail the build. (Outdated translations and stale pages are notices.)"""
    problems = list(content.problems) + check_data(content) + check_errors(content) + check_redirects(content)
    # The tools' data files are checked when present, and required where a page uses a tool.
    uses = lambda marker: any(marker in d.body for d in content.all_docs())  # noqa: E731
    if content.triage or uses("<!-- triage -->"):
        problems += check_triage(content)
    if content.letter or uses("<!-- appeal-letter-builder -->"):
        problems += check_letter(content)
    for doc in content.all_docs():
        if not doc.readable:
            continue
        problems += check_fields(doc, content)
        problems += check_body(doc, content)
        if doc.is_faq:
            problems += check_faq(doc, content)
    problems += check_pairs(content)
    problems += check_duplicates(content)
    problems += check_category_pages(content)
    problems += check_hant(content)
    return sorted(set(problems))


def check_hant(content: Content) -> list[Problem]:
    """The generated Traditional Chinese: no Simplified character left outside code and URLs, and
    every glossary term applied (scripts/kb/hant.py). Problems name the Simplified source."""
    from . import hant

    out = [p for doc in content.docs.get(hant.LANG, {}).values() if doc.readable
           for p in hant.check_text(doc.repo_path, doc.raw, content.glossary)]
    for path, where, value in content.derived_data:
        out += hant.check_value(path, where, value, content.glossary)
    return out


def check_category_pages(content: Content) -> list[Problem]:
    """Each category that has questions has its listing page (faq/category/<key>.md, with the
    marker) in every language, and every such page names a known category."""
    from .render import FAQ_CATEGORY_MARKER
    out = []
    for lang in AUTHORED:
        pages = {d.faq_category_page: d for d in content.docs[lang].values() if d.faq_category_page and d.readable}
        for key, doc in pages.items():
            if key not in content.categories:
                out.append(Problem(doc.repo_path, 1, "category page", f"'{key}' is not a category in data/faq_categories.yml",
                                   f"rename the file to one of: {', '.join(content.categories)}.md, or delete it"))
            elif FAQ_CATEGORY_MARKER not in doc.body:
                out.append(Problem(doc.repo_path, doc.body_line, "category page", f"the page has no {FAQ_CATEGORY_MARKER} marker",
                                   f"add a line {FAQ_CATEGORY_MARKER} where the list of questions belongs"))
        for key in content.categories:
            if content.faq_in(lang, key) and key not in pages:
                path = f"docs/{lang}/{FAQ_CATEGORY_DIR}/{key}.md"
                out.append(Problem(path, 0, "category page", f"category '{key}' has questions but no listing page",
                                   f"create {path} (copy another file in that folder; title = the category name, "
                                   f"body = {FAQ_CATEGORY_MARKER})"))
    return out


def outdated(content: Content) -> list[Problem]:
    """Translations whose Chinese source changed since they were last synced."""
    out = []
    for doc in content.docs.get("en", {}).values():
        if doc.readable and content.translation_state(doc) == "outdated":
            src = content.source_doc(doc)
            reason = "has no source_hash" if "source_hash" not in doc.meta else f"was translated from an older version of {src.repo_path}"
            out.append(Problem(doc.repo_path, doc.line_of("source_hash"), "source_hash", f"outdated translation: it {reason}",
                               f"update the English text to match {src.repo_path}, then run `make i18n-sync PAGE={doc.repo_path}`"))
    return sorted(out)


def stale(content: Content) -> list[Problem]:
    out = []
    for doc in content.all_docs():
        if doc.readable and content.is_stale(doc):
            out.append(Problem(doc.repo_path, doc.line_of("reviewed"), "reviewed",
                               f"last reviewed {doc.reviewed}, more than {content.stale_after_days} days ago",
                               "re-check every fact and source on the page, then set 'reviewed:' to today's date"))
    return sorted(out)


def check_triage(content: Content) -> list[Problem]:
    """The triage tree: known targets, every question reachable, no loops, working result links."""
    name = "data/triage.yml"
    tree = content.triage
    if not isinstance(tree, dict) or not isinstance(tree.get("questions"), dict) or not isinstance(tree.get("results"), dict):
        return [Problem(name, 0, "file", "needs 'start', 'questions' and 'results'", "restore the file's structure")]
    questions, results = tree["questions"], tree["results"]
    out: list[Problem] = []

    def texts(where: str, value):
        if not bilingual(value):
            out.append(Problem(name, 0, where, "needs text in both languages", f"write {where}: {{zh: …, en: …}}"))

    if tree.get("start") not in questions:
        out.append(Problem(name, 0, "start", f"start question '{tree.get('start')}' does not exist", f"use one of: {', '.join(questions)}"))
    for qid, q in questions.items():
        texts(f"questions.{qid}.text", (q or {}).get("text"))
        options = (q or {}).get("options") or []
        if len(options) < 2:
            out.append(Problem(name, 0, f"questions.{qid}", "a question needs at least two options", "add options"))
        for i, opt in enumerate(options):
            where = f"questions.{qid}.options[{i}]"
            texts(f"{where}.label", opt.get("label"))
            nxt, res = opt.get("next"), opt.get("result")
            if bool(nxt) == bool(res):
                out.append(Problem(name, 0, where, "an option needs exactly one of 'next' or 'result'", "set next: <question> or result: <result>"))
            elif nxt and nxt not in questions:
                out.append(Problem(name, 0, where, f"next question '{nxt}' does not exist{_suggest(nxt, questions)}", f"use one of: {', '.join(questions)}"))
            elif res and res not in results:
                out.append(Problem(name, 0, where, f"result '{res}' does not exist{_suggest(res, results)}", f"use one of: {', '.join(results)}"))
    for rid, r in results.items():
        texts(f"results.{rid}.title", (r or {}).get("title"))
        texts(f"results.{rid}.body", (r or {}).get("body"))
        for j, link in enumerate((r or {}).get("links") or []):
            where = f"results.{rid}.links[{j}]"
            texts(where, link)
            for lang in AUTHORED:
                target = content.doc(lang, str(link.get("page")))
                if target is None:
                    out.append(Problem(name, 0, where, f"page docs/{lang}/{link.get('page')} does not exist", "link an existing page"))
                elif link.get("anchor") and link["anchor"] not in target.heading_ids:
                    out.append(Problem(name, 0, where, f"docs/{lang}/{link.get('page')} has no section {{ #{link['anchor']} }}",
                                       f"use one of: {', '.join(target.heading_ids)}"))
        if not (r or {}).get("links"):
            out.append(Problem(name, 0, f"results.{rid}", "a result needs at least one link to a page", "add links:"))
    if out:
        return out
    # Walk every path: each must end in a result without revisiting a question.
    reached_q, reached_r = set(), set()

    def walk(qid: str, seen: tuple) -> None:
        if qid in seen:
            out.append(Problem(name, 0, f"questions.{qid}", f"loop: {' → '.join(seen + (qid,))}", "make every path end in a result"))
            return
        reached_q.add(qid)
        for opt in questions[qid]["options"]:
            if opt.get("next"):
                walk(opt["next"], seen + (qid,))
            else:
                reached_r.add(opt["result"])

    walk(tree["start"], ())
    for qid in set(questions) - reached_q:
        out.append(Problem(name, 0, f"questions.{qid}", "question is never reached", "link it from an option, or remove it"))
    for rid in set(results) - reached_r:
        out.append(Problem(name, 0, f"results.{rid}", "result is never reached", "lead an option to it, or remove it"))
    return out


def triage_paths(content: Content) -> list[tuple[list[tuple[str, int]], str]]:
    """Every path through the tree as ([(question, option index), ...], result)."""
    questions = content.triage["questions"]
    paths = []

    def walk(qid: str, trail: list) -> None:
        for i, opt in enumerate(questions[qid]["options"]):
            step = trail + [(qid, i)]
            if opt.get("next"):
                walk(opt["next"], step)
            else:
                paths.append((step, opt["result"]))

    walk(content.triage["start"], [])
    return paths


def check_letter(content: Content) -> list[Problem]:
    name = "data/appeal_letter.yml"
    letter = content.letter
    out = []
    if not isinstance(letter, dict) or not isinstance(letter.get("form"), dict) or not isinstance(letter.get("letter"), dict):
        return [Problem(name, 0, "file", "needs 'form' and 'letter'", "restore the file's structure")]
    from .render import LETTER_FORM_KEYS, LETTER_KEYS
    for section, keys in (("form", LETTER_FORM_KEYS), ("letter", LETTER_KEYS)):
        for key in keys:
            if key not in letter[section]:
                out.append(Problem(name, 0, f"{section}.{key}", f"the builder needs '{key}' under '{section}'",
                                   f"add {key}: {{zh: …, en: …}} under {section}:"))
        for key, value in letter[section].items():
            if not bilingual(value, allow_empty=True):  # an English label may be empty (zh-only preview)
                out.append(Problem(name, 0, f"{section}.{key}", "needs zh and en text", f"write {key}: {{zh: …, en: …}}"))
    return out
