(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var form = document.getElementById("filters");
  var count = document.getElementById("shown-count");

  function checked(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (el) {
      out[el.value] = el.checked;
    });
    return out;
  }

  function apply() {
    var st = checked("status");
    var minSev = parseInt(form.elements["min-severity"].value, 10);
    var check = form.elements["check"].value;
    var gatingOnly = form.elements["gating-only"].checked;
    var text = form.elements["q"].value.toLowerCase();
    var n = 0;
    rows.forEach(function (tr) {
      var d = tr.dataset;
      var show = st[d.status] !== false &&
        parseInt(d.sev, 10) >= minSev &&
        (check === "" || d.check === check || d.check.indexOf(check + "-") === 0) &&
        (!gatingOnly || d.gating === "1") &&
        (text === "" || tr.textContent.toLowerCase().indexOf(text) >= 0);
      tr.classList.toggle("hidden", !show);
      if (show) { n++; }
    });
    count.textContent = String(n);
  }

  function sortBy(th) {
    var key = th.dataset.sort;
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var numeric = key === "sev" || key === "rank";
    rows.sort(function (a, b) {
      var x = a.dataset[key], y = b.dataset[key], r;
      if (numeric) { r = parseInt(x, 10) - parseInt(y, 10); } else { r = x < y ? -1 : x > y ? 1 : 0; }
      return r !== 0 ? r * dir : parseInt(a.dataset.order, 10) - parseInt(b.dataset.order, 10);
    });
    rows.forEach(function (tr) { tbody.appendChild(tr); });
  }

  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
    th.classList.add("sortable");
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("reset").addEventListener("click", function () { form.reset(); apply(); });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  // The summary cards filter the findings: one status, or gating only.
  Array.prototype.forEach.call(document.querySelectorAll(".card[data-filter]"), function (card) {
    var f = card.dataset.filter;
    card.classList.add("filter");
    card.tabIndex = 0;
    card.setAttribute("role", "button");
    card.title = "show only these findings";
    function pick() {
      form.reset();
      Array.prototype.forEach.call(form.querySelectorAll("input[name=status]"), function (el) {
        el.checked = f === "gating" ? el.value === "fail" : el.value === f;
      });
      form.elements["gating-only"].checked = f === "gating";
      apply();
      document.getElementById("findings").scrollIntoView();
    }
    card.addEventListener("click", pick);
    card.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });
  form.hidden = false;
  apply();
})();
