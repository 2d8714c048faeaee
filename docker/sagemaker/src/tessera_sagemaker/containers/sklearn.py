"""tessera/sagemaker-scikit-learn: script mode, as SageMaker's scikit-learn framework container.
Training runs the user's script; serving loads the model with the user's model_fn (required)."""
from .. import codecs, script_mode, user_module


def train(cfg):
    script_mode.run(cfg)


def load_app(model_dir):
    return user_module.app_from_env(model_dir, default_accept=codecs.JSON)
