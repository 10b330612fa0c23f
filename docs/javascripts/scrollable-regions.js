// Keyboard access to wide content on narrow screens.
//
// Display math and tables scroll sideways when they are wider than the screen (e.g. at
// 375 px). A region that scrolls must be reachable with the keyboard (WCAG 2.1.1; axe's
// "scrollable-region-focusable"), so it gets a tab stop while it scrolls, and loses it
// when it fits: the rule Material applies to its code blocks. It runs on every page
// change (window.onEveryPage, from on-every-page.js).
(function () {
  "use strict";

  const SCROLLABLE = "article div.arithmatex, article .md-typeset__scrollwrap";
  let observer = null;

  function mark(region) {
    if (region.scrollWidth > region.clientWidth) {
      region.tabIndex = 0;
    } else {
      region.removeAttribute("tabindex");
    }
  }

  function onPage() {
    if (observer !== null) observer.disconnect();
    // Called once per region when observed, then whenever its size changes (a resize,
    // a <details> opened).
    observer = new ResizeObserver((entries) => entries.forEach((entry) => mark(entry.target)));
    document.querySelectorAll(SCROLLABLE).forEach((region) => observer.observe(region));
  }

  window.onEveryPage(onPage);  // on-every-page.js: first load and every instant navigation
})();
