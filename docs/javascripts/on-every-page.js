// window.onEveryPage(callback): run `callback` when a page is shown, on the first load and
// after every instant navigation. Material's instant navigation swaps the page without
// re-running scripts; it announces each page through `document$`. Without Material's
// `document$` (e.g. a page opened on its own), the callback runs once, when the DOM is ready.
// Listed first in mkdocs.yml `extra_javascript`, so the other scripts can use it.
window.onEveryPage = function (callback) {
  "use strict";
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(callback);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", callback);
  } else {
    callback();
  }
};
