/* Knowledge-base scripts: progressive enhancement only; every page works without them. */
(function () {
  "use strict";

  /* FAQ index: instant filter over questions, short answers and tags. */
  function setupFaqFilter() {
    var box = document.querySelector(".kb-faq-filter");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var input = box.querySelector("input");
    var count = box.querySelector(".kb-faq-count");
    var none = box.querySelector(".kb-faq-none");
    var items = Array.prototype.slice.call(document.querySelectorAll(".kb-faq-item"));
    /* What the filter matches: the question, the short answer, the tags and the permanent id
       (read on first use, so that loading the page does no extra work). */
    var texts = null;
    var sections = Array.prototype.slice.call(document.querySelectorAll(".kb-faq-cat"));
    function apply() {
      if (!texts) {
        texts = items.map(function (item) { return (item.textContent + " " + item.id).toLocaleLowerCase(); });
      }
      var words = input.value.toLocaleLowerCase().split(/[\s,，、]+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, i) {
        var text = texts[i];
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !match;
        if (match) shown += 1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector(".kb-faq-item:not([hidden])");
      });
      count.textContent = count.getAttribute("data-template").replace("{n}", shown);
      none.hidden = shown !== 0;
    }
    input.addEventListener("input", apply);
    if (input.value) apply();
  }

  /* Triage wizard: one question at a time over the static decision list (which works without JS). */
  function setupTriage() {
    var root = document.querySelector(".kb-triage");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var steps = Array.prototype.slice.call(root.querySelectorAll(".kb-triage__q, .kb-triage__r"));
    var byId = {};
    steps.forEach(function (s) { byId[s.getAttribute("data-id")] = s; });
    var history = [];
    var nav = document.createElement("div");
    nav.className = "kb-triage__nav";
    var progress = document.createElement("p");
    progress.className = "kb-triage__progress";
    progress.setAttribute("aria-live", "polite");
    var back = document.createElement("button");
    back.type = "button";
    back.className = "md-button";
    back.textContent = root.getAttribute("data-back");
    var restart = document.createElement("button");
    restart.type = "button";
    restart.className = "md-button";
    restart.textContent = root.getAttribute("data-restart");
    nav.appendChild(back);
    nav.appendChild(restart);
    root.insertBefore(progress, root.firstChild);
    root.appendChild(nav);
    root.classList.add("kb-triage--js");

    function show(id, focus) {
      steps.forEach(function (s) { s.hidden = s.getAttribute("data-id") !== id; });
      var current = byId[id];
      var isResult = current.classList.contains("kb-triage__r");
      progress.textContent = root.getAttribute("data-step").replace("{n}", String(history.length + 1));
      back.hidden = history.length === 0;
      restart.hidden = history.length === 0;
      if (focus) {
        var heading = current.querySelector("h3");
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
      root.setAttribute("data-current", id);
      root.setAttribute("data-done", isResult ? "1" : "0");
    }
    root.addEventListener("click", function (event) {
      var link = event.target.closest("a.kb-triage__opt");
      if (!link) return;
      event.preventDefault();
      history.push(root.getAttribute("data-current"));
      show(link.getAttribute("data-target"), true);
    });
    back.addEventListener("click", function () {
      if (history.length) show(history.pop(), true);
    });
    restart.addEventListener("click", function () {
      history = [];
      show(root.getAttribute("data-start"), true);
    });
    show(root.getAttribute("data-start"), false);
  }

  /* Appeal-letter builder: composes the letter in the page. Nothing is sent; nothing is stored
     unless the reader ticks "remember", which uses this browser's localStorage only. */
  function setupLetter() {
    var form = document.getElementById("kb-letter");
    var dataNode = document.getElementById("kb-letter-data");
    if (!form || !dataNode || form.dataset.ready) return;
    form.dataset.ready = "1";
    var data = JSON.parse(dataNode.textContent);
    var L = data.letter;
    var F = data.form;
    var lang = data.lang;
    var out = document.getElementById("kb-letter-out");
    var text = document.getElementById("kb-letter-text");
    var preview = document.getElementById("kb-letter-preview");
    var status = document.getElementById("kb-letter-status");
    var KEY = "kb-appeal-letter";
    var fields = ["product", "email", "user_id", "org_id", "notice_date", "doing", "changed", "name"];
    form.hidden = false;
    out.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".kb-nojs"), function (n) { n.hidden = true; });

    function value(name) {
      var el = form.elements[name];
      return el ? String(el.value || "").trim() : "";
    }
    function reason() {
      var checked = form.querySelector("input[name=reason]:checked");
      return checked ? checked.value : "";
    }
    function fill(t, v, product) {
      return t.split("{value}").join(v).split("{product}").join(product);
    }
    /* Returns [[english, chinese], ...]; only parts the reader asked for. */
    function compose() {
      var productKey = value("product") === "api" ? "product_api" : "product_chatgpt";
      var pEn = L[productKey].en;
      var pZh = L[productKey].zh;
      var parts = [];
      function add(key, v) {
        parts.push([fill(L[key].en, v || "", pEn), fill(L[key].zh, v || "", pZh)]);
      }
      add("subject");
      add("greeting");
      if (reason() === "mistake") add("opening_mistake");
      if (reason() === "changed") add("opening_changed");
      var details = ["email", "user_id", "org_id", "notice_date"].filter(function (k) { return value(k); });
      if (details.length) {
        add("details");
        details.forEach(function (k) { add(k, value(k)); });
      }
      if (value("doing")) add("doing", value("doing"));
      if (value("changed")) add("changed", value("changed"));
      if (form.elements.policies.checked) add("policies");
      add("closing");
      add("signoff");
      return parts;
    }
    function anyInput() {
      return fields.some(function (k) { return k !== "product" && value(k); }) || reason() || form.elements.policies.checked;
    }
    function render() {
      if (!anyInput()) {
        text.textContent = F.empty;
        if (preview) preview.textContent = "";
        return;
      }
      var parts = compose();
      var lines = [];
      parts.forEach(function (p, i) {
        var en = p[0];
        var isDetail = /^- /.test(en);
        var prevDetail = i > 0 && /^- /.test(parts[i - 1][0]);
        if (i > 0 && !(isDetail && (prevDetail || /:$/.test(parts[i - 1][0])))) lines.push("");
        lines.push(en);
      });
      var name = value("name");
      if (name) lines.push(name);
      text.textContent = lines.join("\n");
      if (preview) {
        preview.textContent = "";
        var list = document.createElement("ol");
        parts.forEach(function (p) {
          var li = document.createElement("li");
          li.textContent = p[1];
          list.appendChild(li);
        });
        if (name) {
          var li = document.createElement("li");
          li.textContent = name;
          list.appendChild(li);
        }
        preview.appendChild(list);
      }
    }
    function save() {
      try {
        if (form.elements.remember.checked) {
          var state = { reason: reason(), policies: form.elements.policies.checked };
          fields.forEach(function (k) { state[k] = value(k); });
          window.localStorage.setItem(KEY, JSON.stringify(state));
        } else {
          window.localStorage.removeItem(KEY);
        }
      } catch (e) { /* storage may be unavailable: the builder still works */ }
    }
    function restore() {
      var raw = null;
      try { raw = window.localStorage.getItem(KEY); } catch (e) { raw = null; }
      if (!raw) return;
      var state = JSON.parse(raw);
      fields.forEach(function (k) { if (state[k] && form.elements[k]) form.elements[k].value = state[k]; });
      if (state.reason) {
        var r = form.querySelector("input[name=reason][value=" + state.reason + "]");
        if (r) r.checked = true;
      }
      form.elements.policies.checked = !!state.policies;
      form.elements.remember.checked = true;
    }
    form.addEventListener("input", function () { render(); save(); });
    form.addEventListener("change", function () { render(); save(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    document.getElementById("kb-letter-clear").addEventListener("click", function () {
      form.reset();
      try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
      status.textContent = "";
      render();
    });
    document.getElementById("kb-letter-copy").addEventListener("click", function () {
      var done = function () { status.textContent = F.copied; };
      var fail = function () {
        var range = document.createRange();
        range.selectNodeContents(text);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        status.textContent = F.copy_failed;
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text.textContent).then(done, fail);
      } else {
        fail();
      }
    });
    restore();
    render();
  }

  /* Error decoder: the reader pastes what the screen says; the matching rows of the decoder table
     are shown. Matching happens here, in the page: nothing is sent anywhere or stored. */
  function normalise(text) {
    return String(text).toLowerCase()
      .replace(/[\u2018\u2019\u201b\u2032]/g, "'").replace(/[\u201c\u201d]/g, '"')
      .replace(/ray id\s*[:\uff1a]?\s*[0-9a-f]{8,}(-[a-z]{3})?/g, " ")      /* Cloudflare Ray ID */
      .replace(/\b\d{1,3}(\.\d{1,3}){3}\b/g, " ")                          /* IPv4 address */
      .replace(/\b[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}\b/g, " ")               /* IPv6 address */
      .replace(/[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}/g, " ")         /* email address */
      .replace(/[^a-z0-9_\u3400-\u9fff]+/g, " ")
      .trim();
  }
  function longestRun(a, b) {  /* the longest run of words the two word lists share */
    var best = 0;
    for (var i = 0; i < a.length; i++) {
      for (var j = 0; j < b.length; j++) {
        var k = 0;
        while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
        if (k > best) best = k;
      }
    }
    return best;
  }
  /* How well a pasted text matches a row: 4 = a whole message, 3 = one of its codes, 2 = a fragment of
     a message, 1 = several words of a message in a row (e.g. retyped by hand), 0 = no match. */
  function decoderScore(query, row) {
    var words = query.split(" ");
    var score = 0;
    row.codes.forEach(function (code) {
      if (words.indexOf(code) !== -1) score = Math.max(score, 3);
    });
    row.messages.forEach(function (message) {
      if (!message) return;
      var mwords = message.split(" ");
      if ((" " + query + " ").indexOf(" " + message + " ") !== -1) {
        score = Math.max(score, 4);                          /* the whole message, maybe with more around it */
      } else if (query.length >= 8 && (" " + message + " ").indexOf(" " + query + " ") !== -1) {
        score = Math.max(score, 2);                          /* a fragment of the message */
      } else if (longestRun(words, mwords) >= Math.min(4, mwords.length)) {
        score = Math.max(score, 1);                          /* several words in a row, e.g. retyped */
      }
    });
    return score;
  }
  function setupDecoder() {
    var root = document.querySelector(".kb-decoder");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = root.querySelector("textarea");
    var status = root.querySelector(".kb-decoder__status");
    var table = root.querySelector(".kb-decoder__table");
    var listMode = !root.classList.contains("kb-decoder--box");
    var data = JSON.parse(root.querySelector(".kb-decoder__data").textContent);
    var rows = data.rows.map(function (row) {
      return {
        id: row.id,
        codes: row.codes.map(normalise).filter(Boolean),
        messages: row.messages.map(normalise).filter(Boolean),
        el: document.getElementById("err-" + row.id)
      };
    });
    function apply() {
      var query = normalise(input.value);
      if (!query) {
        rows.forEach(function (row) { row.el.hidden = false; });
        table.hidden = !listMode;
        status.textContent = "";
        return;
      }
      var scores = rows.map(function (row) { return decoderScore(query, row); });
      var best = Math.max.apply(null, scores);
      var shown = 0;
      rows.forEach(function (row, i) {
        row.el.hidden = !(best > 0 && scores[i] === best);
        if (!row.el.hidden) shown += 1;
      });
      table.hidden = shown === 0;
      status.textContent = shown === 0 ? root.getAttribute("data-none")
        : shown === 1 ? root.getAttribute("data-one")
        : root.getAttribute("data-many").replace("{n}", String(shown));
    }
    input.addEventListener("input", apply);
    if (input.value) apply();
  }

  function init() {
    setupDecoder();
    setupFaqFilter();
    setupTriage();
    setupLetter();
  }
  /* Material's document$ fires on every page load, also with instant navigation. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
