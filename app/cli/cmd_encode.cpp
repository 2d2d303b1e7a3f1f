// encode: prints the embedding of each image (the spec's embedding layer), one line per image:
//   PATH v1 v2 … vN
#include <cstdio>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"

namespace dendrite::cli {
namespace {

struct EncodeOptions {
  std::string model;
  std::vector<std::string> images;
};

int run_encode(const CliSettings& cli, const EncodeOptions& options) {
  auto settings = cli.resolve();
  if (!settings) return fail(settings.message(), 2);
  auto open = open_model(model_path_for(options.model, *settings), settings->get_string("impl"),
                         static_cast<int>(settings->get_int("threads")));
  if (!open) return fail(open.message());
  NetworkModule& module = *open->module;
  auto images = load_images_as(options.images, module.spec().input().shape);
  if (!images) return fail(images.message());
  std::vector<float> embedding(module.topology().embedding_size());
  for (std::size_t i = 0; i < images->size(); ++i) {
    module.encode((*images)[i].data(), 1, embedding.data());
    std::printf("%s", options.images[i].c_str());
    for (float v : embedding) std::printf(" %.9g", static_cast<double>(v));
    std::printf("\n");
  }
  return 0;
}

}  // namespace

void add_encode_command(CLI::App& app, int* exit_code) {
  auto cli = std::make_shared<CliSettings>();
  auto options = std::make_shared<EncodeOptions>();
  CLI::App* command = app.add_subcommand("encode", "print the embedding of images");
  cli->bind(command, {"model-directory", "network", "impl", "threads"});
  command->add_option("images", options->images, "image files")->required();
  command->add_option("--model", options->model, "model file (default: MODEL-DIRECTORY/NETWORK.dendrite)");
  command->callback([cli, options, exit_code] { *exit_code = run_encode(*cli, *options); });
}

}  // namespace dendrite::cli
