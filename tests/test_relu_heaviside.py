"""Question 1: ReLU, Heaviside, the sigmoid approximation, the distributional derivative
(snippets/relu_heaviside.py)."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import load_snippet, run_demos

rh = load_snippet("relu_heaviside")

finite = st.floats(-1e3, 1e3, allow_nan=False)


# ---- concrete values -------------------------------------------------------------------------

def test_concrete_values():
    np.testing.assert_array_equal(rh.relu([-2.0, 0.0, 3.5]), [0.0, 0.0, 3.5])
    np.testing.assert_array_equal(rh.heaviside([-2.0, 0.0, 3.5]), [0.0, 0.5, 1.0])
    assert rh.sigmoid(0.0) == 0.5 and rh.sigmoid_derivative(0.0) == 0.25
    assert float(rh.sigmoid(2.0)) == pytest.approx(1 / (1 + math.exp(-2)), rel=1e-15)
    np.testing.assert_array_equal(rh.sigmoid([-1e4, 1e4]), [0.0, 1.0])
    assert float(rh.bump(0.0)) == pytest.approx(math.exp(-1 / (1 - 0.4**2)), rel=1e-15)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: rh.relu([1.0, np.nan]), "x must be finite"),
        (lambda: rh.heaviside(np.inf), "x must be finite"),
        (lambda: rh.sigmoid([-np.inf]), "t must be finite"),
        (lambda: rh.relu_as_integral(np.nan), "x must be finite"),
        (lambda: rh.bump(0.0, radius=0.0), "radius must be positive"),
        (lambda: rh.bump(0.0, radius=-1.0), "radius must be positive"),
        (lambda: rh.grid_through_zero(0.5, 1.0, 0.1), "need lower < 0 < upper"),
        (lambda: rh.grid_through_zero(-1.0, 0.0, 0.1), "need lower < 0 < upper"),
    ],
)
def test_bad_input_raises_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---- 1.1 derivative of ReLU -----------------------------------------------------------------

@given(finite)
def test_relu_derivative_is_heaviside_away_from_zero(x):
    assume(abs(x) > 1e-3)
    h = 1e-6
    assert (rh.relu(x + h) - rh.relu(x - h)) / (2 * h) == pytest.approx(rh.heaviside(x), abs=1e-6)


@given(st.floats(1e-12, 1.0))
def test_one_sided_quotients_at_zero_differ(eps):
    assert (rh.relu(eps) - rh.relu(0.0)) / eps == 1.0
    assert (rh.relu(-eps) - rh.relu(0.0)) / (-eps) == 0.0


def test_sympy_one_sided_derivatives_at_zero():
    e = sp.symbols("epsilon", real=True)
    g = lambda t: sp.Max(0, t)  # noqa: E731
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
    assert rh.relu_as_product(x) == rh.relu(x)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 1e-5, 0.5, 1.0, 7.25])
def test_relu_is_integral_of_heaviside(x):
    assert abs(rh.relu_as_integral(x) - rh.relu(x)) <= 1e-4 / 2 + 1e-12


def test_relu_as_integral_at_zero_is_a_quarter_step():
    # The last panel [-h, 0] ends at the jump: h (H(-h) + H(0)) / 2 = h / 4 with H(0) = 1/2.
    for step in (1e-2, 1e-3, 1e-4):
        assert rh.relu_as_integral(0.0, step) == pytest.approx(step / 4, rel=1e-9)


@given(st.floats(-5.0, 5.0))
@settings(max_examples=30, deadline=None)
def test_relu_is_integral_of_heaviside_random(x):
    assert abs(rh.relu_as_integral(x, step=1e-3) - rh.relu(x)) <= 1e-3 / 2 + 1e-12


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
    assert errors[-1] < 1e-12


@given(st.floats(1e-2, 1e6))
def test_not_uniform_error_near_zero_stays_049_for_every_k(k):
    x_k = math.log(0.51 / 0.49) / k
    assert rh.heaviside(x_k) - rh.sigmoid(k * x_k) == pytest.approx(0.49, abs=1e-12)
    assert 0 < rh.heaviside(x_k) - rh.sigmoid(k * x_k) < 0.5  # the sup 1/2 is not attained


@given(st.floats(0.1, 1e3), st.floats(1e-3, 10.0), st.floats(0.0, 50.0), st.booleans())
def test_uniform_bound_away_from_zero(k, delta, extra, negative):
    x = (delta + extra) * (-1 if negative else 1)  # |x| >= delta
    error = abs(rh.sigmoid(k * x) - rh.heaviside(x))
    # 1 - sigma(a) (computed) and sigma(-a) (exact to rounding) differ by up to ~1e-16 absolute.
    assert error <= rh.sigmoid(-k * delta) + 2.3e-16
    assert rh.sigmoid(-k * delta) <= math.exp(-k * delta)


@pytest.mark.parametrize("k", [0.5, 1.0, 10.0, 300.0])
def test_l1_error_numerically(k):
    grid = np.linspace(-60 / k, 60 / k, 240000)
    l1 = rh.trapezoid(np.abs(rh.sigmoid(k * grid) - rh.heaviside(grid)), grid)
    assert l1 == pytest.approx(2 * math.log(2) / k, rel=1e-6)


def test_sympy_l1_error_and_sigmoid_derivative():
    x, t = sp.symbols("x t", real=True)
    k = sp.symbols("k", positive=True)
    sigma = lambda u: 1 / (1 + sp.exp(-u))  # noqa: E731
    # |sigma(kx) - H(x)| = sigma(-k|x|): the error is even in x.
    assert sp.simplify(2 * sp.integrate(sigma(-k * x), (x, 0, sp.oo)) - 2 * sp.log(2) / k) == 0
    assert sp.simplify(sp.diff(sigma(t), t) - sigma(t) * (1 - sigma(t))) == 0
    assert sp.simplify(1 - sigma(t) - sigma(-t)) == 0
    # sigma(-a) = 1 / (1 + e^a) < e^-a for a > 0: the difference is e^-a / (1 + e^a) > 0.
    a = sp.symbols("a", positive=True)
    assert sp.simplify(sp.exp(-a) - sigma(-a) - sp.exp(-a) / (1 + sp.exp(a))) == 0


@given(st.floats(-40.0, 40.0))
def test_sigmoid_derivative_matches_central_differences(t):
    h = 1e-6
    numeric = (rh.sigmoid(t + h) - rh.sigmoid(t - h)) / (2 * h)
    assert rh.sigmoid_derivative(t) == pytest.approx(numeric, abs=1e-9)


# ---- 1.4 distributional derivative ------------------------------------------------------------

@given(st.floats(-2.0, 2.0), st.floats(0.2, 2.0), st.floats(-3.0, 3.0))
def test_bump_support_and_derivative(center, radius, x):
    u = (x - center) / radius
    if abs(u) >= 1:
        assert rh.bump(x, center, radius) == 0 and rh.bump_derivative(x, center, radius) == 0
    assume(abs(u) < 0.999)
    h = 1e-7
    numeric = (rh.bump(x + h, center, radius) - rh.bump(x - h, center, radius)) / (2 * h)
    assert rh.bump_derivative(x, center, radius) == pytest.approx(numeric, abs=1e-6)


def test_sympy_bump_derivative():
    x = sp.symbols("x", real=True)
    c, r = sp.Rational(2, 5), sp.Integer(1)
    u = (x - c) / r
    phi = sp.exp(-1 / (1 - u**2))
    derivative = sp.diff(phi, x)
    for value in (-0.5, 0.0, 0.3, 1.2):
        assert float(rh.bump_derivative(value)) == pytest.approx(float(derivative.subs(x, value)), rel=1e-12)


def test_grid_through_zero():
    grid = rh.grid_through_zero(-0.6, 1.4, 0.01)
    assert 0.0 in grid and grid[0] == -0.6 and grid[-1] == 1.4
    assert np.all(np.diff(grid) > 0) and np.diff(grid).max() <= 0.01 + 1e-15


@pytest.mark.parametrize("center, radius", [(0.4, 1.0), (-0.3, 0.5), (0.0, 2.0), (2.0, 1.0), (-2.0, 1.5)])
def test_heaviside_derivative_is_delta(center, radius):
    # -integral H phi' = phi(0); phi(0) = 0 when 0 lies outside the support (the last two cases).
    lower, upper = min(center - radius, -1e-3), max(center + radius, 1e-3)
    grid = rh.grid_through_zero(lower, upper, 2e-5)
    value = -rh.trapezoid(rh.heaviside(grid) * rh.bump_derivative(grid, center, radius), grid)
    assert value == pytest.approx(float(rh.bump(0.0, center, radius)), abs=1e-9)


@given(st.floats(-1.0, 1.0), st.floats(0.3, 1.5), st.sampled_from(["sin", "square", "relu"]))
@settings(max_examples=25, deadline=None)
def test_integration_by_parts_for_differentiable_F(center, radius, name):
    F, dF = {"sin": (np.sin, np.cos), "square": (np.square, lambda x: 2 * x),
             "relu": (rh.relu, rh.heaviside)}[name]
    grid = rh.grid_through_zero(min(center - radius, -1e-3), max(center + radius, 1e-3), 1e-4)
    phi, dphi = rh.bump(grid, center, radius), rh.bump_derivative(grid, center, radius)
    assert rh.trapezoid(dF(grid) * phi, grid) == pytest.approx(-rh.trapezoid(F(grid) * dphi, grid), abs=1e-7)


def test_scaled_sigmoid_derivative_tends_to_delta():
    grid = np.linspace(-0.6, 1.4, 400001)
    phi_0 = float(rh.bump(0.0))
    errors = [abs(rh.trapezoid(k * rh.sigmoid_derivative(k * grid) * rh.bump(grid), grid) - phi_0)
              for k in (1, 10, 100, 1000, 10000)]
    assert all(b < a for a, b in zip(errors, errors[1:]))
    assert errors[-1] < 1e-7
    # Second moment of sigma': integral t^2 sigma'(t) dt = pi^2 / 3 (the 1/k^2 rate's constant).
    t = np.linspace(-60, 60, 600001)
    assert rh.trapezoid(t**2 * rh.sigmoid_derivative(t), t) == pytest.approx(math.pi**2 / 3, rel=1e-9)


def test_demos_run():
    out = run_demos("relu_heaviside")
    assert "subgradients at 0 among them: [0.0, 0.25, 0.5, 0.75, 1.0]" in out
    assert "symmetric quotient at 0, (g(h) - g(-h)) / 2h: 0.5" in out
    assert out.count("<svg") == 1
    assert "grid_through_zero(-1.0, 0.0, 0.1) -> ValueError: need lower < 0 < upper" in out
