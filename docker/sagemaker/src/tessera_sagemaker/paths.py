"""Where SageMaker's /opt/ml tree is.

Inside an image it is /opt/ml. The process backend runs the same code as host processes, one job
per directory, so TESSERA_OPT_ML moves the whole tree (code, input, model, output) elsewhere.
"""
import os

CONTAINER_ROOT = "/opt/ml"


def root():
    return os.environ.get("TESSERA_OPT_ML") or CONTAINER_ROOT


def opt_ml(*parts):
    return os.path.join(root(), *parts)


def rebase(path):
    """A path the control plane or the SDK wrote as /opt/ml/... (SAGEMAKER_SUBMIT_DIRECTORY=
    /opt/ml/model/code, say) names the same place under TESSERA_OPT_ML in host mode."""
    if path == CONTAINER_ROOT or path.startswith(CONTAINER_ROOT + "/"):
        return root() + path[len(CONTAINER_ROOT):]
    return path


def input_dir():
    return opt_ml("input")


def config_dir():
    return opt_ml("input", "config")


def data_dir():
    return opt_ml("input", "data")


def model_dir():
    return opt_ml("model")


def output_dir():
    return opt_ml("output")


def output_data_dir():
    return opt_ml("output", "data")


def intermediate_dir():
    return opt_ml("output", "intermediate")


def failure_file():
    return opt_ml("output", "failure")


def code_dir():
    return opt_ml("code")
