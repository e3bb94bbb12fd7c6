// An event's "article" link (#ev-<id>) lands on its sentence: highlighted and scrolled into view.
(function () {
  function mark() {
    for (const old of document.querySelectorAll(".sent.current")) old.classList.remove("current");
    const id = decodeURIComponent(window.location.hash.slice(1));
    const anchor = id.startsWith("ev-") ? document.getElementById(id) : null;
    if (!anchor) return;
    let next = anchor.nextElementSibling;
    while (next && next.classList.contains("anchor")) next = next.nextElementSibling;
    const sentence = next && Array.from(next.classList).find((c) => /^s\d+$/.test(c));
    if (sentence) for (const part of document.querySelectorAll("#article-text ." + sentence)) part.classList.add("current");
    anchor.scrollIntoView({ block: "center" });
    const side = document.getElementById("side-" + id);
    if (side) side.classList.add("current");
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
