#include "app/models/embedding_editor.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "app/models/dataset_model.h"
#include "app/models/file_saving.h"
#include "app/models/image_conversion.h"
#include "app/models/network_summary.h"
#include "app/models/png_export.h"
#include "app/models/settings_model.h"
#include "app/models/snapshot_module.h"
#include "app/models/thread_priority.h"
#include "networks/model_io.h"

namespace dendrite {
namespace {

using RangeOutcome = std::shared_ptr<Result<EmbeddingRange>>;

constexpr qint64 kRemeasureWhileTrainingMs = 30000;
constexpr std::size_t kIntMax = static_cast<std::size_t>(std::numeric_limits<int>::max());

// Spread below which a dimension counts as constant over the dataset.
bool hardly_varies(float lo, float hi) {
  const float scale = std::max({1.0f, std::fabs(lo), std::fabs(hi)});
  return hi - lo < 1e-6f * scale;
}

}  // namespace

EmbeddingEditor::EmbeddingEditor(SnapshotModule* module, DatasetModel* dataset, SettingsModel* settings,
                                 QObject* parent)
    : QObject(parent), module_(module), dataset_(dataset), settings_(settings) {
  range_pool_.setMaxThreadCount(1);
  connect(module_, &SnapshotModule::parametersChanged, this, &EmbeddingEditor::on_parameters_changed);
  connect(dataset_, &DatasetModel::changed, this, &EmbeddingEditor::on_dataset_changed);
  if (module_->ready()) on_parameters_changed();
}

EmbeddingEditor::~EmbeddingEditor() {
  cancel_measuring();
  range_pool_.waitForDone();
}

bool EmbeddingEditor::ready() const { return module_->ready() && !values_.empty(); }

QString EmbeddingEditor::dimensionLabel(int i) const {
  if (i < 0 || i >= dimensions() || shape_.channels <= 0 || shape_.width <= 0) return {};
  const int c = i % shape_.channels;
  const int pixel = i / shape_.channels;
  const int x = pixel % shape_.width, y = pixel / shape_.width;
  return shape_.channels == 1 ? QStringLiteral("(%1, %2)").arg(x).arg(y)
                              : QStringLiteral("(%1, %2, %3)").arg(x).arg(y).arg(c);
}

float EmbeddingEditor::value(int i) const {
  return i >= 0 && i < dimensions() ? values_[static_cast<std::size_t>(i)] : 0.0f;
}
float EmbeddingEditor::minimum(int i) const {
  return i >= 0 && i < dimensions() ? lower_[static_cast<std::size_t>(i)] : 0.0f;
}
float EmbeddingEditor::maximum(int i) const {
  return i >= 0 && i < dimensions() ? upper_[static_cast<std::size_t>(i)] : 1.0f;
}

QString EmbeddingEditor::rangeText() const {
  if (measuring())
    return measured_ ? tr("Measuring the ranges again… %1 %").arg(qRound(measure_progress_ * 100))
                     : tr("Measuring the ranges over the dataset… %1 %").arg(qRound(measure_progress_ * 100));
  if (!range_problem_.isEmpty()) return range_problem_;
  if (!measured_) return tr("Ranges: not measured yet (open a dataset that fits the network).");
  return tr("Ranges over %L1 images, measured at step %L2.")
      .arg(static_cast<qlonglong>(range_.samples))
      .arg(range_steps_);
}

// --- parameters, network and dataset changes ---

void EmbeddingEditor::on_parameters_changed() {
  const bool was_ready = ready();
  const ImageShape shape = module_->embeddingShape();
  if (shape != shape_ || values_.size() != shape.size()) {
    set_structure(shape);
    if (dataset_problem().isEmpty()) encodeCurrentImage();
  } else if (following_ && encoded_input_) {
    encode_input(encoded_input_);  // decodes too
  } else {
    decode_values();
  }
  if (strip_wanted_) run_strip();
  maybe_measure();
  if (was_ready != ready()) emit readyChanged();
}

void EmbeddingEditor::set_structure(const ImageShape& shape) {
  cancel_measuring();
  shape_ = shape;
  values_.assign(shape.size(), 0.0f);
  encoded_.clear();
  encoded_input_.reset();
  following_ = false;
  lower_.assign(shape.size(), 0.0f);
  upper_.assign(shape.size(), 1.0f);
  measured_ = false;
  range_ = {};
  range_problem_.clear();
  decoded_ = {};
  decoded_values_.clear();
  decoded_image_ = {};
  strip_.clear();
  strip_embeddings_.clear();
  strip_images_.clear();
  emit structureChanged();
  emit rangeChanged();
  emit valuesChanged();
  emit decodedChanged();
  emit stripChanged();
  decode_values();
}

void EmbeddingEditor::on_dataset_changed() {
  range_stale_ = true;
  cancel_measuring();
  if (!module_->ready()) return;
  // The network came before its images (as at start-up): begin from the sample shown.
  if (encoded_.empty() && dataset_problem().isEmpty()) encodeCurrentImage();
  if (strip_wanted_) run_strip();
  maybe_measure();
}

QString EmbeddingEditor::dataset_problem() const {
  const auto data = dataset_->dataset();
  if (!data || data->size() == 0) return tr("Open a dataset to measure the ranges and to encode its images.");
  if (data->shape() != module_->inputShape())
    return tr("The dataset’s images (%1) do not fit the network’s input (%2).")
        .arg(shape_text(data->shape()), shape_text(module_->inputShape()));
  return {};
}

QString EmbeddingEditor::output_directory() const { return settings_->outputDirectory(); }

// --- edits ---

bool EmbeddingEditor::setValue(int i, double v) {
  if (i < 0 || i >= dimensions() || !std::isfinite(v)) return false;
  const auto f = static_cast<float>(v);
  if (values_[static_cast<std::size_t>(i)] == f) return true;
  values_[static_cast<std::size_t>(i)] = f;
  following_ = false;
  emit valuesChanged();
  decode_values();
  return true;
}

QString EmbeddingEditor::setValues(const std::vector<float>& values) {
  if (values.size() != values_.size()) {
    const auto copy = module_->parameters();
    const auto e = static_cast<std::size_t>(copy ? copy->spec.embedding_layer : 0);
    const QString layer = copy ? layer_title(copy->spec.layer_label(e), e) : tr("none");
    return tr("The embedding has %L1 values, but this network’s embedding layer ‘%2’ (%3) has %L4; "
              "nothing was changed.")
        .arg(static_cast<qlonglong>(values.size()))
        .arg(layer, shape_text(shape_))
        .arg(static_cast<qlonglong>(values_.size()));
  }
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return tr("Embedding value %L1 is %2, not a finite number; nothing was changed.")
          .arg(static_cast<qlonglong>(i)).arg(static_cast<double>(values[i]));
  values_ = values;
  following_ = false;
  emit valuesChanged();
  decode_values();
  return {};
}

void EmbeddingEditor::widen_provisional(const std::vector<float>& values) {
  if (measured_) return;
  for (std::size_t d = 0; d < values.size() && d < lower_.size(); ++d) {
    lower_[d] = std::min(lower_[d], values[d]);
    upper_[d] = std::max(upper_[d], values[d]);
  }
  emit rangeChanged();
}

void EmbeddingEditor::encodeCurrentImage() { encodeSample(dataset_->currentSample()); }

void EmbeddingEditor::encodeSample(int index) {
  if (const QString problem = dataset_problem(); !problem.isEmpty()) {
    emit statusMessage(problem);
    return;
  }
  const auto data = dataset_->dataset();
  if (index < 0 || static_cast<std::size_t>(index) >= data->size()) {
    emit statusMessage(tr("Sample %L1 does not exist.").arg(index));
    return;
  }
  (void)encodeImage(data->image(static_cast<std::size_t>(index)));
}

QString EmbeddingEditor::encodeImage(const Image& image) {
  if (!module_->ready()) return tr("There is no network to encode with yet.");
  if (image.shape() != module_->inputShape())
    return tr("The image is %1, but the network’s input is %2.")
        .arg(shape_text(image.shape()), shape_text(module_->inputShape()));
  encode_input(std::make_shared<const Image>(image));
  return {};
}

void EmbeddingEditor::encode_input(std::shared_ptr<const Image> input) {
  auto result = std::make_shared<std::vector<float>>(values_.size());
  module_->submit(
      SnapshotModule::kEditorEncode, [input, result](NetworkModule& m) { m.encode(input->data(), 1, result->data()); },
      [this, input, result] {
        if (result->size() != values_.size()) return;
        encoded_ = *result;
        encoded_input_ = input;
        values_ = *result;
        following_ = true;
        widen_provisional(values_);
        emit valuesChanged();
        decode_values();
      });
}

void EmbeddingEditor::randomize() {
  if (values_.empty()) return;
  for (std::size_t d = 0; d < values_.size(); ++d) values_[d] = rng_.uniform(lower_[d], upper_[d]);
  following_ = false;
  emit valuesChanged();
  decode_values();
}

void EmbeddingEditor::reset() {
  if (values_.empty()) return;
  if (encoded_.size() == values_.size()) {
    values_ = encoded_;
    following_ = encoded_input_ != nullptr;
  } else if (measured_ && range_.mean.size() == values_.size()) {
    values_ = range_.mean;
  } else {
    for (std::size_t d = 0; d < values_.size(); ++d) values_[d] = 0.5f * (lower_[d] + upper_[d]);
  }
  emit valuesChanged();
  decode_values();
}

void EmbeddingEditor::decode_values() {
  if (!module_->ready() || values_.empty()) return;
  auto embedding = std::make_shared<std::vector<float>>(values_);
  auto image = std::make_shared<Image>(module_->outputShape());
  const qint64 steps = module_->steps();
  module_->submit(
      SnapshotModule::kEditorDecode,
      [embedding, image](NetworkModule& m) { m.decode(embedding->data(), 1, image->data()); },
      [this, embedding, image, steps] {
        decoded_ = std::move(*image);
        decoded_values_ = std::move(*embedding);
        decoded_image_ = to_qimage(decoded_);
        decoded_steps_ = steps;
        emit decodedChanged();
      });
}

// --- interpolation ---

void EmbeddingEditor::setInterpolation(int from, int to, int steps) {
  strip_wanted_ = true;
  strip_from_ = std::max(0, from);
  strip_to_ = std::max(0, to);
  strip_steps_ = std::clamp(steps, kMinSteps, kMaxSteps);
  emit stripChanged();
  run_strip();
}

void EmbeddingEditor::run_strip() {
  if (!module_->ready() || !dataset_problem().isEmpty()) return;
  const auto data = dataset_->dataset();
  const std::size_t last = data->size() - 1;
  const std::size_t a = std::min<std::size_t>(static_cast<std::size_t>(strip_from_), last);
  const std::size_t b = std::min<std::size_t>(static_cast<std::size_t>(strip_to_), last);
  strip_from_ = static_cast<int>(a);
  strip_to_ = static_cast<int>(b);
  const int steps = strip_steps_;
  const std::size_t dims = values_.size();
  const ImageShape out_shape = module_->outputShape();
  struct Strip {
    std::vector<std::vector<float>> embeddings;  // [step][embedding neuron]
    std::vector<Image> images;                   // [step]
  };
  auto strip = std::make_shared<Strip>();
  const qint64 trained = module_->steps();
  module_->submit(
      SnapshotModule::kEditorStrip,
      [data, a, b, steps, dims, out_shape, strip](NetworkModule& m) {
        const std::size_t pair[2] = {a, b};
        std::vector<float> inputs(2 * data->sample_size());  // [endpoint][input neuron]
        data->assemble_batch(pair, 2, inputs.data());
        std::vector<float> ends(2 * dims);  // [endpoint][embedding neuron]
        m.encode(inputs.data(), 2, ends.data());
        std::vector<float> batch(static_cast<std::size_t>(steps) * dims);  // [step][embedding neuron]
        for (int s = 0; s < steps; ++s) {
          const float t = static_cast<float>(s) / static_cast<float>(steps - 1);
          std::vector<float> e(dims);
          for (std::size_t d = 0; d < dims; ++d) e[d] = (1.0f - t) * ends[d] + t * ends[dims + d];
          std::copy(e.begin(), e.end(), batch.begin() + static_cast<std::ptrdiff_t>(s * dims));
          strip->embeddings.push_back(std::move(e));
        }
        std::vector<float> outputs(static_cast<std::size_t>(steps) * out_shape.size());  // [step][output neuron]
        m.decode(batch.data(), steps, outputs.data());
        for (int s = 0; s < steps; ++s) {
          Image im(out_shape);
          std::copy_n(outputs.data() + static_cast<std::size_t>(s) * out_shape.size(), out_shape.size(), im.data());
          strip->images.push_back(std::move(im));
        }
      },
      [this, strip, data, a, b, trained] {
        strip_ = std::move(strip->images);
        strip_embeddings_ = std::move(strip->embeddings);
        strip_images_.clear();
        for (const Image& im : strip_) strip_images_ << to_qimage(im);
        strip_from_image_ = to_qimage(data->image(a));
        strip_to_image_ = to_qimage(data->image(b));
        strip_steps_trained_ = trained;
        emit stripChanged();
      });
}

// --- ranges ---

void EmbeddingEditor::maybe_measure() {
  const auto copy = module_->parameters();
  if (!copy) return;
  const QString problem = dataset_problem();
  if (!problem.isEmpty()) {
    if (range_problem_ != problem) {
      range_problem_ = problem;
      emit rangeStatusChanged();
    }
    return;
  }
  if (!range_problem_.isEmpty()) {
    range_problem_.clear();
    emit rangeStatusChanged();
  }
  const bool other_network = !measured_ || range_generation_ != copy->generation || range_stale_;
  const bool moved = range_version_ != copy->parameter_version;
  if (measuring()) {
    // A measurement of parameters already replaced is done again when it ends — at once for
    // another network, and while training runs only after kRemeasureWhileTrainingMs.
    if (measuring_generation_ != copy->generation ||
        (!module_->trainingRunning() && measuring_version_ != copy->parameter_version))
      remeasure_ = true;
    return;
  }
  if (other_network) {
    start_measuring();
  } else if (moved) {
    if (!module_->trainingRunning() || range_age_.elapsed() >= kRemeasureWhileTrainingMs) start_measuring();
  }
}

void EmbeddingEditor::measureRange() {
  if (!module_->parameters()) return;
  if (const QString problem = dataset_problem(); !problem.isEmpty()) {
    emit statusMessage(problem);
    return;
  }
  if (measuring()) {
    remeasure_ = true;
    return;
  }
  start_measuring();
}

void EmbeddingEditor::start_measuring() {
  const auto copy = module_->parameters();
  const auto data = dataset_->dataset();
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  range_cancel_ = cancel;
  range_stale_ = false;
  remeasure_ = false;
  measuring_version_ = copy->parameter_version;
  measuring_generation_ = copy->generation;
  measure_progress_ = 0;
  auto* watcher = new QFutureWatcher<RangeOutcome>(this);
  range_watcher_ = watcher;
  connect(watcher, &QFutureWatcher<RangeOutcome>::progressValueChanged, this, [this, watcher](int done) {
    if (watcher != range_watcher_ || watcher->progressMaximum() <= 0) return;
    measure_progress_ = static_cast<double>(done) / watcher->progressMaximum();
    emit rangeStatusChanged();
  });
  connect(watcher, &QFutureWatcher<RangeOutcome>::finished, this, [this, watcher, copy] {
    watcher->deleteLater();
    if (watcher != range_watcher_) return;  // cancelled and replaced
    range_watcher_ = nullptr;
    range_cancel_.reset();
    const RangeOutcome outcome = watcher->future().resultCount() > 0 ? watcher->result() : nullptr;
    if (outcome && outcome->is_ok() && (*outcome)->size() == values_.size()) {
      range_ = std::move(**outcome);
      measured_ = true;
      range_generation_ = copy->generation;
      range_version_ = copy->parameter_version;
      range_steps_ = static_cast<qint64>(copy->steps);
      range_age_.start();
      range_problem_.clear();
      for (std::size_t d = 0; d < values_.size(); ++d) {
        float lo = range_.minimum[d], hi = range_.maximum[d];
        if (hardly_varies(lo, hi)) {
          lo -= 0.5f;
          hi += 0.5f;
        }
        lower_[d] = lo;
        upper_[d] = hi;
      }
    } else if (outcome && !outcome->is_ok() && outcome->message() != "canceled") {
      range_problem_ = tr("The ranges could not be measured: %1").arg(QString::fromStdString(outcome->message()));
    }
    emit rangeChanged();
    if (std::exchange(remeasure_, false) && module_->parameters() && dataset_problem().isEmpty()) start_measuring();
    else maybe_measure();
  });
  watcher->setFuture(QtConcurrent::run(&range_pool_, [copy, data, cancel](QPromise<RangeOutcome>& promise) {
    lower_current_thread_priority();  // below the GUI, like training; idle cores do the work
    Executor executor(0);
    auto module = instantiate_copy(*copy, executor);
    if (!module) {
      promise.addResult(std::make_shared<Result<EmbeddingRange>>(Error{module.message()}));
      return;
    }
    promise.setProgressRange(0, static_cast<int>(std::min<std::size_t>(data->size(), kIntMax)));
    auto range = measure_embedding_range(**module, *data, 256, [&](std::size_t done, std::size_t) {
      promise.setProgressValue(static_cast<int>(std::min<std::size_t>(done, kIntMax)));
      return !cancel->load() && !promise.isCanceled();
    });
    promise.addResult(std::make_shared<Result<EmbeddingRange>>(std::move(range)));
  }));
  emit rangeStatusChanged();
}

void EmbeddingEditor::cancel_measuring() {
  if (range_cancel_) range_cancel_->store(true);
  range_cancel_.reset();
  if (range_watcher_) {
    range_watcher_ = nullptr;  // its finished() is ignored; it deletes itself
    emit rangeStatusChanged();
  }
}

// --- export ---

QString EmbeddingEditor::exportDecoded() {
  if (decoded_.empty()) {
    emit errorOccurred(tr("Nothing to export"), tr("There is no decoded image yet: create or open a network first."));
    return {};
  }
  const QString path = unused_file_path(output_directory(), QStringLiteral("decoded-step%1").arg(decoded_steps_),
                                        QStringLiteral("png"));
  if (const QString error = save_png_file(path, decoded_); !error.isEmpty()) {
    emit errorOccurred(tr("Cannot export the decoded image"), error);
    return {};
  }
  // The values beside the image, so `dendrite-cli decode --embedding "$(cat FILE)"` remakes it.
  QStringList numbers;
  for (float v : decoded_values_) numbers << QString::number(static_cast<double>(v), 'g', 9);
  QString text_path = path;
  text_path.replace(text_path.size() - 4, 4, QStringLiteral("-embedding.txt"));
  if (const QString error = save_bytes_atomically(text_path, (numbers.join(',') + '\n').toStdString()); !error.isEmpty()) {
    emit errorOccurred(tr("Cannot export the embedding values"), error);
    return {};
  }
  emit statusMessage(tr("Exported %1 (values in %2).").arg(path, QFileInfo(text_path).fileName()));
  return path;
}

QString EmbeddingEditor::exportStrip() {
  if (strip_.empty()) {
    emit errorOccurred(tr("Nothing to export"), tr("There is no interpolation strip yet: choose two images first."));
    return {};
  }
  const ImageShape one = strip_.front().shape();
  Image row(one.width * static_cast<int>(strip_.size()), one.height, one.channels);  // steps side by side
  for (std::size_t s = 0; s < strip_.size(); ++s)
    for (int y = 0; y < one.height; ++y)
      std::copy_n(strip_[s].data() + one.index(0, y, 0), static_cast<std::size_t>(one.width) * one.channels,
                  row.data() + row.shape().index(static_cast<int>(s) * one.width, y, 0));
  const QString path = unused_file_path(
      output_directory(),
      QStringLiteral("interpolation-%1-to-%2-step%3").arg(strip_from_).arg(strip_to_).arg(strip_steps_trained_),
      QStringLiteral("png"));
  if (const QString error = save_png_file(path, row); !error.isEmpty()) {
    emit errorOccurred(tr("Cannot export the interpolation"), error);
    return {};
  }
  emit statusMessage(tr("Exported %1.").arg(path));
  return path;
}

}  // namespace dendrite
