// trainer.h — mini-batch training of any network module on an image dataset.
//
// Words (DESIGN.md §2): a *step* is one mini-batch (forward, backward, update); a *full pass* is
// one epoch over the training split; *per-sample time* is a step's time divided by its batch size.
//
// The dataset is split once into training and validation samples (validation-fraction, seeded,
// kValidationSplit stream). Full pass e visits the training samples in an order shuffled with
// (seed, kShuffle, e); the last mini-batch of a pass may be smaller. Because the order depends
// only on the seed and the pass number, a run resumed from a saved TrainerState takes exactly the
// steps an uninterrupted run would.
//
// Learning rate, batch size and optimizer settings may change between steps without touching the
// parameters. Locked parameters (the app's watch list) are put back after every update, optimizer
// moments included. When a step's loss is NaN or Inf, or jumps 10⁴-fold over its recent average,
// the parameters (and optimizer state) go back to the last state known good — one from which a
// step gave a sane loss — and the step reports it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/network_module.h"
#include "core/optimizer.h"
#include "core/status.h"
#include "core/trainer_state.h"

namespace dendrite {

struct TrainerConfig {
  int batch_size = 32;
  OptimizerConfig optimizer;
  double validation_fraction = 0.1;
  std::uint64_t validation_interval = 0;  // also validate every N steps (0: per full pass only)
  std::uint64_t seed = 1;
  std::uint64_t good_state_interval = 50;  // steps between saved known-good parameter states
};

struct StepResult {
  double loss = 0;
  int batch = 0;
  double step_seconds = 0;     // inside train_step
  double loading_seconds = 0;  // assembling the mini-batch
  bool full_pass_completed = false;
  double full_pass_seconds = 0;  // when a full pass completed: its training time
  std::optional<double> validation_loss;
  bool diverged = false;  // loss was NaN/Inf; parameters were rolled back
  std::uint64_t restored_to_step = 0;
  std::string message;    // human-readable note for diverged steps
};

class Trainer {
 public:
  // `module` and `dataset` must outlive the trainer. `resume` continues a saved run (same dataset
  // and seed give the same steps as an uninterrupted run).
  static Result<Trainer> create(NetworkModule& module, const ImageDataset& dataset,
                                const TrainerConfig& config,
                                const std::optional<TrainerState>& resume = std::nullopt);

  StepResult step();
  // The parameters the last step's update left behind have not been judged by any loss yet (a
  // step's loss is computed before its update). This evaluates the last mini-batch with them and,
  // when that loss is NaN/Inf or jumped 10⁴-fold, rolls back exactly as step() does (diverged,
  // restored_to_step, message). Call it before saving a snapshot or the final model, so that no
  // saved file holds parameters that blew up in the last update. Costs one forward pass.
  StepResult check_last_update();
  // Mean squared error over the validation split (0 samples → 0).
  double validation_loss();

  const TrainerState& state() const { return state_; }
  const TrainerConfig& config() const { return config_; }
  std::size_t training_size() const { return training_.size(); }
  std::size_t validation_size() const { return validation_.size(); }
  const std::vector<std::size_t>& validation_indices() const { return validation_; }
  const std::vector<std::size_t>& training_indices() const { return training_; }
  // Dataset index of the first sample of the last step (for showing "the current sample").
  std::size_t last_sample() const { return last_sample_; }
  // Steps in one full pass at the current batch size.
  std::uint64_t steps_per_full_pass() const;

  Status set_batch_size(int batch_size);
  Status set_optimizer(const OptimizerConfig& optimizer);
  void set_learning_rate(float learning_rate) { config_.optimizer.learning_rate = learning_rate; }

  void lock(ParameterRef ref);
  void unlock(ParameterRef ref);
  bool is_locked(ParameterRef ref) const;
  // Sets a parameter's value; a locked parameter keeps the new value from now on.
  void set_parameter_value(ParameterRef ref, float value);

  NetworkModule& module() { return *module_; }

 private:
  Trainer(NetworkModule& module, const ImageDataset& dataset, const TrainerConfig& config);
  void make_epoch_order();
  void restore_locks();
  // Puts back the last good state and fills result's divergence fields.
  void roll_back(StepResult& result, double loss, bool exploded, const char* when);
  bool diverging(double loss) const;

  NetworkModule* module_;
  const ImageDataset* dataset_;
  TrainerConfig config_;
  TrainerState state_;
  std::vector<std::size_t> training_;
  std::vector<std::size_t> validation_;
  std::vector<std::size_t> order_;  // current full pass
  std::uint64_t order_pass_ = ~0ull;
  std::vector<float> batch_buffer_;  // last mini-batch: [sample][input neurons]
  int last_batch_ = 0;               // samples in batch_buffer_ (0 before the first step)
  bool last_update_checked_ = true;  // check_last_update() already judged the current parameters
  std::size_t last_sample_ = 0;
  double pass_seconds_ = 0;

  struct Lock {
    ParameterRef ref;
    ParameterSlot slot;
  };
  std::vector<Lock> locks_;

  static constexpr double kExplosionFactor = 1e4;
  double recent_loss_ = 0;  // running average of finite, non-diverged step losses
  ParameterState good_state_;
  std::uint64_t good_step_ = 0;
  ParameterState pending_state_;
  std::optional<std::uint64_t> pending_step_;
};

}  // namespace dendrite
