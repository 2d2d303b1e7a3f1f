#include "widgets/image_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>

namespace dendrite {

// Paints the panel's image at its zoom factor, centred on a dark background.
class ImageCanvas : public QWidget {
 public:
  explicit ImageCanvas(ImagePanel* panel) : QWidget(panel), panel_(panel) {
    setAttribute(Qt::WA_OpaquePaintEvent);
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.fillRect(rect(), QColor(0x30, 0x30, 0x30));
    const QImage& image = panel_->image_;
    if (image.isNull()) {
      p.setPen(QColor(0xa0, 0xa0, 0xa0));
      p.drawText(rect(), Qt::AlignCenter, ImagePanel::tr("no image"));
      return;
    }
    const int z = panel_->zoom();
    const QSize size = image.size() * z;
    const QRect target(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // nearest neighbour
    p.drawImage(target, image);
    p.setPen(QColor(0x60, 0x60, 0x60));
    p.drawRect(target.adjusted(-1, -1, 0, 0));
  }
  void wheelEvent(QWheelEvent* e) override {
    if (!(e->modifiers() & Qt::ControlModifier)) {
      e->ignore();
      return;
    }
    e->angleDelta().y() > 0 ? panel_->zoomIn() : panel_->zoomOut();
    e->accept();
  }
  void mouseDoubleClickEvent(QMouseEvent*) override { panel_->fit(); }

 private:
  ImagePanel* panel_;
};

ImagePanel::ImagePanel(const QString& caption, QWidget* parent) : QWidget(parent) {
  caption_ = new QLabel(caption);
  QFont bold = caption_->font();
  bold.setBold(true);
  caption_->setFont(bold);
  zoom_label_ = new QLabel;
  zoom_label_->setForegroundRole(QPalette::PlaceholderText);
  scroll_ = new QScrollArea;
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setAlignment(Qt::AlignCenter);
  scroll_->setWidgetResizable(true);
  canvas_ = new ImageCanvas(this);
  canvas_->setObjectName(QStringLiteral("imageCanvas"));  // benchmarks watch its paint events
  canvas_->setMinimumSize(64, 64);
  scroll_->setWidget(canvas_);
  auto* top = new QHBoxLayout;
  top->setContentsMargins(0, 0, 0, 0);
  top->addWidget(caption_, 1);
  top->addWidget(zoom_label_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(3);
  layout->addLayout(top);
  layout->addWidget(scroll_, 1);
  setToolTip(tr("Ctrl+wheel zooms, double-click fits the image to the panel"));
}

void ImagePanel::setCaption(const QString& caption) { caption_->setText(caption); }

void ImagePanel::setImage(const QImage& image) {
  const bool size_changed = image.size() != image_.size();
  image_ = image;
  if (size_changed) update_canvas();
  canvas_->update();
}

int ImagePanel::fit_factor() const {
  if (image_.isNull()) return 1;
  const QSize room = scroll_->viewport()->size();
  return std::max(1, std::min(room.width() / image_.width(), room.height() / image_.height()));
}

int ImagePanel::zoom() const { return fit_ ? fit_factor() : zoom_; }

void ImagePanel::update_canvas() {
  if (fit_) {
    scroll_->setWidgetResizable(true);
  } else {
    scroll_->setWidgetResizable(false);
    const QSize size = image_.isNull() ? QSize(64, 64) : image_.size() * zoom_;
    canvas_->resize(size.expandedTo(scroll_->viewport()->size()));
  }
  zoom_label_->setText(fit_ ? tr("fit (×%1)").arg(zoom()) : tr("×%1").arg(zoom_));
  canvas_->update();
  emit zoomChanged(zoom());
}

void ImagePanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (fit_) zoom_label_->setText(tr("fit (×%1)").arg(zoom()));
}

void ImagePanel::set_fixed_zoom(int factor) {
  fit_ = false;
  zoom_ = std::clamp(factor, 1, 64);
  update_canvas();
}

void ImagePanel::zoomIn() { set_fixed_zoom(zoom() + std::max(1, zoom() / 4)); }
void ImagePanel::zoomOut() { set_fixed_zoom(zoom() - std::max(1, zoom() / 5)); }

void ImagePanel::fit() {
  fit_ = true;
  update_canvas();
}

}  // namespace dendrite
