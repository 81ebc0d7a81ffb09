"""Contributor and maintainer tools: scaffold, translation drift, freshness, link checks, triage."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, make_fixture_site

from kb import links, sitekit
from kb.model import LANGS, load, text_hash, url_prefix
from kb.validate import check_triage, triage_paths


def kb(site: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "kb", "--root", str(site), *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "scripts"), **(env or {})})


# ------------------------------------------------------------------ new-faq scaffold


def test_new_faq_scaffolds_both_languages_that_cannot_pass_until_written(tmp_path):
    site = make_fixture_site(tmp_path / "s")
    r = kb(site, "new-faq", "lost-email", "--category", "appeal", "--tags", "appeal,email", "--evidence", "official")
    assert r.returncode == 0, r.stderr
    zh, en = site / "docs/zh/faq/lost-email.md", site / "docs/en/faq/lost-email.md"
    assert zh.exists() and en.exists()
    assert "category: appeal" in zh.read_text() and "tags: [appeal, email]" in en.read_text()
    assert f'source_hash: "{text_hash(zh.read_text())}"' in en.read_text()  # scaffold pair starts in sync
    check = kb(site, "check")
    assert check.returncode == 1
    for f in ("docs/zh/faq/lost-email.md", "docs/en/faq/lost-email.md"):
        assert f"{f}:3: [question] placeholder 'TODO' left in 'question'" in check.stderr
        assert re.search(rf"{re.escape(f)}:\d+: \[placeholder\] placeholder 'TODO' left in the text", check.stderr)
    build = sitekit.build(site)
    assert build.returncode != 0 and "placeholder 'TODO'" in build.stderr  # the build refuses it too


@pytest.mark.parametrize("args,message", [
    (["Bad_ID"], "is not a valid id"),
    (["appeal-in-english"], "already exist"),
    (["new-one", "--category", "nope"], "unknown category 'nope'"),
    (["new-one", "--tags", "appeal,nope"], "unknown tag(s) nope"),
    (["new-one", "--evidence", "rumour"], "unknown evidence 'rumour'"),
])
def test_new_faq_rejects_bad_arguments(tmp_path, args, message):
    site = make_fixture_site(tmp_path / "s")
    r = kb(site, "new-faq", *args)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


# ------------------------------------------------------------------ translations


def test_i18n_lists_missing_and_outdated_and_sync_fixes_outdated(tmp_path):
    site = make_fixture_site(tmp_path / "s")
    assert "0 missing, 0 outdated" in kb(site, "i18n").stdout
    zh = site / "docs/zh/about.md"
    zh.write_text(zh.read_text() + "\n新增一句。\n")
    (site / "docs/en/faq/error-1020.md").unlink()
    r = kb(site, "i18n", "--strict")
    assert r.returncode == 1
    assert "outdated  docs/en/about.md" in r.stdout
    assert "missing   docs/zh/faq/error-1020.md: missing translation: docs/en/faq/error-1020.md" in r.stdout
    assert "1 missing, 1 outdated" in r.stdout
    sync = kb(site, "i18n-sync", str(site / "docs/en/about.md"))
    assert sync.returncode == 0, sync.stderr
    # Quoted, so that a hash of digits only (or like 1e5…) stays text in YAML.
    assert re.search(r'(?m)^source_hash: "[0-9a-f]{12}"$', (site / "docs/en/about.md").read_text())
    assert "0 outdated" in kb(site, "i18n").stdout


# ------------------------------------------------------------------ freshness


def test_stale_pages_are_listed_and_show_a_notice_that_goes_away(tmp_path):
    site = make_fixture_site(tmp_path / "s")
    later = {"KB_TODAY": "2028-01-10"}
    r = kb(site, "stale", env=later)
    assert "docs/zh/about.md:" in r.stdout and "last reviewed 2026-11-24, more than 365 days ago" in r.stdout
    assert kb(site, "stale").stdout.startswith("0 page(s)")

    old = sitekit.build(site, tmp_path / "old", env=later)
    assert old.returncode == 0, old.stderr[-2000:]
    for page in ("about/index.html", "en/about/index.html", "faq/error-1020/index.html"):
        html = (tmp_path / "old" / page).read_text(encoding="utf-8")
        assert "kb-notice--stale" in html and "2026-11-24" in html, page
    assert "一年" in (tmp_path / "old/about/index.html").read_text(encoding="utf-8")
    assert "more than a year ago" in (tmp_path / "old/en/about/index.html").read_text(encoding="utf-8")

    fresh = sitekit.build(site, tmp_path / "fresh")
    assert fresh.returncode == 0
    assert "kb-notice--stale" not in (tmp_path / "fresh/about/index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ internal links


def test_links_reports_the_page_and_the_broken_link(tmp_path):
    """Raw-HTML links escape MkDocs' own check; linkchecker over the served site still catches them."""
    site = make_fixture_site(tmp_path / "s")
    about = site / "docs/zh/about.md"
    about.write_text(about.read_text() + '\n<a href="../no-such-page/">坏链接</a>\n\n<a href="../#no-such-anchor">坏锚点</a>\n')
    r = kb(site, "links")
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"broken: /about/ \(line \d+\): \.\./no-such-page/: 404", r.stderr), r.stderr
    assert "no-such-anchor" in r.stderr


def test_links_passes_on_a_clean_site(tmp_path):
    r = kb(make_fixture_site(tmp_path / "s"), "links")
    assert r.returncode == 0, r.stderr
    assert re.search(r"links: \d+ URLs checked, 0 problem", r.stdout)


# ------------------------------------------------------------------ outbound links


class _Answers(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/broken":
            self.send_response(500)
        elif self.path == "/slow":
            time.sleep(0.6)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_links_external_reports_dead_redirected_and_slow(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        args = ["links-external", "--out", str(tmp_path), "--timeout", "3", "--retries", "1", "--slow", "0.4"]
        for path in ("/ok", "/moved", "/gone", "/broken", "/slow"):
            args += ["--url", base + path]
        r = kb(ROOT, *args)
    finally:
        server.shutdown()
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "external-links.json").read_text())
    states = {x["url"].rsplit("/", 1)[1]: x for x in report["results"]}
    assert states["ok"]["state"] == "ok" and states["ok"]["status"] == 200
    assert states["moved"]["state"] == "redirected" and states["moved"]["final_url"].endswith("/ok")
    assert states["gone"]["state"] == "dead" and states["gone"]["status"] == 404
    assert states["broken"]["state"] == "dead" and states["broken"]["status"] == 500
    assert states["slow"]["state"] == "slow"
    assert report["summary"] == {"ok": 1, "redirected": 1, "slow": 1, "dead": 2}
    md = (tmp_path / "external-links.md").read_text()
    assert "## Dead (2)" in md and "/gone" in md and "## Redirected (1)" in md and "## Slow (1)" in md


def test_links_external_checks_every_cited_url_by_default(monkeypatch, tmp_path):
    """Without --url it takes every external URL of the content and sources (no network: stubbed)."""
    from kb import cli

    seen = []
    monkeypatch.setattr(links, "check_url", lambda u, *a: seen.append(u) or {"url": u, "status": 200, "final_url": u,
                                                                              "seconds": 0.1, "state": "ok", "error": ""})
    assert cli.main(["links-external", "--out", str(tmp_path)]) == 0
    content = load(ROOT)
    assert set(seen) == {u for d in content.all_docs() for u in d.external_urls} | set(content.source_urls)


# ------------------------------------------------------------------ triage tree


def test_triage_tree_every_path_ends_in_a_result_with_working_links(built_site):
    content = load(ROOT)
    assert check_triage(content) == []
    paths = triage_paths(content)
    results = {r for _, r in paths}
    assert results == set(content.triage["results"])  # every result is reachable
    assert {"outage", "region", "session", "deactivation"} <= results
    assert len(paths) >= 10
    for lang in LANGS:
        prefix = url_prefix(lang)
        html = built_site.html(f"{prefix}triage/index.html")
        for steps, result in paths:
            for qid, _ in steps:
                assert f'id="q-{qid}"' in html
            assert f'id="r-{result}"' in html
        for result in results:
            for link in content.triage["results"][result]["links"]:
                page = built_site.out / prefix / link["page"].replace(".md", "") / "index.html"
                assert page.exists(), page
                assert f'id="{link["anchor"]}"' in page.read_text(encoding="utf-8"), (page, link["anchor"])


def test_triage_validation_catches_broken_trees():
    content = load(ROOT)
    tree = content.triage
    tree["questions"]["status"]["options"][0]["result"] = "nowhere"
    tree["questions"]["browser"]["options"][1]["next"] = "message"  # a loop back to the start
    tree["results"]["outage"]["links"][0]["anchor"] = "no-such-section"
    messages = "\n".join(str(p) for p in check_triage(content))
    assert "result 'nowhere' does not exist" in messages
    assert "has no section { #no-such-section }" in messages
    content = load(ROOT)
    content.triage["questions"]["browser"]["options"][1]["next"] = "message"
    assert "loop: message → location → browser → message" in "\n".join(str(p) for p in check_triage(content))


# ------------------------------------------------------------------ the link check's own plumbing


def test_links_reports_a_broken_anchor_on_the_same_page(tmp_path):
    """linkchecker writes an in-page anchor's row starting with '#', like its comments: it must count."""
    site = make_fixture_site(tmp_path / "s")
    about = site / "docs/zh/about.md"
    about.write_text(about.read_text() + '\n<a href="#no-such-section">坏锚点</a>\n')
    r = kb(site, "links")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "broken: /about/" in r.stderr and "no section with id 'no-such-section' on that page" in r.stderr
    assert "__drawer" not in r.stderr and "Traceback" not in r.stderr


def test_local_server_ignores_hangups_and_reports_real_errors(tmp_path, capfd):
    import socket
    import struct

    (tmp_path / "big.bin").write_bytes(b"x" * 8_000_000)
    errors: list[str] = []
    port = links.free_port()
    with links.serve(tmp_path, port, errors=errors):
        for _ in range(3):  # ask for a large file and hang up with a reset before it is sent
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /kb/big.bin HTTP/1.0\r\n\r\n")
            s.recv(1024)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        time.sleep(0.5)
    assert errors == []
    assert "Traceback" not in capfd.readouterr().err

    class Broken(links._Handler):
        def do_GET(self):
            raise ValueError("handler bug")

    errors = []
    with links.serve(tmp_path, port, handler=Broken, errors=errors):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /kb/big.bin HTTP/1.0\r\n\r\n")
        s.recv(1024)
        s.close()
        deadline = time.time() + 5
        while not errors and time.time() < deadline:
            time.sleep(0.05)
    assert errors == ["ValueError: handler bug"]
    assert "Traceback" not in capfd.readouterr().err


def test_link_report_parser_keeps_anchor_rows_and_drops_comments():
    out = "\n".join([
        "# created by LinkChecker at 2026-12-01",
        "urlname;parentname;valid",
        "#missing;http://x/kb/about/;True",
        "../faq/;http://x/kb/about/;False",
        "# Stopped checking at 2026-12-01 (1 seconds)",
    ])
    rows = links.parse_report(out)
    assert [r["urlname"] for r in rows] == ["#missing", "../faq/"]
    assert links.parse_report("no report") is None


def test_whitespace_between_tags_collapses_except_where_it_matters():
    from kb.assets import collapse_whitespace

    page = ('<div>\n    <p>a</p>\n\n  <span>b</span> <span>c</span>\n</div>'
            '<pre><code>line 1\n  <span>line 2</span>\n</code></pre>'
            '<textarea>x\n  <b>\n</textarea><script>if (a >\n  <b) {}</script>')
    out = collapse_whitespace(page)
    assert out.startswith('<div> <p>a</p> <span>b</span> <span>c</span> </div>')
    for kept in ('<pre><code>line 1\n  <span>line 2</span>\n</code></pre>', '<textarea>x\n  <b>\n</textarea>',
                 '<script>if (a >\n  <b) {}</script>'):
        assert kept in out
    # A kept element right after another tag is still kept whole.
    assert collapse_whitespace('<p>a</p>\n<pre>x\n  <i>y</i></pre>') == '<p>a</p> <pre>x\n  <i>y</i></pre>'
