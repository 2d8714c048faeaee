"""tessera/sagemaker-clarify: SageMaker Clarify's processing container (sagemaker-clarify-processing:1.0).

A processing job: /opt/ml/processing/input/config/analysis_config.json says what to compute over the
dataset in /opt/ml/processing/input/data (a file or a directory of files; else `dataset_uri`): pre-training
bias (pretraining.py), post-training bias over the model's predictions (posttraining.py; predictions
from a `predicted_label` column, the captured endpointOutput, or the model called through the runtime API,
predictor.py) and Kernel SHAP (shap_explain.py). /opt/ml/processing/output gets analysis.json,
report.html and, with save_local_shap_values, explanations_shap/out.csv.

A Model Bias / Model Explainability monitoring execution runs the same over captured traffic and adds
constraint_violations.json, the message file and CloudWatch metrics (monitoring.py has the contract).
"""
import csv
import json
import os
import signal
import sys
import tempfile
import threading
import time

from ... import paths
from ...failure import ClientError
from . import aws, bias, config, dataset, files, monitoring, predictor, report

CONFIG = "/opt/ml/processing/input/config/analysis_config.json"
DATA = "/opt/ml/processing/input/data"
OUTPUT = "/opt/ml/processing/output"


def log(message):
    print(f"clarify: {message}", flush=True)


def _stop_cleanly():
    """StopProcessingJob sends SIGTERM: exit through the finally blocks, so a shadow endpoint is deleted."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _dataset_files(cfg, scratch):
    found = files.data_files(paths.rebase(DATA))
    if found:
        return found
    uri = cfg.dataset_uri
    if uri and uri.startswith("s3://"):
        log(f"downloading the dataset from {uri}")
        found = aws.download_prefix(uri, scratch)
        if not found:
            raise ClientError(f"dataset_uri {uri} has no objects")
        return found
    if uri:
        found = files.data_files(paths.rebase(uri))
        if found:
            return found
        raise ClientError(f"dataset_uri {uri} has no files")
    raise ClientError(f"no dataset: the dataset input ({DATA}) is empty and dataset_uri is not set")


def config_path(env):
    """env analysis_config names the file (a monitor's ConfigUri keeps its own name); else SageMaker's path, or
    the one JSON file in its directory."""
    if env.get("analysis_config"):
        return paths.rebase(env["analysis_config"])
    path = paths.rebase(CONFIG)
    if not os.path.exists(path) and os.path.isdir(os.path.dirname(path)):
        found = [n for n in os.listdir(os.path.dirname(path)) if n.endswith(".json")]
        if len(found) == 1:
            return os.path.join(os.path.dirname(path), found[0])
    return path


def _model(cfg, table, mon):
    predictor_cfg = cfg.predictor
    if predictor_cfg is None and mon is not None:
        predictor_cfg = config.Predictor(mon.live_predictor(table), "predictor", "text/csv")
    if predictor_cfg is None:
        return None
    threshold = cfg.probability_threshold
    if mon is not None and mon.window.probability_threshold is not None:
        threshold = mon.window.probability_threshold
    return predictor.Model(predictor_cfg, table.features, threshold)


def _rows(table):
    frame = table.feature_frame()
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=4)
        f.write("\n")


def _write_local_shap(path, names, labels, values):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    single = len(labels) == 1
    header = [n if single else f"{label}_{n}" for label in labels for n in names]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for row in values:
            w.writerow([repr(float(row[i, j])) for j in range(len(labels)) for i in range(len(names))])


def analyze(cfg, table, mon=None):
    """analysis.json's content, and the local SHAP values (None, or (labels, rows x features x labels))."""
    analysis = {"version": "1.0"}
    local = None
    model = None
    try:
        if cfg.pre_training is not None:
            analysis["pre_training_bias_metrics"] = bias.section(bias.Inputs(cfg, table), "pre")
            log(f"pre-training bias: {len(cfg.pre_training)} metric(s) per facet value")
        if cfg.post_training is not None:
            predictions = None
            if not table.predicted:
                predictions = table.predictions
                if predictions is None:
                    model = model or _model(cfg, table, mon)
                    if model is None:
                        raise ClientError("post_training_bias needs predictions: set predicted_label (a column "
                                          "with the model's predictions) or predictor")
                    started = time.monotonic()
                    predictions = model.predict(_rows(table))
                    log(f"predicted {len(table)} rows in {model.calls} request(s), {time.monotonic() - started:.1f} s")
            analysis["post_training_bias_metrics"] = bias.section(bias.Inputs(cfg, table, predictions), "post")
            log(f"post-training bias: {len(cfg.post_training)} metric(s) per facet value")
        if cfg.shap is not None:
            from . import shap_explain

            model = model or _model(cfg, table, mon)
            if model is None:
                raise ClientError("methods.shap needs predictor: the model to explain")
            x = shap_explain.numeric_features(table.feature_frame())
            started, calls = time.monotonic(), model.calls
            kernel, values, labels = shap_explain.explain(
                cfg.shap, list(table.features), x, lambda m: model.scores(m.tolist()),
                label_names=model.p.label_headers, dataset_type=cfg.dataset_type, features_path=cfg.features)
            analysis["explanations"] = {"kernel_shap": kernel}
            log(f"SHAP: {len(x)} rows x {x.shape[1]} features, {model.calls - calls} request(s), "
                f"{time.monotonic() - started:.1f} s")
            if cfg.shap.save_local:
                local = (labels, values)
    finally:
        if model is not None:
            model.close()
    return analysis, local


def process():
    _stop_cleanly()
    mon = monitoring.from_env(os.environ)
    raw = config.load(config_path(os.environ))
    if mon is not None:
        raw = mon.adapt(raw)
    cfg = config.Config(raw, dataset_type_override=mon.dataset_type if mon else None)
    output = mon.output_path if mon else paths.rebase(OUTPUT)
    with tempfile.TemporaryDirectory() as scratch:
        inputs = mon.files() if mon else _dataset_files(cfg, scratch)
        table = dataset.read(cfg, inputs, mon.window if mon else None)
    log(f"{cfg.dataset_type}: {len(table)} rows from {len(inputs)} file(s), features {', '.join(table.features[:12])}"
        + (" ..." if len(table.features) > 12 else ""))
    analysis, local = analyze(cfg, table, mon)
    _write_json(os.path.join(output, "analysis.json"), analysis)
    if local is not None:
        labels, values = local
        _write_local_shap(os.path.join(output, "explanations_shap", "out.csv"), list(table.features), labels, values)
    violations = None
    if mon is not None:
        count = mon.finish(analysis)
        with open(os.path.join(output, "constraint_violations.json"), encoding="utf-8") as f:
            violations = json.load(f)["violations"]
        log(f"monitoring ({mon.analysis_type}): {count} violation(s)")
    with open(os.path.join(output, cfg.report_name + ".html"), "w", encoding="utf-8") as f:
        f.write(report.render(cfg.report_title, analysis, rows=len(table), violations=violations))
    log(f"wrote {output}/analysis.json and {cfg.report_name}.html")
