// Filter the reports as one types: every word must occur in a row's names or parameters,
// ignoring case and accents ("cote" finds "Côte d'Ivoire").  Groups with no match are hidden.
(function () {
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var box = document.getElementById("search");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-search]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  var entries = Array.prototype.slice.call(document.querySelectorAll("nav.toc li[data-group]"));
  function apply() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      var hit = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !hit;
      if (hit) { count += row.querySelectorAll("td[id]").length; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("tr[data-search]:not([hidden])");
    });
    entries.forEach(function (li) {
      li.hidden = document.getElementById(li.getAttribute("data-group")).hidden;
    });
    shown.textContent = words.length
      ? shown.getAttribute("data-template").replace("{n}", String(count)) : "";
  }
  box.addEventListener("input", apply);
  apply();
})();
