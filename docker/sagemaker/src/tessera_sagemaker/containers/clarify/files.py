"""The files of an input: a file itself, or every file under a directory in name order, `.`- and `_`-prefixed
names skipped (checkpoints, _SUCCESS markers) and gzip read transparently, as Model Monitor's analyzer reads
its inputs."""
import gzip
import os


def data_files(path):
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        return []
    found = []
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(names):
            if not name.startswith((".", "_")):
                found.append(os.path.join(root, name))
    return sorted(found)


def open_text(path, newline=None):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline=newline)
    return open(path, encoding="utf-8-sig", newline=newline)
