// file_saving.h — how the app writes files the person asked for (models, exported PNGs).
//
// QSaveFile (DESIGN.md §2: "QSaveFile in the GUI"): the bytes go to a temporary file in the target
// directory, which is flushed to disk and renamed over the target only when every byte was
// written, so a full disk or a crash leaves the previous file intact. The directory is created
// when missing. The one exception is the worker's periodic snapshot, which runs on the Qt-free
// training thread and uses core's write_snapshot() (same temp-file-and-rename scheme, plus a
// directory fsync), because core code may not use Qt.
#pragma once

#include <QString>

#include <string>

namespace dendrite {

// Returns an empty string on success, else a message naming the file and the reason.
QString save_bytes_atomically(const QString& path, const std::string& bytes);

}  // namespace dendrite
