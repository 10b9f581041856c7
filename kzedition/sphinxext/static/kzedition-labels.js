/* The edition's words in the page's language, for its scripts (kzedition.sphinxext.languages).
 *
 * kzT("Run cell {n}", { n: 3 }) gives the English text's translation in the
 * page's language, its {names} filled in. A translated edition writes its
 * words into window.kzLabels at the top of this file; the English edition
 * has none, and each text is its own. Loaded (deferred) before the scripts
 * that use it.
 */
window.kzT = (text, values = {}) =>
  ((window.kzLabels || {})[text] || text).replace(/\{(\w+)\}/g, (match, name) =>
    name in values ? String(values[name]) : match,
  );
