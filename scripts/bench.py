#!/usr/bin/env python3
"""`make bench`: performance figures against explicit targets, written to reports/bench.json and
reports/bench.md, and into the README's performance section.

Measures (2-core machines are the reference):
- cold build of the real site, with and without the project's hook (ratio);
- build time and peak memory with synthetic FAQ corpora of 100, 1,000 and 3,000 entries per
  language, generated in a temporary directory from the real entries;
- gzipped bytes of the first load of each page type (HTML, CSS, JS; the search index separately);
- search index size and in-page time from query to first result, Chinese and English, at each size;
- Lighthouse mobile scores for each page type in both languages, served with gzip.

Options: --quick (100 and 1,000 entries, no Lighthouse) for a fast look; --no-lighthouse.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kb import links, sitekit  # noqa: E402
from kb.model import load, text_hash  # noqa: E402

REPORTS = ROOT / "reports"
PAGE_TYPES = {"home": "", "topic": "false-alarms/", "faq-index": "faq/", "faq-entry": "faq/how-to-appeal/",
              "404": "404.html"}
TARGETS = {"lighthouse": 100, "home_first_load_gzip_kb": 80, "search_ms_at_1000": 50, "hook_ratio": 1.3}
SEARCH_QUERIES = {"zh": ["申诉", "封号", "地区", "退款", "邮件", "注册", "账号"],
                  "en": ["appeal", "refund", "region", "email", "account", "shared", "warning"]}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Run inside a child process: build in-process and report wall time and peak memory.
BUILD_CHILD = r"""
import resource, sys, time
from mkdocs.__main__ import cli
t = time.perf_counter()
try:
    cli.main(args=sys.argv[1:], standalone_mode=False)
except SystemExit as e:
    if e.code:
        raise
print("BENCH", time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def timed_build(site: Path, out: Path, strict: bool = True, env: dict | None = None) -> dict:
    args = ["build", "--site-dir", str(out)] + (["--strict"] if strict else [])
    proc = subprocess.run([sys.executable, "-c", BUILD_CHILD, *args], cwd=site, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, timeout=3600)
    m = re.search(r"BENCH ([\d.]+) (\d+)", proc.stdout)
    if proc.returncode != 0 or not m:
        raise SystemExit(f"build failed in {site}:\n{proc.stderr[-4000:]}")
    return {"seconds": round(float(m.group(1)), 2), "peak_mb": round(int(m.group(2)) / 1024, 1)}


def without_hooks(site: Path) -> None:
    """The same site with the project's hook removed (and non-strict: hook-made anchors go missing)."""
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^hooks:\n(  - .*\n)+", "", text).replace("strict: true", "strict: false")
    config.write_text(text, encoding="utf-8")


def synthetic_docs(dest: Path, per_lang: int) -> None:
    """The real docs plus `per_lang` generated questions per language, copied from real entries."""
    shutil.copytree(ROOT / "docs", dest, dirs_exist_ok=True)
    content = load(ROOT)
    real = [d.faq_id for d in content.faq("zh")]
    for i in range(per_lang):
        src = real[i % len(real)]
        fid = f"synthetic-{i:05d}"
        zh_doc, en_doc = content.doc("zh", f"faq/{src}.md"), content.doc("en", f"faq/{src}.md")
        zh = zh_doc.raw.replace(f"id: {src}\n", f"id: {fid}\n", 1)
        zh = re.sub(r"(?m)^question: .*$", lambda m: "question: " + json.dumps(f"合成问题 {i}：{zh_doc.title}",
                                                                                ensure_ascii=False), zh, count=1)
        (dest / "zh/faq" / f"{fid}.md").write_text(zh, encoding="utf-8")
        en = en_doc.raw.replace(f"id: {src}\n", f"id: {fid}\n", 1)
        en = re.sub(r"(?m)^question: .*$", lambda m: "question: " + json.dumps(f"Synthetic question {i}: {en_doc.title}"),
                    en, count=1)
        en = re.sub(r"(?m)^source_hash: .*$", f'source_hash: "{text_hash(zh)}"', en, count=1)
        (dest / "en/faq" / f"{fid}.md").write_text(en, encoding="utf-8")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves the site under /kb/ with gzip, like a production static host."""

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(links.SITE_PATH):
            return self._send(404, b"not found", "text/plain")
        target = Path(self.directory) / path[len(links.SITE_PATH):]
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._send(404, (Path(self.directory) / "404.html").read_bytes(), "text/html")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(200, target.read_bytes(), ctype)

    def _send(self, status: int, body: bytes, ctype: str):
        if "gzip" in self.headers.get("Accept-Encoding", "") and not ctype.startswith("image/png"):
            body = gzip.compress(body, 6)
            encoded = True
        else:
            encoded = False
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") or "json" in ctype
                                                  or "javascript" in ctype else ""))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Cache-Control", "max-age=3600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(site_dir: Path, port: int):
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(GzipHandler, directory=str(site_dir)))
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def page_weight(site_dir: Path) -> dict:
    """Gzipped bytes of everything the first load fetches, per page type and language."""
    out = {}
    for lang, prefix in (("zh", ""), ("en", "en/")):
        for kind, path in PAGE_TYPES.items():
            html_path = site_dir / prefix / (path if path.endswith(".html") else path + "index.html")
            html = html_path.read_text(encoding="utf-8")
            sizes = {"html": gz(html.encode()), "css": 0, "js": 0, "other": 0}
            refs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script src="([^"]+)"', html)
            refs += re.findall(r'<link rel="icon" href="([^"]+)"', html)
            for ref in refs:
                if ref.startswith(("http", "/")):  # the 404 pages use absolute URLs
                    f = site_dir / ref.split(links.SITE_PATH, 1)[1]
                else:
                    f = (html_path.parent / ref).resolve()
                key = "css" if ref.endswith(".css") else "js" if ref.endswith(".js") else "other"
                sizes[key] += gz(f.read_bytes())
            sizes["total"] = sum(sizes.values())
            out[f"{lang}/{kind}"] = sizes
    for lang, prefix in (("zh", ""), ("en", "en/")):
        worker = next((site_dir / "assets/javascripts/workers").glob("search.*.min.js"))
        index = (site_dir / prefix / "search/search_index.json").read_bytes()
        out[f"{lang}/search-on-first-use"] = {"index": gz(index), "index_raw": len(index), "worker": gz(worker.read_bytes())}
    return out


SEARCH_JS = """async (q) => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  input.value = ''; input.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
  await new Promise(r => setTimeout(r, 120));
  return await new Promise(resolve => {
    const done = () => list.querySelector('.md-search-result__item');
    const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); resolve(performance.now() - t0); } });
    obs.observe(list, {childList: true, subtree: true});
    input.value = q;
    const t0 = performance.now();
    input.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
    setTimeout(() => { obs.disconnect(); resolve(-1); }, 15000);
  });
}"""


def search_latency(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
        for lang, prefix in (("zh", ""), ("en", "en/")):
            page = browser.new_page()
            page.goto(base + prefix, wait_until="networkidle")
            page.locator("input.md-search__input").click()
            page.evaluate(SEARCH_JS, SEARCH_QUERIES[lang][0])  # warm-up: the worker loads and indexes
            times = [page.evaluate(SEARCH_JS, q) for q in SEARCH_QUERIES[lang] for _ in range(3)]
            found = [t for t in times if t >= 0]
            out[lang] = {"median_ms": round(statistics.median(found), 1) if found else None,
                         "runs": len(times), "no_result": len(times) - len(found)}
            page.close()
        browser.close()
    return out


LIGHTHOUSE_RUNS = 3  # Lighthouse's guidance: performance varies run to run; report the median of several


def lighthouse(base: str, workdir: Path) -> dict:
    binary = ROOT / "node_modules/.bin/lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ROOT, check=True)
    scores = {}
    for lang, prefix in (("zh", ""), ("en", "en/")):
        for kind, path in PAGE_TYPES.items():
            runs = [lighthouse_once(binary, base + prefix + path, workdir / f"lh-{lang}-{kind}-{i}.json")
                    for i in range(LIGHTHOUSE_RUNS)]
            ok = [r for r in runs if "error" not in r]
            if not ok:
                scores[f"{lang}/{kind}"] = runs[0]
                continue
            median = sorted(ok, key=lambda r: r["performance"] or 0)[len(ok) // 2]
            scores[f"{lang}/{kind}"] = {**median, "performance_runs": [r["performance"] for r in ok]}
    return scores


def lighthouse_once(binary: Path, target: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset) against the system Chromium: category scores and what fell short."""
    cmd = [str(binary), target, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=performance,accessibility,best-practices,seo", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    if proc.returncode != 0 or not out.exists():
        return {"error": proc.stderr[-500:]}
    report = json.loads(out.read_text())
    cats = {k: round(v["score"] * 100) if v["score"] is not None else None for k, v in report["categories"].items()}
    failing = [f"{ref['id']}: {report['audits'][ref['id']]['title']}" for c in report["categories"].values()
               for ref in c["auditRefs"] if ref["weight"] > 0
               and report["audits"][ref["id"]].get("score") is not None and report["audits"][ref["id"]]["score"] < 1]
    return {**cats, "not_perfect": failing[:8]}


def versions() -> dict:
    v = {name: metadata.version(name) for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jieba",
                                                    "playwright")}
    v["python"] = platform.python_version()
    try:
        v["chromium"] = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        v["chromium"] = None
    lh = ROOT / "node_modules/lighthouse/package.json"
    v["lighthouse"] = json.loads(lh.read_text())["version"] if lh.exists() else None
    return v


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    sizes = [100, 1000] if args.quick else [100, 1000, 3000]
    result = {"machine": {"cores": os.cpu_count(), "platform": platform.platform()}, "versions": versions(),
              "targets": TARGETS, "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("bench: real site, with and without the hook")
        real = sitekit.make_site(tmp / "real")
        with_hook = min((timed_build(real, tmp / f"out-real-{i}") for i in range(3)), key=lambda r: r["seconds"])
        bare = sitekit.make_site(tmp / "bare")
        without_hooks(bare)
        no_hook = min((timed_build(bare, tmp / f"out-bare-{i}", strict=False) for i in range(3)),
                      key=lambda r: r["seconds"])
        result["build"] = {"with_hook": with_hook, "without_hook": no_hook,
                           "ratio": round(with_hook["seconds"] / no_hook["seconds"], 2)}
        port = links.free_port()
        base = f"http://127.0.0.1:{port}{links.SITE_PATH}"
        site_dir = tmp / "served"
        sitekit.build(ROOT, site_dir, env={"SITE_URL": base})
        result["page_weight_gzip_bytes"] = page_weight(site_dir)
        server = serve(site_dir, port)
        try:
            result["search"] = {"real": {**search_latency(base),
                                         "index_bytes": {"zh": (site_dir / "search/search_index.json").stat().st_size,
                                                         "en": (site_dir / "en/search/search_index.json").stat().st_size}}}
            if not args.no_lighthouse and not args.quick:
                print(f"bench: Lighthouse, {LIGHTHOUSE_RUNS} runs a page (about 15 s each)")
                result["lighthouse"] = lighthouse(base, tmp)
        finally:
            server.shutdown()
        result["scaling"] = []
        for n in sizes:
            print(f"bench: synthetic corpus, {n} entries per language")
            src = sitekit.make_site(tmp / f"syn-{n}", docs=None)
            shutil.rmtree(src / "docs")
            synthetic_docs(src / "docs", n)
            port = links.free_port()
            base = f"http://127.0.0.1:{port}{links.SITE_PATH}"
            out = tmp / f"out-syn-{n}"
            build = timed_build(src, out, env={"SITE_URL": base})
            server = serve(out, port)
            try:
                latency = search_latency(base)
            finally:
                server.shutdown()
            entries = 2 * (n + 48)
            result["scaling"].append({
                "entries_per_language": n + 48, **build, "ms_per_entry": round(build["seconds"] * 1000 / entries, 2),
                "index_bytes": {"zh": (out / "search/search_index.json").stat().st_size,
                                "en": (out / "en/search/search_index.json").stat().st_size},
                "search": latency})
            shutil.rmtree(out)
    result["verdict"] = verdict(result)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    md = summary(result)
    (REPORTS / "bench.md").write_text(md, encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    marker = "<!-- bench-results -->"
    if marker in text:
        readme.write_text(text.split(marker)[0] + marker + "\n\n" + md.split("\n", 2)[2], encoding="utf-8")
    print(md)
    return 0 if all(v["ok"] for v in result["verdict"].values() if v["ok"] is not None) else 1


def verdict(r: dict) -> dict:
    v = {}
    home = r["page_weight_gzip_bytes"]["zh/home"]["total"] / 1024
    v["home_first_load_gzip_kb"] = {"value": round(home, 1), "target": f"<= {TARGETS['home_first_load_gzip_kb']}",
                                    "ok": home <= TARGETS["home_first_load_gzip_kb"]}
    v["hook_ratio"] = {"value": r["build"]["ratio"], "target": f"<= {TARGETS['hook_ratio']}",
                       "ok": r["build"]["ratio"] <= TARGETS["hook_ratio"]}
    at_1000 = next((s for s in r["scaling"] if s["entries_per_language"] >= 1000), None)
    if at_1000:
        worst = max(x["median_ms"] or 1e9 for x in at_1000["search"].values())
        v["search_ms_at_1000"] = {"value": worst, "target": f"<= {TARGETS['search_ms_at_1000']}",
                                  "ok": worst <= TARGETS["search_ms_at_1000"]}
    per = [s["ms_per_entry"] for s in r["scaling"]]
    if len(per) >= 2:
        v["linear_build"] = {"value": per, "target": "ms per entry does not grow (within 25%)",
                             "ok": per[-1] <= per[1] * 1.25}
    if "lighthouse" in r:
        low = [f"{k} {c}={s}" for k, x in r["lighthouse"].items() for c, s in x.items()
               if c in ("performance", "accessibility", "best-practices", "seo") and s != 100]
        errors = [k for k, x in r["lighthouse"].items() if "error" in x]
        v["lighthouse"] = {"value": low + [f"{k}: error" for k in errors] or "all 100", "target": "100 everywhere",
                           "ok": not low and not errors}
    return v


def summary(r: dict) -> str:
    m, ver = r["machine"], r["versions"]
    lines = ["# Benchmark", "",
             f"Measured {r['generated']} on {m['cores']} cores; Python {ver['python']}, MkDocs {ver['mkdocs']}, "
             f"Material {ver['mkdocs-material']}, static-i18n {ver['mkdocs-static-i18n']}, {ver['chromium']}, "
             f"Lighthouse {ver['lighthouse']}.", "",
             "| target | measured | goal | met |", "| --- | --- | --- | --- |"]
    for name, x in r["verdict"].items():
        value = x["value"] if not isinstance(x["value"], list) else ", ".join(map(str, x["value"]))
        lines.append(f"| {name} | {value} | {x['target']} | {'yes' if x['ok'] else 'NO'} |")
    b = r["build"]
    lines += ["", f"Cold build of the real site: {b['with_hook']['seconds']} s with the hook, "
                  f"{b['without_hook']['seconds']} s without (ratio {b['ratio']}); peak memory {b['with_hook']['peak_mb']} MB.",
              "", "| entries per language | build s | peak MB | ms per entry | index zh / en (KB) | search zh / en (median ms) |",
              "| --- | --- | --- | --- | --- | --- |"]
    for s in r["scaling"]:
        lines.append(f"| {s['entries_per_language']} | {s['seconds']} | {s['peak_mb']} | {s['ms_per_entry']} | "
                     f"{s['index_bytes']['zh'] // 1024} / {s['index_bytes']['en'] // 1024} | "
                     f"{s['search']['zh']['median_ms']} / {s['search']['en']['median_ms']} |")
    lines += ["", "First load, gzipped bytes (the search index and worker load on first use of search):", "",
              "| page | HTML | CSS | JS | other | total |", "| --- | --- | --- | --- | --- | --- |"]
    for k, s in r["page_weight_gzip_bytes"].items():
        if "html" in s:
            lines.append(f"| {k} | {s['html']} | {s['css']} | {s['js']} | {s['other']} | {s['total']} |")
        else:
            lines.append(f"| {k} | index {s['index']} (raw {s['index_raw']}) | | worker {s['worker']} | | |")
    if "lighthouse" in r:
        lines += ["", f"Lighthouse (mobile preset; performance is the median of {LIGHTHOUSE_RUNS} runs, all runs shown):", "",
                  "| page | performance | accessibility | best practices | SEO |", "| --- | --- | --- | --- | --- |"]
        for k, s in r["lighthouse"].items():
            runs = ", ".join(map(str, s.get("performance_runs", [])))
            lines.append(f"| {k} | {s.get('performance')} ({runs}) | {s.get('accessibility')} | {s.get('best-practices')} | "
                         f"{s.get('seo')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
