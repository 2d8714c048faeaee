"""Which rows are the sensitive group d (the rest are a) and which labels are positive.

As SageMaker (smclarify report.py): a value list selects the rows whose value is in it; a single number on a
numeric column with many distinct values is a threshold, selecting the rows above it, and is reported as
the interval "(threshold, max]". Values compare as numbers where both sides are numbers, so 1, 1.0 and
"1" are the same value. One difference: a single number that is not one of a numeric column's values is
taken as a threshold even on a column of few values (label_values_or_threshold [0.5] on a 0/1 label), where
smclarify would match nothing.
"""
import numpy as np
import pandas as pd

from ...failure import ClientError

# smclarify's UNIQUENESS_THRESHOLD: an integer column with at least this share of distinct values is continuous.
UNIQUENESS = 0.05
# Without value_or_threshold a facet gets one result per value; beyond this many it is surely not categorical.
MAX_VALUES = 100


class Group:
    def __init__(self, value_or_threshold, sensitive):
        self.value_or_threshold = value_or_threshold
        self.sensitive = sensitive  # bool array: the rows of facet d


class Selector:
    """A value list or a threshold, applicable to any column of the same kind (labels, then predictions)."""

    def __init__(self, values, threshold, description):
        self.values = values
        self.threshold = threshold
        self.description = description

    def select(self, series):
        if self.threshold is not None:
            numbers = pd.to_numeric(series, errors="coerce")
            return (numbers > self.threshold).fillna(False).to_numpy(dtype=bool)
        keys = {_key(v) for v in self.values}
        return series.map(lambda v: _key(v) in keys).to_numpy(dtype=bool)


def _key(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return float(value)
    if isinstance(value, (int, float, np.number)):
        return float(value)
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        return text


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except ValueError:
        return None


def _numeric(series):
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def is_threshold(series, values):
    if values is None or len(values) != 1 or _number(values[0]) is None or not _numeric(series):
        return False
    present = series.dropna()
    if present.empty:
        return True
    if _key(values[0]) not in {_key(v) for v in present.unique()}:
        return True
    if pd.api.types.is_float_dtype(present) and not np.all(np.mod(present.to_numpy(), 1) == 0):
        return True
    distinct = present.nunique()
    return distinct > 2 and distinct / len(present) >= UNIQUENESS


def _interval(threshold, series):
    top = pd.to_numeric(series, errors="coerce").max()
    if pd.isna(top) or top < threshold:
        top = threshold
    if isinstance(top, (np.integer, np.floating)):
        top = top.item()
    return str(pd.Interval(threshold, top))


def selector(series, values):
    if is_threshold(series, values):
        threshold = _number(values[0])
        return Selector(None, threshold, _interval(threshold, series))
    return Selector(list(values), None, ",".join(str(v) for v in values))


def label_selector(series, values):
    return selector(series, values)


def groups(series, values, what):
    """The facet's groups: one for its value list or threshold, else one per distinct value."""
    if values is not None:
        s = selector(series, values)
        return [Group(s.description, s.select(series))]
    present = series.dropna()
    if present.empty:
        raise ClientError(f"{what} has no values")
    if pd.api.types.is_float_dtype(present) and not np.all(np.mod(present.to_numpy(), 1) == 0):
        raise ClientError(f"{what} is continuous: give value_or_threshold (a threshold) for it")
    if present.nunique() > MAX_VALUES:
        raise ClientError(f"{what} has {present.nunique()} distinct values: give value_or_threshold (the values "
                          "of facet d, or a threshold)")
    result = []
    for value in present.unique():
        if isinstance(value, (np.integer, np.floating)):
            value = value.item()
        if isinstance(value, float) and value.is_integer() and pd.api.types.is_integer_dtype(present):
            value = int(value)
        result.append(Group(str(value), Selector([value], None, str(value)).select(series)))
    return result
