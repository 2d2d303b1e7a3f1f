// train: trains an autoencoder on a folder of images (or an IDX file) and saves the model.
//
//   dendrite-cli train --network dense-ae --input data/input --epochs 3 [--model m.dendrite] [--resume]
//
// Shows a progress bar on a terminal (plain lines otherwise), writes loss.csv and
// reconstructions.png into the output directory, snapshots the model every snapshot-interval
// steps, and ends with the machine-readable line
//   summary steps=… samples=… seconds=… samples_per_s=… train_loss=… val_loss=…
// Ctrl-C (SIGINT), SIGTERM (kill, shutdown) and SIGHUP (closed terminal) stop after the current
// step and save the model, so a run without snapshots does not lose its work to a plain `kill`.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"
#include "core/image_grid.h"
#include "core/image_io.h"
#include "core/snapshot.h"
#include "core/trainer.h"
#include "core/training_settings.h"
#include "networks/model_io.h"

namespace dendrite::cli {
namespace {

std::atomic<int> g_interrupted{0};  // the signal that asked to stop, or 0
void on_interrupt(int signal_number) { g_interrupted.store(signal_number); }
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

struct TrainOptions {
  std::string model;
  bool resume = false;
  bool quiet = false;
};

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "--:--";
  const long s = static_cast<long>(seconds + 0.5);
  char buffer[32];
  if (s >= 3600) std::snprintf(buffer, sizeof(buffer), "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buffer, sizeof(buffer), "%ld:%02ld", s / 60, s % 60);
  return buffer;
}

Status write_loss_csv(const std::string& path, const TrainerState& state) {
  std::string csv = "step,train_loss,validation_loss\n";
  std::size_t v = 0;
  for (std::size_t i = 0; i < state.loss_history.size(); ++i) {
    const std::uint64_t step = i + 1;
    std::string validation;
    while (v < state.validation_history.size() && state.validation_history[v].step < step) ++v;
    if (v < state.validation_history.size() && state.validation_history[v].step == step)
      validation = str_cat(state.validation_history[v].loss);
    char line[96];
    std::snprintf(line, sizeof(line), "%llu,%.9g,", static_cast<unsigned long long>(step),
                  static_cast<double>(state.loss_history[i]));
    csv += line + validation + "\n";
  }
  return write_file_atomically(real_file_system(), path, csv);
}

// Inputs (top row) above their reconstructions (bottom row), enlarged for viewing.
Status write_reconstruction_grid(const std::string& path, NetworkModule& module,
                                 const ImageDataset& dataset, const std::vector<std::size_t>& picks) {
  const std::size_t count = picks.size();
  if (count == 0) return Status::ok();
  const ImageShape shape = dataset.shape();
  std::vector<float> batch(count * shape.size()), out(count * shape.size());
  dataset.assemble_batch(picks.data(), count, batch.data());
  module.evaluate(batch.data(), batch.data(), static_cast<int>(count), out.data());
  std::vector<Image> cells;
  for (int row = 0; row < 2; ++row) {
    for (std::size_t i = 0; i < count; ++i) {
      Image im(shape);
      std::copy_n((row == 0 ? batch.data() : out.data()) + i * shape.size(), shape.size(), im.data());
      cells.push_back(scale_nearest(im, std::max(1, 96 / std::max(shape.width, shape.height))));
    }
  }
  return save_png(path, make_image_grid(cells, static_cast<int>(count), 4));
}

int run_train(const CliSettings& cli, const TrainOptions& options) {
  auto resolved = cli.resolve();
  if (!resolved) return fail(resolved.message(), 2);
  const Settings& settings = *resolved;
  auto ts = training_settings_from(settings);
  if (!ts) return fail(ts.message(), 2);
  TrainingSettings& t = *ts;
  FileSystem& fs = real_file_system();
  const std::string model_path = model_path_for(options.model, settings);

  Executor executor(t.threads);
  std::unique_ptr<NetworkModule> module;
  std::optional<TrainerState> resume;
  if (options.resume) {
    auto model = load_model(fs, model_path);
    if (!model) return fail(model.message());
    auto built = instantiate_model(*model, t.impl, executor);
    if (!built) return fail(built.message());
    module = std::move(*built);
    resume = model->trainer;
    t.init = model->init;
    // The saved optimizer continues unless the command line changes it.
    if (settings.source("optimizer") != SettingSource::kCommandLine) t.trainer.optimizer.kind = model->optimizer.kind;
    if (settings.source("learning-rate") != SettingSource::kCommandLine) t.trainer.optimizer.learning_rate = model->optimizer.learning_rate;
    if (settings.source("momentum") != SettingSource::kCommandLine) t.trainer.optimizer.momentum = model->optimizer.momentum;
    if (settings.source("batch-size") != SettingSource::kCommandLine) t.trainer.batch_size = static_cast<int>(model->trainer.batch_size);
    std::fprintf(stderr, "resuming %s at step %llu (full pass %llu)\n", model_path.c_str(),
                 static_cast<unsigned long long>(model->trainer.steps),
                 static_cast<unsigned long long>(model->trainer.full_passes));
  } else {
    auto built = create_initialized_module(t.network, t.impl, t.module, t.init, t.trainer.seed, executor);
    if (!built) return fail(built.message(), 2);
    module = std::move(*built);
  }
  ImageShape shape = module->spec().input().shape;
  if (t.channels != 0 && t.channels != shape.channels)
    return fail(str_cat("--channels ", t.channels, " does not match the network's input of ",
                        shape.channels, " channels (", shape.width, "x", shape.height, "x",
                        shape.channels, "); change the network spec's input layer"), 2);
  auto dataset = load_input_dataset(settings.get_string("input-directory"), shape, settings, options.quiet);
  if (!dataset) return fail(dataset.message());
  auto made = Trainer::create(*module, *dataset, t.trainer, resume);
  if (!made) return fail(made.message(), 2);
  Trainer& trainer = *made;

  const Topology& topology = module->topology();
  std::fprintf(stderr, "network %s: %zu layers, %zu neurons, %zu connections; module %s, %d threads\n",
               print_network_spec(module->spec()).c_str(), topology.layers.size(), topology.neuron_count,
               topology.connection_count, module->module_name(), executor.thread_count());
  std::fprintf(stderr, "%zu training and %zu validation images, batch %d, %s lr %g\n",
               trainer.training_size(), trainer.validation_size(), t.trainer.batch_size,
               optimizer_name(t.trainer.optimizer.kind), static_cast<double>(t.trainer.optimizer.learning_rate));

  if (Status made_dir = fs.create_directories(parent_directory(model_path)); !made_dir)
    return fail(made_dir.message());
  if (auto removed = remove_interrupted_saves(fs, model_path); !removed) {
    std::fprintf(stderr, "warning: %s\n", removed.message().c_str());
  } else if (*removed > 0) {
    std::fprintf(stderr, "removed %zu temporary file(s) left by an interrupted save of %s\n", *removed,
                 model_path.c_str());
  }
  auto save = [&](bool snapshot) -> Status {
    const ModelFile model = capture_model(*module, t.init, trainer.config().optimizer, trainer.state());
    if (snapshot) return write_snapshot(fs, model_path, model, trainer.state().steps, t.snapshot_keep);
    return save_model(fs, model_path, model);
  };
  // What the model file on disk holds, for messages when a save fails (saves are atomic: a failed
  // one leaves the previous file as it was).
  std::string file_holds = options.resume ? str_cat("step ", trainer.state().steps, " (where this run resumed)")
                                          : std::string("whatever it held before this run");
  // A failed snapshot does not stop training: the previous model file stays intact, the next
  // snapshot tries again, and the user hears when snapshots start failing and when they work
  // again (not once per step). The final save decides the exit code.
  std::uint64_t failed_snapshots = 0;
  bool snapshots_failing = false;

  g_interrupted.store(0);
  void (*previous_handlers[std::size(kStopSignals)])(int);
  for (std::size_t i = 0; i < std::size(kStopSignals); ++i)
    previous_handlers[i] = std::signal(kStopSignals[i], on_interrupt);
  const bool terminal = !options.quiet && ::isatty(STDERR_FILENO) != 0;
  const std::uint64_t target_passes = trainer.state().full_passes + t.epochs;
  const std::uint64_t start_steps = trainer.state().steps;
  const std::uint64_t planned_steps = t.epochs * trainer.steps_per_full_pass();
  const std::uint64_t already_done = trainer.state().epoch_cursor / static_cast<std::uint64_t>(t.trainer.batch_size);
  const std::uint64_t total_steps = planned_steps > already_done ? planned_steps - already_done : 1;
  double step_seconds = 0, loading_seconds = 0;
  std::uint64_t samples = 0;
  std::optional<double> last_validation;
  auto last_print = std::chrono::steady_clock::now();
  const auto wall_start = last_print;
  bool diverged = false;
  std::string diverged_message;

  while (trainer.state().full_passes < target_passes && g_interrupted.load() == 0) {
    const StepResult r = trainer.step();
    step_seconds += r.step_seconds;
    loading_seconds += r.loading_seconds;
    samples += static_cast<std::uint64_t>(r.batch);
    if (r.validation_loss) last_validation = r.validation_loss;
    if (r.diverged) {
      diverged = true;
      diverged_message = r.message;
      break;
    }
    const std::uint64_t done = trainer.state().steps - start_steps;
    if (t.snapshot_interval != 0 && trainer.state().steps % t.snapshot_interval == 0) {
      // A snapshot must not save parameters that blew up in the step's own update.
      if (const StepResult check = trainer.check_last_update(); check.diverged) {
        diverged = true;
        diverged_message = check.message;
        break;
      }
      if (Status s = save(true); s) {
        file_holds = str_cat("step ", trainer.state().steps, " (the last snapshot)");
        if (snapshots_failing)
          std::fprintf(stderr, "%ssnapshots work again: the model file holds step %llu\n", terminal ? "\n" : "",
                       static_cast<unsigned long long>(trainer.state().steps));
        snapshots_failing = false;
      } else {
        failed_snapshots += 1;
        if (!snapshots_failing)
          std::fprintf(stderr, "%swarning: the snapshot at step %llu failed: %s\n"
                               "warning: training goes on and the next snapshot tries again; the model file still holds %s\n",
                       terminal ? "\n" : "", static_cast<unsigned long long>(trainer.state().steps),
                       s.message().c_str(), file_holds.c_str());
        snapshots_failing = true;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    const double since_print = std::chrono::duration<double>(now - last_print).count();
    const double rate = step_seconds > 0 ? static_cast<double>(samples) / step_seconds : 0;
    const double elapsed = std::chrono::duration<double>(now - wall_start).count();
    const double eta = done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total_steps - std::min(total_steps, done)) : -1;
    if (terminal && (since_print > 0.1 || r.full_pass_completed)) {
      const double fraction = total_steps ? static_cast<double>(done) / static_cast<double>(total_steps) : 1;
      const int width = 24;
      const int filled = std::clamp(static_cast<int>(fraction * width), 0, width);
      std::fprintf(stderr, "\r[%s%s] pass %llu/%llu  loss %.5f  val %s  %.0f samples/s  ETA %s   ",
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), '.').c_str(),
                   static_cast<unsigned long long>(std::min(trainer.state().full_passes + 1, target_passes)),
                   static_cast<unsigned long long>(target_passes), r.loss,
                   last_validation ? str_cat(*last_validation).substr(0, 8).c_str() : "-", rate,
                   format_duration(eta).c_str());
      last_print = now;
    } else if (!terminal && !options.quiet && (since_print > 10.0 || r.full_pass_completed)) {
      std::fprintf(stderr, "step %llu  pass %llu  loss %.6f  val %s  %.0f samples/s  ETA %s\n",
                   static_cast<unsigned long long>(trainer.state().steps),
                   static_cast<unsigned long long>(trainer.state().full_passes), r.loss,
                   last_validation ? str_cat(*last_validation).c_str() : "-", rate, format_duration(eta).c_str());
      last_print = now;
    }
    if (r.full_pass_completed && terminal)
      std::fprintf(stderr, "\nfull pass %llu done in %s (validation loss %s)\n",
                   static_cast<unsigned long long>(trainer.state().full_passes),
                   format_duration(r.full_pass_seconds).c_str(),
                   r.validation_loss ? str_cat(*r.validation_loss).c_str() : "-");
  }
  for (std::size_t i = 0; i < std::size(kStopSignals); ++i) std::signal(kStopSignals[i], previous_handlers[i]);
  if (terminal) std::fprintf(stderr, "\n");
  if (const int signal_number = g_interrupted.load(); signal_number != 0)
    std::fprintf(stderr, "interrupted (%s): saving the model after step %llu\n", strsignal(signal_number),
                 static_cast<unsigned long long>(trainer.state().steps));
  if (!diverged) {
    // The last update has not been judged by a loss yet; never save blown-up parameters.
    if (const StepResult check = trainer.check_last_update(); check.diverged) {
      diverged = true;
      diverged_message = check.message;
    }
  }
  if (diverged) std::fprintf(stderr, "diverged: %s\n", diverged_message.c_str());
  if (failed_snapshots > 0)
    std::fprintf(stderr, "%llu snapshot(s) failed during this run\n", static_cast<unsigned long long>(failed_snapshots));

  if (Status s = save(false); !s)
    return fail(str_cat(s.message(), "; the model file still holds ", file_holds));
  std::fprintf(stderr, "saved %s\n", model_path.c_str());
  if (diverged)
    std::fprintf(stderr, "to continue from there at a lower learning rate (a tenth of this one, or less): "
                         "dendrite-cli train --resume --model %s --learning-rate %g, with this run's other flags\n",
                 model_path.c_str(), static_cast<double>(trainer.config().optimizer.learning_rate) / 10.0);

  // Outputs: loss history and a picture of reconstructions.
  const std::string output = settings.get_string("output-directory");
  if (Status s = fs.create_directories(output); !s) return fail(s.message());
  if (Status s = write_loss_csv(join_path(output, "loss.csv"), trainer.state()); !s) return fail(s.message());
  std::vector<std::size_t> picks;
  const auto& pool = trainer.validation_size() > 0 ? trainer.validation_indices() : trainer.training_indices();
  for (std::size_t i = 0; i < std::min<std::size_t>(8, pool.size()); ++i) picks.push_back(pool[i]);
  if (Status s = write_reconstruction_grid(join_path(output, "reconstructions.png"), *module, *dataset, picks); !s)
    return fail(s.message());
  std::fprintf(stderr, "wrote %s and %s\n", join_path(output, "loss.csv").c_str(),
               join_path(output, "reconstructions.png").c_str());

  // Summary: mean training loss over the last full pass (or the steps run), final validation loss.
  const auto& history = trainer.state().loss_history;
  const std::size_t run_steps = static_cast<std::size_t>(trainer.state().steps - start_steps);
  const std::size_t window = std::min<std::size_t>(run_steps, static_cast<std::size_t>(trainer.steps_per_full_pass()));
  double train_loss = 0;
  for (std::size_t i = history.size() - window; i < history.size(); ++i) train_loss += history[i];
  train_loss = window ? train_loss / static_cast<double>(window) : 0;
  const bool validated_now = !trainer.state().validation_history.empty() &&
                             trainer.state().validation_history.back().step == trainer.state().steps;
  const double val_loss = trainer.validation_size() == 0 ? 0.0
                          : validated_now ? trainer.state().validation_history.back().loss
                                          : trainer.validation_loss();
  std::printf("summary steps=%llu samples=%llu seconds=%.3f samples_per_s=%.1f train_loss=%.6g val_loss=%.6g loading_seconds=%.3f\n",
              static_cast<unsigned long long>(run_steps), static_cast<unsigned long long>(samples),
              step_seconds, step_seconds > 0 ? static_cast<double>(samples) / step_seconds : 0.0,
              train_loss, val_loss, loading_seconds);
  return diverged ? 3 : 0;
}

}  // namespace

void add_train_command(CLI::App& app, int* exit_code) {
  auto cli = std::make_shared<CliSettings>();
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train", "train an autoencoder on a folder of images");
  cli->bind(command, {"input-directory", "model-directory", "output-directory", "network", "impl",
                      "epochs", "batch-size", "learning-rate", "optimizer", "momentum", "adam-beta1",
                      "adam-beta2", "adam-epsilon", "leakage", "init", "bias-init", "seed", "threads",
                      "channels", "resize", "limit", "validation-fraction", "validation-interval",
                      "snapshot-interval", "snapshot-keep", "iterations", "loss-weighting"});
  command->add_option("--model", options->model,
                      "model file to write (default: MODEL-DIRECTORY/NETWORK.dendrite)");
  command->add_flag("--resume", options->resume, "continue training the model file given by --model");
  command->add_flag("--quiet", options->quiet, "no progress output (the summary line is still printed)");
  command->callback([cli, options, exit_code] { *exit_code = run_train(*cli, *options); });
}

}  // namespace dendrite::cli
