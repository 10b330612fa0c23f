"""Question 4: a two-layer sigmoid network is a tanh network with other parameters.

Parameters are stored as in the question, with the bias in column 0:
``W1`` is M x (D+1) with ``W1[j-1, i] = w1_{ji}`` (``i = 0`` is the bias of hidden
unit j),
``W2`` is K x (M+1) with ``W2[k-1, j] = w2_{kj}`` (``j = 0`` is the bias of output k).
Sections between ``--8<--`` markers are shown on ``docs/q4-sigmoid-tanh-networks.md``.
"""

# --8<-- [start:network]
import numpy as np


def sigmoid(t):
    """Logistic sigmoid 1 / (1 + exp(-t)), written so that exp never overflows."""
    t = np.asarray(t, dtype=float)
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def check_parameters(W1, W2):
    """Return (W1, W2) as float arrays; raise ValueError unless the shapes fit
    together."""
    W1 = np.asarray(W1, dtype=float)
    W2 = np.asarray(W2, dtype=float)
    if W1.ndim != 2 or W1.shape[1] < 2:
        raise ValueError(
            "W1 must be M x (D+1) with D >= 1 (bias in column 0), "
            f"got shape {W1.shape}"
        )
    if W2.ndim != 2 or W2.shape[1] != W1.shape[0] + 1:
        raise ValueError(
            f"W2 must be K x (M+1) = K x {W1.shape[0] + 1} (bias in column 0) "
            f"to match W1 of shape {W1.shape}, got shape {W2.shape}"
        )
    if not (np.all(np.isfinite(W1)) and np.all(np.isfinite(W2))):
        raise ValueError("W1 and W2 must contain only finite numbers")
    return W1, W2


def two_layer_network(X, W1, W2, activation):
    """y_k(x) = sum_j W2[k, j] h(W1[j, 1:] . x + W1[j, 0]) + W2[k, 0],
    for each row x of X.

    X is N x D; the result is N x K.
    """
    W1, W2 = check_parameters(W1, W2)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != W1.shape[1] - 1:
        raise ValueError(
            f"X must be N x D = N x {W1.shape[1] - 1}, got shape {X.shape}"
        )
    if not np.all(np.isfinite(X)):
        raise ValueError("X must contain only finite numbers")
    hidden = activation(X @ W1[:, 1:].T + W1[:, 0])  # N x M
    return hidden @ W2[:, 1:].T + W2[:, 0]  # N x K
# --8<-- [end:network]


# --8<-- [start:convert]
import numpy as np


def sigmoid_to_tanh(W1, W2):
    """Parameters of the tanh network equal to the sigmoid network (W1, W2).

    sigma(a) = (1 + tanh(a / 2)) / 2, so every first-layer weight and bias is
    halved, every hidden-to-output weight is halved, and each output bias
    absorbs the constant half of its incoming weights:
    b_k' = b_k + (1/2) sum_{j>=1} W2[k, j].
    """
    W1, W2 = check_parameters(W1, W2)
    V1 = W1 / 2  # all columns, the bias column 0 included
    V2 = np.empty_like(W2)
    V2[:, 1:] = W2[:, 1:] / 2
    # the sum starts at j = 1: no bias in it
    V2[:, 0] = W2[:, 0] + W2[:, 1:].sum(axis=1) / 2
    return V1, V2


def tanh_to_sigmoid(V1, V2):
    """The reverse: tanh(a) = 2 sigma(2a) - 1 doubles the weights, and each
    output bias loses the sum of its incoming weights:
    b_k = b_k' - sum_{j>=1} V2[k, j]."""
    V1, V2 = check_parameters(V1, V2)
    W1 = 2 * V1
    W2 = np.empty_like(V2)
    W2[:, 1:] = 2 * V2[:, 1:]
    W2[:, 0] = V2[:, 0] - V2[:, 1:].sum(axis=1)
    return W1, W2
# --8<-- [end:convert]


# --8<-- [start:matrix_form]
import numpy as np


def output_mixing_matrix(M):
    """The (M+1) x (M+1) matrix A with W2' = W2 @ A (bias column 0 first):

        A = [[1,           0^T      ],
             [(1/2) 1_M,   (1/2) I_M]]
    """
    A = np.zeros((M + 1, M + 1))
    A[0, 0] = 1.0
    # column 0 of W2 @ A: b_k + (1/2) sum_{j>=1} W2[k, j]
    A[1:, 0] = 0.5
    A[1:, 1:] = 0.5 * np.eye(M)
    return A


def sigmoid_to_tanh_matrix_form(W1, W2):
    """Theta' in matrix form: (W1 / 2, W2 @ A); shapes M x (D+1) and
    K x (M+1)."""
    W1, W2 = check_parameters(W1, W2)
    return W1 / 2, W2 @ output_mixing_matrix(W1.shape[0])
# --8<-- [end:matrix_form]


# --8<-- [start:bounds]
import numpy as np

EPS = np.finfo(float).eps  # 2**-52: twice the unit roundoff, a factor 2 of margin
# relative error of sigmoid or np.tanh: numpy's accuracy tests allow 1 ulp
# (<= EPS relative) for exp and 2 for tanh; sigmoid, e / (1 + e) or
# 1 / (1 + e), has exp's EPS, at most half of it again through 1 + e, and two
# roundings of EPS / 2: <= 2.5 EPS. 8 EPS leaves a margin of 3 or more.
ACTIVATION_ERROR = 8 * EPS


def gamma(n):
    """gamma_n = n eps / (1 - n eps): the relative error of a sum of n terms
    (products included), in any order, with or without FMA."""
    return n * EPS / (1 - n * EPS)


def network_error_bound(X, W1, W2, slope):
    """(4.8): a bound on |computed y - exact y| for two_layer_network, one per
    output and input (N x K), for an activation h with |h| <= 1 and
    |h'| <= slope (1/4 for sigma, 1 for tanh), evaluated to ACTIVATION_ERROR.
    """
    W1, W2 = check_parameters(W1, W2)
    X = np.asarray(X, dtype=float)
    D, M = W1.shape[1] - 1, W1.shape[0]
    # a_j = w_j0 + sum_i w_ji x_i, D + 1 terms: |error| <= gamma_{D+1} alpha_j
    alpha = np.abs(X) @ np.abs(W1[:, 1:]).T + np.abs(W1[:, 0])  # N x M
    # h at the rounded a_j, then rounded itself
    error_hidden = slope * gamma(D + 1) * alpha + ACTIVATION_ERROR  # N x M
    # y_k = w_k0 + sum_j w_kj h_j, M + 1 terms, |computed h_j| <= 1 + 8 eps
    outgoing = np.abs(W2[:, 1:])
    size = np.abs(W2[:, 0]) + (1 + ACTIVATION_ERROR) * outgoing.sum(axis=1)
    return gamma(M + 1) * size + error_hidden @ outgoing.T


def bias_error_bound(W2):
    """The conversions (4.5) and (4.6) round only the output biases, sums of
    M + 1 terms of the INPUT W2: |error| <= gamma_{M+1} sum_{j>=0} |W2[k, j]|.
    Halving and doubling are exact in binary."""
    W2 = np.asarray(W2, dtype=float)
    return gamma(W2.shape[1]) * np.abs(W2).sum(axis=1)
# --8<-- [end:bounds]


if __name__ == "__main__":
    # --8<-- [start:demo_identities]
    import numpy as np


    def sigma(t):
        """The logistic sigmoid from its definition, not the module's sigmoid."""
        return 1 / (1 + np.exp(-t))


    x = np.linspace(-20, 20, 4001)
    gap_tanh = np.max(np.abs(np.tanh(x) - (2 * sigma(2 * x) - 1)))
    gap_sigma = np.max(np.abs(sigma(x) - (np.tanh(x / 2) + 1) / 2))
    # Rounding bounds, with eps = 2**-52 and exp, tanh taken to 4 ulp (4 eps
    # relative; numpy's own accuracy tests allow 1 and 2 ulp). sigma: exp 4 eps
    # + the sum and the division eps/2 each = 5 eps relative, so |sigma| <= 1
    # is off by <= 5 eps. (4.2): tanh 4 eps, 2 sigma - 1 10 eps + eps/2, the
    # final difference < eps/2: 16 eps. (4.3): sigma 5 eps, (tanh(x/2) + 1)/2
    # (4 eps + eps) / 2: 8 eps.
    eps = np.finfo(float).eps
    print("max |tanh(x) - (2 sigma(2x) - 1)|     on [-20, 20] <= 16ε = "
          f"{16 * eps:.1e}")
    print("max |sigma(x) - (tanh(x/2) + 1) / 2| on [-20, 20] <=  8ε = "
          f"{8 * eps:.1e}")
    assert gap_tanh <= 16 * eps and gap_sigma <= 8 * eps
    # --8<-- [end:demo_identities]

    # --8<-- [start:demo_bound_by_hand]
    # (4.8) by hand for D = M = K = 1, every weight 1, x = 2: alpha = 1 + 2 = 3,
    # gamma_2 (1 + (1 + 8 eps)) + 1 * (L gamma_2 * 3 + 8 eps)
    one = np.ones((1, 2))
    for name, slope in [("sigma", 1 / 4), ("tanh", 1)]:
        by_hand = (gamma(2) * (2 + ACTIVATION_ERROR) + slope * gamma(2) * 3
                   + ACTIVATION_ERROR)
        computed = network_error_bound(np.array([[2.0]]), one, one, slope)[0, 0]
        # relative: both round a few times
        assert abs(computed - by_hand) <= 4 * EPS * by_hand
        print(f"one {name} unit, weights 1, x = 2: (4.8) = "
              f"{computed / EPS:.2f}ε = {computed:.1e}")
    # --8<-- [end:demo_bound_by_hand]

    # --8<-- [start:demo_small_network]
    import math

    rng = np.random.default_rng(4)
    D, M, K = 2, 3, 2
    # column 0: biases w1_{j0}
    W1 = rng.integers(-4, 5, size=(M, D + 1)).astype(float)
    # column 0: biases w2_{k0}
    W2 = rng.integers(-4, 5, size=(K, M + 1)).astype(float)
    V1, V2 = sigmoid_to_tanh(W1, W2)
    print(f"sigmoid, Theta:  W1  = {W1.tolist()}\n"
          f"                 W2  = {W2.tolist()}")
    print(f"tanh, Theta':    W1' = {V1.tolist()}\n"
          f"                 W2' = {V2.tolist()}")
    X = rng.normal(size=(5, D))
    # (4.1) term by term in plain Python with math.exp: a reference independent
    # of the array code
    reference = np.array([[W2[k, 0] + sum(
        W2[k, j] / (1 + math.exp(-(W1[j - 1, 0] + sum(W1[j - 1, i] * x[i - 1]
                                                       for i in range(1, D + 1)))))
        for j in range(1, M + 1)) for k in range(K)] for x in X])
    gap_sigmoid = np.max(np.abs(two_layer_network(X, W1, W2, sigmoid) - reference))
    gap_tanh = np.max(np.abs(two_layer_network(X, V1, V2, np.tanh) - reference))
    # (4.8) for the reference (the same sums in another order) and for each
    # network; the tanh network also carries its rounded output biases
    bound_reference = network_error_bound(X, W1, W2, slope=1 / 4)
    bound_sigmoid = np.max(2 * bound_reference)
    bound_tanh = np.max(bound_reference + bias_error_bound(W2)
                        + network_error_bound(X, V1, V2, slope=1))
    print("max |y(x, Theta, sigma) - (4.1) term by term| <= "
          f"{bound_sigmoid:.1e}  (4.8)")
    print("max |y(x, Theta', tanh) - (4.1) term by term| <= "
          f"{bound_tanh:.1e}  (4.8)")
    back1, back2 = tanh_to_sigmoid(V1, V2)
    print("tanh -> sigmoid (4.6) gives Theta back exactly:",
          np.array_equal(back1, W1) and np.array_equal(back2, W2))
    assert gap_sigmoid <= bound_sigmoid and gap_tanh <= bound_tanh
    # halves of small integers and their sums: exact
    assert np.array_equal(back1, W1) and np.array_equal(back2, W2)
    # --8<-- [end:demo_small_network]

    # --8<-- [start:demo_random_networks]
    rng = np.random.default_rng(2019)
    print("  D    M   K   inputs   max|y_sigma - y_tanh|   round trip: bias error")
    for D, M, K in [(1, 1, 1), (3, 1, 4), (2, 3, 2), (5, 10, 3), (20, 50, 10),
                    (100, 200, 1)]:
        W1 = rng.normal(scale=2.0, size=(M, D + 1))
        W2 = rng.normal(scale=2.0, size=(K, M + 1))
        X = rng.normal(scale=3.0, size=(2000, D))
        V1, V2 = sigmoid_to_tanh(W1, W2)
        y_sigmoid = two_layer_network(X, W1, W2, sigmoid)
        y_tanh = two_layer_network(X, V1, V2, np.tanh)
        # (4.8) for each network, plus the rounded output biases of V2
        bound = (network_error_bound(X, W1, W2, slope=1 / 4) + bias_error_bound(W2)
                 + network_error_bound(X, V1, V2, slope=1))
        assert np.all(np.abs(y_sigmoid - y_tanh) <= bound)
        # the reverse direction too: a tanh network equals the sigmoid network
        # it maps to
        S1, S2 = tanh_to_sigmoid(V1, V2)
        bound_reverse = (network_error_bound(X, S1, S2, slope=1 / 4)
                         + bias_error_bound(V2)
                         + network_error_bound(X, V1, V2, slope=1))
        y_back = two_layer_network(X, S1, S2, sigmoid)
        assert np.all(np.abs(y_tanh - y_back) <= bound_reverse)
        # round trip: halving then doubling is exact; only the biases round,
        # once each way
        assert np.array_equal(S1, W1) and np.array_equal(S2[:, 1:], W2[:, 1:])
        bound_trip = bias_error_bound(W2) + bias_error_bound(V2)
        assert np.all(np.abs(S2[:, 0] - W2[:, 0]) <= bound_trip)
        worst, trip = np.max(bound), np.max(bound_trip)
        print(f"{D:3} {M:4} {K:3} {X.shape[0]:7}   "
              f"{'<= %.1e' % worst:>21}   {'<= %.1e' % trip:>25}")
    # --8<-- [end:demo_random_networks]

    # --8<-- [start:demo_matrix_form]
    rng = np.random.default_rng(7)
    D, M, K = 4, 3, 2
    W1, W2 = rng.normal(size=(M, D + 1)), rng.normal(size=(K, M + 1))
    A = output_mixing_matrix(M)
    print("A =\n", A)
    U1, U2 = sigmoid_to_tanh_matrix_form(W1, W2)
    V1, V2 = sigmoid_to_tanh(W1, W2)
    print(f"shapes: W1 {W1.shape} -> W1/2 {U1.shape};  "
          f"W2 {W2.shape} @ A {A.shape} -> {U2.shape}")
    # products by 1/2, 1 and 0 are exact: only the output biases (column 0)
    # are sums that round, each within bias_error_bound(W2)
    exact = np.array_equal(U1, V1) and np.array_equal(U2[:, 1:], V2[:, 1:])
    bound_bias = 2 * np.max(bias_error_bound(W2))
    print("W1/2 and columns 1.. of W2 A equal (4.5) exactly:", exact)
    print(f"output biases: max |W2 A - (4.5)| <= {bound_bias:.1e}")
    X = rng.normal(size=(1000, D))
    net_gap = np.abs(two_layer_network(X, U1, U2, np.tanh)
                     - two_layer_network(X, W1, W2, sigmoid))
    bound_net = (network_error_bound(X, U1, U2, slope=1) + bias_error_bound(W2)
                 + network_error_bound(X, W1, W2, slope=1 / 4))
    print("max |y(x, (W1/2, W2 A), tanh) - y(x, Theta, sigma)| <= "
          f"{np.max(bound_net):.1e}  (4.8)")
    A_inv = np.block([[np.ones((1, 1)), np.zeros((1, M))],
                      [-np.ones((M, 1)), 2 * np.eye(M)]])
    print("A times the inverse written in the text is I:",
          np.array_equal(A @ A_inv, np.eye(M + 1)))
    # both layers in one matrix: diag(W1, W2) diag(I/2, A) = diag(W1', W2');
    # the zero blocks add nothing, so only the output biases round
    Z = np.zeros
    Theta = np.block([[W1, Z((M, M + 1))], [Z((K, D + 1)), W2]])
    R = np.block([[np.eye(D + 1) / 2, Z((D + 1, M + 1))],
                  [Z((M + 1, D + 1)), A]])
    expected = np.block([[V1, Z((M, M + 1))], [Z((K, D + 1)), V2]])
    stacked_gap = np.abs(Theta @ R - expected)
    bias = D + 1  # the column of the output biases
    print("one matrix: diag(W1, W2) diag(I/2, A) = diag(W1', W2') exactly "
          "off the biases:", not np.any(np.delete(stacked_gap, bias, axis=1)))
    assert exact and np.all(np.abs(U2[:, 0] - V2[:, 0]) <= bound_bias)
    assert np.all(net_gap <= bound_net)
    assert np.array_equal(A @ A_inv, np.eye(M + 1))
    assert not np.any(np.delete(stacked_gap, bias, axis=1))
    assert np.all(stacked_gap[:, bias] <= bound_bias)
    # --8<-- [end:demo_matrix_form]

    # --8<-- [start:demo_double_count]
    rng = np.random.default_rng(5)
    W1, W2 = rng.normal(size=(3, 3)), rng.normal(size=(2, 4))
    X = rng.normal(size=(1000, 2))
    V1, V2 = sigmoid_to_tanh(W1, W2)
    wrong = V2.copy()
    # sum from j = 0: the bias is counted 3/2 times
    wrong[:, 0] = W2[:, 0] + W2.sum(axis=1) / 2
    error = (two_layer_network(X, V1, wrong, np.tanh)
             - two_layer_network(X, W1, W2, sigmoid))
    print("sum from j = 0: error at 2 of the inputs =",
          np.round(error[:2], 6).tolist())
    print("half the output biases, W2[:, 0] / 2      =",
          np.round(W2[:, 0] / 2, 6).tolist())
    # (4.8) for both networks, the rounded biases of `wrong` (sums of the same
    # terms) and the final subtraction (eps |W2[:, 0]| / 2 at most)
    bound = (network_error_bound(X, V1, wrong, slope=1) + bias_error_bound(W2)
             + network_error_bound(X, W1, W2, slope=1 / 4)
             + np.finfo(float).eps * np.abs(W2[:, 0]))
    print(f"at all {X.shape[0]} inputs: |error - W2[:, 0] / 2| <= "
          f"{np.max(bound):.1e}  (rounding, (4.8))")
    assert np.all(np.abs(error - W2[:, 0] / 2) <= bound)
    # --8<-- [end:demo_double_count]

    # --8<-- [start:demo_other_solutions]
    rng = np.random.default_rng(11)
    D, M, K = 3, 4, 2
    W1, W2 = rng.normal(size=(M, D + 1)), rng.normal(size=(K, M + 1))
    V1, V2 = sigmoid_to_tanh(W1, W2)
    X = rng.normal(size=(1000, D))
    y = two_layer_network(X, W1, W2, sigmoid)
    # tanh is odd: flip the sign of hidden unit 2 (its inputs, bias and outgoing
    # weights) ...
    F1, F2 = V1.copy(), V2.copy()
    F1[1] *= -1
    F2[:, 2] *= -1
    # ... and list the hidden units in another order (rows of W1, columns 1.. of W2)
    perm = np.array([2, 0, 3, 1])
    P1, P2 = F1[perm], np.hstack([F2[:, :1], F2[:, 1:][:, perm]])
    flip_gap = np.abs(two_layer_network(X, P1, P2, np.tanh) - y)
    # (4.8) for both networks, plus the rounded output biases of V2
    flip_bound = (network_error_bound(X, P1, P2, slope=1) + bias_error_bound(W2)
                  + network_error_bound(X, W1, W2, slope=1 / 4))
    print(f"sign flip + permutation: max |difference| <= {np.max(flip_bound):.1e}"
          "  (4.8)")
    # a degenerate network: two hidden units with the same incoming weights and bias
    E1 = np.array([[0.3, 1.2], [0.3, 1.2]])  # D = 1, M = 2
    x = np.linspace(-5, 5, 1001)[:, None]
    outgoing = {w: np.array([[0.2, *w]]) for w in [(0.5, 1.0), (7.5, -6.0),
                                                     (0.5, 1.1)]}
    y_a, y_b, y_c = (two_layer_network(x, E1, W, np.tanh) for W in outgoing.values())
    bound = np.max(sum(network_error_bound(x, E1, W, slope=1)
                       for W in outgoing.values()))
    print("equal hidden units, outgoing (0.5, 1.0) vs (7.5, -6.0): "
          f"max |difference| <= {bound:.1e}  (4.8)")
    # a real difference, for contrast: 0.1 tanh(1.2 x + 0.3), largest at x = 5
    print("(0.5, 1.0) vs (0.5, 1.1), whose sums differ: max |difference| = "
          f"{np.max(np.abs(y_a - y_c)):.4f}")
    assert np.all(flip_gap <= flip_bound)
    assert np.max(np.abs(y_a - y_b)) <= bound
    assert abs(np.max(np.abs(y_a - y_c)) - 0.1 * math.tanh(6.3)) <= bound
    # --8<-- [end:demo_other_solutions]

    # --8<-- [start:demo_bad_input]
    import numpy as np


    def expect_value_error(reason, function, *args, **kwargs):
        """Call function(*args, **kwargs); print the ValueError it raises; fail if it raises
        none, or one whose message does not contain `reason`."""
        try:
            function(*args, **kwargs)
        except ValueError as error:
            print(f"ValueError: {error}")
            assert reason in str(error), f"expected {reason!r} in the message"
            return
        raise AssertionError(f"{function.__name__} accepted bad input {args!r} {kwargs!r}")


    # W2 has M columns: its bias column is missing
    expect_value_error("W2 must be K x (M+1)", sigmoid_to_tanh,
                       np.ones((3, 3)), np.ones((2, 3)))
    # W1 without a weight column (D = 0)
    expect_value_error("W1 must be M x (D+1) with D >= 1", sigmoid_to_tanh,
                       np.ones((3, 1)), np.ones((2, 4)))
    # a nan weight
    expect_value_error("finite", tanh_to_sigmoid, np.ones((3, 3)), np.full((2, 4), np.nan))
    # inputs with 3 features for a network with D = 2
    expect_value_error("X must be N x D", two_layer_network,
                       np.ones((5, 3)), np.ones((3, 3)), np.ones((2, 4)), np.tanh)
    # a nan input
    expect_value_error("X must contain only finite numbers", two_layer_network,
                       np.array([[0.0, np.nan]]), np.ones((3, 3)), np.ones((2, 4)), np.tanh)
    # --8<-- [end:demo_bad_input]
