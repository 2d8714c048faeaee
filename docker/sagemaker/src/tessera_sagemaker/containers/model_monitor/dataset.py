"""Reading the data set: the files under dataset_source and the rows in them.

Files are read as hostile: the walk does not follow symbolic links (nor reads a linked file), hidden
and Spark-style `_`-prefixed files are skipped, and a line longer than MAX_LINE is refused rather
than read into memory. A row is (values, names): names is None for positional data (CSV, JSON
arrays), whose columns are named by position or by a header."""
import csv
import gzip
import json
import os
from dataclasses import dataclass, field
from typing import List, Optional

from ...failure import ClientError

MAX_LINE = 10 * 1024 * 1024
# A whole-document JSON file ({"json": {"lines": false}}) is read at once, so it is held smaller.
MAX_DOCUMENT = 100 * 1024 * 1024
MAX_COLUMNS = 10_000
MAX_DEPTH = 32

csv.field_size_limit(MAX_LINE)


@dataclass
class DatasetFormat:
    kind: str  # "csv", "json" or "capture"
    header: bool = False
    lines: bool = True
    capture_indexes: List[str] = field(default_factory=lambda: ["endpointInput", "endpointOutput"])
    output_first: bool = True  # output_columns_position START: the model's output, then its input


def _flag(value, name):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ClientError(f"dataset_format: {name} must be true or false, not {value!r}")


def parse_format(raw):
    """dataset_format as the SDK's DatasetFormat writes it: {"csv": {"header": true,
    "output_columns_position": "START"}}, {"json": {"lines": true}} (batch transform writes "line"),
    {"sagemakerCaptureJson": {"captureIndexNames": [...]}} or, for merged model-quality data,
    {"sagemakerMergeJson": {...}}."""
    try:
        spec = json.loads(raw)
    except ValueError as e:
        raise ClientError(f"dataset_format is not valid JSON ({e}): {raw[:200]!r}") from None
    if not isinstance(spec, dict) or len(spec) != 1 or not isinstance(next(iter(spec.values())), (dict, type(None))):
        raise ClientError(f'dataset_format must be one object such as {{"csv": {{"header": true}}}}, not {raw[:200]!r}')
    kind, options = next(iter(spec.items()))
    options = options or {}
    position = str(options.get("output_columns_position", "START")).upper()
    if position not in ("START", "END"):
        raise ClientError(f"dataset_format: output_columns_position must be START or END, not {position!r}")
    if kind == "csv":
        header = _flag(options.get("header", False), "csv.header")
        return DatasetFormat("csv", header=header, output_first=position == "START")
    if kind == "json":
        return DatasetFormat("json", lines=_flag(options.get("lines", options.get("line", True)), "json.lines"))
    if kind in ("sagemakerCaptureJson", "sagemakerMergeJson"):
        indexes = options.get("captureIndexNames") or ["endpointInput", "endpointOutput"]
        if not isinstance(indexes, list) or not all(i in ("endpointInput", "endpointOutput") for i in indexes):
            raise ClientError("dataset_format: captureIndexNames must list endpointInput and/or endpointOutput, "
                              f"not {indexes!r}")
        return DatasetFormat("capture", capture_indexes=indexes, output_first=position == "START")
    if kind == "parquet":
        raise ClientError("dataset_format parquet is not supported by this analyzer: use csv or json")
    raise ClientError(f"dataset_format {kind!r} is unknown: use csv, json or sagemakerCaptureJson")


def files(root):
    """The data files under root in name order, without following links out of it."""
    if os.path.islink(root) and not os.path.isdir(root):
        raise ClientError(f"{root} is a symbolic link, which the analyzer does not follow")
    if os.path.isfile(root):
        return [root]
    found = []
    for directory, subdirs, names in os.walk(root, followlinks=False):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith((".", "_")))
        for name in sorted(names):
            path = os.path.join(directory, name)
            if name.startswith((".", "_")) or os.path.islink(path) or not os.path.isfile(path):
                continue
            found.append(path)
    return found


def _open(path):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def lines(path):
    """(line number, text) for each line, each at most MAX_LINE bytes; a UTF-8 byte-order mark dropped."""
    with _open(path) as f:
        number = 0
        while True:
            line = f.readline(MAX_LINE + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE:
                raise ClientError(f"{path}: line {number} is longer than {MAX_LINE // (1024 * 1024)} MB")
            text = line.decode("utf-8", errors="replace")
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield number, text


def parse_json(text, where):
    """JSON with NaN and Infinity read as missing values (Python would accept them; JSON has none)."""
    try:
        return json.loads(text, parse_constant=lambda _: None)
    except ValueError as e:
        raise ClientError(f"{where}: not valid JSON ({e})") from None
    except RecursionError:
        raise ClientError(f"{where}: JSON nested too deeply to read") from None


def csv_rows(text_lines):
    """CSV records from lines (a quoted field may span lines); blank lines are no records."""
    for fields in csv.reader(text_lines):
        if fields and not (len(fields) == 1 and fields[0] == ""):
            yield fields


def _scalar(value):
    """A value as a column holds it: nested objects and arrays become their JSON text."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return value


def flatten(obj, prefix="", depth=0):
    """A JSON object as {feature: value}: nested objects become dotted names (a.b), arrays stay one
    value (their JSON text), and so does what is nested deeper than MAX_DEPTH."""
    out = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and depth < MAX_DEPTH:
            out.update(flatten(value, name + ".", depth + 1))
        else:
            out[name] = _scalar(value)
    return out


def _record(item):
    """One row from one JSON instance: an array is positional, {"features": [...]} (the built-in
    algorithms' instance) too, any other object is named."""
    if isinstance(item, list):
        return [_scalar(v) for v in item], None
    if isinstance(item, dict):
        if set(item) == {"features"} and isinstance(item["features"], list):
            return [_scalar(v) for v in item["features"]], None
        named = flatten(item)
        keys = sorted(named)  # Spark's JSON reader orders an object's fields by name
        return [named[k] for k in keys], keys
    return [item], None


def json_records(obj):
    """The rows a JSON document holds: {"instances": [...]} or {"predictions": [...]} (SageMaker's
    request and response shapes) and arrays of rows are several rows; an object or scalar is one."""
    if isinstance(obj, dict):
        for key in ("instances", "predictions"):
            if set(obj) == {key} and isinstance(obj[key], list):
                return [_record(item) for item in obj[key]]
        return [_record(obj)]
    if isinstance(obj, list):
        if obj and all(isinstance(item, (list, dict)) for item in obj):
            return [_record(item) for item in obj]
        return [_record(obj)] if obj else []
    return [_record(obj)]


def _csv_file_rows(path, header):
    names = None
    for fields in csv_rows(text for _, text in lines(path)):
        if header and names is None:
            names = []
            for i, n in enumerate(fields):
                n = n.strip() or f"_c{i}"
                names.append(n if n not in names else f"{n}_{i}")  # a repeated name would lose a column
            continue
        if names is not None and len(fields) > len(names):
            fields = fields[:len(names)]  # as Spark's permissive CSV reader: extra fields are dropped
        yield fields, names


def _json_file_rows(path, lines_format):
    if lines_format:
        for number, text in lines(path):
            if text.strip():
                yield from json_records(parse_json(text, f"{path}: line {number}"))
        return
    yield from json_records(_document(path))


def _document(path):
    with _open(path) as f:
        data = f.read(MAX_DOCUMENT + 1)
    if len(data) > MAX_DOCUMENT:
        raise ClientError(f"{path}: a JSON document over {MAX_DOCUMENT // (1024 * 1024)} MB; use JSON lines")
    return parse_json(data.decode("utf-8", errors="replace"), path)


def table_rows(fmt: DatasetFormat, root):
    """(values, names) for each row of a CSV or JSON data set under root."""
    for path in files(root):
        if fmt.kind == "csv":
            yield from _csv_file_rows(path, fmt.header)
        else:
            yield from _json_file_rows(path, fmt.lines)


def raw_objects(fmt: DatasetFormat, root):
    """Model quality reads columns by name or path: (row, header) with row a CSV record (list) and
    header its names (None without one), or a JSON object as parsed."""
    for path in files(root):
        if fmt.kind == "csv":
            for fields, names in _csv_file_rows(path, fmt.header):
                yield fields, names
        elif fmt.lines:
            for number, text in lines(path):
                if text.strip():
                    yield parse_json(text, f"{path}: line {number}"), None
        else:
            document = _document(path)
            for item in document if isinstance(document, list) else [document]:
                yield item, None


def check_width(width: int, where: Optional[str] = None):
    if width > MAX_COLUMNS:
        raise ClientError(f"{where or 'the data set'} has more than {MAX_COLUMNS} columns; the analyzer stops there")
