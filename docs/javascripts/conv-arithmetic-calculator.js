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
    updates: 0,     // recomputations of a form (one per edit)
    searchWork: 0,  // the work the last search table's notes took (at most workBudget)
  };

  // ---- the form ----------------------------------------------------------------------

  const LABELS = {
    i: "input size i", o: "target output size o", k: "kernel size k", s: "stride s",
    p: "padding p", d: "dilation d", kMax: "bound k_max", sMax: "bound s_max",
    pMax: "bound p_max", dMax: "bound d_max",
  };

  // The number typed in a field; null when left blank (a free variable in the search).
  function readField(form, name, label) {
    const field = form.elements[name];
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

  function required(value, label) {
    if (value === null) throw new Error(`${label} is missing`);
    return value;
  }

  // The dilation as PyTorch counts it (d = 1: none), whichever convention the form uses.
  function readDilation(form, label) {
    const value = readField(form, "d", label);
    if (value === null) return null;
    return form.elements.convention.value === "gaps" ? dilationFromGaps(value) : value;
  }

  function dilationLabel(form) {
    return form.elements.convention.value === "gaps" ? "dilation d'" : LABELS.d;
  }

  function showError(output, error) {
    output.textContent = error.message;
    output.classList.add("conv-error");
    output.style.color = "#c62828";
  }

  function clearError(output) {
    output.classList.remove("conv-error");
    output.style.color = "";
  }

  function updateSize(form, output) {
    window.convArithmetic.updates += 1;
    clearError(output);
    try {
      const i = required(readField(form, "i", LABELS.i), LABELS.i);
      const k = required(readField(form, "k", LABELS.k), LABELS.k);
      const s = required(readField(form, "s", LABELS.s), LABELS.s);
      const p = required(readField(form, "p", LABELS.p), LABELS.p);
      const d = required(readDilation(form, dilationLabel(form)), dilationLabel(form));
      const o = outputSize(i, k, s, p, d);
      const span = effectiveKernelSize(k, d);
      output.textContent =
        `o = ${o}   (floor((${i} + 2·${p} − ${span}) / ${s}) + 1, ` +
        `effective kernel d(k−1)+1 = ${span}, d = ${d}, d′ = ${d - 1})`;
      output.dataset.o = String(o);
    } catch (error) {
      delete output.dataset.o;
      showError(output, error);
    }
  }

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

  function updateSearch(form, output, table) {
    window.convArithmetic.updates += 1;
    window.convArithmetic.searchWork = 0;
    clearError(output);
    table.replaceChildren();
    try {
      const i = required(readField(form, "i", LABELS.i), LABELS.i);
      const o = required(readField(form, "o", LABELS.o), LABELS.o);
      const options = {
        i, o,
        k: readField(form, "k", LABELS.k),
        s: readField(form, "s", LABELS.s),
        p: readField(form, "p", LABELS.p),
        d: readDilation(form, dilationLabel(form)),
      };
      for (const name of ["kMax", "sMax", "pMax", "dMax"]) {
        options[name] = required(readField(form, name, LABELS[name]), LABELS[name]);
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
      showError(output, error);
    }
  }

  // Switching between d and d' rewrites the dilation field so that it names the same
  // layer (d' = d - 1). Listeners on the select run before the form's own listeners.
  function keepLayerWhenConventionChanges(form) {
    const select = form.elements.convention;
    select.dataset.previous = select.value;
    select.addEventListener("input", () => {
      const field = form.elements.d;
      const value = Number(field.value);
      if (field.value.trim() !== "" && Number.isInteger(value) && select.value !== select.dataset.previous) {
        field.value = String(select.value === "gaps" ? value - 1 : value + 1);
      }
      select.dataset.previous = select.value;
    });
  }

  function bind(root) {
    const sizeForm = root.querySelector("#conv-size-form");
    const sizeOutput = root.querySelector("#conv-size-result");
    const searchForm = root.querySelector("#conv-search-form");
    const searchOutput = root.querySelector("#conv-search-result");
    const searchTable = root.querySelector("#conv-search-table");
    const size = () => updateSize(sizeForm, sizeOutput);
    const search = () => updateSearch(searchForm, searchOutput, searchTable);
    for (const [form, update] of [[sizeForm, size], [searchForm, search]]) {
      keepLayerWhenConventionChanges(form);
      // One recomputation per edit: "input" fires on every edit of a field or the select
      // ("change" would fire a second time for the same edit).
      form.addEventListener("input", update);
      form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
    }
    size();
    search();
  }

  function onPage() {
    const root = document.querySelector("#conv-calculator");
    if (!root || root.dataset.bound === "yes") return;  // another page, or bound already
    root.dataset.bound = "yes";
    bind(root);
  }

  window.onEveryPage(onPage);  // on-every-page.js: first load and every instant navigation
})();
