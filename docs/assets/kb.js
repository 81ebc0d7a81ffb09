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
    var sections = Array.prototype.slice.call(document.querySelectorAll(".kb-faq-cat"));
    box.hidden = false;
    function apply() {
      var words = input.value.toLocaleLowerCase().split(/[\s,，、]+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.getAttribute("data-search") || "";
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

  function init() { setupFaqFilter(); }
  /* Material's document$ fires on every page load, also with instant navigation. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
