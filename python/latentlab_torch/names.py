"""The PyTorch namings of a Latent Lab architecture and how they map to its
own names: the rules of src/models/checkpoint_names.cpp (the loader the page,
Node and the CLI use), so `convert` accepts what the page accepts.
tests/node/bridge.test.js checks that both give the same mapping.

Layouts: "latentlab" (encoder.N, fc_mu, fc_logvar, decoder.N),
"pytorch-examples-vae" (fc1 fc21 fc22 fc3 fc4), "sequential" (nn.Sequential
numbering in any steps, with or without encoder./decoder., heads under a
common name); each also under "module." / "_orig_mod." on every name.
"""
import re

MU_NAMES = {"fc_mu", "mu", "fc21", "fc_mean", "mean", "z_mean"}
LOGVAR_NAMES = {"fc_logvar", "logvar", "fc22", "fc_var", "log_var", "fc_log_var", "z_log_var"}
WRAPPERS = ("module.", "_orig_mod.")
EXAMPLES = {"fc1": "encoder.0", "fc21": "fc_mu", "fc22": "fc_logvar", "fc3": "decoder.0", "fc4": "decoder.2"}


class WeightsMismatch(ValueError):
    """A state_dict that fits the model under no known naming, or ambiguously (code weights_mismatch in C++)."""


def _path(name):
    path, _, member = name.rpartition(".")
    return (path, member) if member in ("weight", "bias") and path else (name, "")


def _layers(shapes):
    """{name: shape} -> {module path: {member: shape}} in first-seen order."""
    layers = {}
    for name, shape in shapes.items():
        path, member = _path(name)
        layers.setdefault(path, {})[member] = tuple(shape)
    return layers


def _role(path):
    head = path.split(".")[0]
    return {"fc_mu": "mu", "fc_logvar": "logvar", "decoder": "decoder"}.get(head, "encoder")


def _check(paths, file_layers, model_layers):
    """None when paths maps every file layer onto a distinct model layer of the same members and shapes."""
    for path, members in file_layers.items():
        if path not in paths:
            return f"the model has no place for '{path}'"
        if members != model_layers[paths[path]]:
            return f"the file's '{path}' {members} would be the model's '{paths[path]}' {model_layers[paths[path]]}"
    missing = set(model_layers) - set(paths.values())
    return f"the file has nothing for the model's '{sorted(missing)[0]}'" if missing else None


def _latentlab(shapes, model_shapes, file_layers, model_layers):
    for name, shape in model_shapes.items():
        if name not in shapes:
            return None, f"the file has no tensor '{name}', which the model needs"
        if tuple(shapes[name]) != tuple(shape):
            return None, f"tensor '{name}' has shape {list(shapes[name])} in the file but the model expects {list(shape)}"
    extra = [n for n in shapes if n not in model_shapes]
    if extra:
        return None, f"unexpected tensor '{extra[0]}' in the file: the model has no such parameter"
    return {p: p for p in file_layers}, None


def _examples(file_layers, model_layers):
    if set(file_layers) - set(EXAMPLES):
        return None, f"not its names (fc1, fc21, fc22, fc3, fc4): '{sorted(set(file_layers) - set(EXAMPLES))[0]}'"
    missing = [t for t in EXAMPLES.values() if t not in model_layers]
    if missing:
        return None, f'it is a VAE with one hidden layer ("hidden": [H]); this model has no \'{missing[0]}\''
    paths = {p: EXAMPLES[p] for p in file_layers}
    problem = _check(paths, file_layers, model_layers)
    return (None, problem) if problem else (paths, None)


def _sequential(file_layers, model_layers):
    variational = any(_role(p) == "mu" for p in model_layers)
    found = {"encoder": [], "mu": [], "logvar": [], "decoder": []}
    body = []
    def head_of(path):
        last = path.split(".")[-1]
        return None if not variational else "mu" if last in MU_NAMES else "logvar" if last in LOGVAR_NAMES else None

    # The heads first, over the whole file: two tensors for one head is the ambiguity to report.
    for path in file_layers:
        role = head_of(path)
        if role:
            found[role].append(((), path))
            if len(found[role]) > 1:
                head = "μ" if role == "mu" else "log σ²"
                raise WeightsMismatch(f"the file's names are ambiguous: both '{found[role][0][1]}' and '{path}' name "
                                      f"the {head} head: which one is meant is not clear")
    for path in file_layers:
        if head_of(path):
            continue
        parts = path.split(".")
        role_word = parts[0] in ("encoder", "decoder")
        rest = parts[1:] if role_word else parts
        if not rest or not all(re.fullmatch(r"\d{1,9}", p) for p in rest):
            return None, f"'{path}' is neither encoder.N, decoder.N, N" + (" nor a μ / log σ² head's name" if variational else "")
        key = tuple(int(p) for p in rest)
        (found[parts[0]] if role_word else body).append((key, path))
    if body:
        if found["encoder"] or found["decoder"]:
            return None, f"the file mixes encoder./decoder. names with bare numbers ('{body[0][1]}')"
        encoder_layers = sum(_role(p) == "encoder" for p in model_layers)
        for i, item in enumerate(sorted(body)):
            found["encoder" if i < encoder_layers else "decoder"].append(item)
    paths = {}
    for role in ("encoder", "mu", "logvar", "decoder"):
        targets = [p for p in model_layers if _role(p) == role]
        sources = sorted(found[role])
        if len(sources) != len(targets):
            return None, f"the file has {len(sources)} {role} layer(s) with weights, the model {len(targets)}"
        paths.update({source: target for (_, source), target in zip(sources, targets)})
    problem = _check(paths, file_layers, model_layers)
    return (None, problem) if problem else (paths, None)


def _listing_key(name):
    """Where a file's tensor would sit in a model's order (encoder, μ, log σ², decoder; numbers numerically;
    weight before bias), so the columns of a mismatch line up (listing_key in checkpoint_names.cpp)."""
    parts = name.split(".")
    member = parts.pop() if len(parts) > 1 and parts[-1] in ("weight", "bias") else ""
    while len(parts) > 1 and parts[0] in ("module", "_orig_mod"):
        parts.pop(0)
    head, last = parts[0], parts[-1]
    rank = (1 if last in MU_NAMES else 2 if last in LOGVAR_NAMES else 3 if head in ("decoder", "fc3", "fc4")
            else 0 if head in ("encoder", "fc1") or head.isdigit() else 4)
    return [(rank, "")] + [(int(p), "") if p.isdigit() else (-1, p) for p in parts] + [(0 if member == "weight" else 1, member)]


def _side_by_side(shapes, model_shapes):
    listed = sorted(shapes.items(), key=lambda item: _listing_key(item[0]))
    left = ["in the file"] + [f"{n} {list(s)}" for n, s in listed]
    right = ["the model expects"] + [f"{n} {list(s)}" for n, s in model_shapes.items()]
    width = max(len(x) for x in left)
    rows = [f"  {(left[i] if i < len(left) else ''):<{width}} | {right[i] if i < len(right) else ''}"
            for i in range(min(max(len(left), len(right)), 40))]
    return "\n" + "\n".join(rows)


def map_names(shapes, model_shapes):
    """shapes: the file's {name: shape}; model_shapes: the model's state_dict {name: shape}, in order.
    Returns (layout, prefix, {file name: model name}); raises WeightsMismatch."""
    stripped, prefix = dict(shapes), ""
    changed = bool(stripped)
    while changed:
        changed = False
        for wrapper in WRAPPERS:
            if all(n.startswith(wrapper) for n in stripped):
                stripped = {n[len(wrapper):]: s for n, s in stripped.items()}
                prefix += wrapper
                changed = True
    original = dict(zip(stripped, shapes))  # stripped name -> name in the file
    file_layers, model_layers = _layers(stripped), _layers(model_shapes)
    attempts = []
    for layout, attempt in (("latentlab", lambda: _latentlab(stripped, model_shapes, file_layers, model_layers)),
                            ("pytorch-examples-vae", lambda: _examples(file_layers, model_layers)),
                            ("sequential", lambda: _sequential(file_layers, model_layers))):
        try:
            paths, failure = attempt()
        except WeightsMismatch as error:
            raise WeightsMismatch(str(error) + _side_by_side(shapes, model_shapes)) from None
        attempts.append((layout, paths, failure))
    fits = [(layout, paths) for layout, paths, failure in attempts if failure is None]
    if not fits:
        reasons = "".join(f"\n  as {layout}: {failure}" for layout, _, failure in attempts)
        raise WeightsMismatch("the file's tensors do not fit the model under any known naming (layouts in "
                              f"docs/PYTORCH.md):{reasons}\ntensors:{_side_by_side(shapes, model_shapes)}")
    if any(paths != fits[0][1] for _, paths in fits):
        raise WeightsMismatch(f"the file's names fit two layouts ({fits[0][0]}, "
                              f"{next(l for l, p in fits if p != fits[0][1])}) that map them differently")
    layout, paths = fits[0]
    names = {}
    for name in stripped:
        path, member = _path(name)
        names[original[name]] = f"{paths[path]}.{member}"
    return layout, prefix, names
