// line_cache.h — a viewport-sized image of the lines an item draws while the view rests.
//
// While training, every new snapshot repaints the layer grids, and with them whatever lies under
// them: thousands of antialiased connection lines, redrawn unchanged (network_view_bench: W3 at
// 8–23 repaints a second zoomed in). With the view at rest the lines change only when the
// weights, the hover or the selection do, so an item draws them once into this image and then
// copies it; zoom, pan, a resize or invalidate() (the lines changed) draw them again. Drawing
// for anything but the widget itself (export, tests' scene.render()) goes straight through.
//
//   cache_.paint(painter, widget, !fast_, exposed, [&](QPainter* p, const QRectF& visible) { … });
//   cache_.invalidate();  // when the lines change
#pragma once

#include <QImage>
#include <QRectF>
#include <QTransform>

#include <functional>

class QPainter;
class QWidget;

namespace dendrite {

class LineCache {
 public:
  // Draws the lines in the part of the scene `visible` (item coordinates).
  using Draw = std::function<void(QPainter* painter, const QRectF& visible)>;

  // `use`: false while the view moves (every frame differs: drawn straight).
  void paint(QPainter* painter, const QWidget* widget, bool use, const QRectF& exposed, const Draw& draw);
  void invalidate() { image_ = QImage(); }
  bool valid() const { return !image_.isNull(); }

 private:
  QImage image_;  // the widget's pixels: premultiplied ARGB, transparent where no line is
  QTransform transform_;
};

}  // namespace dendrite
