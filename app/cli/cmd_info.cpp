// info: statistics of an image folder (every image is decoded, so each unreadable or corrupt file
// is reported once as a problem) or of a model file.
#include <cstdio>
#include <iostream>

#include "app/cli/cli_common.h"
#include "app/cli/cli_settings.h"
#include "app/cli/commands.h"
#include "core/dataset.h"
#include "core/idx_reader.h"

namespace dendrite::cli {
namespace {

int print_folder_info(const std::string& input) {
  FileSystem& fs = real_file_system();
  if (!fs.is_directory(input)) {
    auto dataset = load_dataset(fs, input);
    if (!dataset) {
      std::cerr << "error: " << dataset.message() << "\n";
      return 1;
    }
    const ImageShape& s = dataset->shape();
    std::printf("input: %s\nfiles: 1 (IDX, %zu images)\nsize: %.2f MiB\nimages: %zu of %dx%dx%d\n",
                input.c_str(), dataset->size(), dataset->stats().total_mib(), dataset->size(),
                s.width, s.height, s.channels);
    return 0;
  }
  auto scan = scan_image_folder(fs, input);
  if (!scan) {
    std::cerr << "error: " << scan.message() << "\n";
    return 1;
  }
  verify_scanned_images(fs, *scan);
  const DatasetStats& stats = scan->stats;
  std::printf("input: %s\nfiles: %zu\nsize: %.2f MiB\n", input.c_str(), stats.file_count,
              stats.total_mib());
  for (const auto& [size, count] : stats.sizes)
    std::printf("image size: %dx%d (%zu files)\n", size.first, size.second, count);
  for (const auto& [channels, count] : stats.channels)
    std::printf("channels: %d (%zu files)\n", channels, count);
  if (!stats.sizes.empty()) {
    const auto [w, h] = stats.majority_size();
    std::printf("majority: %dx%dx%d\n", w, h, stats.majority_channels());
  }
  for (const DatasetProblem& problem : scan->problems)
    std::printf("problem: %s\n", problem.describe().c_str());
  return 0;
}

int print_model_info(const std::string& path, const std::string& impl, int threads, int batch) {
  auto open = open_model(path, impl, threads);
  if (!open) return fail(open.message());
  const NetworkModule& module = *open->module;
  const Topology& t = module.topology();
  const ModelFile& m = open->model;
  std::printf("model: %s\nnetwork: %s\nsaved by module: %s (loaded into %s)\n", path.c_str(),
              print_network_spec(module.spec()).c_str(), m.module_name.c_str(), module.module_name());
  std::printf("%-3s %-12s %-6s %-12s %-8s %10s %12s\n", "#", "layer", "kind", "W x H x C", "act",
              "neurons", "connections");
  for (std::size_t l = 0; l < t.layers.size(); ++l) {
    const LayerInfo& layer = t.layers[l];
    const std::string dims = str_cat(layer.shape.width, "x", layer.shape.height, "x", layer.shape.channels);
    std::printf("%-3zu %-12s %-6s %-12s %-8s %10zu %12zu%s\n", l, layer.label.c_str(),
                layer_kind_name(layer.kind), dims.c_str(),
                l == 0 ? "-" : activation_name(layer.activation), layer.neuron_count,
                layer.connection_count, static_cast<int>(l) == t.embedding_layer ? "  (embedding)" : "");
  }
  const MemoryFigures memory = module.memory_figures(batch);
  std::printf("layers: %zu\nneurons: %zu\nconnections: %zu\nparameter_bytes: %llu\n", t.layers.size(),
              t.neuron_count, t.connection_count, static_cast<unsigned long long>(memory.parameter_bytes));
  std::printf("bytes_per_connection: %.2f\nbytes_per_neuron_sample: %.2f\n", memory.bytes_per_connection,
              memory.bytes_per_neuron_sample);
  std::printf("leakage: %g\noptimizer: %s (learning rate %g)\nsteps: %llu\nfull_passes: %llu\n",
              static_cast<double>(m.options.leakage), optimizer_name(m.optimizer.kind),
              static_cast<double>(m.optimizer.learning_rate),
              static_cast<unsigned long long>(m.trainer.steps),
              static_cast<unsigned long long>(m.trainer.full_passes));
  if (!m.trainer.validation_history.empty())
    std::printf("last_validation_loss: %.6g\n", m.trainer.validation_history.back().loss);
  return 0;
}

}  // namespace

void add_info_command(CLI::App& app, int* exit_code) {
  auto settings = std::make_shared<CliSettings>();
  auto model = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("info", "statistics of an image folder or a model");
  settings->bind(command, {"input-directory", "impl", "threads", "batch-size"});
  command->add_option("--model", *model, "model file: print its layers, neurons, connections and memory");
  command->callback([settings, model, exit_code] {
    auto resolved = settings->resolve();
    if (!resolved) {
      *exit_code = fail(resolved.message(), 2);
      return;
    }
    if (!model->empty()) {
      *exit_code = print_model_info(*model, resolved->get_string("impl"),
                                    static_cast<int>(resolved->get_int("threads")),
                                    static_cast<int>(resolved->get_int("batch-size")));
      return;
    }
    *exit_code = print_folder_info(resolved->get_string("input-directory"));
  });
}

}  // namespace dendrite::cli
