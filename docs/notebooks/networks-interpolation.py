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
# # Networks and interpolation, explored
#
# An executed companion to [Question 4](../../q4-sigmoid-tanh-networks/) (a sigmoid network
# equals a tanh network) and [Question 5](../../q5-interpolation/) (interpolating $N$ points
# with $N - 1$ hidden units). It imports the constructions the question pages show, from
# `snippets/`.

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

import interpolation as q5
import sigmoid_tanh_networks as q4

# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## A sigmoid network and its tanh twin
#
# Since $\sigma(a) = \tfrac12\left(1 + \tanh(a/2)\right)$, halving every first-layer weight
# and bias and every hidden-to-output weight, and moving $\tfrac12\sum_j \omega^{(2)}_{kj}$
# into each output bias, gives a tanh network with the same outputs. Below: a random
# network with one input, six hidden units and one output, before and after the conversion.

# %%
rng = np.random.default_rng(4)
D, M, K = 1, 6, 1
W1 = rng.normal(scale=2, size=(M, D + 1))  # column 0: the biases
W2 = rng.normal(size=(K, M + 1))
V1, V2 = q4.sigmoid_to_tanh(W1, W2)
x = np.linspace(-6, 6, 241)[:, None]
y_sigmoid = q4.two_layer_network(x, W1, W2, q4.sigmoid)
y_tanh = q4.two_layer_network(x, V1, V2, np.tanh)
print(f"max |y_sigmoid - y_tanh| over {x.shape[0]} inputs: "
      f"{np.max(np.abs(y_sigmoid - y_tanh)):.1e}")
assert np.max(np.abs(y_sigmoid - y_tanh)) < 1e-12

plt.rcParams["svg.hashsalt"] = "sigmoid-tanh"
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
left.plot(x[:, 0], y_sigmoid[:, 0], lw=4, alpha=0.4, label="sigmoid network Θ")
left.plot(x[:, 0], y_tanh[:, 0], "k--", lw=1, label="tanh network Θ′")
left.legend(fontsize=7)
left.set_title("the same function")
hidden_sigmoid = q4.sigmoid(x @ W1[:, 1:].T + W1[:, 0])
hidden_tanh = np.tanh(x @ V1[:, 1:].T + V1[:, 0])
right.plot(x[:, 0], hidden_sigmoid[:, 0], label="σ unit: values in (0, 1)")
right.plot(x[:, 0], hidden_tanh[:, 0], label="tanh unit: values in (−1, 1)")
right.legend(fontsize=7)
right.set_title("one hidden unit, before and after")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Interpolating N points with N − 1 hidden units
#
# With all hidden units sharing one direction $\mathbf{w}$ and biases
# $b_j = -\mathbf{w}^\top\mathbf{x}^{(j)} + \varepsilon$ ($0 < \varepsilon \le \Delta_{\min}$,
# the smallest gap between the projections sorted decreasingly, $p_1 > \dots > p_N$), the matrix
# $M$ is triangular and the output layer solves $M\tilde W = F$. The network passes through
# every point. The kink of unit $j$ sits at projection $p_j - \varepsilon$: strictly between
# $p_{j+1}$ and $p_j$ when $\varepsilon < \Delta_j = p_j - p_{j+1}$, and on the data point
# $p_{j+1}$ when $\varepsilon = \Delta_j$ (with $\varepsilon = \Delta_{\min}$, this happens for
# the unit with the smallest gap). Between the points the one-$\varepsilon$ interpolant can swing
# far away from the data (printed below: max |y| between the points). Giving each unit its own
# $\varepsilon_j = \Delta_j$ (beyond what the question asks) puts every kink on a data point: in
# one dimension that is exactly the piecewise-linear interpolant joining the dots, so between the
# first and the last point it stays within the range of the targets. Sigmoid units with $\mathbf{w} = \lambda\mathbf{u}$
# give smooth interpolants through the same points for every $\lambda$ tried here.

# %%
rng = np.random.default_rng(5)
N = 7
X = np.sort(rng.uniform(-3, 3, size=N))[:, None]
F = rng.normal(size=(N, 1))
grid = np.linspace(-3.5, 3.5, 281)[:, None]

plt.rcParams["svg.hashsalt"] = "interpolants"
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.plot(X[:, 0], F[:, 0], "ko", ms=6, zorder=3, label="the N = 7 points")
curves = {
    "ReLU, one ε = Δ_min": (q5.interpolate_relu(X, F), q5.relu),
    "ReLU, ε_j per unit": (q5.interpolate_relu(X, F, per_unit=True), q5.relu),
    **{f"sigmoid, λ = {lam}":
           (q5.interpolate_sigmoid_like(X, F, q5.sigmoid, lam), q5.sigmoid)
       for lam in (1, 3, 30)},
}
for label, (net, phi) in curves.items():
    residual = np.max(np.abs(q5.two_layer_network(X, *net, phi) - F))
    # between the first and last point
    between = grid[(grid[:, 0] >= X.min()) & (grid[:, 0] <= X.max())]
    swing = np.max(np.abs(q5.two_layer_network(between, *net, phi)))
    print(f"{label:20}: max residual at the points {residual:.1e}, "
          f"max |y| between the points {swing:9.2f}")
    assert residual < 1e-9
    style = {"color": "k", "lw": 1.5} if "per unit" in label else {"lw": 1}
    ax.plot(grid[:, 0], q5.two_layer_network(grid, *net, phi)[:, 0],
            label=label, **style)
print(f"max |f(x_i)| = {np.max(np.abs(F)):.2f}")
assert (np.max(np.abs(q5.two_layer_network(
            between, *curves["ReLU, ε_j per unit"][0], q5.relu)))
        <= np.max(np.abs(F)) + 1e-9)
ax.set_ylim(-4, 4)
ax.legend(fontsize=7, ncol=2)
ax.set_title("N − 1 = 6 hidden units interpolate 7 points")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Conditioning: ε for ReLU, λ for sigmoid-like units
#
# For ReLU, $\det M = \varepsilon^{N-1}$ and $\operatorname{cond} M$ grows like
# $\varepsilon^{-(N-1)}$ as $\varepsilon \to 0$, for a fixed set of points: the slope of
# $\log\operatorname{cond} M$ against $\log\varepsilon$ tends to $-(N-1)$. For the sigmoid,
# $M(\lambda)$ tends, as $\lambda \to \infty$, to the upper triangular matrix with diagonal
# $(\sigma(0), \dots, \sigma(0), 1) = (\tfrac12, \dots, \tfrac12, 1)$ and ones above the
# diagonal; its condition number settles once $\lambda$ is large compared with one over the
# smallest gap. The "wobbly" activation $\sigma(t)(1 + \tfrac12\sin t)$ has no limit at
# $+\infty$: the entries above the diagonal keep oscillating, $M(\lambda)$ has no limit, and
# its condition number keeps oscillating too.

# %%
rng = np.random.default_rng(8)
N = 5
X = rng.normal(size=(N, 2))
w = q5.random_direction(X, seed=8)
order, p, gaps = q5.projection_order(X, w)
epsilons = np.geomspace(1e-4, 1, 40) * gaps.min()
relu_cond = [np.linalg.cond(q5.relu_matrix(p, eps)) for eps in epsilons]
slope = np.polyfit(np.log(epsilons[:20]), np.log(relu_cond[:20]), 1)[0]
print(f"N = {N}: smallest gap Δ_min = {gaps.min():.3f}; "
      "slope of log cond M against log ε, fitted on "
      f"ε ≤ {epsilons[19]:.1e}: {slope:.2f} (predicted −(N − 1) = {-(N - 1)})")
assert abs(slope + (N - 1)) < 0.1

u = w / np.linalg.norm(w)
_, q, q_gaps = q5.projection_order(X, u)
lambdas = np.geomspace(0.1, 300, 60)
plt.rcParams["svg.hashsalt"] = "conditioning"
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
left.loglog(epsilons, relu_cond, "o-", ms=3)
left.axvline(gaps.min(), color="0.5", ls=":", label="ε = Δ_min")
left.set(xlabel="ε", ylabel="cond M", title="ReLU: cond M against ε")
left.legend(fontsize=7)
for name, phi in [("sigmoid", q5.sigmoid),
                  ("wobbly sigmoid", q5.wobbly_sigmoid)]:
    conds = [np.linalg.cond(q5.sigmoid_like_matrix(q, lam, phi))
             for lam in lambdas]
    right.loglog(lambdas, conds, label=name)
right.axvline(1 / q_gaps.min(), color="0.5", ls=":",
              label="λ = 1 / smallest gap")
right.set(xlabel="λ", ylabel="cond M(λ)",
          title="sigmoid-like: cond M(λ) against λ")
right.legend(fontsize=7)
fig.tight_layout()
plt.show()
