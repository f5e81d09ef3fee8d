// The Live page asks for articles newer than the newest shown, every few seconds, and puts
// them on top. Text goes in with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.fetch) { return; }
  var list = document.getElementById("live-items");
  var since = root.getAttribute("data-since") || "";
  function add(item) {
    if (list.querySelector('[data-article-id="' + item.id + '"]')) { return; }
    var empty = list.querySelector(".live-empty");
    if (empty) { empty.remove(); }
    var li = document.createElement("li");
    li.className = "live-item live-item--new";
    li.setAttribute("data-article-id", String(item.id));
    var time = document.createElement("time");
    time.setAttribute("datetime", item.published_at);
    time.textContent = new Date(item.published_at).toTimeString().slice(0, 5);
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.title;
    var lead = document.createElement("span");
    lead.className = "live-lead";
    lead.textContent = item.lead.length > 160 ? item.lead.slice(0, 159) + "…" : item.lead;
    li.appendChild(time); li.appendChild(document.createTextNode(" "));
    li.appendChild(link); li.appendChild(document.createTextNode(" ")); li.appendChild(lead);
    list.insertBefore(li, list.firstChild);
  }
  function poll() {
    var url = root.getAttribute("data-updates-url") + (since ? "?since=" + encodeURIComponent(since) : "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        data.items.slice().reverse().forEach(add);
        if (data.items.length) { since = data.items[0].published_at; }
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 3000);
})();
