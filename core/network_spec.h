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
// Graph networks (recurrent sparse neuron graphs, networks/graph_net.h, docs/graph-networks.md):
// a `graph` header, then named W×H×C images, each listing after `<-` the images it reads from:
//   graph [tT] [loss last|uniform|ramp] [seedN]
//   NAME: input WxHxC                                     first item: clamped to the image
//   NAME: image WxHxC [act] [embedding] <- READ {, READ}  hidden images
//   NAME: output WxHxC [act] [embedding] <- READ {, READ} last item: the loss is read here
//   READ = SOURCE dense | SOURCE local kK [sS] | SOURCE up kK | SOURCE random kN rR [pP]
// dense/local/up windows mean exactly what they mean between layers (core/layer_geometry.h), with
// the reading image as the target; any image may read any image, itself included (recurrent and
// self connections), except that nothing reads into the input. `random kN rR pP` gives every
// target neuron N distinct sources drawn with the project's Rng (stream kGraphGenerator, the
// header's seed): each draw is long-range (anywhere in SOURCE) with probability P, otherwise
// within the (2R+1)×(2R+1) pixel box (all channels) around the target's position scaled onto
// SOURCE. A line that ends in ',' or '<-' continues on the next line. The header may pin the
// number of synchronous iterations T and the per-iteration loss weighting; a pinned value takes
// precedence over the module options `iterations` / `loss-weighting`, which apply otherwise.
// Without a marker the embedding is the hidden image with the fewest neurons (the output when
// there is no hidden image). Example (G1, preset graph-ae):
//   graph
//   in: input 28x28x1
//   h1: image 14x14x8 <- in local k3 s2, out local k3 s2, h1 local k3, h2 local k3
//   h2: image 14x14x8 embedding <- in local k3 s2, out local k3 s2, h1 local k3, h2 local k3,
//       h3 local k3
//   h3: image 14x14x8 <- in local k3 s2, out local k3 s2, h2 local k3, h3 local k3
//   out: output 28x28x1 <- h3 up k3, out local k3
//
// Parse errors name the line and column. print_network_spec() gives text that parses back to an
// equal spec. Named presets (dense-ae, local-ae, rgb-ae, graph-ae, graph-random) stand for the
// benchmark workloads of DESIGN.md §5 and the two graph generators.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/status.h"

namespace dendrite {

// kImage: a graph network's hidden or output image (it reads from the sources it lists).
enum class LayerKind { kInput, kDense, kLocal, kUp, kImage };
enum class Activation { kLeakyRelu, kLinear, kSigmoid };

const char* layer_kind_name(LayerKind kind);
const char* activation_name(Activation activation);

// How a graph image reads one of its sources (see the header comment).
enum class ReadKind { kDense, kLocal, kUp, kRandom };
const char* read_kind_name(ReadKind kind);

struct SourceSpec {
  int image = 0;  // index into NetworkSpec::layers
  ReadKind kind = ReadKind::kLocal;
  int kernel = 0;             // local, up: K
  int stride = 1;             // local: S
  int count = 0;              // random: N sources per target neuron
  int radius = 0;             // random: R, the near box's half-width in source pixels
  float long_range = 0.0f;    // random: P, the probability that a draw is long-range

  bool operator==(const SourceSpec&) const = default;
};

struct LayerSpec {
  std::string name;  // empty: unnamed (shown as "layer N")
  LayerKind kind = LayerKind::kInput;
  ImageShape shape;
  int kernel = 0;  // K (local, up)
  int stride = 1;  // S (local)
  Activation activation = Activation::kLeakyRelu;
  std::vector<SourceSpec> sources;  // graph images: what they read, in the order written

  bool operator==(const LayerSpec&) const = default;
};

// Layer networks are feed-forward stacks; graph networks (recurrent sparse neuron graphs, see
// networks/graph_net.h) extend the same text form.
enum class NetworkFamily { kLayer, kGraph };

// The `graph` header line.
struct GraphHeader {
  int iterations = 0;           // tT; 0: not pinned (the module option `iterations` decides)
  std::string loss_weighting;   // last, uniform or ramp; empty: not pinned
  std::uint64_t seed = 1;       // seedN: the random reads' generator seed

  bool operator==(const GraphHeader&) const = default;
};

struct NetworkSpec {
  NetworkFamily family = NetworkFamily::kLayer;
  std::vector<LayerSpec> layers;  // graph networks: the images, input first and output last
  int embedding_layer = -1;  // index into layers, resolved by the parser
  GraphHeader graph;          // graph networks only

  bool operator==(const NetworkSpec&) const = default;

  const LayerSpec& input() const { return layers.front(); }
  const LayerSpec& output() const { return layers.back(); }
  std::string layer_label(std::size_t index) const;  // name, or default_layer_label(index)
};

// "layer N": the label of an unnamed layer (the desktop app shows its own translation instead).
std::string default_layer_label(std::size_t index);

// Hard caps checked while parsing, before anything is allocated from a spec.
struct SpecLimits {
  std::uint64_t max_layers = 256;
  std::uint64_t max_neurons = 1ull << 26;
  std::uint64_t max_connections = 1ull << 31;
  int max_dimension = 1 << 14;
  int max_kernel = 63;
  int max_random_count = 4096;  // random kN
  int max_iterations = 1000;    // graph tT
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

// Graph networks: the window geometry of a dense/local/up read as the LayerSpec that
// core/layer_geometry.h understands (the reading image as the target layer).
LayerSpec read_window(const LayerSpec& target, const SourceSpec& read);
// Connections of one read: a window count, or N per target neuron for random reads.
std::uint64_t read_connection_count(const LayerSpec& target, const SourceSpec& read,
                                    const LayerSpec& source);

// The loss weighting names of graph networks and their weights α_t, t = 1..T (they sum to 1):
// last α_T = 1; uniform α_t = 1/T; ramp α_t = 2t / (T(T+1)).
bool is_loss_weighting(const std::string& name);
std::vector<double> loss_weights(const std::string& weighting, int iterations);

// Graph generators (spec text; the presets use them).
// (a) the notes' layered images: `depth` hidden images Z = 1..depth of shape `hidden`, each
//     reading INPUT and OUTPUT (local k3, stride input/hidden), itself and Z±1 (local k3 s1);
//     OUTPUT reads the last hidden image (up k3) and itself (local k3). The middle hidden image
//     is the embedding. (depth 3, 28x28x1, 14x14x8 is G1.)
std::string layered_graph_spec(const ImageShape& data, const ImageShape& hidden, int depth);
// (b) a random sparse graph on a W×H grid: one hidden image `grid` whose neurons each read
//     `count` sources of the grid itself, mostly within `radius`, a fraction `long_range`
//     anywhere; the grid reads the input and the output (and the output the grid) the same way.
std::string random_graph_spec(const ImageShape& data, const ImageShape& grid, int count, int radius,
                              float long_range, std::uint64_t seed);

}  // namespace dendrite
