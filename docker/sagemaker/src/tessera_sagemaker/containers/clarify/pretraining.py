"""Pre-training bias metrics, from the labels alone, as AWS's smclarify computes them.

Arguments are boolean numpy arrays over the rows: `d` marks the sensitive facet d (the rest is a), `y` the
positive labels. The label distributions P_a, P_d are over the two label classes (negative, positive), and
like smclarify they keep only the classes present in both groups before KL, JS, LP, TVD and KS.
A ValueError is the metric's error text in analysis.json (SageMaker reports it instead of a value).
"""
import numpy as np

INFINITY = float("inf")

DESCRIPTIONS = {
    "CDDL": "Conditional Demographic Disparity in Labels (CDDL)",
    "CI": "Class Imbalance (CI)",
    "DPL": "Difference in Positive Proportions in Labels (DPL)",
    "JS": "Jensen-Shannon Divergence (JS)",
    "KL": "Kullback-Liebler Divergence (KL)",  # sic, as smclarify spells it
    "KS": "Kolmogorov-Smirnov Distance (KS)",
    "LP": "L-p Norm (LP)",
    "TVD": "Total Variation Distance (TVD)",
}


def divide(a, b):
    """smclarify's division: 0/0 is 0, x/0 is +-infinity."""
    if b == 0:
        if a == 0:
            return 0.0
        return -INFINITY if a < 0 else INFINITY
    return a / b


def _sizes(d):
    n_d = int(np.sum(d))
    n_a = int(len(d) - n_d)
    if n_a == 0:
        raise ValueError("Negated facet set is empty.")
    if n_d == 0:
        raise ValueError("Facet set is empty.")
    return n_a, n_d


def CI(d):
    """(n_a - n_d) / (n_a + n_d)."""
    n_a, n_d = _sizes(d)
    return (n_a - n_d) / (n_a + n_d)


def DPL(d, y):
    """q_a - q_d, q_x = share of positive labels in x."""
    n_a, n_d = _sizes(d)
    return int(np.sum(y & ~d)) / n_a - int(np.sum(y & d)) / n_d


def aligned(d, y):
    """P_a and P_d over the label classes with non-zero probability in both groups."""
    n_a, n_d = _sizes(d)
    p_a = np.array([np.sum(~y & ~d) / n_a, np.sum(y & ~d) / n_a])
    p_d = np.array([np.sum(~y & d) / n_d, np.sum(y & d) / n_d])
    keep = (p_a > 0) & (p_d > 0)
    if not keep.any():
        raise ValueError("No instance of common facet found, dataset may be too small")
    return p_a[keep], p_d[keep]


def KL(d, y):
    p_a, p_d = aligned(d, y)
    return float(np.sum(p_a * np.log(p_a / p_d)))


def JS(d, y):
    p_a, p_d = aligned(d, y)
    p = 0.5 * (p_a + p_d)
    return float(0.5 * (np.sum(p_a * np.log(p_a / p)) + np.sum(p_d * np.log(p_d / p))))


def LP(d, y):
    p_a, p_d = aligned(d, y)
    return float(np.linalg.norm(p_a - p_d, 2))


def TVD(d, y):
    p_a, p_d = aligned(d, y)
    return float(0.5 * np.linalg.norm(p_a - p_d, 1))


def KS(d, y):
    p_a, p_d = aligned(d, y)
    return float(np.linalg.norm(p_a - p_d, np.inf))


def CDD(d, y, group):
    """Conditional demographic disparity: the mean over the group variable's subgroups (weighted by their
    sizes) of DD_i = (share of d among the negatives) - (share of d among the positives). `group` holds
    each row's subgroup as a code (pandas.factorize)."""
    if group is None:
        raise ValueError("Group variable is empty or not provided")
    if not np.any(y):
        raise ValueError("No positive labels in set")
    if not np.any(~y):
        raise ValueError("No negative labels in set")
    total, weighted = 0, 0.0
    for value in np.unique(group):
        in_group = group == value
        accepted = int(np.sum(y & in_group))
        rejected = int(np.sum(~y & in_group))
        share_accepted = np.sum(y & d & in_group) / accepted if accepted else 0
        share_rejected = np.sum(~y & d & in_group) / rejected if rejected else 0
        count = int(np.sum(in_group))
        total += count
        weighted += count * (share_rejected - share_accepted)
    return divide(weighted, total)


def CDDL(d, y, group):
    return CDD(d, y, group)


def compute(name, d, y, group=None):
    if name == "CI":
        return CI(d)
    if name in ("CDDL",):
        return CDDL(d, y, group)
    return globals()[name](d, y)
