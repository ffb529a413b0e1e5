// The live view's page. Go computes and draws; this script asks for frames, puts what Go sent on the
// page, and keeps what must be interactive: the buttons and settings, clicking a point, a weight or a
// unit to audit it, and the network's diagram, drawn from the weights Go sends. No framework, no build
// step. Names follow the JSON fields, which follow the Go names (main.go, "The live view").
"use strict";

const $ = (id) => document.getElementById(id);
let setup = null; // the setup of the run and plane shown (frameJSON.setup)
let frame = null; // the latest frame
const chosen = {row: -1, open: "", units: new Set()}; // the audited row, the audit panel's subject, units "l:u"
let samples = []; // {t, step} of recent frames while playing, for the rate
let initialConfig = null; // the command line's own settings, to keep the page's in its address

async function api(path, body) {
  const options = body === undefined ? {} : {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)};
  let response, data;
  try {
    response = await fetch(path, options);
    data = await response.json();
  } catch (e) {
    say("no answer from the server (is go run . -serve still running?)", true);
    return null;
  }
  if (!response.ok) {
    say(data.error || "request failed: " + response.status, true);
    return null;
  }
  say(frame && frame.failure ? frame.failure : "", !!(frame && frame.failure));
  return data;
}

function say(text, isError) {
  $("message").textContent = text;
  $("message").style.color = isError ? "" : "var(--muted)";
}

// The loop: ask for a frame, show it, ask again — at once while playing, a few times a second otherwise.
async function loop() {
  const q = new URLSearchParams({run: frame ? frame.run : "", setup: setup ? setup.key : "", speed: $("speed").value,
    features: $("features").value, row: chosen.row, open: chosen.open, units: [...chosen.units].join(",")});
  const f = await api("api/frame?" + q);
  if (f) show(f);
  setTimeout(loop, f && f.running ? 0 : 300);
}

function show(f) {
  if (frame && f.run !== frame.run) { // another run: what was chosen in the last one means nothing here
    Object.assign(chosen, {row: -1, open: ""});
    chosen.units.clear();
    $("audit").hidden = true;
  }
  if (f.setup) showSetup(f.setup, f);
  frame = f;
  $("step").textContent = f.step;
  $("lossValue").textContent = f.loss;
  $("testLoss").textContent = f.testLoss;
  $("trainAcc").textContent = f.trainAccuracy + "%";
  $("testAcc").textContent = f.testAccuracy + "%";
  $("command").textContent = f.command;
  $("terminal").textContent = f.terminal.join("\n");
  $("play").textContent = f.running ? "Pause" : "Play";
  const now = performance.now();
  samples = f.running ? samples.concat({t: now, step: f.step}).filter((s) => now - s.t < 2000) : [];
  const a = samples[0], b = samples[samples.length - 1];
  $("rate").textContent = samples.length > 2 ? Math.round((b.step - a.step) / ((b.t - a.t) / 1000)) + " steps/s" : f.running ? "…" : "paused";
  if (f.failure || f.stopped) say(f.failure || f.stopped, !!f.failure);
  const plane = $("regions").querySelector("svg");
  if (plane && f.regions) {
    plane.querySelector("image.regions").setAttribute("href", "data:image/png;base64," + f.regions);
    plane.querySelector("g.wrong").innerHTML = f.wrong || "";
    plane.querySelector("g.overlay").innerHTML = f.overlay || "";
    // the audit (46% of the picture's width) stands on the half away from the audited row's ring
    const ring = plane.querySelector("g.overlay circle");
    if (ring) $("audit").classList.toggle("left", ring.cx.baseVal.value > plane.viewBox.baseVal.width / 2);
  }
  $("loss").innerHTML = f.lossChart;
  $("accuracy").innerHTML = f.accuracyChart;
  drawNetwork(f);
  $("units").replaceChildren(...(f.units || []).map((m) => {
    const fig = document.createElement("figure"), img = document.createElement("img"), cap = document.createElement("figcaption");
    img.src = "data:image/png;base64," + m.png;
    img.title = `where ${m.label} is on (dark): Hidden[${m.layer - 1}][·][${m.unit}] > 0, the other features at their means; click to choose it`;
    cap.textContent = m.label;
    fig.append(img, cap);
    fig.dataset.unit = m.layer + ":" + m.unit;
    fig.classList.toggle("chosen", chosen.units.has(fig.dataset.unit));
    return fig;
  }));
  $("dead").textContent = f.dead.length ? "Dead units, off on every training row (no gradient reaches them): " +
    f.dead.map((d, l) => `hidden layer ${l + 1}: ${d} of ${setup.sizes[l + 1]}`).join("; ") : "No hidden layer: the softmax linear classifier.";
  if (f.audit) showAudit(f.audit);
}

function showSetup(s, f) {
  setup = s;
  $("regions").innerHTML = s.plane || "<p class=note>The data have one feature: there is no plane to draw.</p>";
  $("featureChoice").hidden = setup.labels[0].length <= 2;
  $("features").value = s.features;
  $("why").textContent = s.why ? "(" + s.why + ")" : "";
  const form = $("settings");
  form.querySelectorAll("label").forEach((el) => el.remove());
  for (const st of s.settings) {
    const label = document.createElement("label"), input = document.createElement(st.choices ? "select" : "input");
    label.textContent = "-" + st.name + " ";
    label.title = st.usage;
    input.name = st.name;
    for (const c of st.choices || []) input.append(new Option(c, c));
    if (!st.choices) input.size = 7;
    input.value = f.config[st.name];
    input.disabled = st.name === "dataset" && f.config.data !== "";
    label.append(input);
    form.insertBefore(label, form.lastElementChild);
  }
  if (initialConfig === null) initialConfig = f.config;
  const params = new URLSearchParams(); // the page's settings live in its address
  for (const name in f.config) if (f.config[name] !== initialConfig[name]) params.set(name, f.config[name]);
  history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
}

// drawNetwork draws every weight as a line (width by size, blue positive, orange negative) and every unit
// with its bias's sign as its ring, numbered as the maps and the audit number them; with a row audited,
// its value at each unit. A layer of more than 24 units shows its strongest and the chosen ones.
function drawNetwork(f) {
  const svg = $("network"), sizes = setup.sizes, labels = setup.labels, W = 640, H = 300;
  svg.replaceChildren();
  if (!f.weights) {
    $("networkNote").textContent = "Layers " + sizes.join(" → ") + ": too many weights to draw one by one.";
    return;
  }
  const strength = sizes.map((n) => new Array(n).fill(0));
  f.weights.forEach((w, l) => w.forEach((v, k) => {
    strength[l][Math.floor(k / sizes[l + 1])] += Math.abs(+v);
    strength[l + 1][k % sizes[l + 1]] += Math.abs(+v);
  }));
  let cut = false;
  const pos = sizes.map((n, l) => {
    let units = [...Array(n).keys()];
    if (n > 24) {
      cut = true;
      units = units.sort((a, b) => (chosen.units.has(l + ":" + b) - chosen.units.has(l + ":" + a)) || strength[l][b] - strength[l][a]).slice(0, 24).sort((a, b) => a - b);
    }
    const at = {};
    units.forEach((u, k) => { at[u] = {x: 110 + l * (W - 260) / (sizes.length - 1), y: units.length === 1 ? H / 2 : 18 + k * (H - 50) / (units.length - 1)}; });
    return at;
  });
  const biggest = Math.max(1e-300, ...f.weights.flat().map((v) => Math.abs(+v)));
  const el = (name, attrs, title, parent) => {
    const e = document.createElementNS("http://www.w3.org/2000/svg", name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (title) e.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "title")).textContent = title;
    return (parent || svg).appendChild(e);
  };
  f.weights.forEach((w, l) => w.forEach((v, k) => {
    const i = Math.floor(k / sizes[l + 1]), j = k % sizes[l + 1], a = pos[l][i], b = pos[l + 1][j];
    if (!a || !b) return;
    el("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: +v >= 0 ? "#0072B2" : "#D55E00", "stroke-width": 0.4 + 5 * Math.abs(+v) / biggest,
      "stroke-opacity": 0.75, "data-open": `weight:${l},${i},${j}`}, `layer${l + 1}_weights_array[${i}][${j}] = ${v} (net.W[${l}][${i}][${j}]), ${labels[l][i]} → ${labels[l + 1][j]}; click to audit it`);
  }));
  pos.forEach((at, l) => Object.keys(at).forEach((u) => {
    const p = at[u], bias = l > 0 ? f.biases[l - 1][u] : null, key = l + ":" + u, crowded = Object.keys(at).length > 10;
    const g = el("g", {class: "unit", "data-open": l > 0 ? `unit:${l},${u}` : "", "data-unit": key},
      (l > 0 ? `${labels[l][u]}: bias layer${l}_biases_array[0][${u}] = ${bias} (net.B[${l - 1}][${u}]); click to audit it` : labels[l][u]) +
      (f.values ? `; the audited row's value here: ${f.values[l][u]}` : ""));
    el("circle", {cx: p.x, cy: p.y, r: crowded ? 4 : 7, fill: "white", stroke: bias === null ? "#444" : +bias >= 0 ? "#0072B2" : "#D55E00", "stroke-width": chosen.units.has(key) ? 4 : 2}, "", g);
    const side = l === 0 ? -11 : l === sizes.length - 1 || crowded ? 8 : 0, anchor = side < 0 ? "end" : side > 0 ? "start" : "middle";
    const text = el("text", {x: p.x + side, y: side ? p.y + 4 : p.y - 10, "text-anchor": anchor, "font-size": crowded ? 9 : 11}, "", g);
    text.textContent = labels[l][u].slice(0, 16);
    if (f.values) {
      const v = el("tspan", {fill: "#900", dx: 3, "font-size": crowded ? 9 : 10}, "", text);
      v.textContent = (+f.values[l][u]).toPrecision(3);
    }
  }));
  $("networkNote").textContent = "Lines: the weights, blue positive, orange negative, wider when larger; a unit's ring: its bias's sign." +
    (f.values ? " Red: the audited row's value at each unit (inputs as the network sees them; outputs: probabilities)." : "") +
    (cut ? " Layers of more than 24 units show their 24 strongest; choose a unit by its map to show it." : "");
}

function showAudit(a) {
  $("audit").hidden = false;
  const body = document.createDocumentFragment();
  body.appendChild(document.createElement("h3")).textContent = a.title;
  for (const n of a.notes || []) body.appendChild(document.createElement("p")).textContent = n;
  for (const line of a.lines) {
    const div = body.appendChild(document.createElement("div"));
    div.className = "line";
    div.dataset.name = line.name;
    div.appendChild(document.createElement("div")).className = "post";
    div.lastChild.textContent = line.post;
    div.appendChild(document.createElement("div")).className = "ours";
    div.lastChild.textContent = line.ours + (line.shape ? " — " + line.shape : "");
    const table = div.appendChild(document.createElement("table"));
    if (line.cols) table.appendChild(document.createElement("tr")).append(document.createElement("th"), ...line.cols.map((c) => Object.assign(document.createElement("th"), {textContent: c})));
    (line.rows || []).forEach((r, i) => {
      const tr = table.appendChild(document.createElement("tr"));
      tr.className = "values";
      tr.append(Object.assign(document.createElement("th"), {textContent: line.names ? line.names[i] : ""}), ...r.map((v) => Object.assign(document.createElement("td"), {textContent: v})));
    });
  }
  $("auditBody").replaceChildren(body);
}

function audit(open, row) {
  Object.assign(chosen, {open, row: row === undefined ? chosen.row : row});
  if (chosen.row >= 0) $("auditRow").value = chosen.row;
}

// ---------------------------------------------------------------------------------------------------
// Controls.

const post = (path, body) => api(path, body || {}).then((s) => s && (frame = Object.assign(frame || {}, s)));
$("play").addEventListener("click", () => post(frame && frame.running ? "api/pause" : "api/play"));
$("step1").addEventListener("click", () => post("api/step", {steps: 1}));
$("step10").addEventListener("click", () => post("api/step", {steps: 10}));
$("step100").addEventListener("click", () => post("api/step", {steps: 100}));
$("reset").addEventListener("click", () => post("api/reset"));
$("speed").addEventListener("input", (e) => { $("speedValue").textContent = e.target.value; });
$("settings").addEventListener("submit", (e) => {
  e.preventDefault();
  const config = {};
  for (const el of e.target.elements) if (el.name && !el.disabled) config[el.name] = el.value.trim();
  post("api/reset", {config});
});
$("auditForm").addEventListener("submit", (e) => { e.preventDefault(); audit("row", +$("auditRow").value.trim()); });
$("closeAudit").addEventListener("click", () => { $("audit").hidden = true; Object.assign(chosen, {row: -1, open: ""}); });
$("regions").addEventListener("click", (e) => { // the training point nearest the click, within 8 pixels of the picture
  const svg = $("regions").querySelector("svg");
  if (!svg) return;
  const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse());
  let best = null, bestD = 64;
  for (const c of svg.querySelectorAll("g.train circle")) {
    const d = (c.cx.baseVal.value - p.x) ** 2 + (c.cy.baseVal.value - p.y) ** 2;
    if (d < bestD) { best = c; bestD = d; }
  }
  if (!best) return;
  audit("row", +best.dataset.row);
});
$("network").addEventListener("click", (e) => {
  const target = e.target.closest("[data-open]");
  if (target && target.dataset.open) audit(target.dataset.open);
  if (target && target.dataset.unit) toggleUnit(target.dataset.unit);
});
$("units").addEventListener("click", (e) => { const fig = e.target.closest("figure"); if (fig) toggleUnit(fig.dataset.unit); });
function toggleUnit(key) { if (!chosen.units.delete(key)) chosen.units.add(key); }

// The page's settings in its address (a bookmark) start a run with them.
(async function start() {
  const state = await api("api/state");
  if (!state) return setTimeout(start, 1000);
  initialConfig = state.config;
  const wanted = {};
  for (const [name, value] of new URLSearchParams(location.search)) if (name in state.config && value !== state.config[name]) wanted[name] = value;
  if (Object.keys(wanted).length) await api("api/reset", {config: wanted});
  loop();
})();
