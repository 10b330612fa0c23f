"""Question 1: ReLU, the Heaviside step, its sigmoid approximation and its
distributional derivative.

Sections between ``--8<--`` markers are shown on the page ``docs/q1-relu-heaviside.md``
and run there, in this order, in one Python session. Conventions (docs/notation.md):
H(0) = 1/2; sigma(t) = 1 / (1 + e^-t). Running this file runs every demo; each asserts
what it prints.
"""

# --8<-- [start:validation]
import numpy as np


def finite_array(x, name="x"):
    """x as a float array (any shape); ValueError if it holds nan or inf."""
    x = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite (it contains nan or inf)")
    return x
# --8<-- [end:validation]


# --8<-- [start:functions]
import numpy as np


def relu(x):
    """ReLU(x) = max(0, x), entrywise (g in the question)."""
    return np.maximum(0.0, finite_array(x))


def heaviside(x):
    """H(x) = 1 for x > 0, 1/2 at x = 0, 0 for x < 0 (the assignment's value
    at 0)."""
    return np.heaviside(finite_array(x), 0.5)


def sigmoid(t):
    """sigma(t) = 1 / (1 + e^-t), entrywise; exp only sees -|t| <= 0, so it
    never overflows."""
    t = finite_array(t, "t")
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(t):
    """sigma'(t) = sigma(t) (1 - sigma(t)) = sigma(t) sigma(-t); the second form
    avoids 1 - 1 = 0."""
    return sigmoid(t) * sigmoid(-np.asarray(t, dtype=float))
# --8<-- [end:functions]


# --8<-- [start:quadrature]
import numpy as np


def trapezoid(values, grid):
    """Trapezoidal rule for the integral of samples `values` taken at the points
    `grid`."""
    values, grid = np.asarray(values, dtype=float), np.asarray(grid, dtype=float)
    return float(np.sum((values[1:] + values[:-1]) * np.diff(grid)) / 2)


def grid_through_zero(lower, upper, step):
    """Points from lower < 0 to upper > 0, at most `step` apart, with 0 itself one of
    them.

    For an integrand H(x) f(x) that jumps at 0, the two trapezoids beside 0 then add up
    to exactly the trapezoid of f on [0, step] because H(0) = 1/2: the jump costs no
    accuracy.
    """
    if not lower < 0 < upper:
        raise ValueError(f"need lower < 0 < upper, got lower={lower}, upper={upper}")
    left = np.linspace(lower, 0.0, int(np.ceil(-lower / step)) + 1)
    right = np.linspace(0.0, upper, int(np.ceil(upper / step)) + 1)
    return np.concatenate([left, right[1:]])
# --8<-- [end:quadrature]


# --8<-- [start:relu_from_heaviside]
import numpy as np


def relu_as_product(x):
    """ReLU(x) = x H(x): at x = 0 the value of H does not matter, since it is
    multiplied by 0."""
    x = finite_array(x)
    return x * heaviside(x)


def relu_as_integral(x, step=1e-4):
    """ReLU(x) = integral of H(t) dt for t from -infinity to x, by the
    trapezoidal rule.

    H(t) = 0 for t < 0, so the integral may start at any point below min(x, 0);
    we start at min(x, 0) - 1. The rule is exact on each panel where H is
    constant; only the panel that contains t = 0 can be off, by at most
    step / 2.
    """
    x = float(finite_array(x))
    lower = min(x, 0.0) - 1.0
    # the points t (the dummy variable of the integral), at most `step` apart
    grid = np.linspace(lower, x, int(np.ceil((x - lower) / step)) + 1)
    return trapezoid(heaviside(grid), grid)
# --8<-- [end:relu_from_heaviside]


# --8<-- [start:bump]
import numpy as np


def bump(x, center=0.4, radius=1.0):
    """phi(x) = exp(-1 / (1 - u^2)) with u = (x - center) / radius when |u| < 1,
    else 0.

    Infinitely differentiable with compact support
    [center - radius, center + radius]. The default is off-centre so that
    phi(0) = exp(-1 / (1 - 0.4^2)) is not a special value.
    """
    if not radius > 0:
        raise ValueError(f"radius must be positive, got {radius}")
    u = (finite_array(x) - center) / radius
    inside = np.abs(u) < 1
    # keeps 1 / (1 - u^2) finite outside the support
    safe = np.where(inside, 1 - u**2, 1.0)
    return np.where(inside, np.exp(-1 / safe), 0.0)


def bump_derivative(x, center=0.4, radius=1.0):
    """phi'(x) = phi(x) * (-2u / (1 - u^2)^2) / radius, by the chain rule;
    0 outside the support."""
    u = (finite_array(x) - center) / radius
    inside = np.abs(u) < 1
    safe = np.where(inside, 1 - u**2, 1.0)
    return np.where(inside,
                    bump(x, center, radius) * (-2 * u / safe**2) / radius, 0.0)
# --8<-- [end:bump]


if __name__ == "__main__":
    # --8<-- [start:demo_derivative]
    h = 1e-6
    print("central differences (g(x+h) - g(x-h)) / 2h away from 0, against H(x):")
    for x in (-2.0, -0.3, -1e-3, 1e-3, 0.7, 5.0):
        quotient = (relu(x + h) - relu(x - h)) / (2 * h)
        print(f"  x = {x:6.3f}:  quotient = {quotient:.9f}   H(x) = {heaviside(x)}")
        assert (abs(quotient - heaviside(x)) < 1e-6
                and heaviside(x) == (x > 0))  # H by hand: 1 or 0
    print("one-sided quotients at 0, (g(0 + eps) - g(0)) / eps:")
    for eps in (1e-1, 1e-4, 1e-8):
        right = (relu(eps) - relu(0.0)) / eps
        # + 0.0 turns IEEE -0.0 into 0.0
        left = (relu(-eps) - relu(0.0)) / (-eps) + 0.0
        print(f"  eps = {eps:.0e}:  from the right {right}   from the left {left}")
        assert right == 1.0 and left == 0.0               # the limits (1.3)
    # averages the two one-sided slopes
    symmetric = (relu(h) - relu(-h)) / (2 * h)
    print("symmetric quotient at 0, (g(h) - g(-h)) / 2h:", symmetric)
    assert symmetric == 0.5
    # --8<-- [end:demo_derivative]

    # --8<-- [start:demo_subgradient]
    # s is a subgradient of g at 0 when g(y) >= g(0) + s * y for every y, (1.4).
    y = np.linspace(-10, 10, 2001)
    candidates = np.arange(-0.5, 1.51, 0.25)
    valid = [float(s) for s in candidates if np.all(relu(y) >= relu(0.0) + s * y)]
    print("candidate slopes:", candidates.tolist())
    print("subgradients at 0 among them:", valid)
    assert valid == [0.0, 0.25, 0.5, 0.75, 1.0]           # exactly those in [0, 1]
    # --8<-- [end:demo_subgradient]

    # --8<-- [start:demo_two_definitions]
    step = 1e-4
    print(f"{'x':>5}  {'max(0, x)':>9}  {'x H(x)':>6}  "
          f"{'integral of H up to x':>21}  {'|error|':>7}")
    for x in (-2.0, -0.5, 0.0, 0.5, 1.0, 3.25):
        by_integral = relu_as_integral(x, step)
        error = abs(by_integral - max(0.0, x))  # max(0, x) by hand, not by relu()
        print(f"{x:5.2f}  {float(relu(x)):9.2f}  "
              f"{float(relu_as_product(x)) + 0.0:6.2f}  "
              f"{by_integral:21.6f}  {error:7.1e}")
        assert relu(x) == relu_as_product(x) == max(0.0, x) and error <= step / 2
        # 0 is a grid node here: exact for x != 0; at x = 0 the last panel
        # [-step, 0] ends at the jump and gives
        # step * (H(-step) + H(0)) / 2 = step / 4.
        assert error == 0 if x != 0 else abs(error - step / 4) < 1e-12
    # --8<-- [end:demo_two_definitions]

    # --8<-- [start:demo_sigmoid_limit]
    import math

    far = np.concatenate([-np.geomspace(0.1, 10, 200),
                          np.geomspace(0.1, 10, 200)])  # |x| >= 0.1
    print(f"{'k':>5}  {'sigma(0.01k)':>12}  {'error at x = 1/k':>16}  "
          f"{'max error, |x| >= 0.1':>21}  {'1/(1 + e^0.1k)':>14}  {'e^-0.1k':>9}")
    for k in (1, 10, 100, 1000):
        at_fixed = float(sigmoid(k * 0.01))    # x = 0.01 fixed: tends to H = 1
        # x = 1/k moves with k
        at_1_over_k = float(heaviside(1 / k) - sigmoid(k * (1 / k)))
        far_error = np.abs(sigmoid(k * far) - heaviside(far)).max()
        sup_far = 1 / (1 + math.exp(0.1 * k))  # (1.9), by hand
        print(f"{k:5}  {at_fixed:12.6f}  {at_1_over_k:16.6f}  {far_error:21.4e}  "
              f"{sup_far:14.4e}  {math.exp(-0.1 * k):9.2e}")
        assert 1 - at_fixed <= math.exp(-0.01 * k)  # (1.9) with delta = 0.01
        # sigma(-1), for every k
        assert abs(at_1_over_k - 1 / (1 + math.e)) < 1e-15
        assert (abs(far_error - sup_far) <= 1e-15 * sup_far + 1e-300
                and sup_far <= math.exp(-0.1 * k))
    print("at x = 0, for every k: sigma(k 0) =", float(sigmoid(0.0)),
          "= H(0) =", float(heaviside(0.0)))
    assert sigmoid(0.0) == heaviside(0.0) == 0.5
    # --8<-- [end:demo_sigmoid_limit]

    # --8<-- [start:demo_l1_error]
    import math

    for k in (1, 10, 100, 1000):
        # The error is below e^-60 outside [-60/k, 60/k]. An even number of points
        # keeps x = 0 off the grid (at 0 the error is 0: a one-point dip that would
        # cost half a panel).
        grid = np.linspace(-60 / k, 60 / k, 240_000)
        l1 = trapezoid(np.abs(sigmoid(k * grid) - heaviside(grid)), grid)
        print(f"k = {k:4}:  L1 error by quadrature {l1:.9f}   "
              f"2 ln 2 / k = {2 * math.log(2) / k:.9f}")
        assert abs(l1 - 2 * math.log(2) / k) < 1e-7 / k
    # --8<-- [end:demo_l1_error]

    # --8<-- [start:demo_sigmoid_figure]
    import io

    import matplotlib
    from matplotlib.figure import Figure

    x = np.linspace(-3, 3, 241)
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "q1-sigmoid-limit"
    fig = Figure(figsize=(6.4, 3.4))
    ax = fig.subplots()
    for k in (1, 3, 10, 50):
        ax.plot(x, sigmoid(k * x), label=f"$\\sigma({k}x)$")
    # H drawn as two pieces plus its value 1/2 at 0, so no vertical segment is
    # implied.
    ax.plot(x[x < 0], heaviside(x[x < 0]), color="black", lw=2)
    ax.plot(x[x > 0], heaviside(x[x > 0]), color="black", lw=2, label="$H(x)$")
    ax.plot([0], [heaviside(0.0)], "o", color="black", ms=5)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    # the <svg> element only
    print(buffer.getvalue()[buffer.getvalue().index("<svg"):])
    # --8<-- [end:demo_sigmoid_figure]

    # --8<-- [start:demo_distributional]
    import math

    phi_0 = math.exp(-1 / (1 - 0.4**2))                   # phi(0) by hand
    # phi lives on [-0.6, 1.4]; 0 is a node
    grid = grid_through_zero(-0.6, 1.4, step=5e-6)
    phi, dphi = bump(grid), bump_derivative(grid)
    fd_gap = np.abs(dphi - (bump(grid + 1e-6) - bump(grid - 1e-6)) / 2e-6).max()
    print(f"phi(0) = {phi_0:.10f};  max |phi' - central difference| = {fd_gap:.1e}")
    assert float(bump(0.0)) == phi_0 and fd_gap < 1e-6
    # (1.12) for F with an integrable derivative:
    # integral F' phi = -integral F phi'.
    for name, F, dF in [("sin (C^1)", np.sin, np.cos),
                        ("ReLU (Lipschitz)", relu, heaviside)]:
        left, right = (trapezoid(dF(grid) * phi, grid),
                       -trapezoid(F(grid) * dphi, grid))
        print(f"F = {name:16}: integral F' phi = {left:.10f}   "
              f"-integral F phi' = {right:.10f}")
        assert abs(left - right) < 1e-9
    # (1.13): the definition applied to H, which has no derivative at 0.
    H_prime = -trapezoid(heaviside(grid) * dphi, grid)
    print(f"H'[phi] = -integral H phi' = {H_prime:.10f}   phi(0) = {phi_0:.10f}")
    assert abs(H_prime - phi_0) < 1e-9 and 0.0 in grid
    # --8<-- [end:demo_distributional]

    # --8<-- [start:demo_bad_input]
    for function, args, match in [(relu, ([1.0, float("nan")],), "finite"),
                                  (sigmoid, (float("-inf"),), "finite"),
                                  (bump, (0.0, 0.4, 0.0), "radius"),
                                  (grid_through_zero, (-1.0, 0.0, 0.1), "lower < 0")]:
        try:
            function(*args)
        except ValueError as error:  # the function's own message, not numpy's
            print(f"{function.__name__}({', '.join(map(repr, args))}) "
                  f"-> ValueError: {error}")
            assert match in str(error)
        else:
            raise AssertionError(f"{function.__name__}{args} accepted bad input")
    # --8<-- [end:demo_bad_input]

    # --8<-- [start:demo_mollified_delta]
    grid = np.linspace(-0.6, 1.4, 400_001)                # spacing 5e-6
    phi_0 = float(bump(0.0))
    h = 1e-4
    phi_second = float(bump(h) - 2 * bump(0.0) + bump(-h)) / h**2
    header = "integral k sigma'(kx) phi"
    print(f"{'k':>6}  {header:>25}  {'error':>9}  {'k^2 error':>9}")
    errors = []
    for k in (1, 10, 100, 1000, 10000):
        value = trapezoid(k * sigmoid_derivative(k * grid) * bump(grid), grid)
        errors.append(value - phi_0)
        print(f"{k:6}  {value:25.10f}  {value - phi_0:9.2e}  {k**2 * (value - phi_0):9.4f}")
    print("predicted limit of k^2 error, (1.15): phi''(0) pi^2 / 6 = "
          f"{phi_second * np.pi**2 / 6:.4f}")
    assert all(abs(later) < abs(earlier) for earlier, later in zip(errors, errors[1:]))
    assert abs(errors[-1] * 1e4**2 - phi_second * np.pi**2 / 6) < 1e-3
    # --8<-- [end:demo_mollified_delta]
