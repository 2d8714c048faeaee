"""Script mode, as SageMaker's framework containers run it: the user's `sagemaker_program` from
`sagemaker_submit_directory` runs with the other hyperparameters as command-line arguments and
the SM_* environment of the SageMaker training toolkit."""
import collections
import json
import os
import shlex
import signal
import subprocess
import sys
import tarfile
import threading

from . import config, paths
from .failure import AlgorithmError, ClientError
from .hyperparameters import decode

# sagemaker_* hyperparameters the toolkit consumes itself; any other sagemaker_* one is passed to
# the script's environment as an "additional framework parameter".
KNOWN_FRAMEWORK_PARAMS = {
    "sagemaker_program", "sagemaker_submit_directory", "sagemaker_container_log_level",
    "sagemaker_job_name", "sagemaker_region", "sagemaker_enable_cloudwatch_metrics",
}
STDERR_TAIL_LINES = 40
MAX_ERROR_MESSAGE = 700


def split_hyperparameters(raw):
    """(user hyperparameters, sagemaker_* ones), values decoded the toolkit's way."""
    user, framework = {}, {}
    for name, value in raw.items():
        (framework if name.startswith("sagemaker_") else user)[name] = decode(value)
    return user, framework


def cmd_args(hps):
    """`--name value` per hyperparameter, sorted by name; a one-letter name gets one dash, a dict
    value becomes k=v,k=v, anything else its str() (so true is "True", as in the toolkit)."""
    args = []
    for name in sorted(hps):
        value = hps[name]
        args.append(("-" if len(name) == 1 else "--") + name)
        if isinstance(value, dict):
            args.append(",".join(f"{k}={v}" for k, v in sorted(value.items())))
        else:
            args.append(str(value))
    return args


def env_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def training_env(cfg, user_hps, framework, program, module_dir):
    """The toolkit's environment, as the dict SM_TRAINING_ENV holds and as SM_* variables."""
    channel_dirs = {name: ch.path for name, ch in cfg.channels.items()}
    resource = cfg.resource_config
    module_name = program[:-3] if program.endswith(".py") else program
    env = {
        "additional_framework_parameters": {k: v for k, v in framework.items() if k not in KNOWN_FRAMEWORK_PARAMS},
        "channel_input_dirs": channel_dirs,
        "current_host": cfg.current_host,
        "current_instance_group": resource.get("current_group_name", "homogeneousCluster"),
        "current_instance_type": resource.get("current_instance_type", "local"),
        "framework_module": os.environ.get("SAGEMAKER_TRAINING_MODULE", "tessera_sagemaker.script_mode:run"),
        "hosts": sorted(cfg.hosts),
        "hyperparameters": user_hps,
        "input_config_dir": paths.config_dir(),
        "input_data_config": cfg.input_data_config,
        "input_dir": paths.input_dir(),
        "is_master": cfg.is_master,
        "job_name": framework.get("sagemaker_job_name") or cfg.job_name,
        "log_level": framework.get("sagemaker_container_log_level", 20),
        "master_hostname": cfg.hosts[0],
        "model_dir": paths.model_dir(),
        "module_dir": module_dir,
        "module_name": module_name,
        "network_interface_name": resource["network_interface_name"],
        "num_cpus": config.num_cpus(),
        "num_gpus": config.num_gpus(),
        "output_data_dir": paths.output_data_dir(),
        "output_dir": paths.output_dir(),
        "output_intermediate_dir": paths.intermediate_dir(),
        "resource_config": resource,
        "user_entry_point": program,
    }
    args = cmd_args(user_hps)
    variables = {k: v for k, v in env.items() if k not in ("hyperparameters", "additional_framework_parameters", "channel_input_dirs")}
    variables.update({
        "hps": user_hps,
        "framework_params": env["additional_framework_parameters"],
        "channels": sorted(channel_dirs),
        "user_args": args,
        "training_env": env,
    })
    variables.update({f"hp_{k}": v for k, v in user_hps.items()})
    variables.update({f"channel_{k}": v for k, v in channel_dirs.items()})
    return env, args, {f"SM_{k.upper()}": env_value(v) for k, v in variables.items()}


def _extract(archive, dest):
    os.makedirs(dest, exist_ok=True)
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:
            for m in tar.getmembers():
                if m.name.startswith("/") or ".." in m.name.split("/") or m.issym() or m.islnk():
                    raise ClientError(f"sagemaker_submit_directory: unsafe path {m.name!r} in {archive}")
            tar.extractall(dest)


def locate_code(submit_dir):
    """The directory holding the user's code. The control plane stages S3 code at /opt/ml/code;
    a local directory or .tar.gz (a container run by hand, host mode) is used as it is."""
    code = paths.code_dir()
    if not submit_dir:
        return code
    if "://" in submit_dir:
        if os.path.isdir(code) and os.listdir(code):
            return code
        raise ClientError(f"sagemaker_submit_directory {submit_dir} was not staged: {code} is empty")
    local = paths.rebase(submit_dir)
    if os.path.isdir(local):
        return local
    if os.path.isfile(local) and tarfile.is_tarfile(local):
        _extract(local, code)
        return code
    raise ClientError(f"sagemaker_submit_directory {submit_dir}: no such directory or .tar.gz file")


def command(program, code, args):
    path = os.path.join(code, program)
    if not os.path.isfile(path):
        raise ClientError(f"sagemaker_program {program}: no such file in {code}")
    if program.endswith(".py"):
        return [sys.executable, program, *args]
    if program.endswith(".sh"):
        return ["/bin/sh", program, *args]
    os.chmod(path, os.stat(path).st_mode | 0o111)
    return [os.path.join(".", program), *args]


def _stream(pipe, sink, tail):
    """Copies the child's stderr through as it comes, keeping its last lines for the failure."""
    for line in iter(pipe.readline, b""):
        sink.write(line)
        sink.flush()
        tail.append(line)
    pipe.close()


def wait_for_hosts(hosts, timeout_s=120):
    """A distributed script may reach for its peers at once; their containers start one after
    another, so, as SageMaker's training toolkit does, wait until every host name resolves."""
    if len(hosts) < 2:
        return
    import socket
    import time
    deadline = time.monotonic() + timeout_s
    pending = list(hosts)
    while pending:
        try:
            socket.gethostbyname(pending[0])
            pending.pop(0)
        except OSError:
            if time.monotonic() > deadline:
                raise AlgorithmError(f"the other hosts of this job did not come up within {timeout_s} s: {', '.join(pending)} do not resolve")
            time.sleep(0.2)
    print(f"All hosts resolve: {', '.join(hosts)}", flush=True)


def run(cfg):
    user_hps, framework = split_hyperparameters(cfg.hyperparameters)
    program = framework.get("sagemaker_program") or os.environ.get("SAGEMAKER_PROGRAM")
    if not program:
        raise ClientError("sagemaker_program: this image runs a training script, and no hyperparameter sagemaker_program (or SAGEMAKER_PROGRAM) names one")
    program = str(program)
    submit_dir = framework.get("sagemaker_submit_directory") or os.environ.get("SAGEMAKER_SUBMIT_DIRECTORY")
    code = locate_code(str(submit_dir) if submit_dir else None)
    _, args, sm_env = training_env(cfg, user_hps, framework, program, str(submit_dir or code))
    for d in (paths.model_dir(), paths.output_data_dir(), paths.intermediate_dir()):
        os.makedirs(d, exist_ok=True)
    if os.path.exists(os.path.join(code, "requirements.txt")):
        print("requirements.txt found: no package index is reachable here, so it is not installed; "
              "the image's Debian packages are what the script can import", flush=True)

    wait_for_hosts(cfg.hosts)
    cmd = command(program, code, args)
    env = {**os.environ, **sm_env, "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (code, os.environ.get("PYTHONPATH")) if p)
    print(f"Invoking script: {shlex.join(cmd)} (in {code})", flush=True)
    child = subprocess.Popen(cmd, cwd=code, env=env, stderr=subprocess.PIPE)
    # A stop (docker stop, the process backend's SIGTERM) reaches the user's script.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda s, _f: child.send_signal(s))
    tail = collections.deque(maxlen=STDERR_TAIL_LINES)
    reader = threading.Thread(target=_stream, args=(child.stderr, sys.stderr.buffer, tail), daemon=True)
    reader.start()
    rc = child.wait()
    reader.join()
    if rc == 0:
        return
    if rc < 0:
        exit_code, what = 128 - rc, f"killed by signal {signal.Signals(-rc).name}"
    else:
        exit_code, what = rc, ""
    message = (b"".join(tail).decode("utf-8", "replace").strip() or what)[-MAX_ERROR_MESSAGE:]
    raise AlgorithmError(
        f'ExecuteUserScriptError:\nExitCode {exit_code}\nErrorMessage "{message}"\nCommand "{shlex.join(cmd)}"',
        exit_code=exit_code,
    )
