#include "widgets/network_export.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

#include "app/models/file_saving.h"
#include "widgets/network_layout.h"
#include "widgets/network_legend.h"
#include "widgets/network_scene.h"
#include "widgets/neuron_colours.h"

namespace dendrite {
namespace {

// Scene units → pixels, limited so that the image stays within kMaxExportPixels.
double export_scale(const QRectF& source, double pixels_per_neuron) {
  double s = pixels_per_neuron / NetworkLayout::kPitch;
  const double longest = std::max(source.width(), source.height()) * s;
  if (longest > kMaxExportPixels) s *= kMaxExportPixels / longest;
  return s;
}

void paint_network(QPainter& painter, NetworkScene* scene, const QRectF& source, const QSize& size, bool legend) {
  painter.fillRect(QRect(QPoint(0, 0), size), NeuronColours::background());
  scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source, Qt::KeepAspectRatio);
  if (legend) {
    const QSize l = network_legend_size();
    paint_network_legend(&painter, QPoint(10, std::max(0, size.height() - l.height() - 10)), scene->fixedScale());
  }
}

}  // namespace

QImage render_network(NetworkScene* scene, double pixels_per_neuron, bool legend) {
  const QRectF source = scene->sceneRect();
  const double s = export_scale(source, pixels_per_neuron);
  QSize size(static_cast<int>(std::ceil(source.width() * s)), static_cast<int>(std::ceil(source.height() * s)));
  // Room for the legend under small networks.
  size = size.expandedTo(QSize(network_legend_size().width() + 20, network_legend_size().height() + 20));
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  QPainter painter(&image);
  paint_network(painter, scene, source, size, legend);
  return image;
}

QString export_network(NetworkScene* scene, const QString& path, double pixels_per_neuron) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (suffix == QLatin1String("svg")) {
    const QRectF source = scene->sceneRect();
    const double s = export_scale(source, pixels_per_neuron);
    const QSize size(static_cast<int>(std::ceil(source.width() * s)), static_cast<int>(std::ceil(source.height() * s)));
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    // Texts: context "NetworkExport", written out at each call so that lupdate files them under it.
    svg.setTitle(QCoreApplication::translate("NetworkExport", "Dendrite network"));
    svg.setDescription(
        QCoreApplication::translate("NetworkExport", "Neurons coloured by activation, connections by weight"));
    QPainter painter(&svg);
    paint_network(painter, scene, source, size, true);
    painter.end();
  } else if (suffix == QLatin1String("png")) {
    if (!render_network(scene, pixels_per_neuron).save(&buffer, "PNG"))
      return QCoreApplication::translate("NetworkExport", "Cannot encode %1 as PNG.").arg(path);
  } else {
    return QCoreApplication::translate("NetworkExport", "Cannot export to %1: use a .png or .svg file name.")
        .arg(path);
  }
  buffer.close();
  return save_bytes_atomically(path, bytes.toStdString());
}

}  // namespace dendrite
