"""A model's responses, as SageMaker Clarify reads them: split into one record per input row, then the
predicted label and the score found in each record.

Used for what the predictor returns and for the endpointOutput of captured traffic alike. Locators
(predictor.label / predictor.probability, or the monitor's inference_attribute / probability_attribute)
are a column index for text/csv and a key or JMESPath expression for JSON (`score`,
`predictions[*].score`).
"""
import csv
import io
import json
import math

from ...failure import ClientError


class Predictions:
    """What the model said about n rows: `labels` (predicted label values, judged against
    label_values_or_threshold) or `positive` (scores over probability_threshold), and `scores` (n rows of
    one or more numbers, what SHAP explains) where the output has numbers."""

    def __init__(self, labels=None, positive=None, scores=None):
        self.labels = labels
        self.positive = positive
        self.scores = scores


def media_type(content_type):
    return (content_type or "").split(";")[0].strip().lower()


def parse_csv_line(line):
    return next(csv.reader([line], skipinitialspace=True), [])


def split_records(body, accept, n_expected, label=None, probability=None):
    """The records of one response: a list of values per CSV line, or per JSON value. For
    application/json a locator with a projection (`predictions[*].score`) is applied to the whole document,
    so such a locator is resolved here already and the record is returned as {locator: value}."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    kind = media_type(accept)
    if kind == "text/csv":
        records = [parse_csv_line(line) for line in body.splitlines() if line.strip()]
    elif kind == "application/jsonlines":
        try:
            records = [json.loads(line) for line in body.splitlines() if line.strip()]
        except ValueError as e:
            raise ClientError(f"the model's application/jsonlines response is not JSON lines: {e}") from None
    elif kind == "application/json":
        try:
            doc = json.loads(body)
        except ValueError as e:
            raise ClientError(f"the model's application/json response is not JSON: {e}") from None
        records = _json_records(doc, n_expected, label, probability)
    else:
        raise ClientError(f"cannot read model output of type {accept!r}")
    if n_expected is not None and len(records) != n_expected:
        raise ClientError(f"the model returned {len(records)} records for {n_expected} rows ({kind}); "
                          "Clarify needs one output record per input row")
    return records


def _json_records(doc, n, label, probability):
    # A locator evaluated over the whole document that yields one value per row: records of those values.
    located = {}
    for loc in (label, probability):
        if isinstance(loc, str) and not isinstance(doc, list):
            value = search(loc, doc)
            if isinstance(value, list) and (n is None or len(value) == n) and "[" in loc:
                located[loc] = value
    if located:
        count = len(next(iter(located.values())))
        return [{loc: values[i] for loc, values in located.items()} for i in range(count)]
    if isinstance(doc, list):
        return doc
    # SageMaker's built-in algorithms answer {"predictions": [{...}, ...]}.
    if isinstance(doc, dict) and isinstance(doc.get("predictions"), list):
        return doc["predictions"]
    return [doc]


def search(expression, value):
    import jmespath  # botocore's dependency, so present wherever boto3 is

    try:
        return jmespath.search(expression, value)
    except jmespath.exceptions.JMESPathError as e:
        raise ClientError(f"invalid JMESPath expression {expression!r}: {e}") from None


def locate(record, locator, what):
    """The value `locator` names in one record; None when the record lacks it."""
    if isinstance(record, list):
        index = _index(locator, what)
        if index >= len(record):
            raise ClientError(f"{what} {locator} is out of range: the model output has {len(record)} columns")
        return record[index]
    if isinstance(record, dict) and locator in record:
        return record[locator]
    if isinstance(locator, int):
        raise ClientError(f"{what} {locator} is an index, but the model output records are JSON objects; "
                          "give a key or JMESPath expression")
    return search(locator, record)


def _index(locator, what):
    if isinstance(locator, int):
        return locator
    if isinstance(locator, str) and locator.strip().isdigit():
        return int(locator)
    raise ClientError(f"{what} {locator!r} must be a column index for text/csv model output")


def number(value, what):
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise ClientError(f"{what}: {json.dumps(value)[:60]} is not a number")


def scalar(value):
    """A CSV field as a number when it is one, so predicted labels compare like the label column."""
    if isinstance(value, str):
        try:
            f = float(value)
        except ValueError:
            return value.strip()
        return int(f) if f.is_integer() and "." not in value and "e" not in value.lower() else f
    return value


def interpret(records, label=None, probability=None, threshold=0.5, label_headers=None, what="predictor"):
    """Predictions from records. With `label`: the predicted labels. With `probability` (or a bare
    numeric output): scores, and a score over `threshold` is the positive label. A vector of scores
    without a label locator predicts its argmax (named by label_headers when given)."""
    labels = None
    if label is not None:
        labels = [scalar(locate(r, label, f"{what}.label")) for r in records]
    scores = []
    for r in records:
        if probability is not None:
            value = locate(r, probability, f"{what}.probability")
        elif label is not None:
            value = locate(r, label, f"{what}.label")
        else:
            value = r
        scores.append(_vector(value, what, probability is None and label is None))
    if any(s is None for s in scores):
        scores = None
    elif scores and len({len(s) for s in scores}) != 1:
        raise ClientError(f"{what}: the model output has a different number of values per record")
    positive = None
    if labels is None and scores is None and probability is None and all(_single(r) for r in records):
        # One non-numeric value per record ("yes"): that is the predicted label.
        labels = [scalar(r[0] if isinstance(r, list) else r) for r in records]
    if labels is None:
        if scores is None:
            raise ClientError(f"{what}: the model output is not numeric; set the label (and probability) "
                              "locator so Clarify can find the predicted label")
        if scores and len(scores[0]) == 1:
            positive = [s[0] > threshold for s in scores]
        else:
            names = label_headers or None
            if names is not None and scores and len(names) != len(scores[0]):
                raise ClientError(f"{what}.label_headers has {len(names)} names but the model returns "
                                  f"{len(scores[0])} scores")
            labels = [(names[i] if names else i) for i in (max(range(len(s)), key=s.__getitem__) for s in scores)]
    return Predictions(labels=labels, positive=positive, scores=scores)


def _single(record):
    return (isinstance(record, list) and len(record) == 1) or isinstance(record, (str, int, float))


def _vector(value, what, bare):
    """A record's numbers as a list, or None when they are not numbers (string labels)."""
    if isinstance(value, dict):
        if bare:
            raise ClientError(f"{what}: the model output records are JSON objects; set probability (and/or label) "
                              "to the key or JMESPath expression of the score")
        return None
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, (list, dict)):
            return None
        try:
            f = number(v, what)
        except ClientError:
            return None
        if math.isnan(f):
            return None
        out.append(f)
    return out or None


def csv_line(values):
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([format_value(v) for v in values])
    return out.getvalue()


def format_value(v):
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if hasattr(v, "item"):  # numpy scalars
        return format_value(v.item())
    return str(v)
