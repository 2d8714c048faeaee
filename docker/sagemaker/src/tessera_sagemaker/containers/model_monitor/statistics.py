"""Data-quality statistics: one pass over the rows builds a profile of each column, which becomes
statistics.json (SageMaker's schema, version 0.0) and is what the checks compare with a baseline.

A value is missing (null, an empty CSV field, a JSON NaN), integral, fractional or a string; CSV
fields and JSON strings are classified by their text the way deequ's DataType analyzer does.
A column's inferred_type is numeric when at least NUMERIC_SHARE of its present values are numbers
(Fractional if any has a fraction or exponent, else Integral), else String; with none present it
is Unknown. num_present counts every present value; mean, sum, std_dev (population), min, max and
the KLL sketch cover the values that are numbers.

Memory stays bounded whatever the data: a numeric column keeps a KLL sketch, and the categorical
counts keep at most MAX_CATEGORIES distinct strings of at most MAX_CATEGORY_CHARS (and fewer numeric
ones: a column of distinct numbers is not a categorical column); beyond that a HyperLogLog
estimates distinct_count."""
import math
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from . import dataset, kll
from .hll import HyperLogLog

NUMERIC_SHARE = 0.9
MAX_CATEGORIES = 10_000
MAX_NUMERIC_CATEGORIES = 1_000
MAX_CATEGORY_CHARS = 1_000  # a longer value is text, not a category: counted, not kept
MAX_BUCKETS = 1_000  # categorical buckets written per feature, the most frequent first
BUCKETS = 10

INTEGRAL = "Integral"
FRACTIONAL = "Fractional"
STRING = "String"
UNKNOWN = "Unknown"
NUMERIC_TYPES = (INTEGRAL, FRACTIONAL)

_INTEGRAL = re.compile(r"[+-]?\d+")
_FRACTIONAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?")


def classify(value):
    """(kind, number, text): kind is None for a missing value, else INTEGRAL, FRACTIONAL or STRING."""
    if value is None:
        return None, None, None
    if isinstance(value, bool):
        return STRING, None, "true" if value else "false"
    if isinstance(value, int):
        number = float(value) if abs(value) < 1e308 else math.inf
        return (INTEGRAL, number, str(value)) if math.isfinite(number) else (STRING, None, str(value))
    if isinstance(value, float):
        if math.isnan(value):
            return None, None, None
        return (FRACTIONAL, value, repr(value)) if math.isfinite(value) else (STRING, None, repr(value))
    text = value if isinstance(value, str) else str(value)
    token = text.strip()
    if not token:
        return None, None, None
    if _INTEGRAL.fullmatch(token):
        number = float(token) if len(token) < 300 else math.inf
        if math.isfinite(number):
            return INTEGRAL, number, text
    elif _FRACTIONAL.fullmatch(token):
        number = float(token)
        if math.isfinite(number):
            return FRACTIONAL, number, text
    return STRING, None, text


class Column:
    """Everything the analyzer keeps about one column."""

    def __init__(self, seed=0):
        self.integral = self.fractional = self.strings = 0
        self.n = 0  # values that are numbers
        self.total = 0.0
        self._mean = self._m2 = 0.0
        self.min = math.inf
        self.max = -math.inf
        self.sketch = kll.KLL(seed=seed)
        self.counts: Dict[str, int] = {}
        self._numeric_keys = 0
        self.untracked = 0  # present values not in counts
        self._hll: Optional[HyperLogLog] = None

    @property
    def present(self):
        return self.integral + self.fractional + self.strings

    def add(self, value):
        kind, number, text = classify(value)
        if kind is None:
            return
        if kind == STRING:
            self.strings += 1
        else:
            if kind == INTEGRAL:
                self.integral += 1
            else:
                self.fractional += 1
            self._add_number(number)
        self._count(text, kind != STRING)

    def _add_number(self, x):
        self.n += 1
        self.total += x
        delta = x - self._mean  # Welford: a stable variance in one pass
        self._mean += delta / self.n
        self._m2 += delta * (x - self._mean)
        if x < self.min:
            self.min = x
        if x > self.max:
            self.max = x
        self.sketch.update(x)

    def _count(self, text, numeric):
        if text in self.counts:
            self.counts[text] += 1
        elif numeric and self._numeric_keys >= MAX_NUMERIC_CATEGORIES:
            self.untracked += 1
        elif len(self.counts) >= MAX_CATEGORIES or len(text) > MAX_CATEGORY_CHARS:
            if self._hll is None:
                self._hll = HyperLogLog()
                for key in self.counts:
                    self._hll.add(key)
            self.untracked += 1
        else:
            self.counts[text] = 1
            self._numeric_keys += numeric
        if self._hll is not None:
            self._hll.add(text)

    @property
    def mean(self):
        return self._mean if self.n else math.nan

    @property
    def std_dev(self):
        return math.sqrt(self._m2 / self.n) if self.n else math.nan

    @property
    def distinct_count(self):
        return float(max(len(self.counts), round(self._hll.estimate()) if self._hll else 0))

    @property
    def complete_counts(self):
        """True when counts holds every present value (so a domain can be suggested from it)."""
        return self.untracked == 0

    def inferred_type(self):
        numeric = self.integral + self.fractional
        if self.present == 0:
            return UNKNOWN
        if numeric >= NUMERIC_SHARE * self.present:
            return FRACTIONAL if self.fractional else INTEGRAL
        return STRING

    def conforming(self, baseline_type):
        """The fraction of present values that are of the baseline's type: integers are valid
        Fractional values, and any value is a valid String."""
        if not self.present or baseline_type not in NUMERIC_TYPES:
            return 1.0
        good = self.integral + (self.fractional if baseline_type == FRACTIONAL else 0)
        return good / self.present


@dataclass
class Profile:
    """The columns of a data set in the order they appeared; a column's key is its name when rows
    come with names (a CSV header, JSON objects), else its position."""
    order_by_name: bool = False  # JSON objects: Spark orders fields by name
    item_count: int = 0
    named: Optional[bool] = None
    columns: Dict[object, Column] = field(default_factory=dict)

    def _column(self, key):
        column = self.columns.get(key)
        if column is None:
            dataset.check_width(len(self.columns) + 1)
            column = self.columns[key] = Column(seed=len(self.columns))
        return column

    def add(self, values, names=None):
        self.item_count += 1
        self.named = (names is not None) if self.named is None else (self.named and names is not None)
        for i, value in enumerate(values):
            key = names[i] if names is not None and i < len(names) else i
            self._column(key).add(value)

    def features(self):
        """[(name, column)]: positional columns are named _c0, _c1, ... as Spark names them."""
        items = [(key if isinstance(key, str) else f"_c{key}", column) for key, column in self.columns.items()]
        if self.named and self.order_by_name:
            items.sort(key=lambda item: item[0])
        return items


def _buckets(column):
    items, weights = column.sketch.weighted()
    lo, hi = column.min, column.max
    bounds = [lo + (hi - lo) * i / BUCKETS for i in range(BUCKETS)] + [hi]
    counts = [0.0] * BUCKETS
    if hi > lo:
        import numpy as np

        index = np.clip(((items - lo) / (hi - lo) * BUCKETS).astype(int), 0, BUCKETS - 1)
        counts = np.bincount(index, weights=weights, minlength=BUCKETS).tolist()
    else:
        counts[0] = float(weights.sum())
    return [{"lower_bound": bounds[i], "upper_bound": bounds[i + 1], "count": float(counts[i])} for i in range(BUCKETS)]


def _common(column, item_count):
    return {"num_present": column.present, "num_missing": item_count - column.present}


def feature_json(name, column, item_count):
    kind = column.inferred_type()
    if kind in NUMERIC_TYPES:
        return {"name": name, "inferred_type": kind, "numerical_statistics": {
            "common": _common(column, item_count),
            "mean": column.mean, "sum": column.total, "std_dev": column.std_dev,
            "min": column.min, "max": column.max,
            "distribution": {"kll": {"buckets": _buckets(column), "sketch": column.sketch.to_json()}},
        }}
    top = sorted(column.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_BUCKETS]
    return {"name": name, "inferred_type": kind, "string_statistics": {
        "common": _common(column, item_count),
        "distinct_count": column.distinct_count,
        "distribution": {"categorical": {"buckets": [{"value": v, "count": c} for v, c in top]}},
    }}


def to_json(item_count, features):
    """statistics.json from [(name, column)]."""
    return {"version": 0.0, "dataset": {"item_count": item_count},
            "features": [feature_json(name, column, item_count) for name, column in features]}


@dataclass
class BaselineFeature:
    """A feature as a baseline statistics.json describes it."""
    name: str
    inferred_type: str
    num_present: int = 0
    levels: Optional[List[List[float]]] = None  # the KLL sketch
    histogram: List[dict] = field(default_factory=list)  # kll buckets, when there is no sketch
    categories: Dict[str, float] = field(default_factory=dict)


def _number(value, default=0):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def read_features(body, where):
    """The features of a statistics.json ({name: BaselineFeature}, in file order)."""
    from ...failure import ClientError

    features = body.get("features") if isinstance(body, dict) else None
    if not isinstance(features, list):
        raise ClientError(f"{where}: not a statistics file (it has no \"features\" list)")
    out = {}
    for f in features:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            raise ClientError(f"{where}: every feature needs a \"name\"")
        feature = BaselineFeature(f["name"], str(f.get("inferred_type", UNKNOWN)))
        numeric = f.get("numerical_statistics")
        strings = f.get("string_statistics")
        if isinstance(numeric, dict):
            feature.num_present = _number((numeric.get("common") or {}).get("num_present"))
            kll_json = ((numeric.get("distribution") or {}).get("kll") or {})
            feature.levels = kll.levels_from_json(kll_json.get("sketch"))
            feature.histogram = [b for b in kll_json.get("buckets") or [] if isinstance(b, dict)]
        elif isinstance(strings, dict):
            feature.num_present = _number((strings.get("common") or {}).get("num_present"))
            buckets = ((strings.get("distribution") or {}).get("categorical") or {}).get("buckets") or []
            for b in buckets:
                if isinstance(b, dict) and "value" in b:
                    feature.categories[str(b["value"])] = float(_number(b.get("count")))
        out[feature.name] = feature
    return out
