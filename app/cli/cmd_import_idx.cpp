// import-idx: IDX / IDX.gz image stacks (Fashion-MNIST) → a folder of PNG files.
#include <iostream>

#include "app/cli/commands.h"
#include "core/file_system.h"
#include "core/idx_reader.h"
#include "core/image_io.h"

namespace dendrite::cli {
namespace {

struct ImportIdxOptions {
  std::string input;
  std::string output;
  std::size_t limit = 0;
};

int run_import_idx(const ImportIdxOptions& options) {
  FileSystem& fs = real_file_system();
  auto array = read_idx(fs, options.input);
  if (!array) {
    std::cerr << "error: " << array.message() << "\n";
    return 1;
  }
  auto images = idx_to_images(*array, options.limit);
  if (!images) {
    std::cerr << "error: " << options.input << ": " << images.message() << "\n";
    return 1;
  }
  if (images->empty()) {
    std::cerr << "error: " << options.input << " holds no images (its first dimension is 0)\n";
    return 1;
  }
  if (Status made = fs.create_directories(options.output); !made) {
    std::cerr << "error: " << made.message() << "\n";
    return 1;
  }
  const std::size_t count = images->size();
  int digits = 1;
  for (std::size_t n = count; n >= 10; n /= 10) ++digits;
  for (std::size_t i = 0; i < count; ++i) {
    std::string number = std::to_string(i);
    number.insert(0, static_cast<std::size_t>(std::max(0, digits - static_cast<int>(number.size()))), '0');
    const std::string path = join_path(options.output, "image-" + number + ".png");
    if (Status saved = save_png(fs, path, (*images)[i]); !saved) {
      std::cerr << "error: " << saved.message() << " (" << i << " of " << count << " written)\n";
      return 1;
    }
  }
  const Image& first = images->front();
  std::cout << "wrote " << count << " PNG images of " << first.width() << "x" << first.height()
            << "x" << first.channels() << " to " << options.output << "\n";
  return 0;
}

}  // namespace

void add_import_idx_command(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ImportIdxOptions>();
  CLI::App* command = app.add_subcommand("import-idx", "convert an IDX/IDX.gz image file to PNGs");
  command->add_option("file", options->input, "IDX or IDX.gz file, e.g. Fashion-MNIST images")
      ->required();
  command->add_option("--output", options->output, "folder to write image-NNNN.png into")
      ->required();
  command->add_option("--limit", options->limit, "write at most N images (0 = all)");
  command->callback([options, exit_code] { *exit_code = run_import_idx(*options); });
}

}  // namespace dendrite::cli
