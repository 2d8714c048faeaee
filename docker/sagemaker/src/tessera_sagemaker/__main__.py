"""`python3 -m tessera_sagemaker train|serve|process`: what /usr/local/bin/train and serve run.

Processing containers (the Model Monitor analyzer, Clarify) have no server: SageMaker runs them
with no command of its own, so the image's default command (`serve`) runs their analysis."""
import importlib
import os
import sys

from . import config, failure, paths, server

# TESSERA_CONTAINER -> the module under containers/ that gives the image its behaviour.
CONTAINERS = {
    "sklearn": "sklearn",
    "xgboost": "xgboost",
    "kmeans": "kmeans",
    "linear-learner": "linear_learner",
    "model-monitor": "model_monitor",
    "clarify": "clarify",
}


def main(argv):
    if len(argv) < 1 or argv[0] not in ("train", "serve", "process"):
        print("usage: python3 -m tessera_sagemaker train|serve|process", file=sys.stderr)
        return 2
    name = os.environ.get("TESSERA_CONTAINER", "")
    if name not in CONTAINERS:
        print(f"TESSERA_CONTAINER={name!r}: set it to one of {', '.join(CONTAINERS)}", file=sys.stderr)
        return 2
    container = importlib.import_module(f".containers.{CONTAINERS[name]}", __package__)
    if hasattr(container, "process"):
        print(f"tessera-sagemaker {name}: processing (job {os.environ.get('PROCESSING_JOB_NAME') or '-'})", flush=True)
        return failure.run(container.process)
    if argv[0] == "process":
        print(f"{name} is not a processing container", file=sys.stderr)
        return 2
    if argv[0] == "serve":
        return server.serve(name, lambda: container.load_app(paths.model_dir()))
    print(f"tessera-sagemaker {name}: training (job {os.environ.get('TRAINING_JOB_NAME') or '-'}, /opt/ml at {paths.root()})", flush=True)
    return failure.run(lambda: container.train(config.load()))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
