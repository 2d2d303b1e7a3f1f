// test_model_file.cpp — the .dendrite format: bit-exact round trips, every corruption detected
// with a clear message, caps checked before allocation, atomic saves and snapshot retention.
#include <QtTest/QtTest>

#include <QTemporaryDir>
#include <cstring>

#include "core/initializer.h"
#include "core/model_file.h"
#include "core/snapshot.h"
#include "networks/layer_net.h"

using namespace dendrite;

namespace {

ModelFile sample_model(int moments) {
  Executor ex(1);
  auto spec = parse_network_spec("enc: input 6x4x3 | local 3x2x4 k3 s2 | dense 2x2x1 embedding | up 6x4x3 k3 sigmoid");
  if (!spec) qFatal("%s", spec.message().c_str());
  auto module = LayerNet::create(*spec, ModuleOptions{0.02f, 4, "uniform"}, ex);
  InitOptions init{InitScheme::kTorchDefault, 0.0f};
  if (!initialize_module(**module, init, 77)) qFatal("init");
  OptimizerConfig optimizer;
  optimizer.kind = moments == 2 ? OptimizerKind::kAdam : OptimizerKind::kSgd;
  optimizer.momentum = moments == 1 ? 0.9f : 0.0f;
  optimizer.learning_rate = 0.003f;
  std::vector<float> in((*module)->topology().input_size() * 2, 0.25f);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i % 7) / 7.0f;
  (*module)->train_step(in.data(), in.data(), 2, optimizer);
  TrainerState trainer;
  trainer.seed = 42;
  trainer.steps = 1234;
  trainer.full_passes = 3;
  trainer.epoch_cursor = 64;
  trainer.samples_seen = 1234 * 32;
  trainer.validation_fraction = 0.15;
  trainer.batch_size = 32;
  trainer.training_seconds = 12.5;
  trainer.loss_history = {0.5f, 0.25f, 0.125f, 1e-9f};
  trainer.validation_history = {{400, 0.3}, {800, 0.2}};
  return capture_model(**module, init, optimizer, trainer);
}

std::string corrupt(std::string bytes, std::size_t offset, char value) {
  bytes[offset] = value;
  return bytes;
}

}  // namespace

class TestModelFile : public QObject {
  Q_OBJECT
 private slots:
  void roundTripIsBitExact() {
    for (int moments : {0, 1, 2}) {
      const ModelFile model = sample_model(moments);
      QCOMPARE(model.parameters.moment_count, moments);
      const std::string bytes = serialize_model(model);
      auto loaded = parse_model(bytes, "m.dendrite");
      QVERIFY2(loaded.is_ok(), loaded.message().c_str());
      QVERIFY(loaded->spec == model.spec);
      QCOMPARE(loaded->module_name, model.module_name);
      QCOMPARE(loaded->options.leakage, model.options.leakage);
      QCOMPARE(loaded->init.scheme, model.init.scheme);
      QCOMPARE(loaded->optimizer.kind, model.optimizer.kind);
      QCOMPARE(loaded->optimizer.learning_rate, model.optimizer.learning_rate);
      QCOMPARE(loaded->optimizer.momentum, model.optimizer.momentum);
      QVERIFY(loaded->trainer == model.trainer);
      QVERIFY(loaded->parameters == model.parameters);
      QCOMPARE(serialize_model(*loaded), bytes);  // bit-exact
    }
  }

  void everyTruncationIsRejected() {
    const std::string bytes = serialize_model(sample_model(2));
    for (std::size_t length = 0; length < bytes.size(); length += std::max<std::size_t>(1, length / 7)) {
      auto loaded = parse_model(bytes.substr(0, length), "cut.dendrite");
      QVERIFY(!loaded.is_ok());
      QVERIFY(QString::fromStdString(loaded.message()).contains("cut.dendrite"));
    }
  }

  void corruptionIsDetected() {
    const std::string bytes = serialize_model(sample_model(0));
    auto message = [](const std::string& b) { return QString::fromStdString(parse_model(b, "x").message()); };
    QVERIFY(message(corrupt(bytes, 0, 'X')).contains("magic"));
    QVERIFY(message(corrupt(bytes, 8, 9)).contains("format version 9"));
    QVERIFY(message(corrupt(bytes, bytes.size() / 2, '\x7f')).contains("checksum"));
    QVERIFY(message(bytes + "tail").contains("header says"));
    QVERIFY(message(std::string("DENDRITE") + std::string(40, '\0')).contains("not a valid"));
  }

  void structureIsCheckedWithoutTheChecksum() {
    // The fuzz build skips the checksum to reach these checks; they must hold on their own.
    ModelLimits limits;
    limits.verify_checksum = false;
    const std::string bytes = serialize_model(sample_model(0));
    // Section count beyond the cap.
    std::string many = bytes;
    many[12] = '\xff';
    many[13] = '\xff';
    QVERIFY(QString::fromStdString(parse_model(many, "x", limits).message()).contains("sections"));
    // First section (SPEC) claiming more bytes than the file has.
    std::string huge = bytes;
    for (int i = 0; i < 8; ++i) huge[24 + 8 + i] = '\x7f';
    QVERIFY(QString::fromStdString(parse_model(huge, "x", limits).message()).contains("claims"));
    // A spec whose connection count does not match the WGHT section.
    ModelFile model = sample_model(0);
    model.parameters.weights.pop_back();
    const auto mismatch = parse_model(serialize_model(model), "x", limits);
    QVERIFY(QString::fromStdString(mismatch.message()).contains("WGHT"));
    // A spec over the caps is refused before anything is sized from it.
    limits.spec.max_connections = 100;
    QVERIFY(QString::fromStdString(parse_model(bytes, "x", limits).message()).contains("limit"));
  }

  void saveIsAtomicAndLoadNamesTheFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("model.dendrite").toStdString();
    const ModelFile model = sample_model(2);
    QVERIFY(save_model(real_file_system(), path, model).is_ok());
    auto loaded = load_model(real_file_system(), path);
    QVERIFY2(loaded.is_ok(), loaded.message().c_str());
    QVERIFY(loaded->parameters == model.parameters);
    // No temp files are left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    auto missing = load_model(real_file_system(), path + ".nope");
    QVERIFY(QString::fromStdString(missing.message()).contains("model.dendrite.nope"));
  }

  void snapshotsKeepTheNewestN() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("net.dendrite").toStdString();
    ModelFile model = sample_model(0);
    for (std::uint64_t step = 10; step <= 50; step += 10) {
      model.trainer.steps = step;
      QVERIFY(write_snapshot(real_file_system(), path, model, step, 2).is_ok());
    }
    QStringList files = QDir(dir.path()).entryList(QDir::Files);
    files.sort();
    QCOMPARE(files, (QStringList{"net-40.dendrite", "net-50.dendrite", "net.dendrite"}));
    auto latest = load_model(real_file_system(), path);
    QCOMPARE(latest->trainer.steps, std::uint64_t{50});
  }
};

QTEST_APPLESS_MAIN(TestModelFile)
#include "test_model_file.moc"
