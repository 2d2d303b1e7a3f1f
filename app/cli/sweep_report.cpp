#include "app/cli/sweep_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/status.h"

namespace dendrite::cli {
namespace {

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), pattern, value);
  return buffer;
}

std::string mse(double v) { return std::isfinite(v) ? format("%.5g", v) : "–"; }
std::string mean_std(const Spread& s, const char* pattern = "%.5g") {
  if (s.n == 0) return "–";
  return format(pattern, s.mean) + " ± " + format("%.2g", s.stddev);
}
std::string range(const Spread& s) { return s.n == 0 ? "–" : mse(s.min) + " – " + mse(s.max); }
std::string p_value(double p) { return p < 0.001 ? "<0.001" : format("%.3f", p); }

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Network specs contain '|', which would split a markdown table cell.
std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string steps_cell(const PointSummary& s) {
  std::vector<double> reached;
  for (const auto& v : s.steps_to_threshold)
    if (v) reached.push_back(static_cast<double>(*v));
  if (s.completed == 0) return "–";
  if (reached.empty()) return str_cat("not reached (0/", s.completed, ")");
  const Spread r = spread_of(reached);
  return format("%.0f", r.mean) + (r.n > 1 ? " ± " + format("%.2g", r.stddev) : "") +
         (r.n < s.completed ? str_cat(" (", r.n, "/", s.completed, " reached)") : "");
}

}  // namespace

double late_gain(const SweepRun& run) {
  if (run.held_out.empty() || run.steps() == 0) return std::nan("");
  const auto half = value_near_step(run.held_out, run.steps() / 2);
  const double final = run.final_mse();
  if (!half || !(final > 0)) return std::nan("");
  return *half / final;
}

std::vector<PointSummary> summarize_points(std::size_t point_count, const std::vector<SweepRun>& runs,
                                           double threshold) {
  std::vector<PointSummary> summaries(point_count);
  std::vector<std::vector<double>> seconds(point_count);
  for (const SweepRun& r : runs) {
    if (r.point >= point_count) continue;
    PointSummary& s = summaries[r.point];
    ++s.runs;
    if (r.diverged) ++s.diverged;
    if (!r.completed()) continue;
    ++s.completed;
    s.finals.push_back(r.final_mse());
    s.bests.push_back(r.best_mse());
    s.late_gains.push_back(late_gain(r));
    s.steps_to_threshold.push_back(std::isfinite(threshold) ? first_step_at_or_below(r.held_out, threshold)
                                                            : std::nullopt);
    seconds[r.point].push_back(r.seconds);
  }
  for (std::size_t p = 0; p < point_count; ++p) {
    PointSummary& s = summaries[p];
    s.final = spread_of(s.finals);
    s.best = spread_of(s.bests);
    s.late_gain = spread_of(s.late_gains);
    s.seconds = spread_of(seconds[p]);
  }
  return summaries;
}

double automatic_threshold(const std::vector<SweepRun>& runs, std::size_t point_count) {
  const auto summaries = summarize_points(point_count, runs, std::nan(""));
  std::vector<double> means;
  for (const PointSummary& s : summaries)
    if (s.completed > 0 && std::isfinite(s.final.mean)) means.push_back(s.final.mean);
  if (means.empty()) return std::nan("");
  std::sort(means.begin(), means.end());
  const std::size_t n = means.size();
  return n % 2 == 1 ? means[n / 2] : (means[n / 2 - 1] + means[n / 2]) / 2;
}

std::vector<SweepFile> sweep_tables(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points,
                                    const std::vector<SweepRun>& runs, const SweepReportOptions& options) {
  const double threshold = options.threshold ? *options.threshold : automatic_threshold(runs, points.size());
  const auto summaries = summarize_points(points.size(), runs, threshold);
  const std::string& measured = options.measured;

  // summary.csv: one row per run that trained (diverged ones included, flagged).
  std::string csv = "point,seed";
  for (const SweepAxis& a : axes) csv += "," + csv_cell(a.key);
  csv += ",final_test_mse,best_test_mse,final_train_loss,seconds,samples_per_s,diverged,steps,mse_at_half,"
         "steps_to_threshold\n";
  for (const SweepRun& r : runs) {
    if (!r.error.empty() || r.point >= points.size()) continue;
    csv += str_cat(r.point, ",", r.seed);
    for (const auto& [key, value] : points[r.point].settings) csv += "," + csv_cell(value);
    const auto half = value_near_step(r.held_out, r.steps() / 2);
    const auto reached = std::isfinite(threshold) ? first_step_at_or_below(r.held_out, threshold) : std::nullopt;
    csv += str_cat(",", r.final_mse(), ",", r.best_mse(), ",", r.train_loss.empty() ? 0.0 : r.train_loss.back(), ",",
                   r.seconds, ",", r.samples_per_s, ",", r.diverged ? 1 : 0, ",", r.steps(), ",",
                   half ? str_cat(*half) : std::string(), ",", reached ? str_cat(*reached) : std::string(), "\n");
  }

  // The best point: lowest mean final MSE among points with at least two completed runs.
  std::optional<std::size_t> best;
  for (std::size_t p = 0; p < points.size(); ++p)
    if (summaries[p].completed >= 2 && (!best || summaries[p].final.mean < summaries[*best].final.mean)) best = p;

  std::string md = options.heading.empty() ? "" : options.heading + "\n\n";
  md += str_cat(
      "Final and best ", measured, " MSE over seeds: mean ± sample std, and min – max. *vs best*: Welch's t-test of ",
      "the final MSE against the point with the lowest mean (two-sided p; * = p < ", options.alpha,
      "). *steps to ≤ T*: first measured step with ", measured, " MSE ≤ T = ", mse(threshold),
      options.threshold ? " (--threshold)" : " (automatic: the median over points of the mean final MSE)",
      ", mean over the seeds that reached it. *late gain*: ", measured,
      " MSE at half the steps ÷ final MSE (1 = no progress in the second half). Diverged runs are counted in "
      "*runs* but left out of every mean.\n\n");
  md += str_cat("| setting | runs | final ", measured, " MSE | min – max | best ", measured,
                " MSE | vs best | steps to ≤ T | late gain | training s/run |\n");
  md += "|---|---|---|---|---|---|---|---|---|\n";
  for (std::size_t p = 0; p < points.size(); ++p) {
    const PointSummary& s = summaries[p];
    if (s.runs == 0) continue;
    std::string versus = "–";
    if (best && p == *best) {
      versus = "best";
    } else if (best && s.completed >= 2) {
      const WelchTest w = welch_t_test(s.finals, summaries[*best].finals);
      versus = str_cat(w.p < options.alpha ? "* " : "", "p=", p_value(w.p));
    }
    std::string runs_cell = str_cat(s.completed);
    if (s.diverged > 0) runs_cell += str_cat(" (+", s.diverged, " diverged)");
    if (s.runs > s.completed + s.diverged) runs_cell += str_cat(" (+", s.runs - s.completed - s.diverged, " failed)");
    md += str_cat("| ", md_cell(points[p].display_label()), " | ", runs_cell, " | ", mean_std(s.final), " | ", range(s.final), " | ",
                  mean_std(s.best), " | ", versus, " | ", steps_cell(s), " | ", mean_std(s.late_gain, "%.3g"), " | ",
                  s.seconds.n ? format("%.3g", s.seconds.mean) : "–", " |\n");
  }

  // Comparisons inside each group: every pair of first-axis values.
  std::string cmp_csv = "group,a,b,final_mse_a,final_mse_b,change_b_vs_a,welch_t,welch_df,welch_p,ranges_apart,"
                        "late_gain_a,late_gain_b,late_gain_p\n";
  std::string cmp_md = str_cat(
      "Pairs of points that differ only in ", axes.empty() ? std::string("(nothing)") : axes.front().key,
      ", compared on the final ", measured, " MSE and on the late gain (", measured,
      " MSE at half the steps ÷ final). p: Welch's two-sided t-test over seeds; *significant* means p < ",
      options.alpha, " (no correction for the number of pairs: with many pairs, expect one false positive in ",
      format("%.0f", 1 / options.alpha), "). *apart*: the seeds' min – max ranges do not overlap.\n\n",
      "| group | A | B | final MSE A | final MSE B | B vs A | p | ranges | verdict | late gain A | late gain B | p (late gain) |\n",
      "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  const std::string first_key = axes.empty() ? std::string() : axes.front().key;
  for (const SweepGroup& group : group_by_first_axis(axes, points)) {
    for (std::size_t i = 0; i < group.points.size(); ++i)
      for (std::size_t j = i + 1; j < group.points.size(); ++j) {
        const std::size_t a = group.points[i], b = group.points[j];
        const PointSummary &sa = summaries[a], &sb = summaries[b];
        if (sa.completed < 2 || sb.completed < 2) continue;
        const WelchTest w = welch_t_test(sa.finals, sb.finals);
        const WelchTest g = welch_t_test(sa.late_gains, sb.late_gains);
        const double change = (sb.final.mean - sa.final.mean) / sa.final.mean;
        const bool apart = ranges_apart(sa.final, sb.final);
        const std::string va = points[a].settings.empty() ? "default" : points[a].settings.front().second;
        const std::string vb = points[b].settings.empty() ? "default" : points[b].settings.front().second;
        std::string verdict = "not significant";
        if (w.p < options.alpha)
          verdict = str_cat("significant: ", first_key, "=", short_setting_value(first_key, change < 0 ? vb : va), " lower");
        cmp_csv += str_cat(csv_cell(group.label), ",", csv_cell(va), ",", csv_cell(vb), ",", sa.final.mean, ",",
                           sb.final.mean, ",", change, ",", w.t, ",", w.df, ",", w.p, ",", apart ? 1 : 0, ",",
                           sa.late_gain.mean, ",", sb.late_gain.mean, ",", g.p, "\n");
        cmp_md += str_cat("| ", md_cell(group.label), " | ", md_cell(short_setting_value(first_key, va)), " | ",
                          md_cell(short_setting_value(first_key, vb)), " | ", mean_std(sa.final), " | ", mean_std(sb.final),
                          " | ", format("%+.1f%%", 100 * change), " | ", p_value(w.p), " | ",
                          apart ? "apart" : "overlap", " | ", verdict, " | ", mean_std(sa.late_gain, "%.3g"), " | ",
                          mean_std(sb.late_gain, "%.3g"), " | ", p_value(g.p), " |\n");
      }
  }
  // summary.md keeps its first columns and format (scripts read it): a row per point with a
  // completed run.
  std::string table = str_cat("| setting | seeds | final ", measured, " MSE (mean ± std) | best ", measured,
                              " MSE (mean ± std) | training time per run (s) |\n", "|---|---|---|---|---|\n");
  for (std::size_t p = 0; p < points.size(); ++p) {
    const PointSummary& s = summaries[p];
    if (s.completed == 0) continue;
    char row[160];
    std::snprintf(row, sizeof(row), " | %zu | %.5f ± %.5f | %.5f ± %.5f | %.3g |\n", s.completed, s.final.mean,
                  s.final.stddev, s.best.mean, s.best.stddev, s.seconds.mean);
    table += "| " + md_cell(points[p].label()) + row;
  }
  return {{"summary.csv", csv},
          {"summary.md", table},
          {"report.md", md},
          {"comparisons.csv", cmp_csv},
          {"comparisons.md", cmp_md}};
}

}  // namespace dendrite::cli
