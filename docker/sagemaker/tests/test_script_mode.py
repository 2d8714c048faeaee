"""How hyperparameters become the user script's arguments and SM_* environment (the SageMaker
training toolkit's rules), and how the code directory is found."""
import io
import json
import os
import tarfile
import tempfile
import unittest
from unittest import mock

from tessera_sagemaker import config, script_mode
from tessera_sagemaker.failure import ClientError


class Arguments(unittest.TestCase):
    def test_sdk_encoded_values_are_decoded_then_printed_as_python_does(self):
        user, framework = script_mode.split_hyperparameters({
            "sagemaker_program": '"train.py"', "lr": "0.001", "epochs": "10", "name": '"a b"',
            "flag": "true", "ids": "[1, 2]", "opts": '{"b": 2, "a": 1}', "raw": "not json", "x": "1e-3",
        })
        self.assertEqual(framework, {"sagemaker_program": "train.py"})
        self.assertEqual(script_mode.cmd_args(user), [
            "--epochs", "10", "--flag", "True", "--ids", "[1, 2]", "--lr", "0.001", "--name", "a b",
            "--opts", "a=1,b=2", "--raw", "not json", "-x", "0.001",
        ])

    def test_env_values_are_strings_or_compact_json(self):
        self.assertEqual(script_mode.env_value("a b"), "a b")
        self.assertEqual(script_mode.env_value(0.5), "0.5")
        self.assertEqual(script_mode.env_value({"b": [1, 2], "a": True}), '{"a":true,"b":[1,2]}')
        self.assertEqual(script_mode.env_value(None), "")


class Environment(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.root, "input", "data", "training"))
        os.environ["TESSERA_OPT_ML"] = self.root

    def tearDown(self):
        del os.environ["TESSERA_OPT_ML"]

    def test_sm_variables(self):
        cfg = config.TrainingConfig(
            {}, {"training": {"ContentType": "text/csv"}},
            {"current_host": "algo-2", "hosts": ["algo-1", "algo-2"], "network_interface_name": "eth1"},
            {"training": config.Channel("training", os.path.join(self.root, "input", "data", "training"))})
        env, args, sm = script_mode.training_env(cfg, {"lr": 0.1, "name": "x"}, {"sagemaker_extra": 1}, "train.py", "s3://b/k.tar.gz")
        self.assertEqual(args, ["--lr", "0.1", "--name", "x"])
        self.assertEqual(sm["SM_CHANNEL_TRAINING"], os.path.join(self.root, "input", "data", "training"))
        self.assertEqual(sm["SM_CHANNELS"], '["training"]')
        self.assertEqual(sm["SM_HPS"], '{"lr":0.1,"name":"x"}')
        self.assertEqual(sm["SM_HP_LR"], "0.1")
        self.assertEqual(sm["SM_HP_NAME"], "x")
        self.assertEqual(sm["SM_USER_ARGS"], '["--lr","0.1","--name","x"]')
        self.assertEqual(sm["SM_MODULE_NAME"], "train")
        self.assertEqual(sm["SM_MODULE_DIR"], "s3://b/k.tar.gz")
        self.assertEqual(sm["SM_CURRENT_HOST"], "algo-2")
        self.assertEqual(sm["SM_HOSTS"], '["algo-1","algo-2"]')
        self.assertEqual(sm["SM_IS_MASTER"], "false")
        self.assertEqual(sm["SM_NETWORK_INTERFACE_NAME"], "eth1")
        self.assertEqual(sm["SM_MODEL_DIR"], os.path.join(self.root, "model"))
        self.assertEqual(sm["SM_OUTPUT_DATA_DIR"], os.path.join(self.root, "output", "data"))
        self.assertEqual(sm["SM_FRAMEWORK_PARAMS"], '{"sagemaker_extra":1}')
        self.assertEqual(json.loads(sm["SM_TRAINING_ENV"]), json.loads(json.dumps(env)))
        self.assertGreaterEqual(int(sm["SM_NUM_CPUS"]), 1)


class Channels(unittest.TestCase):
    def test_declared_channels_only_and_directories_without_a_declaration(self):
        root = tempfile.mkdtemp()
        for d in ("input/config", "input/data/train", "input/data/stale"):
            os.makedirs(os.path.join(root, d))
        with mock.patch.dict(os.environ, {"TESSERA_OPT_ML": root}):
            self.assertEqual(sorted(config.load().channels), ["stale", "train"])
            with open(os.path.join(root, "input/config/inputdataconfig.json"), "w") as f:
                json.dump({"train": {"ContentType": "text/csv"}}, f)
            cfg = config.load()
        self.assertEqual(list(cfg.channels), ["train"])
        self.assertEqual(cfg.channels["train"].content_type, "text/csv")
        self.assertEqual((cfg.current_host, cfg.hosts, cfg.is_master), ("algo-1", ["algo-1"], True))


class CodeDirectory(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        os.environ["TESSERA_OPT_ML"] = self.root

    def tearDown(self):
        del os.environ["TESSERA_OPT_ML"]

    def test_s3_code_must_have_been_staged(self):
        with self.assertRaisesRegex(ClientError, "not staged"):
            script_mode.locate_code("s3://bucket/sourcedir.tar.gz")
        os.makedirs(os.path.join(self.root, "code"))
        open(os.path.join(self.root, "code", "train.py"), "w").close()
        self.assertEqual(script_mode.locate_code("s3://bucket/sourcedir.tar.gz"), os.path.join(self.root, "code"))

    def test_a_local_tarball_is_extracted_and_opt_ml_paths_are_rebased(self):
        os.makedirs(os.path.join(self.root, "input"))
        archive = os.path.join(self.root, "input", "sourcedir.tar.gz")
        with tarfile.open(archive, "w:gz") as tar:
            data = b"print('hi')\n"
            info = tarfile.TarInfo("train.py")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        self.assertEqual(script_mode.locate_code("/opt/ml/input/sourcedir.tar.gz"), os.path.join(self.root, "code"))
        self.assertTrue(os.path.isfile(os.path.join(self.root, "code", "train.py")))

    def test_missing_program_is_a_client_error(self):
        with self.assertRaisesRegex(ClientError, "sagemaker_program nope.py"):
            script_mode.command("nope.py", self.root, [])

    def test_cpus_follow_the_cgroup_quota(self):
        with mock.patch("os.sched_getaffinity", return_value={0, 1, 2, 3}):
            self.assertLessEqual(config.num_cpus(), 4)


if __name__ == "__main__":
    unittest.main()
