// Every value goes into the page through textContent / setAttribute / URLSearchParams:
// nothing from a result, a saved query or a server message is ever parsed as HTML.
"use strict";
const SHOWN = 2000;
const state = { prefixes: {}, saved: [], current: null };
const $ = (id) => document.getElementById(id);

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

const NUMERIC = /#(integer|decimal|double|float|int|long|nonNegativeInteger)$/;

function renderTable(data) {
  const box = $("results");
  box.replaceChildren();
  if ("boolean" in data) { box.append(el("p", {}, "ASK: " + data.boolean)); return 1; }
  const vars = data.head.vars || [];
  const rows = data.results.bindings;
  const table = el("table");
  const head = el("tr");
  for (const v of vars) head.append(el("th", { scope: "col" }, v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of rows.slice(0, SHOWN)) {
    const tr = el("tr");
    for (const v of vars) {
      const term = row[v];
      const [text, title] = display(term);
      const td = el("td", title ? { title } : {}, text);
      if (term && term.type === "uri") td.className = "iri";
      else if (term && term.datatype && NUMERIC.test(term.datatype)) td.className = "num";
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  box.append(table);
  if (rows.length > SHOWN) box.append(el("p", { class: "warn" }, `showing the first ${SHOWN} of ${rows.length} rows: download CSV for all`));
  return rows.length;
}

function renderGraph(text) {
  const box = $("results");
  box.replaceChildren(el("pre", { class: "graph" }, text));
  return text.split("\n").filter((l) => l.trim()).length;
}

function paramValues() {
  const values = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input[data-param]")) {
    if (input.value !== "") values.append(input.dataset.param, input.value);
  }
  return values;
}

function usingSaved() {
  return state.current !== null && $("query").value === state.current.text;
}

function target(format) {
  // [url, fetch options]; the saved query's own URL while its text is unedited
  if (usingSaved()) {
    const params = paramValues();
    if (format) params.set("format", format);
    return ["saved/" + encodeURIComponent(state.current.name) + "?" + params.toString(), { method: "GET" }];
  }
  const params = new URLSearchParams({ query: $("query").value });
  if (format) params.set("format", format);
  return ["sparql", { method: "POST", body: params }];
}

function downloads() {
  const box = $("downloads");
  box.replaceChildren();
  for (const fmt of ["csv", "tsv", "json"]) {
    let url;
    if (usingSaved()) url = target(fmt)[0];
    else url = "sparql?" + new URLSearchParams({ query: $("query").value, format: fmt }).toString();
    box.append(el("a", { href: url, download: "results." + fmt }, fmt.toUpperCase()));
  }
}

function showError(code, message) {
  const box = $("error");
  box.hidden = false;
  box.textContent = `HTTP ${code}: ${message}`;
  const found = /line (\d+), column (\d+)/.exec(message);
  if (found) {
    const lines = $("query").value.split("\n");
    const line = Math.min(Number(found[1]), lines.length);
    let offset = 0;
    for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
    offset += Math.max(0, Number(found[2]) - 1);
    $("query").focus();
    $("query").setSelectionRange(offset, offset + 1);
  }
}

async function run() {
  $("error").hidden = true;
  $("results").replaceChildren();
  if (state.current && !usingSaved()) status("edited: running the text as written (parameters not applied)", true);
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
    showError(response.status, await response.text());
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  const count = type.startsWith("application/sparql-results+json")
    ? renderTable(await response.json()) : renderGraph(await response.text());
  const truncated = response.headers.get("X-Kg-Truncated") === "true";
  const max = response.headers.get("X-Kg-Max-Rows");
  status(`${count} row(s) in ${ms} ms` + (truncated ? ` — cut off at ${max} rows by the server` : ""), truncated);
  downloads();
}

function select(query, button) {
  state.current = query;
  for (const b of $("saved").querySelectorAll("button")) b.classList.remove("active");
  if (button) button.classList.add("active");
  $("title").textContent = query.title || query.name;
  $("desc").textContent = query.description || "";
  $("query").value = query.text;
  const box = $("params");
  box.replaceChildren();
  for (const p of query.params) {
    const label = el("label", {}, `${p.name} (${p.type}${p.required ? ", required" : p.optional ? ", optional" : ""})`);
    const input = el("input", { "data-param": p.name, placeholder: p.description || p.name });
    input.value = p.default === null ? "" : p.default;
    if (p.description) input.title = p.description;
    label.append(input);
    box.append(label);
  }
  history.replaceState(null, "", "#" + encodeURIComponent(query.name));
  downloads();
}

async function init() {
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  $("query").addEventListener("input", downloads);
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
  const wanted = decodeURIComponent(location.hash.slice(1));
  for (const query of state.saved) {
    const button = el("button", { type: "button", title: query.description }, query.title || query.name);
    button.append(el("code", {}, query.name));
    button.addEventListener("click", () => select(query, button));
    list.appendChild(el("li")).appendChild(button);
    if (query.name === wanted) select(query, button);
  }
  downloads();
}

init();
