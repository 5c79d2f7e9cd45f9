// The query page of `kg serve`: a CodeMirror SPARQL editor (vendor/codemirror, offline), the
// saved queries with their parameters as a form, results as a paged table whose IRIs run a
// DESCRIBE, downloads. Every value goes into the page through textContent / setAttribute /
// URLSearchParams: nothing from a result, a saved query or a server message is parsed as HTML.
"use strict";
const PAGE = 100;
const state = { prefixes: {}, saved: [], current: null, table: null, page: 0, marks: [] };
const $ = (id) => document.getElementById(id);
let editor = null;

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function status(text, warn) {
  const s = $("status");
  s.textContent = text;
  s.className = warn ? "warn" : "";
}

function shorten(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(state.prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}

function display(term) {
  if (!term) return ["", ""];
  if (term.type === "uri") return [shorten(term.value), term.value];
  if (term.type === "bnode") return ["_:" + term.value, ""];
  const tag = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? "^^" + shorten(term.datatype) : "";
  return [term.value, tag ? JSON.stringify(term.value) + tag : ""];
}

// -- N-Triples (CONSTRUCT / DESCRIBE answers) into rows of SPARQL JSON terms ---------------
const NT_TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;
const NT_ESCAPES = { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" };

function unescapeNt(text) {
  return text.replace(/\\(?:U([0-9A-Fa-f]{8})|u([0-9A-Fa-f]{4})|(.))/g, (m, big, small, c) =>
    big ? String.fromCodePoint(parseInt(big, 16)) : small ? String.fromCharCode(parseInt(small, 16))
      : (NT_ESCAPES[c] ?? c));
}

function parseNTriples(text) {
  const rows = [];
  for (const line of text.split("\n")) {
    const terms = [];
    NT_TERM.lastIndex = 0;
    let m;
    while (terms.length < 3 && (m = NT_TERM.exec(line))) {
      if (m[1] !== undefined) terms.push({ type: "uri", value: unescapeNt(m[1]) });
      else if (m[2] !== undefined) terms.push({ type: "bnode", value: m[2] });
      else {
        const term = { type: "literal", value: unescapeNt(m[3]) };
        if (m[4]) term["xml:lang"] = m[4];
        if (m[5]) term.datatype = unescapeNt(m[5]);
        terms.push(term);
      }
    }
    if (terms.length === 3) rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
  }
  return { vars: ["subject", "predicate", "object"], rows };
}

// -- the paged table -------------------------------------------------------------------------
const NUMERIC = /#(integer|decimal|double|float|int|long|nonNegativeInteger)$/;

function cell(term) {
  const [text, title] = display(term);
  const td = el("td", title ? { title } : {});
  if (term && term.type === "uri") {
    td.className = "iri";
    const link = el("a", { href: "#describe=" + encodeURIComponent(term.value), title: "DESCRIBE " + term.value }, text);
    td.append(link);
  } else {
    td.textContent = text;
    if (term && term.datatype && NUMERIC.test(term.datatype)) td.className = "num";
  }
  return td;
}

function showTable(table) {
  state.table = table;
  state.page = 0;
  renderPage();
}

function renderPage() {
  const { vars, rows } = state.table;
  const box = $("results");
  box.replaceChildren();
  const start = state.page * PAGE;
  const shown = rows.slice(start, start + PAGE);
  const table = el("table");
  const head = el("tr");
  for (const v of vars) head.append(el("th", { scope: "col" }, v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of shown) {
    const tr = el("tr");
    for (const v of vars) tr.append(cell(row[v]));
    body.append(tr);
  }
  table.append(body);
  box.append(table);
  $("pager").hidden = rows.length <= PAGE;
  $("range").textContent = rows.length ? `rows ${start + 1}–${start + shown.length} of ${rows.length}` : "no rows";
  $("prev").disabled = state.page === 0;
  $("next").disabled = start + PAGE >= rows.length;
}

function turn(delta) {
  const last = Math.max(0, Math.ceil(state.table.rows.length / PAGE) - 1);
  state.page = Math.min(last, Math.max(0, state.page + delta));
  renderPage();
}

// -- saved queries and their parameters ------------------------------------------------------
function paramValues() {
  const values = new URLSearchParams();
  for (const input of $("fields").querySelectorAll("input[data-param]")) {
    if (input.value !== "") values.append(input.dataset.param, input.value);
  }
  return values;
}

function usingSaved() {
  return state.current !== null && editor.getValue() === state.current.text;
}

function target(format) {
  // [url, fetch options]; the saved query's own URL while its text is unedited
  if (usingSaved()) {
    const params = paramValues();
    if (format) params.set("format", format);
    return ["saved/" + encodeURIComponent(state.current.name) + "?" + params.toString(), { method: "GET" }];
  }
  const params = new URLSearchParams({ query: editor.getValue() });
  if (format) params.set("format", format);
  return ["sparql", { method: "POST", body: params }];
}

function downloads() {
  const box = $("downloads");
  box.replaceChildren();
  for (const fmt of ["csv", "tsv", "json"]) {
    const url = usingSaved() ? target(fmt)[0]
      : "sparql?" + new URLSearchParams({ query: editor.getValue(), format: fmt }).toString();
    box.append(el("a", { href: url, download: "results." + fmt }, fmt.toUpperCase()));
  }
}

function onEdit() {
  clearMarks();
  if (state.current === null && !/^DESCRIBE </.test(editor.getValue())) $("title").textContent = "Query";
  const edited = state.current !== null && !usingSaved();
  $("params").disabled = edited;
  $("edited").hidden = !edited;
  downloads();
}

function select(query, button) {
  state.current = query;
  for (const b of $("saved").querySelectorAll("button")) b.classList.remove("active");
  if (button) button.classList.add("active");
  $("title").textContent = query.title || query.name;
  $("desc").textContent = query.description || "";
  const box = $("fields");
  box.replaceChildren();
  for (const p of query.params) {
    const label = el("label", {}, `${p.name} (${p.type}${p.required ? ", required" : p.optional ? ", optional" : ""})`);
    const input = el("input", { "data-param": p.name, placeholder: p.description || p.name });
    input.value = p.default === null ? "" : p.default;
    if (p.description) input.title = p.description;
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") run(); });
    label.append(input);
    box.append(label);
  }
  $("params").hidden = query.params.length === 0;
  editor.setValue(query.text);
  history.replaceState(null, "", "#" + encodeURIComponent(query.name));
  onEdit();
}

// -- prefix completion -----------------------------------------------------------------------
function declared(text, prefix) {
  return new RegExp("PREFIX\\s+" + prefix.replace(/[-.]/g, "\\$&") + ":", "i").test(text);
}

function prefixHint(cm) {
  const cur = cm.getCursor();
  const line = cm.getLine(cur.line);
  let start = cur.ch;
  while (start > 0 && /[\w-]/.test(line[start - 1])) start--;
  const word = line.slice(start, cur.ch);
  const declaring = /PREFIX\s+$/i.test(line.slice(0, start));
  const list = [];
  for (const [prefix, ns] of Object.entries(state.prefixes).sort()) {
    if (!prefix.startsWith(word)) continue;
    if (declaring) list.push({ text: `${prefix}: <${ns}>`, displayText: `${prefix}: <${ns}>` });
    else list.push({
      text: prefix + ":", displayText: `${prefix}:  ${ns}`,
      hint: (cm2, data, completion) => {
        cm2.replaceRange(completion.text, data.from, data.to);
        if (!declared(cm2.getValue(), prefix)) cm2.replaceRange(`PREFIX ${prefix}: <${ns}>\n`, { line: 0, ch: 0 });
      },
    });
  }
  return { list, from: CodeMirror.Pos(cur.line, start), to: cur };
}

// -- errors ----------------------------------------------------------------------------------
function clearMarks() {
  for (const clear of state.marks) clear();
  state.marks = [];
}

function showError(code, message, line, column) {
  const box = $("error");
  box.hidden = false;
  box.textContent = `HTTP ${code}: ${message}`;
  if (!line) return;
  const at = Math.min(Number(line), editor.lineCount()) - 1;
  const ch = Math.max(0, Number(column || 1) - 1);
  const end = Math.min(editor.getLine(at).length, ch + 1);
  editor.addLineClass(at, "background", "error-line");
  const mark = editor.markText({ line: at, ch: Math.min(ch, end - 1) }, { line: at, ch: end }, { className: "error-mark" });
  state.marks.push(() => editor.removeLineClass(at, "background", "error-line"), () => mark.clear());
  editor.focus();
  editor.setCursor({ line: at, ch });
}

// -- running ---------------------------------------------------------------------------------
async function run() {
  $("error").hidden = true;
  clearMarks();
  $("results").replaceChildren();
  $("pager").hidden = true;
  const [url, options] = target(null);
  options.headers = { Accept: "application/sparql-results+json, application/n-triples;q=0.9" };
  const started = performance.now();
  status("running…");
  let response;
  try {
    response = await fetch(url, options);
  } catch (err) {
    status("");
    showError("-", "network error: " + err.message);
    return;
  }
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    status("");
    showError(response.status, await response.text(), response.headers.get("X-Kg-Error-Line"),
              response.headers.get("X-Kg-Error-Column"));
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  let count;
  if (type.startsWith("application/sparql-results+json")) {
    const data = await response.json();
    if ("boolean" in data) {
      $("results").replaceChildren(el("p", {}, "ASK: " + data.boolean));
      count = 1;
    } else {
      showTable({ vars: data.head.vars || [], rows: data.results.bindings });
      count = data.results.bindings.length;
    }
  } else {
    const table = parseNTriples(await response.text());
    showTable(table);
    count = table.rows.length;
  }
  const truncated = response.headers.get("X-Kg-Truncated") === "true";
  const max = response.headers.get("X-Kg-Max-Rows");
  status(`${count} row(s) in ${ms} ms` + (truncated ? ` — cut off at ${max} rows by the server` : ""), truncated);
  downloads();
}

function describe(iri) {
  state.current = null;
  for (const b of $("saved").querySelectorAll("button")) b.classList.remove("active");
  $("title").textContent = "DESCRIBE " + shorten(iri);
  $("desc").textContent = "";
  $("params").hidden = true;
  editor.setValue(`DESCRIBE <${iri}>`);
  onEdit();
  run();
}

function followHash() {
  const hash = location.hash.slice(1);
  if (hash.startsWith("describe=")) {
    describe(decodeURIComponent(hash.slice("describe=".length)));
    return true;
  }
  const wanted = decodeURIComponent(hash);
  const index = state.saved.findIndex((q) => q.name === wanted);
  if (index >= 0) select(state.saved[index], $("saved").querySelectorAll("button")[index]);
  return index >= 0;
}

async function init() {
  editor = CodeMirror.fromTextArea($("query"), {
    mode: "application/sparql-query", lineNumbers: true, indentUnit: 2, matchBrackets: true,
    extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run, "Ctrl-Space": "autocomplete" },
    hintOptions: { hint: prefixHint, completeSingle: false },
  });
  window.kgEditor = editor;
  editor.on("change", onEdit);
  editor.on("inputRead", (cm) => {
    const cur = cm.getCursor();
    if (/PREFIX\s+\w*$/i.test(cm.getLine(cur.line).slice(0, cur.ch))) cm.showHint();
  });
  $("run").addEventListener("click", run);
  $("prev").addEventListener("click", () => turn(-1));
  $("next").addEventListener("click", () => turn(1));
  $("restore").addEventListener("click", () => { if (state.current) editor.setValue(state.current.text); });
  window.addEventListener("hashchange", followHash);
  let data;
  try {
    data = await (await fetch("queries.json")).json();
  } catch (err) {
    showError("-", "cannot load the saved queries: " + err.message);
    return;
  }
  state.prefixes = data.prefixes;
  state.saved = data.queries;
  $("info").textContent = `Store: ${data.store.documents} documents, ${data.store.triples} triples; ` +
    `timeout ${data.timeout} s; at most ${data.max_rows} rows.`;
  const list = $("saved");
  for (const query of state.saved) {
    const button = el("button", { type: "button", title: query.description }, query.title || query.name);
    button.append(el("code", {}, query.name));
    button.addEventListener("click", () => select(query, button));
    list.appendChild(el("li")).appendChild(button);
  }
  followHash();
  downloads();
  document.body.dataset.ready = "true";
}

init();
