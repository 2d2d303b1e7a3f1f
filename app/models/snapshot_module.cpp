#include "app/models/snapshot_module.h"

#include <QCoreApplication>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "app/models/training_session.h"
#include "networks/model_io.h"

namespace dendrite {
namespace {

// The module runs the family's default module whatever module trains (instantiate_copy), so only
// the network itself decides whether parameters can be imported in place.
bool same_network(const NetworkModule& module, const ParameterCopy& copy) {
  const ModuleOptions& a = module.options();
  const ModuleOptions& b = copy.options;
  return module.spec() == copy.spec && a.leakage == b.leakage && a.iterations == b.iterations &&
         a.loss_weighting == b.loss_weighting;
}

ImageShape layer_shape(const ParameterCopy* copy, int layer) {
  if (!copy || layer < 0 || static_cast<std::size_t>(layer) >= copy->spec.layers.size()) return {};
  return copy->spec.layers[static_cast<std::size_t>(layer)].shape;
}

}  // namespace

SnapshotModule::SnapshotModule(TrainingSession* session, QObject* parent)
    : QObject(parent), session_(session), executor_(std::make_unique<Executor>(1)) {
  // One thread: jobs run one at a time, each on one core. A team of two measured slower on the
  // loaded development machine (a descheduled member stalls the whole team at every layer), and
  // one core keeps the slider-to-image latency within a frame (bench/RESULTS.md, "Embedding editor").
  pool_.setMaxThreadCount(1);
  pool_.setExpiryTimeout(-1);
  recheck_.setSingleShot(true);
  connect(&recheck_, &QTimer::timeout, this, &SnapshotModule::check);
  connect(session_, &TrainingSession::updated, this, &SnapshotModule::check);
  connect(session_, &TrainingSession::parametersReady, this, &SnapshotModule::on_parameters);
  connect(&watcher_, &QFutureWatcher<QString>::finished, this, [this] {
    running_ = false;
    Job job = std::move(current_);
    current_ = Job{};
    const QString error = watcher_.result();
    if (job.install) {
      installing_ = false;
      if (error.isEmpty()) {
        copy_ = job.install;
        emit parametersChanged();
      } else {
        emit failed(error);
      }
      check();  // the worker may have moved on while this copy was installed
    } else if (job.done && error.isEmpty()) {
      job.done();
    }
    start_next();
  });
}

SnapshotModule::~SnapshotModule() {
  pending_.clear();
  watcher_.waitForFinished();
  pool_.waitForDone();
}

ImageShape SnapshotModule::inputShape() const { return copy_ ? copy_->spec.input().shape : ImageShape{}; }
ImageShape SnapshotModule::outputShape() const { return copy_ ? copy_->spec.output().shape : ImageShape{}; }
ImageShape SnapshotModule::embeddingShape() const {
  return layer_shape(copy_.get(), copy_ ? copy_->spec.embedding_layer : -1);
}

bool SnapshotModule::trainingRunning() const { return session_->running(); }

void SnapshotModule::setUser(const void* user, bool active) {
  const bool was = !users_.isEmpty();
  if (active) users_.insert(user);
  else users_.remove(user);
  if (!was && !users_.isEmpty()) check();
}

void SnapshotModule::setFollowTraining(bool follow) {
  follow_ = follow;
  check();
}

void SnapshotModule::setRefreshInterval(int milliseconds) { interval_ms_ = std::max(0, milliseconds); }

void SnapshotModule::refresh() {
  if (requested_tag_ != 0 || installing_) return;
  if (session_->snapshot().parameter_version == 0) return;  // no network yet
  request();
}

void SnapshotModule::check() {
  if (users_.isEmpty() || requested_tag_ != 0 || installing_) return;
  const WorkerSnapshot& s = session_->snapshot();
  if (s.parameter_version == 0) return;  // no network yet
  if (copy_ && copy_->parameter_version == s.parameter_version && copy_->generation == s.generation) return;
  if (s.running && copy_ && copy_->generation == s.generation) {
    if (!follow_) return;
    const qint64 interval_left = interval_ms_ - (since_request_.isValid() ? since_request_.elapsed() : interval_ms_);
    const qint64 drag_left = kDragPauseMs - (since_submit_.isValid() ? since_submit_.elapsed() : kDragPauseMs);
    const qint64 wait = std::max(interval_left, drag_left);
    if (wait > 0) {
      if (!recheck_.isActive()) recheck_.start(static_cast<int>(wait));
      return;
    }
  }
  request();
}

void SnapshotModule::request() {
  since_request_.start();
  requested_tag_ = session_->requestParameters();
}

void SnapshotModule::on_parameters(std::uint64_t tag, std::shared_ptr<const ParameterCopy> copy) {
  if (tag != requested_tag_) return;
  requested_tag_ = 0;
  installing_ = true;
  Job job;
  job.kind = kInstallKind;
  job.install = std::move(copy);
  enqueue(std::move(job));
}

bool SnapshotModule::submit(int kind, Work work, std::function<void()> done) {
  if (!copy_) return false;
  Job job;
  job.kind = kind;
  job.work = std::move(work);
  job.done = std::move(done);
  job.network = copy_;
  since_submit_.start();
  enqueue(std::move(job));
  return true;
}

void SnapshotModule::enqueue(Job job) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->kind == job.kind) {
      pending_.erase(it);
      break;  // at most one job of a kind ever waits
    }
  }
  pending_.push_back(std::move(job));
  start_next();
}

void SnapshotModule::start_next() {
  if (running_ || pending_.empty()) return;
  current_ = std::move(pending_.front());
  pending_.pop_front();
  running_ = true;
  // The job and the module are handed over together; nothing on the GUI thread touches either
  // until the watcher reports the job finished.
  Job* job = &current_;
  watcher_.setFuture(QtConcurrent::run(&pool_, [this, job]() -> QString {
    if (job->install) return install(*job->install);
    if (!same_network(*module_, *job->network)) return QStringLiteral("stale");
    job->work(*module_);
    return {};
  }));
}

QString SnapshotModule::install(const ParameterCopy& copy) {
  if (module_ && same_network(*module_, copy)) {
    if (Status s = module_->import_state(copy.parameters); !s) return QString::fromStdString(s.message());
    return {};
  }
  auto made = instantiate_copy(copy, *executor_);
  if (!made) return tr("The decoder could not be built: %1").arg(QString::fromStdString(made.message()));
  module_ = std::move(*made);
  return {};
}

bool SnapshotModule::busy() const { return running_ || !pending_.empty() || requested_tag_ != 0 || installing_; }

bool SnapshotModule::waitUntilIdle(int milliseconds) {
  QElapsedTimer t;
  t.start();
  while (busy()) {
    if (t.elapsed() > milliseconds) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    if (busy()) QThread::usleep(200);
  }
  return true;
}

}  // namespace dendrite
