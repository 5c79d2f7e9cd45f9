/* kg network views: search (diacritics folded), filters and vis-network graphs.
   Every text from the data is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var INDEX = window.KG_INDEX || { entries: [], bodies: [], types: {} };
  var TYPE_ORDER = ["person", "org", "session", "decision", "item", "citeddoc", "document"];
  var SAFE_URL = /^[A-Za-z0-9_\-\/.]+\.html$/;

  function fold(text) {
    return String(text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  window.kgFold = fold;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function link(entry) {
    var a = el("a", entry.l);
    if (SAFE_URL.test(entry.u)) a.href = root + entry.u;
    return a;
  }

  function typeBadge(type) {
    return el("span", (INDEX.types && INDEX.types[type]) || type, "kg-type t-" + type);
  }

  /* Entries matching every word of the query (folded), best first. */
  function search(query, filters) {
    var q = fold(query), words = q ? q.split(" ") : [];
    filters = filters || {};
    var out = [];
    INDEX.entries.forEach(function (e) {
      if (filters.type && e.t !== filters.type) return;
      if (filters.body !== undefined && filters.body !== "" && e.b.indexOf(Number(filters.body)) < 0) return;
      if ((filters.from || filters.to) && (!e.d || (filters.from && e.d < filters.from) ||
          (filters.to && e.d > filters.to))) return;
      for (var i = 0; i < words.length; i++) if (e.f.indexOf(words[i]) < 0) return;
      var score = !q ? 2 : (e.f.indexOf(q) === 0 ? 0 : (e.f.indexOf(q) > 0 ? 1 : 2));
      out.push({ e: e, s: score });
    });
    out.sort(function (a, b) {
      return a.s - b.s || TYPE_ORDER.indexOf(a.e.t) - TYPE_ORDER.indexOf(b.e.t) ||
        (a.e.f < b.e.f ? -1 : a.e.f > b.e.f ? 1 : 0);
    });
    return out.map(function (r) { return r.e; });
  }
  window.kgSearch = search;

  function renderList(list, entries, limit) {
    while (list.firstChild) list.removeChild(list.firstChild);
    entries.slice(0, limit).forEach(function (e) {
      var li = el("li");
      li.appendChild(link(e));
      li.appendChild(typeBadge(e.t));
      if (e.d) li.appendChild(el("span", " " + e.d, "muted"));
      list.appendChild(li);
    });
  }

  function initSuggest() {
    var input = document.getElementById("kg-q"), list = document.getElementById("kg-suggest");
    if (!input || !list) return;
    input.addEventListener("input", function () {
      var found = input.value.trim() ? search(input.value) : [];
      renderList(list, found, 12);
      list.hidden = found.length === 0;
    });
    document.addEventListener("click", function (ev) {
      if (!list.contains(ev.target) && ev.target !== input) list.hidden = true;
    });
  }

  function fillSelect(select, pairs) {
    pairs.forEach(function (p) {
      var option = el("option", p[1]);
      option.value = p[0];
      select.appendChild(option);
    });
  }

  function initSearchPage() {
    var page = document.getElementById("kg-search-page");
    if (!page) return;
    var q = document.getElementById("sq"), type = document.getElementById("ftype"),
      body = document.getElementById("fbody"), from = document.getElementById("ffrom"),
      to = document.getElementById("fto"), list = document.getElementById("results"),
      count = document.getElementById("count");
    fillSelect(type, TYPE_ORDER.map(function (t) { return [t, INDEX.types[t] || t]; }));
    fillSelect(body, INDEX.bodies.map(function (b, i) { return [String(i), b]; }));
    var params = new URLSearchParams(window.location.search);
    q.value = params.get("q") || "";
    type.value = params.get("type") || "";
    function run() {
      var found = search(q.value, { type: type.value, body: body.value, from: from.value, to: to.value });
      renderList(list, found, 500);
      count.textContent = found.length + " result(s)" + (found.length > 500 ? ", first 500 shown" : "");
    }
    [q, type, body, from, to].forEach(function (c) {
      c.addEventListener("input", run);
      c.addEventListener("change", run);
    });
    run();
  }

  /* Tooltips are DOM elements filled with textContent: vis-network never parses HTML. */
  function tipElement(lines) {
    var div = el("div", null, "kg-tip");
    (lines || []).forEach(function (line, i) {
      var part = el(i === 0 ? "strong" : "div", line);
      if (line.charAt(0) === "\u201c") part.className = "q";
      div.appendChild(part);
    });
    return div;
  }

  function initGraph() {
    var holder = document.getElementById("kg-graph-data"), box = document.getElementById("kg-graph");
    if (!holder || !box || !window.vis) return;
    var data = JSON.parse(holder.textContent);
    data.nodes.forEach(function (n) { n.title = tipElement(n.tip); });
    data.edges.forEach(function (e, i) { e.id = "e" + i; e.title = tipElement(e.tip); });
    var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
    var net = new vis.Network(box, { nodes: nodes, edges: edges }, data.options);
    net.on("click", function (p) {
      var n = p.nodes.length ? nodes.get(p.nodes[0]) : null;
      if (n && n.url && SAFE_URL.test(n.url)) window.location.href = root + n.url;
    });
    net.on("hoverNode", function () { box.style.cursor = "pointer"; });
    net.on("blurNode", function () { box.style.cursor = "default"; });
    /* Positions come precomputed and physics is off: the first drawing is the final layout. */
    net.once("afterDrawing", function () {
      window.kgDrawnAt = window.performance ? performance.now() : 0;
      box.setAttribute("data-drawn", "true");
    });
    window.kgNetwork = net; window.kgNodes = nodes; window.kgEdges = edges;
    initGraphFilters(nodes);
  }

  function initGraphFilters(nodes) {
    var boxes = document.querySelectorAll("input[data-kind]");
    var from = document.getElementById("gfrom"), to = document.getElementById("gto"),
      body = document.getElementById("gbody"), byUrl = {};
    if (body) {
      fillSelect(body, INDEX.bodies.map(function (b, i) { return [String(i), b]; }));
      INDEX.entries.forEach(function (e) { byUrl[e.u] = e.b; });
    }
    function apply() {
      var hiddenKinds = {};
      Array.prototype.forEach.call(boxes, function (b) { hiddenKinds[b.getAttribute("data-kind")] = !b.checked; });
      var lo = from ? from.value : "", hi = to ? to.value : "", b = body ? body.value : "";
      nodes.update(nodes.get().map(function (n) {
        var outOfRange = n.kind === "session" && (lo || hi) &&
          (!n.date || (lo && n.date < lo) || (hi && n.date > hi));
        var otherBody = b !== "" && (byUrl[n.url] || []).indexOf(Number(b)) < 0;
        return { id: n.id, hidden: Boolean(hiddenKinds[n.kind] || outOfRange || otherBody) };
      }));
    }
    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener("change", apply); });
    [from, to, body].forEach(function (c) { if (c) c.addEventListener("change", apply); });
  }

  initSuggest();
  initSearchPage();
  initGraph();
})();
