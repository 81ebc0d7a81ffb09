/* Knowledge-base scripts on every page: the search dialog and the FAQ box. Progressive enhancement
   only; every page works without them. The triage wizard, the letter builder and the decoder are in
   kb-tools.js, loaded only on the pages that have one (overrides/main.html). */
(function () {
  "use strict";

  /* FAQ index and category pages: the box searches the questions through Pagefind (FAQ entries
     only; on a category page, that category only) and shows the matches in place of the listing. */
  function setupFaqFilter() {
    var box = document.querySelector(".kb-faq-filter");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var input = box.querySelector("input");
    var count = box.querySelector(".kb-faq-count");
    var none = box.querySelector(".kb-faq-none");
    var results = box.querySelector(".kb-faq-results");
    var listing = document.querySelector(".kb-faq-listing");
    var filters = { kind: "faq" };
    if (box.getAttribute("data-category")) filters.category = box.getAttribute("data-category");
    var lang = pageLang();
    var seq = 0;
    var timer = null;
    function show(filtering) {
      results.hidden = !filtering;
      if (listing) listing.hidden = filtering;
      if (!filtering) {
        none.hidden = true;
        count.textContent = "";
        results.innerHTML = "";
      }
    }
    function item(data) {
      var li = document.createElement("li");
      li.className = "kb-faq-item";
      li.innerHTML = '<p class="kb-faq-q"><a></a></p><p class="kb-faq-excerpt">' + safeExcerpt(data.excerpt) + "</p>";
      var a = li.querySelector("a");
      a.href = data.url;
      a.textContent = (data.meta && data.meta.title) || data.url;
      return li;
    }
    function apply() {
      var query = input.value.trim();
      var mine = ++seq;
      if (!query) {
        show(false);
        return;
      }
      if (!pagefindReady) count.textContent = box.getAttribute("data-loading");
      pagefind().then(function (pf) { return pagefindFind(pf, query, lang, { filters: filters }); })
        .then(function (found) {
          if (mine !== seq) return null;
          return Promise.all(found.results.slice(0, 30).map(function (r) { return r.data(); })).then(function (pages) {
            if (mine !== seq) return;
            show(true);
            var n = found.results.length;
            var text = n === 1 ? box.getAttribute("data-one") : box.getAttribute("data-count").replace("{n}", String(n));
            if (found.words) text = box.getAttribute("data-fallback").replace("{words}", found.words.join(" ")) + " · " + text;
            count.textContent = n ? text : "";
            count.dataset.query = query;
            none.hidden = n !== 0;
            results.innerHTML = "";
            pages.forEach(function (data) { results.appendChild(item(data)); });
          });
        }).catch(function () {
          if (mine !== seq) return;
          count.textContent = box.getAttribute("data-error");
          count.dataset.query = query;
        });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
    input.addEventListener("focus", function () { pagefind(); });
    if (input.value) apply();
  }

  /* Site search over Pagefind's index (scripts/kb/search.py builds one index per <html lang>).
     Nothing is downloaded until the reader starts to search; then only the index chunks the query
     needs. Pagefind returns pages that contain every word of the query; a long question
     ("账号被停用怎么办") often has none, so we fall back to its content words and say so. */
  var SEARCH_MIN = 3;       /* fewer full matches than this: try the fallback too */
  var SEARCH_SHOW = 10;     /* results rendered */
  /* Words too common to search on: English here, the page's Chinese ones from data/site.yml
     (ui.search_stop_words, converted for zh-Hant like every text) on the search dialog. */
  var STOP_WORDS_EN = "a an and are as at be been but by can could did do does doing for from get got had has have how i if in into is it its me my no not of on or our should so that the their them then there this to was we were what when where which who why will with would you your";
  /* The content words of a query. Chromium's word segmenter has no dictionary for many Chinese
     words and splits them into single characters (账号 -> 账, 号): runs of single Han characters are
     joined again, and a lone Han character is too common to search on its own. */
  function searchWords(query, lang) {
    var stop = {};
    var dialog = document.querySelector("[data-kb-search]");
    ((dialog && dialog.getAttribute("data-stop") || "") + " " + STOP_WORDS_EN).split(" ").forEach(function (w) {
      if (w) stop[w] = true;
    });
    var parts = [];
    if (window.Intl && Intl.Segmenter) {
      Array.from(new Intl.Segmenter(lang, { granularity: "word" }).segment(query)).forEach(function (part) {
        parts.push(part.isWordLike ? part.segment.toLocaleLowerCase() : "");
      });
    } else {
      parts = query.toLocaleLowerCase().split(/[\s,.;:!?，。、；：！？“”"'（）()]+/);
    }
    var han = /^[\u3400-\u9fff]$/;
    var words = [];
    var run = "";
    parts.concat([""]).forEach(function (w) {
      if (han.test(w) && !stop[w]) { run += w; return; }
      if (run.length > 1) words.push(run);
      run = "";
      if (w && !han.test(w)) words.push(w);
    });
    var seen = {};
    return words.filter(function (w) {
      var keep = w && !stop[w] && !seen[w];
      seen[w] = true;
      return keep;
    });
  }
  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  /* One Pagefind instance per page, loaded on first use. The bundle URL is on the header's
     search dialog (overrides/partials/search.html); results link under the site's own path. */
  var pagefindEngine = null;
  var pagefindReady = false;
  function pageLang() {
    return (document.documentElement.getAttribute("lang") || "en").split("-")[0];
  }
  function pagefind() {
    if (!pagefindEngine) {
      var root = document.querySelector("[data-kb-search]");
      if (!root) return Promise.reject(new Error("no search dialog on this page"));
      var bundle = new URL(root.getAttribute("data-kb-search"), location.href).href;
      var basePath = new URL(bundle.replace(/pagefind\/pagefind\.js$/, "")).pathname;
      pagefindEngine = import(bundle).then(function (pf) {
        var options = { baseUrl: basePath, excerptLength: 26, ranking: { metaWeights: { title: 12 } } };
        return Promise.resolve(pf.options(options)).then(function () {
          return Promise.resolve(pf.init()).then(function () { pagefindReady = true; return pf; });
        });
      });
      pagefindEngine.catch(function () { pagefindEngine = null; });
    }
    return pagefindEngine;
  }
  /* Every full match first; when there are too few, pages that match the query's content words,
     ranked by how many of those words they contain. `words` is set when the fallback was used. */
  function pagefindFind(pf, query, lang, options) {
    return pf.search(query, options).then(function (full) {
      var results = full ? full.results : [];
      var words = searchWords(query, lang);
      if (results.length >= SEARCH_MIN || words.length < 2) return { results: results, words: null };
      var picked = words.slice(0, 6);
      return Promise.all(picked.map(function (w) { return pf.search(w, options); })).then(function (parts) {
        var byId = {};
        parts.forEach(function (part) {
          (part ? part.results : []).forEach(function (r) {
            var hit = byId[r.id] || (byId[r.id] = { result: r, hits: 0, score: 0 });
            hit.hits += 1;
            hit.score += r.score;
          });
        });
        var seen = {};
        results.forEach(function (r) { seen[r.id] = true; });
        var extra = Object.keys(byId).map(function (id) { return byId[id]; })
          .filter(function (h) { return !seen[h.result.id]; })
          .sort(function (x, y) { return y.hits - x.hits || y.score - x.score; })
          .map(function (h) { return h.result; });
        return { results: results.concat(extra), words: extra.length ? picked : null };
      });
    });
  }
  /* Pagefind's excerpt is text with <mark> around the matched words: keep only those tags. */
  function safeExcerpt(excerpt) {
    return escapeHtml(String(excerpt || "").replace(/<\/?mark>/g, "\u0001"))
      .replace(/\u0001([^\u0001]*)\u0001/g, "<mark>$1</mark>").replace(/\u0001/g, "");
  }
  function setupSearch() {
    var root = document.querySelector("[data-kb-search]");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var toggle = document.getElementById("__search");
    var form = root.querySelector("form");
    var input = root.querySelector("input[name=q]");
    var status = root.querySelector(".kb-search__status");
    var list = root.querySelector(".md-search-result__list");
    var lang = pageLang();
    var seq = 0;
    var timer = null;
    function say(name, values) {
      var t = root.getAttribute("data-" + name) || "";
      Object.keys(values || {}).forEach(function (k) { t = t.replace("{" + k + "}", values[k]); });
      return t;
    }
    function item(data) {
      var excerpt = safeExcerpt(data.excerpt);
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      li.innerHTML = '<a class="md-search-result__link" href="' + escapeHtml(data.url) + '">' +
        '<article class="md-search-result__article md-typeset kb-search__result">' +
        '<h2 class="kb-search__title"></h2><p class="kb-search__excerpt">' + excerpt + "</p></article></a>";
      li.querySelector(".kb-search__title").textContent = (data.meta && data.meta.title) || data.url;
      return li;
    }
    function run() {
      var query = input.value.trim();
      var mine = ++seq;
      if (!query) {
        list.innerHTML = "";
        status.textContent = say("idle");
        return;
      }
      if (!pagefindReady) status.textContent = say("loading");
      pagefind().then(function (pf) { return pagefindFind(pf, query, lang); }).then(function (found) {
        if (mine !== seq) return null;
        return Promise.all(found.results.slice(0, SEARCH_SHOW).map(function (r) { return r.data(); }))
          .then(function (pages) {
            if (mine !== seq) return;
            var n = found.results.length;
            var count = n === 0 ? say("none") : n === 1 ? say("one") : say("count", { n: String(n) });
            status.textContent = found.words ? say("fallback", { words: found.words.join(" ") }) + " · " + count : count;
            status.dataset.query = query;
            root.classList.toggle("kb-search--fallback", Boolean(found.words));
            list.innerHTML = "";
            pages.forEach(function (data) { list.appendChild(item(data)); });
          });
      }).catch(function () {
        if (mine === seq) {
          status.textContent = say("error");
          status.dataset.query = query;
        }
      });
    }
    function open() {
      if (toggle && !toggle.checked) toggle.checked = true;
      pagefind();
    }
    function close() {
      if (toggle) toggle.checked = false;
      input.blur();
    }
    input.addEventListener("focus", open);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); }, 0);
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
        else input.blur();
      });
    }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    root.addEventListener("keydown", function (e) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (e.key === "Escape") {
        e.preventDefault();
        close();
      } else if (e.key === "ArrowDown" && all.length) {
        e.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at !== -1) {
        e.preventDefault();
        if (at === 0) input.focus(); else all[at - 1].focus();
      } else if (e.key === "Enter" && document.activeElement === input && all.length) {
        /* Enter in the box opens the first result, as Material's search did. */
        e.preventDefault();
        location.href = all[0].href;
      }
    });
    /* Keyboard shortcuts of Material's search: "/", "s" or "f" open it, anywhere but in a field. */
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var el = document.activeElement;
      if (el && (el.isContentEditable || /^(input|textarea|select)$/i.test(el.tagName))) return;
      if (e.key === "/" || e.key === "s" || e.key === "f" || e.key === "S" || e.key === "F") {
        e.preventDefault();
        open();
        input.focus();
      }
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      open();
      run();
    }
  }

  function init() {
    setupSearch();
    setupFaqFilter();
  }
  /* Set up after the page has loaded and the main thread is idle, in a short task of its own, so
     this never lengthens the theme's start-up work (Total Blocking Time). Material's document$
     fires on every page load, also with instant navigation. kb-tools.js and kb-decoder.js, loaded
     after this file on the pages that have those tools, use the same function. */
  function onEveryPage(setup) {
    function start() {
      if (window.requestIdleCallback) window.requestIdleCallback(function () { setup(); }, { timeout: 300 });
      else setTimeout(setup, 1);
    }
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(start);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
  window.kbOnEveryPage = onEveryPage;
  onEveryPage(init);
})();
