// Sortable tables: click a header marked data-sort="text" or "number" to sort by that column.
// A cell's data-value, when present, is what sorts (a vote sorts as yes, no, abstain, absent, not a member).
(function () {
  "use strict";
  var VOTE_ORDER = { "yes": 0, "no": 1, "abstain": 2, "absent": 3, "not-member": 4, "other": 5 };

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (raw in VOTE_ORDER && cell.hasAttribute("data-value")) { return VOTE_ORDER[raw]; }
    if (kind === "number") { var n = parseFloat(raw.replace(/[^0-9.\-]/g, "")); return isNaN(n) ? -Infinity : n; }
    return raw.toLocaleLowerCase();
  }

  // Numbers by value, words as a reader orders them (accents do not move a letter).
  function compare(x, y) {
    if (typeof x === "number" && typeof y === "number") { return x < y ? -1 : x > y ? 1 : 0; }
    return String(x).localeCompare(String(y), undefined, { sensitivity: "base", numeric: true });
  }

  function sortBy(table, header) {
    var headers = Array.prototype.slice.call(header.parentNode.children);
    var index = headers.indexOf(header);
    var kind = header.getAttribute("data-sort");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(cellValue(a, index, kind), cellValue(b, index, kind));
      if (order === 0) { return compare(cellValue(a, 0, "text"), cellValue(b, 0, "text")); }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function init() {
    var tables = document.querySelectorAll("table.sortable");
    Array.prototype.forEach.call(tables, function (table) {
      var headers = table.querySelectorAll("thead th[data-sort]");
      Array.prototype.forEach.call(headers, function (header) {
        header.setAttribute("tabindex", "0");
        header.setAttribute("role", "button");
        header.addEventListener("click", function () { sortBy(table, header); });
        header.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, header); }
        });
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
