#include "core/settings.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string_view>

namespace dendrite {

const std::vector<SettingSpec>& setting_specs() {
  using T = SettingType;
  static const std::vector<SettingSpec> specs = {
      {"input-directory", T::kPath, "data/input", 0, 0, "",
       "folder of training images (or an IDX/IDX.gz file)", "--input"},
      {"model-directory", T::kPath, "data/models", 0, 0, "", "where models and snapshots are saved",
       "--model-directory"},
      {"output-directory", T::kPath, "data/output", 0, 0, "",
       "where loss curves and output images are written", "--output"},
      {"network", T::kString, "dense-ae", 0, 0, "",
       "network spec or preset name (dense-ae, local-ae, rgb-ae, graph-ae, ...)"},
      {"impl", T::kString, "", 0, 0, "",
       "network module (layer, layer_o1, ..., graph, ...); empty: the fastest of the family"},
      {"epochs", T::kInt, "1", 0, 1e6, "", "full passes over the training images"},
      {"batch-size", T::kInt, "32", 1, 65536, "", "samples per mini-batch (step)"},
      {"learning-rate", T::kFloat, "0.001", 1e-12, 1e6, "", "optimizer step size"},
      {"optimizer", T::kChoice, "adam", 0, 0, "sgd,adam", "sgd (with optional momentum) or adam"},
      {"momentum", T::kFloat, "0", 0, 0.9999, "", "SGD momentum (0 = plain SGD)"},
      {"adam-beta1", T::kFloat, "0.9", 0, 0.9999, "", "Adam first-moment decay"},
      {"adam-beta2", T::kFloat, "0.999", 0, 0.999999, "", "Adam second-moment decay"},
      {"adam-epsilon", T::kFloat, "1e-8", 1e-30, 1, "", "Adam denominator guard"},
      {"leakage", T::kFloat, "0.01", 0, 1, "", "leaky-ReLU slope for negative signals (0 = ReLU)"},
      {"init", T::kChoice, "torch-default", 0, 0, "torch-default,he-uniform",
       "weight init: PyTorch's Linear default (w, b ~ U(±1/sqrt(fan-in))), or He-uniform by fan-in "
       "(bias = bias-init)"},
      {"bias-init", T::kFloat, "0", -10, 10, "", "initial value of every bias (with init=he-uniform)"},
      {"seed", T::kInt, "1", 0, 9.2e18, "", "seed for init, shuffling and the validation split"},
      {"threads", T::kInt, "0", 0, 1024, "", "worker threads (0 = all cores)"},
      {"channels", T::kInt, "0", 0, 4, "", "image channels (0 = the network's input channels)"},
      {"resize", T::kBool, "false", 0, 0, "", "resize images of another size instead of skipping"},
      {"limit", T::kInt, "0", 0, 1e9, "", "use at most this many images (0 = all)"},
      {"validation-fraction", T::kFloat, "0.1", 0, 0.9, "",
       "held-out share of the images for validation loss"},
      {"validation-interval", T::kInt, "0", 0, 1e9, "",
       "also compute validation loss every N steps (0 = after each full pass only)"},
      {"snapshot-interval", T::kInt, "0", 0, 1e9, "",
       "rewrite the model file every N steps (0 = only at the end)"},
      {"snapshot-keep", T::kInt, "0", 0, 1e6, "",
       "also keep the last N snapshots as NAME-STEP.dendrite"},
      {"iterations", T::kInt, "4", 1, 1000, "", "graph networks: synchronous iterations T"},
      {"loss-weighting", T::kChoice, "uniform", 0, 0, "last,uniform,ramp",
       "graph networks: weight of the loss at each iteration"},
  };
  return specs;
}

const SettingSpec* find_setting(const std::string& name) {
  for (const SettingSpec& spec : setting_specs())
    if (name == spec.name) return &spec;
  return nullptr;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

int source_rank(SettingSource source) {
  switch (source) {
    case SettingSource::kDefault: return 0;
    case SettingSource::kConfigFile: return 1;
    case SettingSource::kCommandLine: return 2;
    case SettingSource::kPreferences: return 2;
  }
  return 0;
}

bool parse_int(const std::string& text, std::int64_t* out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size()) return false;
  *out = v;
  return true;
}

bool parse_float(const std::string& text, double* out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

}  // namespace

bool parse_bool(const std::string& text, bool* out) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") {
    *out = true;
    return true;
  }
  if (text == "false" || text == "0" || text == "no" || text == "off") {
    *out = false;
    return true;
  }
  return false;
}

std::string nearest_setting_name(const std::string& name) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, name.size() / 3) + 1;
  for (const SettingSpec& spec : setting_specs()) {
    const std::size_t d = edit_distance(name, spec.name);
    if (d < best_distance) {
      best_distance = d;
      best = spec.name;
    }
  }
  if (!best.empty() || name.size() < 3) return best;
  // Abbreviations ("input-dir", "snapshot") are far in edit distance; suggest the one key
  // they begin, when exactly one does.
  const SettingSpec* only = nullptr;
  for (const SettingSpec& spec : setting_specs()) {
    if (std::string_view(spec.name).substr(0, name.size()) != name) continue;
    if (only != nullptr) return "";
    only = &spec;
  }
  return only != nullptr ? only->name : "";
}

Status validate_setting_value(const SettingSpec& spec, const std::string& value) {
  switch (spec.type) {
    case SettingType::kInt: {
      std::int64_t v = 0;
      if (!parse_int(value, &v)) return Error{str_cat("'", value, "' is not a whole number")};
      if (static_cast<double>(v) < spec.min || static_cast<double>(v) > spec.max)
        return Error{str_cat(v, " is out of range [", static_cast<std::int64_t>(spec.min), ", ",
                             static_cast<std::int64_t>(spec.max), "]")};
      return Status::ok();
    }
    case SettingType::kFloat: {
      double v = 0;
      if (!parse_float(value, &v)) return Error{str_cat("'", value, "' is not a number")};
      if (v < spec.min || v > spec.max)
        return Error{str_cat(value, " is out of range [", spec.min, ", ", spec.max, "]")};
      return Status::ok();
    }
    case SettingType::kBool: {
      bool b = false;
      if (!parse_bool(value, &b))
        return Error{str_cat("'", value, "' is not true/false (also 1/0, yes/no, on/off)")};
      return Status::ok();
    }
    case SettingType::kChoice: {
      std::stringstream choices(spec.choices);
      std::string choice;
      while (std::getline(choices, choice, ','))
        if (choice == value) return Status::ok();
      return Error{str_cat("'", value, "' is not one of: ", spec.choices)};
    }
    case SettingType::kPath:
      if (value.empty()) return Error{"an empty path"};
      return Status::ok();
    case SettingType::kString:
      return Status::ok();
  }
  return Status::ok();
}

const char* setting_source_name(SettingSource source) {
  switch (source) {
    case SettingSource::kDefault: return "default";
    case SettingSource::kConfigFile: return "config file";
    case SettingSource::kCommandLine: return "command line";
    case SettingSource::kPreferences: return "preferences";
  }
  return "?";
}

Settings::Settings() {
  for (const SettingSpec& spec : setting_specs()) values_[spec.name] = {spec.default_value, SettingSource::kDefault, ""};
}

Status Settings::set(const std::string& name, const std::string& value, SettingSource source,
                     const std::string& origin) {
  const SettingSpec* spec = find_setting(name);
  if (spec == nullptr) {
    const std::string suggestion = nearest_setting_name(name);
    return Error{str_cat("unknown setting '", name, "'",
                         suggestion.empty() ? "" : str_cat(" (did you mean '", suggestion, "'?)"))};
  }
  Status valid = validate_setting_value(*spec, value);
  if (!valid) return Error{str_cat("bad value for '", name, "': ", valid.message())};
  SettingValue& current = values_[name];
  if (source_rank(source) < source_rank(current.source)) return Status::ok();
  current = {value, source, origin};
  return Status::ok();
}

const SettingValue& Settings::value(const std::string& name) const {
  static const SettingValue missing;
  const auto it = values_.find(name);
  return it == values_.end() ? missing : it->second;
}

std::int64_t Settings::get_int(const std::string& name) const {
  std::int64_t v = 0;
  parse_int(value(name).text, &v);
  return v;
}

double Settings::get_float(const std::string& name) const {
  double v = 0;
  parse_float(value(name).text, &v);
  return v;
}

bool Settings::get_bool(const std::string& name) const {
  bool v = false;
  parse_bool(value(name).text, &v);
  return v;
}

}  // namespace dendrite
