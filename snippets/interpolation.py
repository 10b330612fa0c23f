"""Question 5: a two-layer network with N - 1 hidden units interpolates any N points.

Shapes (rows are samples): inputs X is N x n, targets F is N x m; the network has
W1 ((N-1) x n), b1 (N-1,), W2 (m x (N-1)), b2 (m,) and computes
y(x) = W2 phi(W1 x + b1) + b2. Sections between ``--8<--`` markers are shown on
``docs/q5-interpolation.md``.
"""

# --8<-- [start:network]
import numpy as np


def relu(t):
    return np.maximum(t, 0.0)


def sigmoid(t):
    """Logistic sigmoid 1 / (1 + exp(-t)), written so that exp never overflows."""
    t = np.asarray(t, dtype=float)
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def two_layer_network(X, W1, b1, W2, b2, phi):
    """y(x) = W2 phi(W1 x + b1) + b2 for every row x of X (N x n); returns N x m."""
    X, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, W1, b1, W2, b2))
    if W1.ndim != 2:
        raise ValueError(f"W1 must be a 2-D array (h x n), got shape {W1.shape}")
    hidden, n = W1.shape
    if X.ndim != 2 or X.shape[1] != n:
        raise ValueError(f"X must be N x n = N x {n}, got shape {X.shape}")
    if (b1.shape != (hidden,) or W2.ndim != 2 or W2.shape[1] != hidden
            or b2.shape != W2.shape[:1]):
        raise ValueError(
            f"shapes do not fit: W1 {W1.shape}, b1 {b1.shape}, "
            f"W2 {W2.shape}, b2 {b2.shape}; "
            f"need W1 (h, n), b1 (h,), W2 (m, h), b2 (m,)"
        )
    return phi(X @ W1.T + b1) @ W2.T + b2
# --8<-- [end:network]


# --8<-- [start:matrix]
import numpy as np


def interpolation_matrix(X, W1, b1, phi):
    """The N x N matrix M of M W~ = F: row i is [phi(W1 x_i + b1)^T, 1]."""
    X = np.asarray(X, dtype=float)
    hidden = phi(X @ np.asarray(W1, dtype=float).T
                 + np.asarray(b1, dtype=float))
    return np.hstack([hidden, np.ones((X.shape[0], 1))])


def solve_output_layer(M, F, max_cond=1e10):
    """Solve M W~ = F with W~ = [W2, b2]^T (N x m); return W2 (m x (N-1)) and
    b2 (m,).

    Raise ValueError when M is so ill-conditioned that the solution would not
    interpolate to useful accuracy in floating point (pass max_cond=np.inf to
    skip the check).
    """
    cond = np.linalg.cond(M)
    if not cond <= max_cond:  # also catches cond = inf or nan
        raise ValueError(
            f"the matrix M is too ill-conditioned to interpolate accurately "
            f"(cond(M) = {cond:.1e} > max_cond = {max_cond:.0e})"
        )
    W_tilde = np.linalg.solve(M, F)
    return W_tilde[:-1].T, W_tilde[-1]
# --8<-- [end:matrix]


# --8<-- [start:checks]
import numpy as np


def check_data(X, F):
    """Return X (N x n) and F (N x m) as float arrays; raise ValueError on bad input."""
    X = np.asarray(X, dtype=float)
    F = np.asarray(F, dtype=float)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(
            "X must be a 2-D array of N >= 1 points in R^n (N x n), "
            f"got shape {X.shape}"
        )
    if F.ndim != 2 or F.shape[1] < 1:
        raise ValueError(
            f"F must be a 2-D array of targets (N x m), got shape {F.shape}"
        )
    if F.shape[0] != X.shape[0]:
        raise ValueError(
            f"X has {X.shape[0]} points but F has {F.shape[0]} targets (rows)"
        )
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(F))):
        raise ValueError("X and F must contain only finite numbers (no nan or inf)")
    _, first, counts = np.unique(X, axis=0, return_index=True, return_counts=True)
    if np.any(counts > 1):
        i = first[np.argmax(counts > 1)]
        j = [r for r in range(X.shape[0]) if r != i and np.array_equal(X[r], X[i])][0]
        raise ValueError(f"duplicate input points: rows {i} and {j} of X are equal")
    return X, F


def projection_order(X, w, min_relative_gap=1e-10):
    """Projections p = X w sorted in DECREASING order: (order, p_sorted, gaps).

    gaps[j] = p_sorted[j] - p_sorted[j + 1] > 0. Raise ValueError when two projections
    coincide, or differ by less than min_relative_gap * |w| max_i |x_i| (the scale of
    the rounding errors in w.x): then they are not reliably distinct in floating point.
    """
    X, w = np.asarray(X, dtype=float), np.asarray(w, dtype=float)
    p = X @ w
    order = np.argsort(-p, kind="stable")
    p_sorted = p[order]
    gaps = p_sorted[:-1] - p_sorted[1:]
    scale = np.linalg.norm(w) * np.max(np.linalg.norm(X, axis=1))
    if gaps.size and not gaps.min() > min_relative_gap * scale:
        raise ValueError(
            f"the projections w.x of the points are not distinct enough "
            f"(smallest gap {gaps.min():.1e}, scale |w| max|x| = {scale:.1e})"
        )
    return order, p_sorted, gaps


def random_direction(X, seed=0, max_tries=20):
    """A Gaussian random w whose projections w.x_i are distinct (probability 1 per
    draw)."""
    rng = np.random.default_rng(seed)
    for _ in range(max_tries):
        w = rng.normal(size=np.shape(X)[1])
        try:
            projection_order(X, w)
            return w
        except ValueError:
            continue
    raise ValueError(
        f"no direction out of {max_tries} random draws separates the projections "
        f"of the points: some input points are duplicates or near-duplicates"
    )


def check_activation(phi, far=-1e6):
    """Reject an activation that visibly violates the hypotheses: phi(0) > 0,
    phi(-inf) = 0.

    Only a heuristic: phi(-inf) = 0 is tested at the single point `far`, so a phi that
    tends to 0 very slowly is wrongly rejected; rescale its argument in that case.
    """
    at_zero, at_far = float(phi(np.array(0.0))), float(phi(np.array(far)))
    if not (np.isfinite(at_zero) and at_zero > 0):
        raise ValueError(f"phi(0) must be > 0, got phi(0) = {at_zero!r}")
    if not (np.isfinite(at_far) and abs(at_far) <= 1e-6 * at_zero):
        raise ValueError(f"phi(-inf) must be 0, but phi({far:g}) = {at_far!r}")


def random_sorted_problem(N, m, seed):
    """N seeded random points in R^2 with targets in R^m, a unit direction u whose
    projections are distinct, and those projections sorted:
    (X, F, u, order, q, gaps)."""
    rng = np.random.default_rng(seed)
    X, F = rng.normal(size=(N, 2)), rng.normal(size=(N, m))
    u = random_direction(X, seed=seed)
    u = u / np.linalg.norm(u)
    order, q, gaps = projection_order(X, u)
    return X, F, u, order, q, gaps
# --8<-- [end:checks]


# --8<-- [start:relu]
import numpy as np


def relu_matrix(p_sorted, eps):
    """M_ij = ReLU(p_i - p_j + eps_j) for j <= N-1, last column ones
    (p in any order)."""
    p = np.asarray(p_sorted, dtype=float)
    eps = np.broadcast_to(np.asarray(eps, dtype=float), (p.size - 1,))
    return np.hstack([relu(p[:, None] - p[None, :-1] + eps),
                      np.ones((p.size, 1))])


def interpolate_relu(X, F, eps=None, w=None, seed=0, per_unit=False,
                     max_cond=1e10):
    """ReLU network with N - 1 hidden units and y(x_i) = f_i exactly; returns
    W1, b1, W2, b2.

    Sort the points so that p_1 > ... > p_N (p_i = w.x_i). Hidden unit j sits
    at point j: W1 row j = w, b1_j = -p_j + eps, for j = 1..N-1; the point with
    the smallest projection gets no unit. M is then upper triangular with
    diagonal (eps, ..., eps, 1) exactly when 0 < eps <= delta_min, the smallest
    gap between consecutive sorted projections. eps=None takes eps = delta_min.
    per_unit=True uses eps_j = p_j - p_{j+1} instead (the largest value each
    unit allows; much better conditioned for many points).
    """
    X, F = check_data(X, F)
    w = random_direction(X, seed) if w is None else np.asarray(w, dtype=float)
    if w.shape != (X.shape[1],):
        raise ValueError(f"w must have shape ({X.shape[1]},), got {w.shape}")
    order, p, gaps = projection_order(X, w)
    delta_min = gaps.min() if gaps.size else np.inf
    if per_unit:
        if eps is not None:
            raise ValueError("give either eps or per_unit=True, not both")
        eps = gaps
    elif eps is None:
        eps = delta_min if gaps.size else 1.0
    elif not (np.isfinite(eps) and 0 < eps <= delta_min):
        raise ValueError(
            f"eps must satisfy 0 < eps <= delta_min = {delta_min:.6g} "
            f"(smallest gap between sorted projections), got eps = {eps!r}"
        )
    W1 = np.tile(w, (X.shape[0] - 1, 1))  # N-1 copies of w
    b1 = -p[:-1] + eps
    M = interpolation_matrix(X[order], W1, b1, relu)
    W2, b2 = solve_output_layer(M, F[order], max_cond)
    return W1, b1, W2, b2
# --8<-- [end:relu]


# --8<-- [start:sigmoid_like]
import math

import numpy as np


def wobbly_sigmoid(t):
    """sigma(t) (1 + sin(t) / 2): continuous, 0 < phi <= 3/2, phi(0) = 1/2,
    phi(-inf) = 0, and NO limit at +inf (it keeps oscillating between
    about 1/2 and 3/2)."""
    return sigmoid(t) * (1.0 + 0.5 * np.sin(t))


def sigmoid_like_matrix(q_sorted, lam, phi):
    """M(lam)_ij = phi(lam (q_i - q_j)) for j <= N-1, last column ones
    (q decreasing)."""
    q = np.asarray(q_sorted, dtype=float)
    return np.hstack([phi(lam * (q[:, None] - q[None, :-1])),
                      np.ones((q.size, 1))])


def interpolate_sigmoid_like(X, F, phi, lam, u=None, seed=0, max_cond=1e10):
    """Network with activation phi, N - 1 hidden units, y(x_i) = f_i; returns
    W1, b1, W2, b2.

    w = lam u with a unit vector u, b1_j = -lam u.x_j for the points sorted by
    decreasing u.x. The output layer solves M(lam) W~ = F with M(lam) itself
    (not its limit).
    """
    X, F = check_data(X, F)
    check_activation(phi)
    if not (np.isfinite(lam) and lam > 0):
        raise ValueError(f"lam must be a finite number > 0, got lam = {lam!r}")
    u = random_direction(X, seed) if u is None else np.asarray(u, dtype=float)
    if u.shape != (X.shape[1],) or not np.linalg.norm(u) > 0:
        raise ValueError(
            f"u must be a non-zero vector of shape ({X.shape[1]},), got {u!r}"
        )
    u = u / np.linalg.norm(u)
    order, q, _ = projection_order(X, u)
    W1 = np.tile(lam * u, (X.shape[0] - 1, 1))
    b1 = -lam * q[:-1]
    M = interpolation_matrix(X[order], W1, b1, phi)
    W2, b2 = solve_output_layer(M, F[order], max_cond)
    return W1, b1, W2, b2
# --8<-- [end:sigmoid_like]


# --8<-- [start:lambda0]
import math


def sufficient_lambda(N, delta_min, phi0, bound, tail):
    """The lambda_0 of (5.12): det M(lam) >= phi0^(N-1) / 2 > 0 for every
    lam >= lambda_0.

    Valid when |phi| <= bound everywhere and |phi(s)| <= tail * exp(s) for s <= 0.
    From the Leibniz expansion: each of the N! - 1 non-identity terms is at most
    C^(N-1) eta with C = max(bound, 1) and eta = tail * exp(-lam delta_min).
    Both hypotheses at s = 0 give phi0 <= bound and phi0 <= tail; then the argument of
    the log is at least 2 (N! - 1) >= 2, so lambda_0 >= log(2) / delta_min > 0.
    """
    if not (phi0 > 0 and delta_min > 0):
        raise ValueError(
            f"need phi0 > 0 and delta_min > 0, got phi0 = {phi0!r}, "
            f"delta_min = {delta_min!r}"
        )
    if not (bound >= phi0 and tail >= phi0):
        raise ValueError(
            f"inconsistent constants: |phi| <= bound and |phi(s)| <= tail e^s at s = 0 "
            f"need bound >= phi(0) and tail >= phi(0), got bound = {bound!r}, "
            f"tail = {tail!r}, phi(0) = {phi0!r}"
        )
    if N < 2:
        return 0.0
    C = max(bound, 1.0)
    log_terms = math.log(2 * (math.factorial(N) - 1)) + (N - 1) * math.log(C / phi0)
    return (log_terms + math.log(tail)) / delta_min
# --8<-- [end:lambda0]


if __name__ == "__main__":
    # --8<-- [start:demo_reduction]
    import math

    rng = np.random.default_rng(0)
    N, n, m = 5, 3, 2
    X = rng.normal(size=(N, n))
    w = rng.normal(size=n)
    W1 = np.tile(w, (N - 1, 1))  # every row of W1 is w^T
    b1, W2, b2 = (rng.normal(size=N - 1), rng.normal(size=(m, N - 1)),
                  rng.normal(size=m))
    W_tilde = np.vstack([W2.T, b2])  # [W2, b2]^T
    print(f"N = {N}, n = {n}, m = {m}: W1 {W1.shape}, b1 {b1.shape}, "
          f"W2 {W2.shape}, b2 {b2.shape}")
    for name, phi, phi_scalar in [
            ("ReLU", relu, lambda t: max(t, 0.0)),
            ("sigmoid", sigmoid, lambda t: 1 / (1 + math.exp(-t)))]:
        M = interpolation_matrix(X, W1, b1, phi)
        # references in plain Python: (5.4) entry by entry, and (5.1) term by term
        M_ref = np.array([[phi_scalar(sum(w[l] * X[i, l] for l in range(n)) + b1[j])
                           for j in range(N - 1)]
                          + [1.0] for i in range(N)])
        y_ref = np.array([[sum(W2[k, j] * phi_scalar(sum(W1[j, l] * X[i, l]
                                                         for l in range(n)) + b1[j])
                               for j in range(N - 1)) + b2[k] for k in range(m)]
                          for i in range(N)])
        gaps = [np.max(np.abs(M - M_ref)), np.max(np.abs(M_ref @ W_tilde - y_ref)),
                np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, phi) - y_ref))]
        print(f"{name:7}: M {M.shape}, W~ {W_tilde.shape};  "
              f"max |M - (5.4)| = {gaps[0]:.1e}\n"
              f"         max |(5.4) W~ - (5.1)| = {gaps[1]:.1e},  "
              f"max |y(X) - (5.1)| = {gaps[2]:.1e}")
        assert max(gaps) < 1e-13
    # --8<-- [end:demo_reduction]

    # --8<-- [start:demo_xor]
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    F = np.array([[0.0], [1.0], [1.0], [0.0]])  # XOR
    w = np.array([1.0, 2.0])  # projections 0, 2, 1, 3: distinct
    order, p, gaps = projection_order(X, w)
    W1, b1, W2, b2 = interpolate_relu(X, F, eps=gaps.min(), w=w)
    M = interpolation_matrix(X[order], W1, b1, relu)
    Y = two_layer_network(X, W1, b1, W2, b2, relu)
    print("sorted projections p =", p.tolist(), "  gaps =", gaps.tolist())
    print("M (points sorted by decreasing w.x) =\n", M)
    print("b1 =", b1.tolist(), "  W2 =", W2.tolist(), "  b2 =", b2.tolist())
    print("y(X) =", Y.ravel().tolist(), "  F =", F.ravel().tolist())
    # the hand computation (5.8)
    assert p.tolist() == [3, 2, 1, 0] and b1.tolist() == [-2, -1, 0]
    assert np.array_equal(M, [[1, 2, 3, 1], [0, 1, 2, 1],
                              [0, 0, 1, 1], [0, 0, 0, 1]])
    assert np.allclose(W2, [[-1, -1, 1]], rtol=0, atol=1e-15) and abs(b2[0]) < 1e-15
    assert np.array_equal(Y, F)
    for seed in range(3):  # random directions work too
        W1, b1, W2, b2 = interpolate_relu(X, F, seed=seed)
        residual = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))
        print(f"random w = {np.round(W1[0], 3)}: {W1.shape[0]} hidden units, "
              f"max |y(X) - F| = {residual:.1e}")
        assert W1.shape == (3, 2) and residual < 1e-14
    # --8<-- [end:demo_xor]

    # --8<-- [start:demo_random]
    print("  N  n  m  Delta_min  cond(M)  max|y(X)-F|  "
          "triangular, diag (eps,..,eps, 1)")
    for seed, (N, n, m) in enumerate([(2, 1, 1), (5, 2, 3), (8, 3, 2), (10, 5, 1)]):
        rng = np.random.default_rng(seed)
        X, F = rng.normal(size=(N, n)), rng.normal(size=(N, m))
        w = random_direction(X, seed)
        order, p, gaps = projection_order(X, w)
        eps = gaps.min()
        W1, b1, W2, b2 = interpolate_relu(X, F, eps=eps, w=w)
        M = interpolation_matrix(X[order], W1, b1, relu)
        residual = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))
        shape_ok = (np.all(np.tril(M, -1) == 0)
                    and np.allclose(np.diag(M), [eps] * (N - 1) + [1], rtol=1e-12))
        print(f"{N:3}{n:3}{m:3}  {eps:9.3g}  {np.linalg.cond(M):7.1e}  "
              f"{residual:11.1e}  {shape_ok}")
        assert shape_ok and residual < 1e-9
    # --8<-- [end:demo_random]

    # --8<-- [start:demo_limit]
    q = np.array([1.2, 0.5, 0.0, -0.9])  # decreasing, Delta_min = 0.5
    N, gap = q.size, 0.5
    print(f"q = {q.tolist()}, Delta_min = Dmin = {gap}")
    # (bound, tail) with |phi| <= bound and |phi(s)| <= tail e^s for s <= 0
    for name, phi, bound, tail in [("sigmoid", sigmoid, 1.0, 1.0),
                                   ("wobbly sigmoid", wobbly_sigmoid, 1.5, 1.5)]:
        phi0 = float(phi(np.array(0.0)))
        print(f"{name}: phi(0)^(N-1) = {phi0 ** (N - 1):.6f}\n"
              "   lam  max|below|  A e^(-lam Dmin)  |det M - phi(0)^3|"
              "   (5.11)  M[0, 1]")
        for lam in [1.0, 10.0, 20.0, 40.0]:
            M = sigmoid_like_matrix(q, lam, phi)
            below = np.max(np.abs(np.tril(M, -1)))
            # bounds every entry below the diagonal
            eta = tail * math.exp(-lam * gap)
            # (5.11)
            det_bound = (math.factorial(N) - 1) * max(bound, 1) ** (N - 1) * eta
            det_error = abs(np.linalg.det(M) - phi0 ** (N - 1))
            print(f"{lam:6g}  {below:10.1e}  {eta:15.1e}  {det_error:18.1e}  "
                  f"{det_bound:7.1e}  {M[0, 1]:.4f}")
            assert np.all(np.diag(M) == [phi0] * (N - 1) + [1.0])
            assert below <= eta and det_error <= det_bound
    # --8<-- [end:demo_limit]

    # --8<-- [start:demo_sufficient_lambda]
    N = 6
    X, F, u, order, q, gaps = random_sorted_problem(N, 2, seed=3)
    print(f"N = {N}, Delta_min = {gaps.min():.4f}")
    for name, phi, bound, tail in [("sigmoid", sigmoid, 1.0, 1.0),
                                   ("wobbly", wobbly_sigmoid, 1.5, 1.5)]:
        phi0 = float(phi(np.array(0.0)))
        lam0 = sufficient_lambda(N, gaps.min(), phi0, bound, tail)
        lams = lam0 * np.array([1, 1.5, 2, 4, 10, 100])
        dets = [np.linalg.det(sigmoid_like_matrix(q, lam, phi)) for lam in lams]
        print(f"{name}: lambda_0 = {lam0:.2f};  "
              f"phi(0)^(N-1) = {phi0 ** (N - 1):.8f}\n"
              "  det M(lam) for lam / lambda_0 = 1, 1.5, 2, 4, 10, 100:\n   ",
              " ".join(f"{d:.8f}" for d in dets))
        # lambda_0 is where the bound (5.11), with eta = A e^(-lam Delta_min),
        # equals phi(0)^(N-1) / 2
        at_lam0 = ((math.factorial(N) - 1) * max(bound, 1) ** (N - 1) * tail
                   * math.exp(-lam0 * gaps.min()))
        W1, b1, W2, b2 = interpolate_sigmoid_like(X, F, phi, lam0, u=u)
        residual = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, phi) - F))
        # unit j at the j-th point
        centred = np.max(np.abs(np.sum(W1 * X[order[:-1]], axis=1) + b1))
        print(f"  bound (5.11) at lambda_0 = {at_lam0:.8f};  at lam = lambda_0:\n"
              f"  max |y(X) - F| = {residual:.1e},  "
              f"max_j |w.x_j + b_j| = {centred:.1e}")
        assert (math.isclose(at_lam0, phi0 ** (N - 1) / 2, rel_tol=1e-9)
                and min(dets) >= phi0 ** (N - 1) / 2)
        assert residual < 1e-12 and centred < 1e-12
    # --8<-- [end:demo_sufficient_lambda]

    # --8<-- [start:demo_limit_matrix_mistake]
    from decimal import Decimal, getcontext
    from fractions import Fraction

    N = 5
    X, F, u, order, q, gaps = random_sorted_problem(N, 1, seed=1)
    f = F[order, 0]
    # the sigmoid's limit matrix: 1/2 on the diagonal (then 1), 1 above, 0 below
    L = np.triu(np.ones((N, N)), 1) + np.diag([0.5] * (N - 1) + [1.0])
    W_limit = np.linalg.solve(L, F[order])
    # exact solution W* of L W* = f (back substitution in fractions), then the exact
    # residual M(lam) W* - f = (M(lam) - L) W*: sigma(t) below the diagonal,
    # sigma(t) - 1 = -sigma(-t) above it (t = lam (q_i - q_j)), evaluated with 50
    # significant digits
    W_star = [Fraction(0)] * N
    for i in reversed(range(N)):
        W_star[i] = ((Fraction(f[i])
                      - sum(Fraction(L[i, j]) * W_star[j] for j in range(i + 1, N)))
                     / Fraction(L[i, i]))
    getcontext().prec = 50
    W_dec = [Decimal(c.numerator) / Decimal(c.denominator) for c in W_star]
    sigma_dec = lambda s: (-s).exp() / (1 + (-s).exp())  # sigma(-s), s >= 0
    # beyond float range
    sci = lambda d: "{:.1f}e{:+03d}".format(d.scaleb(-d.adjusted()), d.adjusted())
    print(f"Delta_min = Dmin = {gaps.min():.4f}")
    print("max |y(X) - F|, solving with L (floats, exact) and with M(lam) (floats)")
    print("   lam       L, floats     L, exact   e^(-lam Dmin)   M(lam), floats")
    for lam in [1, 10, 50, 100, 500, 1000, 10000]:
        W1, b1 = np.tile(lam * u, (N - 1, 1)), -lam * q[:-1]
        float_limit = np.max(np.abs(
            two_layer_network(X, W1, b1, W_limit[:-1].T, W_limit[-1], sigmoid) - F))
        exact = max(abs(sum((1 if i > j else -1)
                            * sigma_dec(lam * abs(Decimal(q[i]) - Decimal(q[j])))
                            * W_dec[j]
                            for j in range(N - 1) if j != i)) for i in range(N))
        W2, b2 = interpolate_sigmoid_like(X, F, sigmoid, lam, u=u)[2:]
        float_exact = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, sigmoid) - F))
        predicted = Decimal(-lam * gaps.min()).exp()
        print(f"{lam:6}   {float_limit:13.1e}   {sci(exact):>10}   "
              f"{sci(predicted):>13}   {float_exact:14.1e}")
        max_w = max(abs(c) for c in W_dec)
        # every entry of M(lam) - L is <= e^(-lam Delta_min)
        assert 0 < exact <= (N - 1) * max_w * predicted
        # in lam (x - x_j)
        rounding = 64 * np.finfo(float).eps * (1 + lam * np.max(np.abs(X)))
        # the float column is the exact one, rounded
        assert abs(float_limit - float(exact)) <= rounding
        assert float_exact < 1e-11
    # --8<-- [end:demo_limit_matrix_mistake]

    # --8<-- [start:demo_eps_set]
    p = np.array([2.0, 1.0, 0.0])  # decreasing; both gaps are 1, so Delta_min = 1
    det_formula = lambda e: e ** 2 if e <= 1 else (2 - e if e <= 2 else 0.0)  # (5.13)
    print("p =", p.tolist(), "  Delta_min = 1,  spread p_1 - p_N = 2")
    for eps in [0.5, 1.0, 1.5, 2.0, 3.0]:
        M = relu_matrix(p, eps)
        upper = bool(np.all(np.tril(M, -1) == 0))
        print(f"eps = {eps}: upper triangular {str(upper):5}  "
              f"det {np.linalg.det(M):+.3f}, (5.13) {det_formula(eps):+.3f}, "
              f"rank {np.linalg.matrix_rank(M)}  M = {M.tolist()}")
        assert upper == (eps <= 1) and abs(np.linalg.det(M) - det_formula(eps)) < 1e-12
        assert np.linalg.matrix_rank(M) == (3 if eps < 2 else 2)
    # --8<-- [end:demo_eps_set]

    # --8<-- [start:demo_other_ordering]
    # XOR with w = (1, 2), sorted the other way
    p_increasing = np.array([0.0, 1.0, 2.0, 3.0])
    for eps in [0.5, 1.0]:
        M = relu_matrix(p_increasing, eps)
        upper, lower = bool(np.all(np.tril(M, -1) == 0)), bool(np.all(np.triu(M, 1) == 0))
        print(f"increasing order, eps = {eps}: upper triangular {upper}, "
              f"lower triangular {lower},\n"
              f"    det = {np.linalg.det(M):+.3f},  rank = {np.linalg.matrix_rank(M)}")
        assert not upper and not lower
    print(M)
    assert (np.linalg.matrix_rank(M) == 3
            and np.array_equal(M[3] - M[2], M[2] - M[1]))  # (5.14)
    M = relu_matrix(p_increasing[::-1], 1.0)
    print(f"decreasing order, eps = 1.0: det = {np.linalg.det(M):+.3f} = eps^3")
    assert abs(np.linalg.det(M) - 1.0) < 1e-12
    # --8<-- [end:demo_other_ordering]

    # --8<-- [start:demo_conditioning]
    print("cond(M) for evenly spaced projections p = N-1, ..., 1, 0 (Delta_min = 1)")
    epsilons = np.array([1.0, 1e-1, 1e-2, 1e-3])
    print("   N  " + "".join(f"   eps={e:<7g}" for e in epsilons)
          + "  slope of log cond vs log eps (eps <= 0.1)")
    for N in [2, 3, 4, 5]:
        p = np.arange(N - 1, -1, -1.0)
        conds = np.array([np.linalg.cond(relu_matrix(p, e)) for e in epsilons])
        slope = np.polyfit(np.log(epsilons[1:]), np.log(conds[1:]), 1)[0]
        print(f"{N:4}  " + "".join(f"   {c:11.3e}" for c in conds)
              + f"   {slope:6.3f}   (-(N-1) = {-(N - 1)})")
        assert abs(slope + (N - 1)) < 0.05
    # --8<-- [end:demo_conditioning]

    # --8<-- [start:demo_many_points]
    print("random points in R^3; one eps = Delta_min for all units | "
          "eps_j = p_j - p_(j+1) per unit")
    print("   N   median cond(M)  median max|y(X)-F|  |  "
          "median cond(M)  median max|y(X)-F|")
    for N in [5, 10, 15, 20]:
        rows = []
        for seed in range(10):
            rng = np.random.default_rng(seed)
            X, F = rng.normal(size=(N, 3)), rng.normal(size=(N, 1))
            w = random_direction(X, seed)
            order, p, gaps = projection_order(X, w)
            row = []
            for options in ({"eps": gaps.min()}, {"per_unit": True}):
                W1, b1, W2, b2 = interpolate_relu(X, F, w=w, max_cond=np.inf, **options)
                M = interpolation_matrix(X[order], W1, b1, relu)
                row += [np.linalg.cond(M),
                        np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))]
            rows.append(row)
        c1, r1, c2, r2 = np.median(rows, axis=0)
        print(f"{N:4}   {c1:13.1e}   {r1:17.1e}  |  {c2:13.1e}   {r2:17.1e}")
        assert c2 <= c1 and r2 < 1e-9
    # --8<-- [end:demo_many_points]

    # --8<-- [start:demo_no_limit_at_infinity]
    t = 2 * np.pi * np.array([10, 100, 1000])
    up, down = wobbly_sigmoid(t + np.pi / 2), wobbly_sigmoid(t - np.pi / 2)
    print("wobbly_sigmoid at 2 pi k + pi/2, k = 10, 100, 1000:", np.round(up, 6).tolist())
    print("wobbly_sigmoid at 2 pi k - pi/2, k = 10, 100, 1000:", np.round(down, 6).tolist())
    s = np.linspace(-60, 60, 200001)
    values = wobbly_sigmoid(s)
    tail_ok = bool(np.all(values[s <= 0] <= 1.5 * np.exp(s[s <= 0])))
    print(f"on [-60, 60]: min {values.min():.1e} > 0, max {values.max():.4f} <= 3/2;"
          f"  phi(0) = {wobbly_sigmoid(np.array(0.0))};"
          f"  phi(s) <= (3/2) e^s for s <= 0: {tail_ok}")
    assert np.allclose(up, 1.5, atol=1e-12) and np.allclose(down, 0.5, atol=1e-12)
    assert (values.min() > 0 and values.max() <= 1.5
            and wobbly_sigmoid(np.array(0.0)) == 0.5 and tail_ok)
    # --8<-- [end:demo_no_limit_at_infinity]

    # --8<-- [start:demo_bump]
    import numpy as np


    def bump_sigmoid(t):
        """Satisfies every hypothesis: continuous, bounded, phi(-inf) = 0, phi(0) > 0."""
        return sigmoid(t) + 0.5 * np.exp(-(t + 3.0) ** 2)


    # Two points with q = (1, 0): det M(lam) = phi(0) - phi(-lam). Bisect for a root.
    q = np.array([1.0, 0.0])
    det = lambda lam: np.linalg.det(sigmoid_like_matrix(q, lam, bump_sigmoid))
    lo, hi = 0.1, 3.0
    print(f"det M(0.1) = {det(lo):+.4f},  det M(3) = {det(hi):+.4f}: a sign change")
    assert det(lo) > 0 > det(hi)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if det(mid) * det(lo) > 0 else (lo, mid)
    print(f"M(lam) is singular at lam* = {lo:.12f}: det = {det(lo):.1e},"
          f" cond = {np.linalg.cond(sigmoid_like_matrix(q, lo, bump_sigmoid)):.1e}")
    print(f"for large lam it is invertible again: det M(40) = {det(40.0):.6f} "
          f"-> phi(0) = {bump_sigmoid(0.0):.6f}")
    assert abs(det(lo)) < 1e-14 and abs(det(40.0) - bump_sigmoid(0.0)) < 1e-12
    # --8<-- [end:demo_bump]

    # --8<-- [start:figure_lambda]
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "q5-lambda"
    N = 6
    X, F, u, order, q, gaps = random_sorted_problem(N, 1, seed=5)
    lams = np.logspace(-2, 3, 26)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2))
    summary = []
    for name, phi, style in [("sigmoid", sigmoid, "o-"),
                             ("wobbly sigmoid", wobbly_sigmoid, "s--")]:
        conds, residuals = [], []
        for lam in lams:
            W1, b1, W2, b2 = interpolate_sigmoid_like(X, F, phi, lam, u=u, max_cond=np.inf)
            conds.append(np.linalg.cond(interpolation_matrix(X[order], W1, b1, phi)))
            residuals.append(max(
                np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, phi) - F)), 1e-17))
        conds, residuals = np.array(conds), np.array(residuals)
        ax1.loglog(lams, conds, style, ms=3, label=name)
        ax2.loglog(lams, residuals, style, ms=3, label=name)
        singular = conds > 1e16
        summary.append(
            f"{name}: cond M(lam) > 1e16 for lam <= {lams[singular].max():.3g};"
            f" residual there {residuals[singular].min():.1e} .. "
            f"{residuals[singular].max():.1e}\n"
            f"   cond M(lam) = {conds[-1]:.1e} at lam = {lams[-1]:g};"
            f" largest residual for lam >= 1: {residuals[lams >= 1].max():.1e}")
        # order 1, as the text says
        assert np.all((0.1 <= residuals[singular]) & (residuals[singular] <= 10))
        assert np.all(residuals[lams >= 1] < 1e-10)
        # rounding times cond
        assert np.all(residuals[~singular] <= 1e-14 * conds[~singular])
    ax1.set(xlabel="λ", ylabel="cond M(λ)", title="conditioning of M(λ)")
    ax2.set(xlabel="λ", ylabel="max |y(x⁽ⁱ⁾) − f(x⁽ⁱ⁾)|", title="interpolation residual")
    for ax in (ax1, ax2):
        ax.axvline(1 / gaps.min(), color="gray", lw=0.8, ls=":",
                   label="λ = 1 / smallest gap")
        ax.minorticks_off()  # keeps the SVG small
        ax.legend(fontsize=8)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    print("<pre><code>" + "\n".join(summary) + "</code></pre>")
    print(buffer.getvalue())
    # --8<-- [end:figure_lambda]

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


    X = np.array([[0.0, 1.0], [2.0, 3.0], [0.0, 1.0]])
    ones = np.ones((2, 1))
    expect_value_error("duplicate input points", interpolate_relu, X, np.ones((3, 1)))
    expect_value_error("near-duplicates", interpolate_relu,
                       np.array([[0.0, 1.0], [0.0, 1.0 + 1e-15]]), ones)
    expect_value_error("2 points but F has 3", interpolate_relu, X[:2], np.ones((3, 1)))
    expect_value_error("0 < eps <= delta_min", interpolate_relu, X[:2], ones, eps=100.0)
    expect_value_error("0 < eps <= delta_min", interpolate_relu, X[:2], ones, eps=0.0)
    expect_value_error("finite", interpolate_relu,
                       np.array([[np.nan, 0.0]]), np.ones((1, 1)))
    expect_value_error("lam must be", interpolate_sigmoid_like, X[:2], ones, sigmoid, -1.0)
    expect_value_error("phi(0) must be > 0", interpolate_sigmoid_like,
                       X[:2], ones, np.tanh, 5.0)
    expect_value_error("phi(-inf) must be 0", interpolate_sigmoid_like,
                       X[:2], ones, lambda t: sigmoid(t) + 0.1, 5.0)
    # --8<-- [end:demo_bad_input]
