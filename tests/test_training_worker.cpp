// test_training_worker.cpp — the app's Qt-free training loop (core/training_worker.h): commands
// take effect between mini-batches, a stop within one mini-batch, learning-rate and batch-size
// changes never reset the network, reset reproduces a run, edits and locks reach the parameters,
// snapshots are throttled without losing a single loss point, divergence stops the run.
// Labelled `threaded`: .ci/run also runs it under ThreadSanitizer (plain std::thread, no QtCore
// threads, so TSan sees every synchronisation); the plain harness (tests/support/plain_test.h)
// keeps Qt Test's watchdog thread, which TSan cannot see into, out of the process.
//
//   ctest --test-dir build -R test_training_worker --output-on-failure

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>
#include <thread>

#include "core/file_system.h"
#include "core/random.h"
#include "core/snapshot.h"
#include "core/training_worker.h"
#include "networks/model_io.h"
#include "tests/support/plain_test.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_files.h"

using namespace dendrite;
using namespace std::chrono_literals;

namespace {

constexpr const char* kTinyNet = "input 4x4x1 | dense 3x1x1 | dense 4x4x1 linear";

// 64 smooth 4×4 images (a few bars and gradients): easy to compress into 3 numbers.
std::shared_ptr<const ImageDataset> tiny_dataset(int size = 4, std::size_t count = 64) {
  std::vector<Image> images;
  Rng rng(42, RandomStream::kMisc);
  for (std::size_t i = 0; i < count; ++i) {
    Image im(size, size, 1);
    const float a = rng.uniform(0.0f, 1.0f), b = rng.uniform(0.0f, 1.0f);
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) im.at(x, y, 0) = a * static_cast<float>(x) / size + b * static_cast<float>(y) / size;
    images.push_back(std::move(im));
  }
  return std::make_shared<const ImageDataset>(ImageDataset::from_images(images, {size, size, 1}, "tiny"));
}

NetworkBundle tiny_bundle(std::uint64_t seed = 1, int threads = 2, const char* spec = kTinyNet) {
  NetworkBundle b;
  b.executor = std::make_unique<Executor>(threads);
  auto module = create_initialized_module(spec, "layer", ModuleOptions{}, InitOptions{}, seed, *b.executor);
  if (!module) {
    std::fprintf(stderr, "cannot build the tiny network: %s\n", module.message().c_str());
    std::abort();
  }
  b.module = std::move(*module);
  b.seed = seed;
  return b;
}

TrainerConfig tiny_config() {
  TrainerConfig c;
  c.batch_size = 8;
  c.optimizer.kind = OptimizerKind::kAdam;
  c.optimizer.learning_rate = 0.01f;
  c.validation_fraction = 0.125;  // 8 of 64
  return c;
}

// The worker with its loop on a std::thread; collects every update taken.
struct Harness {
  TrainingWorker worker;
  std::thread loop;
  std::vector<float> losses;  // every loss received, in step order
  std::uint64_t next_step = 1;
  std::vector<std::string> messages;
  std::vector<std::shared_ptr<const ParameterCopy>> parameters;
  std::vector<std::shared_ptr<const ModelFile>> models;
  std::vector<std::uint64_t> pass_ends;
  WorkerSnapshot last;
  bool saw_history_reset = false;
  bool saw_divergence = false;
  bool gap = false;  // a loss arrived out of order

  explicit Harness(TrainerConfig config = tiny_config()) : worker(config) {
    loop = std::thread([this] { worker.run(); });
  }
  ~Harness() {
    worker.shutdown();
    loop.join();
  }
  void setup(std::uint64_t seed = 1) {
    worker.install_network(tiny_bundle(seed));
    worker.set_dataset(tiny_dataset());
    CHECK(worker.wait_until_idle(10s));
    drain();
  }
  void drain() {
    WorkerUpdate u = worker.take_update();
    if (u.events.history_reset) {
      losses.clear();
      pass_ends.clear();
      next_step = 1;
      saw_history_reset = true;
    }
    if (!u.events.losses.empty()) {
      if (u.events.first_loss_step != next_step) gap = true;
      losses.insert(losses.end(), u.events.losses.begin(), u.events.losses.end());
      next_step = u.events.first_loss_step + u.events.losses.size();
    }
    pass_ends.insert(pass_ends.end(), u.events.full_pass_ends.begin(), u.events.full_pass_ends.end());
    for (auto& m : u.events.messages) messages.push_back(m);
    for (auto& p : u.events.parameter_copies) parameters.push_back(p);
    for (auto& m : u.events.model_copies) models.push_back(m);
    saw_divergence = saw_divergence || u.events.stopped_by_divergence;
    if (u.snapshot.sequence != 0) last = u.snapshot;
  }
  // Runs until `steps` are completed (polling), then stops and drains.
  bool run_until(std::uint64_t steps, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (worker.completed_steps() < steps) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(1ms);
      drain();
    }
    return true;
  }
  void settle() {
    CHECK(worker.wait_until_idle(30s));
    drain();
  }
  ParameterState parameters_now(std::uint64_t tag) {
    worker.request_parameters(tag);
    settle();
    if (parameters.empty() || parameters.back()->tag != tag) {
      std::fprintf(stderr, "no parameter copy for tag\n");
      std::abort();
    }
    return parameters.back()->parameters;
  }
};

double mean(const std::vector<float>& v, std::size_t first, std::size_t count) {
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(first),
                         v.begin() + static_cast<std::ptrdiff_t>(first + count), 0.0) / static_cast<double>(count);
}

}  // namespace

PLAIN_TEST(not_ready_without_network_or_dataset) {
    Harness h;
    h.worker.start();
    h.settle();
    CHECK(!h.last.ready);
    CHECK(!h.last.running);
    CHECK(!h.messages.empty());
    CHECK_MSG(h.messages.back().find("cannot start") != std::string::npos, h.messages.back().c_str());
    // A dataset whose images do not fit the network's input is a problem, not a crash.
    h.worker.install_network(tiny_bundle());
    h.worker.set_dataset(tiny_dataset(5));
    h.settle();
    CHECK(!h.last.ready);
    CHECK_MSG(h.last.problem.find("5x5x1") != std::string::npos, h.last.problem.c_str());
    h.worker.set_dataset(tiny_dataset(4));
    h.settle();
    CHECK(h.last.ready);
    CHECK(h.last.problem.empty());
  }

PLAIN_TEST(start_trains_and_the_loss_falls) {
    Harness h;
    h.setup();
    CHECK(h.last.ready);
    CHECK_EQ(h.last.steps, std::uint64_t{0});
    CHECK_EQ(h.last.input.size(), std::size_t{16});
    CHECK_EQ(h.last.output.size(), std::size_t{16});
    h.worker.start();
    CHECK(h.run_until(400));
    h.worker.stop();
    h.settle();
    CHECK(!h.last.running);
    CHECK(!h.gap);
    CHECK_EQ(h.losses.size(), static_cast<std::size_t>(h.last.steps));
    const double first = mean(h.losses, 0, 20), last = mean(h.losses, h.losses.size() - 20, 20);
    CHECK_MSG(last < 0.5 * first, "first " << first << " last " << last);
    // 56 training images at batch 8: a full pass every 7 steps, each reported once.
    CHECK_EQ(h.last.training_size, std::uint64_t{56});
    CHECK_EQ(h.last.full_passes, h.last.steps / 7);
    CHECK_EQ(h.pass_ends.size(), static_cast<std::size_t>(h.last.full_passes));
    for (std::size_t i = 0; i < h.pass_ends.size(); ++i) CHECK_EQ(h.pass_ends[i], 7 * (i + 1));
    CHECK(h.last.validation_loss >= 0);
    CHECK(h.last.timings.seconds_per_batch > 0);
    CHECK(h.last.timings.samples_per_second > 0);
    CHECK(h.last.timings.full_pass_measured);
  }

PLAIN_TEST(stop_takes_effect_within_one_mini_batch) {
    Harness h;
    h.setup();
    for (int round = 0; round < 20; ++round) {
      h.worker.start();
      CHECK(h.run_until(h.worker.completed_steps() + 3));
      h.worker.stop();
      // Once stop() is queued no new step may begin: at most the one in flight completes.
      const std::uint64_t at_stop = h.worker.completed_steps();
      CHECK(h.worker.wait_until_idle(10s));
      const std::uint64_t after = h.worker.completed_steps();
      CHECK_MSG(after <= at_stop + 1, at_stop << " -> " << after);
      std::this_thread::sleep_for(5ms);
      CHECK_EQ(h.worker.completed_steps(), after);
    }
    h.drain();
    CHECK(!h.last.running);
  }

PLAIN_TEST(step_runs_exactly_the_steps_asked) {
    Harness h;
    h.setup();
    h.worker.step(7);
    h.settle();
    CHECK_EQ(h.last.steps, std::uint64_t{7});
    CHECK_EQ(h.losses.size(), std::size_t{7});
    h.worker.step();
    h.settle();
    CHECK_EQ(h.last.steps, std::uint64_t{8});
    CHECK(!h.last.running);
  }

PLAIN_TEST(reset_reproduces_the_run_with_the_same_seed) {
    Harness h;
    h.setup();
    const ParameterState initial = h.parameters_now(1);
    h.worker.step(12);
    h.settle();
    const std::vector<float> first_run = h.losses;
    CHECK_EQ(first_run.size(), std::size_t{12});
    h.saw_history_reset = false;
    h.worker.reset();
    h.settle();
    CHECK(h.saw_history_reset);
    CHECK_EQ(h.last.steps, std::uint64_t{0});
    CHECK(h.losses.empty());
    CHECK(h.parameters_now(2) == initial);
    h.worker.step(12);
    h.settle();
    CHECK(h.losses == first_run);
    // A new seed gives other initial parameters and another run.
    h.worker.reset(7);
    h.settle();
    CHECK_EQ(h.last.seed, std::uint64_t{7});
    CHECK(!(h.parameters_now(3) == initial));
    h.worker.step(12);
    h.settle();
    CHECK(h.losses != first_run);
  }

PLAIN_TEST(learning_rate_and_batch_size_change_without_reset) {
    Harness h;
    h.setup();
    h.worker.step(10);
    h.settle();
    const ParameterState before = h.parameters_now(1);
    h.saw_history_reset = false;
    h.worker.set_learning_rate(0.003f);
    h.worker.set_batch_size(16);
    const ParameterState after = h.parameters_now(2);
    CHECK(after == before);  // parameters and optimizer moments untouched
    CHECK(!h.saw_history_reset);
    CHECK_EQ(h.last.steps, std::uint64_t{10});
    CHECK_EQ(h.last.learning_rate, 0.003f);
    CHECK_EQ(h.last.batch_size, 16);
    const std::uint64_t seen = h.last.samples_seen;
    h.worker.step(1);
    h.settle();
    CHECK_EQ(h.last.steps, std::uint64_t{11});
    const std::uint64_t room = h.last.training_size - (seen % h.last.training_size);
    CHECK_EQ(h.last.samples_seen - seen, std::min<std::uint64_t>(16, room));

    // The same while running, with commands arriving from two threads at once.
    h.worker.start();
    std::atomic<bool> done{false};
    std::thread knob([&] {
      for (int i = 0; !done.load(); ++i) {
        h.worker.set_learning_rate(i % 2 ? 0.002f : 0.004f);
        std::this_thread::sleep_for(200us);
      }
    });
    CHECK(h.run_until(60));
    h.worker.set_batch_size(4);
    CHECK(h.run_until(h.worker.completed_steps() + 20));
    done.store(true);
    knob.join();
    h.worker.set_learning_rate(0.005f);
    h.worker.stop();
    h.settle();
    CHECK(!h.saw_history_reset);
    CHECK(!h.gap);
    CHECK_EQ(h.losses.size(), static_cast<std::size_t>(h.last.steps));
    CHECK_EQ(h.last.batch_size, 4);
    CHECK_EQ(h.last.learning_rate, 0.005f);
    // Bad values are refused with a message and change nothing.
    h.worker.set_batch_size(0);
    h.worker.set_learning_rate(-1.0f);
    h.settle();
    CHECK_EQ(h.last.batch_size, 4);
    CHECK_EQ(h.last.learning_rate, 0.005f);
    CHECK(h.messages.size() >= 2);
  }

PLAIN_TEST(edits_show_in_the_next_forward_pass_and_locks_hold) {
    Harness h;
    h.setup();
    h.worker.step(3);
    h.settle();
    // Output neuron 5 is linear: raising its bias by 0.75 raises the shown output by 0.75.
    const std::size_t out_first = 16 + 3;
    const ParameterRef bias{ParameterRef::Kind::kBias, out_first + 5};
    const ParameterState before = h.parameters_now(1);
    const std::vector<float> output_before = h.last.output;
    h.worker.set_parameter(bias, before.biases[bias.index] + 0.75f);
    h.settle();
    CHECK_EQ(h.last.output.size(), std::size_t{16});
    CHECK(std::abs(h.last.output[5] - output_before[5] - 0.75f) < 1e-5f);
    CHECK(std::abs(h.last.output[4] - output_before[4]) < 1e-6f);

    const ParameterRef weight{ParameterRef::Kind::kWeight, 7};
    h.worker.set_watch({weight, bias}, {out_first + 5});
    h.worker.set_parameter(weight, 0.5f);
    h.worker.lock(weight);
    h.settle();
    CHECK_EQ(h.last.watched_parameters.size(), std::size_t{2});
    CHECK_EQ(h.last.watched_parameters[0], 0.5f);
    CHECK_EQ(h.last.watched_neurons.size(), std::size_t{1});
    CHECK_EQ(h.last.watched_neurons[0], h.last.output[5]);
    // The snapshot names what it watched, so readers can match values to their items.
    CHECK(h.last.watched_parameter_refs == (std::vector<ParameterRef>{weight, bias}));
    CHECK(h.last.watched_neuron_ids == std::vector<std::size_t>{out_first + 5});
    h.worker.step(20);
    h.settle();
    CHECK_EQ(h.parameters_now(2).weights[7], 0.5f);
    // Locks survive a reset at the re-initialized value.
    h.worker.reset();
    h.settle();
    const float reset_value = h.parameters_now(3).weights[7];
    h.worker.step(10);
    h.settle();
    CHECK_EQ(h.parameters_now(4).weights[7], reset_value);
    h.worker.unlock(weight);
    h.worker.step(10);
    h.settle();
    CHECK(h.parameters_now(5).weights[7] != reset_value);
    // Ids outside the network are refused with a message.
    const std::size_t messages = h.messages.size();
    h.worker.set_parameter({ParameterRef::Kind::kWeight, 1u << 30}, 1.0f);
    h.worker.lock({ParameterRef::Kind::kBias, 1u << 30});
    h.settle();
    CHECK_EQ(h.messages.size(), messages + 2);
  }

PLAIN_TEST(snapshots_are_throttled_and_no_loss_is_lost) {
    Harness h;
    std::atomic<int> notified{0};
    h.worker.set_notify([&] { notified.fetch_add(1); });
    h.worker.set_publish_interval(50ms);
    h.setup();
    const std::uint64_t sequence_before = h.last.sequence;
    const auto start = std::chrono::steady_clock::now();
    h.worker.start();
    std::this_thread::sleep_for(600ms);
    h.worker.stop();
    h.settle();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double publishes = static_cast<double>(h.last.sequence - sequence_before);
    // ≤ one per interval while running, plus the final one after stop and a little slack.
    CHECK_MSG(publishes <= seconds / 0.05 + 3, publishes << " in " << seconds << " s");
    CHECK(h.last.steps > publishes);  // many steps per publish: the throttle worked
    CHECK(notified.load() >= 1);
    CHECK(!h.gap);
    CHECK_EQ(h.losses.size(), static_cast<std::size_t>(h.last.steps));
  }

PLAIN_TEST(neuron_values_of_the_current_sample) {
    Harness h;
    h.setup();
    CHECK(h.last.neuron_values.empty());
    h.worker.set_neuron_values_wanted(true);
    h.worker.show_sample(5);
    h.settle();
    CHECK_EQ(h.last.current_sample, std::size_t{5});
    CHECK_EQ(h.last.neuron_values.size(), std::size_t{16 + 3 + 16});
    for (std::size_t i = 0; i < 16; ++i) {
      CHECK_EQ(h.last.neuron_values[i], h.last.input[i]);          // input layer = the sample
      CHECK_EQ(h.last.neuron_values[19 + i], h.last.output[i]);    // output layer = the output
    }
    h.worker.start();
    CHECK(h.run_until(30));
    h.drain();
    CHECK_EQ(h.last.neuron_values.size(), std::size_t{35});
    h.worker.stop();
    h.settle();
  }

PLAIN_TEST(divergence_stops_and_restores) {
    TrainerConfig config = tiny_config();
    config.optimizer.kind = OptimizerKind::kSgd;
    config.optimizer.learning_rate = 1e6f;
    config.good_state_interval = 1;
    Harness h(config);
    h.setup();
    h.worker.start();
    CHECK(h.worker.wait_until_idle(30s));  // it stops by itself
    h.drain();
    CHECK(h.saw_divergence);
    CHECK(!h.last.running);
    CHECK(!h.messages.empty());
    CHECK_MSG(h.messages.back().find("restored") != std::string::npos, h.messages.back().c_str());
    const ParameterState p = h.parameters_now(1);
    for (float w : p.weights) CHECK(std::isfinite(w));
    for (float o : h.last.output) CHECK(std::isfinite(o));
  }

// The embedding editor refreshes its private copy when this version moves: it must move with every
// change of any parameter (steps, edits, reset, a new network) and with nothing else.
PLAIN_TEST(parameter_version_follows_every_parameter_change) {
    Harness h;
    CHECK_EQ(h.last.parameter_version, std::uint64_t{0});
    h.setup();
    const std::uint64_t installed = h.last.parameter_version;
    CHECK(installed > 0);
    h.worker.show_sample(3);  // shows another sample: no parameter changes
    h.worker.set_learning_rate(0.02f);
    h.settle();
    CHECK_EQ(h.last.parameter_version, installed);
    h.worker.step(4);
    h.settle();
    CHECK_EQ(h.last.parameter_version, installed + 4);
    h.worker.set_parameter({ParameterRef::Kind::kBias, 17}, 0.25f);
    h.settle();
    CHECK_EQ(h.last.parameter_version, installed + 5);
    h.worker.set_parameter({ParameterRef::Kind::kBias, 1u << 30}, 0.25f);  // refused: no change
    h.settle();
    CHECK_EQ(h.last.parameter_version, installed + 5);
    h.worker.request_parameters(5);
    h.settle();
    CHECK_EQ(h.parameters.back()->parameter_version, installed + 5);
    h.worker.reset();
    h.settle();
    CHECK_EQ(h.last.parameter_version, installed + 6);
    h.worker.install_network(tiny_bundle(2));
    h.settle();
    CHECK_EQ(h.last.parameter_version, installed + 7);
}

PLAIN_TEST(copies_for_saving_and_decoding) {
    Harness h;
    h.setup();
    h.worker.step(9);
    h.settle();  // step() starts steps like start(); later commands do not wait for them
    h.worker.request_model();
    h.worker.request_parameters(77);
    h.settle();
    CHECK_EQ(h.models.size(), std::size_t{1});
    CHECK_EQ(h.parameters.size(), std::size_t{1});
    const ModelFile& model = *h.models.front();
    const ParameterCopy& copy = *h.parameters.front();
    CHECK_EQ(copy.tag, std::uint64_t{77});
    CHECK_EQ(copy.steps, std::uint64_t{9});
    CHECK_EQ(model.trainer.steps, std::uint64_t{9});
    CHECK_EQ(model.trainer.loss_history.size(), std::size_t{9});
    CHECK(model.parameters == copy.parameters);
    CHECK(copy.spec == model.spec);
    // Installing the saved model continues its run: same step count, history replayed.
    NetworkBundle again;
    again.executor = std::make_unique<Executor>(1);
    auto module = instantiate_model(model, "", *again.executor);
    CHECK_MSG(module.is_ok(), module.message().c_str());
    again.module = std::move(*module);
    again.resume = model.trainer;
    again.optimizer = model.optimizer;
    h.worker.install_network(std::move(again));
    h.settle();
    CHECK_EQ(h.last.steps, std::uint64_t{9});
    CHECK_EQ(h.losses.size(), std::size_t{9});
    CHECK(h.parameters_now(78) == copy.parameters);
  }

PLAIN_TEST(snapshots_to_disk_every_interval) {
    testing::TempDir dir;
    CHECK(dir.valid());
    const std::string path = join_path(dir.path(), "models/tiny.dendrite");
    // A save a crash interrupted left its temporary file; setting the policy removes it.
    const std::string leftover = join_path(dir.path(), "models/.tiny.dendrite.tmp-Ab12Cd");
    CHECK(real_file_system().create_directories(join_path(dir.path(), "models")).is_ok());
    CHECK(testing::write_bytes(leftover, "half a model"));
    Harness h;
    h.setup();
    h.worker.set_snapshot_policy(path, 5, 2);
    h.settle();
    CHECK(!real_file_system().exists(leftover));
    CHECK(!h.messages.empty());
    CHECK_MSG(h.messages.back().find("removed 1 temporary file") != std::string::npos, h.messages.back().c_str());
    h.worker.step(16);
    h.settle();
    FileSystem& fs = real_file_system();
    CHECK(fs.exists(path));
    CHECK(fs.exists(snapshot_path(path, 10)));
    CHECK(fs.exists(snapshot_path(path, 15)));
    CHECK(!fs.exists(snapshot_path(path, 5)));  // only the newest 2 are kept
    auto model = load_model(fs, path);
    CHECK_MSG(model.is_ok(), model.message().c_str());
    CHECK_EQ(model->trainer.steps, std::uint64_t{15});
    // Snapshots that cannot be written are one message (not one per step), training goes on,
    // and the user hears when they work again. A regular file where the directory should be
    // blocks them (tests run as root, so permissions would not).
    const std::string blocker = join_path(dir.path(), "blocker");
    CHECK(testing::write_bytes(blocker, "not a directory"));
    const std::string blocked = join_path(blocker, "x.dendrite");
    h.worker.set_snapshot_policy(blocked, 1, 0);
    const std::size_t before = h.messages.size();
    h.worker.step(3);
    h.settle();
    CHECK_EQ(h.last.steps, std::uint64_t{19});
    CHECK_EQ(h.messages.size(), before + 1);
    CHECK_MSG(h.messages.back().find("snapshot at step 17 failed") != std::string::npos, h.messages.back().c_str());
    CHECK_MSG(h.messages.back().find("keeps its previous contents") != std::string::npos, h.messages.back().c_str());
    CHECK(std::remove(blocker.c_str()) == 0);
    h.worker.step(1);
    h.settle();
    CHECK_EQ(h.messages.size(), before + 2);
    CHECK_MSG(h.messages.back().find("snapshots work again") != std::string::npos, h.messages.back().c_str());
    CHECK(fs.exists(blocked));
    auto resumed = load_model(fs, blocked);
    CHECK_MSG(resumed.is_ok(), resumed.message().c_str());
    CHECK_EQ(resumed->trainer.steps, std::uint64_t{20});
  }

PLAIN_TEST(divergence_at_rate_1e3_restores_the_last_good_state_and_training_goes_on) {
    TrainerConfig config = tiny_config();  // Adam, learning rate 0.01
    config.good_state_interval = 1;
    Harness h(config);
    h.setup();
    // Parameters after every step, so the restored state can be compared exactly.
    std::vector<ParameterState> after_step{h.parameters_now(100)};
    for (std::uint64_t s = 1; s <= 4; ++s) {
      h.worker.step(1);
      h.settle();
      after_step.push_back(h.parameters_now(100 + s));
    }
    h.worker.set_learning_rate(1e3f);
    h.worker.start();
    CHECK(h.worker.wait_until_idle(30s));  // it stops by itself
    h.drain();
    CHECK(h.saw_divergence);
    CHECK(!h.last.running);
    const std::string& said = h.messages.back();
    const std::size_t at = said.find("restored to their state after step ");
    CHECK_MSG(at != std::string::npos, said.c_str());
    const std::uint64_t good = std::stoull(said.substr(at + std::strlen("restored to their state after step ")));
    CHECK_MSG(good <= 4, said.c_str());
    CHECK(h.parameters_now(200) == after_step[good]);
    // Training goes on at a lower rate from there.
    const std::uint64_t steps = h.last.steps;
    h.saw_divergence = false;
    h.worker.set_learning_rate(0.01f);
    h.worker.step(5);
    h.settle();
    CHECK(!h.saw_divergence);
    CHECK_EQ(h.last.steps, steps + 5);
    for (std::size_t i = h.losses.size() - 5; i < h.losses.size(); ++i) CHECK(std::isfinite(h.losses[i]));
  }

PLAIN_TEST(threads_change_between_steps) {
    Harness h;
    h.setup();
    h.worker.start();
    CHECK(h.run_until(10));
    h.worker.set_threads(1);
    CHECK(h.run_until(h.worker.completed_steps() + 10));
    h.worker.stop();
    h.settle();
    CHECK_EQ(h.last.threads, 1);
    CHECK(!h.gap);
  }

PLAIN_TEST_MAIN()
