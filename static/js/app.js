/* app.js: progressive enhancement only — every page works without it.
 * - forms with data-confirm ask before submitting;
 * - vote buttons (form.vote) post to the JSON endpoint and update counts without a reload;
 * - elapsed-time counters (data-started) tick. */
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.dataset && f.dataset.confirm && !window.confirm(f.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    if (f.classList && f.classList.contains("vote") && window.fetch) {
      e.preventDefault();
      var data = new FormData(f), body = {};
      data.forEach(function (v, k) { if (k !== "csrf_token") body[k] = v; });
      fetch("/api/v1" + f.getAttribute("action"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Requested-With": "XMLHttpRequest" },
        body: JSON.stringify(body)
      }).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (m) {
          var box = f.closest("[data-post]");
          if (!box) return;
          ["helpful", "outdated"].forEach(function (k) {
            var el = box.querySelector("[data-count=" + k + "]");
            if (el && m[k + "_count"] !== undefined) el.textContent = m[k + "_count"];
          });
          var s = box.querySelector("[data-vote-status]");
          if (s) s.textContent = "Thanks, your vote is saved.";
        })
        .catch(function () { f.submit(); });
    }
  });
  var timers = document.querySelectorAll("[data-started]");
  if (timers.length) {
    setInterval(function () {
      timers.forEach(function (el) {
        var s = Math.max(0, Math.floor(Date.now() / 1000 - Number(el.dataset.started)));
        el.textContent = Math.floor(s / 60) + " min " + (s % 60) + " s";
      });
    }, 1000);
  }
})();
