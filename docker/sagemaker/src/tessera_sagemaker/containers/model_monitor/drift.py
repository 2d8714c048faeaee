"""baseline_drift_check's distances, as deequ's Distance computes them (SageMaker's analyzer is
built on deequ).

Numeric: the L-infinity distance between the two cumulative distributions, max_x |F(x) - G(x)|,
evaluated at every item of both sketches (the CDFs are step functions that only jump there, so
that is the exact supremum). F comes from the baseline's KLL sketch (its 10 buckets when a
hand-written file has no sketch), G from the current data's.

Categorical, LInfinity: max over categories of |p1(k) - p2(k)|, the values past the kept
categories counted as one more category.

comparison_method Robust subtracts the two-sample Kolmogorov-Smirnov allowance for the sample
sizes, c * sqrt((n + m) / (n * m)) with c = 1.8 (alpha about 0.003), floored at 0; Simple is the
plain distance. (deequ's flag for this is correctForLowNumberOfSamples, whose true gives the
Simple value: the name reads backwards, the Robust value is the corrected one.) With Robust, data
from the baseline's own distribution stays under the 0.1 threshold with overwhelming probability
at any sample size, while a shift of a tenth of the distribution's mass shows once both samples
have a few hundred values.

Categorical, ChiSquared: Pearson's chi-squared goodness-of-fit test of the current counts against
the baseline's proportions (scipy), after merging the categories expected fewer than 5 times (a
new category, expected 0 times, among them) into one, as deequ regroups small categories. The
value is the test's p-value, and the feature drifts when it is BELOW the threshold."""
import math

C_ALPHA = 1.8
CHI_SQUARE_MIN_EXPECTED = 5.0


def robust(distance, n, m, method):
    if method == "Simple" or n <= 0 or m <= 0:
        return distance
    return max(0.0, distance - C_ALPHA * math.sqrt((n + m) / (n * m)))


def baseline_numeric(feature):
    """(items, weights) of a baseline numeric feature, or None when the file holds no distribution."""
    import numpy as np

    from . import kll

    if feature.levels:
        return kll.weighted_items(feature.levels)
    mids, counts = [], []
    for b in feature.histogram:
        try:
            lo, hi, count = float(b["lower_bound"]), float(b["upper_bound"]), float(b["count"])
        except (KeyError, TypeError, ValueError):
            return None
        mids.append((lo + hi) / 2)
        counts.append(count)
    if not counts or sum(counts) <= 0:
        return None
    order = np.argsort(mids)
    return np.asarray(mids)[order], np.asarray(counts)[order]


def numeric(baseline, window_column, method):
    """The numeric distance (after `method`), or None when either side has nothing to compare."""
    import numpy as np

    from . import kll

    if baseline is None or window_column.n == 0:
        return None
    b_items, b_weights = baseline
    w_items, w_weights = window_column.sketch.weighted()
    points = np.union1d(b_items, w_items)
    distance = float(np.max(np.abs(kll.cdf(b_items, b_weights, points) - kll.cdf(w_items, w_weights, points))))
    return robust(distance, float(b_weights.sum()), float(window_column.n), method)


def _proportions(counts, total):
    """{category: share}, with what the kept categories miss as one more category (key None)."""
    shares = {k: c / total for k, c in counts.items()}
    rest = max(0.0, 1.0 - sum(shares.values()))
    if rest > 1e-12:
        shares[None] = rest
    return shares


def categorical(baseline_counts, baseline_present, window_column, method):
    if window_column.present == 0 or not baseline_counts:
        return None
    n = baseline_present or sum(baseline_counts.values())
    p1 = _proportions(baseline_counts, n)
    p2 = _proportions(window_column.counts, window_column.present)
    distance = max(abs(p1.get(k, 0.0) - p2.get(k, 0.0)) for k in set(p1) | set(p2))
    return robust(distance, float(n), float(window_column.present), method)


def chi_square_p_value(baseline_counts, baseline_present, window_column):
    """The p-value, or None when fewer than two groups are left to test."""
    from scipy.stats import chisquare

    if window_column.present == 0 or not baseline_counts:
        return None
    m = window_column.present
    p1 = _proportions(baseline_counts, baseline_present or sum(baseline_counts.values()))
    observed = dict(window_column.counts)
    if window_column.untracked:
        observed[None] = window_column.untracked
    groups, small_expected, small_observed = [], 0.0, 0.0
    for k in set(p1) | set(observed):
        expected = p1.get(k, 0.0) * m
        if expected < CHI_SQUARE_MIN_EXPECTED:
            small_expected += expected
            small_observed += observed.get(k, 0)
        else:
            groups.append((observed.get(k, 0), expected))
    if small_observed or small_expected:
        if small_expected == 0:
            return 0.0  # values the baseline never had: as far from it as can be
        groups.append((small_observed, small_expected))
    if len(groups) < 2:
        return None
    f_obs = [g[0] for g in groups]
    f_exp = [g[1] for g in groups]
    scale = sum(f_obs) / sum(f_exp)  # the same totals, as scipy requires
    return float(chisquare(f_obs, [e * scale for e in f_exp]).pvalue)
