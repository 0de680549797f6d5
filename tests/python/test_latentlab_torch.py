"""python/latentlab_torch on its own (run: python3 -m unittest discover tests/python).
The comparisons with the WASM module are in tests/node/bridge.test.js."""
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import unittest

import torch

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "python"))

from latentlab_torch import (LatentLabModel, MissingConfig, SafetensorsError, WeightsMismatch, load,  # noqa: E402
                             map_names, model_from_state_dict, read_safetensors, save_bytes, write_safetensors)
from latentlab_torch.train import train  # noqa: E402

torch.set_num_threads(1)
SMALL = {"type": "vae", "image": [1, 8, 8], "hidden": [6], "latent": 3}


def shapes(state):
    return {n: tuple(t.shape) for n, t in state.items()}


def renamed(state, table, prefix=""):
    """state_dict with module paths replaced by table (path -> path)."""
    out = {}
    for name, t in state.items():
        path, _, member = name.rpartition(".")
        out[prefix + table.get(path, path) + "." + member] = t
    return out


class SafetensorsTest(unittest.TestCase):
    def test_round_trip_keeps_names_order_values_and_metadata(self):
        tensors = {"b": torch.randn(3, 4), "a": torch.arange(5.0), "empty": torch.zeros(0, 2)}
        metadata, back = read_safetensors(write_safetensors(tensors, {"k": "v"}))
        self.assertEqual(metadata, {"k": "v"})
        self.assertEqual(list(back), ["b", "a", "empty"])
        for name in tensors:
            self.assertTrue(torch.equal(back[name], tensors[name]))
        _, half = read_safetensors(write_safetensors(tensors, float16=True))
        self.assertTrue(torch.equal(half["b"], tensors["b"].half().float()))

    def test_reads_the_files_latent_lab_writes(self):
        # Shipped models are F16 written by the C++ writer; their parameter count is the model card's.
        with open(os.path.join(REPO, "models", "vae16.safetensors"), "rb") as f:
            metadata, tensors = read_safetensors(f.read())
        self.assertEqual(metadata["format"], "latentlab-model")
        self.assertEqual(sum(t.numel() for t in tensors.values()), 518576)

    def test_bad_files_are_refused_with_the_reason(self):
        good = write_safetensors({"w": torch.ones(4)})
        cases = {
            good[:5]: "shorter than the 8-byte header length",
            good[:-1]: "out of range",
            struct.pack("<Q", 1 << 40) + good[8:]: "does not fit",
            good[:8] + b"[" + good[9:]: "not valid JSON",
            good.replace(b'"F32"', b'"I32"'): "unsupported dtype 'I32'",
            good + b"\0" * 4: "the tensors cover 16",
        }
        for data, reason in cases.items():
            with self.subTest(reason=reason), self.assertRaisesRegex(SafetensorsError, reason):
                read_safetensors(data)


class NamesTest(unittest.TestCase):
    """The cases of tests/cpp/test_checkpoint_names.cpp, for the Python twin of the rules."""

    def setUp(self):
        torch.manual_seed(0)
        self.model = LatentLabModel(SMALL)
        self.state = self.model.state_dict()

    def test_layouts(self):
        examples = {"encoder.0": "fc1", "fc_mu": "fc21", "fc_logvar": "fc22", "decoder.0": "fc3", "decoder.2": "fc4"}
        cases = [({}, "", "latentlab"), (examples, "", "pytorch-examples-vae"), (examples, "module.", "pytorch-examples-vae"),
                 ({"encoder.0": "encoder.1", "fc_mu": "mu", "fc_logvar": "logvar", "decoder.2": "decoder.3"},
                  "_orig_mod.module.", "sequential")]
        for table, prefix, layout in cases:
            with self.subTest(layout=layout, prefix=prefix):
                file = renamed(self.state, table, prefix)
                got_layout, got_prefix, names = map_names(shapes(file), shapes(self.state))
                self.assertEqual((got_layout, got_prefix), (layout, prefix))
                loaded, _ = model_from_state_dict(file, SMALL)
                for name, t in loaded.state_dict().items():
                    self.assertTrue(torch.equal(t, self.state[name]), name)
                self.assertEqual(sorted(names.values()), sorted(self.state))

    def test_top_level_sequential_autoencoder(self):
        config = {"type": "ae", "image": [1, 8, 8], "hidden": [5], "latent": 2}
        state = LatentLabModel(config).state_dict()
        file = renamed(state, {"encoder.0": "0", "encoder.2": "2", "decoder.0": "4", "decoder.2": "10"})
        self.assertEqual(map_names(shapes(file), shapes(state))[0], "sequential")

    def test_ambiguous_and_unmatched_files_are_refused(self):
        two_mu = dict(self.state, **{"encoder.mu.weight": self.state["fc_mu.weight"], "encoder.mu.bias": self.state["fc_mu.bias"]})
        with self.assertRaisesRegex(WeightsMismatch, "ambiguous: both 'fc_mu' and 'encoder.mu' name the μ head"):
            map_names(shapes(two_mu), shapes(self.state))
        unknown = renamed(self.state, {"fc_mu": "head_a"})
        with self.assertRaisesRegex(WeightsMismatch, r"(?s)no tensor 'fc_mu.weight'.*in the file.*\| the model expects"):
            map_names(shapes(unknown), shapes(self.state))


class ModelTest(unittest.TestCase):
    def test_every_shipped_file_loads_into_the_module_it_describes(self):
        for name in sorted(os.listdir(os.path.join(REPO, "models"))):
            if name.startswith("dqn_") and name.endswith(".safetensors"):
                with self.subTest(model=name), self.assertRaisesRegex(ValueError, "DQN agent"):
                    load(os.path.join(REPO, "models", name))
            elif name.endswith(".safetensors"):
                with self.subTest(model=name):
                    model = load(os.path.join(REPO, "models", name))
                    self.assertEqual(model.mapped_from[0], "latentlab")
                    with open(os.path.join(REPO, "models", name.replace(".safetensors", ".json"))) as f:
                        card = json.load(f)
                    self.assertEqual(json.loads(model.config_json), card["config"])

    def test_save_then_load_is_exact_and_needs_no_config(self):
        for config in (SMALL, {"type": "ae", "arch": "conv", "image": [1, 8, 8], "channels": [2, 3], "latent": 4,
                               "activation": "leaky_relu"},
                       {"type": "cvae", "image": [1, 8, 8], "hidden": [5], "latent": 2, "classes": 3, "activation": "tanh"}):
            with self.subTest(config=config):
                model = LatentLabModel(config)
                back = load(save_bytes(model))
                for name, t in model.state_dict().items():
                    self.assertTrue(torch.equal(back.state_dict()[name], t))

    def test_a_file_without_metadata_needs_its_config(self):
        data = write_safetensors(LatentLabModel(SMALL).state_dict(), {"format": "pt"})
        with self.assertRaisesRegex(MissingConfig, "give the model config"):
            load(data)
        self.assertEqual(load(data, SMALL).config["latent"], 3)

    def test_twenty_steps_lower_the_loss(self):
        model, losses, rank = train({"type": "vae", "hidden": [32], "latent": 2}, steps=20, batch_size=64, log=None)
        self.assertEqual((len(losses), rank), (20, 0))
        self.assertLess(sum(losses[-5:]) / 5, sum(losses[:5]) / 5)
        self.assertFalse(model.training)


class CommandLineTest(unittest.TestCase):
    def run_cli(self, *args):
        env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "python"))
        return subprocess.run([sys.executable, "-m", "latentlab_torch", *args], env=env, capture_output=True, text=True)

    def test_train_export_convert_round_trip(self):
        with tempfile.TemporaryDirectory() as tmp:
            trained = os.path.join(tmp, "t.safetensors")
            done = self.run_cli("train", "--config", '{"type":"ae","hidden":[16],"latent":2}', "--steps", "3",
                                "--out", trained)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("after 3 steps", done.stdout)
            exported = os.path.join(tmp, "t.pt")
            self.assertEqual(self.run_cli("export", trained, "--out", exported).returncode, 0)
            checkpoint = torch.load(exported)
            self.assertEqual(sorted(checkpoint), ["config", "state_dict"])
            # A DDP-style prefix, as torch.save(ddp_model.state_dict()) writes it.
            torch.save({"module." + k: v for k, v in checkpoint["state_dict"].items()}, exported)
            converted = os.path.join(tmp, "c.safetensors")
            done = self.run_cli("convert", exported, "--config", checkpoint["config"], "--out", converted)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("under the prefix 'module.'", done.stdout)
            self.assertTrue(all(torch.equal(load(converted).state_dict()[k], v) for k, v in load(trained).state_dict().items()))
            refused = self.run_cli("convert", exported, "--out", converted)
            self.assertEqual(refused.returncode, 1)
            self.assertIn("give the model config", refused.stderr)

    def test_train_data_parallel_on_two_processes(self):
        # What torchrun starts (its environment), on the CPU with gloo: rank 0 writes the file.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "ddp.safetensors")
            env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "python"), MASTER_ADDR="127.0.0.1",
                       MASTER_PORT=str(port), WORLD_SIZE="2")
            ranks = [subprocess.Popen([sys.executable, "-m", "latentlab_torch", "train", "--config",
                                       '{"type":"vae","hidden":[16],"latent":2}', "--steps", "4", "--batch", "32",
                                       "--out", out], env=dict(env, RANK=str(r), LOCAL_RANK=str(r)),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for r in (0, 1)]
            results = [rank.communicate(timeout=240) for rank in ranks]
            self.assertEqual([rank.returncode for rank in ranks], [0, 0], results)
            self.assertIn("after 4 steps on this rank", results[0][0])
            self.assertEqual(results[1][0], "")  # only rank 0 speaks and writes
            self.assertEqual(load(out).config["latent"], 2)


if __name__ == "__main__":
    unittest.main()
