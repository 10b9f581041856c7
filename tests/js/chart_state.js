// For page.evaluate (tests/test_charts_browser.py): per chart of the page, whether drawn, the
// source of the static image shown (if loaded), the box's place and size, and the drawn plot's
// background and ink.
() => [...document.querySelectorAll('figure.kz-chart')].map(f => {
  const box = f.querySelector('.kz-chart-plot');
  const shown = [...box.querySelectorAll('picture img')].find(i => i.offsetParent !== null);
  const svg = box.querySelector('svg.main-svg');
  const r = box.getBoundingClientRect();
  return {id: f.dataset.chart, drawn: !!box.querySelector('svg.main-svg'),
          image: shown && shown.complete && shown.naturalWidth > 0 ? shown.currentSrc.split('/').pop() : null,
          top: r.top + window.scrollY, height: r.height, width: r.width,
          background: svg ? getComputedStyle(svg).backgroundColor : null,
          ink: box.querySelector('.main-svg .xtick text')
               ? getComputedStyle(box.querySelector('.main-svg .xtick text')).fill : null};
})
