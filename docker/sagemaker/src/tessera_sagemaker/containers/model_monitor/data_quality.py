"""Data quality: baselining (statistics.json and constraints.json from a data set) and monitoring
(the window's statistics.json and constraint_violations.json against the baseline)."""
import json
import os

from ...failure import ClientError
from . import capture, constraints, dataset, metrics, output, scripts, statistics, violations


def profile(settings):
    """(Profile, capture Counts or None) of the data under dataset_source."""
    fmt = settings.dataset_format
    result = statistics.Profile(order_by_name=fmt.kind != "csv")
    if fmt.kind != "capture":
        if settings.record_preprocessor_script:
            print("record_preprocessor_script applies to captured data only; it is not run on a CSV or JSON data set")
        for values, names in dataset.table_rows(fmt, settings.dataset_source):
            result.add(values, names)
        return result, None
    counts = capture.Counts()
    script = settings.record_preprocessor_script
    preprocessor = scripts.Preprocessor(script) if script else None
    for where, record in capture.records(settings.dataset_source, settings.start, settings.end, counts):
        rows = preprocessor.rows(record) if preprocessor else capture.rows(record, where, fmt, counts)
        for values, names in rows:
            result.add(values, names)
    print(f"captured data: {counts.summary()}", flush=True)
    return result, counts


def _no_data(settings, counts):
    if counts is None:
        return f"the data set under dataset_source {settings.dataset_source} has no rows"
    window = f"between {settings.start_text or 'the beginning'} and {settings.end_text or 'the end'}"
    return f"no data captured {window} under {settings.dataset_source} ({counts.summary()})"


def baseline(settings):
    data, counts = profile(settings)
    if data.item_count == 0:
        raise ClientError(_no_data(settings, counts))
    features = data.features()
    output.write_json(settings.output_path, "statistics.json", statistics.to_json(data.item_count, features))
    output.write_json(settings.output_path, "constraints.json",
                      constraints.suggest(data.item_count, features, settings.categorical_drift_method))
    print(f"baseline: {data.item_count} rows, {len(features)} features", flush=True)
    return 0


def read_json(path, option):
    if not os.path.isfile(path):
        raise ClientError(f"{option} {path} does not exist")
    if os.path.getsize(path) > dataset.MAX_DOCUMENT:
        raise ClientError(f"{option} {path} is over {dataset.MAX_DOCUMENT // (1024 * 1024)} MB")
    with open(path, "rb") as f:
        try:
            return json.loads(f.read().decode("utf-8", errors="replace"))
        except ValueError as e:
            raise ClientError(f"{option} {path} is not valid JSON ({e})") from None


def monitor(settings):
    stats = cons = None
    config = constraints.default_config(settings.categorical_drift_method)
    if settings.baseline_statistics:
        stats = statistics.read_features(read_json(settings.baseline_statistics, "baseline_statistics"),
                                         "baseline_statistics")
    if settings.baseline_constraints:
        cons, config = constraints.read(read_json(settings.baseline_constraints, "baseline_constraints"),
                                        "baseline_constraints", settings.categorical_drift_method)
    names = list(cons) if cons else list(stats or {})
    data, counts = profile(settings)
    if data.item_count == 0:
        raise ClientError(_no_data(settings, counts))
    matched, extras = violations.align(names, data)
    current = [(name, column) for name, column in matched if column is not None] + extras
    output.write_json(settings.output_path, "statistics.json", statistics.to_json(data.item_count, current))
    found, observations = violations.evaluate(names, cons, config, stats, matched, extras, data.item_count)
    output.write_json(settings.output_path, "constraint_violations.json", {"violations": found})
    if settings.publish_metrics:
        metrics.data_quality(settings, observations)
    print(f"monitoring: {data.item_count} rows, {len(found)} violations", flush=True)
    return len(found)
