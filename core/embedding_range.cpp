#include "core/embedding_range.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dendrite {

Result<EmbeddingRange> measure_embedding_range(NetworkModule& module, const ImageDataset& dataset,
                                               std::size_t chunk, const RangeProgress& progress) {
  const Topology& topology = module.topology();
  const std::size_t n = dataset.size();
  if (n == 0) return Error{"cannot measure the embedding range: the dataset has no images"};
  if (dataset.sample_size() != topology.input_size())
    return Error{str_cat("cannot measure the embedding range: the images have ", dataset.sample_size(),
                         " values but the network's input has ", topology.input_size())};
  const std::size_t dims = topology.embedding_size();
  chunk = std::max<std::size_t>(1, chunk);

  EmbeddingRange range;
  range.minimum.assign(dims, std::numeric_limits<float>::infinity());
  range.maximum.assign(dims, -std::numeric_limits<float>::infinity());
  std::vector<double> sum(dims, 0.0);          // [embedding neuron]
  std::vector<float> inputs(chunk * topology.input_size());  // [sample][input neuron]
  std::vector<float> embedding(chunk * dims);  // [sample][embedding neuron]
  std::vector<std::size_t> indices(chunk);
  for (std::size_t start = 0; start < n; start += chunk) {
    const std::size_t count = std::min(chunk, n - start);
    for (std::size_t i = 0; i < count; ++i) indices[i] = start + i;
    dataset.assemble_batch(indices.data(), count, inputs.data());
    module.encode(inputs.data(), static_cast<int>(count), embedding.data());
    for (std::size_t s = 0; s < count; ++s) {
      const float* e = embedding.data() + s * dims;
      for (std::size_t d = 0; d < dims; ++d) {
        if (!std::isfinite(e[d]))
          return Error{str_cat("embedding value ", d, " of sample ", start + s, " is ", e[d],
                               ": the network has diverged")};
        range.minimum[d] = std::min(range.minimum[d], e[d]);
        range.maximum[d] = std::max(range.maximum[d], e[d]);
        sum[d] += e[d];
      }
    }
    range.samples = start + count;
    if (progress && !progress(range.samples, n)) return Error{"canceled"};
  }
  range.mean.resize(dims);
  for (std::size_t d = 0; d < dims; ++d) range.mean[d] = static_cast<float>(sum[d] / static_cast<double>(n));
  return range;
}

}  // namespace dendrite
