"""CloudWatch metrics, as files: /opt/ml/output/metrics/cloudwatch/metrics.jsonl, one
PutMetricData-like object a line (the way SageMaker's BYOC contract has a container hand metrics
to the platform), each naming its Namespace. Written when publish_cloudwatch_metrics is Enabled,
for every feature whose emit_metrics is not Disabled.

Data quality (namespace /aws/sagemaker/Endpoints/data-metric, as the DG names it):
feature_baseline_drift_<f> (the drift distance; for ChiSquared the p-value), feature_non_null_<f>
(completeness, 0..1) and, for numeric features, feature_data_<f> with StatisticValues
{Sum, SampleCount, Minimum, Maximum}. Model quality (/aws/sagemaker/Endpoints/model-metrics): one
metric per scalar metric (mae, rmse, accuracy, f1, auc, ...)."""
import json
import math
import os
from datetime import datetime, timezone

from ... import paths

DATA_NAMESPACE = "/aws/sagemaker/Endpoints/data-metric"
MODEL_NAMESPACE = "/aws/sagemaker/Endpoints/model-metrics"


def _dimensions(settings):
    return [{"Name": "Endpoint", "Value": settings.endpoint},
            {"Name": "MonitoringSchedule", "Value": settings.schedule}]


def _timestamp(settings):
    if settings.end is not None:
        return settings.end.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _metric(settings, namespace, name, value=None, statistics=None):
    line = {"Namespace": namespace, "MetricName": name, "Timestamp": _timestamp(settings),
            "Dimensions": _dimensions(settings)}
    if statistics is not None:
        line["StatisticValues"] = statistics
    else:
        line["Value"] = value
    line["Unit"] = "None"
    return line


def _write(lines):
    if not lines:
        return None
    directory = paths.opt_ml("output", "metrics", "cloudwatch")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "metrics.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, allow_nan=False) + "\n")
    return path


def _finite(x):
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def data_quality(settings, observations):
    lines = []
    for seen in observations:
        if seen.column is None or not seen.config.emit_metrics:
            continue
        if _finite(seen.drift):
            lines.append(_metric(settings, DATA_NAMESPACE, f"feature_baseline_drift_{seen.name}", seen.drift))
        if _finite(seen.completeness):
            lines.append(_metric(settings, DATA_NAMESPACE, f"feature_non_null_{seen.name}", seen.completeness))
        column = seen.column
        if column.inferred_type() in ("Integral", "Fractional") and column.n:
            lines.append(_metric(settings, DATA_NAMESPACE, f"feature_data_{seen.name}", statistics={
                "SampleCount": float(column.n), "Sum": column.total, "Minimum": column.min, "Maximum": column.max}))
    return _write(lines)


def model_quality(settings, scalars):
    """scalars: {metric name: value}."""
    return _write([_metric(settings, MODEL_NAMESPACE, name, value)
                   for name, value in scalars.items() if _finite(value)])
