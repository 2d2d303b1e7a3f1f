// snapshot.h — rewriting the model file during training (DESIGN.md §2).
//
// write_snapshot() atomically replaces the model file; with keep > 0 it also writes
// NAME-STEP.dendrite beside it and removes the oldest such files beyond the newest `keep`.
#pragma once

#include <cstdint>
#include <string>

#include "core/file_system.h"
#include "core/model_file.h"
#include "core/status.h"

namespace dendrite {

Status write_snapshot(FileSystem& fs, const std::string& model_path, const ModelFile& model,
                      std::uint64_t step, std::uint64_t keep);

// "dir/name.dendrite", step 1200 → "dir/name-1200.dendrite".
std::string snapshot_path(const std::string& model_path, std::uint64_t step);

// A save killed half-way (SIGKILL, power loss) leaves its hidden temp file behind
// (".name.dendrite.tmp-XXXXXX", ".name-STEP.dendrite.tmp-XXXXXX"; the model file itself is
// intact). Removes those of this model path and returns how many it removed. Call it before
// training to a model path; two processes saving to the same path at once are not supported.
Result<std::size_t> remove_interrupted_saves(FileSystem& fs, const std::string& model_path);

}  // namespace dendrite
