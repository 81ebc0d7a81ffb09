"""Shared fixtures: kit sites (real configuration + chosen docs), the built real site, a local
HTTP server for it, and headless Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kb import links, sitekit  # noqa: E402
from kb.model import LANGS, SOURCE_LANG  # noqa: E402
from kb.model import url_prefix as prefix  # noqa: E402,F401  (a language's folder in the built site)


def lang_of_path(rel: str) -> str:
    """The language of a path in the built site (relative to the site root), from its folder."""
    return next((lang for lang in LANGS if lang != SOURCE_LANG and rel.startswith(prefix(lang))), SOURCE_LANG)

FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
FIXTURE_NAV = ["index.md", "faq/index.md", "sources.md", "about.md"]
SCREENSHOTS = ROOT / "reports" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def make_fixture_site(dest: Path) -> Path:
    """A copy of the minimal fixture site with the real configuration."""
    return sitekit.make_site(dest, docs=FIXTURE / "docs", data=FIXTURE / "data", nav=FIXTURE_NAV)


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    return make_fixture_site(tmp_path / "site-src")


class BuiltSite:
    def __init__(self, src: Path, out: Path, port: int):
        self.src, self.out, self.port = src, out, port
        self.base = f"http://127.0.0.1:{port}{links.SITE_PATH}"

    def html(self, path: str) -> str:
        return (self.out / path).read_text(encoding="utf-8")

    def pages(self, lang: str) -> set[str]:
        """Built page paths of a language, relative to that language's root."""
        root = self.out / prefix(lang)
        others = {other for other in LANGS if other != SOURCE_LANG}
        found = set()
        for p in root.rglob("index.html"):
            r = p.relative_to(root).as_posix()
            if lang == SOURCE_LANG and r.split("/")[0] in others:
                continue
            found.add(r)
        return found


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The real site, built once per session with site_url on a free local port, and served."""
    port = links.free_port()
    out = tmp_path_factory.mktemp("built") / "site"
    proc = sitekit.build(ROOT, out, env={"SITE_URL": f"http://127.0.0.1:{port}{links.SITE_PATH}"})
    assert proc.returncode == 0, f"strict build failed:\n{proc.stderr[-6000:]}"
    site = BuiltSite(ROOT, out, port)
    site.build_log = proc.stderr
    with links.serve(out, port):
        yield site


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install it with `apt-get install chromium` (make test does this as root)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " — browser tests never skip under CI=true")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageSession:
    """A browser page that records requests to other hosts (and aborts them) and console errors."""

    def __init__(self, context, page, allowed_host: str):
        self.context, self.page = context, page
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.requests: list[str] = []

        def route(r):
            url = r.request.url
            self.requests.append(url)
            if url.startswith(("data:", "blob:", "about:")) or f"//{allowed_host}/" in url or url.endswith(f"//{allowed_host}"):
                r.continue_()
            else:
                self.foreign.append(url)
                r.abort()

        context.route("**/*", route)
        page.on("console", lambda m: self.console_errors.append(f"{m.text} ({m.location.get('url', '')})")
                if m.type == "error" else None)
        page.on("response", lambda r: self.console_errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))


@pytest.fixture
def session(browser, built_site, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    context.set_default_timeout(10000)
    page = context.new_page()
    s = PageSession(context, page, f"127.0.0.1:{built_site.port}")
    yield s
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
        except Exception:  # the page may be gone; the test failure is what matters
            pass
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
