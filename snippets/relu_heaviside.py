"""Question 1: ReLU, the Heaviside step, its sigmoid approximation and its distributional derivative.

Sections between ``--8<--`` markers are shown on the page ``docs/q1-relu-heaviside.md`` and run
when the site is built. Conventions (docs/notation.md): H(0) = 1/2; sigma(t) = 1 / (1 + e^-t).
"""

# --8<-- [start:functions]
import numpy as np


def finite_array(x, name="x"):
    """x as a float array (any shape); ValueError if it holds nan or inf."""
    x = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite (it contains nan or inf)")
    return x


def relu(x):
    """g(x) = max(0, x), entrywise."""
    return np.maximum(0.0, finite_array(x))


def heaviside(x):
    """H(x) = 1 for x > 0, 1/2 at x = 0, 0 for x < 0 (the assignment's value at 0)."""
    return np.heaviside(finite_array(x), 0.5)


def sigmoid(t):
    """sigma(t) = 1 / (1 + e^-t), entrywise, any shape; exp only sees -|t| <= 0, so never overflows."""
    t = finite_array(t, "t")
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(t):
    """sigma'(t) = sigma(t) (1 - sigma(t)) = sigma(t) sigma(-t); the second form avoids 1 - 1 = 0."""
    return sigmoid(t) * sigmoid(-np.asarray(t, dtype=float))
# --8<-- [end:functions]


# --8<-- [start:quadrature]
import numpy as np


def trapezoid(values, grid):
    """Trapezoidal rule for the integral of samples `values` taken at the points `grid`."""
    values, grid = np.asarray(values, dtype=float), np.asarray(grid, dtype=float)
    return float(np.sum((values[1:] + values[:-1]) * np.diff(grid)) / 2)


def grid_through_zero(lower, upper, step):
    """Points from lower < 0 to upper > 0, at most `step` apart, with 0 itself one of them.

    For an integrand H(x) f(x) that jumps at 0, the two trapezoids beside 0 then add up to
    exactly the trapezoid of f on [0, step] because H(0) = 1/2: the jump costs no accuracy.
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
    """g(x) = x H(x): at x = 0 the value of H does not matter, since it is multiplied by 0."""
    x = finite_array(x)
    return x * heaviside(x)


def relu_as_integral(x, step=1e-4):
    """g(x) = integral of H(t) dt for t from -infinity to x, by the trapezoidal rule.

    H(t) = 0 for t < 0, so the integral may start at any point below min(x, 0); we start at
    min(x, 0) - 1. The rule is exact on each piece where H is constant; the one panel that
    straddles t = 0 contributes an error of at most step / 2.
    """
    x = float(finite_array(x))
    lower = min(x, 0.0) - 1.0
    grid = np.linspace(lower, x, int(np.ceil((x - lower) / step)) + 1)  # t, the dummy variable
    return trapezoid(heaviside(grid), grid)
# --8<-- [end:relu_from_heaviside]


# --8<-- [start:bump]
import numpy as np


def bump(x, center=0.4, radius=1.0):
    """phi(x) = exp(-1 / (1 - u^2)) with u = (x - center) / radius when |u| < 1, else 0.

    Infinitely differentiable with compact support [center - radius, center + radius]. The
    default is off-centre so that phi(0) = exp(-1 / (1 - 0.4^2)) is not a special value.
    """
    if not radius > 0:
        raise ValueError(f"radius must be positive, got {radius}")
    u = (finite_array(x) - center) / radius
    inside = np.abs(u) < 1
    safe = np.where(inside, 1 - u**2, 1.0)      # keeps 1 / (1 - u^2) finite outside the support
    return np.where(inside, np.exp(-1 / safe), 0.0)


def bump_derivative(x, center=0.4, radius=1.0):
    """phi'(x) = phi(x) * (-2u / (1 - u^2)^2) / radius, by the chain rule; 0 outside the support."""
    u = (finite_array(x) - center) / radius
    inside = np.abs(u) < 1
    safe = np.where(inside, 1 - u**2, 1.0)
    return np.where(inside, bump(x, center, radius) * (-2 * u / safe**2) / radius, 0.0)
# --8<-- [end:bump]


if __name__ == "__main__":
    # --8<-- [start:demo_derivative]
    import numpy as np

    h = 1e-6
    print("central differences away from 0, (g(x+h) - g(x-h)) / 2h against H(x):")
    for x in (-2.0, -0.3, -1e-3, 1e-3, 0.7, 5.0):
        quotient = (relu(x + h) - relu(x - h)) / (2 * h)
        print(f"  x = {x:7.3f}:  quotient = {quotient:.9f}   H(x) = {heaviside(x)}")
        assert abs(quotient - heaviside(x)) < 1e-6

    print("one-sided difference quotients at 0, (g(0 + eps) - g(0)) / eps:")
    for eps in (1e-1, 1e-4, 1e-8):
        right = (relu(eps) - relu(0.0)) / eps
        left = (relu(-eps) - relu(0.0)) / (-eps) + 0.0   # + 0.0 turns IEEE -0.0 into 0.0
        print(f"  eps = {eps:.0e}:  from the right {right}   from the left {left}")
        assert right == 1.0 and left == 0.0
    # The symmetric quotient at 0 is 1/2 for every eps: it averages the two one-sided
    # slopes; it says nothing about differentiability.
    print("symmetric quotient at 0:", (relu(h) - relu(-h)) / (2 * h))
    # --8<-- [end:demo_derivative]

    # --8<-- [start:demo_subgradient]
    import numpy as np

    # s is a subgradient of g at 0 when g(y) >= g(0) + s * y for every y.
    y = np.linspace(-10, 10, 2001)
    candidates = np.round(np.arange(-0.5, 1.51, 0.25), 2)
    valid = [float(s) for s in candidates if np.all(relu(y) >= relu(0.0) + s * y)]
    print("candidate slopes:", candidates.tolist())
    print("subgradients at 0 among them:", valid)
    assert valid == [0.0, 0.25, 0.5, 0.75, 1.0]
    # --8<-- [end:demo_subgradient]

    # --8<-- [start:demo_two_definitions]
    import numpy as np

    print(f"{'x':>6}  {'max(0, x)':>9}  {'x H(x)':>6}  {'integral of H up to x':>21}  {'|error|':>7}")
    for x in (-2.0, -0.5, 0.0, 0.5, 1.0, 3.25):
        by_integral = relu_as_integral(x)
        print(f"{x:6.2f}  {float(relu(x)):9.2f}  {float(relu_as_product(x)) + 0.0:6.2f}  "
              f"{by_integral:21.6f}  {abs(by_integral - relu(x)):7.1e}")
        assert relu_as_product(x) == relu(x) and abs(by_integral - relu(x)) <= 1e-4 / 2 + 1e-12
    # --8<-- [end:demo_two_definitions]

    # --8<-- [start:demo_sigmoid_limit]
    import numpy as np

    delta = 0.1
    x_near_0 = np.concatenate([-np.logspace(-12, 1, 400), np.logspace(-12, 1, 400)])  # x != 0
    x_near_0 = np.append(x_near_0, [-delta, delta])  # the worst points of |x| >= delta
    print(f"{'k':>6}  {'sigma(k*0.01)':>13}  {'1/2 - max err near 0':>20}  "
          f"{'max err, |x|>=0.1':>17}  {'exp(-k 0.1)':>11}  {'L1 error':>9}  {'2 ln2 / k':>9}")
    for k in (1, 10, 100, 1000, 10000):
        sup_error = np.abs(sigmoid(k * x_near_0) - heaviside(x_near_0)).max()
        far = x_near_0[np.abs(x_near_0) >= delta]
        far_error = np.abs(sigmoid(k * far) - heaviside(far)).max()
        # The error is < e^-60 outside [-60/k, 60/k]. An even number of points keeps x = 0 off
        # the grid: there |sigma(0) - H(0)| = 0, a one-point dip that does not change the integral.
        grid = np.linspace(-60 / k, 60 / k, 240000)
        l1 = trapezoid(np.abs(sigmoid(k * grid) - heaviside(grid)), grid)
        print(f"{k:6}  {float(sigmoid(k * 0.01)):13.6f}  {0.5 - sup_error:20.1e}  "
              f"{far_error:17.4e}  {np.exp(-k * delta):11.4e}  {l1:9.6f}  {2 * np.log(2) / k:9.6f}")
        assert sup_error < 0.5 and far_error <= np.exp(-k * delta)
        assert abs(l1 - 2 * np.log(2) / k) < 1e-6 / k
    print("at x = 0 for every k:", float(sigmoid(0.0)), "= H(0)")
    # Non-uniform: for every k, the error is still 0.49 at x = ln(0.51/0.49) / k > 0.
    for k in (10, 1000):
        x_k = np.log(0.51 / 0.49) / k
        print(f"k = {k}: error at x = {x_k:.2e} is {float(heaviside(x_k) - sigmoid(k * x_k)):.4f}")
    # --8<-- [end:demo_sigmoid_limit]

    # --8<-- [start:demo_sigmoid_figure]
    import io

    import matplotlib
    from matplotlib.figure import Figure

    x = np.linspace(-3, 3, 241)
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "q1-sigmoid-limit"
    fig = Figure(figsize=(6.4, 3.6))
    ax = fig.subplots()
    for k in (1, 3, 10, 50):
        ax.plot(x, sigmoid(k * x), label=f"$\\sigma({k}x)$")
    # H drawn as two pieces plus its value 1/2 at 0, so no vertical segment is implied.
    ax.plot(x[x < 0], heaviside(x[x < 0]), color="black", lw=2)
    ax.plot(x[x > 0], heaviside(x[x > 0]), color="black", lw=2, label="$H(x)$")
    ax.plot([0], [heaviside(0.0)], "o", color="black", ms=5)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    print(svg[svg.index("<svg"):])                   # the <svg> element, without the XML prolog
    # --8<-- [end:demo_sigmoid_figure]

    # --8<-- [start:demo_distributional]
    import numpy as np

    center, radius = 0.4, 1.0                        # phi lives on [-0.6, 1.4]
    grid = grid_through_zero(center - radius, center + radius, step=5e-6)
    phi, dphi = bump(grid, center, radius), bump_derivative(grid, center, radius)
    print(f"phi(0) = {float(bump(0.0, center, radius)):.10f}")
    h = 1e-6
    print("phi' against central differences, max error:",
          f"{np.abs(dphi - (bump(grid + h, center, radius) - bump(grid - h, center, radius)) / (2 * h)).max():.1e}")

    # Integration by parts, F' [phi] = -F[phi'], for F with a derivative we can integrate:
    for name, F, dF in [("sin (C^1)", np.sin, np.cos), ("ReLU (Lipschitz)", relu, heaviside)]:
        left = trapezoid(dF(grid) * phi, grid)
        right = -trapezoid(F(grid) * dphi, grid)
        print(f"F = {name:17}: integral F' phi = {left:.10f}   -integral F phi' = {right:.10f}")
        assert abs(left - right) < 1e-9

    # The definition applied to H, which has no derivative at 0:
    H_prime = -trapezoid(heaviside(grid) * dphi, grid)
    print(f"H'[phi] = -integral H phi' = {H_prime:.10f}   phi(0) = {float(bump(0.0, center, radius)):.10f}")
    # The pointwise derivative of H is 0 wherever it exists: integrating it against phi gives 0.
    print("integral of (pointwise H' = 0) * phi =", trapezoid(0 * phi, grid))
    assert abs(H_prime - bump(0.0, center, radius)) < 1e-9
    # --8<-- [end:demo_distributional]

    # --8<-- [start:demo_mollified_delta]
    import numpy as np

    center, radius = 0.4, 1.0
    grid = np.linspace(center - radius, center + radius, 400001)   # spacing 5e-6
    phi_0 = float(bump(0.0, center, radius))
    print(f"phi(0) = {phi_0:.10f}")
    header = "integral k sigma'(kx) phi"
    print(f"{'k':>6}  {header:>26}  {'error':>10}  {'k^2 * error':>11}")
    errors = []
    for k in (1, 10, 100, 1000, 10000):
        value = trapezoid(k * sigmoid_derivative(k * grid) * bump(grid, center, radius), grid)
        errors.append(value - phi_0)
        print(f"{k:6}  {value:26.10f}  {value - phi_0:10.2e}  {k**2 * (value - phi_0):11.4f}")
    # Taylor expansion of phi around 0: the error is about phi''(0) (pi^2 / 3) / (2 k^2).
    h = 1e-4
    phi_second = float(bump(h, center, radius) - 2 * bump(0.0, center, radius) + bump(-h, center, radius)) / h**2
    print(f"predicted limit of k^2 * error: phi''(0) pi^2 / 6 = {phi_second * np.pi**2 / 6:.4f}")
    assert all(abs(later) < abs(earlier) for earlier, later in zip(errors, errors[1:]))
    assert abs(errors[-1] * 1e4**2 - phi_second * np.pi**2 / 6) < 1e-3
    # --8<-- [end:demo_mollified_delta]
