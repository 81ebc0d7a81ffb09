/* The error decoder's paste box (the false-alarms and home pages): matches what the reader pastes
   against the rows' messages and codes, in the browser only; nothing is sent or stored. Loaded only
   on pages that have the decoder (page.meta.kb_scripts, overrides/main.html). */
(function () {
  "use strict";

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

  window.kbOnEveryPage(setupDecoder);  /* defined in kb.js, which every page loads first */
})();
