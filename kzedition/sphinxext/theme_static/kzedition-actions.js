// The header's JavaScript buttons (print, full screen, Live Code) without
// inline event handlers, which the Content-Security-Policy refuses: each
// button names its action in data-kz-action (theme_templates/kz-buttons.html)
// and this runs it, for the few actions the theme defines only.
(() => {
  "use strict";
  const actions = {
    "window.print()": () => window.print(),
    "toggleFullScreen()": () => window.toggleFullScreen && window.toggleFullScreen(),
    "initThebeSBT()": () => window.initThebeSBT && window.initThebeSBT(),
  };
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-kz-action]");
    const action = button && actions[button.dataset.kzAction];
    if (action) action();
  });
})();
