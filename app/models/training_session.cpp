#include "app/models/training_session.h"

#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

#include "app/models/image_conversion.h"
#include "app/models/thread_priority.h"

namespace dendrite {

TrainingSession::TrainingSession(const TrainerConfig& config, QObject* parent)
    : QObject(parent),
      worker_(std::make_unique<TrainingWorker>(config)),
      learning_rate_(config.optimizer.learning_rate),
      batch_size_(config.batch_size),
      optimizer_(config.optimizer) {
  // The worker's loop holds this pool's one thread for the session's lifetime.
  pool_.setMaxThreadCount(1);
  pool_.setExpiryTimeout(-1);
  worker_->set_notify([this] { QMetaObject::invokeMethod(this, &TrainingSession::drain, Qt::QueuedConnection); });
  TrainingWorker* worker = worker_.get();
  loop_ = QtConcurrent::run(&pool_, [worker] {
    lower_current_thread_priority();  // the GUI thread comes first (thread_priority.h)
    worker->run();
  });
}

TrainingSession::~TrainingSession() {
  worker_->stop();
  worker_->shutdown();
  loop_.waitForFinished();
}

QString TrainingSession::optimizer() const {
  return QString::fromLatin1(optimizer_name(optimizer_.kind));
}

double TrainingSession::passProgress() const {
  if (snapshot_.training_size == 0) return 0.0;
  return static_cast<double>(snapshot_.pass_position) / static_cast<double>(snapshot_.training_size);
}

double TrainingSession::etaSeconds() const {
  const double rate = snapshot_.timings.samples_per_second;
  if (!(rate > 0) || snapshot_.training_size == 0) return -1.0;
  return static_cast<double>(snapshot_.training_size - snapshot_.pass_position) / rate;
}

void TrainingSession::setLearningRate(double value) {
  if (!(value > 0) || !std::isfinite(value) || value == learning_rate_) return;
  learning_rate_ = value;
  optimizer_.learning_rate = static_cast<float>(value);
  worker_->set_learning_rate(static_cast<float>(value));
  emit learningRateChanged();
}

void TrainingSession::setBatchSize(int value) {
  if (value < 1 || value > 65536 || value == batch_size_) return;
  batch_size_ = value;
  worker_->set_batch_size(value);
  emit batchSizeChanged();
}

void TrainingSession::setOptimizer(const QString& name) {
  OptimizerKind kind;
  if (name == QLatin1String("adam")) kind = OptimizerKind::kAdam;
  else if (name == QLatin1String("sgd")) kind = OptimizerKind::kSgd;
  else return;
  if (kind == optimizer_.kind) return;
  optimizer_.kind = kind;
  worker_->set_optimizer(optimizer_);
  emit optimizerChanged();
}

void TrainingSession::setThreads(int threads) {
  if (threads < 0 || threads == threads_) return;
  threads_ = threads;
  worker_->set_threads(threads);
  emit threadsChanged();
}

void TrainingSession::start() { worker_->start(); }
void TrainingSession::stop() { worker_->stop(); }
void TrainingSession::toggleRunning() { snapshot_.running ? stop() : start(); }
void TrainingSession::step() { worker_->step(1); }
void TrainingSession::reset() { worker_->reset(); }
void TrainingSession::resetWithSeed(qint64 seed) {
  if (seed >= 0) worker_->reset(static_cast<std::uint64_t>(seed));
}
void TrainingSession::showSample(int index) {
  if (index >= 0) worker_->show_sample(static_cast<std::size_t>(index));
}

void TrainingSession::install_network(NetworkBundle bundle) {
  if (bundle.optimizer) {
    optimizer_ = *bundle.optimizer;
    learning_rate_ = optimizer_.learning_rate;
    emit optimizerChanged();
    emit learningRateChanged();
  } else {
    bundle.optimizer = optimizer_;  // a new network trains with the controls as they are
  }
  if (bundle.resume) {
    batch_size_ = static_cast<int>(std::max<std::uint32_t>(1, bundle.resume->batch_size));
    emit batchSizeChanged();
  } else {
    worker_->set_batch_size(batch_size_);
  }
  worker_->install_network(std::move(bundle));
}

void TrainingSession::set_dataset(std::shared_ptr<const ImageDataset> dataset) {
  worker_->set_dataset(std::move(dataset));
}

void TrainingSession::set_snapshot_policy(const QString& path, std::uint64_t interval, std::uint64_t keep) {
  worker_->set_snapshot_policy(path.toStdString(), interval, keep);
}

void TrainingSession::set_validation(double fraction, std::uint64_t interval) {
  worker_->set_validation(fraction, interval);
}

void TrainingSession::setNeuronValuesWanted(bool wanted) {
  neuron_values_wanted_ = wanted;
  worker_->set_neuron_values_wanted(wanted);
}

void TrainingSession::setParameter(ParameterRef ref, float value) { worker_->set_parameter(ref, value); }
void TrainingSession::lock(ParameterRef ref) { worker_->lock(ref); }
void TrainingSession::unlock(ParameterRef ref) { worker_->unlock(ref); }
void TrainingSession::setWatch(std::vector<ParameterRef> parameters, std::vector<std::size_t> neurons) {
  worker_->set_watch(std::move(parameters), std::move(neurons));
}

std::uint64_t TrainingSession::requestParameters() {
  const std::uint64_t tag = next_tag_++;
  worker_->request_parameters(tag);
  return tag;
}

void TrainingSession::requestModel() { worker_->request_model(); }

bool TrainingSession::waitUntilIdle(int milliseconds) {
  return worker_->wait_until_idle(std::chrono::milliseconds(milliseconds));
}

void TrainingSession::drain() {
  WorkerUpdate update = worker_->take_update();
  WorkerEvents& e = update.events;
  const bool history_changed = e.history_reset || !e.losses.empty() || !e.validations.empty() ||
                               !e.full_pass_ends.empty();
  if (e.history_reset) history_.clear();
  if (!e.losses.empty()) history_.append(e.first_loss_step, e.losses);
  for (const ValidationPoint& v : e.validations) history_.add_validation(v.step, v.loss);
  for (std::uint64_t step : e.full_pass_ends) history_.add_full_pass_end(step);
  if (history_changed) history_.notify_changed();

  if (update.snapshot.sequence != 0 && update.snapshot.sequence != snapshot_.sequence)
    apply_snapshot(std::move(update.snapshot));

  for (const std::string& m : e.messages) emit message(QString::fromStdString(m));
  if (e.stopped_by_divergence && !e.messages.empty()) emit diverged(QString::fromStdString(e.messages.back()));
  for (const auto& copy : e.parameter_copies) emit parametersReady(copy->tag, copy);
  for (const auto& model : e.model_copies) emit modelReady(model);
}

void TrainingSession::apply_snapshot(WorkerSnapshot&& s) {
  const WorkerSnapshot old = std::move(snapshot_);
  snapshot_ = std::move(s);
  if (old.ready != snapshot_.ready || old.problem != snapshot_.problem ||
      old.training_size != snapshot_.training_size || old.validation_size != snapshot_.validation_size ||
      old.seed != snapshot_.seed)
    emit statusChanged();
  if (old.running != snapshot_.running) emit runningChanged();
  if (old.steps != snapshot_.steps || old.full_passes != snapshot_.full_passes ||
      old.pass_position != snapshot_.pass_position || old.loss != snapshot_.loss ||
      old.validation_loss != snapshot_.validation_loss || old.samples_seen != snapshot_.samples_seen)
    emit progressChanged();
  const WorkerTimings& a = old.timings;
  const WorkerTimings& b = snapshot_.timings;
  if (a.seconds_per_sample != b.seconds_per_sample || a.seconds_per_batch != b.seconds_per_batch ||
      a.seconds_per_full_pass != b.seconds_per_full_pass || a.full_pass_measured != b.full_pass_measured ||
      a.samples_per_second != b.samples_per_second)
    emit timingsChanged();
  if (old.input != snapshot_.input || old.output != snapshot_.output ||
      old.current_sample != snapshot_.current_sample) {
    input_image_ = to_qimage(snapshot_.input.empty() ? nullptr : snapshot_.input.data(), snapshot_.sample_shape);
    output_image_ = snapshot_.output.size() == snapshot_.sample_shape.size() && !snapshot_.output.empty()
                        ? to_qimage(snapshot_.output.data(), snapshot_.sample_shape)
                        : QImage();
    emit imagesChanged();
  }
  if (!snapshot_.neuron_values.empty() || !old.neuron_values.empty()) emit neuronValuesChanged();
  if (!snapshot_.watched_parameters.empty() || !snapshot_.watched_neurons.empty()) emit watchedValuesChanged();
  emit updated();
}

}  // namespace dendrite
