// dendrite-cli — the command-line program (DESIGN.md §3).
//
//   dendrite-cli info --input data/input
//   dendrite-cli import-idx /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --output /tmp/fm
//   dendrite-cli <command> --help
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Dendrite: trains image autoencoders built from explicit neurons and connections."};
  app.set_version_flag("--version", std::string("dendrite-cli ") + DENDRITE_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  dendrite::cli::add_info_command(app, &exit_code);
  dendrite::cli::add_train_command(app, &exit_code);
  dendrite::cli::add_eval_command(app, &exit_code);
  dendrite::cli::add_reconstruct_command(app, &exit_code);
  dendrite::cli::add_encode_command(app, &exit_code);
  dendrite::cli::add_decode_command(app, &exit_code);
  dendrite::cli::add_import_idx_command(app, &exit_code);
  dendrite::cli::add_sweep_command(app, &exit_code);
  dendrite::cli::add_bench_command(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
