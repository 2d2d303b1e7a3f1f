#include "widgets/line_cache.h"

#include <QPainter>
#include <QWidget>

namespace dendrite {

void LineCache::paint(QPainter* painter, const QWidget* widget, bool use, const QRectF& exposed, const Draw& draw) {
  // Only a painter on the widget itself at one device pixel per pixel maps the image 1:1.
  if (!use || !widget || painter->device() != widget || widget->devicePixelRatioF() != 1.0) {
    invalidate();
    draw(painter, exposed);
    return;
  }
  const QTransform transform = painter->worldTransform();
  if (image_.isNull() || image_.size() != widget->size() || transform != transform_) {
    image_ = QImage(widget->size(), QImage::Format_ARGB32_Premultiplied);
    image_.fill(Qt::transparent);
    bool invertible = false;
    const QTransform to_item = transform.inverted(&invertible);
    if (!invertible) {
      invalidate();
      draw(painter, exposed);
      return;
    }
    QPainter p(&image_);
    p.setRenderHints(painter->renderHints());
    p.setTransform(transform);
    const QRectF all = to_item.mapRect(QRectF(image_.rect()));
    p.setClipRect(all);  // a clip rectangle keeps the raster engine on its fast line path
    draw(&p, all);
    transform_ = transform;
  }
  painter->save();
  painter->setWorldTransform(QTransform());
  painter->setClipping(false);  // the paint event's own region still limits what is drawn
  painter->drawImage(QPoint(0, 0), image_);
  painter->restore();
}

}  // namespace dendrite
