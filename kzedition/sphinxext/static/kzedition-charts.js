/* The edition's charts: static first, interactive on demand.
 *
 * Each chart's box (div.kz-chart-plot, written by
 * kzedition.sphinxext.plotly_charts) shows its static SVG first and holds its
 * specs in a JSON <script>: the wide and the narrow layout, the colours a
 * dark page changes, plotly.js's config. plotly.js (_static/plotly.min.js,
 * 1.2 MB) loads only when a chart comes within half a screen of the viewport, or
 * when the reader touches or focuses a chart; it then draws into the same
 * box, whose height the stylesheet already reserved, and the image steps
 * aside: nothing moves.
 *
 * A drawn chart follows the page: the dark colours when pydata-sphinx-theme
 * sets <html data-theme="dark"> (the reader's toggle or system setting, no
 * reload), the narrow layout below the NARROW_MEDIA width, and the light
 * colours while the page prints.
 *
 * window.kzCharts.drawAll() draws every chart now (the PDF print uses it);
 * window.kzCharts.add(box) draws a chart that a cell run in the page made.
 */
(() => {
  "use strict";

  const plotlySrc = new URL("plotly.min.js", document.currentScript.src).href;
  const boxes = [...document.querySelectorAll("figure.kz-chart .kz-chart-plot")];
  const drawn = new Set();
  let printing = false;
  let plotly = null;

  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = plotlySrc;
        script.onload = () => resolve(window.Plotly);
        script.onerror = () => {
          plotly = null; // a chart that comes into view again tries again
          script.remove();
          reject(new Error(`could not load ${plotlySrc}`));
        };
        document.head.append(script);
      });
    }
    return plotly;
  }

  function payload(box) {
    if (!box.kzPayload) {
      box.kzPayload = JSON.parse(box.querySelector("script.kz-chart-spec").textContent);
    }
    return box.kzPayload;
  }

  /* The theme's data-theme, or the system's setting until the theme resolves "auto". */
  function pageTheme() {
    const set = document.documentElement.dataset.theme;
    const dark =
      set === "dark" || set === "light" ? set === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    return dark && !printing ? "dark" : "light";
  }

  /* The same mapping as kzedition.charts.for_theme: every string that names
     a colour of the light page becomes its dark counterpart. */
  function recolour(value, colours) {
    if (Array.isArray(value)) return value.map((v) => recolour(v, colours));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, recolour(v, colours)]));
    }
    if (typeof value === "string") return colours[value.toLowerCase()] ?? value;
    return value;
  }

  function specFor(box) {
    const data = payload(box);
    const width = window.matchMedia(data.narrowMedia).matches ? "narrow" : "wide";
    const theme = pageTheme();
    const spec = theme === "dark" ? recolour(data[width], data.dark) : data[width];
    return { spec, config: data.config, key: `${width} ${theme}` };
  }

  async function draw(box) {
    const { spec, config, key } = specFor(box);
    if (box.dataset.drawn === key) return;
    const Plotly = await loadPlotly();
    const live = box.querySelector(".kz-chart-live");
    await Plotly.react(live, spec.data || [], spec.layout || {}, config);
    box.dataset.drawn = key;
    box.classList.add("kz-chart-is-live");
    drawn.add(box);
  }

  function redrawDrawn() {
    return Promise.all([...drawn].map(draw));
  }

  const observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (entry.isIntersecting) {
                draw(entry.target).then(
                  () => observer.unobserve(entry.target),
                  (error) => console.error(error.message), // the static image stays
                );
              }
            }
          },
          { rootMargin: "50% 0px" },
        )
      : null;
  let widthWatched = false;

  /* Draw a box when it nears the viewport or is touched; follow the page's width. */
  function watch(box) {
    if (observer) observer.observe(box);
    else draw(box).catch((error) => console.error(error.message));
    for (const type of ["pointerdown", "focusin"]) {
      box.addEventListener(type, () => draw(box).catch((error) => console.error(error.message)), {
        passive: true,
      });
    }
    if (!widthWatched) {
      window.matchMedia(payload(box).narrowMedia).addEventListener("change", redrawDrawn);
      widthWatched = true;
    }
  }
  boxes.forEach(watch);

  new MutationObserver(redrawDrawn).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });
  window.addEventListener("beforeprint", () => {
    printing = true;
    redrawDrawn();
  });
  window.addEventListener("afterprint", () => {
    printing = false;
    redrawDrawn();
  });

  window.kzCharts = {
    drawAll: () => Promise.all(boxes.map(draw)),
    /* A chart a reader's cell made (the Run control): its box carries its payload as kzPayload. */
    add(box) {
      boxes.push(box);
      watch(box);
      return draw(box);
    },
  };
})();
