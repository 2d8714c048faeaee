"""Hyperparameter validation for the built-in algorithms: every error names the hyperparameter
and says what is allowed, as SageMaker's own algorithms do.

Values arrive as strings. The generic SDK Estimator sends str(value); some tools JSON-encode
them ("\\"reg:squarederror\\""), so a JSON string literal is unwrapped first.
"""
import json
import math

from .failure import ClientError


def unwrap(raw):
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        try:
            return json.loads(raw)
        except ValueError:
            pass
    return raw.strip()


def decode(raw):
    """The SageMaker training toolkit's reading of a value: JSON when it parses, else the string."""
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw


class Param:
    def __init__(self, name, required=False, default=None):
        self.name, self.required, self.default = name, required, default

    def fail(self, raw, allowed):
        raise ClientError(f"Hyperparameter {self.name}: value {raw!r} is not valid; allowed: {allowed}")


def _range_text(kind, lo, hi, lo_open, hi_open):
    if lo is None and hi is None:
        return kind
    left = "(" if lo_open or lo is None else "["
    right = ")" if hi_open or hi is None else "]"
    return f"{kind} in {left}{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}{right}"


class Number(Param):
    def __init__(self, name, kind=float, lo=None, hi=None, lo_open=False, hi_open=False, **kw):
        super().__init__(name, **kw)
        self.kind, self.lo, self.hi, self.lo_open, self.hi_open = kind, lo, hi, lo_open, hi_open

    def allowed(self):
        return _range_text("an integer" if self.kind is int else "a number", self.lo, self.hi, self.lo_open, self.hi_open)

    def parse(self, raw):
        try:
            value = float(raw)
            if self.kind is int:
                if not value.is_integer():
                    raise ValueError
                value = int(value)
            elif math.isnan(value):
                raise ValueError
        except ValueError:
            self.fail(raw, self.allowed())
        lo_bad = self.lo is not None and (value < self.lo or (self.lo_open and value == self.lo))
        hi_bad = self.hi is not None and (value > self.hi or (self.hi_open and value == self.hi))
        if lo_bad or hi_bad:
            self.fail(raw, self.allowed())
        return value


def Int(name, lo=None, hi=None, **kw):
    return Number(name, int, lo, hi, **kw)


def Float(name, lo=None, hi=None, **kw):
    return Number(name, float, lo, hi, **kw)


class Choice(Param):
    def __init__(self, name, choices, **kw):
        super().__init__(name, **kw)
        self.choices = choices

    def parse(self, raw):
        if raw not in self.choices:
            self.fail(raw, "one of " + ", ".join(self.choices))
        return raw


class Text(Param):
    """Free-form, or checked by a predicate that is true when the value is bad."""

    def __init__(self, name, check=None, allowed="a string", **kw):
        super().__init__(name, **kw)
        self.check, self.allowed_text = check, allowed

    def parse(self, raw):
        if self.check and self.check(raw):
            self.fail(raw, self.allowed_text)
        return raw


class OrAuto(Param):
    """A number or the word "auto" (k-means' extra_center_factor, local_lloyd_num_trials)."""

    def __init__(self, inner, **kw):
        super().__init__(inner.name, **kw)
        self.inner = inner

    def parse(self, raw):
        if raw == "auto":
            return raw
        try:
            return self.inner.parse(raw)
        except ClientError:
            self.fail(raw, f"{self.inner.allowed()} or auto")


def validate(raw_hps, params, ignore_prefixes=("_", "sagemaker_")):
    """Typed values for the declared parameters; defaults for those not given. Unknown names
    are an error (a typo would otherwise be silently ignored), except the platform's own:
    `_tuning_objective_metric` from tuning jobs and `sagemaker_*` from the SDK."""
    by_name = {p.name: p for p in params}
    unknown = sorted(n for n in raw_hps if n not in by_name and not n.startswith(ignore_prefixes))
    if unknown:
        raise ClientError(f"Hyperparameter {unknown[0]}: not a hyperparameter of this algorithm; allowed: {', '.join(sorted(by_name))}")
    values = {}
    for p in params:
        if p.name in raw_hps:
            values[p.name] = p.parse(unwrap(raw_hps[p.name]))
        elif p.required:
            raise ClientError(f"Hyperparameter {p.name}: required but not given")
        elif p.default is not None:
            values[p.name] = p.default
    return values
