"""Question 4: sigmoid network -> tanh network (snippets/sigmoid_tanh_networks.py)."""


import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_snippet, run_demos

net = load_snippet("sigmoid_tanh_networks")


# ---- the identities (4.2) and (4.3), exactly ------------------------------------------

def test_identities_hold_exactly_in_sympy():
    a = sp.symbols("a", real=True)
    sigma = lambda t: 1 / (1 + sp.exp(-t))
    assert sp.simplify((sp.tanh(a) - (2 * sigma(2 * a) - 1)).rewrite(sp.exp)) == 0
    assert sp.simplify((sigma(a) - (1 + sp.tanh(a / 2)) / 2).rewrite(sp.exp)) == 0


def test_network_identity_holds_exactly_in_sympy():
    # D = 1, M = 2, K = 1 with symbolic weights: (4.4) equals (4.1) identically in x.
    x, a10, a11, a20, a21, c0, c1, c2 = sp.symbols("x a10 a11 a20 a21 c0 c1 c2", real=True)
    sigma = lambda t: 1 / (1 + sp.exp(-t))
    y_sigma = c1 * sigma(a11 * x + a10) + c2 * sigma(a21 * x + a20) + c0
    y_tanh = (c1 / 2) * sp.tanh((a11 * x + a10) / 2) + (c2 / 2) * sp.tanh((a21 * x + a20) / 2) \
        + (c0 + (c1 + c2) / 2)
    assert sp.simplify((y_sigma - y_tanh).rewrite(sp.exp)) == 0


def test_sigmoid_is_stable_and_correct():
    t = np.array([-800.0, -30.0, -1.0, 0.0, 2.0, 800.0])
    with np.errstate(over="raise"):
        s = net.sigmoid(t)
    np.testing.assert_allclose(s[1:5], 1 / (1 + np.exp(-t[1:5])), rtol=1e-15)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5


# ---- concrete values -----------------------------------------------------------------

def test_one_unit_by_hand():
    # y = 1 + 4 sigma(2x + 0)  ->  y = 3 + 2 tanh(x): halve 2 -> 1, halve 4 -> 2, bias 1 + 4/2.
    W1 = np.array([[0.0, 2.0]])
    W2 = np.array([[1.0, 4.0]])
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    np.testing.assert_array_equal(V1, [[0.0, 1.0]])
    np.testing.assert_array_equal(V2, [[3.0, 2.0]])
    x = np.array([[-1.5], [0.0], [0.7]])
    np.testing.assert_allclose(net.two_layer_network(x, V1, V2, np.tanh)[:, 0],
                               3 + 2 * np.tanh(x[:, 0]), rtol=0, atol=1e-15)
    np.testing.assert_allclose(net.two_layer_network(x, W1, W2, net.sigmoid)[:, 0],
                               3 + 2 * np.tanh(x[:, 0]), rtol=0, atol=1e-15)


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
    np.testing.assert_allclose(W2_last @ A_last, np.hstack([V2[:, 1:], V2[:, :1]]), atol=1e-15)


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
    scale = 1 + np.abs(W2).sum(axis=1).max()  # |y| <= |b| + sum |w2|: a bound on the output
    assert np.max(np.abs(y_sigma - y_tanh)) <= 1e-14 * scale


@settings(max_examples=60, deadline=None)
@given(networks())
def test_reverse_conversion_gives_an_equal_sigmoid_network(params):
    V1, V2, X = params  # read the random parameters as a tanh network this time
    W1, W2 = net.tanh_to_sigmoid(V1, V2)
    scale = 1 + np.abs(W2).sum(axis=1).max()
    assert np.max(np.abs(net.two_layer_network(X, V1, V2, np.tanh)
                         - net.two_layer_network(X, W1, W2, net.sigmoid))) <= 1e-14 * scale


@settings(max_examples=60, deadline=None)
@given(networks())
def test_round_trip_returns_the_parameters(params):
    W1, W2, _ = params
    S1, S2 = net.tanh_to_sigmoid(*net.sigmoid_to_tanh(W1, W2))
    np.testing.assert_array_equal(S1, W1)  # halving and doubling are exact in binary
    np.testing.assert_array_equal(S2[:, 1:], W2[:, 1:])
    np.testing.assert_allclose(S2[:, 0], W2[:, 0], rtol=0, atol=1e-15 * (1 + np.abs(W2).sum()))


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
    np.testing.assert_allclose(U1, V1, rtol=0, atol=0)
    np.testing.assert_allclose(U2, V2, rtol=0, atol=1e-15 * (1 + np.abs(W2).sum()))


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
    scale = 1 + np.abs(W2).sum(axis=1).max()
    assert np.max(np.abs(net.two_layer_network(X, P1, P2, np.tanh)
                         - net.two_layer_network(X, W1, W2, net.sigmoid))) <= 1e-14 * scale


def test_double_counted_bias_is_off_by_half_the_bias():
    rng = np.random.default_rng(1)
    W1, W2 = rng.normal(size=(3, 3)), rng.normal(size=(2, 4))
    X = rng.normal(size=(50, 2))
    V1, V2 = net.sigmoid_to_tanh(W1, W2)
    wrong = V2.copy()
    wrong[:, 0] = W2[:, 0] + W2.sum(axis=1) / 2
    error = net.two_layer_network(X, V1, wrong, np.tanh) - net.two_layer_network(X, W1, W2, net.sigmoid)
    np.testing.assert_allclose(error, np.broadcast_to(W2[:, 0] / 2, error.shape), atol=1e-14)


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


def test_degenerate_network_has_more_equivalent_parameters():
    # Two identical hidden units: only the sum of their outgoing weights matters, so Theta'
    # is not determined up to sign flips and permutations alone.
    rng = np.random.default_rng(3)
    row = rng.normal(size=3)
    V1 = np.vstack([row, row])
    X = rng.normal(size=(200, 2))
    y = lambda out: net.two_layer_network(X, V1, np.array([[0.2, *out]]), np.tanh)
    np.testing.assert_allclose(y((0.5, 1.0)), y((7.5, -6.0)), rtol=0, atol=1e-13)
    assert np.max(np.abs(y((0.5, 1.0)) - y((1.0, 0.5)))) < 1e-13  # the swap, too
    assert np.max(np.abs(y((0.5, 1.0)) - y((0.5, 1.1)))) > 1e-3  # but not any weights


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
    np.testing.assert_allclose(theta @ right, expected, rtol=0, atol=1e-14 * (1 + np.abs(W2).sum()))


def test_naive_reference_of_the_network():
    # (4.1) term by term against the array code, for both activations.
    import math
    rng = np.random.default_rng(8)
    W1, W2, X = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(7, 2))
    for h_array, h in [(net.sigmoid, lambda t: 1 / (1 + math.exp(-t))), (np.tanh, math.tanh)]:
        ref = [[W2[k, 0] + sum(W2[k, j] * h(W1[j - 1, 0] + W1[j - 1, 1] * x[0] + W1[j - 1, 2] * x[1])
                               for j in range(1, 5)) for k in range(3)] for x in X]
        np.testing.assert_allclose(net.two_layer_network(X, W1, W2, h_array), ref, rtol=1e-13, atol=1e-14)


def test_demos_run():
    out = run_demos("sigmoid_tanh_networks")  # every demo asserts what it prints
    assert "tanh -> sigmoid (4.6) gives Theta back exactly: True" in out
    assert "A times the inverse written in the text is I: True" in out
    assert out.count("ValueError:") == 3
