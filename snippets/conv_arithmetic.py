"""Questions 7 and 8: convolution arithmetic -- output sizes, shapes, parameter counts,
every configuration (k, s, p, d) that meets a target size, and a from-scratch 2-D
convolution and max pooling in numpy whose output shapes confirm the formula.

Convention (PyTorch's, and the corrected release of the assignment): dilation d = 1
means no dilation. The first release counts gaps instead, d' = d - 1 (d' = 0 means
none). Sections between ``--8<--`` markers are shown on
``docs/q7-conv-arithmetic-shapes.md`` and ``docs/q8-conv-arithmetic-configurations.md``
and run when the site is built. The calculator page mirrors ``output_size``,
``enumerate_configurations`` and ``describe_configuration`` in JavaScript
(docs/javascripts/conv-arithmetic-calculator.js), with the same error messages.
"""

# --8<-- [start:output_size]
import numpy as np


def check_integer(label, value):
    """Return `value` if it is an integer (bool excluded), else raise
    ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{label} must be an integer, got {value}")
    return int(value)


def check_hyperparameters(k=None, s=None, p=None, d=None):
    """Validate whichever of kernel size, stride, padding and dilation are
    given."""
    if k is not None and check_integer("kernel size k", k) < 1:
        raise ValueError(f"kernel size k must be positive, got {k}")
    if s is not None and check_integer("stride s", s) < 1:
        raise ValueError(f"stride s must be at least 1, got {s}")
    if p is not None and check_integer("padding p", p) < 0:
        raise ValueError(f"padding p must be non-negative, got {p}")
    if d is not None and check_integer("dilation d", d) < 1:
        raise ValueError(
            f"dilation d must be at least 1 (d = 1 means no dilation), got {d}"
        )


def effective_kernel_size(k, d=1):
    """Input positions spanned by a kernel of k taps spaced d apart:
    d(k - 1) + 1."""
    return d * (k - 1) + 1


def output_size(i, k, s=1, p=0, d=1):
    """Output length along one axis: floor((i + 2p - d(k-1) - 1) / s) + 1.

    i input size, k kernel size, s stride, p zero padding on EACH side,
    d dilation (d = 1: no dilation). Valid for convolution and pooling
    layers alike.
    """
    if check_integer("input size i", i) < 1:
        raise ValueError(f"input size i must be positive, got {i}")
    check_hyperparameters(k, s, p, d)
    span, padded = effective_kernel_size(k, d), i + 2 * p
    if span > padded:  # not even one window position: the layer has no output
        raise ValueError(
            f"dilated kernel d(k-1)+1 = {span} is larger than the padded input "
            f"i+2p = {padded}"
        )
    # windows start at 0, s, 2s, ...; the last start is at most padded - span
    return (padded - span) // s + 1
# --8<-- [end:output_size]


# --8<-- [start:pool_padding]
def check_pool_padding(k, p, d=1):
    """Raise ValueError unless PyTorch's max pooling accepts padding p.

    Two checks in aten/src/ATen/native/Pool.h, in the order max_pool2d calls
    them: pooling_output_shape wants p <= floor(K/2), K = d(k-1)+1 the
    effective kernel, and pool2d_shape_check wants p <= floor(k/2), on the
    undilated k. As k <= K, the second is the one that binds when d > 1.
    """
    check_hyperparameters(k=k, p=p, d=d)
    span = effective_kernel_size(k, d)
    if p > span // 2:
        raise ValueError(
            f"pooling padding p = {p} > half the effective kernel: "
            f"floor({span}/2) = {span // 2}"
        )
    if p > k // 2:
        raise ValueError(
            f"pooling padding p = {p} > half the undilated kernel: "
            f"floor({k}/2) = {k // 2}"
        )
# --8<-- [end:pool_padding]


# --8<-- [start:dilation_conventions]
def dilation_from_gaps(gaps):
    """PyTorch dilation d from the gap convention d' of the first release
    (d = d' + 1)."""
    if check_integer("dilation d'", gaps) < 0:
        raise ValueError(
            f"dilation d' must be at least 0 (d' = 0 means no dilation), got {gaps}"
        )
    return int(gaps) + 1


def gaps_from_dilation(d):
    """Gap convention d' (zeros between taps) from PyTorch's dilation d (d' = d - 1)."""
    if check_integer("dilation d", d) < 1:
        raise ValueError(
            f"dilation d must be at least 1 (d = 1 means no dilation), got {d}"
        )
    return int(d) - 1
# --8<-- [end:dilation_conventions]


# --8<-- [start:layers]
from dataclasses import dataclass


@dataclass(frozen=True)
class Conv2d:
    """`out_channels` square kernels k x k over all input channels (with one
    bias each)."""
    out_channels: int
    k: int
    s: int = 1
    p: int = 0
    d: int = 1
    bias: bool = True


@dataclass(frozen=True)
class MaxPool2d:
    """k x k max pooling, channel by channel. s=None means s = k, as in
    PyTorch."""
    k: int
    s: int | None = None
    p: int = 0
    d: int = 1


def layer_output_shape(shape, layer):
    """(channels, height, width) after one layer; square kernels, same rule on
    both axes."""
    channels, height, width = shape
    if isinstance(layer, Conv2d):
        if check_integer("out_channels", layer.out_channels) < 1:
            raise ValueError(
                f"out_channels must be positive, got {layer.out_channels}"
            )
        channels, stride = layer.out_channels, layer.s
    elif isinstance(layer, MaxPool2d):
        # pooling keeps the channels; PyTorch limits its padding
        stride = layer.k if layer.s is None else layer.s
        check_pool_padding(layer.k, layer.p, layer.d)
    else:
        raise ValueError(
            f"unknown layer {layer!r}: expected Conv2d or MaxPool2d"
        )
    height, width = (output_size(n, layer.k, stride, layer.p, layer.d)
                     for n in (height, width))
    return channels, height, width


def shapes_through(input_shape, layers):
    """Every shape from the input to the last layer's output (len(layers) + 1
    shapes)."""
    if len(input_shape) != 3:
        raise ValueError(
            f"input shape must be (channels, height, width), got {input_shape}"
        )
    for value in input_shape:
        if check_integer("a size in the input shape", value) < 1:
            raise ValueError(
                f"input shape must hold positive sizes, got {input_shape}"
            )
    shapes = [tuple(int(v) for v in input_shape)]
    for layer in layers:
        shapes.append(layer_output_shape(shapes[-1], layer))
    return shapes


def parameter_count(in_channels, layer):
    """(weights, biases) of a layer: a convolution has out * in * k * k weights
    and one bias per output channel; pooling has no parameters. Dilation adds
    no weights."""
    if check_integer("in_channels", in_channels) < 1:
        raise ValueError(f"in_channels must be positive, got {in_channels}")
    if isinstance(layer, MaxPool2d):
        return 0, 0
    if not isinstance(layer, Conv2d):
        raise ValueError(
            f"unknown layer {layer!r}: expected Conv2d or MaxPool2d"
        )
    weights = layer.out_channels * in_channels * layer.k * layer.k
    return weights, (layer.out_channels if layer.bias else 0)
# --8<-- [end:layers]


# --8<-- [start:solver]
import collections


class Config(collections.namedtuple("Config", "k s p d")):
    """One layer configuration: kernel size, stride, padding, dilation
    (d = 1: none)."""
    __slots__ = ()


def check_bound(name, value, smallest, limit=64):
    """Raise ValueError unless the search bound `name` is an integer in
    [smallest, limit] (the search is a plain nested loop: larger bounds are
    refused)."""
    if check_integer(f"bound {name}", value) < smallest or value > limit:
        raise ValueError(
            f"bound {name} must be an integer from {smallest} to {limit}, "
            f"got {value}"
        )


def enumerate_configurations(i, o, k=None, s=None, p=None, d=None,
                             k_max=12, s_max=8, p_max=8, d_max=8):
    """Every (k, s, p, d) with output_size(i, k, s, p, d) == o, in
    lexicographic order.

    A value given for k, s, p or d is held fixed; one left as None runs over
    1..k_max, 1..s_max, 0..p_max or 1..d_max. Candidates whose dilated kernel
    does not fit in the padded input are not configurations (no output at all)
    and are skipped.
    """
    if check_integer("input size i", i) < 1:
        raise ValueError(f"input size i must be positive, got {i}")
    if check_integer("target output size o", o) < 1:
        raise ValueError(f"target output size o must be positive, got {o}")
    check_hyperparameters(k, s, p, d)
    for name, value, smallest in (("k_max", k_max, 1), ("s_max", s_max, 1),
                                  ("p_max", p_max, 0), ("d_max", d_max, 1)):
        check_bound(name, value, smallest)
    found = []
    for kk in [k] if k is not None else range(1, k_max + 1):
        for ss in [s] if s is not None else range(1, s_max + 1):
            for pp in [p] if p is not None else range(0, p_max + 1):
                for dd in [d] if d is not None else range(1, d_max + 1):
                    if effective_kernel_size(kk, dd) > i + 2 * pp:
                        continue
                    if output_size(i, kk, ss, pp, dd) == o:
                        found.append(Config(int(kk), int(ss), int(pp), int(dd)))
    return found
# --8<-- [end:solver]


# --8<-- [start:describe]
def describe_configuration(i, k, s, p=0, d=1):
    """What the windows of one layer read, along one axis, counted tap by tap.

    Output j reads the padded positions j*s + t*d (t = 0..k-1); the real input occupies
    padded positions p..p+i-1. Returns the output size, the effective kernel, whether
    k = 1, how many outputs read only padding, whether two windows share a position,
    how many input positions no window reads, and whether the windows tile the input
    (no sharing, every input read exactly once).
    """
    o = output_size(i, k, s, p, d)
    reads = [0] * (i + 2 * p)  # how many windows read each padded position
    padding_only = 0
    for j in range(o):
        taps = [j * s + t * d for t in range(k)]
        for position in taps:
            reads[position] += 1
        if not any(p <= position < p + i for position in taps):
            padding_only += 1
    overlapping = max(reads) > 1
    unread = sum(1 for position in range(p, p + i) if reads[position] == 0)
    return {
        "o": o,
        "effective_kernel": effective_kernel_size(k, d),
        "one_by_one": k == 1,
        "padding_only_outputs": padding_only,
        "overlapping": overlapping,
        "unread_inputs": unread,
        "tiles": not overlapping and unread == 0,
    }
# --8<-- [end:describe]


# --8<-- [start:solution_table]
def print_solutions(i, o, pooling=False, **fixed_and_bounds):
    """Print every configuration meeting the target, with both dilation conventions and
    the degenerate cases marked."""
    found = enumerate_configurations(i, o, **fixed_and_bounds)
    print("  k  s  p  d  d'   K = d(k-1)+1   (notes below their row)")
    for c in found:
        info = describe_configuration(i, *c)
        notes = []
        if pooling:
            if info["tiles"]:
                notes.append("non-overlapping, TILES the input (k = s)")
            elif info["overlapping"]:
                notes.append("windows OVERLAP (k > s): not allowed here")
            else:
                notes.append(f"non-overlapping, {info['unread_inputs']} of {i} "
                             "inputs never read")
        if c.k == 1:
            what = "plain subsampling" if pooling else "a per-pixel linear map"
            notes.append(f"DEGENERATE: 1x1 window, {what}"
                         + ("; the dilation has no effect" if c.d > 1 else ""))
        if info["padding_only_outputs"]:
            notes.append(f"DEGENERATE: {info['padding_only_outputs']} of {o} "
                         "outputs per axis see only padding")
        print(f"{c.k:3d}{c.s:3d}{c.p:3d}{c.d:3d}{c.d - 1:3d}   "
              f"{info['effective_kernel']:5d}")
        for note in notes:
            print(f"      {note}")
    print(f"{len(found)} configuration(s) with output size {o} "
          f"from input size {i}")
    return found
# --8<-- [end:solution_table]


# --8<-- [start:windows]
import numpy as np


def window_starts(padded_length, span, stride):
    """Start of every window position that fits, found by sliding (not by the
    formula)."""
    return np.arange(0, padded_length - span + 1, stride)


def gather_windows(padded, kh, kw, stride, dilation):
    """patches[c, a, b, u, v] =
    padded[c, a*stride + u*dilation, b*stride + v*dilation]."""
    _, height, width = padded.shape
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    if span_h > height or span_w > width:
        raise ValueError(
            f"dilated kernel ({span_h}, {span_w}) is larger than the padded input "
            f"({height}, {width})"
        )
    rows = window_starts(height, span_h, stride)[:, None] + dilation * np.arange(kh)
    cols = window_starts(width, span_w, stride)[:, None] + dilation * np.arange(kw)
    return padded[:, rows[:, None, :, None], cols[None, :, None, :]]


def check_image_arguments(x, stride, padding, dilation):
    if x.ndim != 3:
        raise ValueError(f"x must have shape (channels, height, width), got {x.shape}")
    for name, value, smallest in (("stride", stride, 1), ("padding", padding, 0),
                                  ("dilation", dilation, 1)):
        if (isinstance(value, bool) or not isinstance(value, (int, np.integer))
                or value < smallest):
            raise ValueError(f"{name} must be an integer >= {smallest}, got {value}")
# --8<-- [end:windows]


# --8<-- [start:conv2d]
import numpy as np


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1):
    """What frameworks call 2-D convolution (a cross-correlation, no kernel flip).

    x: (C, H, W); weight: (O, C, kh, kw); bias: (O,) or None. Zero padding on each side.
    out[o, a, b] = bias[o]
                   + sum_{c,u,v} weight[o, c, u, v] * xpad[c, a*s + u*d, b*s + v*d]
    """
    x, weight = np.asarray(x, dtype=float), np.asarray(weight, dtype=float)
    check_image_arguments(x, stride, padding, dilation)
    if weight.ndim != 4 or weight.shape[1] != x.shape[0]:
        raise ValueError(
            f"weight must have shape (out, {x.shape[0]}, kh, kw) for {x.shape[0]} "
            f"input channels, got {weight.shape}"
        )
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    patches = gather_windows(padded, weight.shape[2], weight.shape[3], stride, dilation)
    out = np.tensordot(weight, patches,
                       axes=([1, 2, 3], [0, 3, 4]))  # (O, out_h, out_w)
    if bias is not None:
        out = out + np.asarray(bias, dtype=float)[:, None, None]
    return out
# --8<-- [end:conv2d]


# --8<-- [start:rounding]
import numpy as np


def gamma(n):
    """gamma_n = n u / (1 - n u), u = 2^-53 the unit roundoff: a sum of n
    products, added in any order, with or without FMA, lies within
    gamma_n * (the sum of their absolute values) of the exact sum."""
    u = np.finfo(float).eps / 2
    if n * u >= 1:
        raise ValueError(f"gamma_n needs n u < 1, got n = {n}")
    return n * u / (1 - n * u)
# --8<-- [end:rounding]


# --8<-- [start:max_pool2d]
import numpy as np


def max_pool2d(x, k, stride=None, padding=0, dilation=1):
    """k x k max pooling channel by channel; stride defaults to k. The paddings
    PyTorch refuses are refused (check_pool_padding). Padding is -inf, so a window
    with no input returns -inf: within those limits, only when dilation > input."""
    x = np.asarray(x, dtype=float)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"kernel size must be a positive integer, got {k}")
    stride = k if stride is None else stride
    check_image_arguments(x, stride, padding, dilation)
    check_pool_padding(k, padding, dilation)
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)),
                    constant_values=-np.inf)
    return gather_windows(padded, k, k, stride, dilation).max(axis=(3, 4))
# --8<-- [end:max_pool2d]


# --8<-- [start:expect_value_error]
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
# --8<-- [end:expect_value_error]


# --8<-- [start:sliding_reference]
import itertools


def windows_that_fit(i, k, s, p, d):
    """Independent of output_size: slide a window of d(k-1)+1 positions over
    the padded input, one stride at a time, and count the positions where it
    fits."""
    return sum(1 for start in range(0, i + 2 * p, s)
               if start + d * (k - 1) < i + 2 * p)


def check_solutions(found, i, o, fixed, derived, p_max=8):
    """Assert that the solver's list is every (k, s, p, d) in the box k <= 12,
    s <= 8, p <= p_max, d <= 8 (the fixed values held) whose windows, slid one
    by one, number o, and that it is the set `derived` by hand in the text."""
    box = {"k": range(1, 13), "s": range(1, 9),
           "p": range(0, p_max + 1), "d": range(1, 9)}
    axes = [[fixed[name]] if name in fixed else box[name] for name in "kspd"]
    slid = {c for c in itertools.product(*axes) if windows_that_fit(i, *c) == o}
    assert set(found) == slid == set(derived), (sorted(found), sorted(slid),
                                                sorted(derived))
    # the tap-by-tap degenerate marks against criterion (8.3) (d <= i here)
    for c in found:
        sees_only_padding = (
            describe_configuration(i, *c)["padding_only_outputs"] > 0
        )
        assert c.d <= i and sees_only_padding == (c.p >= c.d * (c.k - 1) + 1), c
    print(f"= the {len(slid)} found by sliding the windows one by one\n"
          "= the set derived above; padding-only marks agree with (8.3)")
# --8<-- [end:sliding_reference]


if __name__ == "__main__":
    # --8<-- [start:demo_formula_steps]
    steps = [  # (layer, i, k, s, p, the value derived by hand in (7.4)-(7.6))
        ("conv 8x8, stride 2, no padding ", 256, 8, 2, 0, 125),
        ("max pool 5x5, stride 5         ", 125, 5, 5, 0, 25),
        ("conv 4x4, stride 1, padding 1  ", 25, 4, 1, 1, 24),
    ]
    for name, i, k, s, p, by_hand in steps:
        o = output_size(i, k, s, p)
        assert o == by_hand
        print(f"{name} floor(({i} + 2*{p} - {k}) / {s}) + 1 = {o}")
    assert output_size(125, 5, 1) == 121  # the stride-1 slip of the pitfalls
    print("pooling with stride 1 by mistake: floor(120/1) + 1 =",
          output_size(125, 5, 1))
    # --8<-- [end:demo_formula_steps]

    # --8<-- [start:demo_q7]
    import numpy as np

    network = [Conv2d(64, k=8, s=2, p=0), MaxPool2d(k=5),
               Conv2d(128, k=4, s=1, p=1)]
    shapes = shapes_through((3, 256, 256), network)
    for layer, before, after in zip(network, shapes, shapes[1:]):
        weights, biases = parameter_count(before[0], layer)
        print(f"{type(layer).__name__:9} {str(before):16} -> {str(after):16}"
              f" weights {weights:7d}  biases {biases:3d}")
    weights, biases = parameter_count(shapes[-2][0], network[-1])
    assert shapes == [(3, 256, 256), (64, 125, 125), (64, 25, 25), (128, 24, 24)]
    assert ((int(np.prod(shapes[-1])), weights, biases)
            == (128 * 24 * 24, 128 * 64 * 4 * 4, 128))
    print("dimensionality of the output: 128 x 24 x 24 =", int(np.prod(shapes[-1])))
    print(f"last layer: {weights} weights, {biases} biases, "
          f"{weights + biases} in all")
    # --8<-- [end:demo_q7]

    # --8<-- [start:demo_q7_from_scratch]
    rng = np.random.default_rng(0)
    image = rng.standard_normal((3, 256, 256))
    w1, b1 = rng.standard_normal((64, 3, 8, 8)), rng.standard_normal(64)
    w3, b3 = rng.standard_normal((128, 64, 4, 4)), rng.standard_normal(128)
    h1 = conv2d(image, w1, b1, stride=2, padding=0)
    h2 = max_pool2d(h1, 5)  # stride defaults to the window size: non-overlapping
    h3 = conv2d(h2, w3, b3, stride=1, padding=1)
    print("actual shapes:", image.shape, "->", h1.shape, "->", h2.shape,
          "->", h3.shape)
    assert [h.shape for h in (h1, h2, h3)] == shapes[1:]
    # One entry of each layer recomputed from its definition. A convolution
    # entry is a bias plus n products: both ways of computing it lie within
    # gamma_(n+1) (|bias| + sum |products|) of the exact value, so they differ
    # by at most twice that; we allow 4 times.
    padded = np.pad(h2, ((0, 0), (1, 1), (1, 1)))
    for value, bias, products in [
            (h1[5, 7, 9], b1[5], w1[5] * image[:, 14:22, 18:26]),
            (h3[9, 0, 23], b3[9], w3[9] * padded[:, 0:4, 23:27])]:
        scale = abs(bias) + np.abs(products).sum()
        assert abs(value - (bias + products.sum())) <= (
            4 * gamma(products.size + 1) * scale)
    assert h2[3, 4, 6] == h1[3, 20:25, 30:35].max()  # a max rounds nothing
    print("h1[5, 7, 9], h3[9, 0, 23] = their definitions within "
          "4γ(n+1)·(|b| + Σ|w·x|),\n"
          f"  n = 192 and 1024 products (4γ(1025) = {4 * gamma(1025):.1e});\n"
          "h2[3, 4, 6] = its definition exactly")
    # --8<-- [end:demo_q7_from_scratch]

    # --8<-- [start:demo_shape_grid]
    import itertools

    import numpy as np


    def conv2d_by_slicing(x, w, s, p, d):
        """Reference: one output at a time, each window cut out with a strided
        slice (input H x W, kernel kh x kw)."""
        xp, (kh, kw) = np.pad(x, ((0, 0), (p, p), (p, p))), w.shape[-2:]
        rows = range(0, xp.shape[1] - d * (kh - 1), s)
        cols = range(0, xp.shape[2] - d * (kw - 1), s)
        return np.array([[[np.sum(f * xp[:, a:a + d * (kh - 1) + 1:d,
                                          b:b + d * (kw - 1) + 1:d])
                           for b in cols] for a in rows] for f in w])

    rng = np.random.default_rng(1)
    checked = pooled = 0
    for i, k, s, p, d in itertools.product(range(1, 9), range(1, 4),
                                           range(1, 4), range(0, 3),
                                           range(1, 4)):
        height, width, kw = i, 2 * i + 1, k % 3 + 1  # H != W, kh = k != kw
        if d * (k - 1) + 1 > height + 2 * p or d * (kw - 1) + 1 > width + 2 * p:
            continue  # no window fits: output_size raises, and so does conv2d
        x = rng.standard_normal((2, height, width))
        w = rng.standard_normal((3, 2, k, kw))
        out = conv2d(x, w, stride=s, padding=p, dilation=d)
        assert out.shape == (3, output_size(height, k, s, p, d),
                             output_size(width, kw, s, p, d))
        # each entry sums 2 k kw products: both results within gamma_n of exact
        bound = 4 * gamma(2 * k * kw) * conv2d_by_slicing(abs(x), abs(w), s, p, d)
        assert np.all(np.abs(out - conv2d_by_slicing(x, w, s, p, d)) <= bound)
        checked += 1
        if p <= k // 2:  # the paddings PyTorch accepts for max pooling (Q8)
            shape = max_pool2d(x, k, stride=s, padding=p, dilation=d).shape
            assert shape == (2, output_size(height, k, s, p, d),
                             output_size(width, k, s, p, d))
            assert shape == layer_output_shape((2, height, width),
                                               MaxPool2d(k, s, p, d))
            pooled += 1
    print(f"{checked} convolutions (H = i <= 8, W = 2i + 1, kernel k x (k mod 3"
          " + 1) with k <= 3,\n  s <= 3, p <= 2, d <= 3): shapes = (7.3) per axis,"
          " values = the slicing\n  reference within 4γ(n)·Σ|w·x| (n = 2·kh·kw <="
          f" 12: 4γ(12) = {4 * gamma(12):.1e});\n{pooled} max poolings"
          " (p <= floor(k/2)): shapes = (7.3) per axis = MaxPool2d's")
    # --8<-- [end:demo_shape_grid]

    # --8<-- [start:demo_q7_bad_input]
    # the kernel does not fit: no output at all
    expect_value_error("larger than the padded input", output_size, 4, 5)
    expect_value_error("stride s must be at least 1", output_size, 25, 4, 0)
    expect_value_error("padding p must be non-negative",
                       output_size, 25, 4, 1, -1)
    expect_value_error("must be an integer", output_size, float("nan"), 4)
    # an 8 x 4 input: a 5 x 5 kernel fits the height, not the width
    expect_value_error("i+2p = 4", shapes_through, (3, 8, 4), [Conv2d(16, k=5)])
    # max pooling: PyTorch refuses a padding above half the kernel size
    expect_value_error("> half the effective kernel", shapes_through, (64, 125, 125),
                       [MaxPool2d(k=5, p=3)])
    # --8<-- [end:demo_q7_bad_input]

    # --8<-- [start:demo_q8_1a]
    found = print_solutions(64, 32, k=8, d=1)
    check_solutions(found, 64, 32, dict(k=8, d=1), derived={(8, 2, 3, 1)})
    # --8<-- [end:demo_q8_1a]

    # --8<-- [start:demo_q8_1a_beyond]
    found = print_solutions(64, 32, k=8, d=1, p_max=40)
    check_solutions(found, 64, 32, dict(k=8, d=1), p_max=40,
                    derived={(8, 2, 3, 1), (8, 3, 19, 1), (8, 4, 34, 1), (8, 4, 35, 1)})
    assert all(describe_configuration(64, *c)["padding_only_outputs"] > 0
               for c in found[1:])
    # --8<-- [end:demo_q8_1a_beyond]

    # --8<-- [start:demo_q8_1b]
    d = dilation_from_gaps(6)  # the first release's d' = 6
    found = print_solutions(64, 32, d=d, s=2)
    check_solutions(found, 64, 32, dict(d=7, s=2),
                    derived={(1, 2, 0, 7), (2, 2, 3, 7), (3, 2, 7, 7)})
    right, wrong = output_size(64, 3, 2, 7, d=7), output_size(64, 3, 2, 7, d=6)
    # floor((78 - 15)/2) + 1 and floor((78 - 13)/2) + 1
    assert (right, wrong) == (32, 33)
    print(f"(3, 2, 7) with d = 7 gives {right}; "
          f"with d' = 6 put where d belongs, {wrong}")
    # --8<-- [end:demo_q8_1b]

    # --8<-- [start:demo_q8_1b_beyond]
    found = print_solutions(64, 32, d=7, s=2, p_max=40)
    by_8_4 = {(k, 2, (7 * k - 8) // 2 if k % 2 == 0 else (7 * k - 7) // 2, 7)
              for k in range(1, 13)}
    check_solutions(found, 64, 32, dict(d=7, s=2), p_max=40, derived=by_8_4)
    assert not any(describe_configuration(64, *c)["padding_only_outputs"] for c in found)
    # --8<-- [end:demo_q8_1b_beyond]

    # --8<-- [start:demo_q8_2a]
    found = print_solutions(32, 8, pooling=True, p=0, d=1)
    check_solutions(found, 32, 8, dict(p=0, d=1),
                    derived={(k, 4, 0, 1) for k in (1, 2, 3, 4)}
                    | {(k, 3, 0, 1) for k in (9, 10, 11)})
    # the taps, followed one by one, against the rules k > s and k = s | i
    for c in found:
        info = describe_configuration(32, *c)
        assert (info["overlapping"] == (c.k > c.s)
                and info["tiles"] == (c.k == c.s and 32 % c.s == 0))
    # --8<-- [end:demo_q8_2a]

    # --8<-- [start:demo_window_strips]
    import itertools


    def strip(i, k, s):
        """One character per input position: the index (mod 10) of the window reading it."""
        owners = ["."] * i
        for j in range(output_size(i, k, s)):
            for position in range(j * s, j * s + k):
                owners[position] = "X" if owners[position] != "." else str(j % 10)
        return "".join(owners)


    def strip_by_intervals(i, k, s):
        """The same, independently: position x is read by the windows j with
        js <= x <= js + k - 1, that is ceil((x-k+1)/s) <= j <= floor(x/s), kept
        within 0 .. o-1 (o counted by sliding the window)."""
        last_window = windows_that_fit(i, k, s, 0, 1) - 1
        chars = ""
        for x in range(i):
            first, last = max(0, -((k - 1 - x) // s)), min(last_window, x // s)
            chars += "." if last < first else "X" if last > first else str(first % 10)
        return chars


    for k, s in [(4, 4), (3, 4), (1, 4), (10, 3)]:
        layout = strip(32, k, s)
        print(f"k={k:2d} s={s}  {layout}")
        o = output_size(32, k, s)
        assert layout == strip_by_intervals(32, k, s)
        # against (8.5): overlap iff k > s, and the count of inputs never read
        assert ("X" in layout) == (k > s)
        assert layout.count(".") == (o - 1) * max(s - k, 0) + (32 - k) % s
    print("digit = the window reading that input, '.' = never read, 'X' = read by several")
    assert strip(32, 4, 4) == "".join(str(j % 10) * 4 for j in range(8))
    # --8<-- [end:demo_window_strips]

    # --8<-- [start:demo_q8_2b]
    rng = np.random.default_rng(2)
    pooled = max_pool2d(rng.standard_normal((64, 32, 32)), 8, stride=4)
    info = describe_configuration(32, 8, 4)
    assert output_size(32, 8, 4) == windows_that_fit(32, 8, 4, 0, 1) == 7
    assert (pooled.shape == (64, 7, 7) and info["overlapping"]
            and info["unread_inputs"] == 0)
    print(f"floor((32 - 8) / 4) + 1 = {output_size(32, 8, 4)}; "
          f"max_pool2d gives {pooled.shape}")
    print(f"windows overlap: {info['overlapping']}; "
          f"inputs never read: {info['unread_inputs']}")
    # --8<-- [end:demo_q8_2b]

    # --8<-- [start:demo_q8_3a]
    found = print_solutions(8, 4, p=0, d=1)
    check_solutions(found, 8, 4, dict(p=0, d=1),
                    derived={(5, 1, 0, 1), (2, 2, 0, 1), (1, 2, 0, 1)})
    # --8<-- [end:demo_q8_3a]

    # --8<-- [start:demo_q8_3b]
    found = print_solutions(8, 4, d=dilation_from_gaps(1), p=2)
    check_solutions(found, 8, 4, dict(d=2, p=2),
                    derived={(5, 1, 2, 2), (3, 2, 2, 2),
                             (2, 3, 2, 2), (1, 3, 2, 2)})
    # --8<-- [end:demo_q8_3b]

    # --8<-- [start:demo_q8_3c]
    found = print_solutions(8, 4, p=1, d=1)
    check_solutions(found, 8, 4, dict(p=1, d=1),
                    derived={(7, 1, 1, 1), (4, 2, 1, 1),
                             (3, 2, 1, 1), (1, 3, 1, 1)})
    # --8<-- [end:demo_q8_3c]

    # --8<-- [start:demo_padding_only]
    # The degenerate solution (1, 3, 1, 1) of 3(c) as a convolution: a 1 x 1 kernel of
    # one over an 8 x 8 input of ones. An output is 0 exactly when its single tap falls
    # in the zero padding (sums of ones and zeros are exact: nothing is rounded).
    out = conv2d(np.ones((1, 8, 8)), np.ones((1, 1, 1, 1)), stride=3, padding=1)[0]
    print(out)
    n = describe_configuration(8, k=1, s=3, p=1)["padding_only_outputs"]
    assert n == 2  # taps at padded positions 0, 3, 6, 9: the first and the last are padding
    assert int((out == 0).sum()) == 4 * 4 - (4 - n) ** 2 == 12
    print(f"{n} outputs per axis see only padding: 4*4 - (4-{n})**2 = 12 pixels are 0")
    # --8<-- [end:demo_padding_only]

    # --8<-- [start:demo_padding_criterion]
    agree = exceptions = 0
    for i, k, s, p, d in itertools.product(range(1, 13), range(1, 6), range(1, 5),
                                           range(0, 9), range(1, 5)):
        if d * (k - 1) + 1 > i + 2 * p:
            continue
        sees_only_padding = (
            describe_configuration(i, k, s, p, d)["padding_only_outputs"] > 0
        )
        criterion = p >= d * (k - 1) + 1
        if d <= i:
            assert sees_only_padding == criterion, (i, k, s, p, d)
            agree += 1
        else:
            assert sees_only_padding or not criterion  # "if" holds for every d
            exceptions += sees_only_padding != criterion
    assert exceptions > 0
    print(f"d <= i: (8.3) holds in all {agree} cases\n"
          f"d > i: {exceptions} cases where taps straddle the input and (8.3) fails")
    # --8<-- [end:demo_padding_criterion]

    # --8<-- [start:demo_pool_padding]
    import itertools

    import numpy as np

    # the paddings check_pool_padding lets through, tried one by one
    print(" k  d   K  floor(K/2)  floor(k/2)  paddings accepted")
    for k, d in [(2, 1), (3, 1), (3, 2), (4, 3), (1, 7)]:
        span, accepted = effective_kernel_size(k, d), []
        for p in range(span + 1):
            try:
                check_pool_padding(k, p, d)
            except ValueError:
                continue
            accepted.append(p)
        assert accepted == list(range(k // 2 + 1))  # the rule read in Pool.h
        print(f"{k:2d}{d:3d}{span:4d}{span // 2:8d}{k // 2:12d}"
              f"       0 to {accepted[-1]}")
    x = np.random.default_rng(3).standard_normal((1, 9, 7))
    # p = 2 = floor(K/2) with k = 3, d = 2: the first check passes, the second refuses
    expect_value_error("half the undilated kernel", max_pool2d,
                       x, 3, stride=1, padding=2, dilation=2)
    # the degenerate (1, 3, 1, 1) of 3(c): K = 1, the first check refuses it
    expect_value_error("half the effective kernel", max_pool2d,
                       x, 1, stride=3, padding=1)

    # Within the limits, a window of pure padding (-inf) needs taps that straddle
    # the input, d > i: by (8.3), p <= floor(k/2) < K rules out the others.
    # Every small case, on an i x (i + 1) input of ones, against the tap-by-tap count.
    straddling = 0
    for i, k, s, d in itertools.product(range(1, 7), range(1, 6), range(1, 4),
                                        range(1, 6)):
        for p in range(k // 2 + 1):
            if d * (k - 1) + 1 > i + 2 * p:
                continue
            out = max_pool2d(np.ones((1, i, i + 1)), k, stride=s, padding=p,
                             dilation=d)
            rows, cols = (describe_configuration(n, k, s, p, d)["padding_only_outputs"]
                          for n in (i, i + 1))
            assert int(np.isneginf(out).sum()) == out.size - (
                (out.shape[1] - rows) * (out.shape[2] - cols))
            assert d > i or not np.isneginf(out).any()
            straddling += bool(np.isneginf(out).any())
    assert straddling > 0
    print(f"-inf outputs in {straddling} small layers within the limits, all with d > i;"
          "\ne.g. i = 1, k = 2, d = 2, p = 1:",
          max_pool2d(np.ones((1, 1, 1)), 2, stride=1, padding=1, dilation=2)[0, 0, 0])
    # --8<-- [end:demo_pool_padding]

    # --8<-- [start:demo_window_rules]
    checked = 0
    for i, k, s in itertools.product(range(1, 41), range(1, 13), range(1, 9)):
        if k > i or output_size(i, k, s) < 2:
            continue  # one window: nothing to overlap with
        info, o = describe_configuration(i, k, s), output_size(i, k, s)
        assert info["overlapping"] == (k > s)
        assert info["unread_inputs"] == (o - 1) * max(s - k, 0) + (i - k) % s
        assert info["tiles"] == (k == s and i % s == 0)
        checked += 1
    print("p = 0, d = 1, at least two windows: the three rules (8.5) hold in all "
          f"{checked} cases")
    # --8<-- [end:demo_window_rules]
