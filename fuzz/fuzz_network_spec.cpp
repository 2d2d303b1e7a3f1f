// fuzz_network_spec.cpp — fuzz target: the network spec grammar (core/network_spec.h), and the
// module built from a spec that parses.
//
// Properties beyond "no crash, no sanitizer report":
//   - a refused spec has an error naming the source ("fuzz: ..." or "fuzz:LINE:COLUMN: ...");
//   - printing a parsed spec (one line or one layer per line) and parsing it again gives an equal
//     spec (DESIGN.md §2);
//   - the totals respect the SpecLimits the parser enforces;
//   - for specs small enough to build quickly, the module's topology has exactly the neurons and
//     connections the spec's geometry promises, and a forward pass runs.
#include <cstdint>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/network_spec.h"
#include "fuzz/fuzz_check.h"
#include "networks/registry.h"

using namespace dendrite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Executor executor(1);
  const std::string text(reinterpret_cast<const char*>(data), size);
  const SpecLimits limits;
  auto spec = parse_network_spec(text, "fuzz", limits);
  if (!spec) {
    FUZZ_CHECK(spec.message().find("fuzz") != std::string::npos ||
                   spec.message().find("preset") != std::string::npos,
               spec.message());
    return 0;
  }
  for (const bool one_line : {true, false}) {
    const std::string printed = print_network_spec(*spec, one_line);
    auto again = parse_network_spec(printed, "printed", limits);
    FUZZ_CHECK(again.is_ok(), printed + " -> " + again.message());
    FUZZ_CHECK(*again == *spec, printed + " parses to another spec");
  }
  const std::uint64_t neurons = spec_neuron_count(*spec);
  const std::uint64_t connections = spec_connection_count(*spec);
  FUZZ_CHECK(neurons <= limits.max_neurons, "neuron cap");
  FUZZ_CHECK(connections <= limits.max_connections, "connection cap");
  FUZZ_CHECK(spec->embedding_layer >= 1 &&
                 spec->embedding_layer < static_cast<int>(spec->layers.size()),
             "embedding layer out of range");

  if (neurons > 4096 || connections > 65536) return 0;  // keep each input quick
  auto module = create_module("", *spec, ModuleOptions{}, executor);
  FUZZ_CHECK(module.is_ok(), module.message());
  NetworkModule& m = **module;
  const Topology& topology = m.topology();
  FUZZ_CHECK(topology.neuron_count == neurons, "topology neuron count");
  FUZZ_CHECK(topology.connection_count == connections, "topology connection count");
  std::vector<float> input(topology.input_size(), 0.25f);  // [input neurons]
  m.forward(input.data(), 1);
  std::vector<float> output(topology.output_size());  // [output neurons]
  m.outputs(output.data());
  return 0;
}
