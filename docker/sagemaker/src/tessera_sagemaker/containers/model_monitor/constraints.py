"""Data-quality constraints.json: what a baselining job suggests, and how a monitoring execution
reads one (the current schema, its per-feature overrides in every spelling SageMaker's documents
and SDK use, and the legacy distribution_constraints of older files)."""
import math
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional

from ...failure import ClientError
from .statistics import NUMERIC_TYPES, STRING

# What SageMaker's analyzer suggests (the SDK's quality-check fixtures are real outputs).
DEFAULT_CONFIG = {
    "evaluate_constraints": "Enabled",
    "emit_metrics": "Enabled",
    "datatype_check_threshold": 1.0,
    "domain_content_threshold": 1.0,
    "distribution_constraints": {
        "perform_comparison": "Enabled",
        "comparison_threshold": 0.1,
        "comparison_method": "Robust",
        "categorical_comparison_threshold": 0.1,
        "categorical_drift_method": "LInfinity",
    },
}
MAX_DOMAIN = 20  # a String feature with at most this many distinct values gets a domain


@dataclass
class Config:
    """monitoring_config, resolved for one feature."""
    evaluate_constraints: bool = True
    emit_metrics: bool = True
    datatype_check_threshold: float = 1.0
    domain_content_threshold: float = 1.0
    perform_comparison: bool = True
    comparison_threshold: float = 0.1
    comparison_method: str = "Robust"
    categorical_comparison_threshold: Optional[float] = None  # None: comparison_threshold
    categorical_drift_method: str = "LInfinity"

    @property
    def categorical_threshold(self):
        if self.categorical_comparison_threshold is None:
            return self.comparison_threshold
        return self.categorical_comparison_threshold


@dataclass
class FeatureConstraint:
    name: str
    inferred_type: str
    completeness: Optional[float] = None
    is_non_negative: Optional[bool] = None
    domains: Optional[List[str]] = None
    config: Config = field(default_factory=Config)


def suggest(item_count, features, drift_method=None):
    """constraints.json for [(name, column)] of a baseline."""
    out = []
    for name, column in features:
        kind = column.inferred_type()
        entry = {"name": name, "inferred_type": kind,
                 "completeness": column.present / item_count if item_count else 0.0}
        if kind in NUMERIC_TYPES:
            entry["num_constraints"] = {"is_non_negative": column.min >= 0}
            share = column.conforming(kind)
            if share < 1.0:
                # A mostly-numeric column: the strict default would flag the baseline itself.
                entry["monitoringConfigOverrides"] = {"datatype_check_threshold": math.floor(share * 1000) / 1000}
        elif kind == STRING:
            entry["string_constraints"] = {}
            if column.complete_counts and 0 < len(column.counts) <= MAX_DOMAIN:
                entry["string_constraints"]["domains"] = sorted(column.counts)
        out.append(entry)
    config = {**DEFAULT_CONFIG, "distribution_constraints": dict(DEFAULT_CONFIG["distribution_constraints"])}
    if drift_method:
        config["distribution_constraints"]["categorical_drift_method"] = drift_method
    return {"version": 0.0, "features": out, "monitoring_config": config}


def _enabled(value, where):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("enabled", "disabled", "true", "false"):
        return value.strip().lower() in ("enabled", "true")
    raise ClientError(f"{where}: must be Enabled or Disabled, not {value!r}")


def _float(value, where):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ClientError(f"{where}: must be a number, not {value!r}") from None
    if not math.isfinite(number) or isinstance(value, bool):
        raise ClientError(f"{where}: must be a number, not {value!r}")
    return number


def _apply(config: Config, spec, where):
    """config with the settings spec (a monitoring_config or an override) gives."""
    if spec is None:
        return config
    if not isinstance(spec, dict):
        raise ClientError(f"{where}: must be an object")
    changes = {}
    for key in ("evaluate_constraints", "emit_metrics"):
        if key in spec:
            changes[key] = _enabled(spec[key], f"{where}.{key}")
    for key in ("datatype_check_threshold", "domain_content_threshold"):
        if key in spec:
            changes[key] = _float(spec[key], f"{where}.{key}")
    dist = spec.get("distribution_constraints")
    if dist is not None:
        d_where = f"{where}.distribution_constraints"
        if not isinstance(dist, dict):
            raise ClientError(f"{d_where}: must be an object")
        for key in ("perform_comparison", "enable_comparisons"):  # enable_comparisons: legacy files
            if key in dist:
                changes["perform_comparison"] = _enabled(dist[key], f"{d_where}.{key}")
        for key in ("comparison_threshold", "categorical_comparison_threshold"):
            if key in dist:
                changes[key] = _float(dist[key], f"{d_where}.{key}")
        method = dist.get("comparison_method", dist.get("comparion_method"))  # sic, in the DG schema
        if method is not None:
            methods = {"simple": "Simple", "robust": "Robust", "linf_simple": "Simple", "linf_robust": "Robust"}
            if str(method).lower() not in methods:
                raise ClientError(f"{d_where}.comparison_method: must be Simple or Robust, not {method!r}")
            changes["comparison_method"] = methods[str(method).lower()]
        if "categorical_drift_method" in dist:
            drift = dist["categorical_drift_method"]
            if drift not in ("LInfinity", "ChiSquared"):
                raise ClientError(f"{d_where}.categorical_drift_method: must be LInfinity or ChiSquared, not {drift!r}")
            changes["categorical_drift_method"] = drift
    return replace(config, **changes)


def _overrides(feature):
    """Per-feature overrides: the DG schema's monitoringConfigOverrides, the SDK's
    string_constraints.monitoring_config_overrides, and the obvious other places."""
    found = []
    for holder in (feature, feature.get("string_constraints"), feature.get("num_constraints")):
        if isinstance(holder, dict):
            for key in ("monitoringConfigOverrides", "monitoring_config_overrides"):
                if holder.get(key) is not None:
                    found.append(holder[key])
    return found


def default_config(drift_method=None):
    config = _apply(Config(), DEFAULT_CONFIG, "monitoring_config")
    return replace(config, categorical_drift_method=drift_method) if drift_method else config


def read(body, where, drift_method=None):
    """({name: FeatureConstraint} in file order, the global Config) from a constraints.json."""
    if not isinstance(body, dict) or not isinstance(body.get("features", []), list):
        raise ClientError(f"{where}: not a constraints file (\"features\" must be a list)")
    config = _apply(Config(), body.get("monitoring_config"), f"{where}: monitoring_config")
    if drift_method:  # categorical_drift_method in the environment wins, as the SDK means it to
        config = replace(config, categorical_drift_method=drift_method)
    features: Dict[str, FeatureConstraint] = {}
    for i, f in enumerate(body.get("features", [])):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            raise ClientError(f"{where}: features[{i}] needs a \"name\"")
        f_where = f"{where}: feature {f['name']}"
        feature_config = config
        for override in _overrides(f):
            feature_config = _apply(feature_config, override, f"{f_where} monitoring config override")
        constraint = FeatureConstraint(f["name"], str(f.get("inferred_type", "Unknown")), config=feature_config)
        if f.get("completeness") is not None:
            constraint.completeness = _float(f["completeness"], f"{f_where} completeness")
        num = f.get("num_constraints")
        if isinstance(num, dict) and "is_non_negative" in num:
            constraint.is_non_negative = bool(num["is_non_negative"])
        strings = f.get("string_constraints")
        if isinstance(strings, dict) and isinstance(strings.get("domains"), list):
            constraint.domains = [str(d) for d in strings["domains"]]
        features[constraint.name] = constraint
    return features, config
