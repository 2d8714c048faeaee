"""Built-in algorithms' hyperparameter checks: each error names the hyperparameter and what is
allowed."""
import unittest

from tessera_sagemaker.containers import xgboost_hyperparameters as xgb_hp
from tessera_sagemaker.failure import ClientError
from tessera_sagemaker.hyperparameters import Float, Int, OrAuto, validate


class Validate(unittest.TestCase):
    def test_types_ranges_defaults(self):
        params = [Int("n", lo=1, required=True), Float("eta", lo=0, hi=1, default=0.3), OrAuto(Int("f", lo=1), default="auto")]
        self.assertEqual(validate({"n": "3"}, params), {"n": 3, "eta": 0.3, "f": "auto"})
        self.assertEqual(validate({"n": '"3"', "f": "2", "_tuning_objective_metric": "x"}, params)["f"], 2)
        for raw, message in [
            ({}, "Hyperparameter n: required"),
            ({"n": "0"}, r"Hyperparameter n: value '0' is not valid; allowed: an integer in \[1, inf\)"),
            ({"n": "1.5"}, "Hyperparameter n"),
            ({"n": "1", "eta": "2"}, r"Hyperparameter eta: .*allowed: a number in \[0, 1\]"),
            ({"n": "1", "f": "lots"}, "allowed: an integer in .* or auto"),
            ({"n": "1", "bogus": "1"}, "Hyperparameter bogus: not a hyperparameter of this algorithm; allowed: eta, f, n"),
        ]:
            with self.subTest(raw=raw), self.assertRaisesRegex(ClientError, message):
                validate(raw, params)


class XGBoost(unittest.TestCase):
    def test_parse(self):
        params, rounds, early, metrics, weights = xgb_hp.parse({
            "num_round": "10", "eta": "0.2", "max_depth": "4", "objective": "binary:logistic",
            "eval_metric": "auc,accuracy", "early_stopping_rounds": "3", "csv_weights": "1",
        })
        self.assertEqual((rounds, early, metrics, weights), (10, 3, ["auc", "accuracy"], True))
        self.assertEqual(params, {"eta": 0.2, "max_depth": 4, "objective": "binary:logistic", "eval_metric": ["auc"]})

    def test_errors(self):
        for raw, message in [
            ({}, "num_round: required"),
            ({"num_round": "5", "objective": "multi:softprob"}, "num_class: required when objective is multi:softprob"),
            ({"num_round": "5", "objective": "reg:nope"}, "objective: value 'reg:nope' is not valid; allowed: one of reg:squarederror"),
            ({"num_round": "5", "eval_metric": "rmse,nope"}, "eval_metric"),
            ({"num_round": "5", "subsample": "0"}, r"subsample: .*\(0, 1\]"),
            ({"num_round": "5", "tree_method": "fast"}, "tree_method: .*one of auto, exact, approx, hist, gpu_hist"),
        ]:
            with self.subTest(raw=raw), self.assertRaisesRegex(ClientError, message):
                xgb_hp.parse(raw)
        self.assertEqual(xgb_hp.parse({"num_round": "5", "eval_metric": "error@0.7,ndcg@3-"})[3], ["error@0.7", "ndcg@3-"])

    def test_tuning_objective_metric_is_computed(self):
        parsed = xgb_hp.parse({"num_round": "5", "eval_metric": "rmse", "_tuning_objective_metric": "validation:auc"})
        self.assertEqual(parsed[3], ["rmse", "auc"])
        self.assertEqual(parsed[0]["eval_metric"], ["rmse", "auc"])
        self.assertEqual(xgb_hp.parse({"num_round": "5", "_tuning_objective_metric": "validation:r2"})[3], ["r2"])
        self.assertEqual(xgb_hp.parse({"num_round": "5", "_tuning_objective_metric": "loss"})[3], [])


if __name__ == "__main__":
    unittest.main()
