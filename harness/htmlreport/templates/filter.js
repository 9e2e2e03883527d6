// The requirements table's filters: provider, level and outcome, also read from the address's
// fragment (#outcome=fail&provider=iyzico) so that a filtered view can be linked to.
(function () {
  var ids = { provider: "filter-provider", level: "filter-level", outcome: "filter-outcome" };
  var rows = Array.prototype.slice.call(document.querySelectorAll("#requirements-table tbody tr"));
  function value(name) { return document.getElementById(ids[name]).value; }
  function apply() {
    var p = value("provider"), l = value("level"), o = value("outcome"), shown = 0;
    rows.forEach(function (r) {
      var d = r.dataset;
      var ok = (!p || d.provider === p) && (!l || d.level === l) &&
        (!o || (o === "not-pass" ? d.outcome !== "pass" : d.outcome === o));
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    document.getElementById("shown").textContent = shown + " of " + rows.length + " requirements shown";
  }
  var hash = new URLSearchParams(location.hash.slice(1));
  Object.keys(ids).forEach(function (name) {
    var el = document.getElementById(ids[name]);
    if (hash.has(name)) { el.value = hash.get(name); }
    el.addEventListener("change", apply);
  });
  apply();
})();
