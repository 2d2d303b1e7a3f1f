#include "widgets/network_canvas.h"

#include <QPainter>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "widgets/network_layout.h"
#include "widgets/network_legend.h"
#include "widgets/network_scene.h"

namespace dendrite {
namespace {

constexpr double kMinPixelsPerNeuron = 0.05;
constexpr double kMaxPixelsPerNeuron = 160.0;

class LegendOverlay : public QWidget {
 public:
  LegendOverlay(NetworkScene* scene, QWidget* parent) : QWidget(parent), scene_(scene) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    resize(network_legend_size());
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    paint_network_legend(&painter, QPoint(0, 0), scene_->fixedScale());
  }

 private:
  NetworkScene* scene_;
};

}  // namespace

NetworkCanvas::NetworkCanvas(NetworkScene* scene, QWidget* parent) : QGraphicsView(scene, parent), scene_(scene) {
  setObjectName("networkCanvas");
  setDragMode(QGraphicsView::ScrollHandDrag);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  // One rectangle around everything that changed: a new snapshot changes every layer grid, and
  // a many-rectangle region takes any line drawing it meets off Qt's fast path (before the line
  // cache, network_view_bench measured W3 at 2–6 repaints a second that way, 8–115 this way).
  setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
  setOptimizationFlags(QGraphicsView::DontSavePainterState);
  setRenderHint(QPainter::Antialiasing, false);
  setFrameShape(QFrame::NoFrame);
  setBackgroundBrush(scene->backgroundBrush());
  setMouseTracking(true);
  viewport()->setCursor(Qt::ArrowCursor);
  rest_ = new QTimer(this);
  rest_->setSingleShot(true);
  rest_->setInterval(180);
  connect(rest_, &QTimer::timeout, this, [this] { scene_->setMoving(false); });
  legend_overlay_ = new LegendOverlay(scene, this);
  legend_overlay_->setVisible(false);
  connect(scene_, &QGraphicsScene::sceneRectChanged, this, [this] {
    fitted_ = true;
    fit();
    place_legend();
  });
}

double NetworkCanvas::pixelsPerNeuron() const { return transform().m11() * NetworkLayout::kPitch; }

void NetworkCanvas::moved() {
  // Cheaper lines while the view moves; the full drawing once it rests.
  scene_->setMoving(true);
  rest_->start();
}

void NetworkCanvas::scrollContentsBy(int dx, int dy) {
  moved();
  QGraphicsView::scrollContentsBy(dx, dy);
}

void NetworkCanvas::zoom_changed() {
  moved();
  const NetworkLod lod = lod_for_pixels_per_neuron(pixelsPerNeuron());
  scene_->setLod(lod);
  if (lod != lod_) {
    lod_ = lod;
    emit lodChanged(lod);
  }
  emit zoomChanged(pixelsPerNeuron());
}

void NetworkCanvas::setPixelsPerNeuron(double pixels) {
  pixels = std::clamp(pixels, kMinPixelsPerNeuron, kMaxPixelsPerNeuron);
  const QPointF centre = mapToScene(viewport()->rect().center());
  const double s = pixels / NetworkLayout::kPitch;
  setTransform(QTransform::fromScale(s, s));
  centerOn(centre);
  fitted_ = false;
  zoom_changed();
}

void NetworkCanvas::fit() {
  const QRectF r = scene_->sceneRect();
  if (r.isEmpty() || viewport()->width() < 2) return;
  // Leave the legend's band at the bottom free, so it covers no layer.
  const QRect area = viewport()->rect().adjusted(0, 0, 0, legend_ ? -(network_legend_size().height() + 14) : 0);
  const double s = std::min(area.width() / r.width(), area.height() / r.height());
  if (!(s > 0)) return;
  setTransform(QTransform::fromScale(s, s));
  // The network's centre at the centre of the area above the legend.
  const QPointF centre = r.center() + QPointF(0, (viewport()->height() - area.height()) / 2.0 / s);
  centerOn(centre);
  fitted_ = true;
  zoom_changed();
}

void NetworkCanvas::zoom_by(double factor) {
  const double target = std::clamp(pixelsPerNeuron() * factor, kMinPixelsPerNeuron, kMaxPixelsPerNeuron);
  const double f = target / pixelsPerNeuron();
  if (std::abs(f - 1.0) < 1e-9) return;
  scale(f, f);
  fitted_ = false;
  zoom_changed();
}

void NetworkCanvas::zoomIn() { zoom_by(1.25); }
void NetworkCanvas::zoomOut() { zoom_by(0.8); }

void NetworkCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  zoom_by(std::pow(1.2, steps));
  event->accept();
}

void NetworkCanvas::setLegendVisible(bool visible) {
  legend_ = visible;
  place_legend();
}

void NetworkCanvas::place_legend() {
  const QRect area = viewport()->geometry();
  legend_overlay_->move(area.left() + 10, area.bottom() - legend_overlay_->height() - 10);
  legend_overlay_->setVisible(legend_ && scene_->structure() != nullptr);
  legend_overlay_->raise();
  legend_overlay_->update();
}

void NetworkCanvas::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  if (fitted_) fit();
  place_legend();
}

void NetworkCanvas::showEvent(QShowEvent* event) {
  QGraphicsView::showEvent(event);
  if (fitted_) fit();
  place_legend();
}

}  // namespace dendrite
