"""tessera/sagemaker-linear-learner: SageMaker's built-in linear learner, fitted by scikit-learn's
solvers rather than SageMaker's SGD. Channels train (required), validation, test: text/csv, label
first. Used: predictor_type, feature_dim, num_classes, loss, wd (L2), l1, use_bias,
normalize_data, normalize_label, quantile, huber_delta, loss_insensitivity, epochs (SGD losses),
early_stopping_tolerance, positive_example_weight_mult, balance_multiclass_weights,
binary_classifier_model_selection_criteria with f_beta / target_precision / target_recall,
accuracy_top_k. The optimizer's knobs (learning_rate, momentum, mini_batch_size, num_models,
lr_scheduler_*, ...) are checked and otherwise unused. Model: linear-learner-model.joblib."""
import os

from .. import data, paths
from ..failure import ClientError
from . import builtin_io

MODEL_FILE = "linear-learner-model.joblib"


def _num(value, default):
    return default if value == "auto" else float(value)


def _estimator(hps, n):
    """wd and l1 weigh the penalties against the mean loss per record, SageMaker's objective;
    scikit-learn's solvers scale theirs differently, hence the conversions."""
    from sklearn import linear_model as lm
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    kind, loss = hps["predictor_type"], hps["loss"]
    wd, l1 = _num(hps["wd"], 1e-4), _num(hps["l1"], 0.0)
    bias = hps["use_bias"] == "true"
    sgd = dict(alpha=max(wd + l1, 1e-12), l1_ratio=l1 / (wd + l1) if wd + l1 else 0, penalty="elasticnet",
               fit_intercept=bias, max_iter=max(hps["epochs"], 200), tol=hps["early_stopping_tolerance"], random_state=0)
    if kind == "regressor":
        if loss in ("auto", "squared_loss"):
            if l1:
                model = lm.ElasticNet(alpha=wd + l1 / 2, l1_ratio=(l1 / 2) / (wd + l1 / 2), fit_intercept=bias)
            else:
                model = lm.Ridge(alpha=wd * n, fit_intercept=bias)
        elif loss in ("absolute_loss", "quantile_loss"):
            q = 0.5 if loss == "absolute_loss" else hps["quantile"]
            model = lm.QuantileRegressor(quantile=q, alpha=l1, fit_intercept=bias, solver="highs")
        elif loss == "huber_loss":
            model = lm.SGDRegressor(loss="huber", epsilon=hps["huber_delta"], **sgd)
        else:
            model = lm.SGDRegressor(loss=loss.replace("eps_insensitive_absolute_loss", "epsilon_insensitive").replace(
                "eps_insensitive_squared_loss", "squared_epsilon_insensitive"), epsilon=hps["loss_insensitivity"], **sgd)
        if hps["normalize_label"] != "false":
            model = TransformedTargetRegressor(regressor=model, transformer=StandardScaler())
    else:
        weights = None
        if kind == "binary_classifier" and hps["positive_example_weight_mult"] != "auto":
            mult = hps["positive_example_weight_mult"]
            weights = "balanced" if mult == "balanced" else {0: 1.0, 1: float(mult)}
        elif kind == "multiclass_classifier" and hps["balance_multiclass_weights"] == "true":
            weights = "balanced"
        if loss == "hinge_loss":
            model = lm.SGDClassifier(loss="hinge", class_weight=weights, **sgd)
        else:
            model = lm.LogisticRegression(C=1.0 / max(2 * wd * n, 1e-12), fit_intercept=bias, class_weight=weights, max_iter=1000)
    if hps["normalize_data"] != "false":
        return make_pipeline(StandardScaler(), model)
    return model


def scores(model, kind, x):
    """Regressor: predictions; binary: P(label 1); multiclass: class probabilities."""
    import numpy as np

    if kind == "regressor":
        return model.predict(x)
    if hasattr(model, "predict_proba") and not _is_hinge(model):
        p = model.predict_proba(x)
        return p[:, 1] if kind == "binary_classifier" else p
    return 1.0 / (1.0 + np.exp(-model.decision_function(x)))  # hinge loss: the margin squashed


def _is_hinge(model):
    last = model.steps[-1][1] if hasattr(model, "steps") else model
    return getattr(last, "loss", None) == "hinge"


def threshold(y, s, hps):
    """The cut-off on P(1) that binary_classifier_model_selection_criteria asks for."""
    import numpy as np

    criterion = hps["binary_classifier_model_selection_criteria"]
    if criterion == "loss_function":
        return 0.5
    order = np.argsort(-s)
    s, y = s[order], y[order]
    tp = np.cumsum(y == 1)
    fp = np.cumsum(y != 1)
    positives = max(int((y == 1).sum()), 1)
    precision, recall = tp / (tp + fp), tp / positives
    if criterion == "accuracy":
        goal = tp + (len(y) - positives - fp)
    elif criterion == "f_beta":
        b2 = hps["f_beta"] ** 2
        goal = (1 + b2) * precision * recall / np.maximum(b2 * precision + recall, 1e-12)
    elif criterion == "precision_at_target_recall":
        goal = np.where(recall >= hps["target_recall"], precision, -1)
    else:
        goal = np.where(precision >= hps["target_precision"], recall, -1)
    return float(s[int(np.argmax(goal))])


def _log_metrics(host, label, kind, y, s, cut, hps):
    import numpy as np
    from sklearn import metrics as skm

    def line(name, value, what="<score>"):
        print(f"#quality_metric: host={host}, {label} {name} {what}={float(value)}", flush=True)

    if kind == "regressor":
        mse = skm.mean_squared_error(y, s)
        line("mse", mse, "<loss>")
        line("rmse", mse**0.5, "<loss>")
        line("absolute_loss", skm.mean_absolute_error(y, s), "<loss>")
        return
    if kind == "binary_classifier":
        pred = (s >= cut).astype(int)
        line("objective_loss", skm.log_loss(y, np.clip(s, 1e-7, 1 - 1e-7), labels=[0, 1]), "<loss>")
        line("binary_classification_accuracy", skm.accuracy_score(y, pred))
        line("binary_f_beta", skm.fbeta_score(y, pred, beta=hps["f_beta"], zero_division=0))
        line("precision", skm.precision_score(y, pred, zero_division=0))
        line("recall", skm.recall_score(y, pred, zero_division=0))
        return
    pred = s.argmax(axis=1)
    labels = list(range(s.shape[1]))
    line("objective_loss", skm.log_loss(y, s, labels=labels), "<loss>")
    line("multiclass_accuracy", skm.accuracy_score(y, pred))
    line("multiclass_top_k_accuracy", skm.top_k_accuracy_score(y, s, k=min(hps["accuracy_top_k"], len(labels) - 1), labels=labels))
    line("macro_f_beta", skm.fbeta_score(y, pred, beta=hps["f_beta"], average="macro", zero_division=0))
    line("macro_precision", skm.precision_score(y, pred, average="macro", zero_division=0))
    line("macro_recall", skm.recall_score(y, pred, average="macro", zero_division=0))


def _channel(cfg, name, hps):
    import numpy as np

    channel = cfg.channels[name]
    data.content_kind(channel, "text/csv", ("csv",))
    x, y, _ = data.read_csv(channel, labelled=True)
    if hps["feature_dim"] != "auto" and x.shape[1] != hps["feature_dim"]:
        raise ClientError(f"channel {name}: rows have {x.shape[1]} features but feature_dim is {hps['feature_dim']}")
    kind = hps["predictor_type"]
    if kind != "regressor":
        classes = 2 if kind == "binary_classifier" else hps["num_classes"]
        if not np.all(np.isin(y, np.arange(classes))):
            raise ClientError(f"channel {name}: a {kind} needs labels 0..{classes - 1}; found {sorted(set(y.tolist()))[:10]}")
    return x, y


def train(cfg):
    import joblib

    from . import linear_learner_hyperparameters as hp

    hps = hp.parse(cfg.hyperparameters)
    if "train" not in cfg.channels:
        raise ClientError("channel train: required, and the job has none")
    kind, host = hps["predictor_type"], cfg.current_host
    x, y = _channel(cfg, "train", hps)
    if len(cfg.hosts) > 1:
        print(f"{host} of {len(cfg.hosts)} hosts: fitting this host's shard; {cfg.hosts[0]} saves the model", flush=True)
    model = _estimator(hps, len(x)).fit(x, y)
    train_scores = scores(model, kind, x)
    held_out = {n: _channel(cfg, n, hps) for n in ("validation", "test") if n in cfg.channels}
    cut = 0.5
    if kind == "binary_classifier":
        vx, vy = held_out.get("validation", (x, y))
        cut = threshold(vy, scores(model, kind, vx) if "validation" in held_out else train_scores, hps)
        print(f"binary classifier threshold {cut:.6g} ({hps['binary_classifier_model_selection_criteria']})", flush=True)
    _log_metrics(host, "train", kind, y, train_scores, cut, hps)
    for name, (hx, hy) in held_out.items():
        _log_metrics(host, name, kind, hy, scores(model, kind, hx), cut, hps)
    if cfg.is_master:
        os.makedirs(paths.model_dir(), exist_ok=True)
        joblib.dump({"model": model, "predictor_type": kind, "threshold": cut, "feature_dim": x.shape[1]},
                    os.path.join(paths.model_dir(), MODEL_FILE))


class App:
    def __init__(self, model_dir):
        import joblib

        saved = joblib.load(os.path.join(model_dir, MODEL_FILE))
        self.model, self.kind = saved["model"], saved["predictor_type"]
        self.cut, self.feature_dim = saved["threshold"], saved["feature_dim"]

    def invoke(self, body, content_type, accept):
        s = scores(self.model, self.kind, builtin_io.records(body, content_type, self.feature_dim))
        if self.kind == "regressor":
            out = [{"score": float(v)} for v in s]
        elif self.kind == "binary_classifier":
            out = [{"score": float(v), "predicted_label": int(v >= self.cut)} for v in s]
        else:
            out = [{"score": [float(p) for p in row], "predicted_label": int(row.argmax())} for row in s]
        return builtin_io.respond(out, accept)


def load_app(model_dir):
    return App(model_dir)
