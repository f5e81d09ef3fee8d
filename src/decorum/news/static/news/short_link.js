// "Get short link": the Copy button copies the short address and says so. A file of its own,
// not an inline script, so the page passes the site's Content-Security-Policy.
(function () {
  "use strict";
  var button = document.getElementById("short-link-copy");
  var field = document.getElementById("short-link-url");
  if (!button || !field) { return; }
  button.addEventListener("click", function () {
    function done() { button.textContent = button.getAttribute("data-copied"); }
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
