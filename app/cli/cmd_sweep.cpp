// sweep: trains a grid of settings × seeds and compares their loss curves.
//
//   dendrite-cli sweep --input train.gz --test t10k.gz --network dense-ae --epochs 2
//       --sweep leakage=0.1,0.01,0.001,0 --sweep learning-rate=1e-3,3e-3 --seeds 1,2,3 --name leakage
//
// Writes into OUTPUT-DIRECTORY/NAME/:
//   runs/<point>_seed<S>.csv   step,train_loss,validation_loss,test_loss for one run
//   summary.csv                one row per run: settings, seed, final and best test MSE, seconds, …
//   summary.md                 one row per grid point: mean ± std over seeds (printed on stdout too)
//   report.md                  the same with ranges, Welch tests against the best point, steps to a
//                              threshold (--threshold) and the late-phase gain (sweep_report.h)
//   comparisons.md/.csv        Welch tests between points that differ only in the first axis
//   curves/…, plot.gp          curve data and the gnuplot script (sweep_plots.h)
//   loss-curves.png, loss-curves-loglog.png, test-mse.png, late-phase.png, final-mse.png
// --report-only trains nothing: it reads runs/*.csv and summary.csv back and rewrites the rest
// (same --name, --sweep and --seeds), e.g. after a change to the tables or plots.
// Without gnuplot the PNGs are skipped with a warning naming the package; everything else is written.
// The test MSE is measured on --test when given, otherwise on the validation split, every
// --eval-interval steps and after every full pass.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"
#include "app/cli/sweep_plots.h"
#include "app/cli/sweep_report.h"
#include "app/cli/sweep_run.h"
#include "core/evaluation.h"
#include "core/sweep_grid.h"
#include "core/trainer.h"
#include "core/training_settings.h"
#include "networks/model_io.h"

namespace dendrite::cli {
namespace {

struct SweepOptions {
  std::vector<std::string> axes;
  std::string seeds = "1,2,3";
  std::string test;
  std::string name = "sweep";
  std::uint64_t eval_interval = 0;
  int parallel = 1;
  bool plot = true;
  std::optional<double> threshold;
  bool report_only = false;
};

struct RunResult {
  std::size_t point = 0;
  std::uint64_t seed = 0;
  std::vector<float> train_loss;                          // [step]
  std::vector<std::pair<std::uint64_t, double>> test;     // (step, mse)
  std::vector<std::pair<std::uint64_t, double>> validation;
  double seconds = 0;
  double samples_per_s = 0;
  std::string error;
  bool diverged = false;
};

// Datasets are shared between runs of the same input shape.
class DatasetCache {
 public:
  DatasetCache(const Settings& settings, std::string input, std::string test)
      : settings_(settings), input_(std::move(input)), test_(std::move(test)) {}
  Result<std::pair<const ImageDataset*, const ImageDataset*>> get(const ImageShape& shape) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto key = std::make_tuple(shape.width, shape.height, shape.channels);
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      Entry entry;
      DENDRITE_ASSIGN_OR_RETURN(entry.train, load_input_dataset(input_, shape, settings_));
      if (!test_.empty()) {
        DENDRITE_ASSIGN_OR_RETURN(ImageDataset test, load_input_dataset(test_, shape, settings_));
        entry.test = std::make_unique<ImageDataset>(std::move(test));
      }
      it = cache_.emplace(key, std::move(entry)).first;
    }
    return std::pair<const ImageDataset*, const ImageDataset*>(&it->second.train, it->second.test.get());
  }

 private:
  struct Entry {
    ImageDataset train;
    std::unique_ptr<ImageDataset> test;
  };
  const Settings& settings_;
  std::string input_, test_;
  std::mutex mutex_;
  std::map<std::tuple<int, int, int>, Entry> cache_;
};

SweepRun run_one(const Settings& base, const SweepPoint& point, std::size_t point_index, std::uint64_t seed,
                 std::uint64_t eval_interval, DatasetCache& datasets) {
  SweepRun result;
  result.point = point_index;
  result.seed = seed;
  auto settings = settings_for_point(base, point, seed);
  if (!settings) {
    result.error = settings.message();
    return result;
  }
  auto ts = training_settings_from(*settings);
  if (!ts) {
    result.error = ts.message();
    return result;
  }
  Executor executor(ts->threads);
  auto module = create_initialized_module(ts->network, ts->impl, ts->module, ts->init, seed, executor);
  if (!module) {
    result.error = module.message();
    return result;
  }
  auto data = datasets.get((*module)->spec().input().shape);
  if (!data) {
    result.error = data.message();
    return result;
  }
  const ImageDataset& train = *data->first;
  const ImageDataset* test = data->second;
  auto trainer = Trainer::create(**module, train, ts->trainer);
  if (!trainer) {
    result.error = trainer.message();
    return result;
  }
  auto measure_test = [&] {
    if (test != nullptr) result.held_out.emplace_back(trainer->state().steps, dataset_mse(**module, *test));
  };
  measure_test();
  std::uint64_t samples = 0;
  while (trainer->state().full_passes < ts->epochs) {
    const StepResult r = trainer->step();
    result.seconds += r.step_seconds;
    samples += static_cast<std::uint64_t>(r.batch);
    if (r.validation_loss) result.validation.emplace_back(trainer->state().steps, *r.validation_loss);
    if (r.diverged) {
      result.diverged = true;
      break;
    }
    if (r.full_pass_completed || (eval_interval != 0 && trainer->state().steps % eval_interval == 0)) measure_test();
  }
  result.train_loss = trainer->state().loss_history;
  if (test == nullptr) result.held_out = result.validation;
  result.samples_per_s = result.seconds > 0 ? static_cast<double>(samples) / result.seconds : 0;
  return result;
}

Status write_run_csv(const std::string& path, const SweepRun& run, bool has_test) {
  std::map<std::uint64_t, std::pair<std::string, std::string>> marks;  // step → (validation, test)
  for (const auto& [step, v] : run.validation) marks[step].first = str_cat(v);
  if (has_test)
    for (const auto& [step, v] : run.held_out) marks[step].second = str_cat(v);
  std::string csv = "step,train_loss,validation_loss,test_loss\n";
  if (marks.count(0)) csv += str_cat("0,,", marks[0].first, ",", marks[0].second, "\n");
  for (std::size_t i = 0; i < run.train_loss.size(); ++i) {
    const std::uint64_t step = i + 1;
    const auto it = marks.find(step);
    csv += str_cat(step, ",", run.train_loss[i], ",", it != marks.end() ? it->second.first : "", ",",
                   it != marks.end() ? it->second.second : "", "\n");
  }
  return write_file_atomically(real_file_system(), path, csv);
}

// What ran, for the head of report.md: the base settings that differ from their defaults.
std::string report_heading(const Settings& settings, const SweepOptions& options, std::size_t seeds) {
  std::string out = str_cat("# Sweep '", options.name, "'\n\n", seeds, " seed(s) per setting; data: ",
                            settings.get_string("input-directory"),
                            options.test.empty() ? " (validation split)" : " (test: " + options.test + ")", "\n\n");
  std::string changed;
  for (const char* key : {"network", "impl", "epochs", "batch-size", "learning-rate", "optimizer", "leakage", "init",
                          "bias-init", "channels", "limit", "validation-fraction", "threads"})
    if (!settings.get_string(key).empty()) changed += str_cat("`", key, "=", settings.get_string(key), "` ");
  return out + "Base settings: " + changed;
}

// --report-only: a run as an earlier sweep wrote it (runs/<point>_seed<S>.csv for the curves,
// summary.csv for time and divergence). A missing file marks the run as failed, as it was then.
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells{""};
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) cells.emplace_back();
    else if (c != '\r') cells.back() += c;
  }
  return cells;
}

std::vector<std::vector<std::string>> read_csv(FileSystem& fs, const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  auto text = fs.read_file(path, std::uint64_t{1} << 30);
  if (!text) return rows;
  std::size_t start = 0;
  while (start < text->size()) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    if (end > start) rows.push_back(split_csv_line(text->substr(start, end - start)));
    start = end + 1;
  }
  return rows;
}

int column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

SweepRun read_run(FileSystem& fs, const std::string& dir, const SweepPoint& point, std::size_t point_index,
                  std::uint64_t seed, const std::vector<std::vector<std::string>>& summary, bool* has_test) {
  SweepRun run;
  run.point = point_index;
  run.seed = seed;
  const std::string path = join_path(dir, str_cat("runs/", point.slug(), "_seed", seed, ".csv"));
  const auto rows = read_csv(fs, path);
  if (rows.empty()) {
    run.error = str_cat(path, ": missing or empty (the run failed, or the sweep had other settings)");
    return run;
  }
  const int step = column(rows[0], "step"), train = column(rows[0], "train_loss"),
            validation = column(rows[0], "validation_loss"), test = column(rows[0], "test_loss");
  if (step < 0 || train < 0 || validation < 0) {
    run.error = str_cat(path, ": not a sweep run CSV (no step/train_loss/validation_loss columns)");
    return run;
  }
  Curve tests;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    auto cell = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < row.size() ? row[c] : std::string(); };
    const std::uint64_t s = std::strtoull(cell(step).c_str(), nullptr, 10);
    if (!cell(train).empty()) run.train_loss.push_back(std::strtof(cell(train).c_str(), nullptr));
    if (!cell(validation).empty()) run.validation.emplace_back(s, std::strtod(cell(validation).c_str(), nullptr));
    if (!cell(test).empty()) tests.emplace_back(s, std::strtod(cell(test).c_str(), nullptr));
  }
  if (!tests.empty()) *has_test = true;
  run.held_out = tests.empty() ? run.validation : tests;
  if (!summary.empty()) {
    const int p = column(summary[0], "point"), sd = column(summary[0], "seed"), sec = column(summary[0], "seconds"),
              sps = column(summary[0], "samples_per_s"), div = column(summary[0], "diverged");
    for (std::size_t r = 1; r < summary.size(); ++r) {
      const auto& row = summary[r];
      if (p < 0 || sd < 0 || sec < 0 || sps < 0 || div < 0 || row.size() < summary[0].size()) continue;
      if (std::strtoull(row[p].c_str(), nullptr, 10) != point_index || std::strtoull(row[sd].c_str(), nullptr, 10) != seed)
        continue;
      run.seconds = std::strtod(row[sec].c_str(), nullptr);
      run.samples_per_s = std::strtod(row[sps].c_str(), nullptr);
      run.diverged = row[div] == "1";
    }
  }
  return run;
}

bool gnuplot_available() { return std::system("command -v gnuplot > /dev/null 2>&1") == 0; }

// The tables, curve data and plots of a sweep's runs (trained now, or read back by --report-only).
int write_reports(const Settings& settings, const SweepOptions& options, const std::vector<SweepAxis>& axes,
                  const std::vector<SweepPoint>& points, const std::vector<SweepRun>& results, std::size_t seeds,
                  const std::string& dir, bool has_test, bool write_summary_csv) {
  FileSystem& fs = real_file_system();
  int errors = 0;
  for (const SweepRun& r : results)
    if (!r.error.empty()) ++errors;
  SweepReportOptions report;
  report.measured = has_test ? "test" : "validation";
  report.threshold = options.threshold;
  report.heading = report_heading(settings, options, seeds);
  std::vector<SweepFile> files = sweep_tables(axes, points, results, report);
  for (SweepFile& f : sweep_plot_files(axes, points, results, report.measured)) files.push_back(std::move(f));
  std::string table;
  for (const SweepFile& f : files) {
    // summary.csv holds what was measured when the runs trained; a rebuild keeps it.
    if (f.path == "summary.csv" && !write_summary_csv) continue;
    if (Status s = write_file_atomically(fs, join_path(dir, f.path), f.content); !s) return fail(s.message());
    if (f.path == "summary.md") table = f.content;
  }
  std::printf("%s", table.c_str());
  if (options.plot) {
    if (!gnuplot_available()) {
      std::fprintf(stderr,
                   "warning: gnuplot is not installed, so no PNG plots were drawn (apt-get install gnuplot-nox, then "
                   "run 'gnuplot plot.gp' in %s); the CSVs, tables and curve data are written\n",
                   dir.c_str());
    } else if (std::system(str_cat("cd '", dir, "' && gnuplot plot.gp").c_str()) != 0) {
      std::fprintf(stderr, "warning: gnuplot failed on %s/plot.gp; the CSVs, tables and curve data are written\n",
                   dir.c_str());
    } else {
      std::fprintf(stderr, "wrote %s/{loss-curves,loss-curves-loglog,test-mse,late-phase,final-mse}.png\n", dir.c_str());
    }
  }
  std::printf("sweep runs=%zu errors=%d directory=%s\n", results.size(), errors, dir.c_str());
  return errors == 0 ? 0 : 1;
}

int run_sweep(const CliSettings& cli, const SweepOptions& options) {
  auto resolved = cli.resolve();
  if (!resolved) return fail(resolved.message(), 2);
  std::vector<SweepAxis> axes;
  for (const std::string& a : options.axes) {
    auto axis = parse_sweep_axis(a);
    if (!axis) return fail(axis.message(), 2);
    axes.push_back(*axis);
  }
  auto points = expand_sweep(axes);
  if (!points) return fail(points.message(), 2);
  auto seeds = parse_seed_list(options.seeds);
  if (!seeds) return fail(seeds.message(), 2);
  if (options.parallel < 1) return fail("--parallel must be at least 1", 2);
  if (options.threshold && !(*options.threshold > 0)) return fail("--threshold must be a positive MSE", 2);
  if (Status s = check_sweep(*resolved, axes, *points); !s) return fail(s.message(), 2);
  FileSystem& fs = real_file_system();
  const std::string dir = join_path(resolved->get_string("output-directory"), options.name);
  for (const std::string& sub : {std::string("runs"), std::string("curves")})
    if (Status s = fs.create_directories(join_path(dir, sub)); !s) return fail(s.message());

  if (options.report_only) {
    const auto summary = read_csv(fs, join_path(dir, "summary.csv"));
    if (summary.empty()) return fail(str_cat(join_path(dir, "summary.csv"), ": missing; run the sweep first"));
    std::vector<SweepRun> runs;
    bool has_test = false;
    for (std::size_t p = 0; p < points->size(); ++p)
      for (std::uint64_t seed : *seeds) {
        runs.push_back(read_run(fs, dir, (*points)[p], p, seed, summary, &has_test));
        if (!runs.back().error.empty()) std::fprintf(stderr, "error: %s\n", runs.back().error.c_str());
      }
    return write_reports(*resolved, options, axes, *points, runs, seeds->size(), dir, has_test, false);
  }

  DatasetCache datasets(*resolved, resolved->get_string("input-directory"), options.test);
  struct Job {
    std::size_t point;
    std::uint64_t seed;
  };
  std::vector<Job> jobs;
  for (std::size_t p = 0; p < points->size(); ++p)
    for (std::uint64_t seed : *seeds) jobs.push_back({p, seed});
  std::vector<SweepRun> results(jobs.size());
  std::mutex print_mutex;
  std::size_t next = 0, done = 0;
  auto worker = [&] {
    for (;;) {
      std::size_t j;
      {
        std::lock_guard<std::mutex> lock(print_mutex);
        if (next >= jobs.size()) return;
        j = next++;
      }
      SweepRun r = run_one(*resolved, (*points)[jobs[j].point], jobs[j].point, jobs[j].seed, options.eval_interval, datasets);
      std::lock_guard<std::mutex> lock(print_mutex);
      ++done;
      if (!r.error.empty())
        std::fprintf(stderr, "[%zu/%zu] %s seed %llu: error: %s\n", done, jobs.size(), (*points)[r.point].label().c_str(),
                     static_cast<unsigned long long>(r.seed), r.error.c_str());
      else
        std::fprintf(stderr, "[%zu/%zu] %s seed %llu: final test MSE %.6g, best %.6g, %.1f s%s\n", done, jobs.size(),
                     (*points)[r.point].label().c_str(), static_cast<unsigned long long>(r.seed), r.final_mse(),
                     r.best_mse(), r.seconds, r.diverged ? " (diverged)" : "");
      results[j] = std::move(r);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::min<int>(options.parallel, static_cast<int>(jobs.size())); ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  for (const SweepRun& r : results) {
    if (!r.error.empty()) continue;
    const std::string path = join_path(dir, str_cat("runs/", (*points)[r.point].slug(), "_seed", r.seed, ".csv"));
    if (Status s = write_run_csv(path, r, !options.test.empty()); !s) return fail(s.message());
  }
  return write_reports(*resolved, options, axes, *points, results, seeds->size(), dir, !options.test.empty(), true);
}

}  // namespace

void add_sweep_command(CLI::App& app, int* exit_code) {
  auto cli = std::make_shared<CliSettings>();
  auto options = std::make_shared<SweepOptions>();
  CLI::App* command = app.add_subcommand("sweep", "train a grid of settings × seeds and compare loss curves");
  cli->bind(command, {"input-directory", "output-directory", "network", "impl", "epochs", "batch-size",
                      "learning-rate", "optimizer", "momentum", "adam-beta1", "adam-beta2", "adam-epsilon",
                      "leakage", "init", "bias-init", "threads", "channels", "resize", "limit",
                      "validation-fraction", "iterations", "loss-weighting"});
  command->add_option("--sweep", options->axes, "KEY=V1,V2,… (repeatable; network values separated by ';')");
  command->add_option("--seeds", options->seeds, "comma-separated seeds, each grid point runs once per seed");
  command->add_option("--test", options->test, "held-out test images (folder or IDX); default: the validation split");
  command->add_option("--name", options->name, "sub-folder of the output directory for this sweep");
  command->add_option("--eval-interval", options->eval_interval, "also measure the test MSE every N steps");
  command->add_option("--parallel", options->parallel, "runs at a time (each with --threads threads)");
  command->add_flag("!--no-plot", options->plot, "skip the gnuplot PNGs");
  command->add_flag("--report-only", options->report_only,
                    "train nothing: rebuild the tables and plots from the runs/*.csv and summary.csv an earlier "
                    "sweep with the same --name, --sweep and --seeds wrote");
  command->add_option("--threshold", options->threshold,
                      "MSE for the 'steps to <= T' column of report.md (default: the worst point's mean final MSE)");
  command->callback([cli, options, exit_code] { *exit_code = run_sweep(*cli, *options); });
}

}  // namespace dendrite::cli
