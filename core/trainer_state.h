// trainer_state.h — where a training run stands; saved in model files so training resumes exactly.
#pragma once

#include <cstdint>
#include <vector>

namespace dendrite {

struct ValidationPoint {
  std::uint64_t step = 0;  // steps done when it was measured
  double loss = 0;
  bool operator==(const ValidationPoint&) const = default;
};

struct TrainerState {
  std::uint64_t seed = 1;
  std::uint64_t steps = 0;          // mini-batches done
  std::uint64_t full_passes = 0;    // completed full passes (epochs)
  std::uint64_t epoch_cursor = 0;   // training samples of the current full pass already used
  std::uint64_t samples_seen = 0;
  double validation_fraction = 0.1;
  std::uint32_t batch_size = 32;
  double training_seconds = 0;      // time inside training steps
  std::vector<float> loss_history;  // [step] training loss of each step
  std::vector<ValidationPoint> validation_history;

  bool operator==(const TrainerState&) const = default;
};

}  // namespace dendrite
