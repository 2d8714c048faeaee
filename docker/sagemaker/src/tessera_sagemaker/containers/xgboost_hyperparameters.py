"""The built-in XGBoost algorithm's hyperparameters, as SageMaker documents them, and what each
is passed to XGBoost as."""
import re

from ..failure import ClientError
from ..hyperparameters import Choice, Float, Int, Text, unwrap, validate

OBJECTIVES = [
    "reg:squarederror", "reg:squaredlogerror", "reg:logistic", "reg:pseudohubererror",
    "reg:absoluteerror", "reg:gamma", "reg:tweedie", "reg:linear",
    "binary:logistic", "binary:logitraw", "binary:hinge",
    "count:poisson", "survival:cox", "survival:aft",
    "multi:softmax", "multi:softprob", "rank:pairwise", "rank:ndcg", "rank:map",
]
NATIVE_METRICS = [
    "rmse", "rmsle", "mae", "mape", "mphe", "logloss", "error", "merror", "mlogloss", "auc", "aucpr",
    "ndcg", "map", "poisson-nloglik", "gamma-nloglik", "cox-nloglik", "gamma-deviance",
    "tweedie-nloglik", "aft-nloglik", "interval-regression-accuracy",
]
# Metrics SageMaker's XGBoost computes itself (xgboost has no such names).
EXTRA_METRICS = ["accuracy", "f1", "mse", "r2"]
_PARAMETRIC = re.compile(r"^(error@[0-9.]+|(ndcg|map)(@[0-9]+)?-?|tweedie-nloglik@[0-9.]+)$")


def metrics_of(raw):
    return [m.strip() for m in raw.split(",") if m.strip()]


def _bad_metrics(raw):
    names = metrics_of(raw)
    return not names or any(m not in NATIVE_METRICS + EXTRA_METRICS and not _PARAMETRIC.match(m) for m in names)


BOOL01 = ["0", "1"]
TRUE_FALSE = ["true", "false"]
PARAMS = [
    Int("num_round", lo=1, required=True),
    Int("num_class", lo=1),
    Float("alpha", lo=0),
    Float("base_score"),
    Choice("booster", ["gbtree", "gblinear", "dart"]),
    Float("colsample_bylevel", lo=0, hi=1, lo_open=True),
    Float("colsample_bynode", lo=0, hi=1, lo_open=True),
    Float("colsample_bytree", lo=0, hi=1, lo_open=True),
    Choice("csv_weights", BOOL01),
    Int("early_stopping_rounds", lo=1),
    Float("eta", lo=0, hi=1),
    Text("eval_metric", check=_bad_metrics, allowed="a comma-separated list of " + ", ".join(NATIVE_METRICS + EXTRA_METRICS) + ", error@t, ndcg@n, map@n"),
    Float("gamma", lo=0),
    Choice("grow_policy", ["depthwise", "lossguide"]),
    Text("interaction_constraints"),
    Float("lambda", lo=0),
    Float("lambda_bias", lo=0, hi=1),
    Int("max_bin", lo=2),
    Float("max_delta_step", lo=0),
    Int("max_depth", lo=0),
    Int("max_leaves", lo=0),
    Float("min_child_weight", lo=0),
    Text("monotone_constraints"),
    Choice("normalize_type", ["tree", "forest"]),
    Int("nthread", lo=1),
    Choice("objective", OBJECTIVES, default="reg:squarederror"),
    Choice("one_drop", BOOL01),
    Choice("process_type", ["default", "update"]),
    Float("rate_drop", lo=0, hi=1),
    Choice("refresh_leaf", BOOL01),
    Choice("sample_type", ["uniform", "weighted"]),
    Float("scale_pos_weight", lo=0, lo_open=True),
    Int("seed"),
    Choice("single_precision_histogram", TRUE_FALSE),
    Float("sketch_eps", lo=0, hi=1, lo_open=True, hi_open=True),
    Float("skip_drop", lo=0, hi=1),
    Float("subsample", lo=0, hi=1, lo_open=True),
    Choice("tree_method", ["auto", "exact", "approx", "hist", "gpu_hist"]),
    Float("tweedie_variance_power", lo=1, hi=2, lo_open=True, hi_open=True),
    Text("updater"),
    Int("verbosity", lo=0, hi=3),
    Choice("save_model_on_termination", TRUE_FALSE),
]
# Consumed by the container, not handed to xgboost.train's params.
NOT_BOOSTER_PARAMS = {"num_round", "early_stopping_rounds", "csv_weights", "eval_metric", "save_model_on_termination"}


def parse(raw_hps):
    """(booster params, num_round, early_stopping_rounds, eval metrics, csv_weights)."""
    hps = validate(raw_hps, PARAMS)
    objective = hps["objective"]
    if objective.startswith("multi:") and "num_class" not in hps:
        raise ClientError(f"Hyperparameter num_class: required when objective is {objective}")
    params = {k: v for k, v in hps.items() if k not in NOT_BOOSTER_PARAMS}
    metrics = metrics_of(hps.get("eval_metric", ""))
    # A tuning job names its objective (validation:auc); as SageMaker's XGBoost does, it is computed
    # even when eval_metric does not list it, so the objective is always printed.
    objective_metric = unwrap(raw_hps.get("_tuning_objective_metric", "")).partition(":")[2]
    if objective_metric and objective_metric not in metrics and not _bad_metrics(objective_metric):
        metrics.append(objective_metric)
    native = [m for m in metrics if m not in EXTRA_METRICS]
    if native:
        params["eval_metric"] = native
    return params, hps["num_round"], hps.get("early_stopping_rounds"), metrics, hps.get("csv_weights") == "1"
