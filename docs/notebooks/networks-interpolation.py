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

# SVG figures without their creation date: the same bytes at every run.
svg_options = {"bbox_inches": "tight", "metadata": {"Date": None}}
# %config InlineBackend.figure_formats = ["svg"]
# %config InlineBackend.print_figure_kwargs = svg_options

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
# Only rounding separates them. Both networks see the same pre-activations
# (halving is exact), then: sigma and tanh within a few ulp, each output a sum
# of M + 1 terms no larger than |w2_kj| (sigma, |tanh| <= 1), and one more sum
# in the new output bias: about (3M + 9) eps sum|W2_k|. We allow 8(M + 2).
eps = np.finfo(float).eps
bound = 8 * (M + 2) * eps * np.abs(W2).sum(axis=1).max()
print(f"max |y_sigmoid - y_tanh| over {x.shape[0]} inputs <= {bound:.1e}"
      "  (rounding: 8(M + 2)·ε·Σ|ω⁽²⁾|)")
assert np.max(np.abs(y_sigmoid - y_tanh)) <= bound

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
# first and the last point it stays within the range of the targets. Sigmoid units with
# $\mathbf{w} = \lambda\mathbf{u}$ give smooth interpolants through the same points for every
# $\lambda$ tried here.
#
# In double precision the output layer is only as accurate as $M$ is well conditioned: a
# solve loses about $\log_{10}\operatorname{cond} M$ of its 16 digits, and the curve of an
# ill-conditioned network changes, in its last digits, from one machine to the next. So the
# check below bounds the residual at the points of each network the question page's functions
# build (in double precision), while the curves and max |y| come from the same hidden layers
# with the output layer solved and evaluated with 50 digits (mpmath): the same on every
# machine.

# %%
import mpmath

mpmath.mp.dps = 50  # significant digits of every mpmath number below


def sigmoid_50(t):
    """sigma(t) entrywise with 50 digits: an array of mpmath numbers."""
    return np.frompyfunc(lambda s: 1 / (1 + mpmath.exp(-s)), 1, 1)(t)


def as_mp(A):
    """A numpy array (floats or mpmath numbers) as an mpmath matrix, exactly."""
    return mpmath.matrix(np.asarray(A).tolist())


def cond_50(M):
    """cond M = sigma_max / sigma_min (2-norm), the singular values computed
    with 50 digits."""
    s = mpmath.svd_r(as_mp(M), compute_uv=False)
    return float(max(s) / min(s))


def interpolant_50(X, F, W1, b1, phi, points):
    """The network through (X, F) with hidden layer phi(W1 x + b1), its output
    layer solved (M W~ = F) and evaluated at `points` with 50 digits.
    Returns its values at `points`, W~ and M, rounded to doubles."""
    M = q5.interpolation_matrix(X, W1, b1, phi)
    W_tilde = mpmath.lu_solve(as_mp(M), as_mp(F))
    values = as_mp(q5.interpolation_matrix(points, W1, b1, phi)) * W_tilde
    return (np.array(values.tolist(), dtype=float),
            np.array(W_tilde.tolist(), dtype=float), M.astype(float))


# %%
rng = np.random.default_rng(5)
N = 7
X = np.sort(rng.uniform(-3, 3, size=N))[:, None]
F = rng.normal(size=(N, 1))
grid = np.linspace(-3.5, 3.5, 281)[:, None]
between = (grid[:, 0] >= X.min()) & (grid[:, 0] <= X.max())

plt.rcParams["svg.hashsalt"] = "interpolants"
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.plot(X[:, 0], F[:, 0], "ko", ms=6, zorder=3, label="the N = 7 points")
curves = {  # label: (network, its activation, the activation with 50 digits)
    "ReLU, one ε = Δ_min": (q5.interpolate_relu(X, F), q5.relu, q5.relu),
    "ReLU, ε_j per unit": (q5.interpolate_relu(X, F, per_unit=True),
                           q5.relu, q5.relu),
    **{f"sigmoid, λ = {lam}":
           (q5.interpolate_sigmoid_like(X, F, q5.sigmoid, lam),
            q5.sigmoid, sigmoid_50)
       for lam in (1, 3, 30)},
}
print(" " * 22 + "cond M    residual at the points    "
      "max |y| between the points")
for label, (net, phi, phi_50) in curves.items():
    W1, b1, W2, b2 = net
    y, W_tilde, M = interpolant_50(X, F, W1, b1, phi_50, grid)
    # LU with partial pivoting leaves |F - M W~| <= 3N eps |L||U||W~| (|L||U|
    # is |M| without pivot growth), and evaluating the network adds
    # N eps |M||W~|: 4N eps max_i (|M||W~|)_i, for the float network.
    bound = 4 * N * eps * np.max(np.abs(M) @ np.abs(W_tilde))
    residual = np.max(np.abs(q5.two_layer_network(X, *net, phi) - F))
    assert residual <= bound
    swing = np.max(np.abs(y[between]))
    print(f"{label:20}: {cond_50(M):.1e}   <= {bound:.1e}"
          f"                {swing:11.2f}")
    style = {"color": "k", "lw": 1.5} if "per unit" in label else {"lw": 1}
    ax.plot(grid[:, 0], y[:, 0], label=label, **style)
    if "per unit" in label:
        # Every kink on a data point, up to the rounding of b1 (2 eps |b1_j|
        # per unit, times its slope): within the range of the targets.
        assert swing <= (np.max(np.abs(F))
                         + 2 * eps * np.sum(np.abs(W2) * np.abs(b1)))
print(f"max |f(x_i)| = {np.max(np.abs(F)):.2f}")
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
#
# Condition numbers this large cannot be computed in double precision: a computed
# $\operatorname{cond} M$ is only guaranteed to a relative $10^{-16}\operatorname{cond} M$, so
# beyond $10^{16}$ (here, for the smallest $\varepsilon$) none of its digits can be trusted.
# They are computed with 50 digits instead, from matrices that every machine builds alike, bit
# for bit: the points lie on a grid of step 1/64 and $\mathbf{w} = (3, 4)$, so every projection
# $\mathbf{w}^\top\mathbf{x}$ is exact; $\varepsilon = \Delta_{\min}/2^j$ and $\lambda$ is a
# power of two times 1, 1.25, 1.5 or 1.75 (exact too); $\sigma$ and the wobbly activation are
# evaluated with 50 digits.

# %%
def wobbly_sigmoid_50(t):
    """sigma(t) (1 + sin(t) / 2) entrywise with 50 digits."""
    return np.frompyfunc(
        lambda s: (1 + mpmath.sin(s) / 2) / (1 + mpmath.exp(-s)), 1, 1)(t)


rng = np.random.default_rng(8)
N = 5
X = np.round(64 * rng.normal(size=(N, 2))) / 64
w = np.array([3.0, 4.0])
order, p, gaps = q5.projection_order(X, w)
epsilons = np.ldexp(gaps.min(), -np.arange(16, -1, -1))  # Δ_min / 2^j
relu_cond = np.array([cond_50(q5.relu_matrix(p, offset))
                      for offset in epsilons])
fitted = epsilons <= gaps.min() / 2**8
slope = np.polyfit(np.log(epsilons[fitted]), np.log(relu_cond[fitted]), 1)[0]
print(f"N = {N}: smallest gap Δ_min = {gaps.min():.3f}; "
      "slope of log cond M against log ε, fitted on "
      f"ε ≤ Δ_min/2^8: {slope:.2f} (predicted −(N − 1) = {-(N - 1)})")
print(f"cond M from {relu_cond.min():.1e} (ε = Δ_min) "
      f"to {relu_cond.max():.1e} (ε = Δ_min/2^16)")
# The limit slope; at finite ε its corrections are of order ε/Δ_min <= 2^-8.
assert abs(slope + (N - 1)) < 0.1

q, q_gaps = p / 5, gaps / 5  # projections on u = w / |w|; |w| = 5
lambdas = np.ldexp([1, 1.25, 1.5, 1.75], np.arange(-4, 9)[:, None]).ravel()
plt.rcParams["svg.hashsalt"] = "conditioning"
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
left.loglog(epsilons, relu_cond, "o-", ms=3)
left.axvline(gaps.min(), color="0.5", ls=":", label="ε = Δ_min")
left.set(xlabel="ε", ylabel="cond M", title="ReLU: cond M against ε")
left.legend(fontsize=7)
for name, phi in [("sigmoid", sigmoid_50),
                  ("wobbly sigmoid", wobbly_sigmoid_50)]:
    conds = [cond_50(q5.sigmoid_like_matrix(q, lam, phi)) for lam in lambdas]
    right.loglog(lambdas, conds, label=name)
right.axvline(1 / q_gaps.min(), color="0.5", ls=":",
              label="λ = 1 / smallest gap")
right.set(xlabel="λ", ylabel="cond M(λ)",
          title="sigmoid-like: cond M(λ) against λ")
right.legend(fontsize=7)
fig.tight_layout()
plt.show()
