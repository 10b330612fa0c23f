"""The JavaScript calculator (docs/javascripts/conv-arithmetic-calculator.js) in headless
Chromium: its functions give the same answers and the same errors as
snippets/conv_arithmetic.py, its form works, and it still works after instant navigation."""

import itertools
import random
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import load_fully, load_snippet, open_page

pytestmark = pytest.mark.browser

ca = load_snippet("conv_arithmetic")
PAGE = "conv-arithmetic-calculator/"


@pytest.fixture(scope="module")
def calculator(browser, served_site):
    context, page = open_page(browser, served_site + PAGE)
    page.wait_for_function("() => window.convArithmetic !== undefined")
    yield page
    assert page.errors == []
    assert page.hosts == {urlparse(served_site).netloc}
    context.close()


def python_answer(function, *args, **kwargs):
    """{"ok": value} or {"error": message}, the shape the JavaScript side returns."""
    try:
        return {"ok": function(*args, **kwargs)}
    except ValueError as error:
        return {"error": str(error)}


JS_OUTPUT_SIZES = """
cases => cases.map(([i, k, s, p, d]) => {
  try { return {ok: window.convArithmetic.outputSize(i, k, s, p, d)}; }
  catch (error) { return {error: error.message}; }
})
"""


def output_size_cases():
    grid = list(itertools.product(range(1, 10), range(1, 5), range(0, 4), range(-1, 3),
                                  range(0, 4)))  # includes s = 0, p = -1, d = 0 and misfits
    rng = random.Random(20190205)
    # JavaScript has one number type: 3.0 is 3 there, while Python rejects the float 3.0;
    # so the non-integers sent are truly fractional.
    odd = [0, -3, 2.5, 1000, 7.25]
    randoms = []
    for _ in range(300):
        case = [rng.randint(-2, 80), rng.randint(-1, 14), rng.randint(-1, 9),
                rng.randint(-2, 10), rng.randint(-1, 9)]
        if rng.random() < 0.15:  # now and then a value that is not an integer
            case[rng.randrange(5)] = rng.choice(odd)
        randoms.append(case)
    safe = 2**53 - 1
    large = [  # exact in doubles: the answers must agree with Python's exact integers
        [safe, 1, 1, 0, 1], [safe, safe, 1, 0, 1], [safe, 3, 3, 0, 1], [safe, 2, safe, 0, 1],
        [safe - 2, 1, 1, 1, 1], [2**52, 2**20, 2**31 - 1, 2**50, 2**30 + 3],
        [10**15 + 7, 999, 10**6 + 3, 10**14, 12345], [99999, 50000, 1, 0, 1],
        [2**53 - 3, 4, 5, 1, 2], [123456789012, 2, 7, 2**40, 3],
    ]
    for _ in range(200):
        i, p = rng.randint(1, 2**51), rng.randint(0, 2**50)
        k, d = rng.randint(1, 2**20), rng.randint(1, 2**20)
        large.append([i, k, rng.randint(1, 2**52), p, d])
    return [list(c) for c in grid] + randoms + large


def unsafe_cases():
    """Values (or intermediate sums) beyond 2^53 - 1: JavaScript must refuse them."""
    safe = 2**53 - 1
    return [[safe + 2, 1, 1, 0, 1], [8, 3, 1, 10**16, 1], [2**52, 1, 1, 2**51, 1],
            [8, 2**27, 1, 0, 2**27], [1e308, 1, 1, 0, 1], [8, 3, safe + 1, 0, 1]]


def test_output_size_refuses_unsafe_integers(calculator):
    js = calculator.evaluate(JS_OUTPUT_SIZES, unsafe_cases())
    assert all("2^53 − 1" in answer.get("error", "") for answer in js), js


def test_output_size_matches_python(calculator):
    cases = output_size_cases()
    js = calculator.evaluate(JS_OUTPUT_SIZES, cases)
    python = [python_answer(ca.output_size, *case) for case in cases]
    assert len(cases) >= 200
    assert sum("error" in answer for answer in python) >= 50  # invalid cases are covered
    assert sum("ok" in answer for answer in python) >= 150
    mismatches = [(case, p, j) for case, p, j in zip(cases, python, js) if p != j]
    assert not mismatches, mismatches[:10]


JS_ENUMERATE = """
cases => cases.map(options => {
  try {
    const found = window.convArithmetic.enumerate(options);
    return {ok: found.map(c => ({config: [c.k, c.s, c.p, c.d],
      info: window.convArithmetic.describe(options.i, c.k, c.s, c.p, c.d)}))};
  } catch (error) { return {error: error.message}; }
})
"""

PYTHON_NAMES = {"kMax": "k_max", "sMax": "s_max", "pMax": "p_max", "dMax": "d_max"}


def python_enumerate(options):
    kwargs = {PYTHON_NAMES.get(name, name): value for name, value in options.items()}
    try:
        found = ca.enumerate_configurations(**kwargs)
    except ValueError as error:
        return {"error": str(error)}
    return {"ok": [{"config": list(c), "info": ca.describe_configuration(kwargs["i"], *c)}
                   for c in found]}


def enumerate_cases():
    question_8 = [
        dict(i=64, o=32, k=8, d=1), dict(i=64, o=32, d=7, s=2), dict(i=32, o=8, p=0, d=1),
        dict(i=32, o=7, k=8, s=4, p=0, d=1), dict(i=8, o=4, p=0, d=1), dict(i=8, o=4, d=2, p=2),
        dict(i=8, o=4, p=1, d=1), dict(i=64, o=32, k=8, d=1, pMax=40),
        dict(i=64, o=32, d=7, s=2, pMax=40), dict(i=125, o=25, p=0, d=1),
    ]
    invalid = [
        dict(i=0, o=4), dict(i=8, o=0), dict(i=8, o=4, s=0), dict(i=8, o=4, p=-1),
        dict(i=8, o=4, d=0), dict(i=8, o=4, k=2.5), dict(i=8, o=4, kMax=0),
        dict(i=8, o=4, sMax=65), dict(i=8, o=4, pMax=-1), dict(i=8, o=4, dMax=1.5),
        dict(i=2.5, o=4),
    ]
    rng = random.Random(8)
    randoms = []
    for _ in range(60):
        options = dict(i=rng.randint(1, 24), o=rng.randint(1, 10),
                       kMax=rng.randint(1, 6), sMax=rng.randint(1, 4),
                       pMax=rng.randint(0, 4), dMax=rng.randint(1, 3))
        for name, low, high in (("k", 1, 6), ("s", 1, 4), ("p", 0, 4), ("d", 1, 3)):
            if rng.random() < 0.4:
                options[name] = rng.randint(low, high)
        randoms.append(options)
    wide = [dict(i=100, o=50, kMax=64, sMax=64, pMax=64, dMax=64),  # every bound at its limit
            dict(i=37, o=3, kMax=20, sMax=30, pMax=64, dMax=2), dict(i=5, o=5, k=1, dMax=64)]
    return question_8 + invalid + randoms + wide


JS_DESCRIBE = """
cases => cases.map(c => window.convArithmetic.describe(...c))
"""


def describe_cases():
    """Larger and boundary layers (dilation above the input size, padding beyond the
    kernel, a single window), within what the tap-by-tap Python can follow quickly."""
    rng = random.Random(53)
    cases = [[8, 8, 3, 0, 1], [1, 2, 1, 1, 2], [99, 50, 1, 0, 1], [30, 3, 7, 40, 20],
             [1000, 1, 1000, 0, 1], [1000, 64, 3, 64, 9]]
    while len(cases) < 400:
        i, k, s, p = rng.randint(1, 400), rng.randint(1, 64), rng.randint(1, 64), rng.randint(0, 200)
        d = rng.choice([1, 1, rng.randint(1, 10)])
        if rng.random() < 0.3:  # a gap between taps wider than the input
            d, k = rng.randint(i + 1, i + 60), rng.randint(2, 4)
            p = rng.randint(0, d * (k - 1))
        if d * (k - 1) + 1 <= i + 2 * p:
            cases.append([i, k, s, p, d])
    return cases


def test_describe_matches_python_on_larger_values(calculator):
    cases = describe_cases()
    js = calculator.evaluate(JS_DESCRIBE, cases)
    python = [ca.describe_configuration(*c) for c in cases]
    assert sum(c[4] > c[0] for c in cases) >= 40  # taps that can straddle the input
    assert sum(info["padding_only_outputs"] > 0 for info in python) >= 40
    mismatches = [(c, p, j) for c, p, j in zip(cases, python, js) if p != j]
    assert not mismatches, mismatches[:5]


def test_enumerate_and_describe_match_python(calculator):
    cases = enumerate_cases()
    js = calculator.evaluate(JS_ENUMERATE, cases)
    python = [python_enumerate(options) for options in cases]
    assert sum(len(answer.get("ok", [])) for answer in python) >= 100  # configurations compared
    assert sum(bool(answer.get("ok")) for answer in python) >= 20
    mismatches = [(case, p, j) for case, p, j in zip(cases, python, js) if p != j]
    assert not mismatches, mismatches[:5]


JS_CONVERSIONS = """
values => values.map(v => {
  const one = f => { try { return {ok: f(v)}; } catch (error) { return {error: error.message}; } };
  return [one(window.convArithmetic.dilationFromGaps), one(window.convArithmetic.gapsFromDilation)];
})
"""


def test_dilation_conventions_match_python(calculator):
    values = [-2, -1, 0, 1, 2, 6, 7, 1.5]
    js = calculator.evaluate(JS_CONVERSIONS, values)
    python = [[python_answer(ca.dilation_from_gaps, v), python_answer(ca.gaps_from_dilation, v)]
              for v in values]
    assert js == python


JS_POOL_PADDING = """
cases => cases.map(([k, p, d]) => {
  try { window.convArithmetic.checkPoolPadding(k, p, d); return {ok: null}; }
  catch (error) { return {error: error.message}; }
})
"""


def test_pool_padding_limits_match_python(calculator):
    # both checks of PyTorch's Pool.h: p <= floor(K/2), K = d(k-1)+1, then p <= floor(k/2)
    cases = [list(c) for c in itertools.product(range(0, 7), range(-1, 6), range(0, 5))]
    cases += [[3, 2, 2], [1, 1, 7], [4, 5, 3], [2.5, 1, 1], [3, 1.5, 1]]
    js = calculator.evaluate(JS_POOL_PADDING, cases)
    python = [python_answer(ca.check_pool_padding, *case) for case in cases]
    assert sum("undilated" in answer.get("error", "") for answer in python) >= 5
    assert sum("effective" in answer.get("error", "") for answer in python) >= 5
    assert sum("ok" in answer for answer in python) >= 30
    mismatches = [(case, p, j) for case, p, j in zip(cases, python, js) if p != j]
    assert not mismatches, mismatches[:10]


JS_NETWORKS = """
cases => cases.map(([shape, specs]) => {
  const ca = window.convArithmetic;
  const layers = specs.map(([type, ...args]) => type === "conv" ? ca.conv(...args) : ca.pool(...args));
  try {
    const shapes = ca.shapesThrough(shape, layers);
    return {ok: {shapes, parameters: layers.map((layer, n) => ca.parameterCount(shapes[n][0], layer))}};
  } catch (error) { return {error: error.message}; }
})
"""


def python_network(shape, specs):
    layers = [ca.Conv2d(*args) if kind == "conv" else ca.MaxPool2d(*args)
              for kind, *args in specs]
    try:
        shapes = ca.shapes_through(tuple(shape), layers)
    except ValueError as error:
        return {"error": str(error)}
    return {"ok": {"shapes": [list(s) for s in shapes],
                   "parameters": [list(ca.parameter_count(s[0], layer))
                                  for s, layer in zip(shapes, layers)]}}


def network_cases():
    question_7 = [[3, 256, 256], [["conv", 64, 8, 2, 0], ["pool", 5], ["conv", 128, 4, 1, 1]]]
    fixed = [
        question_7,
        [[3, 64, 40], [["conv", 8, 3, 2, 1], ["pool", 2], ["conv", 4, 5, 1, 0, 2]]],  # H != W
        [[3, 8, 4], [["conv", 16, 5]]],                      # fits the height only
        [[64, 125, 125], [["pool", 5, None, 3]]],            # p > floor(K/2)
        [[2, 20, 23], [["pool", 3, 1, 2, 2]]],               # p <= floor(K/2), > floor(k/2)
        [[1, 9, 9], [["pool", 1, 3, 1]]],                    # Q8 3(c) as a pooling: refused
        [[3, 8], []], [[3, 0, 8], []], [[3, 8, 2.5], []],    # bad input shapes
        [[3, 8, 8], [["conv", 0, 3]]], [[3, 8, 8], [["conv", 2.5, 3]]],
        [[3, 8, 8], [["conv", 4, 3, 0]]], [[3, 8, 8], [["pool", 2, 2, -1]]],
        [[3, 8, 8], [["conv", 4, 3, 1, 0, 1, False]]],        # no biases
    ]
    rng = random.Random(7)
    randoms = []
    for _ in range(150):
        specs = []
        for _ in range(rng.randint(1, 4)):
            d = rng.choice([1, 1, 2, 3])
            if rng.random() < 0.5:
                specs.append(["conv", rng.randint(1, 64), rng.randint(1, 5), rng.randint(1, 3),
                              rng.randint(0, 3), d])
            else:  # paddings beyond PyTorch's limits now and then
                k = rng.randint(1, 5)
                specs.append(["pool", k, rng.choice([None, 1, 2, 3]),
                              rng.randint(0, k // 2 + 1), d])
        randoms.append([[rng.randint(1, 16), rng.randint(1, 40), rng.randint(1, 40)], specs])
    return fixed + randoms


def test_networks_and_parameter_counts_match_python(calculator):
    cases = network_cases()
    js = calculator.evaluate(JS_NETWORKS, cases)
    python = [python_network(*case) for case in cases]
    assert python[0]["ok"]["shapes"][-1] == [128, 24, 24]
    assert python[0]["ok"]["parameters"][-1] == [131072, 128]
    assert sum("ok" in answer for answer in python) >= 40
    assert sum("half the" in answer.get("error", "") for answer in python) >= 10
    mismatches = [(case, p, j) for case, p, j in zip(cases, python, js) if p != j]
    assert not mismatches, mismatches[:5]


def test_parameter_counts_beyond_2_53_are_refused(calculator):
    answer = calculator.evaluate(
        "() => { try { return window.convArithmetic.parameterCount(2**30, "
        "window.convArithmetic.conv(2**20, 2**3)); } catch (e) { return e.message; } }")
    assert answer == ("the weight count is larger than 2^53 − 1 = 9007199254740991, "
                      "the largest integer JavaScript computes with exactly")


# ---- the forms -------------------------------------------------------------------------

def fill(page, form, values):
    for name, value in values.items():
        page.fill(f"#{form} [name={name}]", str(value))


def size_result(page):
    return page.inner_text("#conv-size-result")


def set_convention(page, value):
    page.select_option("#conv-convention", value)


def error_of(page, form):
    """The text of a form's error box, which must be an alert, styled apart from results,
    while the form's "Result:" line is hidden."""
    box = f"#conv-{form}-error"
    assert page.get_attribute(box, "role") == "alert"
    text = page.inner_text(box)
    if text and form != "chain":
        assert page.is_hidden(f"#conv-{form}-line")
        assert page.inner_text(f"#conv-{form}-result") == ""
    return text


def test_size_form_default_is_question_7_layer_1(calculator):
    load_fully(calculator)
    assert size_result(calculator).startswith("o = 125 ")


@pytest.mark.parametrize(
    "values, expected",
    [
        (dict(i=64, k=8, s=2, p=3, d=1), ca.output_size(64, 8, 2, 3, 1)),
        (dict(i=64, k=3, s=2, p=7, d=7), ca.output_size(64, 3, 2, 7, 7)),
        (dict(i=8, k=3, s=2, p=2, d=2), ca.output_size(8, 3, 2, 2, 2)),
        (dict(i=25, k=4, s=1, p=1, d=1), ca.output_size(25, 4, 1, 1)),
    ],
)
def test_size_form_computes_the_python_value(calculator, values, expected):
    set_convention(calculator, "torch")
    fill(calculator, "conv-size-form", values)
    assert size_result(calculator).startswith(f"o = {expected} ")
    assert calculator.get_attribute("#conv-size-result", "data-o") == str(expected)
    assert calculator.is_visible("#conv-size-line") and error_of(calculator, "size") == ""


@pytest.mark.parametrize(
    "values, args",
    [
        (dict(i=8, k=3, s=0, p=0, d=1), (8, 3, 0, 0, 1)),
        (dict(i=8, k=3, s=1, p=-1, d=1), (8, 3, 1, -1, 1)),
        (dict(i=5, k=3, s=1, p=0, d=3), (5, 3, 1, 0, 3)),
        (dict(i=8, k=2.5, s=1, p=0, d=1), (8, 2.5, 1, 0, 1)),
        (dict(i=0, k=3, s=1, p=0, d=1), (0, 3, 1, 0, 1)),
    ],
)
def test_size_form_shows_the_python_error(calculator, values, args):
    set_convention(calculator, "torch")
    fill(calculator, "conv-size-form", values)
    with pytest.raises(ValueError) as error:
        ca.output_size(*args)
    assert error_of(calculator, "size") == str(error.value)
    assert "NaN" not in error_of(calculator, "size")


def test_errors_look_like_errors(calculator):
    set_convention(calculator, "torch")
    fill(calculator, "conv-size-form", dict(i=8, k=3, s=0, p=0, d=1))
    style = calculator.evaluate("""() => {
      const box = getComputedStyle(document.querySelector("#conv-size-error"));
      const line = getComputedStyle(document.querySelector("#conv-search-line"));
      return [box.borderLeftStyle, box.backgroundColor, line.backgroundColor,
              getComputedStyle(document.querySelector("#conv-size-error"), "::before").content];
    }""")
    assert style[0] == "solid" and style[1] != style[2] and style[3] == '"Error: "'
    fill(calculator, "conv-size-form", dict(s=1))
    assert error_of(calculator, "size") == "" and calculator.is_visible("#conv-size-line")
    assert calculator.evaluate(
        "() => document.querySelector('#conv-size-error').getBoundingClientRect().height") == 0


@pytest.mark.parametrize(
    "values, args",
    [
        (dict(i=125, k=5, s="", p=3, d=1), (5, 3, 1)),   # p > floor(K/2) = 2
        (dict(i=9, k=3, s=1, p=2, d=2), (3, 2, 2)),      # p <= floor(K/2), > floor(k/2)
        (dict(i=8, k=1, s=3, p=1, d=1), (1, 1, 1)),      # Q8 3(c)'s 1x1 layer as a pooling
    ],
)
def test_size_form_applies_the_pooling_limits(calculator, values, args):
    set_convention(calculator, "torch")
    calculator.select_option("#conv-size-form [name=kind]", "pool")
    try:
        fill(calculator, "conv-size-form", values)
        with pytest.raises(ValueError) as error:
            ca.check_pool_padding(*args)
        assert error_of(calculator, "size") == str(error.value)
        # the same layer as a convolution is fine
        calculator.select_option("#conv-size-form [name=kind]", "conv")
        fill(calculator, "conv-size-form", dict(s=values["s"] or values["k"]))
        expected = ca.output_size(values["i"], values["k"], values["s"] or values["k"],
                                  values["p"], values["d"])
        assert size_result(calculator).startswith(f"o = {expected} ")
    finally:
        calculator.select_option("#conv-size-form [name=kind]", "conv")


def test_size_form_pooling_stride_defaults_to_the_window(calculator):
    set_convention(calculator, "torch")
    calculator.select_option("#conv-size-form [name=kind]", "pool")
    try:
        fill(calculator, "conv-size-form", dict(i=125, k=5, s="", p=0, d=1))
        assert size_result(calculator).startswith(
            f"o = {ca.layer_output_shape((1, 125, 125), ca.MaxPool2d(5))[1]} ")
    finally:
        calculator.select_option("#conv-size-form [name=kind]", "conv")


def test_size_form_empty_field_says_missing(calculator):
    fill(calculator, "conv-size-form", dict(i=8, k=3, s=1, p=0, d=1))
    calculator.fill("#conv-size-form [name=s]", "")
    assert error_of(calculator, "size") == "stride s is missing"


def d_label(page, form):
    return page.inner_text(f"#{form} label:has([name=d], [data-field=d]) .conv-d-name")


def test_size_form_gap_convention_keeps_what_was_typed(calculator):
    set_convention(calculator, "torch")
    fill(calculator, "conv-size-form", dict(i=64, k=3, s=2, p=7, d=7))
    assert d_label(calculator, "conv-size-form") == "dilation d"
    assert size_result(calculator).startswith(f"o = {ca.output_size(64, 3, 2, 7, 7)} ")
    # switching keeps the 7 typed, now read as d' = 7 (d = 8), and says so
    calculator.select_option("#conv-convention", "gaps")
    assert calculator.input_value("#conv-size-form [name=d]") == "7"
    assert d_label(calculator, "conv-size-form") == "dilation d′"
    assert "d′ = d − 1" in calculator.inner_text("#conv-convention-note")
    d = ca.dilation_from_gaps(7)
    assert size_result(calculator).startswith(f"o = {ca.output_size(64, 3, 2, 7, d)} ")
    assert size_result(calculator).endswith(f"d = {d}, d′ = 7)")
    assert ca.output_size(64, 3, 2, 7, 8) != ca.output_size(64, 3, 2, 7, 7)  # 31, 32
    calculator.fill("#conv-size-form [name=d]", "6")  # d' = 6 is d = 7
    assert size_result(calculator).startswith(f"o = {ca.output_size(64, 3, 2, 7, 7)} ")
    calculator.fill("#conv-size-form [name=d]", "-1")
    with pytest.raises(ValueError) as error:
        ca.dilation_from_gaps(-1)
    assert error_of(calculator, "size") == str(error.value)
    # and back: the -1 stays, now a d, which must be at least 1
    set_convention(calculator, "torch")
    assert calculator.input_value("#conv-size-form [name=d]") == "-1"
    with pytest.raises(ValueError) as error:
        ca.output_size(64, 3, 2, 7, -1)
    assert error_of(calculator, "size") == str(error.value)
    assert d_label(calculator, "conv-size-form") == "dilation d"


def table_rows(page):
    return page.evaluate(
        "() => [...document.querySelectorAll('#conv-search-table tbody tr')]"
        ".map(r => [...r.cells].map(c => c.textContent))"
    )


def test_search_form_lists_every_configuration(calculator):
    load_fully(calculator)
    # the default is Question 8, part 3(c)
    expected = ca.enumerate_configurations(8, 4, p=1, d=1)
    rows = table_rows(calculator)
    assert [tuple(int(v) for v in row[:4]) for row in rows] == [tuple(c) for c in expected]
    assert [int(row[4]) for row in rows] == [c.d - 1 for c in expected]
    assert "see only padding" in rows[0][6] and "1×1" in rows[0][6]
    assert calculator.get_attribute("#conv-search-result", "data-count") == str(len(expected))

    # part 1(b), given in the first release's convention d' = 6
    set_convention(calculator, "gaps")
    fill(calculator, "conv-search-form", dict(i=64, o=32, k="", s=2, p="", d=6))
    expected = ca.enumerate_configurations(64, 32, s=2, d=7)
    assert [tuple(int(v) for v in row[:4]) for row in table_rows(calculator)] == [
        tuple(c) for c in expected]
    assert d_label(calculator, "conv-search-form") == "dilation d′"

    # part 2(a): the tiling solution is marked
    set_convention(calculator, "torch")
    fill(calculator, "conv-search-form", dict(i=32, o=8, k="", s="", p=0, d=1))
    rows = {(int(r[0]), int(r[1])): r[6] for r in table_rows(calculator)}
    assert set(rows) == {(c.k, c.s) for c in ca.enumerate_configurations(32, 8, p=0, d=1)}
    assert "tile" in rows[(4, 4)] and "overlap" in rows[(10, 3)] and "never read" in rows[(2, 4)]


def test_search_form_shows_the_python_error(calculator):
    fill(calculator, "conv-search-form", dict(i=8, o=4, k="", s="", p=1, d=1, sMax=0))
    with pytest.raises(ValueError) as error:
        ca.enumerate_configurations(8, 4, p=1, d=1, s_max=0)
    assert error_of(calculator, "search") == str(error.value)
    assert table_rows(calculator) == []
    fill(calculator, "conv-search-form", dict(sMax=8))


def test_search_form_stays_responsive_on_a_huge_input(calculator):
    fill(calculator, "conv-search-form", dict(i=10**7, o=10**7, k=1, s=1, p=0, d=1))
    rows = table_rows(calculator)
    assert [row[:4] for row in rows] == [["1", "1", "0", "1"]]
    assert ca.enumerate_configurations(10**7, 10**7, k=1, s=1, p=0, d=1) == configs_of([(1, 1, 0, 1)])
    assert "too many windows" in rows[0][6]
    # refused before any step: 10^7 windows would exceed the budget
    assert calculator.evaluate("() => window.convArithmetic.searchWork") == 0


def edit(page, form, name, value):
    """Set one field and fire the events typing fires; return how many times the page
    recomputed."""
    return page.evaluate(
        """([form, name, value]) => {
          const field = document.querySelector(`#${form} [name=${name}]`);
          const before = window.convArithmetic.updates;
          field.value = value;
          field.dispatchEvent(new Event("input", {bubbles: true}));
          field.dispatchEvent(new Event("change", {bubbles: true}));
          return window.convArithmetic.updates - before;
        }""", [form, name, str(value)])


def test_search_form_stays_responsive_on_a_long_kernel(calculator):
    # Following every tap here means 50000 windows of 50000 taps (2.5e9 steps): 6.5 s per
    # recomputation before, twice per edit. Now one recomputation per edit, and the work is
    # counted (no clock: timings are never asserted): with d = 1 the windows are intervals,
    # swept once each, o = 50000 steps.
    fill(calculator, "conv-search-form", dict(i=99999, o=50000, k=50000, s=1, p=0, d=1))
    assert edit(calculator, "conv-search-form", "o", 50000) == 1
    work, budget = calculator.evaluate(
        "() => [window.convArithmetic.searchWork, window.convArithmetic.workBudget]")
    assert work == 50000 <= budget
    rows = table_rows(calculator)
    assert [row[:4] for row in rows] == [["50000", "1", "0", "1"]]
    # (8.5) with o = 50000 >= 2 windows: k > s overlaps, (o-1)*0 + (i-k) mod s = 0 unread
    assert rows[0][6] == "windows overlap"
    assert edit(calculator, "conv-size-form", "i", 99999) == 1


def test_a_single_window_is_not_called_tiling(calculator):
    fill(calculator, "conv-search-form", dict(i=8, o=1, k=8, s=3, p=0, d=1))
    rows = table_rows(calculator)
    assert [row[:4] for row in rows] == [["8", "3", "0", "1"]]
    assert rows[0][6] == "a single window, reading every input"
    assert ca.output_size(8, 8, 3) == 1


@pytest.mark.parametrize(
    "form, values, message",
    [
        ("conv-size-form", dict(i="9007199254740993", k=1, s=1, p=0, d=1), "input size i"),
        ("conv-size-form", dict(i=8, k=3, s=1, p="10000000000000000", d=1), "padding p"),
        ("conv-size-form", dict(i="1e308", k=1, s=1, p=0, d=1), "input size i"),
        ("conv-size-form", dict(i=4503599627370496, k=1, s=1, p=2251799813685248, d=1),
         "the padded input i+2p"),
        ("conv-search-form", dict(i="9007199254740993", o=1, k=1, s=1, p=0, d=1), "input size i"),
    ],
)
def test_unsafe_integers_are_refused(calculator, form, values, message):
    set_convention(calculator, "torch")
    fill(calculator, form, values)
    result = error_of(calculator, form.removeprefix("conv-").removesuffix("-form"))
    assert result == f"{message} is larger than 2^53 − 1 = 9007199254740991, the largest " \
                     "integer JavaScript computes with exactly"


def configs_of(tuples):
    return [ca.Config(*t) for t in tuples]


# ---- the network form ------------------------------------------------------------------

QUESTION_7 = [ca.Conv2d(64, k=8, s=2, p=0), ca.MaxPool2d(k=5), ca.Conv2d(128, k=4, s=1, p=1)]


def chain_rows(page):
    return page.evaluate("""() => [...document.querySelectorAll('#conv-chain-table tbody tr')]
      .map(r => ({cells: [...r.cells].map(c => c.textContent), shape: r.dataset.shape,
                  weights: r.dataset.weights, biases: r.dataset.biases}))""")


def chain_shapes(page):
    return [tuple(int(v) for v in row["shape"].split(",")) for row in chain_rows(page)]


def layer_field(n, field):
    return f"#conv-chain-layers > li:nth-child({n}) [data-field={field}]"


def check_question_7(page):
    shapes = ca.shapes_through((3, 256, 256), QUESTION_7)
    assert chain_shapes(page) == shapes == [(3, 256, 256), (64, 125, 125), (64, 25, 25),
                                           (128, 24, 24)]
    rows = chain_rows(page)
    counts = [ca.parameter_count(shape[0], layer) for shape, layer in zip(shapes, QUESTION_7)]
    assert [(int(r["weights"]), int(r["biases"])) for r in rows[1:]] == counts
    assert rows[3]["cells"][1:] == ["128 × 24 × 24", "131,072 + 128 = 131,200"]
    assert rows[2]["cells"][0] == "2. max pooling 5×5, s = 5, p = 0"
    assert int(page.get_attribute("#conv-chain-table", "data-total")) == sum(
        w + b for w, b in counts) == 64 * 3 * 8 * 8 + 64 + 131_200
    assert error_of(page, "chain") == ""


def test_chain_opens_on_question_7(calculator):
    load_fully(calculator)
    check_question_7(calculator)
    assert calculator.inner_text("#conv-chain-table tfoot") == (
        "all layers\t128 × 24 × 24\t143,360 + 192 = 143,552")


def test_chain_applies_the_pooling_limits_and_names_the_layer(calculator):
    load_fully(calculator)
    calculator.fill(layer_field(2, "p"), "3")  # 5x5 pooling: p <= floor(5/2) = 2
    with pytest.raises(ValueError) as error:
        ca.shapes_through((3, 256, 256), [QUESTION_7[0], ca.MaxPool2d(k=5, p=3)])
    assert error_of(calculator, "chain") == f"layer 2 (max pooling): {error.value}"
    assert "half the effective kernel" in str(error.value)
    assert len(chain_rows(calculator)) == 2  # the input and layer 1, which are fine
    assert calculator.evaluate("() => document.querySelector('#conv-chain-table').dataset.total") is None
    # the same padding on a dilated window: K = 9 allows 4, the undilated k = 5 only 2
    calculator.fill(layer_field(2, "d"), "2")
    with pytest.raises(ValueError) as error:
        ca.check_pool_padding(5, 3, 2)
    assert "undilated" in str(error.value)
    assert error_of(calculator, "chain") == f"layer 2 (max pooling): {error.value}"
    # a convolution accepts it
    calculator.select_option(layer_field(2, "type"), "conv")
    assert error_of(calculator, "chain") == ""
    expected = ca.shapes_through((3, 256, 256), [QUESTION_7[0], ca.Conv2d(16, 5, 5, 3, 2),
                                                 QUESTION_7[2]])
    assert chain_shapes(calculator) == expected
    # one click brings Question 7's network back
    calculator.click("#conv-chain-q7")
    check_question_7(calculator)


def test_chain_layers_by_keyboard(calculator):
    load_fully(calculator)
    calculator.focus("#conv-chain-form [data-add=pool]")
    calculator.keyboard.press("Enter")
    assert calculator.evaluate("() => document.activeElement.dataset.field") == "type"
    assert calculator.input_value(layer_field(4, "s")) == ""  # blank: s = k, as in PyTorch
    expected = ca.shapes_through((3, 256, 256), QUESTION_7 + [ca.MaxPool2d(2)])
    assert chain_shapes(calculator) == expected and expected[-1] == (128, 12, 12)
    assert chain_rows(calculator)[4]["cells"][2] == "0 (pooling has none)"
    assert calculator.inner_text("#conv-chain-layers > li:nth-child(4) legend") == (
        "Layer 4: max pooling")
    # the layer's kind, by keyboard: a convolution with 16 kernels 2x2, stride 2
    calculator.keyboard.press("ArrowUp")
    assert calculator.input_value(layer_field(4, "type")) == "conv"
    calculator.fill(layer_field(4, "s"), "2")
    layers = QUESTION_7 + [ca.Conv2d(16, 2, 2)]
    assert chain_shapes(calculator) == ca.shapes_through((3, 256, 256), layers)
    assert int(chain_rows(calculator)[4]["weights"]) == ca.parameter_count(128, layers[-1])[0]
    # Tab to its Remove button, then Space: back to Question 7, focus on layer 3
    calculator.focus(layer_field(4, "d"))
    calculator.keyboard.press("Tab")
    assert calculator.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
        "Remove layer 4")
    calculator.keyboard.press(" ")
    check_question_7(calculator)
    assert calculator.evaluate(
        "() => document.activeElement.closest('li') === "
        "document.querySelector('#conv-chain-layers > li:nth-child(3)')")


def test_chain_convention_switch_keeps_the_dilations_typed(calculator):
    load_fully(calculator)
    set_convention(calculator, "gaps")
    try:
        # every dilation field keeps its 1, now read as d' = 1: d = 2
        assert [calculator.input_value(layer_field(n, "d")) for n in (1, 2, 3)] == ["1"] * 3
        dilated = [ca.Conv2d(64, 8, 2, 0, d=2), ca.MaxPool2d(5, None, 0, d=2),
                   ca.Conv2d(128, 4, 1, 1, d=2)]
        assert chain_shapes(calculator) == ca.shapes_through((3, 256, 256), dilated)
        assert chain_rows(calculator)[1]["cells"][0].endswith("d = 2 (d′ = 1)")
        assert d_label(calculator, "conv-chain-form") == "dilation d′"
        for n in (1, 2, 3):
            calculator.fill(layer_field(n, "d"), "0")
        check_question_7(calculator)
        # back to d: the 0s stay, and d = 0 is refused
        set_convention(calculator, "torch")
        with pytest.raises(ValueError) as error:
            ca.shapes_through((3, 256, 256), [ca.Conv2d(64, 8, 2, 0, d=0)])
        assert error_of(calculator, "chain") == f"layer 1 (convolution): {error.value}"
    finally:
        set_convention(calculator, "torch")
        calculator.click("#conv-chain-q7")
    check_question_7(calculator)


def test_chain_input_errors(calculator):
    load_fully(calculator)
    fill(calculator, "conv-chain-form", dict(w=""))
    assert error_of(calculator, "chain") == "the input: input width W is missing"
    fill(calculator, "conv-chain-form", dict(w=0))
    with pytest.raises(ValueError) as error:
        ca.shapes_through((3, 256, 0), [])
    assert error_of(calculator, "chain") == f"the input: {error.value}"
    fill(calculator, "conv-chain-form", dict(w=4))  # 8x8 kernels do not fit a width of 4
    with pytest.raises(ValueError) as error:
        ca.shapes_through((3, 256, 4), QUESTION_7)
    assert error_of(calculator, "chain") == f"layer 1 (convolution): {error.value}"
    fill(calculator, "conv-chain-form", dict(w=256))
    check_question_7(calculator)


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_calculator_on_a_phone_with_errors_shown(browser, served_site, scheme):
    """At 375 px, in light and dark mode, with an error in every form and a dilated layer
    added: nothing scrolls sideways and axe (WCAG 2 A, AA) finds nothing."""
    context, page = open_page(browser, served_site + PAGE, color_scheme=scheme,
                              viewport={"width": 375, "height": 812})
    try:
        page.click("#conv-chain-form [data-add=conv]")
        page.fill(layer_field(4, "d"), "3")
        page.fill(layer_field(2, "p"), "3")
        fill(page, "conv-size-form", dict(s=0))
        fill(page, "conv-search-form", dict(sMax=0))
        for form in ("chain", "size", "search"):
            assert error_of(page, form)
        assert page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        ) == 0
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        violations = page.evaluate("""async () => (await axe.run(
            document.querySelector('#conv-calculator'),
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}))
            .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))""")
        assert violations == []
        assert page.errors == []
    finally:
        context.close()


def test_form_works_after_instant_navigation(browser, served_site):
    context, page = open_page(browser, served_site)
    try:
        page.evaluate("() => { window.__sameDocument = true; }")
        page.click(".md-sidebar--primary a[href*='conv-arithmetic-calculator']")
        page.wait_for_url("**/conv-arithmetic-calculator/")
        page.wait_for_function(
            "() => document.querySelector('#conv-size-result')?.dataset.o === '125'")
        fill(page, "conv-size-form", dict(i=25, k=4, s=1, p=1, d=1))
        assert size_result(page).startswith(f"o = {ca.output_size(25, 4, 1, 1)} ")
        # away and back again: the new copy of the form is bound as well
        page.click("article a[href*='q8-conv-arithmetic-configurations']")
        page.wait_for_url("**/q8-conv-arithmetic-configurations/**")
        page.click(".md-sidebar--primary a[href*='conv-arithmetic-calculator']")
        page.wait_for_url("**/conv-arithmetic-calculator/")
        page.wait_for_function(
            "() => document.querySelector('#conv-size-result')?.dataset.o === '125'")
        fill(page, "conv-search-form", dict(i=8, o=4, k="", s="", p=0, d=1))
        assert len(table_rows(page)) == len(ca.enumerate_configurations(8, 4, p=0, d=1))
        assert page.evaluate("() => window.__sameDocument === true")  # no full reload
        assert page.errors == []
    finally:
        context.close()
