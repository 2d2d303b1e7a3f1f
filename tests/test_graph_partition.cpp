// test_graph_partition.cpp — the neuron partitioners of graph_net_o2 (networks/partition.h): every
// neuron in exactly one part, every part used, sizes and work add up, the cut fraction equals a
// recount from the module's connection list, METIS is reproducible, both partitioners keep the
// G1 cut small and the work balanced, and graph_o2 re-partitions when its team changes.
//
//   ctest --test-dir build -R test_graph_partition --output-on-failure
#include <QtTest>

#include "networks/graph_net_o2.h"
#include "networks/graph_structure.h"
#include "networks/model_io.h"
#include "networks/partition.h"
#include "networks/registry.h"

using namespace dendrite;

namespace {

const char* kSpecs[] = {
    "graph-ae",
    "graph-random",
    "graph | i: input 5x5 | h: image 3x3x2 <- i local k3 s2, h local k3, o local k3 s2 | "
    "o: output 5x5 <- h random k4 r1 p0.3, o local k1",
};

}  // namespace

class TestGraphPartition : public QObject {
  Q_OBJECT

 private slots:
  void invariants_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("parts");
    QTest::addColumn<int>("method");
    for (const char* spec : kSpecs)
      for (int parts : {1, 2, 3, 4})
        for (PartitionMethod method : {PartitionMethod::kSpatial, PartitionMethod::kMetis})
          QTest::newRow(qPrintable(QString("%1 %2 %3").arg(spec).arg(parts).arg(partition_method_name(method))))
              << spec << parts << static_cast<int>(method);
  }
  void invariants() {
    QFETCH(QString, spec);
    QFETCH(int, parts);
    QFETCH(int, method);
    auto parsed = parse_network_spec(spec.toStdString());
    QVERIFY(parsed.is_ok());
    const Topology topology = graph_network_topology(*parsed);
    const ConnectionList connections = build_graph_connections(*parsed, topology);
    auto partition = partition_neurons(topology, connections, parts, static_cast<PartitionMethod>(method));
    QVERIFY2(partition.is_ok(), partition.message().c_str());
    QCOMPARE(partition->parts, parts);
    QCOMPARE(partition->part_of.size(), topology.neuron_count);
    std::vector<std::size_t> sizes(static_cast<std::size_t>(parts), 0);
    for (int p : partition->part_of) {
      QVERIFY(p >= 0 && p < parts);  // exactly one part each
      ++sizes[static_cast<std::size_t>(p)];
    }
    QCOMPARE(partition->sizes, sizes);
    for (std::size_t size : sizes) QVERIFY(size > 0);
    // The cut, recounted through the module interface (connection ids → ends).
    Executor executor(1);
    auto module = create_module("graph", *parsed, ModuleOptions{}, executor);
    QVERIFY(module.is_ok());
    std::uint64_t cut = 0;
    for (std::size_t c = 0; c < topology.connection_count; ++c) {
      const ConnectionEnds ends = (*module)->connection(c);
      if (partition->part_of[ends.source] != partition->part_of[ends.target]) ++cut;
    }
    QCOMPARE(partition->cut_connections, cut);
    QCOMPARE(partition->cut_fraction, static_cast<double>(cut) / static_cast<double>(topology.connection_count));
    if (parts == 1) QCOMPARE(cut, std::uint64_t{0});
    // Work: 2·fan-in + fan-out per neuron, summed per part.
    std::uint64_t total_work = 0;
    for (std::uint64_t w : partition->work) total_work += w;
    QCOMPARE(total_work, std::uint64_t{3 * topology.connection_count});
  }

  void g1_cut_is_small_and_work_balanced() {
    auto spec = parse_network_spec("graph-ae");
    const Topology topology = graph_network_topology(*spec);
    const ConnectionList connections = build_graph_connections(*spec, topology);
    for (PartitionMethod method : {PartitionMethod::kSpatial, PartitionMethod::kMetis}) {
      auto partition = partition_neurons(topology, connections, 2, method);
      QVERIFY(partition.is_ok());
      // Two bands of 14 rows cut about one row of 3x3 windows in 14: a few percent.
      QVERIFY2(partition->cut_fraction < 0.08, qPrintable(QString::number(partition->cut_fraction)));
      const double average = static_cast<double>(partition->work[0] + partition->work[1]) / 2;
      for (std::uint64_t w : partition->work)
        QVERIFY2(static_cast<double>(w) <= 1.05 * average, partition_method_name(method));
    }
  }

  void metis_is_reproducible() {
    auto spec = parse_network_spec("graph-random");
    const Topology topology = graph_network_topology(*spec);
    const ConnectionList connections = build_graph_connections(*spec, topology);
    auto a = partition_neurons(topology, connections, 3, PartitionMethod::kMetis);
    auto b = partition_neurons(topology, connections, 3, PartitionMethod::kMetis);
    QVERIFY(a.is_ok() && b.is_ok());
    QCOMPARE(a->part_of, b->part_of);
    QVERIFY(!partition_neurons(topology, connections, 0, PartitionMethod::kMetis).is_ok());
    QVERIFY(parse_partition_method("metis").is_ok() && !parse_partition_method("random").is_ok());
  }

  void o2_partitions_follow_the_team() {
    Executor one(1), two(2), three(3);
    auto module = create_initialized_module("graph-ae", "graph_o2", ModuleOptions{}, InitOptions{}, 1, one);
    QVERIFY(module.is_ok());
    auto* o2 = dynamic_cast<GraphNetO2*>(module->get());
    QVERIFY(o2 != nullptr);
    QCOMPARE(o2->partition().parts, 1);
    o2->set_executor(two);
    QCOMPARE(o2->partition().parts, 2);
    // Default: the smaller cut of both partitioners.
    {
      const Topology& topology = o2->topology();
      const ConnectionList connections = build_graph_connections(o2->spec(), topology);
      auto spatial = partition_neurons(topology, connections, 2, PartitionMethod::kSpatial);
      auto metis = partition_neurons(topology, connections, 2, PartitionMethod::kMetis);
      QCOMPARE(o2->partition().cut_connections, std::min(spatial->cut_connections, metis->cut_connections));
    }
    QVERIFY(o2->set_partition_method(PartitionMethod::kMetis).is_ok());
    o2->set_executor(three);
    QCOMPARE(o2->partition().parts, 3);
    QCOMPARE(o2->partition_method(), PartitionMethod::kMetis);  // a method set by hand sticks
    QVERIFY(o2->partition().cut_fraction > 0.0);
  }
};

QTEST_APPLESS_MAIN(TestGraphPartition)
#include "test_graph_partition.moc"
