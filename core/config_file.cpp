#include "core/config_file.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <sstream>

namespace dendrite {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

constexpr std::uint64_t kMaxConfigBytes = 1 << 20;

}  // namespace

Result<std::vector<ConfigEntry>> parse_config(const std::string& text, const std::string& file_name) {
  std::vector<ConfigEntry> entries;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const std::string content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    const auto equals = content.find('=');
    if (equals == std::string::npos)
      return Error{str_cat(file_name, ":", number, ": expected KEY=VALUE, found '", content, "'")};
    ConfigEntry entry{trim(content.substr(0, equals)), trim(content.substr(equals + 1)), number};
    if (entry.key.empty())
      return Error{str_cat(file_name, ":", number, ": missing key before '='")};
    const SettingSpec* spec = find_setting(entry.key);
    if (spec == nullptr) {
      const std::string suggestion = nearest_setting_name(entry.key);
      return Error{str_cat(file_name, ":", number, ": unknown key '", entry.key, "'",
                           suggestion.empty() ? "" : str_cat(" (did you mean '", suggestion, "'?)"))};
    }
    for (const ConfigEntry& previous : entries)
      if (previous.key == entry.key)
        return Error{str_cat(file_name, ":", number, ": key '", entry.key,
                             "' is already set on line ", previous.line)};
    Status valid = validate_setting_value(*spec, entry.value);
    if (!valid)
      return Error{str_cat(file_name, ":", number, ": bad value for '", entry.key, "': ",
                           valid.message())};
    entries.push_back(std::move(entry));
  }
  return entries;
}

Status apply_config_file(FileSystem& fs, const std::string& path, Settings& settings) {
  DENDRITE_ASSIGN_OR_RETURN(std::string text, fs.read_file(path, kMaxConfigBytes));
  DENDRITE_ASSIGN_OR_RETURN(std::vector<ConfigEntry> entries, parse_config(text, path));
  const std::string base = parent_directory(path);
  for (const ConfigEntry& entry : entries) {
    std::string value = entry.value;
    if (find_setting(entry.key)->type == SettingType::kPath) value = resolve_path(base, value);
    DENDRITE_TRY(settings.set(entry.key, value, SettingSource::kConfigFile,
                              str_cat(path, ":", entry.line)));
  }
  return Status::ok();
}

Status write_config_value(FileSystem& fs, const std::string& path, const std::string& key,
                          const std::string& value) {
  const SettingSpec* spec = find_setting(key);
  if (spec == nullptr) return Error{str_cat("unknown setting '", key, "'")};
  DENDRITE_TRY(validate_setting_value(*spec, value).with_context(str_cat("setting '", key, "'")));
  std::string text;
  if (fs.exists(path)) {
    DENDRITE_ASSIGN_OR_RETURN(text, fs.read_file(path, kMaxConfigBytes));
  }
  std::istringstream lines(text);
  std::string line, out;
  bool replaced = false;
  while (std::getline(lines, line)) {
    const std::string content = trim(line);
    const auto equals = content.find('=');
    if (!replaced && !content.empty() && content[0] != '#' && equals != std::string::npos &&
        trim(content.substr(0, equals)) == key) {
      out += key + "=" + value + "\n";
      replaced = true;
    } else {
      out += line + "\n";
    }
  }
  if (!replaced) out += key + "=" + value + "\n";
  return write_file_atomically(fs, path, out);
}

std::string executable_directory() {
  char buffer[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
  if (n <= 0) return ".";
  buffer[n] = '\0';
  return parent_directory(buffer);
}

std::string default_data_root() {
  const std::string exe_dir = executable_directory();
  // Installed under a system prefix (root can write there, but a user's data does not belong
  // there), or not writable: use the user's data directory.
  const bool system_prefix = exe_dir.rfind("/usr/", 0) == 0 || exe_dir.rfind("/opt/", 0) == 0;
  if (!system_prefix && ::access(exe_dir.c_str(), W_OK) == 0) return exe_dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/')
    return join_path(xdg, "dendrite");
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/')
    return join_path(home, ".local/share/dendrite");
  return ".";
}

std::string default_config_path() { return join_path(default_data_root(), "dendrite.conf"); }

std::string resolve_path(const std::string& base, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  if (base.empty() || base == ".") return path;
  return join_path(base, path);
}

}  // namespace dendrite
