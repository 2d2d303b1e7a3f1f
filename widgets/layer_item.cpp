#include "widgets/layer_item.h"

#include <QPaintEngine>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>
#include <limits>

#include "app/models/network_summary.h"
#include "widgets/network_lod.h"
#include "widgets/neuron_colours.h"

namespace dendrite {
namespace {

const char* activation_label(Activation a) {
  switch (a) {
    case Activation::kLeakyRelu: return "leaky ReLU";
    case Activation::kLinear: return "linear";
    case Activation::kSigmoid: return "sigmoid";
  }
  return "";
}

}  // namespace

LayerItem::LayerItem(const LayerGeometry& geometry, const LayerInfo& info, std::size_t index, bool embedding,
                     double label_size)
    : geometry_(geometry), label_size_(label_size) {
  setFlag(ItemUsesExtendedStyleOption);  // exposedRect: draw only the visible cells
  title_ = layer_title(info.label, index);
  embedding_ = embedding;
  if (embedding) title_ = QObject::tr("%1 (embedding)").arg(title_);
  subtitle_ = QStringLiteral("%1 %2").arg(QString::fromLatin1(layer_kind_name(info.kind)), shape_text(info.shape));
  activation_ = info.kind == LayerKind::kInput ? QObject::tr("%L1 neurons").arg(static_cast<qlonglong>(info.neuron_count))
                                               : QString::fromLatin1(activation_label(info.activation));
  image_ = QImage(geometry_.image_size(), QImage::Format_RGB32);
  clearValues();
}

QRectF LayerItem::boundingRect() const { return geometry_.block.united(geometry_.label); }

void LayerItem::clearValues() {
  values_.assign(geometry_.shape.size(), std::numeric_limits<float>::quiet_NaN());
  image_.fill(NeuronColours::background());
  const ImageShape& s = geometry_.shape;
  const QRgb missing = NeuronColours::missing().rgb();
  for (int c = 0; c < s.channels; ++c)
    for (int y = 0; y < s.height; ++y)
      for (int x = 0; x < s.width; ++x) {
        const QPoint p = geometry_.pixel(x, y, c);
        reinterpret_cast<QRgb*>(image_.scanLine(p.y()))[p.x()] = missing;
      }
  update();
}

void LayerItem::setValues(const float* values, float scale) {
  const ImageShape& s = geometry_.shape;
  values_.assign(values, values + s.size());
  scale_ = scale;
  for (int y = 0; y < s.height; ++y)
    for (int x = 0; x < s.width; ++x)
      for (int c = 0; c < s.channels; ++c) {
        const QPoint p = geometry_.pixel(x, y, c);
        reinterpret_cast<QRgb*>(image_.scanLine(p.y()))[p.x()] = NeuronColours::colour(values[s.index(x, y, c)], scale);
      }
  update();
}

float LayerItem::value(int x, int y, int c) const { return values_[geometry_.shape.index(x, y, c)]; }

void LayerItem::setOverlay(QImage overlay) {
  if (overlay.isNull() && overlay_.isNull()) return;
  overlay_ = std::move(overlay);
  update(geometry_.block);
}

void LayerItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  const double pixels_per_unit = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
  const double pixels_per_neuron = pixels_per_unit * NetworkLayout::kPitch;
  const NetworkLod lod = lod_for_pixels_per_neuron(pixels_per_neuron);
  const QRectF visible = option->exposedRect.intersected(geometry_.block);
  const bool vector = painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::SVG;

  if (!visible.isEmpty()) {
    if (vector) {
      paint_cells_as_rectangles(painter, visible);
    } else {
      painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
      painter->drawImage(geometry_.block, image_);
      if (!overlay_.isNull()) painter->drawImage(geometry_.block, overlay_);
    }
    if (lod != NetworkLod::kOverview) paint_grid(painter, visible);
    if (lod == NetworkLod::kValues) paint_values(painter, visible, pixels_per_neuron);
  }
  if (option->exposedRect.intersects(geometry_.label)) paint_title(painter, pixels_per_unit);
}

void LayerItem::paint_cells_as_rectangles(QPainter* painter, const QRectF& visible) const {
  const ImageShape& s = geometry_.shape;
  painter->setPen(Qt::NoPen);
  for (int c = 0; c < s.channels; ++c)
    for (int y = 0; y < s.height; ++y)
      for (int x = 0; x < s.width; ++x) {
        const QRectF r = geometry_.cell(x, y, c);
        if (!r.intersects(visible)) continue;
        const QPoint p = geometry_.pixel(x, y, c);
        painter->fillRect(r, QColor(image_.pixel(p)));
        if (!overlay_.isNull()) painter->fillRect(r, QColor::fromRgba(overlay_.pixel(p)));
      }
}

void LayerItem::paint_grid(QPainter* painter, const QRectF& visible) const {
  const double pitch = NetworkLayout::kPitch;
  const QRectF& b = geometry_.block;
  QPen pen(NeuronColours::background(), pitch * 0.12);
  pen.setCapStyle(Qt::FlatCap);
  painter->setPen(pen);
  QVector<QLineF> lines;
  const int x0 = static_cast<int>(std::floor((visible.left() - b.left()) / pitch));
  const int x1 = static_cast<int>(std::ceil((visible.right() - b.left()) / pitch));
  const int y0 = static_cast<int>(std::floor((visible.top() - b.top()) / pitch));
  const int y1 = static_cast<int>(std::ceil((visible.bottom() - b.top()) / pitch));
  for (int i = std::max(x0, 0); i <= x1; ++i)
    lines.append(QLineF(b.left() + i * pitch, visible.top(), b.left() + i * pitch, visible.bottom()));
  for (int j = std::max(y0, 0); j <= y1; ++j)
    lines.append(QLineF(visible.left(), b.top() + j * pitch, visible.right(), b.top() + j * pitch));
  painter->drawLines(lines);
}

void LayerItem::paint_values(QPainter* painter, const QRectF& visible, double pixels_per_neuron) const {
  const double pitch = NetworkLayout::kPitch;
  const ImageShape& s = geometry_.shape;
  const QRectF& b = geometry_.block;
  QFont font;
  // Sized in scene units so it scales with the cells; ~4.5 characters fit a cell.
  font.setPixelSize(std::max(1, static_cast<int>(std::lround(pitch * 0.26 * 8)) ) );
  painter->save();
  // Draw at 8× the scene scale and shrink, so the font has whole-pixel sizes at every zoom.
  painter->scale(1.0 / 8, 1.0 / 8);
  painter->setFont(font);
  const int px0 = std::max(0, static_cast<int>(std::floor((visible.left() - b.left()) / pitch)));
  const int px1 = static_cast<int>(std::ceil((visible.right() - b.left()) / pitch));
  const int py0 = std::max(0, static_cast<int>(std::floor((visible.top() - b.top()) / pitch)));
  const int py1 = static_cast<int>(std::ceil((visible.bottom() - b.top()) / pitch));
  const int stride_x = s.width + geometry_.gap_cells, stride_y = s.height + geometry_.gap_cells;
  const int text_digits = pixels_per_neuron >= 2 * kValueLodPixels ? 3 : 2;
  for (int py = py0; py < py1; ++py) {
    const int ty = py / stride_y, y = py % stride_y;
    if (y >= s.height || ty >= geometry_.tile_rows) continue;
    for (int px = px0; px < px1; ++px) {
      const int tx = px / stride_x, x = px % stride_x;
      const int c = ty * geometry_.tile_columns + tx;
      if (x >= s.width || tx >= geometry_.tile_columns || c >= s.channels) continue;
      const float v = values_[s.index(x, y, c)];
      if (std::isnan(v)) continue;
      const QRgb bg = image_.pixel(px, py);
      painter->setPen(qGray(bg) > 140 ? QColor(0x10, 0x12, 0x16) : NeuronColours::text());
      const QRectF cell((b.left() + px * pitch) * 8, (b.top() + py * pitch) * 8, pitch * 8, pitch * 8);
      // Values that would print as ±0.00 print as 0: leaky ReLU's tiny negatives are noise here.
      const bool tiny = std::abs(v) < 0.5f * std::pow(10.0f, -static_cast<float>(text_digits));
      painter->drawText(cell, Qt::AlignCenter, tiny ? QStringLiteral("0") : QString::number(v, 'f', text_digits));
    }
  }
  painter->restore();
}

void LayerItem::paint_title(QPainter* painter, double pixels_per_unit) const {
  // Titles grow with the zoom up to a comfortable reading size, then stay there (zoomed in far,
  // a title as tall as the screen helps nobody); unreadably small ones are skipped.
  constexpr double kLargestTitlePixels = 20.0;
  const double size = std::min(label_size_, kLargestTitlePixels / pixels_per_unit);
  if (size * pixels_per_unit < 5) return;
  const double small = size * 0.78;
  const QRectF& r = geometry_.label;
  // Drawn at 8× the scene scale and shrunk, so fractional sizes keep their proportions.
  constexpr double k = 8.0;
  painter->save();
  painter->scale(1.0 / k, 1.0 / k);
  QFont font;
  font.setPixelSize(std::max(1, static_cast<int>(std::lround(small * k))));
  painter->setFont(font);
  painter->setPen(NeuronColours::dimText());
  QString third = activation_;
  if (scale_ > 0 && std::isfinite(scale_)) third += QStringLiteral(" · ±%1").arg(QString::number(scale_, 'g', 2));
  // From the block upwards: activation and scale, kind and size, name.
  const double gap = 0.35 * size;
  const QRectF line3(r.left(), r.bottom() - gap - small * 1.25, r.width(), small * 1.25);
  const QRectF line2 = line3.translated(0, -small * 1.25);
  auto scaled = [k](const QRectF& a) { return QRectF(a.topLeft() * k, a.size() * k); };
  const int flags = Qt::AlignHCenter | Qt::AlignBottom | Qt::TextSingleLine;
  painter->drawText(scaled(line3), flags, third);
  painter->drawText(scaled(line2), flags, subtitle_);
  font.setPixelSize(std::max(1, static_cast<int>(std::lround(size * k))));
  font.setBold(true);
  painter->setFont(font);
  painter->setPen(embedding_ ? NeuronColours::selection() : NeuronColours::text());
  const QRectF line1(r.left(), line2.top() - size * 1.3, r.width(), size * 1.3);
  painter->drawText(scaled(line1), flags, title_);
  painter->restore();
}

}  // namespace dendrite
