"""Request bodies to numpy arrays and predictions to response bodies, for the default handlers.
Errors are HttpErrors, so a bad payload answers 4xx with a message instead of a bare 500."""
import io
import json

from .http_errors import HttpError, UnsupportedMediaType

CSV, JSON, NPY, LIBSVM = "text/csv", "application/json", "application/x-npy", "text/libsvm"
JSONLINES = "application/jsonlines"
ANY = "*/*"


def media_type(header):
    """"text/csv; charset=utf-8" -> "text/csv"."""
    return (header or "").split(";", 1)[0].strip().lower()


def negotiate(accept, supported, default):
    """The first type in an Accept header that is supported; the default for none or */*. An
    Accept naming only unsupported types is answered 415, as SageMaker's containers do."""
    entries = [media_type(a) for a in (accept or "").split(",") if a.strip()]
    if not entries:
        return default
    for e in entries:
        if e == ANY:
            return default
        if e in supported:
            return e
    raise UnsupportedMediaType(f"Accept {accept} is not supported; supported: {', '.join(supported)}")


def _text(body):
    return body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body


def csv_to_array(body):
    """Always 2-D (one line is one record, which a 1-D array would not say). An empty field is
    NaN, which XGBoost reads as a missing value: numpy's parser refuses those, so pandas' reads
    what numpy's (twenty times faster on small requests) cannot."""
    import numpy as np

    text = _text(body)
    if not text.strip():
        raise HttpError(400, "empty text/csv payload")
    try:
        return np.loadtxt(io.StringIO(text), delimiter=",", dtype=np.float64, ndmin=2)
    except ValueError:
        pass
    import pandas as pd

    try:
        return pd.read_csv(io.StringIO(text), header=None, dtype=np.float64).to_numpy()
    except ValueError as e:
        raise HttpError(400, f"text/csv payload is not numeric CSV: {e}") from e


def json_to_array(body):
    import numpy as np

    try:
        return np.array(json.loads(_text(body)))
    except ValueError as e:
        raise HttpError(400, f"application/json payload does not parse: {e}") from e


def npy_to_array(body):
    import numpy as np

    try:
        return np.load(io.BytesIO(body if isinstance(body, bytes) else body.encode()), allow_pickle=False)
    except ValueError as e:
        raise HttpError(400, f"application/x-npy payload does not load: {e}") from e


DECODERS = {CSV: csv_to_array, JSON: json_to_array, NPY: npy_to_array}


def decode(body, content_type):
    kind = media_type(content_type)
    if kind not in DECODERS:
        raise UnsupportedMediaType(f"Content type {content_type} is not supported by this container; supported: {', '.join(DECODERS)}")
    return DECODERS[kind](body)


def _jsonable(o):
    if hasattr(o, "tolist"):  # numpy arrays and scalars
        return o.tolist()
    raise TypeError(f"{type(o).__name__} is not JSON serializable")


def to_json(value):
    return json.dumps(value, default=_jsonable).encode()


def to_csv(value):
    """One line per record: a 1-D prediction gives one value per line, 2-D one row per line."""
    import numpy as np

    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    out = io.StringIO()
    np.savetxt(out, arr, delimiter=",", fmt="%s")
    return out.getvalue().encode()


def to_npy(value):
    import numpy as np

    out = io.BytesIO()
    np.save(out, np.asarray(value), allow_pickle=False)
    return out.getvalue()


ENCODERS = {JSON: to_json, CSV: to_csv, NPY: to_npy}


def encode(prediction, accept):
    kind = negotiate(accept, list(ENCODERS), JSON)
    return ENCODERS[kind](prediction), kind
