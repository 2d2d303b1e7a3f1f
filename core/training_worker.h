// training_worker.h — the desktop app's training loop: commands in, value snapshots out. Qt-free.
//
// The app's models (app/models) adapt this to Qt signals; tests drive it with std::thread and run
// under TSan. It follows Qt's threaded mandelbrot example: one thread owns the network, the
// dataset and the Trainer and is the only thread that touches them; every other thread talks to
// it through two mutex-guarded mailboxes.
//
//   TrainingWorker worker;                        // any thread
//   std::thread loop([&] { worker.run(); });      // the one thread that trains (a QThreadPool
//                                                 //   thread in the app)
//   worker.install_network(std::move(bundle));    // commands: queued, applied between steps
//   worker.set_dataset(dataset);
//   worker.start();                               // runs steps until stop()
//   WorkerUpdate u = worker.take_update();        // latest snapshot + events since last take
//   worker.shutdown(); loop.join();
//
// Commands (start, stop, step, reset, learning rate, batch size, optimizer, threads, parameter
// edits, locks, watch list, snapshot policy, requests for a parameter or model copy) are applied
// in order on the loop thread before the next mini-batch, so a stop takes effect within one
// mini-batch and an edit shows in the next forward pass. Changing the learning rate, the batch
// size or the optimizer never re-initializes the network; only reset() and install_network() do.
//
// Snapshots: after a step the loop publishes what the views show (counters, losses, timings, the
// current sample and its reconstruction, optionally every neuron's value of that sample, watched
// values) — at most once per publish interval while running (the display rate), and at once when
// something changes while idle. Events (every step's loss, validation losses, full-pass ends,
// divergence and error messages, requested copies) accumulate until taken, so none is lost to the
// throttle. The notify callback runs on the loop thread when an update becomes available after
// the previous one was taken; it must be cheap and must not call back into the worker (the Qt
// adapter posts a queued call and takes the update on the GUI thread).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/dataset.h"
#include "core/executor.h"
#include "core/initializer.h"
#include "core/model_file.h"
#include "core/network_module.h"
#include "core/optimizer.h"
#include "core/status.h"
#include "core/trainer.h"
#include "core/trainer_state.h"

namespace dendrite {

// A network ready to hand to the worker, with the thread team it was built on (the worker adopts
// it). `resume` and `optimizer` come from a loaded model file; a new network leaves them empty.
struct NetworkBundle {
  std::unique_ptr<Executor> executor;
  std::unique_ptr<NetworkModule> module;
  InitOptions init;                          // how reset() re-initializes it
  std::uint64_t seed = 1;                    // the seed it was initialized with
  std::optional<TrainerState> resume;        // continue a saved run (loss history included)
  std::optional<OptimizerConfig> optimizer;  // the saved optimizer settings
  std::string path;                          // model file it came from ("" for a new network)
};

// Timings of recent steps (DESIGN.md §2 words): time inside train_step only; loading apart.
struct WorkerTimings {
  double seconds_per_sample = 0;     // one image forward and backward
  double seconds_per_batch = 0;      // one step at the current batch size
  double seconds_per_full_pass = 0;  // the last completed pass, else an estimate
  bool full_pass_measured = false;   // false: seconds_per_full_pass is an estimate
  double samples_per_second = 0;
  double loading_seconds_per_batch = 0;
};

struct WorkerSnapshot {
  std::uint64_t sequence = 0;     // grows with every publish
  std::uint64_t generation = 0;   // grows when parameters change wholesale (install, reset)
  std::uint64_t parameter_version = 0;  // grows whenever any parameter changes (step, edit, reset,
                                        // install): a copy of an older version is stale
  bool ready = false;             // a network and a dataset that fit each other
  bool running = false;
  std::string problem;            // why not ready ("no dataset", size mismatch, ...)

  std::uint64_t steps = 0;
  std::uint64_t full_passes = 0;
  std::uint64_t samples_seen = 0;
  std::uint64_t pass_position = 0;    // training samples of the current pass already used
  std::uint64_t training_size = 0;
  std::uint64_t validation_size = 0;
  std::uint64_t steps_per_full_pass = 0;
  double loss = -1;                   // last step's loss (-1: none yet)
  double validation_loss = -1;        // last validation loss (-1: none yet)
  WorkerTimings timings;

  float learning_rate = 0;
  int batch_size = 0;
  OptimizerConfig optimizer;
  int threads = 0;
  std::uint64_t seed = 1;

  std::size_t current_sample = 0;     // dataset index of the sample shown
  ImageShape sample_shape;
  std::vector<float> input;           // [input neurons]  the current sample
  std::vector<float> output;          // [output neurons] its reconstruction
  std::vector<float> neuron_values;   // [neuron] of the current sample; empty unless wanted
  std::vector<float> watched_parameters;  // [watched parameter] current values
  std::vector<float> watched_neurons;     // [watched neuron] values for the current sample
  // What the two lists above hold, so a reader matches values to items even when a snapshot
  // was taken before its latest set_watch() was applied.
  std::vector<ParameterRef> watched_parameter_refs;  // [watched parameter]
  std::vector<std::size_t> watched_neuron_ids;       // [watched neuron]
};

// A copy of every parameter, answering request_parameters(): decoders and exporters build their
// own module from it, so they never race the loop.
struct ParameterCopy {
  std::uint64_t tag = 0;         // the request's tag
  std::uint64_t generation = 0;
  std::uint64_t steps = 0;       // steps done when it was taken
  std::uint64_t parameter_version = 0;  // WorkerSnapshot::parameter_version when it was taken
  NetworkSpec spec;
  ModuleOptions options;
  std::string module_name;
  ParameterState parameters;
};

struct WorkerEvents {
  bool history_reset = false;              // drop earlier points; `losses` starts afresh
  std::vector<float> losses;               // [step] loss of each step since the last take
  std::uint64_t first_loss_step = 1;       // step number of losses[0] (1-based)
  std::vector<ValidationPoint> validations;
  std::vector<std::uint64_t> full_pass_ends;  // step numbers at which a full pass completed
  std::vector<std::string> messages;       // divergence notes, snapshot/command failures
  std::vector<std::shared_ptr<const ParameterCopy>> parameter_copies;
  std::vector<std::shared_ptr<const ModelFile>> model_copies;
  bool stopped_by_divergence = false;
};

struct WorkerUpdate {
  WorkerSnapshot snapshot;
  WorkerEvents events;
};

class TrainingWorker {
 public:
  explicit TrainingWorker(TrainerConfig config = {});
  ~TrainingWorker();  // run() must have returned (call shutdown() and wait for the thread)
  TrainingWorker(const TrainingWorker&) = delete;
  TrainingWorker& operator=(const TrainingWorker&) = delete;

  // Called on the loop thread when an update is waiting and the previous one was taken.
  void set_notify(std::function<void()> notify);
  // Minimum time between published snapshots while running (default 1/30 s).
  void set_publish_interval(std::chrono::nanoseconds interval);

  // The loop: returns after shutdown(). Call it on exactly one thread.
  void run();
  void shutdown();

  // --- commands (any thread; applied in order before the next mini-batch) ---
  void install_network(NetworkBundle bundle);
  void set_dataset(std::shared_ptr<const ImageDataset> dataset);
  void start();
  void stop();
  // Runs `count` more steps, like start() but ending by itself: commands queued after it are
  // applied before or between those steps, not after them; stop() ends them early.
  void step(int count = 1);
  // Re-initializes the parameters with the same seed, or `new_seed`, and clears the run (stops).
  void reset(std::optional<std::uint64_t> new_seed = std::nullopt);
  void set_learning_rate(float learning_rate);
  void set_batch_size(int batch_size);
  void set_optimizer(const OptimizerConfig& optimizer);  // learning rate included
  void set_threads(int threads);
  void set_validation(double fraction, std::uint64_t interval);  // applies at the next reset/install
  void set_parameter(ParameterRef ref, float value);
  void lock(ParameterRef ref);
  void unlock(ParameterRef ref);
  // Values reported in every snapshot (the app's watch list).
  void set_watch(std::vector<ParameterRef> parameters, std::vector<std::size_t> neurons);
  // Whether snapshots carry every neuron's value of the current sample (the network view).
  void set_neuron_values_wanted(bool wanted);
  // Shows dataset sample `index` while idle (runs one forward pass).
  void show_sample(std::size_t index);
  // Rewrites `path` every `interval` steps (0: never), keeping `keep` numbered copies.
  void set_snapshot_policy(std::string path, std::uint64_t interval, std::uint64_t keep);
  // Answered in WorkerEvents::parameter_copies / model_copies.
  void request_parameters(std::uint64_t tag);
  void request_model();

  // --- results (any thread) ---
  // The latest snapshot and every event since the previous take.
  WorkerUpdate take_update();
  // Blocks until the loop is idle (not running, no queued command); false on timeout.
  bool wait_until_idle(std::chrono::milliseconds timeout);
  // Completed steps, readable at any time (for tests and the stop guarantee).
  std::uint64_t completed_steps() const;

 private:
  struct Install { std::shared_ptr<NetworkBundle> bundle; };
  struct SetDataset { std::shared_ptr<const ImageDataset> dataset; };
  struct Start {};
  struct Stop {};
  struct Step { int count; };
  struct Reset { std::optional<std::uint64_t> seed; };
  struct SetLearningRate { float value; };
  struct SetBatchSize { int value; };
  struct SetOptimizer { OptimizerConfig value; };
  struct SetThreads { int value; };
  struct SetValidation { double fraction; std::uint64_t interval; };
  struct SetParameter { ParameterRef ref; float value; };
  struct Lock { ParameterRef ref; };
  struct Unlock { ParameterRef ref; };
  struct SetWatch { std::vector<ParameterRef> parameters; std::vector<std::size_t> neurons; };
  struct WantNeuronValues { bool wanted; };
  struct ShowSample { std::size_t index; };
  struct SetSnapshotPolicy { std::string path; std::uint64_t interval, keep; };
  struct RequestParameters { std::uint64_t tag; };
  struct RequestModel {};
  using Command = std::variant<Install, SetDataset, Start, Stop, Step, Reset, SetLearningRate,
                               SetBatchSize, SetOptimizer, SetThreads, SetValidation, SetParameter,
                               Lock, Unlock, SetWatch, WantNeuronValues, ShowSample,
                               SetSnapshotPolicy, RequestParameters, RequestModel>;

  void post(Command command);

  // Loop-thread only below this line.
  void apply(Command& command);
  void rebuild_trainer(const std::optional<TrainerState>& resume);
  void train_one_step();
  void refresh_current_sample();  // forward pass of the shown sample while idle
  void record_timing(int batch, double step_seconds, double loading_seconds);
  void stop_on_divergence(const std::string& why);
  void write_due_snapshot();
  void fill_snapshot(WorkerSnapshot& s) const;
  void publish(bool force);
  void message(std::string text);

  // --- shared between threads (guarded by mutex_) ---
  mutable std::mutex mutex_;
  std::condition_variable wake_;       // commands arrived / shutdown
  std::condition_variable idle_;       // the loop became idle
  std::deque<Command> commands_;
  bool shutting_down_ = false;
  bool loop_idle_ = true;
  WorkerUpdate outbox_;
  bool notify_pending_ = false;        // notify called, update not yet taken
  std::function<void()> notify_;
  std::uint64_t completed_steps_ = 0;
  std::atomic<std::int64_t> publish_interval_ns_{33'333'333};

  // --- loop thread only ---
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<NetworkModule> module_;
  std::shared_ptr<const ImageDataset> dataset_;
  std::optional<Trainer> trainer_;
  InitOptions init_;
  TrainerConfig config_;
  std::string problem_ = "no network";
  bool running_ = false;
  int steps_pending_ = 0;
  std::uint64_t generation_ = 0;
  std::uint64_t parameter_version_ = 0;
  std::uint64_t sequence_ = 0;
  double last_loss_ = -1;
  double last_validation_ = -1;
  double last_full_pass_seconds_ = 0;
  std::size_t current_sample_ = 0;
  std::vector<float> sample_values_;   // [neuron] the current sample's values
  bool sample_values_valid_ = false;
  bool neuron_values_wanted_ = false;
  std::vector<ParameterRef> watched_parameters_;
  std::vector<std::size_t> watched_neurons_;
  std::vector<ParameterRef> locks_;    // kept across reset/install (re-locked at the new values)
  std::string snapshot_path_;
  std::uint64_t snapshot_interval_ = 0;
  std::uint64_t snapshot_keep_ = 0;
  bool snapshots_failing_ = false;        // said once until a snapshot works again
  std::uint64_t last_snapshot_step_ = 0;  // what the snapshot file holds (0: nothing since the policy was set)
  std::chrono::steady_clock::time_point last_publish_{};

  struct RecentStep {
    int batch;
    double seconds;
    double loading_seconds;
  };
  std::deque<RecentStep> recent_;      // the last steps, for smoothed timings
  double recent_seconds_ = 0;

  WorkerEvents pending_events_;        // collected since the last publish
};

}  // namespace dendrite
