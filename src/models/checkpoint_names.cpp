#include "models/checkpoint_names.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "nn/errors.hpp"

namespace ll {
namespace {

enum class Role { Encoder, Mu, Logvar, Decoder };

// A module's tensors: "encoder.0" holds {"weight": [16, 784], "bias": [16]}.
struct Layer {
  std::string path;  // the module's name, without ".weight" / ".bias"
  std::map<std::string, Shape> members;
};

// Consecutive names sharing a module path, in the given order. A tensor whose
// last name is not weight/bias (a BatchNorm's running_mean, say) has no place
// in these models: it becomes a layer of its own that matches nothing.
std::vector<Layer> group_layers(const std::vector<std::pair<std::string, Shape>>& tensors) {
  std::vector<Layer> layers;
  std::map<std::string, std::size_t> index;
  for (const auto& [name, shape] : tensors) {
    const std::size_t dot = name.rfind('.');
    const std::string member = dot == std::string::npos ? name : name.substr(dot + 1);
    const bool parameter = member == "weight" || member == "bias";
    const std::string path = parameter && dot != std::string::npos ? name.substr(0, dot) : name;
    const std::string key = parameter ? member : "";
    auto found = index.find(path);
    if (found == index.end() || !parameter) {
      index[path] = layers.size();
      layers.push_back({path, {}});
      found = index.find(path);
    }
    layers[found->second].members[key] = shape;
  }
  return layers;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (std::size_t dot; (dot = path.find('.', begin)) != std::string::npos; begin = dot + 1)
    parts.push_back(path.substr(begin, dot - begin));
  parts.push_back(path.substr(begin));
  return parts;
}

bool is_index(const std::string& part) {
  return !part.empty() && part.size() < 10 && std::all_of(part.begin(), part.end(), [](unsigned char c) {
    return std::isdigit(c) != 0;
  });
}

const std::set<std::string> kMuNames{"fc_mu", "mu", "fc21", "fc_mean", "mean", "z_mean"};
const std::set<std::string> kLogvarNames{"fc_logvar", "logvar", "fc22", "fc_var", "log_var", "fc_log_var", "z_log_var"};

struct ModelLayers {
  std::vector<Layer> all;  // in parameter order
  std::map<Role, std::vector<std::size_t>> roles;
};

ModelLayers model_layers(const Parameters& params) {
  std::vector<std::pair<std::string, Shape>> tensors;
  for (const auto& view : params.views()) tensors.emplace_back(view.name, view.shape);
  ModelLayers model{group_layers(tensors), {}};
  for (std::size_t i = 0; i < model.all.size(); ++i) {
    const std::string& path = model.all[i].path;
    const std::string head = split(path).front();
    const Role role = head == "fc_mu" ? Role::Mu : head == "fc_logvar" ? Role::Logvar
                      : head == "decoder"                      ? Role::Decoder
                                                               : Role::Encoder;
    model.roles[role].push_back(i);
  }
  return model;
}

// A candidate: file layer path -> model layer path, or the reason it fails.
struct Attempt {
  std::string layout;
  std::map<std::string, std::string> paths;
  std::string failure;  // "" when paths is a full, shape-checked mapping
  bool ambiguous = false;
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string describe(const Layer& layer) {
  std::string text;
  for (const auto& [member, shape] : layer.members)
    text += (text.empty() ? "" : ", ") + (member.empty() ? layer.path : layer.path + "." + member) + " " +
            shape_to_string(shape);
  return text;
}

// Every file layer must have a target, every model layer one source, with the same members and shapes.
void check_paths(Attempt& attempt, const std::vector<Layer>& file, const ModelLayers& model) {
  std::map<std::string, const Layer*> by_path;
  for (const Layer& layer : model.all) by_path[layer.path] = &layer;
  std::set<std::string> targets;
  for (const Layer& layer : file) {
    const auto target = attempt.paths.find(layer.path);
    if (target == attempt.paths.end()) {
      attempt.failure = "the model has no place for " + describe(layer);
      return;
    }
    const Layer& expected = *by_path.at(target->second);
    if (layer.members != expected.members) {
      attempt.failure = "the file's " + describe(layer) + " would be the model's " + describe(expected);
      return;
    }
    targets.insert(target->second);
  }
  for (const Layer& layer : model.all)
    if (!targets.count(layer.path)) {
      attempt.failure = "the file has nothing for the model's " + describe(layer);
      return;
    }
}

// Latent Lab's own names: checked view by view in the model's order, in the
// words load_parameters uses, so the first problem is named exactly.
Attempt latentlab_names(const std::vector<std::pair<std::string, Shape>>& tensors, const Parameters& params) {
  Attempt attempt{"latentlab", {}, "", false};
  const std::map<std::string, Shape> in_file(tensors.begin(), tensors.end());
  for (const auto& view : params.views()) {
    const auto t = in_file.find(view.name);
    if (t == in_file.end()) {
      attempt.failure = "the file has no tensor " + quoted(view.name) + ", which the model needs";
      return attempt;
    }
    if (t->second != view.shape) {
      attempt.failure = "tensor " + quoted(view.name) + " has shape " + shape_to_string(t->second) +
                        " in the file but the model expects " + shape_to_string(view.shape);
      return attempt;
    }
  }
  for (const auto& [name, shape] : tensors)
    if (!params.find(name)) {
      attempt.failure = "unexpected tensor " + quoted(name) + " in the file: the model has no such parameter";
      return attempt;
    }
  for (const auto& [name, shape] : tensors) attempt.paths[name.substr(0, name.rfind('.'))] = name.substr(0, name.rfind('.'));
  return attempt;
}

// pytorch/examples vae/main.py: fc1 (784→400), fc21 / fc22 (400→20: μ, log σ²), fc3 (20→400), fc4 (400→784).
Attempt pytorch_examples_names(const std::vector<Layer>& file, const ModelLayers& model) {
  Attempt attempt{"pytorch-examples-vae", {}, "", false};
  const std::map<std::string, std::string> table{
      {"fc1", "encoder.0"}, {"fc21", "fc_mu"}, {"fc22", "fc_logvar"}, {"fc3", "decoder.0"}, {"fc4", "decoder.2"}};
  for (const Layer& layer : file) {
    const auto target = table.find(layer.path);
    if (target == table.end()) {
      attempt.failure = "not its names (fc1, fc21, fc22, fc3, fc4): " + quoted(layer.path);
      return attempt;
    }
    attempt.paths[layer.path] = target->second;
  }
  std::set<std::string> model_paths;
  for (const Layer& layer : model.all) model_paths.insert(layer.path);
  for (const auto& [from, to] : table)
    if (!model_paths.count(to)) {
      attempt.failure = "it is a VAE with one hidden layer (\"hidden\": [H]); this model has no " + quoted(to);
      return attempt;
    }
  check_paths(attempt, file, model);
  return attempt;
}

// The numbers in a path, in order: the position of a layer in (nested) nn.Sequentials.
std::optional<std::vector<long>> sequence_key(const std::vector<std::string>& parts, std::size_t from) {
  std::vector<long> key;
  for (std::size_t i = from; i < parts.size(); ++i) {
    if (!is_index(parts[i])) return std::nullopt;
    key.push_back(std::stol(parts[i]));
  }
  if (key.empty()) return std::nullopt;
  return key;
}

Attempt sequential_names(const std::vector<Layer>& file, const ModelLayers& model) {
  Attempt attempt{"sequential", {}, "", false};
  using Keyed = std::vector<std::pair<std::vector<long>, std::string>>;
  std::map<Role, Keyed> found;
  Keyed body;  // one top-level nn.Sequential: encoder layers, then decoder layers
  const bool variational = model.roles.count(Role::Mu) != 0;
  const auto is_head = [&](const std::string& path) {
    const std::string last = split(path).back();
    return variational && (kMuNames.count(last) || kLogvarNames.count(last));
  };
  // The heads first, over the whole file: two tensors for one head is the ambiguity to report.
  for (const Layer& layer : file) {
    if (!is_head(layer.path)) continue;
    const bool mu = kMuNames.count(split(layer.path).back()) != 0;
    Keyed& head = found[mu ? Role::Mu : Role::Logvar];
    head.push_back({{}, layer.path});
    if (head.size() > 1) {
      attempt.failure = "both " + quoted(head[0].second) + " and " + quoted(head[1].second) + " name the " +
                        (mu ? "μ" : "log σ²") + " head: which one is meant is not clear";
      attempt.ambiguous = true;
      return attempt;
    }
  }
  for (const Layer& layer : file) {
    if (is_head(layer.path)) continue;
    const auto parts = split(layer.path);
    const bool role_word = parts.front() == "encoder" || parts.front() == "decoder";
    const auto key = sequence_key(parts, role_word ? 1 : 0);
    if (!key) {
      attempt.failure = quoted(layer.path) + " is neither encoder.N, decoder.N, N" +
                        std::string(variational ? " nor a μ / log σ² head's name" : "");
      return attempt;
    }
    if (!role_word) body.push_back({*key, layer.path});
    else found[parts.front() == "encoder" ? Role::Encoder : Role::Decoder].push_back({*key, layer.path});
  }
  if (!body.empty()) {
    if (found.count(Role::Encoder) || found.count(Role::Decoder)) {
      attempt.failure = "the file mixes encoder./decoder. names with bare numbers (" + quoted(body[0].second) + ")";
      return attempt;
    }
    std::sort(body.begin(), body.end());
    const std::size_t encoder_layers = model.roles.count(Role::Encoder) ? model.roles.at(Role::Encoder).size() : 0;
    for (std::size_t i = 0; i < body.size(); ++i) found[i < encoder_layers ? Role::Encoder : Role::Decoder].push_back(body[i]);
  }
  for (const auto& [role, indices] : model.roles) {
    Keyed& keyed = found[role];
    std::sort(keyed.begin(), keyed.end());
    if (keyed.size() != indices.size()) {
      const char* names[] = {"encoder", "μ head", "log σ² head", "decoder"};
      attempt.failure = "the file has " + std::to_string(keyed.size()) + " " + names[int(role)] +
                        " layer(s) with weights, the model " + std::to_string(indices.size());
      return attempt;
    }
    for (std::size_t i = 0; i < indices.size(); ++i) attempt.paths[keyed[i].second] = model.all[indices[i]].path;
  }
  check_paths(attempt, file, model);
  return attempt;
}

// Strips "module." / "_orig_mod." while every name has it.
std::string strip_wrappers(std::vector<std::pair<std::string, Shape>>& tensors) {
  std::string removed;
  for (bool again = !tensors.empty(); again;) {
    again = false;
    for (const char* prefix : {"module.", "_orig_mod."}) {
      const std::string p = prefix;
      if (std::all_of(tensors.begin(), tensors.end(), [&](const auto& t) { return t.first.rfind(p, 0) == 0; })) {
        for (auto& t : tensors) t.first.erase(0, p.size());
        removed += p;
        again = true;
      }
    }
  }
  return removed;
}

// Where a file's tensor would sit in a model's order (encoder, μ, log σ²,
// decoder; numbers numerically; weight before bias), so the two columns of a
// mismatch line up row by row when the file is close to the model.
std::vector<std::pair<long, std::string>> listing_key(const std::string& name) {
  auto parts = split(name);
  const std::string member = parts.size() > 1 ? parts.back() : "";
  if (member == "weight" || member == "bias") parts.pop_back();
  std::size_t first = 0;
  while (first + 1 < parts.size() && (parts[first] == "module" || parts[first] == "_orig_mod")) ++first;
  const std::string& head = parts[first];
  const std::string& last = parts.back();
  const long rank = kMuNames.count(last) ? 1 : kLogvarNames.count(last) ? 2
                    : head == "decoder" || head == "fc3" || head == "fc4" ? 3
                    : head == "encoder" || head == "fc1" || is_index(head) ? 0
                                                                           : 4;
  std::vector<std::pair<long, std::string>> key{{rank, ""}};
  for (std::size_t i = first; i < parts.size(); ++i)
    key.push_back(is_index(parts[i]) ? std::pair<long, std::string>{std::stol(parts[i]), ""} : std::pair{-1L, parts[i]});
  key.push_back({member == "weight" ? 0 : 1, member});
  return key;
}

// The file's tensors and the model's, side by side.
std::string side_by_side(const SafetensorsFile& file, const Parameters& params) {
  std::vector<const NamedTensor*> listed;
  for (const auto& t : file.tensors) listed.push_back(&t);
  std::stable_sort(listed.begin(), listed.end(),
                   [](const NamedTensor* a, const NamedTensor* b) { return listing_key(a->name) < listing_key(b->name); });
  std::vector<std::string> left{"in the file"}, right{"the model expects"};
  for (const NamedTensor* t : listed) left.push_back(t->name + " " + shape_to_string(t->shape));
  for (const auto& v : params.views()) right.push_back(v.name + " " + shape_to_string(v.shape));
  constexpr std::size_t kRows = 40;  // a file of a different network can hold hundreds
  const std::size_t rows = std::max(left.size(), right.size());
  std::size_t width = 0;
  for (std::size_t i = 0; i < std::min(rows, kRows); ++i)
    if (i < left.size()) width = std::max(width, std::min<std::size_t>(left[i].size(), 60));
  std::string text;
  for (std::size_t i = 0; i < std::min(rows, kRows); ++i) {
    std::string l = i < left.size() ? left[i] : "";
    if (l.size() < width) l.append(width - l.size(), ' ');
    text += "\n  " + l + " | " + (i < right.size() ? right[i] : "");
  }
  if (rows > kRows)
    text += "\n  ... (" + std::to_string(left.size() - 1) + " tensors in the file, " +
            std::to_string(right.size() - 1) + " in the model)";
  return text;
}

}  // namespace

CheckpointMapping map_checkpoint_names(const SafetensorsFile& file, const Parameters& params) {
  std::vector<std::pair<std::string, Shape>> tensors;
  for (const auto& t : file.tensors) tensors.emplace_back(t.name, t.shape);
  const std::string prefix = strip_wrappers(tensors);
  const std::vector<Layer> file_layers = group_layers(tensors);
  const ModelLayers model = model_layers(params);

  std::vector<Attempt> attempts{latentlab_names(tensors, params), pytorch_examples_names(file_layers, model),
                                sequential_names(file_layers, model)};
  const Attempt* chosen = nullptr;
  for (const Attempt& attempt : attempts) {
    if (attempt.ambiguous)
      throw Error(ErrorCode::weights_mismatch, "the file's names are ambiguous: " + attempt.failure + side_by_side(file, params));
    if (!attempt.failure.empty()) continue;
    // The layouts here never disagree on a file today (Latent Lab's names are also valid
    // nn.Sequential numbering, mapped the same); this keeps a layout added later from
    // silently winning over another.
    if (chosen && chosen->paths != attempt.paths)
      throw Error(ErrorCode::weights_mismatch, "the file's names fit two layouts (" + chosen->layout + ", " +
                                                   attempt.layout + ") that map them differently; rename them to " +
                                                   "Latent Lab's (docs/PYTORCH.md)" + side_by_side(file, params));
    if (!chosen) chosen = &attempt;
  }
  if (!chosen) {
    std::string reasons;
    for (const Attempt& attempt : attempts) reasons += "\n  as " + attempt.layout + ": " + attempt.failure;
    throw Error(ErrorCode::weights_mismatch,
                "the file's tensors do not fit the model under any known naming (" +
                    (prefix.empty() ? std::string("") : "after removing the prefix " + quoted(prefix) + "; ") +
                    "layouts in docs/PYTORCH.md):" + reasons + "\ntensors:" + side_by_side(file, params));
  }

  CheckpointMapping mapping{chosen->layout, prefix, {}};
  std::map<std::string, std::string> file_name_of;  // model name -> file name
  // Every tensor is a module's weight or bias here: check_paths matched its members to the model's.
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const std::string& name = tensors[i].first;
    const std::size_t dot = name.rfind('.');
    file_name_of[chosen->paths.at(name.substr(0, dot)) + name.substr(dot)] = file.tensors[i].name;
  }
  for (const auto& view : params.views()) mapping.names.emplace_back(file_name_of.at(view.name), view.name);
  return mapping;
}

CheckpointMapping load_mapped_parameters(Parameters& params, SafetensorsFile& file) {
  CheckpointMapping mapping = map_checkpoint_names(file, params);
  std::map<std::string, std::string> model_name_of(mapping.names.begin(), mapping.names.end());
  for (auto& t : file.tensors) t.name = model_name_of.at(t.name);
  load_parameters(params, file);
  return mapping;
}

}  // namespace ll
