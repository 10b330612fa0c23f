"""Question 6: 1-D convolution (with kernel flipping) in full, valid and same modes.

The convolution is written out by hand on purpose: the explicit flip and the explicit
zero padding are the lesson. Sections between ``--8<--`` markers are shown on the page
``docs/q6-convolution-1d.md`` and run when the site is built.
"""

# --8<-- [start:convolve]
import numpy as np


def padding_for_mode(kernel_length, mode):
    """Zeros added (left, right) to the input so that sliding the kernel gives `mode`."""
    k = kernel_length
    if mode == "full":  # every position where kernel and input overlap in >= 1 element
        return k - 1, k - 1
    if mode == "valid":  # only positions where the kernel lies inside the input
        return 0, 0
    if mode == "same":  # output as long as the input: k - 1 zeros in all;
        # an even k cannot be centred, and (like numpy.convolve) the extra zero goes left
        return k // 2, (k - 1) // 2
    raise ValueError(f"mode must be 'full', 'valid' or 'same', not {mode!r}")


def convolve_1d(x, kernel, mode="full"):
    """Discrete convolution (x * kernel)[n] = sum_m x[m] kernel[n - m], by hand.

    Flip the kernel, pad the input with zeros, then slide the flipped kernel
    one step at a time and take a dot product at each position.
    """
    x = np.asarray(x)
    kernel = np.asarray(kernel)
    for name, a in (("x", x), ("kernel", kernel)):
        if a.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array, got shape {a.shape}")
        if a.size == 0:
            raise ValueError(f"{name} must not be empty")
    if mode == "valid" and kernel.size > x.size:
        raise ValueError(
            f"valid mode needs a kernel no longer than the input "
            f"(kernel length {kernel.size} > input length {x.size})"
        )
    left, right = padding_for_mode(kernel.size, mode)
    padded = np.concatenate([np.zeros(left, x.dtype), x, np.zeros(right, x.dtype)])
    flipped = kernel[::-1]  # convolution flips the kernel; cross-correlation does not
    n_out = padded.size - kernel.size + 1
    return np.array([padded[i : i + kernel.size] @ flipped for i in range(n_out)])
# --8<-- [end:convolve]


# --8<-- [start:cross_correlate]
import numpy as np


def cross_correlate_1d(x, kernel, mode="full"):
    """What deep-learning libraries call convolution: slide the kernel WITHOUT flipping it."""
    return convolve_1d(x, np.asarray(kernel)[::-1], mode)
# --8<-- [end:cross_correlate]


if __name__ == "__main__":
    # --8<-- [start:demo_three_modes]
    x = np.array([1, 2, 3, 4])
    k = np.array([1, 0, 2])
    for mode in ("full", "valid", "same"):
        left, right = padding_for_mode(k.size, mode)
        ours = convolve_1d(x, k, mode)
        reference = np.convolve(x, k, mode)
        assert np.array_equal(ours, reference), (mode, ours, reference)
        print(f"{mode:5}  padding (left, right) = ({left}, {right})  ->  {ours.tolist()}"
              f"   numpy.convolve agrees: {np.array_equal(ours, reference)}")
    # --8<-- [end:demo_three_modes]

    # --8<-- [start:demo_every_element]
    import numpy as np

    x = np.array([1, 2, 3, 4])
    k = np.array([1, 0, 2])
    flipped = k[::-1]
    padded = np.concatenate([np.zeros(k.size - 1, int), x, np.zeros(k.size - 1, int)])
    print("flipped kernel:", flipped.tolist(), "  padded input:", padded.tolist())
    for n in range(padded.size - k.size + 1):
        window = padded[n : n + k.size]
        terms = " + ".join(f"{a}*{b}" for a, b in zip(window, flipped))
        print(f"y[{n}] = {terms} = {window @ flipped}")
    # --8<-- [end:demo_every_element]

    # --8<-- [start:demo_cross_correlation]
    x = np.array([1, 2, 3, 4])
    k = np.array([1, 0, 2])
    for mode in ("full", "valid", "same"):
        conv = convolve_1d(x, k, mode)
        xcorr = cross_correlate_1d(x, k, mode)
        assert np.array_equal(xcorr, np.correlate(x, k, mode))
        print(f"{mode:5}  convolution {str(conv.tolist()):<20} cross-correlation {xcorr.tolist()}")
    # --8<-- [end:demo_cross_correlation]

    # --8<-- [start:demo_same_even_kernel]
    x = np.array([1, 2, 3, 4, 5])
    k = np.array([1, 10])  # even length: "same" cannot be centred exactly
    full = convolve_1d(x, k, "full")
    same = convolve_1d(x, k, "same")
    print("full              :", full.tolist())
    print("same (ours, numpy):", same.tolist(), np.convolve(x, k, "same").tolist())
    print("same = full[(k-1)//2 : (k-1)//2 + n] :",
          np.array_equal(same, full[(k.size - 1) // 2 : (k.size - 1) // 2 + x.size]))
    # --8<-- [end:demo_same_even_kernel]
