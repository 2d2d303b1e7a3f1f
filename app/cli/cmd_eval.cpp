// eval: mean reconstruction MSE of a model over a folder of images; ends with `mse=…`.
#include <cstdio>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"
#include "core/evaluation.h"

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
  const std::size_t n = dataset->size();
  const double mse = dataset_mse(module, *dataset);
  std::printf("images=%zu\nmse=%.9g\n", n, mse);
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
