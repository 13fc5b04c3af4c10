// bluewire reports: search and filter chips. Without JavaScript the filter bar stays hidden and
// every item is shown, so the page degrades to a plain, complete report.
(function () {
  "use strict";
  var bar = document.querySelector(".filters");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var counted = items.filter(function (el) { return el.tagName === "DETAILS"; });
  if (!counted.length) { counted = items; }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  if (!bar || !items.length) { return; }
  bar.hidden = false;
  var search = bar.querySelector("input[type=search]");
  var chips = Array.prototype.slice.call(bar.querySelectorAll("input[type=checkbox][data-tag]"));
  var count = bar.querySelector(".count");
  function apply() {
    var words = (search ? search.value : "").toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = chips.filter(function (c) { return c.checked; }).map(function (c) { return c.dataset.tag; });
    var shown = 0;
    items.forEach(function (el) {
      var text = (el.dataset.filter || "").toLowerCase();
      var tags = (el.dataset.tags || "").split(" ");
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
        (!wanted.length || wanted.some(function (t) { return tags.indexOf(t) >= 0; }));
      el.classList.toggle("hidden-by-filter", !ok);
      if (ok && counted.indexOf(el) >= 0) { shown += 1; }
    });
    if (count) { count.textContent = shown + " of " + counted.length + " shown"; }
  }
  if (search) { search.addEventListener("input", apply); }
  chips.forEach(function (c) { c.addEventListener("change", apply); });
  bar.querySelectorAll("button[data-open]").forEach(function (b) {
    b.addEventListener("click", function () {
      var open = b.dataset.open === "1";
      document.querySelectorAll("details.item").forEach(function (d) {
        if (!d.classList.contains("hidden-by-filter")) { d.open = open; }
      });
    });
  });
  apply();
})();
