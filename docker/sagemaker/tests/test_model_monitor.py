"""The Model Monitor analyzer (containers/model_monitor): whole jobs run through process() with the
environment SageMaker gives the container, /opt/ml moved under a temporary TESSERA_OPT_ML."""
import base64
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import numpy as np

from tessera_sagemaker.containers import model_monitor
from tessera_sagemaker.containers.model_monitor import kll, quality_metrics, statistics
from tessera_sagemaker.failure import ClientError

# Every variable the analyzer reads: each job starts from none of them set.
ANALYZER_ENV = (
    "dataset_format", "dataset_source", "output_path", "publish_cloudwatch_metrics", "baseline_statistics",
    "baseline_constraints", "start_time", "end_time", "sagemaker_endpoint_name", "sagemaker_monitoring_schedule_name",
    "analysis_type", "categorical_drift_method", "record_preprocessor_script", "post_analytics_processor_script",
    "problem_type", "inference_attribute", "probability_attribute", "ground_truth_attribute",
    "probability_threshold_attribute", "ground_truth_source",
)
CAPTURE_INPUT = '{"sagemakerCaptureJson": {"captureIndexNames": ["endpointInput"]}}'
CAPTURE_BOTH = '{"sagemakerCaptureJson": {"captureIndexNames": ["endpointInput", "endpointOutput"]}}'
WINDOW = {"start_time": "2026-12-07T10:00:00Z", "end_time": "2026-12-07T11:00:00Z"}


def entry(data, encoding="CSV", content_type="text/csv", mode="INPUT"):
    return {"observedContentType": content_type, "mode": mode, "data": data, "encoding": encoding}


def capture_record(event_id, time="2026-12-07T10:00:01Z", inputs=None, outputs=None, inference_id=None):
    data = {}
    if inputs is not None:
        data["endpointInput"] = inputs if isinstance(inputs, dict) else entry(inputs)
    if outputs is not None:
        data["endpointOutput"] = outputs if isinstance(outputs, dict) else entry(outputs, mode="OUTPUT")
    meta = {"eventId": event_id, "inferenceTime": time}
    if inference_id:
        meta["inferenceId"] = inference_id
    return {"captureData": data, "eventMetadata": meta, "eventVersion": "0"}


class Job(unittest.TestCase):
    """A temporary /opt/ml and helpers to write inputs and run the analyzer."""

    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root, True)

    def path(self, *parts):
        return os.path.join(self.root, "processing", *parts)

    def write(self, relative, text):
        path = self.path(relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def write_captures(self, name, records, hour="10"):
        lines = "".join(json.dumps(r) + "\n" for r in records)
        return self.write(f"{name}/ep/AllTraffic/2026/12/07/{hour}/capture.jsonl", lines)

    def run_job(self, **env):
        values = {name: "" for name in ANALYZER_ENV}
        values.update({"TESSERA_OPT_ML": self.root, "output_path": "/opt/ml/processing/output"})
        values.update(env)
        with mock.patch.dict(os.environ, values), contextlib.redirect_stdout(io.StringIO()):
            model_monitor.process()

    def result(self, name, directory="output"):
        with open(self.path(directory, name)) as f:
            return json.load(f)

    def message(self):
        with open(os.path.join(self.root, "output", "message")) as f:
            return f.read().strip()

    def baseline_csv(self, text, header=True):
        self.write("baseline/data.csv", text)
        self.run_job(dataset_format=json.dumps({"csv": {"header": header, "output_columns_position": "START"}}),
                     dataset_source="/opt/ml/processing/baseline", output_path="/opt/ml/processing/baseline_out")

    def monitor(self, records, dataset_format=CAPTURE_INPUT, **env):
        self.write_captures("endpoint", records)
        values = dict(WINDOW, dataset_format=dataset_format, dataset_source="/opt/ml/processing/endpoint",
                      baseline_statistics="/opt/ml/processing/baseline_out/statistics.json",
                      baseline_constraints="/opt/ml/processing/baseline_out/constraints.json")
        values.update(env)
        self.run_job(**values)
        return self.result("constraint_violations.json")["violations"]


def sample_rows(rng, n, shift=0.0, categories=("a", "b", "c")):
    return [f"{rng.normal() + shift:.6f},{rng.uniform(0, 10):.6f},{rng.choice(categories)}" for _ in range(n)]


class EssentialProperty(Job):
    """Data like the baseline's raises nothing; a shifted feature raises exactly its drift."""

    def test_same_distribution_passes_and_a_shift_is_exactly_one_drift_violation(self):
        for seed in range(6):
            with self.subTest(seed=seed):
                rng = np.random.default_rng(seed)
                self.baseline_csv("x,y,cat\n" + "\n".join(sample_rows(rng, 2000)) + "\n")
                same = [capture_record(f"s{i}", inputs=row) for i, row in enumerate(sample_rows(rng, 300))]
                self.assertEqual(self.monitor(same), [])
                self.assertEqual(self.message(), "Completed: Job completed successfully with no violations.")
                shutil.rmtree(self.path("endpoint"))
                shifted = [capture_record(f"d{i}", inputs=row) for i, row in enumerate(sample_rows(rng, 300, 2.0))]
                found = self.monitor(shifted)
                self.assertEqual([(v["feature_name"], v["constraint_check_type"]) for v in found],
                                 [("x", "baseline_drift_check")])
                self.assertTrue(found[0]["description"].startswith("Baseline drift distance: "))
                self.assertEqual(self.message(),
                                 "CompletedWithViolations: Job completed successfully with 1 violations.")
                shutil.rmtree(self.path("endpoint"))


class Sketch(unittest.TestCase):
    def test_exact_on_small_data(self):
        sketch = kll.KLL()
        values = [3.0, 1.0, 2.0, 3.0, 2.5]
        for v in values:
            sketch.update(v)
        self.assertEqual(sketch.to_json(), {"parameters": {"c": 0.64, "k": 2048.0}, "data": [values]})
        items, weights = sketch.weighted()
        self.assertEqual(kll.cdf(items, weights, [0.5, 2.0, 2.9, 3.0]).tolist(), [0.0, 0.4, 0.6, 1.0])

    def test_bounded_with_small_rank_error(self):
        rng = np.random.default_rng(7)
        values = rng.lognormal(size=200_000)
        sketch = kll.KLL()
        for v in values.tolist():
            sketch.update(v)
        size = sum(len(level) for level in sketch.levels)
        self.assertLess(size, 6000)  # about k / (1 - c)
        items, weights = sketch.weighted()
        self.assertEqual(weights.sum(), 200_000)
        points = np.quantile(values, np.linspace(0.01, 0.99, 99))
        exact = np.searchsorted(np.sort(values), points, side="right") / len(values)
        self.assertLessEqual(np.max(np.abs(kll.cdf(items, weights, points) - exact)), 0.02)

    def test_a_sketch_survives_its_json(self):
        sketch = kll.KLL()
        for v in range(10_000):
            sketch.update(float(v))
        levels = kll.levels_from_json(json.loads(json.dumps(sketch.to_json())))
        items, weights = kll.weighted_items(levels)
        self.assertAlmostEqual(float(kll.cdf(items, weights, [4999.0])[0]), 0.5, delta=0.01)


class Types(unittest.TestCase):
    def column(self, values):
        column = statistics.Column()
        for v in values:
            column.add(v)
        return column

    def test_values_are_classified_by_their_text(self):
        kinds = [statistics.classify(v)[0] for v in ("12", "-3", "1.5", ".5", "1e-05", "2E3", "abc", "", " ", None,
                                                       "NaN", "1,5", 7, 2.0, True, float("nan"))]
        self.assertEqual(kinds, ["Integral", "Integral", "Fractional", "Fractional", "Fractional", "Fractional",
                                 "String", None, None, None, "String", "String", "Integral", "Fractional", "String",
                                 None])

    def test_inferred_types(self):
        self.assertEqual(self.column(["1", "2", "", "3"]).inferred_type(), "Integral")
        self.assertEqual(self.column(["1", "2.5"]).inferred_type(), "Fractional")
        self.assertEqual(self.column(["a", "b", "1"]).inferred_type(), "String")
        self.assertEqual(self.column(["", None]).inferred_type(), "Unknown")

    def test_a_numeric_column_with_a_few_strings_is_decided_by_their_share(self):
        mostly = self.column([str(i + 0.5) for i in range(95)] + ["n/a"] * 5)
        self.assertEqual(mostly.inferred_type(), "Fractional")
        self.assertEqual(mostly.conforming("Fractional"), 0.95)
        self.assertEqual(mostly.n, 95)
        self.assertEqual(mostly.present, 100)
        half = self.column([str(i) for i in range(50)] + ["n/a"] * 50)
        self.assertEqual(half.inferred_type(), "String")

    def test_integers_are_valid_fractional_values(self):
        column = self.column(["1", "2.5"])
        self.assertEqual(column.conforming("Fractional"), 1.0)
        self.assertEqual(column.conforming("Integral"), 0.5)

    def test_categorical_memory_is_bounded(self):
        column = self.column([f"id-{i}" for i in range(statistics.MAX_CATEGORIES + 5000)])
        self.assertEqual(len(column.counts), statistics.MAX_CATEGORIES)
        self.assertAlmostEqual(column.distinct_count, statistics.MAX_CATEGORIES + 5000, delta=600)


class Files(Job):
    """statistics.json and constraints.json in SageMaker's exact shape."""

    def test_statistics_and_constraints_have_the_documented_shape(self):
        self.baseline_csv("1.0,x\n2.0,x\n2.0,y\n3.0,\n3.0,x\n3.0,y\n", header=False)
        stats = self.result("statistics.json", "baseline_out")
        self.assertEqual(list(stats), ["version", "dataset", "features"])
        self.assertIsInstance(stats["version"], float)
        self.assertEqual(stats["version"], 0.0)
        self.assertEqual(stats["dataset"], {"item_count": 6})
        number, text = stats["features"]
        self.assertEqual(list(number), ["name", "inferred_type", "numerical_statistics"])
        self.assertEqual((number["name"], number["inferred_type"]), ("_c0", "Fractional"))
        numeric = number["numerical_statistics"]
        self.assertEqual(list(numeric), ["common", "mean", "sum", "std_dev", "min", "max", "distribution"])
        self.assertEqual(numeric["common"], {"num_present": 6, "num_missing": 0})
        self.assertAlmostEqual(numeric["mean"], 14 / 6)
        self.assertEqual(numeric["sum"], 14.0)
        self.assertAlmostEqual(numeric["std_dev"], float(np.std([1, 2, 2, 3, 3, 3])))  # population
        self.assertEqual((numeric["min"], numeric["max"]), (1.0, 3.0))
        distribution = numeric["distribution"]["kll"]
        self.assertEqual(list(distribution), ["buckets", "sketch"])
        self.assertEqual(len(distribution["buckets"]), 10)
        self.assertEqual(distribution["buckets"][0], {"lower_bound": 1.0, "upper_bound": 1.2, "count": 1.0})
        self.assertEqual(distribution["buckets"][5], {"lower_bound": 2.0, "upper_bound": 2.2, "count": 2.0})
        self.assertEqual(distribution["buckets"][9], {"lower_bound": 2.8, "upper_bound": 3.0, "count": 3.0})
        self.assertEqual(distribution["sketch"], {"parameters": {"c": 0.64, "k": 2048.0},
                                                  "data": [[1.0, 2.0, 2.0, 3.0, 3.0, 3.0]]})
        self.assertEqual(text, {"name": "_c1", "inferred_type": "String", "string_statistics": {
            "common": {"num_present": 5, "num_missing": 1}, "distinct_count": 2.0,
            "distribution": {"categorical": {"buckets": [{"value": "x", "count": 3}, {"value": "y", "count": 2}]}}}})

        cons = self.result("constraints.json", "baseline_out")
        self.assertEqual(cons["version"], 0.0)
        self.assertEqual(cons["features"], [
            {"name": "_c0", "inferred_type": "Fractional", "completeness": 1.0,
             "num_constraints": {"is_non_negative": True}},
            {"name": "_c1", "inferred_type": "String", "completeness": 5 / 6,
             "string_constraints": {"domains": ["x", "y"]}},
        ])
        self.assertEqual(cons["monitoring_config"], {
            "evaluate_constraints": "Enabled", "emit_metrics": "Enabled",
            "datatype_check_threshold": 1.0, "domain_content_threshold": 1.0,
            "distribution_constraints": {"perform_comparison": "Enabled", "comparison_threshold": 0.1,
                                         "comparison_method": "Robust", "categorical_comparison_threshold": 0.1,
                                         "categorical_drift_method": "LInfinity"}})
        self.assertEqual(self.message(), "Completed: Job completed successfully with no violations.")

    def test_json_lines_features_are_named_by_key_in_name_order(self):
        self.write("baseline/data.jsonl", '{"b": 1, "a": "u", "c": {"d": 2.5}}\n{"a": "v", "b": 2}\n')
        self.run_job(dataset_format='{"json": {"lines": true}}', dataset_source="/opt/ml/processing/baseline")
        features = self.result("statistics.json")["features"]
        self.assertEqual([(f["name"], f["inferred_type"]) for f in features],
                         [("a", "String"), ("b", "Integral"), ("c.d", "Fractional")])
        self.assertEqual(features[2]["numerical_statistics"]["common"], {"num_present": 1, "num_missing": 1})

    def test_a_mostly_numeric_column_gets_its_own_type_threshold(self):
        self.baseline_csv("v\n" + "".join(f"{i}.5\n" for i in range(19)) + "unknown\n")
        cons = self.result("constraints.json", "baseline_out")
        self.assertEqual(cons["features"][0]["monitoringConfigOverrides"], {"datatype_check_threshold": 0.95})
        # The baseline's own data then passes.
        rows = [capture_record(f"e{i}", inputs=f"{i}.5") for i in range(19)] + [capture_record("u", inputs="unknown")]
        self.assertEqual(self.monitor(rows), [])


class Checks(Job):
    def setUp(self):
        super().setUp()
        rng = np.random.default_rng(3)
        self.rng = rng
        self.baseline_csv("x,y,cat\n" + "\n".join(sample_rows(rng, 1000)) + "\n")

    def rows(self, texts):
        return [capture_record(f"e{i}", inputs=t) for i, t in enumerate(texts)]

    def kinds(self, found):
        return [(v["feature_name"], v["constraint_check_type"]) for v in found]

    def test_completeness(self):
        texts = sample_rows(self.rng, 200)
        texts = [f"{t.split(',')[0]},,{t.split(',')[2]}" if i % 10 == 0 else t for i, t in enumerate(texts)]
        found = self.monitor(self.rows(texts))
        self.assertEqual(self.kinds(found), [("y", "completeness_check")])
        self.assertTrue(found[0]["description"].startswith("Value: 0.9 does not meet the constraint requirement! "))

    def test_missing_and_extra_columns(self):
        found = self.monitor(self.rows([t.rsplit(",", 1)[0] for t in sample_rows(self.rng, 200)]))
        self.assertEqual(self.kinds(found), [("cat", "missing_column_check")])
        self.assertIn("Number of columns in current dataset: 2, Number of columns in baseline constraints: 3",
                      found[0]["description"])
        shutil.rmtree(self.path("endpoint"))
        found = self.monitor(self.rows([t + ",extra" for t in sample_rows(self.rng, 200)]))
        self.assertEqual(self.kinds(found), [("_c3", "extra_column_check")])
        stats = self.result("statistics.json")
        self.assertEqual([f["name"] for f in stats["features"]], ["x", "y", "cat", "_c3"])

    def test_categorical_values(self):
        texts = sample_rows(self.rng, 200)
        texts = [t[:-1] + "d" if i % 20 == 0 else t for i, t in enumerate(texts)]
        found = self.monitor(self.rows(texts))
        self.assertEqual(self.kinds(found), [("cat", "categorical_values_check")])
        self.assertTrue(found[0]["description"].startswith("Value: 0.95 does not meet the constraint requirement! "))

    def test_data_type(self):
        texts = ["oops" + t if i % 4 == 0 else t for i, t in enumerate(sample_rows(self.rng, 200))]
        found = self.monitor(self.rows(texts))
        self.assertIn(("x", "data_type_check"), self.kinds(found))
        self.assertTrue(found[0]["description"].startswith("Value: 0.75 does not meet the constraint requirement! "))

    def test_a_feature_override_disables_its_checks(self):
        path = self.path("baseline_out", "constraints.json")
        with open(path) as f:
            cons = json.load(f)
        cons["features"][0]["monitoringConfigOverrides"] = {"evaluate_constraints": "Disabled"}
        cons["features"][2]["string_constraints"]["monitoring_config_overrides"] = {"evaluate_constraints": "Disabled"}
        with open(path, "w") as f:
            json.dump(cons, f)
        texts = ["oops" + t for t in sample_rows(self.rng, 200, shift=3.0, categories=("z",))]
        self.assertEqual(self.monitor(self.rows(texts)), [])

    def test_perform_comparison_disabled(self):
        path = self.path("baseline_out", "constraints.json")
        with open(path) as f:
            cons = json.load(f)
        cons["monitoring_config"]["distribution_constraints"]["perform_comparison"] = "Disabled"
        with open(path, "w") as f:
            json.dump(cons, f)
        self.assertEqual(self.monitor(self.rows(sample_rows(self.rng, 200, shift=3.0))), [])

    def test_chi_squared(self):
        same = self.monitor(self.rows(sample_rows(self.rng, 300)), categorical_drift_method="ChiSquared",
                            baseline_constraints="")  # statistics alone: the default config, this method
        self.assertNotIn(("cat", "baseline_drift_check"), self.kinds(same))
        shutil.rmtree(self.path("endpoint"))
        skewed = self.monitor(self.rows(sample_rows(self.rng, 300, categories=("a", "a", "a", "b", "c"))),
                              categorical_drift_method="ChiSquared")
        drift = [v for v in skewed if v["constraint_check_type"] == "baseline_drift_check"]
        self.assertEqual([v["feature_name"] for v in drift], ["cat"])
        self.assertIn("p-value", drift[0]["description"])

    def test_zero_records_in_the_window_fail_the_execution(self):
        with self.assertRaisesRegex(ClientError, "no data captured between 2026-12-07T10:00:00Z and "
                                                 "2026-12-07T11:00:00Z.*1 capture records read, 0 in the window"):
            self.monitor([capture_record("late", time="2026-12-07T12:00:00Z", inputs="1,2,a")])

    def test_cloudwatch_metrics(self):
        self.monitor(self.rows(sample_rows(self.rng, 100, shift=2.0)), publish_cloudwatch_metrics="Enabled",
                     sagemaker_endpoint_name="ep", sagemaker_monitoring_schedule_name="sched")
        with open(os.path.join(self.root, "output", "metrics", "cloudwatch", "metrics.jsonl")) as f:
            lines = [json.loads(line) for line in f]
        names = [m["MetricName"] for m in lines]
        self.assertEqual(names, ["feature_baseline_drift_x", "feature_non_null_x", "feature_data_x",
                                 "feature_baseline_drift_y", "feature_non_null_y", "feature_data_y",
                                 "feature_baseline_drift_cat", "feature_non_null_cat"])
        drift = lines[0]
        self.assertEqual(drift["Namespace"], "/aws/sagemaker/Endpoints/data-metric")
        self.assertEqual(drift["Timestamp"], "2026-12-07T11:00:00Z")
        self.assertEqual(drift["Dimensions"], [{"Name": "Endpoint", "Value": "ep"},
                                               {"Name": "MonitoringSchedule", "Value": "sched"}])
        self.assertGreater(drift["Value"], 0.1)
        self.assertEqual(lines[1]["Value"], 1.0)
        self.assertEqual(set(lines[2]["StatisticValues"]), {"Sum", "SampleCount", "Minimum", "Maximum"})
        self.assertEqual(lines[2]["StatisticValues"]["SampleCount"], 100.0)


class Capture(Job):
    def test_window_is_start_inclusive_end_exclusive(self):
        self.baseline_csv("a\n1\n2\n")
        times = ["2026-12-07T09:59:59Z", "2026-12-07T10:00:00Z", "2026-12-07T10:59:59.999Z", "2026-12-07T11:00:00Z",
                 "2026-12-07T11:30:00+01:00"]
        self.monitor([capture_record(f"e{i}", time=t, inputs=str(i)) for i, t in enumerate(times)])
        stats = self.result("statistics.json")
        self.assertEqual(stats["dataset"]["item_count"], 3)
        self.assertEqual(stats["features"][0]["numerical_statistics"]["sum"], 1.0 + 2.0 + 4.0)

    def test_encodings_and_output_first(self):
        self.baseline_csv("score,a,b\n0.5,1,x\n0.25,2,y\n")
        records = [
            capture_record("csv", inputs="1,x\n2,y", outputs="0.5\n0.25"),
            capture_record("json", inputs=entry('{"instances": [[3, "x"]]}', "JSON", "application/json"),
                           outputs=entry('{"predictions": [{"score": 0.75}]}', "JSON", "application/json", "OUTPUT")),
            capture_record("b64", inputs=entry(base64.b64encode(b"4,y").decode(), "BASE64", "text/csv"),
                           outputs=entry(base64.b64encode(b"[0.125]").decode(), "BASE64", "application/json",
                                         "OUTPUT")),
        ]
        self.assertEqual(self.monitor(records, dataset_format=CAPTURE_BOTH), [])
        stats = self.result("statistics.json")
        self.assertEqual(stats["dataset"]["item_count"], 4)
        by_name = {f["name"]: f for f in stats["features"]}
        self.assertEqual(list(by_name), ["score", "a", "b"])
        self.assertEqual(by_name["score"]["numerical_statistics"]["sum"], 0.5 + 0.25 + 0.75 + 0.125)
        self.assertEqual(by_name["a"]["numerical_statistics"]["sum"], 10.0)
        self.assertEqual(by_name["b"]["string_statistics"]["distinct_count"], 2.0)

    def test_json_objects_match_the_baseline_by_name(self):
        self.baseline_csv("a,b\n1,x\n2,y\n")
        records = [capture_record("j", inputs=entry('{"b": "x", "a": 1, "z": 5}', "JSON", "application/json"))]
        found = self.monitor(records)
        self.assertEqual([(v["feature_name"], v["constraint_check_type"]) for v in found],
                         [("z", "extra_column_check")])

    def test_malformed_records_are_skipped(self):
        self.baseline_csv("a\n1\n2\n")
        path = self.write_captures("endpoint", [capture_record("ok", inputs="1")])
        with open(path, "a") as f:
            f.write("{not json\n")
            f.write(json.dumps(capture_record("bad", inputs=entry("%%%", "BASE64"))) + "\n")
        self.run_job(**WINDOW, dataset_format=CAPTURE_INPUT, dataset_source="/opt/ml/processing/endpoint",
                     baseline_statistics="/opt/ml/processing/baseline_out/statistics.json")
        self.assertEqual(self.result("statistics.json")["dataset"]["item_count"], 1)

    def test_symlinks_are_not_followed(self):
        self.baseline_csv("a\n1\n2\n")
        outside = os.path.join(self.root, "secret.jsonl")
        with open(outside, "w") as f:
            f.write(json.dumps(capture_record("secret", inputs="99")) + "\n")
        self.write_captures("endpoint", [capture_record("ok", inputs="1")])
        os.symlink(outside, self.path("endpoint", "ep", "link.jsonl"))
        os.symlink(self.root, self.path("endpoint", "ep", "linkdir"))
        self.monitor([capture_record("ok", inputs="1")])
        self.assertEqual(self.result("statistics.json")["dataset"]["item_count"], 1)

    def test_record_preprocessor(self):
        self.baseline_csv("f0,f1\n1,2\n3,4\n")
        script = self.write("code/preprocessor.py", (
            "import json\n"
            "def preprocess_handler(inference_record):\n"
            "    data = json.loads(inference_record.endpoint_input.data)\n"
            "    if data.get('skip'):\n"
            "        return []\n"
            "    return {'feature1': data['v'] * 2, 'feature0': data['v']}\n"))
        records = [capture_record(f"e{i}", inputs=entry(json.dumps(body), "JSON", "application/json"))
                   for i, body in enumerate([{"v": 1}, {"v": 3}, {"skip": True}])]
        post = self.write("code/postprocessor.py", (
            "import os\n"
            "def postprocess_handler():\n"
            "    open(os.path.join(os.path.dirname(__file__), 'ran'), 'w').close()\n"))
        self.assertEqual(self.monitor(records, record_preprocessor_script=script, post_analytics_processor_script=post),
                         [])
        stats = self.result("statistics.json")
        self.assertEqual(stats["dataset"]["item_count"], 2)
        self.assertEqual([f["name"] for f in stats["features"]], ["f0", "f1"])  # by position, baseline's names
        self.assertEqual(stats["features"][1]["numerical_statistics"]["sum"], 8.0)
        self.assertTrue(os.path.exists(self.path("code", "ran")))

    def test_record_preprocessor_with_a_logger_and_several_rows(self):
        self.baseline_csv("a,b\n1,2\n3,4\n")
        script = self.write("code/many.py", (
            "def preprocess_handler(inference_record, logger):\n"
            "    logger.info('record %s', inference_record.event_metadata.event_id)\n"
            "    rows = inference_record.endpoint_input.data.split(';')\n"
            "    return [[int(v) for v in row.split(',')] for row in rows]\n"))
        found = self.monitor([capture_record("m", inputs="1,2;3,4;5,6")], record_preprocessor_script=script)
        self.assertEqual(found, [])
        self.assertEqual(self.result("statistics.json")["dataset"]["item_count"], 3)

    def test_a_failing_preprocessor_is_a_client_error(self):
        self.baseline_csv("a\n1\n")
        script = self.write("code/bad.py", "def preprocess_handler(r):\n    raise KeyError('nope')\n")
        with self.assertRaisesRegex(ClientError, r"bad.py raised KeyError: 'nope' \(capture record eventId m\)"):
            self.monitor([capture_record("m", inputs="1")], record_preprocessor_script=script)


class ModelQualityMetrics(unittest.TestCase):
    def test_regression_by_hand(self):
        scalars, _ = quality_metrics.regression(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
        self.assertAlmostEqual(scalars["mae"], 2 / 3)
        self.assertAlmostEqual(scalars["mse"], 4 / 3)
        self.assertAlmostEqual(scalars["rmse"], (4 / 3) ** 0.5)
        self.assertAlmostEqual(scalars["r2"], 1 - 4 / 2)

    def test_binary_on_the_dg_example(self):
        y, predicted = np.array([0, 0, 0, 1]), np.array([0, 1, 1, 1])
        scalars, extras = quality_metrics.binary(y, predicted, np.array([0.1, 0.6, 0.7, 0.9]))
        self.assertEqual(extras["confusion_matrix"], {"0": {"0": 1, "1": 2}, "1": {"0": 0, "1": 1}})
        expected = {"recall": 1.0, "precision": 1 / 3, "accuracy": 0.5, "recall_best_constant_classifier": 1.0,
                    "precision_best_constant_classifier": 0.25, "accuracy_best_constant_classifier": 0.25,
                    "true_positive_rate": 1.0, "true_negative_rate": 1 / 3, "false_positive_rate": 2 / 3,
                    "false_negative_rate": 0.0, "auc": 1.0, "f0_5": 0.38461538461538464, "f1": 0.5,
                    "f2": 0.7142857142857143, "f0_5_best_constant_classifier": 0.29411764705882354,
                    "f1_best_constant_classifier": 0.4, "f2_best_constant_classifier": 0.625}
        for name, value in expected.items():
            self.assertAlmostEqual(scalars[name], value, msg=name)
        self.assertEqual(extras["receiver_operating_characteristic_curve"], {
            "false_positive_rates": [0.0, 0.0, 1 / 3, 2 / 3, 1.0, 1.0], "true_positive_rates": [0.0, 1, 1, 1, 1, 1.0]})
        self.assertEqual(extras["precision_recall_curve"]["recalls"], [0.0, 1.0, 1.0, 1.0, 1.0])
        self.assertEqual(extras["precision_recall_curve"]["precisions"], [1.0, 1.0, 0.5, 1 / 3, 0.25])

    def test_binary_agrees_with_scikit_learn(self):
        from sklearn import metrics as sk

        rng = np.random.default_rng(1)
        y = rng.integers(0, 2, 500)
        score = np.clip(y * 0.3 + rng.uniform(size=500) * 0.7, 0, 1)
        predicted = (score > 0.5).astype(int)
        scalars, _ = quality_metrics.binary(y, predicted, score)
        self.assertAlmostEqual(scalars["auc"], sk.roc_auc_score(y, score))
        self.assertAlmostEqual(scalars["f2"], sk.fbeta_score(y, predicted, beta=2))
        self.assertAlmostEqual(scalars["precision"], sk.precision_score(y, predicted))

    def test_multiclass_weighted_metrics(self):
        from sklearn import metrics as sk

        rng = np.random.default_rng(2)
        y = rng.choice(["cat", "dog", "eel"], 300)
        predicted = np.where(rng.uniform(size=300) < 0.7, y, rng.choice(["cat", "dog", "eel"], 300))
        scalars, extras = quality_metrics.multiclass(y.astype(object), predicted.astype(object))
        self.assertAlmostEqual(scalars["accuracy"], sk.accuracy_score(y, predicted))
        self.assertAlmostEqual(scalars["weighted_precision"], sk.precision_score(y, predicted, average="weighted"))
        self.assertAlmostEqual(scalars["weighted_f0_5"], sk.fbeta_score(y, predicted, beta=0.5, average="weighted"))
        self.assertEqual(sum(sum(row.values()) for row in extras["confusion_matrix"].values()), 300)
        share = float(np.mean(y == "eel"))  # the best constant classifier predicts the largest label
        self.assertAlmostEqual(scalars["accuracy_best_constant_classifier"], share)
        self.assertAlmostEqual(scalars["weighted_precision_best_constant_classifier"], share * share)

    def test_standard_deviation_needs_200_rows(self):
        y = np.arange(150, dtype=float)
        section, _, _ = quality_metrics.compute("Regression", y, y + 1)
        self.assertEqual(section["mae"]["value"], 1.0)
        self.assertTrue(np.isnan(section["mae"]["standard_deviation"]))
        rng = np.random.default_rng(0)
        y = rng.normal(size=400)
        section, _, _ = quality_metrics.compute("Regression", y, y + rng.normal(size=400))
        self.assertGreater(section["mae"]["standard_deviation"], 0)


class ModelQuality(Job):
    def baseline(self, text, **env):
        self.write("baseline/data.csv", text)
        values = dict(analysis_type="MODEL_QUALITY", problem_type="BinaryClassification",
                      dataset_format='{"csv": {"header": true}}', dataset_source="/opt/ml/processing/baseline",
                      inference_attribute="prediction", probability_attribute="probability",
                      ground_truth_attribute="label")
        values.update(env)
        self.run_job(**values)

    def test_regression_baseline_files(self):
        self.baseline("label,prediction\n1,1\n2,2\n3,5\n", problem_type="Regression", probability_attribute="")
        stats = self.result("statistics.json")
        self.assertEqual(list(stats), ["version", "dataset", "regression_metrics"])
        self.assertEqual(stats["dataset"], {"item_count": 3})
        self.assertAlmostEqual(stats["regression_metrics"]["mae"]["value"], 2 / 3)
        self.assertEqual(stats["regression_metrics"]["mae"]["standard_deviation"], "NaN")
        cons = self.result("constraints.json")
        self.assertEqual(cons["version"], 0.0)
        self.assertEqual({k: v["comparison_operator"] for k, v in cons["regression_constraints"].items()},
                         {"mae": "GreaterThanThreshold", "mse": "GreaterThanThreshold",
                          "rmse": "GreaterThanThreshold", "r2": "LessThanThreshold"})
        self.assertAlmostEqual(cons["regression_constraints"]["mae"]["threshold"], 2 / 3)

    def test_binary_baseline_from_probabilities_alone(self):
        self.baseline("label,probability\n0,0.1\n0,0.6\n0,0.7\n1,0.9\n", inference_attribute="")
        metrics = self.result("statistics.json")["binary_classification_metrics"]
        self.assertEqual(list(metrics), quality_metrics.ORDER["BinaryClassification"])
        self.assertEqual(metrics["confusion_matrix"], {"0": {"0": 1, "1": 2}, "1": {"0": 0, "1": 1}})
        self.assertEqual(metrics["auc"], {"value": 1.0, "standard_deviation": "NaN"})
        cons = self.result("constraints.json")["binary_classification_constraints"]
        self.assertEqual(cons["accuracy"], {"threshold": 0.5, "comparison_operator": "LessThanThreshold"})
        self.assertEqual(cons["false_positive_rate"]["comparison_operator"], "GreaterThanThreshold")

    def test_a_missing_column_is_named(self):
        with self.assertRaisesRegex(ClientError, r"ground_truth_attribute 'truth' is not a column of the data set "
                                                 r"\(label, prediction, probability\)"):
            self.baseline("label,prediction,probability\n1,1,0.9\n", ground_truth_attribute="truth")

    def monitor_window(self, captures, truths, **env):
        self.write_captures("endpoint", captures)
        self.write("groundtruth/2026/12/07/12/labels.jsonl", "".join(json.dumps(t) + "\n" for t in truths))
        values = dict(WINDOW, analysis_type="MODEL_QUALITY", problem_type="BinaryClassification",
                      dataset_format='{"sagemakerCaptureJson": {"captureIndexNames": ["endpointOutput"]}}',
                      dataset_source="/opt/ml/processing/endpoint",
                      ground_truth_source="/opt/ml/processing/groundtruth",
                      baseline_constraints="/opt/ml/processing/output/constraints.json", probability_attribute="0")
        values.update(env)
        self.run_job(**values)
        return self.result("constraint_violations.json")["violations"]

    @staticmethod
    def truth(event_id, label):
        return {"groundTruthData": {"data": str(label), "encoding": "CSV"}, "eventMetadata": {"eventId": event_id},
                "eventVersion": "0"}

    def test_join_by_inference_id_and_a_violation_when_accuracy_drops(self):
        rng = np.random.default_rng(5)
        labels = rng.integers(0, 2, 400)
        good = np.clip(labels * 0.6 + rng.uniform(size=400) * 0.4, 0, 1)
        self.baseline("label,probability\n" + "".join(f"{y},{p:.4f}\n" for y, p in zip(labels, good)),
                      inference_attribute="")
        baseline_accuracy = self.result("statistics.json")["binary_classification_metrics"]["accuracy"]["value"]
        self.assertGreater(baseline_accuracy, 0.9)
        # Half the captures carry an inferenceId (the join key); the others join by eventId.
        captures, truths = [], []
        for i in range(300):
            y = int(rng.integers(0, 2))
            p = rng.uniform() if i % 3 else float(y) * 0.9  # a worse model: mostly noise
            inference_id = f"inf-{i}" if i % 2 else None
            captures.append(capture_record(f"ev-{i}", outputs=entry(f"{p:.4f}", mode="OUTPUT"),
                                           inference_id=inference_id))
            truths.append(self.truth(inference_id or f"ev-{i}", y))
        truths.append(self.truth("ev-1", 1))  # an eventId whose capture has an inferenceId does not join
        found = self.monitor_window(captures, truths, inference_attribute="", publish_cloudwatch_metrics="Enabled")
        stats = self.result("statistics.json")
        self.assertEqual(stats["dataset"]["item_count"], 300)
        accuracy = [v for v in found if v["metric_name"] == "accuracy"]
        self.assertEqual(len(accuracy), 1)
        self.assertEqual(accuracy[0]["constraint_check_type"], "LessThanThreshold")
        self.assertRegex(accuracy[0]["description"],
                         r"^Metric accuracy with 0\.\d+ \+/- 0\.\d+ was LessThanThreshold '[\d.]+'$")
        self.assertTrue(self.message().startswith("CompletedWithViolations: "))
        with open(os.path.join(self.root, "output", "metrics", "cloudwatch", "metrics.jsonl")) as f:
            metrics = {m["MetricName"]: m for m in map(json.loads, f)}
        self.assertEqual(metrics["accuracy"]["Namespace"], "/aws/sagemaker/Endpoints/model-metrics")
        self.assertAlmostEqual(metrics["accuracy"]["Value"],
                               stats["binary_classification_metrics"]["accuracy"]["value"])

    def test_json_output_paths(self):
        self.baseline("label,prediction\n0,0\n1,1\n", probability_attribute="", problem_type="MulticlassClassification")
        out = entry(json.dumps({"predictions": [{"predicted_label": 1.0, "score": 0.8}]}), "JSON", "application/json",
                    "OUTPUT")
        found = self.monitor_window([capture_record("a", outputs=out), capture_record("b", outputs=out)],
                                    [self.truth("a", 1), self.truth("b", 0)], problem_type="MulticlassClassification",
                                    inference_attribute="predictions[0].predicted_label", probability_attribute="")
        metrics = self.result("statistics.json")["multiclass_classification_metrics"]
        self.assertEqual(metrics["confusion_matrix"], {"0": {"0": 0, "1": 1}, "1": {"0": 0, "1": 1}})
        self.assertEqual(metrics["accuracy"]["value"], 0.5)
        self.assertEqual([v["metric_name"] for v in found][:1], ["accuracy"])

    def test_nothing_joined_says_what_was_seen(self):
        self.baseline("label,probability\n0,0.1\n1,0.9\n", inference_attribute="")
        with self.assertRaisesRegex(ClientError, r"no captured inference between .* has ground truth: 2 captures in "
                                                 r"the window .* 1 ground-truth records"):
            self.monitor_window([capture_record("a", outputs="0.3"), capture_record("b", outputs="0.4")],
                                [self.truth("zzz", 1)])


class Refusals(Job):
    def test_unreadable_dataset_format(self):
        with self.assertRaisesRegex(ClientError, "dataset_format is not valid JSON"):
            self.run_job(dataset_format="{csv", dataset_source="/opt/ml/processing")
        with self.assertRaisesRegex(ClientError, "dataset_format parquet is not supported"):
            self.run_job(dataset_format='{"parquet": {}}', dataset_source="/opt/ml/processing")

    def test_a_baseline_that_is_not_json(self):
        self.write("endpoint/x.jsonl", "")
        self.write("baseline_out/statistics.json", "{nope")
        with self.assertRaisesRegex(ClientError, "baseline_statistics .*statistics.json is not valid JSON"):
            self.run_job(dataset_format=CAPTURE_INPUT, dataset_source="/opt/ml/processing/endpoint",
                         baseline_statistics="/opt/ml/processing/baseline_out/statistics.json")

    def test_a_line_too_long(self):
        from tessera_sagemaker.containers.model_monitor import dataset

        self.write("baseline/data.csv", "a\n1234\n")
        with mock.patch.object(dataset, "MAX_LINE", 3):
            with self.assertRaisesRegex(ClientError, "line 2 is longer than"):
                self.run_job(dataset_format='{"csv": {"header": false}}', dataset_source="/opt/ml/processing/baseline")

    def test_host_process_writes_the_failure_reason(self):
        package = os.path.dirname(os.path.abspath(model_monitor.__file__))  # src/tessera_sagemaker/containers/...
        src = os.path.dirname(os.path.dirname(os.path.dirname(package)))
        env = {k: v for k, v in os.environ.items() if k not in ANALYZER_ENV}
        env.update({"TESSERA_CONTAINER": "model-monitor", "TESSERA_OPT_ML": self.root, "PYTHONPATH": src,
                    "dataset_format": '{"csv": {}}', "dataset_source": "/opt/ml/processing/nowhere"})
        run = subprocess.run([sys.executable, "-m", "tessera_sagemaker", "process"], env=env, capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(run.returncode, 1, run.stderr)
        with open(os.path.join(self.root, "output", "failure")) as f:
            self.assertEqual(f.read(), f"ClientError: dataset_source {self.root}/processing/nowhere does not exist")


if __name__ == "__main__":
    unittest.main()
