#include "widgets/partition_item.h"

#include <QPainter>

#include <array>

namespace dendrite {

QColor PartitionItem::colour(int part) {
  // Qualitative hues that stay apart from the activation map's blue–white–red.
  static constexpr std::array<QRgb, 8> kColours{0xff2ec4b6, 0xfff4d35e, 0xffb388eb, 0xff8ac926,
                                                0xffff924c, 0xff4cc9f0, 0xfff15bb5, 0xffc0c0c0};
  return QColor::fromRgb(kColours[static_cast<std::size_t>(part) % kColours.size()]);
}

PartitionItem::PartitionItem(const NetworkLayout& layout, const NetworkStructure& structure)
    : bounds_(layout.bounds()) {
  const std::vector<int>& part_of = structure.part_of();
  for (const LayerGeometry& g : layout.layers()) {
    blocks_.push_back(g.block);
    QImage image(g.image_size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    if (part_of.size() == structure.neuron_count()) {
      const ImageShape& s = g.shape;
      auto part = [&](int x, int y, int c) { return part_of[g.first_neuron + s.index(x, y, c)]; };
      for (int c = 0; c < s.channels; ++c)
        for (int y = 0; y < s.height; ++y)
          for (int x = 0; x < s.width; ++x) {
            const int p = part(x, y, c);
            // A cell on the cut (a neighbour in the same channel lies in another part) is drawn
            // strongly, the inside of a part lightly, so the activations still show through.
            const bool edge = (x > 0 && part(x - 1, y, c) != p) || (x + 1 < s.width && part(x + 1, y, c) != p) ||
                              (y > 0 && part(x, y - 1, c) != p) || (y + 1 < s.height && part(x, y + 1, c) != p);
            QColor tint = colour(p);
            tint.setAlpha(edge ? 220 : 70);
            const QPoint pixel = g.pixel(x, y, c);
            reinterpret_cast<QRgb*>(image.scanLine(pixel.y()))[pixel.x()] = qPremultiply(tint.rgba());
          }
    }
    images_.push_back(std::move(image));
  }
}

void PartitionItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::SmoothPixmapTransform, false);  // cells stay sharp squares
  for (std::size_t l = 0; l < blocks_.size(); ++l) painter->drawImage(blocks_[l], images_[l]);
}

}  // namespace dendrite
