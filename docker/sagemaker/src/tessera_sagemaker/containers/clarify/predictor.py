"""The model, called through the SageMaker runtime API in batches.

`predictor.endpoint_name` is invoked as it is. Otherwise `model_name` gets a shadow endpoint (SageMaker's
name: sm-clarify-<model>-<random>), created on the first prediction, waited for until InService, and
always deleted with its endpoint config when the analysis ends (`close`, called from a finally; SIGTERM
becomes SystemExit so a stopped job cleans up too).

Requests hold at most MAX_ROWS rows and MAX_BYTES bytes (InvokeEndpoint takes 6 MB): text/csv lines,
application/jsonlines lines from content_template ($features / $features_kvp), or one application/json
document from content_template ($records) and record_template.
"""
import json
import math
import os
import secrets
import sys
import time

from ...failure import AlgorithmError, ClientError
from . import aws, outputs

MAX_ROWS = 1000
MAX_BYTES = 5 * 1024 * 1024
ENDPOINT_TIMEOUT = float(os.environ.get("TESSERA_CLARIFY_ENDPOINT_TIMEOUT", "1800"))
POLL_SECONDS = 2.0


def invoke_endpoint(endpoint_name, body, content_type, accept, target_model=None, custom_attributes=None):
    """One InvokeEndpoint call; the response body. (The tests replace this function with a stub model.)"""
    kwargs = {"EndpointName": endpoint_name, "Body": body, "ContentType": content_type, "Accept": accept}
    if target_model:
        kwargs["TargetModel"] = target_model
    if custom_attributes:
        kwargs["CustomAttributes"] = custom_attributes
    from botocore.exceptions import ClientError as BotoError

    try:
        return aws.client("sagemaker-runtime").invoke_endpoint(**kwargs)["Body"].read()
    except BotoError as e:
        error = e.response.get("Error", {})
        raise ClientError(f"the model at endpoint {endpoint_name} failed: {error.get('Code')}: "
                          f"{error.get('Message')}"[:600]) from None


def shadow_name(model_name, prefix=None):
    """sm-clarify-<model name, cut to fit>-<8 random hex>, at most 63 characters."""
    prefix = (prefix or "sm-clarify").strip("-")[:23]
    room = 63 - len(prefix) - 2 - 8
    model = model_name[:room].strip("-") or "model"
    return f"{prefix}-{model}-{secrets.token_hex(4)}"


class Model:
    def __init__(self, predictor, feature_names, threshold=0.5, endpoint_name=None):
        self.p = predictor
        self.names = list(feature_names)
        self.threshold = threshold
        self.endpoint_name = (predictor.endpoint_name if predictor else None) or endpoint_name
        self.shadow = None  # the shadow endpoint's name once created
        self.calls = 0
        self.rows = 0

    # -- the endpoint ----------------------------------------------------------------------------------
    def _endpoint(self):
        if self.endpoint_name:
            return self.endpoint_name
        p = self.p
        name = shadow_name(p.model_name, p.endpoint_name_prefix)
        sm = aws.client("sagemaker")
        variant = {"VariantName": "AllTraffic", "ModelName": p.model_name,
                   "InitialInstanceCount": p.initial_instance_count, "InstanceType": p.instance_type}
        if p.accelerator_type:
            variant["AcceleratorType"] = p.accelerator_type
        print(f"clarify: creating shadow endpoint {name} for model {p.model_name}", flush=True)
        from botocore.exceptions import ClientError as BotoError

        try:
            sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[variant])
            self.shadow = name
            sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
        except BotoError as e:
            raise ClientError(f"could not create the shadow endpoint for model {p.model_name}: "
                              f"{e.response.get('Error', {}).get('Message')}") from None
        deadline = time.monotonic() + ENDPOINT_TIMEOUT
        while True:
            status = sm.describe_endpoint(EndpointName=name)
            state = status.get("EndpointStatus")
            if state == "InService":
                break
            if state in ("Failed", "OutOfService", "Deleting"):
                raise ClientError(f"the shadow endpoint {name} for model {p.model_name} is {state}: "
                                  f"{status.get('FailureReason') or 'no reason given'}")
            if time.monotonic() > deadline:
                raise AlgorithmError(f"the shadow endpoint {name} was not InService after "
                                     f"{ENDPOINT_TIMEOUT:.0f} s (status {state})")
            time.sleep(POLL_SECONDS)
        print(f"clarify: shadow endpoint {name} is InService", flush=True)
        self.endpoint_name = name
        return name

    def close(self):
        """Deletes the shadow endpoint and its config, if this analysis made them."""
        if not self.shadow:
            return
        name, self.shadow = self.shadow, None
        sm = aws.client("sagemaker")
        for what, call in (("endpoint", lambda: sm.delete_endpoint(EndpointName=name)),
                           ("endpoint config", lambda: sm.delete_endpoint_config(EndpointConfigName=name))):
            try:
                call()
            except Exception as e:  # noqa: BLE001 - cleanup must go on; the job's result does not depend on it
                print(f"clarify: could not delete the shadow {what} {name}: {e}", file=sys.stderr, flush=True)
        print(f"clarify: deleted shadow endpoint {name}", flush=True)

    # -- requests --------------------------------------------------------------------------------------
    def _render(self, row):
        p = self.p
        kind = p.content_type
        if kind == "text/csv":
            return outputs.csv_line(row)
        values = [_json_value(v) for v in row]
        features = json.dumps(values)
        kvp = json.dumps(dict(zip(self.names, values)))
        if kind == "application/jsonlines":
            template = p.content_template or "$features"
        else:
            template = p.record_template or "$features"
        return template.replace("$features_kvp", kvp).replace("$features", features)

    def _body(self, rendered):
        p = self.p
        if p.content_type == "text/csv" or p.content_type == "application/jsonlines":
            return "\n".join(rendered)
        if "$records" in p.content_template:
            return p.content_template.replace("$records", "[" + ",".join(rendered) + "]")
        return p.content_template.replace("$record", rendered[0])

    def _batches(self, rows):
        per_request = 1 if self.p.content_type == "application/json" and "$records" not in self.p.content_template \
            else MAX_ROWS
        batch, size = [], 0
        for row in rows:
            text = self._render(row)
            if batch and (len(batch) >= per_request or size + len(text) + 1 > MAX_BYTES):
                yield batch
                batch, size = [], 0
            batch.append(text)
            size += len(text) + 1
        if batch:
            yield batch

    def records(self, rows):
        """The model's output records for rows (lists of feature values), one per row."""
        if self.p is None:
            raise ClientError("a predictor is required to get the model's predictions")
        endpoint = self._endpoint()
        out = []
        for batch in self._batches(rows):
            body = self._body(batch).encode("utf-8")
            response = invoke_endpoint(endpoint, body, self.p.content_type, self.p.accept_type,
                                       self.p.target_model, self.p.custom_attributes)
            self.calls += 1
            self.rows += len(batch)
            out.extend(outputs.split_records(response, self.p.accept_type, len(batch), self.p.label,
                                             self.p.probability))
        return out

    def predict(self, rows):
        return outputs.interpret(self.records(rows), label=self.p.label, probability=self.p.probability,
                                 threshold=self.threshold, label_headers=self.p.label_headers)

    def scores(self, rows):
        """A float matrix (rows x outputs): what SHAP explains."""
        import numpy as np

        predictions = self.predict(rows)
        if predictions.scores is None:
            raise ClientError("SHAP needs numeric model output: set predictor.probability to the score's index "
                              "or key (the predicted labels are not numbers)")
        return np.asarray(predictions.scores, dtype=float)


def _json_value(v):
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v
