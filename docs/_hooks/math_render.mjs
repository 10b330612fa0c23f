// Render every formula of the built site with MathJax 3.2.2 (CHTML + assistive MathML),
// in place, so that pages load no math script. Driven by docs/_hooks/math.py.
//
// stdin:  {"modules": node_modules dir, "site": dir, "stylesheet": path in site,
//          "pages": [[html path in site, page name], ...]}
// stdout: {"formulas": n, "problems": [{"page", "tex", "message"}, ...]}
// It writes the pages and one stylesheet for the whole site (every glyph any page uses:
// instant navigation may keep the stylesheet of the page the reader came from).

import {readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {createRequire} from 'node:module';

const job = JSON.parse(readFileSync(0, 'utf8'));
// Resolve packages from the given node_modules (the project's, not this file's location).
const require = createRequire(join(job.modules, '..', 'package.json'));
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {CHTML} = require('mathjax-full/js/output/chtml.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {LiteParser, PATTERNS} = require('mathjax-full/js/adaptors/lite/Parser.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AssistiveMmlHandler} = require('mathjax-full/js/a11y/assistive-mml.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
require('mathjax-full/js/util/entities/all.js');  // the browser loads these on demand

// LiteParser consumes its token list with Array.shift(), which is quadratic on our large
// pages (9 s for Q5 alone). Same algorithm, read through an index instead.
class LinearParser extends LiteParser {
  parseFromString(text, _format = 'text/html', adaptor = null) {
    const root = adaptor.createDocument();
    let node = adaptor.body(root);
    const items = text.replace(/<\?.*?\?>/g, '').split(PATTERNS.tag);
    // openTag/handlePCDATA take raw <script>/<style> content through parts.shift().
    let next = 0;
    const parts = {get length() { return Math.max(0, items.length - next); }, shift: () => items[next++]};
    while (parts.length) {
      const text = parts.shift();
      const tag = parts.shift();
      if (text) this.addText(adaptor, node, text);
      if (tag && tag.charAt(tag.length - 1) === '>') {
        if (tag.charAt(1) === '!') this.addComment(adaptor, node, tag);
        else if (tag.charAt(1) === '/') node = this.closeTag(adaptor, node, tag);
        else node = this.openTag(adaptor, node, tag, parts);
      }
    }
    this.checkDocument(adaptor, root);
    return root;
  }
}

const adaptor = liteAdaptor({fontSize: 16});
adaptor.parser = new LinearParser();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

// The browser's configuration, less `noerrors`/`noundefined`: an undefined macro or a
// misplaced brace becomes an <merror> we can report instead of red text on the page.
const tex = new TeX({
  packages: AllPackages.filter((name) => !['noerrors', 'noundefined'].includes(name)),
  inlineMath: [['\\(', '\\)'], ['$', '$']],    // arithmatex: \( \); notebook cells: $
  displayMath: [['\\[', '\\]'], ['$$', '$$']],
  processEscapes: true,
  processEnvironments: true,
  tags: 'ams',
});
// One output jax for all pages, so its glyph usage (hence the stylesheet) covers the site.
// exFactor 0.528: the ex/em ratio of Material's font stack, as the browser measured it.
const chtml = new CHTML({fontURL: 'woff-v2', adaptiveCSS: true, exFactor: 0.528});

// Math only where pages put it: arithmatex output and notebook markdown cells, so that
// a $ in ordinary text or code is never taken for math.
const documentOptions = {
  InputJax: tex, OutputJax: chtml,
  ignoreHtmlClass: 'md-header|md-container',
  processHtmlClass: 'arithmatex|jp-MarkdownOutput',
};

const PRELOAD = ['MathJax_Zero.woff', 'MathJax_Main-Regular.woff', 'MathJax_Math-Italic.woff'];
const DELIMITER = /\\[()[\]]|\$/;

function textOutsideMath(node) {
  if (adaptor.kind(node) === '#text') return adaptor.value(node);
  if (['mjx-container', 'code', 'pre', 'script', 'style'].includes(adaptor.kind(node))) return '';
  return adaptor.childNodes(node).map(textOutsideMath).join('');
}

function elementsWithClass(node, name, found = []) {
  if (adaptor.kind(node).startsWith('#')) return found;
  if (adaptor.hasClass(node, name)) found.push(node);
  for (const child of adaptor.childNodes(node)) elementsWithClass(child, name, found);
  return found;
}

let formulas = 0;
const problems = [];
for (const [path, name] of job.pages) {
  const file = join(job.site, path);
  const source = readFileSync(file, 'utf8');
  // The lite parser only knows an upper-case <!DOCTYPE; keep what is outside <html> as is.
  const start = source.search(/<html[\s>]/i);
  const end = source.lastIndexOf('</html>') + '</html>'.length;
  if (start < 0 || end < start) throw new Error(`${name}: no <html> element in ${path}`);
  const html = mathjax.document(source.slice(start, end), documentOptions);
  html.render();
  for (const math of html.math) {
    formulas++;
    let message = null;
    math.root.walkTree((node) => {
      if (message === null && node.isKind('merror')) message = node.attributes.get('data-mjx-error') || 'TeX error';
    });
    if (message !== null) problems.push({page: name, tex: math.start.delim + math.math + math.end.delim, message});
  }
  // A formula whose closing delimiter was swallowed (e.g. by an unclosed brace) is not
  // found at all: whatever delimiter is left in the text is an error too.
  const root = adaptor.root(html.document);
  for (const kind of ['arithmatex', 'jp-MarkdownOutput']) {
    for (const element of elementsWithClass(root, kind)) {
      const text = textOutsideMath(element).replace(/\s+/g, ' ');
      const at = text.search(DELIMITER);
      if (at >= 0) {
        const excerpt = kind === 'arithmatex' ? text : text.slice(Math.max(0, at - 40), at + 40);
        problems.push({page: name, tex: excerpt.trim(), message: 'TeX delimiter left unrendered'});
      }
    }
  }
  // The page links the site-wide stylesheet instead of carrying its own.
  const own = chtml.chtmlStyles;
  if (own && adaptor.parent(own)) adaptor.remove(own);
  // The fonts every formula uses are fetched with the HTML, not after the CSS and layout
  // ask for them (Q5's first screen: 1.1 s -> 0.7 s on the loaded development machine).
  if (Array.from(html.math).length > 0) {
    const head = adaptor.head(html.document);
    for (const font of PRELOAD) {
      const href = relative(dirname(file), join(job.site, dirname(job.stylesheet), 'woff-v2', font));
      adaptor.append(head, adaptor.node('link', {rel: 'preload', href, as: 'font', type: 'font/woff', crossorigin: ''}));
    }
  }
  writeFileSync(file, source.slice(0, start) + adaptor.outerHTML(root) + source.slice(end));
}

const css = chtml.chtmlStyles ? adaptor.textContent(chtml.chtmlStyles) : '';
const stylesheet = join(job.site, job.stylesheet);
mkdirSync(dirname(stylesheet), {recursive: true});
writeFileSync(stylesheet, css);
process.stdout.write(JSON.stringify({formulas, problems}));
