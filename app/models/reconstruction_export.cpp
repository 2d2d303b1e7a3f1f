#include "app/models/reconstruction_export.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

#include "app/models/file_saving.h"
#include "app/models/thread_priority.h"
#include "core/image_io.h"
#include "networks/model_io.h"

namespace dendrite {
namespace {

QString file_stem(const std::string& path) { return QFileInfo(QString::fromStdString(path)).completeBaseName(); }

}  // namespace

void export_reconstructions(QPromise<QString>& promise, const ParameterCopy& copy, const ImageDataset& dataset,
                            const QString& directory, int threads) {
  lower_current_thread_priority();
  const std::size_t n = dataset.size();
  promise.setProgressRange(0, static_cast<int>(n));
  Executor executor(threads);
  auto module = instantiate_copy(copy, executor);
  if (!module) {
    promise.addResult(QString::fromStdString(module.message()));
    return;
  }
  const ImageShape shape = dataset.shape();
  const std::size_t chunk = 256;
  std::vector<float> inputs, outputs;   // [sample][values]
  std::vector<std::size_t> indices;
  for (std::size_t start = 0; start < n; start += chunk) {
    if (promise.isCanceled()) return;
    const std::size_t count = std::min(chunk, n - start);
    indices.resize(count);
    for (std::size_t i = 0; i < count; ++i) indices[i] = start + i;
    inputs.resize(count * shape.size());
    outputs.resize(count * shape.size());
    dataset.assemble_batch(indices.data(), count, inputs.data());
    (*module)->evaluate(inputs.data(), inputs.data(), static_cast<int>(count), outputs.data());
    for (std::size_t i = 0; i < count; ++i) {
      Image image(shape);
      std::copy_n(outputs.data() + i * shape.size(), shape.size(), image.data());
      auto png = encode_png(image);
      if (!png) {
        promise.addResult(QString::fromStdString(png.message()));
        return;
      }
      const std::string& source = dataset.path(start + i);
      const QString name = source.empty() ? QStringLiteral("%1.png").arg(start + i, 5, 10, QLatin1Char('0'))
                                          : QStringLiteral("%1-%2.png").arg(start + i, 5, 10, QLatin1Char('0')).arg(file_stem(source));
      if (QString error = save_bytes_atomically(QDir(directory).filePath(name), *png); !error.isEmpty()) {
        promise.addResult(error);
        return;
      }
    }
    promise.setProgressValue(static_cast<int>(start + count));
  }
  promise.addResult(QString());
}

}  // namespace dendrite
