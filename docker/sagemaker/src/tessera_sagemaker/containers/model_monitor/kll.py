"""The KLL quantile sketch (Karnin, Lang, Liberty 2016) that statistics.json carries for numeric
features, with the parameters SageMaker's files show (k = 2048, c = 0.64).

The sketch is a stack of compactors. Level h holds items that each stand for 2**h values; level
h's capacity is k * c**(depth) (depth counted from the top level), so the top holds k and each
level below a factor c fewer. When the sketch is full, the lowest full level is compacted: sorted,
and every second item (starting at a random 0 or 1) promoted to the level above, the rest dropped.
Until the first compaction (k + 1 values) level 0 holds the raw values in arrival order, which is
what SageMaker's files show for small data; after that the sketch keeps about k / (1 - c) items
whatever the count, with a rank error far under 1 % at k = 2048.

statistics.json's "sketch.data" is the list of levels, level 0 first."""
import math
import random

K = 2048
C = 0.64


class KLL:
    def __init__(self, k=K, c=C, seed=0):
        self.k, self.c = k, c
        self.levels = [[]]
        self.count = 0
        # Seeded: the same data gives the same sketch (and the same statistics.json) every run.
        self._random = random.Random(seed)
        self._size = 0
        self._limit = self._total_capacity()

    def _capacity(self, height):
        depth = len(self.levels) - height - 1
        return int(math.ceil(self.k * self.c ** depth)) + 1

    def _total_capacity(self):
        return sum(self._capacity(h) for h in range(len(self.levels)))

    def update(self, value):
        self.levels[0].append(value)
        self.count += 1
        self._size += 1
        if self._size >= self._limit:
            self._compress()

    def _compress(self):
        for height, items in enumerate(self.levels):
            if len(items) < self._capacity(height):
                continue
            if height + 1 == len(self.levels):
                self.levels.append([])
                self._limit = self._total_capacity()
            items.sort()
            # An odd item out stays at its level, so the total weight stays exactly the count.
            kept = items[:1] if len(items) % 2 else []
            pairs = items[len(kept):]
            self.levels[height + 1].extend(pairs[self._random.randint(0, 1)::2])
            self.levels[height] = kept
            self._size = sum(len(level) for level in self.levels)
            return

    def weighted(self):
        """(items, weights) sorted by item; the weights add up to the count."""
        return weighted_items(self.levels)

    def to_json(self):
        return {"parameters": {"c": self.c, "k": float(self.k)},
                "data": [[float(v) for v in level] for level in self.levels]}


def weighted_items(levels):
    import numpy as np

    items = np.concatenate([np.asarray(level, dtype=float) for level in levels] or [np.empty(0)])
    weights = np.concatenate([np.full(len(level), float(2 ** h)) for h, level in enumerate(levels)] or [np.empty(0)])
    order = np.argsort(items, kind="stable")
    return items[order], weights[order]


def cdf(items, weights, points):
    """The fraction of the sketch's weight at or below each point (items sorted)."""
    import numpy as np

    total = weights.sum()
    if total <= 0:
        return np.zeros(len(points))
    cumulative = np.concatenate([[0.0], np.cumsum(weights)])
    return cumulative[np.searchsorted(items, points, side="right")] / total


def levels_from_json(sketch):
    """The levels of a sketch read from a statistics.json (None when it has none or it is malformed)."""
    data = sketch.get("data") if isinstance(sketch, dict) else None
    if not isinstance(data, list) or not all(isinstance(level, list) for level in data):
        return None
    try:
        levels = [[float(v) for v in level] for level in data]
    except (TypeError, ValueError):
        return None
    return levels if any(levels) else None
