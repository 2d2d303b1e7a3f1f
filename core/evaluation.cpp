#include "core/evaluation.h"

#include <algorithm>

namespace dendrite {

double dataset_mse(NetworkModule& module, const ImageDataset& dataset,
                   const std::vector<std::size_t>* indices, std::size_t chunk) {
  const std::size_t count = indices ? indices->size() : dataset.size();
  if (count == 0) return 0.0;
  std::vector<std::size_t> picks;
  std::vector<float> buffer;
  double sum = 0.0;
  for (std::size_t start = 0; start < count; start += chunk) {
    const std::size_t n = std::min(chunk, count - start);
    picks.resize(n);
    for (std::size_t i = 0; i < n; ++i) picks[i] = indices ? (*indices)[start + i] : start + i;
    buffer.resize(n * dataset.sample_size());
    dataset.assemble_batch(picks.data(), n, buffer.data());
    sum += module.evaluate(buffer.data(), buffer.data(), static_cast<int>(n), nullptr) * static_cast<double>(n);
  }
  return sum / static_cast<double>(count);
}

}  // namespace dendrite
