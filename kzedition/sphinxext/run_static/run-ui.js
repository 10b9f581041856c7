/* The Run control: the page's code cells as editors, run by Python in a Web Worker.
 *
 * Bundled with CodeMirror 6 into kzedition-run-ui.js by esbuild at build time
 * (kzedition.sphinxext.run_cells), and loaded by kzedition-run.js on the
 * first click of a Run button. window.kzRun.start() turns every code cell
 * into an editor (Python highlighting in the page's light or dark colours,
 * kzedition-run.css), starts run-worker.js and shows what it loads in a
 * panel at the bottom of the window, with Restart.
 *
 * Cells share one interpreter, in the order they are run, as in Jupyter.
 * Shift+Enter runs a cell and moves to the next. "Run" on a cell first runs
 * the cells above it that have not run since Python started (what it uses
 * is defined there); "Run all above" runs the cells above it. A cell's new
 * output replaces the one the build wrote: printed text, tables as HTML,
 * plotly figures drawn by the page's own chart script (kzedition-charts.js,
 * loaded if the page has no chart yet), a traceback for an error.
 */
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { syntaxHighlighting, indentOnInput, bracketMatching } from "@codemirror/language";

const kzT = window.kzT; // kzedition-labels.js: the page's language
import { classHighlighter } from "@lezer/highlight";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const MB = 1e6;

let root = null;
let cells = [];
const state = new Map(); // cell -> {index, view, output}
let worker = null;
let ready = null;
let ranSinceStart = new Set();
let queue = Promise.resolve();
let nextId = 1;
const pending = new Map(); // run id -> {cell, resolve}
let panel = null;

/* ---- the panel: status, progress, Restart --------------------------------- */

function makePanel() {
  let status = document.getElementById("kz-run-status");
  if (!status) {
    status = document.createElement("div");
    status.id = "kz-run-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
  }
  const box = document.createElement("section");
  box.className = "kz-run-panel";
  box.setAttribute("aria-label", kzT("Python in this page"));
  const progress = document.createElement("progress");
  progress.max = 1;
  progress.value = 0;
  progress.setAttribute("aria-label", kzT("Loading Python"));
  const restart = document.createElement("button");
  restart.type = "button";
  restart.className = "kz-run-restart";
  restart.textContent = kzT("Restart");
  restart.setAttribute("aria-label", kzT("Restart Python (cells keep their outputs)"));
  restart.addEventListener("click", () => restartPython());
  status.className = "kz-run-message";
  box.append(status, progress, restart);
  document.body.append(box);
  return { box, status, progress };
}

function say(text) {
  panel.status.textContent = text;
}

function showProgress(what, loaded, total) {
  panel.progress.hidden = false;
  panel.progress.max = total;
  panel.progress.value = loaded;
  const mb = (bytes) => (bytes / MB).toLocaleString(document.documentElement.lang || "en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  say(kzT("Loading {what}: {loaded} of {total} MB", { what, loaded: mb(loaded), total: mb(total) }));
}

/* ---- the worker ----------------------------------------------------------- */

function startWorker() {
  worker = new Worker(new URL("_static/run/run-worker.js", root).href);
  ranSinceStart = new Set();
  const begun = performance.now();
  ready = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "progress") showProgress(message.what, message.loaded, message.total);
      else if (message.type === "ready") {
        panel.progress.hidden = true;
        const seconds = ((performance.now() - begun) / 1000).toFixed(1);
        say(kzT("Python is ready ({seconds} s). Shift+Enter runs a cell and moves to the next.", { seconds }));
        document.documentElement.dataset.kzPython = "ready";
        resolve();
      } else if (message.type === "fatal" && !message.id) {
        reject(new Error(message.message));
      } else onOutput(message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || "the worker stopped"));
    };
  });
  ready.catch((error) => {
    panel.progress.hidden = true;
    const memory = /memory/i.test(error.message)
      ? kzT("The browser ran out of memory: close other tabs and press Restart.")
      : kzT("Press Restart to try again.");
    say(kzT("Python could not start: {reason}.", { reason: error.message }) + " " + memory);
  });
  const pageFolder = location.href.startsWith(root)
    ? decodeURI(new URL(".", location.href).href.slice(root.length)).replace(/\/$/, "")
    : "";
  worker.postMessage({
    type: "start",
    manifestUrl: new URL("_static/run/runtime.json", root).href,
    pageFolder,
  });
}

function restartPython() {
  if (worker) worker.terminate();
  for (const { cell, resolve } of pending.values()) {
    finishOutput(cell, { status: "error", traceback: kzT("Python was restarted before this cell finished.") });
    resolve();
  }
  pending.clear();
  queue = Promise.resolve();
  document.documentElement.dataset.kzPython = "starting";
  say(kzT("Restarting Python…"));
  startWorker();
}

/* ---- outputs ------------------------------------------------------------- */

function outputArea(cell) {
  const entry = state.get(cell);
  entry.output.replaceChildren();
  entry.output.hidden = false;
  const stale = cell.querySelector(":scope > div.cell_output, :scope > details > div.cell_output");
  if (stale) stale.hidden = true; // the build's output gives way to the reader's
  return entry.output;
}

function appendStream(area, name, text) {
  let last = area.lastElementChild;
  if (!last || !last.classList.contains(`kz-run-${name}`)) {
    last = document.createElement("pre");
    last.className = `kz-run-stream kz-run-${name}`;
    last.tabIndex = 0; // a wide output scrolls: the keyboard reaches it
    area.append(last);
  }
  last.textContent += text;
}

let chartsScript = null;
function chartScript() {
  if (window.kzCharts) return Promise.resolve(window.kzCharts);
  if (!chartsScript) {
    chartsScript = new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("_static/kzedition-charts.css", root).href;
      document.head.append(css);
      const tag = document.createElement("script");
      tag.src = new URL("_static/kzedition-charts.js", root).href;
      tag.onload = () => resolve(window.kzCharts);
      tag.onerror = () => reject(new Error("could not load the chart script"));
      document.head.append(tag);
    });
  }
  return chartsScript;
}

function appendChart(area, figureData, index) {
  const { payload, title, alt } = figureData;
  const figure = document.createElement("figure");
  figure.className = "kz-chart kz-run-chart";
  const plot = document.createElement("div");
  plot.className = "kz-chart-plot";
  plot.setAttribute("role", "group");
  plot.setAttribute("aria-label", title || kzT("Chart made by cell {n}", { n: index }));
  const height = (spec) => (spec.layout && spec.layout.height) || 450;
  plot.style.setProperty("--kz-chart-height", `${height(payload.wide)}px`);
  plot.style.setProperty("--kz-chart-narrow-height", `${height(payload.narrow)}px`);
  const live = document.createElement("div");
  live.className = "kz-chart-live";
  plot.append(live);
  plot.kzPayload = payload;
  figure.append(plot);
  if (alt) {
    const description = document.createElement("p");
    description.className = "kz-chart-desc";
    description.textContent = alt;
    figure.append(description);
  }
  area.append(figure);
  chartScript()
    .then((charts) => charts.add(plot))
    .catch((error) =>
      appendStream(area, "stderr", kzT("The chart could not be drawn: {reason}", { reason: error.message }) + "\n"),
    );
}

function appendDisplay(area, data, index) {
  if (data[PLOTLY_MIME]) {
    appendChart(area, data[PLOTLY_MIME], index);
  } else if (data["text/html"] !== undefined) {
    const block = document.createElement("div");
    block.className = "kz-run-html";
    block.tabIndex = 0;
    block.innerHTML = data["text/html"]; // the cell's own output, as Jupyter shows it
    area.append(block);
  } else {
    const text = document.createElement("pre");
    text.className = "kz-run-plain";
    text.tabIndex = 0;
    text.textContent = data["text/plain"];
    area.append(text);
  }
}

function onOutput(message) {
  const job = pending.get(message.id);
  if (!job) return;
  const area = state.get(job.cell).output;
  if (message.type === "stream") appendStream(area, message.name, message.text);
  else if (message.type === "display") appendDisplay(area, message.data, state.get(job.cell).index);
  else if (message.type === "done" || message.type === "fatal") {
    pending.delete(message.id);
    finishOutput(job.cell, message.type === "done" ? message.result : { status: "error", traceback: message.message });
    job.resolve();
  }
}

function finishOutput(cell, result) {
  const entry = state.get(cell);
  entry.output.removeAttribute("aria-busy");
  cell.classList.remove("kz-run-running");
  if (result.status === "error") {
    const error = document.createElement("pre");
    error.className = "kz-run-error";
    error.tabIndex = 0;
    error.textContent = result.traceback;
    entry.output.append(error);
  }
  if (!entry.output.childElementCount) {
    const none = document.createElement("p");
    none.className = "kz-run-none";
    none.textContent = kzT("(no output)");
    entry.output.append(none);
  }
  const error = result.ename || kzT("an error");
  say(
    result.status === "error"
      ? kzT("Cell {n} stopped with {error}; its traceback is below it.", { n: entry.index, error })
      : kzT("Cell {n} ran.", { n: entry.index }),
  );
}

/* ---- running -------------------------------------------------------------- */

function execute(cell) {
  const entry = state.get(cell);
  return new Promise((resolve) => {
    const id = nextId++;
    const area = outputArea(cell);
    area.setAttribute("aria-busy", "true");
    cell.classList.add("kz-run-running");
    say(kzT("Running cell {n}…", { n: entry.index }));
    pending.set(id, { cell, resolve });
    ranSinceStart.add(cell);
    worker.postMessage({ type: "run", id, code: entry.view.state.doc.toString(), label: `cell ${entry.index}` });
  });
}

function enqueue(list) {
  queue = queue.then(async () => {
    await starting; // the editors
    await ready; // Python
    for (const cell of list) await execute(cell);
  });
  return queue;
}

function above(cell) {
  return cells.slice(0, cells.indexOf(cell));
}

function runCell(cell) {
  return enqueue([...above(cell).filter((c) => !ranSinceStart.has(c)), cell]);
}

function runAbove(cell) {
  return enqueue(above(cell));
}

/* ---- editors -------------------------------------------------------------- */

function focusNext(cell) {
  const next = cells[cells.indexOf(cell) + 1];
  if (!next) return;
  const details = next.closest("details");
  if (details && !details.open) details.open = true;
  state.get(next).view.focus();
}

function makeEditor(cell, index) {
  const input = cell.querySelector("div.cell_input");
  const highlight = input.querySelector("div.highlight");
  const code = highlight.querySelector("pre").textContent.replace(/\n$/, "");
  const host = document.createElement("div");
  host.className = "kz-run-editor";
  highlight.after(host);
  highlight.hidden = true; // printed pages keep it (kzedition-run.css)
  highlight.classList.add("kz-run-replaced");
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: code,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        python(),
        syntaxHighlighting(classHighlighter),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": kzT("Code of cell {n}", { n: index }) }),
        keymap.of([
          {
            key: "Shift-Enter",
            run: () => {
              runCell(cell);
              focusNext(cell);
              return true;
            },
          },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
      ],
    }),
  });
  const output = document.createElement("div");
  output.className = "kz-run-output";
  output.hidden = true;
  output.setAttribute("role", "region");
  output.setAttribute("aria-label", kzT("Output of cell {n}", { n: index }));
  output.setAttribute("aria-live", "polite");
  output.tabIndex = 0; // it scrolls sideways when an output is wider than the page
  const staticOutput = cell.querySelector(":scope > div.cell_output, :scope > details > div.cell_output");
  (staticOutput || input).after(output);
  state.set(cell, { index, view, output });
}

/* The editors' and outputs' stylesheet, beside this script; resolves once it applies. */
function stylesheet() {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("_static/run/kzedition-run-ui.css", root).href;
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

let starting = null;
function start(options) {
  if (!starting) {
    root = options.root;
    cells = options.cells;
    panel = makePanel();
    document.documentElement.dataset.kzPython = "starting";
    startWorker(); // Python loads while the editors are made
    starting = stylesheet().then(() => cells.forEach((cell, i) => makeEditor(cell, i + 1)));
  }
  return starting;
}

window.kzRun = { start, runCell, runAbove, restart: restartPython };
