// Add articles from the browser: posts the form (with its CSRF token) to /api/jobs and polls the job's progress.
(function () {
  const form = document.getElementById("add-form");
  const progress = document.getElementById("progress");
  const added = document.getElementById("added");
  const rejected = document.getElementById("rejected");
  function list(target, items, link) {
    target.replaceChildren();
    for (const text of items) {
      const item = document.createElement("li");
      if (link) { const a = document.createElement("a"); a.href = "/articles/" + encodeURIComponent(text); a.textContent = text; item.append(a); }
      else item.textContent = text;
      target.append(item);
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    progress.textContent = "Sending…";
    fetch("/api/jobs", { method: "POST", body: new FormData(form) }).then(async (response) => {
      const job = await response.json();
      if (!response.ok) { progress.textContent = "Error: " + job.error; return; }
      list(rejected, (job.rejected || []).map((m) => "not read: " + m), false);
      poll(job.id);
    });
  });
  function poll(id) {
    fetch("/api/jobs/" + id).then((r) => r.json()).then((job) => {
      const notRead = (job.rejected || []).length;
      progress.textContent = job.status + ": " + job.done + " of " + job.total + " processed" + (job.failed ? ", " + job.failed + " failed" : "") + (notRead ? ", " + notRead + " not read (listed below)" : "") + (job.error ? " (" + job.error + ")" : "");
      if (job.status === "running") { setTimeout(() => poll(id), 500); return; }
      list(added, job.articles, true);
    });
  }
})();
