// reconstruction_export.h — File ▸ Export All Reconstructions, as a background job: builds its
// own module from a parameter copy (so it never races the training thread), runs every image of
// the dataset through the autoencoder in chunks of 256 without training, and writes each output
// as an 8-bit PNG (stb_image_write) with QSaveFile: DIRECTORY/NNNNN-STEM.png (folders) or
// NNNNN.png (IDX files).
//
// Progress goes to the promise (0 … dataset size); cancelling the promise stops between chunks.
// The one result is "" on success or a message naming what failed.
#pragma once

#include <QPromise>
#include <QString>

#include "core/dataset.h"
#include "core/training_worker.h"

namespace dendrite {

void export_reconstructions(QPromise<QString>& promise, const ParameterCopy& copy, const ImageDataset& dataset,
                            const QString& directory, int threads);

}  // namespace dendrite
