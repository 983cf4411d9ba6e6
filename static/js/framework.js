/* Framework browser: children of a tree node load when it is opened, and search updates the
   results as you type. Without JavaScript the same pages work through links and the form. */
(function () {
  "use strict";

  function loadChildren(details) {
    if (details.dataset.loaded) return;
    var list = details.querySelector(":scope > ul.tree");
    details.dataset.loaded = "1";
    list.setAttribute("aria-busy", "true");
    fetch(details.dataset.childrenUrl, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) { list.innerHTML = html; })
      .catch(function () { delete details.dataset.loaded; })
      .finally(function () { list.setAttribute("aria-busy", "false"); });
  }

  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.tagName === "DETAILS" && details.open && details.dataset.childrenUrl) loadChildren(details);
  }, true);

  var form = document.querySelector("form[data-live-search]");
  if (!form) return;
  var results = document.getElementById("results");
  var tree = document.getElementById("tree");
  var timer = null;
  var latest = 0;

  function search() {
    var params = new URLSearchParams(new FormData(form));
    var active = Array.from(params.values()).some(function (v) { return v.trim() !== ""; });
    history.replaceState(null, "", active ? "?" + params.toString() : location.pathname);
    if (tree) tree.closest("section").hidden = active;
    if (!active) { results.innerHTML = ""; return; }
    params.set("partial", "results");
    var ticket = ++latest;
    fetch("?" + params.toString(), { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== latest) return; // an older answer arriving late
        var holder = document.createElement("div");
        holder.innerHTML = html;
        results.replaceWith(holder.firstElementChild);
        results = document.getElementById("results");
      });
  }

  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
  form.addEventListener("change", function () { clearTimeout(timer); search(); });
})();
