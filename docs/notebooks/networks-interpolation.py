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
# This notebook imports the project's snippets/ modules: run it inside a clone of the
# project (the site build puts snippets/ on PYTHONPATH instead).
import sys
from pathlib import Path

here = Path.cwd().resolve()
clone = next((p for p in [here, *here.parents] if (p / "snippets").is_dir()), None)
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
print(f"max |y_sigmoid - y_tanh| over {x.shape[0]} inputs: {np.max(np.abs(y_sigmoid - y_tanh)):.1e}")

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
# $b_j = -\mathbf{w}^\top\mathbf{x}^{(j)} + \varepsilon$ ($0 < \varepsilon \le \delta_{\min}$,
# the smallest gap between sorted projections), the matrix $M$ is triangular and the output
# layer solves $M\tilde W = F$. The network passes through every point, but the kink of
# unit $j$ sits at projection $p_j - \varepsilon$, *between* data points, so the ReLU
# interpolant can swing far away between points. Giving each unit its own
# $\varepsilon_j = p_j - p_{j+1}$ (the gap to the next point, beyond what the question asks)
# puts every kink on a data point: in one dimension that is exactly the piecewise-linear
# interpolant joining the dots. Sigmoid units with $\mathbf{w} = \lambda\mathbf{u}$ give
# smooth interpolants through the same points for every $\lambda$ tried here.

# %%
rng = np.random.default_rng(5)
N = 7
X = np.sort(rng.uniform(-3, 3, size=N))[:, None]
F = rng.normal(size=(N, 1))
grid = np.linspace(-3.5, 3.5, 281)[:, None]

plt.rcParams["svg.hashsalt"] = "interpolants"
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.plot(X[:, 0], F[:, 0], "ko", ms=6, zorder=3, label="the N = 7 points")
relu_net = q5.interpolate_relu(X, F)
ax.plot(grid[:, 0], q5.two_layer_network(grid, *relu_net, q5.relu)[:, 0], label="ReLU, one ε = δ_min")
print(f"ReLU, one ε = δ_min   : max residual at the points "
      f"{np.max(np.abs(q5.two_layer_network(X, *relu_net, q5.relu) - F)):.1e}")
per_unit = q5.interpolate_relu(X, F, per_unit=True)  # ε_j = gap after point j: better conditioned
print(f"ReLU, ε_j per unit    : max residual at the points "
      f"{np.max(np.abs(q5.two_layer_network(X, *per_unit, q5.relu) - F)):.1e}")
ax.plot(grid[:, 0], q5.two_layer_network(grid, *per_unit, q5.relu)[:, 0], "k", lw=1.5,
        label="ReLU, ε_j per unit")
for lam in (1, 3, 30):
    net = q5.interpolate_sigmoid_like(X, F, q5.sigmoid, lam)
    ax.plot(grid[:, 0], q5.two_layer_network(grid, *net, q5.sigmoid)[:, 0], lw=1, label=f"sigmoid, λ = {lam}")
    print(f"sigmoid, λ = {lam:2d}      : max residual at the points "
          f"{np.max(np.abs(q5.two_layer_network(X, *net, q5.sigmoid) - F)):.1e}")
ax.set_ylim(-4, 4)
ax.legend(fontsize=7, ncol=2)
ax.set_title("N − 1 = 6 hidden units interpolate 7 points")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Conditioning: ε for ReLU, λ for sigmoid-like units
#
# For ReLU, $\det M = \varepsilon^{N-1}$: shrinking $\varepsilon$ makes $M$ ill-conditioned,
# roughly like $\varepsilon^{-(N-1)}$ for a fixed set of points. For sigmoid-like $\varphi$,
# $M(\lambda)$ tends to a triangular matrix with diagonal $\varphi(0)$ as $\lambda \to \infty$;
# its condition number settles once $\lambda$ is large compared with one over the smallest
# gap. The "wobbly" activation $\sigma(t)(1 + \tfrac12\sin t)$ has no limit at $+\infty$, so
# the entries above the diagonal keep oscillating, and so does the condition number.

# %%
rng = np.random.default_rng(8)
N = 5
X = rng.normal(size=(N, 2))
w = q5.random_direction(X, seed=8)
order, p, gaps = q5.projection_order(X, w)
epsilons = np.geomspace(1e-4, 1, 40) * gaps.min()
relu_cond = [np.linalg.cond(q5.relu_matrix(p, eps)) for eps in epsilons]
slope = np.polyfit(np.log(epsilons[:20]), np.log(relu_cond[:20]), 1)[0]
print(f"N = {N}: smallest gap δ_min = {gaps.min():.3f}; fitted slope of log cond M against log ε "
      f"(small ε): {slope:.2f} (N − 1 = {N - 1})")

u = w / np.linalg.norm(w)
_, q, q_gaps = q5.projection_order(X, u)
lambdas = np.geomspace(0.1, 300, 60)
plt.rcParams["svg.hashsalt"] = "conditioning"
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
left.loglog(epsilons, relu_cond, "o-", ms=3)
left.axvline(gaps.min(), color="0.5", ls=":", label="ε = δ_min")
left.set(xlabel="ε", ylabel="cond M", title="ReLU: cond M against ε")
left.legend(fontsize=7)
for name, phi in [("sigmoid", q5.sigmoid), ("wobbly sigmoid", q5.wobbly_sigmoid)]:
    conds = [np.linalg.cond(q5.sigmoid_like_matrix(q, lam, phi)) for lam in lambdas]
    right.loglog(lambdas, conds, label=name)
right.axvline(1 / q_gaps.min(), color="0.5", ls=":", label="λ = 1 / smallest gap")
right.set(xlabel="λ", ylabel="cond M(λ)", title="sigmoid-like: cond M(λ) against λ")
right.legend(fontsize=7)
fig.tight_layout()
plt.show()
