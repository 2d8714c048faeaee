"""Per-round metric lines as SageMaker's XGBoost prints them, so MetricDefinitions written for it
(`.*\\[[0-9]+\\].*#011validation-rmse:([-+]?[0-9]*\\.?[0-9]+)`) match here too: CloudWatch shows
the tab between metrics as #011, and that is what the regexes were written against."""
import xgboost as xgb

MAXIMIZED = ("auc", "aucpr", "map", "ndcg", "accuracy", "f1", "r2", "interval-regression-accuracy")


def maximize(metric):
    return metric.split("@")[0].rstrip("-") in MAXIMIZED


class Printer(xgb.callback.TrainingCallback):
    def after_iteration(self, model, epoch, evals_log):
        parts = [f"[{epoch}]"]
        for data_name, metrics in evals_log.items():
            parts += [f"{data_name}-{name}:{values[-1]:.5f}" for name, values in metrics.items()]
        print("#011".join(parts), flush=True)
        return False


def extra_metric_fn(names, objective):
    """SageMaker's own metrics (accuracy, f1, mse, r2) as one xgboost custom metric, or None."""
    if not names:
        return None
    import numpy as np
    from sklearn import metrics as skm

    def classes(predt):
        if predt.ndim == 2:
            return predt.argmax(axis=1)
        if objective.startswith("binary:"):
            return (predt > (0.0 if objective == "binary:logitraw" else 0.5)).astype(int)
        return np.rint(predt)

    def fn(predt, dmatrix):
        y = dmatrix.get_label()
        out = []
        for name in names:
            if name == "accuracy":
                out.append((name, float(np.mean(classes(predt) == y))))
            elif name == "f1":
                avg = "binary" if objective.startswith("binary:") else "macro"
                out.append((name, float(skm.f1_score(y, classes(predt), average=avg, zero_division=0))))
            elif name == "mse":
                out.append((name, float(np.mean((predt - y) ** 2))))
            elif name == "r2":
                out.append((name, float(skm.r2_score(y, predt))))
        return out

    return fn
