// Convolution arithmetic calculator (page: conv-arithmetic-calculator.md).
//
// Self-contained: no library, no network. Loaded on every page through mkdocs.yml
// `extra_javascript`; it defines pure functions on window.convArithmetic (the tests call
// them and compare with snippets/conv_arithmetic.py, which they mirror line for line,
// error messages included) and binds the form only on the page that has #conv-calculator.
// Material's instant navigation swaps the page without re-running scripts, so the form
// is (re)bound on every page change through document$.
(function () {
  "use strict";

  const BOUND_LIMIT = 64;

  // ---- pure functions: the mirror of snippets/conv_arithmetic.py -----------------------

  function checkInteger(label, value) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new Error(`${label} must be an integer, got ${value}`);
    }
    return value;
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
    const span = effectiveKernelSize(k, d);
    const padded = i + 2 * p;
    if (span > padded) {
      throw new Error(
        `dilated kernel d(k-1)+1 = ${span} is larger than the padded input i+2p = ${padded}`
      );
    }
    return Math.floor((padded - span) / s) + 1;
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
          for (const dd of d != null ? [d] : range(1, dMax)) {
            if (effectiveKernelSize(kk, dd) > i + 2 * pp) continue;
            if (outputSize(i, kk, ss, pp, dd) === o) found.push({ k: kk, s: ss, p: pp, d: dd });
          }
        }
      }
    }
    return found;
  }

  // What the windows read along one axis, counted tap by tap (describe_configuration).
  function describe(i, k, s, p = 0, d = 1) {
    const o = outputSize(i, k, s, p, d);
    const reads = new Array(i + 2 * p).fill(0);
    let paddingOnly = 0;
    for (let j = 0; j < o; j += 1) {
      let seesInput = false;
      for (let t = 0; t < k; t += 1) {
        const position = j * s + t * d;
        reads[position] += 1;
        if (position >= p && position < p + i) seesInput = true;
      }
      if (!seesInput) paddingOnly += 1;
    }
    const overlapping = Math.max(...reads) > 1;
    let unread = 0;
    for (let position = p; position < p + i; position += 1) {
      if (reads[position] === 0) unread += 1;
    }
    return {
      o: o,
      effective_kernel: effectiveKernelSize(k, d),
      one_by_one: k === 1,
      padding_only_outputs: paddingOnly,
      overlapping: overlapping,
      unread_inputs: unread,
      tiles: !overlapping && unread === 0,
    };
  }

  window.convArithmetic = {
    outputSize, enumerate, describe, dilationFromGaps, gapsFromDilation, effectiveKernelSize,
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
    if (info.tiles) notes.push("windows tile the input (each input read once)");
    else if (info.overlapping) notes.push("windows overlap");
    else notes.push(`non-overlapping, ${info.unread_inputs} of ${i} inputs never read`);
    if (config.k === 1) notes.push("degenerate: 1×1 kernel");
    if (info.padding_only_outputs > 0) {
      notes.push(`degenerate: ${info.padding_only_outputs} of ${o} outputs per axis see only padding`);
    }
    return notes.join("; ");
  }

  // Keep the page responsive: the tap-by-tap notes cost O(i + 2p + o k) per row.
  const MAX_ROWS = 500;
  const MAX_DESCRIBED_INPUT = 100000;

  function updateSearch(form, output, table) {
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
      for (const config of found.slice(0, MAX_ROWS)) {
        const span = effectiveKernelSize(config.k, config.d);
        const notes = i + 2 * config.p > MAX_DESCRIBED_INPUT
          ? "(input too large to follow every tap)"
          : notesFor(describe(i, config.k, config.s, config.p, config.d), config, o, i);
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
      form.addEventListener("input", update);
      form.addEventListener("change", update);
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

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);  // first load and every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
