// tebdg: small enhancements only. Every page works without this file.
(function () {
  "use strict";
  // Ask before destructive actions (buttons carrying data-confirm).
  document.addEventListener("submit", function (ev) {
    var btn = ev.submitter;
    var msg = btn && btn.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      ev.preventDefault();
    }
  });
  // Move focus to the error summary so keyboard and screen-reader users
  // hear what to fix first.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
  // One click selects a secret shown once, for copying.
  document.querySelectorAll(".secret-value").forEach(function (el) {
    el.addEventListener("click", function () {
      var range = document.createRange();
      range.selectNodeContents(el);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    });
  });
})();
