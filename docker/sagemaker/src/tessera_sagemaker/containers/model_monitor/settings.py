"""The job's configuration. SageMaker gives the analyzer everything as environment variables (the
SDK's suggest_baseline and the monitoring schedules write them); paths are container paths, which
host mode moves under TESSERA_OPT_ML."""
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from ... import paths
from ...failure import ClientError
from . import dataset

DATA_QUALITY = "DATA_QUALITY"
MODEL_QUALITY = "MODEL_QUALITY"
PROBLEM_TYPES = ("BinaryClassification", "MulticlassClassification", "Regression")
DRIFT_METHODS = ("LInfinity", "ChiSquared")


@dataclass
class Settings:
    dataset_format: dataset.DatasetFormat
    dataset_source: str
    output_path: str
    baseline_statistics: Optional[str]
    baseline_constraints: Optional[str]
    start: Optional[datetime]
    end: Optional[datetime]
    start_text: str
    end_text: str
    endpoint: str
    schedule: str
    publish_metrics: bool
    analysis_type: str
    categorical_drift_method: Optional[str]
    record_preprocessor_script: Optional[str]
    post_analytics_processor_script: Optional[str]
    problem_type: Optional[str]
    inference_attribute: Optional[str]
    probability_attribute: Optional[str]
    ground_truth_attribute: Optional[str]
    probability_threshold: float
    ground_truth_source: Optional[str]

    @property
    def monitoring(self):
        """A monitoring execution has a baseline to compare with; a baselining job has none."""
        return bool(self.baseline_statistics or self.baseline_constraints)


def _env(name):
    value = os.environ.get(name, "").strip()
    return value or None


def _path(name):
    value = _env(name)
    return paths.rebase(value) if value else None


def parse_time(name, text):
    """ISO-8601 (2026-12-07T10:00:00Z, fractions and offsets too); a time without a zone is UTC."""
    try:
        t = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ClientError(f"{name}={text!r} is not an ISO-8601 time such as 2026-12-07T10:00:00Z") from None
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)


def _enabled(name, default):
    value = (_env(name) or default).lower()
    if value not in ("enabled", "disabled"):
        raise ClientError(f"{name}={os.environ.get(name)!r}: must be Enabled or Disabled")
    return value == "enabled"


def _choice(name, allowed):
    value = _env(name)
    if value is not None and value not in allowed:
        raise ClientError(f"{name}={value!r}: must be one of {', '.join(allowed)}")
    return value


def _threshold():
    raw = _env("probability_threshold_attribute")
    if raw is None:
        return 0.5
    try:
        return float(raw)
    except ValueError:
        raise ClientError(f"probability_threshold_attribute={raw!r} is not a number") from None


def load():
    raw_format = _env("dataset_format")
    if raw_format is None:
        raise ClientError('dataset_format is not set; it is a JSON object such as {"csv": {"header": true}}')
    fmt = dataset.parse_format(raw_format)
    source = _path("dataset_source")
    if source is None:
        raise ClientError("dataset_source is not set; it names the directory holding the data to analyze")
    if not os.path.exists(source):
        raise ClientError(f"dataset_source {source} does not exist")
    start_text, end_text = _env("start_time"), _env("end_time")
    start = parse_time("start_time", start_text) if start_text else None
    end = parse_time("end_time", end_text) if end_text else None
    if start and end and start >= end:
        raise ClientError(f"start_time {start_text} is not before end_time {end_text}")
    analysis = (_env("analysis_type") or DATA_QUALITY).upper()
    if analysis not in (DATA_QUALITY, MODEL_QUALITY):
        raise ClientError(f"analysis_type={analysis!r}: this analyzer runs {MODEL_QUALITY} or data quality (unset)")
    problem = _choice("problem_type", PROBLEM_TYPES)
    if analysis == MODEL_QUALITY and problem is None:
        raise ClientError(f"problem_type is required with analysis_type={MODEL_QUALITY}: "
                          f"one of {', '.join(PROBLEM_TYPES)}")
    return Settings(
        dataset_format=fmt,
        dataset_source=source,
        output_path=_path("output_path") or paths.rebase("/opt/ml/processing/output"),
        baseline_statistics=_path("baseline_statistics"),
        baseline_constraints=_path("baseline_constraints"),
        start=start, end=end, start_text=start_text or "", end_text=end_text or "",
        endpoint=_env("sagemaker_endpoint_name") or "",
        schedule=_env("sagemaker_monitoring_schedule_name") or "",
        publish_metrics=_enabled("publish_cloudwatch_metrics", "Disabled"),
        analysis_type=analysis,
        categorical_drift_method=_choice("categorical_drift_method", DRIFT_METHODS),
        record_preprocessor_script=_path("record_preprocessor_script"),
        post_analytics_processor_script=_path("post_analytics_processor_script"),
        problem_type=problem,
        inference_attribute=_env("inference_attribute"),
        probability_attribute=_env("probability_attribute"),
        ground_truth_attribute=_env("ground_truth_attribute"),
        probability_threshold=_threshold(),
        ground_truth_source=_path("ground_truth_source"),
    )
