// The live view's page: it draws what the Go server computes and sends, nothing more. No framework, no
// build step. Names follow the JSON fields, which follow the Go names (see main.go, "The live view").
"use strict";

const $ = (id) => document.getElementById(id);
const settingNames = ["lr", "reg", "hidden", "batch", "init", "seed", "dataset", "noise"];

let setup = null;        // the setup event: data, plane, classes, sizes
let frame = null;        // the latest frame
let lossSteps = [];      // the steps whose loss the page has, in order
let lossValues = [];     // their losses: Step.Loss, as the server recorded it
let accuracyHistory = []; // {step, train, test} per frame
let images = {};         // decoded PNGs of the latest frame
let frameTimes = [];     // arrival times of recent frames, for frames and steps a second
let framesDrawn = 0;

// ---------------------------------------------------------------------------------------------------
// Talking to the server.

async function api(path, body) {
  const options = body === undefined ? {} : {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)};
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({error: "the server sent no JSON (" + response.status + ")"}));
  if (!response.ok) {
    say(data.error || ("request failed: " + response.status), true);
    return null;
  }
  say("", false);
  return data;
}

function say(text, isError) {
  const m = $("message");
  m.textContent = text;
  m.className = isError ? "" : "ok";
}

function listen() {
  const events = new EventSource("api/events");
  events.addEventListener("setup", (e) => onSetup(JSON.parse(e.data)));
  events.addEventListener("frame", (e) => onFrame(JSON.parse(e.data)));
  events.onerror = () => say("the connection to the server is lost; it retries on its own (is go run . -serve still running?)", true);
  events.onopen = () => say("", false);
}

// ---------------------------------------------------------------------------------------------------
// Events.

function onSetup(s) {
  setup = s;
  lossValues = (s.losses || []).slice();
  lossSteps = lossValues.map((_, i) => i * s.lossStride);
  accuracyHistory = (s.accuracies || []).map((a) => ({step: a[0], train: a[1], test: a[2]}));
  images = {};
  const form = $("settings");
  for (const name of settingNames) {
    if (form.elements[name] && !(name === "dataset" && s.config.data !== "")) form.elements[name].value = s.config[name];
  }
  const data = form.elements.dataset;
  data.disabled = s.config.data !== "";
  for (const o of data.querySelectorAll("option.file")) o.remove();
  if (s.config.data !== "") {
    const o = document.createElement("option");
    o.className = "file";
    o.textContent = "file " + s.config.data;
    data.appendChild(o);
    data.value = o.textContent;
  }
  $("speed").value = s.speed;
  $("speedValue").textContent = s.speed;
  $("lossLabel").textContent = s.lossLabel.toLowerCase();
  $("featureChoice").hidden = s.features.length <= 2;
  if (s.plane) {
    $("features").value = (s.plane.X + 1) + "," + (s.plane.Y + 1);
    $("planeNote").textContent = s.plane.note ? s.plane.note + (s.features.length > 2 ? "; the other features at their training means" : "") : "";
  } else {
    $("planeNote").textContent = "The data have one feature: there is no plane to colour.";
  }
  $("legend").innerHTML = "";
  s.classes.forEach((name, k) => {
    const span = document.createElement("span");
    span.style.setProperty("--c", color(k));
    span.textContent = name === String(k) ? "class " + name : k + " = " + name;
    $("legend").appendChild(span);
  });
  rememberSettings(s.config);
}

function onFrame(f) {
  frame = f;
  for (let i = 0; i < (f.losses || []).length; i++) {
    const step = f.from + i * f.lossStride;
    if (lossSteps.length === 0 || step > lossSteps[lossSteps.length - 1]) {
      lossSteps.push(step);
      lossValues.push(f.losses[i]);
    }
  }
  if (accuracyHistory.length && accuracyHistory[accuracyHistory.length - 1].step >= f.step) accuracyHistory = accuracyHistory.filter((a) => a.step < f.step);
  accuracyHistory.push({step: f.step, train: +f.trainAccuracy, test: +f.testAccuracy});
  const now = performance.now();
  frameTimes.push({t: now, step: f.step});
  frameTimes = frameTimes.filter((x) => now - x.t < 2000);
  $("step").textContent = f.step;
  $("lossValue").textContent = f.loss;
  $("trainAcc").textContent = f.trainAccuracy + "%";
  $("testAcc").textContent = f.testAccuracy + "%";
  $("command").textContent = f.command;
  $("play").textContent = f.running ? "Pause" : "Play";
  if (f.failure) say(f.failure, true);
  if (frameTimes.length > 1 && f.running) {
    const a = frameTimes[0], b = frameTimes[frameTimes.length - 1], seconds = (b.t - a.t) / 1000;
    $("rate").textContent = Math.round((b.step - a.step) / seconds) + " steps/s, " + Math.round((frameTimes.length - 1) / seconds) + " frames/s";
  } else {
    $("rate").textContent = "paused";
  }
  const pending = [];
  for (const key of ["regions", "argmax"]) {
    if (f[key]) pending.push(decode(f[key]).then((img) => { images[key] = img; }));
  }
  images.units = [];
  (f.units || []).forEach((u, i) => pending.push(decode(u).then((img) => { images.units[i] = img; })));
  Promise.all(pending).then(() => { if (frame === f) drawAll(); });
}

function decode(base64) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = "data:image/png;base64," + base64;
  });
}

function color(k) { return setup.colors[k % setup.colors.length]; }

// ---------------------------------------------------------------------------------------------------
// Drawing.

function drawAll() {
  drawRegions();
  drawLoss();
  drawAccuracy();
  drawNetwork();
  drawUnits();
  framesDrawn++;
  $("regions").dataset.frames = framesDrawn;
}

// The plane's geometry on the regions canvas: data coordinates to pixels.
function planeGeometry() {
  const c = $("regions"), p = setup.plane;
  const g = {left: 52, right: c.width - 10, top: 10, bottom: c.height - 40};
  g.x = (v) => g.left + (v - p.xLo) / (p.xHi - p.xLo) * (g.right - g.left);
  g.y = (v) => g.top + (p.yHi - v) / (p.yHi - p.yLo) * (g.bottom - g.top);
  return g;
}

function drawRegions() {
  const c = $("regions"), ctx = c.getContext("2d");
  ctx.clearRect(0, 0, c.width, c.height);
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, c.width, c.height);
  if (!setup.plane) return;
  const p = setup.plane, g = planeGeometry();
  const img = $("blend").checked ? images.regions : images.argmax;
  if (img && !$("pointsOnly").checked) {
    ctx.imageSmoothingEnabled = $("blend").checked;
    ctx.globalAlpha = 0.45;
    ctx.drawImage(img, g.left, g.top, g.right - g.left, g.bottom - g.top);
    ctx.globalAlpha = 1;
  }
  if ($("showLines").checked && frame.lines) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(g.left, g.top, g.right - g.left, g.bottom - g.top);
    ctx.clip();
    ctx.strokeStyle = "rgba(30,30,30,0.75)";
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.2;
    for (const line of frame.lines) {
      if (line.length !== 4) continue;
      ctx.beginPath();
      ctx.moveTo(g.x(line[0]), g.y(line[1]));
      ctx.lineTo(g.x(line[2]), g.y(line[3]));
      ctx.stroke();
    }
    ctx.restore();
  }
  for (const pt of setup.train) dot(ctx, g.x(pt.x), g.y(pt.y), 2.2, color(pt.c), null);
  for (const pt of setup.test) dot(ctx, g.x(pt.x), g.y(pt.y), 3, color(pt.c), "#222");
  axes(ctx, g, p);
}

function dot(ctx, x, y, r, fill, stroke) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  if (stroke) {
    ctx.lineWidth = 1;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}

// box draws the border of a plot area and readies the context for its labels.
function box(ctx, g, font) {
  ctx.strokeStyle = "#444";
  ctx.lineWidth = 1;
  ctx.strokeRect(g.left, g.top, g.right - g.left, g.bottom - g.top);
  ctx.fillStyle = "#222";
  ctx.font = font;
}

function axes(ctx, g, p) {
  box(ctx, g, "12px sans-serif");
  ctx.textAlign = "center";
  for (const v of p.xTicks) ctx.fillText(tick(v), g.x(v), g.bottom + 15);
  ctx.textAlign = "right";
  for (const v of p.yTicks) ctx.fillText(tick(v), g.left - 5, g.y(v) + 4);
  ctx.textAlign = "center";
  ctx.font = "13px sans-serif";
  ctx.fillText(p.xName, (g.left + g.right) / 2, g.bottom + 33);
  ctx.save();
  ctx.translate(13, (g.top + g.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(p.yName, 0, 0);
  ctx.restore();
}

function tick(v) { return String(Math.round(v * 1e6) / 1e6); }

// drawLoss draws the loss of every step the page has, each pixel column from its smallest to its largest
// loss, with the steps the command line prints (every -every steps) marked.
function drawLoss() {
  const c = $("loss"), ctx = c.getContext("2d");
  const g = {left: 56, right: c.width - 8, top: 8, bottom: c.height - 26};
  ctx.clearRect(0, 0, c.width, c.height);
  ctx.font = "11px sans-serif";
  if (lossValues.length === 0) {
    ctx.fillStyle = "#555";
    ctx.fillText("no steps yet", g.left + 10, g.top + 20);
    return;
  }
  let lo = Infinity, hi = -Infinity;
  for (const l of lossValues) { if (l < lo) lo = l; if (l > hi) hi = l; }
  const log = $("logScale").checked && lo > 0;
  const f = log ? Math.log10 : (v) => v;
  let yLo = f(lo), yHi = f(hi);
  if (log) { yLo = Math.floor(yLo); yHi = Math.ceil(yHi); }
  if (yHi === yLo) { yHi += 0.5; yLo -= 0.5; }
  const n = Math.max(lossSteps[lossSteps.length - 1], 1);
  const x = (s) => g.left + s / n * (g.right - g.left);
  const y = (v) => g.bottom - (f(v) - yLo) / (yHi - yLo) * (g.bottom - g.top);
  ctx.strokeStyle = "#0072B2";
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  let column = -1, a = 0, b = 0;
  const flush = () => { if (column >= 0) { ctx.lineTo(g.left + column, y(a)); ctx.lineTo(g.left + column, y(b)); } };
  lossSteps.forEach((s, i) => {
    const col = Math.floor(x(s) - g.left), v = lossValues[i];
    if (col !== column) {
      flush();
      if (column < 0) ctx.moveTo(x(s), y(v));
      column = col; a = v; b = v;
    } else { a = Math.min(a, v); b = Math.max(b, v); }
  });
  flush();
  ctx.stroke();
  if (n / setup.every <= 200) { // the steps the command line prints
    lossSteps.forEach((s, i) => { if (s % setup.every === 0) dot(ctx, x(s), y(lossValues[i]), 2.8, "#D55E00", null); });
  }
  box(ctx, g, "11px sans-serif");
  ctx.textAlign = "right";
  const ticks = log ? range(yLo, yHi, 1).map((e) => Math.pow(10, e)) : [lo, (lo + hi) / 2, hi];
  for (const v of ticks) ctx.fillText(log ? String(v) : v.toPrecision(3), g.left - 4, y(v) + 4);
  ctx.textAlign = "left";
  ctx.fillText("0", g.left, g.bottom + 14);
  ctx.textAlign = "right";
  ctx.fillText(String(n), g.right, g.bottom + 14);
  ctx.textAlign = "center";
  ctx.fillText("step" + (log ? " (loss on a log scale)" : "") + "; orange: the steps the command line prints", (g.left + g.right) / 2, g.bottom + 14);
}

function range(a, b, step) {
  const out = [];
  for (let v = a; v <= b + 1e-9; v += step) out.push(v);
  return out;
}

function drawAccuracy() {
  const c = $("accuracy"), ctx = c.getContext("2d");
  const g = {left: 56, right: c.width - 8, top: 8, bottom: c.height - 26};
  ctx.clearRect(0, 0, c.width, c.height);
  const last = accuracyHistory.length ? accuracyHistory[accuracyHistory.length - 1].step : 1;
  const x = (s) => g.left + s / Math.max(last, 1) * (g.right - g.left);
  const y = (v) => g.bottom - v / 100 * (g.bottom - g.top);
  for (const [key, col] of [["train", "#0072B2"], ["test", "#E69F00"]]) {
    ctx.strokeStyle = col;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    accuracyHistory.forEach((a, i) => { if (i === 0) ctx.moveTo(x(a.step), y(a[key])); else ctx.lineTo(x(a.step), y(a[key])); });
    ctx.stroke();
    const lastPoint = accuracyHistory[accuracyHistory.length - 1];
    if (lastPoint) dot(ctx, x(lastPoint.step), y(lastPoint[key]), 2.5, col, null);
  }
  box(ctx, g, "11px sans-serif");
  ctx.textAlign = "right";
  for (const v of [0, 50, 100]) ctx.fillText(v + "%", g.left - 4, y(v) + 4);
  ctx.textAlign = "center";
  ctx.fillText("step; blue: training rows, orange: test rows", (g.left + g.right) / 2, g.bottom + 14);
}

const svgNS = "http://www.w3.org/2000/svg";

function svgEl(name, attrs, title) {
  const el = document.createElementNS(svgNS, name);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  if (title) {
    const t = document.createElementNS(svgNS, "title");
    t.textContent = title;
    el.appendChild(t);
  }
  return el;
}

// drawNetwork draws every weight as a line (width by size, colour by sign) and every unit with its bias
// (a unit's ring is coloured by its bias's sign); hovering shows each value in full, as Go printed it.
function drawNetwork() {
  const svg = $("network");
  svg.replaceChildren();
  const sizes = setup.sizes;
  if (!frame.weights) {
    $("networkNote").textContent = "Layers " + sizes.join(" → ") + ": too many weights to draw one by one.";
    return;
  }
  const w = +svg.getAttribute("width"), h = +svg.getAttribute("height");
  const pos = sizes.map((n, l) => {
    const x = 80 + l * (w - 170) / (sizes.length - 1);
    return Array.from({length: n}, (_, i) => ({x, y: n === 1 ? h / 2 : 24 + i * (h - 48) / (n - 1)}));
  });
  let biggest = 0;
  for (const layer of frame.weights) for (const v of layer) biggest = Math.max(biggest, Math.abs(+v));
  frame.weights.forEach((layer, l) => {
    const cols = sizes[l + 1];
    layer.forEach((v, idx) => {
      const i = Math.floor(idx / cols), j = idx % cols, a = pos[l][i], b = pos[l + 1][j];
      svg.appendChild(svgEl("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: +v >= 0 ? "#0072B2" : "#D55E00",
        "stroke-width": 0.3 + 4 * Math.abs(+v) / (biggest || 1), "stroke-opacity": 0.75},
        `W[${l}][${i}][${j}] = ${v} (${l === 0 ? "layer1" : "layer" + (l + 1)}_weights_array)`));
    });
  });
  pos.forEach((layer, l) => layer.forEach((p, j) => {
    const bias = l > 0 ? frame.biases[l - 1][j] : null;
    const title = l === 0 ? `input ${j + 1}: ${setup.features[j]}` : `unit ${j} of layer ${l}: bias B[${l - 1}][${j}] = ${bias}`;
    svg.appendChild(svgEl("circle", {cx: p.x, cy: p.y, r: 7, fill: "white", stroke: bias === null ? "#444" : (+bias >= 0 ? "#0072B2" : "#D55E00"), "stroke-width": 2}, title));
    if (l === 0 || l === sizes.length - 1) {
      const label = l === 0 ? setup.features[j] : (setup.classes[j] === String(j) ? "class " + j : setup.classes[j]);
      const t = svgEl("text", {x: l === 0 ? p.x - 10 : p.x + 10, y: p.y + 4, "text-anchor": l === 0 ? "end" : "start"});
      t.textContent = label.length > 12 ? label.slice(0, 11) + "…" : label;
      svg.appendChild(t);
    }
  }));
  $("networkNote").textContent = "Blue: positive, orange: negative; a line's width is its weight's size.";
}

function drawUnits() {
  const box = $("units");
  box.replaceChildren();
  const maps = images.units || [];
  maps.forEach((img, u) => {
    const fig = document.createElement("figure");
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    c.getContext("2d").drawImage(img, 0, 0);
    c.title = `Hidden[0][·][${u}] > 0: where unit ${u} of the first hidden layer is on (dark)`;
    const cap = document.createElement("figcaption");
    cap.textContent = "unit " + u;
    fig.append(c, cap);
    box.appendChild(fig);
  });
  const sizes = setup.sizes;
  const parts = (frame.dead || []).map((d, l) => `hidden layer ${l + 1}: ${d} of ${sizes[l + 1]} dead`);
  $("dead").textContent = parts.length ? "Units off on every training row (dead: no gradient reaches them) — " + parts.join("; ") +
    (sizes[1] > maps.length && maps.length ? `. The first ${maps.length} of ${sizes[1]} units are shown.` : ".") : "No hidden layer.";
}

// ---------------------------------------------------------------------------------------------------
// The audit of one training row.

async function audit(row) {
  const a = await api("api/explain?row=" + encodeURIComponent(row));
  if (!a) return;
  $("auditRow").value = a.row;
  const table = document.createElement("table");
  const head = document.createElement("caption");
  head.className = "note";
  head.textContent = `Training row ${a.row} (class ${a.class}) with the weights after ${a.step} steps; N = ${a.batch} rows a step.`;
  table.appendChild(head);
  for (const b of a.blocks) {
    const tr = document.createElement("tr");
    const post = document.createElement("td"), ours = document.createElement("th"), values = document.createElement("td");
    post.className = "post";
    post.innerHTML = "<code></code>";
    post.firstChild.textContent = b.post;
    ours.textContent = b.ours;
    values.className = "values";
    for (const r of b.values) {
      const line = document.createElement("div");
      line.textContent = "[" + r.join(" ") + "]";
      values.appendChild(line);
    }
    tr.append(post, ours, values);
    table.appendChild(tr);
  }
  $("audit").replaceChildren(table);
}

// ---------------------------------------------------------------------------------------------------
// Controls, and the settings in the URL.

function rememberSettings(config) {
  const params = new URLSearchParams();
  for (const name of settingNames) {
    if (config[name] !== undefined && config[name] !== "" && config[name] !== initialConfig[name]) params.set(name, config[name]);
  }
  const query = params.toString();
  history.replaceState(null, "", query ? "?" + query : location.pathname);
}

let initialConfig = {};

async function start() {
  const state = await api("api/state");
  if (!state) return;
  initialConfig = state.config;
  const wanted = {};
  const params = new URLSearchParams(location.search);
  for (const name of settingNames) if (params.has(name) && params.get(name) !== state.config[name]) wanted[name] = params.get(name);
  if (Object.keys(wanted).length) await api("api/reset", {config: Object.assign(pageConfig(state.config), wanted)});
  listen();
}

// pageConfig is the settings the page has changed from the command line's.
function pageConfig(config) {
  const out = {};
  for (const name of settingNames) if (config[name] !== initialConfig[name]) out[name] = config[name];
  return out;
}

$("play").addEventListener("click", () => api(frame && frame.running ? "api/pause" : "api/play", {}));
$("step1").addEventListener("click", () => api("api/step", {steps: 1}));
$("step10").addEventListener("click", () => api("api/step", {steps: 10}));
$("step100").addEventListener("click", () => api("api/step", {steps: 100}));
$("reset").addEventListener("click", () => api("api/reset", {}));
$("speed").addEventListener("input", (e) => { $("speedValue").textContent = e.target.value; });
$("speed").addEventListener("change", (e) => api("api/speed", {speed: +e.target.value}));
$("settings").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = e.target, config = {};
  for (const name of settingNames) {
    const el = form.elements[name];
    if (el && !el.disabled) config[name] = el.value.trim();
  }
  if (setup && setup.config.data !== "") delete config.dataset;
  api("api/reset", {config});
});
for (const id of ["blend", "showLines", "pointsOnly"]) $(id).addEventListener("change", () => frame && drawRegions());
$("logScale").addEventListener("change", () => frame && drawLoss());
$("features").addEventListener("change", (e) => api("api/view", {features: e.target.value}));
$("auditForm").addEventListener("submit", (e) => { e.preventDefault(); audit($("auditRow").value.trim()); });
$("regions").addEventListener("click", (e) => {
  if (!setup || !setup.plane) return;
  const c = $("regions"), r = c.getBoundingClientRect();
  const mx = (e.clientX - r.left) * c.width / r.width, my = (e.clientY - r.top) * c.height / r.height;
  const g = planeGeometry();
  let best = null, bestD = 64; // within 8 pixels
  for (const pt of setup.train) {
    const d = (g.x(pt.x) - mx) ** 2 + (g.y(pt.y) - my) ** 2;
    if (d < bestD) { best = pt; bestD = d; }
  }
  if (best) audit(best.row);
});

start();
