"""analysis_config.json: parsed into plain objects and checked field by field.

Every mistake is a ClientError naming the field (`facet[1].name_or_index`, `methods.shap.num_samples`), as
that text becomes the processing job's FailureReason and has to tell the user what to fix. Fields the SDK
writes that this container does not implement are refused by name rather than silently ignored, so a
result never looks complete when part of the analysis was skipped.
"""
import json
import os

from ...failure import ClientError

PRE_TRAINING_METHODS = ("CDDL", "CI", "DPL", "JS", "KL", "KS", "LP", "TVD")
POST_TRAINING_METHODS = ("AD", "CDDPL", "DAR", "DCA", "DCR", "DI", "DPPL", "DRR", "FT", "GE", "RD", "SD", "TE")
DATASET_TYPES = ("text/csv", "application/jsonlines", "application/sagemakercapturejson")
# Types SageMaker accepts that this container does not read (yet); named in the error.
UNSUPPORTED_DATASET_TYPES = ("application/json", "application/x-parquet", "application/x-image")
CONTENT_TYPES = ("text/csv", "application/jsonlines", "application/json")
ACCEPT_TYPES = ("text/csv", "application/jsonlines", "application/json")
AGG_METHODS = ("mean_abs", "median", "mean_sq")
UNSUPPORTED_TOP = ("facet_dataset_uri", "facet_headers", "predicted_label_dataset_uri", "predicted_label_headers",
                   "segment_config", "time_series_data_config")
UNSUPPORTED_METHODS = ("pdp", "asymmetric_shapley_value")
UNSUPPORTED_SHAP = ("features_to_explain", "text_config", "image_config")


class Facet:
    def __init__(self, name_or_index, values):
        self.name_or_index = name_or_index
        self.values = values  # None: one result per distinct value


class Shap:
    def __init__(self, baseline, num_clusters, num_samples, agg_method, use_logit, save_local, seed):
        self.baseline = baseline  # None, an s3:// URI or a list of rows
        self.num_clusters = num_clusters
        self.num_samples = num_samples
        self.agg_method = agg_method
        self.use_logit = use_logit
        self.save_local = save_local
        self.seed = seed


class Predictor:
    def __init__(self, raw, path, default_content_type):
        self.endpoint_name = _opt(raw, "endpoint_name", str, path)
        self.model_name = _opt(raw, "model_name", str, path)
        self.instance_type = _opt(raw, "instance_type", str, path)
        self.initial_instance_count = _opt(raw, "initial_instance_count", int, path)
        self.accelerator_type = _opt(raw, "accelerator_type", str, path)
        self.endpoint_name_prefix = _opt(raw, "endpoint_name_prefix", str, path)
        self.target_model = _opt(raw, "target_model", str, path)
        self.custom_attributes = _opt(raw, "custom_attributes", str, path)
        if not self.endpoint_name:
            if not self.model_name:
                raise ClientError(f"{path}: give endpoint_name, or model_name with instance_type and "
                                  "initial_instance_count (a shadow endpoint)")
            if not self.instance_type:
                raise ClientError(f"{path}.instance_type is required with model_name")
            if self.initial_instance_count is None:
                self.initial_instance_count = 1
            if self.initial_instance_count < 1:
                raise ClientError(f"{path}.initial_instance_count must be at least 1")
        self.content_type = _opt(raw, "content_type", str, path) or default_content_type
        if self.content_type not in CONTENT_TYPES:
            raise ClientError(f"{path}.content_type {self.content_type!r} is not supported; use one of "
                              f"{', '.join(CONTENT_TYPES)}")
        self.accept_type = _opt(raw, "accept_type", str, path) or self.content_type
        if self.accept_type not in ACCEPT_TYPES:
            raise ClientError(f"{path}.accept_type {self.accept_type!r} is not supported; use one of "
                              f"{', '.join(ACCEPT_TYPES)}")
        self.content_template = _opt(raw, "content_template", str, path)
        self.record_template = _opt(raw, "record_template", str, path)
        if self.content_type == "application/json" and not self.content_template:
            raise ClientError(f"{path}.content_template is required for content_type application/json "
                              '(for example "{\\"instances\\": $records}")')
        if self.content_template and self.content_type == "application/jsonlines" and \
                "$features" not in self.content_template:
            raise ClientError(f"{path}.content_template must contain $features or $features_kvp")
        if self.content_type == "application/json" and "$records" not in self.content_template and \
                "$record" not in self.content_template:
            raise ClientError(f"{path}.content_template must contain $records (or $record)")
        self.label = _locator(raw, "label", path)
        self.probability = _locator(raw, "probability", path)
        self.label_headers = _opt(raw, "label_headers", list, path)


class Config:
    """The analysis to run. `monitoring` fields are filled in by the monitoring mode from its environment."""

    def __init__(self, raw, dataset_type_override=None):
        if not isinstance(raw, dict):
            raise ClientError("analysis_config.json must hold a JSON object")
        for key in UNSUPPORTED_TOP:
            if raw.get(key) not in (None, [], ""):
                raise ClientError(f"{key} is not supported by this Clarify implementation")
        self.dataset_type = dataset_type_override or _opt(raw, "dataset_type", str, "")
        if not self.dataset_type:
            raise ClientError("dataset_type is required")
        if self.dataset_type in UNSUPPORTED_DATASET_TYPES:
            raise ClientError(f"dataset_type {self.dataset_type} is not supported by this Clarify implementation; "
                              f"use one of {', '.join(DATASET_TYPES)}")
        if self.dataset_type not in DATASET_TYPES:
            raise ClientError(f"dataset_type {self.dataset_type!r} is not one of {', '.join(DATASET_TYPES)}")
        self.dataset_uri = _opt(raw, "dataset_uri", str, "")
        self.headers = _opt(raw, "headers", list, "")
        if self.headers is not None:
            if not all(isinstance(h, str) for h in self.headers):
                raise ClientError("headers must be a list of strings")
            if len(set(self.headers)) != len(self.headers):
                raise ClientError("headers has duplicate names")
        self.label = _column(raw, "label", "")
        self.predicted_label = _column(raw, "predicted_label", "")
        self.features = _opt(raw, "features", str, "")
        if self.dataset_type == "application/jsonlines" and not self.features:
            raise ClientError("features (a JMESPath expression) is required for dataset_type application/jsonlines")
        self.label_values = _opt(raw, "label_values_or_threshold", list, "")
        if self.label_values is not None and not self.label_values:
            raise ClientError("label_values_or_threshold must not be empty")
        self.probability_threshold = _opt(raw, "probability_threshold", (int, float), "")
        if self.probability_threshold is None:
            self.probability_threshold = 0.5
        self.facets = []
        facets = _opt(raw, "facet", list, "") or []
        for i, f in enumerate(facets):
            path = f"facet[{i}]"
            if not isinstance(f, dict):
                raise ClientError(f"{path} must be an object with name_or_index")
            name = f.get("name_or_index")
            if not isinstance(name, (str, int)) or isinstance(name, bool) or name == "":
                raise ClientError(f"{path}.name_or_index is required (a column name or a zero-based index)")
            values = _opt(f, "value_or_threshold", list, path)
            if values is not None and not values:
                raise ClientError(f"{path}.value_or_threshold must not be empty (omit it for one result per value)")
            self.facets.append(Facet(name, values))
        self.group_variable = _column(raw, "group_variable", "")
        self.excluded_columns = _opt(raw, "excluded_columns", list, "") or []
        methods = raw.get("methods")
        if not isinstance(methods, dict) or not methods:
            raise ClientError("methods is required: an object with pre_training_bias, post_training_bias "
                              "and/or shap")
        for key in UNSUPPORTED_METHODS:
            if key in methods:
                raise ClientError(f"methods.{key} is not supported by this Clarify implementation")
        self.pre_training = _bias_methods(methods, "pre_training_bias", PRE_TRAINING_METHODS)
        self.post_training = _bias_methods(methods, "post_training_bias", POST_TRAINING_METHODS)
        self.shap = _shap(methods.get("shap")) if "shap" in methods else None
        report = _opt(methods, "report", dict, "methods") or {}
        self.report_name = _opt(report, "name", str, "methods.report") or "report"
        if "/" in self.report_name or self.report_name.startswith("."):
            raise ClientError("methods.report.name must be a plain file name")
        self.report_title = _opt(report, "title", str, "methods.report") or "SageMaker Analysis Report"
        default_content = self.dataset_type if self.dataset_type in CONTENT_TYPES else "text/csv"
        predictor = _opt(raw, "predictor", dict, "")
        self.predictor = Predictor(predictor, "predictor", default_content) if predictor else None
        if self.pre_training is not None or self.post_training is not None:
            self._check_bias()

    def _check_bias(self):
        if self.label is None:
            raise ClientError("label is required for bias metrics")
        if self.label_values is None:
            raise ClientError("label_values_or_threshold is required for bias metrics")
        if not self.facets:
            raise ClientError("facet is required for bias metrics: a list of {name_or_index, value_or_threshold}")
        # No group_variable is not an error: like SageMaker, CDDL/CDDPL then carry an error instead of a value.


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise ClientError(f"analysis_config.json not found at {path} (the analysis_config input is missing)") \
            from None
    try:
        raw = json.loads(text)
    except ValueError as e:
        raise ClientError(f"analysis_config.json is not valid JSON: {e}") from None
    return raw


def _where(path, key):
    return f"{path}.{key}" if path else key


def _opt(obj, key, types, path):
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) and types in (int, (int, float)):
        raise ClientError(f"{_where(path, key)} must be a number, not a boolean")
    if not isinstance(value, types):
        raise ClientError(f"{_where(path, key)} must be {_type_name(types)}, got {json.dumps(value)[:80]}")
    return value


def _type_name(types):
    names = {str: "a string", int: "an integer", float: "a number", list: "a list", dict: "an object",
             bool: "a boolean"}
    if types == (int, float):
        return "a number"
    return names.get(types, types.__name__)


def _column(obj, key, path):
    """A column locator: a header name, a zero-based index or (JSON lines) a JMESPath expression."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise ClientError(f"{_where(path, key)} must be a column name, a zero-based index or a JMESPath expression")
    if isinstance(value, int) and value < 0:
        raise ClientError(f"{_where(path, key)} must not be negative")
    return value


def _locator(obj, key, path):
    """predictor.label / predictor.probability: an index into a CSV output line, or a key or JMESPath."""
    return _column(obj, key, path)


def _bias_methods(methods, key, known):
    if key not in methods:
        return None
    raw = methods[key]
    chosen = raw.get("methods", "all") if isinstance(raw, dict) else None
    if chosen == "all":
        return list(known)
    if not isinstance(chosen, list) or not chosen or not all(isinstance(m, str) for m in chosen):
        raise ClientError(f'methods.{key}.methods must be "all" or a list of metric names ({", ".join(known)})')
    unknown = [m for m in chosen if m not in known]
    if unknown:
        raise ClientError(f"methods.{key}.methods: unknown metric {', '.join(unknown)}; known: {', '.join(known)}")
    # SageMaker reports the metrics in name order whatever order they were asked in.
    return sorted(set(chosen))


def _shap(raw):
    path = "methods.shap"
    if not isinstance(raw, dict):
        raise ClientError(f"{path} must be an object")
    for key in UNSUPPORTED_SHAP:
        if raw.get(key) not in (None, []):
            raise ClientError(f"{path}.{key} is not supported by this Clarify implementation")
    baseline = raw.get("baseline")
    if baseline is not None:
        if isinstance(baseline, str):
            if not baseline.startswith("s3://") and not os.path.isabs(baseline):
                raise ClientError(f"{path}.baseline must be an s3:// URI or a list of rows")
        elif isinstance(baseline, list):
            if not baseline:
                raise ClientError(f"{path}.baseline must not be empty")
            if not all(isinstance(r, (list, dict)) for r in baseline):
                # A single row given flat is a common slip; SageMaker wants a list of rows.
                raise ClientError(f"{path}.baseline must be a list of rows (each a list of feature values)")
        else:
            raise ClientError(f"{path}.baseline must be an s3:// URI or a list of rows")
    num_clusters = _opt(raw, "num_clusters", int, path)
    if num_clusters is not None and num_clusters < 1:
        raise ClientError(f"{path}.num_clusters must be at least 1")
    num_samples = _opt(raw, "num_samples", int, path)
    if num_samples is not None and num_samples < 1:
        raise ClientError(f"{path}.num_samples must be at least 1")
    agg = _opt(raw, "agg_method", str, path) or "mean_abs"
    if agg not in AGG_METHODS:
        raise ClientError(f"{path}.agg_method must be one of {', '.join(AGG_METHODS)}")
    use_logit = _opt(raw, "use_logit", bool, path) or False
    save_local = _opt(raw, "save_local_shap_values", bool, path) or False
    seed = _opt(raw, "seed", int, path)
    return Shap(baseline, num_clusters, num_samples, agg, use_logit, save_local, seed)
