/* Filter the items by status and risk. Without scripts the form stays hidden and every item
   is shown; before printing every item and every details element is shown. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(".item[data-status]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".item-group"));
  var count = document.getElementById("filter-count");
  function wanted(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name='" + name + "']"), function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }
  function apply() {
    var status = wanted("status"), risk = wanted("risk"), shown = 0;
    items.forEach(function (item) {
      var show = status[item.getAttribute("data-status")] === true &&
        risk[item.getAttribute("data-risk")] === true;
      item.hidden = !show;
      if (show) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = group.querySelector(".item:not([hidden])") === null;
    });
    count.textContent = shown === items.length ?
      "Showing all " + items.length + " items." :
      "Showing " + shown + " of " + items.length + " items.";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;  /* every box starts checked (autocomplete=off): nothing to hide yet */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
