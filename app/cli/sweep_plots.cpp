#include "app/cli/sweep_plots.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/status.h"

namespace dendrite::cli {
namespace {

// Colours of the first axis's values, the same in every panel.
const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
const char* colour(std::size_t i) { return kColours[i % (sizeof(kColours) / sizeof(kColours[0]))]; }

// A gnuplot single-quoted string: only the quote itself needs escaping (doubled).
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

int columns_for(std::size_t panels) {
  return panels <= 3 ? static_cast<int>(panels) : (panels <= 8 ? 2 : (panels <= 15 ? 3 : 4));
}

std::string first_value_label(const SweepPoint& p) {
  if (p.settings.empty()) return "default";
  return p.settings.front().first + "=" + short_setting_value(p.settings.front().first, p.settings.front().second);
}

std::string held_out_data(const std::vector<const SweepRun*>& runs) {
  std::map<std::uint64_t, std::vector<double>> by_step;
  for (const SweepRun* r : runs)
    for (const auto& [step, v] : r->held_out) by_step[step].push_back(v);
  std::string out = "# step mean min max std (held-out MSE over seeds)\n";
  for (const auto& [step, values] : by_step) {
    const Spread s = spread_of(values);
    out += str_cat(step, " ", s.mean, " ", s.min, " ", s.max, " ", s.stddev, "\n");
  }
  return out;
}

std::string bucket_data(const std::vector<CurveBucket>& buckets, const char* what) {
  std::string out = str_cat("# step mean min max (training loss, ", what, " bucket means over seeds)\n");
  for (const CurveBucket& b : buckets) out += str_cat(b.step, " ", b.mean, " ", b.min, " ", b.max, "\n");
  return out;
}

}  // namespace

std::vector<CurveBucket> loss_buckets(const std::vector<const SweepRun*>& runs, int buckets, bool log_spaced) {
  std::size_t steps = 0;
  for (const SweepRun* r : runs) steps = std::max(steps, r->train_loss.size());
  std::vector<CurveBucket> out;
  if (steps == 0 || buckets < 1) return out;
  // Edges as 0-based step indices: bucket k covers [edges[k], edges[k + 1]).
  std::vector<std::size_t> edges{0};
  for (int k = 1; k <= buckets; ++k) {
    const double fraction = static_cast<double>(k) / buckets;
    std::size_t edge = log_spaced ? static_cast<std::size_t>(std::llround(std::pow(static_cast<double>(steps), fraction)))
                                  : static_cast<std::size_t>(std::llround(fraction * static_cast<double>(steps)));
    edge = std::min(steps, std::max(edge, edges.back() + 1));
    if (edge > edges.back()) edges.push_back(edge);
    if (edge == steps) break;
  }
  if (edges.back() < steps) edges.push_back(steps);
  for (std::size_t k = 0; k + 1 < edges.size(); ++k) {
    const std::size_t lo = edges[k], hi = edges[k + 1];
    std::vector<double> per_run;
    for (const SweepRun* r : runs) {
      double sum = 0;
      std::size_t n = 0;
      for (std::size_t i = lo; i < std::min(hi, r->train_loss.size()); ++i)
        if (std::isfinite(r->train_loss[i])) {
          sum += r->train_loss[i];
          ++n;
        }
      if (n > 0) per_run.push_back(sum / static_cast<double>(n));
    }
    if (per_run.empty()) continue;
    const Spread s = spread_of(per_run);
    // Steps lo+1 … hi (1-based): the centre of a log bucket is the geometric mean of its ends.
    const double first = static_cast<double>(lo + 1), last = static_cast<double>(hi);
    out.push_back({log_spaced ? std::sqrt(first * last) : (first + last) / 2, s.mean, s.min, s.max});
  }
  return out;
}

std::vector<SweepFile> sweep_plot_files(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points,
                                        const std::vector<SweepRun>& runs, const std::string& measured) {
  std::vector<SweepFile> files;
  std::vector<std::vector<const SweepRun*>> by_point(points.size());
  for (const SweepRun& r : runs)
    if (r.point < points.size() && r.completed()) by_point[r.point].push_back(&r);
  std::vector<bool> drawn(points.size(), false);  // has a completed run: its curve files exist
  std::string final_dat = "# index mean std min max label (final held-out MSE over seeds)\n";
  std::string seeds_dat = "# index final-MSE (one line per completed run)\n";
  for (std::size_t p = 0; p < points.size(); ++p) {
    if (by_point[p].empty()) continue;
    drawn[p] = true;
    const std::string base = "curves/" + points[p].slug();
    files.push_back({base + ".dat", bucket_data(loss_buckets(by_point[p], 200, false), "equal")});
    files.push_back({base + ".log.dat", bucket_data(loss_buckets(by_point[p], 120, true), "log-spaced")});
    files.push_back({base + ".test.dat", held_out_data(by_point[p])});
    std::vector<double> finals;
    for (const SweepRun* r : by_point[p]) {
      finals.push_back(r->final_mse());
      seeds_dat += str_cat(p, " ", r->final_mse(), "\n");
    }
    const Spread s = spread_of(finals);
    std::string label = points[p].display_label();
    std::replace(label.begin(), label.end(), '"', '\'');
    final_dat += str_cat(p, " ", s.mean, " ", s.stddev, " ", s.min, " ", s.max, " \"", label, "\"\n");
  }
  files.push_back({"curves/final.dat", final_dat});
  files.push_back({"curves/final-seeds.dat", seeds_dat});

  // Groups with at least one drawn point, for the overlay plots.
  std::vector<SweepGroup> groups;
  for (SweepGroup g : group_by_first_axis(axes, points)) {
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < g.points.size(); ++i)
      if (drawn[g.points[i]]) kept.push_back(g.points[i]);
    if (!kept.empty()) groups.push_back(g);
  }
  std::size_t drawn_count = static_cast<std::size_t>(std::count(drawn.begin(), drawn.end(), true));

  std::string gp = "# gnuplot script written by dendrite-cli sweep; run: gnuplot plot.gp\n";
  if (drawn_count == 0) {
    gp += "print 'no completed runs: nothing to plot'\n";
    files.push_back({"plot.gp", gp});
    return files;
  }
  gp += "set style fill transparent solid 0.18 noborder\nset grid\nset format y '%g'\n";

  // 1. One panel per point.
  {
    const int columns = columns_for(drawn_count);
    const int rows = static_cast<int>((drawn_count + columns - 1) / columns);
    gp += str_cat("set terminal pngcairo noenhanced size ", 420 * columns, ",", 300 * rows, " font 'sans,9'\n");
    gp += "set output 'loss-curves.png'\nset logscale y\nset key off\nset xlabel 'step'\nset ylabel 'training loss'\n";
    gp += str_cat("set multiplot layout ", rows, ",", columns,
                  " title 'training loss: mean over seeds (line), min–max (band)'\n");
    for (std::size_t p = 0; p < points.size(); ++p) {
      if (!drawn[p]) continue;
      const std::string data = quoted("curves/" + points[p].slug() + ".dat");
      gp += str_cat("set title ", quoted(points[p].display_label()), "\n");
      gp += str_cat("plot ", data, " using 1:3:4 with filledcurves fillcolor rgb '#9ecae1', ", data,
                    " using 1:2 with lines lw 1.5 lc rgb '#08519c'\n");
    }
    gp += "unset multiplot\n";
  }

  // 2–4. One panel per group, a line per first-axis value.
  const int columns = columns_for(groups.size());
  const int rows = static_cast<int>((groups.size() + columns - 1) / columns);
  const std::string group_terminal =
      str_cat("set terminal pngcairo noenhanced size ", 520 * columns, ",", 380 * rows, " font 'sans,9'\n");
  auto group_plot = [&](const std::string& output, const std::string& title, const std::string& axes_setup,
                        auto&& panel_setup, auto&& series) {
    gp += group_terminal + "set output " + quoted(output) + "\n" + axes_setup;
    gp += "set key top right samplen 2 spacing 1.1 font 'sans,8' opaque box\n";
    gp += str_cat("set multiplot layout ", rows, ",", columns, " title ", quoted(title), "\n");
    for (const SweepGroup& g : groups) {
      gp += str_cat("set title ", quoted(g.label == "all" ? std::string() : g.label), "\n");
      gp += panel_setup(g);
      std::string plot;
      for (std::size_t i = 0; i < g.points.size(); ++i) {
        const std::size_t p = g.points[i];
        if (!drawn[p]) continue;
        plot += (plot.empty() ? "plot " : ", ") + series(p, i);
      }
      gp += plot + "\n";
    }
    gp += "unset multiplot\nunset xrange\nset autoscale x\n";
  };
  auto band_and_line = [&](const std::string& file, std::size_t p, std::size_t i) {
    const std::string data = quoted(file);
    return str_cat(data, " using 1:3:4 with filledcurves fillcolor rgb '", colour(i), "' notitle, ", data,
                   " using 1:2 with lines lw 1.6 lc rgb '", colour(i), "' title ", quoted(first_value_label(points[p])));
  };
  group_plot(
      "loss-curves-loglog.png", "training loss, log step × log loss: mean over seeds (line), min–max (band)",
      "set logscale xy\nset xlabel 'step'\nset ylabel 'training loss'\n", [](const SweepGroup&) { return std::string(); },
      [&](std::size_t p, std::size_t i) { return band_and_line("curves/" + points[p].slug() + ".log.dat", p, i); });
  group_plot(
      "test-mse.png", str_cat(measured, " MSE, log step × log MSE: mean over seeds, bars min–max"),
      str_cat("set logscale xy\nset xlabel 'step'\nset ylabel '", measured, " MSE'\n"),
      [](const SweepGroup&) { return std::string(); },
      [&](std::size_t p, std::size_t i) {
        // Step 0 (before training) has no place on a log axis.
        return str_cat(quoted("curves/" + points[p].slug() + ".test.dat"),
                       " using ($1 > 0 ? $1 : NaN):2:3:4 with yerrorlines lw 1.4 pt 7 ps 0.5 lc rgb '", colour(i),
                       "' title ", quoted(first_value_label(points[p])));
      });
  group_plot(
      "late-phase.png", "late phase: training loss over the second half of the steps (mean, min–max band)",
      "unset logscale\nset xlabel 'step'\nset ylabel 'training loss'\n",
      [&](const SweepGroup& g) {
        std::size_t steps = 0;
        for (std::size_t p : g.points)
          for (const SweepRun* r : by_point[p]) steps = std::max<std::size_t>(steps, r->steps());
        return str_cat("set xrange [", steps / 2, ":", steps, "]\n");
      },
      [&](std::size_t p, std::size_t i) { return band_and_line("curves/" + points[p].slug() + ".dat", p, i); });

  // 5. Final MSE per point, log y: one unstable seed must not flatten every other point.
  // The tick labels run down and to the right at 35°: room for the longest one.
  std::size_t longest = 0;
  for (std::size_t p = 0; p < points.size(); ++p)
    if (drawn[p]) longest = std::max(longest, points[p].display_label().size());
  // Margins in gnuplot's character cells (about 8 × 14 px at this font): a label of n characters
  // at 35° needs about 0.3·n rows below the axis and 0.6·n columns right of the last tick.
  const std::size_t bottom = 3 + longest * 3 / 10, right = 3 + longest * 6 / 10;
  gp += str_cat("set terminal pngcairo noenhanced size ", std::max<std::size_t>(640, 60 * drawn_count + 120 + 8 * right),
                ",", 340 + 14 * bottom, " font 'sans,9'\nset output 'final-mse.png'\nunset logscale\nset logscale y\n",
                "set key top right opaque box\n");
  gp += str_cat("set title ", quoted(str_cat("final ", measured, " MSE per setting: seeds (dots), mean (square), min–max (bar)")), "\n");
  gp += str_cat("set xlabel ''\nset ylabel '", measured, " MSE'\nset xtics rotate by -35 left nomirror\n");
  gp += str_cat("set xrange [-0.6:", points.size() - 0.4, "]\nset bmargin ", bottom, "\nset rmargin ", right, "\n");
  gp += "plot 'curves/final.dat' using 1:2:4:5:xticlabels(6) with yerrorbars lw 1.5 pt 5 ps 0.9 lc rgb '#08519c' "
        "title 'mean, min–max', 'curves/final-seeds.dat' using 1:2 with points pt 6 ps 0.9 lc rgb '#d62728' title 'seed'\n";
  files.push_back({"plot.gp", gp});
  return files;
}

}  // namespace dendrite::cli
