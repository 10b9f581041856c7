/* The page's Python, in a Web Worker: Pyodide and the edition, all from the site.
 *
 * Started by kzedition-run-ui.js with the address of _static/run/runtime.json
 * (written by kzedition.sphinxext.run_cells). It loads, reporting each step
 * and its bytes to the page:
 *   1. Pyodide's interpreter and standard library from _static/pyodide/;
 *   2. each wheel of the manifest (numpy, pandas, plotly, ... checked against
 *      their pins at build time), fetched here with progress while the
 *      interpreter compiles, then installed in order;
 *   3. the edition's files (the kzedition package, data/, text/, chapters/:
 *      the zip a downloaded notebook unpacks), into the folder the page's
 *      cells run from, and page_kernel.py, which runs the cells.
 * Then it answers {type: "run", id, code, label} with the cell's outputs and
 * {type: "done", id, result}. Nothing is requested from any other host.
 */
"use strict";

let pyodide = null;
let kernel = null;

function post(message) {
  self.postMessage(message);
}

function progress(what, loaded, total) {
  post({ type: "progress", what, loaded, total });
}

/* Fetch a file of the site; onBytes(n) as each part arrives. */
async function fetchBytes(url, onBytes) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const reader = response.body.getReader();
  const parts = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onBytes(value.length);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

async function start({ manifestUrl, pageFolder }) {
  const manifest = await (await fetch(manifestUrl)).json();
  const base = new URL(manifest.pyodide_url, manifestUrl).href;
  const total = manifest.files.reduce((sum, f) => sum + f.size, 0);
  const core = manifest.files.filter((f) => f.kind === "core");
  const rest = manifest.files.filter((f) => f.kind !== "core");
  let loaded = 0;
  let now = `Python ${manifest.python} (Pyodide ${manifest.pyodide})`;
  const count = (n) => {
    loaded += n;
    progress(now, Math.min(loaded, total), total);
  };

  // Every wheel and the edition's zip download while the interpreter compiles.
  const downloads = rest.map((file) => fetchBytes(new URL(file.url, manifestUrl).href, count));
  downloads.forEach((download) => download.catch(() => {})); // awaited below, in order
  progress(now, 0, total);
  importScripts(base + "pyodide.js");
  pyodide = await self.loadPyodide({ indexURL: base, fullStdLib: false });
  count(core.reduce((sum, f) => sum + f.size, 0));

  const site = "/lib/python" + manifest.python + "/site-packages/";
  for (const [i, file] of rest.entries()) {
    now = file.label;
    const bytes = await downloads[i];
    if (file.kind === "wheel") {
      pyodide.unpackArchive(bytes, "wheel", { extractDir: site });
    } else {
      pyodide.unpackArchive(bytes, "zip", { extractDir: manifest.edition_folder });
    }
    progress(manifest.installed.replace("{what}", now), Math.min(loaded, total), total);
  }
  const source = await (await fetch(new URL(manifest.kernel_url, manifestUrl).href)).text();
  pyodide.FS.writeFile(site + "page_kernel.py", source);
  kernel = pyodide.pyimport("page_kernel");
  kernel.start(fromKernel, manifest.edition_folder, manifest.language);
  pyodide.FS.chdir(manifest.edition_folder + "/" + pageFolder);
  post({ type: "ready", total });
}

let running = null; // the id of the cell being run: its outputs carry it

async function run({ id, code, label }) {
  running = id;
  const result = JSON.parse(await kernel.run(code, label));
  running = null;
  post({ type: "done", id, result });
}

/* page_kernel.py sends each output as JSON text. */
function fromKernel(text) {
  post({ ...JSON.parse(text), id: running });
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === "start") await start(message);
    else if (message.type === "run") await run(message);
  } catch (error) {
    post({ type: "fatal", id: message.id, message: String(error && error.message ? error.message : error) });
  }
};
