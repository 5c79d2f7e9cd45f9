/* kg views: the graphs. vis-network draws nodes and edges (positions precomputed, physics
   off); the labels are drawn here, best-connected first, each where it overlaps no other
   label (below, right, above or left of its node) or not at all: zooming in makes room for
   more. A label covers no node either that is drawn big enough to be hidden by it (DOT px
   across or more: the dots of a whole big graph are smaller, and would leave no room), nor
   does a province's on the opening view of a big graph cover another province: there its
   bodies stand closer to it than its name is wide, and every province is named. window.kgLabels holds the boxes drawn last (screen pixels), for the tests. */
(function () {
  "use strict";
  var P = window.kgParts, $ = P.$;
  /* at the opening zoom, BUDGET labels at most (the best-connected); zooming in by k allows k² times more */
  var FONT = 12, LINE = 15, CELL = 64, BUDGET = 30, MAX_LABELS = 400, DOT = 6;

  function overlaps(grid, b) {
    for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++) {
      for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) {
        var cell = grid[gx + ":" + gy] || [];
        for (var i = 0; i < cell.length; i++) {
          var o = cell[i];
          if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
        }
      }
    }
    return false;
  }
  function remember(grid, b) {
    for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++)
      for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++)
        (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(b);
  }

  function labeller(net, nodes, box, budgetAtFit) {
    var widths = {}, order = null, base = null;
    function ranked() {
      if (!order) order = nodes.get({ filter: function (n) { return !n.hidden; } })
        .sort(function (a, b) { return b.rank - a.rank || (a.id < b.id ? -1 : 1); });
      return order;
    }
    net.on("afterDrawing", function (ctx) {
      var scale = net.getScale(), W = box.clientWidth, H = box.clientHeight, grid = {}, placed = [];
      if (base === null) base = scale;
      var zoom = Math.max(1, scale / base), budget = Math.min(MAX_LABELS, Math.round(budgetAtFit * zoom * zoom));
      var pos = net.getPositions(), dpr = window.devicePixelRatio || 1, dots = {};
      ctx.save();
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = FONT + "px system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
      ctx.textBaseline = "top";
      var list = ranked(), screen = {};
      list.forEach(function (n) {  // the nodes themselves: a label never covers one
        var at = pos[n.id];
        if (!at) return;
        var p = screen[n.id] = net.canvasToDOM(at), r = (n.size || 10) * scale;
        if (2 * r < DOT) return;
        if (p.x > -r && p.y > -r && p.x < W + r && p.y < H + r) remember(n.kind === "province" ? grid : dots,
                                                                          { x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r });
      });
      for (var i = 0; i < list.length && i < budget; i++) {  // the `budget` best connected, no others
        var n = list[i], p = screen[n.id];
        if (!p) continue;
        if (p.x < -100 || p.y < -40 || p.x > W + 100 || p.y > H + 40) continue;
        var text = n.name || "", w = widths[text] || (widths[text] = ctx.measureText(text).width);
        var r = (n.size || 10) * scale + 3;
        var spots = [[p.x - w / 2, p.y + r], [p.x + r, p.y - LINE / 2], [p.x - w / 2, p.y - r - LINE],
                     [p.x - r - w, p.y - LINE / 2]];
        for (var k = 0; k < spots.length; k++) {
          var b = { id: n.id, x: spots[k][0], y: spots[k][1], w: w, h: LINE, text: text };
          if (b.x < 0 || b.y < 0 || b.x + w > W || b.y + LINE > H || overlaps(grid, b)) continue;
          if (n.kind !== "province" && overlaps(dots, b)) continue;
          remember(grid, b);
          placed.push(b);
          break;
        }
      }
      placed.forEach(function (b) {
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.strokeText(b.text, b.x, b.y + 1);
        ctx.fillStyle = "#1d2433";
        ctx.fillText(b.text, b.x, b.y + 1);
      });
      ctx.restore();
      window.kgLabels = placed;
    });
    /* after a filter, a search or a new graph: new candidates, and the next fit is the opening zoom */
    return function (budget) { order = null; base = null; if (budget) budgetAtFit = budget; };
  }

  function prepare(data) {
    data.nodes.forEach(function (n) { n.title = P.tipElement(n.tip); });
    data.edges.forEach(function (e, i) { e.id = "e" + i; e.title = P.tipElement(e.tip); });
  }

  function initGraph() {
    var holder = $("kg-graph-data"), box = $("kg-graph");
    if (!holder || !box || !window.vis) return;
    var data = JSON.parse(holder.textContent);
    prepare(data);
    var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
    var net = new vis.Network(box, { nodes: nodes, edges: edges }, data.options);
    var relabel = labeller(net, nodes, box, data.labels || BUDGET);
    net.on("click", function (p) {
      var n = p.nodes.length ? nodes.get(p.nodes[0]) : null;
      var href = n && P.safeHref(n.url);
      if (href) window.location.href = href;
      else if (n) net.focus(n.id, { scale: Math.max(net.getScale(), 1.2), animation: false });
    });
    net.on("hoverNode", function () { box.style.cursor = "pointer"; });
    net.on("blurNode", function () { box.style.cursor = "default"; });
    /* Positions come precomputed and physics is off: the first drawing is the final layout. */
    net.once("afterDrawing", function () {
      window.kgDrawnAt = window.performance ? performance.now() : 0;
      box.setAttribute("data-drawn", "true");
    });
    window.kgNetwork = net; window.kgNodes = nodes; window.kgEdges = edges;
    var state = { net: net, nodes: nodes, edges: edges, relabel: relabel };
    initFilters(state);
    initWhole(state);
    initFind(state);
  }

  /* Filters: kinds, body, session dates (with or without the undated ones); the counts say
     what is left and the view is fitted to it. */
  function initFilters(state) {
    var boxes = document.querySelectorAll("input[data-kind]");
    if (!boxes.length) return;
    var from = $("gfrom"), to = $("gto"), body = $("gbody"), undated = $("gundated"), byUrl = null;
    if (body) P.withIndex(function (index) {
      P.fillSelect(body, index.bodies.map(function (b, i) { return [String(i), b]; }));
      byUrl = {};
      index.entries.forEach(function (e) { byUrl[e.u] = e.b; });
    });
    function apply() {
      var hiddenKinds = {}, counts = {}, visible = [];
      Array.prototype.forEach.call(boxes, function (b) { hiddenKinds[b.getAttribute("data-kind")] = !b.checked; });
      var lo = from ? from.value : "", hi = to ? to.value : "", b = body ? body.value : "";
      var keepUndated = !undated || undated.checked;
      state.nodes.update(state.nodes.get().map(function (n) {
        var outOfRange = n.kind === "session" && (lo || hi) &&
          (n.date ? ((lo && n.date < lo) || (hi && n.date > hi)) : !keepUndated);
        var otherBody = b !== "" && byUrl && (byUrl[n.url] || []).indexOf(Number(b)) < 0;
        var hidden = Boolean(hiddenKinds[n.kind] || outOfRange || otherBody);
        if (!hidden) { counts[n.kind] = (counts[n.kind] || 0) + 1; visible.push(n.id); }
        return { id: n.id, hidden: hidden };
      }));
      document.querySelectorAll(".kind-count").forEach(function (c) {
        c.textContent = String(counts[c.getAttribute("data-kind")] || 0);
      });
      var shown = $("shown-count");
      if (shown) shown.textContent = String(visible.length);
      state.relabel();
      if (visible.length) state.net.fit({ nodes: visible, animation: false });
    }
    state.apply = apply;
    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener("change", apply); });
    [from, to, body, undated].forEach(function (c) { if (c) c.addEventListener("change", apply); });
  }

  /* A big graph opens on the provinces; the whole graph is one click away. */
  function initWhole(state) {
    var button = $("show-whole");
    if (!button) return;
    button.addEventListener("click", function () {
      var s = document.createElement("script");
      s.src = P.root + "assets/network-full.js";
      s.onload = function () {
        var data = window.KG_FULL;
        prepare(data);
        state.edges.clear();
        state.nodes.clear();
        state.nodes.add(data.nodes);
        state.edges.add(data.edges);
        state.relabel(data.labels || BUDGET);
        button.hidden = true;
        var opening = $("opening-note"), trim = $("trim-note");
        if (opening) opening.hidden = true;
        if (trim) trim.hidden = false;
        if (state.apply) state.apply(); else { state.relabel(); state.net.fit({ animation: false }); }
      };
      document.body.appendChild(s);
    });
  }

  /* Find in the network: the node found and its neighbours, fitted and labelled first. */
  function initFind(state) {
    var input = $("gfind"), result = $("find-result");
    if (!input) return;
    input.addEventListener("change", function () {
      var asked = P.words(input.value);
      if (!asked.length) return;
      var found = state.nodes.get({ filter: function (n) {
        var have = P.words(n.name);
        return asked.every(function (w, i) {
          return i === asked.length - 1 ? have.some(function (h) { return h.lastIndexOf(w, 0) === 0; }) : have.indexOf(w) >= 0;
        });
      } }).sort(function (a, b) { return b.rank - a.rank; });
      result.hidden = false;
      if (!found.length) {
        result.textContent = "Không thấy trong mạng lưới đang hiện; hãy dùng ô tìm kiếm phía trên · not in the network shown: use the search box above.";
        return;
      }
      var ids = [found[0].id].concat(state.net.getConnectedNodes(found[0].id));
      result.textContent = found[0].name + ": " + (ids.length - 1) + " nút liên kết · linked nodes";
      state.nodes.update(ids.map(function (id, i) { return { id: id, rank: (i === 0 ? 2e9 : 1e9) + (state.nodes.get(id).rank || 0) }; }));
      state.relabel();
      state.net.selectNodes([found[0].id]);
      state.net.fit({ nodes: ids, animation: false });
    });
  }

  initGraph();
})();
