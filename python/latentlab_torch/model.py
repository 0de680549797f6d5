"""The torch.nn.Module of any Latent Lab model config, built layer for layer as
src/models/networks.cpp, autoencoder.cpp and vae.cpp build it, so its
state_dict names and layouts are Latent Lab's own (docs/PYTORCH.md):

  dense:  encoder  [N, D+L] -> (Linear, act)*  [-> Linear: the AE's code]
          decoder  [N, Z+L] -> (Linear, act)* -> Linear -> [N, D] logits
  conv:   encoder  [N, D] -> Unflatten [C,H,W] -> (Conv2d 3x3 s2 p1, act)* -> Flatten [-> Linear: the AE's code]
          decoder  [N, Z] -> Linear -> act -> Unflatten -> (ConvTranspose2d 3x3 s2 p1 op1, act)* -> ConvTranspose2d -> Flatten
  VAE heads fc_mu, fc_logvar: Linear on the encoder's output.

L is the one-hot label width of a conditional VAE (0 otherwise); pixels are
rows of D = C*H*W values in [0, 1]; decode() is the sigmoid of the logits.
"""
import torch
from torch import nn
import torch.nn.functional as F

from .config import config_json, resolve_config


def _activation(name):
    return {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh}[name]()


def _encoder_trunk(c, label_width):
    """The layers before the code / heads, and their output width."""
    layers = []
    channels, height, width = c["image"]
    if c["arch"] == "dense":
        features = channels * height * width + label_width
        for hidden in c["hidden"]:
            layers += [nn.Linear(features, hidden), _activation(c["activation"])]
            features = hidden
        return layers, features
    layers.append(nn.Unflatten(1, (channels, height, width)))
    for out_channels in c["channels"]:
        layers += [nn.Conv2d(channels, out_channels, 3, 2, 1), _activation(c["activation"])]
        channels, height, width = out_channels, height // 2, width // 2
    layers.append(nn.Flatten())
    return layers, channels * height * width


def _decoder(c, input_width):
    image_channels, height, width = c["image"]
    if c["arch"] == "dense":
        layers, features = [], input_width
        for hidden in reversed(c["hidden"]):
            layers += [nn.Linear(features, hidden), _activation(c["activation"])]
            features = hidden
        layers.append(nn.Linear(features, image_channels * height * width))
        return nn.Sequential(*layers)
    levels = len(c["channels"])
    h, w, deepest = height >> levels, width >> levels, c["channels"][-1]
    layers = [nn.Linear(input_width, deepest * h * w), _activation(c["activation"]), nn.Unflatten(1, (deepest, h, w))]
    for level in reversed(range(levels)):
        out_channels = c["channels"][level - 1] if level > 0 else image_channels
        layers.append(nn.ConvTranspose2d(c["channels"][level], out_channels, 3, 2, 1, output_padding=1))
        if level > 0:
            layers.append(_activation(c["activation"]))
    layers.append(nn.Flatten())
    return nn.Sequential(*layers)


class LatentLabModel(nn.Module):
    """ae / vae / cvae, dense or conv. Images [N, D] in [0, 1]; labels: N class ids (cvae only)."""

    def __init__(self, config):
        super().__init__()
        self.config = resolve_config(config)
        c = self.config
        self.variational = c["type"] != "ae"
        self.label_width = c["classes"] if c["type"] == "cvae" else 0
        trunk, features = _encoder_trunk(c, self.label_width)
        if self.variational:
            self.encoder = nn.Sequential(*trunk)
            self.fc_mu = nn.Linear(features, c["latent"])
            self.fc_logvar = nn.Linear(features, c["latent"])
        else:
            self.encoder = nn.Sequential(*trunk, nn.Linear(features, c["latent"]))
        self.decoder = _decoder(c, c["latent"] + self.label_width)

    @property
    def config_json(self):
        return config_json(self.config)

    def _with_labels(self, x, labels):
        if not self.label_width:
            if labels is not None:
                raise ValueError("labels were given but the model is not conditional")
            return x
        if labels is None:
            raise ValueError("a conditional model needs one label per row")
        return torch.cat([x, F.one_hot(torch.as_tensor(labels, device=x.device).long(), self.label_width).to(x.dtype)], 1)

    def encode_distribution(self, images, labels=None):
        """A VAE's posterior: (mu, logvar), each [N, Z]."""
        if not self.variational:
            raise ValueError("only a VAE has a posterior distribution; use encode()")
        h = self.encoder(self._with_labels(images, labels))
        return self.fc_mu(h), self.fc_logvar(h)

    def encode(self, images, labels=None):
        """[N, Z]: the AE's code, a VAE's posterior mean."""
        if self.variational:
            return self.encode_distribution(images, labels)[0]
        return self.encoder(images)

    def decode_logits(self, codes, labels=None):
        return self.decoder(self._with_labels(codes, labels))

    def decode(self, codes, labels=None):
        return torch.sigmoid(self.decode_logits(codes, labels))

    def reconstruct(self, images, labels=None):
        """decode(encode(x)): deterministic (a VAE decodes mu)."""
        return self.decode(self.encode(images, labels), labels)

    def forward(self, images, labels=None):
        """Logits of the reconstruction (a VAE decodes z = mu + sigma * eps), and (mu, logvar) or None."""
        if not self.variational:
            return self.decode_logits(self.encoder(images)), None
        mu, logvar = self.encode_distribution(images, labels)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.decode_logits(z, labels), (mu, logvar)

    def loss(self, inputs, targets=None, labels=None):
        """Per-image means as Latent Lab reports them: (total, reconstruction, kl), total = reconstruction + beta*kl."""
        return self.loss_of(self(inputs, labels), inputs if targets is None else targets)

    def loss_of(self, outputs, targets):
        """loss() from forward()'s outputs: a DistributedDataParallel wrapper runs forward, this the rest."""
        logits, posterior = outputs
        if self.config["reconstruction"] == "bce":
            per_pixel = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        else:
            per_pixel = (torch.sigmoid(logits) - targets) ** 2
        reconstruction = per_pixel.sum(1).mean()
        if posterior is None:
            return reconstruction, reconstruction, torch.zeros((), device=logits.device)
        mu, logvar = posterior
        kl = 0.5 * (logvar.exp() + mu ** 2 - 1 - logvar).sum(1).mean()
        return reconstruction + self.config["beta"] * kl, reconstruction, kl
