#include "core/sweep_grid.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "core/network_spec.h"
#include "core/settings.h"
#include "core/training_settings.h"

namespace dendrite {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto at = text.find(separator, start);
    parts.push_back(trim(text.substr(start, at == std::string::npos ? std::string::npos : at - start)));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

// Settings that describe where data lives or how the sweep itself runs make no sense as axes.
bool sweepable(const std::string& key) {
  static const char* const kNot[] = {"input-directory", "model-directory", "output-directory", "threads"};
  return std::none_of(std::begin(kNot), std::end(kNot), [&](const char* k) { return key == k; });
}

}  // namespace

std::string SweepPoint::label() const {
  std::string out;
  for (const auto& [key, value] : settings) out += (out.empty() ? "" : " ") + key + "=" + value;
  return out.empty() ? "default" : out;
}

std::string short_setting_value(const std::string& key, const std::string& value) {
  if (key != "network" || !preset_spec_text(value).empty()) return value;
  auto spec = parse_network_spec(value, "network");
  if (!spec || spec->family != NetworkFamily::kLayer) return value;
  std::string out;
  for (const LayerSpec& layer : spec->layers) {
    if (!out.empty()) out += "-";
    if (layer.kind == LayerKind::kLocal) out += "L";
    if (layer.kind == LayerKind::kUp) out += "U";
    out += std::to_string(layer.shape.size());
  }
  return out;
}

std::string SweepPoint::display_label() const {
  std::string out;
  for (const auto& [key, value] : settings) out += (out.empty() ? "" : " ") + key + "=" + short_setting_value(key, value);
  return out.empty() ? "default" : out;
}

std::string SweepPoint::slug() const {
  std::string out;
  for (const auto& [key, value] : settings) {
    if (!out.empty()) out += "_";
    out += key + "-";
    const std::string shown = short_setting_value(key, value);
    for (char ch : shown) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' ? ch : '_';
    // Specs of equal layer sizes differ in kernels or activations: a hash of the full text keeps
    // their file names apart.
    if (shown != value) {
      std::uint32_t hash = 2166136261u;  // FNV-1a
      for (char ch : value) hash = (hash ^ static_cast<unsigned char>(ch)) * 16777619u;
      char hex[16];
      std::snprintf(hex, sizeof(hex), "-h%08x", hash);
      out += hex;
    }
  }
  if (out.size() > 120) out = out.substr(0, 120);
  return out.empty() ? "default" : out;
}

Result<SweepAxis> parse_sweep_axis(const std::string& argument) {
  const auto equals = argument.find('=');
  if (equals == std::string::npos)
    return Error{str_cat("--sweep '", argument, "': expected KEY=V1,V2,… (e.g. leakage=0.1,0.01)")};
  SweepAxis axis;
  axis.key = trim(argument.substr(0, equals));
  const SettingSpec* spec = find_setting(axis.key);
  if (spec == nullptr) {
    const std::string near = nearest_setting_name(axis.key);
    return Error{str_cat("--sweep '", argument, "': unknown setting '", axis.key, "'",
                         near.empty() ? "" : str_cat(" (did you mean '", near, "'?)"))};
  }
  if (!sweepable(axis.key))
    return Error{str_cat("--sweep '", argument, "': '", axis.key, "' cannot be swept")};
  const std::string list = argument.substr(equals + 1);
  axis.values = split(list, axis.key == "network" ? ';' : ',');
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    const std::string& value = axis.values[i];
    if (value.empty())
      return Error{str_cat("--sweep '", argument, "': value ", i + 1, " is empty")};
    Status valid = validate_setting_value(*spec, value);
    if (!valid)
      return Error{str_cat("--sweep '", argument, "': value ", i + 1, " for '", axis.key, "': ", valid.message())};
    for (std::size_t j = 0; j < i; ++j)
      if (axis.values[j] == value)
        return Error{str_cat("--sweep '", argument, "': value '", value, "' is listed twice")};
  }
  return axis;
}

Result<std::vector<std::uint64_t>> parse_seed_list(const std::string& argument) {
  std::vector<std::uint64_t> seeds;
  for (const std::string& part : split(argument, ',')) {
    errno = 0;
    char* end = nullptr;
    const unsigned long long seed = std::strtoull(part.c_str(), &end, 10);
    if (part.empty() || part[0] == '-' || errno != 0 || end != part.c_str() + part.size())
      return Error{str_cat("--seeds '", argument, "': '", part, "' is not a seed (a whole number ≥ 0)")};
    if (std::find(seeds.begin(), seeds.end(), seed) != seeds.end())
      return Error{str_cat("--seeds '", argument, "': seed ", seed, " is listed twice")};
    seeds.push_back(seed);
  }
  return seeds;
}

Result<std::vector<SweepPoint>> expand_sweep(const std::vector<SweepAxis>& axes) {
  for (std::size_t i = 0; i < axes.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (axes[i].key == axes[j].key)
        return Error{str_cat("--sweep: '", axes[i].key, "' is swept twice; give all its values in one --sweep")};
  std::vector<SweepPoint> points(1);
  for (const SweepAxis& axis : axes) {
    std::vector<SweepPoint> next;
    for (const SweepPoint& point : points)
      for (const std::string& value : axis.values) {
        SweepPoint p = point;
        p.settings.emplace_back(axis.key, value);
        next.push_back(std::move(p));
      }
    points = std::move(next);
  }
  if (points.size() > 10000) return Error{str_cat("--sweep: the grid has ", points.size(), " points; at most 10000")};
  return points;
}

Result<Settings> settings_for_point(const Settings& base, const SweepPoint& point, std::uint64_t seed) {
  Settings settings = base;
  for (const auto& [key, value] : point.settings)
    if (Status s = settings.set(key, value, SettingSource::kCommandLine); !s)
      return Error{str_cat(point.label(), ": ", s.message())};
  if (Status s = settings.set("seed", std::to_string(seed), SettingSource::kCommandLine); !s)
    return Error{str_cat("seed ", seed, ": ", s.message())};
  return settings;
}

Status check_sweep(const Settings& base, const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points) {
  const bool bias_swept = std::any_of(axes.begin(), axes.end(), [](const SweepAxis& a) { return a.key == "bias-init"; });
  std::map<std::string, std::size_t> slugs;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto [at, fresh] = slugs.emplace(points[i].slug(), i);
    if (!fresh)
      return Error{str_cat("sweep points '", points[at->second].label(), "' and '", points[i].label(),
                           "' would write the same files (", at->first, "); shorten the values")};
  }
  for (const SweepPoint& point : points) {
    DENDRITE_ASSIGN_OR_RETURN(Settings settings, settings_for_point(base, point, 1));
    auto ts = training_settings_from(settings);
    if (!ts) return Error{str_cat("sweep point '", point.label(), "': ", ts.message())};
    if (auto spec = parse_network_spec(ts->network, "network"); !spec)
      return Error{str_cat("sweep point '", point.label(), "': ", spec.message())};
    if (bias_swept && ts->init.scheme != InitScheme::kHeUniform)
      return Error{str_cat("sweep point '", point.label(), "': bias-init has no effect with init=",
                           init_scheme_name(ts->init.scheme),
                           " (it draws biases from U(±1/sqrt(fan-in))), so every bias value would train the same "
                           "network; add --init he-uniform (or sweep init too)")};
  }
  return Status::ok();
}

std::vector<SweepGroup> group_by_first_axis(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points) {
  if (axes.empty() || points.empty()) {
    std::vector<SweepGroup> all(1);
    all[0].label = "all";
    for (std::size_t p = 0; p < points.size(); ++p) all[0].points.push_back(p);
    return all;
  }
  const std::size_t first = axes.front().values.size();
  const std::size_t count = points.size() / first;
  std::vector<SweepGroup> groups(count);
  for (std::size_t g = 0; g < count; ++g) {
    for (std::size_t i = 0; i < first; ++i) groups[g].points.push_back(g + i * count);
    std::string label;
    const SweepPoint& p = points[g];
    for (std::size_t a = 1; a < p.settings.size(); ++a)
      label += (label.empty() ? "" : " ") + p.settings[a].first + "=" + p.settings[a].second;
    groups[g].label = label.empty() ? "all" : label;
  }
  return groups;
}

}  // namespace dendrite
