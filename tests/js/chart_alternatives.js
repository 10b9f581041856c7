// For page.evaluate (tests/test_quality.py): each drawn chart with the role of the element that
// describes it and its accessible name and description, read from the ids it refers to.
() => [...document.querySelectorAll('div.js-plotly-plot')].map(plot => {
  const holder = plot.closest('[aria-describedby]');
  const text = ids => (ids || '').split(/\s+/).filter(Boolean)
      .map(id => document.getElementById(id)?.textContent.trim() || '').join(' ').trim();
  return {id: plot.id, role: holder?.getAttribute('role'),
          name: text(holder?.getAttribute('aria-labelledby')) || holder?.getAttribute('aria-label') || '',
          description: text(holder?.getAttribute('aria-describedby'))};
})
