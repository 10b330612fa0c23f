"""Questions 2 and 3: softmax and sigmoid, their Jacobians, vector-Jacobian products,
invariances.

Sections between ``--8<--`` markers are shown on the pages
``docs/q2-softmax-sigmoid-jacobians.md`` and ``docs/q3-softmax-sigmoid-invariances.md``
and run there, in page order, in one Python session per page. Running this file runs
every demo (each asserts what it prints), the VJP benchmark included.

Conventions (docs/notation.md): vectors are 1-D arrays; the Jacobian of f: R^n -> R^n is
the n x n matrix whose row i holds the partial derivatives of output i.
"""

# --8<-- [start:validation]
import numpy as np


def checked_array(x, caller, ranks=(1,)):
    """x as a float array; ValueError if its rank is not in `ranks`, or it is empty or
    not finite."""
    try:
        x = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{caller}: input must be real numbers, got {x!r}") from None
    if x.ndim not in ranks:
        allowed = " or ".join(["a scalar" if r == 0 else f"a {r}-D array"
                               for r in ranks])
        raise ValueError(f"{caller}: input must be {allowed}, got shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"{caller}: input must not be empty")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{caller}: input must be finite (it contains nan or inf)")
    return x


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
# --8<-- [end:validation]


# --8<-- [start:softmax_sigmoid]
import numpy as np


def softmax(x):
    """S(x)_i = exp(x_i) / sum_j exp(x_j) for a non-empty, finite 1-D vector x.

    Computed as S(x - max(x)), which is equal by translation invariance (3.1):
    the largest exponent is then exp(0) = 1, so nothing overflows and the
    denominator is at least 1.
    """
    x = checked_array(x, "softmax", ranks=(1,))
    e = np.exp(x - x.max())
    return e / e.sum()


def sigmoid(x):
    """sigma(x) = 1 / (1 + exp(-x)), entrywise, for a finite scalar or
    non-empty 1-D vector.

    exp is only evaluated at -|x| <= 0, so it cannot overflow:
    for x >= 0, 1 / (1 + e^-x); for x < 0, the same value written as
    e^x / (1 + e^x).
    """
    x = checked_array(x, "sigmoid", ranks=(0, 1))
    e = np.exp(-np.abs(x))
    # [()] turns a 0-D array into a scalar
    return (np.where(x >= 0, 1.0, e) / (1.0 + e))[()]
# --8<-- [end:softmax_sigmoid]


# --8<-- [start:error_bounds]
import numpy as np


def softmax_error_bound(x):
    """Bound on |softmax(x)_i - S(x)_i| / S(x)_i, entry by entry (S exact).

    Twice the sum of the rounding terms: x_i - max x is rounded (eps/2 |x_i - max x|,
    which exp turns into a relative error); each exp is within 4 eps (a generous
    allowance for libm and numpy's SIMD loops); the sum of n terms adds (n - 1) eps,
    and at most n/(2e) eps from its own rounded arguments; the division eps/2.
    Holds while S(x)_i is a normal double (above 2.2e-308).
    """
    x = np.asarray(x, dtype=float)
    eps = np.finfo(float).eps  # 2.2e-16, the gap between 1 and the next double
    return (3 * x.size + 20 + (x.max() - x)) * eps


def sigmoid_error_bound(x):
    """Bound on |sigmoid(x) - sigma(x)| / sigma(x), entry by entry.

    e = exp(-|x|) <= 1 is within 4 eps, then 1 + e and the division add eps/2 each:
    at most 7 eps for either branch; twice that.
    """
    return np.full(np.shape(x), 14 * np.finfo(float).eps)
# --8<-- [end:error_bounds]


# --8<-- [start:jacobians]
import numpy as np


def softmax_jacobian(x):
    """dS(x)_i / dx_j = S_i (delta_ij - S_j): the matrix diag(S) - S S^T,
    eq. (2.3)."""
    s = softmax(x)
    return np.diag(s) - np.outer(s, s)


def sigmoid_jacobian(x):
    """d sigma(x)_i / dx_j = delta_ij sigma(x_i) (1 - sigma(x_i)): a diagonal
    matrix, eq. (2.7).

    1 - sigma(x) is computed as sigma(-x): equal, and free of cancellation when
    sigma(x) ~ 1.
    """
    x = checked_array(x, "sigmoid_jacobian", ranks=(1,))
    return np.diag(sigmoid(x) * sigmoid(-x))
# --8<-- [end:jacobians]


# --8<-- [start:finite_differences]
import numpy as np


def central_difference_jacobian(f, x, h=1e-6):
    """J[i, j] ~ (f(x + h e_j) - f(x - h e_j))_i / (2h), one column per input; error
    O(h^2)."""
    x = np.asarray(x, dtype=float)
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((f(x + step) - f(x - step)) / (2 * h))
    return np.column_stack(columns)


def central_difference_bound(h, third_derivative, value_error):
    """Bound on |central difference - derivative|, entry by entry: Taylor's
    truncation h^2 |f'''| / 6, plus value_error / h when each computed
    f(x +- h e_j) may be off by value_error (rounding inside f, and in x_j +- h)."""
    return h**2 * third_derivative / 6 + value_error / h
# --8<-- [end:finite_differences]


# --8<-- [start:vjp]
import numpy as np


def checked_gradient(g, x):
    """The upstream gradient g = dL/dy as a float vector of the same length
    as x."""
    g = checked_array(g, "vector-Jacobian product (gradient g)", ranks=(1,))
    if g.shape != np.shape(x):
        raise ValueError(f"gradient g has shape {g.shape} "
                         f"but x has shape {np.shape(x)}")
    return g


def softmax_vjp(x, g):
    """J^T g for J = dS/dx, in O(n): J is symmetric and
    J g = S*g - S (S.g) = S * (g - S.g)."""
    s = softmax(x)
    g = checked_gradient(g, s)
    # one dot product, one subtraction, one entrywise product
    return s * (g - s @ g)


def sigmoid_vjp(x, g):
    """J^T g for J = diag(sigma (1 - sigma)), in O(n): a diagonal matrix acts
    entrywise."""
    x = checked_array(x, "sigmoid_vjp", ranks=(1,))
    g = checked_gradient(g, x)
    return sigmoid(x) * sigmoid(-x) * g
# --8<-- [end:vjp]


# --8<-- [start:checks]
from decimal import Decimal, localcontext

import numpy as np


def decimal_softmax(x, shift=0.0, digits=50):
    """exp(x_i + shift) / sum_j exp(x_j + shift) exactly as written, in `digits`-digit
    decimal arithmetic: a list of Decimals.

    Independent of `softmax`: no shift by max(x), and no overflow or underflow, since
    Decimal exponents reach 10^999999 (e^10000 is about 10^4343). Decimal(float)
    converts exactly; x_i + shift is then rounded to `digits` digits.
    """
    with localcontext() as context:
        context.prec = digits
        e = [(Decimal(float(v)) + Decimal(float(shift))).exp() for v in np.ravel(x)]
        total = sum(e)
        return [v / total for v in e]


def reference_softmax(x, digits=50):
    """S(x) from `decimal_softmax`, rounded to doubles."""
    return np.array([float(v) for v in decimal_softmax(x, digits=digits)])


def reference_sigmoid(x, digits=50):
    """1 / (1 + exp(-x)) exactly as written, entrywise, in `digits`-digit decimal
    arithmetic."""
    with localcontext() as context:
        context.prec = digits
        return np.array([float(1 / (1 + Decimal(-float(v)).exp()))
                         for v in np.ravel(x)])

# --8<-- [end:checks]


# --8<-- [start:naive]
import numpy as np


def naive_softmax(x):
    """exp(x) / sum(exp(x)) exactly as written: exp overflows for
    x_i > ln(max double) ~ 709.8."""
    e = np.exp(np.asarray(x, dtype=float))
    return e / e.sum()


def naive_sigmoid(x):
    """1 / (1 + exp(-x)) as written: exp(-x) overflows for x < -709.8."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def naive_sigmoid_ratio(x):
    """exp(x) / (1 + exp(x)), the other textbook form: inf / inf = nan for x > 709.8."""
    e = np.exp(np.asarray(x, dtype=float))
    return e / (1.0 + e)
# --8<-- [end:naive]


# --8<-- [start:vjp_benchmark]
# Timings: the output varies from run to run.
import timeit

import numpy as np


# Both forms use einsum rather than @: @ calls BLAS, whose thread pool makes timings
# erratic on a busy machine (or when two pages build in parallel). einsum runs
# single-threaded, so the table compares the two algorithms, not two thread pools.
def explicit_softmax_vjp(s, g):
    """O(n^2): build J = diag(S) - S S^T (n * n numbers), then multiply J^T g."""
    # - S S^T, then + diag(S) in place: a single n x n array in memory
    jacobian = np.outer(-s, s)
    jacobian.flat[:: s.size + 1] += s
    return np.einsum("ij,i->j", jacobian, g)          # J^T g


def fast_softmax_vjp(s, g):
    """O(n): S * (g - S.g), eq. (2.9)."""
    return s * (g - np.einsum("i,i->", s, g))


def best_time(function, repeats=7, min_seconds=0.002, budget_seconds=0.5):
    """Seconds per call, timeit-style: loop enough calls for the clock to resolve them,
    and keep the best loop (the one least disturbed by the rest of the machine). Slow
    calls get fewer loops (never fewer than 3), so that the whole benchmark stays
    short."""
    timer = timeit.Timer(function)
    number = 1
    while (elapsed := timer.timeit(number)) < min_seconds:
        number *= 2
    more = max(2, min(repeats - 1, int(budget_seconds / elapsed)))
    return min([elapsed, *timer.repeat(more, number)]) / number


def time_softmax_vjps(sizes, explicit_up_to=10_000, seed=0):
    """(n, explicit seconds, O(n) seconds) for each n, both timed on the same S and g.

    Above `explicit_up_to` only the O(n) form is timed (explicit time nan): the explicit
    J would need n * n * 8 bytes, 80 GB at n = 10^5.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        x = rng.normal(size=n)
        s = np.exp(x - x.max())
        s /= s.sum()
        g = rng.normal(size=n)
        explicit = np.nan
        if n <= explicit_up_to:
            # Same numbers first (this also warms both up), then the clock. Each
            # is within (n + 2) eps S_i (|g_i| + 2 S.|g|) of the exact J^T g
            # (Check 2.4); twice the sum.
            gap = np.abs(explicit_softmax_vjp(s, g) - fast_softmax_vjp(s, g))
            eps = np.finfo(float).eps
            bound = 4 * (n + 2) * eps * s * (np.abs(g) + 2 * (s @ np.abs(g)))
            assert np.all(gap <= bound)
            explicit = best_time(lambda: explicit_softmax_vjp(s, g))
        rows.append((n, explicit, best_time(lambda: fast_softmax_vjp(s, g))))
    return rows
# --8<-- [end:vjp_benchmark]


if __name__ == "__main__":
    # --8<-- [start:demo_softmax_derivative]
    EPS = np.finfo(float).eps  # 2.2e-16, the gap between 1 and the next double

    # First the difference quotient itself, on a map R^3 -> R^2 whose Jacobian
    # is known by hand and is neither square nor symmetric.
    def two_outputs(v):
        """f(v) = [v_1 v_2, sin(v_3) - v_1]."""
        return np.array([v[0] * v[1], np.sin(v[2]) - v[0]])


    def two_outputs_jacobian(v):
        """Its Jacobian by hand: row i holds the partial derivatives of f_i."""
        return np.array([[v[1], v[0], 0.0],
                         [-1.0, 0.0, np.cos(v[2])]])


    v, h = np.array([1.5, -2.0, 0.5]), 1e-6
    numeric = central_difference_jacobian(two_outputs, v, h)
    # |f'''| <= 1 (from sin). Each value is off by at most 8 eps (1 + max|v|)^2:
    # a few roundings (eps/2) of numbers up to max|v|^2, sin within 4 eps, and
    # v_j +- h rounded (eps/2 |v_j|, times |df/dv_j| <= max(1, |v|)); twice.
    bound = central_difference_bound(h, 1.0, 8 * EPS * (1 + np.abs(v).max()) ** 2)
    print(f"f: R^3 -> R^2, central differences of shape {numeric.shape}: "
          f"max |by hand - central differences| <= {bound:.1e}")
    assert numeric.shape == (2, 3)
    assert np.abs(numeric - two_outputs_jacobian(v)).max() <= bound

    x = np.array([1.0, 2.0, 0.5, -1.0])
    s = softmax(x)
    jacobian = softmax_jacobian(x)                   # S_i (delta_ij - S_j), (2.1)
    numeric = central_difference_jacobian(softmax, x, h)
    # local: print options are global state
    with np.printoptions(precision=6, suppress=True):
        print("S(x) =", s)
        print("J from (2.1):\n", jacobian)
    # |d^3 S_i / dx_j^3| <= 1/8: along x_j, S_i is sigma(x_j - a) or
    # b sigma(a - x_j) with 0 < b <= 1, and |sigma'''| <= 1/8. Each value is off
    # by at most max softmax_error_bound (S_i <= 1), plus eps |x_j| / 4 from
    # rounding x_j +- h (|dS_i / dx_j| <= 1/4; twice eps/2 |x_j| / 4).
    value_error = softmax_error_bound(x).max() + EPS * np.abs(x).max() / 4
    bound = central_difference_bound(h, 1 / 8, value_error)
    off_diagonal = jacobian[~np.eye(x.size, dtype=bool)]
    print(f"max |J - central differences| <= {bound:.1e};  "
          f"diagonal > 0: {bool(np.all(np.diag(jacobian) > 0))},"
          f" off-diagonal < 0: {bool(np.all(off_diagonal < 0))}")
    # S against the definition in 50 digits, relative (+ its rounding to double)
    exact = reference_softmax(x)
    assert np.all(np.abs(s - exact) <= (softmax_error_bound(x) + EPS) * exact)
    assert np.abs(jacobian - numeric).max() <= bound
    assert np.all(np.diag(jacobian) > 0) and np.all(off_diagonal < 0)
    # --8<-- [end:demo_softmax_derivative]

    # --8<-- [start:demo_jacobian_properties]
    from fractions import Fraction

    rng = np.random.default_rng(2)
    print("bounds on: J against (2.1) in exact rationals, the row sums J 1, the\n"
          "zero eigenvalue lambda_1, and the asymmetry of the central-difference\n"
          "Jacobian D; then the rank and the next eigenvalue lambda_2")
    print(" n  |J - (2.1)| <=  |J 1| <=  |lambda_1| <="
          "  |D - D^T| <=  rank  lambda_2")
    for n in (2, 3, 5, 8):
        x = rng.normal(scale=2.0, size=n)
        jacobian = softmax_jacobian(x)
        # (2.1) in exact rationals from the 50-digit S (rounded to doubles).
        # beta: softmax's relative error, plus the reference's rounding.
        r = reference_softmax(x)
        q = [Fraction(v) for v in r]
        exact = np.array([[float(q[i] * ((i == j) - q[j])) for j in range(n)]
                          for i in range(n)])
        beta = softmax_error_bound(x) + EPS
        # J_ij = S_i delta_ij - S_i S_j with S_i off by beta_i, two roundings and
        # the reference's: (beta_i + beta_j + 2 eps)(delta_ij S_i + S_i S_j); twice
        entry_bound = (2 * (beta[:, None] + beta[None, :] + 2 * EPS)
                       * (np.diag(r) + np.outer(r, r)))
        # J 1 = S (1 - sum S) exactly for the computed S, |1 - sum S| <= max beta,
        # plus the entries' rounding and the sum of n terms: 2n eps; twice
        row_bound = 2 * (beta.max() + 2 * n * EPS)
        # lambda_1: J is within 3 max beta + 2 eps (spectral norm) of a J with an
        # exact zero eigenvalue; LAPACK's backward error, allowed n^2 eps ||J||
        # (||J|| <= max S <= 1); twice
        eigen_bound = 2 * (3 * beta.max() + 2 * EPS + n**2 * EPS)
        eigenvalues = np.linalg.eigvalsh(jacobian)  # ascending; J is symmetric
        rank = np.linalg.matrix_rank(jacobian, tol=eigen_bound)
        # D is within fd of J (Check 2.1), and J is symmetric: |D - D^T| <= 2 fd
        value_error = beta.max() + EPS * np.abs(x).max() / 4
        fd = central_difference_bound(h, 1 / 8, value_error)
        numeric = central_difference_jacobian(softmax, x, h)
        print(f"{n:2}  {entry_bound.max():14.1e}  {row_bound:8.1e}  "
              f"{eigen_bound:13.1e}  {2 * fd:12.1e}  {rank:4}  "
              f"{eigenvalues[1]:.2e}")
        assert np.all(np.abs(jacobian - exact) <= entry_bound)
        assert np.abs(jacobian.sum(axis=1)).max() <= row_bound
        assert np.abs(numeric - numeric.T).max() <= 2 * fd
        # rank n - 1: lambda_1 is 0 up to rounding, and
        # lambda_2 >= min S > 0 (interlacing: J is diag(S) minus a rank-one
        # matrix), far above the bound
        assert abs(eigenvalues[0]) <= eigen_bound and rank == n - 1
        assert eigenvalues[1] >= r.min() * (1 - beta.max()) - eigen_bound
    # --8<-- [end:demo_jacobian_properties]

    # --8<-- [start:demo_sigmoid_jacobian]
    import math

    x = np.array([-3.0, -0.5, 0.0, 2.0, 40.0])
    jacobian = sigmoid_jacobian(x)
    diagonal = np.diag(jacobian)
    # (2.6) as written; no overflow for these x
    by_hand = np.exp(-x) / (1 + np.exp(-x)) ** 2
    # relative: sigma(x) sigma(-x) within twice sigmoid's bound + eps/2 of
    # sigma'; (2.6) as written within 14 eps (exp twice, a square, three
    # roundings), twice that
    relative = (2 * sigmoid_error_bound(x) + 30 * EPS).max()
    # all 25 entries, the off-diagonal ones included, by differences of sigmoid:
    # |sigma'''| <= 1/8; values off by sigmoid's bound, and eps |x_j| / 4 from
    # rounding x_j +- h (|sigma'| <= 1/4)
    numeric = central_difference_jacobian(sigmoid, x, h)
    value_error = sigmoid_error_bound(x).max() + EPS * np.abs(x).max() / 4
    bound = central_difference_bound(h, 1 / 8, value_error)
    off_diagonal = ~np.eye(x.size, dtype=bool)
    print("diagonal:", " ".join(f"{v:.6e}" for v in diagonal))
    print(f"max |J - e^-x / (1 + e^-x)^2| / (e^-x / (1 + e^-x)^2) <= "
          f"{relative:.1e}")
    print(f"max |J - central differences| over all {x.size**2} entries <= "
          f"{bound:.1e}")
    print("  central differences off the diagonal exactly 0 (output i ignores "
          f"x_j): {bool(np.all(numeric[off_diagonal] == 0))}")
    print(f"  (at x = 40 the difference quotient is {numeric[-1, -1]}: "
          "sigma(40 +- h) both round to 1)")
    product = sigmoid(40.0) * sigmoid(-40.0)
    print("at x = 40: sigma (1 - sigma) =", sigmoid(40.0) * (1 - sigmoid(40.0)),
          f"  sigma(x) sigma(-x) = {product:.6e}")
    assert np.all(np.abs(diagonal - by_hand) <= relative * by_hand)
    assert np.abs(jacobian - numeric).max() <= bound
    assert np.all(numeric[off_diagonal] == 0) and numeric[-1, -1] == 0
    sigma_prime_40 = math.exp(-40) / (1 + math.exp(-40)) ** 2
    assert abs(product - sigma_prime_40) <= relative * sigma_prime_40
    # --8<-- [end:demo_sigmoid_jacobian]

    # --8<-- [start:demo_vjp]
    rng = np.random.default_rng(4)
    for n in (3, 10, 1000):
        x = rng.normal(scale=3.0, size=n)
        g = rng.normal(size=n)                       # upstream gradient dL/dy
        s = softmax(x)
        softmax_gap = np.abs(softmax_jacobian(x).T @ g - softmax_vjp(x, g))
        sigmoid_gap = np.abs(sigmoid_jacobian(x).T @ g - sigmoid_vjp(x, g))
        # From the same S, the explicit product (entries rounded, sums of n
        # terms) and (2.9) (one dot product) are each within
        # (n + 2) eps S_i (|g_i| + 2 S.|g|) of the exact J^T g; twice the sum.
        softmax_bound = (4 * (n + 2) * EPS * s
                         * (np.abs(g) + 2 * (s @ np.abs(g))))
        # J diagonal: both sides are the product sigma(x_i) sigma(-x_i) g_i,
        # up to one rounding each.
        sigmoid_bound = 2 * EPS * np.abs(sigmoid_vjp(x, g))
        print(f"n = {n:4}: |J^T g - O(n) form| <= {softmax_bound.max():.1e} "
              f"(softmax), {sigmoid_bound.max():.1e} (sigmoid)")
        assert np.all(softmax_gap <= softmax_bound)
        assert np.all(sigmoid_gap <= sigmoid_bound)
    for vjp in (softmax_vjp, sigmoid_vjp):           # g must have the length of x
        print(f"{vjp.__name__}(x of length 3, g of length 2): ", end="")
        expect_value_error("but x has shape", vjp, [1.0, 2.0, 3.0], [1.0, 2.0])
    # --8<-- [end:demo_vjp]

    # --8<-- [start:demo_vjp_benchmark]
    # Both forms up to n = 10^4; above it the O(n) form alone (the explicit J
    # would need 80 GB at n = 10^5 and 8 TB at 10^6).
    sizes = [10, 30, 100, 300, 1000, 3000, 10000, 100_000, 1_000_000]
    # ONE run: table, ratio and figure share it
    rows = time_softmax_vjps(sizes, explicit_up_to=10_000)
    n_values = np.array([n for n, _, _ in rows])
    explicit_seconds = np.array([t for _, t, _ in rows])
    fast_seconds = np.array([t for _, _, t in rows])
    ratio = explicit_seconds / fast_seconds
    both = ~np.isnan(explicit_seconds)
    largest = n_values[both][-1]

    print(f"{'n':>9}  {'explicit J^T g':>15}  {'S*(g - S.g)':>13}  {'ratio':>8}")
    for n, slow, fast, r in zip(n_values, explicit_seconds, fast_seconds, ratio):
        slow_text = (f"{slow * 1e6:12.1f} us" if not np.isnan(slow)
                     else f"{'(not run)':>15}")
        ratio_text = f"{r:8.1f}" if not np.isnan(r) else ""
        print(f"{n:>9}  {slow_text}  {fast * 1e6:10.1f} us  {ratio_text}")
    print(f"measured ratio at n = {largest}: the explicit product took "
          f"{ratio[both][-1]:.0f} times as long as the O(n) form")
    print(f"(at n = {largest} the explicit J holds {largest ** 2:,} numbers, "
          f"{largest ** 2 * 8 / 1e6:,.0f} MB in float64)")
    i, j = list(n_values).index(largest // 10), list(n_values).index(largest)
    print(f"from n = {largest // 10} to {largest} (x10): "
          f"explicit time x{explicit_seconds[j] / explicit_seconds[i]:.0f}, "
          f"O(n) time x{fast_seconds[j] / fast_seconds[i]:.1f}; "
          f"from {n_values[-2]:,} to {n_values[-1]:,}: "
          f"O(n) time x{fast_seconds[-1] / fast_seconds[-2]:.1f}")
    assert ratio[both][-1] > 1  # the explicit product is the slower one
    # --8<-- [end:demo_vjp_benchmark]

    # --8<-- [start:demo_vjp_benchmark_figure]
    # Timings: the output varies from run to run.
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.loglog(n_values[both], explicit_seconds[both], "o-",
              label=r"explicit: build $J$, then $J^\top g$")
    ax.loglog(n_values, fast_seconds, "s-", label=r"$O(n)$: $S \odot (g - S^\top g)$")
    # Guide lines through the last measured points: slope 2 (n^2) and slope 1 (n).
    ax.loglog(n_values[both],
              explicit_seconds[both][-1] * (n_values[both] / largest) ** 2, ":",
              color="gray", label=r"$\propto n^2$ and $\propto n$ (guides)")
    ax.loglog(n_values[-3:], fast_seconds[-1] * (n_values[-3:] / n_values[-1]), ":",
              color="gray")
    ax.set_title(f"softmax VJP, one run: ratio {ratio[both][-1]:.0f} at n = {largest}")
    ax.set_xlabel("n")
    ax.set_ylabel("best time per call [s]")
    ax.legend()
    # --8<-- [end:demo_vjp_benchmark_figure]

    # --8<-- [start:demo_translation]
    from decimal import Decimal

    EPS = np.finfo(float).eps  # 2.2e-16, the gap between 1 and the next double

    rng = np.random.default_rng(5)
    x = rng.normal(size=6)
    exact = decimal_softmax(x)  # S(x) to 50 digits, from the definition
    reference = reference_softmax(x)  # the same, rounded to doubles
    for c in (-1000.0, -3.0, 0.5, 10.0, 700.0):
        # (3.1) itself, with no shift by max x: the definition at x + c (formed
        # in 50 digits) against the definition at x. Each side is within
        # (n + 3) 1e-50 of its exact value (50-digit rounding), far below 1e-45.
        shifted = decimal_softmax(x, shift=c)
        exact_gap = max(abs(a / b - 1) for a, b in zip(shifted, exact))
        # softmax sees x + c rounded (eps/2 |x_i + c|), which moves S by at most
        # eps max|x + c| relative; plus its own error and the reference's rounding
        bound = softmax_error_bound(x + c) + EPS * (np.abs(x + c).max() + 1)
        gap = np.abs(softmax(x + c) - reference) / reference
        print(f"c = {c:7.1f}:  50 digits: |S(x + c) / S(x) - 1| < 1e-45;  "
              f"softmax: |softmax(x + c) / S(x) - 1| <= {bound.max():.1e}")
        assert exact_gap < Decimal("1e-45") and np.all(gap <= bound)
    # --8<-- [end:demo_translation]

    # --8<-- [start:demo_overflow]
    import numpy as np


    def run_and_record(function, x):
        """function(x), with numpy's floating-point warnings recorded instead of printed."""
        events = []
        with np.errstate(all="call", call=lambda kind, flag: events.append(kind)):
            value = function(x)
        return value, sorted(set(events))


    print("largest x with a finite exp(x) in float64: ln(max double) = "
          f"{np.log(np.finfo(float).max):.6f}")
    for x in ([1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1002.0]):
        naive, events = run_and_record(naive_softmax, x)
        exact = reference_softmax(x)
        print(f"x = {x}")
        print(f"  naive  exp(x)/sum(exp(x))   = {naive}   numpy reported: {events}")
        print(f"  stable S(x - max x)         = {softmax(x)}")
        print(f"  definition, 50-digit arith. = {exact}")
        # relative: softmax's error bound plus the reference's rounding
        bound = softmax_error_bound(x) + EPS
        assert (np.all(np.isnan(naive))
                and np.all(np.abs(softmax(x) - exact) <= bound * exact))

    x = [-1000.0, 1000.0]
    for name, function in (("1/(1 + exp(-x))", naive_sigmoid),
                           ("exp(x)/(1 + exp(x))", naive_sigmoid_ratio)):
        naive, events = run_and_record(function, x)
        print(f"sigmoid at {x}: naive {name:20} = {naive}   numpy reported: {events}")
    print(f"sigmoid at {x}: stable {'':20} = {sigmoid(x)}   "
          f"50-digit: {reference_sigmoid(x)}")
    # exact values 0 and 1: e^-1000 underflows to 0 in both
    assert np.isnan(naive[1]) and np.array_equal(sigmoid(x), reference_sigmoid(x))
    # --8<-- [end:demo_overflow]

    # --8<-- [start:demo_scaling]
    import math

    s1, s2 = softmax([1.0, 0.0])[0], softmax([2.0, 0.0])[0]
    print(f"counterexample, x = [1, 0]:  S(x)_1 = {s1:.4f}   S(2x)_1 = {s2:.4f}")
    # relative: softmax's bound, plus 8 eps for the hand values (e rounded,
    # e^2, a sum and a division)
    for value, pair, hand in ((s1, [1.0, 0.0], math.e / (math.e + 1)),
                              (s2, [2.0, 0.0], math.e**2 / (math.e**2 + 1))):
        assert abs(value - hand) <= (softmax_error_bound(pair)[0] + 8 * EPS) * hand

    x = np.array([2.0, 2.0, 1.5, -4.0])             # two tied maxima
    top = x == x.max()
    # gap to the next value
    ties, gap = np.count_nonzero(top), x.max() - x[~top].max()
    print(f"\nx = {x.tolist()}: {ties} tied maxima, gap to the next entry = {gap}")
    for c in (0.0, 1.0, 5.0, 20.0, 100.0):
        s = softmax(c * x)
        exact = reference_softmax(c * x)
        bound = softmax_error_bound(c * x) + EPS  # relative, + reference rounding
        print(f"c = {c:5.1f}: S(cx) = [{' '.join(f'{v:.5g}' for v in s)}]"
              f"   largest non-max {s[~top].max():.2e} "
              f"<= e^(-c gap)/{ties} = {np.exp(-c * gap) / ties:.2e}")
        assert np.all(np.abs(s - exact) <= bound * exact)
        # (3.8), with the rounding of both sides: exp within 4 eps of an
        # argument c gap rounded by eps/2 c gap, a division
        assert (np.all(s > 0)
                and s[~top].max() <= np.exp(-c * gap) / ties
                * (1 + bound.max() + 5 * EPS + EPS * c * gap))
    n = x.size
    # 1/n is exact for n = 4; softmax's relative bound, times 1/n
    uniform_bound = (softmax_error_bound(0 * x) + EPS).max() / n
    # on the maxima S(100x)_i = 1/(r + R), R <= (n - r) e^(-c gap): within
    # (n - r) e^(-c gap) / r^2 of 1/r; plus softmax's relative bound, times 1/r
    tail = (n - ties) * math.exp(-100 * gap) / ties**2
    limit_bound = tail + (softmax_error_bound(100 * x)[top].max() + EPS) / ties
    print(f"max |S(0x) - 1/n| <= {uniform_bound:.1e};  "
          f"max |S(100x) - 1/{ties}| on the maxima <= {limit_bound:.1e}, of which "
          f"the limit not reached: {tail:.1e}")
    assert np.abs(softmax(0 * x) - 1 / n).max() <= uniform_bound
    assert np.abs(softmax(100 * x)[top] - 1 / ties).max() <= limit_bound
    # --8<-- [end:demo_scaling]

    # --8<-- [start:demo_scaling_derivative]
    # d/dc S(cx)_i = S_i (x_i - sum_j S_j x_j), (3.9): positive while x_i is above the
    # S-weighted mean.
    c, h = 0.1, 1e-6
    s = softmax(c * x)
    numeric = (softmax((c + h) * x) - softmax((c - h) * x)) / (2 * h)
    # Error bound: |d^3/dc^3 S(cx)_i| <= 2 D^3 with D = max x - min x (the first
    # three cumulants of x under S(cx)); each value off by softmax's bound
    # (S_i <= 1), by eps max|(c + h) x| from rounding (c +- h) x_j, and by
    # |dS/dc| eps c <= D eps c from rounding c +- h.
    spread = np.ptp(x)
    value_error = (softmax_error_bound((c + h) * x).max()
                   + EPS * np.abs((c + h) * x).max() + spread * EPS * c)
    bound = h**2 * 2 * spread**3 / 6 + value_error / h
    print(f"at c = {c}: d/dc S(cx) by central differences "
          f"{np.array2string(numeric, precision=5)}"
          "\n            S * (x - S.x), (3.9)           "
          f"{np.array2string(s * (x - s @ x), precision=5)}"
          f"\n            max |difference| <= {bound:.1e}")
    assert np.abs(numeric - s * (x - s @ x)).max() <= bound
    c_grid = np.linspace(0.0, 8.0, 801)
    third = np.array([softmax(c * x)[2] for c in c_grid])
    peak = third.argmax()
    print(f"S(cx)_3 (x_3 = 1.5) rises from {third[0]:.4f} to {third[peak]:.4f} at c = "
          f"{c_grid[peak]:.2f}, then falls to {third[-1]:.4f} at c = 8")
    # the peak's grid neighbours are lower by more than twice softmax's bound,
    # so rounding cannot move the printed peak
    assert (third[peak] - max(third[peak - 1], third[peak + 1])
            > 2 * softmax_error_bound(8 * x).max())
    assert third[peak] > third[0] > third[-1]
    # --8<-- [end:demo_scaling_derivative]

    # --8<-- [start:demo_temperature_figure]
    import matplotlib.pyplot as plt

    x = np.array([2.0, 2.0, 1.5, -4.0])
    c_values = np.linspace(0.0, 8.0, 161)
    curves = np.array([softmax(c * x) for c in c_values])

    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.plot(c_values, curves[:, 0], lw=2.5,
            label=r"$S_1 = S_2$ ($x_1 = x_2 = 2$, tied maxima)")
    ax.plot(c_values, curves[:, 2], label=r"$S_3$ ($x_3 = 1.5$)")
    ax.plot(c_values, curves[:, 3], label=r"$S_4$ ($x_4 = -4$)")
    ax.axhline(1 / 4, color="gray", ls=":", lw=1)
    ax.axhline(1 / 2, color="gray", ls="--", lw=1)
    ax.text(8.0, 0.5, "limit 1/2 ", ha="right", va="bottom", color="gray")
    ax.text(8.0, 0.245, "value at c = 0: 1/4 ", ha="right", va="top", color="gray")
    ax.set_xlabel(r"$c$ (inverse temperature $1/T$)")
    ax.set_ylabel(r"$S(c\,\mathbf{x})_i$")
    ax.set_ylim(0, 0.6)
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.56))
    # --8<-- [end:demo_temperature_figure]

    # --8<-- [start:demo_two_class]
    import math

    rng = np.random.default_rng(6)
    for x1, x2 in [(2.0, -1.0), (0.0, 0.0), (-3.5, 4.0),
                   *rng.normal(scale=5, size=(3, 2))]:
        z = x1 - x2
        s = softmax([x1, x2])
        # sigma(z) and sigma(-z) = 1 - sigma(z) from the definition (|z| < 700)
        by_hand = np.array([1 / (1 + math.exp(-z)), 1 / (1 + math.exp(z))])
        sigmas = np.array([sigmoid(z), 1 - sigmoid(z)])
        print(f"x = [{x1:6.2f}, {x2:6.2f}]  "
              f"S(x) = {np.array2string(s, precision=6)}"
              "  [sigma(z), 1 - sigma(z)] = "
              f"{np.array2string(sigmas, precision=6)}")
        # relative: softmax's bound; z = x1 - x2 rounded (eps/2 |z|, which moves
        # sigma by at most eps |z| / 2 relative); by_hand within 5 eps; x2 margin
        bound = softmax_error_bound([x1, x2]) + EPS * (10 + abs(z))
        assert np.all(np.abs(s - by_hand) <= bound * by_hand)
        # sigmoid(z) and by_hand at the same z: sigmoid's bound + 5 eps (x2)
        sigmoid_bound = (sigmoid_error_bound(z) + 10 * EPS) * by_hand[0]
        assert abs(sigmoid(z) - by_hand[0]) <= sigmoid_bound
        # 1 - sigmoid(z) loses relative precision where sigma(z) ~ 1: absolute
        assert abs(sigmas[1] - s[1]) <= (sigmoid_error_bound(z) + bound.max()
                                         + EPS)
    # --8<-- [end:demo_two_class]

    # --8<-- [start:demo_k_minus_one]
    rng = np.random.default_rng(7)
    for K in (2, 3, 5, 10):
        x = rng.normal(scale=3.0, size=K)
        y = x[1:] - x[0]  # y_i = x_{i+1} - x_1, K - 1 numbers
        p = softmax(np.concatenate([[0.0], y]))  # S([0, y])
        exact = reference_softmax(x)  # S(x) to 50 digits
        # relative: softmax's bound at [0, y], plus y rounded (eps/2 |y_i|, which
        # moves S by at most eps max|y| relative), plus the reference's rounding
        beta = softmax_error_bound(np.concatenate([[0.0], y])) + EPS * (
            np.abs(y).max() + 1)
        recovered = np.log(p[1:] / p[0])  # y from the probabilities alone, (3.13)
        # the ratio within beta_(i+1) + beta_1 + eps/2 relative, so its log
        # within that (absolute), plus log's 4 eps |y_i|; twice
        log_bound = 2 * (beta[1:] + beta[0] + EPS + 4 * EPS * np.abs(y))
        print(f"K = {K:2}: max |S([0, y]) / S(x) - 1| <= {beta.max():.1e}   "
              f"max |ln(S_(i+1) / S_1) - y_i| <= {log_bound.max():.1e}")
        assert np.all(np.abs(p - exact) <= beta * exact)
        assert np.all(np.abs(recovered - y) <= log_bound)
    # --8<-- [end:demo_k_minus_one]

    # --8<-- [start:demo_robustness]
    big = [1e4, -1e4, 0.0, 1e4 - 1]
    exact = reference_softmax(big)
    print(f"softmax({big}) = {softmax(big)}   50-digit: {exact}")
    print("sigmoid([-1e4, 0, 1e4]) =", sigmoid([-1e4, 0.0, 1e4]),
          "  50-digit:", reference_sigmoid([-1e4, 0.0, 1e4]))
    # relative, entry by entry (0 where S underflows in both)
    bound = softmax_error_bound(big) + EPS
    assert np.all(np.abs(softmax(big) - exact) <= bound * exact)
    # exact values 0, 1/2 and 1
    assert np.array_equal(sigmoid([-1e4, 0.0, 1e4]), reference_sigmoid([-1e4, 0.0, 1e4]))
    for function, bad, reason in [(softmax, [], "empty"),
                                  (softmax, [[1.0, 2.0], [3.0, 4.0]], "1-D"),
                                  (softmax, 3.0, "1-D"),
                                  (softmax, [1.0, float("nan")], "finite"),
                                  (sigmoid, [float("inf")], "finite"),
                                  (sigmoid, [[1.0, 1.0], [1.0, 1.0]], "1-D")]:
        expect_value_error(reason, function, bad)
    # --8<-- [end:demo_robustness]
