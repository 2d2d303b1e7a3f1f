// test_graph_spec.cpp — the graph form of the network spec (core/network_spec.h): the G1 preset and
// its connection count (DESIGN.md §5 oracle), the two generators, print → parse round trips, line
// continuation, and errors that name the line and column of the offending token.
//
//   ctest --test-dir build -R test_graph_spec --output-on-failure
#include <QtTest>

#include <string>

#include "core/network_spec.h"

using namespace dendrite;

namespace {

// "line:column" of the `occurrence`-th (0-based) appearance of `needle` in `text`.
std::string position_of(const std::string& text, const std::string& needle, int occurrence = 0) {
  std::size_t at = text.find(needle);
  for (int i = 0; i < occurrence && at != std::string::npos; ++i) at = text.find(needle, at + 1);
  if (at == std::string::npos) return "needle not found";
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return std::to_string(line) + ":" + std::to_string(at - line_start + 1);
}

NetworkSpec parse_ok(const std::string& text) {
  auto spec = parse_network_spec(text, "test");
  if (!spec) qFatal("unexpected parse error: %s", spec.message().c_str());
  return *spec;
}

std::uint64_t image_connections(const NetworkSpec& spec, std::size_t image) {
  std::uint64_t n = 0;
  for (const SourceSpec& read : spec.layers[image].sources)
    n += read_connection_count(spec.layers[image], read, spec.layers[static_cast<std::size_t>(read.image)]);
  return n;
}

}  // namespace

class TestGraphSpec : public QObject {
  Q_OBJECT

 private slots:
  void g1_preset_matches_the_design() {
    const NetworkSpec spec = parse_ok("graph-ae");
    QCOMPARE(spec.family, NetworkFamily::kGraph);
    QCOMPARE(spec.layers.size(), std::size_t{5});
    QCOMPARE(spec.layers[0].name, std::string("in"));
    QCOMPARE(spec.layers[0].kind, LayerKind::kInput);
    QCOMPARE(spec.layers[4].name, std::string("out"));
    QCOMPARE(spec.layers[4].activation, Activation::kLinear);
    QCOMPARE(spec.layers[1].activation, Activation::kLeakyRelu);
    QCOMPARE(spec.embedding_layer, 2);
    QCOMPARE(spec.graph, GraphHeader{});  // T and weighting come from the module options
    // DESIGN.md §5: 855,412 connections per iteration.
    QCOMPARE(spec_connection_count(spec), std::uint64_t{855412});
    QCOMPARE(spec_neuron_count(spec), std::uint64_t{784 + 3 * 1568 + 784});
    // By hand: INPUT/OUTPUT → 14x14x8 (local k3 s2) = 8·41·41 = 13448; 14x14x8 → 14x14x8 (local
    // k3 s1) = 64·40·40 = 102400; H3 → OUTPUT (up k3) = 8·80·80 = 51200; OUTPUT → OUTPUT = 82·82.
    QCOMPARE(image_connections(spec, 1), std::uint64_t{2 * 13448 + 2 * 102400});
    QCOMPARE(image_connections(spec, 2), std::uint64_t{2 * 13448 + 3 * 102400});
    QCOMPARE(image_connections(spec, 3), std::uint64_t{2 * 13448 + 2 * 102400});
    QCOMPARE(image_connections(spec, 4), std::uint64_t{51200 + 6724});
    // Z reads {INPUT, OUTPUT, Z-1, Z, Z+1}.
    const auto& h2 = spec.layers[2].sources;
    QCOMPARE(h2.size(), std::size_t{5});
    std::vector<int> read_images;
    for (const SourceSpec& read : h2) read_images.push_back(read.image);
    std::sort(read_images.begin(), read_images.end());
    QCOMPARE(read_images, (std::vector<int>{0, 1, 2, 3, 4}));
  }

  void layered_generator_makes_g1_and_other_depths() {
    QCOMPARE(parse_ok(layered_graph_spec({28, 28, 1}, {14, 14, 8}, 3)), parse_ok("graph-ae"));
    const NetworkSpec one = parse_ok(layered_graph_spec({28, 28, 1}, {14, 14, 8}, 1));
    QCOMPARE(one.layers.size(), std::size_t{3});
    QCOMPARE(spec_connection_count(one), std::uint64_t{2 * 13448 + 102400 + 51200 + 6724});
    const NetworkSpec five = parse_ok(layered_graph_spec({28, 28, 1}, {14, 14, 8}, 5));
    QCOMPARE(five.embedding_layer, 3);
    QCOMPARE(spec_connection_count(five), std::uint64_t{5 * 2 * 13448 + 13 * 102400 + 51200 + 6724});
  }

  void random_generator_counts_k_per_neuron() {
    const NetworkSpec spec = parse_ok("graph-random");
    QCOMPARE(spec.family, NetworkFamily::kGraph);
    QCOMPARE(spec.embedding_layer, 1);  // the only hidden image
    for (const LayerSpec& image : spec.layers)
      for (const SourceSpec& read : image.sources) {
        QCOMPARE(read.kind, ReadKind::kRandom);
        QCOMPARE(read.count, 12);
        QCOMPARE(read.radius, 2);
        QCOMPARE(read.long_range, 0.05f);
      }
    // g (28x28x2) reads in, g, out; out (28x28x1) reads g, out: 12 per neuron and read.
    QCOMPARE(spec_connection_count(spec), std::uint64_t{3 * 12 * 1568 + 2 * 12 * 784});
    const NetworkSpec seeded = parse_ok(random_graph_spec({8, 8, 1}, {8, 8, 3}, 4, 1, 0.5f, 77));
    QCOMPARE(seeded.graph.seed, std::uint64_t{77});
  }

  void round_trips_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("graph-ae") << "graph-ae";
    QTest::newRow("graph-random") << "graph-random";
    QTest::newRow("everything")
        << "graph t6 loss ramp seed42 | a: input 8x8x2 | b: image 4x4x3 sigmoid <- a local k3 s2, "
           "b random k5 r1 p0.25, c dense | c: image 2x2x1 embedding <- b local k1 s2 | "
           "d: output 8x8x2 leaky <- c up k5, d local k3, a random k3 r0";
    QTest::newRow("pins only T") << "graph t1 | i: input 3x3 | o: output 3x3 <- i dense, o random k2 r0 p1";
    QTest::newRow("last weighting") << "graph loss last | i: input 3x5 | o: output 3x5 sigmoid <- i local k1";
  }
  void round_trips() {
    QFETCH(QString, text);
    const NetworkSpec spec = parse_ok(text.toStdString());
    for (bool one_line : {true, false}) {
      const std::string printed = print_network_spec(spec, one_line);
      auto again = parse_network_spec(printed, "printed");
      QVERIFY2(again.is_ok(), again.message().c_str());
      QVERIFY2(*again == spec, printed.c_str());
      QCOMPARE(print_network_spec(*again, one_line), printed);
    }
  }

  void prints_readably() {
    const NetworkSpec spec = parse_ok("graph-ae");
    const std::string printed = print_network_spec(spec, false);
    QVERIFY(printed.rfind("graph\nin: input 28x28x1\nh1: image 14x14x8 <- in local k3 s2, out local k3 s2, "
                          "h1 local k3 s1, h2 local k3 s1\n", 0) == 0);
    QVERIFY(printed.find("h2: image 14x14x8 embedding <- ") != std::string::npos);
    QVERIFY(printed.find("out: output 28x28x1 linear <- h3 up k3, out local k3 s1") != std::string::npos);
    const NetworkSpec pinned = parse_ok("graph t3 loss last seed9 | i: input 2x2 | o: output 2x2 <- i random k2 r0 p0.1");
    QCOMPARE(print_network_spec(pinned),
             std::string("graph t3 loss last seed9 | i: input 2x2x1 | o: output 2x2x1 linear embedding <- i random k2 r0 p0.1"));
  }

  void lines_continue_after_comma_or_arrow() {
    const std::string split =
        "graph  # the G1 images\n"
        "in: input 28x28x1\n"
        "h1: image 14x14x8 <- in local k3 s2, out local k3 s2,\n"
        "    h1 local k3, h2 local k3\n"
        "h2: image 14x14x8 embedding <-\n"
        "    in local k3 s2, out local k3 s2, h1 local k3, h2 local k3, h3 local k3\n"
        "h3: image 14x14x8 <- in local k3 s2, out local k3 s2, h2 local k3, h3 local k3\n"
        "out: output 28x28x1 <- h3 up k3, out local k3\n";
    QCOMPARE(parse_ok(split), parse_ok("graph-ae"));
  }

  void header_pins_and_loss_weights() {
    const NetworkSpec spec = parse_ok("graph t7 loss ramp | i: input 2x2 | o: output 2x2 <- i dense");
    QCOMPARE(spec.graph.iterations, 7);
    QCOMPARE(spec.graph.loss_weighting, std::string("ramp"));
    QCOMPARE(loss_weights("last", 3), (std::vector<double>{0.0, 0.0, 1.0}));
    const std::vector<double> uniform = loss_weights("uniform", 4);
    for (double w : uniform) QCOMPARE(w, 0.25);
    const std::vector<double> ramp = loss_weights("ramp", 3);  // 1/6, 2/6, 3/6
    QCOMPARE(ramp.size(), std::size_t{3});
    QVERIFY(std::abs(ramp[0] - 1.0 / 6) < 1e-15 && std::abs(ramp[1] - 2.0 / 6) < 1e-15 &&
            std::abs(ramp[2] - 3.0 / 6) < 1e-15);
    QVERIFY(is_loss_weighting("uniform") && !is_loss_weighting("linear"));
  }

  void layer_specs_are_unchanged() {
    const NetworkSpec dense = parse_ok("dense-ae");
    QCOMPARE(dense.family, NetworkFamily::kLayer);
    QCOMPARE(spec_connection_count(dense), std::uint64_t{417792});
    QCOMPARE(spec_connection_count(parse_ok("local-ae")), std::uint64_t{365328});
    QCOMPARE(spec_connection_count(parse_ok("rgb-ae")), std::uint64_t{2036528});
    // ',' and '<-' are graph syntax; in a layer spec they are positioned errors.
    const std::string text = "input 4x4 | dense 2x2 <- input";
    auto spec = parse_network_spec(text, "t");
    QVERIFY(!spec.is_ok());
    QVERIFY2(spec.message().find("t:" + position_of(text, "<-") + ": unexpected '<-'") != std::string::npos,
             spec.message().c_str());
  }

  void errors_name_the_position_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<int>("occurrence");
    QTest::addColumn<QString>("message");
    const QString io = "graph\ni: input 4x4x1\n";
    QTest::newRow("unknown source") << io + "h: image 2x2 <- i local k3 s2, zz local k3\no: output 4x4 <- h up k3"
                                    << "zz" << 0 << "unknown image 'zz' (images: i, h, o)";
    QTest::newRow("duplicate name") << io + "i: output 4x4 <- i local k3" << "i:" << 1
                                    << "a second image named 'i'";
    QTest::newRow("missing name") << "graph | input 4x4 | o: output 4x4 <- in local k3" << "input" << 0
                                  << "graph images need a name";
    QTest::newRow("first is not the input") << "graph | o: output 4x4 <- o local k3 | p: output 4x4 <- o dense"
                                            << "output" << 0 << "the first image must be the input";
    QTest::newRow("last is not the output") << io + "h: image 4x4 <- i local k3" << "image" << 0
                                            << "the last image must be the output";
    QTest::newRow("output in the middle") << io + "o: output 4x4 <- i local k3\nh: image 4x4 <- o local k3"
                                          << "output" << 0 << "only the last image can be the output";
    QTest::newRow("input reads") << "graph | i: input 4x4 <- i local k3 | o: output 4x4 <- i dense" << "input" << 0
                                 << "the input is clamped";
    QTest::newRow("reads nothing") << io + "h: image 4x4\no: output 4x4 <- h local k3" << "image" << 0
                                   << "'h' reads nothing";
    QTest::newRow("unknown read") << io + "o: output 4x4 <- i conv k3" << "conv" << 0 << "unknown read 'conv'";
    QTest::newRow("local without kernel") << io + "o: output 4x4 <- i local s1" << "local" << 0
                                          << "local reads need a kernel size kK";
    QTest::newRow("even kernel") << io + "o: output 4x4 <- i local k4" << "local" << 0 << "must be odd";
    QTest::newRow("stride on up") << io + "o: output 8x8 <- i up k3 s2" << "s2" << 0 << "unexpected 's2'";
    QTest::newRow("local outside") << io + "o: output 4x4 <- i local k3 s2" << "local" << 0
                                   << "would centre windows outside its 4x4 source";
    QTest::newRow("up not a multiple") << io + "o: output 6x6 <- i up k3" << "up" << 0
                                       << "not an integer multiple of its 4x4 source";
    QTest::newRow("random needs r") << io + "o: output 4x4 <- i random k3" << "random" << 0
                                    << "random reads need kN";
    QTest::newRow("random wants too many") << io + "o: output 4x4 <- i random k17 r1" << "random" << 0
                                           << "wants more sources than 'i' has (16)";
    QTest::newRow("bad fraction") << io + "o: output 4x4 <- i random k3 r1 p1.5" << "p1.5" << 0
                                  << "pP is a number in [0, 1]";
    QTest::newRow("read twice") << io + "o: output 4x4 <- i local k3, i dense" << "i dense" << 0
                                << "'o' already reads 'i'";
    QTest::newRow("trailing comma") << io + "o: output 4x4 <- i local k3," << "," << 0 << "expected a read";
    QTest::newRow("read without kind") << io + "o: output 4x4 <- i\n" << "i\n" << 0 << "how is 'i' read?";
    QTest::newRow("layer kind in a graph") << io + "o: local 4x4 k3" << "local" << 0
                                           << "graph images are input, image or output";
    QTest::newRow("bad dimensions") << io + "o: output 4x4x <- i dense" << "4x4x " << 0
                                    << "expected the image's dimensions";
    QTest::newRow("two embeddings") << io + "a: image 2x2 embedding <- i dense\no: output 4x4 embedding <- a dense"
                                    << "embedding" << 1 << "a second 'embedding' marker ('a' has one)";
    QTest::newRow("bad T") << "graph t0 | i: input 2x2 | o: output 2x2 <- i dense" << "t0" << 0
                           << "unexpected 't0' in the graph header";
    QTest::newRow("T twice") << "graph t3 t4 | i: input 2x2 | o: output 2x2 <- i dense" << "t4" << 0
                             << "iterations tT given twice";
    QTest::newRow("bad weighting") << "graph loss wide | i: input 2x2 | o: output 2x2 <- i dense" << "wide" << 0
                                   << "expected the loss weighting after 'loss'";
    QTest::newRow("bad option") << io + "o: output 4x4 fast <- i dense" << "fast" << 0 << "unexpected 'fast'";
    QTest::newRow("option in read") << io + "o: output 4x4 <- i dense k3" << "k3" << 0
                                    << "dense reads take no options";
  }
  void errors_name_the_position() {
    QFETCH(QString, text);
    QFETCH(QString, needle);
    QFETCH(int, occurrence);
    QFETCH(QString, message);
    const std::string t = text.toStdString();
    auto spec = parse_network_spec(t, "spec");
    QVERIFY2(!spec.is_ok(), "parsed although it should not");
    const std::string expected_prefix = "spec:" + position_of(t, needle.toStdString(), occurrence) + ": ";
    QVERIFY2(spec.message().rfind(expected_prefix, 0) == 0,
             qPrintable(QString::fromStdString(spec.message() + "  (expected at " + expected_prefix + ")")));
    QVERIFY2(spec.message().find(message.toStdString()) != std::string::npos, spec.message().c_str());
  }

  void errors_without_a_single_position() {
    // A tie for the smallest hidden image asks for the marker.
    auto tie = parse_network_spec(
        "graph | i: input 4x4 | a: image 2x2 <- i local k1 s2 | b: image 2x2 <- a local k1 | o: output 4x4 <- b up k1",
        "spec");
    QVERIFY(!tie.is_ok());
    QVERIFY2(tie.message().find("several images share the fewest neurons (4); mark the embedding image") !=
                 std::string::npos,
             tie.message().c_str());
    auto short_graph = parse_network_spec("graph | i: input 4x4", "spec");
    QVERIFY(!short_graph.is_ok());
    QVERIFY(short_graph.message().find("needs an input image and an output image") != std::string::npos);
    // The connection cap names the image where the total passes it.
    SpecLimits limits;
    limits.max_connections = 100;
    const std::string text = "graph\ni: input 4x4\nh: image 4x4 <- i local k3\no: output 4x4 <- h dense";
    auto capped = parse_network_spec(text, "spec", limits);
    QVERIFY(!capped.is_ok());
    QVERIFY2(capped.message().rfind("spec:" + position_of(text, "o:") + ": the network passes the limit of 100", 0) == 0,
             capped.message().c_str());
  }
};

QTEST_APPLESS_MAIN(TestGraphSpec)
#include "test_graph_spec.moc"
