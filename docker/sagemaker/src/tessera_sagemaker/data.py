"""Reading a channel the way SageMaker's built-in algorithms do: every file in the channel's
directory, in name order, as one data set. CSV is numeric with no header; for labelled data the
label is the first column. libsvm is `<label> <index>:<value> ...` with zero-based indices."""
import os

from .failure import ClientError

CSV_TYPES = ("text/csv", "csv")
LIBSVM_TYPES = ("text/libsvm", "libsvm", "text/x-libsvm")


def content_kind(channel, default, allowed):
    """"csv" or "libsvm" from the channel's ContentType (parameters such as `;label_size=1`
    ignored), the algorithm's default when the channel has none."""
    given = (channel.content_type or default).split(";", 1)[0].strip().lower()
    for kind, types in (("csv", CSV_TYPES), ("libsvm", LIBSVM_TYPES)):
        if given in types and kind in allowed:
            return kind
    names = {"csv": "text/csv", "libsvm": "text/libsvm"}
    raise ClientError(f"channel {channel.name}: ContentType {channel.content_type} is not supported; allowed: {', '.join(names[k] for k in allowed)}")


def files(channel):
    found = []
    for d, subdirs, names in os.walk(channel.path):
        subdirs[:] = sorted(s for s in subdirs if not s.startswith("."))
        found += [os.path.join(d, n) for n in sorted(names) if not n.startswith(".")]
    found = [f for f in found if os.path.isfile(f) and os.path.getsize(f) > 0]
    if not found:
        raise ClientError(f"channel {channel.name}: no data files in {channel.path}")
    return found


def read_csv(channel, labelled=True, weighted=False):
    """(features, labels, weights) as float32 arrays; labels/weights None when not asked for."""
    import numpy as np
    import pandas as pd

    parts = []
    for f in files(channel):
        try:
            parts.append(pd.read_csv(f, header=None, dtype=np.float32).to_numpy())
        except ValueError as e:
            raise ClientError(f"channel {channel.name}: {os.path.basename(f)} is not numeric CSV without a header ({e})") from e
    widths = {p.shape[1] for p in parts}
    if len(widths) > 1:
        raise ClientError(f"channel {channel.name}: files have different numbers of columns ({sorted(widths)})")
    table = np.vstack(parts)
    first = int(labelled) + int(weighted)
    if table.shape[1] <= first:
        raise ClientError(f"channel {channel.name}: CSV rows need {'a label and ' if labelled else ''}at least one feature column")
    labels = table[:, 0] if labelled else None
    weights = table[:, 1] if weighted else None
    return table[:, first:], labels, weights


def read_libsvm(channel):
    """(CSR features, labels). Indices are zero-based, as in SageMaker's XGBoost."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.datasets import load_svmlight_files

    paths = files(channel)
    try:
        loaded = load_svmlight_files(paths, zero_based=True, dtype="float32")
    except ValueError as e:
        raise ClientError(f"channel {channel.name}: not libsvm data ({e})") from e
    xs, ys = loaded[0::2], loaded[1::2]
    return sp.vstack(xs, format="csr"), np.concatenate(ys)


def widen(x, n_features):
    """A CSR matrix with n_features columns (libsvm files need not mention the last ones)."""
    import scipy.sparse as sp

    if x.shape[1] >= n_features:
        return x
    return sp.csr_matrix((x.data, x.indices, x.indptr), shape=(x.shape[0], n_features))
