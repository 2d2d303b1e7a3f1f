// evaluation.h — reconstruction error of a module over a dataset, without training.
#pragma once

#include <cstddef>
#include <vector>

#include "core/dataset.h"
#include "core/network_module.h"

namespace dendrite {

// Mean squared reconstruction error over the chosen samples (all when `indices` is null), in
// chunks of `chunk` samples; 0 for no samples.
double dataset_mse(NetworkModule& module, const ImageDataset& dataset,
                   const std::vector<std::size_t>* indices = nullptr, std::size_t chunk = 256);

}  // namespace dendrite
