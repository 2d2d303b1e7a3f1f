// training_session.h — the training run as a QObject: the controls (learning rate, batch size,
// optimizer, threads; start, stop, step, reset) and the read-outs (running, steps, full passes,
// losses, timings per sample / mini-batch / full pass, samples/s, progress and ETA of the current
// pass, the current sample and its reconstruction) for widgets and QML.
//
// The engine runs in core's TrainingWorker (Qt-free) on this session's own QThreadPool thread;
// the GUI thread never runs a training step. Commands go to the worker's queue and apply between
// mini-batches; setting the learning rate, batch size or optimizer never resets the network. The
// worker publishes at most 30 snapshots a second; each one reaches this object by a queued call
// and updates the properties (NOTIFY signals fire only on change) and the loss history, which
// receives every step's loss however fast the steps are.
//
// For the network view and the embedding editor: neuronValues() of the current sample (when
// setNeuronValuesWanted(true)), parameter edits and locks, a watch list whose values come with
// every snapshot, and requestParameters(), answered by parametersReady() with a copy of every
// parameter to decode or export from without racing the worker.
#pragma once

#include <QFuture>
#include <QImage>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QVector>

#include <memory>

#include "app/models/loss_history.h"
#include "core/training_worker.h"

namespace dendrite {

class TrainingSession : public QObject {
  Q_OBJECT
  Q_PROPERTY(double learningRate READ learningRate WRITE setLearningRate NOTIFY learningRateChanged)
  Q_PROPERTY(int batchSize READ batchSize WRITE setBatchSize NOTIFY batchSizeChanged)
  Q_PROPERTY(QString optimizer READ optimizer WRITE setOptimizer NOTIFY optimizerChanged)
  Q_PROPERTY(int threads READ threads WRITE setThreads NOTIFY threadsChanged)
  Q_PROPERTY(bool ready READ ready NOTIFY statusChanged)
  Q_PROPERTY(QString problem READ problem NOTIFY statusChanged)
  Q_PROPERTY(bool running READ running NOTIFY runningChanged)
  Q_PROPERTY(qint64 steps READ steps NOTIFY progressChanged)
  Q_PROPERTY(qint64 fullPasses READ fullPasses NOTIFY progressChanged)
  Q_PROPERTY(qint64 samplesSeen READ samplesSeen NOTIFY progressChanged)
  Q_PROPERTY(double passProgress READ passProgress NOTIFY progressChanged)
  Q_PROPERTY(double etaSeconds READ etaSeconds NOTIFY progressChanged)
  Q_PROPERTY(double loss READ loss NOTIFY progressChanged)
  Q_PROPERTY(double validationLoss READ validationLoss NOTIFY progressChanged)
  Q_PROPERTY(int trainingSize READ trainingSize NOTIFY statusChanged)
  Q_PROPERTY(int validationSize READ validationSize NOTIFY statusChanged)
  Q_PROPERTY(qint64 seed READ seed NOTIFY statusChanged)
  Q_PROPERTY(double secondsPerSample READ secondsPerSample NOTIFY timingsChanged)
  Q_PROPERTY(double secondsPerBatch READ secondsPerBatch NOTIFY timingsChanged)
  Q_PROPERTY(double secondsPerFullPass READ secondsPerFullPass NOTIFY timingsChanged)
  Q_PROPERTY(bool fullPassMeasured READ fullPassMeasured NOTIFY timingsChanged)
  Q_PROPERTY(double samplesPerSecond READ samplesPerSecond NOTIFY timingsChanged)
  Q_PROPERTY(int currentSample READ currentSample NOTIFY imagesChanged)
  Q_PROPERTY(dendrite::LossHistory* lossHistory READ lossHistory CONSTANT)

 public:
  static constexpr double kMinLearningRate = 1e-5;  // the slider's range (the setter takes any > 0)
  static constexpr double kMaxLearningRate = 1.0;

  explicit TrainingSession(const TrainerConfig& config = {}, QObject* parent = nullptr);
  ~TrainingSession() override;

  double learningRate() const { return learning_rate_; }
  int batchSize() const { return batch_size_; }
  QString optimizer() const;
  // The threads asked for (0: all cores); the team in use is snapshot().threads.
  int threads() const { return threads_; }
  bool ready() const { return snapshot_.ready; }
  QString problem() const { return QString::fromStdString(snapshot_.problem); }
  bool running() const { return snapshot_.running; }
  qint64 steps() const { return static_cast<qint64>(snapshot_.steps); }
  qint64 fullPasses() const { return static_cast<qint64>(snapshot_.full_passes); }
  qint64 samplesSeen() const { return static_cast<qint64>(snapshot_.samples_seen); }
  double passProgress() const;
  double etaSeconds() const;  // of the current full pass; -1 when unknown
  double loss() const { return snapshot_.loss; }                      // -1: none yet
  double validationLoss() const { return snapshot_.validation_loss; }  // -1: none yet
  int trainingSize() const { return static_cast<int>(snapshot_.training_size); }
  int validationSize() const { return static_cast<int>(snapshot_.validation_size); }
  qint64 seed() const { return static_cast<qint64>(snapshot_.seed); }
  double secondsPerSample() const { return snapshot_.timings.seconds_per_sample; }
  double secondsPerBatch() const { return snapshot_.timings.seconds_per_batch; }
  double secondsPerFullPass() const { return snapshot_.timings.seconds_per_full_pass; }
  bool fullPassMeasured() const { return snapshot_.timings.full_pass_measured; }
  double samplesPerSecond() const { return snapshot_.timings.samples_per_second; }
  int currentSample() const { return static_cast<int>(snapshot_.current_sample); }
  LossHistory* lossHistory() { return &history_; }

  QImage currentInput() const { return input_image_; }
  QImage currentOutput() const { return output_image_; }
  // The latest snapshot as the worker published it (sample values, watched values, ...).
  const WorkerSnapshot& snapshot() const { return snapshot_; }

  // --- engine hand-over (GUI thread) ---
  // Gives the worker a new network. A loaded model's optimizer and batch size become the
  // session's (the controls follow).
  void install_network(NetworkBundle bundle);
  void set_dataset(std::shared_ptr<const ImageDataset> dataset);
  void set_snapshot_policy(const QString& path, std::uint64_t interval, std::uint64_t keep);
  void set_validation(double fraction, std::uint64_t interval);

  // --- for the network view, the watch list and the embedding editor ---
  void setNeuronValuesWanted(bool wanted);
  void setParameter(ParameterRef ref, float value);
  void lock(ParameterRef ref);
  void unlock(ParameterRef ref);
  void setWatch(std::vector<ParameterRef> parameters, std::vector<std::size_t> neurons);
  // Returns the tag that parametersReady() will carry.
  std::uint64_t requestParameters();
  void requestModel();

  // Steps the worker has completed right now (not throttled; for the stop guarantee in tests).
  qint64 completedSteps() const { return static_cast<qint64>(worker_->completed_steps()); }
  // Waits (in tests and at exit) until the worker has applied every command and is not running.
  bool waitUntilIdle(int milliseconds);
  // Takes whatever the worker published now instead of waiting for the queued call (tests).
  void drainNow() { drain(); }

 public slots:
  void setLearningRate(double value);
  void setBatchSize(int value);
  void setOptimizer(const QString& name);
  void setThreads(int threads);
  void start();
  void stop();
  void toggleRunning();
  void step();
  void reset();
  void resetWithSeed(qint64 seed);
  void showSample(int index);

 signals:
  void learningRateChanged();
  void batchSizeChanged();
  void optimizerChanged();
  void threadsChanged();
  void statusChanged();
  void runningChanged();
  void progressChanged();
  void timingsChanged();
  void imagesChanged();
  void neuronValuesChanged();
  void watchedValuesChanged();
  // A snapshot arrived (at most ~30 a second while training).
  void updated();
  // Worker messages: refused commands, failed snapshots, divergence.
  void message(const QString& text);
  void diverged(const QString& text);
  void parametersReady(std::uint64_t tag, std::shared_ptr<const dendrite::ParameterCopy> copy);
  void modelReady(std::shared_ptr<const dendrite::ModelFile> model);

 private slots:
  void drain();

 private:
  void apply_snapshot(WorkerSnapshot&& s);

  std::unique_ptr<TrainingWorker> worker_;
  QThreadPool pool_;
  QFuture<void> loop_;
  LossHistory history_;
  WorkerSnapshot snapshot_;
  double learning_rate_;
  int batch_size_;
  OptimizerConfig optimizer_;
  int threads_ = 0;
  bool neuron_values_wanted_ = false;
  std::uint64_t next_tag_ = 1;
  QImage input_image_, output_image_;
};

}  // namespace dendrite
