// Render every formula of the built site as MathML, in place, so that pages load no math
// script and the browser draws the math itself (MathML Core). Driven by docs/_hooks/math.py.
//
// MathJax 3.2.2 finds the formulas (its TeX delimiters, escapes and HTML classes, as in a
// browser) and parses the pages with its lite DOM; Temml turns each formula's TeX into
// MathML Core. An equation number (\tag) is HTML beside the formula, not MathML (MathML
// Core has no mlabeledtr): <span class="eqno" id="mjx-eqn:5.1">(5.1)</span>, in the
// formula's <div class="arithmatex numbered">; the id is the one MathJax gave it.
//
// stdin:  {"modules": node_modules dir, "site": dir, "font": font path in site,
//          "pages": [[html path in site, page name], ...]}
// stdout: {"formulas": n, "problems": [{"page", "tex", "message"}, ...],
//          "characters": every character inside <math> on the site,
//          "primes": the characters drawn with Temml's prime font (class tml-prime)}

import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {createRequire} from 'node:module';

const job = JSON.parse(readFileSync(0, 'utf8'));
// Resolve packages from the given node_modules (the project's, not this file's location).
const require = createRequire(join(job.modules, '..', 'package.json'));
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {LiteParser, PATTERNS} = require('mathjax-full/js/adaptors/lite/Parser.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {STATE} = require('mathjax-full/js/core/MathItem.js');
require('mathjax-full/js/util/entities/all.js');  // entities in the pages' text
const temml = require('temml/dist/temml.cjs');

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
RegisterHTMLHandler(adaptor);

// Only MathJax's search for TeX: the delimiters of arithmatex (\( \), \[ \]) and of
// notebook markdown cells ($, $$), \$ for a dollar sign, \begin{...} environments.
const tex = new TeX({
  packages: ['base'],
  inlineMath: [['\\(', '\\)'], ['$', '$']],
  displayMath: [['\\[', '\\]'], ['$$', '$$']],
  processEscapes: true,
  processEnvironments: true,
});
// Math only where pages put it: arithmatex output and notebook markdown cells, so that
// a $ in ordinary text or code is never taken for math.
const documentOptions = {
  InputJax: tex,
  ignoreHtmlClass: 'md-header|md-container',
  processHtmlClass: 'arithmatex|jp-MarkdownOutput',
};

const DELIMITER = /\\[()[\]]|\$/;
const TAG = /\\tag\s*\{([^{}]*)\}/g;

function textOutsideMath(node) {
  if (adaptor.kind(node) === '#text') return adaptor.value(node);
  if (['math', 'code', 'pre', 'script', 'style'].includes(adaptor.kind(node))) return '';
  return adaptor.childNodes(node).map(textOutsideMath).join('');
}

function elementsWithClass(node, name, found = []) {
  if (adaptor.kind(node).startsWith('#')) return found;
  if (adaptor.hasClass(node, name)) found.push(node);
  for (const child of adaptor.childNodes(node)) elementsWithClass(child, name, found);
  return found;
}

function parseFragment(markup) {
  const body = adaptor.body(adaptor.parse(`<div>${markup}</div>`, 'text/html'));
  return adaptor.firstChild(body);  // the <div>
}

// TeX leaves out the medium and thick spaces around operators and relations in
// subscripts, superscripts and the parts of a fraction in text style ("j=1", "N-1");
// Chromium keeps the operator dictionary's spaces there ("j = 1"). Zero them, as TeX does.
const SCRIPTED = {msub: 1, msup: 1, msubsup: 1, munder: 1, mover: 1, munderover: 1, mroot: 1};
function tightenScripts(node, script, display) {
  const kind = adaptor.kind(node);
  if (kind.startsWith('#')) return;
  if (kind === 'mstyle' && adaptor.hasAttribute(node, 'displaystyle')) {
    display = adaptor.getAttribute(node, 'displaystyle') === 'true';
  }
  if (kind === 'mtable' && adaptor.hasAttribute(node, 'displaystyle')) {
    display = adaptor.getAttribute(node, 'displaystyle') === 'true';
  }
  // (Fences, prefix and postfix forms have no space around them anyway.)
  if (kind === 'mo' && script && !['lspace', 'form', 'fence'].some((a) => adaptor.hasAttribute(node, a))) {
    adaptor.setAttribute(node, 'lspace', '0em');
    adaptor.setAttribute(node, 'rspace', '0em');
  }
  adaptor.childNodes(node).forEach((child, i) => {
    const inScript = script || (kind in SCRIPTED && i > 0) || (kind === 'mfrac' && !display);
    const childDisplay = kind in SCRIPTED && i > 0 ? false : (kind === 'mfrac' ? false : display);
    tightenScripts(child, inScript, childDisplay);
  });
}

// Every character of the math, for the font subsets: drawn in the math font, or in Temml's
// prime font (class tml-prime). A character the font lacks would be drawn in another.
const characters = new Set();
const primes = new Set();
const glyphs = {main: new Set(job.glyphs.main), prime: new Set(job.glyphs.prime)};
function collectCharacters(node, lacking, prime = false) {
  if (adaptor.kind(node) === '#text') {
    for (const c of adaptor.value(node)) {
      (prime ? primes : characters).add(c);
      if (!glyphs[prime ? 'prime' : 'main'].has(c) && !'\n\t'.includes(c)) lacking.add(c);
    }
    return;
  }
  if (adaptor.kind(node).startsWith('#')) return;
  const text = adaptor.textContent(node);
  if (adaptor.kind(node) === 'mi' && [...text].length === 1 && !adaptor.hasAttribute(node, 'mathvariant')) {
    const drawn = italic(text);
    if (drawn !== null) {
      characters.add(drawn);
      if (!glyphs.main.has(drawn)) lacking.add(drawn);
    }
  }
  const isPrime = prime || adaptor.hasClass(node, 'tml-prime');
  for (const child of adaptor.childNodes(node)) collectCharacters(child, lacking, isPrime);
}
// A single-character <mi> is drawn in italic (MathML Core's text-transform: math-auto): the
// browser draws the character's Mathematical Italic form, which the font must then hold.
const ITALIC = new Map([['h', 0x210E], ['\u0131', 0x1D6A4], ['\u0237', 0x1D6A5], ['\u2207', 0x1D6FB],
  ['\u2202', 0x1D715], ['\u03F5', 0x1D716], ['\u03D1', 0x1D717], ['\u03F0', 0x1D718],
  ['\u03D5', 0x1D719], ['\u03F1', 0x1D71A], ['\u03D6', 0x1D71B], ['\u03F4', 0x1D6F3]]);
function italic(c) {
  const code = c.codePointAt(0);
  let mapped = ITALIC.get(c);
  if (mapped === undefined && code >= 0x41 && code <= 0x5A) mapped = 0x1D434 + code - 0x41;
  if (mapped === undefined && code >= 0x61 && code <= 0x7A) mapped = 0x1D44E + code - 0x61;
  if (mapped === undefined && code >= 0x391 && code <= 0x3A9 && code !== 0x3A2) mapped = 0x1D6E2 + code - 0x391;
  if (mapped === undefined && code >= 0x3B1 && code <= 0x3C9) mapped = 0x1D6FC + code - 0x3B1;
  return mapped === undefined ? null : String.fromCodePoint(mapped);
}
const codePoint = (c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');

// The MathML of one formula (a <math> element), or its equation number's markup too:
// a wrapper <span class="numbered"> whose children replace it (see unwrapNumbered).
function render(math, page, problems) {
  const source = math.start.delim + math.math + math.end.delim;
  const tags = [...math.math.matchAll(TAG)].map((match) => match[1].trim());
  if (tags.length > 1 || (tags.length && !math.display)) {
    problems.push({page, tex: source, message: 'one \\tag per display formula, and none inline'});
    return null;
  }
  let markup;
  try {
    markup = temml.renderToString(math.math.replace(TAG, ''), {
      displayMode: math.display, throwOnError: true, wrap: 'none',  // no line breaks, as in TeX
    });
  } catch (error) {
    const message = error.message.split('\n')[0].replace(/\u0332/g, '').replace(/\s*at (position \d+|end of input):?.*$/, '');
    problems.push({page, tex: source, message: `TeX error: ${message.trim()}`});
    return null;
  }
  const wrapper = parseFragment(markup);
  const element = adaptor.firstChild(wrapper);
  // Temml's inline style and class for display math restate display="block".
  adaptor.removeAttribute(element, 'style');
  if (adaptor.getAttribute(element, 'class') === 'tml-display') adaptor.removeAttribute(element, 'class');
  tightenScripts(element, false, math.display);
  const lacking = new Set();
  collectCharacters(element, lacking);
  for (const c of tags.length ? tags[0] + '()' : '') {
    characters.add(c);  // the number is drawn in the math font
    if (!glyphs.main.has(c)) lacking.add(c);
  }
  if (lacking.size) {
    problems.push({page, tex: source, message: 'no glyph in the math font for ' + [...lacking].map(codePoint).join(' ')});
  }
  if (tags.length === 0) return element;
  const numbered = adaptor.node('span', {class: 'numbered'});
  adaptor.append(numbered, element);
  adaptor.append(numbered, adaptor.node('span', {class: 'eqno', id: `mjx-eqn:${tags[0]}`}, [adaptor.text(`(${tags[0]})`)]));
  return numbered;
}

// A numbered formula's <div class="arithmatex"> holds the formula and its number directly.
function unwrapNumbered(root, page, problems) {
  for (const wrapper of elementsWithClass(root, 'numbered')) {
    if (adaptor.kind(wrapper) !== 'span') continue;
    const box = adaptor.parent(wrapper);
    if (adaptor.kind(box) !== 'div' || !adaptor.hasClass(box, 'arithmatex')) {
      problems.push({page, tex: adaptor.textContent(wrapper), message: 'a \\tag only in a display formula \\[ … \\] of its own'});
      continue;
    }
    adaptor.addClass(box, 'numbered');
    for (const child of [...adaptor.childNodes(wrapper)]) adaptor.insert(child, wrapper);
    adaptor.remove(wrapper);
  }
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
  html.findMath();
  const found = Array.from(html.math);
  for (const math of found) {
    formulas++;
    const node = render(math, name, problems);
    if (node === null) {
      math.typesetRoot = adaptor.text(math.start.delim + math.math + math.end.delim);
    } else {
      math.typesetRoot = node;
    }
    math.state(STATE.TYPESET);
  }
  html.updateDocument();
  const root = adaptor.root(html.document);
  unwrapNumbered(root, name, problems);
  // A formula whose closing delimiter was swallowed (e.g. by an unclosed brace) is not
  // found at all: whatever delimiter is left in the text is an error too.
  for (const kind of ['arithmatex', 'jp-MarkdownOutput']) {
    for (const element of elementsWithClass(root, kind)) {
      const text = textOutsideMath(element).replace(/\s+/g, ' ');
      const at = text.search(DELIMITER);
      if (at >= 0 && !problems.some((p) => p.page === name && text.includes(p.tex))) {
        const excerpt = kind === 'arithmatex' ? text : text.slice(Math.max(0, at - 40), at + 40);
        problems.push({page: name, tex: excerpt.trim(), message: 'TeX delimiter left unrendered'});
      }
    }
  }
  // The font is fetched with the HTML, not after the CSS and layout ask for it.
  if (found.length > 0) {
    const href = relative(dirname(file), join(job.site, job.font));
    adaptor.append(adaptor.head(html.document),
      adaptor.node('link', {rel: 'preload', href, as: 'font', type: 'font/woff2', crossorigin: ''}));
  }
  writeFileSync(file, source.slice(0, start) + adaptor.outerHTML(root) + source.slice(end));
}

process.stdout.write(JSON.stringify({
  formulas, problems, characters: [...characters].join(''), primes: [...primes].join(''),
}));
