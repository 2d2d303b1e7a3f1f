// sweep_run.h — what one training run of `dendrite-cli sweep` measured, and the files the sweep
// writes about its runs (sweep_report.h: tables; sweep_plots.h: curve data and gnuplot script).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/sweep_statistics.h"

namespace dendrite::cli {

struct SweepRun {
  std::size_t point = 0;  // index into the grid
  std::uint64_t seed = 0;
  std::vector<float> train_loss;  // [step − 1]: each mini-batch's training loss
  Curve held_out;                 // (step, MSE) on --test, or on the validation split without it
  Curve validation;               // (step, loss) on the validation split, as the trainer measured it
  double seconds = 0;             // inside training steps only (no loading, no evaluation)
  double samples_per_s = 0;
  std::string error;              // the run did not train (setup failed)
  bool diverged = false;          // the trainer stopped at a NaN/exploding loss

  std::uint64_t steps() const { return train_loss.size(); }
  // A run that trained to the end: the one kind that enters means and tests.
  bool completed() const { return error.empty() && !diverged && !held_out.empty(); }
  // The last held-out measurement; NaN when none.
  double final_mse() const { return held_out.empty() ? std::nan("") : held_out.back().second; }
  // The lowest held-out measurement; NaN when none.
  double best_mse() const {
    double best = std::nan("");
    for (const auto& [step, mse] : held_out)
      if (std::isnan(best) || mse < best) best = mse;
    return best;
  }
};

// A file of a sweep's report: its path inside the sweep's folder and its contents.
struct SweepFile {
  std::string path;
  std::string content;
};

}  // namespace dendrite::cli
