// Before a comment is posted, ask the server whether the draft likely breaks a rule; if so,
// name the rule and let the author edit or post anyway. Without JavaScript the form posts as is.
(function () {
  "use strict";
  function setUp(form) {
    var url = form.getAttribute("data-check-url");
    if (!url || !window.fetch) { return; }
    var box = document.createElement("div");
    box.className = "nudge";
    box.setAttribute("role", "alert");
    box.hidden = true;
    form.insertBefore(box, form.querySelector("button[type=submit]"));
    function postAnyway() { form.setAttribute("data-nudged", "1"); form.submit(); }
    form.addEventListener("input", function () { form.removeAttribute("data-nudged"); box.hidden = true; });
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-nudged") === "1") { return; }
      event.preventDefault();
      var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      fetch(url, { method: "POST", headers: { "X-CSRFToken": token }, body: new FormData(form), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { rules: [] }; })
        .then(function (data) {
          if (!data.rules || !data.rules.length) { postAnyway(); return; }
          box.textContent = "";
          var lead = document.createElement("p");
          lead.textContent = form.getAttribute("data-nudge-lead");
          box.appendChild(lead);
          var list = document.createElement("ul");
          data.rules.forEach(function (rule) {
            var item = document.createElement("li");
            var title = document.createElement("strong");
            title.className = "nudge-rule";
            title.setAttribute("data-rule", rule.id);
            title.textContent = rule.title;
            item.appendChild(title);
            list.appendChild(item);
          });
          box.appendChild(list);
          if (data.warning) {
            var warning = document.createElement("p");
            warning.className = "nudge-warning";
            warning.textContent = data.warning;
            box.appendChild(warning);
          }
          var edit = document.createElement("button");
          edit.type = "button"; edit.className = "nudge-edit";
          edit.textContent = form.getAttribute("data-nudge-edit");
          edit.addEventListener("click", function () { box.hidden = true; form.querySelector("textarea").focus(); });
          var post = document.createElement("button");
          post.type = "button"; post.className = "nudge-post";
          post.textContent = form.getAttribute("data-nudge-post");
          post.addEventListener("click", postAnyway);
          box.appendChild(edit); box.appendChild(post);
          box.hidden = false;
        })
        .catch(postAnyway);
    });
  }
  document.querySelectorAll("form.comment-form[data-check-url]").forEach(setUp);
})();
