// test_encode_decode.cpp — encode and decode (core/network_module.h) in every registered module,
// against the same module's full forward pass: encode gives the embedding layer's values of
// forward(), decode(encode(x)) gives forward(x)'s outputs, for dense, local and up layers with
// several channels, an embedding marked on a layer that is not the smallest, the three benchmark
// presets, batch sizes 1 and 5, and 1 or 2 threads. The loops go over the registry, so each
// optimized module (layer_o1, …, graph_o2, …) is covered as soon as it is registered.
//
// Graph networks (networks/graph_net.h): encode is the embedding image at iteration T of the full
// forward pass, on the recurrent preset graph-ae too. decode clamps the embedding at every
// iteration and the input to 0, so decode(encode(x)) is forward(x) only where the output depends
// on the input through the embedding alone: a feed-forward chain whose depth is T. (The
// recurrent case is checked against a float64 evaluation in tests/test_graph_net.cpp.)
//
// Tolerance: the reference modules compute both paths with the same sums in the same order, so it
// must match exactly; other modules may order a sum differently in a split pass (for instance a
// kernel that fuses two layers), so they get 1e-5 of the compared array's largest magnitude — the
// size of a few float roundings, far below any real difference.
//
//   ctest --test-dir build -R test_encode_decode --output-on-failure
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/initializer.h"
#include "networks/registry.h"

using namespace dendrite;

namespace {

constexpr double kModuleTolerance = 1e-5;

std::vector<float> pattern(std::size_t n, double a, double b) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(0.5 + 0.5 * std::sin(a * static_cast<double>(i) + b));
  return v;
}

// Empty when equal within the module's tolerance, else where and how they differ.
std::string compare(const std::vector<float>& got, const std::vector<float>& want, const std::string& module) {
  if (got.size() != want.size()) return "sizes differ";
  double scale = 0;
  for (float w : want) scale = std::max(scale, std::fabs(static_cast<double>(w)));
  const double tolerance = module == "layer" || module == "graph" ? 0.0 : kModuleTolerance * std::max(scale, 1e-30);
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double diff = std::fabs(static_cast<double>(got[i]) - want[i]);
    if (!(diff <= tolerance))
      return str_cat("index ", i, ": got ", got[i], ", want ", want[i], " (tolerance ", tolerance, ")");
  }
  return {};
}

// Gives every non-input neuron a small non-zero bias (the default init leaves them 0), so the
// checks below see biases too.
Status set_small_biases(NetworkModule& m, double phase) {
  ParameterState state;
  m.export_state(state);
  const auto biases = pattern(state.biases.size(), phase, 1.0);
  for (std::size_t n = m.topology().input_size(); n < state.biases.size(); ++n) state.biases[n] = 0.1f * (biases[n] - 0.5f);
  return m.import_state(state);
}

// Runs decode, forward, encode and decode again on `m` and names what does not hold (empty when
// all does): encode(x) equals the embedding layer's values after forward(x); decode(encode(x))
// equals forward(x) when the network is `feed_forward`; decoding an embedding gives the same image
// before any forward pass and after others (at another batch size in between, so stale buffers
// would show), and not the image of another embedding.
std::string encode_decode_mismatch(NetworkModule& m, int batch, bool feed_forward, const std::string& module) {
  const Topology& t = m.topology();
  const auto b = static_cast<std::size_t>(batch);
  const LayerInfo& e = t.layers[static_cast<std::size_t>(t.embedding_layer)];
  const auto inputs = pattern(t.input_size() * b, 0.011, 0.3);

  // Decode first, on a module that has not run a forward pass yet: it must not depend on one.
  const auto probe = pattern(e.neuron_count * b, 0.7, 0.2);
  std::vector<float> decoded_fresh(t.output_size() * b);
  m.decode(probe.data(), batch, decoded_fresh.data());

  m.forward(inputs.data(), batch);
  std::vector<float> full(t.output_size() * b);
  m.outputs(full.data());
  std::vector<float> layer_values(e.neuron_count * b);  // [sample][embedding neuron]
  std::vector<float> values(t.neuron_count);
  for (int s = 0; s < batch; ++s) {
    m.neuron_values(s, values.data());
    std::copy_n(values.data() + e.first_neuron, e.neuron_count, layer_values.data() + static_cast<std::size_t>(s) * e.neuron_count);
  }
  const auto other = pattern(t.input_size() * 2, 0.05, 0.9);
  m.forward(other.data(), 2);

  std::vector<float> embedding(e.neuron_count * b);
  m.encode(inputs.data(), batch, embedding.data());
  std::string why = compare(embedding, layer_values, module);
  if (!why.empty()) return "encode: " + why;

  std::vector<float> decoded(t.output_size() * b);
  m.decode(embedding.data(), batch, decoded.data());
  if (feed_forward) {
    why = compare(decoded, full, module);
    if (!why.empty()) return "decode(encode(x)) vs forward(x): " + why;
  }
  std::vector<float> decoded_again(t.output_size() * b);
  m.decode(probe.data(), batch, decoded_again.data());
  why = compare(decoded_again, decoded_fresh, module);
  if (!why.empty()) return "decode is not repeatable: " + why;
  if (decoded_again == decoded) return "two different embeddings decode to the same image";
  return "";
}

}  // namespace

class TestEncodeDecode : public QObject {
  Q_OBJECT

 private slots:
  void matchesTheFullForwardPass_data() {
    QTest::addColumn<QString>("module");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("threads");
    const char* specs[] = {
        "input 6x6x1 | dense 5x1x1 | dense 2x2x1 | dense 6x6x1 linear",
        // Marked on a layer that is not the smallest; the output is sigmoid.
        "input 6x6x1 | dense 4x4x1 embedding | dense 2x1x1 | dense 6x6x1 sigmoid",
        // Several channels through local and up layers; the embedding right before the output.
        "input 8x8x2 | local 4x4x3 k3 s2 | local 2x2x4 k3 s2 | up 4x4x3 k3 embedding | up 8x8x2 k3 linear",
        "dense-ae",
        "local-ae",
        "rgb-ae",
    };
    int layer_modules = 0;
    for (const ModuleInfo& m : registered_modules()) {
      if (m.family != NetworkFamily::kLayer) continue;
      ++layer_modules;
      for (const char* spec : specs)
        for (int batch : {1, 5})
          for (int threads : {1, 2}) {
            if (std::string(spec) == "rgb-ae" && batch == 5) continue;  // batch 1 covers it; keep it quick
            QTest::addRow("%s %s batch %d threads %d", m.name, spec, batch, threads)
                << QString::fromLatin1(m.name) << QString::fromLatin1(spec) << batch << threads;
          }
    }
    QVERIFY2(layer_modules >= 1, "the registry has no module of the layer family");
  }

  void matchesTheFullForwardPass() {
    QFETCH(QString, module);
    QFETCH(QString, spec);
    QFETCH(int, batch);
    QFETCH(int, threads);
    auto parsed = parse_network_spec(spec.toStdString());
    QVERIFY2(parsed.is_ok(), parsed.message().c_str());
    Executor executor(threads);
    auto made = create_module(module.toStdString(), *parsed, ModuleOptions{}, executor);
    QVERIFY2(made.is_ok(), made.message().c_str());
    NetworkModule& m = **made;
    QVERIFY(initialize_module(m, {}, 11).is_ok());
    QVERIFY(set_small_biases(m, 0.37).is_ok());
    const std::string why = encode_decode_mismatch(m, batch, /*feed_forward=*/true, module.toStdString());
    QVERIFY2(why.empty(), why.c_str());
  }
  void graphModulesMatchTheForwardPass_data() {
    QTest::addColumn<QString>("module");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("feedForward");
    QTest::addColumn<int>("threads");
    const char* chain =
        "graph | i: input 6x6 | a: image 6x6x2 <- i local k3 | e: image 3x3x2 embedding <- a local k3 s2"
        " | b: image 6x6x2 <- e up k3 | o: output 6x6 <- b local k3";
    int graph_modules = 0;
    for (const ModuleInfo& m : registered_modules()) {
      if (m.family != NetworkFamily::kGraph) continue;
      ++graph_modules;
      for (int threads : {1, 2}) {
        QTest::addRow("%s chain threads %d", m.name, threads) << QString::fromLatin1(m.name) << QString::fromLatin1(chain)
                                                              << true << threads;
        QTest::addRow("%s graph-ae threads %d", m.name, threads) << QString::fromLatin1(m.name)
                                                                 << QStringLiteral("graph-ae") << false << threads;
      }
    }
    QVERIFY2(graph_modules >= 1, "the registry has no module of the graph family");
  }

  void graphModulesMatchTheForwardPass() {
    QFETCH(QString, module);
    QFETCH(QString, spec);
    QFETCH(bool, feedForward);
    QFETCH(int, threads);
    auto parsed = parse_network_spec(spec.toStdString());
    QVERIFY2(parsed.is_ok(), parsed.message().c_str());
    Executor executor(threads);
    ModuleOptions options;
    options.iterations = 4;  // the chain's depth: i → a → e → b → o
    auto made = create_module(module.toStdString(), *parsed, options, executor);
    QVERIFY2(made.is_ok(), made.message().c_str());
    NetworkModule& m = **made;
    QVERIFY(initialize_module(m, {}, 13).is_ok());
    QVERIFY(set_small_biases(m, 0.29).is_ok());
    const std::string why = encode_decode_mismatch(m, /*batch=*/3, feedForward, module.toStdString());
    QVERIFY2(why.empty(), why.c_str());
  }
};

QTEST_APPLESS_MAIN(TestEncodeDecode)
#include "test_encode_decode.moc"
