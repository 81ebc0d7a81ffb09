"""The built site in headless Chromium (Debian's), served on 127.0.0.1 under the /kb/ sub-path.

Every page load is watched: requests to any other host are aborted and fail the test, and so do
console errors. Screenshots of failures go to reports/screenshots/.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, lang_of_path, prefix
from kb.model import HTML_LANG, LANGS, is_chinese
from kb.model import load as load_content

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "topic": "false-alarms/",
    "faq-index": "faq/",
    "faq-category": "faq/category/appeal/",
    "faq-entry": "faq/how-to-appeal/",
    "404": "404.html",
}


CONTENT = load_content(ROOT)


def in_lang(texts: dict, lang: str) -> str:
    """A test's expected text in a language; zh-Hant's is converted from the Chinese one exactly as
    the build converts pages (OpenCC and the glossary), so it says what the reader sees."""
    if lang in texts:
        return texts[lang]
    return CONTENT.converter.text(texts["zh"])


def lang_of(site, href: str) -> str:
    """The language a link of the built site belongs to, from its path."""
    assert href.startswith(site.base), href
    return lang_of_path(href[len(site.base):])


def url(site, lang: str, path: str) -> str:
    return f"{site.base}{prefix(lang)}{path}"


def load(session, target: str):
    response = session.page.goto(target, wait_until="networkidle")
    return response


def assert_clean(session):
    assert not session.foreign, f"requests to other hosts: {session.foreign}"
    assert not session.console_errors, f"console errors: {session.console_errors}"


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{', '.join(n['target'][0] if isinstance(n['target'][0], str) else str(n['target'][0]) for n in v['nodes'][:3])})"
            for v in results.response["violations"]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_loads_clean_and_accessible(session, built_site, lang, kind):
    """Zero requests to other hosts, no console errors, and axe-core finds no violation."""
    response = load(session, url(built_site, lang, PAGE_TYPES[kind]))
    assert response.status == 200 or kind == "404"
    assert session.page.locator("html").get_attribute("lang") == HTML_LANG[lang]
    assert_clean(session)
    violations = axe_violations(session.page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_loads_only_when_the_reader_searches(session, built_site, lang):
    """The index is the biggest download; phones on slow networks should not pay for it on every page.
    Pagefind then fetches only its own language's index (never the other language's)."""
    load(session, url(built_site, lang, "faq/how-to-appeal/"))
    session.page.wait_for_timeout(500)
    assert not [r for r in session.requests if "/pagefind/" in r]
    hrefs = search(session.page, in_lang({"zh": "申诉", "en": "appeal"}, lang))
    assert hrefs, "no results after the index loaded on demand"
    fetched = [r.rsplit("/", 1)[-1] for r in session.requests if "/pagefind/" in r]
    assert "pagefind.js" in fetched
    assert [f for f in fetched if f.startswith(f"pagefind.{lang}_")], fetched
    for other in LANGS:
        if other != lang:
            assert not [f for f in fetched if f.startswith(f"pagefind.{other}_")], fetched
    assert all(r.startswith(built_site.base) for r in session.requests if "/pagefind/" in r)
    assert_clean(session)


@pytest.mark.parametrize("lang,other", [(a, b) for a in LANGS for b in LANGS if a != b])
def test_language_switcher_keeps_the_page(session, built_site, lang, other):
    load(session, url(built_site, lang, "faq/how-to-appeal/"))
    page = session.page
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f'.md-select__link[hreflang="{HTML_LANG[other]}"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == url(built_site, other, "faq/how-to-appeal/")
    assert page.locator("html").get_attribute("lang") == HTML_LANG[other]
    assert_clean(session)


def page_of(href: str) -> str:
    """A result link without its ?h= highlight query and #section."""
    parts = urlsplit(href)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def search(page, query: str) -> list[str]:
    """Type a query in the header's search box and return the result links, best first."""
    box = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for='__search']").first
    if button.is_visible():  # phones: the search box opens from a header button
        button.click()
        page.wait_for_function("() => document.activeElement && document.activeElement.name === 'q'")
    else:
        box.click()
    box.fill(query)
    page.wait_for_function("q => document.querySelector('.kb-search__status').dataset.query === q", arg=query)
    return page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")


# (language, query, expected page path relative to the language root)
SEARCHES = [
    ("zh", "意大利", "faq/italy-2023/"),
    ("zh", "合租", "faq/shared-accounts/"),
    ("zh", "接码", "faq/sms-code-numbers/"),
    ("zh", "退款", "faq/refund-rules/"),
    ("zh", "unsupported_country_region_territory", "faq/api-403-unsupported-region/"),
    ("zh", "account_deactivated", "faq/account-deactivated-error/"),
    ("zh", "注册", "faq/bulk-registration/"),  # a word from the middle of Chinese sentences
    ("en", "Italy", "faq/italy-2023/"),
    ("en", "refund", "faq/refund-rules/"),
    ("en", "unsupported_country_region_territory", "faq/api-403-unsupported-region/"),
    ("en", "1020", "faq/access-denied-1020/"),
    ("en", "account_deactivated", "faq/account-deactivated-error/"),
]
# zh-Hant finds the same pages as zh for the same queries written in Traditional characters
# (意大利 -> 義大利, 接码 -> 接碼, 注册 -> 註冊: converted as the pages are).
SEARCHES += [("zh-hant", CONTENT.converter.text(q), path) for lang, q, path in SEARCHES if lang == "zh"]


@pytest.mark.parametrize("lang,query,expected", SEARCHES, ids=[f"{lang}-{q}" for lang, q, _ in SEARCHES])
def test_search_finds_the_expected_page_in_its_own_language(session, built_site, lang, query, expected):
    load(session, url(built_site, lang, ""))
    hrefs = search(session.page, query)
    pages = [page_of(h) for h in hrefs]
    assert url(built_site, lang, expected) in pages[:3], f"{query!r}: top results {pages[:5]}"
    for h in hrefs:
        assert lang_of(built_site, h) == lang, f"{query!r}: result from another language: {h}"
    assert_clean(session)


def test_search_first_result_for_distinctive_words(session, built_site):
    """The foundation's promise: a Chinese word and an English word put their page first."""
    load(session, url(built_site, "zh", ""))
    assert page_of(search(session.page, "意大利")[0]) == url(built_site, "zh", "faq/italy-2023/")
    load(session, url(built_site, "en", ""))
    assert page_of(search(session.page, "Italy")[0]) == url(built_site, "en", "faq/italy-2023/")


def faq_filter(page, query: str) -> list[str]:
    """Type in the FAQ page's own search box; returns the matching question links (Pagefind)."""
    page.fill("#kb-faq-q", query)
    page.wait_for_function("q => document.querySelector('.kb-faq-count').dataset.query === q", arg=query)
    return page.eval_on_selector_all(".kb-faq-results .kb-faq-q a", "els => els.map(e => e.href)")


@pytest.mark.parametrize("lang,query", [("zh", "退款"), ("en", "refund"), ("zh-hant", "退款")])
def test_faq_search_finds_questions_across_categories(session, built_site, lang, query):
    """The FAQ index shows a few questions per category; its box searches all of them through Pagefind."""
    load(session, url(built_site, lang, "faq/"))
    page = session.page
    listing = page.locator(".kb-faq-listing .kb-faq-item").count()
    assert 0 < listing <= 3 * len(CONTENT.categories)
    assert page.locator(".kb-faq-filter").is_visible()
    hrefs = faq_filter(page, query)
    assert hrefs, "no question found"
    assert all(re.search(r"/faq/[a-z0-9-]+/$", page_of(h)) and "/category/" not in h for h in hrefs), hrefs
    assert url(built_site, lang, "faq/plus-refund-after-ban/") in [page_of(h) for h in hrefs]
    assert page.locator(".kb-faq-listing").is_hidden()
    assert str(len(hrefs)) in page.locator(".kb-faq-count").inner_text()
    assert faq_filter(page, "zzzzqqxy") == []
    assert page.locator(".kb-faq-none").is_visible()
    page.fill("#kb-faq-q", "")
    page.wait_for_function("() => !document.querySelector('.kb-faq-listing').hidden")
    assert page.locator(".kb-faq-results").is_hidden()
    assert_clean(session)


def test_faq_category_search_stays_in_its_category(session, built_site):
    load(session, url(built_site, "en", "faq/category/appeal/"))
    page = session.page
    appeal = {d.faq_id for d in CONTENT.faq_in("en", "appeal")}
    assert page.locator(".kb-faq-listing .kb-faq-item").count() == len(appeal)
    hrefs = faq_filter(page, "email")
    assert hrefs
    for h in hrefs:
        assert page_of(h).rstrip("/").rsplit("/", 1)[-1] in appeal, h
    assert_clean(session)


LONG_QUESTIONS = {"zh": "我的账号突然被停用了应该怎么写申诉信", "en": "my account was suddenly deactivated how should I write the appeal letter"}


@pytest.mark.parametrize("lang", LANGS)
def test_search_falls_back_to_fewer_words_for_long_questions(session, built_site, lang):
    """Pagefind needs every word; a long question finds nothing that way. The search then uses the
    question's content words, shows pages with most of them, and says so."""
    load(session, url(built_site, lang, ""))
    hrefs = search(session.page, in_lang(LONG_QUESTIONS, lang))
    assert len(hrefs) >= 3, hrefs
    status = session.page.locator(".kb-search__status").inner_text()
    fallback = CONTENT.site["ui"]["search_fallback"][lang].split("{words}")[0].strip()
    assert fallback in status, status
    assert session.page.locator(".kb-search--fallback").count() == 1
    pages = [page_of(h) for h in hrefs[:5]]
    assert any("appeal" in p for p in pages), pages
    assert_clean(session)


@pytest.mark.parametrize("lang", LANGS)
def test_search_says_plainly_when_nothing_matches(session, built_site, lang):
    load(session, url(built_site, lang, ""))
    assert search(session.page, "zzqxjv") == []
    status = session.page.locator(".kb-search__status").inner_text()
    assert status == CONTENT.site["ui"]["search_none"][lang]


def test_search_works_from_the_keyboard(session, built_site):
    """"/" opens the search anywhere; arrows walk the results; Enter opens one; Escape closes."""
    load(session, url(built_site, "en", "causes/"))
    page = session.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    assert page.locator("#__search").is_checked()
    page.keyboard.type("Italy")
    page.wait_for_function("() => document.querySelector('.kb-search__status').dataset.query === 'Italy'")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.href")
    assert page_of(first) == url(built_site, "en", "faq/italy-2023/")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/faq/italy-2023/.*"))
    assert_clean(session)


@pytest.mark.parametrize("lang", LANGS)
def test_search_on_a_phone_in_dark_mode(browser, built_site, lang):
    """390 px, dark scheme: the header button opens a full-width dialog with readable results, no
    horizontal scroll, no request to another host, and axe finds nothing in the open dialog."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme="dark")
    page = context.new_page()
    from conftest import PageSession
    s = PageSession(context, page, f"127.0.0.1:{built_site.port}")
    try:
        page.goto(url(built_site, lang, "faq/how-to-appeal/"), wait_until="networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        hrefs = search(page, in_lang({"zh": "退款", "en": "refund"}, lang))
        assert hrefs
        page.wait_for_timeout(400)  # Material's overlay circle grows over 250 ms while the dialog opens
        box = page.locator(".md-search__inner").bounding_box()
        assert box["width"] >= 380
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        violations = axe_violations(page)
        assert not violations, "\n".join(violations)
        assert_clean(s)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_dark_mode_toggles(session, built_site, lang):
    load(session, url(built_site, lang, ""))
    page = session.page
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_phone_viewport_has_no_horizontal_scroll(browser, built_site, lang, kind):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(url(built_site, lang, PAGE_TYPES[kind]), wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{lang}/{kind}: page is {overflow}px wider than the phone screen"


# ------------------------------------------------------------------ reader tools

TRIAGE_CASES = [
    # (language, option indexes to click, expected result id)
    ("zh", [0, 0], "r-deactivation"),
    ("en", [1, 3], "r-region"),
    ("en", [2, 0, 0], "r-session"),
    ("zh", [3, 0], "r-outage"),
    ("zh", [3, 1, 1], "r-unclear"),
    ("zh-hant", [0, 0], "r-deactivation"),
]


@pytest.mark.parametrize("lang,clicks,expected", TRIAGE_CASES, ids=[f"{c[0]}-{c[2]}" for c in TRIAGE_CASES])
def test_triage_wizard_walks_to_a_result(session, built_site, lang, clicks, expected):
    load(session, url(built_site, lang, "triage/"))
    page = session.page
    root = page.locator(".kb-triage")
    assert root.get_attribute("data-current") == "q-message"
    assert page.locator(".kb-triage__q:visible, .kb-triage__r:visible").count() == 1  # one step at a time
    for i, option in enumerate(clicks):
        step = page.locator(".kb-triage__q:visible")
        step.locator("a.kb-triage__opt").nth(option).focus()
        page.keyboard.press("Enter")  # keyboard works, not just the mouse
        assert page.locator(".kb-triage__q:visible, .kb-triage__r:visible").count() == 1
    assert root.get_attribute("data-current") == expected
    result = page.locator(f'.kb-triage__r[data-id="{expected}"]')
    assert result.is_visible()
    assert result.locator("a").count() >= 1
    assert page.evaluate("document.activeElement.tagName") == "H3"  # focus moved to the new step
    page.get_by_role("button", name=in_lang({"zh": "上一步", "en": "Back"}, lang), exact=True).click()
    assert root.get_attribute("data-current").startswith("q-")
    page.get_by_role("button", name=in_lang({"zh": "重新开始", "en": "Start over"}, lang), exact=True).click()
    assert root.get_attribute("data-current") == "q-message"
    assert not session.foreign
    assert not axe_violations(page)


def test_triage_reads_as_a_static_list_without_javascript(browser, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(built_site, "zh", "triage/"))
    steps = page.locator(".kb-triage__q, .kb-triage__r")
    assert steps.count() >= 10
    assert all(steps.nth(i).is_visible() for i in range(steps.count()))  # every question and result
    first = page.locator("a.kb-triage__opt").first
    target = first.get_attribute("href")
    assert target.startswith("#") and page.locator(target).count() == 1
    context.close()


def fill_letter(page, lang):
    page.select_option("#kb-l-product", "api")
    page.fill("#kb-l-email", "reader@example.com")
    page.fill("#kb-l-org_id", "org-TEST123")
    page.check("#kb-l-reason-mistake")
    page.fill("#kb-l-doing", "Testing a translation script for my own blog.")


@pytest.mark.parametrize("lang", LANGS)
def test_appeal_letter_builder_uses_only_what_the_reader_gave(session, built_site, lang):
    load(session, url(built_site, lang, "appeal-letter/"))
    page = session.page
    session.requests.clear()
    assert page.locator("#kb-letter").is_visible()
    text = page.locator("#kb-letter-text")
    fill_letter(page, lang)
    letter = text.inner_text()
    assert "Subject: Appeal of the deactivation of my OpenAI API organisation" in letter
    assert "- Account email: reader@example.com" in letter
    assert "- Organisation ID: org-TEST123" in letter
    assert "Testing a translation script for my own blog." in letter
    assert "I believe it may have been a mistake" in letter
    # Never filled in for the reader: empty fields and unticked statements are left out.
    for absent in ("User ID", "Date of the notice", "What I have changed", "Usage Policies", "Plus charges",
                   "warning", "I understand that my use", "[", "TODO"):
        assert absent not in letter, absent
    page.check("#kb-l-policies")
    assert "I have read the Usage Policies and the Terms of Use" in text.inner_text()
    # A warning instead of a deactivation, and Plus charges when the reader lists them.
    page.select_option("#kb-l-action", "warning")
    page.fill("#kb-l-charges", "2026-11-02 USD 20")
    letter = text.inner_text()
    assert "Subject: Appeal of a warning on my OpenAI API organisation" in letter
    assert "I am writing to appeal a warning I received" in letter and "deactivation" not in letter
    assert "Plus charges (dates and amounts):\n2026-11-02 USD 20" in letter
    page.select_option("#kb-l-action", "deactivation")
    page.fill("#kb-l-charges", "")
    if is_chinese(lang):  # the preview explains the English letter in the page's own script
        preview = page.locator("#kb-letter-preview").inner_text()
        assert in_lang({"zh": "组织 ID：org-TEST123"}, lang) in preview and in_lang({"zh": "误判"}, lang) in preview
    else:
        assert page.locator("#kb-letter-preview").count() == 0
    # Copy to clipboard.
    session.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#kb-letter-copy")
    page.wait_for_function("document.getElementById('kb-letter-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == text.inner_text()
    # Nothing left the page, and nothing was stored without opting in.
    assert not [r for r in session.requests if "/kb/" in r and "appeal-letter" not in r and "assets/" not in r
                and "search" not in r], session.requests
    stored = "window.localStorage.getItem('kb-appeal-letter')"
    assert page.evaluate(stored) is None
    page.check("#kb-l-remember")
    assert "reader@example.com" in page.evaluate(stored)
    page.reload(wait_until="networkidle")
    assert page.locator("#kb-l-email").input_value() == "reader@example.com"  # restored after opting in
    page.click("#kb-letter-clear")
    assert page.evaluate(stored) is None
    assert page.locator("#kb-l-email").input_value() == ""
    assert_clean(session)
    assert not axe_violations(page)


def test_appeal_letter_builder_makes_no_request_while_used(session, built_site):
    load(session, url(built_site, "en", "appeal-letter/"))
    page = session.page
    page.wait_for_load_state("networkidle")
    session.requests.clear()
    fill_letter(page, "en")
    page.fill("#kb-l-changed", "I stopped sharing my login.")
    page.fill("#kb-l-name", "A. Reader")
    page.wait_for_timeout(300)
    assert session.requests == [], f"requests while using the form: {session.requests}"


@pytest.mark.parametrize("lang", LANGS)
def test_reader_tools_fit_a_phone_in_dark_mode(browser, built_site, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme="dark")
    page = context.new_page()
    for path in ("triage/", "appeal-letter/"):
        page.goto(url(built_site, lang, path), wait_until="networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path}: {overflow}px wider than the screen"
        assert not axe_violations(page), path
    context.close()


# ------------------------------------------------------------------ error decoder

# (what the reader pastes, the decoder row that must be shown): exact text with the IP and Ray ID
# left in, a fragment, a bare error code, a message with an email in it, and a retyped line.
DECODER_CASES = [
    ("Access denied\nError code 1020\nYou do not have access to chatgpt.com.\n"
     "The site owner may have set restrictions that prevent you from accessing the site.\n"
     "Ray ID: 8f0c2b1a9d3e4f56 · 2026-12-01 14:02:11 UTC\nYour IP address: 203.0.113.7", "access-denied-1020"),
    ("not available in your country", "unsupported-country"),
    # A bare code used by two messages shows both rows; the full message narrows it to one.
    ("account_deactivated", "account-deactivated api-key-account-deactivated"),
    ("Error: access_denied, You do not have an account because it has been deleted or deactivated. If you believe "
     "this was an error, please contact us through our help center at help.openai.com. (error=account_deactivated)",
     "account-deactivated"),
    ("{'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory "
     "not supported', 'param': None, 'type': 'request_forbidden'}}", "api-unsupported-region"),
    ("We are halting access to the API immediately for the account reader@example.com", "api-ban-email"),
    ("user not allowed", "user-not-allowed"),
]


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all(".kb-err", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.err)")


@pytest.mark.parametrize("lang", LANGS)
def test_decoder_box_shows_the_matching_row_on_a_phone(browser, built_site, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    requests: list[str] = []
    page.goto(url(built_site, lang, "false-alarms/"), wait_until="networkidle")
    page.on("request", lambda r: requests.append(r.url))
    box = page.locator("#kb-decoder-q")
    total = len(visible_rows(page))
    assert total >= 10, "every row is listed before anything is pasted"
    for text, expected in DECODER_CASES:
        box.fill(text)
        assert visible_rows(page) == expected.split(), (text[:40], visible_rows(page))
        assert page.locator(".kb-decoder__status").inner_text().strip()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{expected}: {overflow}px wider than the phone"
    box.fill("zzzz nothing like any message")
    assert visible_rows(page) == []
    status = page.locator(".kb-decoder__status").inner_text()
    assert in_lang({"zh": "没有找到匹配的提示", "en": "No message matches"}, lang) in status
    box.fill("")
    assert len(visible_rows(page)) == total
    assert requests == [], f"the decoder made requests: {requests}"
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    for text, _ in DECODER_CASES:  # Material keeps its own settings there; nothing the reader pasted
        assert text[:20] not in stored, stored
    assert not axe_violations(page)
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_home_quick_check_decodes_a_pasted_message(session, built_site, lang):
    load(session, url(built_site, lang, ""))
    page = session.page
    assert visible_rows(page) == [], "the home page shows rows only for what was pasted"
    page.locator("#kb-decoder-q").fill("Unable to load site. Please try again later. If you are using a VPN, try "
                                       "turning it off. Check the status page for information on outages. "
                                       "[IP: 198.51.100.23 | Ray ID: 8a1b2c3d4e5f6789]")
    assert visible_rows(page) == ["unable-to-load-site"]
    table = page.locator(".kb-decoder__table")
    assert table.is_visible() and in_lang({"zh": "下一步", "en": "What to do next"}, lang) in table.inner_text()
    assert in_lang({"zh": "状态页", "en": "status page"}, lang) in page.locator("#err-unable-to-load-site td").last.inner_text()
    assert_clean(session)


@pytest.mark.parametrize("lang,font", [("zh", "PingFang SC"), ("zh-hant", "PingFang TC"), ("en", "PingFang SC")])
def test_chinese_pages_ask_for_fonts_of_their_own_script(session, built_site, lang, font):
    """Traditional pages list the TC forms of the system CJK fonts first, Simplified ones the SC forms."""
    load(session, url(built_site, lang, "faq/how-to-appeal/"))
    family = session.page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    assert font in family, family
    other = "PingFang SC" if font == "PingFang TC" else "PingFang TC"
    assert other not in family, family
