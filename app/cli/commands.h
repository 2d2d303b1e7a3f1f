// commands.h — the sub-commands of dendrite-cli, one file each (cmd_*.cpp).
//
// Each add_*_command() registers its sub-command on the app; when CLI11 selects it, the callback
// runs the command and stores its exit code in *exit_code (0 ok, 1 error, 2 usage).
#pragma once

#include <CLI/CLI.hpp>

namespace dendrite::cli {

void add_info_command(CLI::App& app, int* exit_code);
void add_import_idx_command(CLI::App& app, int* exit_code);
void add_train_command(CLI::App& app, int* exit_code);
void add_eval_command(CLI::App& app, int* exit_code);
void add_reconstruct_command(CLI::App& app, int* exit_code);
void add_encode_command(CLI::App& app, int* exit_code);
void add_decode_command(CLI::App& app, int* exit_code);
void add_bench_command(CLI::App& app, int* exit_code);
void add_sweep_command(CLI::App& app, int* exit_code);

}  // namespace dendrite::cli
