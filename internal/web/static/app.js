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
// Data entry from the keyboard, as in a spreadsheet: Enter moves to the
// next cell instead of sending the form (Shift+Enter to the previous one),
// the up and down arrows move within a column, Ctrl+Enter saves.
(function () {
  "use strict";
  var form = document.querySelector("form.entry");
  if (!form) { return; }
  var cells = Array.prototype.slice.call(form.querySelectorAll("table.grid input:not([readonly])"));
  function columnOf(input) {
    var td = input.closest("td");
    return Array.prototype.indexOf.call(td.parentNode.children, td);
  }
  function vertical(input, step) {
    var tr = input.closest("tr");
    var col = columnOf(input);
    for (var row = step > 0 ? tr.nextElementSibling : tr.previousElementSibling; row;
      row = step > 0 ? row.nextElementSibling : row.previousElementSibling) {
      var td = row.children[col];
      var next = td && td.querySelector("input:not([readonly])");
      if (next) { return next; }
    }
    return null;
  }
  cells.forEach(function (input, i) {
    input.addEventListener("keydown", function (ev) {
      var to = null;
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        form.requestSubmit();
        return;
      }
      if (ev.key === "Enter") {
        // After the last cell comes the first narrative field.
        to = cells[ev.shiftKey ? i - 1 : i + 1] || (ev.shiftKey ? null : form.querySelector("textarea:not([readonly])"));
        ev.preventDefault();
      } else if (ev.key === "ArrowDown") {
        to = vertical(input, 1);
      } else if (ev.key === "ArrowUp") {
        to = vertical(input, -1);
      }
      if (to) {
        ev.preventDefault();
        to.focus();
        if (to.select) { to.select(); }
      }
    });
  });
})();
