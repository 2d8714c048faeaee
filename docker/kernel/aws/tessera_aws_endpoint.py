"""AWS_ENDPOINT_URL for botocore releases that predate it.

Tessera tells every container where the AWS APIs are with AWS_ENDPOINT_URL (and, per service,
AWS_ENDPOINT_URL_<SERVICE>), which botocore honours from 1.31 on. Debian bookworm's botocore is
1.29, so for it alone this module gives clients created without an endpoint_url the one the
environment names, exactly as a current botocore would. It is loaded by a .pth file at interpreter
start, costs nothing until botocore.session is imported, and does nothing on a botocore that
reads the variables itself or when none is set.
"""

import os
import sys

# botocore's service ids where they differ from the client name (AWS_ENDPOINT_URL_<SERVICE_ID>).
_SERVICE_IDS = {"logs": "CLOUDWATCH_LOGS", "application-autoscaling": "APPLICATION_AUTO_SCALING"}


def _endpoint_for(service_name):
    if os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() == "true":
        return None
    service_id = _SERVICE_IDS.get(service_name, service_name.upper().replace("-", "_"))
    return os.environ.get("AWS_ENDPOINT_URL_" + service_id) or os.environ.get("AWS_ENDPOINT_URL") or None


def _patch(session_module):
    import botocore

    if tuple(int(part) for part in botocore.__version__.split(".")[:2]) >= (1, 31):
        return
    original = session_module.Session.create_client

    def create_client(self, service_name, *args, **kwargs):
        # endpoint_url is the fifth parameter after service_name (region, api version, ssl, verify).
        if len(args) >= 5:
            if args[4] is None:
                args = args[:4] + (_endpoint_for(service_name),) + args[5:]
        elif kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = _endpoint_for(service_name)
        return original(self, service_name, *args, **kwargs)

    session_module.Session.create_client = create_client


class _BotocoreSessionHook:
    """Patches botocore.session right after it is first imported."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "botocore.session":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        sys.meta_path.remove(self)
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            _patch(module)

        spec.loader.exec_module = exec_and_patch
        return spec


if any(name.startswith("AWS_ENDPOINT_URL") for name in os.environ) and "botocore.session" not in sys.modules:
    sys.meta_path.insert(0, _BotocoreSessionHook())
