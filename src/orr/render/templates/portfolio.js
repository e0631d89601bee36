/* Sort and filter the services table. Its rows come in blocks of the same size, one table
   each (laid out only near the screen); sorting and filtering deal the shown rows out to the
   blocks in order and hide the blocks left empty. Without scripts the form stays hidden and
   every row is shown, worst first; before printing every row is shown. */
(function () {
  "use strict";
  var form = document.getElementById("service-filters");
  var table = document.getElementById("service-table");
  var bodies = table ? Array.prototype.slice.call(table.querySelectorAll("tbody")) : [];
  if (!form || !bodies.length) { return; }
  var size = bodies[0].rows.length;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var count = document.getElementById("service-count");
  var heads = Array.prototype.slice.call(bodies[0].parentNode.tHead.rows[0].cells);
  var COLUMN = { owner: 1, verdict: 2, tier: 8 };
  function text(row, n) { return row.cells[n] ? row.cells[n].textContent.trim() : ""; }
  function deal() {
    var shown = rows.filter(function (row) { return !row.hidden; });
    var order = shown.concat(rows.filter(function (row) { return row.hidden; }));
    order.forEach(function (row, i) { bodies[Math.floor(i / size)].appendChild(row); });
    bodies.forEach(function (body, n) {
      body.parentNode.parentNode.hidden = n > 0 && n * size >= shown.length;
    });
  }
  function apply() {
    var search = form.elements.search.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var show = text(row, 0).toLowerCase().indexOf(search) !== -1;
      Object.keys(COLUMN).forEach(function (name) {
        var want = form.elements[name].value;
        if (want && show) {
          var cell = text(row, COLUMN[name]);
          show = cell === want;
        }
      });
      var checklist = form.elements.checklist.value;
      if (show && checklist) {
        show = (row.getAttribute("data-c") || "").split(" ").indexOf(checklist) !== -1;
      }
      if (show && form.elements.stale.checked) { show = row.hasAttribute("data-stale"); }
      if (row.hidden === show) { row.hidden = !show; }
      if (show) { shown += 1; }
    });
    deal();
    count.textContent = shown === rows.length ?
      "Showing all " + rows.length + " services." :
      "Showing " + shown + " of " + rows.length + " services.";
  }
  function key(row, n) {
    var value = text(row, n), number = parseFloat(value.replace(/,/g, ""));
    return isNaN(number) || /^\d{4}-/.test(value) ? value : number;
  }
  function sort(n, button) {
    var descending = heads[n].getAttribute("aria-sort") === "ascending";
    heads.forEach(function (th) { th.removeAttribute("aria-sort"); });
    heads[n].setAttribute("aria-sort", descending ? "descending" : "ascending");
    var keyed = rows.map(function (row, i) { return [key(row, n), i, row]; });
    keyed.sort(function (a, b) {
      var x = a[0], y = b[0], order;
      if (x === "" || x === "-") { order = y === "" || y === "-" ? 0 : 1; }
      else if (y === "" || y === "-") { order = -1; }
      else if (typeof x === typeof y) { order = x < y ? -1 : x > y ? 1 : 0; if (descending) { order = -order; } }
      else { order = typeof x === "number" ? -1 : 1; }
      return order || a[1] - b[1];
    });
    rows = keyed.map(function (k) { return k[2]; });
    deal();
    button.focus();
  }
  heads.forEach(function (th, n) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () { sort(n, button); });
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  count.textContent = "Showing all " + rows.length + " services.";
  var hidden = [];
  window.addEventListener("beforeprint", function () {
    hidden = rows.filter(function (row) { return row.hidden; });
    hidden.forEach(function (row) { row.hidden = false; });
    deal();
  });
  window.addEventListener("afterprint", function () {
    hidden.forEach(function (row) { row.hidden = true; });
    hidden = [];
    deal();
  });
})();
