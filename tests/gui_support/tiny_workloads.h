// tiny_workloads.h — small networks and image sets for the desktop app's tests (label gui): big
// enough that the loss visibly falls, small enough that hundreds of steps take well under a second.
#pragma once

#include <QDir>
#include <QString>

#include <memory>
#include <string>

#include "core/dataset.h"
#include "core/image_io.h"
#include "core/random.h"
#include "core/training_worker.h"
#include "networks/model_io.h"

namespace dendrite::testing {

inline Image smooth_image(int size, Rng& rng) {
  Image im(size, size, 1);
  const float a = rng.uniform(0.0f, 1.0f), b = rng.uniform(0.0f, 1.0f);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      im.at(x, y, 0) = a * static_cast<float>(x) / static_cast<float>(size) + b * static_cast<float>(y) / static_cast<float>(size);
  return im;
}

// `count` size×size gray images with a gradient each (compressible into 2–3 numbers).
inline std::shared_ptr<const ImageDataset> tiny_dataset(int size = 4, std::size_t count = 64) {
  std::vector<Image> images;
  Rng rng(42, RandomStream::kMisc);
  for (std::size_t i = 0; i < count; ++i) images.push_back(smooth_image(size, rng));
  return std::make_shared<const ImageDataset>(ImageDataset::from_images(images, {size, size, 1}, "tiny"));
}

// Writes the same kind of images as PNG files into `directory`; returns false on failure.
inline bool write_tiny_png_folder(const QString& directory, int size, int count) {
  if (!QDir().mkpath(directory)) return false;
  Rng rng(7, RandomStream::kMisc);
  for (int i = 0; i < count; ++i) {
    const QString path = QDir(directory).filePath(QStringLiteral("img%1.png").arg(i, 3, 10, QLatin1Char('0')));
    if (!save_png(path.toStdString(), smooth_image(size, rng))) return false;
  }
  return true;
}

inline std::string tiny_spec(int size = 4) {
  return "input " + std::to_string(size) + "x" + std::to_string(size) + "x1 | dense 3x1x1 | dense " +
         std::to_string(size) + "x" + std::to_string(size) + "x1 linear";
}

inline NetworkBundle tiny_bundle(int size = 4, std::uint64_t seed = 1, int threads = 1) {
  NetworkBundle b;
  b.executor = std::make_unique<Executor>(threads);
  auto module = create_initialized_module(tiny_spec(size), "layer", ModuleOptions{}, InitOptions{}, seed, *b.executor);
  if (!module) qFatal("cannot build the tiny network: %s", module.message().c_str());
  b.module = std::move(*module);
  b.seed = seed;
  return b;
}

}  // namespace dendrite::testing
