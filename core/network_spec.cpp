#include "core/network_spec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <map>
#include <system_error>

#include "core/layer_geometry.h"

namespace dendrite {
namespace {

struct Token {
  std::string text;
  int line = 1;
  int column = 1;
};

// Splits spec text into items ('|' or newline separated), each a list of tokens with positions.
// Comments run from '#' to the end of the line. ',' and '<-' are tokens of their own (graph
// images list their sources with them), and a line whose last token is one of them continues on
// the next line.
std::vector<std::vector<Token>> tokenize(const std::string& text) {
  std::vector<std::vector<Token>> items(1);
  int line = 1, column = 1;
  Token current;
  auto flush = [&] {
    if (!current.text.empty()) items.back().push_back(current);
    current = Token{};
  };
  auto push_symbol = [&](const char* symbol) {
    flush();
    items.back().push_back(Token{symbol, line, column});
  };
  bool in_comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\n') {
      flush();
      in_comment = false;
      const bool continues = !items.back().empty() &&
                             (items.back().back().text == "," || items.back().back().text == "<-");
      if (!continues) items.emplace_back();
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
      } else if (ch == ',') {
        push_symbol(",");
      } else if (ch == '<' && i + 1 < text.size() && text[i + 1] == '-') {
        push_symbol("<-");
        ++i;
        ++column;
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

bool parse_non_negative(const std::string& text, int* out) {
  if (text == "0") {
    *out = 0;
    return true;
  }
  return parse_positive(text, out);
}

bool parse_seed(const std::string& text, std::uint64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  for (char ch : text)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  *out = std::strtoull(text.c_str(), nullptr, 10);
  return true;
}

// A probability written as a plain decimal ("0.05", "1", "0").
bool parse_fraction(const std::string& text, float* out) {
  if (text.empty() || text.size() > 16) return false;
  for (char ch : text)
    if (!std::isdigit(static_cast<unsigned char>(ch)) && ch != '.') return false;
  const char* begin = text.data();
  const auto [end, error] = std::from_chars(begin, begin + text.size(), *out);
  return error == std::errc() && end == begin + text.size() && *out >= 0.0f && *out <= 1.0f;
}

// Shortest text that reads back as the same float.
std::string format_fraction(float value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return error == std::errc() ? std::string(buffer, end) : std::string("0");
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

bool parse_activation(const std::string& text, Activation* activation) {
  if (text == "linear") *activation = Activation::kLinear;
  else if (text == "sigmoid") *activation = Activation::kSigmoid;
  else if (text == "leaky") *activation = Activation::kLeakyRelu;
  else return false;
  return true;
}

// A number-suffixed option such as k3 or s2.
bool parse_letter_option(const Token& token, char letter, int* value) {
  return token.text.size() > 1 && token.text[0] == letter && parse_positive(token.text.substr(1), value);
}

std::string at(const std::string& source, const Token& token) {
  return str_cat(source, ":", token.line, ":", token.column, ": ");
}

bool valid_name(const std::string& name) {
  for (char ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') return false;
  return !name.empty();
}

// Shape rules of a window read (layers read the previous layer this way, graph images their
// sources); "" when fine.
std::string window_problem(const LayerSpec& target, const ImageShape& source) {
  if (target.kind == LayerKind::kLocal &&
      ((target.shape.width - 1) * target.stride >= source.width ||
       (target.shape.height - 1) * target.stride >= source.height))
    return str_cat("local ", target.shape.width, "x", target.shape.height, " s", target.stride,
                   " would centre windows outside its ", source.width, "x", source.height,
                   " source (need (W-1)*S < source width)");
  if (target.kind == LayerKind::kUp &&
      (target.shape.width % source.width != 0 || target.shape.height % source.height != 0))
    return str_cat("up ", target.shape.width, "x", target.shape.height,
                   " is not an integer multiple of its ", source.width, "x", source.height,
                   " source");
  return "";
}

// Embedding: the marked layer, or the smallest candidate (a tie is an error).
Result<int> resolve_embedding(const NetworkSpec& spec, int marked, const std::vector<std::size_t>& candidates,
                              const std::string& source) {
  if (marked >= 0) return marked;
  std::size_t best = candidates.front();
  int ties = 0;
  for (std::size_t l : candidates) {
    const auto n = spec.layers[l].shape.size();
    if (n < spec.layers[best].shape.size()) {
      best = l;
      ties = 0;
    } else if (n == spec.layers[best].shape.size() && l != best) {
      ++ties;
    }
  }
  if (ties > 0)
    return Error{str_cat(source, ": several ", spec.family == NetworkFamily::kGraph ? "images" : "layers",
                         " share the fewest neurons (", spec.layers[best].shape.size(),
                         "); mark the embedding ", spec.family == NetworkFamily::kGraph ? "image" : "layer",
                         " with 'embedding'")};
  return static_cast<int>(best);
}

Result<NetworkSpec> parse_layer_items(const std::vector<std::vector<Token>>& items,
                                      const std::string& source, const SpecLimits& limits) {
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
      if (!valid_name(layer.name))
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
      if (parse_letter_option(t, 'k', &value)) {
        if (has_kernel) return Error{at(source, t) + "kernel size given twice"};
        layer.kernel = value;
        has_kernel = true;
      } else if (parse_letter_option(t, 's', &value)) {
        if (has_stride) return Error{at(source, t) + "stride given twice"};
        layer.stride = value;
        has_stride = true;
      } else if (parse_activation(t.text, &layer.activation)) {
        if (has_activation) return Error{at(source, t) + "activation given twice"};
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
      const std::string problem = window_problem(layer, spec.layers.back().shape);
      if (!problem.empty()) return Error{at(source, kind_token) + problem};
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
  std::vector<std::size_t> candidates;
  for (std::size_t l = 1; l < spec.layers.size(); ++l) candidates.push_back(l);
  DENDRITE_ASSIGN_OR_RETURN(spec.embedding_layer, resolve_embedding(spec, marked_embedding, candidates, source));
  return spec;
}

// --- graph networks ---

Status parse_graph_header(const std::vector<Token>& tokens, const std::string& source,
                          const SpecLimits& limits, GraphHeader* header) {
  bool has_iterations = false, has_seed = false;
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    int value = 0;
    if (parse_letter_option(t, 't', &value)) {
      if (has_iterations) return Error{at(source, t) + "iterations tT given twice"};
      if (value > limits.max_iterations)
        return Error{at(source, t) + str_cat("T = ", value, " is over the limit of ", limits.max_iterations)};
      header->iterations = value;
      has_iterations = true;
    } else if (t.text == "loss") {
      if (!header->loss_weighting.empty()) return Error{at(source, t) + "loss weighting given twice"};
      if (i + 1 >= tokens.size() || !is_loss_weighting(tokens[i + 1].text))
        return Error{at(source, i + 1 < tokens.size() ? tokens[i + 1] : t) +
                     "expected the loss weighting after 'loss': last, uniform or ramp"};
      header->loss_weighting = tokens[++i].text;
    } else if (t.text.size() > 4 && t.text.compare(0, 4, "seed") == 0) {
      if (has_seed) return Error{at(source, t) + "seed given twice"};
      if (!parse_seed(t.text.substr(4), &header->seed))
        return Error{at(source, t) + "the seed is a whole number, e.g. seed7"};
      has_seed = true;
    } else {
      return Error{at(source, t) + str_cat("unexpected '", t.text,
                                           "' in the graph header (expected tT, 'loss last|uniform|ramp' "
                                           "or seedN)")};
    }
  }
  return Status::ok();
}

struct ParsedRead {
  SourceSpec read;
  Token name;  // the source image's name
  Token kind;  // the read kind
};

struct ParsedImage {
  LayerSpec layer;
  Token first, kind;
  bool explicit_activation = false;
  const Token* embedding = nullptr;  // the marker, when given
  std::vector<ParsedRead> reads;
};

bool parse_read_kind(const std::string& text, ReadKind* kind) {
  if (text == "dense") *kind = ReadKind::kDense;
  else if (text == "local") *kind = ReadKind::kLocal;
  else if (text == "up") *kind = ReadKind::kUp;
  else if (text == "random") *kind = ReadKind::kRandom;
  else return false;
  return true;
}

// One READ: SOURCE KIND options, tokens [i, end).
Result<ParsedRead> parse_read(const std::vector<Token>& tokens, std::size_t i, std::size_t end,
                              const std::string& source, const SpecLimits& limits) {
  ParsedRead parsed;
  parsed.name = tokens[i];
  if (!valid_name(parsed.name.text))
    return Error{at(source, parsed.name) + str_cat("expected the name of an image to read, not '",
                                                   parsed.name.text, "'")};
  if (i + 1 >= end)
    return Error{at(source, parsed.name) + str_cat("how is '", parsed.name.text,
                                                   "' read? add dense, local kK [sS], up kK or "
                                                   "random kN rR [pP]")};
  parsed.kind = tokens[i + 1];
  SourceSpec& read = parsed.read;
  if (!parse_read_kind(parsed.kind.text, &read.kind))
    return Error{at(source, parsed.kind) + str_cat("unknown read '", parsed.kind.text,
                                                   "' (expected dense, local, up or random)")};
  bool has_k = false, has_s = false, has_r = false, has_p = false;
  for (std::size_t j = i + 2; j < end; ++j) {
    const Token& t = tokens[j];
    int value = 0;
    const bool windowed = read.kind == ReadKind::kLocal || read.kind == ReadKind::kUp;
    if ((windowed || read.kind == ReadKind::kRandom) && parse_letter_option(t, 'k', &value)) {
      if (has_k) return Error{at(source, t) + (windowed ? "kernel size given twice" : "kN given twice")};
      (windowed ? read.kernel : read.count) = value;
      has_k = true;
    } else if (read.kind == ReadKind::kLocal && parse_letter_option(t, 's', &value)) {
      if (has_s) return Error{at(source, t) + "stride given twice"};
      read.stride = value;
      has_s = true;
    } else if (read.kind == ReadKind::kRandom && t.text.size() > 1 && t.text[0] == 'r' &&
               parse_non_negative(t.text.substr(1), &value)) {
      if (has_r) return Error{at(source, t) + "radius given twice"};
      if (value > limits.max_dimension) return Error{at(source, t) + "radius over the dimension limit"};
      read.radius = value;
      has_r = true;
    } else if (read.kind == ReadKind::kRandom && t.text.size() > 1 && t.text[0] == 'p') {
      if (has_p) return Error{at(source, t) + "long-range fraction given twice"};
      if (!parse_fraction(t.text.substr(1), &read.long_range))
        return Error{at(source, t) + "the long-range fraction pP is a number in [0, 1], e.g. p0.05"};
      has_p = true;
    } else {
      const char* expected = read.kind == ReadKind::kDense   ? "dense reads take no options"
                             : read.kind == ReadKind::kLocal ? "expected kK or sS"
                             : read.kind == ReadKind::kUp    ? "expected kK"
                                                             : "expected kN, rR or pP";
      return Error{at(source, t) + str_cat("unexpected '", t.text, "' in the read of '",
                                           parsed.name.text, "' (", expected,
                                           "; separate reads with ',')")};
    }
  }
  if (read.kind == ReadKind::kLocal || read.kind == ReadKind::kUp) {
    if (!has_k)
      return Error{at(source, parsed.kind) + str_cat(read_kind_name(read.kind), " reads need a kernel size kK")};
    if (read.kernel % 2 == 0 || read.kernel > limits.max_kernel)
      return Error{at(source, parsed.kind) + str_cat("kernel size ", read.kernel, " must be odd and at most ",
                                                     limits.max_kernel)};
  }
  if (read.kind == ReadKind::kRandom) {
    if (!has_k || !has_r)
      return Error{at(source, parsed.kind) + "random reads need kN (sources per neuron) and rR (near radius)"};
    if (read.count > limits.max_random_count)
      return Error{at(source, parsed.kind) + str_cat("random k", read.count, " is over the limit of ",
                                                     limits.max_random_count)};
  }
  return parsed;
}

Result<ParsedImage> parse_image_item(const std::vector<Token>& tokens, const std::string& source,
                                     const SpecLimits& limits) {
  ParsedImage image;
  image.first = tokens[0];
  if (tokens[0].text.back() != ':')
    return Error{at(source, tokens[0]) + "graph images need a name, e.g. 'h1: image 14x14x8 <- in local k3 s2'"};
  image.layer.name = tokens[0].text.substr(0, tokens[0].text.size() - 1);
  if (!valid_name(image.layer.name))
    return Error{at(source, tokens[0]) + "image names use letters, digits, '_' and '-'"};
  if (tokens.size() < 2) return Error{at(source, tokens[0]) + "missing the image kind after the name"};
  image.kind = tokens[1];
  const std::string& kind = image.kind.text;
  if (kind == "input") {
    image.layer.kind = LayerKind::kInput;
  } else if (kind == "image" || kind == "output") {
    image.layer.kind = LayerKind::kImage;
  } else if (kind == "dense" || kind == "local" || kind == "up") {
    return Error{at(source, image.kind) +
                 str_cat("graph images are input, image or output; how an image reads a source goes "
                         "after '<-' (e.g. 'h1: image 14x14x8 <- in ", kind, kind == "dense" ? "" : " k3",
                         "')")};
  } else {
    return Error{at(source, image.kind) + str_cat("unknown image kind '", kind,
                                                  "' (expected input, image or output)")};
  }
  if (tokens.size() < 3 || !parse_shape(tokens[2].text, &image.layer.shape))
    return Error{at(source, tokens.size() < 3 ? image.kind : tokens[2]) +
                 "expected the image's dimensions WxHxC, e.g. 14x14x8"};
  if (image.layer.shape.width > limits.max_dimension || image.layer.shape.height > limits.max_dimension ||
      image.layer.shape.channels > limits.max_dimension)
    return Error{at(source, tokens[2]) + str_cat("dimensions over the limit of ", limits.max_dimension)};
  std::size_t i = 3;
  for (; i < tokens.size() && tokens[i].text != "<-"; ++i) {
    const Token& t = tokens[i];
    if (parse_activation(t.text, &image.layer.activation)) {
      if (image.explicit_activation) return Error{at(source, t) + "activation given twice"};
      image.explicit_activation = true;
    } else if (t.text == "embedding") {
      if (image.embedding != nullptr) return Error{at(source, t) + "'embedding' given twice"};
      image.embedding = &t;
    } else {
      return Error{at(source, t) + str_cat("unexpected '", t.text,
                                           "' (expected linear, sigmoid, leaky, embedding, or '<-' "
                                           "and the images this one reads)")};
    }
  }
  if (i == tokens.size()) return image;
  const Token& arrow = tokens[i];
  std::size_t start = i + 1;
  for (std::size_t j = start; j <= tokens.size(); ++j) {
    if (j < tokens.size() && tokens[j].text != ",") {
      if (tokens[j].text == "<-") return Error{at(source, tokens[j]) + "a second '<-'"};
      continue;
    }
    if (j == start)
      return Error{at(source, j < tokens.size() ? tokens[j] : (j > 0 ? tokens[j - 1] : arrow)) +
                   "expected a read ('SOURCE local k3', ...) here"};
    DENDRITE_ASSIGN_OR_RETURN(ParsedRead read, parse_read(tokens, start, j, source, limits));
    image.reads.push_back(std::move(read));
    start = j + 1;
  }
  return image;
}

Result<NetworkSpec> parse_graph_items(const std::vector<std::vector<Token>>& items,
                                      const std::string& source, const SpecLimits& limits) {
  NetworkSpec spec;
  spec.family = NetworkFamily::kGraph;
  DENDRITE_TRY(parse_graph_header(items[0], source, limits, &spec.graph));
  if (items.size() < 3)
    return Error{str_cat(source, ": a graph needs an input image and an output image after the "
                                 "'graph' header")};
  std::vector<ParsedImage> images;
  for (std::size_t n = 1; n < items.size(); ++n) {
    DENDRITE_ASSIGN_OR_RETURN(ParsedImage image, parse_image_item(items[n], source, limits));
    images.push_back(std::move(image));
  }
  // Names, kinds and positions.
  std::map<std::string, int> index_of;
  int marked_embedding = -1;
  for (std::size_t n = 0; n < images.size(); ++n) {
    const ParsedImage& image = images[n];
    if (!index_of.emplace(image.layer.name, static_cast<int>(n)).second)
      return Error{at(source, image.first) + str_cat("a second image named '", image.layer.name, "'")};
    const bool first = n == 0, last = n + 1 == images.size();
    const std::string& kind = image.kind.text;
    if (first != (kind == "input"))
      return Error{at(source, image.kind) + (first ? "the first image must be the input: 'NAME: input WxHxC'"
                                                   : "only the first image can be the input")};
    if (last != (kind == "output") && !first)
      return Error{at(source, image.kind) + (last ? "the last image must be the output: 'NAME: output WxHxC <- ...'"
                                                  : "only the last image can be the output")};
    if (first && (!image.reads.empty() || image.explicit_activation))
      return Error{at(source, image.kind) + "the input is clamped to the data: it reads nothing and takes "
                                           "no activation"};
    if (!first && image.reads.empty())
      return Error{at(source, image.kind) + str_cat("'", image.layer.name,
                                                   "' reads nothing; list its sources after '<-'")};
  }
  for (std::size_t n = 0; n < images.size(); ++n) {
    const Token* marker = images[n].embedding;
    if (marker == nullptr) continue;
    if (n == 0) return Error{at(source, *marker) + "the input cannot be the embedding"};
    if (marked_embedding >= 0)
      return Error{at(source, *marker) + str_cat("a second 'embedding' marker ('",
                                                 images[static_cast<std::size_t>(marked_embedding)].layer.name,
                                                 "' has one)")};
    marked_embedding = static_cast<int>(n);
  }
  // Reads: resolve names, check geometry.
  for (ParsedImage& image : images) {
    for (std::size_t r = 0; r < image.reads.size(); ++r) {
      ParsedRead& parsed = image.reads[r];
      const auto it = index_of.find(parsed.name.text);
      if (it == index_of.end()) {
        std::string names;
        for (const ParsedImage& other : images) names += (names.empty() ? "" : ", ") + other.layer.name;
        return Error{at(source, parsed.name) + str_cat("unknown image '", parsed.name.text, "' (images: ",
                                                       names, ")")};
      }
      parsed.read.image = it->second;
      for (std::size_t q = 0; q < r; ++q)
        if (image.reads[q].read.image == parsed.read.image)
          return Error{at(source, parsed.name) + str_cat("'", image.layer.name, "' already reads '",
                                                         parsed.name.text, "' (one read per source)")};
      const LayerSpec& from = images[static_cast<std::size_t>(it->second)].layer;
      if (parsed.read.kind == ReadKind::kRandom) {
        if (static_cast<std::uint64_t>(parsed.read.count) > from.shape.size())
          return Error{at(source, parsed.kind) + str_cat("random k", parsed.read.count, " wants more sources than '",
                                                         from.name, "' has (", from.shape.size(), ")")};
      } else {
        const std::string problem = window_problem(read_window(image.layer, parsed.read), from.shape);
        if (!problem.empty()) return Error{at(source, parsed.kind) + problem};
      }
      image.layer.sources.push_back(parsed.read);
    }
  }
  for (ParsedImage& image : images) spec.layers.push_back(image.layer);
  if (!images.back().explicit_activation) spec.layers.back().activation = Activation::kLinear;
  // Caps on totals.
  const std::uint64_t neurons = spec_neuron_count(spec);
  if (neurons > limits.max_neurons)
    return Error{str_cat(source, ": ", neurons, " neurons, more than the limit of ", limits.max_neurons)};
  std::uint64_t connections = 0;
  for (std::size_t n = 0; n < spec.layers.size(); ++n) {
    for (const SourceSpec& read : spec.layers[n].sources)
      connections += read_connection_count(spec.layers[n], read, spec.layers[static_cast<std::size_t>(read.image)]);
    if (connections > limits.max_connections)
      return Error{at(source, images[n].first) + str_cat("the network passes the limit of ",
                                                         limits.max_connections, " connections at this image")};
  }
  std::vector<std::size_t> candidates;
  for (std::size_t n = 1; n + 1 < spec.layers.size(); ++n) candidates.push_back(n);
  if (candidates.empty()) candidates.push_back(spec.layers.size() - 1);
  DENDRITE_ASSIGN_OR_RETURN(spec.embedding_layer, resolve_embedding(spec, marked_embedding, candidates, source));
  return spec;
}

std::string print_read(const NetworkSpec& spec, const SourceSpec& read) {
  std::string out = str_cat(spec.layers[static_cast<std::size_t>(read.image)].name, " ", read_kind_name(read.kind));
  switch (read.kind) {
    case ReadKind::kDense: break;
    case ReadKind::kLocal: out += str_cat(" k", read.kernel, " s", read.stride); break;
    case ReadKind::kUp: out += str_cat(" k", read.kernel); break;
    case ReadKind::kRandom:
      out += str_cat(" k", read.count, " r", read.radius);
      if (read.long_range != 0.0f) out += " p" + format_fraction(read.long_range);
      break;
  }
  return out;
}

std::string print_graph_spec(const NetworkSpec& spec, bool one_line) {
  std::string out = "graph";
  if (spec.graph.iterations > 0) out += str_cat(" t", spec.graph.iterations);
  if (!spec.graph.loss_weighting.empty()) out += " loss " + spec.graph.loss_weighting;
  if (spec.graph.seed != 1) out += str_cat(" seed", spec.graph.seed);
  for (std::size_t n = 0; n < spec.layers.size(); ++n) {
    const LayerSpec& image = spec.layers[n];
    const bool is_output = n + 1 == spec.layers.size();
    out += one_line ? " | " : "\n";
    out += str_cat(image.name, ": ", n == 0 ? "input" : is_output ? "output" : "image", " ",
                   image.shape.width, "x", image.shape.height, "x", image.shape.channels);
    if (n == 0) continue;
    const Activation default_activation = is_output ? Activation::kLinear : Activation::kLeakyRelu;
    if (image.activation != default_activation || is_output) out += str_cat(" ", activation_name(image.activation));
    if (static_cast<int>(n) == spec.embedding_layer) out += " embedding";
    out += " <-";
    for (std::size_t r = 0; r < image.sources.size(); ++r)
      out += (r == 0 ? " " : ", ") + print_read(spec, image.sources[r]);
  }
  return out;
}

std::string shape_text(const ImageShape& shape) {
  return str_cat(shape.width, "x", shape.height, "x", shape.channels);
}

}  // namespace

const char* layer_kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::kInput: return "input";
    case LayerKind::kDense: return "dense";
    case LayerKind::kLocal: return "local";
    case LayerKind::kUp: return "up";
    case LayerKind::kImage: return "image";
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

const char* read_kind_name(ReadKind kind) {
  switch (kind) {
    case ReadKind::kDense: return "dense";
    case ReadKind::kLocal: return "local";
    case ReadKind::kUp: return "up";
    case ReadKind::kRandom: return "random";
  }
  return "?";
}

std::string default_layer_label(std::size_t index) { return str_cat("layer ", index); }

std::string NetworkSpec::layer_label(std::size_t index) const {
  if (index < layers.size() && !layers[index].name.empty()) return layers[index].name;
  return default_layer_label(index);
}

std::string layered_graph_spec(const ImageShape& data, const ImageShape& hidden, int depth) {
  const int stride = std::max(1, data.width / std::max(1, hidden.width));
  std::string out = str_cat("graph\nin: input ", shape_text(data));
  for (int z = 1; z <= depth; ++z) {
    out += str_cat("\nh", z, ": image ", shape_text(hidden), z == (depth + 1) / 2 ? " embedding" : "",
                   " <- in local k3 s", stride, ", out local k3 s", stride);
    if (z > 1) out += str_cat(", h", z - 1, " local k3");
    out += str_cat(", h", z, " local k3");
    if (z < depth) out += str_cat(", h", z + 1, " local k3");
  }
  out += str_cat("\nout: output ", shape_text(data), " <- h", depth, " up k3, out local k3");
  return out;
}

std::string random_graph_spec(const ImageShape& data, const ImageShape& grid, int count, int radius,
                              float long_range, std::uint64_t seed) {
  const std::string read = str_cat(" random k", count, " r", radius, " p", format_fraction(long_range));
  return str_cat("graph", seed != 1 ? str_cat(" seed", seed) : std::string(), "\nin: input ", shape_text(data),
                 "\ng: image ", shape_text(grid), " <- in", read, ", g", read, ", out", read,
                 "\nout: output ", shape_text(data), " <- g", read, ", out", read);
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
      {"graph-ae", layered_graph_spec({28, 28, 1}, {14, 14, 8}, 3)},
      {"graph-random", random_graph_spec({28, 28, 1}, {28, 28, 2}, 12, 2, 0.05f, 1)},
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

LayerSpec read_window(const LayerSpec& target, const SourceSpec& read) {
  LayerSpec window;
  window.shape = target.shape;
  window.kernel = read.kernel;
  window.stride = read.stride;
  window.kind = read.kind == ReadKind::kLocal ? LayerKind::kLocal
                : read.kind == ReadKind::kUp  ? LayerKind::kUp
                                              : LayerKind::kDense;
  return window;
}

std::uint64_t read_connection_count(const LayerSpec& target, const SourceSpec& read,
                                    const LayerSpec& source) {
  if (read.kind == ReadKind::kRandom)
    return static_cast<std::uint64_t>(read.count) * target.shape.size();
  return layer_connection_count(read_window(target, read), source);
}

bool is_loss_weighting(const std::string& name) {
  return name == "last" || name == "uniform" || name == "ramp";
}

std::vector<double> loss_weights(const std::string& weighting, int iterations) {
  const auto t_count = static_cast<std::size_t>(std::max(1, iterations));
  std::vector<double> weights(t_count, 0.0);
  if (weighting == "last") {
    weights.back() = 1.0;
  } else if (weighting == "ramp") {
    const double total = static_cast<double>(t_count) * static_cast<double>(t_count + 1) / 2.0;
    for (std::size_t t = 0; t < t_count; ++t) weights[t] = static_cast<double>(t + 1) / total;
  } else {
    for (double& w : weights) w = 1.0 / static_cast<double>(t_count);
  }
  return weights;
}

std::uint64_t spec_neuron_count(const NetworkSpec& spec) {
  std::uint64_t n = 0;
  for (const LayerSpec& layer : spec.layers) n += layer.shape.size();
  return n;
}

std::uint64_t spec_connection_count(const NetworkSpec& spec) {
  std::uint64_t n = 0;
  if (spec.family == NetworkFamily::kGraph) {
    for (const LayerSpec& image : spec.layers)
      for (const SourceSpec& read : image.sources)
        n += read_connection_count(image, read, spec.layers[static_cast<std::size_t>(read.image)]);
    return n;
  }
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
  if (items[0][0].text == "graph") return parse_graph_items(items, source, limits);
  return parse_layer_items(items, source, limits);
}

std::string print_network_spec(const NetworkSpec& spec, bool one_line) {
  if (spec.family == NetworkFamily::kGraph) return print_graph_spec(spec, one_line);
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
