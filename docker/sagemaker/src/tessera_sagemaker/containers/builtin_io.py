"""Request and response formats shared by the built-in algorithms other than XGBoost (k-means,
linear learner), as SageMaker documents their inference formats:
  in:  text/csv rows; application/json {"instances": [{"features": [...]}, ...]} (also
       {"instances": [{"data": {"features": {"values": [...]}}}]}, or a bare list of rows);
       application/jsonlines, one {"features": [...]} or [...] per line
  out: application/json {"predictions": [{...}, ...]}, application/jsonlines, text/csv
"""
import json

from .. import codecs
from ..http_errors import HttpError, UnsupportedMediaType

INPUT_TYPES = [codecs.CSV, codecs.JSON, codecs.JSONLINES]
OUTPUT_TYPES = [codecs.JSON, codecs.JSONLINES, codecs.CSV]


def _row(instance):
    if isinstance(instance, dict):
        if "features" in instance:
            return instance["features"]
        values = instance.get("data", {}).get("features", {}).get("values")
        if values is not None:
            return values
        raise HttpError(400, 'an instance needs "features" (or data.features.values)')
    return instance


def records(body, content_type, feature_dim):
    """The request's records as an (n, feature_dim) float array."""
    import numpy as np

    kind = codecs.media_type(content_type) or codecs.CSV
    try:
        if kind == codecs.CSV:
            rows = codecs.csv_to_array(body)
        elif kind == codecs.JSON:
            doc = json.loads(body)
            instances = doc.get("instances", [doc]) if isinstance(doc, dict) else doc
            rows = np.array([_row(i) for i in instances], dtype=float)
        elif kind == codecs.JSONLINES:
            lines = [ln for ln in body.decode("utf-8").splitlines() if ln.strip()]
            rows = np.array([_row(json.loads(ln)) for ln in lines], dtype=float)
        else:
            raise UnsupportedMediaType(f"Content type {content_type} is not supported; supported: {', '.join(INPUT_TYPES)}")
    except (ValueError, TypeError, AttributeError) as e:
        raise HttpError(400, f"{kind} payload does not parse as records: {e}") from e
    if rows.ndim == 1:
        rows = rows.reshape(1, -1)
    if rows.ndim != 2 or rows.shape[1] != feature_dim:
        raise HttpError(400, f"each record needs {feature_dim} features; got shape {list(rows.shape)}")
    return rows


def respond(predictions, accept, csv_fields=None):
    """predictions: one dict per record; csv_fields: the keys a CSV line holds, in order (None:
    the algorithm has no CSV response)."""
    kind = codecs.negotiate(accept, OUTPUT_TYPES if csv_fields else OUTPUT_TYPES[:2], codecs.JSON)
    if kind == codecs.JSON:
        return json.dumps({"predictions": predictions}).encode(), kind
    if kind == codecs.JSONLINES:
        return "".join(json.dumps(p) + "\n" for p in predictions).encode(), kind
    return "".join(",".join(repr(p[f]) for f in csv_fields) + "\n" for p in predictions).encode(), kind
