#include "nn/parameters.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/errors.hpp"

namespace ll {

std::size_t Parameters::add(const std::string& name, const Shape& shape) {
  if (find(name)) throw Error(ErrorCode::invalid_argument, "duplicate parameter name '" + name + "'");
  ParameterView view{name, shape, values_.size(), shape_size(shape)};
  values_.resize(values_.size() + view.size, 0.0f);
  grads_.resize(values_.size(), 0.0f);
  views_.push_back(view);
  return views_.size() - 1;
}

const ParameterView* Parameters::find(const std::string& name) const {
  for (const auto& v : views_)
    if (v.name == name) return &v;
  return nullptr;
}

void Parameters::zero_grad() { std::fill(grads_.begin(), grads_.end(), 0.0f); }

}  // namespace ll
