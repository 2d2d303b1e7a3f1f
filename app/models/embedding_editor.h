// embedding_editor.h — the embedding editor's model (DESIGN.md §4; the notes: "manipulate
// embedding values then propagate decoder"): one value per neuron of the network's embedding
// layer, each with the range it takes over the dataset. Every edit decodes the values again on
// the SnapshotModule's thread (a private copy of the network, so it never races training); while
// a decode runs, only the latest edit waits.
//
// Values come from encoding (a dataset sample, the current sample, or any image of the input's
// shape), from edits (setValue; setValues, which refuses an embedding of the wrong length with a
// message and changes nothing), from randomize() (each value uniform over its slider range, from
// the project's seeded Rng) and from reset() (back to the last encoded image, else the dataset's
// mean embedding, else the middle of each range). A new network starts from the current sample
// (or, when its images come later, from the first sample shown then). Until the values are
// edited (setValue, setValues, randomize), they follow the encoded image: when the parameters
// change (training), the same image is encoded again, so the decode shows what the network makes
// of it now instead of decoding an embedding from an earlier network. reset() goes back to
// following.
//
// Ranges: per dimension the min and max of the embedding over every image of the dataset
// (core/embedding_range.h), measured on a background thread with a module of its own built from
// the parameter copy in use — for each new network or dataset, when training stops after the
// parameters moved, every 30 s while training runs, and on request. Until the first measurement
// ends a range is [0, 1] widened to the encoded value. A dimension whose values hardly differ over
// the dataset (a dead neuron) gets ±0.5 around them, so its slider still moves.
//
// Interpolation: between the encodings a and b of two dataset samples, `steps` embeddings
// (1−t)·a + t·b for t = 0, 1/(steps−1), …, 1, decoded in one batch; the first and the last are
// exactly the decodes of a and b.
//
// Export (into the output directory, PNG through QSaveFile): the decoded image, with its values
// in a text file that `dendrite-cli decode --embedding "$(cat FILE)"` accepts; and the strip of
// decoded steps side by side in one PNG.
#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <vector>

#include "core/embedding_range.h"
#include "core/image.h"
#include "core/random.h"

namespace dendrite {

class DatasetModel;
class SettingsModel;
class SnapshotModule;
struct ParameterCopy;

class EmbeddingEditor : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool ready READ ready NOTIFY readyChanged)
  Q_PROPERTY(int dimensions READ dimensions NOTIFY structureChanged)
  Q_PROPERTY(QString rangeText READ rangeText NOTIFY rangeStatusChanged)
  Q_PROPERTY(bool measuring READ measuring NOTIFY rangeStatusChanged)
  Q_PROPERTY(int interpolationFrom READ interpolationFrom NOTIFY stripChanged)
  Q_PROPERTY(int interpolationTo READ interpolationTo NOTIFY stripChanged)
  Q_PROPERTY(int interpolationSteps READ interpolationSteps NOTIFY stripChanged)

 public:
  static constexpr int kMinSteps = 2;
  static constexpr int kMaxSteps = 64;
  static constexpr int kDefaultSteps = 8;

  EmbeddingEditor(SnapshotModule* module, DatasetModel* dataset, SettingsModel* settings,
                  QObject* parent = nullptr);
  ~EmbeddingEditor() override;

  // A network is in place: values can be decoded.
  bool ready() const;
  int dimensions() const { return static_cast<int>(values_.size()); }
  ImageShape embeddingShape() const { return shape_; }
  // "(x, y)" or "(x, y, c)" of embedding neuron i in its W×H×C layer.
  QString dimensionLabel(int i) const;

  const std::vector<float>& values() const { return values_; }
  float value(int i) const;
  // The slider range of dimension i (measured, or provisional until measured).
  float minimum(int i) const;
  float maximum(int i) const;
  bool rangeMeasured() const { return measured_; }
  const EmbeddingRange& range() const { return range_; }
  QString rangeText() const;
  // Training steps of the parameters the ranges were measured with.
  qint64 rangeSteps() const { return range_steps_; }
  bool measuring() const { return range_watcher_ != nullptr; }
  double measureProgress() const { return measure_progress_; }

  // The image decoded from values() (empty until the first decode), and the steps of the
  // parameters that decoded it.
  QImage decodedImage() const { return decoded_image_; }
  const Image& decoded() const { return decoded_; }
  const std::vector<float>& decodedValues() const { return decoded_values_; }
  qint64 decodedSteps() const { return decoded_steps_; }

  // --- edits ---
  // Sets one value (any finite number; the slider range is not a limit) and decodes. False when
  // i is out of range or v is not finite.
  bool setValue(int i, double v);
  // Sets every value and decodes; "" or a message saying why nothing changed (wrong length, a
  // value that is not a finite number).
  QString setValues(const std::vector<float>& values);
  // Encodes dataset sample `index` (or an image of the input's shape) and makes its embedding
  // the values and the reset target. Encoding an image of another shape is an error message.
  void encodeSample(int index);
  QString encodeImage(const Image& image);

  // --- interpolation ---
  // Decodes `steps` embeddings from sample `from` to sample `to` (values are clamped into range).
  void setInterpolation(int from, int to, int steps);
  int interpolationFrom() const { return strip_from_; }
  int interpolationTo() const { return strip_to_; }
  int interpolationSteps() const { return strip_steps_; }
  const std::vector<Image>& strip() const { return strip_; }            // decoded steps
  const std::vector<std::vector<float>>& stripEmbeddings() const { return strip_embeddings_; }
  QList<QImage> stripImages() const { return strip_images_; }
  QImage stripSource(bool to) const { return to ? strip_to_image_ : strip_from_image_; }

  // --- export (paths written, or "" after errorOccurred) ---
  QString exportDecoded();
  QString exportStrip();

 public slots:
  void encodeCurrentImage();
  void randomize();
  void reset();
  // Measures the ranges again now (with the parameters in use).
  void measureRange();

 signals:
  void readyChanged();
  void structureChanged();  // another embedding size: every row changes
  void valuesChanged();
  void rangeChanged();        // the slider ranges changed (the status text too)
  void rangeStatusChanged();  // only rangeText() / measuring() / the progress changed
  void decodedChanged();
  void stripChanged();
  void errorOccurred(const QString& title, const QString& message);
  void statusMessage(const QString& text);

 private:
  void on_parameters_changed();
  void on_dataset_changed();
  void set_structure(const ImageShape& shape);
  void decode_values();
  void encode_input(std::shared_ptr<const Image> input);
  void run_strip();
  void maybe_measure();
  void start_measuring();
  void cancel_measuring();
  void widen_provisional(const std::vector<float>& values);
  QString dataset_problem() const;
  QString output_directory() const;

  SnapshotModule* module_;
  DatasetModel* dataset_;
  SettingsModel* settings_;

  ImageShape shape_;                      // the embedding layer's
  std::vector<float> values_;             // [embedding neuron]
  std::vector<float> encoded_;            // [embedding neuron] the reset target (may be empty)
  std::shared_ptr<const Image> encoded_input_;  // the image encoded_ came from (null: none)
  bool following_ = false;                // values_ are encoded_, re-encoded at every new copy
  std::vector<float> lower_, upper_;      // [embedding neuron] slider ranges
  bool measured_ = false;
  EmbeddingRange range_;
  std::uint64_t range_generation_ = 0;    // of the copy the range was measured with
  std::uint64_t range_version_ = 0;
  qint64 range_steps_ = 0;
  QElapsedTimer range_age_;
  bool range_stale_ = true;               // the dataset changed since the last measurement
  QString range_problem_;
  double measure_progress_ = 0;
  QFutureWatcher<std::shared_ptr<Result<EmbeddingRange>>>* range_watcher_ = nullptr;
  std::shared_ptr<std::atomic<bool>> range_cancel_;
  std::uint64_t measuring_version_ = 0;
  std::uint64_t measuring_generation_ = 0;
  QThreadPool range_pool_;
  bool remeasure_ = false;                // measure again when the running job ends

  Image decoded_;                         // [y][x][c]
  std::vector<float> decoded_values_;     // [embedding neuron] what decoded_ was decoded from
  QImage decoded_image_;
  qint64 decoded_steps_ = 0;

  bool strip_wanted_ = false;
  int strip_from_ = 0, strip_to_ = 1, strip_steps_ = kDefaultSteps;
  std::vector<Image> strip_;              // [step] decoded images
  std::vector<std::vector<float>> strip_embeddings_;  // [step][embedding neuron]
  QList<QImage> strip_images_;
  QImage strip_from_image_, strip_to_image_;
  qint64 strip_steps_trained_ = 0;

  Rng rng_{0x0e5bedd1u, RandomStream::kMisc};
};

}  // namespace dendrite
