// reconstruct: runs image files through a model's autoencoder without training; writes
// NAME-reconstruction.png (and, with --side-by-side, input and output next to each other).
#include <cstdio>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"
#include "core/image_grid.h"
#include "core/image_io.h"

namespace dendrite::cli {
namespace {

struct ReconstructOptions {
  std::string model;
  std::vector<std::string> images;
  bool side_by_side = false;
};

std::string stem_of(const std::string& path) {
  std::string name = file_name(path);
  const auto dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

int run_reconstruct(const CliSettings& cli, const ReconstructOptions& options) {
  auto settings = cli.resolve();
  if (!settings) return fail(settings.message(), 2);
  auto open = open_model(model_path_for(options.model, *settings), settings->get_string("impl"),
                         static_cast<int>(settings->get_int("threads")));
  if (!open) return fail(open.message());
  NetworkModule& module = *open->module;
  const ImageShape shape = module.spec().input().shape;
  auto images = load_images_as(options.images, shape);
  if (!images) return fail(images.message());
  const std::string output = settings->get_string("output-directory");
  if (Status s = real_file_system().create_directories(output); !s) return fail(s.message());
  std::vector<float> out(shape.size());
  for (std::size_t i = 0; i < images->size(); ++i) {
    const Image& input = (*images)[i];
    const double mse = module.evaluate(input.data(), input.data(), 1, out.data());
    Image result(shape);
    std::copy(out.begin(), out.end(), result.data());
    const Image picture = options.side_by_side ? make_image_grid({input, result}, 2, 0) : result;
    const std::string path = join_path(output, stem_of(options.images[i]) + "-reconstruction.png");
    if (Status s = save_png(path, picture); !s) return fail(s.message());
    std::printf("%s -> %s mse=%.9g\n", options.images[i].c_str(), path.c_str(), mse);
  }
  return 0;
}

}  // namespace

void add_reconstruct_command(CLI::App& app, int* exit_code) {
  auto cli = std::make_shared<CliSettings>();
  auto options = std::make_shared<ReconstructOptions>();
  CLI::App* command = app.add_subcommand("reconstruct", "run images through the autoencoder (no training)");
  cli->bind(command, {"model-directory", "output-directory", "network", "impl", "threads"});
  command->add_option("images", options->images, "image files (any size or channels)")->required();
  command->add_option("--model", options->model, "model file (default: MODEL-DIRECTORY/NETWORK.dendrite)");
  command->add_flag("--side-by-side", options->side_by_side, "write input and reconstruction side by side");
  command->callback([cli, options, exit_code] { *exit_code = run_reconstruct(*cli, *options); });
}

}  // namespace dendrite::cli
