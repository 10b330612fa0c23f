"""Questions 2 and 3: softmax and sigmoid, Jacobians, VJPs, invariances (snippets/softmax_sigmoid.py)."""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from conftest import load_snippet, run_demos

ss = load_snippet("softmax_sigmoid")

# Overflow, 0/0 and division by zero raise inside these blocks (underflow to 0 is harmless).
def strict_floats():
    return np.errstate(over="raise", invalid="raise", divide="raise")


def vectors(low=-5.0, high=5.0, min_size=1, max_size=8):
    return st.integers(min_size, max_size).flatmap(
        lambda n: arrays(np.float64, n, elements=st.floats(low, high, allow_nan=False))
    )


def reference_softmax(x):
    """Softmax in 50-digit arithmetic, straight from the definition (mpmath never overflows)."""
    with mpmath.workdps(50):
        e = [mpmath.exp(mpmath.mpf(float(v))) for v in x]
        total = sum(e)
        return np.array([float(v / total) for v in e])


def reference_sigmoid(x):
    with mpmath.workdps(50):
        return np.array([float(1 / (1 + mpmath.exp(-mpmath.mpf(float(v))))) for v in np.ravel(x)])


# ---- concrete values -----------------------------------------------------------------------

def test_softmax_concrete_values():
    np.testing.assert_allclose(ss.softmax([0.0, 0.0]), [0.5, 0.5], rtol=0, atol=1e-15)
    np.testing.assert_allclose(ss.softmax([1.0, 2.0, 3.0]), [0.09003057317038046,
                               0.24472847105479764, 0.6652409557748219], rtol=1e-13)
    # Question 3.2's counterexample: e / (e + 1) and e^2 / (e^2 + 1).
    assert ss.softmax([1.0, 0.0])[0] == pytest.approx(0.7310585786300049, rel=1e-14)
    assert ss.softmax([2.0, 0.0])[0] == pytest.approx(0.8807970779778823, rel=1e-14)
    assert round(ss.softmax([1.0, 0.0])[0], 2) == 0.73  # (not 0.71)


def test_sigmoid_concrete_values_and_shapes():
    assert ss.sigmoid(0.0) == 0.5
    assert ss.sigmoid(2.0) == pytest.approx(0.8807970779778823, rel=1e-15)
    assert ss.sigmoid(-2.0) == pytest.approx(0.11920292202211755, rel=1e-14)
    assert np.ndim(ss.sigmoid(1.0)) == 0 and np.shape(ss.sigmoid([1.0, 2.0])) == (2,)


def test_large_inputs_are_finite_and_exact_enough():
    with strict_floats():
        np.testing.assert_array_equal(ss.softmax([1e4, -1e4]), [1.0, 0.0])
        np.testing.assert_allclose(ss.softmax([1e4, 1e4 - 1]), [ss.sigmoid(1.0), ss.sigmoid(-1.0)],
                                   rtol=1e-14)
        np.testing.assert_array_equal(ss.sigmoid([-1e4, 1e4]), [0.0, 1.0])
        np.testing.assert_allclose(ss.softmax([-1e4, -1e4 - 2]), ss.softmax([0.0, -2.0]), rtol=1e-14)
        assert ss.sigmoid(-700.0) == pytest.approx(math.exp(-700.0), rel=1e-14)
        np.testing.assert_array_equal(ss.softmax([1e300, -1e300]), [1.0, 0.0])


@given(vectors(-1e4, 1e4, max_size=10))
@settings(max_examples=60, deadline=None)
def test_softmax_matches_50_digit_reference_up_to_1e4(x):
    with strict_floats():
        s = ss.softmax(x)
    assert np.all(np.isfinite(s)) and np.all(s >= 0)
    assert s.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(s, reference_softmax(x), rtol=1e-9, atol=1e-300)


@given(vectors(-1e4, 1e4, max_size=10))
@settings(max_examples=60, deadline=None)
def test_sigmoid_matches_50_digit_reference_up_to_1e4(x):
    with strict_floats():
        s = ss.sigmoid(x)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s, reference_sigmoid(x), rtol=1e-13, atol=1e-300)


# ---- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "function, bad, message",
    [
        (ss.softmax, [], "softmax: input must not be empty"),
        (ss.softmax, np.zeros((0,)), "must not be empty"),
        (ss.softmax, [[1.0, 2.0], [3.0, 4.0]], r"softmax: input must be a 1-D array, got shape \(2, 2\)"),
        (ss.softmax, 3.0, r"got shape \(\)"),
        (ss.softmax, [1.0, np.nan], "softmax: input must be finite"),
        (ss.softmax, [np.inf, 1.0], "must be finite"),
        (ss.softmax, [-np.inf, 1.0], "must be finite"),
        (ss.softmax, ["a", "b"], "must be real numbers"),
        (ss.softmax, [1j, 2.0], "must be real numbers"),
        (ss.sigmoid, [], "sigmoid: input must not be empty"),
        (ss.sigmoid, np.ones((2, 2)), r"sigmoid: input must be a scalar or a 1-D array, got shape \(2, 2\)"),
        (ss.sigmoid, np.nan, "sigmoid: input must be finite"),
        (ss.sigmoid, [1.0, -np.inf], "must be finite"),
        (ss.softmax_jacobian, [[1.0]], "1-D array"),
        (ss.sigmoid_jacobian, 1.0, r"sigmoid_jacobian: input must be a 1-D array, got shape \(\)"),
    ],
)
def test_bad_input_raises_clear_value_error(function, bad, message):
    with pytest.raises(ValueError, match=message):
        function(bad)


@pytest.mark.parametrize("vjp", [ss.softmax_vjp, ss.sigmoid_vjp])
def test_vjp_rejects_mismatched_or_bad_gradient(vjp):
    with pytest.raises(ValueError, match=r"gradient g has shape \(2,\) but x has shape \(3,\)"):
        vjp([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="must be finite"):
        vjp([1.0, 2.0], [1.0, np.nan])


# ---- Question 2: Jacobians ------------------------------------------------------------------

@given(vectors())
@settings(max_examples=60, deadline=None)
def test_softmax_jacobian_matches_central_differences(x):
    numeric = ss.central_difference_jacobian(ss.softmax, x)
    np.testing.assert_allclose(ss.softmax_jacobian(x), numeric, atol=1e-8)


@given(vectors())
@settings(max_examples=60, deadline=None)
def test_softmax_jacobian_entries_and_signs(x):
    s, jacobian = ss.softmax(x), ss.softmax_jacobian(x)
    n = x.size
    for i in range(n):
        for j in range(n):
            expected = s[i] * (1 - s[i]) if i == j else -s[i] * s[j]
            assert jacobian[i, j] == pytest.approx(expected, abs=1e-16)
    if n > 1:  # diagonal S_i (1 - S_i) > 0, off-diagonal -S_i S_j < 0
        assert np.all(np.diag(jacobian) > 0)
        assert np.all(jacobian[~np.eye(n, dtype=bool)] < 0)


@given(vectors())
@settings(max_examples=60, deadline=None)
def test_softmax_jacobian_symmetric_rows_sum_to_zero_rank_n_minus_1(x):
    n = x.size
    jacobian = ss.softmax_jacobian(x)
    np.testing.assert_array_equal(jacobian, jacobian.T)
    np.testing.assert_allclose(jacobian.sum(axis=1), 0, atol=1e-15)
    eigenvalues = np.linalg.eigvalsh(jacobian)
    assert abs(eigenvalues[0]) < 1e-15                 # singular: J 1 = 0
    assert np.all(eigenvalues > -1e-15)                # positive semi-definite
    if n > 1:
        # Interlacing (J = diag(S) minus a rank-one PSD matrix): the next eigenvalue is at
        # least min(S) > 0, so the null space is exactly the line of (1, ..., 1).
        assert eigenvalues[1] >= ss.softmax(x).min() * (1 - 1e-9) - 1e-15
    assert np.linalg.matrix_rank(jacobian, tol=1e-12) == n - 1


@given(vectors(-30.0, 30.0))
@settings(max_examples=60, deadline=None)
def test_sigmoid_jacobian_is_diagonal_and_matches_central_differences(x):
    jacobian = ss.sigmoid_jacobian(x)
    assert np.all(jacobian[~np.eye(x.size, dtype=bool)] == 0)
    s = ss.sigmoid(x)
    np.testing.assert_allclose(np.diag(jacobian), s * (1 - s), rtol=1e-4, atol=1e-16)
    with mpmath.workdps(50):  # sigma' = e^-x / (1 + e^-x)^2, exactly
        exact = [float(mpmath.exp(-mpmath.mpf(float(v))) / (1 + mpmath.exp(-mpmath.mpf(float(v)))) ** 2)
                 for v in x]
    np.testing.assert_allclose(np.diag(jacobian), exact, rtol=1e-13)
    np.testing.assert_allclose(jacobian, ss.central_difference_jacobian(ss.sigmoid, x), atol=1e-8)


def test_sigmoid_derivative_keeps_precision_where_1_minus_sigma_cancels():
    # sigma'(40) = e^-40 / (1 + e^-40)^2; 1 - sigma(40) is 0.0 in float64.
    assert ss.sigmoid_jacobian([40.0])[0, 0] == pytest.approx(math.exp(-40) / (1 + math.exp(-40)) ** 2,
                                                               rel=1e-13)


@given(vectors(-10.0, 10.0, max_size=12), st.data())
@settings(max_examples=60, deadline=None)
def test_vjps_equal_explicit_jacobian_transpose_products(x, data):
    g = data.draw(arrays(np.float64, x.size, elements=st.floats(-10, 10)))
    np.testing.assert_allclose(ss.softmax_vjp(x, g), ss.softmax_jacobian(x).T @ g, atol=1e-13)
    np.testing.assert_allclose(ss.sigmoid_vjp(x, g), ss.sigmoid_jacobian(x).T @ g, atol=1e-13)
    s = ss.softmax(x)
    np.testing.assert_allclose(ss.explicit_softmax_vjp(s, g), ss.fast_softmax_vjp(s, g), atol=1e-13)


def test_benchmark_helpers_return_one_row_per_size():
    # No timing assertion: only the shape of the result and that the two forms were compared.
    rows = ss.time_softmax_vjps([2, 5, 50], explicit_up_to=5)
    assert [n for n, _, _ in rows] == [2, 5, 50]
    assert all(slow > 0 and fast > 0 for _, slow, fast in rows[:2])
    assert np.isnan(rows[2][1]) and rows[2][2] > 0   # above explicit_up_to: O(n) form only


# ---- Question 2: exact identities in sympy ---------------------------------------------------

def sym_softmax(xs):
    total = sum(sp.exp(v) for v in xs)
    return [sp.exp(v) / total for v in xs]


def sym_sigmoid(t):
    return 1 / (1 + sp.exp(-t))


def test_sympy_softmax_derivative_and_matrix_form():
    xs = sp.symbols("x1:4", real=True)
    s = sym_softmax(xs)
    jacobian = sp.Matrix(3, 3, lambda i, j: sp.diff(s[i], xs[j]))
    S = sp.Matrix(s)
    for i in range(3):
        for j in range(3):
            assert sp.simplify(jacobian[i, j] - s[i] * (sp.KroneckerDelta(i, j) - s[j])) == 0
    assert sp.simplify(jacobian - (sp.diag(*s) - S * S.T)) == sp.zeros(3, 3)
    assert sp.simplify(jacobian * sp.ones(3, 1)) == sp.zeros(3, 1)          # rows sum to 0
    assert jacobian.T.equals(jacobian)


def test_sympy_vjp_formula():
    xs = sp.symbols("x1:4", real=True)
    gs = sp.Matrix(sp.symbols("g1:4", real=True))
    S = sp.Matrix(sym_softmax(xs))
    jacobian = sp.diag(*S) - S * S.T
    dot = (S.T * gs)[0]
    fast = sp.Matrix([S[i] * (gs[i] - dot) for i in range(3)])
    assert sp.simplify(jacobian.T * gs - fast) == sp.zeros(3, 1)


def test_sympy_sigmoid_derivative():
    t = sp.symbols("t", real=True)
    assert sp.simplify(sp.diff(sym_sigmoid(t), t) - sym_sigmoid(t) * (1 - sym_sigmoid(t))) == 0
    assert sp.simplify(1 - sym_sigmoid(t) - sym_sigmoid(-t)) == 0


# ---- Question 3: invariances -----------------------------------------------------------------

@given(vectors(-100.0, 100.0), st.floats(-1e3, 1e3))
@settings(max_examples=80, deadline=None)
def test_translation_invariance(x, c):
    # softmax computes S(x - max x), so comparing softmax(x + c) with softmax(x) would hold by
    # construction: the right-hand side is the definition, in 50 digits, without any shift.
    np.testing.assert_allclose(ss.softmax(x + c), reference_softmax(x), rtol=1e-9, atol=1e-11)


def test_sympy_translation_invariance_and_scaling_counterexample():
    xs = sp.symbols("x1:4", real=True)
    c = sp.symbols("c", real=True)
    for a, b in zip(sym_softmax([v + c for v in xs]), sym_softmax(xs)):
        assert sp.simplify(a - b) == 0
    e = sp.E
    assert sp.simplify(e / (e + 1) - e**2 / (e**2 + 1)) != 0
    assert all(sp.simplify(v - sp.Rational(1, 3)) == 0 for v in sym_softmax([0 * v for v in xs]))


@given(vectors(-10.0, 10.0, min_size=2))
@settings(max_examples=60, deadline=None)
def test_scaling_changes_softmax_unless_entries_are_equal(x):
    if np.ptp(x) > 1e-3:
        assert not np.allclose(ss.softmax(2 * x), ss.softmax(x), atol=1e-9, rtol=0)
    np.testing.assert_allclose(ss.softmax(0 * x), np.full(x.size, 1 / x.size), atol=1e-15)


@given(arrays(np.float64, st.integers(1, 7), elements=st.integers(-3, 3).map(float)),
       st.floats(1.0, 60.0))
@settings(max_examples=80, deadline=None)
def test_large_c_shares_the_mass_among_tied_maxima(x, c):
    s = ss.softmax(c * x)
    top = x == x.max()
    ties = top.sum()
    assert np.all(s > 0)                                      # finite c: every entry positive
    if (~top).any():
        gap = x.max() - x[~top].max()                         # >= 1 for integer entries
        bound = np.exp(-c * gap) / ties
        assert s[~top].max() <= bound * (1 + 1e-12)
        if s[~top].sum() > 1e-12:                             # visible in float64:
            assert np.all(s[top] < 1 / ties)                  # the limit is not reached
        np.testing.assert_allclose(s[top], 1 / ties, atol=x.size * bound)
    else:
        np.testing.assert_allclose(s, 1 / ties, atol=1e-15)


@given(st.floats(-50, 50), st.floats(-50, 50))
@settings(max_examples=80, deadline=None)
def test_two_class_softmax_is_sigmoid_of_the_difference(x1, x2):
    z = x1 - x2
    np.testing.assert_allclose(ss.softmax([x1, x2]), [ss.sigmoid(z), 1 - ss.sigmoid(z)], atol=1e-15)
    exact = reference_sigmoid([z])[0]                       # independent of both functions
    np.testing.assert_allclose(ss.softmax([x1, x2]), [exact, 1 - exact], rtol=1e-12, atol=1e-15)


def test_sympy_two_class_and_k_minus_one():
    x1, x2 = sp.symbols("x1 x2", real=True)
    s = sym_softmax([x1, x2])
    assert sp.simplify(s[0] - sym_sigmoid(x1 - x2)) == 0
    assert sp.simplify(s[1] - (1 - sym_sigmoid(x1 - x2))) == 0
    xs = sp.symbols("x1:5", real=True)
    ys = [xs[i + 1] - xs[0] for i in range(3)]
    for a, b in zip(sym_softmax(xs), sym_softmax([sp.Integer(0), *ys])):
        assert sp.simplify(a - b) == 0


@given(vectors(-50.0, 50.0, min_size=2, max_size=10))
@settings(max_examples=80, deadline=None)
def test_k_minus_one_parameters(x):
    y = x[1:] - x[0]
    np.testing.assert_allclose(ss.softmax(np.concatenate([[0.0], y])), reference_softmax(x), rtol=1e-9, atol=1e-14)


@given(vectors(-20.0, 20.0, min_size=2, max_size=10))
@settings(max_examples=80, deadline=None)
def test_softmax_determines_x_up_to_a_constant(x):
    # ln S(x)_i - x_i = -ln sum_j e^{x_j} is the same for every i: S(a) = S(b) only if
    # a - b is constant, and y_i = ln(S_{i+1} / S_1) recovers y = x[1:] - x[0], eq. (3.13).
    p = ss.softmax(x)
    assert np.ptp(np.log(p) - x) < 1e-12
    np.testing.assert_allclose(np.log(p[1:] / p[0]), x[1:] - x[0], atol=1e-12)


@given(vectors(-5.0, 5.0, min_size=2), st.floats(0.0, 5.0))
@settings(max_examples=60, deadline=None)
def test_derivative_in_c_of_scaled_softmax(x, c):
    # d/dc S(cx)_i = S_i (x_i - sum_j S_j x_j), eq. (3.9).
    h = 1e-6
    s = ss.softmax(c * x)
    numeric = (ss.softmax((c + h) * x) - ss.softmax((c - h) * x)) / (2 * h)
    np.testing.assert_allclose(numeric, s * (x - s @ x), atol=1e-8)


def test_naive_versions_fail_where_the_stable_ones_do_not():
    with np.errstate(all="ignore"):
        assert np.all(np.isnan(ss.naive_softmax([1000.0, 999.0])))
        assert np.all(np.isnan(ss.naive_softmax([-1000.0, -1001.0])))
        assert np.isnan(ss.naive_sigmoid_ratio(1000.0))
    with pytest.raises(FloatingPointError), np.errstate(over="raise"):
        ss.naive_sigmoid(-1000.0)
    with strict_floats():
        np.testing.assert_allclose(ss.softmax([1000.0, 999.0]), [ss.sigmoid(1.0), ss.sigmoid(-1.0)])


@given(vectors(-1e4, 1e4, max_size=6))
@settings(max_examples=40, deadline=None)
def test_page_reference_matches_mpmath(x):
    # The pages check softmax and sigmoid against reference_* (Python's decimal): check that
    # reference against mpmath, so that the pages' yardstick is itself right.
    np.testing.assert_allclose(ss.reference_softmax(x), reference_softmax(x), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(ss.reference_sigmoid(x), reference_sigmoid(x), rtol=1e-14, atol=1e-300)


def test_expect_value_error_can_fail(capsys):
    ss.expect_value_error(ss.softmax, [], match="empty")
    assert "softmax([]) -> ValueError: softmax: input must not be empty" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="accepted bad input"):
        ss.expect_value_error(ss.softmax, [1.0, 2.0], match="empty")       # nothing raised
    with pytest.raises(AssertionError, match="expected a message"):
        ss.expect_value_error(ss.softmax, [], match="finite")             # another ValueError


def test_demos_run():
    # The demos assert what they print; this runs them all, the VJP benchmark included.
    out = run_demos("softmax_sigmoid")
    assert "counterexample, x = [1, 0]:  S(x)_1 = 0.7311   S(2x)_1 = 0.8808" in out
    assert "measured ratio at n = 10000" in out and out.count("<svg") == 2
    assert "naive  exp(x)/sum(exp(x))   = [nan nan nan]" in out
