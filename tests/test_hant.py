"""Traditional Chinese generated from the Simplified source (scripts/kb/hant.py): what the converter
leaves alone, what the glossary overrides, and that the generated pages stay line for line."""

from __future__ import annotations

import re

from conftest import ROOT

from kb import hant
from kb.model import HTML_LANG, LANGS, load

CONTENT = load(ROOT)


def converter(*pairs: tuple[str, str]) -> hant.Converter:
    return hant.Converter([hant.Entry(zh, tc, i + 1) for i, (zh, tc) in enumerate(pairs)])


def test_code_urls_and_link_targets_stay_as_written():
    conv = converter()
    text = ("---\nquestion: 账号被停用怎么办？\n---\n看到 `账号 account_deactivated` 时，"
            "见[帮助中心](https://help.openai.com/zh-hans/账号)和 <https://example.com/账号>，或 https://example.com/账号 。\n"
            "```text\n账号已停用\n```\n")
    out = conv.markdown(text)
    assert "question: 賬號被停用怎麼辦？" in out  # no glossary here: OpenCC alone
    assert "`账号 account_deactivated`" in out and "(https://help.openai.com/zh-hans/账号)" in out
    assert "<https://example.com/账号>" in out and "https://example.com/账号 " in out
    assert "[幫助中心]" in out and "```text\n账号已停用\n```" in out
    assert out.count("\n") == text.count("\n")  # line for line: problems name the source's lines


def test_the_glossary_wins_over_opencc_and_counts_what_it_changed():
    conv = converter(("账号", "帳號"), ("封号", "停權"), ("组织里", "組織裡"))
    assert conv.text("账号被封号了，组织里的其他人呢？") == "帳號被停權了，組織裡的其他人呢？"
    assert hant.opencc_convert("账号被封号了，组织里") == "賬號被封號了，組織里"  # what OpenCC alone makes of it
    assert conv.overrides == {"账号": 1, "封号": 1, "组织里": 1}


def test_longer_glossary_terms_win():
    conv = converter(("邮箱", "電子郵件"), ("邮箱里", "信箱裡"))
    assert conv.text("去邮箱里找，或换一个邮箱") == "去信箱裡找，或換一個電子郵件"


def test_simplified_only_characters_are_told_apart_from_shared_ones():
    assert hant.simplified_chars("账号发送") == ["账", "号", "发"]
    assert hant.simplified_chars("公里、干擾、皇后、群組、帳號") == []  # correct Traditional, though OpenCC maps some


def test_every_page_and_data_text_has_a_traditional_twin():
    zh, tc = CONTENT.docs["zh"], CONTENT.docs[hant.LANG]
    assert set(zh) == set(tc) and len(tc) >= 50
    for rel, doc in tc.items():
        assert doc.repo_path == zh[rel].repo_path  # problems name the file a contributor edits
        assert doc.raw.count("\n") == zh[rel].raw.count("\n"), rel
        assert not hant.simplified_chars(" ".join(line for _, line in hant.unprotected_lines(doc.raw))), rel
    assert CONTENT.site["ui"]["search_none"][hant.LANG] == CONTENT.converter.text(CONTENT.site["ui"]["search_none"]["zh"])
    assert all(hant.LANG in names for names in CONTENT.categories.values())
    assert HTML_LANG[hant.LANG] == "zh-Hant" and hant.LANG in LANGS


def test_the_glossary_is_reviewed_and_every_entry_does_something():
    entries = CONTENT.glossary
    assert len(entries) >= 50
    for e in entries:
        assert e.note.strip(), f"{hant.GLOSSARY}:{e.line}: say why in note:"
        assert CONTENT.converter.overrides[e.zh] > 0, f"{hant.GLOSSARY}:{e.line}: '{e.zh}' never applies"
    must = {"账号": "帳號", "封号": "停權"}
    assert {e.zh: e.hant for e in entries if e.zh in must} == must


def test_built_pages_say_they_are_converted_and_link_their_source(built_site):
    """Every zh-Hant page carries the converted notice with its source's review date and a link to
    the Simplified page; its edit link points at the Simplified source (the generated file is not in git)."""
    for rel, doc in CONTENT.docs[hant.LANG].items():
        stem = rel[:-3]
        path = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
        html = built_site.html(f"zh-hant/{path}index.html")
        notice = html.split('kb-notice--converted', 1)[1].split("</div>", 1)[0]
        assert str(doc.reviewed) in notice and 'hreflang="zh"' in notice, rel
        src = notice.split('href="', 1)[1].split('"', 1)[0]
        target = (built_site.out / "zh-hant" / path / src / "index.html").resolve()
        assert target == (built_site.out / path / "index.html").resolve(), (rel, src)
        assert "/edit/" not in html or f"/docs/zh/{rel}" in html and "/docs/zh-hant/" not in html, rel
        text = re.sub(r"<(code|pre|script)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
        text = text.replace("简体中文", "")  # the switcher names each language in its own script
        assert not hant.simplified_chars(text), (rel, hant.simplified_chars(text))


def test_sitemaps_and_switcher_use_the_zh_hant_language_tag(built_site):
    sitemap = built_site.html("sitemap.xml")
    assert sitemap.count('hreflang="zh-Hant"') >= len(CONTENT.docs[hant.LANG]) and 'hreflang="zh-hant"' not in sitemap
    page = built_site.html("faq/how-to-appeal/index.html")
    assert 'hreflang="zh-Hant"' in page and 'hreflang="zh-hant"' not in page
    assert '<html lang="zh-Hant"' in built_site.html("zh-hant/faq/how-to-appeal/index.html")
