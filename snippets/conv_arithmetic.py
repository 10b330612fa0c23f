"""Questions 7 and 8: convolution arithmetic -- output sizes, shapes, parameter counts,
every configuration (k, s, p, d) that meets a target size, and a from-scratch 2-D
convolution and max pooling in numpy whose output shapes confirm the formula.

Convention (PyTorch's, and the corrected release of the assignment): dilation d = 1 means
no dilation. The first release counts gaps instead, d' = d - 1 (d' = 0 means none).
Sections between ``--8<--`` markers are shown on ``docs/q7-conv-arithmetic-shapes.md`` and
``docs/q8-conv-arithmetic-configurations.md`` and run when the site is built. The
calculator page mirrors ``output_size``, ``enumerate_configurations`` and
``describe_configuration`` in JavaScript (docs/javascripts/conv-arithmetic-calculator.js),
with the same error messages.
"""

# --8<-- [start:output_size]
import numpy as np


def check_integer(label, value):
    """Return `value` if it is an integer (bool excluded), else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{label} must be an integer, got {value}")
    return int(value)


def check_hyperparameters(k=None, s=None, p=None, d=None):
    """Validate whichever of kernel size, stride, padding and dilation are given."""
    if k is not None and check_integer("kernel size k", k) < 1:
        raise ValueError(f"kernel size k must be positive, got {k}")
    if s is not None and check_integer("stride s", s) < 1:
        raise ValueError(f"stride s must be at least 1, got {s}")
    if p is not None and check_integer("padding p", p) < 0:
        raise ValueError(f"padding p must be non-negative, got {p}")
    if d is not None and check_integer("dilation d", d) < 1:
        raise ValueError(f"dilation d must be at least 1 (d = 1 means no dilation), got {d}")


def effective_kernel_size(k, d=1):
    """Input positions spanned by a kernel of k taps spaced d apart: d(k - 1) + 1."""
    return d * (k - 1) + 1


def output_size(i, k, s=1, p=0, d=1):
    """Output length along one axis: floor((i + 2p - d(k-1) - 1) / s) + 1.

    i input size, k kernel size, s stride, p zero padding on EACH side, d dilation
    (d = 1: no dilation). Valid for convolution and pooling layers alike.
    """
    if check_integer("input size i", i) < 1:
        raise ValueError(f"input size i must be positive, got {i}")
    check_hyperparameters(k, s, p, d)
    span, padded = effective_kernel_size(k, d), i + 2 * p
    if span > padded:  # not even one window position: the layer has no output
        raise ValueError(
            f"dilated kernel d(k-1)+1 = {span} is larger than the padded input i+2p = {padded}"
        )
    # the windows start at 0, s, 2s, ... and the last start is at most padded - span
    return (padded - span) // s + 1
# --8<-- [end:output_size]


# --8<-- [start:dilation_conventions]
def dilation_from_gaps(gaps):
    """PyTorch dilation d from the gap convention d' of the first release (d = d' + 1)."""
    if check_integer("dilation d'", gaps) < 0:
        raise ValueError(f"dilation d' must be at least 0 (d' = 0 means no dilation), got {gaps}")
    return int(gaps) + 1


def gaps_from_dilation(d):
    """Gap convention d' (zeros between taps) from PyTorch's dilation d (d' = d - 1)."""
    if check_integer("dilation d", d) < 1:
        raise ValueError(f"dilation d must be at least 1 (d = 1 means no dilation), got {d}")
    return int(d) - 1
# --8<-- [end:dilation_conventions]


# --8<-- [start:layers]
from dataclasses import dataclass


@dataclass(frozen=True)
class Conv2d:
    """`out_channels` square kernels k x k over all input channels (with one bias each)."""
    out_channels: int
    k: int
    s: int = 1
    p: int = 0
    d: int = 1
    bias: bool = True


@dataclass(frozen=True)
class MaxPool2d:
    """k x k max pooling, channel by channel. s=None means s = k, as in PyTorch."""
    k: int
    s: int | None = None
    p: int = 0
    d: int = 1


def layer_output_shape(shape, layer):
    """(channels, height, width) after one layer; square kernels, same rule on both axes."""
    channels, height, width = shape
    if isinstance(layer, Conv2d):
        if check_integer("out_channels", layer.out_channels) < 1:
            raise ValueError(f"out_channels must be positive, got {layer.out_channels}")
        channels, stride = layer.out_channels, layer.s
    elif isinstance(layer, MaxPool2d):
        stride = layer.k if layer.s is None else layer.s  # pooling keeps the channels
    else:
        raise ValueError(f"unknown layer {layer!r}: expected Conv2d or MaxPool2d")
    height, width = (output_size(n, layer.k, stride, layer.p, layer.d) for n in (height, width))
    return channels, height, width


def shapes_through(input_shape, layers):
    """Every shape from the input to the last layer's output (len(layers) + 1 shapes)."""
    if len(input_shape) != 3:
        raise ValueError(f"input shape must be (channels, height, width), got {input_shape}")
    for value in input_shape:
        if check_integer("a size in the input shape", value) < 1:
            raise ValueError(f"input shape must hold positive sizes, got {input_shape}")
    shapes = [tuple(int(v) for v in input_shape)]
    for layer in layers:
        shapes.append(layer_output_shape(shapes[-1], layer))
    return shapes


def parameter_count(in_channels, layer):
    """(weights, biases) of a layer: a convolution has out * in * k * k weights and one
    bias per output channel; pooling has no parameters. Dilation adds no weights."""
    if check_integer("in_channels", in_channels) < 1:
        raise ValueError(f"in_channels must be positive, got {in_channels}")
    if isinstance(layer, MaxPool2d):
        return 0, 0
    if not isinstance(layer, Conv2d):
        raise ValueError(f"unknown layer {layer!r}: expected Conv2d or MaxPool2d")
    weights = layer.out_channels * in_channels * layer.k * layer.k
    return weights, (layer.out_channels if layer.bias else 0)
# --8<-- [end:layers]


# --8<-- [start:solver]
from collections import namedtuple

Config = namedtuple("Config", "k s p d")
BOUND_LIMIT = 64  # bounds above this are refused (the search is a plain nested loop)


def check_bound(name, value, smallest):
    """Raise ValueError unless the search bound `name` is an integer in [smallest, 64]."""
    if check_integer(f"bound {name}", value) < smallest or value > BOUND_LIMIT:
        raise ValueError(
            f"bound {name} must be an integer from {smallest} to {BOUND_LIMIT}, got {value}"
        )


def enumerate_configurations(i, o, k=None, s=None, p=None, d=None,
                             k_max=12, s_max=8, p_max=8, d_max=8):
    """Every (k, s, p, d) with output_size(i, k, s, p, d) == o, in lexicographic order.

    A value given for k, s, p or d is held fixed; one left as None runs over
    1..k_max, 1..s_max, 0..p_max or 1..d_max. Candidates whose dilated kernel does not fit
    in the padded input are not configurations (no output at all) and are skipped.
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
# --8<-- [end:solver]


# --8<-- [start:solution_table]
def print_solutions(i, o, pooling=False, **fixed_and_bounds):
    """Print every configuration meeting the target, with both dilation conventions and
    the degenerate cases marked."""
    found = enumerate_configurations(i, o, **fixed_and_bounds)
    print("  k  s  p  d  d'   K = d(k-1)+1   notes")
    for c in found:
        info = describe_configuration(i, *c)
        notes = []
        if pooling:
            if info["tiles"]:
                notes.append("non-overlapping, TILES the input (k = s)")
            elif info["overlapping"]:
                notes.append("windows OVERLAP (k > s): not allowed here")
            else:
                notes.append(f"non-overlapping, {info['unread_inputs']} of {i} inputs never read")
        if c.k == 1:
            what = "plain subsampling" if pooling else "a per-pixel linear map"
            notes.append(f"DEGENERATE: 1x1 window ({what}"
                         + ("; the dilation has no effect)" if c.d > 1 else ")"))
        if info["padding_only_outputs"]:
            notes.append(f"DEGENERATE: {info['padding_only_outputs']} of {o} outputs per axis"
                         " see only padding")
        print(f"{c.k:3d}{c.s:3d}{c.p:3d}{c.d:3d}{c.d - 1:3d}   {info['effective_kernel']:5d}"
              f"          {'; '.join(notes)}")
    print(f"{len(found)} configuration(s) with output size {o} from input size {i}")
    return found
# --8<-- [end:solution_table]


# --8<-- [start:conv2d]
import numpy as np


def window_starts(padded_length, span, stride):
    """Start of every window position that fits, found by sliding (not by the formula)."""
    return np.arange(0, padded_length - span + 1, stride)


def gather_windows(padded, kh, kw, stride, dilation):
    """patches[c, a, b, u, v] = padded[c, a*stride + u*dilation, b*stride + v*dilation]."""
    _, height, width = padded.shape
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    if span_h > height or span_w > width:
        raise ValueError(
            f"dilated kernel ({span_h}, {span_w}) is larger than the padded input ({height}, {width})"
        )
    rows = window_starts(height, span_h, stride)[:, None] + dilation * np.arange(kh)
    cols = window_starts(width, span_w, stride)[:, None] + dilation * np.arange(kw)
    return padded[:, rows[:, None, :, None], cols[None, :, None, :]]


def check_image_arguments(x, stride, padding, dilation):
    if x.ndim != 3:
        raise ValueError(f"x must have shape (channels, height, width), got {x.shape}")
    for name, value, smallest in (("stride", stride, 1), ("padding", padding, 0),
                                  ("dilation", dilation, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < smallest:
            raise ValueError(f"{name} must be an integer >= {smallest}, got {value}")


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1):
    """What frameworks call 2-D convolution (a cross-correlation, no kernel flip).

    x: (C, H, W); weight: (O, C, kh, kw); bias: (O,) or None. Zero padding on each side.
    out[o, a, b] = bias[o] + sum_{c,u,v} weight[o, c, u, v] * xpad[c, a*s + u*d, b*s + v*d]
    """
    x, weight = np.asarray(x, dtype=float), np.asarray(weight, dtype=float)
    check_image_arguments(x, stride, padding, dilation)
    if weight.ndim != 4 or weight.shape[1] != x.shape[0]:
        raise ValueError(
            f"weight must have shape (out, {x.shape[0]}, kh, kw) for {x.shape[0]} input "
            f"channels, got {weight.shape}"
        )
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    patches = gather_windows(padded, weight.shape[2], weight.shape[3], stride, dilation)
    out = np.tensordot(weight, patches, axes=([1, 2, 3], [0, 3, 4]))  # (O, out_h, out_w)
    if bias is not None:
        out = out + np.asarray(bias, dtype=float)[:, None, None]
    return out


def max_pool2d(x, k, stride=None, padding=0, dilation=1):
    """k x k max pooling channel by channel; stride defaults to k. Padding is -inf, so a
    window made only of padding returns -inf (PyTorch refuses such paddings instead)."""
    x = np.asarray(x, dtype=float)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"kernel size must be a positive integer, got {k}")
    stride = k if stride is None else stride
    check_image_arguments(x, stride, padding, dilation)
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)),
                    constant_values=-np.inf)
    return gather_windows(padded, k, k, stride, dilation).max(axis=(3, 4))
# --8<-- [end:conv2d]


if __name__ == "__main__":
    # --8<-- [start:demo_formula_steps]
    steps = [  # (layer, i, k, s, p)
        ("conv 8x8, stride 2, no padding ", 256, 8, 2, 0),
        ("max pool 5x5, stride 5         ", 125, 5, 5, 0),
        ("conv 4x4, stride 1, padding 1  ", 25, 4, 1, 1),
    ]
    for name, i, k, s, p in steps:
        numerator = i + 2 * p - (k - 1) - 1
        print(f"{name} floor(({i} + 2*{p} - ({k}-1) - 1) / {s}) + 1"
              f" = floor({numerator}/{s}) + 1 = {output_size(i, k, s, p)}")
    print("pooling with stride 1 by mistake: floor(120/1) + 1 =", output_size(125, 5, 1))
    print("layer 3 with one zero in total, not one per side: floor((25 + 1 - 4)/1) + 1 =",
          (25 + 1 - 4) // 1 + 1)
    # --8<-- [end:demo_formula_steps]

    # --8<-- [start:demo_q7]
    network = [Conv2d(64, k=8, s=2, p=0), MaxPool2d(k=5), Conv2d(128, k=4, s=1, p=1)]
    shapes = shapes_through((3, 256, 256), network)
    for layer, before, after in zip(network, shapes, shapes[1:]):
        weights, biases = parameter_count(before[0], layer)
        print(f"{type(layer).__name__:9} {str(before):16} -> {str(after):16}"
              f" weights {weights:7d}  biases {biases:3d}")
    last = shapes[-1]
    weights, biases = parameter_count(shapes[-2][0], network[-1])
    print("dimensionality of the output:", " x ".join(map(str, last)), "=", int(np.prod(last)))
    print(f"each kernel of the last layer: 64*4*4 = {weights // 128} weights")
    print(f"last layer: {weights} weights (= 128*64*4*4: {128 * 64 * 4 * 4});"
          f" biases add {biases}, total {weights + biases}")
    assert shapes == [(3, 256, 256), (64, 125, 125), (64, 25, 25), (128, 24, 24)]
    assert (int(np.prod(last)), weights, biases) == (73728, 131072, 128)
    # --8<-- [end:demo_q7]

    # --8<-- [start:demo_q7_from_scratch]
    rng = np.random.default_rng(0)
    image = rng.standard_normal((3, 256, 256))
    w1, b1 = rng.standard_normal((64, 3, 8, 8)), rng.standard_normal(64)
    w3, b3 = rng.standard_normal((128, 64, 4, 4)), rng.standard_normal(128)
    h1 = conv2d(image, w1, b1, stride=2, padding=0)
    h2 = max_pool2d(h1, 5)  # stride defaults to the window size: non-overlapping
    h3 = conv2d(h2, w3, b3, stride=1, padding=1)
    print("actual shapes:", image.shape, "->", h1.shape, "->", h2.shape, "->", h3.shape)
    print("output entries:", h3.size, "  last-layer weights:", w3.size, "  biases:", b3.size)
    assert (h1.shape, h2.shape, h3.shape) == ((64, 125, 125), (64, 25, 25), (128, 24, 24))
    # --8<-- [end:demo_q7_from_scratch]

    # --8<-- [start:demo_shape_grid]
    import itertools

    rng = np.random.default_rng(1)
    checked = disagreements = 0
    for i, k, s, p, d in itertools.product(range(1, 11), range(1, 5), range(1, 4),
                                           range(0, 3), range(1, 4)):
        if d * (k - 1) + 1 > i + 2 * p:
            continue  # no window fits: output_size raises, and so does conv2d
        x = rng.standard_normal((2, i, i))
        conv_shape = conv2d(x, rng.standard_normal((3, 2, k, k)), stride=s, padding=p,
                            dilation=d).shape
        pool_shape = max_pool2d(x, k, stride=s, padding=p, dilation=d).shape
        o = output_size(i, k, s, p, d)
        checked += 1
        disagreements += conv_shape != (3, o, o) or pool_shape != (2, o, o)
    print(f"{checked} cases (i <= 10, k <= 4, s <= 3, p <= 2, d <= 3):"
          f" {disagreements} disagree with the formula")
    assert checked > 0 and disagreements == 0
    # --8<-- [end:demo_shape_grid]

    # --8<-- [start:demo_q8_1a]
    # 3 x 64 x 64 -> 64 x 32 x 32, k = 8, no dilation (d = 1, d' = 0): s and p are free
    print_solutions(64, 32, k=8, d=1)
    # --8<-- [end:demo_q8_1a]

    # --8<-- [start:demo_q8_1a_beyond]
    # Relax the padding bound to 40: the extra solutions all start in pure padding
    print_solutions(64, 32, k=8, d=1, p_max=40)
    # --8<-- [end:demo_q8_1a_beyond]

    # --8<-- [start:demo_q8_1b]
    # 3 x 64 x 64 -> 64 x 32 x 32, d = 7 (d' = 6), s = 2: k and p are free
    print_solutions(64, 32, d=dilation_from_gaps(6), s=2)
    # --8<-- [end:demo_q8_1b]

    # --8<-- [start:demo_q8_1b_beyond]
    # Relax the padding bound to 40: larger kernels fit too, and none of them is degenerate
    print_solutions(64, 32, d=7, s=2, p_max=40)
    # --8<-- [end:demo_q8_1b_beyond]

    # --8<-- [start:demo_q8_2a]
    # 64 x 32 x 32 -> 64 x 8 x 8 by pooling, p = 0, d = 1: k and s are free
    print_solutions(32, 8, pooling=True, p=0, d=1)
    # --8<-- [end:demo_q8_2a]

    # --8<-- [start:demo_window_strips]
    def strip(i, k, s):
        """One character per input position: the index (mod 10) of the window reading it."""
        owners = ["."] * i
        for j in range(output_size(i, k, s)):
            for position in range(j * s, j * s + k):
                owners[position] = "X" if owners[position] != "." else str(j % 10)
        return "".join(owners)

    for k, s in [(4, 4), (3, 4), (1, 4), (10, 3)]:
        print(f"k={k:2d} s={s}  {strip(32, k, s)}")
    print("digit = the window reading that input, '.' = never read, 'X' = read by several")
    # --8<-- [end:demo_window_strips]

    # --8<-- [start:demo_q8_2b]
    rng = np.random.default_rng(2)
    pooled = max_pool2d(rng.standard_normal((64, 32, 32)), 8, stride=4)
    info = describe_configuration(32, 8, 4)
    print("formula: floor((32 - 8) / 4) + 1 =", output_size(32, 8, 4))
    print("max_pool2d on a 64 x 32 x 32 input ->", pooled.shape)
    print("windows overlap:", info["overlapping"], f"(consecutive windows share k - s = {8 - 4})",
          "  inputs never read:", info["unread_inputs"])
    # --8<-- [end:demo_q8_2b]

    # --8<-- [start:demo_q8_3a]
    # 64 x 8 x 8 -> 128 x 4 x 4, no padding, no dilation: k and s are free
    print_solutions(8, 4, p=0, d=1)
    # --8<-- [end:demo_q8_3a]

    # --8<-- [start:demo_q8_3b]
    # 64 x 8 x 8 -> 128 x 4 x 4, d = 2 (d' = 1), p = 2: k and s are free
    print_solutions(8, 4, d=dilation_from_gaps(1), p=2)
    # --8<-- [end:demo_q8_3b]

    # --8<-- [start:demo_q8_3c]
    # 64 x 8 x 8 -> 128 x 4 x 4, p = 1, d = 1: k and s are free
    print_solutions(8, 4, p=1, d=1)
    # --8<-- [end:demo_q8_3c]

    # --8<-- [start:demo_padding_only]
    # A 1x1 kernel with stride 3 and padding 1 on an 8 x 8 input of ones (part 3c):
    # a pixel of the 4 x 4 output is 0 exactly when its single tap falls in the padding.
    out = conv2d(np.ones((1, 8, 8)), np.ones((1, 1, 1, 1)), stride=3, padding=1)[0]
    print(out.astype(int))
    per_axis = describe_configuration(8, k=1, s=3, p=1)["padding_only_outputs"]
    print(f"outputs per axis seeing only padding: {per_axis};"
          f" pixels: 4*4 - (4-{per_axis})**2 = {16 - (4 - per_axis) ** 2},"
          f" zeros in the output: {int((out == 0).sum())}")
    # --8<-- [end:demo_padding_only]

    # --8<-- [start:demo_other_answers]
    # Single answers often given for each part, checked against every solution.
    answers = {  # part: (i, o, the answer (k, s, p, d), what the question fixes)
        "1a": (64, 32, Config(8, 2, 3, 1), dict(k=8, d=1)),
        "1b": (64, 32, Config(2, 2, 3, 7), dict(d=7, s=2)),
        "2a": (32, 8, Config(4, 4, 0, 1), dict(p=0, d=1)),
        "3a": (8, 4, Config(5, 1, 0, 1), dict(p=0, d=1)),
        "3b": (8, 4, Config(5, 1, 2, 2), dict(d=2, p=2)),
        "3c": (8, 4, Config(4, 2, 1, 1), dict(p=1, d=1)),
    }
    for part, (i, o, answer, fixed) in answers.items():
        every = enumerate_configurations(i, o, **fixed)
        if part == "2a":  # non-overlapping pooling only
            every = [c for c in every if not describe_configuration(i, *c)["overlapping"]]
        print(f"{part}: {tuple(answer)} gives {output_size(i, *answer)} (target {o}),"
              f" valid: {answer in every}; it is 1 of {len(every)} solutions")
    # --8<-- [end:demo_other_answers]

    # --8<-- [start:demo_dilation_conventions]
    for asked_gaps in (6, 1):
        d = dilation_from_gaps(asked_gaps)
        print(f"first release d' = {asked_gaps}  <->  corrected release / PyTorch d = {d};"
              f" a 3-tap kernel then spans {effective_kernel_size(3, d)} inputs")
    # The same layer read in the wrong convention is a different layer:
    right, wrong = output_size(64, 3, 2, 7, d=7), output_size(64, 3, 2, 7, d=6)
    print(f"k=3, s=2, p=7: with d = 7 the output is {right}; "
          f"plugging d' = 6 in for d gives {wrong}")
    # --8<-- [end:demo_dilation_conventions]

    # --8<-- [start:demo_padding_criterion]
    import itertools

    agree = exceptions = 0
    for i, k, s, p, d in itertools.product(range(1, 13), range(1, 6), range(1, 5),
                                           range(0, 9), range(1, 5)):
        if d * (k - 1) + 1 > i + 2 * p:
            continue
        sees_only_padding = describe_configuration(i, k, s, p, d)["padding_only_outputs"] > 0
        criterion = p >= d * (k - 1) + 1
        if d <= i:
            agree += sees_only_padding == criterion
            assert sees_only_padding == criterion, (i, k, s, p, d)
        else:
            exceptions += sees_only_padding != criterion
    print(f"d <= i: 'some output sees only padding' == 'p >= d(k-1)+1' in {agree} of {agree} cases")
    print(f"d > i: {exceptions} cases where taps straddle the input and the criterion fails")
    # --8<-- [end:demo_padding_criterion]

    # --8<-- [start:demo_window_rules]
    import itertools

    checked = 0
    for i, k, s in itertools.product(range(1, 41), range(1, 13), range(1, 9)):
        if k > i or output_size(i, k, s) < 2:
            continue  # one window: nothing to overlap with
        info, o = describe_configuration(i, k, s), output_size(i, k, s)
        assert info["overlapping"] == (k > s)
        assert info["unread_inputs"] == (o - 1) * max(s - k, 0) + (i - k) % s
        assert info["tiles"] == (k == s and i % s == 0)
        checked += 1
    print(f"p = 0, d = 1, at least two windows: the three rules hold in all {checked} cases")
    # --8<-- [end:demo_window_rules]
