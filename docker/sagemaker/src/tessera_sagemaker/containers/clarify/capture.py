"""SageMaker data-capture records (application/sagemakercapturejson) and the ground truth joined to them.

A capture line: {"captureData": {"endpointInput": {"observedContentType", "mode", "data", "encoding"},
"endpointOutput": {...}}, "eventMetadata": {"eventId", "inferenceId"?, "inferenceTime"}, "eventVersion": "0"}.
One request may carry several rows (CSV lines, a JSON list); its output then has as many records.
Ground truth (Model Monitor's GroundTruthS3Input): {"groundTruthData": {"data": "1", "encoding": "CSV"},
"eventMetadata": {"eventId": "<the capture's inferenceId, else its eventId>"}, "eventVersion": "0"}.
"""
import base64
import datetime
import json
import os
import sys

from ...failure import ClientError
from . import outputs
from .files import open_text


class Window:
    """What a monitoring execution adds to a capture dataset (all optional outside monitoring)."""

    def __init__(self, start=None, end=None, ground_truth_files=None, features_attribute=None,
                 inference_attribute=None, probability_attribute=None, probability_threshold=None):
        self.start = start
        self.end = end
        self.ground_truth_files = ground_truth_files
        self.features_attribute = features_attribute
        self.inference_attribute = inference_attribute
        self.probability_attribute = probability_attribute
        self.probability_threshold = probability_threshold


def parse_time(text, what):
    if text is None or text == "":
        return None
    try:
        t = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ClientError(f"{what} {text!r} is not an ISO-8601 time") from None
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


def _lines(files, what):
    for path in files:
        with open_text(path) as f:
            for i, line in enumerate(f):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as e:
                    raise ClientError(f"{what} {os.path.basename(path)} line {i + 1} is not JSON: {e}") from None
                if isinstance(record, dict):
                    yield record


def read(files, start=None, end=None):
    """Capture records whose eventMetadata.inferenceTime is in [start, end) (a record without a time is kept:
    the hour directory it came from already placed it)."""
    kept = []
    for record in _lines(files, "captured data"):
        if "captureData" not in record:
            continue
        when = (record.get("eventMetadata") or {}).get("inferenceTime")
        if when and (start or end):
            try:
                t = parse_time(when, "inferenceTime")
            except ClientError:
                t = None
            if t is not None and ((start and t < start) or (end and t >= end)):
                continue
        kept.append(record)
    return kept


def ground_truth(files):
    """eventId -> the ground-truth label(s) of that event, one per row of the request."""
    truth = {}
    for record in _lines(files, "ground truth"):
        data = record.get("groundTruthData") or {}
        event = (record.get("eventMetadata") or {}).get("eventId")
        if event is None or "data" not in data:
            continue
        text, kind = _decode(data)
        if kind == "csv":
            values = [outputs.parse_csv_line(line)[0] for line in text.splitlines() if line.strip()]
        else:
            try:
                doc = json.loads(text)
            except ValueError:
                continue
            values = doc if isinstance(doc, list) else [doc]
        truth[str(event)] = values
    return truth


def _decode(payload):
    data = payload.get("data", "")
    encoding = (payload.get("encoding") or "").upper()
    if encoding == "BASE64":
        try:
            data = base64.b64decode(data).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            raise ClientError("captured data: a BASE64 payload does not decode to UTF-8 text") from None
        encoding = ""
    media = outputs.media_type(payload.get("observedContentType"))
    if encoding == "CSV" or media == "text/csv":
        return data, "csv"
    if media == "application/jsonlines" or media == "application/x-jsonlines":
        return data, "jsonlines"
    if encoding == "JSON" or media.endswith("json"):
        return data, "json"
    return data, "csv"


def _input_rows(payload, features_attribute):
    text, kind = _decode(payload)
    if kind == "csv":
        return [outputs.parse_csv_line(line) for line in text.splitlines() if line.strip()], "text/csv"
    docs = [text] if kind == "json" else [line for line in text.splitlines() if line.strip()]
    rows = []
    for doc in docs:
        try:
            value = json.loads(doc)
        except ValueError:
            raise ClientError("captured endpointInput is not valid JSON") from None
        if features_attribute:
            value = outputs.search(features_attribute, value)
        elif isinstance(value, dict):
            raise ClientError("captured endpointInput is a JSON object: set the monitor's features_attribute "
                              "(FeaturesAttribute, a JMESPath expression) to find the features")
        if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            rows.extend(value)
        elif isinstance(value, list):
            rows.append(value)
        else:
            raise ClientError(f"features_attribute {features_attribute!r} does not give a list of features "
                              "in the captured endpointInput")
    return rows, ("application/json" if kind == "json" else "application/jsonlines")


def rows(records, features_attribute=None, truth=None, label=None, probability=None):
    """(rows, output records or None, labels or None, the input's content type). With `truth`, records
    without ground truth are left out."""
    all_rows, outs, labels = [], [], []
    kinds = set()
    have_outputs = True
    skipped = 0
    for record in records:
        data = record.get("captureData") or {}
        if "endpointInput" not in data:
            skipped += 1
            continue
        row_list, kind = _input_rows(data["endpointInput"], features_attribute)
        if not row_list:
            continue
        record_labels = None
        if truth is not None:
            meta = record.get("eventMetadata") or {}
            key = meta.get("inferenceId") or meta.get("eventId")
            record_labels = truth.get(str(key)) if key is not None else None
            if record_labels is None or len(record_labels) != len(row_list):
                skipped += 1
                continue
        out_records = None
        if "endpointOutput" in data and have_outputs:
            text, out_kind = _decode(data["endpointOutput"])
            accept = {"csv": "text/csv", "json": "application/json", "jsonlines": "application/jsonlines"}[out_kind]
            try:
                out_records = outputs.split_records(text, accept, len(row_list), label, probability)
            except ClientError:
                skipped += 1
                continue
        else:
            have_outputs = False
        kinds.add(kind)
        all_rows.extend(row_list)
        if out_records is not None:
            outs.extend(out_records)
        if record_labels is not None:
            labels.extend(record_labels)
    if skipped:
        print(f"clarify: left out {skipped} captured record(s) (no ground truth, no input, or an output that "
              "does not match the input rows)", file=sys.stderr, flush=True)
    if len(kinds) > 1:
        raise ClientError(f"captured requests mix content types ({', '.join(sorted(kinds))})")
    return (all_rows, outs if have_outputs and outs else None, labels if truth is not None else None,
            next(iter(kinds), "text/csv"))
