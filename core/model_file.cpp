#include "core/model_file.h"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

#include "core/settings.h"

namespace dendrite {
namespace {

constexpr char kMagic[8] = {'D', 'E', 'N', 'D', 'R', 'I', 'T', 'E'};
constexpr char kTrailerMagic[4] = {'E', 'N', 'D', '!'};
constexpr std::size_t kHeaderBytes = 24;
constexpr std::size_t kSectionHeaderBytes = 16;
constexpr std::size_t kTrailerBytes = 8;

enum SectionType : std::uint32_t { kText = 1, kFloat32 = 2, kFloat64 = 3 };

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

void put_section(std::string& out, const char tag[4], SectionType type, const void* data,
                 std::uint64_t bytes) {
  out.append(tag, 4);
  put_u32(out, type);
  put_u64(out, bytes);
  out.append(static_cast<const char*>(data), static_cast<std::size_t>(bytes));
  while (out.size() % 8 != 0) out.push_back('\0');
}

// Float arrays are stored little-endian IEEE-754, which is this machine's layout.
void put_floats(std::string& out, const char tag[4], const std::vector<float>& values) {
  put_section(out, tag, kFloat32, values.data(), values.size() * sizeof(float));
}

std::string format_float(double v, bool single) {
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), single ? "%.9g" : "%.17g", v);
  return buffer;
}

std::string meta_text(const ModelFile& m) {
  std::ostringstream o;
  const TrainerState& t = m.trainer;
  o << "module=" << m.module_name << "\n"
    << "leakage=" << format_float(m.options.leakage, true) << "\n"
    << "iterations=" << m.options.iterations << "\n"
    << "loss-weighting=" << m.options.loss_weighting << "\n"
    << "init=" << init_scheme_name(m.init.scheme) << "\n"
    << "bias-init=" << format_float(m.init.bias_init, true) << "\n"
    << "optimizer=" << optimizer_name(m.optimizer.kind) << "\n"
    << "learning-rate=" << format_float(m.optimizer.learning_rate, true) << "\n"
    << "momentum=" << format_float(m.optimizer.momentum, true) << "\n"
    << "adam-beta1=" << format_float(m.optimizer.beta1, true) << "\n"
    << "adam-beta2=" << format_float(m.optimizer.beta2, true) << "\n"
    << "adam-epsilon=" << format_float(m.optimizer.epsilon, true) << "\n"
    << "moment-count=" << m.parameters.moment_count << "\n"
    << "seed=" << t.seed << "\n"
    << "steps=" << t.steps << "\n"
    << "full-passes=" << t.full_passes << "\n"
    << "epoch-cursor=" << t.epoch_cursor << "\n"
    << "samples-seen=" << t.samples_seen << "\n"
    << "validation-fraction=" << format_float(t.validation_fraction, false) << "\n"
    << "batch-size=" << t.batch_size << "\n"
    << "training-seconds=" << format_float(t.training_seconds, false) << "\n";
  return o.str();
}

struct Section {
  std::uint32_t type;
  const char* data;
  std::uint64_t bytes;
};

Error bad(const std::string& name, const std::string& what) {
  return Error{str_cat("'", name, "' is not a valid Dendrite model: ", what)};
}

Result<std::map<std::string, std::string>> parse_meta(const Section& s, const std::string& name) {
  std::map<std::string, std::string> meta;
  std::istringstream lines(std::string(s.data, static_cast<std::size_t>(s.bytes)));
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) return bad(name, str_cat("META line ", number, " has no '='"));
    meta[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return meta;
}

// Typed META readers; a missing key or a bad number is an error naming the key.
struct MetaReader {
  const std::map<std::string, std::string>& meta;
  const std::string& name;
  std::string error;

  const std::string* find(const char* key) {
    const auto it = meta.find(key);
    if (it == meta.end()) {
      if (error.empty()) error = str_cat("META has no '", key, "'");
      return nullptr;
    }
    return &it->second;
  }
  std::string text(const char* key) {
    const std::string* v = find(key);
    return v ? *v : std::string();
  }
  double number(const char* key) {
    const std::string* v = find(key);
    if (!v) return 0;
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size()) {
      if (error.empty()) error = str_cat("META '", key, "' is not a number: '", *v, "'");
      return 0;
    }
    return d;
  }
  std::uint64_t count(const char* key) {
    const std::string* v = find(key);
    if (!v) return 0;
    char* end = nullptr;
    const unsigned long long n = std::strtoull(v->c_str(), &end, 10);
    if (v->empty() || end != v->c_str() + v->size() || (*v)[0] == '-') {
      if (error.empty()) error = str_cat("META '", key, "' is not a count: '", *v, "'");
      return 0;
    }
    return n;
  }
};

}  // namespace

std::string serialize_model(const ModelFile& model) {
  std::string out;
  out.append(kMagic, 8);
  put_u32(out, kModelFormatVersion);
  const std::size_t count_offset = out.size();
  put_u32(out, 0);  // section count, patched below
  const std::size_t size_offset = out.size();
  put_u64(out, 0);  // file size, patched below
  std::uint32_t sections = 0;
  const std::string spec = print_network_spec(model.spec, false);
  put_section(out, "SPEC", kText, spec.data(), spec.size());
  ++sections;
  const std::string meta = meta_text(model);
  put_section(out, "META", kText, meta.data(), meta.size());
  ++sections;
  const ParameterState& p = model.parameters;
  put_floats(out, "WGHT", p.weights);
  put_floats(out, "BIAS", p.biases);
  sections += 2;
  if (p.moment_count >= 1) {
    put_floats(out, "WMO1", p.weight_moment1);
    put_floats(out, "BMO1", p.bias_moment1);
    sections += 2;
  }
  if (p.moment_count >= 2) {
    put_floats(out, "WMO2", p.weight_moment2);
    put_floats(out, "BMO2", p.bias_moment2);
    sections += 2;
  }
  put_floats(out, "LOSS", model.trainer.loss_history);
  ++sections;
  std::vector<double> validation;
  for (const ValidationPoint& v : model.trainer.validation_history) {
    validation.push_back(static_cast<double>(v.step));
    validation.push_back(v.loss);
  }
  put_section(out, "VALH", kFloat64, validation.data(), validation.size() * sizeof(double));
  ++sections;
  // Patch the header, then append the trailer.
  std::string count;
  put_u32(count, sections);
  out.replace(count_offset, 4, count);
  std::string size;
  put_u64(size, out.size() + kTrailerBytes);
  out.replace(size_offset, 8, size);
  const auto crc = static_cast<std::uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(out.data()), out.size()));
  put_u32(out, crc);
  out.append(kTrailerMagic, 4);
  return out;
}

Result<ModelFile> parse_model(const std::string& bytes, const std::string& name,
                              const ModelLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return bad(name, str_cat(bytes.size(), " bytes is over the limit of ", limits.max_file_bytes));
  if (bytes.size() < kHeaderBytes + kTrailerBytes)
    return bad(name, str_cat("only ", bytes.size(), " bytes (truncated?)"));
  if (std::memcmp(bytes.data(), kMagic, 8) != 0)
    return bad(name, "wrong magic bytes (not a .dendrite file)");
  const std::uint32_t version = get_u32(bytes.data() + 8);
  if (version != kModelFormatVersion)
    return bad(name, str_cat("format version ", version, ", this program reads version ",
                             kModelFormatVersion));
  const std::uint32_t section_count = get_u32(bytes.data() + 12);
  const std::uint64_t declared_size = get_u64(bytes.data() + 16);
  if (declared_size != bytes.size())
    return bad(name, str_cat("the header says ", declared_size, " bytes but the file has ",
                             bytes.size(), " (truncated or appended to)"));
  const char* trailer = bytes.data() + bytes.size() - kTrailerBytes;
  if (std::memcmp(trailer + 4, kTrailerMagic, 4) != 0) return bad(name, "missing end marker");
  if (limits.verify_checksum) {
    const auto crc = static_cast<std::uint32_t>(
        crc32_z(0L, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size() - kTrailerBytes));
    if (crc != get_u32(trailer))
      return bad(name, "checksum mismatch (the file is corrupt)");
  }
  if (section_count > limits.max_sections)
    return bad(name, str_cat(section_count, " sections, over the limit of ", limits.max_sections));

  std::map<std::string, Section> sections;
  std::uint64_t offset = kHeaderBytes;
  const std::uint64_t end = bytes.size() - kTrailerBytes;
  for (std::uint32_t i = 0; i < section_count; ++i) {
    if (end - offset < kSectionHeaderBytes)
      return bad(name, str_cat("section ", i, " header runs past the end of the file"));
    const char* header = bytes.data() + offset;
    const std::string tag(header, 4);
    const std::uint32_t type = get_u32(header + 4);
    const std::uint64_t length = get_u64(header + 8);
    offset += kSectionHeaderBytes;
    if (length > end - offset)
      return bad(name, str_cat("section '", tag, "' claims ", length, " bytes, only ",
                               end - offset, " remain"));
    if (type != kText && type != kFloat32 && type != kFloat64)
      return bad(name, str_cat("section '", tag, "' has unknown type ", type));
    if ((type == kFloat32 && length % 4 != 0) || (type == kFloat64 && length % 8 != 0))
      return bad(name, str_cat("section '", tag, "' length ", length, " is not a whole number of values"));
    if (sections.count(tag) != 0) return bad(name, str_cat("section '", tag, "' appears twice"));
    sections[tag] = Section{type, bytes.data() + offset, length};
    offset += length;
    offset = (offset + 7) / 8 * 8;
    if (offset > end) return bad(name, str_cat("section '", tag, "' padding runs past the end"));
  }
  if (offset != end) return bad(name, str_cat(end - offset, " unexpected bytes after the sections"));

  auto require = [&](const char* tag, std::uint32_t type) -> const Section* {
    const auto it = sections.find(tag);
    if (it == sections.end() || it->second.type != type) return nullptr;
    return &it->second;
  };
  const Section* spec_section = require("SPEC", kText);
  const Section* meta_section = require("META", kText);
  if (!spec_section || !meta_section) return bad(name, "missing the SPEC or META section");
  if (spec_section->bytes > limits.max_text_bytes || meta_section->bytes > limits.max_text_bytes)
    return bad(name, "SPEC or META text is over its size limit");

  ModelFile model;
  auto spec = parse_network_spec(std::string(spec_section->data, static_cast<std::size_t>(spec_section->bytes)),
                                 name + " (SPEC)", limits.spec);
  if (!spec) return Error{spec.message()};
  model.spec = std::move(*spec);
  DENDRITE_ASSIGN_OR_RETURN(auto meta, parse_meta(*meta_section, name));
  MetaReader r{meta, name, ""};
  model.module_name = r.text("module");
  model.options.leakage = static_cast<float>(r.number("leakage"));
  const std::uint64_t iterations = r.count("iterations");
  model.options.loss_weighting = r.text("loss-weighting");
  const std::string init = r.text("init");
  model.init.bias_init = static_cast<float>(r.number("bias-init"));
  const std::string optimizer = r.text("optimizer");
  model.optimizer.learning_rate = static_cast<float>(r.number("learning-rate"));
  model.optimizer.momentum = static_cast<float>(r.number("momentum"));
  model.optimizer.beta1 = static_cast<float>(r.number("adam-beta1"));
  model.optimizer.beta2 = static_cast<float>(r.number("adam-beta2"));
  model.optimizer.epsilon = static_cast<float>(r.number("adam-epsilon"));
  const std::uint64_t moment_count = r.count("moment-count");
  TrainerState& t = model.trainer;
  t.seed = r.count("seed");
  t.steps = r.count("steps");
  t.full_passes = r.count("full-passes");
  t.epoch_cursor = r.count("epoch-cursor");
  t.samples_seen = r.count("samples-seen");
  t.validation_fraction = r.number("validation-fraction");
  const std::uint64_t batch_size = r.count("batch-size");
  t.training_seconds = r.number("training-seconds");
  if (!r.error.empty()) return bad(name, r.error);
  if (auto scheme = parse_init_scheme(init)) model.init.scheme = *scheme;
  else return bad(name, scheme.message());
  if (optimizer == "sgd") model.optimizer.kind = OptimizerKind::kSgd;
  else if (optimizer == "adam") model.optimizer.kind = OptimizerKind::kAdam;
  else return bad(name, str_cat("unknown optimizer '", optimizer, "'"));
  if (moment_count > 2) return bad(name, str_cat("moment-count ", moment_count, " is not 0, 1 or 2"));
  // Ranges as in the settings table (settings.cpp), checked before narrowing.
  if (batch_size == 0 || batch_size > 65536) return bad(name, str_cat("batch-size ", batch_size, " out of range"));
  t.batch_size = static_cast<std::uint32_t>(batch_size);
  if (iterations == 0 || iterations > 1000) return bad(name, str_cat("iterations ", iterations, " is not in 1..1000"));
  model.options.iterations = static_cast<int>(iterations);
  if (const SettingSpec* weighting = find_setting("loss-weighting");
      weighting != nullptr && !validate_setting_value(*weighting, model.options.loss_weighting))
    return bad(name, str_cat("unknown loss-weighting '", model.options.loss_weighting, "'"));
  if (!(model.options.leakage >= 0.0f && model.options.leakage <= 1.0f))
    return bad(name, "leakage is not in [0, 1]");
  if (!(t.validation_fraction >= 0.0 && t.validation_fraction < 1.0))
    return bad(name, "validation-fraction is not in [0, 1)");
  model.optimizer.step = t.steps + 1;

  // Parameter arrays: sizes come from the spec, checked against the section lengths before copying.
  const std::uint64_t connections = spec_connection_count(model.spec);
  const std::uint64_t neurons = spec_neuron_count(model.spec);
  auto read_floats = [&](const char* tag, std::uint64_t expected, std::vector<float>& out) -> Status {
    const Section* s = require(tag, kFloat32);
    if (!s) return bad(name, str_cat("missing float section '", tag, "'"));
    if (s->bytes != expected * 4)
      return bad(name, str_cat("section '", tag, "' holds ", s->bytes / 4, " values, the spec needs ",
                               expected));
    out.resize(static_cast<std::size_t>(expected));
    // An empty vector's data() may be null, and memcpy from or to null is undefined even for 0 bytes.
    if (s->bytes > 0) std::memcpy(out.data(), s->data, static_cast<std::size_t>(s->bytes));
    return Status::ok();
  };
  ParameterState& p = model.parameters;
  p.moment_count = static_cast<int>(moment_count);
  DENDRITE_TRY(read_floats("WGHT", connections, p.weights));
  DENDRITE_TRY(read_floats("BIAS", neurons, p.biases));
  if (p.moment_count >= 1) {
    DENDRITE_TRY(read_floats("WMO1", connections, p.weight_moment1));
    DENDRITE_TRY(read_floats("BMO1", neurons, p.bias_moment1));
  }
  if (p.moment_count >= 2) {
    DENDRITE_TRY(read_floats("WMO2", connections, p.weight_moment2));
    DENDRITE_TRY(read_floats("BMO2", neurons, p.bias_moment2));
  }
  const Section* loss = require("LOSS", kFloat32);
  if (!loss) return bad(name, "missing the LOSS section");
  if (loss->bytes / 4 > limits.max_history) return bad(name, "loss history over its size limit");
  t.loss_history.resize(static_cast<std::size_t>(loss->bytes / 4));
  if (loss->bytes > 0)  // an untrained model has an empty history (data() may be null)
    std::memcpy(t.loss_history.data(), loss->data, static_cast<std::size_t>(loss->bytes));
  const Section* validation = require("VALH", kFloat64);
  if (!validation || validation->bytes % 16 != 0) return bad(name, "missing or odd VALH section");
  if (validation->bytes / 16 > limits.max_history) return bad(name, "validation history over its size limit");
  for (std::uint64_t i = 0; i < validation->bytes / 16; ++i) {
    double pair[2];
    std::memcpy(pair, validation->data + i * 16, 16);
    if (!(pair[0] >= 0.0 && pair[0] < 1.8e19)) return bad(name, "a validation step is not a count");
    t.validation_history.push_back({static_cast<std::uint64_t>(pair[0]), pair[1]});
  }
  return model;
}

Status save_model(FileSystem& fs, const std::string& path, const ModelFile& model) {
  return write_file_atomically(fs, path, serialize_model(model));
}

Result<ModelFile> load_model(FileSystem& fs, const std::string& path, const ModelLimits& limits) {
  DENDRITE_ASSIGN_OR_RETURN(std::string bytes, fs.read_file(path, limits.max_file_bytes));
  return parse_model(bytes, path, limits);
}

ModelFile capture_model(const NetworkModule& module, const InitOptions& init,
                        const OptimizerConfig& optimizer, const TrainerState& trainer) {
  ModelFile model;
  model.spec = module.spec();
  model.module_name = module.module_name();
  model.options = module.options();
  model.init = init;
  model.optimizer = optimizer;
  model.trainer = trainer;
  module.export_state(model.parameters);
  return model;
}

}  // namespace dendrite
