// neuron_colours.h — the network view's diverging colour map: negative values cool (blue to pale
// cyan), zero a dark neutral that stands apart from the canvas background, positive values warm
// (red-orange to pale yellow). Dark in the middle, so the few strongly active neurons glow and a
// dead layer reads as dark, whatever the sign convention of the data.
//
//   QRgb rgb = NeuronColours::colour(value, scale);   // value / scale clamped to [-1, 1]
#pragma once

#include <QColor>

namespace dendrite {

struct NeuronColours {
  static constexpr int kSteps = 1024;  // table entries across [-1, 1]

  // value / scale in [-1, 1] (clamped; NaN gives the "no value" grey).
  static QRgb colour(float value, float scale);
  // t in [-1, 1].
  static QRgb at(float t);

  static QColor background() { return QColor(0x14, 0x16, 0x1b); }  // canvas
  static QColor zero() { return QColor(0x2a, 0x2e, 0x37); }        // a neuron at 0
  static QColor missing() { return QColor(0x3b, 0x3f, 0x47); }     // no value known yet
  static QColor text() { return QColor(0xd8, 0xdc, 0xe4); }        // labels on the canvas
  static QColor dimText() { return QColor(0x8a, 0x91, 0x9e); }
  static QColor selection() { return QColor(0x5c, 0xf0, 0xb0); }   // selected neurons/connections
  static QColor hover() { return QColor(0xff, 0xff, 0xff); }
};

}  // namespace dendrite
