// While the engine checks the author's new comment, ask for its status and reload the thread
// once it is decided, so the author sees the outcome (published, or the rule it broke). The
// server holds each answer up to two seconds until the check decides (?wait=2), so one or two
// requests usually suffice; when it is too busy to hold it answers at once and we ask again.
(function () {
  "use strict";
  var pending = document.querySelectorAll(".comment[data-checking='1']");
  if (!pending.length || !window.fetch) { return; }
  // Soon at first (the engine usually decides within a few hundred milliseconds), then less
  // often: about 30 seconds in all.
  var delays = [50, 150, 250, 400, 700];
  var tries = 0;
  function next() { return tries < delays.length ? delays[tries] : 1000; }
  function poll() {
    tries += 1;
    var checks = Array.prototype.map.call(pending, function (node) {
      return fetch(node.getAttribute("data-status-url") + "?wait=2", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { return Boolean(data && (data.checked || data.status !== node.getAttribute("data-status"))); });
    });
    Promise.all(checks).then(function (changed) {
      if (changed.some(Boolean)) { window.location.reload(); }
      else if (tries < 32) { window.setTimeout(poll, next()); }
    }).catch(function () {});
  }
  window.setTimeout(poll, next());
})();
