"""The user's record preprocessor and post-analytics scripts (record_preprocessor_script,
post_analytics_processor_script), run as SageMaker's analyzer runs them.

The record preprocessor defines preprocess_handler(inference_record) (or, as newer DG examples
do, preprocess_handler(inference_record, logger)). inference_record is the DG's CapturedData:
.endpoint_input and .endpoint_output (each with .data, .encoding, .observedContentType, .mode;
.data is the captured text, still base64 for BASE64), .event_metadata (.event_id, .event_time,
.inference_id, .custom_attribute), .event_version, .as_dict() (the raw record), and, as the SDK's
own test script reads it, .event_data.endpointInput / .endpointOutput. It returns:
  - a dict {feature: value}: one row, its (flattened) keys sorted by name as Spark orders a JSON
    object's fields (hence the DG's str(i).zfill(20) keys);
  - a list of dicts or of lists: several rows; a list of values: one positional row;
  - a string: one CSV row;
  - None or an empty list: the record is skipped (the DG's custom sampling).
It applies to capture records (sagemakerCaptureJson), not to CSV or JSON data sets.

The post-analytics script defines postprocess_handler(), called with no arguments once the
results are written."""
import importlib.util
import inspect
import logging
import os
import sys

from ...failure import ClientError
from . import dataset


class EventData:
    def __init__(self, d):
        d = d if isinstance(d, dict) else {}
        self.encoding = d.get("encoding")
        self.data = d.get("data")
        self.observedContentType = d.get("observedContentType")
        self.observed_content_type = self.observedContentType
        self.mode = d.get("mode")

    def as_dict(self):
        return {"encoding": self.encoding, "data": self.data, "observedContentType": self.observedContentType}


class EventMetadata:
    def __init__(self, d):
        d = d if isinstance(d, dict) else {}
        self.event_id = d.get("eventId")
        self.event_time = d.get("inferenceTime")
        self.inference_id = d.get("inferenceId")
        self.custom_attribute = d.get("customAttributes")


class _Indexes:
    def __init__(self, record):
        self.endpointInput = record.endpoint_input
        self.endpointOutput = record.endpoint_output


class InferenceRecord:
    def __init__(self, event_dict):
        self.event_dict = event_dict
        data = event_dict.get("captureData") if isinstance(event_dict.get("captureData"), dict) else {}
        meta = event_dict.get("eventMetadata")
        self.event_metadata = EventMetadata(meta) if meta is not None else None
        self.endpoint_input = EventData(data["endpointInput"]) if "endpointInput" in data else None
        self.endpoint_output = EventData(data["endpointOutput"]) if "endpointOutput" in data else None
        self.event_version = event_dict.get("eventVersion")
        self.event_data = _Indexes(self)

    def as_dict(self):
        return self.event_dict


def _load(path, option):
    if not os.path.isfile(path):
        raise ClientError(f"{option} {path} does not exist")
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)  # the script may import its neighbours
    try:
        spec = importlib.util.spec_from_file_location(f"tessera_{option}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception as e:  # noqa: BLE001 - the user's script: say what it raised
        raise ClientError(f"{option} {os.path.basename(path)} failed to load: {type(e).__name__}: {e}") from e
    return module


class Preprocessor:
    def __init__(self, path):
        module = _load(path, "record_preprocessor_script")
        self.handler = getattr(module, "preprocess_handler", None)
        if not callable(self.handler):
            raise ClientError(f"record_preprocessor_script {os.path.basename(path)} defines no preprocess_handler")
        params = [p for p in inspect.signature(self.handler).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
        self.with_logger = len(params) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)
        self.logger = logging.getLogger("record_preprocessor")
        self.name = os.path.basename(path)

    def rows(self, record):
        """[(values, names)] from one capture record."""
        inference_record = InferenceRecord(record)
        try:
            result = self.handler(inference_record, self.logger) if self.with_logger else self.handler(inference_record)
        except Exception as e:  # noqa: BLE001 - the user's script: say what it raised, and where
            event = (record.get("eventMetadata") or {}).get("eventId") if isinstance(record, dict) else None
            raise ClientError(f"record_preprocessor_script {self.name} raised {type(e).__name__}: {e} "
                              f"(capture record eventId {event})") from e
        return self._rows(result)

    def _rows(self, result):
        if result is None:
            return []
        if isinstance(result, dict):
            return [_named(result)]
        if isinstance(result, str):
            return [(fields, None) for fields in dataset.csv_rows(result.splitlines(True))]
        if isinstance(result, (list, tuple)):
            if not result:
                return []
            if all(isinstance(r, dict) for r in result):
                return [_named(r) for r in result]
            if all(isinstance(r, (list, tuple)) for r in result):
                return [(list(r), None) for r in result]
            return [(list(result), None)]
        raise ClientError(f"record_preprocessor_script {self.name}: preprocess_handler returned a "
                          f"{type(result).__name__}; return a dict of features, a list, or None to skip the record")


def _named(obj):
    flat = dataset.flatten(obj)
    names = sorted(str(k) for k in flat)
    by_name = {str(k): v for k, v in flat.items()}
    return [by_name[n] for n in names], names


def run_postprocessor(path):
    module = _load(path, "post_analytics_processor_script")
    handler = getattr(module, "postprocess_handler", None)
    if not callable(handler):
        raise ClientError(f"post_analytics_processor_script {os.path.basename(path)} defines no postprocess_handler")
    try:
        handler()
    except Exception as e:  # noqa: BLE001 - the user's script: say what it raised
        name = os.path.basename(path)
        raise ClientError(f"post_analytics_processor_script {name} raised {type(e).__name__}: {e}") from e
