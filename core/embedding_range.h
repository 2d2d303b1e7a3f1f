// embedding_range.h — the values each embedding neuron takes over a dataset: per dimension the
// minimum, maximum and mean of encode() over every sample. The embedding editor ranges its
// sliders with it (DESIGN.md §4).
//
//   EmbeddingRange r = *measure_embedding_range(module, dataset, 256, [&](size_t done, size_t total) {
//     return !cancelled;                       // false stops between chunks
//   });
//
// It runs encode() in chunks of `chunk` samples on the module it is given, so call it on a module
// no other thread uses (the app builds one from a ParameterCopy on a background thread).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "core/dataset.h"
#include "core/network_module.h"
#include "core/status.h"

namespace dendrite {

struct EmbeddingRange {
  std::vector<float> minimum;  // [embedding neuron]
  std::vector<float> maximum;  // [embedding neuron]
  std::vector<float> mean;     // [embedding neuron]
  std::size_t samples = 0;     // how many samples were encoded

  std::size_t size() const { return minimum.size(); }
};

// Called after each chunk with the samples done so far and the total; returning false stops
// the measurement, which then fails with "canceled".
using RangeProgress = std::function<bool(std::size_t done, std::size_t total)>;

// Fails when the dataset is empty, when its samples do not fit the module's input, or when an
// embedding value is not finite (a diverged network), naming the sample.
Result<EmbeddingRange> measure_embedding_range(NetworkModule& module, const ImageDataset& dataset,
                                               std::size_t chunk = 256,
                                               const RangeProgress& progress = {});

}  // namespace dendrite
