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
    if b1.shape != (hidden,) or W2.ndim != 2 or W2.shape[1] != hidden or b2.shape != W2.shape[:1]:
        raise ValueError(
            f"shapes do not fit: W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}; "
            f"need W1 (h, n), b1 (h,), W2 (m, h), b2 (m,)"
        )
    return phi(X @ W1.T + b1) @ W2.T + b2
# --8<-- [end:network]


# --8<-- [start:matrix]
import numpy as np


def interpolation_matrix(X, W1, b1, phi):
    """The N x N matrix M of M W~ = F: row i is [phi(W1 x_i + b1)^T, 1]."""
    X = np.asarray(X, dtype=float)
    hidden = phi(X @ np.asarray(W1, dtype=float).T + np.asarray(b1, dtype=float))
    return np.hstack([hidden, np.ones((X.shape[0], 1))])


def solve_output_layer(M, F, max_cond=1e10):
    """Solve M W~ = F with W~ = [W2, b2]^T (N x m); return W2 (m x (N-1)) and b2 (m,).

    Raise ValueError when M is so ill-conditioned that the solution would not interpolate
    to useful accuracy in floating point (pass max_cond=np.inf to skip the check).
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
        raise ValueError(f"X must be a 2-D array of N >= 1 points in R^n (N x n), got shape {X.shape}")
    if F.ndim != 2 or F.shape[1] < 1:
        raise ValueError(f"F must be a 2-D array of targets (N x m), got shape {F.shape}")
    if F.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} points but F has {F.shape[0]} targets (rows)")
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
    coincide, or differ by less than min_relative_gap * |w| max_i |x_i| (the scale of the
    rounding errors in w.x): then they are not reliably distinct in floating point.
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
    """A Gaussian random w whose projections w.x_i are distinct (probability 1 per draw)."""
    rng = np.random.default_rng(seed)
    for _ in range(max_tries):
        w = rng.normal(size=np.shape(X)[1])
        try:
            projection_order(X, w)
            return w
        except ValueError:
            continue
    raise ValueError(
        f"no direction out of {max_tries} random draws separates the projections of the "
        f"points: some input points are duplicates or near-duplicates"
    )
# --8<-- [end:checks]


# --8<-- [start:relu]
import numpy as np


def relu_matrix(p_sorted, eps):
    """M_ij = ReLU(p_i - p_j + eps_j) for j <= N-1, last column ones (p in any order)."""
    p = np.asarray(p_sorted, dtype=float)
    eps = np.broadcast_to(np.asarray(eps, dtype=float), (p.size - 1,))
    return np.hstack([relu(p[:, None] - p[None, :-1] + eps), np.ones((p.size, 1))])


def interpolate_relu(X, F, eps=None, w=None, seed=0, per_unit=False, max_cond=1e10):
    """ReLU network with N - 1 hidden units and y(x_i) = f_i exactly; returns W1, b1, W2, b2.

    Sort the points so that p_1 > ... > p_N (p_i = w.x_i). Hidden unit j sits at point j:
    W1 row j = w, b1_j = -p_j + eps, for j = 1..N-1; the point with the smallest projection
    gets no unit. M is then upper triangular with diagonal (eps, ..., eps, 1) exactly when
    0 < eps <= delta_min, the smallest gap between consecutive sorted projections.
    eps=None takes eps = delta_min. per_unit=True uses eps_j = p_j - p_{j+1} instead (the
    largest value each unit allows; much better conditioned for many points).
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
    """sigma(t) (1 + sin(t) / 2): continuous, 0 < phi <= 3/2, phi(0) = 1/2, phi(-inf) = 0,
    and NO limit at +inf (it keeps oscillating between about 1/2 and 3/2)."""
    return sigmoid(t) * (1.0 + 0.5 * np.sin(t))


def check_activation(phi, far=-1e6):
    """Reject an activation that visibly violates the hypotheses: phi(0) > 0, phi(-inf) = 0.

    Only a heuristic: phi(-inf) = 0 is tested at the single point `far`, so a phi that
    tends to 0 very slowly is wrongly rejected; rescale its argument in that case.
    """
    at_zero, at_far = float(phi(np.array(0.0))), float(phi(np.array(far)))
    if not (np.isfinite(at_zero) and at_zero > 0):
        raise ValueError(f"phi(0) must be > 0, got phi(0) = {at_zero!r}")
    if not (np.isfinite(at_far) and abs(at_far) <= 1e-6 * at_zero):
        raise ValueError(f"phi(-inf) must be 0, but phi({far:g}) = {at_far!r}")


def sigmoid_like_matrix(q_sorted, lam, phi):
    """M(lam)_ij = phi(lam (q_i - q_j)) for j <= N-1, last column ones (q decreasing)."""
    q = np.asarray(q_sorted, dtype=float)
    return np.hstack([phi(lam * (q[:, None] - q[None, :-1])), np.ones((q.size, 1))])


def sufficient_lambda(N, delta_min, phi0, bound, tail):
    """A lambda_0 such that det M(lam) > phi0^(N-1) / 2 > 0 for every lam >= lambda_0.

    Valid when |phi| <= bound everywhere and |phi(s)| <= tail * exp(s) for s <= 0.
    From the Leibniz expansion: each of the N! - 1 non-identity terms is at most
    C^(N-1) eta with C = max(bound, 1) and eta = tail * exp(-lam delta_min).
    """
    C = max(bound, 1.0)
    if N < 2:
        return 0.0
    log_terms = math.log(2 * (math.factorial(N) - 1)) + (N - 1) * math.log(C / phi0)
    return max(0.0, (log_terms + math.log(tail)) / delta_min)


def interpolate_sigmoid_like(X, F, phi, lam, u=None, seed=0, max_cond=1e10):
    """Network with activation phi, N - 1 hidden units, y(x_i) = f_i; returns W1, b1, W2, b2.

    w = lam u with a unit vector u, b1_j = -lam u.x_j for the points sorted by decreasing
    u.x. The output layer solves M(lam) W~ = F with M(lam) itself (not its limit).
    """
    X, F = check_data(X, F)
    check_activation(phi)
    if not (np.isfinite(lam) and lam > 0):
        raise ValueError(f"lam must be a finite number > 0, got lam = {lam!r}")
    u = random_direction(X, seed) if u is None else np.asarray(u, dtype=float)
    if u.shape != (X.shape[1],) or not np.linalg.norm(u) > 0:
        raise ValueError(f"u must be a non-zero vector of shape ({X.shape[1]},), got {u!r}")
    u = u / np.linalg.norm(u)
    order, q, _ = projection_order(X, u)
    W1 = np.tile(lam * u, (X.shape[0] - 1, 1))
    b1 = -lam * q[:-1]
    M = interpolation_matrix(X[order], W1, b1, phi)
    W2, b2 = solve_output_layer(M, F[order], max_cond)
    return W1, b1, W2, b2
# --8<-- [end:sigmoid_like]


if __name__ == "__main__":
    # --8<-- [start:demo_shapes]
    import numpy as np

    rng = np.random.default_rng(0)
    N, n, m = 6, 3, 2
    X = rng.normal(size=(N, n))
    F = rng.normal(size=(N, m))
    W1, b1, W2, b2 = interpolate_relu(X, F)
    print(f"N = {N} points in R^{n}, targets in R^{m}, N - 1 = {N - 1} hidden units")
    for name, a in [("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)]:
        print(f"  {name} shape {a.shape}")
    print("all rows of W1 equal:", bool(np.all(W1 == W1[0])))
    Y = two_layer_network(X, W1, b1, W2, b2, relu)
    W_tilde = np.vstack([W2.T, b2])  # [W2, b2]^T
    M = interpolation_matrix(X, W1, b1, relu)
    print("W~ = [W2, b2]^T shape", W_tilde.shape, "  M shape", M.shape)
    print(f"max |M W~ - y(X)| = {np.max(np.abs(M @ W_tilde - Y)):.1e}   (the reduction, points in any order)")
    print(f"max |y(X) - F|    = {np.max(np.abs(Y - F)):.1e}")
    # --8<-- [end:demo_shapes]

    # --8<-- [start:demo_xor]
    import numpy as np

    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    F = np.array([[0.0], [1.0], [1.0], [0.0]])  # XOR
    w = np.array([1.0, 2.0])  # projections 0, 2, 1, 3: distinct
    order, p, gaps = projection_order(X, w)
    print("sorted projections p =", p.tolist(), "  gaps =", gaps.tolist())
    W1, b1, W2, b2 = interpolate_relu(X, F, eps=gaps.min(), w=w)
    M = interpolation_matrix(X[order], W1, b1, relu)
    print("M (points sorted by decreasing w.x) =\n", M)
    print("b1 =", b1.tolist(), "  W2 =", W2.tolist(), "  b2 =", b2.tolist())
    print("y(X) =", two_layer_network(X, W1, b1, W2, b2, relu).ravel().tolist(),
          "  F =", F.ravel().tolist())
    for seed in range(3):  # random directions work too
        W1, b1, W2, b2 = interpolate_relu(X, F, seed=seed)
        Y = two_layer_network(X, W1, b1, W2, b2, relu)
        print(f"random w = {np.round(W1[0], 3)}: {W1.shape[0]} hidden units,"
              f" max |y(X) - F| = {np.max(np.abs(Y - F)):.1e}")
    # --8<-- [end:demo_xor]

    # --8<-- [start:demo_random]
    import numpy as np

    print("  N   n   m   delta_min   cond(M)    max|y(X) - F|   det(M) / eps^(N-1)")
    for seed, (N, n, m) in enumerate([(2, 1, 1), (5, 2, 3), (8, 3, 2), (10, 5, 1)]):
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(N, n))
        F = rng.normal(size=(N, m))
        w = random_direction(X, seed)
        order, p, gaps = projection_order(X, w)
        eps = gaps.min()
        W1, b1, W2, b2 = interpolate_relu(X, F, eps=eps, w=w)
        M = interpolation_matrix(X[order], W1, b1, relu)
        residual = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))
        print(f"{N:3} {n:3} {m:3}   {eps:9.3g}   {np.linalg.cond(M):8.1e}   {residual:13.1e}"
              f"   {np.linalg.det(M) / eps ** (N - 1):.12f}")
        assert np.allclose(np.tril(M, -1), 0) and residual < 1e-9
    # --8<-- [end:demo_random]

    # --8<-- [start:demo_eps_set]
    import numpy as np

    p = np.array([2.0, 1.0, 0.0])  # decreasing; both gaps are 1, so delta_min = 1
    print("p =", p.tolist(), "  delta_min = 1,  spread p_1 - p_N = 2")
    for eps in [0.5, 1.0, 1.5, 2.0, 3.0]:
        M = relu_matrix(p, eps)
        upper = bool(np.all(np.tril(M, -1) == 0))
        print(f"eps = {eps}: upper triangular {str(upper):5}  det = {np.linalg.det(M):+.3f}"
              f"  rank = {np.linalg.matrix_rank(M)}   M rows = {M.tolist()}")
    # --8<-- [end:demo_eps_set]

    # --8<-- [start:demo_other_ordering]
    import numpy as np

    p_increasing = np.array([0.0, 1.0, 2.0, 3.0])  # XOR with w = (1, 2), sorted the other way
    for eps in [0.5, 1.0]:
        M = relu_matrix(p_increasing, eps)
        print(f"increasing order, eps = {eps}:  upper triangular "
              f"{bool(np.all(np.tril(M, -1) == 0))}, lower triangular "
              f"{bool(np.all(np.triu(M, 1) == 0))},  det = {np.linalg.det(M):+.3f}")
        print(M)
    M = relu_matrix(p_increasing[::-1], 1.0)
    print(f"decreasing order, eps = 1.0:  det = {np.linalg.det(M):+.3f} = eps^3")
    # --8<-- [end:demo_other_ordering]

    # --8<-- [start:demo_conditioning]
    import numpy as np

    print("cond(M) for evenly spaced projections p = N-1, ..., 1, 0 (delta_min = 1)")
    epsilons = np.array([1.0, 1e-1, 1e-2, 1e-3])
    print("   N  " + "".join(f"   eps={e:<7g}" for e in epsilons) + "  fitted slope of log cond vs log eps")
    for N in [2, 3, 4, 5]:
        p = np.arange(N - 1, -1, -1.0)
        conds = np.array([np.linalg.cond(relu_matrix(p, e)) for e in epsilons])
        slope = np.polyfit(np.log(epsilons[1:]), np.log(conds[1:]), 1)[0]
        print(f"{N:4}  " + "".join(f"   {c:11.3e}" for c in conds) + f"   {slope:6.3f}   (-(N-1) = {-(N - 1)})")
    # --8<-- [end:demo_conditioning]

    # --8<-- [start:demo_many_points]
    import numpy as np

    print("random points in R^3, eps = delta_min for all units vs eps_j = p_j - p_(j+1) per unit")
    print("   N   median cond(M)  median max|y(X)-F|  |  median cond(M)  median max|y(X)-F|")
    for N in [5, 10, 15, 20]:
        rows = []
        for seed in range(10):
            rng = np.random.default_rng(seed)
            X, F = rng.normal(size=(N, 3)), rng.normal(size=(N, 1))
            w = random_direction(X, seed)
            order, p, gaps = projection_order(X, w)
            row = []
            for eps in (gaps.min(), gaps):
                W1, b1, W2, b2 = interpolate_relu(X, F, w=w, max_cond=np.inf,
                                                  **({"per_unit": True} if np.ndim(eps) else {"eps": eps}))
                M = interpolation_matrix(X[order], W1, b1, relu)
                row += [np.linalg.cond(M), np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))]
            rows.append(row)
        c1, r1, c2, r2 = np.median(rows, axis=0)
        print(f"{N:4}   {c1:13.1e}   {r1:17.1e}  |  {c2:13.1e}   {r2:17.1e}")
    # --8<-- [end:demo_many_points]

    # --8<-- [start:demo_limit]
    import numpy as np

    q = np.array([1.2, 0.5, 0.0, -0.9])  # decreasing, delta_min = 0.5
    for name, phi in [("sigmoid", sigmoid), ("wobbly sigmoid", wobbly_sigmoid)]:
        print(f"{name}: phi(0) = {phi(np.array(0.0)):.3f}, phi(0)^(N-1) = {phi(np.array(0.0)) ** 3:.6f}")
        for lam in [1.0, 10.0, 40.0, 100.0]:
            M = sigmoid_like_matrix(q, lam, phi)
            below = np.max(np.abs(np.tril(M, -1)))
            print(f"  lam = {lam:5g}: max |below-diagonal entry| = {below:.1e}   "
                  f"det M = {np.linalg.det(M):.6f}   above-diagonal M[0, 1] = {M[0, 1]:.4f}")
    # --8<-- [end:demo_limit]

    # --8<-- [start:demo_no_limit_at_infinity]
    import numpy as np

    t = 2 * np.pi * np.array([10, 100, 1000])
    print("wobbly_sigmoid at 2 pi k + pi/2:", np.round(wobbly_sigmoid(t + np.pi / 2), 6).tolist())
    print("wobbly_sigmoid at 2 pi k - pi/2:", np.round(wobbly_sigmoid(t - np.pi / 2), 6).tolist())
    grid = np.linspace(-60, 60, 200001)
    values = wobbly_sigmoid(grid)
    print(f"on [-60, 60]: min {values.min():.1e} > 0, max {values.max():.4f};"
          f"  phi(0) = {wobbly_sigmoid(np.array(0.0))}, phi(-60) = {wobbly_sigmoid(np.array(-60.0)):.1e}")
    # --8<-- [end:demo_no_limit_at_infinity]

    # --8<-- [start:demo_sufficient_lambda]
    import numpy as np

    rng = np.random.default_rng(3)
    N = 6
    X, F = rng.normal(size=(N, 2)), rng.normal(size=(N, 2))
    u = random_direction(X, seed=3)
    u = u / np.linalg.norm(u)
    order, q, gaps = projection_order(X, u)
    print(f"N = {N}, delta_min = {gaps.min():.4f}")
    # sigmoid: |sigma| <= 1, sigma(s) <= e^s; wobbly: |phi| <= 3/2, phi(s) <= (3/2) e^s (s <= 0)
    for name, phi, bound, tail in [("sigmoid", sigmoid, 1.0, 1.0), ("wobbly", wobbly_sigmoid, 1.5, 1.5)]:
        phi0 = float(phi(np.array(0.0)))
        lam0 = sufficient_lambda(N, gaps.min(), phi0, bound, tail)
        lams = lam0 * np.array([1, 1.5, 2, 4, 10, 100])
        dets = [np.linalg.det(sigmoid_like_matrix(q, lam, phi)) for lam in lams]
        print(f"{name}: lambda_0 = {lam0:.2f}; det M(lam) for lam / lambda_0 in 1 .. 100:",
              np.round(dets, 8).tolist(), f" (phi(0)^(N-1) = {phi0 ** (N - 1):.8f})")
        assert min(dets) > phi0 ** (N - 1) / 2
        W1, b1, W2, b2 = interpolate_sigmoid_like(X, F, phi, lam0, u=u)
        print(f"  interpolation at lam = lambda_0: max |y(X) - F| = "
              f"{np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, phi) - F)):.1e}")
    # --8<-- [end:demo_sufficient_lambda]

    # --8<-- [start:demo_limit_matrix_mistake]
    import numpy as np

    rng = np.random.default_rng(1)
    N = 5
    X, F = rng.normal(size=(N, 2)), rng.normal(size=(N, 1))
    u = random_direction(X, seed=1)
    u = u / np.linalg.norm(u)
    order, q, gaps = projection_order(X, u)
    # the limit of M(lam) for the sigmoid: 1/2 on the diagonal, 1 above, 0 below, last column 1
    L = np.triu(np.ones((N, N)), 1) + np.diag([0.5] * (N - 1) + [1.0])
    W_limit = np.linalg.solve(L, F[order])
    print(f"delta_min = {gaps.min():.3f}")
    print("  lam     max|y(X)-F| using limit matrix   using M(lam) itself")
    for lam in [1, 10, 100, 1000, 10000]:
        W1, b1 = np.tile(lam * u, (N - 1, 1)), -lam * q[:-1]
        y_limit = two_layer_network(X, W1, b1, W_limit[:-1].T, W_limit[-1], sigmoid)
        W2, b2 = interpolate_sigmoid_like(X, F, sigmoid, lam, u=u)[2:]
        y_exact = two_layer_network(X, W1, b1, W2, b2, sigmoid)
        print(f"{lam:6}   {np.max(np.abs(y_limit - F)):28.1e}   {np.max(np.abs(y_exact - F)):18.1e}")
    # --8<-- [end:demo_limit_matrix_mistake]

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
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if det(mid) * det(lo) > 0 else (lo, mid)
    print(f"M(lam) is singular at lam* = {lo:.12f}: det = {det(lo):.1e},"
          f" cond = {np.linalg.cond(sigmoid_like_matrix(q, lo, bump_sigmoid)):.1e}")
    print(f"for large lam it is invertible again: det M(40) = {det(40.0):.6f} -> phi(0) = {bump_sigmoid(0.0):.6f}")
    # --8<-- [end:demo_bump]

    # --8<-- [start:demo_bad_input]
    import numpy as np

    X = np.array([[0.0, 1.0], [2.0, 3.0], [0.0, 1.0]])
    cases = [
        ("duplicate points", lambda: interpolate_relu(X, np.ones((3, 1)))),
        ("near-duplicate points", lambda: interpolate_relu(
            np.array([[0.0, 1.0], [0.0, 1.0 + 1e-15]]), np.ones((2, 1)))),
        ("2 points, 3 targets", lambda: interpolate_relu(X[:2], np.ones((3, 1)))),
        ("eps above delta_min", lambda: interpolate_relu(X[:2], np.ones((2, 1)), eps=100.0)),
        ("eps = 0", lambda: interpolate_relu(X[:2], np.ones((2, 1)), eps=0.0)),
        ("lam < 0", lambda: interpolate_sigmoid_like(X[:2], np.ones((2, 1)), sigmoid, -1.0)),
        ("phi = tanh", lambda: interpolate_sigmoid_like(X[:2], np.ones((2, 1)), np.tanh, 5.0)),
        ("phi = sigmoid + 0.1", lambda: interpolate_sigmoid_like(
            X[:2], np.ones((2, 1)), lambda t: sigmoid(t) + 0.1, 5.0)),
        ("nan in X", lambda: interpolate_relu(np.array([[np.nan, 0.0]]), np.ones((1, 1)))),
    ]
    for label, call in cases:
        try:
            call()
            print(f"{label:22}: no error")
        except ValueError as error:
            print(f"{label:22}: ValueError: {error}")
    # --8<-- [end:demo_bad_input]

    # --8<-- [start:figure_lambda]
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "q5-lambda"
    rng = np.random.default_rng(5)
    N = 6
    X, F = rng.normal(size=(N, 2)), rng.normal(size=(N, 1))
    u = random_direction(X, seed=5)
    u = u / np.linalg.norm(u)
    order, q, gaps = projection_order(X, u)
    lams = np.logspace(-2, 3, 26)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2))
    summary = []
    for name, phi, style in [("sigmoid", sigmoid, "o-"), ("wobbly sigmoid", wobbly_sigmoid, "s--")]:
        conds, residuals = [], []
        for lam in lams:
            W1, b1, W2, b2 = interpolate_sigmoid_like(X, F, phi, lam, u=u, max_cond=np.inf)
            conds.append(np.linalg.cond(interpolation_matrix(X[order], W1, b1, phi)))
            residuals.append(max(np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, phi) - F)), 1e-17))
        ax1.loglog(lams, conds, style, ms=3, label=name)
        ax2.loglog(lams, residuals, style, ms=3, label=name)
        summary.append(f"{name}: cond M(lam) = {conds[0]:.1e} at lam = {lams[0]:g},"
                       f" {conds[-1]:.1e} at lam = {lams[-1]:g}\n"
                       f"   largest residual for lam >= 1: "
                       f"{max(r for r, l in zip(residuals, lams) if l >= 1):.1e}")
    ax1.set(xlabel="λ", ylabel="cond M(λ)", title="conditioning of M(λ)")
    ax2.set(xlabel="λ", ylabel="max |y(x⁽ⁱ⁾) − f(x⁽ⁱ⁾)|", title="interpolation residual")
    for ax in (ax1, ax2):
        ax.axvline(1 / gaps.min(), color="gray", lw=0.8, ls=":", label="λ = 1 / smallest gap")
        ax.minorticks_off()  # keeps the SVG small
        ax.legend(fontsize=8)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    print("<pre><code>" + "\n".join(summary) + "</code></pre>")
    print(buffer.getvalue())
    # --8<-- [end:figure_lambda]
