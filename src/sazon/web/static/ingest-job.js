// The upload progress page: asks how far the job got and moves the bar, without a framework.
// Without JavaScript the page refreshes itself instead (a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) return;
  var url = box.getAttribute("data-job-status");
  var bar = document.getElementById("job-progress");
  var rows = document.getElementById("job-rows");
  var label = document.getElementById("job-label");
  var counts = document.getElementById("job-counts");

  function show(job) {
    if (job.rows_total) {
      bar.max = job.rows_total;
      bar.value = job.rows_done;
      rows.textContent = box.getAttribute("data-rows-text")
        .replace("{done}", String(job.rows_done))
        .replace("{total}", String(job.rows_total));
    }
    if (job.counts) {
      var text = box.getAttribute("data-counts-text");
      ["accepted", "merged", "quarantined"].forEach(function (k) {
        text = text.replace("{" + k + "}", String(job.counts[k] || 0));
      });
      counts.textContent = text;
    }
    if (job.status === "running") label.textContent = box.getAttribute("data-running-text");
  }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        if (job.status === "done" || job.status === "failed") {
          window.location.reload(); // the page itself shows the summary or the problem
          return;
        }
        show(job);
        setTimeout(tick, 700);
      })
      .catch(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 300);
})();
