// The Live page asks for articles newer than the newest shown, every few seconds, and puts
// them on top. Text goes in with textContent, never as HTML. New items are built like the
// server's (news/live.html): time, section, headline, lead cut between words.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.fetch) { return; }
  var list = document.getElementById("live-items");
  var since = root.getAttribute("data-since") || "";
  var lang = document.documentElement.lang || undefined;
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function when(iso) {
    // Today's items show the time only; older ones the day too (as the page's own items).
    var d = new Date(iso), now = new Date();
    var time = two(d.getHours()) + ":" + two(d.getMinutes());
    if (d.toDateString() === now.toDateString()) { return time; }
    var opts = { day: "numeric", month: "short" };
    if (d.getFullYear() !== now.getFullYear()) { opts.year = "numeric"; }
    return d.toLocaleDateString(lang, opts) + ", " + time;
  }
  function clip(text, limit) {
    text = text.replace(/\s+/g, " ").trim();
    if (text.length <= limit) { return text; }
    var cut = text.slice(0, limit - 1);
    if (text.charAt(limit - 1) !== " " && cut.indexOf(" ") > 0) {
      cut = cut.slice(0, cut.lastIndexOf(" "));
    }
    return cut.replace(/[\s,;:.\-–—]+$/, "") + "…";
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function add(item) {
    if (list.querySelector('[data-article-id="' + item.id + '"]')) { return; }
    var empty = list.querySelector(".live-empty");
    if (empty) { empty.remove(); }
    var li = el("li", "live-item live-item--new");
    li.setAttribute("data-article-id", String(item.id));
    var time = el("time", "live-time", when(item.published_at));
    time.setAttribute("datetime", item.published_at);
    var text = el("div", "live-text");
    if (item.section) { text.appendChild(el("p", "card-section", item.section)); }
    var heading = el("h2", "card-title");
    var link = el("a", "", item.title);
    link.href = item.url;
    heading.appendChild(link);
    text.appendChild(heading);
    text.appendChild(el("p", "card-lead live-lead", clip(item.lead, 160)));
    li.appendChild(time);
    li.appendChild(text);
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
