"""Clarify's bias metrics and drift checks on data whose answers are worked out by hand.

The data set: facet d (Gender = 1) has 10 rows, 3 with a positive label (30 %); facet a has 20 rows, 12
positive (60 %). Group variable Dept: X and Y, 15 rows each. The model's confusion counts are
a: TP 10, FN 2, FP 3, TN 5; d: TP 2, FN 1, FP 1, TN 6. Runs on Debian's numpy / pandas (no shap)."""
import math
import unittest

import numpy as np

from tessera_sagemaker.containers.clarify import bias, drift, posttraining, pretraining

# (Dept, Gender, label, prediction, rows)
PLAN = [
    ("X", 0, 1, 1, 5), ("X", 0, 1, 0, 1), ("Y", 0, 1, 1, 5), ("Y", 0, 1, 0, 1),
    ("X", 0, 0, 1, 2), ("X", 0, 0, 0, 1), ("Y", 0, 0, 1, 1), ("Y", 0, 0, 0, 4),
    ("X", 1, 1, 1, 1), ("Y", 1, 1, 1, 1), ("Y", 1, 1, 0, 1),
    ("X", 1, 0, 1, 1), ("X", 1, 0, 0, 4), ("Y", 1, 0, 0, 2),
]


def planted():
    rows = [(g, f, y, p) for g, f, y, p, n in PLAN for _ in range(n)]
    dept = np.array([0 if r[0] == "X" else 1 for r in rows])
    d = np.array([r[1] == 1 for r in rows])
    y = np.array([r[2] == 1 for r in rows])
    p = np.array([r[3] == 1 for r in rows])
    return d, y, p, dept


class PreTraining(unittest.TestCase):
    def setUp(self):
        self.d, self.y, self.p, self.group = planted()

    def test_the_planted_disparity(self):
        self.assertEqual(int(self.d.sum()), 10)
        self.assertAlmostEqual(pretraining.DPL(self.d, self.y), 0.6 - 0.3)

    def test_class_imbalance_from_the_counts(self):
        self.assertAlmostEqual(pretraining.CI(self.d), (20 - 10) / (20 + 10))

    def test_label_distribution_distances(self):
        # P_a = (0.4 negative, 0.6 positive), P_d = (0.7, 0.3)
        kl = 0.4 * math.log(0.4 / 0.7) + 0.6 * math.log(0.6 / 0.3)
        self.assertAlmostEqual(pretraining.KL(self.d, self.y), kl)
        m = (0.55, 0.45)
        js = 0.5 * (0.4 * math.log(0.4 / m[0]) + 0.6 * math.log(0.6 / m[1])
                    + 0.7 * math.log(0.7 / m[0]) + 0.3 * math.log(0.3 / m[1]))
        self.assertAlmostEqual(pretraining.JS(self.d, self.y), js)
        self.assertAlmostEqual(pretraining.LP(self.d, self.y), math.sqrt(0.3 ** 2 + 0.3 ** 2))
        self.assertAlmostEqual(pretraining.TVD(self.d, self.y), 0.3)
        self.assertAlmostEqual(pretraining.KS(self.d, self.y), 0.3)

    def test_conditional_demographic_disparity(self):
        # X: d is 1 of 7 positives and 5 of 8 negatives; Y: 2 of 8 and 2 of 7. 15 rows each.
        dd_x = 5 / 8 - 1 / 7
        dd_y = 2 / 7 - 2 / 8
        self.assertAlmostEqual(pretraining.CDDL(self.d, self.y, self.group), (15 * dd_x + 15 * dd_y) / 30)
        self.assertAlmostEqual(pretraining.CDDL(self.d, self.y, self.group), 29 / 112)

    def test_distances_keep_only_classes_both_groups_have(self):
        d = np.array([True, True, False, False])
        y = np.array([True, True, True, False])  # d has no negatives: only the positive class is compared
        self.assertAlmostEqual(pretraining.KL(d, y), 0.5 * math.log(0.5 / 1.0))

    def test_empty_groups_and_missing_group_variable_are_errors(self):
        with self.assertRaises(ValueError):
            pretraining.CI(np.zeros(4, dtype=bool))
        with self.assertRaisesRegex(ValueError, "Group variable"):
            pretraining.CDDL(self.d, self.y, None)


class PostTraining(unittest.TestCase):
    def setUp(self):
        self.d, self.y, self.p, self.group = planted()

    def m(self, name):
        return posttraining.compute(name, self.d, self.y, self.p, self.group)

    def test_confusion_counts(self):
        a = posttraining.Confusion(self.y, self.p, ~self.d)
        d = posttraining.Confusion(self.y, self.p, self.d)
        self.assertEqual((a.tp, a.fn, a.fp, a.tn), (10, 2, 3, 5))
        self.assertEqual((d.tp, d.fn, d.fp, d.tn), (2, 1, 1, 6))

    def test_metrics_from_the_confusion_table(self):
        expected = {
            "DPPL": 13 / 20 - 3 / 10,
            "DI": (3 / 10) / (13 / 20),
            "DCA": 12 / 13 - 3 / 3,  # observed / predicted positives, a minus d
            "DCR": 7 / 7 - 8 / 7,  # observed / predicted negatives, d minus a
            "RD": 10 / 12 - 2 / 3,
            "SD": 6 / 7 - 5 / 8,
            "DAR": 10 / 13 - 2 / 3,
            "DRR": 6 / 7 - 5 / 7,
            "AD": 15 / 20 - 8 / 10,
            "TE": 1 / 1 - 2 / 3,
        }
        for name, value in expected.items():
            with self.subTest(name):
                self.assertAlmostEqual(self.m(name), value)

    def test_generalized_entropy(self):
        # benefits: TP, TN -> 1 (12 + 11 rows), FP -> 2 (4), FN -> 0 (3); mean 31/30
        mean = 31 / 30
        ge = (12 * ((1 / mean) ** 2 - 1) + 11 * ((1 / mean) ** 2 - 1) + 4 * ((2 / mean) ** 2 - 1)
              + 3 * (0 - 1)) / (30 * 2)
        self.assertAlmostEqual(self.m("GE"), ge)

    def test_cddpl_is_cdd_of_the_predictions(self):
        self.assertAlmostEqual(self.m("CDDPL"), pretraining.CDD(self.d, self.p, self.group))

    def test_flip_test_on_a_tiny_case(self):
        # a: x = 0, 1, 2 predicted 0; 10, 11, 12 predicted 1 (6 rows: k = 1).
        # d: 0.4 -> model 1, neighbour 0 (F+); 1.3 -> 1 vs 0 (F+); 11.4 -> 0 vs 1 (F-); 10.4 -> 1 vs 1;
        #    2.2 -> 0 vs 0. FT = (2 - 1) / 5.
        x = np.array([[0], [1], [2], [10], [11], [12], [0.4], [1.3], [11.4], [10.4], [2.2]])
        d = np.array([False] * 6 + [True] * 5)
        p = np.array([False, False, False, True, True, True, True, True, False, True, False])
        self.assertAlmostEqual(posttraining.FT(d, p, x), 0.2)

    def test_division_by_zero_as_smclarify(self):
        self.assertEqual(pretraining.divide(0, 0), 0.0)
        self.assertEqual(pretraining.divide(2, 0), math.inf)
        self.assertEqual(pretraining.divide(-2, 0), -math.inf)
        d = np.array([True, True, False, False])
        y = np.array([True, False, True, False])
        nobody_in_a = np.array([True, False, False, False])  # a gets no positive prediction: DI = x/0
        self.assertEqual(posttraining.DI(d, y, nobody_in_a), math.inf)
        # TE: no false positives in either group, false negatives in both -> inf - inf is 0, not NaN
        p = np.array([False, False, False, False])
        self.assertEqual(posttraining.TE(d, y, p), 0.0)

    def test_serialised_values(self):
        self.assertEqual(bias.json_number(math.inf), "Infinity")
        self.assertEqual(bias.json_number(-math.inf), "-Infinity")
        entry = bias.metric("CDDL", "x", lambda: pretraining.CDDL(self.d, self.y, None))
        self.assertEqual(entry, {"name": "CDDL", "description": "x",
                                 "error": "Group variable is empty or not provided"})


class Drift(unittest.TestCase):
    def test_ndcg_worked_example(self):
        # SageMaker's example: baseline SAT 0.70, GPA 0.50, Rank 0.05; live order Rank, GPA, SAT.
        baseline = {"SAT": 0.70, "GPA": 0.50, "Rank": 0.05}
        live = {"Rank": 0.9, "GPA": 0.5, "SAT": 0.1}
        dcg = 0.05 + 0.5 / math.log2(3) + 0.7 / 2
        idcg = 0.7 + 0.5 / math.log2(3) + 0.05 / 2
        score = drift.ndcg(baseline, live)
        self.assertAlmostEqual(score, dcg / idcg)
        self.assertEqual(round(score, 2), 0.69)
        self.assertEqual(drift.ndcg(baseline, baseline), 1.0)

    def test_feature_attribution_violation_below_0_9(self):
        def analysis(values):
            return {"explanations": {"kernel_shap": {"label0": {"global_shap_values": values, "expected_value": 0}}}}

        baseline = analysis({"SAT": 0.70, "GPA": 0.50, "Rank": 0.05})
        [v] = drift.attribution_violations(analysis({"Rank": 0.9, "GPA": 0.5, "SAT": 0.1}), baseline)
        self.assertEqual(v["constraint_check_type"], "feature_attribution_drift_check")
        self.assertEqual((v["label"], v["metric_name"]), ("label0", "shap"))
        self.assertTrue(v["description"].startswith("Feature attribution drift 0.68"))
        self.assertTrue(v["description"].endswith("exceeds threshold 0.9"))
        self.assertEqual(drift.attribution_violations(analysis({"SAT": 0.6, "GPA": 0.55, "Rank": 0.01}), baseline), [])

    def test_bias_drift_is_a_value_further_from_the_ideal(self):
        # SageMaker's example: baseline DPPL 0.2; 0.1 is fine, -0.3 is a violation.
        self.assertFalse(drift.worse(0.1, 0.2, "DPPL"))
        self.assertTrue(drift.worse(-0.3, 0.2, "DPPL"))
        self.assertFalse(drift.worse(0.2, 0.2, "DPPL"))
        # DI's ideal is 1.
        self.assertFalse(drift.worse(1.1, 0.8, "DI"))
        self.assertTrue(drift.worse(0.7, 0.8, "DI"))
        self.assertTrue(drift.worse(1.3, 0.8, "DI"))
        self.assertTrue(drift.worse("Infinity", 0.5, "TE"))
        self.assertFalse(drift.worse(3.0, "-Infinity", "TE"))

    def test_bias_violations_file(self):
        def analysis(ci, dppl):
            entry = {"value_or_threshold": "40", "metrics": [{"name": "CI", "description": "", "value": ci}]}
            post = {"value_or_threshold": "40", "metrics": [{"name": "DPPL", "description": "", "value": dppl}]}
            return {"pre_training_bias_metrics": {"facets": {"Age": [entry]}},
                    "post_training_bias_metrics": {"facets": {"Age": [post]}}}

        violations = drift.bias_violations(analysis(0.0751544567666083, 0.1), analysis(0.05, 0.2))
        self.assertEqual(violations, [{
            "facet": "Age", "facet_value": "40", "metric_name": "CI", "constraint_check_type": "bias_drift_check",
            "description": "Value 0.0751544567666083 does not meet the constraint requirement"}])
        self.assertEqual(drift.violations_file(violations)["version"], "1.0")


if __name__ == "__main__":
    unittest.main()
