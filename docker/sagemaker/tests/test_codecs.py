"""Default request decoding and response encoding."""
import json
import unittest

import numpy as np

from tessera_sagemaker import codecs
from tessera_sagemaker.containers import builtin_io, xgboost_serving
from tessera_sagemaker.http_errors import HttpError


class Codecs(unittest.TestCase):
    def test_csv_is_always_two_dimensional_and_empty_fields_are_missing(self):
        self.assertEqual(codecs.decode(b"1,2,3", "text/csv").shape, (1, 3))
        self.assertTrue(np.isnan(codecs.decode("1,,3\n4,5,6\n", "text/csv; charset=utf-8")[0, 1]))

    def test_unsupported_and_malformed(self):
        with self.assertRaises(HttpError) as e:
            codecs.decode(b"x", "image/png")
        self.assertEqual(e.exception.status, 415)
        with self.assertRaises(HttpError) as e:
            codecs.decode(b"a,b", "text/csv")
        self.assertEqual(e.exception.status, 400)

    def test_accept_negotiation(self):
        self.assertEqual(codecs.negotiate("", ["a/b"], "d/d"), "d/d")
        self.assertEqual(codecs.negotiate("*/*", ["a/b"], "d/d"), "d/d")
        self.assertEqual(codecs.negotiate("x/y, a/b;q=0.5", ["a/b"], "d/d"), "a/b")
        with self.assertRaises(HttpError):
            codecs.negotiate("x/y", ["a/b"], "d/d")

    def test_encoders(self):
        self.assertEqual(codecs.encode(np.array([1.5, 2.0]), "text/csv"), (b"1.5\n2.0\n", "text/csv"))
        self.assertEqual(codecs.encode(np.array([[1, 2]]), "application/json"), (b"[[1, 2]]", "application/json"))
        body, kind = codecs.encode(np.arange(3), "application/x-npy")
        self.assertTrue(np.array_equal(codecs.decode(body, kind), np.arange(3)))


class BuiltinFormats(unittest.TestCase):
    def test_json_instances_in_every_documented_shape(self):
        body = json.dumps({"instances": [{"features": [1, 2]}, {"data": {"features": {"values": [3, 4]}}}, [5, 6]]})
        self.assertEqual(builtin_io.records(body.encode(), "application/json", 2).tolist(), [[1, 2], [3, 4], [5, 6]])
        self.assertEqual(builtin_io.records(b'{"features":[1,2]}\n[3,4]\n', "application/jsonlines", 2).tolist(), [[1, 2], [3, 4]])
        with self.assertRaisesRegex(HttpError, "needs 2 features"):
            builtin_io.records(b"1,2,3", "text/csv", 2)

    def test_libsvm_requests_with_or_without_labels(self):
        m = xgboost_serving.decode(b"1 0:1.5 2:3\n0:2\n", "text/libsvm")
        self.assertEqual(m.toarray().tolist(), [[1.5, 0, 3], [2, 0, 0]])

    def test_xgboost_outputs(self):
        pred = np.array([0.25, 1.5], dtype=np.float32)
        self.assertEqual(xgboost_serving.encode(pred, "")[0], b"0.25\n1.5\n")
        self.assertEqual(json.loads(xgboost_serving.encode(pred, "application/json")[0]), {"predictions": [{"score": 0.25}, {"score": 1.5}]})
        self.assertEqual(xgboost_serving.encode(np.array([[0.1, 0.9]], dtype=np.float32), "text/csv")[0], b"0.1,0.9\n")


if __name__ == "__main__":
    unittest.main()
