/* The Run control's loader: a Run button on each code cell, nothing more until a click.
 *
 * Added (deferred) to pages with a visible code cell by
 * kzedition.sphinxext.run_cells. Each cell's source gets two buttons, "Run"
 * and "Run all above", laid over its top right corner (nothing on the page
 * moves). The first click loads kzedition-run-ui.js, which starts Python in
 * a Web Worker from the site's own files and turns the cells into editors;
 * it then does what the click asked. Where Python cannot start (a page
 * opened from disk, a browser without WebAssembly or Web Workers) the click
 * says so in one sentence, with what to do instead.
 */
(() => {
  "use strict";

  const kzT = window.kzT; // kzedition-labels.js: the page's language
  const script = document.currentScript;
  const uiSrc = new URL("kzedition-run-ui.js", script.src).href;
  const root = new URL("../../", script.src);
  const cells = [...document.querySelectorAll("div.cell")].filter((cell) =>
    cell.querySelector(":scope > div.cell_input, :scope > details > div.cell_input"),
  );
  let ui = null;

  function whyNot() {
    if (location.protocol === "file:") {
      return kzT(
        "Python cannot start on a page opened from disk: browsers load WebAssembly only from a server. " +
          "Serve the site's folder (python -m http.server -d FOLDER 8000) and open http://127.0.0.1:8000/.",
      );
    }
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      return kzT(
        "This browser has no WebAssembly or Web Workers, so the cells cannot run here: " +
          "download the notebook (the download button above) and run it in Jupyter or Colab.",
      );
    }
    return null;
  }

  /* The one place the loader speaks: a polite live region, shown from the first click on. */
  function say(text) {
    let status = document.getElementById("kz-run-status");
    if (!status) {
      status = document.createElement("div");
      status.id = "kz-run-status";
      status.className = "kz-run-panel";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.append(status);
    }
    status.textContent = text;
  }

  function loadUi() {
    if (!ui) {
      ui = new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = uiSrc;
        tag.onload = () => resolve(window.kzRun);
        tag.onerror = () => {
          ui = null;
          tag.remove();
          reject(new Error(`could not load ${uiSrc}`));
        };
        document.head.append(tag);
      });
    }
    return ui;
  }

  async function onClick(cell, action) {
    const reason = whyNot();
    if (reason) {
      say(reason);
      return;
    }
    try {
      const run = await loadUi();
      await run.start({ cells, root: root.href });
      await run[action](cell);
    } catch (error) {
      say(kzT("The cells cannot run: {reason}. Reload the page to try again.", { reason: error.message }));
    }
  }

  cells.forEach((cell, index) => {
    const input = cell.querySelector("div.cell_input");
    const bar = document.createElement("div");
    bar.className = "kz-run-buttons";
    for (const [action, label, name] of [
      ["runCell", kzT("Run"), kzT("Run cell {n}", { n: index + 1 })],
      ["runAbove", kzT("Run all above"), kzT("Run all above cell {n}", { n: index + 1 })],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `kz-run-${action}`;
      button.textContent = label;
      button.setAttribute("aria-label", name);
      button.addEventListener("click", () => onClick(cell, action));
      bar.append(button);
    }
    input.prepend(bar);
    cell.dataset.kzRunIndex = String(index + 1);
  });
})();
