#include "app/models/network_summary.h"

#include <QFileInfo>

namespace dendrite {

QString shape_text(const ImageShape& shape) {
  return QStringLiteral("%1×%2×%3").arg(shape.width).arg(shape.height).arg(shape.channels);
}

QString layer_title(const std::string& label, std::size_t index) {
  if (label == default_layer_label(index)) return NetworkSummary::tr("layer %1").arg(index);
  return QString::fromStdString(label);
}

NetworkSummary::NetworkSummary(QObject* parent) : QObject(parent) {}

QString NetworkSummary::inputShape() const {
  return valid_ ? shape_text(spec_.input().shape) : QString();
}

int NetworkSummary::embeddingSize() const {
  return valid_ && topology_.embedding_layer >= 0 ? static_cast<int>(topology_.embedding_size()) : 0;
}

QStringList NetworkSummary::layerDescriptions() const {
  QStringList out;
  for (std::size_t i = 0; i < topology_.layers.size(); ++i) {
    const LayerInfo& l = topology_.layers[i];
    QString line = tr("%1: %2 %3, %L4 neurons, %L5 connections")
                       .arg(layer_title(l.label, i), QString::fromLatin1(layer_kind_name(l.kind)),
                            shape_text(l.shape))
                       .arg(static_cast<qlonglong>(l.neuron_count))
                       .arg(static_cast<qlonglong>(l.connection_count));
    if (static_cast<int>(i) == topology_.embedding_layer) line += tr(" (embedding)");
    out << line;
  }
  return out;
}

QString NetworkSummary::displayName() const {
  if (!valid_) return tr("no network");
  if (!model_path_.isEmpty()) return QFileInfo(model_path_).fileName();
  const QString preset = presetName();
  return preset.isEmpty() ? tr("custom network") : preset;
}

QString NetworkSummary::presetName() const {
  if (!valid_) return {};
  for (const auto& [name, text] : network_presets()) {
    auto parsed = parse_network_spec(text);
    if (parsed && *parsed == spec_) return QString::fromStdString(name);
  }
  return {};
}

void NetworkSummary::set(const NetworkSpec& spec, const Topology& topology, const QString& module_name,
                         const QString& model_path) {
  valid_ = true;
  spec_ = spec;
  topology_ = topology;
  module_name_ = module_name;
  spec_text_ = QString::fromStdString(print_network_spec(spec));
  model_path_ = model_path;
  emit changed();
}

void NetworkSummary::set_model_path(const QString& path) {
  if (path == model_path_) return;
  model_path_ = path;
  emit changed();
}

void NetworkSummary::clear() {
  valid_ = false;
  spec_ = {};
  topology_ = {};
  module_name_.clear();
  spec_text_.clear();
  model_path_.clear();
  emit changed();
}

}  // namespace dendrite
