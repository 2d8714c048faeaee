"""Model-quality metrics, named and shaped as SageMaker's model-quality statistics.json (DG "Model
Quality Metrics"), computed the way Spark's RegressionMetrics, BinaryClassificationMetrics and
MulticlassMetrics compute them (SageMaker's analyzer runs on Spark): a ratio with a zero
denominator is 0, a metric with no definition (AUC with one class, r2 of constant labels) NaN.

- The confusion matrix is {actual: {predicted: count}} (the DG example's precision and recall
  only fit that orientation).
- The best constant classifier always predicts the positive class for binary problems (the DG
  example: recall 1, precision = accuracy = the positive share). For multiclass it predicts the
  largest label, which fits the DG example and generalises the binary rule (unconfirmed).
- The ROC curve is (0, 0), one point per distinct score from the highest down, then (1, 1); the
  precision-recall curve starts at (recall 0, the first point's precision), as Spark's do. Past
  MAX_CURVE_POINTS distinct scores the curves are thinned to that many points; AUC is always
  computed on all of them."""
import math

import numpy as np

MAX_CURVE_POINTS = 1000
BETAS = (("f0_5", 0.5), ("f1", 1.0), ("f2", 2.0))


def _ratio(a, b):
    return float(a) / float(b) if b else 0.0


def _f(beta, precision, recall):
    b2 = beta * beta
    return _ratio((1 + b2) * precision * recall, b2 * precision + recall)


def regression(y, yhat):
    err = yhat - y
    mse = float(np.mean(err * err))
    sst = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - float(np.sum(err * err)) / sst if sst > 0 else math.nan
    return {"mae": float(np.mean(np.abs(err))), "mse": mse, "rmse": math.sqrt(mse), "r2": r2}, {}


def _curves(y, score):
    """(fpr, tpr, precision) per distinct score, highest first."""
    order = np.argsort(-score, kind="stable")
    s, labels = score[order], y[order]
    ends = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    tp = np.cumsum(labels)[ends].astype(float)
    fp = (ends + 1 - tp).astype(float)
    positives, negatives = float(labels.sum()), float(len(labels) - labels.sum())
    return fp / negatives, tp / positives, tp / (tp + fp)


def _thin(*series):
    n = len(series[0])
    if n <= MAX_CURVE_POINTS:
        return series
    keep = np.unique(np.linspace(0, n - 1, MAX_CURVE_POINTS).round().astype(int))
    return tuple(s[keep] for s in series)


def binary(y, predicted, score, curves=True):
    """y, predicted: 0/1 integer arrays; score: floats (the probability, else the predicted label)."""
    n = len(y)
    tp = int(np.sum((y == 1) & (predicted == 1)))
    fp = int(np.sum((y == 0) & (predicted == 1)))
    tn = int(np.sum((y == 0) & (predicted == 0)))
    fn = int(np.sum((y == 1) & (predicted == 0)))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    positives = tp + fn
    share = _ratio(positives, n)
    constant_recall = 1.0 if positives else 0.0
    scalars = {
        "recall": recall, "precision": precision, "accuracy": _ratio(tp + tn, n),
        "recall_best_constant_classifier": constant_recall,
        "precision_best_constant_classifier": share,
        "accuracy_best_constant_classifier": share,
        "true_positive_rate": recall, "true_negative_rate": _ratio(tn, tn + fp),
        "false_positive_rate": _ratio(fp, fp + tn), "false_negative_rate": _ratio(fn, fn + tp),
        "auc": math.nan,
    }
    for name, beta in BETAS:
        scalars[name] = _f(beta, precision, recall)
    for name, beta in BETAS:
        scalars[f"{name}_best_constant_classifier"] = _f(beta, share, constant_recall)
    extras = {"confusion_matrix": {"0": {"0": tn, "1": fp}, "1": {"0": fn, "1": tp}},
              "receiver_operating_characteristic_curve": {"false_positive_rates": [], "true_positive_rates": []},
              "precision_recall_curve": {"precisions": [], "recalls": []}}
    if 0 < positives < n:
        fpr, tpr, prec = _curves(y, score)
        scalars["auc"] = float(np.trapz(np.r_[0.0, tpr, 1.0], np.r_[0.0, fpr, 1.0]))
        if curves:
            fpr, tpr, prec = _thin(fpr, tpr, prec)
            extras["receiver_operating_characteristic_curve"] = {
                "false_positive_rates": [0.0] + fpr.tolist() + [1.0],
                "true_positive_rates": [0.0] + tpr.tolist() + [1.0]}
            extras["precision_recall_curve"] = {"precisions": [float(prec[0])] + prec.tolist(),
                                                "recalls": [0.0] + tpr.tolist()}
    return scalars, extras


def label_order(labels):
    """Labels in numeric order when they are all numbers, else in text order."""
    def numeric(text):
        try:
            return float(text)
        except ValueError:
            return None
    values = {label: numeric(label) for label in labels}
    if all(v is not None and math.isfinite(v) for v in values.values()):
        return sorted(labels, key=lambda label: (values[label], label))
    return sorted(labels)


def multiclass(y, predicted, matrix=True):
    """y, predicted: arrays of label strings."""
    n = len(y)
    labels = label_order(set(y.tolist()) | set(predicted.tolist()))
    index = {label: i for i, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    np.add.at(counts, (np.array([index[v] for v in y]), np.array([index[v] for v in predicted])), 1)
    actual = counts.sum(axis=1)
    predicted_counts = counts.sum(axis=0)
    weights = actual / n
    diagonal = np.diag(counts)
    recall = np.divide(diagonal, actual, out=np.zeros(len(labels)), where=actual > 0)
    precision = np.divide(diagonal, predicted_counts, out=np.zeros(len(labels)), where=predicted_counts > 0)
    scalars = {"accuracy": float(diagonal.sum()) / n,
               "weighted_recall": float(np.sum(weights * recall)),
               "weighted_precision": float(np.sum(weights * precision))}
    for name, beta in BETAS:
        per_label = [_f(beta, p, r) for p, r in zip(precision, recall)]
        scalars[f"weighted_{name}"] = float(np.sum(weights * np.array(per_label)))
    constant = max(i for i in range(len(labels)) if actual[i] > 0)
    q = float(weights[constant])
    scalars["accuracy_best_constant_classifier"] = q
    scalars["weighted_recall_best_constant_classifier"] = q
    scalars["weighted_precision_best_constant_classifier"] = q * q
    for name, beta in BETAS:
        scalars[f"weighted_{name}_best_constant_classifier"] = q * _f(beta, q, 1.0)
    extras = {}
    if matrix:
        sparse = len(labels) > 100  # a full matrix of many classes is mostly zeros
        extras["confusion_matrix"] = {
            labels[i]: {labels[j]: int(counts[i, j]) for j in range(len(labels)) if not sparse or counts[i, j]}
            for i in range(len(labels)) if not sparse or actual[i]}
    return scalars, extras


# The order SageMaker's files list them in (DG "Model Quality Metrics").
ORDER = {
    "Regression": ["mae", "mse", "rmse", "r2"],
    "BinaryClassification": [
        "confusion_matrix", "recall", "precision", "accuracy", "recall_best_constant_classifier",
        "precision_best_constant_classifier", "accuracy_best_constant_classifier", "true_positive_rate",
        "true_negative_rate", "false_positive_rate", "false_negative_rate", "receiver_operating_characteristic_curve",
        "precision_recall_curve", "auc", "f0_5", "f1", "f2", "f0_5_best_constant_classifier",
        "f1_best_constant_classifier", "f2_best_constant_classifier"],
    "MulticlassClassification": [
        "confusion_matrix", "accuracy", "weighted_recall", "weighted_precision", "weighted_f0_5", "weighted_f1",
        "weighted_f2", "accuracy_best_constant_classifier", "weighted_recall_best_constant_classifier",
        "weighted_precision_best_constant_classifier", "weighted_f0_5_best_constant_classifier",
        "weighted_f1_best_constant_classifier", "weighted_f2_best_constant_classifier"],
}
SECTION = {"Regression": "regression_metrics", "BinaryClassification": "binary_classification_metrics",
           "MulticlassClassification": "multiclass_classification_metrics"}
CONSTRAINTS = {"Regression": "regression_constraints", "BinaryClassification": "binary_classification_constraints",
               "MulticlassClassification": "multiclass_classification_constraints"}
# What a baseline suggests: a metric that should stay high may not fall below the baseline's value,
# an error may not rise above it.
SUGGESTED = {
    "Regression": {"mae": "GreaterThanThreshold", "mse": "GreaterThanThreshold", "rmse": "GreaterThanThreshold",
                   "r2": "LessThanThreshold"},
    "BinaryClassification": {
        **{m: "LessThanThreshold" for m in ("recall", "precision", "accuracy", "true_positive_rate",
                                            "true_negative_rate", "auc", "f0_5", "f1", "f2")},
        "false_positive_rate": "GreaterThanThreshold", "false_negative_rate": "GreaterThanThreshold"},
    "MulticlassClassification": {m: "LessThanThreshold" for m in (
        "accuracy", "weighted_recall", "weighted_precision", "weighted_f0_5", "weighted_f1", "weighted_f2")},
}
SAMPLES = 5
SAMPLE_SHARE = 0.8
MIN_ROWS_FOR_DEVIATION = 200


def compute(problem, y, predicted, score=None, seed=0):
    """(statistics section, {metric: value}, {metric: standard deviation or nan})."""
    def run(index, full):
        if problem == "Regression":
            return regression(y[index], predicted[index])
        if problem == "BinaryClassification":
            return binary(y[index], predicted[index], score[index], curves=full)
        return multiclass(y[index], predicted[index], matrix=full)

    n = len(y)
    scalars, extras = run(np.arange(n), True)
    deviations = {name: math.nan for name in scalars}
    if n >= MIN_ROWS_FOR_DEVIATION:
        rng = np.random.default_rng(seed)
        samples = [run(rng.choice(n, size=int(n * SAMPLE_SHARE), replace=False), False)[0] for _ in range(SAMPLES)]
        for name in scalars:
            values = np.array([s[name] for s in samples], dtype=float)
            deviations[name] = float(np.std(values)) if np.all(np.isfinite(values)) else math.nan
    section = {}
    for name in ORDER[problem]:
        if name in extras:
            section[name] = extras[name]
        elif name in scalars:
            section[name] = {"value": scalars[name], "standard_deviation": deviations[name]}
    return section, scalars, deviations
