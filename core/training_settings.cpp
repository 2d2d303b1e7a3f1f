#include "core/training_settings.h"

namespace dendrite {

OptimizerConfig optimizer_from(const Settings& s) {
  OptimizerConfig o;
  o.kind = s.get_string("optimizer") == "sgd" ? OptimizerKind::kSgd : OptimizerKind::kAdam;
  o.learning_rate = static_cast<float>(s.get_float("learning-rate"));
  o.momentum = static_cast<float>(s.get_float("momentum"));
  o.beta1 = static_cast<float>(s.get_float("adam-beta1"));
  o.beta2 = static_cast<float>(s.get_float("adam-beta2"));
  o.epsilon = static_cast<float>(s.get_float("adam-epsilon"));
  return o;
}

Result<TrainingSettings> training_settings_from(const Settings& s) {
  TrainingSettings t;
  t.network = s.get_string("network");
  t.impl = s.get_string("impl");
  t.module.leakage = static_cast<float>(s.get_float("leakage"));
  t.module.iterations = static_cast<int>(s.get_int("iterations"));
  t.module.loss_weighting = s.get_string("loss-weighting");
  DENDRITE_ASSIGN_OR_RETURN(t.init.scheme, parse_init_scheme(s.get_string("init")));
  t.init.bias_init = static_cast<float>(s.get_float("bias-init"));
  t.trainer.batch_size = static_cast<int>(s.get_int("batch-size"));
  t.trainer.optimizer = optimizer_from(s);
  t.trainer.validation_fraction = s.get_float("validation-fraction");
  t.trainer.validation_interval = static_cast<std::uint64_t>(s.get_int("validation-interval"));
  t.trainer.seed = static_cast<std::uint64_t>(s.get_int("seed"));
  t.epochs = static_cast<std::uint64_t>(s.get_int("epochs"));
  t.threads = static_cast<int>(s.get_int("threads"));
  t.channels = static_cast<int>(s.get_int("channels"));
  t.snapshot_interval = static_cast<std::uint64_t>(s.get_int("snapshot-interval"));
  t.snapshot_keep = static_cast<std::uint64_t>(s.get_int("snapshot-keep"));
  return t;
}

}  // namespace dendrite
