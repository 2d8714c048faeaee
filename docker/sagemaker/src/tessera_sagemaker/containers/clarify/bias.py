"""The pre_training_bias_metrics / post_training_bias_metrics sections of analysis.json.

{"label": <label name>, "label_value_or_threshold": "1", "facets": {<facet name>: [{"value_or_threshold":
"...", "metrics": [{"name", "description", "value"}, ...]}, ...]}}. A metric that cannot be computed
(an empty group, no group_variable for CDDL) carries "error" instead of "value", as in SageMaker.
Values are JSON numbers; +-infinity is the string "Infinity" / "-Infinity" (smclarify's inf_as_str).
"""
import math
import sys

import numpy as np
import pandas as pd

from ...failure import ClientError
from . import facets, posttraining, pretraining


def json_number(value):
    value = float(value)
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if math.isnan(value):
        return "NaN"
    return value


def metric(name, description, compute):
    try:
        return {"name": name, "description": description, "value": json_number(compute())}
    except (ValueError, ZeroDivisionError, FloatingPointError) as e:
        return {"name": name, "description": description, "error": str(e)}


class Inputs:
    """The boolean columns the metrics need, for the rows that have a label (and a prediction)."""

    def __init__(self, config, table, predictions=None):
        """predictions: outputs.Predictions from the model or the captured traffic; without them the table's
        predicted_label column, if any."""
        label = table.frame[table.label] if table.label else None
        if label is None:
            raise ClientError("the dataset has no label column: bias metrics need label")
        keep = label.notna().to_numpy(copy=True)  # pandas 3 hands out read-only views
        self.label_selector = facets.label_selector(label[keep], config.label_values)
        self.y = self.label_selector.select(label)
        self.p = None
        if predictions is not None:
            # Scores over probability_threshold are positive as they are; predicted labels are positive as
            # the label values say.
            if predictions.positive is not None:
                self.p = np.asarray(predictions.positive, dtype=bool)
            else:
                self.p = self.label_selector.select(pd.Series(predictions.labels, dtype=object))
            if len(self.p) != len(keep):
                raise ClientError(f"got {len(self.p)} predictions for {len(keep)} rows")
        elif table.predicted:
            predicted = table.frame[table.predicted]
            keep &= predicted.notna().to_numpy()
            self.p = self.label_selector.select(predicted)
        dropped = int(len(keep) - keep.sum())
        if dropped:
            print(f"clarify: {dropped} row(s) without a label or prediction left out of the bias metrics",
                  file=sys.stderr, flush=True)
        if not keep.any():
            raise ClientError("no rows with a label to compute bias metrics on")
        self.keep = keep
        self.y = self.y[keep]
        if self.p is not None:
            self.p = self.p[keep]
        self.group = None
        if config.group_variable is not None:
            series = table.column(config.group_variable, "group_variable")
            # Codes per distinct value; a missing value is a subgroup of its own (-1).
            self.group = pd.factorize(series)[0][keep]
        self.table = table
        self.config = config

    def facet_groups(self, facet, index):
        what = f"facet[{index}]"
        series = self.table.column(facet.name_or_index, what)
        name = str(self.table.column_name(facet.name_or_index, what))
        return name, series, facets.groups(series[self.keep], facet.values, what)

    def flip_features(self, facet_series_name):
        features = [f for f in self.table.features if f != facet_series_name]
        return self.table.frame.loc[self.keep, features]


def section(inputs, stage):
    """One section of analysis.json: stage is "pre" or "post"."""
    config = inputs.config
    names = config.pre_training if stage == "pre" else config.post_training
    result = {"label": inputs.table.label_name, "label_value_or_threshold": inputs.label_selector.description,
              "facets": {}}
    for i, facet in enumerate(config.facets):
        name, series, groups = inputs.facet_groups(facet, i)
        entries = result["facets"].setdefault(name, [])
        for group in groups:
            d = group.sensitive
            metrics = []
            for metric_name in names:
                if stage == "pre":
                    description = pretraining.DESCRIPTIONS[metric_name]
                    compute = (lambda n=metric_name: pretraining.compute(n, d, inputs.y, inputs.group))
                else:
                    description = posttraining.DESCRIPTIONS[metric_name]
                    compute = (lambda n=metric_name: posttraining.compute(
                        n, d, inputs.y, inputs.p, inputs.group,
                        inputs.flip_features(name) if n == "FT" else None))
                metrics.append(metric(metric_name, description, compute))
            entries.append({"value_or_threshold": group.value_or_threshold, "metrics": metrics})
    return result
