"""Kernel SHAP and whole Clarify jobs with SHAP: these need shap 0.51 (numpy 2), so they run in the image:
    docker run --rm tessera/sagemaker-clarify python3 -m unittest discover -s /opt/tessera/clarify-tests
The model is a stub in place of InvokeEndpoint: f(x) = w.x + b, for which Kernel SHAP with a one-row
baseline z has the exact answer phi_i = w_i (x_i - z_i)."""
import csv
import json
import os
import shutil
import tempfile
import unittest
from unittest import mock

import numpy as np

from tessera_sagemaker import failure
from tessera_sagemaker.containers import clarify
from tessera_sagemaker.containers.clarify import aws, config, predictor, shap_explain

W = np.array([2.0, -1.0, 0.5, 3.0, -0.25, 1.5])
B = 0.7
NAMES = ["f0", "f1", "f2", "f3", "f4", "f5"]


def number(text):
    try:
        return float(text)
    except ValueError:
        return 0.0


class Linear:
    """InvokeEndpoint for f(x) = w.x + b over text/csv rows (the features only, in order)."""

    def __init__(self, w=W, b=B, squash=False):
        self.w, self.b, self.squash = w, b, squash
        self.requests = []

    def __call__(self, endpoint, body, content_type, accept, target_model=None, custom_attributes=None):
        rows = np.array([[number(v) for v in line.split(",")] for line in body.decode().splitlines()])
        self.requests.append((endpoint, len(rows)))
        y = rows @ self.w + self.b
        if self.squash:
            y = 1 / (1 + np.exp(-y))
        return "\n".join(repr(float(v)) for v in y).encode()


def data(n=40, seed=1):
    return np.random.default_rng(seed).normal(size=(n, len(W))).round(3)


class KernelShap(unittest.TestCase):
    def explain(self, x, baseline, **shap_config):
        shap_cfg = config._shap({"baseline": baseline, "num_samples": 50, "seed": 7, **shap_config})
        p = config.Predictor({"endpoint_name": "e", "content_type": "text/csv"}, "predictor", "text/csv")
        model = predictor.Model(p, NAMES)
        stub = Linear()
        with mock.patch.object(predictor, "invoke_endpoint", stub):
            kernel, values, labels = shap_explain.explain(shap_cfg, NAMES, x, lambda m: model.scores(m.tolist()))
        return kernel, values, labels, stub

    def test_linear_model_against_one_baseline_row(self):
        x = data()
        z = np.array([[0.1, 0.2, -0.3, 0.4, 0.0, -1.0]])
        kernel, values, labels, stub = self.explain(x, z.tolist())
        exact = W * (x - z)
        scale = np.abs(exact).max()
        self.assertEqual(labels, ["label0"])
        self.assertLess(np.abs(values[:, :, 0] - exact).max(), 1e-6 * scale)
        g = kernel["label0"]["global_shap_values"]
        self.assertEqual(list(g), NAMES)
        for i, name in enumerate(NAMES):
            self.assertAlmostEqual(g[name], float(np.mean(np.abs(exact[:, i]))), delta=1e-6 * scale)
        self.assertAlmostEqual(kernel["label0"]["expected_value"], float(z[0] @ W + B))
        # Batched: the baseline, then every row's coalitions in a few requests (not one per row).
        self.assertLessEqual(len(stub.requests), 5)
        self.assertTrue(all(n <= predictor.MAX_ROWS for _, n in stub.requests))

    def test_aggregations(self):
        x = data(20)
        z = np.zeros((1, len(W)))
        exact = W * (x - z)
        for method, expected in (("median", np.median(exact, axis=0)), ("mean_sq", np.mean(exact ** 2, axis=0))):
            with self.subTest(method):
                kernel, _, _, _ = self.explain(x, z.tolist(), agg_method=method)
                got = np.array(list(kernel["label0"]["global_shap_values"].values()))
                self.assertLess(np.abs(got - expected).max(), 1e-6 * max(1.0, np.abs(expected).max()))

    def test_k_means_baseline_when_none_is_given(self):
        x = data(60)
        kernel, values, _, stub = self.explain(x, None, num_clusters=4)
        predicted = x @ W + B
        # Additivity: each row's SHAP values sum to f(x) minus the expected value over the k-means baseline.
        total = values[:, :, 0].sum(axis=1) + kernel["label0"]["expected_value"]
        self.assertLess(np.abs(total - predicted).max(), 1e-6)
        self.assertEqual(stub.requests[0][1], 4)  # the baseline: four cluster centres

    def test_same_seed_same_values(self):
        x = data(10)
        stub_cfg = {"num_samples": 20}
        a = self.explain(x, None, num_clusters=3, **stub_cfg)[1]
        b = self.explain(x, None, num_clusters=3, **stub_cfg)[1]
        self.assertTrue(np.array_equal(a, b))


class Job:
    def __init__(self, test, analysis_config, rows, header):
        self.root = tempfile.mkdtemp(prefix="clarify-shap-")
        test.addCleanup(shutil.rmtree, self.root, True)
        self.write("processing/input/config/analysis_config.json", json.dumps(analysis_config))
        if rows is not None:
            self.write("processing/input/data/data.csv",
                       "\n".join([",".join(header)] + [",".join(map(str, r)) for r in rows]) + "\n")
        self.env = {"TESSERA_OPT_ML": self.root}

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def run(self, stub):
        with mock.patch.dict(os.environ, self.env), mock.patch.object(predictor, "invoke_endpoint", stub):
            code = failure.run(clarify.process)
        if code and os.path.exists(self.path("output/failure")):
            with open(self.path("output/failure")) as f:
                raise AssertionError(f.read())
        return code

    def path(self, rel):
        return os.path.join(self.root, rel)

    def json(self, rel):
        with open(self.path(rel)) as f:
            return json.load(f)


def labelled_rows(x):
    """Target (positive when f(x) > 1), Gender (f0 > 0 is facet d), the features, Pred (f(x) > 0.5)."""
    f = x @ W + B
    return [[int(f[i] > 1), int(x[i, 0] > 0), *x[i].tolist(), int(f[i] > 0.5)] for i in range(len(x))]


class WholeJob(unittest.TestCase):
    def config(self, **extra):
        return {"dataset_type": "text/csv", "headers": ["Target", "Gender", *NAMES, "Pred"], "label": "Target",
                "label_values_or_threshold": [1], "facet": [{"name_or_index": "Gender", "value_or_threshold": [1]}],
                "excluded_columns": ["Gender"],
                "methods": {"pre_training_bias": {"methods": "all"}, "post_training_bias": {"methods": "all"},
                            "shap": {"baseline": [[0] * len(W)], "num_samples": 64, "seed": 3,
                                     "save_local_shap_values": True},
                            "report": {"name": "report", "title": "Analysis Report"}},
                "predictor": {"endpoint_name": "my-endpoint", "content_type": "text/csv", "accept_type": "text/csv"},
                **extra}

    def test_with_predicted_label_column(self):
        x = data(30)
        job = Job(self, self.config(predicted_label="Pred"), labelled_rows(x), ["Target", "Gender", *NAMES, "Pred"])
        stub = Linear()
        self.assertEqual(job.run(stub), 0)
        analysis = job.json("processing/output/analysis.json")
        self.assertEqual(list(analysis), ["version", "pre_training_bias_metrics", "post_training_bias_metrics",
                                          "explanations"])
        kernel = analysis["explanations"]["kernel_shap"]["label0"]
        exact = W * x
        for i, name in enumerate(NAMES):
            self.assertAlmostEqual(kernel["global_shap_values"][name], float(np.mean(np.abs(exact[:, i]))), places=6)
        self.assertAlmostEqual(kernel["expected_value"], B)
        # The predicted_label column gave the post-training predictions: the model was asked for SHAP only.
        self.assertLessEqual(len(stub.requests), 3)
        with open(job.path("processing/output/explanations_shap/out.csv")) as f:
            out = list(csv.reader(f))
        self.assertEqual(out[0], NAMES)
        self.assertLess(np.abs(np.array(out[1:], dtype=float) - exact).max(), 1e-6)
        with open(job.path("processing/output/report.html")) as f:
            report = f.read()
        self.assertIn('class="bar', report)
        self.assertNotIn("<script", report)

    def test_with_the_model_for_predictions(self):
        x = data(30)
        rows = [r[:-1] for r in labelled_rows(x)]
        header = ["Target", "Gender", *NAMES]
        job = Job(self, self.config(probability_threshold=0.5, headers=header), rows, header)
        stub = Linear()
        self.assertEqual(job.run(stub), 0)
        analysis = job.json("processing/output/analysis.json")
        post = {m["name"]: m["value"] for m in
                analysis["post_training_bias_metrics"]["facets"]["Gender"][0]["metrics"] if "value" in m}
        f = x @ W + B
        d = x[:, 0] > 0
        predicted = f > 0.5
        self.assertAlmostEqual(post["DPPL"], predicted[~d].mean() - predicted[d].mean())
        self.assertEqual(stub.requests[0], ("my-endpoint", 30))  # the predictions for bias: one request

    def test_explainability_monitor_explains_the_live_endpoint(self):
        x = data(12)
        analysis_config = {"version": "1.0", "headers": NAMES,
                           "methods": {"shap": {"baseline": [[0] * len(W)], "num_samples": 30, "seed": 1}}}
        job = Job(self, analysis_config, None, None)
        lines = []
        for i, row in enumerate(x):
            lines.append(json.dumps({"captureData": {
                "endpointInput": {"observedContentType": "text/csv", "mode": "INPUT",
                                  "data": ",".join(map(str, row)), "encoding": "CSV"},
                "endpointOutput": {"observedContentType": "text/csv", "mode": "OUTPUT",
                                   "data": str(float(row @ W + B)), "encoding": "CSV"}},
                "eventMetadata": {"eventId": f"e{i}", "inferenceTime": "2024-05-01T10:15:00Z"},
                "eventVersion": "0"}))
        job.write("processing/input/endpoint/live/AllTraffic/2024/05/01/10/c.jsonl", "\n".join(lines) + "\n")
        # The baseline ranked f0 first; the live model's attributions put f3 first: the ranking drifted.
        baseline = {"explanations": {"kernel_shap": {"label0": {"global_shap_values": {
            "f0": 3.0, "f1": 0.1, "f2": 0.1, "f3": 0.1, "f4": 0.1, "f5": 0.05}}}}}
        job.write("processing/baseline/analysis.json", json.dumps(baseline))
        job.env.update({"dataset_source": "/opt/ml/processing/input/endpoint",
                        "analysis_type": "MODEL_EXPLAINABILITY",
                        "baseline_constraints": "/opt/ml/processing/baseline/analysis.json",
                        "sagemaker_endpoint_name": "live", "sagemaker_monitoring_schedule_name": "sched",
                        "start_time": "2024-05-01T10:00:00Z", "end_time": "2024-05-01T11:00:00Z"})
        stub = Linear()
        sagemaker = FakeSageMaker()
        with mock.patch.object(aws, "client", lambda service: sagemaker):
            self.assertEqual(job.run(stub), 0)
        # Explained on a shadow endpoint of the live endpoint's model, not on the live endpoint (whose
        # capture would then hold the analysis's own requests); the shadow is deleted after.
        (shadow,) = {e for e, _ in stub.requests}
        self.assertTrue(shadow.startswith("sm-clarify-live-model-"), shadow)
        self.assertEqual(sagemaker.created, [shadow])
        self.assertEqual(sagemaker.deleted, [shadow])
        analysis = job.json("processing/output/analysis.json")
        self.assertEqual(list(analysis), ["version", "explanations"])
        violations = job.json("processing/output/constraint_violations.json")["violations"]
        self.assertEqual([v["constraint_check_type"] for v in violations], ["feature_attribution_drift_check"])
        with open(job.path("output/message")) as f:
            self.assertEqual(f.read(), "CompletedWithViolations: Job completed successfully with 1 violations.")
        with open(job.path("output/metrics/cloudwatch/metrics.jsonl")) as f:
            metrics = [json.loads(line) for line in f]
        self.assertEqual([m["MetricName"] for m in metrics], [f"feature_{n}" for n in NAMES])
        self.assertAlmostEqual(metrics[3]["Value"], float(np.mean(np.abs(W[3] * x[:, 3]))), places=6)


class FakeSageMaker:
    """The SageMaker API as the shadow endpoint's life needs it: the live endpoint's model, then create,
    describe (InService at once) and delete."""

    def __init__(self):
        self.created, self.deleted = [], []

    def describe_endpoint(self, EndpointName):
        if EndpointName == "live":
            return {"EndpointConfigName": "live-config", "EndpointStatus": "InService"}
        return {"EndpointStatus": "InService"}

    def describe_endpoint_config(self, EndpointConfigName):
        return {"ProductionVariants": [{"ModelName": "live-model", "InstanceType": "ml.m5.large"}]}

    def create_endpoint_config(self, **kwargs):
        return {}

    def create_endpoint(self, EndpointName, EndpointConfigName):
        self.created.append(EndpointName)
        return {}

    def delete_endpoint(self, EndpointName):
        self.deleted.append(EndpointName)
        return {}

    def delete_endpoint_config(self, EndpointConfigName):
        return {}


class Logit(unittest.TestCase):
    def test_use_logit_explains_log_odds(self):
        x = data(15)
        shap_cfg = config._shap({"baseline": [[0] * len(W)], "num_samples": 40, "seed": 2, "use_logit": True})
        p = config.Predictor({"endpoint_name": "e", "content_type": "text/csv"}, "predictor", "text/csv")
        model = predictor.Model(p, NAMES)
        with mock.patch.object(predictor, "invoke_endpoint", Linear(squash=True)):
            kernel, values, _ = shap_explain.explain(shap_cfg, NAMES, x, lambda m: model.scores(m.tolist()))
        # In log-odds the model is linear again: phi = w (x - 0).
        self.assertLess(np.abs(values[:, :, 0] - W * x).max(), 1e-6 * np.abs(W * x).max())
        self.assertAlmostEqual(kernel["label0"]["expected_value"], B)


if __name__ == "__main__":
    unittest.main()
