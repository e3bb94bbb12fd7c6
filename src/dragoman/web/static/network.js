// The contact network: fetches /api/network with the page's filters and draws it with vis-network.
// A click on a node or an edge opens its events in the panel beside the graph; the address bar keeps the
// selection (?edge=SOURCE>TARGET or ?node=ID), so a link or a reload shows the same thing.
(function () {
  const params = new URLSearchParams(window.location.search);
  const filters = new URLSearchParams(params);
  for (const key of ["edge", "node", "max_nodes"]) filters.delete(key);
  const palette = ["#1a56a8", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#e67700", "#5c940d", "#364fc7", "#a61e4d"];
  const other = "#868e96";
  const quadColours = { 1: "#81c784", 2: "#2e7d32", 3: "#ef9a9a", 4: "#c62828" };
  const quadNames = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  function text(tag, content, className) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (className) el.className = className;
    return el;
  }

  function countryColours(nodes) {
    // The ten countries with most events get a colour each, in order; the rest share grey.
    const totals = {};
    for (const n of nodes) totals[n.country || "?"] = (totals[n.country || "?"] || 0) + n.count;
    const ranked = Object.keys(totals).filter((c) => c !== "?").sort((a, b) => totals[b] - totals[a] || a.localeCompare(b));
    const colours = {};
    ranked.slice(0, palette.length).forEach((c, i) => { colours[c] = palette[i]; });
    return colours;
  }

  function legend(colours) {
    const box = document.getElementById("node-legend");
    box.replaceChildren();
    for (const [country, colour] of Object.entries(colours)) {
      const key = text("span", country, "node-key");
      key.style.setProperty("--dot", colour);
      box.append(key);
    }
    const rest = text("span", "other or none", "node-key");
    rest.style.setProperty("--dot", other);
    box.append(rest);
  }

  function remember(key, value) {
    const url = new URL(window.location.href);
    url.searchParams.delete("edge"); url.searchParams.delete("node");
    if (key) url.searchParams.set(key, value);
    history.replaceState(null, "", url);
  }

  function showEvents(title, query, link) {
    const panel = document.getElementById("edge-panel");
    const box = document.getElementById("selection");
    box.replaceChildren(text("h2", title), text("p", "Loading…", "hint"));
    panel.scrollTop = 0;
    query.set("page_size", "100");
    fetch("/api/events?" + query).then((r) => r.json()).then((data) => {
      box.replaceChildren(text("h2", title + " (" + data.total + " events)"));
      if (link) box.append(link);
      const list = document.createElement("ol");
      list.className = "edge-evidence";
      for (const e of data.events || []) {
        const item = document.createElement("li");
        item.append(text("strong", (e.date || "") + " " + (e.plover || e.cameo) + (e.negated ? " (negated)" : "") + " "));
        item.append(text("span", e.source.name + " → " + (e.target ? e.target.name : "—") + ": "));
        item.append(text("span", e.text + " "));
        const article = text("a", "article");
        article.href = "/articles/" + encodeURIComponent(e.article) + "#ev-" + encodeURIComponent(e.id);
        item.append(article);
        list.append(item);
      }
      box.append(list);
      if (data.total > (data.events || []).length) {
        const more = text("a", "all " + data.total + " events on the events page");
        const all = new URLSearchParams(query); all.delete("page_size");
        more.href = "/events?" + all;
        box.append(more);
      }
      panel.scrollTop = 0;
      panel.scrollIntoView({ block: "nearest" });
    });
  }

  function showEdge(edge, names) {
    remember("edge", edge.source + ">" + edge.target);
    const query = new URLSearchParams(filters);
    query.set("source", edge.source); query.set("target", edge.target);
    showEvents(names[edge.source] + " → " + names[edge.target], query, null);
  }

  function showNode(id, names) {
    remember("node", id);
    const query = new URLSearchParams(filters);
    query.set("actor", id);
    const page = text("a", "actor page");
    page.href = "/actors/" + encodeURIComponent(id);
    showEvents(names[id] || id, query, page);
  }

  const request = new URLSearchParams(filters);
  request.set("max_nodes", params.get("max_nodes") || "80");
  fetch("/api/network?" + request).then((r) => r.json()).then((data) => {
    const container = document.getElementById("network");
    if (data.error) { container.textContent = data.error; return; }
    const names = {};
    for (const n of data.nodes) names[n.id] = n.name;
    const colours = countryColours(data.nodes);
    legend(colours);
    // Labels on the 30 most active actors keep the default zoom readable; every node names itself on hover.
    const nodes = data.nodes.map((n, i) => ({
      id: n.id, label: i < 30 ? n.name : undefined, value: n.count, shape: "dot", color: colours[n.country] || other,
      title: n.name + " (" + (n.country || "?") + " " + (n.sector || "") + "): " + n.count + " events",
    }));
    const edges = data.edges.map((e, i) => ({
      id: i, from: e.source, to: e.target, value: e.count, arrows: "to",
      title: e.count + " events, mostly " + quadNames[e.quad_class] + " (" + e.cooperation + " cooperation, " + e.conflict + " conflict)",
      color: { color: quadColours[e.quad_class], highlight: "#1d2330" },
    }));
    const list = document.getElementById("edge-list");
    document.getElementById("edge-count").textContent = String(data.edges.length);
    data.edges.forEach((e) => {
      const item = document.createElement("li");
      const button = text("button", names[e.source] + " → " + names[e.target] + " (" + e.count + ")", "edge-link q" + e.quad_class);
      button.type = "button"; button.dataset.source = e.source; button.dataset.target = e.target;
      button.addEventListener("click", () => showEdge(e, names));
      item.append(button); list.append(item);
    });
    container.dataset.nodes = String(nodes.length); container.dataset.edges = String(edges.length);
    const selected = params.get("edge");
    const chosenEdge = selected ? data.edges.findIndex((e) => e.source + ">" + e.target === selected) : -1;
    if (chosenEdge >= 0) showEdge(data.edges[chosenEdge], names);
    else if (params.get("node") && names[params.get("node")]) showNode(params.get("node"), names);
    if (typeof vis === "undefined") { container.textContent = "The network drawing library is not installed; the edge list works."; return; }
    const network = new vis.Network(container, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
      layout: { randomSeed: 7, improvedLayout: nodes.length <= 100 },
      nodes: {
        scaling: { min: 8, max: 36, label: { enabled: false } },
        font: { size: 16, face: "system-ui, sans-serif", color: "#1d2330", strokeWidth: 4, strokeColor: "#ffffff" },
      },
      edges: { scaling: { min: 1, max: 8 }, smooth: { type: "continuous" }, arrows: { to: { scaleFactor: 0.5 } } },
      physics: {
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -120, springLength: 140, avoidOverlap: 0.6 },
        stabilization: { iterations: 300, fit: true },
      },
      interaction: { hover: true, keyboard: true, navigationButtons: true },
    });
    network.once("stabilizationIterationsDone", () => { network.setOptions({ physics: false }); container.dataset.stable = "1"; });
    network.on("click", (event) => {
      if (event.nodes.length) { showNode(event.nodes[0], names); return; }
      if (event.edges.length) showEdge(data.edges[event.edges[0]], names);
    });
    if (chosenEdge >= 0) network.selectEdges([chosenEdge]);
    window.dragomanNetwork = network;
  });
})();
