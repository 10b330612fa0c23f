// MathJax 3 configuration for pymdownx.arithmatex (generic mode) and notebook pages.
// Loaded before the vendored tex-chtml-full.js, which reads window.MathJax at start-up.
window.MathJax = {
  tex: {
    // arithmatex emits \( \) and \[ \]; notebook markdown cells keep $ and $$.
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams"
  },
  startup: {
    // Mark the end of the first typeset, so its time can be measured (performance marks).
    pageReady: function () {
      return MathJax.startup.defaultPageReady().then(function () {
        performance.mark("mathjax-typeset-done");
      });
    }
  },
  options: {
    // Typeset arithmatex spans and notebook markdown cells, nothing else (so a dollar
    // sign in ordinary text is never taken for math). Not the usual ".*|": that pattern
    // also matches class-less elements, so the <p> inside a notebook cell would be skipped.
    ignoreHtmlClass: "md-header|md-container",
    processHtmlClass: "arithmatex|jp-MarkdownOutput"
  }
};

// Material's instant navigation swaps the page without reloading scripts: typeset the
// new content again after each navigation. document$ also emits for the first page, which
// MathJax typesets by itself; re-typesetting it concurrently (clearCache in particular)
// would drop the CSS of characters already placed and leave invisible math.
var mathjaxFirstPage = true;
document$.subscribe(function () {
  if (mathjaxFirstPage) {
    mathjaxFirstPage = false;
    return;
  }
  MathJax.startup.promise = MathJax.startup.promise
    .then(function () {
      if (typeof MathJax.startup.output.clearCache === "function") {
        MathJax.startup.output.clearCache(); // absent with SVG output
      }
      MathJax.typesetClear();
      MathJax.texReset();
      return MathJax.typesetPromise();
    })
    .then(function () {
      performance.mark("mathjax-retypeset-done");
    });
});
