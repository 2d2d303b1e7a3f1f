// png_export.h — engine images written as 8-bit PNG files the person asked for (decoded images,
// interpolation strips, custom inputs and their reconstructions): core's PNG writer
// (stb_image_write, values clamped to [0, 1]) and QSaveFile through save_bytes_atomically(), so a
// failed write leaves no half file.
#pragma once

#include <QString>

#include "core/image.h"

namespace dendrite {

// Returns "" on success, else a message naming the file and the reason.
QString save_png_file(const QString& path, const Image& image);

// DIRECTORY/STEM.SUFFIX, or DIRECTORY/STEM-2.SUFFIX, -3, … — the first name not taken, so a second
// export never overwrites the first.
QString unused_file_path(const QString& directory, const QString& stem, const QString& suffix);

}  // namespace dendrite
