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

import matplotlib.pyplot as plt
import numpy as np

plt.rcParams["svg.fonttype"] = "none"  # text stays text: small, crisp figures
plt.rcParams["figure.facecolor"] = "white"

from relu_heaviside import heaviside, sigmoid
from softmax_sigmoid import softmax, time_softmax_vjps

# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## σ(kx) → H(x), pointwise but not uniformly
#
# For every fixed $x$, $\sigma(kx) \to H(x)$ as $k \to \infty$ (at $x = 0$ both are
# $\tfrac12$). But the supremum of the error over $x \neq 0$ is $\tfrac12$ for every $k$
# (approached as $x \to 0$): the transition only gets narrower. Away from 0 the error is at most
# $\sigma(-k\delta) < e^{-k\delta}$ on $|x| \ge \delta$, and the area between the curves
# is $2\ln 2/k$.

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
for k in ks:
    error = np.abs(sigmoid(k * x) - heaviside(x))
    right.semilogy(x[x != 0], error[x != 0], label=f"k = {k}")
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
dx = fine[1] - fine[0]
print(" k   error at x = 1e-6   max error on |x| ≥ δ   σ(−kδ)      e^(−kδ)     "
      "area (trapezoid)  2 ln2 / k")
for k in ks:
    error = np.abs(sigmoid(k * x) - heaviside(x))
    # the sup, 1/2, is approached at 0
    near_zero = abs(sigmoid(k * 1e-6) - heaviside(1e-6))
    far = error[np.abs(x) >= delta].max()
    fine_error = np.abs(sigmoid(k * fine) - heaviside(fine))
    area = np.sum((fine_error[1:] + fine_error[:-1]) / 2) * dx  # trapezoid rule
    print(f"{k:2d}   {near_zero:.6f}            {far:.3e}              "
          f"{sigmoid(-k * delta):.3e}   {np.exp(-k * delta):.3e}   "
          f"{area:.6f}          {2 * np.log(2) / k:.6f}")
    assert (far <= sigmoid(-k * delta) <= np.exp(-k * delta)
            and abs(area - 2 * np.log(2) / k) < 1e-6)

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
for T in (50, 1, 0.1, 0.02):
    p = softmax(scores / T)
    print(f"T = {T:5}: {np.round(p, 4).tolist()}   "
          f"(rounded; smallest entry {p.min():.1e} > 0)")

# %% [markdown]
# ## Vector–Jacobian products: O(n²) against O(n)
#
# The explicit product builds $J = \operatorname{diag}(S) - S S^\top$ and multiplies
# $J^\top \mathbf{g}$; the $O(n)$ form is $S \odot (\mathbf{g} - (S^\top \mathbf{g})\mathbf{1}_n)$.
# Both are timed in this one run; the times differ between machines and runs.

# %%
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
    ratio = "" if np.isnan(slow) else f"ratio {slow / quick:8.0f}"
    print(f"n = {size:7d}: explicit {slow:.2e} s, O(n) {quick:.2e} s  {ratio}")
