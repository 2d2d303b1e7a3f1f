#include "app/models/png_export.h"

#include <QDir>
#include <QFileInfo>

#include "app/models/file_saving.h"
#include "core/image_io.h"

namespace dendrite {

QString save_png_file(const QString& path, const Image& image) {
  auto png = encode_png(image);
  if (!png) return QStringLiteral("%1: %2").arg(path, QString::fromStdString(png.message()));
  return save_bytes_atomically(path, *png);
}

QString unused_file_path(const QString& directory, const QString& stem, const QString& suffix) {
  const QDir dir(directory);
  QString path = dir.filePath(QStringLiteral("%1.%2").arg(stem, suffix));
  for (int n = 2; QFileInfo::exists(path); ++n) path = dir.filePath(QStringLiteral("%1-%2.%3").arg(stem).arg(n).arg(suffix));
  return path;
}

}  // namespace dendrite
