"""constraint_violations.json for the Clarify monitors: the window's analysis.json against the baseline's
(a Clarify monitor's constraints file is the baseline job's analysis.json).

bias_drift_check: a metric is violated when its value is further from the metric's ideal than the
baseline value was (SageMaker's example: baseline DPPL 0.2, 0.1 is fine, -0.3 is not). The ideal is 1
for DI (parity is a ratio of 1) and 0 for every other metric.

feature_attribution_drift_check: NDCG of the window's feature ranking, with the baseline's attributions as
the gains, below 0.9. DCG = sum_i a(F'_i) / log2(i + 1) over the features in the window's order, iDCG the
same in the baseline's order. Attributions are taken by magnitude (agg_method median can be negative);
ties rank by feature name.
"""
import math

NDCG_THRESHOLD = 0.9
SECTIONS = ("pre_training_bias_metrics", "post_training_bias_metrics")


def ideal(metric_name):
    return 1.0 if metric_name == "DI" else 0.0


def _number(value):
    if isinstance(value, str):
        text = value.strip()
        if text in ("Infinity", "inf"):
            return math.inf
        if text in ("-Infinity", "-inf"):
            return -math.inf
        try:
            return float(text)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def worse(current, baseline, metric_name):
    """True when current is further from the metric's ideal than baseline."""
    c, b = _number(current), _number(baseline)
    if c is None or b is None or math.isnan(c) or math.isnan(b):
        return False
    target = ideal(metric_name)
    distance_c, distance_b = abs(c - target), abs(b - target)
    if math.isinf(distance_c):
        return not math.isinf(distance_b)
    return distance_c > distance_b + 1e-12


def _baseline_values(baseline):
    values = {}
    for section in SECTIONS:
        facets = (baseline.get(section) or {}).get("facets") or {}
        for facet, entries in facets.items():
            for entry in entries or []:
                for m in entry.get("metrics") or []:
                    if "value" in m and m.get("value") is not None:
                        values[(section, facet, str(entry.get("value_or_threshold")), m.get("name"))] = m["value"]
    return values


def bias_violations(current, baseline):
    base = _baseline_values(baseline)
    violations = []
    for section in SECTIONS:
        facets = (current.get(section) or {}).get("facets") or {}
        for facet, entries in facets.items():
            for entry in entries:
                value_or_threshold = str(entry.get("value_or_threshold"))
                for m in entry.get("metrics") or []:
                    if "value" not in m:
                        continue
                    key = (section, facet, value_or_threshold, m["name"])
                    if key in base and worse(m["value"], base[key], m["name"]):
                        violations.append({
                            "facet": facet,
                            "facet_value": value_or_threshold,
                            "metric_name": m["name"],
                            "constraint_check_type": "bias_drift_check",
                            "description": f"Value {m['value']} does not meet the constraint requirement",
                        })
    return violations


def ndcg(baseline, current):
    """NDCG of current's ranking of the features, gains from baseline (both {feature: attribution})."""
    features = [f for f in baseline if f in current]
    gain = {f: abs(_number(baseline[f]) or 0.0) for f in features}
    live = {f: abs(_number(current[f]) or 0.0) for f in features}
    ideal_order = sorted(features, key=lambda f: (-gain[f], f))
    live_order = sorted(features, key=lambda f: (-live[f], f))
    idcg = sum(gain[f] / math.log2(i + 2) for i, f in enumerate(ideal_order))
    dcg = sum(gain[f] / math.log2(i + 2) for i, f in enumerate(live_order))
    return 1.0 if idcg == 0 else dcg / idcg


def attribution_violations(current, baseline):
    base = ((baseline.get("explanations") or {}).get("kernel_shap") or {})
    cur = ((current.get("explanations") or {}).get("kernel_shap") or {})
    violations = []
    for label, explanation in cur.items():
        if label not in base:
            continue
        score = ndcg(base[label].get("global_shap_values") or {}, explanation.get("global_shap_values") or {})
        if score < NDCG_THRESHOLD:
            violations.append({
                "label": label,
                "metric_name": "shap",
                "constraint_check_type": "feature_attribution_drift_check",
                # SageMaker's wording, odd as it is ("exceeds" for a score below the threshold).
                "description": f"Feature attribution drift {score} exceeds threshold {NDCG_THRESHOLD}",
            })
    return violations


def violations_file(violations):
    return {"version": "1.0", "violations": violations}
