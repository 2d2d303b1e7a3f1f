#include "app/models/workbench.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "app/models/file_saving.h"
#include "app/models/reconstruction_export.h"
#include "app/models/thread_priority.h"
#include "core/image_io.h"
#include "core/model_file.h"
#include "networks/model_io.h"
#include "networks/registry.h"

namespace dendrite {
namespace {

// A network built (or loaded) on a background thread, or why it failed.
struct Built {
  QString error;
  std::shared_ptr<NetworkBundle> bundle;
  NetworkSpec spec;
  Topology topology;
  QString module_name;
};

Built build_new(const std::string& network, const TrainingSettings& t, std::uint64_t seed,
                const std::string& impl) {
  lower_current_thread_priority();  // the executor's threads created here inherit it
  Built built;
  auto bundle = std::make_shared<NetworkBundle>();
  bundle->executor = std::make_unique<Executor>(t.threads);
  auto module = create_initialized_module(network, impl, t.module, t.init, seed, *bundle->executor);
  if (!module) {
    built.error = QString::fromStdString(module.message());
    return built;
  }
  bundle->module = std::move(*module);
  bundle->init = t.init;
  bundle->seed = seed;
  built.spec = bundle->module->spec();
  built.topology = bundle->module->topology();
  built.module_name = QString::fromLatin1(bundle->module->module_name());
  built.bundle = std::move(bundle);
  return built;
}

Built load_existing(const std::string& path, const std::string& impl, int threads) {
  lower_current_thread_priority();  // the executor's threads created here inherit it
  Built built;
  auto model = load_model(real_file_system(), path);
  if (!model) {
    built.error = QString::fromStdString(model.message());
    return built;
  }
  auto bundle = std::make_shared<NetworkBundle>();
  bundle->executor = std::make_unique<Executor>(threads);
  auto module = instantiate_model(*model, impl, *bundle->executor);
  if (!module) {
    built.error = QString::fromStdString(module.message());
    return built;
  }
  bundle->module = std::move(*module);
  bundle->init = model->init;
  bundle->seed = model->trainer.seed;
  bundle->resume = model->trainer;
  bundle->optimizer = model->optimizer;
  bundle->path = path;
  built.spec = bundle->module->spec();
  built.topology = bundle->module->topology();
  built.module_name = QString::fromLatin1(bundle->module->module_name());
  built.bundle = std::move(bundle);
  return built;
}

}  // namespace

Workbench::Workbench(SettingsModel* settings, QObject* parent)
    : QObject(parent),
      settings_(settings),
      dataset_(new DatasetModel(this)),
      network_(new NetworkSummary(this)),
      session_(nullptr) {
  settings_->setParent(this);
  background_.setMaxThreadCount(2);
  TrainerConfig config;
  if (auto t = training_settings()) config = t->trainer;
  session_ = new TrainingSession(config, this);
  if (auto t = training_settings()) session_->setThreads(t->threads);

  connect(dataset_, &DatasetModel::datasetLoaded, this, &Workbench::on_dataset_loaded);
  connect(dataset_, &DatasetModel::loadFailed, this, [this](const QString& path, const QString& message) {
    emit errorOccurred(tr("Cannot open the dataset"), tr("The images in %1 could not be used:\n\n%2").arg(path, message));
  });
  connect(dataset_, &DatasetModel::loadingChanged, this, [this] {
    dataset_->loading() ? begin_busy(tr("Loading images…")) : end_busy();
  });
  connect(dataset_, &DatasetModel::currentSampleRequested, session_, &TrainingSession::showSample);
  connect(session_, &TrainingSession::imagesChanged, this,
          [this] { dataset_->showing_sample(session_->currentSample()); });
  connect(session_, &TrainingSession::modelReady, this, &Workbench::on_model_ready);
  connect(session_, &TrainingSession::parametersReady, this, &Workbench::on_parameters_ready);
  connect(session_, &TrainingSession::message, this, &Workbench::statusMessage);
  connect(settings_, &SettingsModel::changed, this, &Workbench::apply_settings);

  snapshot_ = new SnapshotModule(session_, this);
  embedding_ = new EmbeddingEditor(snapshot_, dataset_, settings_, this);
  custom_input_ = new CustomInput(snapshot_, settings_, this);
  connect(snapshot_, &SnapshotModule::failed, this, &Workbench::statusMessage);
  connect(embedding_, &EmbeddingEditor::errorOccurred, this, &Workbench::errorOccurred);
  connect(embedding_, &EmbeddingEditor::statusMessage, this, &Workbench::statusMessage);
  connect(custom_input_, &CustomInput::errorOccurred, this, &Workbench::errorOccurred);
  connect(custom_input_, &CustomInput::statusMessage, this, &Workbench::statusMessage);
}

Workbench::~Workbench() {
  cancelExport();
  background_.waitForDone();
}

Result<TrainingSettings> Workbench::training_settings() const {
  return training_settings_from(settings_->settings());
}

void Workbench::apply_settings() {
  auto t = training_settings();
  if (!t) return;
  session_->setThreads(t->threads);
  session_->set_validation(t->trainer.validation_fraction, t->trainer.validation_interval);
  update_snapshot_policy();
}

void Workbench::update_snapshot_policy() {
  auto t = training_settings();
  if (!t || !network_->valid()) return;
  session_->set_snapshot_policy(currentModelPath(), t->snapshot_interval, t->snapshot_keep);
}

void Workbench::begin_busy(const QString& what) {
  ++busy_count_;
  busy_text_ = what;
  emit busyChanged();
}

void Workbench::end_busy() {
  busy_count_ = std::max(0, busy_count_ - 1);
  if (busy_count_ == 0) busy_text_.clear();
  emit busyChanged();
}

template <typename T>
void Workbench::in_background(const QString& what, std::function<T()> work,
                              std::function<void(const T&)> done) {
  auto* watcher = new QFutureWatcher<T>(this);
  begin_busy(what);
  connect(watcher, &QFutureWatcher<T>::finished, this, [this, watcher, done] {
    end_busy();
    done(watcher->result());
    watcher->deleteLater();
  });
  watcher->setFuture(QtConcurrent::run(&background_, std::move(work)));
}

void Workbench::startUp(const QString& model_path) {
  apply_settings();
  if (!model_path.isEmpty()) openModel(model_path);
  else newNetwork(settings_->defaultNetwork());
  const QString input = settings_->inputDirectory();
  if (QFileInfo::exists(input)) {
    openDataset(input);
  } else {
    emit statusMessage(tr("Open a folder of images (File ▸ Open Dataset Folder) to start training."));
  }
}

DatasetModel::LoadOptions Workbench::load_options() const {
  DatasetModel::LoadOptions o;
  o.wanted = network_->valid() ? network_->spec().input().shape : expected_input_;
  o.resize = settings_->settings().get_bool("resize");
  o.limit = static_cast<std::size_t>(settings_->settings().get_int("limit"));
  return o;
}

void Workbench::openDataset(const QString& path) {
  const QFileInfo info(path);
  if (!info.exists()) {
    emit errorOccurred(tr("Cannot open the dataset"), tr("%1 does not exist.").arg(path));
    return;
  }
  if (info.isDir() && !(info.isReadable() && info.isExecutable())) {
    emit errorOccurred(tr("Cannot open the dataset"), tr("The folder %1 cannot be read.").arg(path));
    return;
  }
  dataset_->open(info.absoluteFilePath(), load_options());
}

void Workbench::on_dataset_loaded(std::shared_ptr<const ImageDataset> dataset) {
  session_->set_dataset(dataset);
  const QString path = dataset_->directory();
  if (settings_->inputDirectory() != path) (void)settings_->setPreference("input-directory", path);
  const int skipped = static_cast<int>(dataset->problems().size());
  const auto loaded = static_cast<qlonglong>(dataset->size());
  emit statusMessage(skipped == 0
                         ? tr("Images loaded: %L1, from %2.").arg(loaded).arg(path)
                         : tr("Images loaded: %L1, from %2; files skipped: %L3 (Dataset ▸ Skipped Files).")
                               .arg(loaded).arg(path).arg(skipped));
  if (network_->valid() && dataset->shape() != network_->spec().input().shape) {
    emit errorOccurred(
        tr("The images do not fit the network"),
        tr("The images in %1 are %2, but the network’s input is %3.\n\nCreate a network for %2 "
           "(File ▸ New Network), open a model made for these images, or open another folder.")
            .arg(path, shape_text(dataset->shape()), shape_text(network_->spec().input().shape)));
  }
}

void Workbench::newNetwork(const QString& network, const QString& impl, qint64 seed) {
  auto t = training_settings();
  if (!t) {
    emit errorOccurred(tr("Cannot create the network"), QString::fromStdString(t.message()));
    return;
  }
  const std::string text = network.trimmed().toStdString();
  auto parsed = parse_network_spec(text, "network");
  if (!parsed) {
    emit errorOccurred(tr("Cannot create the network"),
                       tr("The network spec is not valid:\n\n%1").arg(QString::fromStdString(parsed.message())));
    return;
  }
  expected_input_ = parsed->input().shape;
  const std::uint64_t use_seed = seed >= 0 ? static_cast<std::uint64_t>(seed) : t->trainer.seed;
  const std::uint64_t request = ++network_request_;
  const TrainingSettings settings = *t;
  const std::string module = impl.isEmpty() ? settings.impl : impl.toStdString();
  in_background<std::shared_ptr<Built>>(
      tr("Building the network…"),
      [text, settings, use_seed, module] { return std::make_shared<Built>(build_new(text, settings, use_seed, module)); },
      [this, request](const std::shared_ptr<Built>& built) {
        if (request != network_request_) return;
        if (!built->error.isEmpty()) {
          emit errorOccurred(tr("Cannot create the network"), built->error);
          return;
        }
        network_->set(built->spec, built->topology, built->module_name, {});
        install(std::move(*built->bundle), {});
        emit statusMessage(tr("New network: %1.").arg(describeSpec(network_->specText())));
      });
}

void Workbench::openModel(const QString& path) {
  if (!QFileInfo(path).isFile()) {
    emit errorOccurred(tr("Cannot open the model"), tr("%1 is not a file.").arg(path));
    return;
  }
  auto t = training_settings();
  const int threads = t ? t->threads : 0;
  const std::string impl = t ? t->impl : std::string();
  const std::string p = QFileInfo(path).absoluteFilePath().toStdString();
  const std::uint64_t request = ++network_request_;
  in_background<std::shared_ptr<Built>>(
      tr("Opening the model…"),
      [p, impl, threads] { return std::make_shared<Built>(load_existing(p, impl, threads)); },
      [this, request, path = QString::fromStdString(p)](const std::shared_ptr<Built>& built) {
        if (request != network_request_) return;
        if (!built->error.isEmpty()) {
          emit errorOccurred(tr("Cannot open the model"),
                             tr("%1 could not be opened:\n\n%2").arg(path, built->error));
          return;
        }
        network_->set(built->spec, built->topology, built->module_name, path);
        install(std::move(*built->bundle), path);
        settings_->setUiValue("last-model", path);
        emit statusMessage(tr("Opened %1.").arg(path));
      });
}

void Workbench::install(NetworkBundle bundle, const QString& path) {
  Q_UNUSED(path);
  const ImageShape input = bundle.module->spec().input().shape;
  expected_input_ = input;
  session_->install_network(std::move(bundle));
  update_snapshot_policy();
  // A dataset loaded for another input (say gray for an RGB network) is loaded again to fit; if
  // it still does not fit, on_dataset_loaded() says so.
  const auto dataset = dataset_->dataset();
  if (dataset && dataset->shape() != input && !dataset_->directory().isEmpty())
    dataset_->open(dataset_->directory(), load_options());
}

QString Workbench::currentModelPath() const {
  return network_->modelPath().isEmpty() ? defaultModelPath() : network_->modelPath();
}

QString Workbench::defaultModelPath() const {
  // Named after the model file, else the preset, else "network" (as dendrite-cli does).
  QString name = QFileInfo(network_->modelPath()).completeBaseName();
  if (name.isEmpty()) name = network_->presetName();
  if (name.isEmpty()) name = QStringLiteral("network");
  return QDir(settings_->modelDirectory()).filePath(name + QStringLiteral(".dendrite"));
}

void Workbench::saveModel(const QString& path) {
  if (!network_->valid()) {
    emit errorOccurred(tr("Cannot save the model"), tr("There is no network to save yet."));
    return;
  }
  pending_saves_.push_back(path.isEmpty() ? currentModelPath() : path);
  begin_busy(tr("Saving the model…"));
  session_->requestModel();
}

void Workbench::on_model_ready(std::shared_ptr<const ModelFile> model) {
  if (pending_saves_.empty()) return;
  const QString path = pending_saves_.front();
  pending_saves_.pop_front();
  end_busy();
  in_background<QString>(
      tr("Saving the model…"), [model, path] { return save_bytes_atomically(path, serialize_model(*model)); },
      [this, path](const QString& error) {
        if (!error.isEmpty()) {
          emit errorOccurred(tr("Cannot save the model"), error);
          return;
        }
        network_->set_model_path(path);
        settings_->setUiValue("last-model", path);
        update_snapshot_policy();
        emit modelSaved(path);
        emit statusMessage(tr("Saved %1.").arg(path));
      });
}

QString Workbench::exportShownOutput() {
  const WorkerSnapshot& s = session_->snapshot();
  if (s.output.empty() || s.output.size() != s.sample_shape.size()) {
    emit errorOccurred(tr("Nothing to export"), tr("There is no output image yet: open a dataset and a network first."));
    return {};
  }
  Image image(s.sample_shape);
  std::copy(s.output.begin(), s.output.end(), image.data());
  auto png = encode_png(image);
  if (!png) {
    emit errorOccurred(tr("Cannot export the image"), QString::fromStdString(png.message()));
    return {};
  }
  QString stem = dataset_->currentSampleName();
  stem = stem.isEmpty() ? QStringLiteral("sample-%1").arg(s.current_sample) : QFileInfo(stem).completeBaseName();
  stem.replace(QLatin1Char('#'), QLatin1String("sample-"));
  const QString path = QDir(settings_->outputDirectory())
                           .filePath(QStringLiteral("%1-output-step%2.png").arg(stem).arg(s.steps));
  if (const QString error = save_bytes_atomically(path, *png); !error.isEmpty()) {
    emit errorOccurred(tr("Cannot export the image"), error);
    return {};
  }
  emit exported(path, 1);
  emit statusMessage(tr("Exported %1.").arg(path));
  return path;
}

void Workbench::exportAllReconstructions() {
  if (exporting_) return;
  if (!network_->valid() || !dataset_->loaded() || !session_->ready()) {
    emit errorOccurred(tr("Nothing to export"),
                       tr("Open a dataset and a network that fit each other before exporting reconstructions."));
    return;
  }
  exporting_ = true;
  emit exportingChanged();
  export_tag_ = session_->requestParameters();
}

void Workbench::cancelExport() {
  if (cancel_export_) cancel_export_();
}

void Workbench::on_parameters_ready(std::uint64_t tag, std::shared_ptr<const ParameterCopy> copy) {
  if (tag != export_tag_ || !exporting_) return;
  auto dataset = dataset_->dataset();
  auto t = training_settings();
  const int threads = t ? t->threads : 0;
  const QString directory =
      QDir(settings_->outputDirectory()).filePath(QStringLiteral("reconstructions-step%1").arg(copy->steps));
  auto* watcher = new QFutureWatcher<QString>(this);
  cancel_export_ = [watcher] { watcher->cancel(); };
  connect(watcher, &QFutureWatcher<QString>::progressValueChanged, this,
          [this, watcher](int done) { emit exportProgress(done, watcher->progressMaximum()); });
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, directory, dataset] {
    cancel_export_ = nullptr;
    exporting_ = false;
    emit exportingChanged();
    const bool canceled = watcher->isCanceled();
    const QString error = !canceled && watcher->future().resultCount() > 0 ? watcher->result() : QString();
    watcher->deleteLater();
    if (canceled) {
      emit statusMessage(tr("Export canceled."));
    } else if (!error.isEmpty()) {
      emit errorOccurred(tr("Cannot export the reconstructions"), error);
    } else {
      emit exported(directory, static_cast<int>(dataset->size()));
      emit statusMessage(tr("Reconstructions exported: %L1, to %2.").arg(static_cast<qlonglong>(dataset->size())).arg(directory));
    }
  });
  watcher->setFuture(QtConcurrent::run(&background_, [copy, dataset, directory, threads](QPromise<QString>& promise) {
    export_reconstructions(promise, *copy, *dataset, directory, threads);
  }));
}

QStringList Workbench::presetNames() const {
  QStringList names;
  for (const auto& [name, text] : network_presets()) names << QString::fromStdString(name);
  return names;
}

QString Workbench::presetSpec(const QString& name) const {
  return QString::fromStdString(preset_spec_text(name.toStdString()));
}

QStringList Workbench::moduleNames() const {
  QStringList names;
  for (const ModuleInfo& m : registered_modules()) names << QString::fromLatin1(m.name);
  return names;
}

QString Workbench::specError(const QString& text) const {
  auto parsed = parse_network_spec(text.trimmed().toStdString(), "spec");
  return parsed ? QString() : QString::fromStdString(parsed.message());
}

QString Workbench::describeSpec(const QString& text) const {
  auto parsed = parse_network_spec(text.trimmed().toStdString(), "spec");
  if (!parsed) return {};
  return tr("layers: %1 · neurons: %L2 · connections: %L3 · input: %4")
             .arg(parsed->layers.size())
             .arg(static_cast<qlonglong>(spec_neuron_count(*parsed)))
             .arg(static_cast<qlonglong>(spec_connection_count(*parsed)))
             .arg(shape_text(parsed->input().shape));
}

void Workbench::rememberLastUsed() {
  (void)settings_->setPreference("learning-rate", QString::number(session_->learningRate(), 'g', 6));
  (void)settings_->setPreference("batch-size", QString::number(session_->batchSize()));
  (void)settings_->setPreference("optimizer", session_->optimizer());
  settings_->sync();
}

}  // namespace dendrite
