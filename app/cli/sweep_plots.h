// sweep_plots.h — the curve data and the gnuplot script of `dendrite-cli sweep` (the CLI runs
// `gnuplot plot.gp` in the sweep's folder; rerun it by hand to restyle). Files, all under the
// sweep's folder:
//   curves/<point>.dat        training loss, ~200 equal step buckets: step mean min max over seeds
//   curves/<point>.log.dat    the same in ~120 log-spaced buckets (for log-step axes: early steps
//                             keep their detail)
//   curves/<point>.test.dat   held-out MSE at each measured step: step mean min max std over seeds
//   curves/final.dat          per point: index mean std min max "label"  (final held-out MSE)
//   curves/final-seeds.dat    per completed run: index final-MSE
//   plot.gp                   writes the PNGs below
//   loss-curves.png           one panel per point: training loss, mean line, min–max band, log y
//   loss-curves-loglog.png    one panel per group (points that differ only in the first axis),
//                             a line + band per first-axis value, log step × log loss: the slow
//                             late phase shows as the curves' slope on the right
//   test-mse.png              the same groups: held-out MSE mean with min–max bars, log × log
//   late-phase.png            the same groups: training loss over the second half of the steps,
//                             linear axes, so late-phase differences are not squashed by the start
//   final-mse.png             final held-out MSE of every point (log y): each seed as a dot, mean,
//                             min–max bar
// Only completed runs (no divergence) enter the curves.
#pragma once

#include <string>
#include <vector>

#include "app/cli/sweep_run.h"
#include "core/sweep_grid.h"

namespace dendrite::cli {

// Buckets of a training-loss curve over seeds. Each bucket's value per seed is the mean of its
// finite losses; mean, min and max are then taken over seeds. `log_spaced`: bucket edges grow
// geometrically from step 1, otherwise equal widths.
struct CurveBucket {
  double step = 0;  // centre (arithmetic for equal buckets, geometric for log-spaced ones)
  double mean = 0, min = 0, max = 0;
};
std::vector<CurveBucket> loss_buckets(const std::vector<const SweepRun*>& runs, int buckets, bool log_spaced);

std::vector<SweepFile> sweep_plot_files(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points,
                                        const std::vector<SweepRun>& runs, const std::string& measured);

}  // namespace dendrite::cli
