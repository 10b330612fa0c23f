"""Question 6: the from-scratch 1-D convolution (snippets/convolution_1d.py)."""


import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from conftest import load_snippet, run_demos

conv = load_snippet("convolution_1d")

X = np.array([1, 2, 3, 4])
K = np.array([1, 0, 2])


@pytest.mark.parametrize(
    "mode, expected",
    [("full", [1, 2, 5, 8, 6, 8]), ("valid", [5, 8]), ("same", [2, 5, 8, 6])],
)
def test_question_6_values(mode, expected):
    # Worked by hand on the page, equation (6.3).
    assert conv.convolve_1d(X, K, mode).tolist() == expected


@pytest.mark.parametrize(
    "mode, expected",
    [("full", [2, 4, 7, 10, 3, 4]), ("valid", [7, 10]), ("same", [4, 7, 10, 3])],
)
def test_cross_correlation_differs(mode, expected):
    # Sliding [1, 0, 2] unflipped: e.g. full[0] = 0*1 + 0*0 + 1*2 = 2.
    assert conv.cross_correlate_1d(X, K, mode).tolist() == expected
    assert conv.cross_correlate_1d(X, K, mode).tolist() != conv.convolve_1d(X, K, mode).tolist()


def test_full_sum_is_product_of_sums():
    assert conv.convolve_1d(X, K).sum() == X.sum() * K.sum() == 30


@pytest.mark.parametrize("k, left, right", [(1, 0, 0), (2, 1, 0), (3, 1, 1), (4, 2, 1), (5, 2, 2)])
def test_same_padding_split(k, left, right):
    assert conv.padding_for_mode(k, "same") == (left, right)


ints = st.integers(-50, 50)


@st.composite
def signal_and_kernel(draw, kernel_not_longer=False):
    n = draw(st.integers(1, 30))
    k = draw(st.integers(1, n if kernel_not_longer else 30))
    x = draw(arrays(np.int64, n, elements=ints))
    kernel = draw(arrays(np.int64, k, elements=ints))
    return x, kernel


@given(signal_and_kernel())
def test_full_matches_numpy(pair):
    x, k = pair
    out = conv.convolve_1d(x, k, "full")
    assert out.shape == (x.size + k.size - 1,)
    np.testing.assert_array_equal(out, np.convolve(x, k, "full"))


@given(signal_and_kernel(kernel_not_longer=True))
def test_valid_and_same_match_numpy(pair):
    x, k = pair
    valid = conv.convolve_1d(x, k, "valid")
    same = conv.convolve_1d(x, k, "same")
    assert valid.shape == (x.size - k.size + 1,)
    assert same.shape == (x.size,)
    np.testing.assert_array_equal(valid, np.convolve(x, k, "valid"))
    np.testing.assert_array_equal(same, np.convolve(x, k, "same"))


@given(signal_and_kernel())
def test_same_is_a_centred_slice_of_full(pair):
    # Holds for every k, including k > n where numpy's "same" returns max(n, k) entries.
    x, k = pair
    start = (k.size - 1) // 2
    full = conv.convolve_1d(x, k, "full")
    np.testing.assert_array_equal(conv.convolve_1d(x, k, "same"), full[start : start + x.size])


@given(signal_and_kernel())
def test_cross_correlation_matches_numpy_correlate(pair):
    x, k = pair
    np.testing.assert_array_equal(conv.cross_correlate_1d(x, k, "full"), np.correlate(x, k, "full"))


def convolution_by_definition(x, w):
    """(6.1) as written: y_t = sum_m x_m w_{t-m}, no flip and no padding."""
    n, k = len(x), len(w)
    return [sum(x[m] * w[t - m] for m in range(n) if 0 <= t - m < k) for t in range(n + k - 1)]


# kernel of length 1, even and odd lengths, as long as the input and longer, both signs,
# not symmetric (a missing flip changes the result), and palindromes
BOUNDARY_KERNELS = [[-2], [2, -1], [1, 2, 1], [1, -3, 0, 2], [2, 0, -1, 3, 1],
                    [4, -1, 0, 2, 1, -3], [5, -5], [-1, 7, 7, -1]]


@pytest.mark.parametrize("kernel", BOUNDARY_KERNELS, ids=str)
@pytest.mark.parametrize("x", [[3, -1, 4, -2], [7], [-2, 5, 0, -1, 3]], ids=str)
def test_boundary_cases_against_the_definition_and_numpy(x, kernel):
    x, kernel = np.array(x), np.array(kernel)
    n, k = x.size, kernel.size
    full = conv.convolve_1d(x, kernel, "full")
    assert full.tolist() == convolution_by_definition(x, kernel) == np.convolve(x, kernel).tolist()
    assert full.sum() == x.sum() * kernel.sum()
    start = (k - 1) // 2
    assert conv.convolve_1d(x, kernel, "same").tolist() == full[start : start + n].tolist()
    for mode in ("full", "valid", "same"):
        xcorr = conv.cross_correlate_1d
        if k <= n or mode == "full":  # the modes numpy shares with us
            assert conv.convolve_1d(x, kernel, mode).tolist() == np.convolve(x, kernel, mode).tolist()
            assert xcorr(x, kernel, mode).tolist() == np.correlate(x, kernel, mode).tolist()
        else:
            # numpy swaps x and the kernel; we keep n outputs ("same") or refuse ("valid")
            assert np.convolve(x, kernel, mode).size == (k - n + 1 if mode == "valid" else k)
    if k > n:
        with pytest.raises(ValueError, match="kernel no longer than the input"):
            conv.convolve_1d(x, kernel, "valid")
    palindrome = kernel.tolist() == kernel[::-1].tolist()
    assert (conv.cross_correlate_1d(x, kernel).tolist() == full.tolist()) == palindrome


@given(signal_and_kernel())
def test_cross_correlation_equals_convolution_exactly_for_palindromes(pair):
    x, k = pair
    symmetric = np.concatenate([k, k[::-1]])  # even length; k[:-1] gives an odd one
    for w in (symmetric, np.concatenate([k, k[-2::-1]])):
        np.testing.assert_array_equal(conv.cross_correlate_1d(x, w), conv.convolve_1d(x, w))
    # any other kernel differs on the impulse [1]: the convolution is w, the
    # cross-correlation w reversed
    impulse = np.array([1])
    np.testing.assert_array_equal(conv.convolve_1d(impulse, k), k)
    np.testing.assert_array_equal(conv.cross_correlate_1d(impulse, k), k[::-1])


@given(st.integers(1, 40), st.integers(1, 40), st.integers(0, 2**32 - 1),
       st.sampled_from(["full", "valid", "same"]))
def test_real_inputs_match_numpy_within_the_dot_product_bound(n, k, seed, mode):
    # Each output is a dot product of at most max(n, k) terms, computed in a different
    # order by numpy: each is within gamma_m (|x| * |w|)_t of the exact value
    # (gamma_m = m eps / (1 - m eps), eps = 2**-52: a factor 2 of margin), so they
    # differ by at most twice that.
    if mode != "full" and k > n:
        k = n  # the modes numpy shares with us
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) * 10.0 ** rng.integers(-3, 4, size=n)  # magnitudes 1e-3..1e3
    w = rng.normal(size=k) * 10.0 ** rng.integers(-3, 4, size=k)
    m, eps = max(n, k), np.finfo(float).eps
    gamma = m * eps / (1 - m * eps)
    size = conv.convolve_1d(np.abs(x), np.abs(w), mode)  # (|x| * |w|)_t, itself rounded
    ours = conv.convolve_1d(x, w, mode)
    assert np.all(np.abs(ours - np.convolve(x, w, mode)) <= 2 * gamma * size * (1 + gamma))


@given(signal_and_kernel())
def test_convolution_is_commutative_in_full_mode(pair):
    x, k = pair
    np.testing.assert_array_equal(conv.convolve_1d(x, k), conv.convolve_1d(k, x))


@pytest.mark.parametrize(
    "x, k, mode, message",
    [
        ([], [1, 2], "full", "x must not be empty"),
        ([1, 2], [], "full", "kernel must not be empty"),
        ([[1, 2], [3, 4]], [1], "full", "x must be a 1-D array"),
        ([1, 2, 3], [[1]], "same", "kernel must be a 1-D array"),
        ([1, 2], [1, 2, 3], "valid", "kernel no longer than the input, got length 3 > 2"),
        ([1, 2], [1], "circular", "mode must be"),
        ([1.0, np.nan], [1], "full", "x must contain only finite numbers"),
        ([1.0, 2.0], [np.inf, 1.0], "same", "kernel must contain only finite numbers"),
        ([-np.inf], [1.0], "valid", "x must contain only finite numbers"),
    ],
)
def test_bad_input_raises_clear_value_error(x, k, mode, message):
    with pytest.raises(ValueError, match=message):
        conv.convolve_1d(np.array(x), np.array(k), mode)


def test_demos_run_and_agree_with_numpy():
    # The demos assert agreement with numpy themselves; running them must not raise.
    out = run_demos("convolution_1d")
    assert "full   zeros (left, right) = (2, 2)  ->  [1, 2, 5, 8, 6, 8]" in out
    assert out.count("w = [") == 5  # the five kernels of the boundary cases
    assert out.count("ValueError:") == 6
    # every printed line fits 80 columns (a phone, a terminal, print)
    assert max(len(line) for line in out.splitlines()) <= 80


# ---- the page's "Answer at a glance" table, typed by hand, against the computation ------

def answer_table(stem):
    """Rows of the first Markdown table inside the page's "Answer at a glance" box."""
    text = (Path(__file__).resolve().parent.parent / "docs" / f"{stem}.md").read_text()
    box = text[text.index('!!! success "Answer at a glance"'):]
    box = box[: box.index("\n## ")]
    rows = [line.strip() for line in box.splitlines() if line.strip().startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def test_answer_table_matches_the_computation():
    rows = answer_table("q6-convolution-1d")
    assert [row[0] for row in rows] == ["full", "valid", "same"]
    for mode, zeros, length, result in rows:
        left, right = (int(v) for v in re.findall(r"\d+", zeros))
        values = [int(v) for v in re.search(r"\[([^\]]*)\]", result).group(1).split(",")]
        assert (left, right) == conv.padding_for_mode(K.size, mode)
        assert values == conv.convolve_1d(X, K, mode).tolist() == np.convolve(X, K, mode).tolist()
        assert int(re.search(r"= (\d+)", length).group(1)) == len(values)


def test_answer_box_cross_correlation_values():
    text = (Path(__file__).resolve().parent.parent / "docs" / "q6-convolution-1d.md").read_text()
    box = text[text.index('!!! success "Answer at a glance"'): text.index("## Derivation")]
    stated = re.findall(r"\\\(\[([\d, ]+)\]\\\)", box.split("Without the flip")[1])
    assert [[int(v) for v in s.split(",")] for s in stated] == [
        np.correlate(X, K, mode).tolist() for mode in ("full", "valid", "same")]
