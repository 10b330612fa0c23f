"""Question 6: 1-D convolution (with kernel flipping) in full, valid and same modes.

The convolution is written out by hand on purpose: the explicit flip and the explicit
zero padding are the lesson. Sections between ``--8<--`` markers are shown on the page
``docs/q6-convolution-1d.md`` and run when the site is built.
"""

# --8<-- [start:convolve]
import numpy as np


def padding_for_mode(kernel_length, mode):
    """Zeros added (left, right) to the input so that sliding the kernel gives
    `mode`."""
    k = kernel_length
    if mode == "full":  # every position where kernel and input share an element
        return k - 1, k - 1
    if mode == "valid":  # only positions where the kernel lies inside the input
        return 0, 0
    if mode == "same":  # output as long as the input: k - 1 zeros in all;
        # an even k cannot be centred, and (like numpy.convolve) the extra
        # zero goes left
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
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} must contain only finite numbers")
    if mode == "valid" and kernel.size > x.size:
        raise ValueError(
            f"valid mode needs a kernel no longer than the input, "
            f"got length {kernel.size} > {x.size}"
        )
    left, right = padding_for_mode(kernel.size, mode)
    padded = np.concatenate([np.zeros(left, x.dtype), x,
                             np.zeros(right, x.dtype)])
    # convolution flips the kernel; cross-correlation does not
    flipped = kernel[::-1]
    n_out = padded.size - kernel.size + 1
    return np.array([padded[i : i + kernel.size] @ flipped
                     for i in range(n_out)])
# --8<-- [end:convolve]


# --8<-- [start:cross_correlate]
import numpy as np


def cross_correlate_1d(x, kernel, mode="full"):
    """What deep-learning libraries call convolution: slide the kernel WITHOUT
    flipping it."""
    return convolve_1d(x, np.asarray(kernel)[::-1], mode)
# --8<-- [end:cross_correlate]


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


if __name__ == "__main__":
    # --8<-- [start:demo_three_modes]
    x = np.array([1, 2, 3, 4])
    w = np.array([1, 0, 2])  # the kernel; its length is k = 3
    by_hand = {"full": [1, 2, 5, 8, 6, 8], "valid": [5, 8],
               "same": [2, 5, 8, 6]}  # (6.3)
    for mode in ("full", "valid", "same"):
        left, right = padding_for_mode(w.size, mode)
        ours = convolve_1d(x, w, mode)
        assert (ours.tolist() == by_hand[mode]
                == np.convolve(x, w, mode).tolist()), mode
        print(f"{mode:5}  zeros (left, right) = ({left}, {right})  ->  "
              f"{ours.tolist()}")
    print("each = the hand value (6.3) = numpy.convolve")
    # --8<-- [end:demo_three_modes]

    # --8<-- [start:demo_every_element]
    # k - 1 = 2 zeros
    padded = np.concatenate([np.zeros(2, int), x, np.zeros(2, int)])
    flipped = w[::-1]
    print("flipped kernel:", flipped.tolist(), "  padded input:", padded.tolist())
    for t in range(padded.size - w.size + 1):
        window = padded[t : t + w.size]
        terms = " + ".join(f"{a}*{b}" for a, b in zip(window, flipped))
        assert window @ flipped == by_hand["full"][t]
        print(f"y[{t}] = {terms} = {window @ flipped}")
    total = convolve_1d(x, w, "full").sum()
    assert total == x.sum() * w.sum() == 30
    print(f"sum of the full convolution {total} = (sum of x) * (sum of w) = "
          f"{x.sum()} * {w.sum()}")
    # --8<-- [end:demo_every_element]

    # --8<-- [start:demo_cross_correlation]
    without_flip = {"full": [2, 4, 7, 10, 3, 4], "valid": [7, 10],
                    "same": [4, 7, 10, 3]}
    print("mode   convolution          cross-correlation (= numpy.correlate)")
    for mode in ("full", "valid", "same"):
        xcorr = cross_correlate_1d(x, w, mode)
        assert (xcorr.tolist() == without_flip[mode]
                == np.correlate(x, w, mode).tolist())
        assert xcorr.tolist() != convolve_1d(x, w, mode).tolist()
        print(f"{mode:5}  {str(convolve_1d(x, w, mode).tolist()):<20} "
              f"{xcorr.tolist()}")
    # --8<-- [end:demo_cross_correlation]

    # --8<-- [start:demo_same_even_kernel]
    x5, w2 = np.array([1, 2, 3, 4, 5]), np.array([1, 10])  # k = 2: "same" cannot be centred
    full, same = convolve_1d(x5, w2, "full"), convolve_1d(x5, w2, "same")
    start = (w2.size - 1) // 2  # = 0: the extra zero is on the left
    assert (same.tolist() == full[start : start + x5.size].tolist()
            == np.convolve(x5, w2, "same").tolist())
    print("full:", full.tolist())
    print("same:", same.tolist(),
          f"= full[{start}:{start + x5.size}] = numpy.convolve(..., 'same')")
    # --8<-- [end:demo_same_even_kernel]

    # --8<-- [start:demo_more_cases]
    import numpy as np


    def convolution_by_definition(x, w):
        """(6.1) as written, sum_m x[m] w[t - m]: no flip, no padding."""
        n, k = len(x), len(w)
        return [sum(x[m] * w[t - m] for m in range(n) if 0 <= t - m < k)
                for t in range(n + k - 1)]


    x2 = np.array([3, -1, 4, -2])  # values of both signs
    n = x2.size
    print(f"x = {x2.tolist()}  (n = {n}). Each full result below = the sum (6.1)"
          "\n= numpy.convolve, and sums to (sum of x) * (sum of w); valid and"
          "\nsame = numpy.convolve too where k <= n")
    for kernel in map(np.array, [[-2], [2, -1], [1, 2, 1], [1, -3, 0, 2],
                                 [2, 0, -1, 3, 1]]):
        k = kernel.size
        full = convolve_1d(x2, kernel, "full")
        same = convolve_1d(x2, kernel, "same")
        start = (k - 1) // 2
        assert (full.tolist() == convolution_by_definition(x2, kernel)
                == np.convolve(x2, kernel, "full").tolist())
        assert full.sum() == x2.sum() * kernel.sum()
        assert same.tolist() == full[start : start + n].tolist()
        size = "<" if k < n else "=" if k == n else ">"
        print(f"w = {kernel.tolist()}  (k = {k} {size} n, "
              f"{('even', 'odd')[k % 2]})")
        if k <= n:
            valid = convolve_1d(x2, kernel, "valid")
            assert valid.tolist() == np.convolve(x2, kernel, "valid").tolist()
            assert same.tolist() == np.convolve(x2, kernel, "same").tolist()
            print(f"  full {full.tolist()}  valid {valid.tolist()}  "
                  f"same {same.tolist()}")
        else:  # numpy.convolve swaps x and w when k > n
            swapped = convolve_1d(kernel, x2, "valid")
            assert (np.convolve(x2, kernel, "valid").tolist()
                    == swapped.tolist()) and swapped.size == k - n + 1
            assert np.convolve(x2, kernel, "same").size == max(n, k)
            print(f"  full {full.tolist()}  valid: none (k > n)\n"
                  f"  same {same.tolist()} = full[{start}:{start + n}]\n"
                  f"  numpy.convolve swaps x and w when k > n: 'valid' gives\n"
                  f"  k - n + 1 = {swapped.size} values, 'same' max(n, k) = {k}")
        xcorr = cross_correlate_1d(x2, kernel, "full")
        assert xcorr.tolist() == np.correlate(x2, kernel, "full").tolist()
        palindrome = kernel.tolist() == kernel[::-1].tolist()
        # equal to the convolution exactly when the kernel is a palindrome
        assert (xcorr.tolist() == full.tolist()) == palindrome
        print(f"  no flip {xcorr.tolist()} = numpy.correlate"
              + (" = full (w is a palindrome)" if palindrome
                 else ", not the convolution"))
    # --8<-- [end:demo_more_cases]

    # --8<-- [start:demo_bad_input]
    import numpy as np

    # the kernel is longer than the input: no position where it fits
    expect_value_error("kernel no longer than the input", convolve_1d,
                       x, np.ones(5), "valid")
    # a mode that is none of the three
    expect_value_error("mode must be", convolve_1d, x, w, "circular")
    # a nan in the input, an infinity in the kernel
    expect_value_error("x must contain only finite numbers", convolve_1d,
                       np.array([1.0, np.nan, 3.0]), w)
    expect_value_error("kernel must contain only finite numbers", convolve_1d,
                       x, np.array([1.0, np.inf]))
    # an empty kernel; a 2-D input
    expect_value_error("kernel must not be empty", convolve_1d, x, np.array([]))
    expect_value_error("x must be a 1-D array", convolve_1d, np.ones((2, 3)), w)
    # --8<-- [end:demo_bad_input]
