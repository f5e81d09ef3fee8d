// Suggested tags (admin): unticking a suggestion disables its text field, so it is not sent.
(function () {
  "use strict";
  document.querySelectorAll("#tag-suggestions .suggested-tags input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      box.parentNode.querySelector("input[type=text]").disabled = !box.checked;
    });
  });
})();
