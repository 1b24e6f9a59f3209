// chuan in the browser. Everything that judges, counts or words a result is the Rust library
// compiled to WebAssembly (crates/chuan-web): this file only draws the form from the criteria
// set, keeps the school's document, and shows what the library answers.
"use strict";

const WASM_GZIP_BASE64 = "__CHUAN_WASM__";
const STORE = "chuan.assessment.v1";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
};

// ---- the engine ---------------------------------------------------------------------------

let wasm = null;
let compiled = null; // kept to start afresh if the engine ever stops on a bug
let imports = null;
const enc = new TextEncoder();
const dec = new TextDecoder();

async function boot() {
  const packed = Uint8Array.from(atob(WASM_GZIP_BASE64), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  const bytes = await new Response(stream).arrayBuffer();
  compiled = await WebAssembly.compile(bytes);
  // a dependency (zip → getrandom) links wasm-bindgen's placeholder imports; nothing chuan
  // calls reaches them, and a stub says so loudly if that ever changes
  imports = {};
  for (const imp of WebAssembly.Module.imports(compiled)) {
    (imports[imp.module] ||= {})[imp.name] = () => {
      throw new Error(`chuan: ${imp.module}.${imp.name} is not available in the browser`);
    };
  }
  wasm = (await WebAssembly.instantiate(compiled, imports)).exports;
}

/** One request to the library: JSON in, JSON out (crates/chuan-web/src/api.rs). A bug that
 * stops the engine (a Rust panic) is answered as an error, and the next call gets a fresh one. */
function call(request) {
  try {
    return callOnce(request);
  } catch (err) {
    wasm = new WebAssembly.Instance(compiled, imports).exports;
    return { ok: false, error: `chuan: ${err}` };
  }
}

function callOnce(request) {
  const data = enc.encode(JSON.stringify(request));
  const ptr = wasm.chuan_alloc(data.length);
  new Uint8Array(wasm.memory.buffer, ptr, data.length).set(data);
  const out = wasm.chuan_call(ptr, data.length);
  const text = dec.decode(new Uint8Array(wasm.memory.buffer, out, wasm.chuan_out_len()));
  wasm.chuan_free(ptr, data.length);
  return JSON.parse(text);
}

function base64(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

// ---- state --------------------------------------------------------------------------------

const today = () => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

const S = {
  lang: "vi",
  level: 1,
  name: "tu-danh-gia.toml",
  doc: null, // the school file as JSON (what is exported, as TOML)
  baseline: null, // the document as opened, for the what-if
  form: null, // the criteria set as a form (op "form")
  result: null, // the last "check" answer
  tab: "form",
  timings: [], // ms from a keystroke to the results shown
};
window.chuan = S; // for the browser tests and the curious

function emptyDoc() {
  return {
    school: { id: "", name: "", province: "", criteria: "qd11-2021", dossier_date: today() },
    facts: {},
  };
}

function save() {
  try {
    localStorage.setItem(STORE, JSON.stringify({
      name: S.name, doc: S.doc, baseline: S.baseline, lang: S.lang, level: S.level,
    }));
  } catch (_) { /* storage full or disabled: the page still works */ }
}

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || "null");
    if (saved && saved.doc) Object.assign(S, saved);
  } catch (_) { /* a damaged entry is ignored */ }
  if (!S.doc) S.doc = emptyDoc();
}

const w = (key) => (S.form && S.form.words[key]) || key;
const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? vars[k] : `{${k}}`));

// ---- the form -----------------------------------------------------------------------------

function loadForm() {
  const dossier = S.doc.school && /^\d{4}-\d{2}-\d{2}$/.test(S.doc.school.dossier_date || "")
    ? S.doc.school.dossier_date : null;
  const form = call({ op: "form", lang: S.lang, dossier_date: dossier });
  if (!form.ok) throw new Error(form.error);
  S.form = form;
  S.indicators = Object.fromEntries(form.groups.flatMap((g) => g.indicators).map((i) => [i.id, i]));
}

function translatePage() {
  document.documentElement.lang = S.lang;
  document.title = `chuan — ${w("web_title")}`;
  for (const e of document.querySelectorAll("[data-w]")) e.textContent = w(e.dataset.w);
  for (const e of document.querySelectorAll("[data-w-label]")) e.setAttribute("aria-label", w(e.dataset.wLabel));
  for (const e of document.querySelectorAll("[data-w-title]")) e.title = w(e.dataset.wTitle);
  $("caveat").textContent = "⚠ " + S.form.caveat;
  $("lang").value = S.lang;
  $("level").value = String(S.level);
  for (const o of $("level").options) o.textContent = w(`level_name_${o.value}`);
}

const fid = (key) => "f-" + key.replace(/[^A-Za-z0-9_-]/g, "_");

/** A field's text as the document holds it: a number when it reads as one, else as typed. */
function parseValue(type, text) {
  const t = text.trim();
  if (t === "") return null;
  if (type === "bool") return t === "true";
  if (type === "enum") return t;
  if (/^[+-]?\d+$/.test(t) && Number.isSafeInteger(Number(t))) return Number(t);
  if (type === "decimal" && /^[+-]?\d+([.,]\d+)?$/.test(t)) return Number(t.replace(",", "."));
  return t; // the library says what is wrong with it, as `chuan check` would
}

function shown(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" && S.lang === "vi") return String(v).replace(".", ",");
  return String(v);
}

function setPath(obj, path, value) {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (typeof o[k] !== "object" || o[k] === null) o[k] = {};
    o = o[k];
  }
  const last = path[path.length - 1];
  if (value === null) delete o[last];
  else o[last] = value;
}

function input(fact, value, id, aria) {
  const common = { id, "aria-label": aria, "data-type": fact.type };
  if (fact.type === "bool" || fact.type === "enum") {
    const options = [el("option", { value: "", text: w("web_blank") })];
    if (fact.type === "bool") {
      options.push(el("option", { value: "true", text: w("web_yes") }));
      options.push(el("option", { value: "false", text: w("web_no") }));
    } else {
      for (const c of fact.choices) options.push(el("option", { value: c.code, text: c.label }));
    }
    const s = el("select", common, ...options);
    s.value = value === undefined || value === null ? "" : String(value);
    return s;
  }
  return el("input", {
    ...common, type: "text", inputmode: fact.type === "integer" ? "numeric" : "decimal",
    autocomplete: "off", value: shown(value),
  });
}

function renderForm() {
  const form = $("form");
  form.replaceChildren();
  const doc = S.doc;
  // the school
  const school = el("fieldset", { class: "school" }, el("legend", { text: w("web_school") }));
  const table = el("table", { class: "facts" });
  for (const key of ["id", "name", "province", "dossier_date", "note"]) {
    const id = fid(`school.${key}`);
    const v = (doc.school || {})[key];
    const field = el("input", {
      id, type: key === "dossier_date" ? "date" : "text", value: v === undefined ? "" : String(v),
      "data-path": JSON.stringify(["school", key]), "data-type": "string", "aria-describedby": `${id}-msg`,
    });
    table.append(el("tr", {},
      el("th", { scope: "row" }, el("label", { for: id, text: w(`xlsx_field_${key}`) })),
      el("td", {}, field, el("div", { class: "msg", id: `${id}-msg` }))));
  }
  school.append(table);
  form.append(school);

  const years = S.form.window ? S.form.window.years : [];
  for (const g of S.form.groups) {
    const fs = el("fieldset", { id: `group-${g.id === null ? "other" : g.id}` }, el("legend", { text: g.title }));
    const t = el("table", { class: "facts" });
    for (const f of g.facts) {
      const id = fid(`facts.${f.name}`);
      const current = (doc.facts || {})[f.name];
      let cell;
      if (f.series) {
        const box = el("div", { class: "years", role: "group", "aria-labelledby": `${id}-label` });
        for (const y of years) {
          const yid = `${id}-${y}`;
          const field = input(f, current && typeof current === "object" ? current[String(y)] : undefined,
            yid, `${f.label} — ${y}`);
          field.dataset.path = JSON.stringify(["facts", f.name, String(y)]);
          field.setAttribute("aria-describedby", `${id}-msg`);
          box.append(el("label", { for: yid }, String(y), field));
        }
        cell = box;
      } else {
        cell = input(f, current, id, null);
        cell.removeAttribute("aria-label");
        cell.dataset.path = JSON.stringify(["facts", f.name]);
        cell.setAttribute("aria-describedby", `${id}-msg ${id}-meta`);
      }
      const meta = [f.unit, ...f.constraints].filter(Boolean).join(" · ");
      const uses = f.indicators.length ? `${w("web_used_by")}: ${f.indicators.join(", ")}` : "";
      t.append(el("tr", {},
        el("th", { scope: "row" },
          f.series ? el("span", { id: `${id}-label`, text: f.label }) : el("label", { for: id, text: f.label }),
          el("div", { class: "meta", id: `${id}-meta`, text: [meta, uses].filter(Boolean).join(" — ") })),
        el("td", {}, cell, el("div", { class: "msg", id: `${id}-msg`, "aria-live": "polite" }))));
    }
    fs.append(t);
    if (g.indicators.length) {
      fs.append(el("h3", { class: "meta", text: w("web_indicators") }));
      const list = el("ul", { class: "inds" });
      for (const ind of g.indicators) list.append(indicatorItem(ind));
      fs.append(list);
    }
    form.append(fs);
  }
}

function indicatorItem(ind) {
  const recon = ind.provenance === "reconstructed"
    ? el("span", { class: "recon", text: w("web_reconstructed") }) : null;
  const li = el("li", { id: `ind-${ind.id}` },
    el("span", { class: "badge unknown", id: `badge-${ind.id}`, text: w("status_unknown") }), " ",
    el("strong", { text: ind.id }), " ", ind.title, " ", recon, " ",
    el("div", { class: "gap", id: `value-${ind.id}` }));
  const details = el("details", {}, el("summary", { text: `${w("web_evidence")} · ${w("web_declared")}` }));
  const evBox = el("div", { id: `ev-${ind.id}` });
  details.append(el("p", { class: "meta", text: ind.evidence }), evBox);
  const items = ((S.doc.evidence || {})[ind.id]) || [];
  items.forEach((item, k) => evBox.append(evidenceRow(ind.id, k, item)));
  details.append(el("button", {
    type: "button", text: w("web_add_evidence"),
    onclick: () => {
      const list = ((S.doc.evidence ||= {})[ind.id] ||= []);
      list.push({ number: "", date: "", issuer: "" });
      evBox.append(evidenceRow(ind.id, list.length - 1, list[list.length - 1]));
      changed();
    },
  }));
  details.append(statusRow(ind));
  li.append(details);
  return li;
}

function evidenceRow(id, k, item) {
  const row = el("div", { class: "row" });
  for (const [key, label, type] of [["number", "web_ev_number", "text"], ["date", "web_ev_date", "date"],
    ["issuer", "web_ev_issuer", "text"], ["title", "web_ev_title", "text"]]) {
    const fieldId = fid(`evidence.${id}.${k}.${key}`);
    row.append(el("label", { for: fieldId }, w(label), el("input", {
      id: fieldId, type, value: item[key] || "", "data-type": "string",
      "data-path": JSON.stringify(["evidence", id, k, key]),
    })));
  }
  row.append(el("button", {
    type: "button", text: w("web_remove"),
    onclick: () => {
      const list = S.doc.evidence[id];
      list.splice(k, 1);
      if (!list.length) delete S.doc.evidence[id];
      renderForm();
      changed();
    },
  }));
  return row;
}

function statusRow(ind) {
  const current = ((S.doc.statuses || {})[ind.id]) || {};
  const sid = fid(`statuses.${ind.id}.status`);
  const options = [el("option", { value: "", text: w("web_declared_none") }),
    el("option", { value: "waived", text: w("status_waived") })];
  if (ind.not_applicable_allowed) options.push(el("option", { value: "not_applicable", text: w("status_not_applicable") }));
  const select = el("select", { id: sid, "data-status": ind.id }, ...options);
  select.value = current.status || "";
  const row = el("div", { class: "row" }, el("label", { for: sid }, w("web_declared"), select));
  if (current.status) {
    const fields = [["reason", "web_reason", "text"]];
    if (current.status === "waived") fields.push(["approver", "web_approver", "text"], ["expires", "web_expires", "date"]);
    for (const [key, label, type] of fields) {
      const fieldId = fid(`statuses.${ind.id}.${key}`);
      row.append(el("label", { for: fieldId }, w(label), el("input", {
        id: fieldId, type, value: current[key] || "", "data-type": "string",
        "data-path": JSON.stringify(["statuses", ind.id, key]),
      })));
    }
  }
  return row;
}

// ---- evaluation ---------------------------------------------------------------------------

function check() {
  const t0 = performance.now();
  const wantReport = S.tab === "report";
  const r = call({ op: "check", doc: S.doc, name: S.name, lang: S.lang, level: S.level, report: wantReport });
  S.result = r;
  showResult(r);
  if (wantReport && r.ok) $("report-frame").srcdoc = r.report;
  if (S.tab === "roadmap") showRoadmap();
  showChanges();
  return performance.now() - t0;
}

function showResult(r) {
  for (const e of document.querySelectorAll(".msg")) e.replaceChildren();
  for (const e of document.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  const problems = [];
  const diags = r.ok ? r.warnings : r.diagnostics || [];
  for (const d of diags) {
    const target = d.key ? fieldFor(d.key) : null;
    const text = d.message + (d.help ? ` (${d.help})` : "");
    if (target) {
      const input = target.input;
      if (d.severity === "error" && input) input.setAttribute("aria-invalid", "true");
      target.msg.append(el("div", { class: d.severity === "error" ? "" : "warn", "data-code": d.code, text }));
    } else {
      problems.push(d);
    }
  }
  if (!r.ok && r.error) problems.push({ text: r.error, message: r.error });
  $("problems").hidden = problems.length === 0;
  $("problem-list").replaceChildren(...problems.map((d) => el("li", {}, el("pre", { text: d.text || d.message }))));
  if (!r.ok) {
    $("headline").textContent = w("web_no_result");
    $("attained").textContent = "";
    $("groups").replaceChildren();
    return;
  }
  const out = JSON.parse(r.check_json);
  const sum = out.summary;
  const lv = sum[`level${S.level}`];
  $("headline").textContent = fill(w("web_headline"), { met: lv.met, total: sum.total, level: S.level });
  $("attained").textContent = sum.attained_level > 0
    ? fill(w("web_attained"), { level: sum.attained_level }) : w("web_attained_none");
  $("groups").replaceChildren(...sum.groups.map((g) => el("li", {},
    `${w("group")} ${g.id}: ${g[`level${S.level}`].met}/${g.total}`)));
  for (const ind of out.indicators) {
    const lr = ind[`level${S.level}`];
    const badge = $(`badge-${ind.id}`);
    if (!badge) continue;
    badge.className = `badge ${lr.status}`;
    badge.textContent = w(`status_${lr.status}`);
    // the line `chuan check` prints beside the indicator: its gap, or its value and threshold
    $(`value-${ind.id}`).textContent = r.gaps[ind.id] || "";
  }
}

/** The field a diagnostic's key names: `facts.x`, `facts.x.2020`, `school.name`, `evidence.1.1[0].date`. */
function fieldFor(key) {
  const m = key.match(/^(facts|school)\.([^.[\]]+)/);
  let id = null;
  if (m) id = fid(`${m[1]}.${m[2]}`);
  const ev = key.match(/^evidence\.(.+?)\[(\d+)\]\.(\w+)/);
  if (ev) id = fid(`evidence.${ev[1]}.${ev[2]}.${ev[3]}`);
  const st = key.match(/^statuses\.([^.]+(?:\.[^.]+)?)\.(\w+)$/);
  if (st) id = fid(`statuses.${st[1]}.${st[2]}`);
  if (!id) return null;
  let msg = $(`${id}-msg`);
  const field = $(id);
  if (!msg && field) {
    msg = el("div", { class: "msg", id: `${id}-msg` });
    field.after(msg);
  }
  if (!msg) return null;
  const year = key.match(/^facts\.[^.]+\.(\d{4})$/);
  return { msg, input: year ? $(`${id}-${year[1]}`) : field };
}

function showChanges() {
  const box = $("change-list");
  if (!S.baseline || !S.result || !S.result.ok) {
    box.replaceChildren(el("p", { class: "meta", text: w("web_no_changes") }));
    return;
  }
  const r = call({ op: "whatif", before: S.baseline, after: S.doc, name: S.name, lang: S.lang });
  if (!r.ok || !r.changes.length) {
    box.replaceChildren(el("p", { class: "meta", text: w("web_no_changes") }));
    return;
  }
  const lv = (s) => s[`level${S.level}`].met;
  box.replaceChildren(
    el("p", {}, el("strong", {
      text: `${fill(w("web_headline"), { met: lv(r.before), total: r.before.total, level: S.level })} → ${lv(r.after)}/${r.after.total}`,
    })),
    el("ul", {}, ...r.changes.map((c) => el("li", { "data-change": c.id },
      `${c.id} (${w(`level_name_${c.level}`)}): ${w(`status_${c.before}`)} → ${w(`status_${c.after}`)}`))));
}

function showRoadmap() {
  const start = $("start").value || today();
  const r = call({ op: "roadmap", doc: S.doc, name: S.name, lang: S.lang, level: S.level, start });
  if (r.ok) $("roadmap-frame").srcdoc = r.html;
}

let pending = null;
function changed(eventTime) {
  save();
  // results follow every keystroke; a burst of events is one evaluation per frame
  if (pending) return;
  pending = requestAnimationFrame(() => {
    pending = null;
    check();
    if (eventTime !== undefined) {
      S.timings.push(performance.now() - eventTime);
    }
  });
}

function onInput(e) {
  const t = e.target;
  if (t.dataset.status) {
    const id = t.dataset.status;
    if (t.value) {
      const st = ((S.doc.statuses ||= {})[id] ||= {});
      st.status = t.value;
      if (t.value !== "waived") { delete st.approver; delete st.expires; }
    } else if (S.doc.statuses) {
      delete S.doc.statuses[id];
    }
    if (S.doc.statuses && !Object.keys(S.doc.statuses).length) delete S.doc.statuses;
    const li = $(`ind-${id}`);
    const ind = S.indicators[id];
    li.querySelector("details > .row:last-child").replaceWith(statusRow(ind));
    li.querySelector("details").open = true;
    changed(e.timeStamp);
    return;
  }
  if (!t.dataset.path) return;
  const path = JSON.parse(t.dataset.path);
  const type = t.dataset.type;
  const value = type === "string" ? (t.value === "" && path[0] === "school" ? null : t.value) : parseValue(type, t.value);
  setPath(S.doc, path, value);
  // an emptied series leaves no empty table behind
  if (path[0] === "facts" && path.length === 3 && S.doc.facts[path[1]] && !Object.keys(S.doc.facts[path[1]]).length) {
    delete S.doc.facts[path[1]];
  }
  if (path[0] === "school" && path[1] === "dossier_date") {
    loadForm();
    renderForm();
  }
  changed(e.timeStamp);
}

// ---- files --------------------------------------------------------------------------------

async function openFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const r = call({ op: "import", name: file.name, base64: base64(bytes) });
  if (!r.ok) {
    showResult(r);
    return;
  }
  S.doc = r.doc;
  if (!S.doc.facts) S.doc.facts = {};
  S.baseline = JSON.parse(JSON.stringify(r.doc));
  S.name = file.name.replace(/\.(ya?ml|xlsx|toml)$/i, "") + ".toml";
  loadForm();
  renderForm();
  check();
  save();
  $("status").textContent = fill(w("web_imported"), { name: file.name });
}

function download(name, text, type) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  $("status").textContent = fill(w("web_saved"), { name });
}

function downloadBase64(name, b64, type) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  download(name, bytes, type);
}

function stem() { return S.name.replace(/\.toml$/, ""); }

async function compareFiles(files) {
  const list = [];
  for (const f of files) list.push({ name: f.name, base64: base64(new Uint8Array(await f.arrayBuffer())) });
  const r = call({ op: "compare", files: list, lang: S.lang, level: S.level });
  $("compare-problems").hidden = r.ok;
  if (!r.ok) {
    $("compare-problem-list").replaceChildren(...(r.diagnostics || [{ text: r.error }]).map((d) =>
      el("li", {}, el("pre", { text: d.text }))));
    return;
  }
  S.compare = r;
  const board = JSON.parse(r.compare_json).board;
  const rows = board.ranking.map((i) => board.schools[i]);
  $("ranking").replaceChildren(el("table", { class: "ranking", id: "ranking-table" },
    el("caption", { text: w("web_ranking") }),
    el("thead", {}, el("tr", {}, ...["web_rank", "web_school_name", "web_met", "web_attained_level"].map((k) =>
      el("th", { scope: "col", text: w(k) })))),
    el("tbody", {}, ...rows.map((s) => el("tr", { "data-id": s.id },
      el("td", { text: String(s.rank) }), el("td", { text: s.name }),
      el("td", { text: `${s.met}/${board.indicators.length}` }),
      el("td", { text: s.attained_level ? w(`level_name_${s.attained_level}`) : w("web_level_0") }))))));
  $("save-csv").hidden = false;
  const frame = $("compare-frame");
  frame.hidden = false;
  frame.srcdoc = r.html;
}

// ---- tabs, toolbar ------------------------------------------------------------------------

function showTab(name) {
  S.tab = name;
  for (const t of ["form", "report", "roadmap", "compare"]) {
    const on = t === name;
    $(`tab-${t}`).setAttribute("aria-selected", String(on));
    $(`tab-${t}`).tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
  }
  if (name === "report" || name === "roadmap") check();
}

function wire() {
  $("form").addEventListener("input", onInput);
  $("form").addEventListener("change", (e) => { if (e.target.type === "date") onInput(e); });
  $("form").addEventListener("submit", (e) => e.preventDefault());
  $("open-file").addEventListener("change", (e) => { if (e.target.files[0]) openFile(e.target.files[0]); e.target.value = ""; });
  $("open").addEventListener("click", () => $("open-file").click());
  $("compare-open").addEventListener("click", () => $("compare-files").click());
  $("compare-files").addEventListener("change", (e) => compareFiles([...e.target.files]));
  $("new").addEventListener("click", () => {
    S.doc = emptyDoc(); S.baseline = null; S.name = "tu-danh-gia.toml";
    loadForm(); renderForm(); check(); save();
  });
  $("save-toml").addEventListener("click", () => {
    const r = call({ op: "check", doc: S.doc, name: S.name, lang: S.lang, level: S.level });
    download(S.name, r.toml, "application/toml");
  });
  $("save-json").addEventListener("click", () => {
    if (S.result && S.result.ok) download(`${stem()}.json`, S.result.check_json, "application/json");
  });
  $("save-report").addEventListener("click", () => {
    const r = call({ op: "check", doc: S.doc, name: S.name, lang: S.lang, level: S.level, report: true });
    if (r.ok) download(`${stem()}.html`, r.report, "text/html");
  });
  $("save-docx").addEventListener("click", () => {
    const r = call({ op: "docx", doc: S.doc, name: S.name, lang: S.lang, level: S.level });
    if (r.ok) {
      downloadBase64(`${stem()}.docx`, r.base64,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    } else {
      showResult(r);
    }
  });
  $("save-csv").addEventListener("click", () => {
    if (S.compare) download("so-sanh.csv", S.compare.csv, "text/csv");
  });
  $("print").addEventListener("click", () => {
    if (S.tab !== "roadmap" && S.tab !== "compare") showTab("report");
    const frame = $(S.tab === "roadmap" ? "roadmap-frame" : S.tab === "compare" ? "compare-frame" : "report-frame");
    setTimeout(() => frame.contentWindow.print(), 100);
  });
  $("clear").addEventListener("click", () => {
    if (!confirm(w("web_clear_confirm"))) return;
    localStorage.removeItem(STORE);
    S.doc = emptyDoc(); S.baseline = null; S.name = "tu-danh-gia.toml";
    loadForm(); renderForm(); check();
  });
  $("lang").addEventListener("change", (e) => {
    S.lang = e.target.value; loadForm(); translatePage(); renderForm(); check(); save();
  });
  $("level").addEventListener("change", (e) => { S.level = Number(e.target.value); check(); save(); });
  $("start").addEventListener("change", showRoadmap);
  const tabs = ["form", "report", "roadmap", "compare"];
  tabs.forEach((t, i) => {
    $(`tab-${t}`).addEventListener("click", () => showTab(t));
    $(`tab-${t}`).addEventListener("keydown", (e) => {
      const k = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!k) return;
      const next = tabs[(i + k + tabs.length) % tabs.length];
      showTab(next);
      $(`tab-${next}`).focus();
    });
  });
  // drop one file on the page to open it; on the compare tab, many to compare
  document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.classList.add("over"); });
  document.addEventListener("dragleave", () => document.body.classList.remove("over"));
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("over");
    const files = [...e.dataTransfer.files];
    if (!files.length) return;
    if (S.tab === "compare") compareFiles(files);
    else openFile(files[0]);
  });
}

boot().then(() => {
  restore();
  $("start").value = today();
  loadForm();
  translatePage();
  renderForm();
  wire();
  check();
  document.body.dataset.ready = "true";
}, (err) => {
  $("headline").textContent = `chuan: ${err}`;
});
