#include "app/models/custom_input.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

#include "app/models/image_conversion.h"
#include "app/models/png_export.h"
#include "app/models/settings_model.h"
#include "app/models/snapshot_module.h"
#include "core/image_io.h"

namespace dendrite {
namespace {

QString channels_text(int channels) {
  switch (channels) {
    case 1: return CustomInput::tr("gray");
    case 2: return CustomInput::tr("gray + alpha");
    case 3: return CustomInput::tr("RGB");
    case 4: return CustomInput::tr("RGBA");
    default: return CustomInput::tr("%1 channels").arg(channels);
  }
}

QString size_text(const ImageShape& s) {
  return QStringLiteral("%1×%2 %3").arg(s.width).arg(s.height).arg(channels_text(s.channels));
}

}  // namespace

CustomInput::CustomInput(SnapshotModule* module, SettingsModel* settings, QObject* parent)
    : QObject(parent), module_(module), settings_(settings) {
  connect(module_, &SnapshotModule::parametersChanged, this, [this] {
    if (original_.empty()) return;
    if (fit_.image.shape() != module_->inputShape()) {
      refit();
      emit imageChanged();
    }
    run();
  });
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<Result<Loaded>>>::finished, this, [this] {
    loading_ = false;
    emit loadingChanged();
    const auto loaded = watcher_.result();
    if (!loaded->is_ok()) {
      emit errorOccurred(tr("Cannot open the image"),
                         tr("%1 could not be used as input:\n\n%2")
                             .arg(loading_path_, QString::fromStdString(loaded->message())));
      return;  // the previous image stays
    }
    path_ = loading_path_;
    original_ = std::move((*loaded)->original);
    file_shape_ = (*loaded)->file;
    output_ = {};
    output_image_ = {};
    embedding_.clear();
    refit();
    emit imageChanged();
    emit outputChanged();
    if (!module_->ready()) emit statusMessage(tr("The image runs through the network once one is in place."));
    run();
  });
}

CustomInput::~CustomInput() { watcher_.waitForFinished(); }

QString CustomInput::fileName() const { return QFileInfo(path_).fileName(); }

bool CustomInput::looksLikeImage(const QString& path) { return has_image_extension(path.toStdString()); }

Result<CustomInput::Loaded> CustomInput::load(const QString& path) {
  DENDRITE_ASSIGN_OR_RETURN(Image image, load_image(path.toStdString()));
  Loaded loaded;
  loaded.file = image.shape();
  const int longer = std::max(image.width(), image.height());
  if (longer > kMaxKeptSide) {
    // Far more pixels than any network input: keep a smaller copy (area averaged, so the fit to
    // the network's size comes out the same to within rounding).
    const double scale = static_cast<double>(kMaxKeptSide) / longer;
    image = resize_image(image, std::max(1, static_cast<int>(std::lround(image.width() * scale))),
                         std::max(1, static_cast<int>(std::lround(image.height() * scale))));
  }
  loaded.original = std::move(image);
  return loaded;
}

void CustomInput::open(const QString& path) {
  const QFileInfo info(path);
  if (!info.isFile()) {
    emit errorOccurred(tr("Cannot open the image"), tr("%1 is not a file.").arg(path));
    return;
  }
  loading_path_ = info.absoluteFilePath();
  if (!loading_) {
    loading_ = true;
    emit loadingChanged();
  }
  const QString p = loading_path_;
  watcher_.setFuture(QtConcurrent::run([p] { return std::make_shared<Result<Loaded>>(load(p)); }));
}

void CustomInput::setFitMode(FitMode mode) {
  if (mode == mode_) return;
  mode_ = mode;
  if (original_.empty()) return;
  refit();
  emit imageChanged();
  run();
}

void CustomInput::setInverted(bool invert) {
  if (invert == invert_) return;
  invert_ = invert;
  if (original_.empty()) return;
  refit();
  emit imageChanged();
  run();
}

void CustomInput::refit() {
  const ImageShape target = module_->inputShape();
  if (original_.empty() || target.size() == 0) {
    fit_ = {};
    input_image_ = {};
    return;
  }
  fit_ = fit_image(original_, target, mode_, invert_);
  fit_.source = file_shape_;  // report the file's own size, not the kept copy's
  input_image_ = to_qimage(fit_.image);
}

QString CustomInput::conversionText() const {
  if (original_.empty()) return tr("Open an image file (or drop one on the window) to run it through the network.");
  if (fit_.image.empty()) return tr("%1: waiting for a network.").arg(size_text(file_shape_));
  const ImageShape target = fit_.image.shape();
  if (!fit_.changed()) return tr("%1, as the network expects: no conversion needed.").arg(size_text(target));
  QString text = tr("converted %1 → %2").arg(size_text(file_shape_), size_text(target));
  const bool same_aspect = static_cast<qint64>(file_shape_.width) * target.height ==
                           static_cast<qint64>(file_shape_.height) * target.width;
  if (fit_.size_changed() && !same_aspect) {
    switch (fit_.mode) {
      case FitMode::kStretch: text += tr(" (stretched)"); break;
      case FitMode::kCrop: text += tr(" (centre cropped)"); break;
      case FitMode::kPad: text += tr(" (padded with black)"); break;
    }
  }
  if (fit_.inverted) text += tr(", inverted");
  return text;
}

void CustomInput::run() {
  if (fit_.image.empty() || !module_->ready() || fit_.image.shape() != module_->inputShape()) return;
  auto input = std::make_shared<Image>(fit_.image);
  auto output = std::make_shared<Image>(module_->outputShape());
  auto embedding = std::make_shared<std::vector<float>>(module_->embeddingSize());
  const qint64 steps = module_->steps();
  module_->submit(
      SnapshotModule::kCustomInput,
      [input, output, embedding](NetworkModule& m) {
        // encode + decode is the full forward pass (tests/test_encode_decode.cpp), and hands the
        // embedding to the editor on the way.
        m.encode(input->data(), 1, embedding->data());
        m.decode(embedding->data(), 1, output->data());
      },
      [this, input, output, embedding, steps] {
        if (input->values() != fit_.image.values()) return;  // the image changed meanwhile
        output_ = std::move(*output);
        output_image_ = to_qimage(output_);
        embedding_ = std::move(*embedding);
        output_steps_ = steps;
        emit outputChanged();
      });
}

QString CustomInput::exportImages() {
  if (fit_.image.empty() || output_.empty()) {
    emit errorOccurred(tr("Nothing to export"),
                       tr("There is no custom input and reconstruction yet: open an image file first."));
    return {};
  }
  const QString stem = QStringLiteral("custom-%1").arg(QFileInfo(path_).completeBaseName());
  const QString directory = settings_->outputDirectory();
  const QString input_path = unused_file_path(directory, stem + QStringLiteral("-input"), QStringLiteral("png"));
  if (const QString error = save_png_file(input_path, fit_.image); !error.isEmpty()) {
    emit errorOccurred(tr("Cannot export the custom input"), error);
    return {};
  }
  const QString output_path =
      unused_file_path(directory, stem + QStringLiteral("-output-step%1").arg(output_steps_), QStringLiteral("png"));
  if (const QString error = save_png_file(output_path, output_); !error.isEmpty()) {
    emit errorOccurred(tr("Cannot export the reconstruction"), error);
    return {};
  }
  emit statusMessage(tr("Exported %1 and %2.").arg(input_path, QFileInfo(output_path).fileName()));
  return output_path;
}

}  // namespace dendrite
