// network_summary.h — what the read-outs say about the network in use: layers, neurons,
// connections, the module running it, its spec and where it was loaded from.
//
// It keeps its own copies of the spec and topology (made on the GUI thread when a network is
// installed), so views such as the network view can read the structure without touching the
// module the training thread owns.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include "core/network_module.h"
#include "core/network_spec.h"

namespace dendrite {

class NetworkSummary : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool valid READ valid NOTIFY changed)
  Q_PROPERTY(int layerCount READ layerCount NOTIFY changed)
  Q_PROPERTY(qint64 neuronCount READ neuronCount NOTIFY changed)
  Q_PROPERTY(qint64 connectionCount READ connectionCount NOTIFY changed)
  Q_PROPERTY(QString moduleName READ moduleName NOTIFY changed)
  Q_PROPERTY(QString specText READ specText NOTIFY changed)
  Q_PROPERTY(QString inputShape READ inputShape NOTIFY changed)
  Q_PROPERTY(int embeddingSize READ embeddingSize NOTIFY changed)
  Q_PROPERTY(QStringList layerDescriptions READ layerDescriptions NOTIFY changed)
  Q_PROPERTY(QString modelPath READ modelPath NOTIFY changed)
  Q_PROPERTY(QString displayName READ displayName NOTIFY changed)

 public:
  explicit NetworkSummary(QObject* parent = nullptr);

  bool valid() const { return valid_; }
  int layerCount() const { return static_cast<int>(topology_.layers.size()); }
  qint64 neuronCount() const { return static_cast<qint64>(topology_.neuron_count); }
  qint64 connectionCount() const { return static_cast<qint64>(topology_.connection_count); }
  QString moduleName() const { return module_name_; }
  QString specText() const { return spec_text_; }
  QString inputShape() const;
  int embeddingSize() const;
  QStringList layerDescriptions() const;
  QString modelPath() const { return model_path_; }
  // The model file's name, the preset's name, or "custom network".
  QString displayName() const;
  // The preset this network is, or "".
  QString presetName() const;

  const NetworkSpec& spec() const { return spec_; }
  const Topology& topology() const { return topology_; }

  void set(const NetworkSpec& spec, const Topology& topology, const QString& module_name,
           const QString& model_path);
  void set_model_path(const QString& path);
  void clear();

 signals:
  void changed();

 private:
  bool valid_ = false;
  NetworkSpec spec_;
  Topology topology_;
  QString module_name_;
  QString spec_text_;
  QString model_path_;
};

// "28×28×1"
QString shape_text(const ImageShape& shape);

// A layer's title in the user's language, from the engine's label for layer `index`
// (LayerInfo::label, NetworkSpec::layer_label): a name from the spec as it is, the default
// "layer N" (core: default_layer_label) translated.
QString layer_title(const std::string& label, std::size_t index);

}  // namespace dendrite
