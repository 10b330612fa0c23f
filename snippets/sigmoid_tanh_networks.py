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


if __name__ == "__main__":
    # --8<-- [start:demo_identities]
    import numpy as np

    x = np.linspace(-20, 20, 4001)
    # the definition, not the module's sigmoid
    sigma = lambda t: 1 / (1 + np.exp(-t))
    gap_tanh = np.max(np.abs(np.tanh(x) - (2 * sigma(2 * x) - 1)))
    gap_sigma = np.max(np.abs(sigma(x) - (np.tanh(x / 2) + 1) / 2))
    print(f"max |tanh(x) - (2 sigma(2x) - 1)|     on [-20, 20]: {gap_tanh:.1e}")
    print(f"max |sigma(x) - (tanh(x/2) + 1) / 2| on [-20, 20]: {gap_sigma:.1e}")
    assert gap_tanh < 1e-15 and gap_sigma < 1e-15
    # --8<-- [end:demo_identities]

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
    y_sigmoid = two_layer_network(X, W1, W2, sigmoid)
    y_tanh = two_layer_network(X, V1, V2, np.tanh)
    print(f"max |y(x, Theta, sigma) - (4.1) term by term| = "
          f"{np.max(np.abs(y_sigmoid - reference)):.1e}")
    print(f"max |y(x, Theta', tanh) - (4.1) term by term| = "
          f"{np.max(np.abs(y_tanh - reference)):.1e}")
    back1, back2 = tanh_to_sigmoid(V1, V2)
    print("tanh -> sigmoid (4.6) gives Theta back exactly:",
          np.array_equal(back1, W1) and np.array_equal(back2, W2))
    assert (np.max(np.abs(y_sigmoid - reference)) < 1e-13
            and np.max(np.abs(y_tanh - reference)) < 1e-13)
    # halves of integers: exact
    assert np.array_equal(back1, W1) and np.array_equal(back2, W2)
    # --8<-- [end:demo_small_network]

    # --8<-- [start:demo_random_networks]
    rng = np.random.default_rng(2019)
    print("  D    M   K   inputs   max|y_sigma - y_tanh|   round trip max|dTheta|")
    for D, M, K in [(1, 1, 1), (2, 3, 2), (5, 10, 3), (20, 50, 10), (100, 200, 1)]:
        W1 = rng.normal(scale=2.0, size=(M, D + 1))
        W2 = rng.normal(scale=2.0, size=(K, M + 1))
        X = rng.normal(scale=3.0, size=(2000, D))
        V1, V2 = sigmoid_to_tanh(W1, W2)
        worst = np.max(np.abs(two_layer_network(X, W1, W2, sigmoid)
                              - two_layer_network(X, V1, V2, np.tanh)))
        S1, S2 = tanh_to_sigmoid(V1, V2)
        # the reverse direction too: a tanh network equals the sigmoid network it
        # maps to
        worst_reverse = np.max(np.abs(two_layer_network(X, V1, V2, np.tanh)
                                      - two_layer_network(X, S1, S2, sigmoid)))
        round_trip = max(np.max(np.abs(S1 - W1)), np.max(np.abs(S2 - W2)))
        print(f"{D:3} {M:4} {K:3} {X.shape[0]:7}   {worst:21.1e}   "
              f"{round_trip:22.1e}")
        assert worst < 1e-12 and worst_reverse < 1e-12 and round_trip < 1e-12
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
    gap = max(np.max(np.abs(U1 - V1)), np.max(np.abs(U2 - V2)))
    X = rng.normal(size=(1000, D))
    net_gap = np.max(np.abs(two_layer_network(X, U1, U2, np.tanh)
                            - two_layer_network(X, W1, W2, sigmoid)))
    print(f"max |matrix form - entry formulas (4.5)| = {gap:.1e}")
    print(f"max |y(x, (W1/2, W2 A), tanh) - y(x, Theta, sigma)| = {net_gap:.1e}")
    A_inv = np.block([[np.ones((1, 1)), np.zeros((1, M))],
                      [-np.ones((M, 1)), 2 * np.eye(M)]])
    print("A times the inverse written in the text is I:",
          np.array_equal(A @ A_inv, np.eye(M + 1)))
    # both layers in one matrix: diag(W1, W2) diag(I/2, A) = diag(W1', W2')
    Z = np.zeros
    Theta = np.block([[W1, Z((M, M + 1))], [Z((K, D + 1)), W2]])
    R = np.block([[np.eye(D + 1) / 2, Z((D + 1, M + 1))], [Z((M + 1, D + 1)), A]])
    stacked_gap = np.max(np.abs(Theta @ R - np.block([[V1, Z((M, M + 1))],
                                                      [Z((K, D + 1)), V2]])))
    print(f"one matrix: max |diag(W1, W2) diag(I/2, A) - diag(W1', W2')| = "
          f"{stacked_gap:.1e}")
    assert gap < 1e-15 and net_gap < 1e-12 and stacked_gap < 1e-15
    assert np.array_equal(A @ A_inv, np.eye(M + 1))
    # --8<-- [end:demo_matrix_form]

    # --8<-- [start:demo_double_count]
    rng = np.random.default_rng(5)
    W1, W2 = rng.normal(size=(3, 3)), rng.normal(size=(2, 4))
    X = rng.normal(size=(1000, 2))
    V1, V2 = sigmoid_to_tanh(W1, W2)
    wrong = V2.copy()
    # sum from j = 0: the bias is counted 3/2 times
    wrong[:, 0] = W2[:, 0] + W2.sum(axis=1) / 2
    error = two_layer_network(X, V1, wrong, np.tanh) - two_layer_network(X, W1, W2, sigmoid)
    print("sum from j = 0: error at 2 of the inputs =", np.round(error[:2], 6).tolist())
    print("half the output biases, W2[:, 0] / 2      =", np.round(W2[:, 0] / 2, 6).tolist())
    # the same at all 1000 inputs
    assert np.allclose(error, W2[:, 0] / 2, rtol=0, atol=1e-12)
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
    flip_gap = np.max(np.abs(two_layer_network(X, P1, P2, np.tanh) - y))
    print(f"sign flip + permutation: max |difference| = {flip_gap:.1e}")
    # a degenerate network: two hidden units with the same incoming weights and bias
    E1 = np.array([[0.3, 1.2], [0.3, 1.2]])  # D = 1, M = 2
    x = np.linspace(-5, 5, 1001)[:, None]
    y_a = two_layer_network(x, E1, np.array([[0.2, 0.5, 1.0]]), np.tanh)
    y_b = two_layer_network(x, E1, np.array([[0.2, 7.5, -6.0]]), np.tanh)
    print(f"equal hidden units, outgoing (0.5, 1.0) vs (7.5, -6.0): max |difference| = "
          f"{np.max(np.abs(y_a - y_b)):.1e}")
    assert flip_gap < 1e-12 and np.max(np.abs(y_a - y_b)) < 1e-13
    # --8<-- [end:demo_other_solutions]

    # --8<-- [start:demo_bad_input]
    import numpy as np


    def expect_value_error(reason, function, *args):
        """Call function(*args); print the ValueError it raises; fail if it raises none, or
        one whose message does not contain `reason`."""
        try:
            function(*args)
        except ValueError as error:
            print(f"{function.__name__}: ValueError: {error}")
            assert reason in str(error), f"expected {reason!r} in the message"
            return
        raise AssertionError(f"{function.__name__} accepted bad input {args!r}")


    expect_value_error("W2 must be K x (M+1)", sigmoid_to_tanh,
                       np.ones((3, 3)), np.ones((2, 3)))
    expect_value_error("finite", tanh_to_sigmoid, np.ones((3, 3)), np.full((2, 4), np.nan))
    expect_value_error("X must be N x D", two_layer_network,
                       np.ones((5, 3)), np.ones((3, 3)), np.ones((2, 4)), np.tanh)
    # --8<-- [end:demo_bad_input]
