// info: statistics of an image folder (and, once models exist, of a model file).
#include <cstdio>
#include <iostream>

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
    std::printf("problem: %s: %s\n", problem.path.c_str(), problem.message.c_str());
  return 0;
}

}  // namespace

void add_info_command(CLI::App& app, int* exit_code) {
  auto settings = std::make_shared<CliSettings>();
  CLI::App* command = app.add_subcommand("info", "statistics of an image folder or a model");
  settings->bind(command, {"input-directory"});
  command->callback([settings, exit_code] {
    auto resolved = settings->resolve();
    if (!resolved) {
      std::cerr << "error: " << resolved.message() << "\n";
      *exit_code = 2;
      return;
    }
    *exit_code = print_folder_info(resolved->get_string("input-directory"));
  });
}

}  // namespace dendrite::cli
