/* kg views: search (diacritics folded, words whole), graphs with labels that never overlap,
   filters, the article with its highlighted evidence, the career timeline, compare.
   Every text from the data is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var TYPE_ORDER = ["person", "org", "session", "decision", "item", "citeddoc", "document"];
  var SAFE_URL = /^[A-Za-z0-9_\-\/.]+\.html(#[A-Za-z0-9_\-]+)?$/;
  var $ = function (id) { return document.getElementById(id); };

  function fold(text) {
    return String(text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function words(text) { return fold(text).split(/[^a-z0-9]+/).filter(Boolean); }
  window.kgFold = fold;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function safeHref(url) { return SAFE_URL.test(url || "") ? root + url : null; }
  function link(label, url) {
    var a = el("a", label), href = safeHref(url);
    if (href) a.href = href;
    return a;
  }

  /* The search index is big on a big corpus: it is loaded when first needed. Its entries are
     [label, kind, page, date, bodies]; each becomes {l, t, u, d, b, f} with f its folded words. */
  var waiting = null, ready = null;
  function unpack(raw) {
    raw.entries = raw.entries.map(function (e) {
      return { l: e[0], t: raw.kinds[e[1]], u: e[2], d: e[3], b: e[4], f: words(e[0]).join(" ") };
    });
    return raw;
  }
  function withIndex(done) {
    if (ready) return done(ready);
    if (waiting) return waiting.push(done);
    waiting = [done];
    var s = document.createElement("script");
    s.src = root + "assets/search-index.js";
    s.onload = function () {
      ready = window.KG_INDEX = unpack(window.KG_INDEX);
      var w = waiting; waiting = null;
      w.forEach(function (f) { f(ready); });
    };
    document.body.appendChild(s);
  }
  window.kgWithIndex = withIndex;

  /* Every word typed is a word of the name, the last one may be its beginning: "Hải" finds
     "Nguyễn Thanh Hải" and not "Thái Nguyên". Names that also keep the typed diacritics first. */
  function matcher(query) {
    var asked = words(query), last = asked.pop(), exact = String(query || "").toLowerCase().trim();
    return function (entry) {
      if (last === undefined) return 2;
      var have = entry.f.split(" ");
      for (var i = 0; i < asked.length; i++) if (have.indexOf(asked[i]) < 0) return -1;
      var prefix = false;
      for (var j = 0; j < have.length; j++) if (have[j].lastIndexOf(last, 0) === 0) { prefix = true; break; }
      if (!prefix) return -1;
      return entry.l.toLowerCase().indexOf(exact) >= 0 ? 0 : 1;
    };
  }
  function search(index, query, filters) {
    var score = matcher(query), out = [];
    filters = filters || {};
    index.entries.forEach(function (e) {
      if (filters.type && e.t !== filters.type) return;
      if (filters.body !== undefined && filters.body !== "" && e.b.indexOf(Number(filters.body)) < 0) return;
      if ((filters.from || filters.to) && (e.d ? ((filters.from && e.d < filters.from) || (filters.to && e.d > filters.to))
                                               : !filters.undated)) return;
      var s = score(e);
      if (s >= 0) out.push({ e: e, s: s });
    });
    out.sort(function (a, b) {
      return a.s - b.s || TYPE_ORDER.indexOf(a.e.t) - TYPE_ORDER.indexOf(b.e.t) ||
        (a.e.f < b.e.f ? -1 : a.e.f > b.e.f ? 1 : 0);
    });
    return out.map(function (r) { return r.e; });
  }
  window.kgSearch = function (query, filters) { return search(ready, query, filters); };

  function badge(index, type) { return el("span", (index.types && index.types[type]) || type, "kg-type t-" + type); }
  function renderList(index, list, entries, limit, onPick) {
    while (list.firstChild) list.removeChild(list.firstChild);
    entries.slice(0, limit).forEach(function (e) {
      var li = el("li"), a = link(e.l, e.u);
      if (onPick) a.addEventListener("click", function (ev) { ev.preventDefault(); onPick(e); });
      li.appendChild(a);
      li.appendChild(badge(index, e.t));
      if (e.d) li.appendChild(el("span", " " + e.d, "muted"));
      list.appendChild(li);
    });
  }

  function initSuggest() {
    var input = $("kg-q"), list = $("kg-suggest");
    if (!input || !list) return;
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("input", function () {
      withIndex(function (index) {
        var found = input.value.trim() ? search(index, input.value) : [];
        renderList(index, list, found, 12);
        list.hidden = found.length === 0;
      });
    });
    document.addEventListener("click", function (ev) {
      if (!list.contains(ev.target) && ev.target !== input) list.hidden = true;
    });
  }

  function fillSelect(select, pairs) {
    pairs.forEach(function (p) { var o = el("option", p[1]); o.value = p[0]; select.appendChild(o); });
  }

  function initSearchPage() {
    if (!$("kg-search-page")) return;
    withIndex(function (index) {
      var q = $("sq"), type = $("ftype"), body = $("fbody"), from = $("ffrom"), to = $("fto"),
        undated = $("fundated"), list = $("results"), count = $("count");
      fillSelect(type, TYPE_ORDER.map(function (t) { return [t, index.types[t] || t]; }));
      fillSelect(body, index.bodies.map(function (b, i) { return [String(i), b]; }));
      var params = new URLSearchParams(window.location.search);
      q.value = params.get("q") || "";
      type.value = params.get("type") || "";
      function run() {
        var found = search(index, q.value, { type: type.value, body: body.value, from: from.value,
                                             to: to.value, undated: undated.checked });
        renderList(index, list, found, 500);
        count.textContent = found.length + " kết quả · results" + (found.length > 500 ? " (500 đầu tiên · first 500 shown)" : "");
      }
      [q, type, body, from, to, undated].forEach(function (c) {
        c.addEventListener("input", run);
        c.addEventListener("change", run);
      });
      run();
    });
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

  initSuggest();
  initSearchPage();
  /* what the other scripts of the site (kg-graph.js, kg-doc.js, kg-timeline.js, kg-compare.js) use */
  window.kgParts = { el: el, link: link, fold: fold, words: words, withIndex: withIndex, search: search,
                     tipElement: tipElement, fillSelect: fillSelect, renderList: renderList,
                     safeHref: safeHref, root: root, $: $ };
})();
