"""Latent Lab model configs (src/models/config.cpp) as plain dicts: the same
keys and defaults, so a config read here builds the network the C++ builds.
The C++ validates ranges; this module checks only what it needs to build."""
import json

DEFAULTS = {
    "type": "ae", "arch": "dense", "image": [1, 28, 28], "hidden": [512, 128], "channels": [16, 32],
    "latent": 2, "activation": "relu", "reconstruction": "bce", "beta": 1.0, "classes": 10,
}
_CHOICES = {"type": ("ae", "vae", "cvae"), "arch": ("dense", "conv"),
            "activation": ("relu", "leaky_relu", "tanh"), "reconstruction": ("bce", "mse")}
_KEYS = set(DEFAULTS) | {"denoise"}


def resolve_config(config):
    """A config (dict or JSON text) with every default filled in; unknown keys and values raise ValueError."""
    if isinstance(config, str):
        config = json.loads(config)
    if not isinstance(config, dict):
        raise ValueError("model config must be a JSON object")
    unknown = set(config) - _KEYS
    if unknown:
        raise ValueError(f'model config: unknown key "{sorted(unknown)[0]}"')
    resolved = {**DEFAULTS, **config}
    for key, accepted in _CHOICES.items():
        if resolved[key] not in accepted:
            raise ValueError(f'model config: "{key}" must be one of {", ".join(accepted)}, got {resolved[key]!r}')
    if resolved["type"] != "ae" and resolved["reconstruction"] != "bce":
        raise ValueError('model config: a VAE uses the Bernoulli likelihood: "reconstruction" must be "bce"')
    if resolved["type"] == "cvae" and resolved["arch"] != "dense":
        raise ValueError('model config: a conditional model must use "arch": "dense"')
    if len(resolved["image"]) != 3:
        raise ValueError('model config: "image" must be [channels, height, width]')
    return resolved


def config_json(config):
    """The config as Latent Lab writes it in a file's metadata (model_config_to_json): only the keys that apply."""
    c = resolve_config(config)
    out = {"type": c["type"], "arch": c["arch"], "image": list(c["image"])}
    layers = "hidden" if c["arch"] == "dense" else "channels"
    out[layers] = list(c[layers])
    out.update(latent=c["latent"], activation=c["activation"], reconstruction=c["reconstruction"])
    if c["type"] != "ae":
        out["beta"] = c["beta"]
    if c["type"] == "cvae":
        out["classes"] = c["classes"]
    if c.get("denoise") and c["denoise"].get("kind", "none") != "none":
        out["denoise"] = c["denoise"]
    return json.dumps(out, separators=(",", ":"))
