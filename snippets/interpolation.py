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

EPS = np.finfo(float).eps  # 2^-52: rounding bounds below are multiples of it


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


def residual_bound(X, W1, b1, W2, b2, phi):
    """A bound on max_i |y(x_i) - f_i| in floating point when W~ = [W2, b2]^T is the
    computed solution of M W~ = F, for a 1-Lipschitz phi evaluated to 8 ulps (ReLU,
    the sigmoids here). A backward-stable solve leaves |M W~ - F| <= 1.5 N g EPS
    |M| |W~| (growth g = 1 for a triangular M, about 1 for the others); the output
    sum adds 0.5 N EPS |M| |W~|; each entry of phi(W1 x + b1) is off by
    ((n + 1) s / 2 + 8 max |M|) EPS (s bounds |W1| |x| + |b1|), in the solved M and
    again in the network. With g <= 2, times 2 for margin."""
    M = interpolation_matrix(X, W1, b1, phi)
    W_tilde = np.vstack([W2.T, b2])
    N, n = M.shape[0], np.shape(X)[1]
    s = np.max(np.abs(X) @ np.abs(W1).T + np.abs(b1), initial=0.0)
    solve = 4 * N * np.max(np.abs(M) @ np.abs(W_tilde))
    entries = ((n + 1) * s + 16 * np.max(np.abs(M))) * np.max(
        np.sum(np.abs(W_tilde), axis=0))
    return 2 * EPS * (solve + entries)
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


# --8<-- [start:exact]
import math
from fractions import Fraction


def exact_elimination(M):
    """Gauss-Jordan elimination of the square matrix M (floats or Decimals, each
    converted exactly) in rational arithmetic: (rank, det, inverse or None)."""
    n = len(M)
    try:
        A = [[Fraction(a) for a in row] + [Fraction(i == j) for j in range(n)]
             for i, row in enumerate(M)]
    except (ValueError, OverflowError) as error:  # nan, inf
        raise ValueError(f"M must hold finite numbers only ({error})") from None
    if any(len(row) != 2 * n for row in A):
        raise ValueError(f"M must be square, got rows of lengths "
                         f"{[len(row) - n for row in A]}")
    rank, det = 0, Fraction(1)
    for k in range(n):  # a pivot for column k among rows rank, ..., n - 1
        pivot = next((i for i in range(rank, n) if A[i][k] != 0), None)
        if pivot is None:
            det = Fraction(0)
            continue
        if pivot != rank:
            A[rank], A[pivot], det = A[pivot], A[rank], -det
        det *= A[rank][k]
        A[rank] = [a / A[rank][k] for a in A[rank]]
        for i in range(n):
            if i != rank and A[i][k] != 0:
                A[i] = [a - A[i][k] * b for a, b in zip(A[i], A[rank])]
        rank += 1
    return rank, det, ([row[n:] for row in A] if rank == n else None)


def exact_cond(M):
    """cond(M) = ||M||_inf ||M^-1||_inf of M as stored, computed exactly and rounded
    once, so the same on every machine (inf when M is singular)."""
    inverse = exact_elimination(M)[2]
    if inverse is None:
        return math.inf
    norm = max(sum(abs(Fraction(a)) for a in row) for row in M)
    return float(norm * max(sum(abs(a) for a in row) for row in inverse))
# --8<-- [end:exact]


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
        # rounding, x 2: w.x + b (n + 1 terms of size <= s) and phi (1-Lipschitz,
        # 4 ulps) in each computation; sums of N terms (<= |M| |W~|) in each
        s = np.max(np.abs(X) @ np.abs(w)) + np.max(np.abs(b1))
        entry, total = (2 * EPS * ((n + 1) * s + 4),
                        2 * N * EPS * np.max(np.abs(M_ref) @ np.abs(W_tilde)))
        bounds = [entry, total, total + entry * np.max(np.sum(np.abs(W2), axis=1))]
        print(f"{name:7}: M {M.shape}, W~ {W_tilde.shape};  "
              f"max |M - (5.4)| <= {bounds[0]:.1e}\n"
              f"         max |(5.4) W~ - (5.1)| <= {bounds[1]:.1e},  "
              f"max |y(X) - (5.1)| <= {bounds[2]:.1e}")
        assert all(gap <= bound for gap, bound in zip(gaps, bounds))
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
    # integers below 2^53 throughout: the solve and the network are exact
    assert W2.tolist() == [[-1, -1, 1]] and b2.tolist() == [0]
    assert np.array_equal(Y, F)
    for seed in range(3):  # random directions work too
        W1, b1, W2, b2 = interpolate_relu(X, F, seed=seed)
        residual = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))
        bound = residual_bound(X, W1, b1, W2, b2, relu)
        print(f"random w = {np.round(W1[0], 3)}: {W1.shape[0]} hidden units, "
              f"max |y(X) - F| <= {bound:.1e}")
        assert W1.shape == (3, 2) and residual <= bound
    # --8<-- [end:demo_xor]

    # --8<-- [start:demo_random]
    print("  N  n  m  Delta_min  cond(M)  max|y(X)-F|  "
          "triangular, diag (eps,..,eps, 1)")
    for seed, (N, n, m) in enumerate([(2, 1, 1), (5, 2, 3), (8, 3, 2), (10, 5, 1),
                                      (1, 3, 2)]):
        rng = np.random.default_rng(seed)
        X, F = rng.normal(size=(N, n)), rng.normal(size=(N, m))
        w = random_direction(X, seed)
        W1, b1, W2, b2 = interpolate_relu(X, F, w=w)  # default eps = Delta_min
        # checked against the projections sorted here, not by the constructor
        p = np.sort(X @ w)[::-1]
        eps = np.min(p[:-1] - p[1:], initial=np.inf)
        M = interpolation_matrix(X[np.argsort(-(X @ w))], W1, b1, relu)
        residual = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))
        bound = residual_bound(X, W1, b1, W2, b2, relu)
        # p_i - p_j + eps: 0 below the diagonal and eps on it, but for the
        # rounding of w.x (two BLAS routines), <= 2 (n + 2) EPS max |w| |x|
        tol = 2 * (n + 2) * EPS * np.max(np.abs(X) @ np.abs(w))
        shape_ok = bool(np.all(np.abs(np.tril(M, -1)) <= tol) and np.all(
            np.abs(np.diag(M) - ([eps] * (N - 1) + [1])) <= tol))
        print(f"{N:3}{n:3}{m:3}  {eps:9.3g}  {np.linalg.cond(M):7.1e}  "
              f"<= {bound:.1e}  {shape_ok}")
        assert shape_ok and residual <= bound
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
            # LU's backward error (1.5 N EPS |M|, growth <= 2) moves det by a
            # relative 3 N^2 EPS cond(M) at most (first order; covers exp(log))
            rounding = 3 * N**2 * EPS * np.linalg.cond(M) * phi0 ** (N - 1)
            assert below <= eta and det_error <= det_bound + 2 * rounding
    # --8<-- [end:demo_limit]

    # --8<-- [start:demo_sufficient_lambda]
    N, n = 6, 2
    X, F, u, order, q, gaps = random_sorted_problem(N, 2, seed=3)
    print(f"N = {N}, Delta_min = {gaps.min():.4f}")
    for name, phi, bound, tail in [("sigmoid", sigmoid, 1.0, 1.0),
                                   ("wobbly", wobbly_sigmoid, 1.5, 1.5)]:
        phi0 = float(phi(np.array(0.0)))
        lam0 = sufficient_lambda(N, gaps.min(), phi0, bound, tail)
        lams = lam0 * np.array([1, 1.5, 2, 4, 10, 100])
        matrices = [sigmoid_like_matrix(q, lam, phi) for lam in lams]
        dets = [np.linalg.det(M) for M in matrices]
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
        bound = residual_bound(X, W1, b1, W2, b2, phi)
        # unit j at the j-th point: lam u.x_j - lam q_j = 0 up to the rounding of
        # u.x_j, lam u, lam q_j and the sum (x 2)
        centred = np.max(np.abs(np.sum(W1 * X[order[:-1]], axis=1) + b1))
        scale = 2 * (n + 2) * EPS * lam0 * np.max(np.abs(X) @ np.abs(u))
        print(f"  bound (5.11) at lambda_0 = {at_lam0:.8f}, by definition;  "
              f"at lam = lambda_0:\n  max |y(X) - F| <= {bound:.1e},  "
              f"max_j |w.x_j + b_j| <= {scale:.1e}")
        # (5.11), up to det's rounding (a relative 3 N^2 EPS cond(M), as above)
        assert all(d * (1 + 3 * N**2 * EPS * np.linalg.cond(M))
                   >= phi0 ** (N - 1) / 2 for d, M in zip(dets, matrices))
        assert residual <= bound and centred <= scale
    # --8<-- [end:demo_sufficient_lambda]

    # --8<-- [start:demo_limit_matrix_mistake]
    from decimal import Decimal, getcontext

    import numpy as np


    def sigmoid_decimal(t):
        """sigma(t) in 50-digit decimal arithmetic (t a Decimal)."""
        return 1 / (1 + (-t).exp())


    def sci(d):  # a Decimal in scientific notation, also beyond the range of floats
        return "{:.1f}e{:+03d}".format(d.scaleb(-d.adjusted()), d.adjusted())


    getcontext().prec = 50
    N, n = 5, 2
    X, F, u, order, q, gaps = random_sorted_problem(N, 1, seed=1)
    f = F[order, 0]
    # the sigmoid's limit matrix: 1/2 on the diagonal (then 1), 1 above, 0 below;
    # W* = L^-1 f in rational arithmetic, and W~ = W* rounded to floats
    L = np.triu(np.ones((N, N)), 1) + np.diag([0.5] * (N - 1) + [1.0])
    W_star = [sum(a * Fraction(b) for a, b in zip(row, f))
              for row in exact_elimination(L)[2]]
    W_limit = np.array([float(c) for c in W_star])
    W_dec = [Decimal(c.numerator) / Decimal(c.denominator) for c in W_star]
    print(f"Delta_min = Dmin = {gaps.min():.4f}")
    print("max |y(X) - F| with W~ = L^-1 F (floats; exact) and M(lam)^-1 F (floats)")
    print("   lam    L, floats   L, exact  e^(-lam Dmin)   M(lam), floats")
    for lam in [1, 10, 50, 100, 500, 1000, 10000]:
        W1, b1 = np.tile(lam * u, (N - 1, 1)), -lam * q[:-1]
        float_limit = np.max(np.abs(two_layer_network(
            X, W1, b1, W_limit[None, :-1], W_limit[-1:], sigmoid) - F))
        # the exact residual (M(lam) - L) W*: sigma(t) below the diagonal,
        # sigma(t) - 1 = -sigma(-t) above it (t = lam (q_i - q_j)), in 50 digits
        exact = max(abs(sum((1 if i > j else -1) * W_dec[j] * sigmoid_decimal(
                                -lam * abs(Decimal(q[i]) - Decimal(q[j])))
                            for j in range(N - 1) if j != i)) for i in range(N))
        predicted = Decimal(-lam * gaps.min()).exp()
        # every entry of M(lam) - L is <= e^(-lam Delta_min)
        assert 0 < exact <= (N - 1) * max(abs(c) for c in W_dec) * predicted
        # the float network's rounding: W* rounded (EPS/2 |W*|); lam u, lam q and
        # w.x + b, of size <= s (sigma 1/4-Lipschitz, 4 ulps); the output sum of N
        # terms; the subtraction of F; times 2
        s = lam * (np.max(np.abs(X) @ np.abs(u)) + np.max(np.abs(q)))
        rounding = EPS * (float(sum(abs(c) for c in W_star)) * (N + 9 + (n + 3) * s)
                          + float(exact))
        assert abs(float_limit - float(exact)) <= rounding
        shown = f"<= {float(exact) + rounding:.1e}"
        if rounding < 1e-6 * float(exact):  # the float shows the exact digits
            shown = f"{float_limit:.1e}"
            assert shown == f"{float(exact):.1e}"
        W1, b1, W2, b2 = interpolate_sigmoid_like(X, F, sigmoid, lam, u=u)
        bound = residual_bound(X, W1, b1, W2, b2, sigmoid)
        print(f"{lam:6}  {shown:>11}  {sci(exact):>9}  {sci(predicted):>13}"
              f"        <= {bound:.1e}")
        assert np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, sigmoid) - F)) <= bound
    # --8<-- [end:demo_limit_matrix_mistake]

    # --8<-- [start:demo_eps_set]
    from fractions import Fraction

    import numpy as np


    def det_formula(e):  # (5.13)
        return e ** 2 if e <= 1 else (2 - e if e <= 2 else 0)


    p = np.array([2.0, 1.0, 0.0])  # decreasing; both gaps are 1, so Delta_min = 1
    print("p =", p.tolist(), "  Delta_min = 1,  spread p_1 - p_N = 2;  exact det, rank")
    for eps in [0.5, 1.0, 1.5, 2.0, 3.0]:
        M = relu_matrix(p, eps)  # halves and integers: stored exactly
        upper = bool(np.all(np.tril(M, -1) == 0))
        rank, det, _ = exact_elimination(M)
        print(f"eps = {eps}: upper triangular {str(upper):5}  det {str(det):3} "
              f"= (5.13), rank {rank}  M = {M.tolist()}")
        assert upper == (eps <= 1) and det == det_formula(Fraction(eps))
        assert rank == (3 if eps < 2 else 2)
    # --8<-- [end:demo_eps_set]

    # --8<-- [start:demo_other_ordering]
    # XOR with w = (1, 2), sorted the other way
    p_increasing = np.array([0.0, 1.0, 2.0, 3.0])
    for eps in [0.5, 1.0]:
        M = relu_matrix(p_increasing, eps)
        upper, lower = bool(np.all(np.tril(M, -1) == 0)), bool(np.all(np.triu(M, 1) == 0))
        rank, det, _ = exact_elimination(M)
        print(f"increasing order, eps = {eps}: upper triangular {upper}, "
              f"lower triangular {lower},\n    det = {det},  rank = {rank}")
        # numpy's det agrees to its rounding (a relative 3 N^2 EPS cond(M), as above)
        if det:
            assert abs(np.linalg.det(M) - det) <= 48 * EPS * np.linalg.cond(M) * abs(det)
        assert not upper and not lower
    print(M)
    assert rank == 3 and det == 0 and np.array_equal(M[3] - M[2], M[2] - M[1])  # (5.14)
    rank, det, _ = exact_elimination(relu_matrix(p_increasing[::-1], 1.0))
    print(f"decreasing order, eps = 1.0: det = {det} = eps^3")
    assert det == 1
    # --8<-- [end:demo_other_ordering]

    # --8<-- [start:demo_conditioning]
    print("cond_inf(M), exact, for evenly spaced projections p = N-1, ..., 1, 0 "
          "(Delta_min = 1)")
    epsilons = np.array([1.0, 1e-1, 1e-2, 1e-3])
    print("   N  " + "".join(f"   eps={e:<7g}" for e in epsilons)
          + "  slope of log cond vs log eps (eps <= 0.1)")
    for N in [2, 3, 4, 5]:
        p = np.arange(N - 1, -1, -1.0)
        conds = np.array([exact_cond(relu_matrix(p, e)) for e in epsilons])
        slope = np.polyfit(np.log(epsilons[1:]), np.log(conds[1:]), 1)[0]
        print(f"{N:4}  " + "".join(f"   {c:11.3e}" for c in conds)
              + f"   {slope:6.3f}   (-(N-1) = {-(N - 1)})")
        # cond ~ c eps^-(N-1) (1 + O(eps)): the fit over eps <= 0.1 is within 0.05
        assert abs(slope + (N - 1)) < 0.05
    # --8<-- [end:demo_conditioning]

    # --8<-- [start:demo_many_points]
    print("cond_inf(M), exact: median of 10 random data sets in R^3 (on a 2^-20 grid)")
    print("   N   one eps = Delta_min   eps_j = p_j - p_(j+1)")
    for N in [5, 10, 15, 20]:
        rows = []
        for seed in range(10):
            rng = np.random.default_rng(seed)
            # multiples of 2^-20 (X) and 2^-10 (w): every product and sum in p and
            # in M is exact, so M is the same on every machine
            X = np.round(rng.normal(size=(N, 3)) * 2**20) / 2**20
            w = np.round(rng.normal(size=3) * 2**10) / 2**10
            F = rng.normal(size=(N, 1))
            order, p, gaps = projection_order(X, w)
            row = []
            for options in ({"eps": gaps.min()}, {"per_unit": True}):
                W1, b1, W2, b2 = interpolate_relu(X, F, w=w, max_cond=np.inf, **options)
                row.append(exact_cond(interpolation_matrix(X[order], W1, b1, relu)))
                residual = np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, relu) - F))
                assert residual <= residual_bound(X, W1, b1, W2, b2, relu)
            rows.append(row)
        one, per_unit = np.median(rows, axis=0)
        print(f"{N:4}   {one:19.1e}   {per_unit:21.1e}")
        assert per_unit <= one
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
    # sigma(t) = 1 in floats there, and sin is flat at +-1: an argument off by
    # delta (the rounding of 2 pi k +- pi/2) moves it by delta^2 / 2; 4 ulps of 1.5
    assert np.all(np.abs(up - 1.5) <= 6 * EPS) and np.all(np.abs(down - 0.5) <= 6 * EPS)
    assert (values.min() > 0 and values.max() <= 1.5
            and wobbly_sigmoid(np.array(0.0)) == 0.5 and tail_ok)
    # --8<-- [end:demo_no_limit_at_infinity]

    # --8<-- [start:demo_bump]
    from decimal import Decimal

    import numpy as np


    def bump_sigmoid(t):
        """Satisfies every hypothesis: continuous, bounded, phi(-inf) = 0, phi(0) > 0."""
        return sigmoid(t) + 0.5 * np.exp(-(t + 3.0) ** 2)


    def bump_decimal(t):  # the same phi in 50-digit decimal arithmetic
        return sigmoid_decimal(t) + (-(t + 3) ** 2).exp() / 2


    def det(lam):  # det M(lam) in floats, for two points with q = (1, 0)
        return np.linalg.det(sigmoid_like_matrix(np.array([1.0, 0.0]), lam, bump_sigmoid))


    def det_decimal(lam):  # the same, phi(0) - phi(-lam), in 50 digits
        return bump_decimal(Decimal(0)) - bump_decimal(-Decimal(lam))


    # float det of [[phi(0), 1], [phi(-lam), 1]]: phi to 8 ulps, LU to 3 ulps of
    # |phi(0)| + |phi(-lam)| <= 2.2 phi(0); phi' <= 1 times lam's rounding; times 2
    def det_rounding(lam):
        return 2 * EPS * (25 * bump_sigmoid(0.0) + lam)


    print(f"det M(0.1) = {det(0.1):+.4f},  det M(3) = {det(3.0):+.4f}: a sign change")
    lo, hi = Decimal("0.1"), Decimal(3)
    for _ in range(60):  # bisection on the 50-digit det
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if det_decimal(mid) > 0 else (lo, mid)
    print(f"M(lam) is singular at lam* = {lo:.12f} (bisection in 50 digits); in floats"
          f" |det M(lam*)| <= {det_rounding(float(lo)):.1e}, rounding")
    print(f"for large lam it is invertible again: det M(40) = {det(40.0):.6f} "
          f"-> phi(0) = {bump_sigmoid(0.0):.6f}")
    assert det_decimal(0.1) > 0 > det_decimal(3) and det(0.1) > 0 > det(3.0)
    for lam in [0.1, 3.0, float(lo), 40.0]:
        assert abs(det(lam) - float(det_decimal(lam))) <= det_rounding(lam)
    # --8<-- [end:demo_bump]

    # --8<-- [start:figure_lambda]
    import matplotlib.pyplot as plt

    q = np.array([1.3, 0.9, 0.2, -0.1, -0.8, -1.5])  # 6 points on a line, decreasing
    X, u = q[:, None], np.array([1.0])
    F = np.random.default_rng(5).normal(size=(q.size, 1))
    lams = [Decimal(10) ** (Decimal(k) / 5) for k in range(-10, 16)]  # 0.01 .. 1000
    fig, ax = plt.subplots(figsize=(6, 3.2))
    summary = ["cond_inf M(lam), exact   EPS cond >= 1   cond <= 1e10   at lam = 1000"]
    for name, phi, phi_decimal, style in [
            ("sigmoid", sigmoid, sigmoid_decimal, "o-"),
            ("bump sigmoid", bump_sigmoid, bump_decimal, "s--")]:
        # M(lam) from 50-digit entries (5.9), its cond_inf exact: the same everywhere
        conds = np.array([exact_cond(
            [[phi_decimal(lam * (Decimal(a) - Decimal(b))) for b in q[:-1]] + [1]
             for a in q]) for lam in lams])
        ax.loglog([float(lam) for lam in lams], conds, style, ms=3, label=name)
        noise, trusted = conds * EPS >= 1, conds <= 1e10
        # both sets are intervals of the grid: small lam, large lam
        assert np.all(noise[:noise.sum()]) and np.all(trusted[len(lams) - trusted.sum():])
        for lam in np.array(lams)[trusted]:  # the constructor, where M is trusted
            W1, b1, W2, b2 = interpolate_sigmoid_like(X, F, phi, float(lam), u=u,
                                                      max_cond=np.inf)
            assert (np.max(np.abs(two_layer_network(X, W1, b1, W2, b2, phi) - F))
                    <= residual_bound(X, W1, b1, W2, b2, phi))
        summary.append(f"{name:23}  lam <= {lams[noise.sum() - 1]:<6.2g}  "
                       f"lam >= {lams[-trusted.sum()]:<6.2g}  {conds[-1]:13.1f}")
    ax.axhspan(1 / EPS, 1e25, color="0.85", label="EPS cond ≥ 1: no digit of W̃ holds")
    ax.axhline(1e10, color="gray", lw=0.8, ls="--", label="the constructor's 10¹⁰ guard")
    ax.axvline(1 / np.min(q[:-1] - q[1:]), color="gray", lw=0.8, ls=":",
               label="λ = 1 / smallest gap")
    ax.set(xlabel="λ", ylabel="cond∞ M(λ), exact", ylim=(10, 1e25),
           title="conditioning of M(λ)")
    ax.minorticks_off()  # keeps the SVG small
    ax.legend(fontsize=7)
    fig.tight_layout()
    print("\n".join(summary))
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


    def sigmoid_up(t):  # phi(-inf) = 0.1
        return sigmoid(t) + 0.1


    def sigmoid_down(t):  # phi(-inf) = -0.1
        return sigmoid(t) - 0.1


    X = np.array([[0.0, 1.0], [2.0, 3.0], [0.0, 1.0]])
    ones = np.ones((2, 1))
    xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    expect_value_error("duplicate input points", interpolate_relu, X, np.ones((3, 1)))
    expect_value_error("near-duplicates", interpolate_relu,
                       np.array([[0.0, 1.0], [0.0, 1.0 + 1e-15]]), ones)
    expect_value_error("2 points but F has 3", interpolate_relu, X[:2], np.ones((3, 1)))
    # XOR with w = (1, 2): Delta_min = 1 exactly
    for eps in [1.5, 0.0]:
        expect_value_error("0 < eps <= delta_min = 1 ", interpolate_relu, xor,
                           np.ones((4, 1)), eps=eps, w=np.array([1.0, 2.0]))
    expect_value_error("finite", interpolate_relu,
                       np.array([[np.nan, 0.0]]), np.ones((1, 1)))
    expect_value_error("finite", interpolate_relu, X[:2], np.array([[1.0], [np.nan]]))
    expect_value_error("lam must be", interpolate_sigmoid_like, X[:2], ones, sigmoid, -1.0)
    expect_value_error("phi(0) must be > 0", interpolate_sigmoid_like,
                       X[:2], ones, np.tanh, 5.0)
    for phi in [sigmoid_up, sigmoid_down]:
        expect_value_error("phi(-inf) must be 0", interpolate_sigmoid_like,
                           X[:2], ones, phi, 5.0)
    # --8<-- [end:demo_bad_input]
