"""Questions 2 and 3: softmax and sigmoid, Jacobians, VJPs, invariances (snippets/softmax_sigmoid.py).

Every float comparison uses a bound derived from the computation (the comment beside it), the
same bounds as the pages: softmax_error_bound and sigmoid_error_bound (relative), the
central-difference bound (truncation + rounding), gamma_n-style bounds for dot products.
"""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from conftest import close_figures, load_snippet, run_demos

ss = load_snippet("softmax_sigmoid")
EPS = np.finfo(float).eps
SIGMOID_ERROR = ss.sigmoid_error_bound(0.0)  # relative; the same for every x
# Below the smallest normal double (2.2e-308) rounding is absolute (steps of 4.9e-324), not
# relative: every relative comparison gets this absolute floor.
TINY = np.finfo(float).tiny


# Overflow, 0/0 and division by zero raise inside these blocks (underflow to 0 is harmless).
def strict_floats():
    return np.errstate(over="raise", invalid="raise", divide="raise")


def vectors(low=-5.0, high=5.0, min_size=1, max_size=8):
    return st.integers(min_size, max_size).flatmap(
        lambda n: arrays(np.float64, n, elements=st.floats(low, high, allow_nan=False))
    )


def assert_relative(actual, expected, rel):
    """|actual - expected| <= rel |expected| + TINY, entry by entry (rel: scalar or array)."""
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    gap = np.abs(actual - expected)
    allowed = np.asarray(rel) * np.abs(expected) + TINY
    assert np.all(gap <= allowed), f"gap / allowed up to {np.max(gap / allowed):.3g}"


def reference_softmax(x, shift=0.0):
    """Softmax in 50-digit arithmetic, straight from the definition (mpmath never
    overflows), at x + shift with the sum formed in 50 digits."""
    with mpmath.workdps(50):
        e = [mpmath.exp(mpmath.mpf(float(v)) + mpmath.mpf(float(shift))) for v in x]
        total = sum(e)
        return np.array([float(v / total) for v in e])


def reference_sigmoid(x):
    with mpmath.workdps(50):
        return np.array([float(1 / (1 + mpmath.exp(-mpmath.mpf(float(v))))) for v in np.ravel(x)])


def exact_sigmoid_derivative(x):
    """sigma'(x) = e^-x / (1 + e^-x)^2 in 50 digits, rounded to doubles."""
    with mpmath.workdps(50):
        return np.array([float(mpmath.exp(-mpmath.mpf(float(v))) / (1 + mpmath.exp(-mpmath.mpf(float(v)))) ** 2)
                         for v in np.ravel(x)])


def softmax_fd_bound(x, h=1e-6):
    """The central-difference error bound of the pages for J = dS/dx: |S'''| <= 1/8; values off
    by softmax's relative bound (S <= 1) plus eps |x_j| / 4 from rounding x_j +- h."""
    return ss.central_difference_bound(h, 1 / 8, ss.softmax_error_bound(x).max() + EPS * np.abs(x).max() / 4)


# ---- concrete values -----------------------------------------------------------------------
# Typed values: the 50-digit values (mpmath) rounded to doubles.

def test_softmax_concrete_values():
    assert_relative(ss.softmax([0.0, 0.0]), [0.5, 0.5], ss.softmax_error_bound([0.0, 0.0]))
    x = [1.0, 2.0, 3.0]
    assert_relative(ss.softmax(x), [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
                    ss.softmax_error_bound(x) + EPS)
    # Question 3.2's counterexample: e / (e + 1) and e^2 / (e^2 + 1).
    assert_relative(ss.softmax([1.0, 0.0])[0], 0.7310585786300049, ss.softmax_error_bound([1.0, 0.0])[0] + EPS)
    assert_relative(ss.softmax([2.0, 0.0])[0], 0.8807970779778824, ss.softmax_error_bound([2.0, 0.0])[0] + EPS)
    assert round(ss.softmax([1.0, 0.0])[0], 2) == 0.73  # (not 0.71)


def test_sigmoid_concrete_values_and_shapes():
    assert ss.sigmoid(0.0) == 0.5
    assert_relative(ss.sigmoid(2.0), 0.8807970779778824, SIGMOID_ERROR + EPS)
    assert_relative(ss.sigmoid(-2.0), 0.11920292202211756, SIGMOID_ERROR + EPS)
    assert np.ndim(ss.sigmoid(1.0)) == 0 and np.shape(ss.sigmoid([1.0, 2.0])) == (2,)


def test_large_inputs_are_finite_and_exact_enough():
    with strict_floats():
        np.testing.assert_array_equal(ss.softmax([1e4, -1e4]), [1.0, 0.0])
        # softmax([1e4, 1e4 - 1]) = [sigma(1), sigma(-1)]: both within their bounds
        assert_relative(ss.softmax([1e4, 1e4 - 1]), [ss.sigmoid(1.0), ss.sigmoid(-1.0)],
                        ss.softmax_error_bound([1e4, 1e4 - 1]) + SIGMOID_ERROR)
        np.testing.assert_array_equal(ss.sigmoid([-1e4, 1e4]), [0.0, 1.0])
        assert_relative(ss.softmax([-1e4, -1e4 - 2]), ss.softmax([0.0, -2.0]),
                        ss.softmax_error_bound([-1e4, -1e4 - 2]) + ss.softmax_error_bound([0.0, -2.0]))
        # sigma(-700) = e^-700 (1 - e^-700 + ...): the exp of math within 4 eps
        assert_relative(ss.sigmoid(-700.0), math.exp(-700.0), SIGMOID_ERROR + 4 * EPS)
        np.testing.assert_array_equal(ss.softmax([1e300, -1e300]), [1.0, 0.0])


@given(vectors(-1e4, 1e4, max_size=10))
@settings(max_examples=60, deadline=None)
def test_softmax_matches_50_digit_reference_up_to_1e4(x):
    with strict_floats():
        s = ss.softmax(x)
    assert np.all(np.isfinite(s)) and np.all(s >= 0)
    # the entries sum to 1 within the largest relative bound, plus the sum's n eps
    assert abs(s.sum() - 1) <= ss.softmax_error_bound(x).max() + x.size * EPS
    assert_relative(s, reference_softmax(x), ss.softmax_error_bound(x) + EPS)


@given(vectors(-1e4, 1e4, max_size=10))
@settings(max_examples=60, deadline=None)
def test_sigmoid_matches_50_digit_reference_up_to_1e4(x):
    with strict_floats():
        s = ss.sigmoid(x)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    assert_relative(s, reference_sigmoid(x), SIGMOID_ERROR + EPS)

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

def two_outputs(v):
    """f: R^3 -> R^2, f(v) = [v_1 v_2, sin(v_3) - v_1]."""
    return np.array([v[0] * v[1], np.sin(v[2]) - v[0]])


def two_outputs_jacobian(v):
    return np.array([[v[1], v[0], 0.0], [-1.0, 0.0, np.cos(v[2])]])


@given(arrays(np.float64, 3, elements=st.floats(-3.0, 3.0)))
@settings(max_examples=60, deadline=None)
def test_central_differences_on_a_non_square_non_symmetric_jacobian(v):
    # The softmax and sigmoid Jacobians are symmetric: a difference quotient that returned the
    # transpose would pass every check on them. Rows = outputs, columns = inputs, here.
    h = 1e-6
    numeric = ss.central_difference_jacobian(two_outputs, v, h)
    assert numeric.shape == (2, 3)
    # |f'''| <= 1 (sin); values off by 8 eps (1 + max|v|)^2 (as on the page)
    bound = ss.central_difference_bound(h, 1.0, 8 * EPS * (1 + np.abs(v).max()) ** 2)
    assert np.abs(numeric - two_outputs_jacobian(v)).max() <= bound


def test_central_differences_on_a_square_non_symmetric_linear_map():
    a = np.array([[1.0, 2.0, 0.0], [-3.0, 0.5, 4.0], [0.0, 0.0, -1.0]])
    v, h = np.array([0.3, -1.2, 2.0]), 1e-6

    def linear(w):
        return a @ w

    numeric = ss.central_difference_jacobian(linear, v, h)
    # f''' = 0; each value a @ (v +- h e_j) is a sum of 3 products (within 3 eps of
    # sum_k |a_ik| |w_k|) after w_j = v_j +- h is rounded (eps/2 |w_j| |a_ij|); twice
    value_error = 2 * 4 * EPS * np.abs(a).sum(axis=1).max() * (np.abs(v).max() + h)
    assert np.abs(numeric - a).max() <= ss.central_difference_bound(h, 0.0, value_error)


@given(vectors())
@settings(max_examples=60, deadline=None)
def test_softmax_jacobian_matches_central_differences(x):
    numeric = ss.central_difference_jacobian(ss.softmax, x)
    assert np.abs(ss.softmax_jacobian(x) - numeric).max() <= softmax_fd_bound(x)


def jacobian_entry_bound(x):
    """(r, bound): the 50-digit S rounded to doubles, and the page's bound on
    |softmax_jacobian(x) - (2.1) evaluated exactly at r|, entry by entry."""
    r = reference_softmax(x)
    beta = ss.softmax_error_bound(x) + EPS
    return r, 2 * (beta[:, None] + beta[None, :] + 2 * EPS) * (np.diag(r) + np.outer(r, r))


@given(vectors())
@settings(max_examples=60, deadline=None)
def test_softmax_jacobian_entries_and_signs(x):
    jacobian, n = ss.softmax_jacobian(x), x.size
    r, bound = jacobian_entry_bound(x)
    q = [Fraction(v) for v in r]                     # (2.1) in exact rationals
    for i in range(n):
        for j in range(n):
            exact = q[i] * ((i == j) - q[j])
            assert abs(Fraction(jacobian[i, j]) - exact) <= Fraction(bound[i, j])
    if n > 1:  # diagonal S_i (1 - S_i) > 0, off-diagonal -S_i S_j < 0
        assert np.all(np.diag(jacobian) > 0)
        assert np.all(jacobian[~np.eye(n, dtype=bool)] < 0)


@given(vectors())
@settings(max_examples=60, deadline=None)
def test_softmax_jacobian_symmetric_rows_sum_to_zero_rank_n_minus_1(x):
    n = x.size
    jacobian = ss.softmax_jacobian(x)
    beta = ss.softmax_error_bound(x) + EPS
    # symmetry, on the central differences (not symmetric by construction)
    numeric = ss.central_difference_jacobian(ss.softmax, x)
    assert np.abs(numeric - numeric.T).max() <= 2 * softmax_fd_bound(x)
    # J 1 = 0 up to |1 - sum S| <= max beta, the entries' rounding and a sum of n terms; twice
    assert np.abs(jacobian.sum(axis=1)).max() <= 2 * (beta.max() + 2 * n * EPS)
    # lambda_1 = 0 up to 3 max beta + 2 eps (J's distance to one with an exact zero
    # eigenvalue) and LAPACK's backward error, allowed n^2 eps ||J|| (||J|| <= 1); twice
    eigen_bound = 2 * (3 * beta.max() + 2 * EPS + n**2 * EPS)
    eigenvalues = np.linalg.eigvalsh(jacobian)
    assert abs(eigenvalues[0]) <= eigen_bound              # singular: J 1 = 0
    assert np.all(eigenvalues >= -eigen_bound)             # positive semi-definite
    if n > 1:
        # Interlacing (J = diag(S) minus a rank-one PSD matrix): the next eigenvalue is at
        # least min(S) > 0, so the null space is exactly the line of (1, ..., 1).
        r = reference_softmax(x)
        assert eigenvalues[1] >= r.min() * (1 - beta.max()) - eigen_bound
    assert np.linalg.matrix_rank(jacobian, tol=eigen_bound) == n - 1


@given(vectors(-30.0, 30.0))
@settings(max_examples=60, deadline=None)
def test_sigmoid_jacobian_matches_exact_values_and_central_differences(x):
    h = 1e-6
    jacobian = ss.sigmoid_jacobian(x)
    # diagonal against sigma' in 50 digits, relative: sigma(x) and sigma(-x) each within
    # SIGMOID_ERROR, their product eps/2, the reference's rounding eps/2
    assert_relative(np.diag(jacobian), exact_sigmoid_derivative(x), 2 * SIGMOID_ERROR + EPS)
    # every entry, off the diagonal included, against differences of sigmoid itself
    numeric = ss.central_difference_jacobian(ss.sigmoid, x, h)
    off_diagonal = ~np.eye(x.size, dtype=bool)
    assert np.all(numeric[off_diagonal] == 0)             # output i ignores x_j
    bound = ss.central_difference_bound(h, 1 / 8, SIGMOID_ERROR + EPS * np.abs(x).max() / 4)
    assert np.abs(jacobian - numeric).max() <= bound


@pytest.mark.parametrize("t", [40.0, 200.0, -40.0, -200.0])
def test_sigmoid_derivative_keeps_precision_where_1_minus_sigma_cancels(t):
    # sigma'(40) = e^-40 / (1 + e^-40)^2 ~ 4e-18, while 1 - sigma(40) is 0.0 in float64:
    # only a relative comparison tells sigma(1 - sigma) (= 0 there) from the right value.
    assert_relative(ss.sigmoid_jacobian([t])[0, 0], exact_sigmoid_derivative([t])[0],
                    2 * SIGMOID_ERROR + EPS)
    assert_relative(ss.sigmoid_vjp([t], [1.0])[0], exact_sigmoid_derivative([t])[0],
                    2 * SIGMOID_ERROR + 2 * EPS)


def vjp_bound(s, g):
    """The page's bound on |explicit J^T g - S * (g - S.g)| for the same S: each within
    (n + 2) eps S_i (|g_i| + 2 S.|g|) of the exact product; twice the sum."""
    return 4 * (s.size + 2) * EPS * s * (np.abs(g) + 2 * (s @ np.abs(g)))


@given(vectors(-10.0, 10.0, max_size=12), st.data())
@settings(max_examples=60, deadline=None)
def test_vjps_equal_explicit_jacobian_transpose_products(x, data):
    g = data.draw(arrays(np.float64, x.size, elements=st.floats(-10, 10)))
    s = ss.softmax(x)
    assert np.all(np.abs(ss.softmax_vjp(x, g) - ss.softmax_jacobian(x).T @ g) <= vjp_bound(s, g))
    # diagonal J: the same product sigma(x_i) sigma(-x_i) g_i, up to one rounding each
    sigmoid_fast = ss.sigmoid_vjp(x, g)
    assert np.all(np.abs(sigmoid_fast - ss.sigmoid_jacobian(x).T @ g) <= 2 * EPS * np.abs(sigmoid_fast))
    assert np.all(np.abs(ss.explicit_softmax_vjp(s, g) - ss.fast_softmax_vjp(s, g)) <= vjp_bound(s, g))


@given(vectors(-10.0, 10.0, max_size=6), st.data())
@settings(max_examples=40, deadline=None)
def test_softmax_vjp_matches_exact_chain_rule(x, data):
    # Independent of softmax_jacobian: J^T g from (2.1) in 50 digits, relative to
    # sum_j |J_ji g_j|, within the bound of S (beta) times 4 plus the dot product's n eps.
    g = data.draw(arrays(np.float64, x.size, elements=st.floats(-10, 10)))
    with mpmath.workdps(50):
        e = [mpmath.exp(mpmath.mpf(float(v))) for v in x]
        total = sum(e)
        s = [v / total for v in e]
        dot = sum(si * mpmath.mpf(float(gi)) for si, gi in zip(s, g))
        exact = np.array([float(si * (mpmath.mpf(float(gi)) - dot)) for si, gi in zip(s, g)])
    r = np.array([float(v) for v in s])
    scale = r * (np.abs(g) + r @ np.abs(g))
    beta = ss.softmax_error_bound(x) + EPS
    assert np.all(np.abs(ss.softmax_vjp(x, g) - exact) <= 4 * (beta.max() + (x.size + 2) * EPS) * scale + TINY)


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
    # (3.1) itself, independent of softmax's shift by max(x): the definition at x + c (formed
    # in 50 digits) against the definition at x, both in 50 digits.
    with mpmath.workdps(50):
        def definition(shift):
            e = [mpmath.exp(mpmath.mpf(float(v)) + mpmath.mpf(float(shift))) for v in x]
            return [v / sum(e) for v in e]
        assert all(abs(a / b - 1) < mpmath.mpf("1e-40") for a, b in zip(definition(c), definition(0.0)))
    # softmax at the rounded x + c against S(x): its own bound, eps max|x + c| for the
    # rounding of x + c, and the reference's rounding.
    shifted = x + c
    bound = ss.softmax_error_bound(shifted) + EPS * (np.abs(shifted).max() + 1)
    assert_relative(ss.softmax(shifted), reference_softmax(x), bound)


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
    # ln S(2x)_i - ln S(x)_i = x_i + a constant: its spread is ptp(x), 0 only for equal entries.
    s1, s2 = ss.softmax(x), ss.softmax(2 * x)
    log_ratio = np.log(s2 / s1)
    # each entry: both relative bounds and the division (eps/2) carried through log (which
    # adds 4 eps of its value); the spread of n such entries: twice; x2 margin
    error = (ss.softmax_error_bound(2 * x) + ss.softmax_error_bound(x) + EPS
             + 4 * EPS * np.abs(log_ratio))
    assert abs(np.ptp(log_ratio) - np.ptp(x)) <= 4 * error.max() + EPS * np.ptp(x)
    assert_relative(ss.softmax(0 * x), np.full(x.size, 1 / x.size), ss.softmax_error_bound(0 * x) + EPS)


@given(arrays(np.float64, st.integers(1, 7), elements=st.integers(-3, 3).map(float)),
       st.floats(1.0, 60.0))
@settings(max_examples=80, deadline=None)
def test_large_c_shares_the_mass_among_tied_maxima(x, c):
    s = ss.softmax(c * x)
    beta = ss.softmax_error_bound(c * x) + EPS
    top = x == x.max()
    ties = top.sum()
    assert np.all(s > 0)                                      # finite c: every entry positive
    if (~top).any():
        gap = x.max() - x[~top].max()                         # >= 1 for integer entries
        bound = np.exp(-c * gap) / ties                       # (3.8)
        # with the rounding of both sides: exp 4 eps of an argument rounded by eps/2 c gap
        assert s[~top].max() <= bound * (1 + beta.max() + 5 * EPS + EPS * c * gap)
        if s[~top].sum() > 4 * beta.max():                    # visible above rounding:
            assert np.all(s[top] < 1 / ties)                  # the limit is not reached
        # (3.6): within (n - r) e^(-c gap) / r^2 of 1/r, plus the rounding of S
        allowed = (x.size - ties) * bound / ties + (beta[top] + EPS) / ties
        assert np.all(np.abs(s[top] - 1 / ties) <= allowed)
    else:
        assert_relative(s, np.full(x.size, 1 / ties), beta)


@given(st.floats(-50, 50), st.floats(-50, 50))
@settings(max_examples=80, deadline=None)
def test_two_class_softmax_is_sigmoid_of_the_difference(x1, x2):
    z = x1 - x2
    s = ss.softmax([x1, x2])
    # against sigma(z) and sigma(-z) = 1 - sigma(z) in 50 digits at the rounded z, which
    # moves S by at most eps |z| / 2 relative
    exact = reference_sigmoid([z, -z])
    assert_relative(s, exact, ss.softmax_error_bound([x1, x2]) + EPS * (abs(z) + 1))
    assert_relative(ss.sigmoid(z), exact[0], SIGMOID_ERROR + EPS)
    # 1 - sigmoid(z) loses relative precision where sigma(z) ~ 1: absolute
    assert abs(1 - ss.sigmoid(z) - s[1]) <= SIGMOID_ERROR + ss.softmax_error_bound([x1, x2]).max() + EPS * (abs(z) + 2)


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
    z = np.concatenate([[0.0], y])
    # softmax's bound at [0, y], the rounding of y (eps max|y| relative), the reference's
    assert_relative(ss.softmax(z), reference_softmax(x), ss.softmax_error_bound(z) + EPS * (np.abs(y).max() + 1))


@given(vectors(-20.0, 20.0, min_size=2, max_size=10))
@settings(max_examples=80, deadline=None)
def test_softmax_determines_x_up_to_a_constant(x):
    # ln S(x)_i - x_i = -ln sum_j e^{x_j} is the same for every i: S(a) = S(b) only if
    # a - b is constant, and y_i = ln(S_{i+1} / S_1) recovers y = x[1:] - x[0], eq. (3.13).
    p = ss.softmax(x)
    beta = ss.softmax_error_bound(x)
    log_p = np.log(p)
    # each entry: beta_i through log, log's 4 eps of its value, the subtraction's eps/2; x2 x2
    error = beta + 4 * EPS * np.abs(log_p) + EPS * np.abs(log_p - x)
    assert np.ptp(log_p - x) <= 4 * error.max()
    y = x[1:] - x[0]
    # the ratio within beta_(i+1) + beta_1 + eps/2, log 4 eps |y_i|, y rounded eps/2 |y_i|; x2
    assert np.all(np.abs(np.log(p[1:] / p[0]) - y) <= 2 * (beta[1:] + beta[0] + EPS + 5 * EPS * np.abs(y)))


@given(vectors(-5.0, 5.0, min_size=2), st.floats(0.0, 5.0))
@settings(max_examples=60, deadline=None)
def test_derivative_in_c_of_scaled_softmax(x, c):
    # d/dc S(cx)_i = S_i (x_i - sum_j S_j x_j), eq. (3.9), against central differences in c
    # with the page's bound: |d^3/dc^3| <= 2 D^3 (D = ptp x); values off by softmax's bound,
    # eps max|(c + h) x| (rounding (c +- h) x) and D eps c (rounding c +- h).
    h = 1e-6
    s = ss.softmax(c * x)
    numeric = (ss.softmax((c + h) * x) - ss.softmax((c - h) * x)) / (2 * h)
    spread = np.ptp(x)
    value_error = (ss.softmax_error_bound((c + h) * x).max() + EPS * np.abs((c + h) * x).max()
                   + spread * EPS * c)
    bound = h**2 * 2 * spread**3 / 6 + value_error / h
    assert np.abs(numeric - s * (x - s @ x)).max() <= bound


def test_naive_versions_fail_where_the_stable_ones_do_not():
    with np.errstate(all="ignore"):
        assert np.all(np.isnan(ss.naive_softmax([1000.0, 999.0])))
        assert np.all(np.isnan(ss.naive_softmax([-1000.0, -1001.0])))
        assert np.isnan(ss.naive_sigmoid_ratio(1000.0))
    with pytest.raises(FloatingPointError), np.errstate(over="raise"):
        ss.naive_sigmoid(-1000.0)
    with strict_floats():
        assert_relative(ss.softmax([1000.0, 999.0]), [ss.sigmoid(1.0), ss.sigmoid(-1.0)],
                        ss.softmax_error_bound([1000.0, 999.0]) + SIGMOID_ERROR)


@given(vectors(-1e4, 1e4, max_size=6))
@settings(max_examples=40, deadline=None)
def test_page_reference_matches_mpmath(x):
    # The pages check softmax and sigmoid against reference_* (Python's decimal): check that
    # reference against mpmath, so that the pages' yardstick is itself right. Both round
    # 50-digit values to doubles: at most one rounding apart.
    assert_relative(ss.reference_softmax(x), reference_softmax(x), EPS)
    assert_relative(ss.reference_sigmoid(x), reference_sigmoid(x), EPS)
    # and decimal_softmax's shift, before any rounding to doubles
    with mpmath.workdps(50):
        exact = [mpmath.exp(mpmath.mpf(float(v)) + 3) for v in x]
        exact = [v / sum(exact) for v in exact]
        assert all(abs(mpmath.mpf(str(a)) / b - 1) < mpmath.mpf("1e-45")
                   for a, b in zip(ss.decimal_softmax(x, shift=3.0), exact))


def test_expect_value_error_can_fail(capsys):
    ss.expect_value_error("empty", ss.softmax, [])
    assert "ValueError: softmax: input must not be empty" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="accepted bad input"):
        ss.expect_value_error("empty", ss.softmax, [1.0, 2.0])         # nothing raised
    with pytest.raises(AssertionError, match="expected 'finite' in the message"):
        ss.expect_value_error("finite", ss.softmax, [])               # another ValueError


def test_demos_run():
    # The demos assert what they print; this runs them all, the VJP benchmark included.
    out = run_demos("softmax_sigmoid")
    assert "counterexample, x = [1, 0]:  S(x)_1 = 0.7311   S(2x)_1 = 0.8808" in out
    assert "central differences of shape (2, 3)" in out
    assert "measured ratio at n = 10000" in out
    assert "<svg" not in out and close_figures() == 2  # drawn, not printed
    assert "naive  exp(x)/sum(exp(x))   = [nan nan nan]" in out
