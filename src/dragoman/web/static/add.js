// Add articles from the browser: posts the form to /api/jobs and polls the job's progress.
(function () {
  const form = document.getElementById("add-form");
  const progress = document.getElementById("progress");
  const added = document.getElementById("added");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    progress.textContent = "Sending…";
    fetch("/api/jobs", { method: "POST", body: new FormData(form) }).then(async (response) => {
      const job = await response.json();
      if (!response.ok) { progress.textContent = "Error: " + job.error; return; }
      poll(job.id);
    });
  });
  function poll(id) {
    fetch("/api/jobs/" + id).then((r) => r.json()).then((job) => {
      progress.textContent = job.status + ": " + job.done + " of " + job.total + " processed" + (job.failed ? ", " + job.failed + " failed" : "") + (job.error ? " (" + job.error + ")" : "");
      if (job.status === "running") { setTimeout(() => poll(id), 500); return; }
      added.replaceChildren();
      for (const articleId of job.articles) {
        const item = document.createElement("li"); const link = document.createElement("a");
        link.href = "/articles/" + encodeURIComponent(articleId); link.textContent = articleId; item.append(link); added.append(item);
      }
    });
  }
})();
