"""The Clarify container end to end (without SHAP, which needs shap and runs in the image:
docker/clarify/tests): analysis_config.json in, analysis.json / report.html out, the predictor's batched
requests, the shadow endpoint's life cycle, config errors, and the monitoring mode's files."""
import json
import os
import shutil
import tempfile
import unittest
from unittest import mock

from tessera_sagemaker import failure
from tessera_sagemaker.containers import clarify
from tessera_sagemaker.containers.clarify import aws, monitoring, predictor

from test_clarify_metrics import PLAN

MONITOR_ENV = ("dataset_source", "analysis_config",
               "analysis_type", "ground_truth_source", "baseline_constraints", "start_time",
               "end_time", "output_path", "dataset_type", "features_attribute", "inference_attribute",
               "probability_attribute", "probability_threshold_attribute", "sagemaker_endpoint_name",
               "sagemaker_monitoring_schedule_name", "publish_cloudwatch_metrics")


def planted_csv(header=True):
    lines = ["Target,Gender,Dept,Income,Pred"] if header else []
    i = 0
    for dept, gender, label, pred, n in PLAN:
        for _ in range(n):
            i += 1
            lines.append(f"{label},{gender},{dept},{1000 + (37 * i) % 500},{pred}")
    return "\n".join(lines) + "\n"


class Job:
    """A processing job's /opt/ml tree in a temporary directory (host mode)."""

    def __init__(self, test, config, data=None, data_name="data.csv", env=None):
        self.root = tempfile.mkdtemp(prefix="clarify-test-")
        test.addCleanup(shutil.rmtree, self.root, True)
        self.write("processing/input/config/analysis_config.json", json.dumps(config))
        if data is not None:
            self.write(f"processing/input/data/{data_name}", data)
        self.env = {"TESSERA_OPT_ML": self.root, **(env or {})}

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run(self):
        clean = {k: v for k, v in os.environ.items() if k not in MONITOR_ENV}
        with mock.patch.dict(os.environ, {**clean, **self.env}, clear=True):
            return failure.run(clarify.process)

    def read(self, rel):
        with open(os.path.join(self.root, rel), encoding="utf-8") as f:
            return f.read()

    def analysis(self):
        return json.loads(self.read("processing/output/analysis.json"))

    def failure(self):
        return self.read("output/failure")


BIAS = {"dataset_type": "text/csv", "label": "Target", "predicted_label": "Pred", "label_values_or_threshold": [1],
        "facet": [{"name_or_index": "Gender", "value_or_threshold": [1]}], "group_variable": "Dept",
        "methods": {"pre_training_bias": {"methods": "all"}, "post_training_bias": {"methods": "all"},
                    "report": {"name": "report", "title": "Analysis Report"}}}


def values(section, facet="Gender", index=0):
    return {m["name"]: m.get("value", m.get("error")) for m in section["facets"][facet][index]["metrics"]}


class BiasJob(unittest.TestCase):
    def test_analysis_json_in_sagemakers_shape(self):
        job = Job(self, BIAS, planted_csv())
        self.assertEqual(job.run(), 0)
        analysis = job.analysis()
        self.assertEqual(list(analysis), ["version", "pre_training_bias_metrics", "post_training_bias_metrics"])
        self.assertEqual(analysis["version"], "1.0")
        pre = analysis["pre_training_bias_metrics"]
        self.assertEqual((pre["label"], pre["label_value_or_threshold"]), ("Target", "1"))
        [entry] = pre["facets"]["Gender"]
        self.assertEqual(entry["value_or_threshold"], "1")
        self.assertEqual([m["name"] for m in entry["metrics"]], ["CDDL", "CI", "DPL", "JS", "KL", "KS", "LP", "TVD"])
        self.assertEqual(entry["metrics"][4], {"name": "KL", "description": "Kullback-Liebler Divergence (KL)",
                                               "value": entry["metrics"][4]["value"]})
        self.assertAlmostEqual(values(pre)["DPL"], 0.3)
        self.assertAlmostEqual(values(pre)["CDDL"], 29 / 112)
        post = analysis["post_training_bias_metrics"]
        self.assertEqual([m["name"] for m in post["facets"]["Gender"][0]["metrics"]],
                         ["AD", "CDDPL", "DAR", "DCA", "DCR", "DI", "DPPL", "DRR", "FT", "GE", "RD", "SD", "TE"])
        self.assertAlmostEqual(values(post)["DI"], 6 / 13)
        # Dept is a string feature: the flip test cannot use it (smclarify reports this as the metric's error).
        self.assertEqual(values(post)["FT"], "FlipTest does not support non-numeric columns")
        report = job.read("processing/output/report.html")
        self.assertIn("<title>Analysis Report</title>", report)
        self.assertIn("Difference in Positive Proportions in Labels (DPL)", report)
        self.assertNotIn("<script", report)

    def test_headers_in_the_config_with_or_without_a_header_row(self):
        config = dict(BIAS, headers=["Target", "Gender", "Dept", "Income", "Pred"])
        for header in (True, False):
            with self.subTest(header_row=header):
                job = Job(self, config, planted_csv(header))
                self.assertEqual(job.run(), 0, job.root)
                self.assertAlmostEqual(values(job.analysis()["pre_training_bias_metrics"])["DPL"], 0.3)

    def test_columns_by_index_and_a_directory_of_files(self):
        config = dict(BIAS, label=0, predicted_label=4, facet=[{"name_or_index": 1, "value_or_threshold": [1]}],
                      group_variable=2)
        text = planted_csv().splitlines()
        job = Job(self, config, "\n".join(text[:12]) + "\n", data_name="part-0.csv")
        job.write("processing/input/data/part-1.csv", "\n".join([text[0]] + text[12:]) + "\n")
        self.assertEqual(job.run(), 0)
        pre = job.analysis()["pre_training_bias_metrics"]
        self.assertEqual(pre["label"], "Target")
        self.assertAlmostEqual(values(pre)["CI"], 1 / 3)

    def test_threshold_facet_and_one_result_per_value(self):
        rows = ["Target,Age,Color"] + [f"{int(age > 40)},{age},{'red' if age % 2 else 'blue'}" for age in range(20, 81)]
        config = {"dataset_type": "text/csv", "label": "Target", "label_values_or_threshold": [1],
                  "facet": [{"name_or_index": "Age", "value_or_threshold": [40]}, {"name_or_index": "Color"}],
                  "methods": {"pre_training_bias": {"methods": ["DPL", "CI"]}}}
        job = Job(self, config, "\n".join(rows) + "\n")
        self.assertEqual(job.run(), 0)
        pre = job.analysis()["pre_training_bias_metrics"]
        [age] = pre["facets"]["Age"]
        self.assertEqual(age["value_or_threshold"], "(40, 80]")
        self.assertEqual([m["name"] for m in age["metrics"]], ["CI", "DPL"])
        self.assertAlmostEqual(age["metrics"][1]["value"], 0 - 1)  # every row over 40 is positive, none under
        self.assertEqual([e["value_or_threshold"] for e in pre["facets"]["Color"]], ["blue", "red"])

    def test_label_threshold(self):
        rows = ["Score,Group"] + [f"{s},{g}" for s, g in [(0.9, "d"), (0.2, "d"), (0.7, "a"), (0.8, "a")]]
        config = {"dataset_type": "text/csv", "label": "Score", "label_values_or_threshold": [0.5],
                  "facet": [{"name_or_index": "Group", "value_or_threshold": ["d"]}],
                  "methods": {"pre_training_bias": {"methods": ["DPL"]}}}
        job = Job(self, config, "\n".join(rows) + "\n")
        self.assertEqual(job.run(), 0)
        pre = job.analysis()["pre_training_bias_metrics"]
        self.assertEqual(pre["label_value_or_threshold"], "(0.5, 0.9]")
        self.assertAlmostEqual(values(pre, "Group")["DPL"], 1 - 0.5)


class ConfigErrors(unittest.TestCase):
    def reason(self, config, data=None):
        job = Job(self, config, planted_csv() if data is None else data)
        self.assertEqual(job.run(), 1)
        return job.failure()

    def test_each_mistake_names_its_field(self):
        cases = [
            ({k: v for k, v in BIAS.items() if k != "methods"}, "ClientError: methods is required"),
            (dict(BIAS, dataset_type="text/tsv"), "ClientError: dataset_type 'text/tsv' is not one of"),
            (dict(BIAS, methods={"pre_training_bias": {"methods": ["DPL", "XYZ"]}}),
             "ClientError: methods.pre_training_bias.methods: unknown metric XYZ"),
            (dict(BIAS, methods={"pdp": {"grid_resolution": 5}}), "ClientError: methods.pdp is not supported"),
            (dict(BIAS, facet=[{"name_or_index": "Sex"}]), "ClientError: facet[0] 'Sex' is not a column"),
            (dict(BIAS, facet=[{"value_or_threshold": [1]}]), "ClientError: facet[0].name_or_index is required"),
            (dict(BIAS, label="Outcome"), "ClientError: label 'Outcome' is not a column"),
            ({k: v for k, v in BIAS.items() if k != "label_values_or_threshold"},
             "ClientError: label_values_or_threshold is required"),
            (dict(BIAS, methods={"shap": {"agg_method": "max"}}),
             "ClientError: methods.shap.agg_method must be one of"),
            (dict(BIAS, methods={"shap": {"num_samples": 0}}),
             "ClientError: methods.shap.num_samples must be at least 1"),
            (dict(BIAS, predictor={"content_type": "text/csv"}),
             "ClientError: predictor: give endpoint_name, or model_name"),
            (dict(BIAS, probability_threshold="high"), "ClientError: probability_threshold must be a number"),
        ]
        for config, reason in cases:
            with self.subTest(reason):
                self.assertTrue(self.reason(config).startswith(reason), self.reason(config))

    def test_predictions_are_required_for_post_training_bias(self):
        config = {k: v for k, v in BIAS.items() if k != "predicted_label"}
        self.assertIn("post_training_bias needs predictions", self.reason(config))

    def test_unreadable_inputs(self):
        job = Job(self, BIAS, None)
        job.write("processing/input/config/analysis_config.json", "{not json")
        self.assertEqual(job.run(), 1)
        self.assertTrue(job.failure().startswith("ClientError: analysis_config.json is not valid JSON"))
        self.assertIn("columns, the headers", self.reason(BIAS, planted_csv() + "1,2\n"))


def _number(text):
    try:
        return float(text)
    except ValueError:
        return 0.0


class StubModel:
    """The model behind InvokeEndpoint: a score per CSV line (or JSON line), from a function of the row."""

    def __init__(self, score, accept="text/csv"):
        self.score = score
        self.accept = accept
        self.requests = []

    def __call__(self, endpoint, body, content_type, accept, target_model=None, custom_attributes=None):
        lines = body.decode().splitlines()
        self.requests.append((endpoint, content_type, accept, lines))
        if content_type == "text/csv":
            rows = [[_number(v) for v in line.split(",")] for line in lines]
        else:
            rows = [json.loads(line)["features"] for line in lines]
        scores = [self.score(r) for r in rows]
        if accept == "application/json":
            return json.dumps({"predictions": [{"score": s} for s in scores]}).encode()
        return "\n".join(repr(s) for s in scores).encode()


class Predictor(unittest.TestCase):
    def test_post_training_bias_from_the_endpoint_in_batches(self):
        rows = ["Target,Gender,Income"] + [f"{i % 2},{int(i < 1000)},{i}" for i in range(2500)]
        model = StubModel(lambda r: 0.9 if r[1] % 3 == 0 else 0.4)
        config = {"dataset_type": "text/csv", "label": "Target", "label_values_or_threshold": [1],
                  "facet": [{"name_or_index": "Gender", "value_or_threshold": [1]}],
                  "methods": {"post_training_bias": {"methods": ["DPPL"]}},
                  "predictor": {"endpoint_name": "my-endpoint", "content_type": "text/csv"}}
        job = Job(self, config, "\n".join(rows) + "\n")
        with mock.patch.object(predictor, "invoke_endpoint", model):
            self.assertEqual(job.run(), 0, job.root)
        self.assertEqual([len(r[3]) for r in model.requests], [1000, 1000, 500])
        self.assertEqual(model.requests[0][:3], ("my-endpoint", "text/csv", "text/csv"))
        self.assertEqual(model.requests[0][3][:2], ["1,0", "1,1"])  # the label is not sent, the features are
        post = job.analysis()["post_training_bias_metrics"]
        # predicted positive: Income divisible by 3. a = 1000..2499, d = 0..999
        q_a = sum(1 for i in range(1000, 2500) if i % 3 == 0) / 1500
        q_d = sum(1 for i in range(1000) if i % 3 == 0) / 1000
        self.assertAlmostEqual(values(post)["DPPL"], q_a - q_d)

    def test_probability_threshold_and_json_requests(self):
        records = [{"features": [g, x], "label": int(x > 5)} for g in (0, 1) for x in range(10)]
        model = StubModel(lambda r: r[1] / 10, accept="application/json")
        config = {"dataset_type": "application/jsonlines", "features": "features", "label": "label",
                  "headers": ["Gender", "x", "Target"], "label_values_or_threshold": [1],
                  "facet": [{"name_or_index": "Gender", "value_or_threshold": [1]}],
                  "probability_threshold": 0.75,
                  "methods": {"post_training_bias": {"methods": ["AD", "DPPL"]}},
                  "predictor": {"endpoint_name": "e", "content_type": "application/jsonlines",
                                "content_template": '{"features":$features}', "accept_type": "application/json",
                                "probability": "predictions[*].score"}}
        job = Job(self, config, "\n".join(json.dumps(r) for r in records) + "\n", data_name="d.jsonl")
        with mock.patch.object(predictor, "invoke_endpoint", model):
            self.assertEqual(job.run(), 0, job.failure() if os.path.exists(job.root + "/output/failure") else "")
        self.assertEqual(model.requests[0][3][:2], ['{"features":[0, 0]}', '{"features":[0, 1]}'])
        post = job.analysis()["post_training_bias_metrics"]
        self.assertEqual(post["label"], "Target")
        # score > 0.75 for x >= 8; labels positive for x > 5: each group has 8/10 right (x = 6, 7 missed)
        self.assertAlmostEqual(values(post)["AD"], 0.0)
        self.assertAlmostEqual(values(post)["DPPL"], 0.0)

    def test_shadow_endpoint_is_created_waited_for_and_always_deleted(self):
        calls = []

        class FakeSageMaker:
            def __init__(self):
                self.polls = 0

            def create_endpoint_config(self, **kw):
                calls.append(("create_endpoint_config", kw))

            def create_endpoint(self, **kw):
                calls.append(("create_endpoint", kw))

            def describe_endpoint(self, EndpointName):
                self.polls += 1
                return {"EndpointStatus": "Creating" if self.polls < 2 else "InService"}

            def delete_endpoint(self, **kw):
                calls.append(("delete_endpoint", kw))

            def delete_endpoint_config(self, **kw):
                calls.append(("delete_endpoint_config", kw))

        def broken_model(*args, **kwargs):
            raise failure.ClientError("the model at endpoint x failed: ModelError: boom")

        name = "a-model-with-a-rather-long-name-that-goes-on-and-on-and-on-forever"
        config = {k: v for k, v in BIAS.items() if k != "predicted_label"}
        config["predictor"] = {"model_name": name, "instance_type": "ml.m5.xlarge", "initial_instance_count": 1}
        for invoke, code in ((StubModel(lambda r: 0.7), 0), (broken_model, 1)):
            calls.clear()
            job = Job(self, config, planted_csv())
            with mock.patch.object(aws, "client", lambda service, fake=FakeSageMaker(): fake), \
                    mock.patch.object(predictor, "invoke_endpoint", invoke), \
                    mock.patch.object(predictor, "POLL_SECONDS", 0.01):
                self.assertEqual(job.run(), code)
            names = [c[0] for c in calls]
            self.assertEqual(names, ["create_endpoint_config", "create_endpoint", "delete_endpoint",
                                     "delete_endpoint_config"])
            endpoint = calls[1][1]["EndpointName"]
            self.assertRegex(endpoint, r"^sm-clarify-a-model-with-a-rather-long-name-that-goe[a-z-]*-[0-9a-f]{8}$")
            self.assertLessEqual(len(endpoint), 63)
            self.assertEqual(calls[0][1]["ProductionVariants"][0]["ModelName"], name)
            self.assertEqual(calls[2][1], {"EndpointName": endpoint})
        self.assertIn("ModelError: boom", job.failure())


class Inputs(unittest.TestCase):
    def test_dataset_uri_when_the_dataset_input_is_empty(self):
        job = Job(self, dict(BIAS, dataset_uri="s3://bucket/prefix/"), None)
        downloads = []

        def download(uri, directory):
            downloads.append(uri)
            path = os.path.join(directory, "part.csv")
            with open(path, "w") as f:
                f.write(planted_csv())
            return [path]

        with mock.patch.object(aws, "download_prefix", download):
            self.assertEqual(job.run(), 0)
        self.assertEqual(downloads, ["s3://bucket/prefix/"])
        job = Job(self, BIAS, None)
        self.assertEqual(job.run(), 1)
        self.assertIn("the dataset input (/opt/ml/processing/input/data) is empty", job.failure())

    def test_config_file_named_by_env_or_the_only_json_file(self):
        job = Job(self, BIAS, planted_csv())
        config_dir = os.path.join(job.root, "processing/input/config")
        os.rename(os.path.join(config_dir, "analysis_config.json"), os.path.join(config_dir, "bias-config.json"))
        self.assertEqual(job.run(), 0)
        job.write("processing/input/config/other.json", "{}")
        self.assertEqual(job.run(), 1)  # two candidates: neither is guessed
        job.env["analysis_config"] = "/opt/ml/processing/input/config/bias-config.json"
        self.assertEqual(job.run(), 0)

    def test_gzip_and_skipped_files(self):
        import gzip

        job = Job(self, BIAS, None)
        with gzip.open(os.path.join(job.root, "part.csv.gz"), "wt") as f:
            f.write(planted_csv())
        os.makedirs(os.path.join(job.root, "processing/input/data"))
        os.rename(os.path.join(job.root, "part.csv.gz"), os.path.join(job.root, "processing/input/data/part.csv.gz"))
        job.write("processing/input/data/_SUCCESS", "")
        job.write("processing/input/data/.hidden/x.csv", "not,a,dataset\n")
        self.assertEqual(job.run(), 0)
        self.assertAlmostEqual(values(job.analysis()["pre_training_bias_metrics"])["DPL"], 0.3)

    def test_shap_baseline_from_s3(self):
        from tessera_sagemaker.containers.clarify import shap_explain

        with mock.patch.object(aws, "read_s3", lambda uri: b"a,b\n1,2\n3,4\n"):
            self.assertEqual(shap_explain._read_baseline("s3://b/base.csv", ["a", "b"], "text/csv"),
                             [["1", "2"], ["3", "4"]])
        with mock.patch.object(aws, "read_s3", lambda uri: b'{"f": [1, 2]}\n'):
            self.assertEqual(shap_explain._read_baseline("s3://b/base.jsonl", ["a", "b"], "application/jsonlines",
                                                         "f"), [[1, 2]])


def capture_line(features, score, time, inference_id=None, event_id=None):
    meta = {"eventId": event_id or f"e-{features}", "inferenceTime": time}
    if inference_id:
        meta["inferenceId"] = inference_id
    return json.dumps({"captureData": {
        "endpointInput": {"observedContentType": "text/csv", "mode": "INPUT", "data": features, "encoding": "CSV"},
        "endpointOutput": {"observedContentType": "text/csv; charset=utf-8", "mode": "OUTPUT", "data": score,
                           "encoding": "CSV"}},
        "eventMetadata": meta, "eventVersion": "0"})


def truth_line(event_id, label):
    return json.dumps({"groundTruthData": {"data": label, "encoding": "CSV"}, "eventMetadata": {"eventId": event_id},
                       "eventVersion": "0"})


class Monitoring(unittest.TestCase):
    def bias_job(self, baseline_dpl):
        config = {"version": "1.0", "headers": ["Target", "Gender", "Income"], "label": "Target",
                  "label_values_or_threshold": [1], "facet": [{"name_or_index": "Gender", "value_or_threshold": [1]}]}
        job = Job(self, config, None, env={
            "dataset_source": "/opt/ml/processing/input/endpoint",
            "ground_truth_source": "/opt/ml/processing/groundtruth",
            "start_time": "2024-05-01T10:00:00Z", "end_time": "2024-05-01T11:00:00Z",
            "baseline_constraints": "/opt/ml/processing/baseline/constraints/analysis.json",
            "sagemaker_endpoint_name": "ep", "sagemaker_monitoring_schedule_name": "sched",
            "probability_attribute": "0", "probability_threshold_attribute": "0.5"})
        captures, truths = [], []
        # in the window: d (Gender 1) 4 rows, 1 positive label; a 4 rows, 3 positive. Predictions = labels.
        plan = [(1, 1), (1, 0), (1, 0), (1, 0), (0, 1), (0, 1), (0, 1), (0, 0)]
        for i, (gender, label) in enumerate(plan):
            captures.append(capture_line(f"{gender},{100 + i}", "0.9" if label else "0.1", f"2024-05-01T10:{i:02d}:00Z",
                                         inference_id=f"inf-{i}"))
            truths.append(truth_line(f"inf-{i}", str(label)))
        captures.append(capture_line("1,999", "0.9", "2024-05-01T11:00:00Z", inference_id="late"))  # outside
        truths.append(truth_line("late", "1"))
        captures.append(capture_line("0,998", "0.9", "2024-05-01T10:30:00Z", event_id="no-truth"))
        job.write("processing/input/endpoint/ep/AllTraffic/2024/05/01/10/capture.jsonl", "\n".join(captures) + "\n")
        job.write("processing/groundtruth/2024/05/01/10/truth.jsonl", "\n".join(truths) + "\n")
        baseline = {"version": "1.0", "pre_training_bias_metrics": {"label": "Target", "facets": {"Gender": [
            {"value_or_threshold": "1", "metrics": [{"name": "DPL", "description": "", "value": baseline_dpl}]}]}}}
        job.write("processing/baseline/constraints/analysis.json", json.dumps(baseline))
        return job

    def test_bias_execution(self):
        job = self.bias_job(baseline_dpl=0.2)
        self.assertEqual(job.run(), 0, job.root)
        analysis = job.analysis()
        pre = values(analysis["pre_training_bias_metrics"])
        self.assertAlmostEqual(pre["CI"], 0.0)  # 4 and 4 rows: the late record and the one without truth are out
        self.assertAlmostEqual(pre["DPL"], 0.75 - 0.25)
        self.assertAlmostEqual(values(analysis["post_training_bias_metrics"])["DPPL"], 0.5)
        violations = json.loads(job.read("processing/output/constraint_violations.json"))
        self.assertEqual(violations, {"version": "1.0", "violations": [{
            "facet": "Gender", "facet_value": "1", "metric_name": "DPL", "constraint_check_type": "bias_drift_check",
            "description": "Value 0.5 does not meet the constraint requirement"}]})
        self.assertEqual(job.read("output/message"),
                         "CompletedWithViolations: Job completed successfully with 1 violations.")
        lines = [json.loads(line) for line in job.read("output/metrics/cloudwatch/metrics.jsonl").splitlines()]
        dpl = [m for m in lines if m["MetricName"] == "Gender_1_DPL"]
        self.assertEqual(dpl, [{"Namespace": "/aws/sagemaker/Endpoints/bias-metrics", "MetricName": "Gender_1_DPL",
                                "Timestamp": "2024-05-01T11:00:00Z",
                                "Dimensions": [{"Name": "Endpoint", "Value": "ep"},
                                               {"Name": "MonitoringSchedule", "Value": "sched"}],
                                "Value": 0.5, "Unit": "None"}])

    def test_no_violation_and_no_data(self):
        job = self.bias_job(baseline_dpl=0.6)
        self.assertEqual(job.run(), 0)
        self.assertEqual(job.read("output/message"), "Completed: Job completed successfully with no violations.")
        job = self.bias_job(baseline_dpl=0.6)
        job.env["start_time"], job.env["end_time"] = "2024-05-02T10:00:00Z", "2024-05-02T11:00:00Z"
        self.assertEqual(job.run(), 1)
        self.assertIn("Job inputs had no data", job.failure())

    def test_explainability_drift_and_metrics(self):
        env = {"dataset_source": "/x", "analysis_type": "MODEL_EXPLAINABILITY", "end_time": "2024-05-01T11:00:00Z",
               "sagemaker_endpoint_name": "ep", "sagemaker_monitoring_schedule_name": "s"}
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root, True)
        baseline = {"explanations": {"kernel_shap": {"label0": {"global_shap_values": {"SAT": 0.7, "GPA": 0.5,
                                                                                       "Rank": 0.05}}}}}
        with open(os.path.join(root, "baseline.json"), "w") as f:
            json.dump(baseline, f)
        env["baseline_constraints"] = os.path.join(root, "baseline.json")
        current = {"explanations": {"kernel_shap": {"label0": {"global_shap_values": {"SAT": 0.1, "GPA": 0.5,
                                                                                      "Rank": 0.9}}}}}
        with mock.patch.dict(os.environ, {"TESSERA_OPT_ML": root}):
            m = monitoring.Monitoring({**env, "output_path": root})
            m.analysis_type = monitoring.EXPLAINABILITY
            self.assertEqual(m.finish(current), 1)
            with open(os.path.join(root, "output", "message")) as f:
                self.assertTrue(f.read().startswith("CompletedWithViolations: Job completed successfully with 1"))
            names = [line["MetricName"] for line in m.metric_lines(current)]
            self.assertEqual(names, ["feature_SAT", "feature_GPA", "feature_Rank"])
            self.assertEqual(m.metric_lines(current)[0]["Namespace"], "/aws/sagemaker/Endpoints/explainability-metrics")

    def test_a_bias_monitor_needs_ground_truth(self):
        config = {"label": "Target", "label_values_or_threshold": [1], "facet": [{"name_or_index": "Gender"}]}
        job = Job(self, config, None, env={"dataset_source": "/opt/ml/processing/input/endpoint"})
        self.assertEqual(job.run(), 1)
        self.assertIn("needs ground truth", job.failure())


if __name__ == "__main__":
    unittest.main()
