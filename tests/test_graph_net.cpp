// test_graph_net.cpp — graph network modules (networks/graph_net*.h), each one on its own: a forward
// pass and gradients computed by hand, finite-difference gradients through time on a small
// recurrent graph with self loops (float64 evaluation, tests/graph_eval64.h), the PyTorch golden
// file (tests/data/graph_torch_golden.txt, made by tests/graph_torch_reference.py), what
// train_step / evaluate / iteration_losses return, encode/decode as documented, a feed-forward
// graph against the layer module, and model file round trips. Every case runs for every graph
// module (tiny-dnn style); tests/test_graph_variants.cpp compares the modules with each other.
//
//   ctest --test-dir build -R test_graph_net --output-on-failure
#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/model_file.h"
#include "core/random.h"
#include "networks/graph_structure.h"
#include "networks/model_io.h"
#include "networks/registry.h"
#include "tests/graph_eval64.h"

using namespace dendrite;

namespace {

// A small recurrent graph: self loops (h local k3 includes h→h of the same neuron, o local k1 is
// exactly o→o), cycles through the output, a random read, and all three activations.
const char* kRecurrentSpec =
    "graph\n"
    "i: input 3x3x1\n"
    "h: image 2x2x2 <- i local k3, h local k3, o local k3\n"
    "g: image 3x3x1 sigmoid embedding <- h random k3 r1 p0.5, g local k1, i local k1\n"
    "o: output 3x3x1 <- h dense, g local k3, o local k1\n";

std::unique_ptr<NetworkModule> make_module(const std::string& impl, const std::string& spec_text, Executor& executor,
                                           ModuleOptions options = {}, std::uint64_t seed = 3,
                                           InitScheme scheme = InitScheme::kTorchDefault) {
  InitOptions init;
  init.scheme = scheme;
  auto module = create_initialized_module(spec_text, impl, options, init, seed, executor);
  if (!module) qFatal("cannot build %s: %s", impl.c_str(), module.message().c_str());
  return std::move(*module);
}

std::vector<float> random_values(std::size_t n, std::uint64_t seed, float lo = 0.0f, float hi = 1.0f) {
  Rng rng(seed, RandomStream::kMisc);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(lo, hi);
  return v;
}

void add_impl_rows() {
  QTest::addColumn<QString>("impl");
  for (const char* impl : {"graph", "graph_o1", "graph_o2"}) QTest::newRow(impl) << impl;
}

bool near(double a, double b, double relative, double absolute) {
  return std::abs(a - b) <= absolute + relative * std::max(std::abs(a), std::abs(b));
}

}  // namespace

class TestGraphNet : public QObject {
  Q_OBJECT

 private slots:
  void hand_computed_forward_and_gradients_data() { add_impl_rows(); }
  void hand_computed_forward_and_gradients() {
    QFETCH(QString, impl);
    Executor executor(1);
    ModuleOptions options;
    options.loss_weighting = "last";
    options.iterations = 2;
    auto module = make_module(impl.toStdString(),
                              "graph | i: input 1x1 | h: image 1x1 <- i dense, h dense | o: output 1x1 <- h dense, o dense",
                              executor, options);
    // Connections by target, sources ascending: 0 i→h, 1 h→h, 2 h→o, 3 o→o.
    QCOMPARE(module->connection(1).source, std::size_t{1});
    QCOMPARE(module->connection(1).target, std::size_t{1});
    QCOMPARE(module->connection(3).source, std::size_t{2});
    const float w[] = {2.0f, 0.5f, 3.0f, -1.0f};
    for (std::size_t c = 0; c < 4; ++c) module->set_weight(c, w[c]);
    module->set_bias(1, 0.1f);
    module->set_bias(2, 0.2f);
    // t=1: h = 0.1 + 2·1 = 2.1, o = 0.2;  t=2: h = 0.1 + 2 + 0.5·2.1 = 3.15, o = 0.2 + 3·2.1 − 0.2 = 6.3
    const float x = 1.0f, y = 1.0f;
    float out = 0;
    const double mse = module->evaluate(&x, &y, 1, &out);
    QVERIFY(near(out, 6.3, 1e-6, 0));
    QVERIFY(near(mse, 5.3 * 5.3, 1e-6, 0));
    const std::vector<double> losses = module->iteration_losses();
    QCOMPARE(losses.size(), std::size_t{2});
    QVERIFY(near(losses[0], 0.8 * 0.8, 1e-6, 0));
    float values[3];
    module->neuron_values(0, values);
    QVERIFY(near(values[1], 3.15, 1e-6, 0));
    // Loss last: δ2[o] = 2·5.3 = 10.6, δ2[h] = 0, δ1[o] = −10.6, δ1[h] = 3·10.6 = 31.8.
    std::vector<double> wg, bg;
    QVERIFY(module->compute_gradients(&x, &y, 1, wg, bg).is_ok());
    const double expected_w[] = {31.8, 0.0, 10.6 * 2.1, 10.6 * 0.2};
    for (std::size_t c = 0; c < 4; ++c)
      QVERIFY2(near(wg[c], expected_w[c], 1e-5, 1e-5), qPrintable(QString("w%1: %2").arg(c).arg(wg[c])));
    QVERIFY(near(bg[1], 31.8, 1e-5, 1e-5));
    QVERIFY(near(bg[2], 0.0, 0, 1e-5));
    QCOMPARE(bg[0], 0.0);
    // train_step returns the weighted loss of the pass before the update (here L2), then updates.
    OptimizerConfig sgd;
    sgd.kind = OptimizerKind::kSgd;
    sgd.learning_rate = 0.01f;
    const double step_loss = module->train_step(&x, &y, 1, sgd);
    QVERIFY(near(step_loss, 5.3 * 5.3, 1e-6, 0));
    QVERIFY(near(module->weight(0), 2.0 - 0.01 * 31.8, 1e-6, 0));
    QVERIFY(near(module->weight(2), 3.0 - 0.01 * 22.26, 1e-6, 0));
  }

  void loss_weightings_data() { add_impl_rows(); }
  void loss_weightings() {
    QFETCH(QString, impl);
    Executor executor(1);
    for (const char* weighting : {"last", "uniform", "ramp"}) {
      ModuleOptions options;
      options.loss_weighting = weighting;
      options.iterations = 3;
      auto module = make_module(impl.toStdString(), kRecurrentSpec, executor, options);
      const auto x = random_values(2 * 9, 11), y = random_values(2 * 9, 12);
      OptimizerConfig sgd;
      sgd.kind = OptimizerKind::kSgd;
      sgd.learning_rate = 1e-3f;
      const test::GraphEval64 eval(*module);
      const std::vector<double> expected = eval.iteration_losses(x, y, 2);
      const double loss = module->train_step(x.data(), y.data(), 2, sgd);
      const std::vector<double> losses = module->iteration_losses();
      QCOMPARE(losses.size(), std::size_t{3});
      const std::vector<double> alpha = loss_weights(weighting, 3);
      double weighted = 0;
      for (std::size_t t = 0; t < 3; ++t) {
        QVERIFY2(near(losses[t], expected[t], 1e-5, 1e-9), weighting);
        weighted += alpha[t] * losses[t];
      }
      QVERIFY2(near(loss, weighted, 1e-12, 0), weighting);
      QVERIFY2(near(loss, eval.weighted_loss(x, y, 2), 1e-5, 1e-9), weighting);
      // evaluate() is the reconstruction MSE of the last iteration, whatever the weighting.
      module = make_module(impl.toStdString(), kRecurrentSpec, executor, options);
      std::vector<float> out(18);
      const double mse = module->evaluate(x.data(), y.data(), 2, out.data());
      QVERIFY(near(mse, expected.back(), 1e-5, 1e-9));
      double direct = 0;
      for (std::size_t i = 0; i < 18; ++i) direct += (double(out[i]) - y[i]) * (double(out[i]) - y[i]);
      QVERIFY(near(mse, direct / 18, 1e-9, 0));
    }
  }

  void gradients_match_finite_differences_through_time_data() {
    QTest::addColumn<QString>("impl");
    QTest::addColumn<QString>("weighting");
    QTest::addColumn<int>("iterations");
    for (const char* impl : {"graph", "graph_o1", "graph_o2"}) {
      QTest::newRow((std::string(impl) + " uniform T3").c_str()) << impl << "uniform" << 3;
      QTest::newRow((std::string(impl) + " ramp T5").c_str()) << impl << "ramp" << 5;
      QTest::newRow((std::string(impl) + " last T2").c_str()) << impl << "last" << 2;
    }
  }
  void gradients_match_finite_differences_through_time() {
    QFETCH(QString, impl);
    QFETCH(QString, weighting);
    QFETCH(int, iterations);
    Executor executor(1);
    ModuleOptions options;
    options.loss_weighting = weighting.toStdString();
    options.iterations = iterations;
    options.leakage = 0.1f;
    auto module = make_module(impl.toStdString(), kRecurrentSpec, executor, options, 5);
    const int batch = 3;
    const auto x = random_values(batch * 9, 21), y = random_values(batch * 9, 22);
    std::vector<double> wg, bg;
    QVERIFY(module->compute_gradients(x.data(), y.data(), batch, wg, bg).is_ok());
    test::GraphEval64 eval(*module);
    std::vector<double> fd_w, fd_b;
    eval.finite_difference_gradients(x, y, batch, 1e-6, fd_w, fd_b);
    double largest = 0;
    for (double g : fd_w) largest = std::max(largest, std::abs(g));
    for (double g : fd_b) largest = std::max(largest, std::abs(g));
    QVERIFY(largest > 1e-3);  // the check is not vacuous
    int nonzero = 0;
    for (std::size_t c = 0; c < wg.size(); ++c) {
      if (std::abs(fd_w[c]) > 1e-6) ++nonzero;
      QVERIFY2(near(wg[c], fd_w[c], 1e-3, 1e-5 * largest),
               qPrintable(QString("weight %1: module %2, finite difference %3").arg(c).arg(wg[c]).arg(fd_w[c])));
    }
    for (std::size_t n = 0; n < bg.size(); ++n)
      QVERIFY2(near(bg[n], fd_b[n], 1e-3, 1e-5 * largest),
               qPrintable(QString("bias %1: module %2, finite difference %3").arg(n).arg(bg[n]).arg(fd_b[n])));
    QVERIFY(nonzero > static_cast<int>(wg.size()) / 2);
    // The default compute_gradients (one SGD step at lr 1, read back) agrees as well.
    std::vector<double> stepped_w, stepped_b;
    QVERIFY(module->NetworkModule::compute_gradients(x.data(), y.data(), batch, stepped_w, stepped_b).is_ok());
    for (std::size_t c = 0; c < wg.size(); ++c) QVERIFY(near(stepped_w[c], wg[c], 1e-3, 1e-6 + 1e-5 * largest));
  }

  void pytorch_golden_file_data() { add_impl_rows(); }
  void pytorch_golden_file() {
    QFETCH(QString, impl);
    // Format (tests/graph_torch_reference.py): "key value..." lines.
    std::ifstream file(std::string(DENDRITE_TEST_DATA_DIR) + "/graph_torch_golden.txt");
    QVERIFY2(file.good(), "tests/data/graph_torch_golden.txt is missing");
    std::map<std::string, std::vector<double>> numbers;
    std::string spec_text, weighting, line;
    while (std::getline(file, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream in(line);
      std::string key;
      in >> key;
      if (key == "spec") {
        std::getline(in, spec_text);
        for (char& ch : spec_text)
          if (ch == ';') ch = '\n';
        continue;
      }
      if (key == "weighting") {
        in >> weighting;
        continue;
      }
      double v;
      while (in >> v) numbers[key].push_back(v);
    }
    ModuleOptions options;
    options.iterations = static_cast<int>(numbers["iterations"].at(0));
    options.loss_weighting = weighting;
    options.leakage = static_cast<float>(numbers["leakage"].at(0));
    Executor executor(1);
    auto module = make_module(impl.toStdString(), spec_text, executor, options);
    const auto& connections = numbers["connections"];  // source, target pairs
    QCOMPARE(connections.size(), module->topology().connection_count * 2);
    for (std::size_t c = 0; c < module->topology().connection_count; ++c) {
      QCOMPARE(module->connection(c).source, static_cast<std::size_t>(connections[2 * c]));
      QCOMPARE(module->connection(c).target, static_cast<std::size_t>(connections[2 * c + 1]));
    }
    ParameterState state;
    module->export_state(state);
    state.weights.assign(numbers["weights"].begin(), numbers["weights"].end());
    state.biases.assign(numbers["biases"].begin(), numbers["biases"].end());
    QVERIFY(module->import_state(state).is_ok());
    const int batch = static_cast<int>(numbers["batch"].at(0));
    const std::vector<float> x(numbers["inputs"].begin(), numbers["inputs"].end());
    const std::vector<float> y(numbers["targets"].begin(), numbers["targets"].end());
    std::vector<double> wg, bg;
    QVERIFY(module->compute_gradients(x.data(), y.data(), batch, wg, bg).is_ok());
    const std::vector<double> losses = module->iteration_losses();
    const auto& torch_losses = numbers["iteration_losses"];
    QCOMPARE(losses.size(), torch_losses.size());
    for (std::size_t t = 0; t < losses.size(); ++t) QVERIFY(near(losses[t], torch_losses[t], 1e-5, 1e-9));
    double largest = 0;
    for (double g : numbers["weight_gradients"]) largest = std::max(largest, std::abs(g));
    for (std::size_t c = 0; c < wg.size(); ++c)
      QVERIFY2(near(wg[c], numbers["weight_gradients"][c], 1e-4, 1e-6 * largest),
               qPrintable(QString("weight %1: %2 vs torch %3").arg(c).arg(wg[c]).arg(numbers["weight_gradients"][c])));
    for (std::size_t n = 0; n < bg.size(); ++n)
      QVERIFY2(near(bg[n], numbers["bias_gradients"][n], 1e-4, 1e-6 * largest),
               qPrintable(QString("bias %1: %2 vs torch %3").arg(n).arg(bg[n]).arg(numbers["bias_gradients"][n])));
    OptimizerConfig sgd;
    sgd.kind = OptimizerKind::kSgd;
    sgd.learning_rate = 1.0f;
    QVERIFY(near(module->train_step(x.data(), y.data(), batch, sgd), numbers["weighted_loss"].at(0), 1e-5, 1e-9));
  }

  void encode_and_decode_as_documented_data() { add_impl_rows(); }
  void encode_and_decode_as_documented() {
    QFETCH(QString, impl);
    Executor executor(1);
    ModuleOptions options;
    options.iterations = 4;
    auto module = make_module(impl.toStdString(), kRecurrentSpec, executor, options);
    const Topology& topology = module->topology();
    const LayerInfo& embedding = topology.layers[static_cast<std::size_t>(topology.embedding_layer)];
    QCOMPARE(embedding.label, std::string("g"));
    const int batch = 2;
    const auto x = random_values(batch * 9, 31);
    // encode: the embedding image's values at iteration T of the full forward pass.
    std::vector<float> code(batch * embedding.neuron_count);
    module->encode(x.data(), batch, code.data());
    const test::GraphEval64 eval(*module);
    std::vector<float> values(topology.neuron_count);
    for (int b = 0; b < batch; ++b) {
      const auto v = eval.run({{0, std::vector<double>(x.begin() + b * 9, x.begin() + (b + 1) * 9)}});
      module->neuron_values(b, values.data());
      for (std::size_t i = 0; i < embedding.neuron_count; ++i) {
        const float e = code[static_cast<std::size_t>(b) * embedding.neuron_count + i];
        QCOMPARE(e, values[embedding.first_neuron + i]);
        QVERIFY(near(e, v[4][embedding.first_neuron + i], 1e-5, 1e-7));
      }
    }
    // decode: the embedding image clamped to the code at every iteration, the input to 0.
    const auto edited = random_values(batch * embedding.neuron_count, 32);
    std::vector<float> out(batch * 9);
    module->decode(edited.data(), batch, out.data());
    for (int b = 0; b < batch; ++b) {
      const std::vector<double> e(edited.begin() + b * embedding.neuron_count,
                                  edited.begin() + (b + 1) * embedding.neuron_count);
      const auto v = eval.run({{0, std::vector<double>(9, 0.0)}, {static_cast<std::size_t>(topology.embedding_layer), e}});
      for (std::size_t i = 0; i < 9; ++i)
        QVERIFY(near(out[static_cast<std::size_t>(b) * 9 + i], v[4][topology.layers.back().first_neuron + i], 1e-5, 1e-6));
    }
  }

  void feed_forward_graph_equals_layer_network_data() { add_impl_rows(); }
  void feed_forward_graph_equals_layer_network() {
    // A chain read once per iteration: with T equal to its depth, the graph's last iteration is
    // exactly the layer network's forward pass, and decode(encode(x)) is the full forward pass.
    QFETCH(QString, impl);
    Executor executor(1);
    ModuleOptions options;
    options.iterations = 4;
    auto graph = make_module(impl.toStdString(),
                             "graph | i: input 6x6 | a: image 6x6x2 <- i local k3 | e: image 3x3x2 embedding <- a local k3 s2"
                             " | b: image 6x6x2 <- e up k3 | o: output 6x6 <- b local k3",
                             executor, options, 9, InitScheme::kHeUniform);
    auto layer = make_module("layer", "input 6x6 | local 6x6x2 k3 s1 | local 3x3x2 k3 s2 embedding | up 6x6x2 k3 | local 6x6 k3 s1 linear",
                             executor);
    QCOMPARE(graph->topology().connection_count, layer->topology().connection_count);
    for (std::size_t c = 0; c < graph->topology().connection_count; ++c) {
      QCOMPARE(graph->connection(c).source, layer->connection(c).source);
      QCOMPARE(graph->connection(c).target, layer->connection(c).target);
    }
    ParameterState state;
    graph->export_state(state);
    for (float& b : state.biases) b = 0.05f;
    QVERIFY(graph->import_state(state).is_ok());
    QVERIFY(layer->import_state(state).is_ok());
    const int batch = 3;
    const auto x = random_values(batch * 36, 41);
    std::vector<float> graph_out(batch * 36), layer_out(batch * 36);
    graph->evaluate(x.data(), x.data(), batch, graph_out.data());
    layer->evaluate(x.data(), x.data(), batch, layer_out.data());
    for (std::size_t i = 0; i < graph_out.size(); ++i) QVERIFY(near(graph_out[i], layer_out[i], 1e-5, 1e-6));
    std::vector<float> graph_code(batch * 18), layer_code(batch * 18);
    graph->encode(x.data(), batch, graph_code.data());
    layer->encode(x.data(), batch, layer_code.data());
    for (std::size_t i = 0; i < graph_code.size(); ++i) QVERIFY(near(graph_code[i], layer_code[i], 1e-5, 1e-6));
    std::vector<float> decoded(batch * 36);
    graph->decode(graph_code.data(), batch, decoded.data());
    for (std::size_t i = 0; i < decoded.size(); ++i) QCOMPARE(decoded[i], graph_out[i]);
  }

  void model_file_round_trip_data() { add_impl_rows(); }
  void model_file_round_trip() {
    QFETCH(QString, impl);
    Executor executor(1);
    ModuleOptions options;
    options.iterations = 3;
    options.loss_weighting = "ramp";
    auto module = make_module(impl.toStdString(), "graph-random", executor, options, 8, InitScheme::kHeUniform);
    const auto x = random_values(2 * 784, 51);
    OptimizerConfig adam;  // Adam: both moment arrays are saved
    module->train_step(x.data(), x.data(), 2, adam);
    TrainerState trainer;
    trainer.steps = 1;
    const ModelFile saved = capture_model(*module, InitOptions{}, adam, trainer);
    auto parsed = parse_model(serialize_model(saved), "graph.dendrite");
    QVERIFY2(parsed.is_ok(), parsed.message().c_str());
    QCOMPARE(parsed->spec, module->spec());
    QCOMPARE(parsed->options.iterations, 3);
    QCOMPARE(parsed->options.loss_weighting, std::string("ramp"));
    QCOMPARE(parsed->parameters, saved.parameters);
    QCOMPARE(parsed->parameters.weights.size(), std::size_t{spec_connection_count(module->spec())});
    QCOMPARE(parsed->parameters.moment_count, 2);
    std::vector<float> expected(2 * 784);
    module->evaluate(x.data(), x.data(), 2, expected.data());
    for (const char* other : {"graph", "graph_o1", "graph_o2"}) {
      auto loaded = instantiate_model(*parsed, other, executor);
      QVERIFY2(loaded.is_ok(), loaded.message().c_str());
      QCOMPARE((*loaded)->options().iterations, 3);
      std::vector<float> out(2 * 784);
      (*loaded)->evaluate(x.data(), x.data(), 2, out.data());
      for (std::size_t i = 0; i < out.size(); ++i) QVERIFY(near(out[i], expected[i], 1e-5, 1e-6));
      ParameterState state;
      (*loaded)->export_state(state);
      QCOMPARE(state, saved.parameters);
    }
    // A graph file's arrays must fit its spec: one weight too few is a clear error.
    ModelFile broken = saved;
    broken.parameters.weights.pop_back();
    broken.parameters.weight_moment1.pop_back();
    broken.parameters.weight_moment2.pop_back();
    auto bad = parse_model(serialize_model(broken), "broken.dendrite");
    QVERIFY(!bad.is_ok());
    QVERIFY2(bad.message().find("section 'WGHT' holds") != std::string::npos, bad.message().c_str());
  }

  void spec_pins_win_over_options() {
    Executor executor(1);
    ModuleOptions options;  // T 4, uniform
    auto module = make_module("graph", "graph t2 loss last | i: input 2x2 | o: output 2x2 <- i dense, o local k1",
                              executor, options);
    QCOMPARE(module->options().iterations, 2);
    QCOMPARE(module->options().loss_weighting, std::string("last"));
    options.iterations = 0;
    auto spec = parse_network_spec("graph | i: input 2x2 | o: output 2x2 <- i dense");
    QVERIFY(spec.is_ok());
    for (const ModuleInfo& info : registered_modules()) {
      if (info.family != NetworkFamily::kGraph) continue;
      auto bad = create_module(info.name, *spec, options, executor);
      QVERIFY(!bad.is_ok());
      QVERIFY2(bad.message().find("1 to 1000 iterations") != std::string::npos, bad.message().c_str());
      auto layer_spec = parse_network_spec("dense-ae");
      auto wrong_family = create_module(info.name, *layer_spec, ModuleOptions{}, executor);
      QVERIFY(!wrong_family.is_ok());
    }
    options.iterations = 4;
    options.loss_weighting = "cubic";
    QVERIFY(!create_module("graph_o1", *spec, options, executor).is_ok());
    QCOMPARE(default_module_name(NetworkFamily::kGraph), std::string("graph_o2"));
  }
};

QTEST_APPLESS_MAIN(TestGraphNet)
#include "test_graph_net.moc"
