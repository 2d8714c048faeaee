"""Post-training bias metrics, from labels and the model's predictions, as AWS's smclarify computes them.

`d` marks facet d, `y` the positive labels, `p` the positive predictions (boolean numpy arrays). Ratios
divide as smclarify does (0/0 = 0, x/0 = +-inf), and where both groups' ratios are infinite the difference
is 0, not NaN (smclarify's rule for AD, DCA, DCR, DAR, DRR, RD, SD, TE).
"""
import numpy as np

from .pretraining import CDD, INFINITY, DPL, divide, _sizes

DESCRIPTIONS = {
    "AD": "Accuracy Difference (AD)",
    "CDDPL": "Conditional Demographic Disparity in Predicted Labels (CDDPL)",
    "DAR": "Difference in Acceptance Rates (DAR)",
    "DCA": "Difference in Conditional Acceptance (DCA)",
    "DCR": "Difference in Conditional Rejection (DCR)",
    "DI": "Disparate Impact (DI)",
    "DPPL": "Difference in Positive Proportions in Predicted Labels (DPPL)",
    "DRR": "Difference in Rejection Rates (DRR)",
    "FT": "Flip Test (FT)",
    "GE": "Generalized Entropy (GE)",
    "RD": "Recall Difference (RD)",
    "SD": "Specificity Difference (SD)",
    "TE": "Treatment Equality (TE)",
}


class Confusion:
    """One group's confusion counts."""

    def __init__(self, y, p, rows):
        self.tp = int(np.sum(y & p & rows))
        self.fp = int(np.sum(~y & p & rows))
        self.tn = int(np.sum(~y & ~p & rows))
        self.fn = int(np.sum(y & ~p & rows))
        self.n = int(np.sum(rows))


def _groups(d, y, p):
    _sizes(d)
    return Confusion(y, p, ~d), Confusion(y, p, d)


def _difference(first, second):
    """first - second, 0 where both are +infinity."""
    if first == second == INFINITY:
        return 0.0
    return first - second


def DPPL(d, y, p):
    """q^_a - q^_d, the difference in predicted positive proportions."""
    return DPL(d, p)


def DI(d, y, p):
    """q^_d / q^_a."""
    a, dd = _groups(d, y, p)
    return divide((dd.tp + dd.fp) / dd.n, (a.tp + a.fp) / a.n)


def DCA(d, y, p):
    """c_a - c_d, c = observed positives / predicted positives."""
    a, dd = _groups(d, y, p)
    return _difference(divide(a.tp + a.fn, a.tp + a.fp), divide(dd.tp + dd.fn, dd.tp + dd.fp))


def DCR(d, y, p):
    """r_d - r_a, r = observed negatives / predicted negatives."""
    a, dd = _groups(d, y, p)
    r_a, r_d = divide(a.tn + a.fp, a.tn + a.fn), divide(dd.tn + dd.fp, dd.tn + dd.fn)
    return 0.0 if r_a == r_d == INFINITY else r_d - r_a


def RD(d, y, p):
    """Recall (TP / (TP + FN)) of a minus that of d."""
    a, dd = _groups(d, y, p)
    return _difference(divide(a.tp, a.tp + a.fn), divide(dd.tp, dd.tp + dd.fn))


def SD(d, y, p):
    """Specificity (TN / (TN + FP)) of d minus that of a."""
    a, dd = _groups(d, y, p)
    s_a, s_d = divide(a.tn, a.tn + a.fp), divide(dd.tn, dd.tn + dd.fp)
    return 0.0 if s_a == s_d == INFINITY else s_d - s_a


def DAR(d, y, p):
    """Precision (TP / predicted positives) of a minus that of d."""
    a, dd = _groups(d, y, p)
    return _difference(divide(a.tp, a.tp + a.fp), divide(dd.tp, dd.tp + dd.fp))


def DRR(d, y, p):
    """TN / predicted negatives of d minus that of a."""
    a, dd = _groups(d, y, p)
    r_a, r_d = divide(a.tn, a.tn + a.fn), divide(dd.tn, dd.tn + dd.fn)
    return 0.0 if r_a == r_d == INFINITY else r_d - r_a


def AD(d, y, p):
    """Accuracy of a minus accuracy of d."""
    a, dd = _groups(d, y, p)
    return _difference(divide(a.tp + a.tn, a.n), divide(dd.tp + dd.tn, dd.n))


def TE(d, y, p):
    """FN_d / FP_d - FN_a / FP_a."""
    a, dd = _groups(d, y, p)
    tau_a, tau_d = divide(a.fn, a.fp), divide(dd.fn, dd.fp)
    return 0.0 if tau_a == tau_d == INFINITY else tau_d - tau_a


def CDDPL(d, y, p, group):
    return CDD(d, p, group)


def GE(y, p):
    """Generalized entropy index with alpha = 2 over the benefits b = p - y + 1."""
    alpha = 2
    n = len(y)
    if n == 0:
        raise ValueError("dataset must be non-empty")
    benefit = p.astype(int) - y.astype(int) + 1
    mean = benefit.mean()
    if mean == 0:
        raise ValueError("All predicted labels are false negatives. There should be at least one prediction "
                         "that is not false negative.")
    return float(((benefit / mean) ** alpha - 1).sum() / (n * alpha * (alpha - 1)))


def FT(d, p, features):
    """Flip test: a k-NN (k = 5, or 1 with 9 or fewer rows in a) fitted on a's features and predictions
    predicts each d row; FT = (F+ - F-) / n_d, F+ = model says positive where the neighbours say negative,
    F- the reverse (smclarify's signs). `features` is the numeric feature matrix without the facet column."""
    from sklearn.neighbors import KNeighborsClassifier

    _sizes(d)
    if features is None or features.shape[1] == 0:
        raise ValueError("FlipTest needs at least one feature besides the facet")
    try:
        x = np.asarray(features, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("FlipTest does not support non-numeric columns") from None
    if np.isnan(x).any():
        raise ValueError("FlipTest does not support missing feature values")
    x_a, p_a = x[~d], p[~d]
    k = 5 if len(x_a) > 9 else 1
    knn = KNeighborsClassifier(n_neighbors=k, weights="uniform", algorithm="auto", leaf_size=30, p=2,
                               metric="minkowski")
    knn.fit(x_a, p_a)
    as_if_a = knn.predict(x[d]).astype(bool)
    model = p[d]
    flipped_pos = int(np.sum(model & ~as_if_a))
    flipped_neg = int(np.sum(~model & as_if_a))
    return divide(flipped_pos - flipped_neg, int(np.sum(d)))


def compute(name, d, y, p, group=None, features=None):
    if name == "CDDPL":
        return CDDPL(d, y, p, group)
    if name == "GE":
        return GE(y, p)
    if name == "FT":
        return FT(d, p, features)
    return globals()[name](d, y, p)
