// network_canvas.h — the QGraphicsView showing a NetworkScene: wheel zooms about the cursor,
// dragging empty space pans, clicks go to the scene (neurons, connections). It tracks the level of
// detail (network_lod.h) from its zoom and tells the scene, and shows the colour legend in its
// bottom-left corner.
#pragma once

#include <QGraphicsView>

#include "widgets/network_lod.h"

class QTimer;

namespace dendrite {

class NetworkScene;

class NetworkCanvas : public QGraphicsView {
  Q_OBJECT

 public:
  explicit NetworkCanvas(NetworkScene* scene, QWidget* parent = nullptr);

  NetworkScene* networkScene() const { return scene_; }
  // Screen pixels one neuron covers now.
  double pixelsPerNeuron() const;
  NetworkLod lod() const { return lod_; }
  // Zooms (about the viewport's centre) so that a neuron covers `pixels` pixels.
  void setPixelsPerNeuron(double pixels);
  bool legendVisible() const { return legend_; }
  void setLegendVisible(bool visible);

 public slots:
  void fit();
  void zoomIn();
  void zoomOut();

 signals:
  void lodChanged(dendrite::NetworkLod lod);
  void zoomChanged(double pixels_per_neuron);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void scrollContentsBy(int dx, int dy) override;
  void resizeEvent(QResizeEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void zoom_by(double factor);
  void zoom_changed();

  void place_legend();

  void moved();

  NetworkScene* scene_;
  QTimer* rest_;             // fires when the view has not moved for a moment
  QWidget* legend_overlay_;  // a child of the canvas, not of the viewport: scrolling leaves it be
  NetworkLod lod_ = NetworkLod::kOverview;
  bool legend_ = true;
  bool fitted_ = true;  // keep fitting on resize until the user zooms
};

}  // namespace dendrite
