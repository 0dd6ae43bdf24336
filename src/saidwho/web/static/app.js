// saidwho: a little progressive enhancement. Everything works without it.
(function () {
  "use strict";

  // Article legend: press a speaker's swatch to show only that speaker's quotes, cues and mentions.
  function legend() {
    var body = document.querySelector(".article .body");
    if (!body) return;
    var buttons = document.querySelectorAll(".legend button.swatch[data-speaker]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
        document.querySelectorAll(".body .on").forEach(function (el) { el.classList.remove("on"); });
        body.classList.toggle("filtered", on);
        if (!on) return;
        button.setAttribute("aria-pressed", "true");
        var sid = button.getAttribute("data-speaker");
        body.querySelectorAll("[data-speaker]").forEach(function (el) {
          if (el.getAttribute("data-speaker") === sid) el.classList.add("on");
        });
      });
    });
  }

  // Analyze form: refuse a file over the server's limit before sending it.
  function uploadLimit() {
    var form = document.querySelector("form.analyze[data-max-upload]");
    if (!form) return;
    var limit = parseInt(form.getAttribute("data-max-upload"), 10);
    var input = form.querySelector("input[type=file]");
    if (!input) return;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      input.setCustomValidity(file && file.size > limit ? "This file is larger than the server accepts." : "");
      input.reportValidity();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { legend(); uploadLimit(); });
})();
