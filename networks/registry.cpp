#include "networks/registry.h"

#include "networks/graph_net.h"
#include "networks/graph_net_o1.h"
#include "networks/graph_net_o2.h"
#include "networks/layer_net.h"
#include "networks/layer_net_o1.h"
#include "networks/layer_net_o2.h"
#include "networks/layer_net_o3.h"
#include "networks/layer_net_o4.h"
#include "networks/layer_net_o5.h"
#include "networks/layer_net_o6.h"

namespace dendrite {
namespace {

using Factory = Result<std::unique_ptr<NetworkModule>> (*)(const NetworkSpec&, const ModuleOptions&,
                                                          Executor&);
struct Entry {
  ModuleInfo info;
  Factory create;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {{"layer", NetworkFamily::kLayer, "reference: neuron structs, pull-style backprop"},
       &LayerNet::create},
      {{"layer_o1", NetworkFamily::kLayer, "flat batch-major [neuron][batch] arrays, fused updates"},
       &LayerNetO1::create},
      {{"layer_o2", NetworkFamily::kLayer, "write-style fused backward, threads own their sources"},
       &LayerNetO2::create},
      {{"layer_o3", NetworkFamily::kLayer, "fixed-architecture layers: window iterators, no source indices"},
       &LayerNetO3::create},
      {{"layer_o4", NetworkFamily::kLayer, "register-tiled GEMM-style kernels, runtime-dispatched SIMD"},
       &LayerNetO4::create},
      {{"layer_o5", NetworkFamily::kLayer, "o4 plus channel-minor weights for layers reading few channels"},
       &LayerNetO5::create},
      {{"layer_o6", NetworkFamily::kLayer, "o5 plus a fused, thread-owned backward for dense layers"},
       &LayerNetO6::create},
      {{"graph", NetworkFamily::kGraph, "reference: neuron structs with value histories, BPTT"},
       &GraphNet::create},
      {{"graph_o1", NetworkFamily::kGraph, "flat [iteration][neuron][batch] histories, flat parameters"},
       &GraphNetO1::create},
      {{"graph_o2", NetworkFamily::kGraph, "partition-parallel: one part per thread, fused update"},
       &GraphNetO2::create},
  };
  return table;
}

}  // namespace

const std::vector<ModuleInfo>& registered_modules() {
  static const std::vector<ModuleInfo> infos = [] {
    std::vector<ModuleInfo> out;
    for (const Entry& e : entries()) out.push_back(e.info);
    return out;
  }();
  return infos;
}

std::string default_module_name(NetworkFamily family) {
  // layer_o6 and graph_o2: the fastest modules that pass their equivalence tests (bench/RESULTS.md).
  return family == NetworkFamily::kLayer ? "layer_o6" : "graph_o2";
}

Result<std::unique_ptr<NetworkModule>> create_module(const std::string& name,
                                                     const NetworkSpec& spec,
                                                     const ModuleOptions& options,
                                                     Executor& executor) {
  const std::string wanted = name.empty() ? default_module_name(spec.family) : name;
  std::string choices;
  for (const Entry& e : entries()) {
    if (e.info.family != spec.family) continue;
    if (wanted == e.info.name) return e.create(spec, options, executor);
    choices += choices.empty() ? e.info.name : std::string(", ") + e.info.name;
  }
  for (const Entry& e : entries())
    if (wanted == e.info.name)
      return Error{str_cat("module '", wanted, "' does not run this kind of network (choose one of: ",
                           choices, ")")};
  return Error{str_cat("unknown module '", wanted, "' (choose one of: ", choices, ")")};
}

}  // namespace dendrite
