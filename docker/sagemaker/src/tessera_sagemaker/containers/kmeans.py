"""tessera/sagemaker-kmeans: SageMaker's built-in k-means on scikit-learn, the way SageMaker
describes its algorithm: mini-batch k-means with k * extra_center_factor centers over the data
(`epochs` passes), then a weighted Lloyd's k-means (local_lloyd_*) that reduces them to k.

Channels: train (required), test (optional); text/csv with feature_dim columns and no label.
Model: kmeans-model.json ({"feature_dim", "k", "centroids"}) in the model directory.
Used: k, feature_dim, epochs, mini_batch_size, init_method, tol (relative change of the epoch's
mean squared distance), extra_center_factor (auto: 2 with 20 records per cluster, else 1),
local_lloyd_init_method/max_iter/num_trials/tol, eval_metrics. Checked but unused:
half_life_time_size (every record weighs the same), max_iterations, force_dense.
"""
import json
import os

from .. import data, paths
from ..failure import ClientError
from ..hyperparameters import Choice, Float, Int, OrAuto, Text, validate
from . import builtin_io

MODEL_FILE = "kmeans-model.json"
METRICS = ("msd", "ssd")


def _eval_metrics(raw):
    try:
        names = json.loads(raw)
    except ValueError:
        names = [n.strip() for n in raw.strip("[]").split(",")]
    if not isinstance(names, list) or not names or any(n not in METRICS for n in names):
        return None
    return names


PARAMS = [
    Int("feature_dim", lo=1, required=True),
    Int("k", lo=1, required=True),
    Int("epochs", lo=1, default=1),
    Text("eval_metrics", check=lambda raw: _eval_metrics(raw) is None, allowed='a JSON list of "msd" and/or "ssd"', default='["msd"]'),
    OrAuto(Int("extra_center_factor", lo=1), default="auto"),
    Int("half_life_time_size", lo=0, default=0),
    Choice("init_method", ["random", "kmeans++"], default="random"),
    Choice("local_lloyd_init_method", ["random", "kmeans++"], default="kmeans++"),
    Int("local_lloyd_max_iter", lo=1, default=300),
    OrAuto(Int("local_lloyd_num_trials", lo=1), default="auto"),
    Float("local_lloyd_tol", lo=0, hi=1, default=0.0001),
    Int("max_iterations", lo=1, default=100),
    Int("mini_batch_size", lo=1, default=5000),
    Float("tol", lo=0, hi=1, default=0.0001),
    Choice("force_dense", ["true", "false"]),
]


def _sk_init(name):
    return "k-means++" if name == "kmeans++" else "random"


def _features(channel, feature_dim):
    data.content_kind(channel, "text/csv", ("csv",))
    x, _, _ = data.read_csv(channel, labelled=False)
    if x.shape[1] != feature_dim:
        raise ClientError(f"channel {channel.name}: rows have {x.shape[1]} columns but feature_dim is {feature_dim}")
    return x


def _sq_distances(x, centers):
    from sklearn.metrics import pairwise_distances_argmin_min

    closest, dist = pairwise_distances_argmin_min(x, centers)
    return closest, dist**2


def _log_quality(host, label, x, centers, metrics):
    _, sq = _sq_distances(x, centers)
    values = {"msd": float(sq.mean()), "ssd": float(sq.sum())}
    for m in metrics:
        print(f"#quality_metric: host={host}, {label} {m} <loss>={values[m]}", flush=True)
    return values["msd"]


def train(cfg):
    import numpy as np
    from sklearn.cluster import KMeans, MiniBatchKMeans

    hps = validate(cfg.hyperparameters, PARAMS)
    metrics = _eval_metrics(hps["eval_metrics"])
    if "train" not in cfg.channels:
        raise ClientError("channel train: required, and the job has none")
    x = _features(cfg.channels["train"], hps["feature_dim"])
    n, k, host = len(x), hps["k"], cfg.current_host
    if n < k:
        raise ClientError(f"Hyperparameter k: {k} clusters need at least {k} records; channel train has {n}")
    factor = hps["extra_center_factor"]
    if factor == "auto":
        factor = 2 if n >= 20 * k else 1  # more centers only where there is data to place them
    big_k = min(n, k * factor)
    if hps["half_life_time_size"]:
        print("half_life_time_size: accepted; this implementation weighs every record equally", flush=True)
    if len(cfg.hosts) > 1:
        print(f"{host} of {len(cfg.hosts)} hosts: clustering this host's shard; {cfg.hosts[0]} saves the model", flush=True)

    batch = min(hps["mini_batch_size"], n)
    stream = MiniBatchKMeans(n_clusters=big_k, init=_sk_init(hps["init_method"]), batch_size=batch, n_init=1, random_state=0)
    rng = np.random.default_rng(0)
    # The first partial_fit initialises from its batch, which must hold big_k records.
    first = max(batch, big_k)
    previous = None
    for epoch in range(hps["epochs"]):
        order = rng.permutation(n)
        starts = [0] + list(range(first, n, batch))
        for start in starts:
            stop = first if start == 0 else start + batch
            stream.partial_fit(x[order[start:stop]])
        msd = _log_quality(host, f"epoch={epoch}, batch={len(starts)} train", x, stream.cluster_centers_, ["msd"])
        print(f"#progress_metric: host={host}, completed {100.0 * (epoch + 1) / hps['epochs']:.1f} % of epochs", flush=True)
        if previous is not None and abs(previous - msd) <= hps["tol"] * max(previous, 1e-12):
            print(f"mini-batch loss changed less than tol={hps['tol']}: stopping after epoch {epoch}", flush=True)
            break
        previous = msd

    closest, _ = _sq_distances(x, stream.cluster_centers_)
    weights = np.bincount(closest, minlength=big_k).astype(float)
    used = weights > 0
    trials = hps["local_lloyd_num_trials"]
    lloyd = KMeans(n_clusters=min(k, int(used.sum())), init=_sk_init(hps["local_lloyd_init_method"]),
                   n_init="auto" if trials == "auto" else trials, max_iter=hps["local_lloyd_max_iter"],
                   tol=hps["local_lloyd_tol"], random_state=0)
    lloyd.fit(stream.cluster_centers_[used], sample_weight=weights[used])
    centers = lloyd.cluster_centers_
    _log_quality(host, "train", x, centers, metrics)
    if "test" in cfg.channels:
        _log_quality(host, "test", _features(cfg.channels["test"], hps["feature_dim"]), centers, metrics)
    if cfg.is_master:
        os.makedirs(paths.model_dir(), exist_ok=True)
        with open(os.path.join(paths.model_dir(), MODEL_FILE), "w") as f:
            json.dump({"feature_dim": hps["feature_dim"], "k": k, "centroids": centers.tolist()}, f)


class App:
    def __init__(self, model_dir):
        import numpy as np
        import sklearn.metrics  # noqa: F401 - imported now, not by the first request

        with open(os.path.join(model_dir, MODEL_FILE)) as f:
            model = json.load(f)
        self.feature_dim = model["feature_dim"]
        self.centers = np.array(model["centroids"], dtype=float)

    def invoke(self, body, content_type, accept):
        x = builtin_io.records(body, content_type, self.feature_dim)
        closest, sq = _sq_distances(x, self.centers)
        predictions = [{"closest_cluster": float(c), "distance_to_cluster": float(d) ** 0.5} for c, d in zip(closest, sq)]
        return builtin_io.respond(predictions, accept, ("closest_cluster", "distance_to_cluster"))


def load_app(model_dir):
    return App(model_dir)
