#include "core/optimizer.h"

namespace dendrite {

const char* optimizer_name(OptimizerKind kind) {
  return kind == OptimizerKind::kAdam ? "adam" : "sgd";
}

}  // namespace dendrite
