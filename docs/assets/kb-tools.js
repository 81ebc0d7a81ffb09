/* The triage wizard and the appeal-letter builder. Loaded only on the pages that have one of them
   (page.meta.kb_scripts, overrides/main.html); progressive enhancement only, and nothing a reader
   types leaves the page. */
(function () {
  "use strict";

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
    var fields = ["action", "product", "email", "user_id", "org_id", "notice_date", "doing", "changed", "charges", "name"];
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
    /* Returns [[english, preview], ...]; only parts the reader asked for. The preview explains each
       part in the page's Chinese (Simplified or Traditional); it is empty on English pages. */
    function compose() {
      var productKey = value("product") === "api" ? "product_api" : "product_chatgpt";
      var pEn = L[productKey].en;
      var pPreview = L[productKey].preview;
      var parts = [];
      function add(key, v) {
        parts.push([fill(L[key].en, v || "", pEn), fill(L[key].preview, v || "", pPreview)]);
      }
      var w = value("action") === "warning" ? "_warning" : "";
      add("subject" + w);
      add("greeting");
      if (reason() === "mistake") add("opening_mistake" + w);
      if (reason() === "changed") add("opening_changed" + w);
      var details = ["email", "user_id", "org_id", "notice_date"].filter(function (k) { return value(k); });
      if (details.length) {
        add("details");
        details.forEach(function (k) { add(k, value(k)); });
      }
      if (value("doing")) add("doing", value("doing"));
      if (value("changed")) add("changed", value("changed"));
      if (value("charges")) add("charges", value("charges"));
      if (form.elements.policies.checked) add("policies");
      add("closing");
      add("signoff");
      return parts;
    }
    function anyInput() {
      return fields.some(function (k) { return k !== "product" && k !== "action" && value(k); }) || reason() || form.elements.policies.checked;
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


  function init() {
    setupTriage();
    setupLetter();
  }
  window.kbOnEveryPage(init);  /* defined in kb.js, which every page loads first */
})();
