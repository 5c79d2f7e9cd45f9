/* kg views: a person's career on a timeline (vendored vis-timeline): a row per post, a bar
   from when it began to when it ended, events and sessions as points. Texts are DOM text. */
(function () {
  "use strict";
  var P = window.kgParts, holder = P.$("kg-timeline-data"), box = P.$("kg-timeline");
  if (!holder || !box || !window.vis || !vis.Timeline) return;
  var data = JSON.parse(holder.textContent);
  function tip(i) {
    var div = P.el("div", null, "kg-tip");
    div.appendChild(P.el("strong", i.label || i.text));
    div.appendChild(P.el("div", i.start + (i.end ? " – " + i.end : "")));
    if (i.quote) div.appendChild(P.el("div", "\u201c" + i.quote + "\u201d", "q"));
    return div;
  }
  var groups = new vis.DataSet(data.groups.map(function (g) {
    return { id: g.id, order: g.order, content: P.el("span", g.content, "tl-group") };
  }));
  var items = new vis.DataSet(data.items.map(function (i) {
    var item = { id: i.id, group: i.group, start: i.start, type: i.type, content: P.el("span", i.text),
                 title: tip(i), className: i.group === "sessions" ? "tl-session" : (i.type === "range" ? "tl-post" : "tl-event") };
    if (i.end) item.end = i.end;
    return item;
  }));
  var days = data.items.map(function (i) { return i.start; }).concat(
    data.items.map(function (i) { return i.end; }).filter(Boolean)).sort();
  var first = new Date(days[0]), last = new Date(days[days.length - 1]), DAY = 86400000;
  var pad = Math.max((last - first) * 0.05, 60 * DAY);
  var timeline = new vis.Timeline(box, items, groups, {
    /* every post a row of its own, all in view up to 36 of them (then the timeline scrolls) */
    stack: false, orientation: "top", groupOrder: "order", verticalScroll: true,
    maxHeight: Math.min(1200, 70 + 31 * data.groups.length),
    zoomKey: "ctrlKey", margin: { item: { horizontal: 2, vertical: 4 } }, showCurrentTime: false,
    tooltip: { followMouse: true, overflowMethod: "cap" }, zoomMin: 20 * DAY,
    start: new Date(first.getTime() - pad), end: new Date(last.getTime() + pad),
    /* numbers only: the same in Vietnamese and English */
    format: { minorLabels: { millisecond: "SSS", second: "s", minute: "HH:mm", hour: "HH:mm", weekday: "D/M",
                             day: "D", week: "D/M", month: "M", year: "YYYY" },
              majorLabels: { millisecond: "HH:mm:ss", second: "D/M HH:mm", minute: "D/M/YYYY", hour: "D/M/YYYY",
                             weekday: "M/YYYY", day: "M/YYYY", week: "M/YYYY", month: "YYYY", year: "" } }
  });
  timeline.on("click", function (p) {
    var i = p.item ? data.items.filter(function (x) { return x.id === p.item; })[0] : null;
    var href = i && P.safeHref(i.url);
    if (href) window.location.href = href;
  });
  window.kgTimeline = timeline;
  box.setAttribute("data-drawn", "true");
})();
