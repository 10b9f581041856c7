// For page.evaluate (tests/test_reader_pages.py): the tables of the article that spill out of
// the column or are cut off by a box around them, and the page's own width when it scrolls
// sideways; with the article's left and right edges.
() => {
  const article = document.querySelector('article.bd-article');
  const box = article.getBoundingClientRect();
  // the inner (padding) box of each ancestor up to the article: a table past one
  // of them is cut off by it (a scrolling output area) or spills out of the column
  const spills = (t, r) => {
    for (let a = t.parentElement; a; a = a.parentElement) {
      const inner = a.getBoundingClientRect().left + a.clientLeft;
      if (r.left < inner - 1 || r.right > inner + a.clientWidth + 1) return true;
      if (a === article) return false;
    }
    return false;
  };
  const cut = [...article.querySelectorAll('table')]
    .filter(t => t.checkVisibility({visibilityProperty: true}))  // not in a closed dropdown
    .map(t => [t.className || t.parentElement.className, t.getBoundingClientRect(), t])
    .filter(([, r, t]) => spills(t, r))
    .map(([name, r]) => `${name}: ${Math.round(r.left)}..${Math.round(r.right)} px`);
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) cut.push(`page: ${page.scrollWidth} px wide`);
  return {cut, article: [Math.round(box.left), Math.round(box.right)]};
}
