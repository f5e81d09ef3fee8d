// Keyboard shortcuts for the moderation queue: j/k move, x select, a approve, r reject, e edit.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  var help = document.querySelector(".shortcuts-help");
  var toggle = document.querySelector(".shortcuts-toggle");
  var current = -1;
  function focus(index) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle("is-focused", i === current); });
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }
  function showHelp() {
    if (!help) { return; }
    help.hidden = !help.hidden;
    if (toggle) { toggle.setAttribute("aria-expanded", String(!help.hidden)); }
  }
  // The rule menu sits folded in each item's "Reject, block or delete…" menu: unfold it first.
  function reject(item, event) {
    var select = item && item.querySelector(".reject-form select");
    if (!select) { return; }
    event.preventDefault();
    item.querySelector(".decide-menu").open = true;
    select.focus();
  }
  if (toggle) { toggle.addEventListener("click", showHelp); }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var item = items[current];
    switch (event.key) {
      case "j": focus(current + 1); break;
      case "k": focus(current - 1); break;
      case "?": showHelp(); break;
      case "x": if (item) { var box = item.querySelector(".bulk-select"); box.checked = !box.checked; } break;
      case "a": if (item && item.querySelector(".approve-form")) { item.querySelector(".approve-form").submit(); } break;
      case "r": reject(item, event); break;
      case "e": if (item) { window.location.href = item.querySelector(".edit-link").href; } break;
      default: return;
    }
  });
})();
