"""Monitoring mode: a Model Bias or Model Explainability monitoring execution runs this container over the
traffic an endpoint captured in one window. Tessera's contract (SageMaker does not publish its own):

  env dataset_source             directory of capture files (<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl, any
                                 depth); its presence turns monitoring mode on
  env analysis_type              MODEL_BIAS or MODEL_EXPLAINABILITY (default: explainability when the config
                                 has methods.shap, else bias); the other analyses in the config are skipped
  env dataset_type               default application/sagemakercapturejson
  env start_time, end_time       ISO-8601; only records with eventMetadata.inferenceTime in [start, end)
  env ground_truth_source        (bias) directory of ground-truth files, joined on the capture's
                                 eventMetadata.inferenceId, else its eventId
  env features_attribute         JMESPath of the features in JSON endpointInput
  env inference_attribute        predicted label in endpointOutput (CSV index or JMESPath)
  env probability_attribute      score in endpointOutput; over probability_threshold_attribute (0.5) is positive
  env baseline_constraints       the baseline job's analysis.json (drift checks are skipped without it)
  env sagemaker_endpoint_name    the monitored endpoint: explained when the config has no predictor, and the
                                 Endpoint dimension of the metrics
  env sagemaker_monitoring_schedule_name   the MonitoringSchedule dimension
  env publish_cloudwatch_metrics Disabled: no metrics file
  env output_path                default /opt/ml/processing/output
  env analysis_config            the config file (default /opt/ml/processing/input/config/analysis_config.json,
                                 or the one .json file in that directory), as for a processing job

Outputs: analysis.json, report.html and constraint_violations.json in output_path; /opt/ml/output/message
("Completed: ..." or "CompletedWithViolations: ..."); CloudWatch metrics as JSON lines in
/opt/ml/output/metrics/cloudwatch/metrics.jsonl.
"""
import datetime
import json
import math
import os

from ... import paths
from ...failure import ClientError
from . import aws, capture, drift, files

BIAS = "MODEL_BIAS"
EXPLAINABILITY = "MODEL_EXPLAINABILITY"
NAMESPACES = {BIAS: "/aws/sagemaker/Endpoints/bias-metrics",
              EXPLAINABILITY: "/aws/sagemaker/Endpoints/explainability-metrics"}


def _path(env, name):
    value = env.get(name)
    return paths.rebase(value) if value else None


class Monitoring:
    def __init__(self, env):
        self.env = env
        self.dataset_source = _path(env, "dataset_source")
        self.output_path = _path(env, "output_path") or paths.rebase("/opt/ml/processing/output")
        self.analysis_type = (env.get("analysis_type") or "").strip().upper() or None
        if self.analysis_type not in (None, BIAS, EXPLAINABILITY):
            raise ClientError(f"analysis_type {self.analysis_type!r} must be {BIAS} or {EXPLAINABILITY}")
        self.dataset_type = env.get("dataset_type") or "application/sagemakercapturejson"
        self.start_text = env.get("start_time") or None
        self.end_text = env.get("end_time") or None
        threshold = env.get("probability_threshold_attribute")
        try:
            threshold = float(threshold) if threshold not in (None, "") else None
        except ValueError:
            raise ClientError(f"probability_threshold_attribute {threshold!r} is not a number") from None
        truth_dir = _path(env, "ground_truth_source")
        self.window = capture.Window(
            start=capture.parse_time(self.start_text, "start_time"),
            end=capture.parse_time(self.end_text, "end_time"),
            ground_truth_files=files.data_files(truth_dir) if truth_dir else None,
            features_attribute=env.get("features_attribute") or None,
            inference_attribute=env.get("inference_attribute") or None,
            probability_attribute=env.get("probability_attribute") or None,
            probability_threshold=threshold,
        )
        self.baseline_path = _path(env, "baseline_constraints")
        self.endpoint = env.get("sagemaker_endpoint_name") or ""
        self.schedule = env.get("sagemaker_monitoring_schedule_name") or ""
        self.publish = (env.get("publish_cloudwatch_metrics") or "Enabled").lower() != "disabled"

    def files(self):
        return files.data_files(self.dataset_source)

    def adapt(self, raw):
        """The monitor's config as this execution runs it: only the bias or only the SHAP analysis."""
        if not isinstance(raw, dict):
            return raw
        raw = dict(raw)
        methods = dict(raw.get("methods") or {})
        kind = self.analysis_type or (EXPLAINABILITY if "shap" in methods else BIAS)
        self.analysis_type = kind
        if kind == BIAS:
            # A bias monitor's config (the SDK's BiasAnalysisConfig) has no methods: all of both.
            kept = {k: v for k, v in methods.items() if k in ("pre_training_bias", "post_training_bias", "report")}
            if "pre_training_bias" not in kept and "post_training_bias" not in kept:
                kept["pre_training_bias"] = {"methods": "all"}
                kept["post_training_bias"] = {"methods": "all"}
            if self.window.ground_truth_files is None:
                raise ClientError("a bias monitoring execution needs ground truth (env ground_truth_source)")
        else:
            if "shap" not in methods:
                raise ClientError("a model explainability monitor's config needs methods.shap")
            kept = {k: v for k, v in methods.items() if k in ("shap", "report")}
        raw["methods"] = kept
        return raw

    def live_predictor(self, table):
        """The monitored endpoint's model on a shadow endpoint of its own, as SageMaker's explainability monitor
        runs it: the analysis sends thousands of synthetic rows, which are not the endpoint's traffic and must
        not be captured with it (a data-quality check of the same window would see them)."""
        if not self.endpoint:
            raise ClientError("methods.shap needs a predictor (or env sagemaker_endpoint_name in monitoring)")
        from botocore.exceptions import ClientError as BotoError

        sm = aws.client("sagemaker")
        try:
            config_name = sm.describe_endpoint(EndpointName=self.endpoint)["EndpointConfigName"]
            variant = sm.describe_endpoint_config(EndpointConfigName=config_name)["ProductionVariants"][0]
        except BotoError as e:
            raise ClientError(f"could not read the model of endpoint {self.endpoint}: "
                              f"{e.response.get('Error', {}).get('Message')}") from None
        raw = {"model_name": variant["ModelName"], "instance_type": variant.get("InstanceType") or "ml.m5.large",
               "initial_instance_count": 1, "content_type": table.feature_kind or "text/csv"}
        if self.window.probability_attribute is not None:
            raw["probability"] = _locator(self.window.probability_attribute)
        elif self.window.inference_attribute is not None:
            raw["label"] = _locator(self.window.inference_attribute)
        return raw

    def baseline(self):
        if not self.baseline_path:
            return None
        try:
            with open(self.baseline_path, encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            raise ClientError(f"baseline_constraints {self.baseline_path} does not exist") from None
        except ValueError as e:
            raise ClientError(f"baseline_constraints is not JSON: {e}") from None

    def finish(self, analysis):
        """constraint_violations.json, the message file and the metrics; the number of violations."""
        baseline = self.baseline()
        violations = []
        if baseline is not None:
            if self.analysis_type == BIAS:
                violations = drift.bias_violations(analysis, baseline)
            else:
                violations = drift.attribution_violations(analysis, baseline)
        _write_json(os.path.join(self.output_path, "constraint_violations.json"), drift.violations_file(violations))
        if violations:
            message = f"CompletedWithViolations: Job completed successfully with {len(violations)} violations."
        else:
            message = "Completed: Job completed successfully with no violations."
        os.makedirs(paths.opt_ml("output"), exist_ok=True)
        with open(paths.opt_ml("output", "message"), "w", encoding="utf-8") as f:
            f.write(message)
        if self.publish:
            self.write_metrics(analysis)
        return len(violations)

    def metric_lines(self, analysis):
        timestamp = self.end_text or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        namespace = NAMESPACES[self.analysis_type]
        dimensions = [{"Name": "Endpoint", "Value": self.endpoint},
                      {"Name": "MonitoringSchedule", "Value": self.schedule}]
        lines = []

        def add(name, value):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                lines.append({"Namespace": namespace, "MetricName": name, "Timestamp": timestamp,
                              "Dimensions": dimensions, "Value": value, "Unit": "None"})

        if self.analysis_type == BIAS:
            for section in drift.SECTIONS:
                for facet, entries in ((analysis.get(section) or {}).get("facets") or {}).items():
                    for entry in entries:
                        for m in entry["metrics"]:
                            add(f"{facet}_{entry['value_or_threshold']}_{m['name']}", m.get("value"))
        else:
            kernel = (analysis.get("explanations") or {}).get("kernel_shap") or {}
            for i, (label, explanation) in enumerate(kernel.items()):
                suffix = "" if i == 0 else f"_{label}"
                for feature, value in explanation["global_shap_values"].items():
                    add(f"feature_{feature}{suffix}", value)
        return lines

    def write_metrics(self, analysis):
        directory = paths.opt_ml("output", "metrics", "cloudwatch")
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "metrics.jsonl"), "w", encoding="utf-8") as f:
            for line in self.metric_lines(analysis):
                f.write(json.dumps(line) + "\n")


def _locator(value):
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


def _write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)


def from_env(env):
    return Monitoring(env) if env.get("dataset_source") else None
