// sweep: trains a grid of settings × seeds and compares their loss curves.
//
//   dendrite-cli sweep --input train.gz --test t10k.gz --network dense-ae --epochs 2
//       --sweep leakage=0.1,0.01,0.001,0 --sweep learning-rate=1e-3,3e-3 --seeds 1,2,3 --name leakage
//
// Writes into OUTPUT-DIRECTORY/NAME/:
//   runs/<point>_seed<S>.csv   step,train_loss,validation_loss,test_loss for one run
//   summary.csv                one row per run: settings, seed, final and best test MSE, seconds
//   summary.md                 one row per grid point: mean ± std over seeds
//   curves/<point>.dat         the training loss per step bucket: mean, min, max over seeds
//   loss-curves.png            one panel per grid point, log scale, mean and spread (gnuplot)
//   test-mse.png               test MSE of every grid point over steps (gnuplot)
//   plot.gp                    the gnuplot script (rerun it to restyle)
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
#include <thread>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"
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

RunResult run_one(const Settings& base, const SweepPoint& point, std::size_t point_index, std::uint64_t seed,
                  std::uint64_t eval_interval, DatasetCache& datasets) {
  RunResult result;
  result.point = point_index;
  result.seed = seed;
  Settings settings = base;
  for (const auto& [key, value] : point.settings) {
    if (Status s = settings.set(key, value, SettingSource::kCommandLine); !s) {
      result.error = s.message();
      return result;
    }
  }
  (void)settings.set("seed", std::to_string(seed), SettingSource::kCommandLine);
  auto ts = training_settings_from(settings);
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
    const std::uint64_t step = trainer->state().steps;
    if (test != nullptr) result.test.emplace_back(step, dataset_mse(**module, *test));
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
  if (test == nullptr) result.test = result.validation;
  result.samples_per_s = result.seconds > 0 ? static_cast<double>(samples) / result.seconds : 0;
  return result;
}

Status write_run_csv(const std::string& path, const RunResult& run) {
  std::map<std::uint64_t, std::pair<std::string, std::string>> marks;  // step → (validation, test)
  for (const auto& [step, v] : run.validation) marks[step].first = str_cat(v);
  for (const auto& [step, v] : run.test) marks[step].second = str_cat(v);
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

struct Stats {
  double mean = 0, stddev = 0;
};
Stats stats_of(const std::vector<double>& values) {
  Stats s;
  if (values.empty()) return s;
  for (double v : values) s.mean += v;
  s.mean /= static_cast<double>(values.size());
  for (double v : values) s.stddev += (v - s.mean) * (v - s.mean);
  s.stddev = values.size() > 1 ? std::sqrt(s.stddev / static_cast<double>(values.size() - 1)) : 0.0;
  return s;
}

double final_mse(const RunResult& r) { return r.test.empty() ? std::nan("") : r.test.back().second; }
double best_mse(const RunResult& r) {
  double best = std::nan("");
  for (const auto& [step, v] : r.test)
    if (std::isnan(best) || v < best) best = v;
  return best;
}

// Training-loss curve of one grid point: the steps cut into ~200 buckets; per bucket the mean over
// its steps for each seed, then mean, min and max of those over seeds.
std::string curve_data(const std::vector<const RunResult*>& runs) {
  std::size_t steps = 0;
  for (const RunResult* r : runs) steps = std::max(steps, r->train_loss.size());
  const std::size_t bucket = std::max<std::size_t>(1, steps / 200);
  std::string out = "# step mean min max (training loss, bucket means over seeds)\n";
  for (std::size_t start = 0; start < steps; start += bucket) {
    std::vector<double> per_seed;
    for (const RunResult* r : runs) {
      double sum = 0;
      std::size_t n = 0;
      for (std::size_t i = start; i < std::min(start + bucket, r->train_loss.size()); ++i, ++n) sum += r->train_loss[i];
      if (n > 0 && std::isfinite(sum)) per_seed.push_back(sum / static_cast<double>(n));
    }
    if (per_seed.empty()) continue;
    const Stats s = stats_of(per_seed);
    out += str_cat(start + bucket / 2 + 1, " ", s.mean, " ", *std::min_element(per_seed.begin(), per_seed.end()), " ",
                   *std::max_element(per_seed.begin(), per_seed.end()), "\n");
  }
  return out;
}

std::string test_data(const std::vector<const RunResult*>& runs) {
  std::map<std::uint64_t, std::vector<double>> by_step;
  for (const RunResult* r : runs)
    for (const auto& [step, v] : r->test) by_step[step].push_back(v);
  std::string out = "# step mean min max (test MSE over seeds)\n";
  for (const auto& [step, values] : by_step) {
    const Stats s = stats_of(values);
    out += str_cat(step, " ", s.mean, " ", *std::min_element(values.begin(), values.end()), " ",
                   *std::max_element(values.begin(), values.end()), "\n");
  }
  return out;
}

std::string gnuplot_script(const std::vector<SweepPoint>& points) {
  const int n = static_cast<int>(points.size());
  const int columns = n <= 3 ? n : (n <= 8 ? 2 : (n <= 15 ? 3 : 4));
  const int rows = (n + columns - 1) / columns;
  std::string gp = "# gnuplot script written by dendrite-cli sweep; run: gnuplot plot.gp\n";
  gp += str_cat("set terminal pngcairo size ", 420 * columns, ",", 300 * rows, " font 'sans,9'\n");
  gp += "set output 'loss-curves.png'\nset logscale y\nset format y '%g'\nset grid\nset key off\n";
  gp += "set xlabel 'step'\nset ylabel 'training loss'\n";
  gp += str_cat("set multiplot layout ", rows, ",", columns, " title 'training loss: mean over seeds (line), min–max (band)'\n");
  for (const SweepPoint& p : points) {
    gp += str_cat("set title '", p.label(), "'\n");
    gp += str_cat("plot 'curves/", p.slug(), ".dat' using 1:3:4 with filledcurves fillcolor rgb '#c6dbef', '' using 1:2 with lines lw 1.5 lc rgb '#08519c'\n");
  }
  gp += "unset multiplot\n";
  gp += "set terminal pngcairo size 900,600 font 'sans,9'\nset output 'test-mse.png'\nset key top right box opaque\n";
  gp += "set ylabel 'test MSE (mean over seeds, bars: min–max)'\nset title 'test MSE'\nplot ";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) gp += ", ";
    gp += str_cat("'curves/", points[i].slug(), ".test.dat' using 1:2:3:4 with yerrorlines title '", points[i].label(), "'");
  }
  gp += "\n";
  return gp;
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
  FileSystem& fs = real_file_system();
  const std::string dir = join_path(resolved->get_string("output-directory"), options.name);
  for (const std::string& sub : {std::string("runs"), std::string("curves")})
    if (Status s = fs.create_directories(join_path(dir, sub)); !s) return fail(s.message());

  DatasetCache datasets(*resolved, resolved->get_string("input-directory"), options.test);
  struct Job {
    std::size_t point;
    std::uint64_t seed;
  };
  std::vector<Job> jobs;
  for (std::size_t p = 0; p < points->size(); ++p)
    for (std::uint64_t seed : *seeds) jobs.push_back({p, seed});
  std::vector<RunResult> results(jobs.size());
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
      RunResult r = run_one(*resolved, (*points)[jobs[j].point], jobs[j].point, jobs[j].seed, options.eval_interval, datasets);
      std::lock_guard<std::mutex> lock(print_mutex);
      ++done;
      if (!r.error.empty())
        std::fprintf(stderr, "[%zu/%zu] %s seed %llu: error: %s\n", done, jobs.size(), (*points)[r.point].label().c_str(),
                     static_cast<unsigned long long>(r.seed), r.error.c_str());
      else
        std::fprintf(stderr, "[%zu/%zu] %s seed %llu: final test MSE %.6g, best %.6g, %.1f s%s\n", done, jobs.size(),
                     (*points)[r.point].label().c_str(), static_cast<unsigned long long>(r.seed), final_mse(r),
                     best_mse(r), r.seconds, r.diverged ? " (diverged)" : "");
      results[j] = std::move(r);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::min<int>(options.parallel, static_cast<int>(jobs.size())); ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  int errors = 0;
  std::string summary = "point,seed";
  for (const SweepAxis& a : axes) summary += "," + a.key;
  summary += ",final_test_mse,best_test_mse,final_train_loss,seconds,samples_per_s,diverged\n";
  for (const RunResult& r : results) {
    if (!r.error.empty()) {
      ++errors;
      continue;
    }
    const SweepPoint& p = (*points)[r.point];
    if (Status s = write_run_csv(join_path(dir, str_cat("runs/", p.slug(), "_seed", r.seed, ".csv")), r); !s) return fail(s.message());
    summary += str_cat(r.point, ",", r.seed);
    for (const auto& [key, value] : p.settings) summary += "," + value;
    summary += str_cat(",", final_mse(r), ",", best_mse(r), ",", r.train_loss.empty() ? 0.0 : r.train_loss.back(), ",",
                       r.seconds, ",", r.samples_per_s, ",", r.diverged ? 1 : 0, "\n");
  }
  if (Status s = write_file_atomically(fs, join_path(dir, "summary.csv"), summary); !s) return fail(s.message());

  const char* measured = options.test.empty() ? "validation" : "test";
  std::string md = str_cat("| setting | seeds | final ", measured, " MSE (mean ± std) | best ", measured,
                           " MSE (mean ± std) | training time per run (s) |\n",
                           "|---|---|---|---|---|\n");
  for (std::size_t p = 0; p < points->size(); ++p) {
    std::vector<const RunResult*> runs;
    std::vector<double> finals, bests, seconds;
    for (const RunResult& r : results)
      if (r.point == p && r.error.empty()) {
        runs.push_back(&r);
        finals.push_back(final_mse(r));
        bests.push_back(best_mse(r));
        seconds.push_back(r.seconds);
      }
    if (runs.empty()) continue;
    const Stats f = stats_of(finals), b = stats_of(bests), t = stats_of(seconds);
    char row[512];
    std::snprintf(row, sizeof(row), "| %s | %zu | %.5f ± %.5f | %.5f ± %.5f | %.3g |\n", (*points)[p].label().c_str(),
                  runs.size(), f.mean, f.stddev, b.mean, b.stddev, t.mean);
    md += row;
    const std::string base = join_path(dir, "curves/" + (*points)[p].slug());
    if (Status s = write_file_atomically(fs, base + ".dat", curve_data(runs)); !s) return fail(s.message());
    if (Status s = write_file_atomically(fs, base + ".test.dat", test_data(runs)); !s) return fail(s.message());
  }
  if (Status s = write_file_atomically(fs, join_path(dir, "summary.md"), md); !s) return fail(s.message());
  if (Status s = write_file_atomically(fs, join_path(dir, "plot.gp"), gnuplot_script(*points)); !s) return fail(s.message());
  std::printf("%s", md.c_str());
  if (options.plot) {
    const std::string command = str_cat("cd '", dir, "' && gnuplot plot.gp");
    if (std::system(command.c_str()) != 0)
      std::fprintf(stderr, "warning: gnuplot failed or is not installed (apt-get install gnuplot-nox); the data and plot.gp are in %s\n", dir.c_str());
    else
      std::fprintf(stderr, "wrote %s/loss-curves.png and %s/test-mse.png\n", dir.c_str(), dir.c_str());
  }
  std::printf("sweep runs=%zu errors=%d directory=%s\n", results.size(), errors, dir.c_str());
  return errors == 0 ? 0 : 1;
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
  command->callback([cli, options, exit_code] { *exit_code = run_sweep(*cli, *options); });
}

}  // namespace dendrite::cli
