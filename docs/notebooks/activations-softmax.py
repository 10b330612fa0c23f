# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Activations and softmax, explored
#
# An executed companion to [Question 1](../../q1-relu-heaviside/) (the steep sigmoid and the
# Heaviside step), [Question 2](../../q2-softmax-sigmoid-jacobians/) (vector–Jacobian
# products) and [Question 3](../../q3-softmax-sigmoid-invariances/) (softmax temperature).
# It imports the functions the question pages show, from `snippets/`.

# %%
# This notebook imports the project's snippets/ modules: run it inside a clone
# of the project (the site build puts snippets/ on PYTHONPATH instead).
import sys
from pathlib import Path

here = Path.cwd().resolve()
clone = next((p for p in [here, *here.parents] if (p / "snippets").is_dir()),
             None)
if clone is not None:
    sys.path.insert(0, str(clone / "snippets"))

import math

import matplotlib.pyplot as plt
import numpy as np

plt.rcParams["svg.fonttype"] = "none"  # text stays text: small, crisp figures
plt.rcParams["figure.facecolor"] = "white"

from relu_heaviside import heaviside, sigmoid
from softmax_sigmoid import softmax, time_softmax_vjps

# SVG figures without their creation date: the same bytes at every run.
svg_options = {"bbox_inches": "tight", "metadata": {"Date": None}}
# %config InlineBackend.figure_formats = ["svg"]
# %config InlineBackend.print_figure_kwargs = svg_options

# %% [markdown]
# ## σ(kx) → H(x), pointwise but not uniformly
#
# For every fixed $x$, $\sigma(kx) \to H(x)$ as $k \to \infty$ (at $x = 0$ both are
# $\tfrac12$). But the supremum of the error over $x \neq 0$ is $\tfrac12$ for every $k$
# (approached as $x \to 0$): the transition only gets narrower. Away from 0 the error is at most
# $\sigma(-k\delta) < e^{-k\delta}$ on $|x| \ge \delta$, and the area between the curves
# is $2\ln 2/k$.
#
# For $x \neq 0$ the error is $|\sigma(kx) - H(x)| = \sigma(-k|x|)$, and the right panel plots
# it in that form. Computed as the difference $1 - \sigma(kx)$ it would lose its digits to
# cancellation: below about $10^{-16}$ (the spacing of doubles near 1) only rounding noise
# would be left, and the figure would change from machine to machine.

# %%
x = np.linspace(-2, 2, 801)
ks = [1, 3, 10, 50]
plt.rcParams["svg.hashsalt"] = "steep-sigmoid"
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
left.step(x, heaviside(x), where="mid", color="black", lw=2, label="H(x)")
for k in ks:
    left.plot(x, sigmoid(k * x), label=f"σ({k}x)")
left.legend(fontsize=7)
left.set_title("σ(kx) against H(x)")

delta = 0.1
eps = np.finfo(float).eps
nonzero = x[x != 0]
for k in ks:
    error = np.abs(sigmoid(k * nonzero) - heaviside(nonzero))
    free_of_cancellation = sigmoid(-k * np.abs(nonzero))
    # Rounding: sigma(t) is within 5 eps of its value, relatively (exp to
    # 4 ulp, then 1 + e and a division), and 1 - sigma(kx) is then exact
    # (Sterbenz): the two forms agree to 5 eps + 2.5 eps; we allow 8 eps.
    assert np.all(np.abs(error - free_of_cancellation) <= 8 * eps)
    # And the plotted form keeps its digits, however small: relatively, it is
    # within 5 eps + 5 eps of 1 / (1 + e^(k|x|)), another formula for it.
    other_formula = 1 / (1 + np.exp(k * np.abs(nonzero)))
    assert np.all(np.abs(free_of_cancellation - other_formula)
                  <= 16 * eps * other_formula)
    right.semilogy(nonzero, free_of_cancellation, label=f"k = {k}")
right.axvspan(-delta, delta, color="0.9")
right.set_ylim(1e-12, 1)
right.set_title(f"|σ(kx) − H(x)|; shaded: |x| < δ = {delta}")
right.legend(fontsize=7)
fig.tight_layout()
plt.show()

# Fine and wide enough for the area at every k here. An even number of points
# keeps x = 0 off the grid: there the error is 0 (sigma(0) = H(0)), a one-point
# dip that would cost half a panel.
fine = np.linspace(-40, 40, 800_000)
h = fine[1] - fine[0]
print(" k   error at x = 1e-6   max error on |x| ≥ δ   σ(−kδ)      e^(−kδ)     "
      "area (trapezoid)  2 ln2 / k")
area_bounds = []
for k in ks:
    error = np.abs(sigmoid(k * x) - heaviside(x))
    # The sup, 1/2, is approached at 0: at x = 1e-6 the error is 1/2 minus
    # sigma(t) - 1/2 = t/4 - t^3/48 + ... (t = kx; alternating terms that
    # decrease), so within t^3/48 of t/4. Rounding: sigma(t) ~ 1/2 is within
    # 1.5 eps, and both subtractions are exact; we allow 4 eps.
    t = k * 1e-6
    below_half = 0.5 - abs(sigmoid(t) - heaviside(1e-6))
    assert abs(below_half - t / 4) <= t**3 / 48 + 4 * eps
    # x = ±delta is on the grid (up to rounding), where the error is
    # sigma(-k delta); rounding as above.
    far = error[np.abs(x) >= delta].max()
    assert abs(far - sigmoid(-k * delta)) <= 8 * eps
    assert sigmoid(-k * delta) < np.exp(-k * delta)
    fine_error = np.abs(sigmoid(k * fine) - heaviside(fine))
    area = np.sum((fine_error[1:] + fine_error[:-1]) / 2) * h  # trapezoid rule
    # Trapezoid error: at most k h^2/12 in the cell around the kink at 0 (slope
    # k/4 on each side), k h^2/24 over the smooth rest (they partly cancel: the
    # error is about -k h^2/48), e^-40k beyond ±40; we allow k h^2/4.
    # Rounding: a sum of n positive terms, within n eps/2 times the area
    # (< 1.4); the terms' own errors add 8 eps * 80 at most: n eps covers both.
    area_bounds.append(k * h**2 / 4 + fine.size * eps)
    assert abs(area - 2 * np.log(2) / k) <= area_bounds[-1]
    print(f"{k:2d}   1/2 − {below_half:.2e}      {far:.3e}              "
          f"{sigmoid(-k * delta):.3e}   {np.exp(-k * delta):.3e}   "
          f"{area:.6f}          {2 * np.log(2) / k:.6f}")
print(f"every row: |area − 2 ln2 / k| <= k·h²/4 + n·ε <= {max(area_bounds):.1e}"
      f"  (trapezoid, h = {h:.1e}, n = {fine.size:,} points)")

# %% [markdown]
# ## Softmax temperature
#
# $S(\mathbf{x}/T)$: at high temperature $T$ (small $c = 1/T$) the distribution flattens to
# uniform; as $T \to 0$ it concentrates, uniformly, on the set of maximal entries, here the
# two tied maxima $x_1 = x_2 = 2$, which share the mass.

# %%
scores = np.array([2.0, 2.0, 1.5, -4.0, 0.0])
temperatures = np.geomspace(0.02, 50, 200)
probabilities = np.array([softmax(scores / T) for T in temperatures])

plt.rcParams["svg.hashsalt"] = "temperature"
fig, ax = plt.subplots(figsize=(7, 3.2))
for i, score in enumerate(scores):
    ax.semilogx(temperatures, probabilities[:, i],
                label=f"x{i + 1} = {score:g}")
ax.axhline(1 / scores.size, ls=":", color="0.5")
ax.axhline(1 / 2, ls="--", color="0.5")
ax.set_xlabel("temperature T (c = 1/T)")
ax.set_ylabel("S(x / T)")
ax.legend(fontsize=7)
fig.tight_layout()
plt.show()
eps = np.finfo(float).eps
for T in (50, 1, 0.1, 0.02):
    z = scores / T
    p = softmax(z)
    # The definition, in other arithmetic: math.exp, and math.fsum (the sum
    # rounded once), on the same z. Relative to each entry: numpy's exp within
    # 4 ulp (4 eps), math.exp within 1, numpy's sum of n positive terms within
    # (n - 1) eps/2, fsum and each division eps/2: (n + 8) eps is a bound.
    e = [math.exp(z_i - max(z)) for z_i in z]
    definition = np.array([e_i / math.fsum(e) for e_i in e])
    bound = (scores.size + 8) * eps * definition
    assert np.all(np.abs(p - definition) <= bound)
    print(f"T = {T:5}: {np.round(p, 4).tolist()}   "
          f"(rounded; smallest entry {p.min():.1e} > 0)")

# %% [markdown]
# ## Vector–Jacobian products: O(n²) against O(n)
#
# The explicit product builds $J = \operatorname{diag}(S) - S S^\top$ and multiplies
# $J^\top \mathbf{g}$; the $O(n)$ form is $S \odot (\mathbf{g} - (S^\top \mathbf{g})\mathbf{1}_n)$.
# Both are timed in this one run; the times differ between machines and runs (the printed
# times and the figure alike).

# %%
# Timings: the output varies from run to run.
# (The figure plots the times: it varies too.)
sizes = [10, 30, 100, 300, 1000, 3000, 10_000, 100_000]
rows = time_softmax_vjps(sizes)
n, explicit, fast = (np.array(column, dtype=float) for column in zip(*rows))

plt.rcParams["svg.hashsalt"] = "vjp-timing"
fig, ax = plt.subplots(figsize=(6, 3.4))
ax.loglog(n, explicit, "o-", label="explicit: build J, then Jᵀg")
ax.loglog(n, fast, "s-", label="O(n): S ⊙ (g − Sᵀg)")
ax.loglog(n, fast[-1] * (n / n[-1]), ":", color="0.5", label="∝ n")
ax.loglog(n, explicit[6] * (n / n[6]) ** 2, "--", color="0.5", label="∝ n²")
ax.set_xlabel("n")
ax.set_ylabel("seconds per product")
ax.legend(fontsize=7)
fig.tight_layout()
plt.show()
for size, slow, quick in rows:
    if np.isnan(slow):  # not timed: J alone would need 8 n^2 bytes
        shown, ratio = "(not run)", ""
    else:
        shown, ratio = f"{slow:.2e} s", f"ratio {slow / quick:8.0f}"
    print(f"n = {size:7d}: explicit {shown:>9}, O(n) {quick:.2e} s  {ratio}")
