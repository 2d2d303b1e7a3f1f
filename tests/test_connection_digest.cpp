// test_connection_digest.cpp — the summary of millions of weights that the network view draws
// (widgets/connection_digest.h): the top-k per layer are exactly the k largest |w| (checked
// against a full sort), every connection lands in exactly one bundle, and a bundle's mean weight
// and mean |weight| are those of its connections.
//
//   ctest --test-dir build -R test_connection_digest --output-on-failure
#include <QtTest>

#include <algorithm>
#include <map>

#include "core/random.h"
#include "widgets/connection_digest.h"

using namespace dendrite;

namespace {

std::shared_ptr<const NetworkStructure> structure_of(const char* text) {
  auto spec = parse_network_spec(text);
  if (!spec) qFatal("%s", spec.message().c_str());
  auto s = NetworkStructure::build(*spec);
  if (!s) qFatal("%s", s.message().c_str());
  return *s;
}

std::vector<float> random_weights(std::size_t count) {
  Rng rng(5, RandomStream::kMisc);
  std::vector<float> w(count);
  for (float& x : w) x = rng.uniform(-1.0f, 1.0f);
  return w;
}

}  // namespace

class TestConnectionDigest : public QObject {
  Q_OBJECT

 private slots:
  void top_k_are_the_largest_magnitudes_of_each_layer() {
    auto s = structure_of("local-ae");
    const NetworkLayout layout = NetworkLayout::layered(s->topology());
    const std::vector<float> w = random_weights(s->connection_count());
    const int k = 300;
    const ConnectionDigest d = digest_connections(*s, layout, w, k);
    for (std::size_t l = 1; l < s->topology().layers.size(); ++l) {
      const LayerInfo& info = s->topology().layers[l];
      std::vector<float> magnitudes;
      for (std::size_t c = info.first_connection; c < info.first_connection + info.connection_count; ++c)
        magnitudes.push_back(std::abs(w[c]));
      std::sort(magnitudes.begin(), magnitudes.end(), std::greater<float>());
      std::vector<float> chosen;
      for (std::uint32_t c : d.top)
        if (c >= info.first_connection && c < info.first_connection + info.connection_count) chosen.push_back(std::abs(w[c]));
      QCOMPARE(static_cast<int>(chosen.size()), k);
      std::sort(chosen.begin(), chosen.end(), std::greater<float>());
      for (int i = 0; i < k; ++i) QCOMPARE(chosen[static_cast<std::size_t>(i)], magnitudes[static_cast<std::size_t>(i)]);
      QCOMPARE(d.max_abs[l], magnitudes.front());
    }
  }

  void ties_at_the_threshold_fill_up_to_k_exactly() {
    auto s = structure_of("input 6x6x1 | dense 4x4x1 | dense 2x2x1 linear");
    std::vector<float> w(s->connection_count(), 0.5f);
    w[3] = -0.9f;  // one stronger connection in layer 1, then 576 equal ones
    const ConnectionDigest d = digest_connections(*s, NetworkLayout::layered(s->topology()), w, 40);
    QCOMPARE(d.top.size(), std::size_t{80});
    QVERIFY(std::find(d.top.begin(), d.top.end(), 3u) != d.top.end());
  }

  void small_layers_show_every_connection() {
    auto s = structure_of("input 3x3x1 | dense 2x2x1 linear");
    const NetworkLayout layout = NetworkLayout::layered(s->topology());
    const ConnectionDigest d = digest_connections(*s, layout, random_weights(36), 1000);
    QCOMPARE(d.top.size(), std::size_t{36});
  }

  void bundles_partition_the_connections_and_average_them() {
    auto s = structure_of("input 8x8x1 | local 4x4x4 k3 s2 | dense 3x3x1 linear");
    const NetworkLayout layout = NetworkLayout::layered(s->topology());
    const std::vector<float> w = random_weights(s->connection_count());
    const ConnectionDigest d = digest_connections(*s, layout, w, 10);
    // Recompute every bundle by brute force: (source layer, source region, target region).
    std::map<std::tuple<int, int, int>, std::pair<double, double>> sums;
    std::map<std::tuple<int, int, int>, std::uint32_t> counts;
    for (std::size_t c = 0; c < s->connection_count(); ++c) {
      const NeuronPlace a = s->place(s->source(c)), b = s->place(s->target(c));
      const auto key = std::make_tuple(b.layer, layout.layer(a.layer).region_of(a.x, a.y, a.c),
                                       layout.layer(b.layer).region_of(b.x, b.y, b.c));
      sums[key].first += w[c];
      sums[key].second += std::abs(w[c]);
      ++counts[key];
    }
    QCOMPARE(d.bundles.size(), counts.size());
    std::uint64_t total = 0;
    for (const ConnectionBundle& b : d.bundles) {
      const auto key = std::make_tuple(b.target_layer, b.source_region, b.target_region);
      QVERIFY(counts.count(key));
      QCOMPARE(b.count, counts[key]);
      QCOMPARE(b.source_layer, b.target_layer - 1);
      QVERIFY(std::abs(b.mean_weight - sums[key].first / b.count) < 1e-5);
      QVERIFY(std::abs(b.mean_abs - sums[key].second / b.count) < 1e-5);
      total += b.count;
    }
    QCOMPARE(total, static_cast<std::uint64_t>(s->connection_count()));
  }

  void a_weight_copy_of_another_network_gives_nothing() {
    auto s = structure_of("input 3x3x1 | dense 2x2x1 linear");
    const ConnectionDigest d = digest_connections(*s, NetworkLayout::layered(s->topology()), random_weights(5), 10);
    QVERIFY(d.top.empty());
    QVERIFY(d.bundles.empty());
  }
};

QTEST_APPLESS_MAIN(TestConnectionDigest)
#include "test_connection_digest.moc"
