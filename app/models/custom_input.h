// custom_input.h — the notes' "set custom input image then run autoencoder (without applying
// training)": any image file, brought to the network's input size and channels
// (core/image_fitting.h), run through the autoencoder on the SnapshotModule's private copy of the
// network (so no training step sees it), with the reconstruction and the embedding it encodes to.
//
//   CustomInput custom(module, settings);
//   custom.open("/photos/shirt.jpg");   // loads on a background thread
//   // imageChanged(): conversionText() == "converted 512×340 RGB → 28×28 gray"
//   // outputChanged(): outputImage() is the reconstruction
//   custom.exportImages();              // OUTPUT/custom-shirt-input.png, …-output-stepN.png
//
// A file that cannot be read or decoded (or is over the image budget) is errorOccurred(title,
// message naming the file and the reason), and nothing changes: the previous image stays. The
// file's pixels are kept (shrunk to at most 2048 pixels on the longer side) so that another fit
// mode, inversion or network input is applied to them again without reading the file. A new
// network or newer parameters run the image through again.
#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

#include "core/image.h"
#include "core/image_fitting.h"
#include "core/status.h"

namespace dendrite {

class SettingsModel;
class SnapshotModule;

class CustomInput : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool hasImage READ hasImage NOTIFY imageChanged)
  Q_PROPERTY(QString fileName READ fileName NOTIFY imageChanged)
  Q_PROPERTY(QString conversionText READ conversionText NOTIFY imageChanged)
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)

 public:
  CustomInput(SnapshotModule* module, SettingsModel* settings, QObject* parent = nullptr);
  ~CustomInput() override;

  bool hasImage() const { return !original_.empty(); }
  QString path() const { return path_; }
  QString fileName() const;
  bool loading() const { return loading_; }
  // What the conversion did, e.g. "converted 512×340 RGB → 28×28 gray (centre cropped)".
  QString conversionText() const;
  FitMode fitMode() const { return mode_; }
  bool inverted() const { return invert_; }

  // The image as the network sees it, its reconstruction (empty until the network ran), and the
  // embedding it encodes to ([embedding neuron]).
  QImage inputImage() const { return input_image_; }
  QImage outputImage() const { return output_image_; }
  const Image& input() const { return fit_.image; }
  const Image& output() const { return output_; }
  const std::vector<float>& embedding() const { return embedding_; }
  qint64 outputSteps() const { return output_steps_; }

  // True for file names the app offers to open as custom input (by extension).
  static bool looksLikeImage(const QString& path);
  // Blocking load and fit (open() runs it on a background thread; public for tests).
  struct Loaded {
    Image original;    // shrunk to ≤ kMaxKeptSide on the longer side
    ImageShape file;   // the file's own size and channels
  };
  static Result<Loaded> load(const QString& path);
  static constexpr int kMaxKeptSide = 2048;

 public slots:
  void open(const QString& path);
  void setFitMode(dendrite::FitMode mode);
  void setInverted(bool invert);
  // Writes the input as the network saw it and its reconstruction as PNG into the output
  // directory; returns the reconstruction's path, or "" after errorOccurred.
  QString exportImages();

 signals:
  void imageChanged();
  void outputChanged();
  void loadingChanged();
  void errorOccurred(const QString& title, const QString& message);
  void statusMessage(const QString& text);

 private:
  void refit();
  void run();

  SnapshotModule* module_;
  SettingsModel* settings_;
  QString path_;
  Image original_;            // [y][x][c] as read (shrunk when very large)
  ImageShape file_shape_;
  FitMode mode_ = FitMode::kStretch;
  bool invert_ = false;
  ImageFit fit_;
  QImage input_image_;
  Image output_;              // [y][x][c]
  QImage output_image_;
  std::vector<float> embedding_;  // [embedding neuron]
  qint64 output_steps_ = 0;
  bool loading_ = false;
  QFutureWatcher<std::shared_ptr<Result<Loaded>>> watcher_;
  QString loading_path_;
};

}  // namespace dendrite
