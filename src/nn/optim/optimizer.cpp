#include "nn/optim/optimizer.hpp"

namespace ll {

// Out of line so the vtable has one home.
Optimizer::~Optimizer() = default;

}  // namespace ll
