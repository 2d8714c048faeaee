"""Kernel SHAP with the `shap` package, the model behind an endpoint, its calls batched across rows.

shap's KernelExplainer calls the model once per explained row (num_samples x baseline rows each); over
an endpoint that is one request per row. So every row is explained twice with the same random seed:
first against a stand-in that records the synthetic rows (and answers 0.5), then, after one batched
prediction of all the distinct recorded rows, against a stand-in that replays the real answers. The
sampled coalitions depend only on the seed and the rows, never on the model's answers, so the second pass
asks for exactly what the first recorded; a row it did not record is predicted on the spot.

shap is imported here only: the bias metrics run on any numpy / pandas (the host tests use Debian's),
SHAP needs shap 0.51 with numpy 2 (the tessera/sagemaker-clarify image has it in /opt/clarify).
"""
import math

import numpy as np
import pandas as pd

from ... import paths
from ...failure import ClientError
from . import aws, outputs

DEFAULT_CLUSTERS = 10


class _Recorder:
    def __init__(self, width):
        self.width = width
        self.inputs = []

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        self.inputs.append(x.copy())
        return np.full((len(x), self.width), 0.5) if self.width > 1 else np.full(len(x), 0.5)


class _Replayer:
    def __init__(self, inputs, answers, predict):
        self.inputs = inputs
        self.answers = answers
        self.predict = predict
        self.position = 0
        self.misses = 0

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        i = self.position
        self.position += 1
        if i < len(self.inputs) and self.inputs[i].shape == x.shape and np.array_equal(self.inputs[i], x,
                                                                                        equal_nan=True):
            return self.answers[i]
        self.misses += 1
        return self.predict(x)


def _squeeze(y):
    return y[:, 0] if y.shape[1] == 1 else y


def _predict_unique(predict, blocks):
    """The model's answers for a list of input blocks, each distinct row predicted once."""
    stacked = np.concatenate(blocks) if blocks else np.zeros((0, 0))
    if not len(stacked):
        return [np.zeros(0) for _ in blocks]
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    answers = predict(unique)[np.asarray(inverse).reshape(-1)]
    out, start = [], 0
    for block in blocks:
        out.append(answers[start:start + len(block)])
        start += len(block)
    return out


def numeric_features(frame):
    bad = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise ClientError(f"SHAP needs numeric features; column(s) {', '.join(map(str, bad[:5]))} are not numbers")
    return frame.to_numpy(dtype=float)


def baseline_rows(shap_cfg, names, x, dataset_type, features_path=None):
    """The baseline as a matrix (or a shap DenseData of k-means centres with weights)."""
    import shap

    b = shap_cfg.baseline
    if b is None:
        k = min(shap_cfg.num_clusters or DEFAULT_CLUSTERS, len(np.unique(x, axis=0)))
        return shap.kmeans(x, k)
    if isinstance(b, str):
        rows = _read_baseline(b, names, dataset_type, features_path)
    else:
        rows = [[r.get(n) for n in names] if isinstance(r, dict) else r for r in b]
    try:
        matrix = np.array([[outputs.number(v, "methods.shap.baseline") for v in r] for r in rows], dtype=float)
    except ClientError as e:
        raise ClientError(f"{e} (baseline values must be numbers)") from None
    if matrix.ndim != 2 or matrix.shape[1] != len(names):
        width = matrix.shape[1] if matrix.ndim == 2 else "?"
        raise ClientError(f"methods.shap.baseline rows have {width} values; the model takes {len(names)} "
                          f"features ({', '.join(names[:10])})")
    return matrix


def _read_baseline(uri, names, dataset_type, features_path=None):
    import json

    if uri.startswith("s3://"):
        try:
            text = aws.read_s3(uri).decode("utf-8-sig")
        except Exception as e:  # noqa: BLE001 - any S3 failure is the config's URI being wrong or unreadable
            raise ClientError(f"methods.shap.baseline {uri} could not be read: {e}") from None
    else:
        try:
            with open(paths.rebase(uri), encoding="utf-8-sig") as f:
                text = f.read()
        except OSError as e:
            raise ClientError(f"methods.shap.baseline {uri} could not be read: {e.strerror}") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if dataset_type == "application/jsonlines" and features_path:
        return [outputs.search(features_path, json.loads(line)) for line in lines]
    rows = [outputs.parse_csv_line(line) for line in lines]
    if rows and [v.strip() for v in rows[0]] == list(names):
        rows = rows[1:]
    return rows


def explain(shap_cfg, names, x, scores_fn, label_names=None, dataset_type="text/csv", features_path=None):
    """Kernel SHAP of every row of x. scores_fn(matrix) -> (rows x outputs) floats.
    Returns (kernel_shap dict for analysis.json, local values (rows x features x outputs), label keys)."""
    import shap

    background = baseline_rows(shap_cfg, names, x, dataset_type, features_path)
    background_x = background.data if hasattr(background, "data") else background
    base_answers = scores_fn(background_x)
    width = base_answers.shape[1]
    labels = list(label_names) if label_names and len(label_names) == width else [f"label{i}" for i in range(width)]
    link = "logit" if shap_cfg.use_logit else "identity"
    if shap_cfg.use_logit and (np.any(base_answers <= 0) or np.any(base_answers >= 1)):
        raise ClientError("methods.shap.use_logit needs model scores strictly between 0 and 1")
    seed = shap_cfg.seed if shap_cfg.seed is not None else int(np.random.SeedSequence().entropy % (2 ** 31))
    nsamples = shap_cfg.num_samples or "auto"

    def known_baseline(fallback):
        def f(z):
            z = np.asarray(z, dtype=float)
            if z.shape == background_x.shape and np.array_equal(z, background_x, equal_nan=True):
                return _squeeze(base_answers)
            return fallback(z)
        return f

    def run(model):
        explainer = shap.KernelExplainer(known_baseline(model), background, link=link)
        np.random.seed(seed)
        # l1_reg=False: every feature gets its Shapley value (shap's default keeps the top 10 only).
        values = explainer.shap_values(x, nsamples=nsamples, l1_reg=False, silent=True)
        return explainer, np.asarray(values)

    recorder = _Recorder(width)
    run(recorder)
    answers = _predict_unique(scores_fn, recorder.inputs)
    replayer = _Replayer(recorder.inputs, [_squeeze(a) for a in answers],
                         lambda z: _squeeze(scores_fn(np.asarray(z, dtype=float))))
    explainer, values = run(replayer)
    if replayer.misses:
        print(f"clarify: {replayer.misses} SHAP model call(s) were not batched", flush=True)
    if values.ndim == 2:
        values = values[:, :, None]
    expected = np.atleast_1d(np.asarray(explainer.expected_value, dtype=float))
    kernel = {}
    for j, label in enumerate(labels):
        kernel[label] = {
            "global_shap_values": {n: aggregate(values[:, i, j], shap_cfg.agg_method) for i, n in enumerate(names)},
            "expected_value": float(expected[j] if j < len(expected) else expected[0]),
        }
    return kernel, values, labels


def aggregate(column, method):
    if method == "median":
        value = float(np.median(column))
    elif method == "mean_sq":
        value = float(np.mean(column ** 2))
    else:
        value = float(np.mean(np.abs(column)))
    return 0.0 if math.isnan(value) else value
