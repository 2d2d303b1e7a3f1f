// network_export.h — the network view as a file: PNG (raster, at a chosen zoom) or SVG (vector:
// cells are rectangles, lines are lines; Qt SVG's QSvgGenerator), with the colour legend in the
// bottom-left corner. The whole network is drawn, not just the part in view; the level of
// detail follows the zoom, as on screen. Written atomically (app/models/file_saving.h).
//
//   QString error = export_network(scene, "net.svg", view->pixelsPerNeuron());   // "" = written
#pragma once

#include <QImage>
#include <QString>

namespace dendrite {

class NetworkScene;

// The largest side of an exported PNG; bigger networks are exported at a lower zoom.
constexpr int kMaxExportPixels = 8192;

// Renders the scene at `pixels_per_neuron` (lowered to fit kMaxExportPixels).
QImage render_network(NetworkScene* scene, double pixels_per_neuron, bool legend = true);
// Writes PNG or SVG by the file's suffix; returns "" or a message naming the file and the reason.
QString export_network(NetworkScene* scene, const QString& path, double pixels_per_neuron);

}  // namespace dendrite
