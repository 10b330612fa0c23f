// Convolution arithmetic calculator (page: conv-arithmetic-calculator.md).
//
// Self-contained: no library, no network. Loaded on every page through mkdocs.yml
// `extra_javascript`; it defines pure functions on window.convArithmetic (the tests call
// them and compare with snippets/conv_arithmetic.py, which they mirror line for line,
// error messages included) and binds the form only on the page that has #conv-calculator.
// Material's instant navigation swaps the page without re-running scripts, so the form
// is (re)bound on every page change (window.onEveryPage, from on-every-page.js).
(function () {
  "use strict";

  const BOUND_LIMIT = 64;

  // ---- pure functions: the mirror of snippets/conv_arithmetic.py -----------------------

  // JavaScript computes with doubles: integers are exact only up to 2^53 - 1. Larger
  // values (or intermediate results) are refused rather than rounded silently.
  const SAFE = Number.MAX_SAFE_INTEGER;  // 2^53 - 1 = 9007199254740991
  const TOO_LARGE = "is larger than 2^53 − 1 = 9007199254740991, the largest integer " +
    "JavaScript computes with exactly";

  function checkInteger(label, value) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new Error(`${label} must be an integer, got ${value}`);
    }
    if (!Number.isSafeInteger(value)) throw new Error(`${label} ${TOO_LARGE}`);
    return value;
  }

  // A sum or product of checked integers: exact if it stays at most 2^53 - 1 in size
  // (rounding is monotone, so a true result above that bound never looks safe).
  function checkSafe(label, value) {
    if (!Number.isSafeInteger(value)) throw new Error(`${label} ${TOO_LARGE}`);
    return value;
  }

  // floor(x / s) for safe integers x >= 0, s >= 1, exactly (x / s in doubles can round up).
  function floorDiv(x, s) {
    return (x - (x % s)) / s;
  }

  function checkHyperparameters(k, s, p, d) {
    if (k != null && checkInteger("kernel size k", k) < 1) {
      throw new Error(`kernel size k must be positive, got ${k}`);
    }
    if (s != null && checkInteger("stride s", s) < 1) {
      throw new Error(`stride s must be at least 1, got ${s}`);
    }
    if (p != null && checkInteger("padding p", p) < 0) {
      throw new Error(`padding p must be non-negative, got ${p}`);
    }
    if (d != null && checkInteger("dilation d", d) < 1) {
      throw new Error(`dilation d must be at least 1 (d = 1 means no dilation), got ${d}`);
    }
  }

  function effectiveKernelSize(k, d) {
    return d * (k - 1) + 1;
  }

  // floor((i + 2p - d(k-1) - 1) / s) + 1, with the same validation as output_size.
  function outputSize(i, k, s = 1, p = 0, d = 1) {
    if (checkInteger("input size i", i) < 1) {
      throw new Error(`input size i must be positive, got ${i}`);
    }
    checkHyperparameters(k, s, p, d);
    const span = checkSafe("the effective kernel d(k-1)+1", effectiveKernelSize(k, d));
    const padded = checkSafe("the padded input i+2p", i + 2 * p);
    if (span > padded) {
      throw new Error(
        `dilated kernel d(k-1)+1 = ${span} is larger than the padded input i+2p = ${padded}`
      );
    }
    return floorDiv(padded - span, s) + 1;
  }

  // PyTorch's two checks on max-pooling padding (aten/src/ATen/native/Pool.h), in the
  // order max_pool2d runs them: p <= floor(K/2) with K = d(k-1)+1, then p <= floor(k/2).
  function checkPoolPadding(k, p, d = 1) {
    checkHyperparameters(k, null, p, d);
    const span = checkSafe("the effective kernel d(k-1)+1", effectiveKernelSize(k, d));
    if (p > floorDiv(span, 2)) {
      throw new Error(
        `pooling padding p = ${p} > half the effective kernel: ` +
        `floor(${span}/2) = ${floorDiv(span, 2)}`
      );
    }
    if (p > floorDiv(k, 2)) {
      throw new Error(
        `pooling padding p = ${p} > half the undilated kernel: floor(${k}/2) = ${floorDiv(k, 2)}`
      );
    }
  }

  // Layers, as snippets/conv_arithmetic.py's Conv2d and MaxPool2d:
  //   {type: "conv", outChannels, k, s = 1, p = 0, d = 1, bias = true}
  //   {type: "pool", k, s = null (s = k), p = 0, d = 1}
  function conv(outChannels, k, s = 1, p = 0, d = 1, bias = true) {
    return { type: "conv", outChannels, k, s, p, d, bias };
  }

  function pool(k, s = null, p = 0, d = 1) {
    return { type: "pool", k, s, p, d };
  }

  function tupleText(values) {  // Python's str() of a tuple of numbers
    return values.length === 1 ? `(${values[0]},)` : `(${values.join(", ")})`;
  }

  // (channels, height, width) after one layer: layer_output_shape.
  function layerOutputShape(shape, layer) {
    let [channels, height, width] = shape;
    let stride;
    if (layer.type === "conv") {
      if (checkInteger("out_channels", layer.outChannels) < 1) {
        throw new Error(`out_channels must be positive, got ${layer.outChannels}`);
      }
      channels = layer.outChannels;
      stride = layer.s;
    } else if (layer.type === "pool") {
      stride = layer.s == null ? layer.k : layer.s;
      checkPoolPadding(layer.k, layer.p, layer.d);
    } else {
      throw new Error(`unknown layer ${JSON.stringify(layer)}: expected Conv2d or MaxPool2d`);
    }
    height = outputSize(height, layer.k, stride, layer.p, layer.d);
    width = outputSize(width, layer.k, stride, layer.p, layer.d);
    return [channels, height, width];
  }

  // Every shape from the input to the last layer's output: shapes_through.
  function shapesThrough(inputShape, layers) {
    if (!Array.isArray(inputShape) || inputShape.length !== 3) {
      throw new Error(
        `input shape must be (channels, height, width), got ${tupleText([].concat(inputShape))}`
      );
    }
    for (const value of inputShape) {
      if (checkInteger("a size in the input shape", value) < 1) {
        throw new Error(`input shape must hold positive sizes, got ${tupleText(inputShape)}`);
      }
    }
    const shapes = [inputShape.slice()];
    for (const layer of layers) shapes.push(layerOutputShape(shapes[shapes.length - 1], layer));
    return shapes;
  }

  // [weights, biases] of a layer: parameter_count. A convolution has
  // out * in * k * k weights and one bias per output channel; pooling has none.
  function parameterCount(inChannels, layer) {
    if (checkInteger("in_channels", inChannels) < 1) {
      throw new Error(`in_channels must be positive, got ${inChannels}`);
    }
    if (layer.type === "pool") return [0, 0];
    if (layer.type !== "conv") {
      throw new Error(`unknown layer ${JSON.stringify(layer)}: expected Conv2d or MaxPool2d`);
    }
    const weights = checkSafe("the weight count", layer.outChannels * inChannels * layer.k * layer.k);
    return [weights, layer.bias === false ? 0 : layer.outChannels];
  }

  function dilationFromGaps(gaps) {
    if (checkInteger("dilation d'", gaps) < 0) {
      throw new Error(`dilation d' must be at least 0 (d' = 0 means no dilation), got ${gaps}`);
    }
    return gaps + 1;
  }

  function gapsFromDilation(d) {
    if (checkInteger("dilation d", d) < 1) {
      throw new Error(`dilation d must be at least 1 (d = 1 means no dilation), got ${d}`);
    }
    return d - 1;
  }

  function checkBound(name, value, smallest) {
    if (checkInteger(`bound ${name}`, value) < smallest || value > BOUND_LIMIT) {
      throw new Error(
        `bound ${name} must be an integer from ${smallest} to ${BOUND_LIMIT}, got ${value}`
      );
    }
  }

  function range(first, last) {
    const values = [];
    for (let v = first; v <= last; v += 1) values.push(v);
    return values;
  }

  // Every {k, s, p, d} with outputSize(i, k, s, p, d) === o, in lexicographic order.
  // A null/undefined k, s, p or d is free and runs over 1..kMax, 1..sMax, 0..pMax, 1..dMax.
  function enumerate(options) {
    const { i, o, k = null, s = null, p = null, d = null } = options;
    const { kMax = 12, sMax = 8, pMax = 8, dMax = 8 } = options;
    if (checkInteger("input size i", i) < 1) {
      throw new Error(`input size i must be positive, got ${i}`);
    }
    if (checkInteger("target output size o", o) < 1) {
      throw new Error(`target output size o must be positive, got ${o}`);
    }
    checkHyperparameters(k, s, p, d);
    checkBound("k_max", kMax, 1);
    checkBound("s_max", sMax, 1);
    checkBound("p_max", pMax, 0);
    checkBound("d_max", dMax, 1);
    const found = [];
    for (const kk of k != null ? [k] : range(1, kMax)) {
      for (const ss of s != null ? [s] : range(1, sMax)) {
        for (const pp of p != null ? [p] : range(0, pMax)) {
          for (const dd of d != null ? [d] : dilations(i, o, kk, ss, pp, dMax)) {
            if (effectiveKernelSize(kk, dd) > i + 2 * pp) continue;
            if (outputSize(i, kk, ss, pp, dd) === o) found.push({ k: kk, s: ss, p: pp, d: dd });
          }
        }
      }
    }
    return found;
  }

  // The free dilations worth trying for fixed k, s, p: by (8.2), output size o needs
  // i + 2p - o*s <= d(k-1) <= i + 2p - 1 - (o-1)s, an interval of d when k >= 2 (every d
  // when k = 1). The candidates are still checked with outputSize; this only skips the
  // rest of 1..dMax, so that the widest search stays fast.
  function dilations(i, o, k, s, p, dMax) {
    if (k === 1) return range(1, dMax);
    const low = i + 2 * p - o * s;
    const high = i + 2 * p - 1 - (o - 1) * s;
    const first = Math.max(1, low <= 0 ? 1 : floorDiv(low - 1, k - 1) + 1);  // ceil
    const last = high < 0 ? 0 : Math.min(dMax, floorDiv(high, k - 1));
    return range(first, last);
  }

  function gcd(a, b) {
    while (b) [a, b] = [b, a % b];
    return a;
  }

  // What the windows read along one axis: the answers of describe_configuration (which
  // follows every tap), computed here with closed forms where they exist and with loops
  // whose work is counted. Returns null when the work would exceed `budget` (the form
  // then says so instead of freezing the page). Output j reads the padded positions
  // j*s + t*d (t = 0..k-1); the input occupies p..p+i-1.
  function describe(i, k, s, p = 0, d = 1, budget = Infinity) {
    const o = outputSize(i, k, s, p, d);
    const span = effectiveKernelSize(k, d);
    // Two windows share a position iff a*s = b*d with 1 <= a <= o-1, 1 <= b <= k-1; the
    // smallest solution is a = d/g, b = s/g (g = gcd(s, d)), and every other is a multiple.
    const g = gcd(s, d);
    const overlapping = o >= 2 && k >= 2 && d / g <= o - 1 && s / g <= k - 1;
    // Windows entirely left of the input (last tap j*s + span - 1 <= p - 1), entirely
    // right of it (first tap j*s >= p + i); the others see the input unless d > i, when
    // the taps can straddle it.
    const left = p >= span ? Math.min(o, floorDiv(p - span, s) + 1) : 0;
    const firstRight = floorDiv(p + i - 1, s) + 1;  // ceil((p + i) / s)
    const right = Math.max(0, o - firstRight);
    let work = 0;
    let paddingOnly = left + right;
    if (d > i) {
      const last = p === 0 ? 0 : Math.min(o, floorDiv(p - 1, s) + 1);  // first tap < p
      work += Math.max(0, last - left);
      if (work > budget) return null;
      for (let j = left; j < last; j += 1) {
        if ((((j * s - p) % d) + d) % d >= i) paddingOnly += 1;  // next tap >= p is past the input
      }
    }
    let unread;
    if (d === 1) {
      // the windows are intervals [j*s, j*s + k - 1]: sweep them in order
      work += o;
      if (work > budget) return null;
      let covered = 0;
      let end = -1;
      for (let j = 0; j < o; j += 1) {
        const from = Math.max(j * s, end + 1, p);
        const to = Math.min(j * s + k - 1, p + i - 1);
        if (to >= from) covered += to - from + 1;
        end = Math.max(end, j * s + k - 1);
      }
      unread = i - covered;
    } else {
      work += i + 2 * p + o * k;  // follow every tap
      if (work > budget) return null;
      const reads = new Uint8Array(i + 2 * p);
      for (let j = 0; j < o; j += 1) {
        for (let t = 0; t < k; t += 1) reads[j * s + t * d] = 1;
      }
      unread = 0;
      for (let position = p; position < p + i; position += 1) unread += reads[position] ? 0 : 1;
    }
    return {
      o: o,
      effective_kernel: span,
      one_by_one: k === 1,
      padding_only_outputs: paddingOnly,
      overlapping: overlapping,
      unread_inputs: unread,
      tiles: !overlapping && unread === 0,
    };
  }

  window.convArithmetic = {
    outputSize, enumerate, describe, dilationFromGaps, gapsFromDilation, effectiveKernelSize,
    checkPoolPadding, conv, pool, layerOutputShape, shapesThrough, parameterCount,
    updates: 0,     // recomputations of a form (one per edit)
    searchWork: 0,  // the work the last search table's notes took (at most workBudget)
  };

  // ---- the forms ---------------------------------------------------------------------

  const LABELS = {
    i: "input size i", o: "target output size o", k: "kernel size k", s: "stride s",
    p: "padding p", d: "dilation d", kMax: "bound k_max", sMax: "bound s_max",
    pMax: "bound p_max", dMax: "bound d_max", c: "input channels C", h: "input height H",
    w: "input width W", out: "out_channels",
  };

  // The number typed in a field; null when left blank (a free variable in the search).
  function readValue(field, label) {
    const text = field.value.trim();
    if (text === "") {
      if (field.validity && field.validity.badInput) {
        throw new Error(`${label} must be an integer, got a value that is not a number`);
      }
      return null;
    }
    if (/^[+-]?\d+$/.test(text)) {  // plain digits: read exactly, refuse beyond 2^53 - 1
      const big = BigInt(text);
      if (big > BigInt(SAFE) || big < -BigInt(SAFE)) throw new Error(`${label} ${TOO_LARGE}`);
    }
    return Number(text);
  }

  function readField(form, name, label = LABELS[name]) {
    return readValue(form.elements[name], label);
  }

  function required(value, label) {
    if (value === null) throw new Error(`${label} is missing`);
    return value;
  }

  // The page-wide dilation convention: "torch" (d; d = 1: none) or "gaps" (d' = d - 1).
  // Switching it keeps what the reader typed and reads it in the new convention.
  function gapsConvention(root) {
    return root.querySelector("#conv-convention").value === "gaps";
  }

  function dilationLabel(root) {
    return gapsConvention(root) ? "dilation d'" : LABELS.d;
  }

  // The dilation as PyTorch counts it (d = 1: none), from a field in the page's convention.
  function readDilation(root, field, label = dilationLabel(root)) {
    const value = readValue(field, label);
    if (value === null) return null;
    return gapsConvention(root) ? dilationFromGaps(value) : value;
  }

  const CONVENTION_NOTES = {
    torch: "Read as d: 1 is no dilation, 2 leaves one gap between taps. Each result also " +
      "gives d′ = d − 1.",
    gaps: "Read as d′ = d − 1, the gaps between taps: 0 is no dilation. The numbers typed " +
      "are kept and now mean d = d′ + 1; each result gives d and d′.",
  };

  function showConvention(root) {
    const gaps = gapsConvention(root);
    for (const name of root.querySelectorAll(".conv-d-name")) {
      name.textContent = gaps ? "dilation d′" : "dilation d";
    }
    root.querySelector("#conv-convention-note").textContent =
      CONVENTION_NOTES[gaps ? "gaps" : "torch"];
  }

  // An error goes to its form's alert box (role="alert", styled as an error), and the
  // form's result line is hidden; a result clears the box and shows the line again.
  function showError(box, line, error) {
    box.textContent = error.message;
    if (line) line.hidden = true;
  }

  function clearError(box, line) {
    box.textContent = "";
    if (line) line.hidden = false;
  }

  function dilationText(d) {
    return d === 1 ? "" : `, d = ${d} (d′ = ${d - 1})`;
  }

  function number(n) {
    return n.toLocaleString("en-US");
  }

  // ---- one layer ----

  function updateSize(root) {
    window.convArithmetic.updates += 1;
    const form = root.querySelector("#conv-size-form");
    const output = root.querySelector("#conv-size-result");
    const line = root.querySelector("#conv-size-line");
    const box = root.querySelector("#conv-size-error");
    const pooling = form.elements.kind.value === "pool";
    form.elements.s.placeholder = pooling ? "= k" : "";
    clearError(box, line);
    try {
      const i = required(readField(form, "i"), LABELS.i);
      const k = required(readField(form, "k"), LABELS.k);
      let s = readField(form, "s");
      s = pooling && s === null ? k : required(s, LABELS.s);
      const p = required(readField(form, "p"), LABELS.p);
      const d = required(readDilation(root, form.elements.d), dilationLabel(root));
      if (pooling) checkPoolPadding(k, p, d);
      const o = outputSize(i, k, s, p, d);
      const span = effectiveKernelSize(k, d);
      output.textContent =
        `o = ${o}   (floor((${i} + 2·${p} − ${span}) / ${s}) + 1, ` +
        `effective kernel d(k−1)+1 = ${span}, d = ${d}, d′ = ${d - 1})`;
      output.dataset.o = String(o);
    } catch (error) {
      delete output.dataset.o;
      output.textContent = "";
      showError(box, line, error);
    }
  }

  // ---- every configuration ----

  function notesFor(info, config, o, i) {
    const notes = [];
    if (o === 1) notes.push(info.unread_inputs === 0 ? "a single window, reading every input"
      : `a single window; ${info.unread_inputs} of ${i} inputs never read`);
    else if (info.tiles) notes.push("windows tile the input (each input read once)");
    else if (info.overlapping) notes.push("windows overlap");
    else notes.push(`non-overlapping, ${info.unread_inputs} of ${i} inputs never read`);
    if (config.k === 1) notes.push("degenerate: 1×1 kernel");
    if (info.padding_only_outputs > 0) {
      notes.push(`degenerate: ${info.padding_only_outputs} of ${o} outputs per axis see only padding`);
    }
    return notes.join("; ");
  }

  // Keep the page responsive: the notes of one table share a bounded amount of work.
  const MAX_ROWS = 500;
  const WORK_BUDGET = 2000000;
  window.convArithmetic.workBudget = WORK_BUDGET;

  // The work describe() counts for one configuration (an upper bound is enough).
  function workOf(i, c) {
    const o = outputSize(i, c.k, c.s, c.p, c.d);
    return (c.d === 1 ? o : i + 2 * c.p + o * c.k) + (c.d > i ? o : 0);
  }

  function updateSearch(root) {
    window.convArithmetic.updates += 1;
    window.convArithmetic.searchWork = 0;
    const form = root.querySelector("#conv-search-form");
    const output = root.querySelector("#conv-search-result");
    const line = root.querySelector("#conv-search-line");
    const box = root.querySelector("#conv-search-error");
    const table = root.querySelector("#conv-search-table");
    clearError(box, line);
    table.replaceChildren();
    try {
      const i = required(readField(form, "i"), LABELS.i);
      const o = required(readField(form, "o"), LABELS.o);
      const options = {
        i, o,
        k: readField(form, "k"),
        s: readField(form, "s"),
        p: readField(form, "p"),
        d: readDilation(root, form.elements.d),
      };
      for (const name of ["kMax", "sMax", "pMax", "dMax"]) {
        options[name] = required(readField(form, name), LABELS[name]);
      }
      const found = enumerate(options);
      output.textContent =
        `${found.length} configuration${found.length === 1 ? "" : "s"} ` +
        `give${found.length === 1 ? "s" : ""} output size ${o} from input size ${i}` +
        (found.length > MAX_ROWS ? ` (the first ${MAX_ROWS} are listed)` : "");
      output.dataset.count = String(found.length);
      if (found.length === 0) return;
      const head = table.createTHead().insertRow();
      for (const title of ["k", "s", "p", "d", "d′", "d(k−1)+1", "notes"]) {
        const cell = document.createElement("th");
        cell.textContent = title;
        head.appendChild(cell);
      }
      const body = table.createTBody();
      let budget = WORK_BUDGET;
      for (const config of found.slice(0, MAX_ROWS)) {
        const span = effectiveKernelSize(config.k, config.d);
        const info = describe(i, config.k, config.s, config.p, config.d, budget);
        if (info !== null) budget -= workOf(i, config);
        window.convArithmetic.searchWork = WORK_BUDGET - budget;
        const notes = info === null
          ? "(too many windows to follow every tap in the browser)"
          : notesFor(info, config, o, i);
        const row = body.insertRow();
        const values = [config.k, config.s, config.p, config.d, config.d - 1, span, notes];
        for (const value of values) row.insertCell().textContent = String(value);
      }
    } catch (error) {
      delete output.dataset.count;
      output.textContent = "";
      showError(box, line, error);
    }
  }

  // ---- a network, layer after layer ----

  const KINDS = { conv: "convolution", pool: "max pooling" };
  const FIELDS = [  // [data-field, visible label, label in error messages]
    ["out", "kernels C_out", "out_channels"],
    ["k", "kernel size k", LABELS.k],
    ["s", "stride s", LABELS.s],
    ["p", "padding p", LABELS.p],
    ["d", null, null],  // dilation: named by the page's convention
  ];

  function element(tag, properties = {}, children = []) {
    const node = document.createElement(tag);
    Object.assign(node, properties);
    node.append(...children);
    return node;
  }

  // One <li> with the fields of a layer; `values` as typed (dilation in the page's convention).
  function layerItem(root, type, values) {
    const kind = element("select", {}, Object.entries(KINDS).map(
      ([value, text]) => element("option", { value, textContent: text })));
    kind.value = type;
    kind.dataset.field = "type";
    const fieldset = element("fieldset", {}, [
      element("legend"),
      element("label", {}, ["layer", element("br"), kind]),
    ]);
    for (const [name, text] of FIELDS) {
      const input = element("input", { type: "number", step: "1" });
      input.dataset.field = name;
      input.value = values[name] == null ? "" : String(values[name]);
      const caption = name === "d"
        ? element("span", { className: "conv-d-name",
                            textContent: gapsConvention(root) ? "dilation d′" : "dilation d" })
        : text;
      fieldset.append(element("label", {}, [caption, element("br"), input]));
    }
    fieldset.append(element("button", { type: "button", textContent: "Remove" }));
    return element("li", {}, [fieldset]);
  }

  // Legends, the remove buttons' names, the fields a pooling does not have.
  function refreshLayers(root) {
    const items = root.querySelectorAll("#conv-chain-layers > li");
    items.forEach((item, index) => {
      const type = item.querySelector("[data-field=type]").value;
      item.querySelector("legend").textContent = `Layer ${index + 1}: ${KINDS[type]}`;
      item.querySelector("button").setAttribute("aria-label", `Remove layer ${index + 1}`);
      item.querySelector("[data-field=out]").closest("label").hidden = type === "pool";
      item.querySelector("[data-field=s]").placeholder = type === "pool" ? "= k" : "";
    });
  }

  // The values a new layer starts with (a pooling keeps a hidden number of kernels, used
  // if the reader turns it into a convolution).
  const NEW_LAYER = {
    conv: { out: 16, k: 3, s: 1, p: 1 },
    pool: { out: 16, k: 2, s: null, p: 0 },
  };

  function noDilation(root) {
    return gapsConvention(root) ? 0 : 1;
  }

  const QUESTION_7 = {
    input: { c: 3, h: 256, w: 256 },
    layers: [["conv", { out: 64, k: 8, s: 2, p: 0 }], ["pool", { k: 5, s: 5, p: 0 }],
             ["conv", { out: 128, k: 4, s: 1, p: 1 }]],
  };

  function loadNetwork(root, network) {
    const form = root.querySelector("#conv-chain-form");
    for (const [name, value] of Object.entries(network.input)) form.elements[name].value = value;
    const list = root.querySelector("#conv-chain-layers");
    list.replaceChildren(...network.layers.map(
      ([type, values]) => layerItem(root, type, { ...NEW_LAYER[type], d: noDilation(root),
                                                  ...values })));
    refreshLayers(root);
  }

  function addLayer(root, type) {
    const list = root.querySelector("#conv-chain-layers");
    const item = layerItem(root, type, { ...NEW_LAYER[type], d: noDilation(root) });
    list.append(item);
    refreshLayers(root);
    item.querySelector("[data-field=type]").focus();
  }

  function removeLayer(root, item) {
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    refreshLayers(root);
    (next ? next.querySelector("[data-field=type]")
      : root.querySelector("#conv-chain-form [data-add=conv]")).focus();
  }

  // The layer an <li> describes, read from its fields (null stride of a pooling: s = k).
  function readLayer(root, item) {
    const type = item.querySelector("[data-field=type]").value;
    const value = (name, label) => readValue(item.querySelector(`[data-field=${name}]`), label);
    const k = required(value("k", LABELS.k), LABELS.k);
    let s = value("s", LABELS.s);
    if (type === "conv") s = required(s, LABELS.s);
    const p = required(value("p", LABELS.p), LABELS.p);
    const dField = item.querySelector("[data-field=d]");
    const d = required(readDilation(root, dField), dilationLabel(root));
    if (type === "pool") return pool(k, s, p, d);
    return conv(required(value("out", "out_channels"), "out_channels"), k, s, p, d);
  }

  function describeLayer(index, layer) {
    const size = `${layer.k}×${layer.k}`;
    const stride = layer.s == null ? layer.k : layer.s;
    const what = layer.type === "conv"
      ? `convolution, ${layer.outChannels} kernels ${size}`
      : `max pooling ${size}`;
    return `${index}. ${what}, s = ${stride}, p = ${layer.p}${dilationText(layer.d)}`;
  }

  function chainRow(body, cells, data) {
    const row = body.insertRow();
    for (const text of cells) row.insertCell().textContent = text;
    Object.assign(row.dataset, data);
    return row;
  }

  function updateChain(root) {
    window.convArithmetic.updates += 1;
    const form = root.querySelector("#conv-chain-form");
    const box = root.querySelector("#conv-chain-error");
    const table = root.querySelector("#conv-chain-table");
    clearError(box, null);
    table.replaceChildren();
    delete table.dataset.total;
    const head = table.createTHead().insertRow();
    for (const title of ["layer", "output C × H × W", "parameters: weights + biases"]) {
      head.appendChild(element("th", { scope: "col", textContent: title }));
    }
    const body = table.createTBody();
    let where = "the input";
    try {
      const shape = ["c", "h", "w"].map((name) => required(readField(form, name), LABELS[name]));
      shapesThrough(shape, []);  // the input's own checks
      chainRow(body, ["input", shape.join(" × "), "—"], { shape: shape.join(",") });
      let current = shape;
      let weights = 0;
      let biases = 0;
      const items = [...root.querySelectorAll("#conv-chain-layers > li")];
      items.forEach((item, index) => {
        const type = item.querySelector("[data-field=type]").value;
        where = `layer ${index + 1} (${KINDS[type]})`;
        const layer = readLayer(root, item);
        const next = layerOutputShape(current, layer);
        const [w, b] = parameterCount(current[0], layer);
        weights = checkSafe("the total weight count", weights + w);
        biases = checkSafe("the total bias count", biases + b);
        const total = checkSafe("the parameter count", w + b);
        chainRow(body, [describeLayer(index + 1, layer), next.join(" × "),
          layer.type === "pool" ? "0 (pooling has none)"
            : `${number(w)} + ${number(b)} = ${number(total)}`],
        { shape: next.join(","), weights: String(w), biases: String(b) });
        current = next;
      });
      const total = checkSafe("the parameter count", weights + biases);
      const foot = table.createTFoot();
      chainRow(foot, ["all layers", current.join(" × "),
        `${number(weights)} + ${number(biases)} = ${number(total)}`], {});
      Object.assign(table.dataset, {
        total: String(total), weights: String(weights), biases: String(biases),
      });
    } catch (error) {
      showError(box, null, new Error(`${where}: ${error.message}`));
    }
  }

  // ---- binding ----

  function bind(root) {
    const forms = {
      "#conv-chain-form": () => updateChain(root),
      "#conv-size-form": () => updateSize(root),
      "#conv-search-form": () => updateSearch(root),
    };
    for (const [selector, update] of Object.entries(forms)) {
      const form = root.querySelector(selector);
      // One recomputation per edit: "input" fires on every edit of a field or a select
      // ("change" would fire a second time for the same edit).
      form.addEventListener("input", update);
      form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
    }
    const chain = root.querySelector("#conv-chain-form");
    chain.addEventListener("input", (event) => {
      if (event.target.dataset.field === "type") refreshLayers(root);
    }, { capture: true });  // legends first, then the recomputation
    chain.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.dataset.add) addLayer(root, button.dataset.add);
      else if (button.id === "conv-chain-q7") loadNetwork(root, QUESTION_7);
      else removeLayer(root, button.closest("li"));
      updateChain(root);
    });
    root.querySelector("#conv-convention").addEventListener("input", () => {
      showConvention(root);
      for (const update of Object.values(forms)) update();
    });
    showConvention(root);
    loadNetwork(root, QUESTION_7);
    for (const update of Object.values(forms)) update();
  }

  function onPage() {
    const root = document.querySelector("#conv-calculator");
    if (!root || root.dataset.bound === "yes") return;  // another page, or bound already
    root.dataset.bound = "yes";
    bind(root);
  }

  window.onEveryPage(onPage);  // on-every-page.js: first load and every instant navigation
})();
