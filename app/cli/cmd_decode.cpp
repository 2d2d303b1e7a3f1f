// decode: an embedding (values separated by commas or spaces, as `encode` prints them) → PNG.
//   dendrite-cli decode --model m.dendrite --embedding "0.1,0.5,…" [--file out.png]
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"
#include "core/image_io.h"

namespace dendrite::cli {
namespace {

struct DecodeOptions {
  std::string model;
  std::string embedding;
  std::string file;
};

Result<std::vector<float>> parse_values(const std::string& text) {
  std::string spaced = text;
  for (char& ch : spaced)
    if (ch == ',') ch = ' ';
  std::istringstream in(spaced);
  std::vector<float> values;
  std::string token;
  while (in >> token) {
    char* end = nullptr;
    errno = 0;
    const float v = std::strtof(token.c_str(), &end);
    if (end != token.c_str() + token.size()) {
      // `encode` prints the image's file name before its values; a pasted whole line lands here.
      const char* hint = values.empty() ? " (encode prints the image's file name first: pass only the numbers after it)" : "";
      return Error{str_cat("embedding value ", values.size() + 1, " ('", token, "') is not a number", hint)};
    }
    // nan, inf and overflowing values would decode to an image of garbage without a word.
    if (!std::isfinite(v) || errno == ERANGE)
      return Error{str_cat("embedding value ", values.size() + 1, " ('", token, "') is not a finite number within float range")};
    values.push_back(v);
  }
  return values;
}

int run_decode(const CliSettings& cli, const DecodeOptions& options) {
  auto settings = cli.resolve();
  if (!settings) return fail(settings.message(), 2);
  auto open = open_model(model_path_for(options.model, *settings), settings->get_string("impl"),
                         static_cast<int>(settings->get_int("threads")));
  if (!open) return fail(open.message());
  NetworkModule& module = *open->module;
  auto values = parse_values(options.embedding);
  if (!values) return fail(values.message(), 2);
  const std::size_t expected = module.topology().embedding_size();
  if (values->size() != expected) {
    const ImageShape e = module.spec().layers[static_cast<std::size_t>(module.spec().embedding_layer)].shape;
    return fail(str_cat("the embedding has ", values->size(), " values but this model's embedding layer '",
                        module.topology().layers[static_cast<std::size_t>(module.spec().embedding_layer)].label,
                        "' (", e.width, "x", e.height, "x", e.channels, ") has ", expected), 2);
  }
  const ImageShape shape = module.spec().output().shape;
  Image out(shape);
  module.decode(values->data(), 1, out.data());
  std::string path = options.file;
  if (path.empty()) {
    const std::string output = settings->get_string("output-directory");
    if (Status s = real_file_system().create_directories(output); !s) return fail(s.message());
    path = join_path(output, "decoded.png");
  }
  if (Status s = save_png(path, out); !s) return fail(s.message());
  std::printf("wrote %s\n", path.c_str());
  return 0;
}

}  // namespace

void add_decode_command(CLI::App& app, int* exit_code) {
  auto cli = std::make_shared<CliSettings>();
  auto options = std::make_shared<DecodeOptions>();
  CLI::App* command = app.add_subcommand("decode", "decode an embedding into an image (PNG)");
  cli->bind(command, {"model-directory", "output-directory", "network", "impl", "threads"});
  command->add_option("--embedding", options->embedding, "embedding values, comma or space separated")->required();
  command->add_option("--file", options->file, "PNG to write (default: OUTPUT-DIRECTORY/decoded.png)");
  command->add_option("--model", options->model, "model file (default: MODEL-DIRECTORY/NETWORK.dendrite)");
  command->callback([cli, options, exit_code] { *exit_code = run_decode(*cli, *options); });
}

}  // namespace dendrite::cli
