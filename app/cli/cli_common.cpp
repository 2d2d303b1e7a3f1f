#include "app/cli/cli_common.h"

#include <cstdio>
#include <iostream>

#include "core/image_io.h"
#include "networks/model_io.h"

namespace dendrite::cli {

Result<OpenModel> open_model(const std::string& path, const std::string& impl, int threads) {
  OpenModel open;
  DENDRITE_ASSIGN_OR_RETURN(open.model, load_model(real_file_system(), path));
  open.executor = std::make_unique<Executor>(threads);
  DENDRITE_ASSIGN_OR_RETURN(open.module, instantiate_model(open.model, impl, *open.executor));
  return open;
}

std::string model_path_for(const std::string& model_flag, const Settings& settings) {
  if (!model_flag.empty()) return model_flag;
  const std::string network = settings.get_string("network");
  const bool preset = !preset_spec_text(network).empty();
  return join_path(settings.get_string("model-directory"), (preset ? network : "network") + ".dendrite");
}

Result<ImageDataset> load_input_dataset(const std::string& input, const ImageShape& shape,
                                        const Settings& settings, bool quiet) {
  DatasetOptions options;
  options.width = shape.width;
  options.height = shape.height;
  options.channels = shape.channels;
  options.resize = settings.get_bool("resize");
  options.limit = static_cast<std::size_t>(settings.get_int("limit"));
  DENDRITE_ASSIGN_OR_RETURN(ImageDataset dataset, load_dataset(real_file_system(), input, options));
  if (!quiet) {
    for (const DatasetProblem& p : dataset.problems())
      std::cerr << "skipped: " << p.describe() << "\n";
    std::fprintf(stderr, "loaded %zu images of %dx%dx%d from %s (%.2f MiB on disk)\n", dataset.size(),
                 shape.width, shape.height, shape.channels, input.c_str(), dataset.stats().total_mib());
  }
  return dataset;
}

Result<std::vector<Image>> load_images_as(const std::vector<std::string>& paths,
                                          const ImageShape& shape) {
  std::vector<Image> images;
  for (const std::string& path : paths) {
    DENDRITE_ASSIGN_OR_RETURN(Image image, load_image(path));
    std::string changes;
    if (image.channels() != shape.channels) {
      changes += str_cat(" channels ", image.channels(), "→", shape.channels);
      image = convert_channels(image, shape.channels);
    }
    if (image.width() != shape.width || image.height() != shape.height) {
      changes += str_cat(" size ", image.width(), "x", image.height(), "→", shape.width, "x", shape.height);
      image = resize_image(image, shape.width, shape.height);
    }
    if (!changes.empty()) std::cerr << "converted " << path << ":" << changes << "\n";
    images.push_back(std::move(image));
  }
  return images;
}

int fail(const std::string& message, int code) {
  std::cerr << "error: " << message << "\n";
  return code;
}

}  // namespace dendrite::cli
