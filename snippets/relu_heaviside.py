"""Question 1: ReLU, the Heaviside step, its sigmoid approximation and its
distributional derivative.

Sections between ``--8<--`` markers are shown on the page ``docs/q1-relu-heaviside.md``
and run there, in this order, in one Python session. Conventions (docs/notation.md):
H(0) = 1/2; sigma(t) = 1 / (1 + e^-t). Running this file runs every demo; each asserts
what it prints.

Every tolerance below comes from an error bound written next to it, in units of
eps = 2.2e-16 (numpy's float64 machine epsilon). numpy's exp is assumed accurate to eps
relative (measured: within 0.55 eps with numpy's AVX-512 loop, 0.5 eps with glibc's, which
numpy uses on other CPUs); sums are added with math.fsum, correctly rounded, so no result
depends on the order a CPU adds in.
"""

# --8<-- [start:validation]
import numpy as np


def finite_array(x, name="x"):
    """x as a float array (any shape); ValueError if it holds nan or inf."""
    x = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite (it contains nan or inf)")
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
    never overflows. Relative error <= 2 eps while e^-|t| is a normal
    number (|t| <= 708)."""
    t = finite_array(t, "t")
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(t):
    """sigma'(t) = sigma(t) sigma(-t), relative error <= 4.5 eps for
    |t| <= 708. The textbook form sigma(t) (1 - sigma(t)) is not: once
    sigma(t) rounds to 1 (t > 36.7), 1 - sigma(t) is 0."""
    return sigmoid(t) * sigmoid(-finite_array(t, "t"))
# --8<-- [end:functions]


# --8<-- [start:quadrature]
import math

import numpy as np


def trapezoid(values, grid):
    """Trapezoidal rule for the integral of samples `values` taken at the points
    `grid`. math.fsum adds the panels correctly rounded: the result does not
    depend on the order a machine would add them in."""
    values, grid = finite_array(values, "values"), finite_array(grid, "grid")
    if values.ndim != 1 or values.shape != grid.shape:
        raise ValueError(f"values and grid must be 1-D of one length, got "
                         f"shapes {values.shape} and {grid.shape}")
    panels = (values[1:] + values[:-1]) * np.diff(grid)
    return math.fsum(panels.tolist()) / 2


def positive_step(step):
    """step as a float; ValueError unless it is finite and > 0."""
    step = float(finite_array(step, "step"))
    if not step > 0:
        raise ValueError(f"step must be positive, got {step}")
    return step


def grid_through_zero(lower, upper, step):
    """Points from lower < 0 to upper > 0, at most `step` apart, with 0 itself one of
    them.

    For an integrand H(x) f(x) that jumps at 0, the two trapezoids beside 0 then add up
    to the trapezoid of f on [0, step] because H(0) = 1/2: the jump costs no accuracy.
    """
    lower = float(finite_array(lower, "lower"))
    upper = float(finite_array(upper, "upper"))
    step = positive_step(step)
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
    step / 2 (plus rounding).
    """
    x = float(finite_array(x))
    step = positive_step(step)
    lower = min(x, 0.0) - 1.0
    # the points t (the dummy variable of the integral), at most `step` apart
    grid = np.linspace(lower, x, int(np.ceil((x - lower) / step)) + 1)
    return trapezoid(heaviside(grid), grid)
# --8<-- [end:relu_from_heaviside]


# --8<-- [start:bump]
import numpy as np


def bump_coordinate(x, center, radius):
    """u = (x - center) / radius, after checking the arguments."""
    center = float(finite_array(center, "center"))
    if not (np.isfinite(radius) and radius > 0):
        raise ValueError(f"radius must be positive and finite, got {radius}")
    return (finite_array(x) - center) / radius


def bump(x, center=0.4, radius=1.0):
    """phi(x) = exp(-1 / (1 - u^2)) with u = (x - center) / radius when |u| < 1,
    else 0.

    Infinitely differentiable with compact support
    [center - radius, center + radius]. The default is off-centre so that
    phi(0) = exp(-1 / (1 - 0.4^2)) is not a special value.
    """
    u = bump_coordinate(x, center, radius)
    inside = np.abs(u) < 1
    # keeps 1 / (1 - u^2) finite outside the support
    safe = np.where(inside, 1 - u**2, 1.0)
    return np.where(inside, np.exp(-1 / safe), 0.0)


def bump_derivative(x, center=0.4, radius=1.0):
    """phi'(x) = phi(x) * (-2u / (1 - u^2)^2) / radius, by the chain rule;
    0 outside the support."""
    u = bump_coordinate(x, center, radius)
    inside = np.abs(u) < 1
    safe = np.where(inside, 1 - u**2, 1.0)
    return np.where(inside,
                    bump(x, center, radius) * (-2 * u / safe**2) / radius, 0.0)
# --8<-- [end:bump]


if __name__ == "__main__":
    # --8<-- [start:demo_derivative]
    eps = np.finfo(float).eps                             # 2.2e-16
    h = 1e-6
    print("central differences (g(x+h) - g(x-h)) / 2h away from 0, against H(x):")
    bounds = []
    for x in (-2.0, -0.3, -1e-3, 1e-3, 0.7, 5.0):
        quotient = (relu(x + h) - relu(x - h)) / (2 * h)
        print(f"  x = {x:6.3f}:  quotient = {quotient:.6f}   H(x) = {heaviside(x)}")
        # g is linear on [x - h, x + h]: no truncation error, only the
        # rounding of x + h and x - h (eps |x| / 2h) and of the division.
        bounds.append(eps * (abs(x) + h) / h)
        assert (abs(quotient - heaviside(x)) <= bounds[-1]
                and heaviside(x) == (x > 0))  # H by hand: 1 or 0
    print(f"  every |quotient - H(x)| <= eps (|x| + h) / h <= {max(bounds):.1e}")
    print("one-sided quotients at 0, (g(0 + epsilon) - g(0)) / epsilon:")
    for epsilon in (1e-1, 1e-4, 1e-8):
        right = (relu(epsilon) - relu(0.0)) / epsilon
        # + 0.0 turns IEEE -0.0 into 0.0
        left = (relu(-epsilon) - relu(0.0)) / (-epsilon) + 0.0
        print(f"  epsilon = {epsilon:.0e}:  from the right {right}   "
              f"from the left {left}")
        assert right == 1.0 and left == 0.0               # the limits (1.3)
    # averages the two one-sided slopes; h / 2h is exactly 1/2 in floating point
    symmetric = (relu(h) - relu(-h)) / (2 * h)
    print("symmetric quotient at 0, (g(h) - g(-h)) / 2h:", symmetric,
          "  H(0) =", float(heaviside(0.0)))
    assert symmetric == 0.5 == heaviside(0.0) == heaviside(-0.0)
    # --8<-- [end:demo_derivative]

    # --8<-- [start:demo_subgradient]
    # s is a subgradient of g at 0 when g(y) >= g(0) + s * y for every y, (1.4).
    # Exact in floating point: s y rounds towards neither side of y or 0
    # when 0 <= s <= 1, and stays past y when s > 1 (or past 0 when s < 0).
    y = np.linspace(-10, 10, 2001)
    candidates = np.arange(-0.5, 1.51, 0.25)
    valid = [float(s) for s in candidates if np.all(relu(y) >= relu(0.0) + s * y)]
    print("candidate slopes:", candidates.tolist())
    print("subgradients at 0 among them:", valid)
    assert valid == [0.0, 0.25, 0.5, 0.75, 1.0]           # exactly those in [0, 1]
    # --8<-- [end:demo_subgradient]

    # --8<-- [start:demo_two_definitions]
    # A power of two: every grid point, panel and partial sum below is a
    # multiple of step / 2 under 2^4, hence exact. The errors printed are
    # those of the trapezoidal rule alone, with no rounding.
    step = 2.0**-13                                       # about 1.2e-4
    print(f"{'x':>5}  {'max(0, x)':>9}  {'x H(x)':>6}  "
          f"{'integral of H up to x':>21}  {'|error|':>7}")
    for x in (-2.0, -0.5, 0.0, 0.5, 1.0, 3.25):
        by_integral = relu_as_integral(x, step)
        error = abs(by_integral - max(0.0, x))  # max(0, x) by hand, not by relu()
        print(f"{x:5.2f}  {float(relu(x)):9.2f}  "
              f"{float(relu_as_product(x)) + 0.0:6.2f}  "
              f"{by_integral:21.6f}  {error:7.1e}")
        assert relu(x) == relu_as_product(x) == max(0.0, x)
        # 0 is a grid node here: exact for x != 0; at x = 0 the last panel
        # [-step, 0] ends at the jump: step * (H(-step) + H(0)) / 2 = step / 4.
        assert error == (0.0 if x != 0 else step / 4) <= step / 2
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
        # (1.9) with delta = 0.01: sigma(-a) < e^-a with a gap e^-2a / (1 + e^-a)
        # >= 2e-9, far above the 3 eps to which 1 - sigma(a) is computed.
        assert 1 - at_fixed <= math.exp(-0.01 * k)
        # sigma(-1) for every k: 1 - sigma(t) with t = k (1/k) within eps/2 of 1
        # is within 3 eps of it, and 1 / (1 + e) within eps.
        assert abs(at_1_over_k - 1 / (1 + math.e)) <= 4 * eps
        # x <= -0.1: the error is sigma(kx) itself, exact to 2 eps relative, plus
        # 0.1k eps/2 for the rounding of kx, as is sup_far: compare relatively.
        relative = (0.1 * k + 4) * eps
        left_error = sigmoid(k * far[:200]).max()
        assert abs(left_error - sup_far) <= 2 * relative * sup_far
        # x >= 0.1: 1 - sigma(kx) is exact to 3 eps absolutely, not relatively.
        assert abs(far_error - sup_far) <= 2 * relative * sup_far + 3 * eps
        assert sup_far <= math.exp(-0.1 * k)
    print("at x = 0, for every k: sigma(k 0) =", float(sigmoid(0.0)),
          "= H(0) =", float(heaviside(0.0)))
    assert sigmoid(0.0) == heaviside(0.0) == 0.5
    # --8<-- [end:demo_sigmoid_limit]

    # --8<-- [start:demo_sigmoid_accuracy]
    from decimal import Decimal, localcontext

    import numpy as np

    def sigma_50_digits(t):
        """sigma(t) and sigma'(t) = e^-t / (1 + e^-t)^2, to 50 digits."""
        with localcontext() as context:
            context.prec = 50
            e = (-Decimal(t)).exp()   # Decimal(t) is the double t, exactly
            return 1 / (1 + e), e / (1 + e) ** 2

    shown = [-700.0, -40.0, -30.0, 0.0, 30.0, 40.0, 700.0]
    ts = np.unique(np.concatenate([np.linspace(-700, 700, 281), shown,
                                   [-36.7, 36.7, -1e-8, 1e-8]]))
    exact = [sigma_50_digits(float(t)) for t in ts]
    rel_sigma = max(abs(Decimal(float(s)) / ref[0] - 1)
                    for s, ref in zip(sigmoid(ts), exact))
    rel_prime = max(abs(Decimal(float(d)) / ref[1] - 1)
                    for d, ref in zip(sigmoid_derivative(ts), exact))
    print(f"{'t':>6}  {'sigma(t)':>11}  {'sigma_prime(t)':>14}")
    for t in shown:
        print(f"{t:6.0f}  {float(sigmoid(t)):11.4e}  "
              f"{float(sigmoid_derivative(t)):14.4e}")
    # exp within eps, then one addition and one division: 2 eps for sigma;
    # sigma(t) sigma(-t): 2 + 2 + 0.5 = 4.5 eps. Asserted with a factor 2.
    print(f"{ts.size} values of t in [-700, 700], against 50-digit decimal:")
    print(f"  sigma : max relative error <= 4 eps = {4 * eps:.1e}")
    print(f"  sigma': max relative error <= 9 eps = {9 * eps:.1e}")
    assert rel_sigma <= 4 * eps and rel_prime <= 9 * eps
    # The textbook form: 1 - sigma(30) is 842.86 units of 2^-53, and the
    # computed one a whole number of them; sigma(40) rounds to 1.
    naive_30 = float(sigmoid(30.0) * (1 - sigmoid(30.0)))
    naive_40 = float(sigmoid(40.0) * (1 - sigmoid(40.0)))
    rel_30 = abs(Decimal(naive_30) / sigma_50_digits(30.0)[1] - 1)
    print("sigma(t) (1 - sigma(t)) instead: relative error at t = 30 > 1e-4;"
          f" at t = 40 it returns {naive_40}")
    assert rel_30 > Decimal("1e-4") and naive_40 == 0.0
    # --8<-- [end:demo_sigmoid_accuracy]

    # --8<-- [start:demo_l1_error]
    import math

    for k in (1, 10, 100, 1000):
        # The error is below e^-60 outside [-60/k, 60/k]. An even number of points
        # keeps x = 0 off the grid (at 0 the error is 0: a one-point dip that would
        # cost half a panel).
        grid = np.linspace(-60 / k, 60 / k, 240_000)
        h = 120 / k / (grid.size - 1)
        l1 = trapezoid(np.abs(sigmoid(k * grid) - heaviside(grid)), grid)
        # The integrand is convex on each side of 0 and its slope is at most
        # k/4: the panel across 0 errs by <= k h^2 / 8, the others by
        # <= k h^2 / 16 in all; the tail beyond 60/k and rounding: < 1e-13 / k.
        bound = 3 * k * h**2 / 16
        print(f"k = {k:4}:  L1 error by quadrature {l1:.6e},  "
              f"2 ln 2 / k = {2 * math.log(2) / k:.6e},  "
              f"|difference| <= {bound:.1e}")
        assert abs(l1 - 2 * math.log(2) / k) <= bound + 1e-13 / k
    # --8<-- [end:demo_l1_error]

    # --8<-- [start:demo_sigmoid_figure]
    import matplotlib.pyplot as plt
    import numpy as np

    def plotted(values):
        """values rounded to multiples of 2^-20 (invisible here), so that the
        figure is the same on every machine: exp may differ by an ulp from one
        CPU to another, which moves no value across a rounding tie (checked)."""
        scaled = np.asarray(values) * 2.0**20
        assert np.all(np.abs(scaled - np.floor(scaled) - 0.5) > 1e-6)
        return np.round(scaled) / 2.0**20

    x = np.linspace(-3, 3, 241)
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    for k in (1, 3, 10, 50):
        ax.plot(x, plotted(sigmoid(k * x)), label=f"$\\sigma({k}x)$")
    # H drawn as two pieces plus its value 1/2 at 0, so no vertical segment is
    # implied.
    ax.plot(x[x < 0], heaviside(x[x < 0]), color="black", lw=2)
    ax.plot(x[x > 0], heaviside(x[x > 0]), color="black", lw=2, label="$H(x)$")
    ax.plot([0], [heaviside(0.0)], "o", color="black", ms=5)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")
    # --8<-- [end:demo_sigmoid_figure]

    # --8<-- [start:demo_distributional]
    import math

    # For radius 1 (tests/test_relu_heaviside.py checks these with sympy):
    M1, M2, M3 = 0.8, 7.8, 190.0      # bounds on |phi'|, |phi''|, |phi'''|
    phi_0 = math.exp(-1 / (1 - 0.4**2))                   # phi(0) by hand
    # phi lives on [-0.6, 1.4]; 0 is a node
    h = 5e-6
    grid = grid_through_zero(-0.6, 1.4, step=h)
    phi, dphi = bump(grid), bump_derivative(grid)
    d = 1e-6
    fd_gap = np.abs(dphi - (bump(grid + d) - bump(grid - d)) / (2 * d)).max()
    # truncation d^2 |phi'''| / 6; rounding: phi to eps, x +- d to eps/2
    fd_bound = d**2 * M3 / 6 + (2 + M1) * eps / d
    print(f"phi(0) = {phi_0:.10f};  max |phi' - central difference| <= "
          f"{fd_bound:.1e}  (d^2 max|phi'''| / 6 + (2 + max|phi'|) eps / d)")
    # both evaluate exp(-1/0.84) to within eps
    assert abs(float(bump(0.0)) / phi_0 - 1) <= 4 * eps and fd_gap <= fd_bound
    # (1.12) for F with an integrable derivative:
    # integral F' phi = -integral F phi'.
    # Trapezoid error on [a, b]: (b - a) h^2 / 12 max|f''|, f'' bounded by the
    # product rule; rounding (every term to within a few eps, fsum): < 1e-13.
    for name, F, dF, f2_max in [
            ("sin (C^1)", np.sin, np.cos, (1 + 2 * M1 + M2) + (M1 + 2 * M2 + M3)),
            ("ReLU (Lipschitz)", relu, heaviside, M2 + (2 * M2 + 1.4 * M3))]:
        left, right = (trapezoid(dF(grid) * phi, grid),
                       -trapezoid(F(grid) * dphi, grid))
        print(f"F = {name:16}: integral F' phi = {left:.10f}   "
              f"-integral F phi' = {right:.10f}")
        assert abs(left - right) <= 2.0 * h**2 / 12 * f2_max + 1e-13
    # (1.13): the definition applied to H, which has no derivative at 0.
    H_prime = -trapezoid(heaviside(grid) * dphi, grid)
    print(f"H'[phi] = -integral H phi' = {H_prime:.10f}   phi(0) = {phi_0:.10f}")
    # -integral H phi' is the trapezoid of -phi' on [0, 1.4]: 1.4 h^2/12 M3
    assert abs(H_prime - phi_0) <= 1.4 * h**2 / 12 * M3 + 1e-13
    # 0 is a node, and the points are h apart up to their rounding (|x| <= 1.4)
    assert 0.0 in grid and np.diff(grid).max() <= h + 4 * eps
    # --8<-- [end:demo_distributional]

    # --8<-- [start:demo_delta_cases]
    import math

    print(f"{'center':>6}  {'radius':>6}  {'support':>12}  "
          f"{'-integral H phi_prime':>21}  {'phi(0) by hand':>14}")
    for center, radius in [(0.4, 1.0), (-0.3, 0.5), (0.0, 2.0), (0.9, 1.0),
                           (-1.0, 1.0), (2.0, 1.0)]:
        u_0 = -center / radius                            # u at x = 0
        by_hand = math.exp(-1 / (1 - u_0**2)) if abs(u_0) < 1 else 0.0
        upper = max(center + radius, h)
        grid = grid_through_zero(min(center - radius, -h), upper, h)
        value = -trapezoid(heaviside(grid)
                           * bump_derivative(grid, center, radius), grid)
        # a value that is 0 up to rounding has no meaningful sign: the z
        # format prints it as 0
        support = f"[{center - radius:.1f}, {center + radius:.1f}]"
        print(f"{center:6.1f}  {radius:6.1f}  {support:>12}  "
              f"{value:z21.9f}  {by_hand:14.9f}")
        # trapezoid of -phi' on [0, upper]: upper h^2 / 12 * M3 / radius^3
        assert abs(value - by_hand) <= (upper * h**2 / 12 * M3 / radius**3
                                        + 1e-13)
    # --8<-- [end:demo_delta_cases]


    # --8<-- [start:demo_mollified_delta]
    import math

    grid = np.linspace(-0.6, 1.4, 400_001)                # spacing 5e-6
    phi_0 = float(bump(0.0))
    d = 1e-4
    phi_second = float(bump(d) - 2 * bump(0.0) + bump(-d)) / d**2
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
    # k^2 error - phi''(0) pi^2 / 6 is the Taylor remainder, at most
    # max|phi''''| (7 pi^4 / 15) / (24 k^2) <= 1.6e-4 at k = 10^4 (max|phi''''|
    # < 8400); phi'' by the second difference errs by d^2 max|phi''''| / 12 +
    # 4 eps / d^2 < 7.1e-6 (times pi^2 / 6). The trapezoid errs by far less
    # (smooth integrand, zero at both ends, 20 points per unit of k x).
    assert abs(errors[-1] * 1e4**2 - phi_second * np.pi**2 / 6) <= 2 * (
        8400 * 7 * np.pi**4 / 15 / 24 / 1e4**2 + 7.1e-6 * np.pi**2 / 6)
    # --8<-- [end:demo_mollified_delta]

    # --8<-- [start:demo_bad_input]
    for call, reason, function, args in [
            ("relu([1.0, nan])", "finite", relu, ([1.0, float("nan")],)),
            ("heaviside(nan)", "finite", heaviside, (float("nan"),)),
            ("sigmoid(-inf)", "finite", sigmoid, (float("-inf"),)),
            ("sigmoid_derivative(nan)", "finite", sigmoid_derivative,
             (float("nan"),)),
            ("relu_as_integral(1.0, 0.0)", "step must be positive",
             relu_as_integral, (1.0, 0.0)),
            ("bump(0.0, 0.4, 0.0)", "radius", bump, (0.0, 0.4, 0.0)),
            ("bump(0.0, nan, 1.0)", "center", bump, (0.0, float("nan"), 1.0)),
            ("grid_through_zero(-1.0, 0.0, 0.1)", "lower < 0 < upper",
             grid_through_zero, (-1.0, 0.0, 0.1))]:
        print(f"{call} ->", end=" ")
        expect_value_error(reason, function, *args)
    # --8<-- [end:demo_bad_input]
