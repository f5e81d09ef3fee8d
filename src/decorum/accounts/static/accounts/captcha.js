/* "Show another picture" for the captcha: ask django-simple-captcha's refresh view for a new
   key and picture and swap them in place, so the fields already typed stay. Without
   JavaScript, or if the request fails, the link simply reloads the page. */
(function () {
  "use strict";

  function refresh(box, link) {
    var name = box.getAttribute("data-captcha");
    var form = box.closest("form");
    var key = form && form.elements[name + "_0"];
    var answer = form && form.elements[name + "_1"];
    if (!key || !answer) {
      return false;
    }
    link.setAttribute("aria-busy", "true");
    fetch(box.getAttribute("data-refresh-url"), {
      headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("captcha refresh failed: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        box.querySelector(".captcha-image").src = data.image_url;
        key.value = data.key;
        answer.value = "";
        var audio = box.querySelector("[data-captcha-audio]");
        if (audio && data.audio_url) {
          audio.href = data.audio_url;
        }
        box.querySelector("[data-captcha-status]").textContent =
          box.getAttribute("data-refreshed-text");
        link.removeAttribute("aria-busy");
        answer.focus();
      })
      .catch(function () {
        window.location.reload();
      });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-captcha-refresh]");
    if (!link) {
      return;
    }
    var box = link.closest("[data-captcha]");
    if (box && window.fetch && refresh(box, link)) {
      event.preventDefault();
    }
  });
})();
