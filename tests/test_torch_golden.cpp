// test_torch_golden.cpp — the reference module's loss and gradients against PyTorch (float64).
//
// tests/golden/make_torch_golden.py builds the same small network (local, dense and up layers,
// 3 channels, odd sizes) in PyTorch from its own implementation of the window geometry and writes
// tests/golden/torch_golden.txt. Loss and every gradient tensor must agree within 1e-5
// norm-relative error, ‖g − g_ref‖ / ‖g_ref‖ (float32 arithmetic here against float64 there).
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "networks/layer_net.h"

using namespace dendrite;

namespace {

struct Golden {
  std::string spec;
  float leakage = 0;
  int batch = 0;
  double loss = 0;
  std::map<std::string, std::vector<double>> arrays;
};

Golden read_golden(const std::string& path) {
  std::ifstream in(path);
  if (!in) qFatal("cannot open %s", path.c_str());
  Golden g;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "spec") {
      std::getline(words, g.spec);
    } else if (key == "leakage") {
      words >> g.leakage;
    } else if (key == "batch") {
      words >> g.batch;
    } else if (key == "loss") {
      words >> g.loss;
    } else {
      std::size_t n = 0;
      words >> n;
      std::string values;
      std::getline(in, values);
      std::istringstream v(values);
      std::vector<double>& a = g.arrays[key];
      double x;
      while (v >> x) a.push_back(x);
      if (a.size() != n) qFatal("golden array %s: %zu values, header says %zu", key.c_str(), a.size(), n);
    }
  }
  return g;
}

template <typename A, typename B>
double norm_relative_error(const A& got, const B& want) {
  double diff = 0, ref = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    diff += (static_cast<double>(got[i]) - want[i]) * (static_cast<double>(got[i]) - want[i]);
    ref += static_cast<double>(want[i]) * want[i];
  }
  return std::sqrt(diff) / std::sqrt(ref);
}

std::vector<float> to_float(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

}  // namespace

class TestTorchGolden : public QObject {
  Q_OBJECT
 private slots:
  void lossAndGradientsMatchPyTorch() {
    const Golden g = read_golden(std::string(DENDRITE_SOURCE_DIR) + "/tests/golden/torch_golden.txt");
    auto spec = parse_network_spec(g.spec);
    QVERIFY2(spec.is_ok(), spec.message().c_str());
    for (int threads : {1, 2}) {
      Executor ex(threads);
      ModuleOptions options;
      options.leakage = g.leakage;
      auto made = LayerNet::create(*spec, options, ex);
      QVERIFY(made.is_ok());
      NetworkModule& m = **made;
      ParameterState state;
      m.export_state(state);
      QCOMPARE(state.weights.size(), g.arrays.at("weights").size());
      QCOMPARE(state.biases.size(), g.arrays.at("biases").size());
      state.weights = to_float(g.arrays.at("weights"));
      state.biases = to_float(g.arrays.at("biases"));
      QVERIFY(m.import_state(state).is_ok());
      const auto inputs = to_float(g.arrays.at("inputs"));
      const auto targets = to_float(g.arrays.at("targets"));
      std::vector<double> wg, bg;
      QVERIFY(m.compute_gradients(inputs.data(), targets.data(), g.batch, wg, bg).is_ok());
      const double loss = m.evaluate(inputs.data(), targets.data(), g.batch, nullptr);
      QVERIFY2(std::abs(loss - g.loss) / g.loss < 1e-5, qPrintable(QString("loss %1 vs %2").arg(loss).arg(g.loss)));
      const double weight_error = norm_relative_error(wg, g.arrays.at("weight_gradients"));
      const double bias_error = norm_relative_error(bg, g.arrays.at("bias_gradients"));
      QVERIFY2(weight_error < 1e-5, qPrintable(QString("weight gradient error %1").arg(weight_error)));
      QVERIFY2(bias_error < 1e-5, qPrintable(QString("bias gradient error %1").arg(bias_error)));
      // Per layer too, so one small layer cannot hide behind a large one.
      const Topology& t = m.topology();
      for (std::size_t l = 1; l < t.layers.size(); ++l) {
        const auto& want = g.arrays.at("weight_gradients");
        const std::vector<double> got_layer(wg.begin() + static_cast<std::ptrdiff_t>(t.layers[l].first_connection),
                                            wg.begin() + static_cast<std::ptrdiff_t>(t.layers[l].first_connection + t.layers[l].connection_count));
        const std::vector<double> want_layer(want.begin() + static_cast<std::ptrdiff_t>(t.layers[l].first_connection),
                                             want.begin() + static_cast<std::ptrdiff_t>(t.layers[l].first_connection + t.layers[l].connection_count));
        const double e = norm_relative_error(got_layer, want_layer);
        QVERIFY2(e < 1e-5, qPrintable(QString("layer %1 weight gradient error %2").arg(l).arg(e)));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestTorchGolden)
#include "test_torch_golden.moc"
