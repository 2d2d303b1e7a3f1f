// sweep_report.h — the tables of `dendrite-cli sweep`: summary.csv (a row per run),
// summary.md (a row per grid point: final and best MSE mean ± std over seeds, time — the format
// scripts read, unchanged since the first sweep), report.md (the same points with min – max, a
// Welch test against the best point, steps to a threshold, the late-phase gain) and comparisons.md/.csv (Welch tests between the
// points of each group that differ only in the first axis, e.g. every pair of leakages at one
// learning rate).
//
//   auto files = sweep_tables(axes, points, runs, options);   // write each file.path ← file.content
//
// Only completed runs (trained to the end, no divergence) enter means and tests; diverged runs
// are counted in the "runs" column. All held-out numbers are on `options.measured` ("test" with
// --test, else "validation"). Pure functions of their inputs, so tests feed them made-up runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cli/sweep_run.h"
#include "core/sweep_grid.h"

namespace dendrite::cli {

struct SweepReportOptions {
  std::string measured = "test";    // what SweepRun::held_out was measured on
  std::optional<double> threshold;  // MSE for "steps to ≤ threshold"; nullopt: automatic
  double alpha = 0.05;              // significance level of the Welch tests
  std::string heading;              // first lines of summary.md (what ran, on what data)
};

// Per grid point, over its completed runs.
struct PointSummary {
  std::size_t runs = 0, completed = 0, diverged = 0;
  std::vector<double> finals, bests, late_gains;  // [completed run]
  std::vector<std::optional<std::uint64_t>> steps_to_threshold;  // [completed run]
  Spread final, best, late_gain, seconds;
};

// The MSE at half the run's steps divided by the final MSE: how much the second half of the run
// still improved (1 = no progress). NaN when the run has no measurement.
double late_gain(const SweepRun& run);

std::vector<PointSummary> summarize_points(std::size_t point_count, const std::vector<SweepRun>& runs,
                                           double threshold);
// The automatic threshold: the median over points (with a completed run) of their mean final
// MSE, so about half the points reach it and the column compares how soon; the highest mean
// would let one unstable point put the threshold above the untrained network's MSE. NaN when
// nothing completed.
double automatic_threshold(const std::vector<SweepRun>& runs, std::size_t point_count);

std::vector<SweepFile> sweep_tables(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points,
                                    const std::vector<SweepRun>& runs, const SweepReportOptions& options);

}  // namespace dendrite::cli
