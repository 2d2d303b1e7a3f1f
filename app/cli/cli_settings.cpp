#include "app/cli/cli_settings.h"

#include "core/config_file.h"
#include "core/file_system.h"

namespace dendrite::cli {

void CliSettings::bind(CLI::App* command, const std::vector<std::string>& names) {
  config_option_ = command->add_option("--config", config_path_,
                                       "config file (KEY=VALUE lines; default: dendrite.conf next "
                                       "to the executable, when present)");
  for (const std::string& name : names) {
    const SettingSpec* spec = find_setting(name);
    if (spec == nullptr) continue;
    std::string flags = std::string("--") + spec->name;
    if (spec->short_flag[0] != '\0') flags += std::string(",") + spec->short_flag;
    std::string help = spec->help;
    help += std::string(" [default: ") + (spec->default_value[0] ? spec->default_value : "\"\"") + "]";
    Bound& bound = bound_[name];
    bound.option = command->add_option(flags, bound.value, help);
    if (spec->type == SettingType::kPath) bound.option->type_name("PATH");
  }
}

Result<Settings> CliSettings::resolve() const {
  Settings settings;
  FileSystem& fs = real_file_system();
  const std::string data_root = default_data_root();
  for (const SettingSpec& spec : setting_specs()) {
    if (spec.type == SettingType::kPath)
      DENDRITE_TRY(settings.set(spec.name, resolve_path(data_root, spec.default_value),
                                SettingSource::kDefault));
  }
  std::string config = config_path_;
  const bool explicit_config = config_option_ != nullptr && config_option_->count() > 0;
  if (!explicit_config) config = default_config_path();
  if (explicit_config || fs.exists(config)) {
    if (explicit_config && !fs.exists(config))
      return Error{str_cat("config file '", config, "' does not exist")};
    DENDRITE_TRY(apply_config_file(fs, config, settings));
  }
  for (const auto& [name, bound] : bound_) {
    if (bound.option->count() == 0) continue;
    DENDRITE_TRY(settings.set(name, bound.value, SettingSource::kCommandLine, "--" + name)
                     .with_context(str_cat("option --", name)));
  }
  return settings;
}

}  // namespace dendrite::cli
