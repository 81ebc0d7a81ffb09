#!/usr/bin/env python3
"""`make bench`: performance figures against explicit targets, written to reports/bench.json and
reports/bench.md, and into the README's performance section.

Measures (2-core machines are the reference):
- cold build of the real site, with and without the project's hook (ratio);
- synthetic corpora of 100, 1,000 and 3,000 FAQ entries per language whose entries differ in
  wording (sentences recombined from the real answers plus generated words, so the index and the
  compression see a growing vocabulary, not copies): build time and peak memory, the FAQ index's
  first load (gzipped HTML, CSS, JS), and for each language the bytes transferred and the time to
  the first result of a reader's first search (fresh browser context, Pagefind over HTTP with gzip);
- gzipped bytes of the first load of each page type of the real site;
- Lighthouse (mobile preset) side by side in one run: our home, topic, FAQ index and FAQ entry pages
  in both languages, each against its stock twin (a stock Material page with the same visible text,
  in the same language) built in the same run, same server, same Chromium, 3 alternating rounds,
  median performance score, Total Blocking Time and main-thread breakdown.

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
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kb import hant, links, search, sitekit  # noqa: E402
from kb.model import LANGS, load, text_hash, url_prefix  # noqa: E402

REPORTS = ROOT / "reports"
PAGE_TYPES = {"home": "", "topic": "false-alarms/", "faq-index": "faq/", "faq-category": "faq/category/appeal/",
              "faq-entry": "faq/how-to-appeal/", "404": "404.html"}
LIGHTHOUSE_PAGES = {"home": "", "topic": "false-alarms/", "faq-index": "faq/", "faq-entry": "faq/how-to-appeal/"}
TARGETS = {"home_first_load_gzip_kb": 80, "faq_index_first_load_gzip_kb": 80, "first_query_gzip_kb": 250,
           "first_result_ratio_3000_vs_100": 1.5, "hook_ratio": 1.3, "tbt_over_stock_ms": 50}
SEARCH_QUERIES = {"zh": ["申诉", "账号被停用", "退款", "地区", "邮件"],
                  "en": ["appeal", "account deactivated", "refund", "region", "email"]}
# zh-Hant readers type the same questions in Traditional characters (converted as the pages are).
SEARCH_QUERIES["zh-hant"] = [load(ROOT).converter.text(q) for q in SEARCH_QUERIES["zh"]]
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


def indexed_bare_build(site: Path, out: Path) -> dict:
    """The build without the hook, plus the same Pagefind run the hook does: the ratio then shows
    what the hook adds (validation, generated pages, share cards, minification), not the search
    index, which any build of this site needs."""
    result = timed_build(site, out, strict=False)
    t = time.perf_counter()
    search.build_index(out)
    result["seconds"] = round(result["seconds"] + time.perf_counter() - t, 2)
    return result


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


LINK_MD = re.compile(r"\[([^\]]*)\]\([^)]*\)")
BADGE_MD = re.compile(r"\s*\[\[ev:[a-z]+\]\]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _sentences(text: str, lang: str) -> list[str]:
    """Plain sentences of an answer: links reduced to their text, badges and markup dropped."""
    text = BADGE_MD.sub("", LINK_MD.sub(r"\1", text))
    text = re.sub(r"(?m)^(#+ .*|[-*] |\d+\. |> ?|\|.*\|)", "", text)
    text = re.sub(r"[*_`<>{}#]", "", text)
    parts = re.split(r"(?<=[。！？])" if lang == "zh" else r"(?<=[.!?])\s+", text.replace("\n", " "))
    return [p.strip() for p in parts if len(p.strip()) > (8 if lang == "zh" else 30)]


def synthetic_docs(dest: Path, per_lang: int, seed: int = 7) -> None:
    """The real docs plus `per_lang` generated questions per language. Each entry recombines
    sentences of different real answers and adds generated words (two-character Han words from the
    real text's characters; English words from syllables), so entries differ in wording and the
    vocabulary grows with the corpus, as it would with real questions."""
    import random

    rng = random.Random(seed)
    shutil.copytree(ROOT / "docs", dest, dirs_exist_ok=True)
    content = load(ROOT)
    real = {lang: content.faq(lang) for lang in ("zh", "en")}
    pool = {lang: [s for d in real[lang] for s in _sentences(d.body, lang)] for lang in real}
    chars = sorted(set(HAN.findall(" ".join(pool["zh"]))))
    syllables = ["ka", "ro", "mi", "ten", "sul", "bar", "vi", "dex", "lo", "mun", "pra", "zel", "qui", "nor", "fa"]
    cats = list(content.categories)
    tags = list(content.tags)

    def zh_word() -> str:
        return rng.choice(chars) + rng.choice(chars)

    def en_word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))

    for i in range(per_lang):
        fid = f"synthetic-{i:05d}"
        words = [(zh_word(), en_word()) for _ in range(6)]  # this entry's own vocabulary, both languages
        cat, tag = rng.choice(cats), rng.sample(tags, 2)
        zh_q = f"{words[0][0]}{words[1][0]}的账号问题 {i}：{rng.choice(real['zh']).title}"
        en_q = f"{words[0][1].capitalize()} {words[1][1]} account question {i}: {rng.choice(real['en']).title}"
        zh_body = "".join(rng.sample(pool["zh"], 3)) + "\n\n" + "，".join(w[0] for w in words) + "。" + \
            "".join(rng.sample(pool["zh"], 3))
        en_body = " ".join(rng.sample(pool["en"], 3)) + "\n\n" + ", ".join(w[1] for w in words).capitalize() + ". " + \
            " ".join(rng.sample(pool["en"], 3))
        front = "---\nid: {fid}\nquestion: {q}\ncategory: {cat}\ntags: [{tags}]\nreviewed: 2026-12-01\n{extra}---\n"
        zh = front.format(fid=fid, q=json.dumps(zh_q, ensure_ascii=False), cat=cat, tags=", ".join(tag), extra="") + zh_body + "\n"
        (dest / "zh/faq" / f"{fid}.md").write_text(zh, encoding="utf-8")
        en = front.format(fid=fid, q=json.dumps(en_q), cat=cat, tags=", ".join(tag),
                          extra=f'source_hash: "{text_hash(zh)}"\n') + en_body + "\n"
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


def page_weight(site_dir: Path, kinds: dict | None = None) -> dict:
    """Gzipped bytes of everything the first load fetches, per page type and language (the search
    index is not part of it: it loads when the reader starts to search)."""
    out = {}
    for lang in LANGS:
        for kind, path in (kinds or PAGE_TYPES).items():
            html_path = site_dir / url_prefix(lang) / (path if path.endswith(".html") else path + "index.html")
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
    return out


FIRST_QUERY_JS = """async (q) => {
  const form = document.querySelector('form[name=kb-search]');
  const input = form.querySelector('input[name=q]');
  const status = document.querySelector('.kb-search__status');
  input.value = q;
  const t0 = performance.now();
  form.requestSubmit();
  return await new Promise(resolve => {
    const tick = () => {
      if (status.dataset.query === q) return resolve({ms: performance.now() - t0,
        results: document.querySelectorAll('.md-search-result__item').length});
      if (performance.now() - t0 > 20000) return resolve({ms: -1, results: 0});
      requestAnimationFrame(tick);
    };
    tick();
  });
}"""


QUERY_REPEATS = 2  # each query twice, each time in a fresh browser: the median of 10 per language


def first_query(base: str) -> dict:
    """A reader's first search, per language: a fresh browser context per query (nothing cached),
    the query submitted in the header's search box; the time until its results are on screen and
    the bytes transferred for it (everything fetched after the page had loaded)."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
        for lang in LANGS:
            times, sizes, counts = [], [], []
            for q in SEARCH_QUERIES[lang] * QUERY_REPEATS:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + url_prefix(lang), wait_until="networkidle")
                fetched = []
                page.on("requestfinished", lambda r: fetched.append(r))
                res = page.evaluate(FIRST_QUERY_JS, q)
                page.wait_for_timeout(200)
                sizes.append(sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in fetched))
                times.append(res["ms"])
                counts.append(res["results"])
                context.close()
            ok = [t for t in times if t >= 0]
            out[lang] = {"median_ms": round(statistics.median(ok), 1) if ok else None,
                         "max_kb": round(max(sizes) / 1024, 1), "median_kb": round(statistics.median(sizes) / 1024, 1),
                         "queries": len(times), "failed": len(times) - len(ok), "results": counts}
        browser.close()
    return out


LIGHTHOUSE_RUNS = 5  # Lighthouse varies run to run (TBT by 100 ms and more here): report the median of several


STOCK_DIR = "stock-material/"


class _ArticleText(HTMLParser):
    """The visible text of a built page's <article>, as Markdown blocks: headings stay headings,
    everything else becomes paragraphs. Hidden elements, scripts and styles are skipped."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "pre", "dt", "dd", "summary", "figcaption"}
    VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0  # inside a hidden element, script or style
        self.stack: list[tuple[str, bool]] = []
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.kind = "p"

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        hides = tag in ("script", "style", "noscript", "template") or "hidden" in a or a.get("aria-hidden") == "true"
        self.stack.append((tag, hides))
        if tag == "article":
            self.depth += 1
        if hides:
            self.skip += 1
        if self.depth and tag in self.BLOCKS:
            self.flush()
            self.kind = tag

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            name, hides = self.stack.pop()
            if hides:
                self.skip -= 1
            if self.depth and name in self.BLOCKS:
                self.flush()
            if name == "article":
                self.depth -= 1
            if name == tag:
                break

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.current.append(data)

    def flush(self):
        text = " ".join("".join(self.current).split()).replace("¶", "").strip()
        self.current = []
        if text:
            prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "#### ", "li": "- "}.get(self.kind, "")
            self.blocks.append(prefix + text)


def article_markdown(html_text: str) -> str:
    parser = _ArticleText()
    parser.feed(html_text)
    parser.flush()
    blocks = parser.blocks
    if not blocks or not blocks[0].startswith("# "):
        blocks.insert(0, "# Page")
    return "\n\n".join(blocks) + "\n"


def stock_material_sites(work: Path, site_dir: Path) -> dict[str, str]:
    """For every page Lighthouse measures, a stock twin: the same visible text (hidden parts left out)
    on a stock Material for MkDocs site in the same language (no overrides, hook, extra CSS or JS;
    Material's own search plugin), built into site_dir/stock-material/<lang>/. Returns
    {"<lang>/<kind>": path of the twin under site_dir}."""
    twins = {}
    for lang, prefix in (("zh", ""), ("en", "en/")):
        src = work / f"stock-{lang}"
        (src / "docs").mkdir(parents=True, exist_ok=True)
        for kind, path in LIGHTHOUSE_PAGES.items():
            built = (site_dir / prefix / path / "index.html").read_text(encoding="utf-8")
            (src / "docs" / f"{kind}.md").write_text(article_markdown(built), encoding="utf-8")
            twins[f"{lang}/{kind}"] = f"{STOCK_DIR}{lang}/{kind}/"
        (src / "mkdocs.yml").write_text(f"site_name: Stock Material\nsite_url: http://127.0.0.1/\ntheme:\n  name: material\n"
                                        f"  language: {lang}\n  font: false\nplugins:\n  - search\n", encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir",
                               str((site_dir / STOCK_DIR / lang).resolve())], cwd=src, capture_output=True, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if proc.returncode != 0:
            raise SystemExit(f"stock Material build failed:\n{proc.stderr[-3000:]}")
    return twins


def lighthouse(base: str, workdir: Path, twins: dict[str, str]) -> dict:
    """Each of our page types (both languages) right after its stock twin, in alternating rounds on
    one server: key "<lang>/<kind>" for ours, "stock/<lang>/<kind>" for the twin."""
    binary = ROOT / "node_modules/.bin/lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    targets = {}
    for lang, prefix in (("zh", ""), ("en", "en/")):
        for kind, path in LIGHTHOUSE_PAGES.items():
            targets[f"stock/{lang}/{kind}"] = base + twins[f"{lang}/{kind}"]
            targets[f"{lang}/{kind}"] = base + prefix + path
    runs: dict[str, list] = {k: [] for k in targets}
    for i in range(LIGHTHOUSE_RUNS):
        for key, target in targets.items():
            runs[key].append(lighthouse_once(binary, target, workdir / f"lh-{key.replace('/', '-')}-{i}.json"))
    scores = {}
    for key, rs in runs.items():
        ok = [r for r in rs if "error" not in r]
        if not ok:
            scores[key] = rs[0]
            continue
        median = sorted(ok, key=lambda r: r["performance"] or 0)[len(ok) // 2]
        scores[key] = {**median, "performance_runs": [r["performance"] for r in ok],
                       "performance": statistics.median_low(r["performance"] for r in ok),
                       "tbt_runs": [r["tbt_ms"] for r in ok], "tbt_ms": statistics.median(r["tbt_ms"] for r in ok)}
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
    cats["tbt_ms"] = round(report["audits"]["total-blocking-time"]["numericValue"])
    cats["main_thread"] = {item["groupLabel"]: round(item["duration"]) for item in
                           report["audits"].get("mainthread-work-breakdown", {}).get("details", {}).get("items", [])}
    failing = [f"{ref['id']}: {report['audits'][ref['id']]['title']}" for c in report["categories"].values()
               for ref in c["auditRefs"] if ref["weight"] > 0
               and report["audits"][ref["id"]].get("score") is not None and report["audits"][ref["id"]]["score"] < 1]
    return {**cats, "not_perfect": failing[:8]}


def versions() -> dict:
    v = {name: metadata.version(name) for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "properdocs",
                                                    "playwright")}
    v["python"] = platform.python_version()
    try:
        v["chromium"] = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        v["chromium"] = None
    for tool in ("lighthouse", "pagefind"):
        pkg = ROOT / "node_modules" / tool / "package.json"
        v[tool] = json.loads(pkg.read_text())["version"] if pkg.exists() else None
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
        hant.write_tree(load(bare).docs[hant.LANG], bare)  # the hook's zh-Hant pages, made in advance
        no_hook = min((indexed_bare_build(bare, tmp / f"out-bare-{i}") for i in range(3)), key=lambda r: r["seconds"])
        result["build"] = {"with_hook": with_hook, "without_hook": no_hook,
                           "ratio": round(with_hook["seconds"] / no_hook["seconds"], 2)}
        port = links.free_port()
        base = f"http://127.0.0.1:{port}{links.SITE_PATH}"
        site_dir = tmp / "served"
        proc = sitekit.build(ROOT, site_dir, env={"SITE_URL": base})
        if proc.returncode != 0:
            raise SystemExit(f"build failed:\n{proc.stderr[-4000:]}")
        twins = stock_material_sites(tmp, site_dir)
        result["page_weight_gzip_bytes"] = page_weight(site_dir)
        server = serve(site_dir, port)
        try:
            result["first_query"] = {"real": first_query(base)}
            if not args.no_lighthouse and not args.quick:
                print(f"bench: Lighthouse, {LIGHTHOUSE_RUNS} alternating rounds (about 15 s a page)")
                result["lighthouse"] = lighthouse(base, tmp, twins)
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
            index = page_weight(out, {"faq-index": "faq/"})
            server = serve(out, port)
            try:
                query = first_query(base)
            finally:
                server.shutdown()
            per_lang = len(list((src / "docs/zh/faq").glob("*.md"))) - 1
            result["scaling"].append({
                "entries_per_language": per_lang, **build,
                "ms_per_entry": round(build["seconds"] * 1000 / (len(LANGS) * per_lang), 2),
                "faq_index_gzip_kb": {lang: round(index[f"{lang}/faq-index"]["total"] / 1024, 1) for lang in LANGS},
                "pagefind_kb": round(sum(f.stat().st_size for f in (out / "pagefind").rglob("*") if f.is_file()) / 1024),
                "first_query": query})
            shutil.rmtree(out)
            shutil.rmtree(src)
    result["verdict"] = verdict(result)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    md = summary(result)
    (REPORTS / "bench.md").write_text(md, encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    marker = "<!-- bench-results -->"
    end = "<!-- /bench-results -->"
    if marker in text and end in text:
        before, rest = text.split(marker, 1)
        readme.write_text(before + marker + "\n\n" + md.split("\n", 2)[2] + "\n" + end + rest.split(end, 1)[1],
                          encoding="utf-8")
    print(md)
    return 0 if all(v["ok"] for v in result["verdict"].values() if v["ok"] is not None) else 1


def verdict(r: dict) -> dict:
    v = {}
    home = r["page_weight_gzip_bytes"]["zh/home"]["total"] / 1024
    v["home_first_load_gzip_kb"] = {"value": round(home, 1), "target": f"<= {TARGETS['home_first_load_gzip_kb']}",
                                    "ok": home <= TARGETS["home_first_load_gzip_kb"]}
    v["hook_ratio"] = {"value": r["build"]["ratio"], "target": f"<= {TARGETS['hook_ratio']}",
                       "ok": r["build"]["ratio"] <= TARGETS["hook_ratio"]}
    if r["scaling"]:
        worst_index = max(max(s["faq_index_gzip_kb"].values()) for s in r["scaling"])
        v["faq_index_first_load_gzip_kb"] = {"value": worst_index, "target": f"<= {TARGETS['faq_index_first_load_gzip_kb']} at every size",
                                             "ok": worst_index <= TARGETS["faq_index_first_load_gzip_kb"]}
        worst_query = max(x["max_kb"] for s in r["scaling"] for x in s["first_query"].values())
        v["first_query_gzip_kb"] = {"value": worst_query, "target": f"<= {TARGETS['first_query_gzip_kb']} at every size",
                                    "ok": worst_query <= TARGETS["first_query_gzip_kb"]}
        first, last = r["scaling"][0], r["scaling"][-1]
        ratios = {lang: round(last["first_query"][lang]["median_ms"] / first["first_query"][lang]["median_ms"], 2)
                  for lang in LANGS}
        v["first_result_ratio_largest_vs_100"] = {"value": ratios, "target": f"<= {TARGETS['first_result_ratio_3000_vs_100']}",
                                                  "ok": max(ratios.values()) <= TARGETS["first_result_ratio_3000_vs_100"]}
    lh = r.get("lighthouse") or {}
    ours = {k: x for k, x in lh.items() if not k.startswith("stock/") and "tbt_ms" in x}
    pairs = {k: (x, lh.get(f"stock/{k}", {})) for k, x in ours.items()}
    pairs = {k: (x, t) for k, (x, t) in pairs.items() if "tbt_ms" in t}
    if pairs:
        over = {k: round(x["tbt_ms"] - t["tbt_ms"]) for k, (x, t) in pairs.items()}
        v["tbt_over_stock_twin_ms"] = {"value": over, "target": f"<= {TARGETS['tbt_over_stock_ms']} on every page",
                                       "ok": max(over.values()) <= TARGETS["tbt_over_stock_ms"]}
        perf = {k: f"{x['performance']} vs {t['performance']}" for k, (x, t) in pairs.items()}
        v["performance_vs_stock_twin"] = {"value": perf, "target": "median >= the twin's median on every page",
                                          "ok": all(x["performance"] >= t["performance"] for x, t in pairs.values())}
        low = [f"{k} {c}={x[c]}" for k, x in ours.items()
               for c in ("accessibility", "best-practices", "seo") if x.get(c) not in (None, 100)]
        v["lighthouse_other_categories"] = {"value": low or "all 100", "target": "100", "ok": not low}
    return v


def summary(r: dict) -> str:
    m, ver = r["machine"], r["versions"]
    lines = ["# Benchmark", "",
             f"Measured {r['generated']} on {m['cores']} cores; Python {ver['python']}, MkDocs {ver['mkdocs']}, "
             f"Material {ver['mkdocs-material']}, static-i18n {ver['mkdocs-static-i18n']}, Pagefind {ver['pagefind']}, "
             f"{ver['chromium']}, Lighthouse {ver['lighthouse']}.", "",
             "| target | measured | goal | met |", "| --- | --- | --- | --- |"]
    for name, x in r["verdict"].items():
        value = x["value"]
        if isinstance(value, dict):
            value = ", ".join(f"{k} {val}" for k, val in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        lines.append(f"| {name} | {value} | {x['target']} | {'yes' if x['ok'] else 'NO'} |")
    b = r["build"]
    lines += ["", f"Cold build of the real site: {b['with_hook']['seconds']} s with the hook, "
                  f"{b['without_hook']['seconds']} s without it (Pagefind run on both; ratio {b['ratio']}); peak memory {b['with_hook']['peak_mb']} MB.",
              "", "Synthetic corpora (entries differ in wording). First query: a fresh browser, the reader's first search, "
                  "median time to results on screen and the largest transfer over the queries.", "",
              f"| entries per language | build s ({len(LANGS)} languages) | peak MB | FAQ index first load "
              f"{' / '.join(LANGS)} (KB gz) | Pagefind files (KB) | "
              + " | ".join(f"first query {lang}: ms, KB" for lang in LANGS) + " |",
              "| --- | --- | --- | --- | --- | " + " | ".join("---" for _ in LANGS) + " |"]
    for s in r["scaling"]:
        q = s["first_query"]
        lines.append(f"| {s['entries_per_language']} | {s['seconds']} | {s['peak_mb']} | "
                     f"{' / '.join(str(s['faq_index_gzip_kb'][lang]) for lang in LANGS)} | {s['pagefind_kb']} | "
                     + " | ".join(f"{q[lang]['median_ms']}, {q[lang]['max_kb']}" for lang in LANGS) + " |")
    real = r["first_query"]["real"]
    lines += ["", "Real site, first query: " + ", ".join(f"{lang} {real[lang]['median_ms']} ms / {real[lang]['max_kb']} KB"
                                                        for lang in LANGS) + ".",
              "", "First load of the real site, gzipped bytes (search loads only when the reader starts to search):", "",
              "| page | HTML | CSS | JS | other | total |", "| --- | --- | --- | --- | --- | --- |"]
    for k, s in r["page_weight_gzip_bytes"].items():
        lines.append(f"| {k} | {s['html']} | {s['css']} | {s['js']} | {s['other']} | {s['total']} |")
    if "lighthouse" in r:
        lh = r["lighthouse"]
        lines += ["", f"Lighthouse side by side (mobile preset, {LIGHTHOUSE_RUNS} alternating rounds, median). Each page's "
                      "stock twin is a stock Material page with the same visible text (hidden parts left out), in the same "
                      "language, built and served in the same run:", "",
                  "| page | performance (runs) | TBT ms (runs) | stock twin: performance (runs) | stock twin: TBT ms (runs) | "
                  "main thread ms: ours / twin | accessibility | best practices | SEO |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]

        def runs(x, key):
            return ", ".join(map(str, x.get(key, [])))

        for k, x in lh.items():
            if k.startswith("stock/"):
                continue
            t = lh.get(f"stock/{k}", {})
            main_ours, main_twin = sum((x.get("main_thread") or {}).values()), sum((t.get("main_thread") or {}).values())
            lines.append(f"| {k} | {x.get('performance')} ({runs(x, 'performance_runs')}) | {x.get('tbt_ms')} "
                         f"({runs(x, 'tbt_runs')}) | {t.get('performance')} ({runs(t, 'performance_runs')}) | "
                         f"{t.get('tbt_ms')} ({runs(t, 'tbt_runs')}) | {main_ours} / {main_twin} | "
                         f"{x.get('accessibility')} | {x.get('best-practices')} | {x.get('seo')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
