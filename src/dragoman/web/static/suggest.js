// The actor filter's suggestions as you type: names from /api/actor-suggestions fill the input's datalist.
(function () {
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    const list = document.getElementById(input.getAttribute("list"));
    let last = "";
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const text = input.value.trim();
        if (text.length < 2 || text === last) return;
        last = text;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text)).then((r) => r.json()).then((data) => {
          list.replaceChildren();
          for (const actor of data.actors || []) {
            const option = document.createElement("option");
            option.value = actor.name;
            option.label = [actor.kind, actor.country].filter(Boolean).join(", ");
            list.append(option);
          }
          input.dataset.suggested = String((data.actors || []).length);
        });
      }, 150);
    });
  }
})();
