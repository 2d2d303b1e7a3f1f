// test_network_spec.cpp — the network spec grammar: parsing, printing, presets, errors, counts.
#include <QtTest/QtTest>

#include "core/layer_geometry.h"
#include "core/network_spec.h"

using namespace dendrite;

namespace {

// Connection count by brute force: enumerate every target neuron's window.
std::uint64_t brute_force_connections(const NetworkSpec& spec) {
  std::uint64_t total = 0;
  for (std::size_t l = 1; l < spec.layers.size(); ++l) {
    const LayerSpec& t = spec.layers[l];
    const ImageShape& s = spec.layers[l - 1].shape;
    for (int y = 0; y < t.shape.height; ++y)
      for (int x = 0; x < t.shape.width; ++x) {
        const SourceWindow w = source_window(t, s, x, y);
        total += static_cast<std::uint64_t>(w.width()) * w.height() * s.channels * t.shape.channels;
      }
  }
  return total;
}

// Closed form for a local/up axis: Σ over targets of the clipped window length.
std::uint64_t clipped_sum(int targets, int source, int kernel, int stride, int up_factor) {
  std::uint64_t sum = 0;
  for (int i = 0; i < targets; ++i) {
    const int centre = up_factor > 0 ? i / up_factor : i * stride;
    const int lo = std::max(0, centre - kernel / 2), hi = std::min(source - 1, centre + kernel / 2);
    sum += static_cast<std::uint64_t>(hi - lo + 1);
  }
  return sum;
}

}  // namespace

class TestNetworkSpec : public QObject {
  Q_OBJECT
 private slots:
  void parsesTheW1Example() {
    auto spec = parse_network_spec(
        "input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear");
    QVERIFY2(spec.is_ok(), spec.message().c_str());
    QCOMPARE(spec->layers.size(), std::size_t{5});
    QCOMPARE(spec->layers[2].shape, (ImageShape{8, 4, 1}));
    QCOMPARE(spec->embedding_layer, 2);
    QCOMPARE(spec->layers[1].activation, Activation::kLeakyRelu);
    QCOMPARE(spec->layers[4].activation, Activation::kLinear);
  }

  void presetConnectionCountsMatchDesign() {
    // DESIGN.md §5 oracles.
    const std::pair<const char*, std::uint64_t> expected[] = {
        {"dense-ae", 417792}, {"local-ae", 365328}, {"rgb-ae", 2036528}};
    for (const auto& [name, count] : expected) {
      auto spec = parse_network_spec(name);
      QVERIFY2(spec.is_ok(), spec.message().c_str());
      QCOMPARE(spec_connection_count(*spec), count);
      QCOMPARE(brute_force_connections(*spec), count);
    }
  }

  void localCountMatchesFormula() {
    // W2's first layer: 28x28x1 → local 14x14x16 k3 s2: 16 · 1 · (Σx)(Σy).
    auto spec = parse_network_spec("input 28x28x1 | local 14x14x16 k3 s2 | up 28x28x1 k3");
    QVERIFY(spec.is_ok());
    const std::uint64_t local = 16ull * clipped_sum(14, 28, 3, 2, 0) * clipped_sum(14, 28, 3, 2, 0);
    const std::uint64_t up = 16ull * clipped_sum(28, 14, 3, 1, 2) * clipped_sum(28, 14, 3, 1, 2);
    QCOMPARE(layer_connection_count(spec->layers[1], spec->layers[0]), local);
    QCOMPARE(layer_connection_count(spec->layers[2], spec->layers[1]), up);
    QCOMPARE(local, std::uint64_t{26896});
  }

  void printParseRoundTrip() {
    const char* texts[] = {
        "dense-ae", "local-ae", "rgb-ae",
        "enc: input 9x7x3 | a: local 5x4x2 k3 s2 sigmoid | mid: dense 2x2x1 | up 10x8x3 k5 leaky",
        "input 4x4x1\n# a comment line\ndense 3x3x1 embedding # the middle\ndense 3x3x1\ndense 4x4x1 sigmoid",
    };
    for (const char* text : texts) {
      auto spec = parse_network_spec(text);
      QVERIFY2(spec.is_ok(), spec.message().c_str());
      for (bool one_line : {true, false}) {
        const std::string printed = print_network_spec(*spec, one_line);
        auto again = parse_network_spec(printed);
        QVERIFY2(again.is_ok(), (printed + ": " + again.message()).c_str());
        QVERIFY2(*again == *spec, printed.c_str());
        QCOMPARE(print_network_spec(*again, one_line), printed);
      }
    }
  }

  void embeddingDefaultsToSmallestLayer() {
    auto spec = parse_network_spec("input 6x6x1 | dense 4x4x1 | dense 2x2x1 | dense 6x6x1");
    QVERIFY(spec.is_ok());
    QCOMPARE(spec->embedding_layer, 2);
  }

  void errorsNamePositions_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown kind") << "input 4x4x1 | dens 2x2x1" << "1:15: unknown layer kind 'dens'";
    QTest::newRow("bad dims") << "input 4x4x1 | dense 2by2" << "1:21: expected the layer's dimensions";
    QTest::newRow("even kernel") << "input 8x8x1 | local 4x4x1 k2 s2" << "kernel size 2 must be odd";
    QTest::newRow("no kernel") << "input 8x8x1 | local 4x4x1 s2" << "need a kernel size";
    QTest::newRow("dense kernel") << "input 8x8x1 | dense 4x4x1 k3" << "take no kernel size";
    QTest::newRow("up not multiple") << "input 8x8x1 | dense 3x3x1 | up 8x8x1 k3" << "not an integer multiple";
    QTest::newRow("local too big") << "input 8x8x1 | local 8x8x1 k3 s2" << "outside its 8x8 source";
    QTest::newRow("no input") << "dense 4x4x1 | dense 2x2x1" << "1:1: the first layer must be 'input";
    QTest::newRow("two inputs") << "input 4x4x1 | input 4x4x1" << "only the first layer can be an input";
    QTest::newRow("second line") << "input 4x4x1\ndense 2x2x1 wat" << "2:13: unexpected 'wat'";
    QTest::newRow("two embeddings") << "input 4x4x1 | dense 2x2x1 embedding | dense 2x2x1 embedding | dense 4x4x1"
                                    << "a second 'embedding' marker";
    QTest::newRow("tie") << "input 4x4x1 | dense 2x2x1 | dense 2x2x1 | dense 4x4x1" << "mark the embedding layer";
    QTest::newRow("one layer") << "input 4x4x1" << "at least one more layer";
    QTest::newRow("empty") << "  " << "empty network spec";
    QTest::newRow("too many connections") << "input 4096x4096x1 | dense 4096x4096x1" << "connections";
  }
  void errorsNamePositions() {
    QFETCH(QString, text);
    QFETCH(QString, fragment);
    auto spec = parse_network_spec(text.toStdString(), "spec");
    QVERIFY(!spec.is_ok());
    QVERIFY2(QString::fromStdString(spec.message()).contains(fragment), spec.message().c_str());
  }
};

QTEST_APPLESS_MAIN(TestNetworkSpec)
#include "test_network_spec.moc"
