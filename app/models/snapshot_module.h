// snapshot_module.h — a private copy of the training network for the embedding editor and the
// custom input: its own module, built from the worker's parameter copies
// (TrainingSession::requestParameters), running encode/decode jobs one at a time on its own
// thread. It never touches the training worker's module, so it works the same while training
// runs and while it is stopped (DESIGN.md §4).
//
// The module is the family's default (the fastest validated one; networks/model_io.h
// instantiate_copy), whichever module trains.
//
// Refresh: while some view uses it (setUser), it asks for a copy whenever the worker reports a
// parameter version other than the one it holds — at once while training is stopped (a step, an
// edit, a reset, a new network) and at most every refreshInterval() ms while training runs
// (followTraining), and then only once no job was submitted for kDragPauseMs, so that a slider
// being dragged is not made to wait behind a parameter install. After a copy is in place, parametersChanged() tells the consumers to run
// their jobs again, so decoded images follow the training.
//
// Jobs: submit(kind, work, done) runs work(module) on the job thread, then done() on the GUI
// thread. Jobs run one at a time in submission order; a job that has not started yet is replaced
// by a newer job of the same kind, so dragging a slider decodes the latest values instead of
// working through a backlog. Only the job thread touches the module, and only while a job runs:
// the next job (or a parameter install) starts from the GUI thread after the previous finished.
// A job submitted for one network that would run after another network was installed is dropped
// (neither work nor done runs): its buffers have the old sizes, and parametersChanged() follows.
//
//   SnapshotModule mirror(session);
//   mirror.setUser(this, true);
//   mirror.submit(kDecode, [=](NetworkModule& m) { m.decode(e.data(), 1, out->data()); },
//                 [=] { show(*out); });
#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

#include "core/executor.h"
#include "core/network_module.h"
#include "core/training_worker.h"

namespace dendrite {

class TrainingSession;

class SnapshotModule : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool ready READ ready NOTIFY parametersChanged)
  Q_PROPERTY(qint64 steps READ steps NOTIFY parametersChanged)

 public:
  using Work = std::function<void(NetworkModule&)>;
  // Job kinds of the app's consumers (one waiting job per kind).
  enum JobKind { kEditorDecode = 1, kEditorEncode, kEditorStrip, kCustomInput };
  // While training runs, a refresh waits until jobs have paused this long (a drag goes first).
  static constexpr int kDragPauseMs = 250;

  explicit SnapshotModule(TrainingSession* session, QObject* parent = nullptr);
  ~SnapshotModule() override;  // waits for the running job

  // A module with parameters is in place (jobs can run).
  bool ready() const { return copy_ != nullptr; }
  // The copy in use: spec, module name, steps and parameter version (null before the first).
  std::shared_ptr<const ParameterCopy> parameters() const { return copy_; }
  qint64 steps() const { return copy_ ? static_cast<qint64>(copy_->steps) : 0; }
  // Shapes of the network in use (0s before the first copy).
  ImageShape inputShape() const;
  ImageShape outputShape() const;
  ImageShape embeddingShape() const;
  std::size_t embeddingSize() const { return embeddingShape().size(); }
  bool trainingRunning() const;
  TrainingSession* session() const { return session_; }

  // Views say when they are shown; copies are asked for only while some user wants them.
  void setUser(const void* user, bool active);
  bool active() const { return !users_.isEmpty(); }
  bool followTraining() const { return follow_; }
  void setFollowTraining(bool follow);
  int refreshInterval() const { return interval_ms_; }
  void setRefreshInterval(int milliseconds);
  // Asks for a copy now, even when the one in place is current.
  void refresh();

  // Queues a job (see the header comment). Returns false, and queues nothing, before the first
  // copy is in place.
  bool submit(int kind, Work work, std::function<void()> done);
  // A job runs or waits, or a copy is on its way.
  bool busy() const;
  // Tests and benchmarks: runs the event loop until nothing is running or waiting.
  bool waitUntilIdle(int milliseconds);

 signals:
  // A new copy is in place (the first one, a newer version, or another network).
  void parametersChanged();
  // The copy could not be turned into a module (message for the status bar).
  void failed(const QString& message);

 private:
  struct Job {
    int kind = 0;
    Work work;
    std::function<void()> done;
    std::shared_ptr<const ParameterCopy> install;  // set for the parameter install job
    std::shared_ptr<const ParameterCopy> network;  // the copy in place when it was submitted
  };
  static constexpr int kInstallKind = -1;

  void check();
  void request();
  void on_parameters(std::uint64_t tag, std::shared_ptr<const ParameterCopy> copy);
  void enqueue(Job job);
  void start_next();
  // Job thread: puts `copy` into module_ (in place when the network is the same, else rebuilt).
  QString install(const ParameterCopy& copy);

  TrainingSession* session_;
  std::shared_ptr<const ParameterCopy> copy_;  // GUI thread: the copy the module holds
  std::uint64_t requested_tag_ = 0;            // a request on its way (0: none)
  bool installing_ = false;                    // a copy waits for or runs its install job
  QSet<const void*> users_;
  bool follow_ = true;
  int interval_ms_ = 500;
  QElapsedTimer since_request_;
  QElapsedTimer since_submit_;
  QTimer recheck_;

  // The module and its team: touched only by the job thread while a job runs.
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<NetworkModule> module_;

  std::deque<Job> pending_;                    // GUI thread
  bool running_ = false;                       // GUI thread: a job was handed to the pool
  QThreadPool pool_;
  QFutureWatcher<QString> watcher_;
  Job current_;
};

}  // namespace dendrite
