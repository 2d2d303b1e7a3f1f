// test_trainer.cpp — the trainer: splits, shuffling, full passes, resume equivalence through a
// model file, learning-rate and batch-size changes, parameter locks, and NaN/Inf roll-back.
// Plain harness (no Qt): this suite also runs under ThreadSanitizer (label `threaded`).
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/initializer.h"
#include "core/model_file.h"
#include "core/random.h"
#include "core/trainer.h"
#include "networks/model_io.h"
#include "tests/support/plain_test.h"

using namespace dendrite;

namespace {

const char* kSpec = "input 6x6x1 | local 3x3x2 k3 s2 | dense 2x2x1 | up 6x6x1 k3";

ImageDataset make_dataset(std::size_t count, int channels = 1) {
  std::vector<Image> images;
  Rng rng(5, RandomStream::kMisc);
  for (std::size_t i = 0; i < count; ++i) {
    Image im(6, 6, channels);
    // Smooth blobs so the autoencoder has something to learn.
    const float cx = rng.uniform(1, 5), cy = rng.uniform(1, 5);
    for (int y = 0; y < 6; ++y)
      for (int x = 0; x < 6; ++x)
        for (int c = 0; c < channels; ++c)
          im.at(x, y, c) = std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 4.0f) * (1.0f - 0.2f * c);
    images.push_back(std::move(im));
  }
  return ImageDataset::from_images(images, {6, 6, channels}, "memory");
}

std::unique_ptr<NetworkModule> make_module(Executor& ex, const std::string& spec = kSpec) {
  auto m = create_initialized_module(spec, "layer", ModuleOptions{}, InitOptions{}, 3, ex);
  if (!m) {
    std::fprintf(stderr, "%s\n", m.message().c_str());
    std::abort();
  }
  return std::move(*m);
}

TrainerConfig config(int batch = 8) {
  TrainerConfig c;
  c.batch_size = batch;
  c.optimizer.learning_rate = 0.01f;
  c.validation_fraction = 0.2;
  c.seed = 9;
  return c;
}

}  // namespace

PLAIN_TEST(splitIsSeededAndDisjoint) {
    Executor ex(1);
    const ImageDataset data = make_dataset(50);
    auto m = make_module(ex);
    auto a = Trainer::create(*m, data, config());
    auto b = Trainer::create(*m, data, config());
    CHECK(a.is_ok());
    CHECK_EQ(a->validation_size(), std::size_t{10});
    CHECK_EQ(a->training_size(), std::size_t{40});
    CHECK_EQ(a->validation_indices(), b->validation_indices());
    std::vector<bool> seen(50, false);
    for (auto i : a->training_indices()) seen[i] = true;
    for (auto i : a->validation_indices()) {
      CHECK(!seen[i]);
      seen[i] = true;
    }
    CHECK(std::all_of(seen.begin(), seen.end(), [](bool s) { return s; }));
    TrainerConfig other = config();
    other.seed = 10;
    auto c = Trainer::create(*m, data, other);
    CHECK(c->validation_indices() != a->validation_indices());
  }

PLAIN_TEST(fullPassesAndSmallLastBatch) {
    Executor ex(2);
    const ImageDataset data = make_dataset(50);  // 40 training samples, batch 16 → 16, 16, 8
    auto m = make_module(ex);
    auto t = Trainer::create(*m, data, config(16));
    CHECK(t.is_ok());
    CHECK_EQ(t->steps_per_full_pass(), std::uint64_t{3});
    std::vector<int> batches;
    bool completed = false;
    std::optional<double> validation;
    for (int i = 0; i < 3; ++i) {
      const StepResult r = t->step();
      batches.push_back(r.batch);
      completed = r.full_pass_completed;
      validation = r.validation_loss;
    }
    CHECK_EQ(batches, (std::vector<int>{16, 16, 8}));
    CHECK(completed);
    CHECK(validation.has_value());
    CHECK_EQ(t->state().full_passes, std::uint64_t{1});
    CHECK_EQ(t->state().validation_history.size(), std::size_t{1});
    CHECK_EQ(t->state().samples_seen, std::uint64_t{40});
  }

PLAIN_TEST(lossFalls) {
    Executor ex(2);
    const ImageDataset data = make_dataset(64);
    auto m = make_module(ex);
    auto t = Trainer::create(*m, data, config(8));
    const double before = t->validation_loss();
    for (int i = 0; i < 300; ++i) t->step();
    const double after = t->validation_loss();
    CHECK_MSG(after < 0.5 * before, "validation loss " << before << " -> " << after);
  }

PLAIN_TEST(resumeGivesTheSameNextLosses) {
    const ImageDataset data = make_dataset(45);
    std::vector<float> uninterrupted;
    {
      Executor ex(2);
      auto m = make_module(ex);
      auto t = Trainer::create(*m, data, config(7));
      for (int i = 0; i < 20; ++i) uninterrupted.push_back(static_cast<float>(t->step().loss));
    }
    Executor ex(2);
    auto m = make_module(ex);
    auto t = Trainer::create(*m, data, config(7));
    for (int i = 0; i < 8; ++i) t->step();  // stops mid full pass (36 training samples, batch 7)
    const ModelFile saved = capture_model(*m, InitOptions{}, t->config().optimizer, t->state());
    auto reloaded = parse_model(serialize_model(saved), "resume.dendrite");
    CHECK_MSG(reloaded.is_ok(), reloaded.message());
    Executor ex2(1);  // a different thread count must not matter either
    auto m2 = instantiate_model(*reloaded, "layer", ex2);
    CHECK(m2.is_ok());
    auto t2 = Trainer::create(**m2, data, config(7), reloaded->trainer);
    CHECK(t2.is_ok());
    for (int i = 8; i < 20; ++i) {
      const float loss = static_cast<float>(t2->step().loss);
      CHECK_EQ(loss, uninterrupted[static_cast<std::size_t>(i)]);
    }
    CHECK_EQ(t2->state().loss_history, std::vector<float>(uninterrupted.begin(), uninterrupted.end()));
  }

PLAIN_TEST(learningRateAndBatchSizeChangeWithoutReset) {
    Executor ex(1);
    const ImageDataset data = make_dataset(40);
    auto m = make_module(ex);
    auto t = Trainer::create(*m, data, config(8));
    for (int i = 0; i < 5; ++i) t->step();
    ParameterState before;
    m->export_state(before);
    CHECK(t->set_batch_size(3).is_ok());
    t->set_learning_rate(0.0f + 1e-12f);
    ParameterState unchanged;
    m->export_state(unchanged);
    CHECK(unchanged == before);  // changing settings touches no parameter
    const StepResult r = t->step();
    CHECK_EQ(r.batch, 3);
    ParameterState after;
    m->export_state(after);
    double largest_move = 0;
    for (std::size_t i = 0; i < after.weights.size(); ++i)
      largest_move = std::max(largest_move, std::abs(static_cast<double>(after.weights[i]) - before.weights[i]));
    CHECK(largest_move < 1e-6);  // a tiny learning rate moves almost nothing
    CHECK(!t->set_batch_size(0).is_ok());
  }

PLAIN_TEST(lockedParametersSurviveSteps) {
    Executor ex(1);
    const ImageDataset data = make_dataset(40);
    auto m = make_module(ex);
    auto t = Trainer::create(*m, data, config(8));
    const ParameterRef weight{ParameterRef::Kind::kWeight, 5};
    const ParameterRef bias{ParameterRef::Kind::kBias, 40};
    t->set_parameter_value(weight, 0.75f);
    t->lock(weight);
    t->lock(bias);
    const ParameterSlot bias_before = m->parameter(bias);
    const float free_before = m->weight(6);
    for (int i = 0; i < 10; ++i) t->step();
    CHECK_EQ(m->weight(5), 0.75f);
    CHECK_EQ(m->parameter(bias).value, bias_before.value);
    CHECK_EQ(m->parameter(bias).moment1, bias_before.moment1);  // optimizer state untouched
    CHECK(m->weight(6) != free_before);
    t->set_parameter_value(weight, -0.5f);  // an edit to a locked value sticks
    t->step();
    CHECK_EQ(m->weight(5), -0.5f);
    t->unlock(weight);
    t->step();
    CHECK(m->weight(5) != -0.5f);
  }

PLAIN_TEST(divergenceRollsBack) {
    Executor ex(1);
    const ImageDataset data = make_dataset(40);
    auto m = make_module(ex);
    TrainerConfig c = config(8);
    c.optimizer.kind = OptimizerKind::kSgd;
    c.optimizer.learning_rate = 0.05f;
    c.good_state_interval = 5;
    auto t = Trainer::create(*m, data, c);
    for (int i = 0; i < 12; ++i) CHECK(!t->step().diverged);
    CHECK(t->set_optimizer([&] { OptimizerConfig o = c.optimizer; o.learning_rate = 1e3f; return o; }()).is_ok());
    StepResult r;
    int steps = 0;
    do {
      r = t->step();
      ++steps;
    } while (!r.diverged && steps < 10);
    CHECK_MSG(r.diverged, "a learning rate of 1e3 must blow the loss up");
    CHECK_EQ(steps, 2);  // the first step at 1e3 still starts from sane parameters
    CHECK(r.message.find("restored") != std::string::npos);
    CHECK(r.restored_to_step >= 5 && r.restored_to_step <= 12);
    ParameterState state;
    m->export_state(state);
    for (float w : state.weights) CHECK(std::isfinite(w));
    // Training goes on at a lower rate.
    CHECK(t->set_optimizer(c.optimizer).is_ok());
    for (int i = 0; i < 5; ++i) {
      const StepResult ok = t->step();
      CHECK(!ok.diverged);
      CHECK(std::isfinite(ok.loss));
    }
  }

PLAIN_TEST(lastUpdateIsCheckedBeforeSaving) {
    // A step's loss is computed before its update, so the update of the last step before a save
    // is judged by check_last_update(): with a learning rate of 1e3 the very first update blows the
    // parameters up, and the check puts back the state the run started from.
    Executor ex(1);
    const ImageDataset data = make_dataset(40);
    auto m = make_module(ex);
    ParameterState start;
    m->export_state(start);
    TrainerConfig c = config(8);
    c.optimizer.kind = OptimizerKind::kSgd;
    c.optimizer.learning_rate = 1e3f;
    auto t = Trainer::create(*m, data, c);
    CHECK(t.is_ok());
    const StepResult first = t->step();
    CHECK_MSG(!first.diverged && std::isfinite(first.loss), "the first loss comes from sane parameters");
    const StepResult check = t->check_last_update();
    CHECK_MSG(check.diverged, "loss after the update: " << check.loss);
    CHECK_EQ(check.restored_to_step, std::uint64_t{0});
    CHECK(check.message.find("after the update of step 1") != std::string::npos);
    ParameterState now;
    m->export_state(now);
    CHECK(now == start);
    // Checking again costs nothing and finds nothing new; training goes on at a sane rate.
    CHECK(!t->check_last_update().diverged);
    CHECK(t->set_optimizer([&] { OptimizerConfig o = c.optimizer; o.learning_rate = 0.05f; return o; }()).is_ok());
    for (int i = 0; i < 5; ++i) {
      CHECK(!t->step().diverged);
      const StepResult sane = t->check_last_update();
      CHECK(!sane.diverged);
      CHECK(std::isfinite(sane.loss));
    }
  }

PLAIN_TEST(mismatchedShapesAreErrors) {
    Executor ex(1);
    const ImageDataset data = make_dataset(10, 3);
    auto m = make_module(ex);
    auto t = Trainer::create(*m, data, config());
    CHECK(!t.is_ok());
    CHECK(t.message().find("6x6x1") != std::string::npos);
    CHECK(t.message().find("6x6x3") != std::string::npos);
  }

PLAIN_TEST(rgbTrainsEndToEnd) {
    // The notes' "-channels 3 causes buggy output": an RGB autoencoder must learn every channel.
    Executor ex(2);
    const ImageDataset data = make_dataset(64, 3);
    auto m = make_module(ex, "input 6x6x3 | local 3x3x6 k3 s2 | dense 2x2x2 | up 6x6x3 k3");
    TrainerConfig c = config(8);
    c.optimizer.learning_rate = 0.01f;
    auto t = Trainer::create(*m, data, c);
    CHECK(t.is_ok());
    for (int i = 0; i < 400; ++i) t->step();
    // Per-channel reconstruction error, on a validation sample.
    const std::size_t sample = t->validation_indices().front();
    std::vector<float> out(108);
    m->evaluate(data.sample(sample), data.sample(sample), 1, out.data());
    for (int channel = 0; channel < 3; ++channel) {
      double err = 0, energy = 0;
      for (int p = 0; p < 36; ++p) {
        const std::size_t k = static_cast<std::size_t>(p * 3 + channel);
        const float want = data.sample(sample)[k];
        err += (out[k] - want) * (out[k] - want);
        energy += want * want;
      }
      CHECK_MSG(err < 0.1 * energy, "channel " << channel << ": error " << err << " vs energy " << energy);
    }
  }
PLAIN_TEST_MAIN()
