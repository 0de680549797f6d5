"""python3 -m latentlab_torch <command>  (run with python/ on PYTHONPATH, or from python/)

  convert IN.pt|IN.safetensors --config JSON|@file --out OUT.safetensors [--f16]
      a PyTorch state_dict of a known layout (docs/PYTORCH.md) -> Latent Lab's file (loads in the page without a config)
  export IN.safetensors --out OUT.pt
      a Latent Lab file -> torch.save({"config": ..., "state_dict": ...}) for LatentLabModel(config).load_state_dict
  train --config JSON|@file [--epochs 1] [--steps N] [--batch 128] [--lr 1e-3] [--seed 1] --out OUT.safetensors
      trains on the bundled MNIST; under torchrun, on every process (rank 0 writes the file)
"""
import argparse
import json
import sys

import torch

from .files import load, save
from .train import train


def _config(text):
    if text is None:
        return None
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as f:
            text = f.read()
    return json.loads(text)


def _describe(mapping):
    layout, prefix, names = mapping
    renamed = {k: v for k, v in names.items() if k != v}
    text = f"names: {layout}" + (f" under the prefix '{prefix}'" if prefix else "")
    if renamed:
        text += "; " + ", ".join(f"{k} -> {v}" for k, v in list(renamed.items())[:6]) + (" ..." if len(renamed) > 6 else "")
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m latentlab_torch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    convert = commands.add_parser("convert", help="a PyTorch state_dict -> Latent Lab's safetensors")
    convert.add_argument("input")
    convert.add_argument("--config")
    convert.add_argument("--out", required=True)
    convert.add_argument("--f16", action="store_true")
    export = commands.add_parser("export", help="a Latent Lab file -> a torch.save'd state_dict with its config")
    export.add_argument("input")
    export.add_argument("--out", required=True)
    trainer = commands.add_parser("train", help="train on the bundled MNIST (torchrun: data-parallel)")
    trainer.add_argument("--config", required=True)
    trainer.add_argument("--epochs", type=int, default=1)
    trainer.add_argument("--steps", type=int)
    trainer.add_argument("--batch", type=int, default=128)
    trainer.add_argument("--lr", type=float, default=1e-3)
    trainer.add_argument("--seed", type=int, default=1)
    trainer.add_argument("--out", required=True)
    trainer.add_argument("--f16", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "convert":
            model = load(args.input, _config(args.config))
            size = save(model, args.out, {"converted_from": args.input}, float16=args.f16)
            print(f"wrote {args.out} ({size} bytes); {_describe(model.mapped_from)}")
        elif args.command == "export":
            model = load(args.input)
            torch.save({"config": model.config_json, "state_dict": model.state_dict()}, args.out)
            print(f"wrote {args.out}: torch.load it, then LatentLabModel(config).load_state_dict(state_dict)")
        else:
            model, losses, rank = train(_config(args.config), epochs=args.epochs, steps=args.steps,
                                        batch_size=args.batch, learning_rate=args.lr, seed=args.seed)
            if rank == 0:
                size = save(model, args.out, {"training": json.dumps({"steps": len(losses), "framework": "pytorch"})},
                            float16=args.f16)
                print(f"wrote {args.out} ({size} bytes) after {len(losses)} steps on this rank; last loss {losses[-1]:.3f}")
    except (ValueError, OSError) as error:
        print(f"latentlab_torch: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
