"""The data-quality checks: the current data's profile against the baseline's constraints and
statistics, giving constraint_violations.json.

Columns are matched to the baseline's features by name when the current rows carry names (JSON
objects, a CSV header) and at least one of them is a baseline feature; otherwise by position,
the current column i taking the baseline's i-th name (a baseline with a header names a capture
without one). Then, per baseline feature, unless its monitoring config disables evaluation:

- missing_column_check: the feature has no current column.
- data_type_check: the fraction of present values of the baseline's type (integers count as
  Fractional; anything is a String) is below datatype_check_threshold.
- completeness_check: the fraction of non-missing values is below the feature's completeness.
- categorical_values_check: for a feature with domains, the fraction of present values inside
  the domain is below domain_content_threshold (with the suggested 1.0, any unknown value).
- baseline_drift_check: the drift distance (see drift.py) is above comparison_threshold (numeric)
  or categorical_comparison_threshold; for ChiSquared, the p-value is below it.
- extra_column_check: a current column no baseline feature matches.

The descriptions start the way SageMaker's do ("Value: 0.4995 does not meet the constraint
requirement! ") and then say what was measured. num_constraints.is_non_negative is suggested, as
SageMaker does, but not checked: none of SageMaker's documented check types covers it."""
from dataclasses import dataclass
from typing import List, Optional

from . import drift
from .statistics import NUMERIC_TYPES, STRING


@dataclass
class Observation:
    """What was measured for one baseline feature (also what its CloudWatch metrics report)."""
    name: str
    column: Optional[object]
    config: object
    completeness: Optional[float] = None
    drift: Optional[float] = None


def align(baseline_names, profile):
    """([(baseline name, column or None)], [(name, column)] of columns no feature matches)."""
    window = profile.features()
    known = set(baseline_names)
    if profile.named and known & {name for name, _ in window}:
        by_name = dict(window)
        return [(b, by_name.get(b)) for b in baseline_names], [(n, c) for n, c in window if n not in known]
    columns = [c for _, c in window]
    matched = [(b, columns[i] if i < len(columns) else None) for i, b in enumerate(baseline_names)]
    extras = [(window[i][0] if profile.named else f"_c{i}", columns[i])
              for i in range(len(baseline_names), len(columns))]
    return matched, extras


def _violation(name, check, description):
    return {"feature_name": name, "constraint_check_type": check, "description": description}


def _requirement(value, detail):
    return f"Value: {value} does not meet the constraint requirement! {detail}"


def _percent(fraction):
    return f"{100 * fraction:.4g}%"


def _drift(feature, column, config, stats):
    """(distance or p-value, its check's description when it breaks the threshold)."""
    baseline = stats.get(feature) if stats else None
    if baseline is None or not config.perform_comparison or column is None:
        return None, None
    if baseline.inferred_type in NUMERIC_TYPES:
        value = drift.numeric(drift.baseline_numeric(baseline), column, config.comparison_method)
        threshold = config.comparison_threshold
    elif baseline.inferred_type == STRING:
        threshold = config.categorical_threshold
        if config.categorical_drift_method == "ChiSquared":
            value = drift.chi_square_p_value(baseline.categories, baseline.num_present, column)
            if value is not None and value < threshold:
                return value, (f"Baseline drift p-value: {value} is below threshold: {threshold} (chi-squared test of "
                               f"{column.present} current values against the baseline's categories)")
            return value, None
        value = drift.categorical(baseline.categories, baseline.num_present, column, config.comparison_method)
    else:
        return None, None
    if value is not None and value > threshold:
        return value, (f"Baseline drift distance: {value} exceeds threshold: {threshold} ({config.comparison_method} "
                       f"L-infinity distance between the baseline's and the current distribution)")
    return value, None


def evaluate(names, constraints, config, stats, matched, extras, item_count):
    """(violations, [Observation]). names: the baseline's features in order; constraints:
    {name: FeatureConstraint} or None; config: the global Config; stats: {name: BaselineFeature}
    or None."""
    violations: List[dict] = []
    observations = []
    width = sum(1 for _, c in matched if c is not None) + len(extras)
    for name, column in matched:
        fc = constraints.get(name) if constraints else None
        feature_config = fc.config if fc else config
        baseline_type = fc.inferred_type if fc else (stats[name].inferred_type if stats and name in stats else None)
        seen = Observation(name, column, feature_config)
        observations.append(seen)
        drifted = None
        if column is not None:
            seen.completeness = column.present / item_count if item_count else 0.0
            seen.drift, drifted = _drift(name, column, feature_config, stats)
        if not feature_config.evaluate_constraints:
            continue
        if column is None:
            violations.append(_violation(name, "missing_column_check", (
                f"There are missing columns in current dataset. Number of columns in current dataset: {width}, "
                f"Number of columns in baseline constraints: {len(names)}")))
            continue
        if baseline_type in NUMERIC_TYPES and column.present:
            share = column.conforming(baseline_type)
            if share < feature_config.datatype_check_threshold:
                violations.append(_violation(name, "data_type_check", _requirement(share, (
                    f"{_percent(share)} of the {column.present} present values are {baseline_type} "
                    "(the baseline's type); "
                    f"datatype_check_threshold is {feature_config.datatype_check_threshold}."))))
        if fc and fc.completeness is not None and seen.completeness < fc.completeness - 1e-12:
            violations.append(_violation(name, "completeness_check", _requirement(seen.completeness, (
                f"{column.present} of {item_count} values are present; "
                f"the baseline's completeness is {fc.completeness}."))))
        if fc and fc.domains is not None and baseline_type == STRING and column.present:
            inside = sum(column.counts.get(v, 0) for v in set(fc.domains))
            share = inside / column.present
            if share < feature_config.domain_content_threshold:
                violations.append(_violation(name, "categorical_values_check", _requirement(share, (
                    f"{column.present - inside} of {column.present} values ({_percent(1 - share)}) are outside the "
                    f"baseline's domain; domain_content_threshold is {feature_config.domain_content_threshold}."))))
        if drifted:
            violations.append(_violation(name, "baseline_drift_check", drifted))
    if config.evaluate_constraints:
        for name, _ in extras:
            violations.append(_violation(name, "extra_column_check", (
                f"There are extra columns in current dataset. Number of columns in current dataset: {width}, "
                f"Number of columns in baseline constraints: {len(names)}")))
    return violations, observations
