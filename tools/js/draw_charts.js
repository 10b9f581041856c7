// For the PDF (tools.pdf.print_pdf): draws every chart (pages draw one only
// near the viewport), waits until all are, then redraws each at the page's
// width. Called by page.evaluate with [timeout ms, chart selector, drawn-plot
// selector]; returns the ids of the charts not drawn in time (none if all went well).
async ([timeoutMs, chartSel, drawnSel]) => {
  if (window.kzCharts) await window.kzCharts.drawAll();
  const figures = [...document.querySelectorAll(chartSel)];
  const undrawn = () => figures.filter(f => !f.querySelector(drawnSel));
  const start = Date.now();
  while (undrawn().length && Date.now() - start < timeoutMs) {
    await new Promise(r => setTimeout(r, 100));
  }
  if (undrawn().length) return undrawn().map(f => f.id);
  await Promise.all(figures.map(f => Plotly.Plots.resize(f.querySelector('div.js-plotly-plot'))));
  await document.fonts.ready;
  return [];
}
