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


def expect_value_error(function, *args, match):
    """Call function(*args) and print the ValueError it raises; AssertionError if it
    raises none, or one whose message does not contain `match` (numpy's own errors
    do not count)."""
    try:
        function(*args)
    except ValueError as error:
        print(f"{function.__name__}({', '.join(map(repr, args))}) "
              f"-> ValueError: {error}")
        assert match in str(error), f"expected a message containing {match!r}"
    else:
        raise AssertionError(f"{function.__name__}{args!r} accepted bad input")
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


def reference_softmax(x, digits=50):
    """exp(x_i) / sum_j exp(x_j) exactly as written, in `digits`-digit decimal
    arithmetic.

    Independent of `softmax`: no shift by max(x), and no overflow or underflow, since
    Decimal exponents reach 10^999999 (e^10000 is about 10^4343). Decimal(float)
    converts exactly.
    """
    with localcontext() as context:
        context.prec = digits
        e = [Decimal(float(v)).exp() for v in np.ravel(x)]
        total = sum(e)
        return np.array([float(v / total) for v in e])


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
            # Same numbers first (up to rounding; this also warms both up),
            # then the clock.
            assert np.allclose(explicit_softmax_vjp(s, g), fast_softmax_vjp(s, g),
                               rtol=1e-9, atol=1e-15)
            explicit = best_time(lambda: explicit_softmax_vjp(s, g))
        rows.append((n, explicit, best_time(lambda: fast_softmax_vjp(s, g))))
    return rows
# --8<-- [end:vjp_benchmark]


if __name__ == "__main__":
    # --8<-- [start:demo_softmax_derivative]
    x = np.array([1.0, 2.0, 0.5, -1.0])
    s = softmax(x)
    jacobian = softmax_jacobian(x)                   # S_i (delta_ij - S_j), (2.1)
    numeric = central_difference_jacobian(softmax, x)
    # local: print options are global state
    with np.printoptions(precision=6, suppress=True):
        print("S(x) =", s)
        print("J from (2.1):\n", jacobian)
    gap = np.abs(jacobian - numeric).max()
    off_diagonal = jacobian[~np.eye(x.size, dtype=bool)]
    print(f"max |J - central differences| = {gap:.1e};  "
          f"diagonal > 0: {bool(np.all(np.diag(jacobian) > 0))},"
          f" off-diagonal < 0: {bool(np.all(off_diagonal < 0))}")
    # S as defined
    assert np.allclose(s, np.exp(x) / np.exp(x).sum(), rtol=1e-14, atol=0)
    assert gap < 1e-9 and np.all(np.diag(jacobian) > 0) and np.all(off_diagonal < 0)
    # --8<-- [end:demo_softmax_derivative]

    # --8<-- [start:demo_jacobian_properties]
    rng = np.random.default_rng(2)
    for n in (2, 3, 5, 8):
        x = rng.normal(scale=2.0, size=n)
        s, jacobian = softmax(x), softmax_jacobian(x)
        entrywise = np.array([[s[i] * ((i == j) - s[j]) for j in range(n)]
                              for i in range(n)])
        # ascending; real because J is symmetric
        eigenvalues = np.linalg.eigvalsh(jacobian)
        # the zero eigenvalue is ~1e-17, not 0
        rank = np.linalg.matrix_rank(jacobian, tol=1e-12)
        row_sums = np.abs(jacobian.sum(axis=1)).max()
        print(f"n = {n}: |J - entrywise| {np.abs(jacobian - entrywise).max():.0e}, "
              f"|J - J^T| {np.abs(jacobian - jacobian.T).max():.0e}, "
              f"|J 1| {row_sums:.0e}, rank {rank}, "
              f"smallest eigenvalues {eigenvalues[0]:+.0e}, {eigenvalues[1]:.2e}")
        assert (np.allclose(jacobian, entrywise, rtol=0, atol=1e-16)
                and np.array_equal(jacobian, jacobian.T))
        assert (row_sums < 1e-15 and rank == n - 1
                and abs(eigenvalues[0]) < 1e-15 and eigenvalues[1] > 1e-12)
    # --8<-- [end:demo_jacobian_properties]

    # --8<-- [start:demo_sigmoid_jacobian]
    x = np.array([-3.0, -0.5, 0.0, 2.0, 40.0])
    jacobian = sigmoid_jacobian(x)
    diagonal = np.diag(jacobian)
    # (2.6) as written; no overflow for these x
    by_hand = np.exp(-x) / (1 + np.exp(-x)) ** 2
    numeric = np.diag(central_difference_jacobian(sigmoid, x))
    print("diagonal:", " ".join(f"{v:.6e}" for v in diagonal))
    print("max relative gap to e^-x / (1 + e^-x)^2: "
          f"{np.abs(diagonal / by_hand - 1).max():.1e}")
    print("max relative gap to central differences for |x| <= 3: "
          f"{np.abs(numeric[:-1] / diagonal[:-1] - 1).max():.1e}")
    print(f"  (at x = 40 the difference quotient is {numeric[-1]}: "
          "sigma(40 +- h) both round to 1)")
    print("off-diagonal entries all exactly 0:",
          bool(np.all(jacobian[~np.eye(x.size, dtype=bool)] == 0)))
    print("at x = 40: sigma (1 - sigma) =", sigmoid(40.0) * (1 - sigmoid(40.0)),
          "  sigma(x) sigma(-x) =", sigmoid(40.0) * sigmoid(-40.0))
    assert np.allclose(diagonal, by_hand, rtol=1e-14, atol=0)
    assert np.allclose(numeric[:-1], diagonal[:-1], rtol=1e-8, atol=0)
    assert np.all(jacobian[~np.eye(x.size, dtype=bool)] == 0)
    # --8<-- [end:demo_sigmoid_jacobian]

    # --8<-- [start:demo_vjp]
    rng = np.random.default_rng(4)
    for n in (3, 10, 1000):
        x = rng.normal(scale=3.0, size=n)
        g = rng.normal(size=n)                       # upstream gradient dL/dy
        softmax_gap = np.abs(softmax_jacobian(x).T @ g - softmax_vjp(x, g)).max()
        sigmoid_gap = np.abs(sigmoid_jacobian(x).T @ g - sigmoid_vjp(x, g)).max()
        print(f"n = {n:4}: max |J^T g - O(n) form|  softmax {softmax_gap:.1e}   "
              f"sigmoid {sigmoid_gap:.1e}")
        assert softmax_gap < 1e-12 and sigmoid_gap < 1e-12
    for vjp in (softmax_vjp, sigmoid_vjp):           # g must have the length of x
        expect_value_error(vjp, [1.0, 2.0, 3.0], [1.0, 2.0],
                           match="but x has shape")
    # --8<-- [end:demo_vjp]

    # --8<-- [start:demo_vjp_benchmark]
    # Timings: the output varies from run to run.
    import io

    import matplotlib
    from matplotlib.figure import Figure

    # Both forms up to n = 10^4; the O(n) form alone at 10^5 and 10^6, where its linear
    # growth shows.
    sizes = [10, 30, 100, 300, 1000, 3000, 10000, 100_000, 1_000_000]
    # ONE run: table, ratio and figure share it
    rows = time_softmax_vjps(sizes, explicit_up_to=10_000)
    n_values = np.array([n for n, _, _ in rows])
    explicit_seconds = np.array([t for _, t, _ in rows])
    fast_seconds = np.array([t for _, _, t in rows])
    ratio = explicit_seconds / fast_seconds
    both = ~np.isnan(explicit_seconds)
    largest = n_values[both][-1]

    table = [f"{'n':>9}  {'explicit J^T g':>15}  {'S*(g - S.g)':>13}  {'ratio':>8}"]
    for n, slow, fast, r in zip(n_values, explicit_seconds, fast_seconds, ratio):
        slow_text = f"{slow * 1e6:12.1f} us" if not np.isnan(slow) else f"{'(not run)':>15}"
        ratio_text = f"{r:8.1f}" if not np.isnan(r) else f"{'':8}"
        table.append(f"{n:>9}  {slow_text}  {fast * 1e6:10.1f} us  {ratio_text}")
    table.append(f"measured ratio at n = {largest}: the explicit product took "
                 f"{ratio[both][-1]:.0f} times as long as the O(n) form")
    table.append(f"(at n = {largest} the explicit J holds {largest ** 2:,} numbers, "
                 f"{largest ** 2 * 8 / 1e6:,.0f} MB in float64)")
    i, j = list(n_values).index(largest // 10), list(n_values).index(largest)
    table.append(f"from n = {largest // 10} to {largest} (x10): "
                 f"explicit time x{explicit_seconds[j] / explicit_seconds[i]:.0f}, "
                 f"O(n) time x{fast_seconds[j] / fast_seconds[i]:.1f}; "
                 f"from {n_values[-2]:,} to {n_values[-1]:,}: "
                 f"O(n) time x{fast_seconds[-1] / fast_seconds[-2]:.1f}")
    assert ratio[both][-1] > 1  # the explicit product is the slower one
    print("<pre><code>" + "\n".join(table) + "</code></pre>")

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "q2-vjp-benchmark"
    fig = Figure(figsize=(6.4, 4.2))
    ax = fig.subplots()
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
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    print(svg[svg.index("<svg"):])  # the <svg> element, without the XML prolog
    # --8<-- [end:demo_vjp_benchmark]

    # --8<-- [start:demo_translation]
    rng = np.random.default_rng(5)
    x = rng.normal(size=6)
    exact = reference_softmax(x)  # S(x) to 50 digits, from the definition
    for c in (-1000.0, -3.0, 0.5, 10.0, 700.0):
        gap = np.abs(softmax(x + c) - exact).max()
        print(f"c = {c:7.1f}:  max |softmax(x + c) - S(x) to 50 digits| = "
              f"{gap:.1e}")
        assert gap < 1e-12
    # --8<-- [end:demo_translation]

    # --8<-- [start:demo_overflow]
    import numpy as np


    def run_and_record(function, x):
        """function(x), with numpy's floating-point warnings recorded instead of printed."""
        events = []
        with np.errstate(all="call", call=lambda kind, flag: events.append(kind)):
            value = function(x)
        return value, sorted(set(events))


    print("largest x with a finite exp(x) in float64: ln(max double) =",
          np.log(np.finfo(float).max))
    for x in ([1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1002.0]):
        naive, events = run_and_record(naive_softmax, x)
        print(f"x = {x}")
        print(f"  naive  exp(x)/sum(exp(x))   = {naive}   numpy reported: {events}")
        print(f"  stable S(x - max x)         = {softmax(x)}")
        print(f"  definition, 50-digit arith. = {reference_softmax(x)}")
        assert (np.all(np.isnan(naive))
                and np.allclose(softmax(x), reference_softmax(x), rtol=1e-14, atol=0))

    x = [-1000.0, 1000.0]
    for name, function in (("1/(1 + exp(-x))", naive_sigmoid),
                           ("exp(x)/(1 + exp(x))", naive_sigmoid_ratio)):
        naive, events = run_and_record(function, x)
        print(f"sigmoid at {x}: naive {name:20} = {naive}   numpy reported: {events}")
    print(f"sigmoid at {x}: stable {'':20} = {sigmoid(x)}   "
          f"50-digit: {reference_sigmoid(x)}")
    assert np.isnan(naive[1]) and np.array_equal(sigmoid(x), reference_sigmoid(x))
    # --8<-- [end:demo_overflow]

    # --8<-- [start:demo_scaling]
    import math

    s1, s2 = softmax([1.0, 0.0])[0], softmax([2.0, 0.0])[0]
    print(f"counterexample, x = [1, 0]:  S(x)_1 = {s1:.4f}   S(2x)_1 = {s2:.4f}")
    assert (abs(s1 - math.e / (math.e + 1)) < 1e-15
            and abs(s2 - math.e**2 / (math.e**2 + 1)) < 1e-15)

    x = np.array([2.0, 2.0, 1.5, -4.0])             # two tied maxima
    top = x == x.max()
    # gap to the next value
    ties, gap = np.count_nonzero(top), x.max() - x[~top].max()
    print(f"\nx = {x.tolist()}: {ties} tied maxima, gap to the next entry = {gap}")
    for c in (0.0, 1.0, 5.0, 20.0, 100.0):
        s = softmax(c * x)
        print(f"c = {c:5.1f}: S(cx) = [{' '.join(f'{v:.5g}' for v in s)}]"
              f"   largest non-max {s[~top].max():.2e} "
              f"<= e^(-c gap)/{ties} = {np.exp(-c * gap) / ties:.2e}")
        assert np.allclose(s, reference_softmax(c * x), rtol=1e-12, atol=0)
        assert (np.all(s > 0)
                and s[~top].max() <= np.exp(-c * gap) / ties * (1 + 1e-12))
    print(f"max |S(0x) - 1/n| = {np.abs(softmax(0 * x) - 1 / x.size).max()};  "
          f"max |S(100x) - 1/{ties}| on the maxima = "
          f"{np.abs(softmax(100 * x)[top] - 1 / ties).max()}")
    assert np.array_equal(softmax(0 * x), np.full(x.size, 1 / x.size))
    assert np.allclose(softmax(100 * x)[top], 1 / ties, rtol=0, atol=1e-15)
    # --8<-- [end:demo_scaling]

    # --8<-- [start:demo_scaling_derivative]
    # d/dc S(cx)_i = S_i (x_i - sum_j S_j x_j), (3.9): positive while x_i is above the
    # S-weighted mean.
    c, h = 0.1, 1e-6
    s = softmax(c * x)
    numeric = (softmax((c + h) * x) - softmax((c - h) * x)) / (2 * h)
    print(f"at c = {c}: d/dc S(cx) by central differences "
          f"{np.array2string(numeric, precision=5)}"
          "\n            S * (x - S.x), (3.9)           "
          f"{np.array2string(s * (x - s @ x), precision=5)}")
    assert np.allclose(numeric, s * (x - s @ x), rtol=0, atol=1e-8)
    c_grid = np.linspace(0.0, 8.0, 801)
    third = np.array([softmax(c * x)[2] for c in c_grid])
    print(f"S(cx)_3 (x_3 = 1.5) rises from {third[0]:.4f} to {third.max():.4f} at c = "
          f"{c_grid[third.argmax()]:.2f}, then falls to {third[-1]:.4f} at c = 8")
    assert third.max() > third[0] > third[-1]
    # --8<-- [end:demo_scaling_derivative]

    # --8<-- [start:demo_temperature_figure]
    import io

    import matplotlib
    from matplotlib.figure import Figure

    x = np.array([2.0, 2.0, 1.5, -4.0])
    c_values = np.linspace(0.0, 8.0, 161)
    curves = np.array([softmax(c * x) for c in c_values])

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "q3-temperature"
    fig = Figure(figsize=(6.4, 3.8))
    ax = fig.subplots()
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
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    print(svg[svg.index("<svg"):])  # the <svg> element, without the XML prolog
    # --8<-- [end:demo_temperature_figure]

    # --8<-- [start:demo_two_class]
    import math

    rng = np.random.default_rng(6)
    for x1, x2 in [(2.0, -1.0), (0.0, 0.0), (-3.5, 4.0),
                   *rng.normal(scale=5, size=(3, 2))]:
        z = x1 - x2
        s = softmax([x1, x2])
        # sigma(z) from the definition (|z| < 700 here)
        by_hand = 1 / (1 + math.exp(-z))
        sigmas = np.array([sigmoid(z), 1 - sigmoid(z)])
        print(f"x = [{x1:6.2f}, {x2:6.2f}]  "
              f"S(x) = {np.array2string(s, precision=6)}"
              "  [sigma(z), 1 - sigma(z)] = "
              f"{np.array2string(sigmas, precision=6)}")
        assert (np.allclose(s, [by_hand, 1 - by_hand], rtol=0, atol=1e-15)
                and abs(sigmoid(z) - by_hand) < 1e-15)
    # --8<-- [end:demo_two_class]

    # --8<-- [start:demo_k_minus_one]
    rng = np.random.default_rng(7)
    for K in (2, 3, 5, 10):
        x = rng.normal(scale=3.0, size=K)
        y = x[1:] - x[0]  # y_i = x_{i+1} - x_1, K - 1 numbers
        p = softmax(np.concatenate([[0.0], y]))  # S([0, y])
        gap = np.abs(p - reference_softmax(x)).max()  # against S(x) to 50 digits
        recovered = np.log(p[1:] / p[0])  # y from the probabilities alone, (3.13)
        print(f"K = {K:2}: max |S([0, y]) - S(x)| = {gap:.1e}   "
              f"max |ln(S_(i+1) / S_1) - y_i| = {np.abs(recovered - y).max():.1e}")
        assert gap < 1e-14 and np.allclose(recovered, y, rtol=0, atol=1e-12)
    # --8<-- [end:demo_k_minus_one]

    # --8<-- [start:demo_robustness]
    big = [1e4, -1e4, 0.0, 1e4 - 1]
    print(f"softmax({big}) = {softmax(big)}   50-digit: {reference_softmax(big)}")
    print("sigmoid([-1e4, 0, 1e4]) =", sigmoid([-1e4, 0.0, 1e4]),
          "  50-digit:", reference_sigmoid([-1e4, 0.0, 1e4]))
    assert np.allclose(softmax(big), reference_softmax(big), rtol=1e-14, atol=0)
    assert np.array_equal(sigmoid([-1e4, 0.0, 1e4]), reference_sigmoid([-1e4, 0.0, 1e4]))
    for function, bad, match in [(softmax, [], "empty"),
                                 (softmax, [[1.0, 2.0], [3.0, 4.0]], "1-D"),
                                 (softmax, 3.0, "1-D"),
                                 (softmax, [1.0, float("nan")], "finite"),
                                 (sigmoid, [float("inf")], "finite"),
                                 (sigmoid, [[1.0, 1.0], [1.0, 1.0]], "1-D")]:
        expect_value_error(function, bad, match=match)
    # --8<-- [end:demo_robustness]
