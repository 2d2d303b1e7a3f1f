// test_network_structure.cpp — NetworkStructure (app/models/network_structure.h), the views'
// own copy of a network's connections: it must name the same source and target for every
// connection id as the module does (the canonical ids of core/network_module.h), give the same
// incoming ranges, list every connection exactly once among the outgoing lists, and place
// neurons at the right (layer, x, y, c); for graph networks also which images each image
// reads and a partition of the neurons.
//
//   ctest --test-dir build -R test_network_structure --output-on-failure
#include <QtTest>

#include "app/models/network_structure.h"
#include "networks/registry.h"

using namespace dendrite;

class TestNetworkStructure : public QObject {
  Q_OBJECT

 private:
  void agrees_with_module(const std::string& text, const char* module_name = "layer") {
    auto spec = parse_network_spec(text);
    QVERIFY2(spec, spec.message().c_str());
    Executor executor(1);
    auto module = create_module(module_name, *spec, {}, executor);
    QVERIFY2(module, module.message().c_str());
    auto made = NetworkStructure::build(*spec);
    QVERIFY2(made, made.message().c_str());
    const NetworkStructure& s = **made;
    const NetworkModule& m = **module;
    QCOMPARE(s.neuron_count(), m.topology().neuron_count);
    QCOMPARE(s.connection_count(), m.topology().connection_count);
    for (std::size_t n = 0; n < s.neuron_count(); ++n) {
      const auto [first, count] = m.incoming(n);
      if (count > 0) QCOMPARE(s.incoming_begin(n), first);
      QCOMPARE(s.incoming_end(n) - s.incoming_begin(n), count);
    }
    // Every connection: same ends as the module, found again in its source's outgoing list.
    std::vector<int> seen(s.connection_count(), 0);
    for (std::size_t n = 0; n < s.neuron_count(); ++n)
      for (std::size_t e = s.outgoing_begin(n); e < s.outgoing_end(n); ++e) {
        const std::size_t c = s.outgoing_connection(e);
        QCOMPARE(s.source(c), n);
        ++seen[c];
      }
    const std::size_t step = std::max<std::size_t>(1, s.connection_count() / 20000);
    for (std::size_t c = 0; c < s.connection_count(); c += step) {
      const ConnectionEnds ends = m.connection(c);
      QCOMPARE(s.source(c), ends.source);
      QCOMPARE(s.target(c), ends.target);
    }
    for (std::size_t c = 0; c < s.connection_count(); ++c) QCOMPARE(seen[c], 1);
  }

 private slots:
  void dense_ae_matches_the_module() { agrees_with_module("dense-ae"); }
  void local_ae_matches_the_module() { agrees_with_module("local-ae"); }
  void mixed_channels_match_the_module() {
    agrees_with_module("input 6x5x2 | local 3x3x3 k3 s2 | up 6x6x2 k3 | dense 2x3x1 linear");
  }

  // Graph networks: recurrent, self and random reads, the same ids as the reference graph module.
  void graph_ae_matches_the_module() { agrees_with_module("graph-ae", "graph"); }
  void graph_random_matches_the_module() { agrees_with_module("graph-random", "graph"); }

  void graph_reads_are_source_layers_and_neurons_are_partitioned() {
    auto spec = parse_network_spec("graph-ae");
    QVERIFY(spec);
    auto made = NetworkStructure::build(*spec, 2);
    QVERIFY2(made, made.message().c_str());
    const NetworkStructure& s = **made;
    QVERIFY(s.is_graph());
    QVERIFY(s.recurrent());
    // h1 (image 1) reads in, out, h1, h2; out (image 4) reads h3 and itself.
    QCOMPARE(s.source_layers(1), (std::vector<int>{0, 1, 2, 4}));
    QCOMPARE(s.source_layers(4), (std::vector<int>{3, 4}));
    QVERIFY(s.source_layers(0).empty());
    QCOMPARE(s.parts(), 2);
    QCOMPARE(s.part_of().size(), s.neuron_count());
    std::vector<std::size_t> sizes(2, 0);
    for (int p : s.part_of()) {
      QVERIFY(p >= 0 && p < 2);
      ++sizes[static_cast<std::size_t>(p)];
    }
    QVERIFY(sizes[0] > 0 && sizes[1] > 0);
    // Layer networks have neither.
    auto layer = NetworkStructure::build(*parse_network_spec("dense-ae"), 2);
    QVERIFY(layer);
    QVERIFY(!(*layer)->recurrent());
    QVERIFY((*layer)->part_of().empty());
  }

  void places_neurons_in_canonical_order() {
    auto spec = parse_network_spec("input 4x3x2 | dense 5x2x3 linear");
    QVERIFY(spec);
    auto made = NetworkStructure::build(*spec);
    QVERIFY(made);
    const NetworkStructure& s = **made;
    // Layer 1 starts at 24; (x 3, y 1, c 2) is (1·5 + 3)·3 + 2 = 26 inside it.
    const NeuronPlace p = s.place(24 + 26);
    QCOMPARE(p.layer, 1);
    QCOMPARE(p.x, 3);
    QCOMPARE(p.y, 1);
    QCOMPARE(p.c, 2);
    QCOMPARE(s.neuron_at(1, 3, 1, 2), std::size_t{50});
    QCOMPARE(s.place(0).layer, 0);
    QCOMPARE(s.source_layers(1), std::vector<int>{0});
    QVERIFY(s.source_layers(0).empty());
  }
};

QTEST_APPLESS_MAIN(TestNetworkStructure)
#include "test_network_structure.moc"
