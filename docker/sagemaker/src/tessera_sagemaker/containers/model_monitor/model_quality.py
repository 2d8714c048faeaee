"""Model quality (analysis_type=MODEL_QUALITY): metrics of the model's predictions against ground
truth, for problem_type Regression, BinaryClassification or MulticlassClassification.

Baselining reads a CSV or JSON-lines data set holding both predictions and labels. Monitoring reads
the captured data under dataset_source and the ground truth under ground_truth_source
(yyyy/mm/dd/hh/*.jsonl of {"groundTruthData": {"data": "1", "encoding": "CSV"}, "eventMetadata":
{"eventId": ...}}) and joins them itself: in AWS a separate groundtruth-merge job does this
before the analyzer runs. A capture joins the ground truth whose eventId equals its
eventMetadata.inferenceId, or its eventId when it has none (the DG's merge rule); captures are
taken from [start_time, end_time), ground truth from any time (it arrives later).

Columns: inference_attribute (the predicted label or value), probability_attribute (the score) and
ground_truth_attribute (baselining) name a CSV header column, a column index (also for headerless
CSV, or _c<i>), or a key or dotted path into JSON (predictions[0].score, a.b, $.x); in captured
output with neither, the whole output value is the prediction. A binary prediction without
inference_attribute is score > probability_threshold_attribute (default 0.5), as Spark
thresholds a probability. Binary labels are 0/1 (or true/false); multiclass labels are compared
as text, numbers normalised (1, 1.0 and "1" are one label)."""
import math
import re

import numpy as np

from ...failure import ClientError
from . import capture, dataset, metrics, output, quality_metrics
from .data_quality import read_json


class Missing(Exception):
    """The row has no value at the attribute."""


_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _path(attribute):
    text = attribute[2:] if attribute.startswith("$.") else attribute.lstrip("$")
    segments = []
    for index, key in _SEGMENT.findall(text):
        segments.append(int(index) if index else key)
    return segments


def extract(record, attribute, header=None):
    """The value at attribute in a CSV row (a list, with its header or none) or a JSON document."""
    if attribute is None:
        if isinstance(record, list):
            if len(record) == 1:
                return record[0]
            raise Missing("a row of several values, and no attribute to choose one")
        if isinstance(record, dict):
            raise Missing("a JSON object, and no attribute to choose a value in it")
        return record
    if isinstance(record, list) and header is not None and attribute in header:
        i = header.index(attribute)
        return record[i] if i < len(record) else None
    if isinstance(record, dict) and attribute in record:
        return record[attribute]
    if isinstance(record, list) and re.fullmatch(r"_c\d+", attribute):
        attribute = attribute[2:]
    value = record
    for segment in _path(attribute):
        if isinstance(value, list) and (isinstance(segment, int) or str(segment).isdigit()):
            i = int(segment)
            if i >= len(value):
                raise Missing(f"no element {i}")
            value = value[i]
        elif isinstance(value, dict) and str(segment) in value:
            value = value[str(segment)]
        else:
            raise Missing(f"no {segment!r}")
    return value


def _get(record, option, attribute, header=None):
    """extract(), its failure naming the option that asked for the value."""
    try:
        return extract(record, attribute, header)
    except Missing as e:
        raise Missing(f"{option} {attribute!r}: {e}" if attribute else f"{option} not set: {e}") from None


def _number(value, what):
    if isinstance(value, bool):
        return float(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ClientError(f"{what} {value!r} is not a number") from None
    if not math.isfinite(x):
        raise ClientError(f"{what} {value!r} is not a finite number")
    return x


def _binary(value, what):
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return int(value.strip().lower() == "true")
    x = _number(value, what)
    if x not in (0.0, 1.0):
        raise ClientError(f"{what} {value!r} is not a 0/1 label (a score belongs in probability_attribute)")
    return int(x)


def _label(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value).strip()
    try:
        x = float(text)
    except ValueError:
        return text
    return str(int(x)) if math.isfinite(x) and x == int(x) else repr(x)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class Collector:
    """Turns (prediction record, label) pairs into the arrays the metrics take."""

    def __init__(self, settings, strict=True):
        self.s = settings
        # A baseline is the user's own file: a bad value stops it, saying where. Monitoring reads
        # whatever the endpoint saw: a bad record is skipped and counted.
        self.strict = strict
        self.problem = settings.problem_type
        self.labels, self.predictions, self.scores = [], [], []
        self.skipped = 0
        self.first_skip = ""

    def skip(self, why):
        self.skipped += 1
        if not self.first_skip:
            self.first_skip = why

    def add(self, record, label, header=None, where=""):
        size = len(self.labels)
        try:
            self._add(record, label, header, where)
        except ClientError as e:
            if self.strict:
                raise
            del self.labels[size:], self.predictions[size:], self.scores[size:]
            self.skip(str(e))

    def _add(self, record, label, header, where):
        s = self.s
        try:
            inferred = _get(record, "inference_attribute", s.inference_attribute, header) \
                if s.inference_attribute or not s.probability_attribute else None
            score = _get(record, "probability_attribute", s.probability_attribute, header) \
                if s.probability_attribute else None
        except Missing as e:
            self.skip(f"{where}: {e}")
            return
        inferred = None if _blank(inferred) else inferred
        score = None if _blank(score) else score
        if _blank(label) or (inferred is None and score is None):
            self.skip(f"{where}: a missing prediction or label")
            return
        if self.problem == "Regression":
            self.labels.append(_number(label, f"{where}: label"))
            self.predictions.append(_number(inferred if inferred is not None else score, f"{where}: prediction"))
        elif self.problem == "BinaryClassification":
            self.labels.append(_binary(label, f"{where}: label"))
            p = _number(score, f"{where}: probability") if score is not None else None
            predicted = _binary(inferred, f"{where}: prediction") if inferred is not None \
                else int(p > s.probability_threshold)
            self.predictions.append(predicted)
            self.scores.append(p if p is not None else float(predicted))
        else:
            self.labels.append(_label(label))
            self.predictions.append(_label(inferred if inferred is not None else score))

    def arrays(self):
        if self.problem == "MulticlassClassification":
            return np.array(self.labels, dtype=object), np.array(self.predictions, dtype=object), None
        dtype = float if self.problem == "Regression" else np.int64
        return (np.array(self.labels, dtype=dtype), np.array(self.predictions, dtype=dtype),
                np.array(self.scores, dtype=float) if self.scores else None)


def _statistics(problem, collector):
    y, predicted, score = collector.arrays()
    section, scalars, deviations = quality_metrics.compute(problem, y, predicted, score)
    body = {"version": 0.0, "dataset": {"item_count": len(y)}, quality_metrics.SECTION[problem]: section}
    return body, scalars, deviations


def _check_attributes(settings):
    if settings.problem_type == "BinaryClassification":
        if not (settings.inference_attribute or settings.probability_attribute):
            return "BinaryClassification needs inference_attribute or probability_attribute"
    elif not settings.inference_attribute and settings.dataset_format.kind != "capture":
        return f"{settings.problem_type} needs inference_attribute (the column of predictions)"
    return None


def baseline(settings):
    problem = settings.problem_type
    if settings.dataset_format.kind == "capture":
        raise ClientError("a model-quality baseline reads a CSV or JSON data set of predictions and labels, "
                          "not captured data")
    if not settings.ground_truth_attribute:
        raise ClientError("ground_truth_attribute is required: it names the column of labels")
    missing = _check_attributes(settings)
    if missing:
        raise ClientError(missing)
    collector = Collector(settings)
    checked = False
    for number, (record, header) in enumerate(dataset.raw_objects(settings.dataset_format, settings.dataset_source), 1):
        if not checked:
            _check_columns(settings, record, header)
            checked = True
        try:
            label = _get(record, "ground_truth_attribute", settings.ground_truth_attribute, header)
        except Missing as e:
            collector.skip(f"row {number}: {e}")
            continue
        collector.add(record, label, header, f"row {number}")
    if not collector.labels:
        why = f" ({collector.skipped} rows without a usable prediction and label; first: {collector.first_skip})" \
            if collector.skipped else ""
        raise ClientError(f"the data set under dataset_source {settings.dataset_source} has no rows to measure{why}")
    body, scalars, _ = _statistics(problem, collector)
    output.write_json(settings.output_path, "statistics.json", body)
    suggested = {name: {"threshold": scalars[name], "comparison_operator": op}
                 for name, op in quality_metrics.SUGGESTED[problem].items()
                 if math.isfinite(scalars.get(name, math.nan))}
    output.write_json(settings.output_path, "constraints.json",
                      {"version": 0.0, quality_metrics.CONSTRAINTS[problem]: suggested})
    print(f"model-quality baseline: {len(collector.labels)} rows ({collector.skipped} skipped)", flush=True)
    return 0


def _check_columns(settings, record, header):
    """A CSV header must hold every named attribute: say so before reading anything else."""
    if not isinstance(record, list):
        return
    for option in ("inference_attribute", "probability_attribute", "ground_truth_attribute"):
        attribute = getattr(settings, option)
        if attribute is None or (header is not None and attribute in header):
            continue
        index = attribute[2:] if re.fullmatch(r"_c\d+", attribute) else attribute
        if not index.isdigit() or int(index) >= len(record):
            columns = ", ".join(header) if header else f"{len(record)} columns, _c0 to _c{len(record) - 1}"
            raise ClientError(f"{option} {attribute!r} is not a column of the data set ({columns})")


def _ground_truth(settings):
    """{eventId: groundTruthData}, and how many records were read."""
    found, count = {}, 0
    if not settings.ground_truth_source:
        return found, count
    for path in dataset.files(settings.ground_truth_source):
        for number, text in dataset.lines(path):
            if not text.strip():
                continue
            try:
                record = dataset.parse_json(text, f"ground truth {path}: line {number}")
            except ClientError as e:
                print(f"skipped: {e}", flush=True)  # one bad line does not lose the others
                continue
            count += 1
            meta = record.get("eventMetadata") if isinstance(record, dict) else None
            event = meta.get("eventId") if isinstance(meta, dict) else None
            if isinstance(event, str) and isinstance(record.get("groundTruthData"), dict):
                found[event] = record["groundTruthData"]  # a later record corrects an earlier one
    return found, count


def _labels(truth, settings, where):
    """The labels one groundTruthData holds (CSV: one a line; JSON: ground_truth_attribute or the value)."""
    kind, data = capture.payload(truth, where)
    if kind == "csv":
        return [fields[0] if fields else None for fields in dataset.csv_rows(data.splitlines(True))]
    out = []
    for document in data:
        out.append(extract(document, settings.ground_truth_attribute) if settings.ground_truth_attribute
                   and isinstance(document, (dict, list)) else document)
    return out


def _output(record):
    data = record.get("captureData")
    return data.get("endpointOutput") if isinstance(data, dict) else None


def _predictions(entry, where):
    kind, data = capture.payload(entry, where)
    if kind == "csv":
        return list(dataset.csv_rows(data.splitlines(True)))
    return data


def monitor(settings):
    problem = settings.problem_type
    if settings.dataset_format.kind != "capture":
        raise ClientError("model-quality monitoring reads captured data: dataset_format must be sagemakerCaptureJson "
                          "(or sagemakerMergeJson)")
    truth, truth_count = _ground_truth(settings)
    counts = capture.Counts()
    collector = Collector(settings, strict=False)
    unmatched = 0
    for where, record in capture.records(settings.dataset_source, settings.start, settings.end, counts):
        meta = record.get("eventMetadata") if isinstance(record.get("eventMetadata"), dict) else {}
        key = meta.get("inferenceId") or meta.get("eventId")
        merged = record.get("groundTruthData")  # a record the merge job already joined
        label_data = merged if isinstance(merged, dict) else truth.get(key)
        if label_data is None:
            unmatched += 1
            continue
        try:
            predictions = _predictions(_output(record), f"{where} endpointOutput")
            labels = _labels(label_data, settings, f"ground truth for {key}")
        except (ValueError, Missing) as e:
            counts.bad(where, str(e))
            continue
        if len(predictions) != len(labels):
            counts.bad(where, f"{len(predictions)} predictions but {len(labels)} labels")
            continue
        for prediction, label in zip(predictions, labels):
            collector.add(prediction, label, None, where)
    print(f"captured data: {counts.summary()}; {truth_count} ground-truth records; {unmatched} captures without "
          f"ground truth; {len(collector.labels)} joined", flush=True)
    if not collector.labels:
        window = f"between {settings.start_text or 'the beginning'} and {settings.end_text or 'the end'}"
        why = f"; {collector.skipped} joined records had no usable prediction (first: {collector.first_skip})" \
            if collector.skipped else ""
        raise ClientError(
            f"no captured inference {window} has ground truth: {counts.in_window} captures in the window "
            f"({counts.summary()}), {truth_count} ground-truth records under "
            f"{settings.ground_truth_source or '(ground_truth_source not set)'}; ground truth eventMetadata.eventId "
            f"must equal the capture's eventMetadata.inferenceId (or its eventId when it has none){why}")
    body, scalars, deviations = _statistics(problem, collector)
    output.write_json(settings.output_path, "statistics.json", body)
    found = []
    if settings.baseline_constraints:
        body = read_json(settings.baseline_constraints, "baseline_constraints")
        found = violations(problem, body, scalars, deviations)
    output.write_json(settings.output_path, "constraint_violations.json", {"violations": found})
    if settings.publish_metrics:
        metrics.model_quality(settings, scalars)
    print(f"model-quality monitoring: {len(collector.labels)} rows, {len(found)} violations", flush=True)
    return len(found)


COMPARE = {
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}


def violations(problem, body, scalars, deviations):
    key = quality_metrics.CONSTRAINTS[problem]
    if not isinstance(body, dict):
        raise ClientError("baseline_constraints: not a constraints file")
    if key not in body:
        others = [k for k in quality_metrics.CONSTRAINTS.values() if k in body]
        if others:
            raise ClientError(f"baseline_constraints holds {others[0]}, but problem_type is {problem}")
        return []
    found = []
    for name, rule in (body[key] or {}).items():
        if not isinstance(rule, dict) or rule.get("comparison_operator") not in COMPARE:
            raise ClientError(f"baseline_constraints {key}.{name}: comparison_operator must be one of "
                              f"{', '.join(COMPARE)}")
        try:
            threshold = float(rule.get("threshold"))
        except (TypeError, ValueError):
            raise ClientError(f"baseline_constraints {key}.{name}: threshold must be a number") from None
        value = scalars.get(name)
        if value is None:
            print(f"baseline_constraints {key}.{name}: not a {problem} metric; ignored", flush=True)
            continue
        operator = rule["comparison_operator"]
        if math.isfinite(value) and COMPARE[operator](value, threshold):
            deviation = deviations.get(name, math.nan)
            deviation = "NaN" if math.isnan(deviation) else deviation
            found.append({"metric_name": name, "constraint_check_type": operator,
                          "description": f"Metric {name} with {value} +/- {deviation} was {operator} '{threshold}'"})
    return found
