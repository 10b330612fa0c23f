"""Question 4: sigmoid network -> tanh network (snippets/sigmoid_tanh_networks.py)."""


import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_snippet, run_demos

net = load_snippet("sigmoid_tanh_networks")
EPS = np.finfo(float).eps
bound = net.network_error_bound  # (4.8): |computed y - exact y|, N x K
SIGMA, TANH = 1 / 4, 1.0  # max |h'| of each activation


def sigma_exact(t):
    """sympy's logistic sigmoid, from its definition."""
    return 1 / (1 + sp.exp(-t))


# ---- the identities (4.2) and (4.3), exactly ------------------------------------------

def test_identities_hold_exactly_in_sympy():
    a = sp.symbols("a", real=True)
    assert sp.simplify((sp.tanh(a) - (2 * sigma_exact(2 * a) - 1)).rewrite(sp.exp)) == 0
    assert sp.simplify((sigma_exact(a) - (1 + sp.tanh(a / 2)) / 2).rewrite(sp.exp)) == 0


def test_network_identity_holds_exactly_in_sympy():
    # D = 1, M = 2, K = 1 with symbolic weights: (4.4) equals (4.1) identically in x.
    x, a10, a11, a20, a21, c0, c1, c2 = sp.symbols("x a10 a11 a20 a21 c0 c1 c2", real=True)
    y_sigma = c1 * sigma_exact(a11 * x + a10) + c2 * sigma_exact(a21 * x + a20) + c0
    y_tanh = (c1 / 2) * sp.tanh((a11 * x + a10) / 2) + (c2 / 2) * sp.tanh((a21 * x + a20) / 2) \
        + (c0 + (c1 + c2) / 2)
    assert sp.simplify((y_sigma - y_tanh).rewrite(sp.exp)) == 0


def test_sigmoid_is_stable_and_correct():
    # Relative to 50 digits, down to sigma(-700) ~ 1e-304: an absolute tolerance
    # would accept 0 there. ACTIVATION_ERROR = 8 eps (the module derives it).
    t = np.array([-700.0, -40.0, -30.0, -1.0, -1e-300, 0.0, 1e-8, 2.0, 36.0, 700.0])
    with np.errstate(over="raise"):
        s = net.sigmoid(t)
    with mpmath.workdps(50):
        exact = np.array([float(1 / (1 + mpmath.exp(-mpmath.mpf(v)))) for v in t])
    assert np.all(np.abs(s - exact) <= net.ACTIVATION_ERROR * exact)
    with np.errstate(over="raise"):
        ends = net.sigmoid(np.array([-800.0, 800.0]))
    assert ends[0] == 0.0 and ends[1] == 1.0 and net.sigmoid(0.0) == 0.5


# ---- concrete values -----------------------------------------------------------------

def test_one_unit_by_hand():
    # y = 1 + 4 sigma(2x + 0)  ->  y = 3 + 2 tanh(x): halve 2 -> 1, halve 4 -> 2, bias 1 + 4/2.
    W1 = np.array([[0.0, 2.0]])
    W2 = np.array([[1.0, 4.0]])
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    np.testing.assert_array_equal(V1, [[0.0, 1.0]])
    np.testing.assert_array_equal(V2, [[3.0, 2.0]])
    x = np.array([[-1.5], [0.0], [0.7]])
    # 3 + 2 tanh(x) rounds tanh (8 eps relative, times 2) and one sum of 2 terms
    reference = 3 + 2 * np.tanh(x)
    ref_bound = 2 * net.ACTIVATION_ERROR + net.gamma(2) * 5
    assert np.all(np.abs(net.two_layer_network(x, V1, V2, np.tanh) - reference)
                  <= bound(x, V1, V2, TANH) + ref_bound)
    assert np.all(np.abs(net.two_layer_network(x, W1, W2, net.sigmoid) - reference)
                  <= bound(x, W1, W2, SIGMA) + ref_bound)


def test_small_network_of_the_page():
    rng = np.random.default_rng(4)
    W1 = rng.integers(-4, 5, size=(3, 3)).astype(float)
    W2 = rng.integers(-4, 5, size=(2, 4)).astype(float)
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    np.testing.assert_array_equal(V1, W1 / 2)
    np.testing.assert_array_equal(V2[:, 1:], W2[:, 1:] / 2)
    for k in range(2):
        assert V2[k, 0] == W2[k, 0] + sum(W2[k, j] for j in range(1, 4)) / 2


def test_bias_first_matrix_and_its_inverse():
    A = net.output_mixing_matrix(3)
    expected = np.array([[1, 0, 0, 0], [0.5, 0.5, 0, 0], [0.5, 0, 0.5, 0], [0.5, 0, 0, 0.5]])
    np.testing.assert_array_equal(A, expected)
    A_inv = np.array([[1, 0, 0, 0], [-1, 2, 0, 0], [-1, 0, 2, 0], [-1, 0, 0, 2]])
    np.testing.assert_array_equal(A @ A_inv, np.eye(4))


def test_bias_last_variant_of_the_pitfall():
    # Bias stored last: A' = [[I/2, 1/2], [0, 1]] (the page's Pitfalls).
    rng = np.random.default_rng(0)
    W1, W2 = rng.normal(size=(3, 3)), rng.normal(size=(2, 4))
    M = 3
    A_last = np.zeros((M + 1, M + 1))
    A_last[:M, :M] = 0.5 * np.eye(M)
    A_last[:M, M] = 0.5
    A_last[M, M] = 1.0
    W2_last = np.hstack([W2[:, 1:], W2[:, :1]])
    _, V2 = net.sigmoid_to_tanh(W1, W2)
    product = W2_last @ A_last
    # products by 1/2, 1 and 0 are exact: only the bias column (a sum) rounds,
    # in the product and in sigmoid_to_tanh, each within bias_error_bound
    np.testing.assert_array_equal(product[:, :M], V2[:, 1:])
    assert np.all(np.abs(product[:, M] - V2[:, 0]) <= 2 * net.bias_error_bound(W2))


# ---- properties over random networks ---------------------------------------------------

@st.composite
def networks(draw):
    D = draw(st.integers(1, 6))
    M = draw(st.integers(1, 8))
    K = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.sampled_from([0.1, 1.0, 5.0]))
    rng = np.random.default_rng(seed)
    W1 = rng.normal(scale=scale, size=(M, D + 1))
    W2 = rng.normal(scale=scale, size=(K, M + 1))
    X = rng.normal(scale=3.0, size=(200, D))
    return W1, W2, X


@settings(max_examples=60, deadline=None)
@given(networks())
def test_converted_networks_are_equal(params):
    W1, W2, X = params
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    y_sigma = net.two_layer_network(X, W1, W2, net.sigmoid)
    y_tanh = net.two_layer_network(X, V1, V2, np.tanh)
    # (4.8) for each network, plus the rounded output biases of V2
    tolerance = bound(X, W1, W2, SIGMA) + bound(X, V1, V2, TANH) + net.bias_error_bound(W2)
    assert np.all(np.abs(y_sigma - y_tanh) <= tolerance)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_reverse_conversion_gives_an_equal_sigmoid_network(params):
    V1, V2, X = params  # read the random parameters as a tanh network this time
    W1, W2 = net.tanh_to_sigmoid(V1, V2)
    tolerance = bound(X, V1, V2, TANH) + bound(X, W1, W2, SIGMA) + net.bias_error_bound(V2)
    assert np.all(np.abs(net.two_layer_network(X, V1, V2, np.tanh)
                         - net.two_layer_network(X, W1, W2, net.sigmoid)) <= tolerance)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_round_trip_returns_the_parameters(params):
    W1, W2, _ = params
    S1, S2 = net.tanh_to_sigmoid(*net.sigmoid_to_tanh(W1, W2))
    np.testing.assert_array_equal(S1, W1)  # halving and doubling are exact in binary
    np.testing.assert_array_equal(S2[:, 1:], W2[:, 1:])
    # the output biases round once each way
    V2 = net.sigmoid_to_tanh(W1, W2)[1]
    assert np.all(np.abs(S2[:, 0] - W2[:, 0])
                  <= net.bias_error_bound(W2) + net.bias_error_bound(V2))


@settings(max_examples=60, deadline=None)
@given(networks())
def test_matrix_form_shapes_and_values(params):
    W1, W2, _ = params
    M, K = W1.shape[0], W2.shape[0]
    A = net.output_mixing_matrix(M)
    assert A.shape == (M + 1, M + 1)
    assert (W2 @ A).shape == W2.shape == (K, M + 1)
    U1, U2 = net.sigmoid_to_tanh_matrix_form(W1, W2)
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    assert U1.shape == V1.shape == W1.shape
    # halving and the products by 1/2 and 0 are exact; the biases are sums of
    # M + 1 terms, rounded in each computation
    np.testing.assert_array_equal(U1, V1)
    np.testing.assert_array_equal(U2[:, 1:], V2[:, 1:])
    assert np.all(np.abs(U2[:, 0] - V2[:, 0]) <= 2 * net.bias_error_bound(W2))


@settings(max_examples=30, deadline=None)
@given(networks(), st.integers(0, 2**32 - 1))
def test_sign_flip_and_permutation_give_equal_networks(params, seed):
    W1, W2, X = params
    rng = np.random.default_rng(seed)
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    signs = rng.choice([-1.0, 1.0], size=W1.shape[0])
    perm = rng.permutation(W1.shape[0])
    P1 = (V1 * signs[:, None])[perm]
    P2 = np.hstack([V2[:, :1], (V2[:, 1:] * signs)[:, perm]])
    tolerance = bound(X, P1, P2, TANH) + bound(X, W1, W2, SIGMA) + net.bias_error_bound(W2)
    assert np.all(np.abs(net.two_layer_network(X, P1, P2, np.tanh)
                         - net.two_layer_network(X, W1, W2, net.sigmoid)) <= tolerance)


def test_double_counted_bias_is_off_by_half_the_bias():
    rng = np.random.default_rng(1)
    W1, W2 = rng.normal(size=(3, 3)), rng.normal(size=(2, 4))
    X = rng.normal(size=(50, 2))
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    wrong = V2.copy()
    wrong[:, 0] = W2[:, 0] + W2.sum(axis=1) / 2
    error = net.two_layer_network(X, V1, wrong, np.tanh) - net.two_layer_network(X, W1, W2, net.sigmoid)
    # (4.8) for both, the rounded biases of `wrong`, the final subtraction
    tolerance = (bound(X, V1, wrong, TANH) + bound(X, W1, W2, SIGMA)
                 + net.bias_error_bound(W2) + EPS * np.abs(W2[:, 0]))
    assert np.all(np.abs(error - W2[:, 0] / 2) <= tolerance)
    assert np.all(np.abs(W2[:, 0] / 2) > 10 * tolerance)  # the bound tells the two apart


# ---- bad input ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "W1, W2, message",
    [
        (np.ones(3), np.ones((1, 2)), r"W1 must be M x \(D\+1\)"),
        (np.ones((2, 1)), np.ones((1, 3)), r"W1 must be M x \(D\+1\) with D >= 1"),
        (np.ones((2, 3)), np.ones((1, 2)), r"W2 must be K x \(M\+1\) = K x 3"),
        (np.ones((2, 3)), np.ones(3), r"W2 must be K x \(M\+1\)"),
        (np.full((2, 3), np.nan), np.ones((1, 3)), "finite"),
        (np.ones((2, 3)), np.array([[1.0, np.inf, 0.0]]), "finite"),
    ],
)
def test_bad_parameters_raise(W1, W2, message):
    for function in (net.sigmoid_to_tanh, net.tanh_to_sigmoid, net.sigmoid_to_tanh_matrix_form):
        with pytest.raises(ValueError, match=message):
            function(W1, W2)


def test_input_of_the_wrong_dimension_raises():
    W1, W2 = np.ones((2, 4)), np.ones((1, 3))  # D = 3
    with pytest.raises(ValueError, match=r"X must be N x D = N x 3"):
        net.two_layer_network(np.ones((5, 2)), W1, W2, np.tanh)
    with pytest.raises(ValueError, match=r"X must be N x D"):
        net.two_layer_network(np.ones(3), W1, W2, np.tanh)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_input_that_is_not_finite_raises(bad):
    W1, W2 = np.ones((2, 4)), np.ones((1, 3))
    X = np.zeros((4, 3))
    X[2, 1] = bad
    with pytest.raises(ValueError, match="X must contain only finite numbers"):
        net.two_layer_network(X, W1, W2, np.tanh)


def test_degenerate_network_has_more_equivalent_parameters():
    # Two identical hidden units: only the sum of their outgoing weights matters, so Theta'
    # is not determined up to sign flips and permutations alone.
    rng = np.random.default_rng(3)
    row = rng.normal(size=3)
    V1 = np.vstack([row, row])
    X = rng.normal(size=(200, 2))
    W2 = {out: np.array([[0.2, *out]]) for out in [(0.5, 1.0), (7.5, -6.0), (1.0, 0.5),
                                                    (0.5, 1.1)]}
    y = {out: net.two_layer_network(X, V1, W, np.tanh) for out, W in W2.items()}
    for other in [(7.5, -6.0), (1.0, 0.5)]:  # the same sum; the swap
        tolerance = bound(X, V1, W2[(0.5, 1.0)], TANH) + bound(X, V1, W2[other], TANH)
        assert np.all(np.abs(y[(0.5, 1.0)] - y[other]) <= tolerance)
    # but not any weights: (0.5, 1.1) adds (1.1 - 1.0) tanh(a), a the unit's
    # pre-activation
    a = X @ row[1:] + row[0]
    tolerance = (bound(X, V1, W2[(0.5, 1.0)], TANH) + bound(X, V1, W2[(0.5, 1.1)], TANH)
                 + 4 * EPS * np.abs(np.tanh(a))[:, None])  # the reference's roundings
    difference = y[(0.5, 1.1)] - y[(0.5, 1.0)]
    assert np.all(np.abs(difference - (1.1 - 1.0) * np.tanh(a)[:, None]) <= tolerance)
    assert np.max(np.abs(difference)) > 1e3 * np.max(tolerance)


@settings(max_examples=30, deadline=None)
@given(networks())
def test_both_layers_in_one_block_diagonal_product(params):
    # diag(W1, W2) diag(I/2, A) = diag(W1', W2') for every shape (the Pitfalls).
    W1, W2, _ = params
    (M, D1), K = W1.shape, W2.shape[0]
    Z = np.zeros
    theta = np.block([[W1, Z((M, M + 1))], [Z((K, D1)), W2]])
    right = np.block([[np.eye(D1) / 2, Z((D1, M + 1))], [Z((M + 1, D1)), net.output_mixing_matrix(M)]])
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    expected = np.block([[V1, Z((M, M + 1))], [Z((K, D1)), V2]])
    product = theta @ right
    # the zero blocks and the products by 1/2 are exact: only the output biases
    # (column D1) are sums of M + 1 terms, rounded here and in sigmoid_to_tanh
    np.testing.assert_array_equal(np.delete(product, D1, axis=1), np.delete(expected, D1, axis=1))
    np.testing.assert_array_equal(product[:M, D1], 0)
    assert np.all(np.abs(product[M:, D1] - V2[:, 0]) <= 2 * net.bias_error_bound(W2))


def sigmoid_math(t):
    """The logistic sigmoid in plain Python, from its definition."""
    return 1 / (1 + math.exp(-t))


def test_naive_reference_of_the_network():
    # (4.1) term by term against the array code, for both activations: both are
    # within (4.8) of the exact network (the same sums in another order).
    rng = np.random.default_rng(8)
    W1, W2, X = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(7, 2))
    for h_array, h, slope in [(net.sigmoid, sigmoid_math, SIGMA), (np.tanh, math.tanh, TANH)]:
        ref = [[W2[k, 0] + sum(W2[k, j] * h(W1[j - 1, 0] + W1[j - 1, 1] * x[0] + W1[j - 1, 2] * x[1])
                               for j in range(1, 5)) for k in range(3)] for x in X]
        assert np.all(np.abs(net.two_layer_network(X, W1, W2, h_array) - ref)
                      <= 2 * bound(X, W1, W2, slope))


# ---- the rounding bound (4.8) itself ----------------------------------------------------

def sigmoid_mp(t):
    """The logistic sigmoid in mpmath's arithmetic."""
    return 1 / (1 + mpmath.exp(-t))


def network_50_digits(x, W1, W2, h):
    """(4.1) at one input x, in 50-digit arithmetic (mpmath), as a list of K numbers."""
    with mpmath.workdps(50):
        hidden = [h(sum((mpmath.mpf(w) * mpmath.mpf(v) for w, v in zip(row[1:], x)),
                        mpmath.mpf(row[0]))) for row in W1]
        return [sum((mpmath.mpf(w) * z for w, z in zip(out[1:], hidden)), mpmath.mpf(out[0]))
                for out in W2]


@settings(max_examples=40, deadline=None)
@given(networks())
def test_bound_holds_against_50_digits(params):
    # The bound is what every other tolerance here rests on: check it against the
    # exact value (50 digits), for both activations, on a few inputs.
    W1, W2, X = params
    X = X[:5]
    for h_array, h, slope in [(net.sigmoid, sigmoid_mp, SIGMA),
                              (np.tanh, mpmath.tanh, TANH)]:
        exact = np.array([[float(v) for v in network_50_digits(x, W1, W2, h)] for x in X])
        # float(v) rounds the exact value: at most eps/2 relative
        tolerance = bound(X, W1, W2, slope) + EPS / 2 * np.abs(exact)
        assert np.all(np.abs(net.two_layer_network(X, W1, W2, h_array) - exact) <= tolerance)


def test_bound_by_hand():
    # D = M = K = 1, every weight 1, x = 2: alpha = 1 + 2 = 3, and (4.8) reads
    # gamma_2 (1 + (1 + 8 eps)) + 1 * (L gamma_2 * 3 + 8 eps).
    W1, W2, x = np.array([[1.0, 1.0]]), np.array([[1.0, 1.0]]), np.array([[2.0]])
    g2, a = net.gamma(2), net.ACTIVATION_ERROR
    for slope in (SIGMA, TANH):
        by_hand = g2 * (2 + a) + slope * g2 * 3 + a
        assert bound(x, W1, W2, slope)[0, 0] == pytest.approx(by_hand, rel=4 * EPS, abs=0)
    # not vacuous: for weights and inputs of size 1 it is a few dozen eps
    assert bound(x, W1, W2, TANH)[0, 0] < 20 * EPS
    np.testing.assert_array_equal(net.bias_error_bound(np.array([[1.0, -2.0, 3.0]])),
                                  [net.gamma(3) * 6])


@pytest.mark.parametrize("D, M, K", [(1, 1, 1), (3, 1, 4), (1, 6, 1), (4, 4, 4), (2, 3, 7)])
def test_conversion_on_boundary_shapes(D, M, K):
    # A single hidden unit, square and non-square matrices, K > M + 1; weights of
    # both signs. A transposed or mis-sliced weight matrix fails here.
    rng = np.random.default_rng(D * 100 + M * 10 + K)
    W1, W2 = rng.normal(scale=2, size=(M, D + 1)), rng.normal(scale=2, size=(K, M + 1))
    X = rng.normal(scale=3, size=(50, D))
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    assert V1.shape == W1.shape and V2.shape == W2.shape
    exact = np.array([[float(v) for v in network_50_digits(x, W1, W2, sigmoid_mp)] for x in X])
    y_tanh = net.two_layer_network(X, V1, V2, np.tanh)
    assert y_tanh.shape == (50, K)
    tolerance = bound(X, V1, V2, TANH) + net.bias_error_bound(W2) + EPS / 2 * np.abs(exact)
    assert np.all(np.abs(y_tanh - exact) <= tolerance)


def test_demos_run():
    out = run_demos("sigmoid_tanh_networks")  # every demo asserts what it prints
    assert "tanh -> sigmoid (4.6) gives Theta back exactly: True" in out
    assert "A times the inverse written in the text is I: True" in out
    assert out.count("ValueError:") == 5
