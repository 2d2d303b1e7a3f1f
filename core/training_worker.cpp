#include "core/training_worker.h"

#include <algorithm>
#include <cmath>

#include "core/snapshot.h"

namespace dendrite {
namespace {

// Timings average the steps of roughly the last half second, so the read-outs are steady but
// still follow a batch-size change quickly.
constexpr double kTimingWindowSeconds = 0.5;
constexpr std::size_t kTimingWindowSteps = 256;

// Merges `from` into `into`, keeping step order: a reset in `from` drops what `into` had.
void merge_events(WorkerEvents& into, WorkerEvents&& from) {
  if (from.history_reset) {
    into.history_reset = true;
    into.losses.clear();
    into.validations.clear();
    into.full_pass_ends.clear();
  }
  if (into.losses.empty()) into.first_loss_step = from.first_loss_step;
  into.losses.insert(into.losses.end(), from.losses.begin(), from.losses.end());
  into.validations.insert(into.validations.end(), from.validations.begin(), from.validations.end());
  into.full_pass_ends.insert(into.full_pass_ends.end(), from.full_pass_ends.begin(),
                             from.full_pass_ends.end());
  for (std::string& m : from.messages) into.messages.push_back(std::move(m));
  for (auto& c : from.parameter_copies) into.parameter_copies.push_back(std::move(c));
  for (auto& c : from.model_copies) into.model_copies.push_back(std::move(c));
  into.stopped_by_divergence = into.stopped_by_divergence || from.stopped_by_divergence;
}

bool valid_ref(const Topology& t, ParameterRef ref) {
  return ref.kind == ParameterRef::Kind::kWeight ? ref.index < t.connection_count
                                                 : ref.index < t.neuron_count;
}

std::string describe_ref(ParameterRef ref) {
  return str_cat(ref.kind == ParameterRef::Kind::kWeight ? "weight of connection " : "bias of neuron ",
                 ref.index);
}

}  // namespace

TrainingWorker::TrainingWorker(TrainerConfig config) : config_(std::move(config)) {}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::set_notify(std::function<void()> notify) {
  std::lock_guard lock(mutex_);
  notify_ = std::move(notify);
}

void TrainingWorker::set_publish_interval(std::chrono::nanoseconds interval) {
  publish_interval_ns_.store(interval.count());
}

void TrainingWorker::post(Command command) {
  {
    std::lock_guard lock(mutex_);
    commands_.push_back(std::move(command));
  }
  wake_.notify_one();
}

void TrainingWorker::shutdown() {
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  wake_.notify_one();
}

void TrainingWorker::install_network(NetworkBundle bundle) {
  post(Install{std::make_shared<NetworkBundle>(std::move(bundle))});
}
void TrainingWorker::set_dataset(std::shared_ptr<const ImageDataset> dataset) {
  post(SetDataset{std::move(dataset)});
}
void TrainingWorker::start() { post(Start{}); }
void TrainingWorker::stop() { post(Stop{}); }
void TrainingWorker::step(int count) { post(Step{count}); }
void TrainingWorker::reset(std::optional<std::uint64_t> new_seed) { post(Reset{new_seed}); }
void TrainingWorker::set_learning_rate(float learning_rate) { post(SetLearningRate{learning_rate}); }
void TrainingWorker::set_batch_size(int batch_size) { post(SetBatchSize{batch_size}); }
void TrainingWorker::set_optimizer(const OptimizerConfig& optimizer) { post(SetOptimizer{optimizer}); }
void TrainingWorker::set_threads(int threads) { post(SetThreads{threads}); }
void TrainingWorker::set_validation(double fraction, std::uint64_t interval) {
  post(SetValidation{fraction, interval});
}
void TrainingWorker::set_parameter(ParameterRef ref, float value) { post(SetParameter{ref, value}); }
void TrainingWorker::lock(ParameterRef ref) { post(Lock{ref}); }
void TrainingWorker::unlock(ParameterRef ref) { post(Unlock{ref}); }
void TrainingWorker::set_watch(std::vector<ParameterRef> parameters, std::vector<std::size_t> neurons) {
  post(SetWatch{std::move(parameters), std::move(neurons)});
}
void TrainingWorker::set_neuron_values_wanted(bool wanted) { post(WantNeuronValues{wanted}); }
void TrainingWorker::show_sample(std::size_t index) { post(ShowSample{index}); }
void TrainingWorker::set_snapshot_policy(std::string path, std::uint64_t interval, std::uint64_t keep) {
  post(SetSnapshotPolicy{std::move(path), interval, keep});
}
void TrainingWorker::request_parameters(std::uint64_t tag) { post(RequestParameters{tag}); }
void TrainingWorker::request_model() { post(RequestModel{}); }

WorkerUpdate TrainingWorker::take_update() {
  std::lock_guard lock(mutex_);
  WorkerUpdate update;
  update.snapshot = outbox_.snapshot;
  update.events = std::move(outbox_.events);
  outbox_.events = WorkerEvents{};
  notify_pending_ = false;
  return update;
}

bool TrainingWorker::wait_until_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [&] { return loop_idle_ && commands_.empty(); });
}

std::uint64_t TrainingWorker::completed_steps() const {
  std::lock_guard lock(mutex_);
  return completed_steps_;
}

void TrainingWorker::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] {
      return shutting_down_ || !commands_.empty() || running_ || steps_pending_ > 0;
    });
    if (shutting_down_) break;
    std::deque<Command> batch;
    batch.swap(commands_);
    loop_idle_ = false;
    lock.unlock();

    for (Command& command : batch) apply(command);
    if (running_ || steps_pending_ > 0) {
      train_one_step();
    } else if (!batch.empty()) {
      if (!sample_values_valid_) refresh_current_sample();
      publish(true);
    }

    lock.lock();
    if (!running_ && steps_pending_ == 0 && commands_.empty()) {
      loop_idle_ = true;
      idle_.notify_all();
    }
  }
  running_ = false;
  steps_pending_ = 0;
  loop_idle_ = true;
  idle_.notify_all();
}

void TrainingWorker::message(std::string text) { pending_events_.messages.push_back(std::move(text)); }

void TrainingWorker::rebuild_trainer(const std::optional<TrainerState>& resume) {
  trainer_.reset();
  running_ = false;
  steps_pending_ = 0;
  sample_values_valid_ = false;
  recent_.clear();
  recent_seconds_ = 0;
  last_full_pass_seconds_ = 0;
  if (!module_) {
    problem_ = "no network: create one (File ▸ New Network) or open a model";
    return;
  }
  if (!dataset_ || dataset_->size() == 0) {
    problem_ = "no images: open a dataset folder";
    return;
  }
  Result<Trainer> made = Trainer::create(*module_, *dataset_, config_, resume);
  if (!made) {
    problem_ = made.message();
    return;
  }
  trainer_.emplace(std::move(*made));
  problem_.clear();
  for (const ParameterRef& ref : locks_) trainer_->lock(ref);
  if (current_sample_ >= dataset_->size()) current_sample_ = 0;
}

void TrainingWorker::apply(Command& command) {
  std::visit([&](auto& c) {
    using T = std::decay_t<decltype(c)>;
    if constexpr (std::is_same_v<T, Install>) {
      NetworkBundle& b = *c.bundle;
      trainer_.reset();  // it points at the module being replaced
      module_.reset();
      executor_ = std::move(b.executor);
      module_ = std::move(b.module);
      if (module_ && executor_) module_->set_executor(*executor_);
      init_ = b.init;
      config_.seed = b.seed;
      if (b.optimizer) config_.optimizer = *b.optimizer;
      if (b.resume) config_.batch_size = static_cast<int>(std::max<std::uint32_t>(1, b.resume->batch_size));
      locks_.clear();  // ids of another network mean nothing here
      watched_parameters_.clear();
      watched_neurons_.clear();
      ++generation_;
      ++parameter_version_;
      pending_events_.history_reset = true;
      pending_events_.losses.clear();
      pending_events_.validations.clear();
      pending_events_.full_pass_ends.clear();
      last_loss_ = -1;
      last_validation_ = -1;
      rebuild_trainer(b.resume);
      if (trainer_ && b.resume) {
        // The loaded run's history, so the chart continues where it was saved.
        const TrainerState& s = trainer_->state();
        pending_events_.losses = s.loss_history;
        pending_events_.first_loss_step = 1;
        pending_events_.validations = s.validation_history;
        if (!s.loss_history.empty()) last_loss_ = s.loss_history.back();
        if (!s.validation_history.empty()) last_validation_ = s.validation_history.back().loss;
      }
      std::lock_guard lock(mutex_);
      completed_steps_ = trainer_ ? trainer_->state().steps : 0;
    } else if constexpr (std::is_same_v<T, SetDataset>) {
      trainer_.reset();
      dataset_ = std::move(c.dataset);
      current_sample_ = 0;
      ++generation_;
      pending_events_.history_reset = true;
      pending_events_.losses.clear();
      pending_events_.validations.clear();
      pending_events_.full_pass_ends.clear();
      last_loss_ = -1;
      last_validation_ = -1;
      rebuild_trainer(std::nullopt);
      std::lock_guard lock(mutex_);
      completed_steps_ = trainer_ ? trainer_->state().steps : 0;
    } else if constexpr (std::is_same_v<T, Start>) {
      if (trainer_) running_ = true;
      else message(str_cat("cannot start training: ", problem_));
    } else if constexpr (std::is_same_v<T, Stop>) {
      if (running_ || steps_pending_ > 0) sample_values_valid_ = false;
      running_ = false;
      steps_pending_ = 0;
    } else if constexpr (std::is_same_v<T, Step>) {
      if (trainer_) steps_pending_ += std::max(0, c.count);
      else message(str_cat("cannot take a step: ", problem_));
    } else if constexpr (std::is_same_v<T, Reset>) {
      running_ = false;
      steps_pending_ = 0;
      if (!module_) {
        message("nothing to reset: no network");
        return;
      }
      if (c.seed) config_.seed = *c.seed;
      if (Status s = initialize_module(*module_, init_, config_.seed); !s) {
        message(str_cat("reset failed: ", s.message()));
        return;
      }
      ++generation_;
      ++parameter_version_;
      pending_events_.history_reset = true;
      pending_events_.losses.clear();
      pending_events_.validations.clear();
      pending_events_.full_pass_ends.clear();
      last_loss_ = -1;
      last_validation_ = -1;
      rebuild_trainer(std::nullopt);
      std::lock_guard lock(mutex_);
      completed_steps_ = 0;
    } else if constexpr (std::is_same_v<T, SetLearningRate>) {
      if (!(c.value > 0.0f) || !std::isfinite(c.value)) {
        message(str_cat("learning rate ", c.value, " ignored: it must be a positive number"));
        return;
      }
      config_.optimizer.learning_rate = c.value;
      if (trainer_) trainer_->set_learning_rate(c.value);
    } else if constexpr (std::is_same_v<T, SetBatchSize>) {
      if (c.value < 1 || c.value > 65536) {
        message(str_cat("batch size ", c.value, " ignored: it must be in 1..65536"));
        return;
      }
      config_.batch_size = c.value;
      if (trainer_) {
        if (Status s = trainer_->set_batch_size(c.value); !s) message(s.message());
      }
    } else if constexpr (std::is_same_v<T, SetOptimizer>) {
      if (!(c.value.learning_rate > 0.0f) || !std::isfinite(c.value.learning_rate)) {
        message("optimizer settings ignored: the learning rate must be a positive number");
        return;
      }
      config_.optimizer = c.value;
      if (trainer_) {
        if (Status s = trainer_->set_optimizer(c.value); !s) message(s.message());
      }
    } else if constexpr (std::is_same_v<T, SetThreads>) {
      auto team = std::make_unique<Executor>(c.value);
      if (module_) module_->set_executor(*team);
      executor_ = std::move(team);  // the old team is idle: nothing runs between steps
    } else if constexpr (std::is_same_v<T, SetValidation>) {
      if (c.fraction >= 0.0 && c.fraction < 1.0) config_.validation_fraction = c.fraction;
      config_.validation_interval = c.interval;
    } else if constexpr (std::is_same_v<T, SetParameter>) {
      if (!module_ || !valid_ref(module_->topology(), c.ref)) {
        message(str_cat("edit ignored: no ", describe_ref(c.ref), " in this network"));
        return;
      }
      if (!std::isfinite(c.value)) {
        message(str_cat("edit ignored: ", c.value, " is not a finite number"));
        return;
      }
      if (trainer_) trainer_->set_parameter_value(c.ref, c.value);
      else if (c.ref.kind == ParameterRef::Kind::kWeight) module_->set_weight(c.ref.index, c.value);
      else module_->set_bias(c.ref.index, c.value);
      ++parameter_version_;
      sample_values_valid_ = false;
    } else if constexpr (std::is_same_v<T, Lock>) {
      if (!module_ || !valid_ref(module_->topology(), c.ref)) {
        message(str_cat("lock ignored: no ", describe_ref(c.ref), " in this network"));
        return;
      }
      if (std::find(locks_.begin(), locks_.end(), c.ref) == locks_.end()) locks_.push_back(c.ref);
      if (trainer_) trainer_->lock(c.ref);
    } else if constexpr (std::is_same_v<T, Unlock>) {
      locks_.erase(std::remove(locks_.begin(), locks_.end(), c.ref), locks_.end());
      if (trainer_) trainer_->unlock(c.ref);
    } else if constexpr (std::is_same_v<T, SetWatch>) {
      watched_parameters_.clear();
      watched_neurons_.clear();
      if (!module_) return;
      const Topology& t = module_->topology();
      for (const ParameterRef& ref : c.parameters)
        if (valid_ref(t, ref)) watched_parameters_.push_back(ref);
      for (std::size_t n : c.neurons)
        if (n < t.neuron_count) watched_neurons_.push_back(n);
    } else if constexpr (std::is_same_v<T, WantNeuronValues>) {
      neuron_values_wanted_ = c.wanted;
    } else if constexpr (std::is_same_v<T, ShowSample>) {
      if (!dataset_ || c.index >= dataset_->size()) {
        message(str_cat("sample ", c.index, " does not exist"));
        return;
      }
      current_sample_ = c.index;
      sample_values_valid_ = false;
    } else if constexpr (std::is_same_v<T, SetSnapshotPolicy>) {
      snapshot_path_ = std::move(c.path);
      snapshot_interval_ = c.interval;
      snapshot_keep_ = c.keep;
      snapshots_failing_ = false;
      last_snapshot_step_ = 0;
      // Temporary files of saves a crash interrupted would otherwise pile up beside the model.
      // A directory that does not exist yet holds none; one that cannot be used is reported by
      // the first snapshot.
      if (!snapshot_path_.empty() && real_file_system().is_directory(parent_directory(snapshot_path_))) {
        if (auto removed = remove_interrupted_saves(real_file_system(), snapshot_path_); !removed)
          message(str_cat("could not remove the files of interrupted saves: ", removed.message()));
        else if (*removed > 0)
          message(str_cat("removed ", *removed, " temporary file(s) left by interrupted saves of ", snapshot_path_));
      }
    } else if constexpr (std::is_same_v<T, RequestParameters>) {
      if (!module_) {
        message("no network to copy parameters from");
        return;
      }
      auto copy = std::make_shared<ParameterCopy>();
      copy->tag = c.tag;
      copy->generation = generation_;
      copy->steps = trainer_ ? trainer_->state().steps : 0;
      copy->parameter_version = parameter_version_;
      copy->spec = module_->spec();
      copy->options = module_->options();
      copy->module_name = module_->module_name();
      module_->export_state(copy->parameters);
      pending_events_.parameter_copies.push_back(std::move(copy));
    } else if constexpr (std::is_same_v<T, RequestModel>) {
      if (!module_) {
        message("no network to save");
        return;
      }
      TrainerState state;
      state.seed = config_.seed;
      state.batch_size = static_cast<std::uint32_t>(config_.batch_size);
      state.validation_fraction = config_.validation_fraction;
      if (trainer_) {
        // The saved model must not hold parameters that blew up in the last update.
        if (const StepResult check = trainer_->check_last_update(); check.diverged) stop_on_divergence(check.message);
        state = trainer_->state();
      }
      pending_events_.model_copies.push_back(
          std::make_shared<const ModelFile>(capture_model(*module_, init_, config_.optimizer, state)));
    }
  }, command);
}

void TrainingWorker::stop_on_divergence(const std::string& why) {
  message(why);
  pending_events_.stopped_by_divergence = true;
  running_ = false;
  steps_pending_ = 0;
}

// Like the CLI: a failed snapshot does not stop training (the previous model file stays intact
// and the next snapshot tries again); the user hears once when snapshots start failing and once
// when they work again, not at every step.
void TrainingWorker::write_due_snapshot() {
  const std::uint64_t step = trainer_->state().steps;
  FileSystem& fs = real_file_system();
  Status saved = fs.create_directories(parent_directory(snapshot_path_));
  if (saved)
    saved = write_snapshot(fs, snapshot_path_, capture_model(*module_, init_, trainer_->config().optimizer, trainer_->state()),
                           step, snapshot_keep_);
  if (saved) {
    if (snapshots_failing_) message(str_cat("snapshots work again: ", snapshot_path_, " holds step ", step));
    snapshots_failing_ = false;
    last_snapshot_step_ = step;
    return;
  }
  if (!snapshots_failing_)
    message(str_cat("the snapshot at step ", step, " failed: ", saved.message(),
                    "; training goes on and the next snapshot tries again; the model file keeps ",
                    last_snapshot_step_ == 0 ? std::string("its previous contents")
                                             : str_cat("step ", last_snapshot_step_)));
  snapshots_failing_ = true;
}

void TrainingWorker::record_timing(int batch, double step_seconds, double loading_seconds) {
  recent_.push_back({batch, step_seconds, loading_seconds});
  recent_seconds_ += step_seconds;
  while (recent_.size() > 1 &&
         (recent_.size() > kTimingWindowSteps || recent_seconds_ - recent_.front().seconds >= kTimingWindowSeconds)) {
    recent_seconds_ -= recent_.front().seconds;
    recent_.pop_front();
  }
}

void TrainingWorker::train_one_step() {
  if (!trainer_) {
    running_ = false;
    steps_pending_ = 0;
    message(str_cat("cannot train: ", problem_));
    publish(true);
    return;
  }
  const StepResult r = trainer_->step();
  ++parameter_version_;
  if (steps_pending_ > 0) --steps_pending_;
  const TrainerState& state = trainer_->state();
  {
    std::lock_guard lock(mutex_);
    completed_steps_ = state.steps;
  }
  if (pending_events_.losses.empty()) pending_events_.first_loss_step = state.steps;
  pending_events_.losses.push_back(static_cast<float>(r.loss));
  last_loss_ = r.loss;
  current_sample_ = trainer_->last_sample();
  record_timing(r.batch, r.step_seconds, r.loading_seconds);
  if (r.full_pass_completed) {
    pending_events_.full_pass_ends.push_back(state.steps);
    last_full_pass_seconds_ = r.full_pass_seconds;
  }
  if (r.validation_loss) {
    pending_events_.validations.push_back({state.steps, *r.validation_loss});
    last_validation_ = *r.validation_loss;
  }
  if (r.diverged) stop_on_divergence(r.message);
  if (snapshot_interval_ != 0 && !snapshot_path_.empty() && !r.diverged &&
      state.steps % snapshot_interval_ == 0) {
    // A snapshot must not save parameters that blew up in the step's own update.
    if (const StepResult check = trainer_->check_last_update(); check.diverged)
      stop_on_divergence(check.message);
    else
      write_due_snapshot();
  }

  const bool finished = !running_ && steps_pending_ == 0;
  const bool due = std::chrono::steady_clock::now() - last_publish_ >=
                   std::chrono::nanoseconds(publish_interval_ns_.load());
  if (!finished && !due && pending_events_.messages.empty()) return;
  if (finished) {
    // Show the parameters after the last update (after a divergence: the restored ones).
    refresh_current_sample();
  } else {
    // The step's forward pass holds the batch's first sample, which is the current sample.
    sample_values_.resize(module_->topology().neuron_count);
    module_->neuron_values(0, sample_values_.data());
  }
  publish(true);
}

void TrainingWorker::refresh_current_sample() {
  sample_values_valid_ = true;
  if (!module_ || !dataset_ || dataset_->size() == 0 ||
      dataset_->sample_size() != module_->topology().input_size()) {
    sample_values_.clear();
    return;
  }
  if (current_sample_ >= dataset_->size()) current_sample_ = 0;
  module_->forward(dataset_->sample(current_sample_), 1);
  sample_values_.resize(module_->topology().neuron_count);
  module_->neuron_values(0, sample_values_.data());
}

void TrainingWorker::fill_snapshot(WorkerSnapshot& s) const {
  s.sequence = sequence_;
  s.generation = generation_;
  s.parameter_version = parameter_version_;
  s.ready = trainer_.has_value();
  s.running = running_ || steps_pending_ > 0;
  s.problem = problem_;
  s.learning_rate = config_.optimizer.learning_rate;
  s.batch_size = config_.batch_size;
  s.optimizer = config_.optimizer;
  s.threads = executor_ ? executor_->thread_count() : 0;
  s.seed = config_.seed;
  s.loss = last_loss_;
  s.validation_loss = last_validation_;
  if (trainer_) {
    const TrainerState& state = trainer_->state();
    s.steps = state.steps;
    s.full_passes = state.full_passes;
    s.samples_seen = state.samples_seen;
    s.pass_position = state.epoch_cursor;
    s.training_size = trainer_->training_size();
    s.validation_size = trainer_->validation_size();
    s.steps_per_full_pass = trainer_->steps_per_full_pass();
  }
  double seconds = 0, loading = 0;
  std::uint64_t samples = 0;
  for (const RecentStep& r : recent_) {
    seconds += r.seconds;
    loading += r.loading_seconds;
    samples += static_cast<std::uint64_t>(r.batch);
  }
  if (!recent_.empty() && samples > 0 && seconds > 0) {
    s.timings.seconds_per_sample = seconds / static_cast<double>(samples);
    s.timings.seconds_per_batch = seconds / static_cast<double>(recent_.size());
    s.timings.samples_per_second = static_cast<double>(samples) / seconds;
    s.timings.loading_seconds_per_batch = loading / static_cast<double>(recent_.size());
  }
  if (last_full_pass_seconds_ > 0) {
    s.timings.seconds_per_full_pass = last_full_pass_seconds_;
    s.timings.full_pass_measured = true;
  } else {
    s.timings.seconds_per_full_pass = s.timings.seconds_per_sample * static_cast<double>(s.training_size);
  }

  if (dataset_ && current_sample_ < dataset_->size()) {
    s.current_sample = current_sample_;
    s.sample_shape = dataset_->shape();
    s.input.assign(dataset_->sample(current_sample_), dataset_->sample(current_sample_) + dataset_->sample_size());
  }
  if (module_ && sample_values_.size() == module_->topology().neuron_count) {
    const LayerInfo& out = module_->topology().layers[static_cast<std::size_t>(module_->topology().output_layer)];
    s.output.assign(sample_values_.begin() + static_cast<std::ptrdiff_t>(out.first_neuron),
                    sample_values_.begin() + static_cast<std::ptrdiff_t>(out.first_neuron + out.neuron_count));
    if (neuron_values_wanted_) s.neuron_values = sample_values_;
    for (std::size_t n : watched_neurons_) s.watched_neurons.push_back(sample_values_[n]);
    s.watched_neuron_ids = watched_neurons_;
  }
  if (module_) {
    for (const ParameterRef& ref : watched_parameters_) s.watched_parameters.push_back(module_->parameter(ref).value);
    s.watched_parameter_refs = watched_parameters_;
  }
}

void TrainingWorker::publish(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_publish_ < std::chrono::nanoseconds(publish_interval_ns_.load())) return;
  last_publish_ = now;
  ++sequence_;
  WorkerSnapshot snapshot;
  fill_snapshot(snapshot);
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    outbox_.snapshot = std::move(snapshot);
    merge_events(outbox_.events, std::move(pending_events_));
    if (!notify_pending_ && notify_) {
      notify_pending_ = true;
      notify = notify_;
    }
  }
  pending_events_ = WorkerEvents{};
  if (notify) notify();
}

}  // namespace dendrite
