// The contact network: fetches /api/network with the page's filters and draws it with vis-network.
(function () {
  const params = new URLSearchParams(window.location.search);
  const palette = ["#1a56a8", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#e67700", "#5c940d", "#364fc7", "#a61e4d"];
  const colours = {};
  function colourOf(country) {
    const key = country || "?";
    if (!(key in colours)) colours[key] = palette[Object.keys(colours).length % palette.length];
    return colours[key];
  }
  function text(tag, content) { const el = document.createElement(tag); el.textContent = content; return el; }

  function showEdge(edge, names) {
    const query = new URLSearchParams(params);
    query.set("source", edge.source); query.set("target", edge.target); query.set("page_size", "100");
    fetch("/api/events?" + query).then((r) => r.json()).then((data) => {
      const box = document.getElementById("edge-events");
      box.replaceChildren(text("h3", names[edge.source] + " → " + names[edge.target] + " (" + data.total + ")"));
      const list = document.createElement("ol");
      list.className = "edge-evidence";
      for (const e of data.events) {
        const item = document.createElement("li");
        item.append(text("strong", (e.date || "") + " " + (e.plover || e.cameo) + " "));
        item.append(text("span", e.text + " "));
        const link = text("a", "article"); link.href = "/articles/" + encodeURIComponent(e.article) + "#ev-" + e.id;
        item.append(link); list.append(item);
      }
      box.append(list);
    });
  }

  fetch("/api/network?" + params).then((r) => r.json()).then((data) => {
    const names = {};
    for (const n of data.nodes) names[n.id] = n.name;
    const nodes = data.nodes.map((n) => ({ id: n.id, label: n.name, value: n.count, title: n.name + " (" + (n.country || "?") + " " + (n.sector || "") + "): " + n.count + " events", color: colourOf(n.country), shape: "dot" }));
    const edges = data.edges.map((e, i) => ({ id: i, from: e.source, to: e.target, value: e.count, arrows: "to", title: e.count + " events (" + e.cooperation + " cooperation, " + e.conflict + " conflict)", color: { color: e.tone === "cooperation" ? "#2e7d32" : "#c62828" } }));
    const list = document.getElementById("edge-list");
    data.edges.forEach((e, i) => {
      const item = document.createElement("li");
      const button = text("button", names[e.source] + " → " + names[e.target] + " (" + e.count + ")");
      button.type = "button"; button.className = "edge-link " + e.tone; button.dataset.source = e.source; button.dataset.target = e.target;
      button.addEventListener("click", () => showEdge(e, names));
      item.append(button); list.append(item);
    });
    const container = document.getElementById("network");
    container.dataset.nodes = String(nodes.length); container.dataset.edges = String(edges.length);
    if (typeof vis === "undefined") { container.textContent = "The network drawing library is not installed; the edge list works."; return; }
    const network = new vis.Network(container, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
      nodes: { scaling: { min: 8, max: 40, label: { enabled: true, min: 12, max: 22 } }, font: { size: 14 } },
      edges: { scaling: { min: 1, max: 8 }, smooth: { type: "dynamic" } },
      physics: { stabilization: { iterations: 200 } }, interaction: { hover: true, keyboard: true, navigationButtons: true },
    });
    network.on("click", (event) => {
      if (event.nodes.length) { window.location.href = "/actors/" + encodeURIComponent(event.nodes[0]); return; }
      if (event.edges.length) showEdge(data.edges[event.edges[0]], names);
    });
    window.dragomanNetwork = network;
  });
})();
