// network_legend.h — the colour key of the network view: the activation colour bar (−scale, 0,
// +scale; per-layer scales are printed in each layer's title) and the weight colours of the
// connection lines. Painted in device pixels in a corner of the view, and into exported images.
#pragma once

#include <QRect>

class QPainter;

namespace dendrite {

// The legend's size in pixels.
QSize network_legend_size();
// Paints the legend with its top-left corner at `origin`. fixed_scale 0: per-layer scales.
void paint_network_legend(QPainter* painter, QPoint origin, float fixed_scale);

}  // namespace dendrite
