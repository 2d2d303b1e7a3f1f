#include "core/trainer.h"

#include <algorithm>
#include <cmath>

#include "core/evaluation.h"
#include "core/random.h"

namespace dendrite {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Trainer::Trainer(NetworkModule& module, const ImageDataset& dataset, const TrainerConfig& config)
    : module_(&module), dataset_(&dataset), config_(config) {}

Result<Trainer> Trainer::create(NetworkModule& module, const ImageDataset& dataset,
                                const TrainerConfig& config,
                                const std::optional<TrainerState>& resume) {
  const Topology& topology = module.topology();
  if (dataset.sample_size() != topology.input_size()) {
    const ImageShape in = module.spec().input().shape;
    const ImageShape ds = dataset.shape();
    return Error{str_cat("the network's input is ", in.width, "x", in.height, "x", in.channels,
                         " but the images are ", ds.width, "x", ds.height, "x", ds.channels)};
  }
  if (topology.output_size() != topology.input_size())
    return Error{"an autoencoder's output layer must have as many neurons as its input layer"};
  if (config.batch_size < 1) return Error{"batch size must be at least 1"};
  if (!(config.validation_fraction >= 0.0 && config.validation_fraction < 1.0))
    return Error{"validation fraction must be in [0, 1)"};
  Trainer trainer(module, dataset, config);
  if (resume) {
    trainer.state_ = *resume;
    trainer.config_.seed = resume->seed;
    trainer.config_.validation_fraction = resume->validation_fraction;
  } else {
    trainer.state_.seed = config.seed;
    trainer.state_.validation_fraction = config.validation_fraction;
  }
  trainer.state_.batch_size = static_cast<std::uint32_t>(trainer.config_.batch_size);

  // Validation split: a seeded choice of round(N · fraction) samples.
  const std::size_t n = dataset.size();
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  Rng split(trainer.config_.seed, RandomStream::kValidationSplit);
  split.shuffle(std::span<std::size_t>(all));
  auto validation_count = static_cast<std::size_t>(std::llround(static_cast<double>(n) * trainer.config_.validation_fraction));
  if (validation_count >= n) validation_count = n - 1;
  trainer.validation_.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(validation_count));
  trainer.training_.assign(all.begin() + static_cast<std::ptrdiff_t>(validation_count), all.end());
  std::sort(trainer.validation_.begin(), trainer.validation_.end());
  std::sort(trainer.training_.begin(), trainer.training_.end());
  if (trainer.training_.empty()) return Error{"no training samples left after the validation split"};
  if (trainer.state_.epoch_cursor >= trainer.training_.size()) trainer.state_.epoch_cursor = 0;

  module.export_state(trainer.good_state_);
  trainer.good_step_ = trainer.state_.steps;
  return trainer;
}

void Trainer::make_epoch_order() {
  if (order_pass_ == state_.full_passes) return;
  order_ = training_;
  Rng rng(config_.seed, RandomStream::kShuffle, state_.full_passes);
  rng.shuffle(std::span<std::size_t>(order_));
  order_pass_ = state_.full_passes;
}

std::uint64_t Trainer::steps_per_full_pass() const {
  const auto b = static_cast<std::uint64_t>(config_.batch_size);
  return (training_.size() + b - 1) / b;
}

StepResult Trainer::step() {
  StepResult result;
  make_epoch_order();
  const auto load_start = std::chrono::steady_clock::now();
  const std::size_t remaining = training_.size() - static_cast<std::size_t>(state_.epoch_cursor);
  const int batch = static_cast<int>(std::min<std::size_t>(remaining, static_cast<std::size_t>(config_.batch_size)));
  const std::size_t* indices = order_.data() + state_.epoch_cursor;
  last_sample_ = indices[0];
  const std::size_t sample_size = dataset_->sample_size();
  batch_buffer_.resize(static_cast<std::size_t>(batch) * sample_size);
  dataset_->assemble_batch(indices, static_cast<std::size_t>(batch), batch_buffer_.data());
  result.loading_seconds = seconds_since(load_start);

  // Keep a candidate good state; it is promoted once a step from it gives a finite loss.
  if (!pending_step_ && state_.steps - good_step_ >= config_.good_state_interval) {
    module_->export_state(pending_state_);
    pending_step_ = state_.steps;
  }

  OptimizerConfig optimizer = config_.optimizer;
  optimizer.step = state_.steps + 1;
  const auto step_start = std::chrono::steady_clock::now();
  // The autoencoder's target is its input.
  const double loss = module_->train_step(batch_buffer_.data(), batch_buffer_.data(), batch, optimizer);
  restore_locks();
  result.step_seconds = seconds_since(step_start);
  result.loss = loss;
  result.batch = batch;

  state_.steps += 1;
  state_.samples_seen += static_cast<std::uint64_t>(batch);
  state_.training_seconds += result.step_seconds;
  state_.loss_history.push_back(static_cast<float>(loss));
  pass_seconds_ += result.step_seconds;

  last_batch_ = batch;
  last_update_checked_ = false;
  if (diverging(loss)) {
    roll_back(result, loss, std::isfinite(loss), "at step");
  } else {
    recent_loss_ = recent_loss_ > 0.0 ? 0.95 * recent_loss_ + 0.05 * loss : loss;
    if (pending_step_ && *pending_step_ + 1 == state_.steps) {
      std::swap(good_state_, pending_state_);
      good_step_ = *pending_step_;
      pending_step_.reset();
    }
  }

  state_.epoch_cursor += static_cast<std::uint64_t>(batch);
  if (state_.epoch_cursor >= training_.size()) {
    state_.epoch_cursor = 0;
    state_.full_passes += 1;
    result.full_pass_completed = true;
    result.full_pass_seconds = pass_seconds_;
    pass_seconds_ = 0;
  }
  const bool interval_due = config_.validation_interval != 0 && state_.steps % config_.validation_interval == 0;
  if (!validation_.empty() && !result.diverged && (result.full_pass_completed || interval_due)) {
    const double v = validation_loss();
    result.validation_loss = v;
    state_.validation_history.push_back({state_.steps, v});
  }
  return result;
}

// Divergence: a NaN/Inf loss, or one that jumped by kExplosionFactor over its recent average
// (with images in [0, 1] such a jump means the parameters are blowing up, and the next steps
// would overflow).
bool Trainer::diverging(double loss) const {
  return !std::isfinite(loss) || (recent_loss_ > 0.0 && loss > kExplosionFactor * recent_loss_);
}

void Trainer::roll_back(StepResult& result, double loss, bool exploded, const char* when) {
  (void)module_->import_state(good_state_);  // exported by this module: sizes match
  restore_locks();
  pending_step_.reset();
  last_update_checked_ = true;  // the good state needs no further check
  result.diverged = true;
  result.restored_to_step = good_step_;
  const std::string what = exploded ? str_cat("exploded to ", loss, " (", loss / recent_loss_, " times its recent average)")
                                    : std::string(std::isnan(loss) ? "became NaN" : "became infinite");
  result.message = str_cat("the loss ", what, " ", when, " ", state_.steps,
                           "; parameters were restored to their state after step ", good_step_,
                           ". Lower the learning rate (now ", config_.optimizer.learning_rate,
                           ") and continue.");
}

StepResult Trainer::check_last_update() {
  StepResult result;
  if (last_update_checked_ || last_batch_ == 0) return result;
  last_update_checked_ = true;
  result.batch = last_batch_;
  const double loss = module_->evaluate(batch_buffer_.data(), batch_buffer_.data(), last_batch_, nullptr);
  result.loss = loss;
  if (diverging(loss)) roll_back(result, loss, std::isfinite(loss), "after the update of step");
  return result;
}

double Trainer::validation_loss() { return dataset_mse(*module_, *dataset_, &validation_); }

Status Trainer::set_batch_size(int batch_size) {
  if (batch_size < 1 || batch_size > 65536) return Error{str_cat("batch size ", batch_size, " is not in 1..65536")};
  config_.batch_size = batch_size;
  state_.batch_size = static_cast<std::uint32_t>(batch_size);
  return Status::ok();
}

Status Trainer::set_optimizer(const OptimizerConfig& optimizer) {
  if (!(optimizer.learning_rate > 0.0f) || !std::isfinite(optimizer.learning_rate))
    return Error{"the learning rate must be a positive number"};
  config_.optimizer = optimizer;
  return Status::ok();
}

void Trainer::lock(ParameterRef ref) {
  if (is_locked(ref)) return;
  locks_.push_back({ref, module_->parameter(ref)});
}

void Trainer::unlock(ParameterRef ref) {
  locks_.erase(std::remove_if(locks_.begin(), locks_.end(), [&](const Lock& l) { return l.ref == ref; }),
               locks_.end());
}

bool Trainer::is_locked(ParameterRef ref) const {
  return std::any_of(locks_.begin(), locks_.end(), [&](const Lock& l) { return l.ref == ref; });
}

void Trainer::set_parameter_value(ParameterRef ref, float value) {
  ParameterSlot slot = module_->parameter(ref);
  slot.value = value;
  module_->set_parameter(ref, slot);
  for (Lock& l : locks_)
    if (l.ref == ref) l.slot.value = value;
}

void Trainer::restore_locks() {
  for (const Lock& l : locks_) module_->set_parameter(l.ref, l.slot);
}

}  // namespace dendrite
