"""The bad-input corpus: malformed contributions, each applied to a copy of the minimal fixture site.

Each case names the gate that must stop it ("check" = `kb check`, run first by `make test`;
"build" = `mkdocs build --strict`, which the hook also runs validation for) and the message it
must produce. The message must also name the file. Cases are data: add one by appending a Case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FIXTURE_DOCS = Path(__file__).parent / "fixtures" / "minimal"

FAQ_ZH = "docs/zh/faq/error-1020.md"
FAQ_EN = "docs/en/faq/error-1020.md"
PAGE_ZH = "docs/zh/index.md"
PAGE_EN = "docs/en/index.md"
GLOSSARY = "data/zh_hant_glossary.yml"

GOOD_FAQ = """---
id: {id}
question: {question}
category: errors
tags: [cloudflare, error-code]
reviewed: 2026-11-24
---
{body}
"""


def faq(question="出现 1020 是什么意思？", body="这是 Cloudflare 的拦截页面，不是封号通知。", fid="error-1020", **fields) -> str:
    text = GOOD_FAQ.format(id=fid, question=question, body=body)
    for key, value in fields.items():
        if value is None:
            text = "\n".join(line for line in text.split("\n") if not line.startswith(f"{key}:"))
        elif any(line.startswith(f"{key}:") for line in text.split("\n")):
            text = "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.split("\n"))
        else:
            text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
    return text


@dataclass
class Case:
    name: str
    expect: str  # a substring of the message
    file: str  # the file the message must name
    gates: tuple = ("check", "build")
    write: dict = field(default_factory=dict)  # path -> str | bytes
    delete: tuple = ()
    append: dict = field(default_factory=dict)  # path -> text appended to the existing file


CASES = [
    Case("bad-yaml", "invalid YAML", FAQ_ZH, write={FAQ_ZH: faq(tags="[cloudflare, error-code")}),
    Case("wrong-type-tags", "field 'tags' must be a list", FAQ_ZH, write={FAQ_ZH: faq(tags="cloudflare")}),
    Case("wrong-type-question", "field 'question' must be text", FAQ_ZH, write={FAQ_ZH: faq(question="[1, 2]")}),
    Case("missing-field", "missing required field 'category'", FAQ_ZH, write={FAQ_ZH: faq(category=None)}),
    Case("empty-field", "field 'question' is empty", FAQ_ZH, write={FAQ_ZH: faq(question='""')}),
    Case("unknown-field", "unknown front-matter field 'categroy'", FAQ_ZH, write={FAQ_ZH: faq(categroy="errors")}),
    Case("duplicate-id", "duplicate id 'error-1020'", "docs/zh/faq/error-1020-copy.md",
         write={"docs/zh/faq/error-1020-copy.md": faq(question="另一个关于 1020 的问题？"),
                "docs/en/faq/error-1020-copy.md": faq(question="Another question about 1020?")}),
    Case("id-mismatch", "does not match the file name", FAQ_ZH, write={FAQ_ZH: faq(id="error-1021")}),
    Case("invalid-id-filename", "is not a valid FAQ id", "docs/zh/faq/Error_1020.md",
         write={"docs/zh/faq/Error_1020.md": faq(fid="Error_1020", question="大写文件名？"),
                "docs/en/faq/Error_1020.md": faq(fid="Error_1020", question="Upper-case file name?")}),
    Case("unknown-category", "unknown category 'eror'", FAQ_ZH, write={FAQ_ZH: faq(category="eror")}),
    Case("unknown-tag", "unknown tag 'clodflare'", FAQ_ZH, write={FAQ_ZH: faq(tags="[clodflare]")}),
    Case("unknown-evidence-level", "unknown evidence level 'rumour'", FAQ_ZH, write={FAQ_ZH: faq(evidence="rumour")}),
    Case("unknown-evidence-badge", "unknown evidence level '[[ev:rumor]]'", PAGE_ZH,
         append={PAGE_ZH: "\n据说如此 [[ev:rumor]]。\n"}),
    Case("numeric-source-hash", "field 'source_hash' must be text, not int", PAGE_EN,
         write={PAGE_EN: re.sub(r"(?m)^source_hash: .*$", "source_hash: 123456789012",
                                (FIXTURE_DOCS / PAGE_EN).read_text(encoding="utf-8"))}),
    Case("badge-in-heading", "evidence badges do not belong in headings", PAGE_ZH,
         append={PAGE_ZH: "\n## 标题 [[ev:official]] { #badge-heading }\n\n正文。\n"}),
    Case("duplicate-question", "duplicate question", "docs/zh/faq/ask-again.md",
         write={"docs/zh/faq/ask-again.md": faq(fid="ask-again", question="申诉必须用英文写吗？", category="appeal"),
                "docs/en/faq/ask-again.md": faq(fid="ask-again", question="Asked again?", category="appeal")}),
    Case("missing-translation", "missing translation: docs/en/faq/error-1020.md", FAQ_ZH, delete=(FAQ_EN,)),
    Case("categories-differ", "category 'appeal' differs from the Chinese entry", FAQ_EN,
         write={FAQ_EN: faq(question="What is 1020?", body="A Cloudflare block page.", category="appeal")}),
    Case("tags-differ", "tags differ from the Chinese entry", FAQ_EN,
         write={FAQ_EN: faq(question="What is 1020?", body="A Cloudflare block page.", tags="[cloudflare]")}),
    Case("empty-short-answer", "the answer is empty", FAQ_ZH, write={FAQ_ZH: faq(body="")}),
    Case("short-answer-not-paragraph", "the first block is not a plain paragraph", FAQ_ZH,
         write={FAQ_ZH: faq(body="- 列表不是简短回答\n")}),
    Case("h1-in-faq", "FAQ entries have no '# ' heading", FAQ_ZH,
         write={FAQ_ZH: faq(body="这是简短回答。\n\n# 多余的标题\n")}),
    Case("future-review-date", "is in the future", FAQ_ZH, write={FAQ_ZH: faq(reviewed="2999-01-01")}),
    Case("invalid-date", "'2026-13-45' is not a valid date", FAQ_ZH, write={FAQ_ZH: faq(reviewed="2026-13-45")}),
    Case("placeholder-left", "placeholder 'TODO' left in the text", FAQ_ZH,
         write={FAQ_ZH: faq(body="TODO：简短回答。")}),
    Case("placeholder-in-front-matter", "placeholder 'TODO' left in 'question'", FAQ_ZH,
         write={FAQ_ZH: faq(question="TODO：用读者的口吻写下问题？")}),
    Case("script-tag", "raw <script> tag is not allowed", PAGE_ZH, append={PAGE_ZH: "\n<script>alert(1)</script>\n"}),
    Case("iframe-tag", "raw <iframe> tag is not allowed", PAGE_ZH,
         append={PAGE_ZH: '\n<iframe src="https://help.openai.com/"></iframe>\n'}),
    Case("event-attribute", "event attribute 'onerror=' is not allowed", PAGE_ZH,
         append={PAGE_ZH: '\n<img src="x.png" alt="x" onerror="alert(1)">\n'}),
    Case("javascript-url", "'javascript:' URLs are not allowed", PAGE_ZH,
         append={PAGE_ZH: "\n[点我](javascript:alert(1))\n"}),
    Case("denylisted-link", "denylisted", PAGE_ZH,
         append={PAGE_ZH: "\n[注册](https://help.openai.com/en/articles/10562188-why-was-my-openai-account-deactivated?ref=abc)\n"}),
    Case("sms-platform-link", "denylisted", PAGE_ZH, append={PAGE_ZH: "\n[号码](https://sms-activate.example/)\n"}),
    Case("unlisted-source", "external link is not in data/sources.yml", PAGE_ZH,
         append={PAGE_ZH: "\n[某博客](https://blog.example.com/post)\n"}),
    Case("sources-differ", "cites different sources", PAGE_EN,
         append={PAGE_EN: "\nSee the [appeal form](https://openai.com/form/appeal/).\n"}),
    Case("heading-ids-differ", "heading ids differ", PAGE_EN, append={PAGE_EN: "\n## Extra { #extra }\n\nText.\n"}),
    Case("non-utf8", "not valid UTF-8", FAQ_ZH, write={FAQ_ZH: faq().encode("gbk")}),
    Case("empty-file", "the file is empty", FAQ_ZH, write={FAQ_ZH: ""}),
    Case("bom", "byte-order mark", FAQ_ZH, write={FAQ_ZH: b"\xef\xbb\xbf" + faq().encode("utf-8")}),
    Case("crlf", "CRLF", FAQ_ZH, write={FAQ_ZH: faq().replace("\n", "\r\n").encode("utf-8")}),
    Case("unbalanced-fence", "code fence '```' is never closed", PAGE_ZH, append={PAGE_ZH: "\n```text\n没有结束\n"}),
    Case("no-front-matter", "does not start with front matter", FAQ_ZH, write={FAQ_ZH: "只有正文。\n"}),
    Case("unclosed-front-matter", "the front matter is never closed", FAQ_ZH,
         write={FAQ_ZH: "---\nid: error-1020\nquestion: 问题？\n"}),
    Case("front-matter-not-mapping", "front matter must be 'field: value' lines", FAQ_ZH,
         write={FAQ_ZH: "---\n- a\n- b\n---\n正文。\n"}),
    Case("broken-data-file", "invalid YAML", "data/faq_categories.yml",
         write={"data/faq_categories.yml": "errors: {zh: 错误, en: Errors\n"}),
    Case("outdated-translation", "outdated translation", PAGE_EN, gates=("check",),
         append={PAGE_ZH: "\n中文原文更新了一句。\n"}),
    # Links added in both languages, so that the pair check passes and the build's own checks answer.
    Case("broken-link", "nope.md", PAGE_ZH, gates=("build",),
         append={PAGE_ZH: "\n[不存在](nope.md)\n", PAGE_EN: "\n[Missing](nope.md)\n"}),
    Case("broken-anchor", "does not contain an anchor '#nope'", PAGE_ZH, gates=("build",),
         append={PAGE_ZH: "\n[关于](about.md#nope)\n", PAGE_EN: "\n[About](about.md#nope)\n"}),
    Case("absolute-link", "absolute link", PAGE_ZH, gates=("build",),
         append={PAGE_ZH: "\n[关于](/about/)\n", PAGE_EN: "\n[About](/about/)\n"}),
    Case("links-differ", "links to other pages differ", PAGE_EN, append={PAGE_ZH: "\n[关于](about.md)\n"}),
    Case("badges-differ", "evidence badges differ", PAGE_EN,
         write={PAGE_EN: (FIXTURE_DOCS / PAGE_EN).read_text(encoding="utf-8").replace("[[ev:official]]", "[[ev:unverified]]")}),
    Case("badge-stronger-than-source", "[[ev:official]] is stronger than its sources", PAGE_ZH,
         append={PAGE_ZH: "\n## 传言 { #rumour }\n\n据说账号会被封 [[ev:official]]。\n",
                 PAGE_EN: "\n## Rumour { #rumour }\n\nAccounts get banned, they say [[ev:official]].\n"}),
    Case("faq-evidence-stronger-than-sources", "evidence 'official' is stronger than the entry's sources", FAQ_ZH,
         write={FAQ_ZH: faq(evidence="official"), FAQ_EN: faq(evidence="official", question="What is 1020?")}),
    Case("uncited-source", "no page cites this source", "data/sources.yml",
         append={"data/sources.yml": "- url: https://example.com/never-cited\n  title: Never cited\n  publisher: Example\n"
                                     "  date: 2026\n  level: community\n  checked: 2026-12\n  checked_by: brief\n"}),
    Case("unknown-checker", "unknown checked_by 'someone'", "data/sources.yml",
         append={"data/sources.yml": "- url: https://openai.com/form/appeal/x\n  title: X\n  publisher: OpenAI\n"
                                     "  date: 2026\n  level: official\n  checked: 2026-12\n  checked_by: someone\n"}),
    Case("proxy-link", "proxies or rewriting mirrors", PAGE_ZH,
         append={PAGE_ZH: "\n[副本](https://vuink.com/post/x)\n"}),
    Case("trailing-dot-host", "trailing dot", PAGE_ZH,
         append={PAGE_ZH: "\n[存档](https://huggingface.co./datasets/x)\n"}),
    Case("hand-written-sources", "a hand-written Sources section", PAGE_ZH,
         append={PAGE_ZH: "\n## 来源 { #sources }\n\n- 某来源\n", PAGE_EN: "\n## Sources { #sources }\n\n- A source\n"}),
    Case("decoder-row-stronger-than-source", "evidence 'official' is stronger than the row's sources", "data/errors.yml",
         write={"data/errors.yml": "- id: test-row\n  messages: [\"Test message\"]\n  meaning: {zh: 测试, en: Test}\n"
                                   "  next: {zh: 测试, en: Test}\n  evidence: official\n"}),
    Case("decoder-row-broken-link", "links a page that does not exist", "data/errors.yml",
         write={"data/errors.yml": "- id: test-row\n  messages: [\"Test message\"]\n  meaning: {zh: 测试, en: Test}\n"
                                   "  next: {zh: \"见[这里](nope.md)\", en: \"See [here](nope.md)\"}\n  evidence: unverified\n"}),
    Case("redirect-to-nowhere", "redirect target 'nope' is not a FAQ entry", "data/redirects.yml",
         write={"data/redirects.yml": "old-question: nope\n"}),
    Case("page-not-in-nav", "not included in the \"nav\"", "zh/orphan.md", gates=("build",),
         write={"docs/zh/orphan.md": "---\ntitle: 孤儿页\ndescription: 不在导航里。\nreviewed: 2026-11-24\n---\n# 孤儿页\n\n正文。\n",
                "docs/en/orphan.md": "---\ntitle: Orphan\ndescription: Not in nav.\nreviewed: 2026-11-24\n---\n# Orphan\n\nText.\n"}),
    # Traditional Chinese (generated from the Simplified source with OpenCC and data/zh_hant_glossary.yml).
    Case("glossary-entry-opencc-already-gets-right", "OpenCC already converts '申诉' to '申訴'", GLOSSARY,
         append={GLOSSARY: "- zh: 申诉\n  hant: 申訴\n  note: needless\n"}),
    Case("glossary-entry-without-replacement", "an entry needs a 'zh' term and its 'hant' replacement", GLOSSARY,
         append={GLOSSARY: "- zh: 拦截\n  note: forgot the replacement\n"}),
    Case("glossary-entry-in-simplified", "has Simplified characters: 拦", GLOSSARY,
         append={GLOSSARY: "- zh: 拦截页面\n  hant: 拦截頁面\n  note: typo\n"}),
    # The same typo, seen where it lands: the generated page names its Simplified source and line.
    Case("simplified-character-survives", "Simplified characters survive in the Traditional text: 拦", f"{FAQ_ZH}:8",
         append={GLOSSARY: "- zh: 拦截页面\n  hant: 拦截頁面\n  note: typo\n"}),
    Case("traditional-term-in-the-simplified-source", "the glossary turns '账号' into '帳號', but '賬號' appears", f"{FAQ_ZH}:8",
         write={FAQ_ZH: faq(body="这是 Cloudflare 的拦截页面，不是賬號被封。")}),
]
