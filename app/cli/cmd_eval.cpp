// eval: mean reconstruction MSE of a model over a folder of images; ends with `mse=…`.
#include <cstdio>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"

namespace dendrite::cli {
namespace {

struct EvalOptions {
  std::string model;
  std::string impl;
};

int run_eval(const CliSettings& cli, const EvalOptions& options) {
  auto settings = cli.resolve();
  if (!settings) return fail(settings.message(), 2);
  auto open = open_model(model_path_for(options.model, *settings), settings->get_string("impl"),
                         static_cast<int>(settings->get_int("threads")));
  if (!open) return fail(open.message());
  NetworkModule& module = *open->module;
  auto dataset = load_input_dataset(settings->get_string("input-directory"), module.spec().input().shape, *settings);
  if (!dataset) return fail(dataset.message());
  const std::size_t chunk = 256, n = dataset->size(), size = dataset->sample_size();
  std::vector<float> batch;
  std::vector<std::size_t> indices;
  double sum = 0;
  for (std::size_t start = 0; start < n; start += chunk) {
    const std::size_t count = std::min(chunk, n - start);
    indices.resize(count);
    for (std::size_t i = 0; i < count; ++i) indices[i] = start + i;
    batch.resize(count * size);
    dataset->assemble_batch(indices.data(), count, batch.data());
    sum += module.evaluate(batch.data(), batch.data(), static_cast<int>(count), nullptr) * static_cast<double>(count);
  }
  std::printf("images=%zu\nmse=%.9g\n", n, n ? sum / static_cast<double>(n) : 0.0);
  return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, int* exit_code) {
  auto cli = std::make_shared<CliSettings>();
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand("eval", "mean reconstruction error of a model over a folder");
  cli->bind(command, {"input-directory", "model-directory", "network", "impl", "threads", "resize", "limit"});
  command->add_option("--model", options->model, "model file (default: MODEL-DIRECTORY/NETWORK.dendrite)");
  command->callback([cli, options, exit_code] { *exit_code = run_eval(*cli, *options); });
}

}  // namespace dendrite::cli
