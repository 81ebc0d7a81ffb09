"""The built site in headless Chromium (Debian's), served on 127.0.0.1 under the /kb/ sub-path.

Every page load is watched: requests to any other host are aborted and fail the test, and so do
console errors. Screenshots of failures go to reports/screenshots/.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "topic": "false-alarms/",
    "faq-index": "faq/",
    "faq-entry": "faq/how-to-appeal/",
    "404": "404.html",
}
LANG_PREFIX = {"zh": "", "en": "en/"}


def url(site, lang: str, path: str) -> str:
    return f"{site.base}{LANG_PREFIX[lang]}{path}"


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


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_loads_clean_and_accessible(session, built_site, lang, kind):
    """Zero requests to other hosts, no console errors, and axe-core finds no violation."""
    response = load(session, url(built_site, lang, PAGE_TYPES[kind]))
    assert response.status == 200 or kind == "404"
    assert session.page.locator("html").get_attribute("lang") == lang
    assert_clean(session)
    violations = axe_violations(session.page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("lang,other", [("zh", "en"), ("en", "zh")])
def test_language_switcher_keeps_the_page(session, built_site, lang, other):
    load(session, url(built_site, lang, "faq/how-to-appeal/"))
    page = session.page
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f'.md-select__link[hreflang="{other}"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == url(built_site, other, "faq/how-to-appeal/")
    assert page.locator("html").get_attribute("lang") == other
    assert_clean(session)


def search(page, query: str) -> list[str]:
    """Type a query in Material's search and return the result links, best first."""
    page.locator("label.md-header__button[for='__search']").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material reads the query on keyup; filling alone sends no key event
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")


# (language, query, expected page path relative to the language root)
SEARCHES = [
    ("zh", "意大利", "faq/italy-2023/"),
    ("zh", "合租", "faq/shared-accounts/"),
    ("zh", "接码", "faq/sms-code-numbers/"),
    ("zh", "退款", "faq/plus-refund-after-ban/"),
    ("zh", "unsupported_country_region_territory", "faq/api-403-unsupported-region/"),
    ("en", "Italy", "faq/italy-2023/"),
    ("en", "refund", "faq/plus-refund-after-ban/"),
    ("en", "unsupported_country_region_territory", "faq/api-403-unsupported-region/"),
    ("en", "1020", "faq/access-denied-1020/"),
]


@pytest.mark.parametrize("lang,query,expected", SEARCHES, ids=[f"{lang}-{q}" for lang, q, _ in SEARCHES])
def test_search_finds_the_expected_page_in_its_own_language(session, built_site, lang, query, expected):
    load(session, url(built_site, lang, ""))
    hrefs = search(session.page, query)
    pages = [re.sub(r"#.*$", "", h) for h in hrefs]
    assert url(built_site, lang, expected) in pages[:3], f"{query!r}: top results {pages[:5]}"
    en_root = url(built_site, "en", "")
    for h in hrefs:
        assert h.startswith(en_root) == (lang == "en"), f"{query!r}: result from the other language: {h}"
    assert_clean(session)


def test_search_first_result_for_distinctive_words(session, built_site):
    """The foundation's promise: a Chinese word and an English word put their page first."""
    load(session, url(built_site, "zh", ""))
    assert re.sub(r"#.*$", "", search(session.page, "意大利")[0]) == url(built_site, "zh", "faq/italy-2023/")
    load(session, url(built_site, "en", ""))
    assert re.sub(r"#.*$", "", search(session.page, "Italy")[0]) == url(built_site, "en", "faq/italy-2023/")


@pytest.mark.parametrize("lang,query", [("zh", "退款"), ("en", "refund")])
def test_faq_filter_narrows_the_list(session, built_site, lang, query):
    load(session, url(built_site, lang, "faq/"))
    page = session.page
    items = page.locator(".kb-faq-item")
    total = items.count()
    assert total >= 40
    assert page.locator(".kb-faq-filter").is_visible()
    page.fill("#kb-faq-q", query)
    visible = page.locator(".kb-faq-item:visible").count()
    assert 0 < visible < total
    assert str(visible) in page.locator(".kb-faq-count").inner_text()
    page.fill("#kb-faq-q", "zzzz-no-such-word")
    assert page.locator(".kb-faq-item:visible").count() == 0
    assert page.locator(".kb-faq-none").is_visible()
    page.fill("#kb-faq-q", "")
    assert page.locator(".kb-faq-item:visible").count() == total


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dark_mode_toggles(session, built_site, lang):
    load(session, url(built_site, lang, ""))
    page = session.page
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_phone_viewport_has_no_horizontal_scroll(browser, built_site, lang, kind):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(url(built_site, lang, PAGE_TYPES[kind]), wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{lang}/{kind}: page is {overflow}px wider than the phone screen"
