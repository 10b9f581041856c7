// The layout problems of every drawn chart of the page, as sentences
// (tools.browser.chart_layout_problems, which documents what is checked).
// One function of plain DOM geometry, so that any page of the edition can be
// checked the same way; called by page.evaluate with
// [chart selector, drawn-plot selector, minimum font px, tolerance px, overlap px].
([chartSel, drawnSel, minFont, tolerance, overlapMin]) => {
  const problems = [];
  const viewport = document.documentElement.clientWidth;
  const px = v => Math.round(v * 10) / 10;
  const quote = s => JSON.stringify(s.length > 60 ? s.slice(0, 57) + '...' : s);
  // A text is seen unless it, or a group around it, is hidden or fully transparent.
  const visible = (el, root) => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    for (let e = el; e && e !== root; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  // One box per drawn line: plotly writes a multi-line text as <tspan class="line">
  // children, whose union box would be as wide as the longest line on every line.
  // A box is the four corners of the element's own box on screen, so that a
  // rotated tick label is a rotated rectangle, not the wider upright box around it.
  const lineBoxes = text => {
    const lines = [...text.children].filter(c => c.classList.contains('line'));
    return (lines.length ? lines : [text]).filter(e => e.textContent.trim()).map(e => {
      const b = e.getBBox(), m = e.getScreenCTM();
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
        .map(([x, y]) => ({x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f}));
      const xs = corners.map(c => c.x), ys = corners.map(c => c.y);
      return {el: e, corners, r: {left: Math.min(...xs), right: Math.max(...xs),
                                  top: Math.min(...ys), bottom: Math.max(...ys)}};
    }).filter(b => b.r.right > b.r.left && b.r.bottom > b.r.top);
  };
  // How deep two convex boxes overlap: the least overlap of their projections on
  // the normals of their edges (separating axes); for upright boxes, the smaller
  // of the overlap's width and height.
  const depth = (p, q) => {
    let least = Infinity;
    for (const poly of [p, q])
      for (let k = 0; k < 2; k++) {
        const a = poly[k], b = poly[k + 1];
        const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
        const n = {x: (a.y - b.y) / len, y: (b.x - a.x) / len};
        const pp = p.map(c => c.x * n.x + c.y * n.y), qq = q.map(c => c.x * n.x + c.y * n.y);
        const overlap = Math.min(Math.max(...pp), Math.max(...qq)) - Math.max(Math.min(...pp), Math.min(...qq));
        least = Math.min(least, overlap);
      }
    return least;
  };
  // The size drawn on screen: the computed font size times the scale of every
  // transform on the way (plotly shrinks bar texts with scale()).
  const drawnSize = el => {
    const m = el.getScreenCTM();
    const scale = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
    return parseFloat(getComputedStyle(el).fontSize) * scale;
  };
  document.querySelectorAll(chartSel).forEach(figure => {
    const id = figure.dataset.chart || figure.id || '(chart without id)';
    const svg = figure.querySelector(drawnSel);
    if (!svg) return;
    const plot = svg.closest('div.js-plotly-plot') || svg.parentElement;
    const box = svg.getBoundingClientRect();
    if (box.width > viewport + tolerance)
      problems.push(`${id}: drawn ${px(box.width)} px wide, wider than the ${viewport} px viewport`);
    if (box.left < -tolerance)
      problems.push(`${id}: starts ${px(-box.left)} px left of the viewport`);
    if (box.right > viewport + tolerance)
      problems.push(`${id}: ends ${px(box.right - viewport)} px right of the viewport`);
    const texts = [...plot.querySelectorAll('svg.main-svg text')]
      .filter(t => !t.closest('.modebar-container, .hoverlayer'))
      .filter(t => t.textContent.trim() && visible(t, plot));
    const boxes = [];
    texts.forEach((t, i) => {
      const label = quote(t.textContent.trim());
      const sizes = [t, ...t.querySelectorAll('tspan')]
        .filter(e => e.textContent.trim()).map(drawnSize);
      const size = Math.min(...sizes);
      if (size < minFont - 0.05)
        problems.push(`${id}: text ${label} drawn at ${px(size)} px (minimum ${minFont} px)`);
      for (const b of lineBoxes(t)) {
        const r = b.r;
        const out = {left: box.left - r.left, right: r.right - box.right,
                     top: box.top - r.top, bottom: r.bottom - box.bottom};
        const line = quote(b.el.textContent.trim());
        for (const [side, by] of Object.entries(out))
          if (by > tolerance) problems.push(`${id}: text ${line} lies ${px(by)} px beyond the chart's ${side} edge`);
        boxes.push({i, el: t, r, corners: b.corners, label: line});
      }
    });
    // On a touch screen plotly shows its modebar all the time, over the top of the
    // chart; elsewhere its button groups stay transparent until the pointer is over it.
    const buttons = [...plot.querySelectorAll('.modebar-group')]
      .filter(g => visible(g, plot)).map(g => g.getBoundingClientRect()).filter(r => r.width > 0);
    for (const p of boxes)
      for (const bar of buttons) {
        const w = Math.min(p.r.right, bar.right) - Math.max(p.r.left, bar.left);
        const h = Math.min(p.r.bottom, bar.bottom) - Math.max(p.r.top, bar.top);
        if (w > overlapMin && h > overlapMin) {
          problems.push(`${id}: text ${p.label} lies under the modebar (${px(w)} x ${px(h)} px)`);
          break;
        }
      }
    // A bar drawn after a text (a later trace's) paints over it.
    const bars = [...plot.querySelectorAll('g.trace.bars g.point > path')]
      .map(el => ({el, r: el.getBoundingClientRect()}))
      .filter(b => b.r.width > 0 && b.r.height > 0 && visible(b.el, plot));
    for (const p of boxes)
      for (const bar of bars) {
        if (!(p.el.compareDocumentPosition(bar.el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        const w = Math.min(p.r.right, bar.r.right) - Math.max(p.r.left, bar.r.left);
        const h = Math.min(p.r.bottom, bar.r.bottom) - Math.max(p.r.top, bar.r.top);
        if (w > overlapMin && h > overlapMin) {
          problems.push(`${id}: text ${p.label} is covered by a bar drawn over it (${px(w)} x ${px(h)} px)`);
          break;
        }
      }
    for (let a = 0; a < boxes.length; a++) {
      for (let b = a + 1; b < boxes.length; b++) {
        const p = boxes[a], q = boxes[b];
        if (p.i === q.i) continue;  // lines of one text
        if (depth(p.corners, q.corners) <= overlapMin) continue;
        const w = Math.min(p.r.right, q.r.right) - Math.max(p.r.left, q.r.left);
        const h = Math.min(p.r.bottom, q.r.bottom) - Math.max(p.r.top, q.r.top);
        if (w > overlapMin && h > overlapMin)
          problems.push(`${id}: text ${p.label} overlaps text ${q.label} by ${px(w)} x ${px(h)} px`);
      }
    }
  });
  return problems;
}
