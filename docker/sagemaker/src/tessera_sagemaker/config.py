"""The training job as SageMaker describes it to a container: the three JSON files in
/opt/ml/input/config and the channel directories under /opt/ml/input/data."""
import json
import math
import os
from dataclasses import dataclass, field

from . import paths


def _read_json(name, default):
    path = os.path.join(paths.config_dir(), name)
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@dataclass
class Channel:
    name: str
    path: str
    content_type: str = ""
    config: dict = field(default_factory=dict)


@dataclass
class TrainingConfig:
    hyperparameters: dict
    input_data_config: dict
    resource_config: dict
    channels: dict

    @property
    def current_host(self):
        return self.resource_config["current_host"]

    @property
    def hosts(self):
        return self.resource_config["hosts"]

    @property
    def is_master(self):
        # SageMaker's convention for "the one host that writes the model": the first in the list.
        return self.current_host == self.hosts[0]

    @property
    def job_name(self):
        return os.environ.get("TRAINING_JOB_NAME", "")


def load():
    hyperparameters = _read_json("hyperparameters.json", {})
    input_data_config = _read_json("inputdataconfig.json", {})
    resource = _read_json("resourceconfig.json", {})
    resource.setdefault("current_host", "algo-1")
    resource.setdefault("hosts", [resource["current_host"]])
    resource.setdefault("network_interface_name", "eth0")
    # The channels are what inputdataconfig.json declares; without one (a container run by
    # hand), every directory under input/data.
    names = set(input_data_config)
    if not names and os.path.isdir(paths.data_dir()):
        names = {n for n in os.listdir(paths.data_dir()) if os.path.isdir(os.path.join(paths.data_dir(), n))}
    channels = {}
    for name in sorted(names):
        cfg = input_data_config.get(name, {})
        channels[name] = Channel(name, os.path.join(paths.data_dir(), name), cfg.get("ContentType", ""), cfg)
    # SageMaker sends every value as a string; a hand-written file may hold numbers.
    hps = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in hyperparameters.items()}
    return TrainingConfig(hps, input_data_config, resource, channels)


def num_cpus():
    """CPUs this process may use: the affinity mask, capped by a cgroup CPU quota (docker --cpus),
    which os.cpu_count() ignores."""
    n = len(os.sched_getaffinity(0))
    quota = None
    try:
        with open("/sys/fs/cgroup/cpu.max") as f:  # cgroup v2
            q, p = f.read().split()
            if q != "max":
                quota = int(q) / int(p)
    except (OSError, ValueError):
        try:
            with open("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") as f:  # cgroup v1
                q = int(f.read())
            with open("/sys/fs/cgroup/cpu/cpu.cfs_period_us") as f:
                p = int(f.read())
            if q > 0:
                quota = q / p
        except (OSError, ValueError):
            pass
    if quota:
        n = min(n, max(1, math.ceil(quota)))
    return n


def num_gpus():
    try:
        return sum(1 for d in os.listdir("/dev") if d.startswith("nvidia") and d[6:].isdigit())
    except OSError:
        return 0
