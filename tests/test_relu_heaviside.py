"""Question 1: ReLU, Heaviside, the sigmoid approximation, the distributional derivative
(snippets/relu_heaviside.py).

Every float comparison uses a bound derived from the computation, in units of
EPS = 2.2e-16: numpy's exp is taken to be accurate to EPS (relative), and the module's
trapezoid adds with math.fsum (correctly rounded). Values that can be tiny (sigma'(40) =
4e-18) are compared relatively, against 50-digit references from mpmath.
"""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import close_figures, load_snippet, run_demos

rh = load_snippet("relu_heaviside")

EPS = np.finfo(float).eps
finite = st.floats(-1e3, 1e3, allow_nan=False)
# Bounds on the derivatives of the standard bump exp(-1 / (1 - u^2)) (radius 1), used by
# the page's tolerances; test_bump_derivative_bounds checks them.
M1, M2, M3, M4 = 0.8, 7.8, 190.0, 8400.0


def sigma_50_digits(t):
    """(sigma(t), sigma'(t)) to 50 digits, from e^-t / (1 + e^-t)^2: independent of the
    module's formulas."""
    with mpmath.workdps(50):
        e = mpmath.exp(-mpmath.mpf(float(t)))
        return 1 / (1 + e), e / (1 + e) ** 2


def relative_error(computed, exact):
    with mpmath.workdps(50):
        return float(abs(mpmath.mpf(float(computed)) / exact - 1))


# ---- concrete values -------------------------------------------------------------------------

def test_concrete_values():
    np.testing.assert_array_equal(rh.relu([-2.0, 0.0, 3.5]), [0.0, 0.0, 3.5])
    np.testing.assert_array_equal(rh.heaviside([-2.0, 0.0, 3.5]), [0.0, 0.5, 1.0])
    # boundary points: H(0) = H(-0) = 1/2, ReLU(-0) = 0, far from 0
    assert rh.heaviside(-0.0) == 0.5 and rh.relu(-0.0) == 0.0
    np.testing.assert_array_equal(rh.heaviside([-1e300, -5e-324, 5e-324, 1e300]), [0, 0, 1, 1])
    assert rh.sigmoid(0.0) == 0.5 and rh.sigmoid_derivative(0.0) == 0.25
    assert relative_error(rh.sigmoid(2.0), sigma_50_digits(2.0)[0]) <= 4 * EPS
    np.testing.assert_array_equal(rh.sigmoid([-1e4, 1e4]), [0.0, 1.0])
    # exp(-1/0.84) by the math module and by numpy: each within EPS
    assert abs(float(rh.bump(0.0)) / math.exp(-1 / (1 - 0.4**2)) - 1) <= 4 * EPS
    # the edges of the support are outside it: phi = phi' = 0 there, exactly
    for center, radius in [(0.4, 1.0), (-0.3, 0.5), (2.0, 0.25)]:
        edges = [center - radius, center + radius]
        np.testing.assert_array_equal(rh.bump(edges, center, radius), [0.0, 0.0])
        np.testing.assert_array_equal(rh.bump_derivative(edges, center, radius), [0.0, 0.0])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: rh.relu([1.0, np.nan]), "x must be finite"),
        (lambda: rh.relu(-np.inf), "x must be finite"),
        (lambda: rh.heaviside(np.inf), "x must be finite"),
        (lambda: rh.heaviside(np.nan), "x must be finite"),
        (lambda: rh.sigmoid([-np.inf]), "t must be finite"),
        (lambda: rh.sigmoid(np.nan), "t must be finite"),
        (lambda: rh.sigmoid_derivative(np.nan), "t must be finite"),
        (lambda: rh.sigmoid_derivative([0.0, np.inf]), "t must be finite"),
        (lambda: rh.relu_as_product(np.nan), "x must be finite"),
        (lambda: rh.relu_as_integral(np.nan), "x must be finite"),
        (lambda: rh.relu_as_integral(1.0, 0.0), "step must be positive"),
        (lambda: rh.relu_as_integral(1.0, -1e-3), "step must be positive"),
        (lambda: rh.relu_as_integral(1.0, np.nan), "step must be finite"),
        (lambda: rh.bump(0.0, radius=0.0), "radius must be positive"),
        (lambda: rh.bump(0.0, radius=-1.0), "radius must be positive"),
        (lambda: rh.bump(0.0, radius=np.nan), "radius must be positive"),
        (lambda: rh.bump(0.0, radius=np.inf), "radius must be positive"),
        (lambda: rh.bump(0.0, center=np.nan), "center must be finite"),
        (lambda: rh.bump(np.nan), "x must be finite"),
        (lambda: rh.bump_derivative(0.0, radius=0.0), "radius must be positive"),
        (lambda: rh.bump_derivative(0.0, center=np.inf), "center must be finite"),
        (lambda: rh.bump_derivative([0.0, np.nan]), "x must be finite"),
        (lambda: rh.grid_through_zero(0.5, 1.0, 0.1), "need lower < 0 < upper"),
        (lambda: rh.grid_through_zero(-1.0, 0.0, 0.1), "need lower < 0 < upper"),
        (lambda: rh.grid_through_zero(np.nan, 1.0, 0.1), "lower must be finite"),
        (lambda: rh.grid_through_zero(-1.0, np.inf, 0.1), "upper must be finite"),
        (lambda: rh.grid_through_zero(-1.0, 1.0, 0.0), "step must be positive"),
        (lambda: rh.grid_through_zero(-1.0, 1.0, np.nan), "step must be finite"),
        (lambda: rh.trapezoid([1.0, 2.0], [0.0, 1.0, 2.0]), "1-D of one length"),
        (lambda: rh.trapezoid([1.0, np.nan], [0.0, 1.0]), "values must be finite"),
    ],
)
def test_bad_input_raises_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_expect_value_error_fails_when_it_should(capsys):
    rh.expect_value_error("finite", rh.relu, np.nan)
    assert capsys.readouterr().out == "ValueError: x must be finite (it contains nan or inf)\n"
    with pytest.raises(AssertionError, match="accepted bad input"):
        rh.expect_value_error("finite", rh.relu, 1.0)
    with pytest.raises(AssertionError, match="expected 'radius'"):
        rh.expect_value_error("radius", rh.relu, np.nan)


# ---- 1.1 derivative of ReLU -----------------------------------------------------------------

@given(finite)
def test_relu_derivative_is_heaviside_away_from_zero(x):
    assume(abs(x) > 1e-3)
    h = 1e-6
    quotient = (rh.relu(x + h) - rh.relu(x - h)) / (2 * h)
    # ReLU is linear on [x - h, x + h]: only the rounding of x +- h and of the division
    assert abs(quotient - rh.heaviside(x)) <= EPS * (abs(x) + h) / h


@given(st.floats(1e-12, 1.0))
def test_one_sided_quotients_at_zero_differ(eps):
    assert (rh.relu(eps) - rh.relu(0.0)) / eps == 1.0
    assert (rh.relu(-eps) - rh.relu(0.0)) / (-eps) == 0.0


def test_sympy_one_sided_derivatives_at_zero():
    e = sp.symbols("epsilon", real=True)

    def g(t):
        return sp.Max(0, t)

    assert sp.limit((g(e) - g(0)) / e, e, 0, "+") == 1
    assert sp.limit((g(e) - g(0)) / e, e, 0, "-") == 0


@given(st.floats(0.0, 1.0), st.floats(-1e3, 1e3))
def test_every_slope_in_0_1_is_a_subgradient_at_zero(s, y):
    assert rh.relu(y) >= rh.relu(0.0) + s * y


@given(st.one_of(st.floats(-10.0, -1e-6), st.floats(1.0 + 1e-6, 10.0)))
def test_slopes_outside_0_1_are_not_subgradients(s):
    y = 1.0 if s > 1 else -1.0  # a witness where g(y) < g(0) + s y
    assert rh.relu(y) < rh.relu(0.0) + s * y


# ---- 1.2 two definitions through H -----------------------------------------------------------

@given(finite)
def test_relu_is_x_times_heaviside(x):
    assert rh.relu_as_product(x) == rh.relu(x) == max(0.0, x)


def integral_bound(x, step):
    """The jump panel errs by at most step / 2 (its width, at most step (1 + 2 EPS));
    rounding: grid points to EPS (|x| + 1), the differences and fsum to EPS each."""
    return step / 2 * (1 + 2 * EPS) + 4 * EPS * (abs(x) + 1 + step)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 1e-5, 0.5, 1.0, 7.25])
def test_relu_is_integral_of_heaviside(x):
    assert abs(rh.relu_as_integral(x) - rh.relu(x)) <= integral_bound(x, 1e-4)


@given(st.floats(-5.0, 5.0), st.sampled_from([1e-3, 3.7e-3, 2.0**-9]))
@settings(max_examples=30, deadline=None)
def test_relu_is_integral_of_heaviside_random(x, step):
    assert abs(rh.relu_as_integral(x, step) - rh.relu(x)) <= integral_bound(x, step)


@given(st.integers(-2000, 2000), st.sampled_from([7, 10, 13]))
@settings(max_examples=30, deadline=None)
def test_relu_as_integral_is_exact_on_a_dyadic_grid(m, p):
    # step = 2^-p and x a multiple of it: 0 is a grid node and every number is exact,
    # so the rule's own error is all there is: 0 for x != 0, step / 4 at x = 0.
    step = 2.0**-p
    x = m * step
    assert rh.relu_as_integral(x, step) - max(0.0, x) == (step / 4 if x == 0 else 0.0)


def test_sympy_integral_of_heaviside():
    t = sp.symbols("t", real=True)
    for x in (sp.Rational(-3, 2), sp.Integer(0), sp.Rational(5, 2)):
        assert sp.integrate(sp.Heaviside(t, sp.Rational(1, 2)), (t, -sp.oo, x)) == sp.Max(0, x)
        assert sp.integrate(sp.Heaviside(t, sp.Rational(1, 2)), (t, 0, x)) == sp.Max(0, x)
        assert x * sp.Heaviside(x, sp.Rational(1, 2)) == sp.Max(0, x)


# ---- 1.3 sigmoid(kx) -> H(x) -----------------------------------------------------------------

@pytest.mark.parametrize("x", [-1.0, -0.01, 0.0, 0.01, 1.0])
def test_pointwise_convergence(x):
    errors = [abs(rh.sigmoid(k * x) - rh.heaviside(x)) for k in (1, 10, 100, 1e3, 1e4, 1e6)]
    assert all(b <= a for a, b in zip(errors, errors[1:]))
    # at k = 10^6, e^-k|x| <= e^-10^4 underflows to 0 and 1 + 0 is 1: exactly 0
    assert errors[-1] == 0.0


@given(st.floats(1e-2, 1e6))
def test_not_uniform_error_near_zero_stays_049_for_every_k(k):
    x_k = math.log(0.51 / 0.49) / k
    error = rh.heaviside(x_k) - rh.sigmoid(k * x_k)
    # 1 - sigma(t) = 0.49 exactly at t = ln(51/49); t is computed to 2 EPS relative
    # (t ~ 0.04, sigma' <= 1/4), sigma to 2 EPS, the subtraction to EPS / 2.
    assert abs(error - 0.49) <= 4 * EPS
    assert 0 < error < 0.5  # the sup 1/2 is not attained


@given(st.floats(0.1, 1e3), st.floats(1e-3, 10.0), st.floats(0.0, 50.0))
def test_uniform_bound_away_from_zero(k, delta, extra):
    x = delta + extra  # |x| >= delta on both sides
    sup = rh.sigmoid(-k * delta)
    # x < 0: the error is sigma(kx) itself, relatively accurate; fl(k|x|) >= fl(k delta)
    # because rounding is monotone, and two sigmas differ from exact by 2 EPS each.
    assert abs(rh.sigmoid(-k * x) - rh.heaviside(-x)) <= sup * (1 + 5 * EPS)
    # x > 0: 1 - sigma(kx) is exact only to 2 EPS absolutely
    assert abs(rh.sigmoid(k * x) - rh.heaviside(x)) <= sup * (1 + 5 * EPS) + 2 * EPS
    assert sup <= math.exp(-k * delta) * (1 + 4 * EPS)


@pytest.mark.parametrize("k", [0.5, 1.0, 10.0, 300.0])
def test_l1_error_numerically(k):
    grid = np.linspace(-60 / k, 60 / k, 240000)
    h = 120 / k / (grid.size - 1)
    l1 = rh.trapezoid(np.abs(rh.sigmoid(k * grid) - rh.heaviside(grid)), grid)
    # trapezoid: the panel across 0 errs by <= k h^2 / 8, the convex sides by <= k h^2 / 16;
    # the tail beyond 60/k (2 e^-60 / k) and rounding are below 1e-13 / k
    assert abs(l1 - 2 * math.log(2) / k) <= 3 * k * h**2 / 16 + 1e-13 / k


def test_sympy_l1_error_and_sigmoid_derivative():
    x, t = sp.symbols("x t", real=True)
    k = sp.symbols("k", positive=True)

    def sigma(u):
        return 1 / (1 + sp.exp(-u))

    # |sigma(kx) - H(x)| = sigma(-k|x|): the error is even in x.
    assert sp.simplify(2 * sp.integrate(sigma(-k * x), (x, 0, sp.oo)) - 2 * sp.log(2) / k) == 0
    assert sp.simplify(sp.diff(sigma(t), t) - sigma(t) * (1 - sigma(t))) == 0
    assert sp.simplify(sp.diff(sigma(t), t) - sigma(t) * sigma(-t)) == 0
    assert sp.simplify(1 - sigma(t) - sigma(-t)) == 0
    # sigma(-a) = 1 / (1 + e^a) < e^-a for a > 0: the difference is e^-a / (1 + e^a) > 0.
    a = sp.symbols("a", positive=True)
    assert sp.simplify(sp.exp(-a) - sigma(-a) - sp.exp(-a) / (1 + sp.exp(a))) == 0


# ---- sigma and sigma' in floating point: relative, against 50 digits --------------------------

LARGE_T = [0.0, 1e-300, 1e-8, 0.5, 1.0, 2.0, 10.0, 30.0, 36.7, 37.0, 40.0, 100.0, 700.0, 708.0]


@pytest.mark.parametrize("t", LARGE_T + [-t for t in LARGE_T[1:]])
def test_sigmoid_and_derivative_relative_accuracy(t):
    exact_sigma, exact_prime = sigma_50_digits(t)
    # exp to EPS, then one addition and one division: 2 EPS; sigma(t) sigma(-t): 4.5 EPS.
    # Asserted with a factor 2. The textbook sigma (1 - sigma) errs by 1.6e-4 at t = 30
    # and returns 0 from t = 37 on.
    assert relative_error(rh.sigmoid(t), exact_sigma) <= 4 * EPS
    assert relative_error(rh.sigmoid_derivative(t), exact_prime) <= 9 * EPS


@given(st.floats(-708.0, 708.0))
@settings(max_examples=200)
def test_sigmoid_derivative_relative_accuracy_random(t):
    exact_sigma, exact_prime = sigma_50_digits(t)
    assert relative_error(rh.sigmoid(t), exact_sigma) <= 4 * EPS
    assert relative_error(rh.sigmoid_derivative(t), exact_prime) <= 9 * EPS


@given(st.floats(708.0, 800.0), st.booleans())
def test_sigmoid_derivative_subnormal_range(t, negative):
    # Beyond |t| = 708, e^-|t| is subnormal (or 0): the error is absolute there, at most
    # EPS relative plus a unit or so of the smallest subnormal 2^-1074.
    t = -t if negative else t
    exact = sigma_50_digits(t)[1]
    with mpmath.workdps(50):
        error = abs(mpmath.mpf(float(rh.sigmoid_derivative(t))) - exact)
        assert error <= 9 * EPS * exact + 2.0**-1073


@given(st.floats(-750.0, 750.0))
def test_sigmoid_derivative_is_even_bit_for_bit(t):
    # sigma(t) sigma(-t) is symmetric in t; sigma (1 - sigma) would not be.
    assert rh.sigmoid_derivative(t) == rh.sigmoid_derivative(-t)


@given(st.floats(-40.0, 40.0))
def test_sigmoid_derivative_matches_central_differences(t):
    h = 1e-6
    numeric = (rh.sigmoid(t + h) - rh.sigmoid(t - h)) / (2 * h)
    # truncation h^2 max|sigma'''| / 6 = h^2 / 48; rounding: sigma to 2 EPS (values <= 1),
    # t +- h to EPS/2 (|t| sigma'(t) < 1/4), sigma' to 4.5 EPS
    bound = h**2 / 48 + 2.25 * EPS / h + 5 * EPS
    assert abs(rh.sigmoid_derivative(t) - numeric) <= 2 * bound


@given(st.floats(-700.0, -1.0))
def test_sigmoid_derivative_matches_central_differences_relatively(t):
    # For t < 0, sigma(t) is relatively accurate, and so is the central difference: its
    # relative error is h^2 / 6 (|sigma''' / sigma'| <= 1) + 2 EPS / h (sigma / sigma' <= 2,
    # halved by 2h) + EPS |t| / h (the rounding of t +- h moves sigma by a factor e^(+-EPS|t|/2)).
    h = 1e-5
    numeric = (rh.sigmoid(t + h) - rh.sigmoid(t - h)) / (2 * h)
    exact = float(sigma_50_digits(t)[1])
    bound = h**2 / 6 + 4 * EPS / h + EPS * abs(t) / h
    assert abs(numeric / exact - 1) <= 2 * bound
    assert abs(rh.sigmoid_derivative(t) / numeric - 1) <= 2 * bound + 9 * EPS


# ---- 1.4 distributional derivative ------------------------------------------------------------

def test_bump_derivative_bounds():
    # max|phi^(n)| on a grid of spacing 1e-4, plus half a spacing times max|phi^(n+1)|
    # (a bound on how far the maximum between grid points can rise), below the constants
    # the page uses.
    u = sp.symbols("u", real=True)
    phi = sp.exp(-1 / (1 - u**2))
    grid = np.linspace(-1, 1, 20001)[1:-1]
    maxima = [np.abs(sp.lambdify(u, sp.diff(phi, u, n), "numpy")(grid)).max()
              for n in range(1, 6)]
    for n, claimed in zip(range(1, 5), (M1, M2, M3, M4)):
        assert maxima[n - 1] + 0.5e-4 * maxima[n] < claimed


def reference_bump(x, center, radius):
    """(phi(x), phi'(x)) to 50 digits, by mpmath."""
    with mpmath.workdps(50):
        u = (mpmath.mpf(x) - mpmath.mpf(center)) / mpmath.mpf(radius)
        if abs(u) >= 1:
            return mpmath.mpf(0), mpmath.mpf(0)
        phi = mpmath.exp(-1 / (1 - u**2))
        return phi, phi * (-2 * u / (1 - u**2) ** 2) / mpmath.mpf(radius)


@given(st.floats(-2.0, 2.0), st.floats(0.2, 2.0), st.floats(-4.0, 4.0))
def test_bump_and_derivative_against_50_digits(center, radius, x):
    phi, dphi = reference_bump(x, center, radius)
    assume((abs(x - center) / radius < 1) == (abs((mpmath.mpf(x) - center) / radius) < 1))
    # u = (x - c) / r is computed to EPS relative, 1 - u^2 to 2.5 EPS absolutely: phi to
    # EPS e^-a (2.5 a^2 + a + 1) <= 1.9 EPS with a = 1 / (1 - u^2); phi' to <= 40 EPS / r.
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(float(rh.bump(x, center, radius))) - phi) <= 2 * 1.9 * EPS
        error = abs(mpmath.mpf(float(rh.bump_derivative(x, center, radius))) - dphi)
        assert error <= 2 * 40 * EPS / radius


@given(st.floats(-2.0, 2.0), st.floats(0.2, 2.0), st.floats(-3.0, 3.0))
def test_bump_support_and_derivative(center, radius, x):
    u = (x - center) / radius
    if abs(u) >= 1:
        assert rh.bump(x, center, radius) == 0 and rh.bump_derivative(x, center, radius) == 0
    assume(abs(u) < 0.999)
    h = 1e-7
    numeric = (rh.bump(x + h, center, radius) - rh.bump(x - h, center, radius)) / (2 * h)
    # truncation h^2 max|phi'''| / 6; rounding: phi to 1.9 EPS, x +- h to EPS/2 (moving phi
    # by max|phi'| EPS (|x| + h) / 2r), phi' to 40 EPS / r
    bound = (h**2 * M3 / radius**3 / 6 + (1.9 + M1 * (abs(x) + h) / (2 * radius)) * EPS / h
             + 40 * EPS / radius)
    assert abs(rh.bump_derivative(x, center, radius) - numeric) <= 2 * bound


def test_sympy_bump_derivative():
    x = sp.symbols("x", real=True)
    for c, r in [(sp.Rational(2, 5), sp.Integer(1)), (sp.Rational(-3, 10), sp.Rational(1, 2))]:
        u = (x - c) / r
        derivative = sp.diff(sp.exp(-1 / (1 - u**2)), x)
        for value in (-0.5, 0.0, 0.1, 0.3, 1.2):
            exact = derivative.subs(x, sp.Float(value, 50)) if abs((value - c) / r) < 1 else 0
            computed = float(rh.bump_derivative(value, float(c), float(r)))
            assert abs(computed - float(exact)) <= 2 * 40 * EPS / float(r)


def test_grid_through_zero():
    for lower, upper, step in [(-0.6, 1.4, 0.01), (-1e-3, 5.0, 0.3), (-2.0, 5e-6, 5e-6)]:
        grid = rh.grid_through_zero(lower, upper, step)
        assert 0.0 in grid and grid[0] == lower and grid[-1] == upper
        # spacings: at most step, up to the rounding of each point (EPS (|lower| + upper))
        assert np.all(np.diff(grid) > 0)
        assert np.diff(grid).max() <= step + 2 * EPS * (abs(lower) + upper)


def delta_bound(upper, h, radius):
    """-integral H phi' is the trapezoid of -phi' on [0, upper]: its error is at most
    upper h^2 / 12 max|phi'''| = upper h^2 M3 / (12 radius^3); rounding (values to
    40 EPS / r, fsum) stays below 1e-13."""
    return upper * h**2 * M3 / (12 * radius**3) + 1e-13


@pytest.mark.parametrize("center, radius", [(0.4, 1.0), (-0.3, 0.5), (0.0, 2.0), (0.9, 1.0),
                                            (-1.0, 1.0), (1.0, 1.0), (2.0, 1.0), (-2.0, 1.5)])
def test_heaviside_derivative_is_delta(center, radius):
    # -integral H phi' = phi(0); phi(0) = 0 when 0 is on the edge of the support ((-1, 1) and
    # (1, 1)) or outside it (the last two cases).
    h = 2e-5
    upper = max(center + radius, h)
    grid = rh.grid_through_zero(min(center - radius, -h), upper, h)
    value = -rh.trapezoid(rh.heaviside(grid) * rh.bump_derivative(grid, center, radius), grid)
    u_0 = -center / radius
    by_hand = math.exp(-1 / (1 - u_0**2)) if abs(u_0) < 1 else 0.0
    assert abs(value - by_hand) <= delta_bound(upper, h, radius)


@given(st.floats(-1.0, 1.0), st.floats(0.3, 1.5), st.sampled_from(["sin", "square", "relu"]))
@settings(max_examples=25, deadline=None)
def test_integration_by_parts_for_differentiable_F(center, radius, name):
    def twice(x):
        return 2 * x

    F, dF, F_max, dF_max = {"sin": (np.sin, np.cos, 1, 1),
                            "square": (np.square, twice, 2.5**2, 2 * 2.5),
                            "relu": (rh.relu, rh.heaviside, 2.5, 1)}[name]
    h = 1e-4
    lower, upper = min(center - radius, -1e-3), max(center + radius, 1e-3)
    grid = rh.grid_through_zero(lower, upper, h)
    phi, dphi = rh.bump(grid, center, radius), rh.bump_derivative(grid, center, radius)
    left = rh.trapezoid(dF(grid) * phi, grid)
    right = -rh.trapezoid(F(grid) * dphi, grid)
    # trapezoid errors (upper - lower) h^2 / 12 max|f''|, with f'' = (F' phi)'' and (F phi')''
    # bounded by the product rule (|F''|, |F'''| <= 2 for these F; F = relu has a kink at
    # the node 0, which splits the rule into two smooth pieces); rounding below 1e-12.
    m1, m2, m3 = M1 / radius, M2 / radius**2, M3 / radius**3
    f2 = (2 * 1 + 2 * 2 * m1 + dF_max * m2) + (2 * m1 + 2 * dF_max * m2 + F_max * m3)
    assert abs(left - right) <= (upper - lower) * h**2 / 12 * f2 + 1e-12


def test_scaled_sigmoid_derivative_tends_to_delta():
    grid = np.linspace(-0.6, 1.4, 400001)
    phi_0 = float(rh.bump(0.0))
    errors = [abs(rh.trapezoid(k * rh.sigmoid_derivative(k * grid) * rh.bump(grid), grid) - phi_0)
              for k in (1, 10, 100, 1000, 10000)]
    assert all(b < a for a, b in zip(errors, errors[1:]))
    # (1.15) with its Taylor remainder: |error| <= |phi''(0)| pi^2 / (6 k^2) +
    # M4 (7 pi^4 / 15) / (24 k^4), phi''(0) = -1.1277 (sympy, below)
    k = 1e4
    assert errors[-1] <= 1.13 * math.pi**2 / 6 / k**2 + M4 * 7 * math.pi**4 / 15 / 24 / k**4
    # Second moment of sigma': integral t^2 sigma'(t) dt = pi^2 / 3 (the 1/k^2 rate's constant):
    # trapezoid error (120 h^2 / 12) max|(t^2 sigma')''| with max|(t^2 sigma')''| = 0.5 < 1,
    # the tails beyond |t| = 60 below 1e-22, and rounding below 1e-13.
    t = np.linspace(-60, 60, 600001)
    h = 120 / 600000
    assert abs(rh.trapezoid(t**2 * rh.sigmoid_derivative(t), t) - math.pi**2 / 3) <= (
        120 * h**2 / 12 * 1 + 1e-13)


def test_sympy_phi_second_derivative_at_zero():
    u = sp.symbols("u", real=True)
    phi = sp.exp(-1 / (1 - u**2))
    value = sp.diff(phi, u, 2).subs(u, -sp.Rational(2, 5))
    assert abs(float(value) + 1.1277) < 1e-4


def test_demos_run():
    out = run_demos("relu_heaviside")
    assert "subgradients at 0 among them: [0.0, 0.25, 0.5, 0.75, 1.0]" in out
    assert "symmetric quotient at 0, (g(h) - g(-h)) / 2h: 0.5   H(0) = 0.5" in out
    assert "at t = 40 it returns 0.0" in out
    assert "<svg" not in out and close_figures() == 1  # its figure is drawn, not printed
    assert ("grid_through_zero(-1.0, 0.0, 0.1) -> ValueError: need lower < 0 < upper" in out)
    assert "-0.000000000" not in out
