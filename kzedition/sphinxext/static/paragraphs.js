/* "Cite this paragraph" (kzedition.sphinxext.paragraphs): a Cite button copies
 * the paragraph's citation with the page's address and its #id, and shows the
 * citation in a status message (role="status": screen readers announce it). */
(() => {
  "use strict";
  const kzT = window.kzT; // kzedition-labels.js: the page's language
  let status = null;
  let hideTimer = null;

  function statusRegion() {
    if (!status) {
      status = document.createElement("div");
      status.className = "edition cite-status";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    return status;
  }

  // The paragraph's citation files, written at build time: <files>.bib, .ris, .json
  const FORMATS = [["bib", "BibTeX"], ["ris", "RIS"], ["json", "CSL-JSON"]];

  function downloads(files) {
    const list = document.createElement("span");
    list.className = "cite-files";
    list.append(" " + kzT("Download:") + " ");
    FORMATS.forEach(([suffix, name], i) => {
      const link = document.createElement("a");
      link.href = files + "." + suffix;
      link.setAttribute("download", "");
      link.textContent = name;
      list.append(i ? ", " : "", link);
    });
    return list;
  }

  function show(message, citation, files) {
    const region = statusRegion();
    region.textContent = "";
    const head = document.createElement("strong");
    head.textContent = message + " ";
    const text = document.createElement("span");
    text.className = "cite-text";
    text.textContent = citation;
    region.append(head, text);
    if (files) region.append(downloads(files));
    clearTimeout(hideTimer);
    // stays while the pointer or the keyboard is on it (its links are to be used)
    const hide = () => {
      if (region.matches(":hover, :focus-within")) hideTimer = setTimeout(hide, 5000);
      else region.textContent = "";
    };
    hideTimer = setTimeout(hide, 15000);
  }

  function fallbackCopy(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  async function cite(button) {
    const url = location.href.split("#")[0] + "#" + button.dataset.target;
    const citation = button.dataset.cite + " " + url;
    button.dataset.citation = citation;
    let copied = false;
    try {
      await navigator.clipboard.writeText(citation);
      copied = true;
    } catch (e) {
      copied = fallbackCopy(citation);
    }
    show(copied ? kzT("Citation copied:") : kzT("Copy this citation:"), citation, button.dataset.citeFiles);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.cite-para");
    if (button) cite(button);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && status && status.textContent) status.textContent = "";
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", statusRegion);
  } else {
    statusRegion();
  }
})();
