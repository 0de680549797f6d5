"""Latent Lab model files (src/models/model_io.hpp) from and to PyTorch:
safetensors whose __metadata__ holds format "latentlab-model",
format_version "1" and the config as JSON, tensors under Latent Lab's names."""
import json

import torch

from .config import resolve_config
from .model import LatentLabModel
from .names import WeightsMismatch, map_names
from .safetensors_io import read_safetensors, write_safetensors

FORMAT = "latentlab-model"
FORMAT_VERSION = "1"


class MissingConfig(ValueError):
    """A file without Latent Lab metadata, and no config given."""


DQN_FORMAT = "latentlab-dqn"


def _config_from_metadata(metadata, config):
    if metadata.get("format") == DQN_FORMAT:
        raise ValueError("the file is a DQN agent (format 'latentlab-dqn', src/rl/dqn_io.hpp), "
                         "not an autoencoder: this module converts ae / vae / cvae models only")
    if metadata.get("format") != FORMAT:
        if config is None:
            raise MissingConfig(f"the file is not a Latent Lab model (format {metadata.get('format')!r}): "
                                "give the model config to read it")
        return resolve_config(config)
    if metadata.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"weights file format_version {metadata.get('format_version')!r}; "
                         f"this module reads version {FORMAT_VERSION}")
    theirs = resolve_config(metadata["config"])
    if config is not None and resolve_config(config) != theirs:
        raise ValueError(f"the file describes a different model: {metadata['config']}, the config given is {config}")
    return theirs


def model_from_state_dict(state_dict, config):
    """A LatentLabModel holding a state_dict of any known layout. Returns (model, (layout, prefix, names))."""
    model = LatentLabModel(config)
    target = model.state_dict()
    tensors = {name: t for name, t in state_dict.items()}
    layout, prefix, names = map_names({n: tuple(t.shape) for n, t in tensors.items()},
                                      {n: tuple(t.shape) for n, t in target.items()})
    renamed = {names[n]: t.detach().to(torch.float32) for n, t in tensors.items()}
    for name, t in renamed.items():
        if not torch.isfinite(t).all():
            raise WeightsMismatch(f"tensor '{name}' holds a non-finite value")
    model.load_state_dict(renamed)
    return model, (layout, prefix, names)


def read_checkpoint(path):
    """(state_dict, metadata) from a .safetensors file or a torch.save'd state_dict (.pt / .pth).
    A checkpoint dict that wraps the state_dict under "state_dict", "model_state_dict" or "model" is unwrapped."""
    with open(path, "rb") as f:
        head = f.read(8)
    if path.endswith(".safetensors") or (len(head) == 8 and head[:2] != b"PK" and head[0] != 0x80):
        with open(path, "rb") as f:
            metadata, tensors = read_safetensors(f.read())
        return tensors, metadata
    # weights_only: a .pt file is a pickle, and unpickling anything else could run code from the file.
    loaded = torch.load(path, map_location="cpu", weights_only=True)
    metadata = {}
    if isinstance(loaded, dict) and isinstance(loaded.get("config"), (dict, str)):
        config = loaded["config"]
        metadata = {"format": FORMAT, "format_version": FORMAT_VERSION,
                    "config": config if isinstance(config, str) else json.dumps(config)}
    for key in ("state_dict", "model_state_dict", "model"):
        if isinstance(loaded, dict) and isinstance(loaded.get(key), dict):
            loaded = loaded[key]
            break
    if not isinstance(loaded, dict) or not all(torch.is_tensor(t) for t in loaded.values()):
        raise ValueError(f"{path}: not a state_dict (a dict of tensors)")
    return loaded, metadata


def load(source, config=None):
    """A LatentLabModel from a Latent Lab file, a PyTorch safetensors or .pt state_dict (path or bytes).
    config is needed only for files without Latent Lab metadata. model.mapped_from says which naming was read."""
    if isinstance(source, (bytes, bytearray)):
        metadata, state_dict = read_safetensors(source)
    else:
        state_dict, metadata = read_checkpoint(str(source))
    model, mapping = model_from_state_dict(state_dict, _config_from_metadata(metadata, config))
    model.mapped_from = mapping
    model.eval()
    return model


def save_bytes(model, metadata=None, float16=False):
    """Latent Lab's file for a LatentLabModel (or a DDP / DataParallel wrapper of one)."""
    module = getattr(model, "module", model)
    if not isinstance(module, LatentLabModel):
        raise TypeError("save: expected a LatentLabModel (or a wrapper of one with .module)")
    meta = {k: str(v) for k, v in (metadata or {}).items()}
    meta.update(format=FORMAT, format_version=FORMAT_VERSION, config=module.config_json)
    return write_safetensors(module.state_dict(), meta, float16=float16)


def save(model, path, metadata=None, float16=False):
    data = save_bytes(model, metadata, float16)
    with open(path, "wb") as f:
        f.write(data)
    return len(data)
