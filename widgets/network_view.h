// network_view.h — the network view: the NetworkScene in a NetworkCanvas, a tool bar (fit, zoom,
// which connections to draw, top-k, colour scale, graph partitions, export as PNG/SVG) and a read-out line for the
// neuron or connection under the mouse.
//
// It binds the scene to the models: NetworkState gives the structure, the current sample's
// neuron values and the weights (live, at the session's throttled rate, while the view is
// shown); clicking a neuron or a connection adds it to the WatchListModel and selects it there
// (Ctrl or Shift: add to the selection), and the watch list's items and selection are outlined
// in the scene, with the selected neurons' connections drawn.
#pragma once

#include <QWidget>

#include "widgets/network_scene.h"

class QAction;
class QComboBox;
class QLabel;
class QSpinBox;
class QToolBar;

namespace dendrite {

class NetworkCanvas;
class NetworkState;
class WatchListModel;

class NetworkView : public QWidget {
  Q_OBJECT

 public:
  NetworkView(NetworkState* state, WatchListModel* watch, QWidget* parent = nullptr);

  NetworkScene* scene() const { return scene_; }
  NetworkCanvas* canvas() const { return canvas_; }
  QToolBar* toolBar() const { return tools_; }
  QComboBox* connectionModeBox() const { return connection_mode_; }
  QSpinBox* topKBox() const { return top_k_; }
  QComboBox* scaleBox() const { return scale_; }
  QAction* partitionsAction() const { return partitions_; }
  QLabel* readout() const { return readout_; }

  // Where the export dialog starts.
  void setExportDirectory(const QString& directory) { export_directory_ = directory; }
  // Writes the whole network at the current zoom as PNG or SVG; "" or the reason it failed.
  QString exportTo(const QString& path);

 public slots:
  void exportImage();

 signals:
  void exported(const QString& path);

 protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  void build_tool_bar();
  void on_structure();
  void on_values();
  void on_parameters();
  void on_neuron_clicked(std::size_t neuron, Qt::KeyboardModifiers modifiers);
  void on_connection_clicked(std::size_t connection, Qt::KeyboardModifiers modifiers);
  void select_row(int row, Qt::KeyboardModifiers modifiers);
  void update_marks();
  void show_hover(const NetworkScene::Hit& hit);
  void update_zoom_label();

  NetworkState* state_;
  WatchListModel* watch_;
  NetworkScene* scene_;
  NetworkCanvas* canvas_;
  QToolBar* tools_;
  QComboBox* connection_mode_;
  QSpinBox* top_k_;
  QComboBox* scale_;
  QAction* partitions_;  // graph networks: tint by part
  QLabel* zoom_label_;
  QLabel* readout_;
  QString export_directory_;
  NetworkScene::Hit hover_;
};

}  // namespace dendrite
