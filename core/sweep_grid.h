// sweep_grid.h — the grid of training settings `dendrite-cli sweep` runs.
//
//   --sweep leakage=0.1,0.01,0.001,0 --sweep learning-rate=1e-3,3e-3,1e-2 --seeds 1,2,3
//
// Each --sweep names one setting of the settings table (settings.h) and a comma-separated list of
// values; the grid is their Cartesian product (the first --sweep varies slowest), each point run
// once per seed. Values are validated against the setting's type and range up front, so a typo
// fails before hours of training, with a message naming the argument and the bad part.
// Network specs contain commas nowhere, but they do contain '|': a `network` list is separated by
// ';' instead (`--sweep "network=dense-ae;input 28x28x1 | dense 8x8x1 | dense 28x28x1"`).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace dendrite {

struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
};

struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> settings;  // one value per axis, axis order
  std::string label() const;  // "leakage=0.01 learning-rate=0.003"
  std::string slug() const;   // file-name safe: "leakage-0.01_learning-rate-0.003"
};

// Parses one --sweep argument ("key=v1,v2,…").
Result<SweepAxis> parse_sweep_axis(const std::string& argument);
// Parses "1,2,3" into seeds (at least one, no duplicates).
Result<std::vector<std::uint64_t>> parse_seed_list(const std::string& argument);
// The Cartesian product; an empty axis list gives one point with no settings. Keys must differ.
Result<std::vector<SweepPoint>> expand_sweep(const std::vector<SweepAxis>& axes);

}  // namespace dendrite
