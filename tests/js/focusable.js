// For page.evaluate (tests/test_quality.py): the page's visible focusable controls, in document
// order, each marked with its index (data-kz-focus) for the Tab walk; their first 120 characters.
() => {
  const selector = 'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),'
    + ' select:not([disabled]), textarea:not([disabled]), summary, iframe, [contenteditable=""],'
    + ' [contenteditable=true], [tabindex]';
  // rendered and visible: not in a closed <details>, a hidden dialog or menu, nor inert
  const shown = e => !e.closest('[inert]') && e.checkVisibility({visibilityProperty: true});
  const found = [...document.querySelectorAll(selector)].filter(e => e.tabIndex >= 0 && shown(e));
  found.forEach((e, i) => e.dataset.kzFocus = String(i));
  return found.map(e => e.outerHTML.slice(0, 120));
}
