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
# # Convolutions, explored
#
# An executed companion to [Question 6](../../q6-convolution-1d/) (1-D convolution with
# kernel flipping) and [Question 7](../../q7-conv-arithmetic-shapes/) (shapes through a
# small CNN). It imports the very functions the question pages show, from `snippets/`.
#
# The convolution of $\mathbf{x}$ (length $n$) with the kernel $\mathbf{w}$ (length $k$) is
# $(\mathbf{x} * \mathbf{w})_t = \sum_m x_m\, w_{t-m}$: the kernel is **flipped**, then slid
# along the zero-padded input. Cross-correlation,
# $(\mathbf{x} \star \mathbf{w})_t = \sum_j x_{t+j}\, w_j$, slides it unflipped.

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

from conv_arithmetic import (Conv2d, MaxPool2d, conv2d, max_pool2d,
                             parameter_count, shapes_through)
from convolution_1d import convolve_1d, cross_correlate_1d, padding_for_mode

# SVG figures without their creation date: the same bytes at every run.
svg_options = {"bbox_inches": "tight", "metadata": {"Date": None}}
# %config InlineBackend.figure_formats = ["svg"]
# %config InlineBackend.print_figure_kwargs = svg_options

# %% [markdown]
# ## The sliding flipped kernel
#
# Question 6's data: $\mathbf{x} = [1, 2, 3, 4]$, $\mathbf{w} = [1, 0, 2]$. For the full
# convolution the input gets $k - 1 = 2$ zeros on each side, and the flipped kernel
# $[2, 0, 1]$ visits every position where it overlaps the input. Each row of the figure is one
# output $y_t$: the window of the padded input under the flipped kernel.

# %%
x, w = np.array([1, 2, 3, 4]), np.array([1, 0, 2])
left, right = padding_for_mode(w.size, "full")
padded = np.concatenate([np.zeros(left, int), x, np.zeros(right, int)])
flipped = w[::-1]
y = convolve_1d(x, w, "full")

plt.rcParams["svg.hashsalt"] = "sliding-kernel"
fig, ax = plt.subplots(figsize=(7, 3.2))
for t in range(y.size):
    for position, value in enumerate(padded):
        inside = t <= position < t + w.size
        ax.add_patch(plt.Rectangle((position, -t), 0.95, 0.8, fill=inside,
                                   alpha=0.25 if inside else 1,
                                   edgecolor="0.6", facecolor="tab:blue"))
        label = f"{value}·{flipped[position - t]}" if inside else str(value)
        ax.text(position + 0.47, -t + 0.4, label, ha="center", va="center",
                fontsize=8)
    ax.text(padded.size + 0.3, -t + 0.4, f"y[{t}] = {y[t]}", va="center",
            fontsize=9)
ax.set_xlim(0, padded.size + 2.5)
ax.set_ylim(-y.size + 0.8, 1)
ax.axis("off")
ax.set_title("full convolution: the flipped kernel [2, 0, 1] slides over "
             "[0, 0, 1, 2, 3, 4, 0, 0]")
plt.show()
for mode in ("full", "valid", "same"):
    assert convolve_1d(x, w, mode).tolist() == np.convolve(x, w, mode).tolist()
    print(f"{mode:5}:", convolve_1d(x, w, mode).tolist(), " = numpy.convolve")

# %% [markdown]
# ## Convolution versus cross-correlation
#
# With a symmetric kernel the two agree. With an asymmetric one they differ: here a
# difference kernel $[1, -1]$ on a step. Convolution computes $x_t - x_{t-1}$ (a backward
# difference: positive at a rising edge); cross-correlation computes $x_{t} - x_{t+1}$
# (negative at the same edge). In general, cross-correlating with $\mathbf{w}$ is
# convolving with the flipped kernel.

# %%
step = np.array([0, 0, 0, 1, 1, 1, 1, 0, 0, 0])
difference = np.array([1, -1])
conv = convolve_1d(step, difference, "valid")
xcorr = cross_correlate_1d(step, difference, "valid")
print("convolution       :", conv.tolist())
print("cross-correlation :", xcorr.tolist())
assert (conv.tolist() == [0, 0, 1, 0, 0, 0, -1, 0, 0]
        and xcorr.tolist() == (-conv).tolist())
assert np.array_equal(xcorr, convolve_1d(step, difference[::-1], "valid"))
print("cross-correlation == convolution with the flipped kernel [-1, 1]")

rng = np.random.default_rng(6)
signal, kernel = rng.integers(-5, 6, size=40), np.array([3, 1, -2, 0, 1])
plt.rcParams["svg.hashsalt"] = "conv-vs-xcorr"
fig, axes = plt.subplots(1, 2, figsize=(9, 2.8))
axes[0].step(range(step.size), step, where="post", label="x (a step)",
             color="0.5")
axes[0].plot(np.arange(1, step.size), conv, "o-",
             label="convolution with [1, -1]")
axes[0].plot(np.arange(0, step.size - 1), xcorr, "s--",
             label="cross-correlation")
axes[0].legend(fontsize=7)
axes[0].set_title("edge detection: opposite signs")
axes[1].plot(convolve_1d(signal, kernel, "same"), label="convolution")
axes[1].plot(cross_correlate_1d(signal, kernel, "same"),
             label="cross-correlation")
axes[1].legend(fontsize=7)
axes[1].set_title("random signal, asymmetric kernel")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Shapes through the Question 7 network
#
# A $3 \times 256 \times 256$ image through a $8 \times 8$ convolution (64 kernels, stride 2),
# a non-overlapping $5 \times 5$ max pooling (stride 5) and a $4 \times 4$ convolution
# (128 kernels, stride 1, padding 1). The shapes follow from
# $o = \lfloor (i + 2p - d(k-1) - 1)/s \rfloor + 1$; the from-scratch layers confirm them by
# actually sliding their windows.

# %%
network = [Conv2d(64, k=8, s=2), MaxPool2d(k=5), Conv2d(128, k=4, s=1, p=1)]
shapes = shapes_through((3, 256, 256), network)
for layer, before, after in zip(network, shapes, shapes[1:]):
    weights, biases = parameter_count(before[0], layer)
    print(f"{type(layer).__name__:9} {str(before):15} -> {str(after):15} "
          f"weights {weights:7d}  biases {biases}")

rng = np.random.default_rng(7)
image = rng.standard_normal((3, 256, 256))
h1 = conv2d(image, rng.standard_normal((64, 3, 8, 8)), stride=2)
h2 = max_pool2d(h1, 5)
h3 = conv2d(h2, rng.standard_normal((128, 64, 4, 4)), stride=1, padding=1)
print("from scratch:", [a.shape for a in (image, h1, h2, h3)])
assert [a.shape for a in (image, h1, h2, h3)] == shapes

plt.rcParams["svg.hashsalt"] = "q7-shapes"
fig, ax = plt.subplots(figsize=(7, 2.8))
names = ["input", "conv 8×8/2", "pool 5×5/5", "conv 4×4/1, p=1"]
sizes = [int(np.prod(shape)) for shape in shapes]
bars = ax.bar(names, sizes, color=["0.6", "tab:blue", "tab:orange", "tab:blue"])
ax.set_yscale("log")
ax.set_ylabel("activations (log scale)")
for bar, shape, size in zip(bars, shapes, sizes):
    ax.text(bar.get_x() + bar.get_width() / 2, size * 1.15,
            f"{'×'.join(map(str, shape))}\n= {size:,}",
            ha="center", fontsize=7)
ax.set_ylim(1e4, 3e6)
ax.set_title("entries per layer output")
fig.tight_layout()
plt.show()
