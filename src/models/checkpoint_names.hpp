#pragma once
// The names a weights file may give a model's tensors, and how they map to
// Latent Lab's (src/models/networks.cpp). A PyTorch state_dict of the same
// architecture carries the same layouts (Linear [out, in], Conv2d [Cout, Cin,
// kh, kw], ConvTranspose2d [Cin, Cout, kh, kw]) but often other names:
//
//   latentlab             encoder.N / fc_mu / fc_logvar / decoder.N, as saved here
//   pytorch-examples-vae  fc1 fc21 fc22 fc3 fc4 (pytorch/examples vae/main.py)
//   sequential            nn.Sequential numbering in any steps: encoder.N and
//                         decoder.N (e.g. without the leading Unflatten, or with
//                         Dropout between), or one top-level nn.Sequential
//                         "N.weight" (encoder layers first); a VAE's heads under
//                         a common name (fc_mu / mu / fc21 / fc_mean / z_mean,
//                         fc_logvar / logvar / fc22 / fc_var / log_var / z_log_var)
//
// Every layout also matches under a wrapper's prefix on every name ("module."
// from DataParallel / DistributedDataParallel, "_orig_mod." from torch.compile).
// docs/PYTORCH.md has the table per architecture.
//
// A file whose names fit no layout, or fit two layouts differently, or give
// one role (a VAE head) two tensors, is refused with ErrorCode::weights_mismatch:
// the message lists the file's tensors and the model's side by side, with
// shapes. Two tensors of equal shape in swapped roles under correct-looking
// names (μ and log σ² heads) cannot be told apart by names: the page shows the
// loaded model's test ELBO so such a file shows up as a bad number.
#include <string>
#include <utility>
#include <vector>

#include "io/safetensors.hpp"
#include "nn/parameters.hpp"

namespace ll {

struct CheckpointMapping {
  std::string layout;  // "latentlab", "pytorch-examples-vae" or "sequential"
  std::string prefix;  // the wrapper prefix removed from every name, "" for none
  // (name in the file, model parameter name), in the model's order.
  std::vector<std::pair<std::string, std::string>> names;
};

// Finds the one layout under which the file's tensors are the model's
// parameters (names and shapes). Throws Error(weights_mismatch) otherwise.
CheckpointMapping map_checkpoint_names(const SafetensorsFile& file, const Parameters& params);

// map_checkpoint_names, then renames the file's tensors and loads them with
// load_parameters (all or nothing; non-finite values refused).
CheckpointMapping load_mapped_parameters(Parameters& params, SafetensorsFile& file);

}  // namespace ll
