// dataset_model.h — the images the session trains on: where they come from, how many files and
// MiB, the image size and channels, files that were skipped, and the sample being shown.
//
// open() loads on a background thread (a folder of 60,000 PNGs takes seconds) and emits
// datasetLoaded() or loadFailed() on the GUI thread; `loading` is true meanwhile. A folder is
// loaded at the network's input size and channels when it has images of that size (other sizes
// are skipped and listed in `problems`), else at its most common size, so a mismatch shows up as
// a clear message instead of an empty dataset. An IDX file (e.g. Fashion-MNIST) keeps its size.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

#include "core/dataset.h"

namespace dendrite {

class DatasetModel : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString directory READ directory NOTIFY changed)
  Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
  Q_PROPERTY(int fileCount READ fileCount NOTIFY changed)
  Q_PROPERTY(double mib READ mib NOTIFY changed)
  Q_PROPERTY(int sampleCount READ sampleCount NOTIFY changed)
  Q_PROPERTY(int imageWidth READ imageWidth NOTIFY changed)
  Q_PROPERTY(int imageHeight READ imageHeight NOTIFY changed)
  Q_PROPERTY(int channels READ channels NOTIFY changed)
  Q_PROPERTY(QString imageSize READ imageSize NOTIFY changed)
  Q_PROPERTY(QStringList problems READ problems NOTIFY changed)
  Q_PROPERTY(int currentSample READ currentSample WRITE setCurrentSample NOTIFY currentSampleChanged)
  Q_PROPERTY(QString currentSampleName READ currentSampleName NOTIFY currentSampleChanged)

 public:
  explicit DatasetModel(QObject* parent = nullptr);
  ~DatasetModel() override;

  QString directory() const { return directory_; }
  bool loaded() const { return dataset_ != nullptr; }
  bool loading() const { return loading_; }
  int fileCount() const;
  double mib() const;
  int sampleCount() const { return dataset_ ? static_cast<int>(dataset_->size()) : 0; }
  int imageWidth() const { return dataset_ ? dataset_->shape().width : 0; }
  int imageHeight() const { return dataset_ ? dataset_->shape().height : 0; }
  int channels() const { return dataset_ ? dataset_->shape().channels : 0; }
  QString imageSize() const;
  QStringList problems() const;
  int currentSample() const { return current_sample_; }
  // The sample's file name (folders) or "#index" (IDX files).
  QString currentSampleName() const;

  std::shared_ptr<const ImageDataset> dataset() const { return dataset_; }

  struct LoadOptions {
    ImageShape wanted;   // the network's input (0s: none yet)
    bool resize = false; // resize other sizes instead of skipping them
    std::size_t limit = 0;
  };
  // Loads a folder or an IDX file in the background.
  void open(const QString& path, const LoadOptions& options);
  // Uses images already in memory (tests, the sample data of a model).
  void set_dataset(std::shared_ptr<const ImageDataset> dataset, const QString& path);
  // Blocking load, used by open() on its thread; public for tests.
  static Result<ImageDataset> load(const std::string& path, const LoadOptions& options);

 public slots:
  // Asks to show another sample; the session answers through showing_sample().
  void setCurrentSample(int index);
  // The sample the session shows now.
  void showing_sample(int index);

 signals:
  void changed();
  void loadingChanged();
  void currentSampleChanged();
  void currentSampleRequested(int index);
  void datasetLoaded(std::shared_ptr<const ImageDataset> dataset);
  void loadFailed(const QString& path, const QString& message);

 private:
  QString directory_;
  std::shared_ptr<const ImageDataset> dataset_;
  bool loading_ = false;
  int current_sample_ = 0;
  QFutureWatcher<std::shared_ptr<Result<ImageDataset>>> watcher_;
  QString pending_path_;
};

}  // namespace dendrite
