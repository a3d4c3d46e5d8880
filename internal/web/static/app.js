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
// Data entry: keep each row's total up to date while typing. The server
// computes it too; this only spares a save to see it.
(function () {
  "use strict";
  function parse(s) {
    s = s.replace(/\s/g, "");
    if (s === "") { return null; }
    if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) { s = s.replace(/\./g, ""); }
    else if (s.indexOf(",") >= 0) { s = s.replace(/\./g, "").replace(",", "."); }
    var n = Number(s);
    return isFinite(n) ? n : NaN;
  }
  document.querySelectorAll("table.grid tr[data-row]").forEach(function (row) {
    var total = row.querySelector("[data-total] strong");
    if (!total) { return; }
    var inputs = row.querySelectorAll("input");
    function update() {
      var sum = 0, any = false, bad = false;
      inputs.forEach(function (i) {
        var v = parse(i.value);
        if (v === null) { return; }
        if (isNaN(v)) { bad = true; } else { sum += v; any = true; }
      });
      total.textContent = bad ? "?" : (any ? sum.toLocaleString("vi-VN") : "");
    }
    inputs.forEach(function (i) { i.addEventListener("input", update); });
  });
})();
