/* kg views: what two people have in common, from what each person's page knows of them
   (assets/people/<slug>.js): sessions both attended, bodies both served in or met in, posts
   held one after the other, co-attendance. Every row keeps each person's evidence. */
(function () {
  "use strict";
  var P = window.kgParts, $ = P.$, el = P.el;
  var loaded = {}, params = new URLSearchParams(window.location.search);
  var want = { a: params.get("a") || "", b: params.get("b") || "" };

  function dataUrl(page) { return P.root + "assets/people/" + page.slice("person/".length, -5) + ".js"; }
  function load(page) {
    if (!/^person\/[A-Za-z0-9_.\-]+\.html$/.test(page) || loaded[page]) return;
    var s = document.createElement("script");
    s.src = dataUrl(page);
    s.onerror = function () { $("compare-status").textContent = "Không có dữ liệu cho " + page + " · no data"; };
    document.body.appendChild(s);
  }
  window.kgPerson = function (data) { loaded[data.id] = data; fill(); render(); };

  function evidence(cell, text, quote, src) {
    if (text) cell.appendChild(el("div", text));
    if (quote) {
      var q = el("q", quote, "quote"), href = P.safeHref(src);
      if (href) { var a = el("a"); a.href = href; a.className = "src"; a.appendChild(q); cell.appendChild(a); }
      else cell.appendChild(q);
    }
  }
  function row(table, cells) {
    var tr = el("tr");
    cells.forEach(function (c) { var td = el("td"); if (typeof c === "function") c(td); else td.textContent = c; tr.appendChild(td); });
    table.appendChild(tr);
  }
  function clear(table) { while (table.rows.length > 1) table.deleteRow(1); }
  function period(p) { return (p.from || "?") + " – " + (p.until || "…"); }

  function fill() {
    ["a", "b"].forEach(function (k) {
      var d = loaded[want[k]], input = $("c" + k);
      if (d && !input.value) input.value = d.label;
      $("c" + k + "-url").value = want[k];
    });
  }

  function render() {
    var A = loaded[want.a], B = loaded[want.b];
    if (!A || !B) return;
    $("compare-status").textContent = A.label + " — " + B.label;
    $("compare-result").hidden = false;
    ["sa-head", "ba-head"].forEach(function (id) { $(id).textContent = A.label; });
    ["sb-head", "bb-head"].forEach(function (id) { $(id).textContent = B.label; });
    // sessions both attended
    var table = $("shared-sessions"), mine = {}, n = 0;
    clear(table);
    A.sessions.forEach(function (s) { mine[s.id] = s; });
    B.sessions.forEach(function (s) {
      var a = mine[s.id];
      if (!a) return;
      n++;
      row(table, [s.date || "—", function (td) { td.appendChild(P.link(s.label, s.id)); },
                  function (td) { evidence(td, a.role, a.quote, a.src); },
                  function (td) { evidence(td, s.role, s.quote, s.src); }]);
    });
    $("n-sessions").textContent = String(n);
    // bodies: where each held a post or met
    function bodies(d) {
      var out = {};
      d.posts.forEach(function (p) { (out[p.org] = out[p.org] || { label: p.org_label, rows: [] }).rows.push(p); });
      d.sessions.forEach(function (s) {
        if (s.body) (out[s.body] = out[s.body] || { label: s.body_label, rows: [] }).rows.push(s);
      });
      return out;
    }
    var ba = bodies(A), bb = bodies(B), bt = $("shared-bodies"), nb = 0;
    clear(bt);
    Object.keys(ba).sort().forEach(function (org) {
      if (!bb[org] || !org) return;
      nb++;
      var label = ba[org].label || bb[org].label || org;
      function cell(rows) {
        return function (td) {
          rows.slice(0, 3).forEach(function (r) {  // a post held there, or a session of it attended
            var what = r.org !== undefined ? r.label + " (" + period(r) + ")"
                                            : r.role + ": " + r.label + (r.date ? " (" + r.date + ")" : "");
            evidence(td, what, r.quote, r.src);
          });
          if (rows.length > 3) td.appendChild(el("div", "+" + (rows.length - 3), "muted"));
        };
      }
      row(bt, [function (td) { td.appendChild(P.link(label, org)); }, cell(ba[org].rows), cell(bb[org].rows)]);
    });
    $("n-bodies").textContent = String(nb);
    // posts held one after the other
    var st = $("successions"), ns = 0;
    clear(st);
    A.posts.forEach(function (pa) {
      B.posts.forEach(function (pb) {
        if (pa.post !== pb.post || pa.what !== pb.what) return;
        var aFirst = pb.succeeds.indexOf(pa.via) >= 0 || (pa.until && pb.from && pa.until <= pb.from);
        var bFirst = pa.succeeds.indexOf(pb.via) >= 0 || (pb.until && pa.from && pb.until <= pa.from);
        if (!aFirst && !bFirst) return;
        ns++;
        var first = aFirst ? [A, pa] : [B, pb], then = aFirst ? [B, pb] : [A, pa];
        row(st, [pa.label,
                 function (td) { evidence(td, first[0].label + " (" + period(first[1]) + ")", first[1].quote, first[1].src); },
                 function (td) { evidence(td, then[0].label + " (" + period(then[1]) + ")", then[1].quote, then[1].src); }]);
      });
    });
    $("n-successions").textContent = String(ns);
    // co-attendance
    var shared = 0, theirs = {}, common = [];
    A.co.forEach(function (c) { if (c[0] === B.id) shared = c[2]; });
    B.co.forEach(function (c) { theirs[c[0]] = c; });
    A.co.forEach(function (c) { if (theirs[c[0]] && c[0] !== A.id && c[0] !== B.id) common.push([c[0], c[1], Math.min(c[2], theirs[c[0]][2])]); });
    common.sort(function (x, y) { return y[2] - x[2] || (x[1] < y[1] ? -1 : 1); });
    $("co-summary").textContent = "Cùng dự " + shared + " phiên họp · shared sessions; " + common.length +
      " người khác đã dự họp với cả hai · others who met both.";
    var ul = $("co-common");
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    common.slice(0, 60).forEach(function (c) { var li = el("li"); li.appendChild(P.link(c[1], c[0])); ul.appendChild(li); });
    document.body.setAttribute("data-compared", "true");
  }

  // picking a person: the search index, persons only
  var list = $("compare-suggest");
  ["a", "b"].forEach(function (k) {
    var input = $("c" + k);
    input.addEventListener("input", function () {
      P.withIndex(function (index) {
        var found = input.value.trim() ? P.search(index, input.value, { type: "person" }) : [];
        P.renderList(index, list, found, 10, function (e) {
          want[k] = e.u; input.value = e.l; $("c" + k + "-url").value = e.u; list.hidden = true;
          load(e.u); render();
        });
        list.hidden = found.length === 0;
      });
    });
  });
  load(want.a);
  load(want.b);
  fill();
})();
