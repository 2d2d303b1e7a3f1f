#include "app/models/file_saving.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace dendrite {

QString save_bytes_atomically(const QString& path, const std::string& bytes) {
  const QFileInfo info(path);
  if (!QDir().mkpath(info.absolutePath()))
    return QCoreApplication::translate("FileSaving", "Cannot create the folder %1.").arg(info.absolutePath());
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return QCoreApplication::translate("FileSaving", "Cannot write %1: %2").arg(path, file.errorString());
  const qint64 size = static_cast<qint64>(bytes.size());
  if (file.write(bytes.data(), size) != size) {
    const QString reason = file.errorString();
    file.cancelWriting();
    return QCoreApplication::translate("FileSaving", "Writing %1 failed: %2").arg(path, reason);
  }
  if (!file.commit())
    return QCoreApplication::translate("FileSaving", "Saving %1 failed: %2").arg(path, file.errorString());
  return {};
}

}  // namespace dendrite
