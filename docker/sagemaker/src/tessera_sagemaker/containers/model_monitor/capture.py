"""SageMaker's captured data: <dataset_source>/<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl, one
record per line:

  {"captureData": {"endpointInput": {"observedContentType": "text/csv", "mode": "INPUT",
                                     "data": "1.5,2,3", "encoding": "CSV"},
                   "endpointOutput": {...}},
   "eventMetadata": {"eventId": "...", "inferenceId": "...", "inferenceTime": "2026-12-07T10:00:01Z"},
   "eventVersion": "0"}

A record counts when its eventMetadata.inferenceTime lies in [start_time, end_time) (every record
when neither is set). Its payloads become rows: CSV data may hold several lines (several rows);
JSON data is an object (one row, its keys the features), {"instances": [...]}, {"predictions":
[...]} or an array of rows (several rows), or JSON lines; BASE64 data is decoded and read by its
observedContentType (CSV or JSON; anything else needs a record preprocessor). With both indexes
(as captureIndexNames names them), row i is output row i followed by input row i
(output_columns_position START; END puts the input first). A malformed record is skipped and
counted, never fatal."""
import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timezone

from ...failure import ClientError
from . import dataset


@dataclass
class Counts:
    read: int = 0
    in_window: int = 0
    outside: int = 0
    undated: int = 0
    malformed: int = 0
    first_malformed: str = ""

    def bad(self, where, why):
        self.malformed += 1
        if not self.first_malformed:
            self.first_malformed = f"{where}: {why}"

    def summary(self):
        parts = [f"{self.read} capture records read", f"{self.in_window} in the window"]
        if self.outside:
            parts.append(f"{self.outside} outside it")
        if self.undated:
            parts.append(f"{self.undated} without a readable eventMetadata.inferenceTime")
        if self.malformed:
            parts.append(f"{self.malformed} malformed (first: {self.first_malformed})")
        return ", ".join(parts)


def inference_time(record):
    meta = record.get("eventMetadata")
    text = meta.get("inferenceTime") if isinstance(meta, dict) else None
    if not isinstance(text, str):
        return None
    try:
        t = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t


def records(root, start, end, counts: Counts, where_name="dataset_source"):
    """The capture records under root whose inference time is in [start, end)."""
    for path in dataset.files(root):
        for number, text in dataset.lines(path):
            if not text.strip():
                continue
            where = f"{path}: line {number}"
            try:
                record = dataset.parse_json(text, where)
            except ClientError as e:
                counts.bad(where, str(e).split(": ", 2)[-1])
                continue
            counts.read += 1
            if not isinstance(record, dict):
                counts.bad(where, "not a JSON object")
                continue
            if start is not None or end is not None:
                t = inference_time(record)
                if t is None:
                    counts.undated += 1
                    continue
                if (start is not None and t < start) or (end is not None and t >= end):
                    counts.outside += 1
                    continue
            counts.in_window += 1
            yield where, record


def _payload_kind(encoding, content_type):
    if encoding == "CSV":
        return "csv"
    if encoding == "JSON":
        return "json"
    if "csv" in content_type:
        return "csv"
    if "json" in content_type:
        return "json"
    return None


def payload(entry, where):
    """(kind, data) of one captured payload: ("csv", text) or ("json", [documents]) (JSON lines
    hold several documents). Raises
    ValueError for a malformed payload, ClientError for one no row can be read from."""
    if not isinstance(entry, dict) or entry.get("data") is None:
        raise ValueError("no data")
    data = entry["data"]
    encoding = str(entry.get("encoding") or "").upper()
    content_type = str(entry.get("observedContentType") or "").lower()
    if encoding == "BASE64":
        if not isinstance(data, str):
            raise ValueError("BASE64 data that is not a string")
        try:
            data = base64.b64decode(data, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as e:
            raise ValueError(f"BASE64 data that does not decode to UTF-8 text ({e})") from None
    kind = _payload_kind(encoding if encoding != "BASE64" else "", content_type)
    if kind is None and encoding == "BASE64":
        raise ClientError(f"{where}: the analyzer reads CSV and JSON; this capture holds {content_type or 'untyped'} "
                          "data in BASE64. Turn it into features with a record_preprocessor_script")
    if not isinstance(data, str):
        return "json", [data]  # a payload stored as JSON itself
    if kind == "json":
        try:
            return "json", [dataset.parse_json(data, where)]
        except ClientError as e:
            if "\n" not in data.strip():
                raise ValueError(str(e).split(": ", 1)[-1]) from None
        try:  # JSON lines: several documents, one a line
            docs = [dataset.parse_json(line, where) for line in data.splitlines() if line.strip()]
        except ClientError as e:
            raise ValueError(str(e).split(": ", 1)[-1]) from None
        return "json", docs
    return "csv", data


def payload_rows(entry, where):
    kind, data = payload(entry, where)
    if kind == "csv":
        return [(fields, None) for fields in dataset.csv_rows(data.splitlines(True))]
    return [row for document in data for row in dataset.json_records(document)]


def _join(first, second, second_index):
    (v1, n1), (v2, n2) = first, second
    if n1 is None or n2 is None:
        return v1 + v2, None
    names = list(n1)
    taken = set(names)
    for n in n2:
        names.append(n if n not in taken else f"{second_index}.{n}")
        taken.add(names[-1])
    return v1 + v2, names


def rows(record, where, fmt: dataset.DatasetFormat, counts: Counts):
    """The rows one capture record holds."""
    data = record.get("captureData")
    if not isinstance(data, dict):
        counts.bad(where, "no captureData")
        return []
    order = ["endpointOutput", "endpointInput"] if fmt.output_first else ["endpointInput", "endpointOutput"]
    indexes = [i for i in order if i in fmt.capture_indexes and i in data]
    if not indexes:
        counts.bad(where, f"none of {', '.join(fmt.capture_indexes)} captured")
        return []
    try:
        parts = [payload_rows(data[i], f"{where} {i}") for i in indexes]
    except ValueError as e:
        counts.bad(where, str(e))
        return []
    if len(parts) == 1:
        return parts[0]
    first, second = parts
    if len(first) != len(second):
        counts.bad(where, f"{indexes[0]} holds {len(first)} rows but {indexes[1]} {len(second)}")
        return []
    return [_join(a, b, indexes[1]) for a, b in zip(first, second)]
