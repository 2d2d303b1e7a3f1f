#include "core/network_spec.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/layer_geometry.h"

namespace dendrite {
namespace {

struct Token {
  std::string text;
  int line = 1;
  int column = 1;
};

// Splits spec text into layer items ('|' or newline separated), each a list of tokens with
// positions. Comments run from '#' to the end of the line.
std::vector<std::vector<Token>> tokenize(const std::string& text) {
  std::vector<std::vector<Token>> items(1);
  int line = 1, column = 1;
  Token current;
  auto flush = [&] {
    if (!current.text.empty()) items.back().push_back(current);
    current = Token{};
  };
  bool in_comment = false;
  for (char ch : text) {
    if (ch == '\n') {
      flush();
      in_comment = false;
      items.emplace_back();
      ++line;
      column = 1;
      continue;
    }
    if (!in_comment) {
      if (ch == '#') {
        flush();
        in_comment = true;
      } else if (ch == '|') {
        flush();
        items.emplace_back();
      } else if (std::isspace(static_cast<unsigned char>(ch))) {
        flush();
      } else {
        if (current.text.empty()) {
          current.line = line;
          current.column = column;
        }
        current.text += ch;
      }
    }
    ++column;
  }
  flush();
  items.erase(std::remove_if(items.begin(), items.end(), [](const auto& t) { return t.empty(); }),
              items.end());
  return items;
}

bool parse_positive(const std::string& text, int* out) {
  if (text.empty() || text.size() > 9) return false;
  for (char ch : text)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  *out = std::atoi(text.c_str());
  return *out > 0;
}

// "28x28x1" or "28x28" (one channel).
bool parse_shape(const std::string& text, ImageShape* shape) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto x = text.find('x', start);
    parts.push_back(text.substr(start, x == std::string::npos ? std::string::npos : x - start));
    if (x == std::string::npos) break;
    start = x + 1;
  }
  if (parts.size() != 2 && parts.size() != 3) return false;
  int c = 1;
  if (!parse_positive(parts[0], &shape->width) || !parse_positive(parts[1], &shape->height))
    return false;
  if (parts.size() == 3 && !parse_positive(parts[2], &c)) return false;
  shape->channels = c;
  return true;
}

bool parse_kind(const std::string& text, LayerKind* kind) {
  if (text == "input") *kind = LayerKind::kInput;
  else if (text == "dense") *kind = LayerKind::kDense;
  else if (text == "local") *kind = LayerKind::kLocal;
  else if (text == "up") *kind = LayerKind::kUp;
  else return false;
  return true;
}

std::string at(const std::string& source, const Token& token) {
  return str_cat(source, ":", token.line, ":", token.column, ": ");
}

}  // namespace

const char* layer_kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::kInput: return "input";
    case LayerKind::kDense: return "dense";
    case LayerKind::kLocal: return "local";
    case LayerKind::kUp: return "up";
  }
  return "?";
}

const char* activation_name(Activation activation) {
  switch (activation) {
    case Activation::kLeakyRelu: return "leaky";
    case Activation::kLinear: return "linear";
    case Activation::kSigmoid: return "sigmoid";
  }
  return "?";
}

std::string NetworkSpec::layer_label(std::size_t index) const {
  if (index < layers.size() && !layers[index].name.empty()) return layers[index].name;
  return str_cat("layer ", index);
}

const std::vector<std::pair<std::string, std::string>>& network_presets() {
  static const std::vector<std::pair<std::string, std::string>> presets = {
      {"dense-ae",
       "input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear"},
      {"local-ae",
       "input 28x28x1 | local 14x14x16 k3 s2 | local 7x7x8 k3 s2 embedding | up 14x14x16 k3 | "
       "up 28x28x1 k3 linear"},
      {"rgb-ae",
       "input 32x32x3 | local 16x16x16 k3 s2 | local 8x8x32 k3 s2 | dense 8x8x1 embedding | "
       "dense 8x8x32 | up 16x16x16 k3 | up 32x32x3 k3 linear"},
  };
  return presets;
}

std::string preset_spec_text(const std::string& name) {
  for (const auto& [preset, text] : network_presets())
    if (preset == name) return text;
  return "";
}

std::uint64_t layer_connection_count(const LayerSpec& target, const LayerSpec& source) {
  if (target.kind == LayerKind::kInput) return 0;
  return static_cast<std::uint64_t>(target.shape.channels) * source.shape.channels *
         window_width_sum(target, source.shape) * window_height_sum(target, source.shape);
}

std::uint64_t spec_neuron_count(const NetworkSpec& spec) {
  std::uint64_t n = 0;
  for (const LayerSpec& layer : spec.layers) n += layer.shape.size();
  return n;
}

std::uint64_t spec_connection_count(const NetworkSpec& spec) {
  std::uint64_t n = 0;
  for (std::size_t l = 1; l < spec.layers.size(); ++l)
    n += layer_connection_count(spec.layers[l], spec.layers[l - 1]);
  return n;
}

Result<NetworkSpec> parse_network_spec(const std::string& text, const std::string& source,
                                       const SpecLimits& limits) {
  {
    std::string trimmed = text;
    trimmed.erase(0, trimmed.find_first_not_of(" \t\r\n"));
    trimmed.erase(trimmed.find_last_not_of(" \t\r\n") + 1);
    const std::string preset = preset_spec_text(trimmed);
    if (!preset.empty()) return parse_network_spec(preset, "preset " + trimmed, limits);
  }
  const auto items = tokenize(text);
  if (items.empty())
    return Error{str_cat(source, ": empty network spec (give a preset name such as dense-ae, or "
                                 "layers like 'input 28x28x1 | dense 8x8x1 | dense 28x28x1')")};
  if (items.size() > limits.max_layers)
    return Error{str_cat(source, ": ", items.size(), " layers, more than the limit of ",
                         limits.max_layers)};
  NetworkSpec spec;
  std::vector<bool> explicit_activation;
  std::vector<Token> first_tokens;
  int marked_embedding = -1;
  for (const auto& tokens : items) {
    LayerSpec layer;
    std::size_t i = 0;
    const Token& first = tokens[0];
    first_tokens.push_back(first);
    if (tokens[i].text.back() == ':') {
      layer.name = tokens[i].text.substr(0, tokens[i].text.size() - 1);
      if (layer.name.empty()) return Error{at(source, tokens[i]) + "empty layer name before ':'"};
      for (char ch : layer.name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-')
          return Error{at(source, tokens[i]) + "layer names use letters, digits, '_' and '-'"};
      ++i;
    }
    if (i >= tokens.size()) return Error{at(source, tokens.back()) + "missing layer kind after the name"};
    if (!parse_kind(tokens[i].text, &layer.kind))
      return Error{at(source, tokens[i]) + str_cat("unknown layer kind '", tokens[i].text,
                                                   "' (expected input, dense, local or up)")};
    const Token& kind_token = tokens[i];
    ++i;
    if (i >= tokens.size() || !parse_shape(tokens[i].text, &layer.shape))
      return Error{at(source, i < tokens.size() ? tokens[i] : kind_token) +
                   "expected the layer's dimensions WxHxC, e.g. 28x28x1"};
    if (layer.shape.width > limits.max_dimension || layer.shape.height > limits.max_dimension ||
        layer.shape.channels > limits.max_dimension)
      return Error{at(source, tokens[i]) + str_cat("dimensions over the limit of ",
                                                   limits.max_dimension)};
    ++i;
    bool has_activation = false;
    bool has_kernel = false, has_stride = false;
    for (; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      int value = 0;
      if (t.text.size() > 1 && t.text[0] == 'k' && parse_positive(t.text.substr(1), &value)) {
        if (has_kernel) return Error{at(source, t) + "kernel size given twice"};
        layer.kernel = value;
        has_kernel = true;
      } else if (t.text.size() > 1 && t.text[0] == 's' && parse_positive(t.text.substr(1), &value)) {
        if (has_stride) return Error{at(source, t) + "stride given twice"};
        layer.stride = value;
        has_stride = true;
      } else if (t.text == "linear" || t.text == "sigmoid" || t.text == "leaky") {
        if (has_activation) return Error{at(source, t) + "activation given twice"};
        layer.activation = t.text == "linear"    ? Activation::kLinear
                           : t.text == "sigmoid" ? Activation::kSigmoid
                                                 : Activation::kLeakyRelu;
        has_activation = true;
      } else if (t.text == "embedding") {
        if (marked_embedding >= 0)
          return Error{at(source, t) + str_cat("a second 'embedding' marker (layer ",
                                               marked_embedding, " has one)")};
        marked_embedding = static_cast<int>(spec.layers.size());
      } else {
        return Error{at(source, t) + str_cat("unexpected '", t.text,
                                             "' (expected kK, sS, linear, sigmoid, leaky or "
                                             "embedding)")};
      }
    }
    // Kind-specific rules.
    const bool windowed = layer.kind == LayerKind::kLocal || layer.kind == LayerKind::kUp;
    if (windowed) {
      if (!has_kernel) return Error{at(source, kind_token) + str_cat(layer_kind_name(layer.kind),
                                                                  " layers need a kernel size kK")};
      if (layer.kernel % 2 == 0 || layer.kernel > limits.max_kernel)
        return Error{at(source, kind_token) + str_cat("kernel size ", layer.kernel,
                                                      " must be odd and at most ", limits.max_kernel)};
    } else if (has_kernel) {
      return Error{at(source, kind_token) + str_cat(layer_kind_name(layer.kind),
                                                    " layers take no kernel size")};
    }
    if (has_stride && layer.kind != LayerKind::kLocal)
      return Error{at(source, kind_token) + "only local layers take a stride sS"};
    if (layer.kind == LayerKind::kInput && (has_activation || marked_embedding == static_cast<int>(spec.layers.size())))
      return Error{at(source, kind_token) + "the input layer takes no activation or embedding marker"};
    const bool is_first = spec.layers.empty();
    if (is_first != (layer.kind == LayerKind::kInput))
      return Error{at(source, kind_token) + (is_first ? "the first layer must be 'input WxHxC'"
                                                      : "only the first layer can be an input")};
    if (!is_first) {
      const LayerSpec& prev = spec.layers.back();
      if (layer.kind == LayerKind::kLocal) {
        if ((layer.shape.width - 1) * layer.stride >= prev.shape.width ||
            (layer.shape.height - 1) * layer.stride >= prev.shape.height)
          return Error{at(source, kind_token) +
                       str_cat("local ", layer.shape.width, "x", layer.shape.height, " s",
                               layer.stride, " would centre windows outside its ",
                               prev.shape.width, "x", prev.shape.height,
                               " source (need (W-1)*S < source width)")};
      }
      if (layer.kind == LayerKind::kUp) {
        if (layer.shape.width % prev.shape.width != 0 || layer.shape.height % prev.shape.height != 0)
          return Error{at(source, kind_token) +
                       str_cat("up ", layer.shape.width, "x", layer.shape.height,
                               " is not an integer multiple of its ", prev.shape.width, "x",
                               prev.shape.height, " source")};
      }
    }
    explicit_activation.push_back(has_activation);
    spec.layers.push_back(std::move(layer));
  }
  if (spec.layers.size() < 2)
    return Error{str_cat(source, ": a network needs an input layer and at least one more layer")};
  // Default activations: hidden leaky ReLU, output linear.
  if (!explicit_activation.back()) spec.layers.back().activation = Activation::kLinear;
  // Caps on totals.
  const std::uint64_t neurons = spec_neuron_count(spec);
  if (neurons > limits.max_neurons)
    return Error{str_cat(source, ": ", neurons, " neurons, more than the limit of ",
                         limits.max_neurons)};
  std::uint64_t connections = 0;
  for (std::size_t l = 1; l < spec.layers.size(); ++l) {
    connections += layer_connection_count(spec.layers[l], spec.layers[l - 1]);
    if (connections > limits.max_connections)
      return Error{at(source, first_tokens[l]) +
                   str_cat("the network passes the limit of ", limits.max_connections,
                           " connections at this layer")};
  }
  // Embedding: marked, or the smallest non-input layer.
  if (marked_embedding >= 0) {
    spec.embedding_layer = marked_embedding;
  } else {
    std::size_t best = 1;
    int ties = 0;
    for (std::size_t l = 1; l < spec.layers.size(); ++l) {
      const auto n = spec.layers[l].shape.size();
      if (n < spec.layers[best].shape.size()) {
        best = l;
        ties = 0;
      } else if (n == spec.layers[best].shape.size() && l != best) {
        ++ties;
      }
    }
    if (ties > 0)
      return Error{str_cat(source, ": several layers share the fewest neurons (",
                           spec.layers[best].shape.size(),
                           "); mark the embedding layer with 'embedding'")};
    spec.embedding_layer = static_cast<int>(best);
  }
  return spec;
}

std::string print_network_spec(const NetworkSpec& spec, bool one_line) {
  std::string out;
  for (std::size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& layer = spec.layers[l];
    if (l > 0) out += one_line ? " | " : "\n";
    if (!layer.name.empty()) out += layer.name + ": ";
    out += str_cat(layer_kind_name(layer.kind), " ", layer.shape.width, "x", layer.shape.height, "x",
                   layer.shape.channels);
    if (layer.kind == LayerKind::kLocal || layer.kind == LayerKind::kUp)
      out += str_cat(" k", layer.kernel);
    if (layer.kind == LayerKind::kLocal) out += str_cat(" s", layer.stride);
    if (layer.kind != LayerKind::kInput) {
      const bool is_output = l + 1 == spec.layers.size();
      const Activation default_activation = is_output ? Activation::kLinear : Activation::kLeakyRelu;
      if (layer.activation != default_activation || is_output)
        out += str_cat(" ", activation_name(layer.activation));
    }
    if (static_cast<int>(l) == spec.embedding_layer) out += " embedding";
  }
  return out;
}

}  // namespace dendrite
