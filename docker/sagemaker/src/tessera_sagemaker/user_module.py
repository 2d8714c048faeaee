"""Serving through the user's module, as SageMaker's framework containers do: SAGEMAKER_PROGRAM
in SAGEMAKER_SUBMIT_DIRECTORY defines model_fn and optionally input_fn, predict_fn, output_fn
(or transform_fn, which replaces the last three)."""
import importlib.util
import os
import sys

from . import codecs, paths
from .http_errors import HttpError

# The framework containers hand input_fn a str for these types and bytes for any other.
TEXT_TYPES = (codecs.JSON, codecs.CSV)


def code_dir():
    """SAGEMAKER_SUBMIT_DIRECTORY when it is a local directory; else the code the SDK repacks into
    the model (model/code), else /opt/ml/code. An s3:// value means the control plane staged it."""
    given = os.environ.get("SAGEMAKER_SUBMIT_DIRECTORY", "")
    candidates = [paths.rebase(given)] if given and "://" not in given else []
    candidates += [os.path.join(paths.model_dir(), "code"), paths.code_dir()]
    program = os.environ.get("SAGEMAKER_PROGRAM", "")
    for d in candidates:
        if program and os.path.isfile(os.path.join(d, program)):
            return d
    return candidates[0]


def load(program, directory):
    path = os.path.join(directory, program)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"SAGEMAKER_PROGRAM {program} is not in {directory}")
    name = os.path.splitext(os.path.basename(program))[0]
    sys.path.insert(0, directory)  # the module may import its neighbours
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _default_predict(data, model):
    return model.predict(data)


def _default_output(prediction, accept):
    return codecs.encode(prediction, accept)


def _as_response(result, accept):
    """output_fn may return bytes, a str, (body, content_type) or a Flask-like Response."""
    if isinstance(result, tuple) and len(result) == 2:
        body, content_type = result
    elif hasattr(result, "get_data"):
        body, content_type = result.get_data(), getattr(result, "mimetype", None) or accept
    else:
        body, content_type = result, accept
    if isinstance(body, str):
        body = body.encode("utf-8")
    return body, content_type or "application/octet-stream"


class UserModuleApp:
    def __init__(self, module, model_dir, default_accept=codecs.JSON, default_model_fn=None,
                 default_input_fn=codecs.decode, default_predict_fn=_default_predict, default_output_fn=_default_output):
        model_fn = getattr(module, "model_fn", None) or default_model_fn
        if model_fn is None:
            raise AttributeError(f"{module.__name__} has no model_fn(model_dir): this container needs it to load the model")
        self.model = model_fn(model_dir)
        self.transform_fn = getattr(module, "transform_fn", None)
        self.input_fn = getattr(module, "input_fn", None) or default_input_fn
        self.predict_fn = getattr(module, "predict_fn", None) or default_predict_fn
        self.output_fn = getattr(module, "output_fn", None) or default_output_fn
        self.default_accept = os.environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT") or default_accept

    def invoke(self, body, content_type, accept):
        content_type = content_type or codecs.JSON
        if not accept or codecs.media_type(accept) == codecs.ANY:
            accept = self.default_accept
        if codecs.media_type(content_type) in TEXT_TYPES:
            try:
                body = body.decode("utf-8")
            except UnicodeDecodeError as e:
                raise HttpError(400, f"{content_type} payload is not UTF-8: {e}") from e
        if self.transform_fn:
            return _as_response(self.transform_fn(self.model, body, content_type, accept), accept)
        data = self.input_fn(body, content_type)
        prediction = self.predict_fn(data, self.model)
        return _as_response(self.output_fn(prediction, accept), accept)


def app_from_env(model_dir, **kw):
    program = os.environ.get("SAGEMAKER_PROGRAM", "")
    if not program:
        raise RuntimeError("SAGEMAKER_PROGRAM is not set: it names the module whose model_fn loads the model")
    return UserModuleApp(load(program, code_dir()), model_dir, **kw)
