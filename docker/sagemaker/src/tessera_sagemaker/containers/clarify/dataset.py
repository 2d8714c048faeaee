"""The dataset as one table: every column by name, which of them the model takes, the label and the
predicted-label columns.

text/csv: `headers` names the columns (a header row equal to them is skipped); without `headers` the first
row is the header. application/jsonlines: `features` (JMESPath) gives each record's feature list, `label`
and `predicted_label` are JMESPath expressions; `headers` names the features (plus, last, the label).
application/sagemakercapturejson: SageMaker data-capture records (capture.py), whose endpointOutput gives
the predictions.
"""
import csv
import os

import pandas as pd

from ...failure import ClientError
from . import capture, outputs
from .files import open_text

LABEL = "__label__"
PREDICTED = "__predicted_label__"


class Table:
    def __init__(self, frame, features, label=None, label_name=None, predicted=None, predictions=None,
                 indexed=None, feature_kind=None):
        self.frame = frame  # every column by name
        self.features = features  # the model's input columns, in order
        self.label = label  # column of frame holding the label, or None
        self.label_name = label_name  # what analysis.json calls the label
        self.predicted = predicted  # column of frame holding predicted labels, or None
        self.predictions = predictions  # outputs.Predictions from captured endpoint output, or None
        self.indexed = indexed or list(features)  # the columns a zero-based index counts
        self.feature_kind = feature_kind  # content type the captured input was in (capture only)

    def __len__(self):
        return len(self.frame)

    def column(self, locator, what):
        """A facet or group column: a name, or a zero-based index (into every column for CSV, into the
        features for JSON lines and captured data, as SageMaker counts them)."""
        if isinstance(locator, str) and locator in self.frame.columns:
            return self.frame[locator]
        if isinstance(locator, int):
            columns = self.indexed
            if locator < len(columns):
                return self.frame[columns[locator]]
            raise ClientError(f"{what} {locator} is out of range: the dataset has {len(columns)} columns")
        raise ClientError(f"{what} {locator!r} is not a column of the dataset (columns: "
                          f"{', '.join(map(str, self.indexed[:20]))})")

    def column_name(self, locator, what):
        if isinstance(locator, int):
            return self.indexed[locator] if locator < len(self.indexed) else str(locator)
        self.column(locator, what)
        return locator

    def feature_frame(self):
        return self.frame[self.features]


def read(config, files, monitoring=None):
    if not files:
        raise ClientError("the dataset is empty: no files in the dataset input")
    if config.dataset_type == "text/csv":
        return _read_csv(config, files)
    if config.dataset_type == "application/jsonlines":
        return _read_jsonlines(config, files)
    return _read_capture(config, files, monitoring)


def typed(values):
    """Strings as read from a file, to numbers when every value of the column is one."""
    series = pd.Series(values, dtype=object)
    blank = series.map(lambda v: v is None or (isinstance(v, str) and v.strip() == ""))
    try:
        return pd.to_numeric(series.where(~blank, None))
    except (ValueError, TypeError):
        return series.where(~blank, None)


def _read_csv(config, files):
    header = list(config.headers) if config.headers else None
    rows = []
    for path in files:
        with open_text(path, newline="") as f:
            first = True
            for i, row in enumerate(csv.reader(f, skipinitialspace=True)):
                if not row or all(not v.strip() for v in row):
                    continue
                row = [v.strip() for v in row]
                if first:
                    # Each file of a multi-file dataset may repeat the header row.
                    first = False
                    if header is None:
                        header = row
                        continue
                    if row == header:
                        continue
                if len(row) != len(header):
                    raise ClientError(f"dataset {os.path.basename(path)} line {i + 1} has {len(row)} columns, "
                                      f"the headers {len(header)}")
                rows.append(row)
    if header is None or not rows:
        raise ClientError("the dataset has no rows")
    if len(set(header)) != len(header):
        raise ClientError("the dataset's header row has duplicate column names; give headers in the config")
    frame = pd.DataFrame({name: typed([r[j] for r in rows]) for j, name in enumerate(header)})
    frame.columns = header
    label = _csv_column(config.label, header, "label")
    predicted = _csv_column(config.predicted_label, header, "predicted_label")
    excluded = {_csv_column(c, header, "excluded_columns") for c in config.excluded_columns}
    features = [c for c in header if c not in {label, predicted} | excluded]
    if not features:
        raise ClientError("the dataset has no feature columns besides the label")
    return Table(frame, features, label=label, label_name=label, predicted=predicted, indexed=header)


def _csv_column(locator, header, what):
    if locator is None:
        return None
    if isinstance(locator, int):
        if locator >= len(header):
            raise ClientError(f"{what} {locator} is out of range: the dataset has {len(header)} columns")
        return header[locator]
    if locator not in header:
        raise ClientError(f"{what} {locator!r} is not a column of the dataset (columns: {', '.join(header[:20])})")
    return locator


def _json_path(locator, what):
    if locator is None:
        return None
    if isinstance(locator, int):
        raise ClientError(f"{what} must be a JMESPath expression for dataset_type application/jsonlines")
    return locator


def _read_jsonlines(config, files):
    import json

    label_path = _json_path(config.label, "label")
    predicted_path = _json_path(config.predicted_label, "predicted_label")
    rows, labels, predicted = [], [], []
    keys = None
    for path in files:
        with open_text(path) as f:
            for i, line in enumerate(f):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as e:
                    raise ClientError(f"dataset {os.path.basename(path)} line {i + 1} is not JSON: {e}") from None
                features = outputs.search(config.features, record)
                if isinstance(features, dict):
                    keys = keys or list(features)
                    features = [features.get(k) for k in keys]
                if not isinstance(features, list):
                    raise ClientError(f"features {config.features!r} does not give a list in "
                                      f"{os.path.basename(path)} line {i + 1}")
                rows.append(features)
                if label_path:
                    labels.append(outputs.search(label_path, record))
                if predicted_path:
                    predicted.append(outputs.search(predicted_path, record))
    if not rows:
        raise ClientError("the dataset has no records")
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise ClientError("the dataset's records have different numbers of features")
    names = keys if keys and not config.headers else feature_names(config.headers, width, config.label)
    return _table(names, rows, labels if label_path else None, predicted if predicted_path else None,
                  label_name(config.headers, width, config.label), config)


def feature_names(headers, width, label):
    """Names for `width` features. headers may name just the features, or the features and the label
    (SageMaker's JSON lines rule: the label's name last; a monitor's config lists the label anywhere)."""
    if not headers:
        return [f"feature_{i}" for i in range(width)]
    if len(headers) == width:
        return list(headers)
    if len(headers) == width + 1:
        if isinstance(label, str) and label in headers:
            return [h for h in headers if h != label]
        return list(headers[:-1])
    raise ClientError(f"headers has {len(headers)} names but the records have {width} features")


def label_name(headers, width, label):
    if label is None:
        return None
    if isinstance(label, str) and headers and label in headers:
        return label
    if headers and len(headers) == width + 1:
        return headers[-1]
    return str(label)


def _table(names, rows, labels, predicted, label_title, config, predictions=None, kind=None):
    frame = pd.DataFrame({name: typed([r[j] for r in rows]) for j, name in enumerate(names)})
    frame.columns = names
    excluded = set()
    for c in config.excluded_columns:
        if isinstance(c, int):
            if c >= len(names):
                raise ClientError(f"excluded_columns {c} is out of range: the records have {len(names)} features")
            excluded.add(names[c])
        elif c in names:
            excluded.add(c)
        else:
            raise ClientError(f"excluded_columns {c!r} is not a feature ({', '.join(names[:20])})")
    features = [n for n in names if n not in excluded]
    label_col = predicted_col = None
    if labels is not None:
        frame[LABEL] = typed(labels)
        label_col = LABEL
    if predicted is not None:
        frame[PREDICTED] = typed(predicted)
        predicted_col = PREDICTED
    return Table(frame, features, label=label_col, label_name=label_title, predicted=predicted_col,
                 predictions=predictions, indexed=names, feature_kind=kind)


def _read_capture(config, files, monitoring):
    """Captured endpoint traffic. Outside monitoring the predictor's label/probability locate the
    prediction in endpointOutput; a monitor's inference_attribute etc. come from its environment."""
    m = monitoring or capture.Window()
    predictor = config.predictor
    if monitoring:
        label_loc, prob_loc = m.inference_attribute, m.probability_attribute
        threshold = m.probability_threshold if m.probability_threshold is not None else config.probability_threshold
    else:
        label_loc = predictor.label if predictor else None
        prob_loc = predictor.probability if predictor else None
        threshold = config.probability_threshold
    records = capture.read(files, m.start, m.end)
    if not records:
        raise ClientError("Job inputs had no data: no captured records in the window" if monitoring
                          else "the dataset has no captured records")
    truth = capture.ground_truth(m.ground_truth_files) if m.ground_truth_files is not None else None
    rows, outs, labels, kind = capture.rows(records, m.features_attribute or config.features, truth,
                                            label_loc, prob_loc)
    if not rows:
        raise ClientError("Job inputs had no data: no captured record has ground truth" if truth is not None
                          else "the captured records hold no input rows")
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise ClientError("the captured records have different numbers of features")
    predictions = None
    if outs is not None:
        predictions = outputs.interpret(outs, label=label_loc, probability=prob_loc, threshold=threshold,
                                        label_headers=predictor.label_headers if predictor else None,
                                        what="endpointOutput")
    names = feature_names(config.headers, width, config.label)
    return _table(names, rows, labels, None, label_name(config.headers, width, config.label) or "label",
                  config, predictions=predictions, kind=kind)
