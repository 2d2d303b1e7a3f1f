// network_spec.h — the text form of a network, shared by the CLI, config file, GUI and model file.
//
// Layer networks: layers separated by '|' or newlines, each
//   [name:] KIND WxHxC [kK] [sS] [linear|sigmoid|leaky] [embedding]
// KIND is input, dense, local or up. The first layer is the input; the last layer is the output.
//   dense      every source neuron → every target neuron
//   local kK sS target (x,y,c) reads every channel of the K×K source window centred at (x·S, y·S)
//   up kK      to a grid f = W_target / W_source times finer: window K×K centred at (⌊x/f⌋, ⌊y/f⌋)
// Only in-range sources are connected (no padding connections); each connection has its own weight.
// Hidden layers use leaky ReLU and the output layer is linear unless a layer names its activation.
// `embedding` marks the layer encode/decode and the editor use; without a marker it is the
// non-input layer with the fewest neurons (a tie is an error asking for the marker).
// '#' starts a comment that runs to the end of the line.
//
// Example (W1): input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1
//
// Parse errors name the line and column. print_network_spec() gives text that parses back to an
// equal spec. Named presets (dense-ae, local-ae, rgb-ae, graph-ae) stand for the benchmark
// workloads of DESIGN.md §5.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/status.h"

namespace dendrite {

enum class LayerKind { kInput, kDense, kLocal, kUp };
enum class Activation { kLeakyRelu, kLinear, kSigmoid };

const char* layer_kind_name(LayerKind kind);
const char* activation_name(Activation activation);

struct LayerSpec {
  std::string name;  // empty: unnamed (shown as "layer N")
  LayerKind kind = LayerKind::kInput;
  ImageShape shape;
  int kernel = 0;  // K (local, up)
  int stride = 1;  // S (local)
  Activation activation = Activation::kLeakyRelu;

  bool operator==(const LayerSpec&) const = default;
};

// Layer networks are feed-forward stacks; graph networks (recurrent sparse neuron graphs, see
// networks/graph_net.h) extend the same text form.
enum class NetworkFamily { kLayer, kGraph };

struct NetworkSpec {
  NetworkFamily family = NetworkFamily::kLayer;
  std::vector<LayerSpec> layers;
  int embedding_layer = -1;  // index into layers, resolved by the parser

  bool operator==(const NetworkSpec&) const = default;

  const LayerSpec& input() const { return layers.front(); }
  const LayerSpec& output() const { return layers.back(); }
  std::string layer_label(std::size_t index) const;  // name, or "layer N"
};

// Hard caps checked while parsing, before anything is allocated from a spec.
struct SpecLimits {
  std::uint64_t max_layers = 256;
  std::uint64_t max_neurons = 1ull << 26;
  std::uint64_t max_connections = 1ull << 31;
  int max_dimension = 1 << 14;
  int max_kernel = 63;
};

// Parses spec text or a preset name. `source` names the text in error messages ("--network",
// "model.dendrite", ...).
Result<NetworkSpec> parse_network_spec(const std::string& text, const std::string& source = "spec",
                                       const SpecLimits& limits = {});
std::string print_network_spec(const NetworkSpec& spec, bool one_line = true);

// Preset names and their spec text.
const std::vector<std::pair<std::string, std::string>>& network_presets();
// The preset's text, or "" when `name` is not a preset.
std::string preset_spec_text(const std::string& name);

// Totals derived from the spec's geometry (no connection lists are built).
std::uint64_t spec_neuron_count(const NetworkSpec& spec);
std::uint64_t spec_connection_count(const NetworkSpec& spec);
std::uint64_t layer_connection_count(const LayerSpec& target, const LayerSpec& source);

}  // namespace dendrite
