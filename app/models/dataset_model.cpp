#include "app/models/dataset_model.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "core/file_system.h"

namespace dendrite {

DatasetModel::DatasetModel(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<Result<ImageDataset>>>::finished, this, [this] {
    loading_ = false;
    emit loadingChanged();
    const auto result = watcher_.result();
    if (!result->is_ok()) {
      emit loadFailed(pending_path_, QString::fromStdString(result->message()));
      return;
    }
    set_dataset(std::make_shared<const ImageDataset>(std::move(result->value())), pending_path_);
  });
}

DatasetModel::~DatasetModel() { watcher_.waitForFinished(); }

int DatasetModel::fileCount() const {
  return dataset_ ? static_cast<int>(dataset_->stats().file_count) : 0;
}

double DatasetModel::mib() const { return dataset_ ? dataset_->stats().total_mib() : 0.0; }

QString DatasetModel::imageSize() const {
  if (!dataset_) return {};
  const ImageShape& s = dataset_->shape();
  return QStringLiteral("%1×%2×%3").arg(s.width).arg(s.height).arg(s.channels);
}

QStringList DatasetModel::problems() const {
  QStringList out;
  if (!dataset_) return out;
  for (const DatasetProblem& p : dataset_->problems())
    out << QString::fromStdString(p.describe());
  return out;
}

QString DatasetModel::currentSampleName() const {
  if (!dataset_ || current_sample_ < 0 || static_cast<std::size_t>(current_sample_) >= dataset_->size())
    return {};
  const std::string& path = dataset_->path(static_cast<std::size_t>(current_sample_));
  if (path.empty()) return tr("#%1").arg(current_sample_);
  return QFileInfo(QString::fromStdString(path)).fileName();
}

Result<ImageDataset> DatasetModel::load(const std::string& path, const LoadOptions& options) {
  FileSystem& fs = real_file_system();
  DatasetOptions o;
  o.channels = options.wanted.channels;
  o.resize = options.resize;
  o.limit = options.limit;
  const bool folder = fs.is_directory(path);
  if (options.wanted.width > 0 && (folder || options.resize)) {
    o.width = options.wanted.width;
    o.height = options.wanted.height;
  }
  Result<ImageDataset> loaded = load_dataset(fs, path, o);
  if (!loaded && folder && o.width > 0 && !options.resize) {
    // No image has the network's size: load the folder's own size, so the app can say so.
    o.width = o.height = 0;
    Result<ImageDataset> majority = load_dataset(fs, path, o);
    if (majority) return majority;
  }
  return loaded;
}

void DatasetModel::open(const QString& path, const LoadOptions& options) {
  // A newer request replaces an unfinished one: the watcher follows only the newest future, and
  // the older load finishes unseen on its pool thread (it shares nothing with this object).
  pending_path_ = path;
  if (!loading_) {
    loading_ = true;
    emit loadingChanged();
  }
  const std::string p = path.toStdString();
  watcher_.setFuture(QtConcurrent::run([p, options] {
    return std::make_shared<Result<ImageDataset>>(load(p, options));
  }));
}

void DatasetModel::set_dataset(std::shared_ptr<const ImageDataset> dataset, const QString& path) {
  dataset_ = std::move(dataset);
  directory_ = path;
  current_sample_ = 0;
  emit changed();
  emit currentSampleChanged();
  emit datasetLoaded(dataset_);
}

void DatasetModel::setCurrentSample(int index) {
  if (!dataset_ || index < 0 || static_cast<std::size_t>(index) >= dataset_->size()) return;
  emit currentSampleRequested(index);
}

void DatasetModel::showing_sample(int index) {
  if (index == current_sample_) return;
  current_sample_ = index;
  emit currentSampleChanged();
}

}  // namespace dendrite
