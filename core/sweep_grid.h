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
//
// settings_for_point() applies a point and a seed to the base settings; check_sweep() does so for
// every point before anything trains, so a bad network spec in the third value, or a setting that
// would have no effect (bias-init without init=he-uniform: every run would be identical), is an
// error up front. group_by_first_axis() gives the comparisons the reports draw side by side:
// points that differ only in the first axis, one group per combination of the other axes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/settings.h"
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
  // Like label(), with network specs shortened to their layer sizes (short_setting_value), for
  // plot keys and table rows.
  std::string display_label() const;
};

// A network spec as its layers' neuron counts, local and up layers marked L and U
// ("input 28x28x1 | local 14x14x8 k3 s2 | dense 8x4x1 | dense 14x14x8 | up 28x28x1 k3" →
// "784-L1568-32-1568-U784");
// presets, other settings and unparsable specs are returned unchanged.
std::string short_setting_value(const std::string& key, const std::string& value);

// Parses one --sweep argument ("key=v1,v2,…").
Result<SweepAxis> parse_sweep_axis(const std::string& argument);
// Parses "1,2,3" into seeds (at least one, no duplicates).
Result<std::vector<std::uint64_t>> parse_seed_list(const std::string& argument);
// The Cartesian product; an empty axis list gives one point with no settings. Keys must differ.
Result<std::vector<SweepPoint>> expand_sweep(const std::vector<SweepAxis>& axes);

// `base` with the point's values and the seed set (as command-line values).
Result<Settings> settings_for_point(const Settings& base, const SweepPoint& point, std::uint64_t seed);
// Every point gives valid training settings and a network spec that parses; errors name the point.
Status check_sweep(const Settings& base, const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points);

struct SweepGroup {
  std::string label;                // the other axes' values ("learning-rate=0.001"); "all" for one axis
  std::vector<std::size_t> points;  // indices into the grid, in the first axis's order
};
// Points are expanded first-axis-slowest, so group g holds points g, g + G, g + 2G, … (G groups).
std::vector<SweepGroup> group_by_first_axis(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points);

}  // namespace dendrite
