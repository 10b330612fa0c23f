"""Questions 7 and 8: convolution arithmetic (snippets/conv_arithmetic.py)."""

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_snippet, run_demos

ca = load_snippet("conv_arithmetic")


# ---- the output-size rule -------------------------------------------------------------

def window_count(i, k, s, p, d):
    """Independent of the formula: count the window starts that fit, one by one."""
    span, padded = d * (k - 1) + 1, i + 2 * p
    return sum(1 for start in range(0, padded, s) if start + span <= padded)


@given(st.integers(1, 60), st.integers(1, 12), st.integers(1, 9), st.integers(0, 10),
       st.integers(1, 8))
def test_output_size_counts_the_windows_that_fit(i, k, s, p, d):
    if d * (k - 1) + 1 > i + 2 * p:
        with pytest.raises(ValueError, match="larger than the padded input"):
            ca.output_size(i, k, s, p, d)
    else:
        assert ca.output_size(i, k, s, p, d) == window_count(i, k, s, p, d)


@pytest.mark.parametrize(
    "args, expected",
    [
        ((256, 8, 2, 0), 125),  # Q7 layer 1
        ((125, 5, 5, 0), 25),   # Q7 layer 2: non-overlapping pooling, stride = kernel
        ((25, 4, 1, 1), 24),    # Q7 layer 3
        ((125, 5, 1, 0), 121),  # the stride-1 slip for the pooling
        ((32, 8, 4, 0), 7),     # Q8 2(b)
        ((5, 3, 1, 0, 2), 1),   # dilated kernel exactly as long as the input
        ((1, 1), 1),
        ((4, 6, 1, 1), 1),      # kernel = input + 2 * padding: output size 1
        ((3, 3, 2, 1, 2), 1),   # dilated kernel K = 5 = i + 2p, with a stride
        ((9, 9, 5), 1),         # one window, the stride never used
        ((8, 3, 2), 3),         # floor(5/2) + 1 = 3; a ceil would give 4
        ((10, 4, 3, 1), 3),     # floor(8/3) + 1 = 3; a ceil or a round would give 4
        ((7, 3, 1, 0, 2), 3),   # K = d(k-1)+1 = 5; "d*k" would give 2, "d(k-1)" 4
        ((20, 4, 1, 0, 3), 11), # K = 10; "d*k" would give 9, "d(k-1)" 12
    ],
)
def test_output_size_values(args, expected):
    assert ca.output_size(*args) == expected


def test_effective_kernel_and_conventions():
    assert ca.effective_kernel_size(3, 7) == 15
    assert ca.effective_kernel_size(8, 1) == 8
    assert ca.dilation_from_gaps(6) == 7 and ca.dilation_from_gaps(1) == 2
    assert ca.gaps_from_dilation(7) == 6 and ca.gaps_from_dilation(1) == 0
    for d in range(1, 20):
        assert ca.dilation_from_gaps(ca.gaps_from_dilation(d)) == d


def test_reading_gaps_as_dilation_changes_the_answer():
    assert ca.output_size(64, 3, 2, 7, d=7) == 32
    assert ca.output_size(64, 3, 2, 7, d=6) == 33


# ---- Question 7 -----------------------------------------------------------------------

Q7_NETWORK = [ca.Conv2d(64, k=8, s=2, p=0), ca.MaxPool2d(k=5), ca.Conv2d(128, k=4, s=1, p=1)]


def test_question_7_shapes():
    assert ca.shapes_through((3, 256, 256), Q7_NETWORK) == [
        (3, 256, 256), (64, 125, 125), (64, 25, 25), (128, 24, 24)]
    assert np.prod(ca.shapes_through((3, 256, 256), Q7_NETWORK)[-1]) == 73728


def test_question_7_parameters():
    assert ca.parameter_count(64, Q7_NETWORK[2]) == (131072, 128)
    assert sum(ca.parameter_count(64, Q7_NETWORK[2])) == 131200
    assert ca.parameter_count(3, Q7_NETWORK[0]) == (64 * 3 * 8 * 8, 64)
    assert ca.parameter_count(64, Q7_NETWORK[1]) == (0, 0)
    assert ca.parameter_count(64, ca.Conv2d(128, k=4, bias=False)) == (131072, 0)
    # dilation, stride and padding add no weights
    assert ca.parameter_count(64, ca.Conv2d(128, k=4, s=3, p=2, d=5)) == (131072, 128)


def test_question_7_pooling_tiles_the_feature_map():
    info = ca.describe_configuration(125, 5, 5)
    assert info["tiles"] and not info["overlapping"] and info["unread_inputs"] == 0


def test_pooling_stride_defaults_to_kernel_size():
    assert ca.layer_output_shape((64, 125, 125), ca.MaxPool2d(5)) == (64, 25, 25)
    assert ca.layer_output_shape((64, 125, 125), ca.MaxPool2d(5, s=1)) == (64, 121, 121)


def test_shapes_of_a_non_square_input():
    # height and width follow (7.3) separately: an implementation that reuses one axis
    # for the other, or swaps them, fails here
    layers = [ca.Conv2d(8, k=3, s=2, p=1), ca.MaxPool2d(k=2), ca.Conv2d(4, k=5, d=2)]
    assert ca.shapes_through((3, 64, 40), layers) == [
        (3, 64, 40), (8, 32, 20), (8, 16, 10), (4, 8, 2)]
    assert ca.shapes_through((3, 40, 64), layers)[-1] == (4, 2, 8)
    # one window across the width, many down the height (output size 1 on one axis)
    assert ca.layer_output_shape((3, 30, 7), ca.Conv2d(2, k=7)) == (2, 24, 1)
    with pytest.raises(ValueError, match=r"i\+2p = 4"):
        ca.shapes_through((3, 8, 4), [ca.Conv2d(16, k=5)])  # fits the height only


# ---- PyTorch's limits on max-pooling padding ------------------------------------------

@pytest.mark.parametrize(
    "k, p, d, reason",
    [
        (3, 1, 1, None), (3, 2, 1, "pooling padding p = 2 > half the effective kernel: "
                                   "floor(3/2) = 1"),
        (4, 2, 1, None), (4, 3, 1, "half the effective kernel"),
        (1, 0, 7, None), (1, 1, 7, "half the effective kernel: floor(1/2) = 0"),
        # d > 1: p <= floor(K/2) passes the first check, the undilated one refuses it
        (3, 2, 2, "pooling padding p = 2 > half the undilated kernel: floor(3/2) = 1"),
        (3, 1, 2, None), (4, 2, 3, None), (4, 5, 3, "half the undilated kernel"),
        (4, 6, 3, "half the effective kernel"), (2, 1, 8, None),
        (2, 2, 8, "undilated kernel: floor(2/2) = 1"),
    ],
)
def test_pool_padding_limits(k, p, d, reason):
    if reason is None:
        ca.check_pool_padding(k, p, d)
        assert ca.max_pool2d(np.ones((1, 20, 23)), k, stride=1, padding=p, dilation=d).shape[0] == 1
        assert ca.layer_output_shape((2, 20, 23), ca.MaxPool2d(k, s=1, p=p, d=d))[0] == 2
        return
    with pytest.raises(ValueError, match=re.escape(reason)):
        ca.check_pool_padding(k, p, d)
    with pytest.raises(ValueError, match=re.escape(reason)):
        ca.max_pool2d(np.ones((1, 20, 23)), k, stride=1, padding=p, dilation=d)
    with pytest.raises(ValueError, match=re.escape(reason)):
        ca.shapes_through((2, 20, 23), [ca.MaxPool2d(k, s=1, p=p, d=d)])


@given(st.integers(1, 30), st.integers(0, 40), st.integers(1, 10))
def test_pool_padding_accepted_iff_at_most_half_the_undilated_kernel(k, p, d):
    # floor(k/2) <= floor(K/2) since k <= K = d(k-1)+1: the undilated check binds
    accepted = True
    try:
        ca.check_pool_padding(k, p, d)
    except ValueError:
        accepted = False
    assert accepted == (p <= k // 2) and k // 2 <= (d * (k - 1) + 1) // 2


def test_pool_padding_rejects_bad_values():
    for args, message in [((0, 0), "kernel size k must be positive"),
                          ((3, -1), "padding p must be non-negative"),
                          ((3, 1, 0), "dilation d must be at least 1"),
                          ((3, 1.0), "padding p must be an integer")]:
        with pytest.raises(ValueError, match=message):
            ca.check_pool_padding(*args)


def test_question_7_from_scratch_network_shapes():
    rng = np.random.default_rng(0)
    image = rng.standard_normal((3, 256, 256))
    h1 = ca.conv2d(image, rng.standard_normal((64, 3, 8, 8)), stride=2)
    h2 = ca.max_pool2d(h1, 5)
    h3 = ca.conv2d(h2, rng.standard_normal((128, 64, 4, 4)), stride=1, padding=1)
    assert (h1.shape, h2.shape, h3.shape) == ((64, 125, 125), (64, 25, 25), (128, 24, 24))


# ---- Question 8: the full solution sets -------------------------------------------------

def configs(*tuples):
    return [ca.Config(*t) for t in tuples]


@pytest.mark.parametrize(
    "part, i, o, fixed, expected",
    [
        ("1a", 64, 32, dict(k=8, d=1), configs((8, 2, 3, 1))),
        ("1b", 64, 32, dict(d=7, s=2), configs((1, 2, 0, 7), (2, 2, 3, 7), (3, 2, 7, 7))),
        ("2a", 32, 8, dict(p=0, d=1), configs(
            (1, 4, 0, 1), (2, 4, 0, 1), (3, 4, 0, 1), (4, 4, 0, 1),
            (9, 3, 0, 1), (10, 3, 0, 1), (11, 3, 0, 1))),
        ("3a", 8, 4, dict(p=0, d=1), configs((1, 2, 0, 1), (2, 2, 0, 1), (5, 1, 0, 1))),
        ("3b", 8, 4, dict(d=2, p=2), configs(
            (1, 3, 2, 2), (2, 3, 2, 2), (3, 2, 2, 2), (5, 1, 2, 2))),
        ("3c", 8, 4, dict(p=1, d=1), configs(
            (1, 3, 1, 1), (3, 2, 1, 1), (4, 2, 1, 1), (7, 1, 1, 1))),
    ],
)
def test_question_8_solution_sets(part, i, o, fixed, expected):
    assert ca.enumerate_configurations(i, o, **fixed) == expected


def test_question_8_2a_non_overlapping_and_tiling():
    found = ca.enumerate_configurations(32, 8, p=0, d=1)
    non_overlapping = [c for c in found if not ca.describe_configuration(32, *c)["overlapping"]]
    assert [(c.k, c.s) for c in non_overlapping] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [(c.k, c.s) for c in found if ca.describe_configuration(32, *c)["tiles"]] == [(4, 4)]
    assert [ca.describe_configuration(32, k, 4)["unread_inputs"] for k in (1, 2, 3)] == [24, 16, 8]


def test_question_8_2b():
    assert ca.layer_output_shape((64, 32, 32), ca.MaxPool2d(8, s=4)) == (64, 7, 7)
    info = ca.describe_configuration(32, 8, 4)
    assert info["overlapping"] and info["unread_inputs"] == 0


@pytest.mark.parametrize(
    "i, config, padding_only",
    [(8, (1, 3, 2, 2), 1), (8, (1, 3, 1, 1), 2), (8, (2, 3, 2, 2), 0), (64, (3, 2, 7, 7), 0),
     (64, (8, 3, 19, 1), 8), (64, (8, 4, 34, 1), 14)],
)
def test_padding_only_outputs(i, config, padding_only):
    assert ca.describe_configuration(i, *config)["padding_only_outputs"] == padding_only


def test_beyond_the_bounds():
    wide = ca.enumerate_configurations(64, 32, k=8, d=1, p_max=40)
    assert [(c.s, c.p) for c in wide] == [(2, 3), (3, 19), (4, 34), (4, 35)]
    assert all(ca.describe_configuration(64, *c)["padding_only_outputs"] > 0 for c in wide[1:])
    # 1(b): exactly one padding per kernel size, equation (8.4), none degenerate for k >= 2
    wide = ca.enumerate_configurations(64, 32, d=7, s=2, p_max=40)
    assert [c.k for c in wide] == list(range(1, 13))
    for c in wide:
        assert c.p == ((7 * c.k - 8) // 2 if c.k % 2 == 0 else (7 * c.k - 7) // 2)
        assert ca.describe_configuration(64, *c)["padding_only_outputs"] == 0


def test_one_by_one_kernel_ignores_dilation():
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((3, 64, 48)), rng.standard_normal((5, 3, 1, 1))
    magnitude = ca.conv2d(np.abs(x), np.abs(w), stride=2)
    difference = ca.conv2d(x, w, stride=2, dilation=7) - ca.conv2d(x, w, stride=2)
    assert difference.shape == (5, 32, 24)
    assert np.all(np.abs(difference) <= 4 * ca.gamma(3) * magnitude)  # 3 products each


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 12), st.data())
def test_solver_matches_inequality_8_2(i, o, data):
    # (8.2): (o-1)s <= i + 2p - d(k-1) - 1 <= os - 1, over the whole default box
    fixed = {name: data.draw(st.one_of(st.none(), st.integers(lo, hi)), label=name)
             for name, lo, hi in (("k", 1, 12), ("s", 1, 8), ("p", 0, 8), ("d", 1, 8))}
    found = set(ca.enumerate_configurations(i, o, **fixed))
    ranges = {"k": range(1, 13), "s": range(1, 9), "p": range(0, 9), "d": range(1, 9)}
    expected = set()
    for k, s, p, d in itertools.product(*[[fixed[n]] if fixed[n] is not None else ranges[n]
                                          for n in "kspd"]):
        x = i + 2 * p - d * (k - 1) - 1
        if x >= 0 and (o - 1) * s <= x <= o * s - 1:
            expected.add(ca.Config(k, s, p, d))
    assert found == expected


# ---- the two closed-form rules of the Q8 page --------------------------------------------

@given(st.integers(1, 30), st.integers(1, 8), st.integers(1, 8), st.integers(0, 12),
       st.integers(1, 6))
def test_padding_only_criterion_8_3(i, k, s, p, d):
    if d * (k - 1) + 1 > i + 2 * p:
        return
    sees_only_padding = ca.describe_configuration(i, k, s, p, d)["padding_only_outputs"] > 0
    if d <= i:
        assert sees_only_padding == (p >= d * (k - 1) + 1)
    elif p >= d * (k - 1) + 1:
        assert sees_only_padding  # the "if" direction holds for every d


def test_padding_only_criterion_fails_when_taps_straddle_the_input():
    # i = 1, k = 2, d = 2, p = 1: taps at padded positions 0 and 2, the input sits at 1
    assert ca.describe_configuration(1, 2, 1, 1, 2)["padding_only_outputs"] == 1
    assert not 1 >= 2 * (2 - 1) + 1


@given(st.integers(1, 60), st.integers(1, 12), st.integers(1, 8))
def test_window_rules_8_5(i, k, s):
    if k > i or ca.output_size(i, k, s) < 2:
        return
    o, info = ca.output_size(i, k, s), ca.describe_configuration(i, k, s)
    assert info["overlapping"] == (k > s)
    assert info["unread_inputs"] == (o - 1) * max(s - k, 0) + (i - k) % s
    assert info["tiles"] == (k == s and i % s == 0)


# ---- the from-scratch convolution and pooling ----------------------------------------------

def conv2d_by_definition(x, w, b, s, p, d):
    """out[o,a,b] = b[o] + sum_{c,u,v} w[o,c,u,v] xpad[c, a s + u d, b s + v d], by loops."""
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    n_out, _, kh, kw = w.shape
    oh = window_count(x.shape[1], kh, s, p, d)
    ow = window_count(x.shape[2], kw, s, p, d)
    out = np.zeros((n_out, oh, ow))
    for o, a, c in itertools.product(range(n_out), range(oh), range(ow)):
        total = b[o]
        for ch, u, v in itertools.product(range(x.shape[0]), range(kh), range(kw)):
            total += w[o, ch, u, v] * xp[ch, a * s + u * d, c * s + v * d]
        out[o, a, c] = total
    return out


@st.composite
def conv_case(draw):
    """A layer on a non-square input (height != width as a rule), a kernel kh x kw that
    fits both axes; padding and dilation up to 3."""
    kh, kw, d = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    p = draw(st.integers(0, 3))
    sizes = [draw(st.integers(max(1, d * (k - 1) + 1 - 2 * p), d * (k - 1) + 10))
             for k in (kh, kw)]  # the dilated kernel must fit each axis
    s = draw(st.integers(1, 4))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return (*sizes, kh, kw, s, p, d, c_in, c_out)


def dot_bound(n, magnitude):
    """Two computations of a sum of n products (any order, FMA or not) each lie within
    gamma_n * sum |products| of the exact sum (Higham, Accuracy and Stability of
    Numerical Algorithms, section 3.1), so they differ by at most twice that. We allow
    4 gamma_n * sum |products| (magnitude), twice the bound."""
    return 4 * ca.gamma(n) * magnitude


@settings(max_examples=60, deadline=None)
@given(conv_case(), st.integers(0, 2**32 - 1))
def test_conv2d_matches_its_definition_and_the_formula(case, seed):
    h, w_, kh, kw, s, p, d, c_in, c_out = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((c_in, h, w_))
    w, b = rng.standard_normal((c_out, c_in, kh, kw)), rng.standard_normal(c_out)
    out = ca.conv2d(x, w, b, stride=s, padding=p, dilation=d)
    assert out.shape == (c_out, ca.output_size(h, kh, s, p, d), ca.output_size(w_, kw, s, p, d))
    # a bias plus c_in*kh*kw products per entry
    magnitude = conv2d_by_definition(np.abs(x), np.abs(w), np.abs(b), s, p, d)
    bound = dot_bound(c_in * kh * kw + 1, magnitude)
    assert np.all(np.abs(out - conv2d_by_definition(x, w, b, s, p, d)) <= bound)


@settings(max_examples=60, deadline=None)
@given(conv_case(), st.integers(0, 2**32 - 1))
def test_dilation_equals_a_zero_inserted_kernel(case, seed):
    h, w_, kh, kw, s, p, d, c_in, c_out = case
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal((c_in, h, w_)), rng.standard_normal((c_out, c_in, kh, kw))
    spread = np.zeros((c_out, c_in, d * (kh - 1) + 1, d * (kw - 1) + 1))
    spread[:, :, ::d, ::d] = w
    # the zeros add terms but no magnitude: n = the spread kernel's size
    magnitude = ca.conv2d(np.abs(x), np.abs(w), stride=s, padding=p, dilation=d)
    difference = (ca.conv2d(x, w, stride=s, padding=p, dilation=d)
                  - ca.conv2d(x, spread, stride=s, padding=p))
    assert np.all(np.abs(difference) <= dot_bound(spread[0].size, magnitude))


def test_conv2d_one_dimensional_slice_matches_numpy_correlate():
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((1, 1, 20)), rng.standard_normal((1, 1, 1, 5))
    magnitude = np.correlate(np.abs(x[0, 0]), np.abs(w[0, 0, 0]), "valid")
    assert np.all(np.abs(ca.conv2d(x, w)[0, 0] - np.correlate(x[0, 0], w[0, 0, 0], "valid"))
                  <= dot_bound(5, magnitude))


@settings(max_examples=60, deadline=None)
@given(conv_case(), st.integers(0, 2**32 - 1))
def test_max_pool2d_matches_its_definition(case, seed):
    h, w_, k, _, s, p, d, c_in, _ = case
    p = min(p, k // 2)  # PyTorch's limit (test_pool_padding_limits checks the refusals)
    if d * (k - 1) + 1 > min(h, w_) + 2 * p:
        return
    x = np.random.default_rng(seed).standard_normal((c_in, h, w_))
    out = ca.max_pool2d(x, k, stride=s, padding=p, dilation=d)
    oh, ow = ca.output_size(h, k, s, p, d), ca.output_size(w_, k, s, p, d)
    assert out.shape == (c_in, oh, ow)
    xp = np.pad(x, ((0, 0), (p, p), (p, p)), constant_values=-np.inf)
    for a, c in itertools.product(range(oh), range(ow)):
        window = xp[:, a * s : a * s + d * (k - 1) + 1 : d, c * s : c * s + d * (k - 1) + 1 : d]
        np.testing.assert_array_equal(out[:, a, c], window.max(axis=(1, 2)))  # exact


def test_shapes_agree_with_the_formula_on_a_grid():
    rng = np.random.default_rng(5)
    checked = refused = 0
    for i, k, s, p, d in itertools.product(range(1, 9), range(1, 5), range(1, 5), range(0, 3),
                                           range(1, 4)):
        height, width, kw = i, i + 3, 5 - k  # H != W, and kh + kw = 5 makes kh != kw
        if d * (k - 1) + 1 > height + 2 * p or d * (kw - 1) + 1 > width + 2 * p:
            with pytest.raises(ValueError, match="larger than the padded input"):
                ca.conv2d(np.ones((1, height, width)), np.ones((1, 1, k, kw)), stride=s,
                          padding=p, dilation=d)
            continue
        x = rng.standard_normal((2, height, width))
        out = ca.conv2d(x, np.ones((3, 2, k, kw)), stride=s, padding=p, dilation=d)
        assert out.shape == (3, ca.output_size(height, k, s, p, d),
                             ca.output_size(width, kw, s, p, d))
        if p > k // 2:
            with pytest.raises(ValueError, match="> half the"):
                ca.max_pool2d(x, k, stride=s, padding=p, dilation=d)
            refused += 1
        else:
            assert ca.max_pool2d(x, k, stride=s, padding=p, dilation=d).shape == (
                2, ca.output_size(height, k, s, p, d), ca.output_size(width, k, s, p, d))
        checked += 1
    assert checked > 500 and refused > 50


@settings(max_examples=40, deadline=None)
@given(conv_case())
def test_padding_only_pixels_are_exactly_the_zeros_of_a_conv_of_ones(case):
    # A pixel reads no input iff its row or its column does: oh*ow - (oh-nh)(ow-nw) of them.
    h, w_, kh, kw, s, p, d, _, _ = case
    out = ca.conv2d(np.ones((1, h, w_)), np.ones((1, 1, kh, kw)), stride=s, padding=p,
                    dilation=d)
    oh, ow = out.shape[1:]
    nh = ca.describe_configuration(h, kh, s, p, d)["padding_only_outputs"]
    nw = ca.describe_configuration(w_, kw, s, p, d)["padding_only_outputs"]
    assert int((out == 0).sum()) == oh * ow - (oh - nh) * (ow - nw)  # sums of 0s and 1s: exact


def test_padding_only_pixels_non_square_example():
    # (1, 3, 1, 1) of 3(c) on an 8 x 11 input: taps at 0, 3, 6, 9 down, 0, 3, 6, 9, 12 across
    out = ca.conv2d(np.ones((1, 8, 11)), np.ones((1, 1, 1, 1)), stride=3, padding=1)
    assert out.shape == (1, 4, 5) and int((out == 0).sum()) == 4 * 5 - 2 * 3


def test_max_pool2d_of_pure_padding_needs_dilation_above_the_input_size():
    # within PyTorch's limits p <= floor(k/2) < K, so by (8.3) no window is pure padding
    # unless its taps straddle the input (d > i): then max_pool2d returns -inf there
    out = ca.max_pool2d(np.ones((1, 1, 1)), 2, stride=1, padding=1, dilation=2)
    assert out.shape == (1, 1, 1) and np.isneginf(out[0, 0, 0])
    out = ca.max_pool2d(np.ones((1, 1, 5)), 2, stride=1, padding=1, dilation=2)
    assert np.isneginf(out).all() and out.shape == (1, 1, 5)  # every row straddles
    for i, k, s, p, d in itertools.product(range(1, 8), range(1, 6), range(1, 4), range(0, 3),
                                           range(1, 8)):
        if p > k // 2 or d * (k - 1) + 1 > i + 2 * p:
            continue
        out = ca.max_pool2d(np.ones((1, i, i)), k, stride=s, padding=p, dilation=d)
        n = ca.describe_configuration(i, k, s, p, d)["padding_only_outputs"]
        assert int(np.isneginf(out).sum()) == out.size - (out.shape[1] - n) ** 2
        assert d > i or n == 0


# ---- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "args, message",
    [
        ((0, 3), "input size i must be positive, got 0"),
        ((-5, 3), "input size i must be positive"),
        ((8, 0), "kernel size k must be positive, got 0"),
        ((8, -2), "kernel size k must be positive"),
        ((8, 3, 0), "stride s must be at least 1, got 0"),
        ((8, 3, -1), "stride s must be at least 1, got -1"),
        ((8, 3, 1, -1), "padding p must be non-negative, got -1"),
        ((8, 3, 1, 0, 0), r"dilation d must be at least 1 \(d = 1 means no dilation\), got 0"),
        ((8, 3, 1, 0, -2), "dilation d must be at least 1"),
        ((4, 5), r"dilated kernel d\(k-1\)\+1 = 5 is larger than the padded input i\+2p = 4"),
        ((5, 3, 1, 0, 3), r"d\(k-1\)\+1 = 7 is larger than the padded input i\+2p = 5"),
        ((8.0, 3), "input size i must be an integer, got 8.0"),
        ((8, 2.5), "kernel size k must be an integer, got 2.5"),
        ((8, 3, True), "stride s must be an integer, got True"),
        ((8, 3, 1, "1"), "padding p must be an integer, got 1"),
        ((float("nan"), 3), "input size i must be an integer, got nan"),
        ((8, 3, float("nan")), "stride s must be an integer, got nan"),
        ((8, 3, 1, 0, float("inf")), "dilation d must be an integer, got inf"),
    ],
)
def test_output_size_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        ca.output_size(*args)


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((0, 4), {}, "input size i must be positive"),
        ((8, 0), {}, "target output size o must be positive, got 0"),
        ((8, 4), dict(s=0), "stride s must be at least 1"),
        ((8, 4), dict(p=-1), "padding p must be non-negative"),
        ((8, 4), dict(d=0), "dilation d must be at least 1"),
        ((8, 4), dict(k_max=0), "bound k_max must be an integer from 1 to 64, got 0"),
        ((8, 4), dict(p_max=-1), "bound p_max must be an integer from 0 to 64, got -1"),
        ((8, 4), dict(s_max=65), "bound s_max must be an integer from 1 to 64, got 65"),
        ((8, 4), dict(d_max=2.5), "bound d_max must be an integer, got 2.5"),
    ],
)
def test_solver_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        ca.enumerate_configurations(*args, **kwargs)


def test_solver_skips_kernels_that_do_not_fit():
    # k = 12 does not fit in an 8-pixel input without padding: skipped, not an error
    assert ca.enumerate_configurations(8, 1, p=0, d=1, s=1) == configs((8, 1, 0, 1))
    assert ca.enumerate_configurations(8, 1, k=12, p=0, d=1) == []


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ca.dilation_from_gaps(-1), r"dilation d' must be at least 0 \(d' = 0 means"),
        (lambda: ca.dilation_from_gaps(1.5), "dilation d' must be an integer, got 1.5"),
        (lambda: ca.gaps_from_dilation(0), "dilation d must be at least 1"),
        (lambda: ca.shapes_through((256, 256), []), r"input shape must be \(channels"),
        (lambda: ca.shapes_through((3, 0, 256), []), "input shape must hold positive sizes"),
        (lambda: ca.shapes_through((3, 8, 8), [ca.Conv2d(0, 3)]), "out_channels must be positive"),
        (lambda: ca.shapes_through((3, 8, 8), [ca.Conv2d(4, 9)]), "larger than the padded input"),
        (lambda: ca.shapes_through((3, 8, 8), ["relu"]), "unknown layer"),
        (lambda: ca.parameter_count(0, ca.Conv2d(4, 3)), "in_channels must be positive"),
        (lambda: ca.parameter_count(3, "relu"), "unknown layer"),
        (lambda: ca.conv2d(np.ones((8, 8)), np.ones((1, 1, 3, 3))), r"x must have shape"),
        (lambda: ca.conv2d(np.ones((2, 8, 8)), np.ones((1, 3, 3, 3))), "weight must have shape"),
        (lambda: ca.conv2d(np.ones((1, 8, 8)), np.ones((1, 1, 3, 3)), stride=0), "stride must be"),
        (lambda: ca.conv2d(np.ones((1, 8, 8)), np.ones((1, 1, 3, 3)), padding=-1),
         "padding must be"),
        (lambda: ca.conv2d(np.ones((1, 8, 8)), np.ones((1, 1, 3, 3)), dilation=0),
         "dilation must be"),
        (lambda: ca.conv2d(np.ones((1, 4, 4)), np.ones((1, 1, 3, 3)), dilation=2),
         "larger than the padded input"),
        (lambda: ca.max_pool2d(np.ones((1, 8, 8)), 0), "kernel size must be a positive integer"),
        (lambda: ca.max_pool2d(np.ones((1, 8, 8)), 9), "larger than the padded input"),
    ],
)
def test_other_functions_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_demos_run():
    # The demos assert their own results; running them must not raise.
    out = run_demos("conv_arithmetic")
    assert "dimensionality of the output: 128 x 24 x 24 = 73728" in out
    assert "last layer: 131072 weights, 128 biases, 131200 in all" in out
    assert ("ValueError: pooling padding p = 2 > half the undilated kernel: "
            "floor(3/2) = 1") in out
    # every printed line fits 80 columns (a phone, a terminal, print)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "k=10 s=3  000" + "X" * 25 + "777." in out  # worked out by hand from the layout


def test_gamma():
    u = 2.0**-53
    assert ca.gamma(1) == u / (1 - u) and ca.gamma(10) == 10 * u / (1 - 10 * u)
    # the bounds the Q7 page prints: 4.557e-13 and 5.33e-15, far from a rounding boundary
    assert f"{4 * ca.gamma(1025):.1e} {4 * ca.gamma(12):.1e}" == "4.6e-13 5.3e-15"
    with pytest.raises(ValueError, match="gamma_n needs n u < 1"):
        ca.gamma(2**53)


def test_expect_value_error_checks_the_reason(capsys):
    ca.expect_value_error("stride s must be at least 1", ca.output_size, 8, 3, 0)
    assert capsys.readouterr().out == "ValueError: stride s must be at least 1, got 0\n"
    with pytest.raises(AssertionError, match="expected 'padding' in the message"):
        ca.expect_value_error("padding", ca.output_size, 8, 3, 0)  # raised for the stride
    with pytest.raises(AssertionError, match="output_size accepted bad input"):
        ca.expect_value_error("stride", ca.output_size, 8, 3, 1)


# ---- the pages' "Answer at a glance" tables, typed by hand, against the computation ------

DOCS = Path(__file__).resolve().parent.parent / "docs"


def answer_box(stem):
    text = (DOCS / f"{stem}.md").read_text()
    box = text[text.index('!!! success "Answer at a glance"'):]
    return box[: box.index("\n## ")]


def table_rows(box):
    """The body rows of a Markdown table, as cell texts (a link keeps its text only)."""
    rows = [line.strip() for line in box.splitlines() if line.strip().startswith("|")]
    unlinked = [re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", row) for row in rows[2:]]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in unlinked]


def numbers(text):
    return [int(v) for v in re.findall(r"\d+", text.replace("\\,", ""))]


def test_question_7_answer_table():
    box = answer_box("q7-conv-arithmetic-shapes")
    shapes = ca.shapes_through((3, 256, 256), Q7_NETWORK)
    rows = table_rows(box)
    assert [tuple(numbers(row[-1])) for row in rows] == shapes
    for row, i, layer in zip(rows[1:], [256, 125, 25], Q7_NETWORK):
        rule = numbers(row[1])  # "floor((i + 2p - k)/s) + 1 = o": last number is o
        assert rule[-1] == ca.output_size(i, layer.k, layer.s or layer.k, layer.p)
    weights, biases = ca.parameter_count(64, Q7_NETWORK[2])
    assert f"= {int(np.prod(shapes[-1])):,}".replace(",", "\\,") in box
    assert f"= {weights:,}".replace(",", "\\,") in box
    assert f"biases add one per kernel, \\({biases}\\)" in box
    assert f"for \\({weights + biases:,}".replace(",", "\\,") in box


def degenerate(i, c):
    info = ca.describe_configuration(i, *c)
    return c.k == 1 or info["padding_only_outputs"] > 0


Q8_PARTS = {"1(a)": (64, 32, dict(k=8, d=1)), "1(b)": (64, 32, dict(d=7, s=2)),
            "3(a)": (8, 4, dict(p=0, d=1)), "3(b)": (8, 4, dict(d=2, p=2)),
            "3(c)": (8, 4, dict(p=1, d=1))}


def test_question_8_answer_table():
    rows = {row[0]: row for row in table_rows(answer_box("q8-conv-arithmetic-configurations"))}
    assert set(rows) == {"1(a)", "1(b)", "2(a)", "2(b)", "3(a)", "3(b)", "3(c)"}
    for part, (i, o, fixed) in Q8_PARTS.items():
        cell = rows[part][2]
        regular, _, marked = cell.partition("degenerate")
        tuples = lambda text: {ca.Config(*map(int, t)) for t in
                               re.findall(r"\((\d+), (\d+), (\d+), (\d+)\)", text)}
        found = ca.enumerate_configurations(i, o, **fixed)
        assert tuples(regular) | tuples(marked) == set(found), part
        assert tuples(marked) == {c for c in found if degenerate(i, c)}, part
        assert not any(degenerate(i, c) for c in tuples(regular)), part
    # 2(a): the non-overlapping poolings, the tiling one first
    cell = rows["2(a)"][2]
    stated = {(4, 4)} | {tuple(map(int, t)) for t in re.findall(r"\((\d+), (\d+)\)", cell)}
    found = ca.enumerate_configurations(32, 8, p=0, d=1)
    assert stated == {(c.k, c.s) for c in found if not ca.describe_configuration(32, *c)["overlapping"]}
    assert "k = s = 4" in cell and [c for c in found if ca.describe_configuration(32, *c)["tiles"]] == [
        ca.Config(4, 4, 0, 1)]
    # 2(b)
    assert numbers(rows["2(b)"][2])[:3] == list(ca.layer_output_shape((64, 32, 32), ca.MaxPool2d(8, s=4)))
