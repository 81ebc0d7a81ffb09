"""Link checks: internal links and anchors of the built site (linkchecker), and outbound links."""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import functools
import json
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .model import ROOT, load
from .sitekit import build

SITE_PATH = "/kb/"  # the sub-path the site is served under in checks (like GitHub project Pages)

# threads=0: linkchecker's AnchorCheck is unreliable with threads (an anchor can be checked before its
# page is parsed: linkchecker/linkchecker#194, #542, #555). Single-threaded it is deterministic, and
# against a local server with the throttle lifted it is also faster (about 10 s for the whole site).
LINKCHECKER_RC = """[checking]
threads=0
timeout=30
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


# Run as root, linkchecker switches to the user 'nobody' *before* it loads its plugins; in a checkout
# that 'nobody' cannot read (a 0700 temporary directory, say) AnchorCheck then silently never runs.
# It only reads our own site from a local server, so keep the caller's user.
RUN_LINKCHECKER = (
    "import sys; from linkcheck.command import linkchecker as lc; "
    "lc.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; lc.linkchecker()"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site under SITE_PATH; the LinkChecker header lifts linkchecker's throttle."""

    mount = SITE_PATH

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.mount):
            return str(Path(self.directory) / "__outside_mount__")
        return super().translate_path("/" + path[len(self.mount):])

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, *args) -> None:  # quiet
        pass


# A client that hangs up before the whole response is sent (linkchecker once it has what it needs, a
# browser test that aborts a request) is normal for a local server and says nothing about the site.
CLIENT_GONE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.errors: list[str] = []

    def handle_error(self, request, client_address) -> None:
        """Instead of printing a traceback: ignore hang-ups, keep anything else for the report."""
        exc = sys.exc_info()[1]
        if isinstance(exc, CLIENT_GONE):
            return
        self.errors.append(f"{type(exc).__name__}: {exc}")


@contextlib.contextmanager
def serve(site_dir: Path, port: int, handler=_Handler, errors: list | None = None):
    """Serve site_dir under the handler's mount; server-side errors (not hang-ups) go into `errors`."""
    server = _Server(("127.0.0.1", port), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}{handler.mount}"
    finally:
        server.shutdown()
        server.server_close()
        if errors is not None:
            errors.extend(server.errors)


def parse_report(stdout: str) -> list[dict] | None:
    """Rows of linkchecker's CSV output. Its comment lines start with '#', but so does every row whose
    URL is an in-page anchor ('#section'): keep every line after the header with the header's field count."""
    lines = stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("urlname;")), None)
    if start is None:
        return None
    reader = csv.reader(lines[start:], delimiter=";")
    header = next(reader)
    return [dict(zip(header, row)) for row in reader if len(row) == len(header)]


def check_internal(site_dir: Path, port: int) -> tuple[list[str], int]:
    """Run linkchecker over the served site; returns (failure lines, number of URLs checked)."""
    server_errors: list[str] = []
    with serve(site_dir, port, errors=server_errors) as base, tempfile.TemporaryDirectory() as tmp:
        rc_file = Path(tmp) / "linkcheckerrc"
        rc_file.write_text(LINKCHECKER_RC)
        starts = [base, f"{base}404.html", f"{base}en/404.html"]
        cmd = [sys.executable, "-c", RUN_LINKCHECKER, "-f", str(rc_file), "--no-status", "--no-robots", "-v",
               "-o", "csv/utf-8", *starts]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    rows = parse_report(proc.stdout)
    if not rows:
        return [f"linkchecker did not run (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}"], 0
    failures = [f"the local server failed: {err}" for err in server_errors]
    for row in rows:
        bad = row.get("valid") in ("False", "0")
        warnings = (row.get("warningstring") or "").strip()
        if bad or warnings:
            where = (row.get("parentname") or "(start)").replace(base, "/")
            target = row.get("urlname") or row.get("url")
            reason = (row.get("result") or "").strip() if bad else _plain(warnings)
            failures.append(f"{where} (line {row.get('line')}): {target}: {reason}")
    return sorted(set(failures)), len(rows)


ANCHOR_RE = re.compile(r"Anchor `(.*?)' (?:\(decoded: `.*?'\) )?not found\.(?: Available anchors: (.*?)\.)?$", re.S)


def _plain(warning: str) -> str:
    """linkchecker's anchor warning in plain words, listing only the page's own section ids (not
    Material's internal ones such as __drawer or __config)."""
    m = ANCHOR_RE.search(warning)
    if not m:
        return warning
    ids = [a for a in re.findall(r"`(.*?)'", m.group(2) or "") if not a.startswith("__")]
    return f"no section with id '{m.group(1)}' on that page" + (f" (its ids: {', '.join(ids)})" if ids else "")


def cmd_links(args) -> int:
    root = Path(args.root)
    port = args.port or free_port()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        proc = build(root, site_dir, env={"SITE_URL": f"http://127.0.0.1:{port}{SITE_PATH}"})
        if proc.returncode != 0:
            print(proc.stderr[-5000:], file=sys.stderr)
            print("links: the strict build failed; fix the errors above first", file=sys.stderr)
            return 1
        built = time.perf_counter()
        failures, checked = check_internal(site_dir, port)
    done = time.perf_counter()
    for line in failures:
        print(f"broken: {line}", file=sys.stderr)
    print(f"links: {checked} URLs checked, {len(failures)} problem(s); build {built - started:.1f} s, "
          f"check {done - built:.1f} s")
    return 1 if failures or checked == 0 else 0


# ---------------------------------------------------------------- outbound links


def check_url(url: str, timeout: float, retries: int, slow: float) -> dict:
    import requests

    result = {"url": url, "status": None, "final_url": url, "seconds": None, "state": "dead", "error": ""}
    headers = {"User-Agent": "chatgpt-ban-kb link check (+https://github.com/)"}
    for attempt in range(retries + 1):
        start = time.perf_counter()
        try:
            r = requests.get(url, timeout=timeout, allow_redirects=True, headers=headers, stream=True)
            r.close()
            result.update(status=r.status_code, final_url=r.url, seconds=round(time.perf_counter() - start, 3), error="")
            if r.status_code >= 400:
                result["state"] = "dead"
                if r.status_code < 500:
                    break  # a 4xx will not change on retry
                continue
            result["state"] = "redirected" if r.history and r.url.rstrip("/") != url.rstrip("/") else "ok"
            if result["seconds"] > slow:
                result["state"] = "slow" if result["state"] == "ok" else result["state"]
            break
        except requests.RequestException as exc:
            result.update(seconds=round(time.perf_counter() - start, 3), error=type(exc).__name__, state="dead")
    return result


def write_report(results: list[dict], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = {s: sum(1 for r in results if r["state"] == s) for s in ("ok", "redirected", "slow", "dead")}
    data = {"generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "summary": summary, "results": results}
    json_path = out_dir / "external-links.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = ["# External link report", "", f"Generated {data['generated']}.", "",
             "| state | count |", "|---|---|", *(f"| {k} | {v} |" for k, v in summary.items()), ""]
    for state in ("dead", "redirected", "slow"):
        group = [r for r in results if r["state"] == state]
        if group:
            lines += [f"## {state.capitalize()} ({len(group)})", "", "| URL | status | final URL | seconds | error |",
                      "|---|---|---|---|---|"]
            lines += [f"| {r['url']} | {r['status'] or ''} | {r['final_url'] if r['final_url'] != r['url'] else ''} | "
                      f"{r['seconds'] or ''} | {r['error']} |" for r in group]
            lines.append("")
    md_path = out_dir / "external-links.md"
    md_path.write_text("\n".join(lines), encoding="utf-8")
    return json_path, md_path


def cmd_links_external(args) -> int:
    if args.url:
        urls = sorted(set(args.url))
    else:
        content = load(args.root)
        urls = sorted({u for d in content.all_docs() for u in d.external_urls} | set(content.source_urls))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(lambda u: check_url(u, args.timeout, args.retries, args.slow), urls))
    json_path, md_path = write_report(results, Path(args.out))
    dead = [r for r in results if r["state"] == "dead"]
    print(f"links-external: {len(results)} checked, {len(dead)} dead; report: {md_path} and {json_path}")
    return 1 if dead and args.fail_on_dead else 0


def add_commands(sub) -> None:
    p = sub.add_parser("links", help="check internal links and anchors of the built site")
    p.add_argument("--port", type=int, default=0)
    p.set_defaults(func=cmd_links)
    p = sub.add_parser("links-external", help="check outbound links and write a report")
    p.add_argument("--url", action="append", help="check these URLs instead of the site's (repeatable)")
    p.add_argument("--out", default=str(ROOT / "reports"), help="report folder")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--retries", type=int, default=2)
    p.add_argument("--slow", type=float, default=5.0, help="seconds above which a link counts as slow")
    p.add_argument("--workers", type=int, default=8)
    p.add_argument("--fail-on-dead", action="store_true")
    p.set_defaults(func=cmd_links_external)
