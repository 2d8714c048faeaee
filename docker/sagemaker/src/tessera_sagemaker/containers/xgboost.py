"""tessera/sagemaker-xgboost: SageMaker's built-in XGBoost algorithm on Debian's xgboost, and
the XGBoost framework's script mode when a `sagemaker_program` hyperparameter names a script."""
import os
import re

from .. import data, paths, script_mode, user_module
from ..failure import ClientError
from . import xgboost_serving

MODEL_FILE = "xgboost-model"


def train(cfg):
    if "sagemaker_program" in cfg.hyperparameters:
        script_mode.run(cfg)
        return
    from . import xgboost_hyperparameters as hp

    # Checked before xgboost is imported (a second or two): a typo fails at once.
    params, num_round, early_stopping, metrics, csv_weights = hp.parse(cfg.hyperparameters)
    import xgboost as xgb

    from .xgboost_metrics import Printer, extra_metric_fn, maximize

    if "train" not in cfg.channels:
        raise ClientError("channel train: required, and the job has none")
    dtrain = _dmatrix(cfg.channels["train"], csv_weights)
    evals = [(dtrain, "train")]
    if "validation" in cfg.channels:
        evals.append((_dmatrix(cfg.channels["validation"], csv_weights, dtrain.num_col()), "validation"))
    callbacks = [Printer()]
    if early_stopping:
        if len(evals) < 2:
            raise ClientError("Hyperparameter early_stopping_rounds: needs a validation channel to watch")
        last = metrics[-1] if metrics else None
        callbacks.append(xgb.callback.EarlyStopping(
            early_stopping, metric_name=last, data_name="validation",
            maximize=maximize(last) if last else None, save_best=False))
    if len(cfg.hosts) > 1:
        print(f"{cfg.current_host} of {len(cfg.hosts)} hosts: training on this host's shard of the data; "
              f"{cfg.hosts[0]} saves the model", flush=True)
    try:
        booster = xgb.train(
            params, dtrain, num_boost_round=num_round, evals=evals, verbose_eval=False, callbacks=callbacks,
            custom_metric=extra_metric_fn([m for m in metrics if m in hp.EXTRA_METRICS], params["objective"]),
        )
    except xgb.core.XGBoostError as e:
        # What xgboost rejects is the job's data or parameters ("label must be in [0,1] for
        # logistic regression"); its first line says so, the C++ stack trace after it does not.
        raise ClientError(_first_line(e)) from e
    if early_stopping and booster.attr("best_iteration") is not None:
        print(f"Stopping. Best iteration: [{booster.attr('best_iteration')}]", flush=True)
    if cfg.is_master:
        os.makedirs(paths.model_dir(), exist_ok=True)
        booster.save_model(os.path.join(paths.model_dir(), MODEL_FILE))


def _first_line(error):
    line = str(error).strip().splitlines()[0]
    # "[05:13:24] ./src/objective/regression_obj.cu:148: label must be ..." -> "label must be ..."
    return re.sub(r"^\[[0-9:]+\] [^ ]+:[0-9]+: ", "", line)


def _dmatrix(channel, csv_weights, n_features=None):
    import xgboost as xgb

    kind = data.content_kind(channel, "text/libsvm", ("csv", "libsvm"))
    if kind == "csv":
        x, y, w = data.read_csv(channel, labelled=True, weighted=csv_weights)
        if n_features is not None and x.shape[1] != n_features:
            raise ClientError(f"channel {channel.name}: {x.shape[1]} feature columns, but train has {n_features}")
        return xgb.DMatrix(x, label=y, weight=w)
    x, y = data.read_libsvm(channel)
    if n_features is not None:
        x = data.widen(x, n_features)
    return xgb.DMatrix(x, label=y)


def load_app(model_dir):
    if os.environ.get("SAGEMAKER_PROGRAM"):
        # The XGBoost framework's serving: the user's handlers, xgboost's defaults for the rest.
        return user_module.app_from_env(
            model_dir, default_model_fn=xgboost_serving.load_model, default_accept="text/csv",
            default_input_fn=xgboost_serving.decode, default_predict_fn=xgboost_serving.predict,
            default_output_fn=xgboost_serving.encode)
    return xgboost_serving.BuiltinApp(model_dir)
