"""Latent Lab models in PyTorch (dependency: torch only). See docs/PYTORCH.md.

    from latentlab_torch import LatentLabModel, load, save
    model = load("models/vae16.safetensors")         # a LatentLabModel (torch.nn.Module)
    mu, logvar = model.encode_distribution(images)   # images [N, 784] in [0, 1]
    save(model, "mine.safetensors")                  # loads in the page as it is
"""
from .config import config_json, resolve_config
from .files import MissingConfig, load, model_from_state_dict, read_checkpoint, save, save_bytes
from .model import LatentLabModel
from .names import WeightsMismatch, map_names
from .safetensors_io import SafetensorsError, read_safetensors, write_safetensors

__all__ = ["LatentLabModel", "load", "save", "save_bytes", "model_from_state_dict", "read_checkpoint", "map_names",
           "read_safetensors", "write_safetensors", "resolve_config", "config_json", "MissingConfig",
           "WeightsMismatch", "SafetensorsError"]
