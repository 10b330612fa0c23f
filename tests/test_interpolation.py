"""Question 5: exact interpolation with N - 1 hidden units (snippets/interpolation.py)."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import close_figures, load_snippet, run_demos

ip = load_snippet("interpolation")

EPS = np.finfo(float).eps
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_F = np.array([[0.0], [1.0], [1.0], [0.0]])


def residual(X, F, params, phi):
    return np.max(np.abs(ip.two_layer_network(X, *params, phi) - F))


def tolerance(X, F, params, phi):
    """A-priori bound on max |y(X) - F| after the solve, in 2-norms and independent of the
    module's residual_bound. W~ = M^-1 F has norm <= cond(M) |F| / |M| (first order). A
    backward-stable solve (1.5 N EPS |M|, growth <= 2) and the output sum (0.5 N EPS |M| |W~|
    entrywise, <= sqrt(N) in 2-norm) leave 4 N sqrt(N) EPS cond(M) |F|; each hidden entry,
    rounded in M and again in the network, is off by ((n + 1) s + 16 max |M|) EPS (w.x + b
    of size <= s; phi 1-Lipschitz, 8 ulps), times |W~|_1 <= sqrt(N) |W~|; all times 2."""
    W1, b1 = params[:2]
    M = ip.interpolation_matrix(X, W1, b1, phi)
    N, n = M.shape[0], X.shape[1]
    s = np.max(np.abs(X) @ np.abs(W1).T + np.abs(b1), initial=0.0)
    cond, norm_F = np.linalg.cond(M), np.linalg.norm(F, 2)
    hidden = ((n + 1) * s + 16 * np.max(np.abs(M))) / np.linalg.norm(M, 2)
    return 2 * EPS * np.sqrt(N) * cond * norm_F * (4 * N + hidden)


def det_rtol(M):
    """Relative rounding of np.linalg.det for a triangular M (no row swap, U = M): numpy
    returns exp(sum log |u_ii|), each log off by half an ulp, the sum of N terms by
    (N / 2) EPS sum |log u_ii|, exp by half an ulp; the reference product of N factors by
    (N / 2) EPS; times 2."""
    N, logs = M.shape[0], np.abs(np.log(np.abs(np.diag(M))))
    return 2 * EPS * N * (1 + np.sum(logs))


def check_interpolates(X, F, params, phi):
    r = residual(X, F, params, phi)
    assert r <= tolerance(X, F, params, phi)
    assert r <= ip.residual_bound(X, *params, phi)


# ---- 5.1 and 5.2: shapes and the reduction to M W~ = F ---------------------------------

@settings(max_examples=50, deadline=None)
@given(st.integers(1, 9), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_shapes_of_the_constructed_network(N, n, m, seed):
    rng = np.random.default_rng(seed)
    X, F = rng.normal(size=(N, n)), rng.normal(size=(N, m))
    W1, b1, W2, b2 = ip.interpolate_relu(X, F, seed=seed, max_cond=np.inf)
    assert W1.shape == (N - 1, n) and b1.shape == (N - 1,)
    assert W2.shape == (m, N - 1) and b2.shape == (m,)
    assert np.all(W1 == W1[:1])  # N - 1 copies of the same w
    assert ip.interpolation_matrix(X, W1, b1, ip.relu).shape == (N, N)
    assert ip.two_layer_network(X, W1, b1, W2, b2, ip.relu).shape == (N, m)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 8), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**32 - 1),
       st.sampled_from(["relu", "sigmoid", "wobbly_sigmoid"]))
def test_reduction_M_times_W_tilde_is_the_network_output(N, n, m, seed, phi_name):
    # For ANY parameters with equal rows of W1, y(X) = M [W2, b2]^T, row by row (5.3).
    phi = getattr(ip, phi_name)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, n))
    W1 = np.tile(rng.normal(size=n), (N - 1, 1))
    b1, W2, b2 = rng.normal(size=N - 1), rng.normal(size=(m, N - 1)), rng.normal(size=m)
    M = ip.interpolation_matrix(X, W1, b1, phi)
    W_tilde = np.vstack([W2.T, b2])
    assert W_tilde.shape == (N, m)
    # M and the network compute phi(X W1^T + b1) alike; only the sums of N terms differ,
    # each within 0.5 N EPS |M| |W~|: 2 N EPS |M| |W~| leaves a margin of 2
    y = ip.two_layer_network(X, W1, b1, W2, b2, phi)
    assert np.all(np.abs(M @ W_tilde - y) <= 2 * N * EPS * (np.abs(M) @ np.abs(W_tilde)))
    for i in range(N):
        for j in range(N - 1):
            # w.x + b (n + 1 terms) rounded in two orders, phi 1-Lipschitz to 8 ulps; x 2
            size = np.abs(W1[j]) @ np.abs(X[i]) + abs(b1[j])
            reference = float(phi(np.array(W1[j] @ X[i] + b1[j])))
            assert abs(M[i, j] - reference) <= 2 * EPS * ((n + 1) * size + 16 * abs(reference))
        assert M[i, N - 1] == 1.0


# ---- 5.3: ReLU, concrete values ----------------------------------------------------------

def test_xor_by_hand():
    # w = (1, 2): projections 0, 2, 1, 3; sorted decreasingly 3, 2, 1, 0; delta_min = 1.
    W1, b1, W2, b2 = ip.interpolate_relu(XOR_X, XOR_F, eps=1.0, w=np.array([1.0, 2.0]))
    np.testing.assert_array_equal(W1, [[1, 2], [1, 2], [1, 2]])
    np.testing.assert_array_equal(b1, [-2, -1, 0])
    # integers below 2^53 throughout, no row swap (M is triangular): the solve is exact
    np.testing.assert_array_equal(W2, [[-1, -1, 1]])
    np.testing.assert_array_equal(b2, [0])
    np.testing.assert_array_equal(ip.two_layer_network(XOR_X, W1, b1, W2, b2, ip.relu), XOR_F)


def test_xor_matrix_and_solution_exactly_in_sympy():
    M = sp.Matrix([[1, 2, 3, 1], [0, 1, 2, 1], [0, 0, 1, 1], [0, 0, 0, 1]])
    order, _, _ = ip.projection_order(XOR_X, np.array([1.0, 2.0]))
    W1 = np.tile([1.0, 2.0], (3, 1))
    numeric = ip.interpolation_matrix(XOR_X[order], W1, np.array([-2.0, -1.0, 0.0]), ip.relu)
    assert sp.Matrix(numeric.astype(int).tolist()) == M
    assert M.det() == 1
    assert list(M.LUsolve(sp.Matrix([0, 1, 1, 0]))) == [-1, -1, 1, 0]


@pytest.mark.parametrize("seed", range(5))
def test_xor_with_random_directions(seed):
    params = ip.interpolate_relu(XOR_X, XOR_F, seed=seed)
    assert params[0].shape == (3, 2)
    check_interpolates(XOR_X, XOR_F, params, ip.relu)


def test_single_point_needs_no_hidden_unit():
    X, F = np.array([[3.0, -1.0]]), np.array([[2.0, 5.0]])
    W1, b1, W2, b2 = ip.interpolate_relu(X, F)
    assert W1.shape == (0, 2) and W2.shape == (2, 0)
    np.testing.assert_array_equal(ip.two_layer_network(X, W1, b1, W2, b2, ip.relu), F)


# ---- 5.3: the exact set of eps, the diagonal and the determinant ------------------------

@st.composite
def decreasing_projections(draw, max_n=7):
    N = draw(st.integers(2, max_n))
    gaps = draw(st.lists(st.floats(0.05, 5.0), min_size=N - 1, max_size=N - 1))
    start = draw(st.floats(-5, 5))
    return start - np.concatenate([[0.0], np.cumsum(gaps)])


@settings(max_examples=100, deadline=None)
@given(decreasing_projections(), st.floats(1e-3, 1.0))
def test_triangular_with_det_eps_power_for_eps_up_to_delta_min(p, fraction):
    delta_min = np.min(p[:-1] - p[1:])
    eps = fraction * delta_min  # fraction = 1 is the boundary, included
    M = ip.relu_matrix(p, eps)
    N = p.size
    assert np.all(np.tril(M, -1) == 0)
    np.testing.assert_array_equal(np.diag(M), [eps] * (N - 1) + [1.0])  # p_j - p_j = 0
    np.testing.assert_allclose(np.linalg.det(M), eps ** (N - 1), rtol=det_rtol(M))


@settings(max_examples=100, deadline=None)
@given(decreasing_projections(), st.floats(1e-6, 10.0))
def test_not_triangular_for_eps_above_delta_min(p, excess):
    delta_min = np.min(p[:-1] - p[1:])
    M = ip.relu_matrix(p, delta_min * (1 + excess))
    assert np.any(np.tril(M, -1) > 0)  # an entry below the diagonal is now positive
    assert np.any(np.triu(M, 1) != 0)  # and the column of ones: not lower triangular either


def test_boundary_of_the_eps_set_with_exact_projections():
    # Integer projections, so delta_min = 1 is exact: eps = 1 is allowed, the next float is not.
    p = np.array([3.0, 2.0, 1.0, 0.0])
    assert np.all(np.tril(ip.relu_matrix(p, 1.0), -1) == 0)
    assert not np.all(np.tril(ip.relu_matrix(p, np.nextafter(1.0, 2.0)), -1) == 0)
    w = np.array([1.0, 2.0])
    ip.interpolate_relu(XOR_X, XOR_F, eps=1.0, w=w)  # accepted
    for bad in (np.nextafter(1.0, 2.0), 1.5, 0.0, -1.0, np.nan, np.inf):
        with pytest.raises(ValueError, match=r"eps must satisfy 0 < eps <= delta_min = 1"):
            ip.interpolate_relu(XOR_X, XOR_F, eps=bad, w=w)


def test_what_breaks_above_delta_min_exactly():
    # p = (2, 1, 0): det M(eps) = eps^2 on (0, 1], 2 - eps on [1, 2], 0 for eps >= 2.
    e = sp.symbols("e", positive=True)
    relu = lambda t: sp.Max(t, 0)
    p = [2, 1, 0]
    M = sp.Matrix(3, 3, lambda i, j: 1 if j == 2 else relu(p[i] - p[j] + e))
    for value, det in [(sp.Rational(1, 2), sp.Rational(1, 4)), (1, 1), (sp.Rational(3, 2), sp.Rational(1, 2)),
                       (2, 0), (3, 0)]:
        assert M.subs(e, value).det() == det
    for value in [sp.Rational(3, 2), 2, 3]:
        assert any(M.subs(e, value)[i, j] != 0 for i in range(3) for j in range(i))


@settings(max_examples=60, deadline=None)
@given(decreasing_projections(), st.floats(0.0, 5.0))
def test_eps_at_least_the_spread_makes_M_singular(p, extra):
    # All arguments >= 0: ReLU is linear, every column is in span{p, 1}: rank <= 2.
    assume(p.size >= 3)
    M = ip.relu_matrix(p, (p[0] - p[-1]) + extra)
    # exactly rank 2 before rounding; the entries' rounding (an ulp of max |M| each, so
    # <= N EPS |M| in 2-norm) and the SVD's backward error leave sigma_3 <= 4 N EPS |M|
    N = p.size
    assert np.linalg.matrix_rank(M, tol=4 * N * EPS * np.linalg.norm(M, 2)) <= 2


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 10), st.floats(0.01, 10))
def test_two_points_det_is_min_of_eps_and_gap(gap, eps):
    M = ip.relu_matrix(np.array([gap, 0.0]), eps)
    # [[eps, 1], [relu(eps - gap), 1]]: relu(eps - gap), the multiplier and 1 - multiplier
    # round by half an ulp of eps (or of 1, times the pivot eps); then exp(sum of logs), as
    # in det_rtol, for the diagonal (eps, det / eps); times 2
    det = min(eps, gap)
    rtol = 4 * EPS * (1 + abs(math.log(eps)) + abs(math.log(det / eps)))
    assert abs(np.linalg.det(M) - det) <= 4 * EPS * eps + rtol * det


def test_other_ordering_is_not_triangular_and_can_be_singular():
    p = np.array([0.0, 1.0, 2.0, 3.0])  # increasing
    for eps in (0.25, 0.5, 1.0):
        M = ip.relu_matrix(p, eps)
        assert np.any(np.tril(M, -1) != 0) and np.any(np.triu(M, 1) != 0)
    singular = sp.Matrix(ip.relu_matrix(p, 1.0).astype(int).tolist())
    assert singular.det() == 0  # eps = delta_min = 1: exactly singular
    assert sp.Matrix(ip.relu_matrix(p[::-1], 1.0).astype(int).tolist()).det() == 1


@pytest.mark.parametrize("N", [2, 3, 4, 5])
def test_conditioning_grows_like_eps_to_the_minus_N_minus_1(N):
    p = np.arange(N - 1, -1, -1.0)
    eps = np.array([1e-1, 1e-2, 1e-3])
    conds = [np.linalg.cond(ip.relu_matrix(p, e)) for e in eps]
    slope = np.polyfit(np.log(eps), np.log(conds), 1)[0]
    # cond ~ c eps^-(N-1) (1 + O(eps)): the fit is within 0.05 of the exponent, and
    # rounding (a relative EPS cond <= 1e-3 in cond) moves it by 1e-3 / log(100) at most
    assert abs(slope + (N - 1)) < 0.05
    exact = [ip.exact_cond(ip.relu_matrix(p, e)) for e in eps]
    assert abs(np.polyfit(np.log(eps), np.log(exact), 1)[0] + (N - 1)) < 0.05


@settings(max_examples=60, deadline=None)
@given(decreasing_projections())
def test_per_unit_offsets_keep_M_triangular(p):
    gaps = p[:-1] - p[1:]
    M = ip.relu_matrix(p, gaps)
    assert np.all(np.tril(M, -1) == 0)
    np.testing.assert_allclose(np.linalg.det(M), np.prod(gaps), rtol=det_rtol(M))


# ---- 5.3: the constructor on random data ---------------------------------------------------

@st.composite
def data(draw, max_n=10):
    N = draw(st.integers(1, max_n))
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scale_x, scale_f = 10.0 ** draw(st.integers(-2, 2)), 10.0 ** draw(st.integers(-2, 2))
    return rng.normal(scale=scale_x, size=(N, n)), rng.normal(scale=scale_f, size=(N, m)), seed


@settings(max_examples=80, deadline=None)
@given(data(), st.booleans())
def test_relu_interpolation_is_exact_to_a_cond_tolerance(sample, per_unit):
    X, F, seed = sample
    try:
        params = ip.interpolate_relu(X, F, seed=seed, per_unit=per_unit)
    except ValueError as error:
        assert "ill-conditioned" in str(error)  # the only refusal allowed on valid data
        assume(False)
    check_interpolates(X, F, params, ip.relu)


@settings(max_examples=60, deadline=None)
@given(data(), st.booleans())
def test_constructor_parameters_against_independently_sorted_projections(sample, per_unit):
    # Unit j sits at the point with the j-th largest w.x (decreasing order), with
    # b1_j = -p_j + eps, eps = the smallest gap between consecutive sorted projections.
    X, F, seed = sample
    w = ip.random_direction(X, seed)
    W1, b1, _, _ = ip.interpolate_relu(X, F, w=w, per_unit=per_unit, max_cond=np.inf)
    p = np.sort(X @ w)[::-1]
    gaps = p[:-1] - p[1:]
    eps = gaps if per_unit else (gaps.min() if gaps.size else 1.0)
    np.testing.assert_array_equal(W1, np.tile(w, (X.shape[0] - 1, 1)))
    # the same two float operations, maybe in another order: 1 ulp of |p_j| + eps (x 2)
    assert np.all(np.abs(b1 - (-p[:-1] + eps)) <= 2 * EPS * (np.abs(p[:-1]) + eps))


def test_random_directions_give_distinct_projections():
    # Ties form a finite union of hyperplanes: Gaussian draws never hit one here.
    rng = np.random.default_rng(0)
    X = rng.integers(-3, 4, size=(40, 3)).astype(float)
    X = np.unique(X, axis=0)
    for seed in range(50):
        _, _, gaps = ip.projection_order(X, ip.random_direction(X, seed))
        assert gaps.min() > 0


# ---- 5.4: sigmoid-like activations ---------------------------------------------------------

def test_activation_hypotheses():
    for phi in (ip.sigmoid, ip.wobbly_sigmoid, lambda t: 1 / (1 + t**2)):
        ip.check_activation(phi)
    with pytest.raises(ValueError, match=r"phi\(0\) must be > 0"):
        ip.check_activation(np.tanh)
    with pytest.raises(ValueError, match=r"phi\(0\) must be > 0"):
        ip.check_activation(ip.relu)
    # limits at -inf of either sign, a nan there, a nan at 0
    for bad in (lambda t: ip.sigmoid(t) + 0.1, lambda t: ip.sigmoid(t) - 0.1, np.cos,
                lambda t: ip.sigmoid(t) - 1e-3, lambda t: np.where(t < -1, np.nan, 0.5)):
        with pytest.raises(ValueError, match=r"phi\(-inf\) must be 0"):
            ip.check_activation(bad)
    with pytest.raises(ValueError, match=r"phi\(0\) must be > 0"):
        ip.check_activation(lambda t: np.full_like(t, np.nan))


def test_wobbly_sigmoid_satisfies_the_hypotheses_and_has_no_limit():
    t = np.linspace(-200, 200, 400001)
    values = ip.wobbly_sigmoid(t)
    assert np.all(values > 0) and values.max() <= 1.5
    assert ip.wobbly_sigmoid(np.array(0.0)) == 0.5
    k = 2 * np.pi * np.arange(100, 105)
    # sigma = 1 in floats there and sin is flat at +-1 (an argument off by delta moves it
    # by delta^2 / 2): a few ulps of 1.5
    assert np.all(np.abs(ip.wobbly_sigmoid(k + np.pi / 2) - 1.5) <= 6 * EPS)
    assert np.all(np.abs(ip.wobbly_sigmoid(k - np.pi / 2) - 0.5) <= 6 * EPS)
    # the tail bounds used by sufficient_lambda: |phi(s)| <= A e^s for s <= 0
    s = np.linspace(-50, 0, 100001)
    assert np.all(ip.sigmoid(s) <= np.exp(s))
    assert np.all(np.abs(ip.wobbly_sigmoid(s)) <= 1.5 * np.exp(s))


@settings(max_examples=60, deadline=None)
@given(decreasing_projections(max_n=6), st.sampled_from(["sigmoid", "wobbly_sigmoid"]),
       st.floats(1.0, 50.0))
def test_det_exceeds_half_its_limit_beyond_sufficient_lambda(q, name, factor):
    phi = getattr(ip, name)
    bound = tail = 1.0 if name == "sigmoid" else 1.5
    N, delta_min, phi0 = q.size, np.min(q[:-1] - q[1:]), 0.5
    lam0 = ip.sufficient_lambda(N, delta_min, phi0, bound, tail)
    M = ip.sigmoid_like_matrix(q, factor * lam0, phi)
    # (5.11), up to det's rounding: LU's backward error (1.5 N EPS |M|, growth <= 2) moves
    # det by a relative 3 N^2 EPS cond(M) at most (first order)
    det = np.linalg.det(M)
    assert det * (1 + 3 * N**2 * EPS * np.linalg.cond(M)) >= phi0 ** (N - 1) / 2
    # sigma(s) <= e^s exactly; in floats both sides round (a few ulps, x 2)
    below = np.max(np.abs(np.tril(M, -1)))
    assert below <= tail * np.exp(-factor * lam0 * delta_min) * (1 + 16 * EPS)


def test_sufficient_lambda_formula():
    # N = 3, delta = 1, phi0 = 1/2, C = 1, A = 1: log(2 (3! - 1)) + 2 log 2 = log 40.
    # three logs and two sums, each off by half an ulp of values <= log 40: 4 EPS (x 2)
    assert ip.sufficient_lambda(3, 1.0, 0.5, 1.0, 1.0) == pytest.approx(math.log(40), rel=8 * EPS)
    assert ip.sufficient_lambda(3, 2.0, 0.5, 1.0, 1.0) == pytest.approx(math.log(40) / 2, rel=8 * EPS)
    assert ip.sufficient_lambda(1, 1.0, 0.5, 1.0, 1.0) == 0.0
    # constants inconsistent with the hypotheses at s = 0 (A >= phi(0), sup|phi| >= phi(0))
    with pytest.raises(ValueError, match="inconsistent constants"):
        ip.sufficient_lambda(3, 1.0, 0.5, 1.0, 0.1)
    with pytest.raises(ValueError, match="inconsistent constants"):
        ip.sufficient_lambda(3, 1.0, 0.5, 0.4, 1.0)


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 8), st.floats(1e-3, 10), st.floats(1e-3, 5), st.floats(0, 5), st.floats(0, 5))
def test_sufficient_lambda_is_at_least_log2_over_delta(N, delta, phi0, extra_bound, extra_tail):
    # The argument of the log in (5.12) is >= 2 (N! - 1) >= 2 whenever the constants are consistent.
    bound, tail = phi0 + extra_bound, phi0 + extra_tail
    lam0 = ip.sufficient_lambda(N, delta, phi0, bound, tail)
    # the sum of three logs rounds by a few ulps of the sum of their sizes (x 2)
    terms = [math.log(2 * (math.factorial(N) - 1)), (N - 1) * math.log(max(bound, 1) / phi0),
             abs(math.log(tail))]
    assert lam0 * delta >= terms[0] - 8 * EPS * sum(terms)


@pytest.mark.parametrize("phi", [ip.sigmoid, ip.wobbly_sigmoid])
def test_determinant_tends_to_phi0_power(phi):
    q = np.array([1.2, 0.5, 0.0, -0.9])
    matrices = [ip.sigmoid_like_matrix(q, lam, phi) for lam in (10.0, 40.0, 100.0)]
    errors = [abs(np.linalg.det(M) - 0.5**3) for M in matrices]
    # (5.11) at lam = 100 (N = 4, Delta_min = 0.5, C = A <= 1.5): 23 1.5^4 e^-50 ~ 2e-20;
    # then det's rounding, a relative 3 N^2 EPS cond(M) (first order)
    assert errors[0] > errors[1] > 0
    rounding = 3 * 4**2 * EPS * np.linalg.cond(matrices[2]) * 0.5**3
    assert errors[2] <= 23 * 1.5**4 * math.exp(-50) + rounding


BOUNDS = {"sigmoid": (1.0, 1.0), "wobbly_sigmoid": (1.5, 1.5)}  # (sup |phi|, A with |phi(s)| <= A e^s)


def certified_lambda(X, u, name):
    """lambda_0 of (5.12) from projections computed here, independently of the constructor."""
    q = np.sort(X @ (u / np.linalg.norm(u)))[::-1]
    bound, tail = BOUNDS[name]
    return ip.sufficient_lambda(X.shape[0], np.min(q[:-1] - q[1:]), 0.5, bound, tail)


@settings(max_examples=60, deadline=None)
@given(data(max_n=8), st.sampled_from(["sigmoid", "wobbly_sigmoid"]), st.floats(0.0, 2.0))
def test_sigmoid_like_interpolation_is_exact_to_a_cond_tolerance(sample, name, log_lam):
    X, F, seed = sample
    assume(X.shape[0] > 1)
    phi = getattr(ip, name)
    u = ip.random_direction(X, seed)
    lam = 10.0**log_lam / np.std(X)
    try:
        params = ip.interpolate_sigmoid_like(X, F, phi, lam, u=u)
    except ValueError as error:
        assert "ill-conditioned" in str(error)
        # a refusal is allowed only where (5.11) does not guarantee det M >= phi(0)^(N-1) / 2
        # (for N <= 8 that guarantee keeps cond(M) far below the 1e10 threshold)
        assert lam < certified_lambda(X, u, name)
        assume(False)
    check_interpolates(X, F, params, phi)


@settings(max_examples=60, deadline=None)
@given(data(max_n=8), st.sampled_from(["sigmoid", "wobbly_sigmoid"]), st.floats(1.0, 3.0))
def test_sigmoid_like_interpolates_beyond_the_certified_lambda(sample, name, factor):
    # Interpolation is guaranteed for lam >= lambda_0: no refusal is acceptable here.
    X, F, seed = sample
    assume(X.shape[0] > 1)
    phi = getattr(ip, name)
    u = ip.random_direction(X, seed)
    lam = factor * certified_lambda(X, u, name)
    params = ip.interpolate_sigmoid_like(X, F, phi, lam, u=u)
    M = ip.interpolation_matrix(X, params[0], params[1], phi)
    N = X.shape[0]
    # (5.11), up to det's rounding (a relative 3 N^2 EPS cond(M), as above)
    det = np.linalg.det(M[np.argsort(-(X @ u), kind="stable")])
    assert det * (1 + 3 * N**2 * EPS * np.linalg.cond(M)) >= 0.5 ** (N - 1) / 2
    check_interpolates(X, F, params, phi)


@settings(max_examples=60, deadline=None)
@given(data(max_n=8), st.floats(0.1, 50.0))
def test_each_hidden_unit_sits_at_its_point(sample, lam):
    # Unit j is centred (pre-activation 0) at the point with the j-th largest projection on u,
    # and the point with the smallest projection has no unit: W1 row j = lam u / |u|.
    X, F, seed = sample
    assume(X.shape[0] > 1)
    u = ip.random_direction(X, seed)
    try:
        W1, b1, _, _ = ip.interpolate_sigmoid_like(X, F, ip.sigmoid, lam, u=u, max_cond=np.inf)
    except ValueError:
        assume(False)
    unit = u / np.linalg.norm(u)
    ranked = np.argsort(-(X @ unit), kind="stable")
    # the same operations as the constructor's, up to the order of dnrm2: 2 ulps
    np.testing.assert_allclose(W1, np.tile(lam * unit, (X.shape[0] - 1, 1)), rtol=4 * EPS)
    pre = np.einsum("jn,jn->j", X[ranked[:-1]], W1) + b1
    # lam u.x_j - lam q_j = 0 but for the rounding of two dot products of n terms, of
    # lam u, lam q_j and the sum: (n + 2) EPS lam |u| |x_j| (x 2)
    scale = 2 * (X.shape[1] + 2) * EPS * lam * (np.abs(X[ranked[:-1]]) @ np.abs(unit))
    assert np.all(np.abs(pre) <= scale)


@pytest.mark.parametrize("phi", [ip.sigmoid, ip.wobbly_sigmoid])
def test_sigmoid_like_boundary_sizes(phi):
    # N = 1: no hidden unit, b2 = f; N = 2: one unit, det M = phi(0) - phi(-lam Delta) > 0
    X, F = np.array([[3.0, -1.0]]), np.array([[2.0, -5.0]])
    W1, b1, W2, b2 = ip.interpolate_sigmoid_like(X, F, phi, 1.0)
    assert W1.shape == (0, 2) and W2.shape == (2, 0)
    np.testing.assert_array_equal(ip.two_layer_network(X, W1, b1, W2, b2, phi), F)
    X, F = np.array([[0.5, -2.0], [-1.0, 0.25]]), np.array([[-1.0], [4.0]])
    for lam in (0.5, 3.0, 40.0):
        params = ip.interpolate_sigmoid_like(X, F, phi, lam)
        assert params[0].shape == (1, 2)
        check_interpolates(X, F, params, phi)


def test_sigmoid_like_biases_by_hand():
    # q = (1, 0, -1) sorted decreasingly, lam = 2: units at the first two points, b1 = -2 q[:2].
    X = np.array([[1.0], [0.0], [-1.0]])
    W1, b1, W2, b2 = ip.interpolate_sigmoid_like(X, np.array([[1.0], [2.0], [0.0]]), ip.sigmoid, 2.0,
                                                 u=np.array([1.0]))
    np.testing.assert_array_equal(W1, [[2.0], [2.0]])
    np.testing.assert_array_equal(b1, [-2.0, 0.0])


def test_wobbly_two_points_interpolate_where_units_on_the_wrong_points_fail():
    # X = [[1], [0]]: the construction puts its unit at x = 1, M = [[phi(0), 1], [phi(-lam), 1]],
    # det = phi(0) - phi(-lam) > 0 for every lam. A unit put at x = 0 instead would give
    # det = phi(lam) - phi(0), which vanishes near lam = 4.568, above lambda_0 = log 9 = 2.197.
    phi = ip.wobbly_sigmoid
    wrong_det = lambda lam: float(phi(np.array(lam))) - 0.5
    lo, hi = 4.0, 3 * math.pi / 2  # phi(3 pi / 2) = sigma(3 pi / 2) / 2 < 1/2
    assert wrong_det(lo) > 0 > wrong_det(hi)
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if wrong_det(mid) > 0 else (lo, mid)
    lam = lo
    assert lam == pytest.approx(4.568, abs=1e-3)
    assert ip.sufficient_lambda(2, 1.0, 0.5, 1.5, 1.5) == pytest.approx(math.log(9))
    X, F = np.array([[1.0], [0.0]]), np.array([[3.0], [-1.0]])
    params = ip.interpolate_sigmoid_like(X, F, phi, lam, u=np.array([1.0]))
    check_interpolates(X, F, params, phi)
    np.testing.assert_array_equal(params[1], [-lam])


def test_solving_with_the_limit_matrix_does_not_interpolate_at_finite_lambda():
    q = np.array([1.0, 0.0, -1.0])
    X, F = q[:, None], np.array([[1.0], [-2.0], [0.5]])
    L = np.array([[0.5, 1.0, 1.0], [0.0, 0.5, 1.0], [0.0, 0.0, 1.0]])  # the sigmoid's limit
    W_limit = np.linalg.solve(L, F)
    for lam in (1.0, 5.0, 10.0):
        M = ip.sigmoid_like_matrix(q, lam, ip.sigmoid)
        # the exact miss, (M - L) W, is >= sigma(-10) |W_1| ~ 4e-5 here, far above rounding
        assert np.max(np.abs(M @ W_limit - F)) > 1e-5
        params = ip.interpolate_sigmoid_like(X, F, ip.sigmoid, lam, u=np.array([1.0]))
        check_interpolates(X, F, params, ip.sigmoid)


def test_a_valid_phi_can_make_M_singular_at_a_finite_lambda():
    bump = lambda t: ip.sigmoid(t) + 0.5 * np.exp(-(t + 3.0) ** 2)
    ip.check_activation(bump)
    det = lambda lam: np.linalg.det(ip.sigmoid_like_matrix(np.array([1.0, 0.0]), lam, bump))
    assert det(0.1) > 0 > det(3.0)  # continuous in lam: a zero in between
    # det M(40) = phi(0) - phi(-40), phi(-40) < e^-40; phi to 8 ulps, LU to 3 ulps (x 2)
    assert abs(det(40.0) - bump(0.0)) <= math.exp(-40) + 44 * EPS * bump(0.0)


# ---- the exact references ----------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(0, 2**32 - 1), st.integers(0, 3))
def test_exact_elimination_matches_sympy(n, seed, drop):
    # non-symmetric matrices of halves, some singular (a row repeated or zero)
    rng = np.random.default_rng(seed)
    M = rng.integers(-4, 5, size=(n, n)) / 2
    if drop and n > 1:
        M[drop % n] = M[0] if drop == 1 else 0.0
    rank, det, inverse = ip.exact_elimination(M)
    reference = sp.Matrix(n, n, lambda i, j: sp.Rational(int(2 * M[i, j]), 2))
    assert rank == reference.rank() and det == reference.det()
    if reference.det() == 0:
        assert inverse is None and ip.exact_cond(M) == math.inf
    else:
        assert sp.Matrix(inverse) == reference.inv()
        # cond_inf of the same matrix in floats: relative error <= n EPS cond (x 4)
        cond = ip.exact_cond(M)
        assert abs(np.linalg.cond(M, np.inf) - cond) <= 4 * n * EPS * cond**2


def test_exact_elimination_bad_input():
    with pytest.raises(ValueError, match="square"):
        ip.exact_elimination(np.ones((2, 3)))
    for bad in (np.nan, np.inf):
        with pytest.raises(ValueError, match="finite"):
            ip.exact_elimination(np.array([[1.0, bad], [0.0, 1.0]]))


# ---- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "X, F, message",
    [
        ([[0.0, 1.0], [2.0, 3.0], [0.0, 1.0]], [[1.0], [2.0], [3.0]], r"duplicate input points: rows 0 and 2"),
        ([[0.0, 1.0], [2.0, 3.0]], [[1.0], [2.0], [3.0]], r"X has 2 points but F has 3 targets"),
        ([[0.0, 1.0], [2.0, 3.0]], [1.0, 2.0], r"F must be a 2-D array of targets \(N x m\)"),
        ([0.0, 1.0, 2.0], [[1.0], [2.0], [3.0]], r"X must be a 2-D array of N >= 1 points"),
        ([[0.0, np.nan], [2.0, 3.0]], [[1.0], [2.0]], "finite"),
        ([[0.0, 1.0], [2.0, 3.0]], [[1.0], [np.inf]], "finite"),
        ([[0.0, 1.0], [2.0, 3.0]], [[np.nan], [1.0]], "finite"),
        ([[0.0, 1.0], [0.0, 1.0 + 1e-15]], [[1.0], [2.0]], "near-duplicates"),
    ],
)
def test_bad_data_raises(X, F, message):
    with pytest.raises(ValueError, match=message):
        ip.interpolate_relu(np.array(X), np.array(F))
    with pytest.raises(ValueError, match=message):
        ip.interpolate_sigmoid_like(np.array(X), np.array(F), ip.sigmoid, 10.0)


def test_bad_parameters_raise():
    with pytest.raises(ValueError, match="not distinct"):
        ip.interpolate_relu(np.array([[0.0, 0.0], [1.0, 0.0]]), np.ones((2, 1)), w=np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        ip.interpolate_relu(XOR_X, XOR_F, w=np.array([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="either eps or per_unit"):
        ip.interpolate_relu(XOR_X, XOR_F, eps=0.5, per_unit=True)
    for lam in (0.0, -1.0, np.nan, np.inf):
        with pytest.raises(ValueError, match="lam must be a finite number > 0"):
            ip.interpolate_sigmoid_like(XOR_X, XOR_F, ip.sigmoid, lam)
    with pytest.raises(ValueError, match=r"phi\(0\) must be > 0"):
        ip.interpolate_sigmoid_like(XOR_X, XOR_F, np.tanh, 10.0)
    with pytest.raises(ValueError, match="u must be a non-zero vector"):
        ip.interpolate_sigmoid_like(XOR_X, XOR_F, ip.sigmoid, 10.0, u=np.zeros(2))
    with pytest.raises(ValueError, match="too ill-conditioned"):
        ip.interpolate_sigmoid_like(XOR_X, XOR_F, ip.sigmoid, 1e-9)  # M(lam) ~ rank 1
    with pytest.raises(ValueError, match=r"shapes do not fit"):
        ip.two_layer_network(XOR_X, np.ones((3, 2)), np.ones(2), np.ones((1, 3)), np.ones(1), ip.relu)
    with pytest.raises(ValueError, match=r"X must be N x n = N x 3"):
        ip.two_layer_network(XOR_X, np.ones((3, 3)), np.ones(3), np.ones((1, 3)), np.ones(1), ip.relu)


def test_demos_run():
    out = run_demos("interpolation")  # every demo asserts what it prints
    assert "b1 = [-2.0, -1.0, 0.0]   W2 = [[-1.0, -1.0, 1.0]]   b2 = [0.0]" in out
    assert "y(X) = [0.0, 1.0, 1.0, 0.0]   F = [0.0, 1.0, 1.0, 0.0]" in out
    assert "increasing order, eps = 1.0: upper triangular False, lower triangular False,\n" \
           "    det = 0,  rank = 3" in out  # (5.14), exactly
    assert out.count("ValueError:") == 11
    assert "phi(-inf) must be 0, but phi(-1e+06) = -0.1" in out
    assert "<svg" not in out and close_figures() == 1  # its figure is drawn, not printed
