// workbench.h — the app's models together, and the actions of the File menu as model operations:
// open a dataset folder, create a network from a spec or preset, open and save model files,
// export output images. It also holds the embedding editor and the custom input (their errors and
// status lines come out of this object's signals). Views call these and listen to the signals; nothing here touches a widget.
//
// Slow work (loading images, building a network of millions of connections, reading or writing a
// model, exporting a folder of reconstructions) runs on a background thread pool, never on the
// GUI thread and never on the training thread; its result is handed to the training session on
// the GUI thread. Failures become errorOccurred(title, message) — a clear sentence naming the
// file and the reason — never a crash. When a request is superseded (a second "New Network" before
// the first was built) the older result is dropped.
//
//   Workbench bench(new SettingsModel);
//   bench.startUp();                    // default network (or --model) and the input directory
//   bench.openDataset("/data/fashion"); bench.newNetwork("dense-ae");
//   bench.session()->start();
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <deque>
#include <functional>
#include <memory>

#include "app/models/custom_input.h"
#include "app/models/dataset_model.h"
#include "app/models/embedding_editor.h"
#include "app/models/network_summary.h"
#include "app/models/settings_model.h"
#include "app/models/snapshot_module.h"
#include "app/models/training_session.h"
#include "core/training_settings.h"

namespace dendrite {

class Workbench : public QObject {
  Q_OBJECT
  Q_PROPERTY(dendrite::SettingsModel* settings READ settings CONSTANT)
  Q_PROPERTY(dendrite::DatasetModel* dataset READ dataset CONSTANT)
  Q_PROPERTY(dendrite::NetworkSummary* network READ network CONSTANT)
  Q_PROPERTY(dendrite::TrainingSession* session READ session CONSTANT)
  Q_PROPERTY(dendrite::EmbeddingEditor* embedding READ embedding CONSTANT)
  Q_PROPERTY(dendrite::CustomInput* customInput READ customInput CONSTANT)
  Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
  Q_PROPERTY(QString busyText READ busyText NOTIFY busyChanged)
  Q_PROPERTY(bool exporting READ exporting NOTIFY exportingChanged)

 public:
  // Takes ownership of `settings`.
  explicit Workbench(SettingsModel* settings, QObject* parent = nullptr);
  ~Workbench() override;

  SettingsModel* settings() const { return settings_; }
  DatasetModel* dataset() const { return dataset_; }
  NetworkSummary* network() const { return network_; }
  TrainingSession* session() const { return session_; }
  // The embedding editor and the custom input share one private copy of the network.
  SnapshotModule* snapshotModule() const { return snapshot_; }
  EmbeddingEditor* embedding() const { return embedding_; }
  CustomInput* customInput() const { return custom_input_; }
  bool busy() const { return busy_count_ > 0; }
  QString busyText() const { return busy_text_; }
  bool exporting() const { return exporting_; }

  // Opens `model_path` (or else builds the default network) and, when the input directory
  // exists, loads it.
  void startUp(const QString& model_path = {});

  Q_INVOKABLE void openDataset(const QString& path);
  // `network`: a preset name or spec text; `impl`: module name ("" = default); seed < 0: settings.
  Q_INVOKABLE void newNetwork(const QString& network, const QString& impl = {}, qint64 seed = -1);
  Q_INVOKABLE void openModel(const QString& path);
  // Saves to `path`, or to the current model file, or to the model directory.
  Q_INVOKABLE void saveModel(const QString& path = {});
  Q_INVOKABLE QString currentModelPath() const;
  Q_INVOKABLE QString defaultModelPath() const;
  // Writes the shown reconstruction as PNG into the output directory; returns its path or "".
  Q_INVOKABLE QString exportShownOutput();
  // Reconstructs every image of the dataset into OUTPUT/reconstructions-stepN/ (background).
  Q_INVOKABLE void exportAllReconstructions();
  Q_INVOKABLE void cancelExport();

  // Spec helpers for the New Network dialog.
  Q_INVOKABLE QStringList presetNames() const;
  Q_INVOKABLE QString presetSpec(const QString& name) const;
  Q_INVOKABLE QStringList moduleNames() const;
  Q_INVOKABLE QString specError(const QString& text) const;      // "" when it parses
  Q_INVOKABLE QString describeSpec(const QString& text) const;   // "5 layers · … connections"

  // Stores the session's learning rate, batch size and optimizer as the last used values.
  void rememberLastUsed();

 signals:
  void busyChanged();
  void exportingChanged();
  void errorOccurred(const QString& title, const QString& message);
  void statusMessage(const QString& text);
  void modelSaved(const QString& path);
  void exported(const QString& path, int count);
  void exportProgress(int done, int total);

 private:
  template <typename T>
  void in_background(const QString& what, std::function<T()> work, std::function<void(const T&)> done);
  void begin_busy(const QString& what);
  void end_busy();
  void install(NetworkBundle bundle, const QString& path);
  void on_dataset_loaded(std::shared_ptr<const ImageDataset> dataset);
  void on_model_ready(std::shared_ptr<const ModelFile> model);
  void on_parameters_ready(std::uint64_t tag, std::shared_ptr<const ParameterCopy> copy);
  void apply_settings();
  void update_snapshot_policy();
  DatasetModel::LoadOptions load_options() const;
  Result<TrainingSettings> training_settings() const;

  SettingsModel* settings_;
  DatasetModel* dataset_;
  NetworkSummary* network_;
  TrainingSession* session_;
  SnapshotModule* snapshot_ = nullptr;
  EmbeddingEditor* embedding_ = nullptr;
  CustomInput* custom_input_ = nullptr;
  QThreadPool background_;
  int busy_count_ = 0;
  QString busy_text_;
  std::uint64_t network_request_ = 0;   // the newest New Network / Open Model request
  ImageShape expected_input_;           // of the network being built (datasets load at it)
  std::deque<QString> pending_saves_;   // model paths waiting for the worker's model copy
  std::uint64_t export_tag_ = 0;
  bool exporting_ = false;
  std::function<void()> cancel_export_;
};

}  // namespace dendrite
