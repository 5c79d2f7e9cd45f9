/* kg views: a document's page. The address #e-<start>-<end> names an evidence span: its
   pieces of text are marked "current" and brought into view. */
(function () {
  "use strict";
  var text = document.getElementById("doc-text");
  if (!text) return;
  function show() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    Array.prototype.forEach.call(text.querySelectorAll("mark.current"), function (m) { m.classList.remove("current"); });
    if (!/^e-\d+-\d+$/.test(id)) return;
    var pieces = Array.prototype.filter.call(text.querySelectorAll("mark.ev"), function (m) {
      return (m.getAttribute("data-e") || "").split(" ").indexOf(id) >= 0;
    });
    pieces.forEach(function (m) { m.classList.add("current"); });
    if (pieces.length) pieces[0].scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", show);
  show();
})();
