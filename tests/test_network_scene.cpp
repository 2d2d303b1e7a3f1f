// test_network_scene.cpp — the network view's drawing (widgets/network_scene.h and its items),
// offscreen: known activations come out as their colours at the neurons' places in a rendered
// image, zoomed out (one image per layer) and zoomed in (cells); the level of detail switches at
// its thresholds, with values as text only at the closest level and the connections drawn
// changing with it; hovering a neuron paints its incoming weights onto its source layer; hits
// find neurons and drawn connections; PNG and SVG exports are written; graph networks' recurrent
// and self connections are arcs below the images, and their partition is coloured.
//
//   ctest --test-dir build -R test_network_scene --output-on-failure
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "widgets/highlight_item.h"
#include "widgets/layer_item.h"
#include "widgets/network_canvas.h"
#include "widgets/network_export.h"
#include "widgets/network_scene.h"
#include "widgets/neuron_colours.h"
#include "widgets/partition_item.h"

using namespace dendrite;

namespace {

std::shared_ptr<const NetworkStructure> structure_of(const char* text) {
  auto spec = parse_network_spec(text);
  if (!spec) qFatal("%s", spec.message().c_str());
  auto s = NetworkStructure::build(*spec);
  if (!s) qFatal("%s", s.message().c_str());
  return *s;
}

// Values from −1 to 1 in steps of 1/3, different for neighbours.
std::vector<float> known_values(std::size_t count) {
  std::vector<float> v(count);
  for (std::size_t i = 0; i < count; ++i) v[i] = static_cast<float>(static_cast<int>(i % 7) - 3) / 3.0f;
  return v;
}

std::shared_ptr<ParameterCopy> weights_for(const NetworkStructure& s) {
  auto p = std::make_shared<ParameterCopy>();
  p->spec = s.spec();
  p->parameters.weights.resize(s.connection_count());
  for (std::size_t c = 0; c < s.connection_count(); ++c)
    p->parameters.weights[c] = (c % 2 ? -1.0f : 1.0f) * 0.1f * static_cast<float>(c % 10 + 1);
  p->parameters.biases.assign(s.neuron_count(), 0.0f);
  return p;
}

// The scene at `pixels_per_unit` into an image whose (0,0) is the scene rect's top-left.
QImage render(NetworkScene& scene, double pixels_per_unit) {
  const QRectF r = scene.sceneRect();
  QImage image((r.size() * pixels_per_unit).toSize(), QImage::Format_RGB32);
  image.fill(Qt::black);
  QPainter painter(&image);
  scene.render(&painter, QRectF(QPointF(0, 0), r.size() * pixels_per_unit), r);
  return image;
}

QPoint to_pixel(const NetworkScene& scene, QPointF p, double pixels_per_unit) {
  const QPointF d = (p - scene.sceneRect().topLeft()) * pixels_per_unit;
  return {static_cast<int>(std::floor(d.x())), static_cast<int>(std::floor(d.y()))};
}

// Pixels inside a cell (its border excluded) that differ from the cell's fill.
int marks_inside(const QImage& image, QRect cell) {
  const QRgb fill = image.pixel(cell.left() + 2, cell.top() + 2);
  int marks = 0;
  for (int y = cell.top() + 4; y < cell.bottom() - 3; ++y)
    for (int x = cell.left() + 4; x < cell.right() - 3; ++x) marks += image.pixel(x, y) != fill;
  return marks;
}

}  // namespace

class TestNetworkScene : public QObject {
  Q_OBJECT

 private slots:
  void known_activations_render_in_their_colours() {
    auto s = structure_of("input 4x3x1 | dense 3x2x2 | dense 5x5x1 linear");
    NetworkScene scene;
    scene.setStructure(s);
    const std::vector<float> values = known_values(s->neuron_count());
    scene.setValues(values);
    scene.setFixedScale(1.0f);
    // Zoomed out (3 px per neuron: one image per layer) and zoomed in (20 px: cells, grid).
    for (double pixels_per_unit : {0.3, 2.0}) {
      const QImage image = render(scene, pixels_per_unit);
      for (std::size_t n = 0; n < s->neuron_count(); ++n) {
        const QPoint p = to_pixel(scene, scene.layout().centre(s->place(n)), pixels_per_unit);
        QCOMPARE(QColor(image.pixel(p)).name(), QColor(NeuronColours::colour(values[n], 1.0f)).name());
      }
    }
    // Per-layer scale: the layer's 99th percentile of |v| gets the strongest colour.
    scene.setFixedScale(0);
    const QImage image = render(scene, 2.0);
    QCOMPARE(scene.layerItem(2)->scale(), 1.0f);
    const std::size_t n = s->topology().layers[1].first_neuron + 3;
    const float scale = scene.layerItem(1)->scale();
    QVERIFY(scale > 0);
    QCOMPARE(QColor(image.pixel(to_pixel(scene, scene.layout().centre(s->place(n)), 2.0))).name(),
             QColor(NeuronColours::colour(values[n], scale)).name());
  }

  void the_colour_map_diverges_around_a_dark_zero() {
    const QColor zero = QColor::fromRgb(NeuronColours::colour(0.0f, 1.0f));
    const QColor plus = QColor::fromRgb(NeuronColours::colour(1.0f, 1.0f));
    const QColor minus = QColor::fromRgb(NeuronColours::colour(-1.0f, 1.0f));
    QVERIFY(plus.lightness() > zero.lightness() + 100);
    QVERIFY(minus.lightness() > zero.lightness() + 100);
    QVERIFY(plus.red() > plus.blue());    // warm
    QVERIFY(minus.blue() > minus.red());  // cool
    QCOMPARE(NeuronColours::colour(5.0f, 1.0f), NeuronColours::colour(1.0f, 1.0f));  // clamped
    QVERIFY(zero != NeuronColours::background());  // a silent neuron is still visible
  }

  void level_of_detail_switches_at_its_thresholds() {
    auto s = structure_of("input 4x3x1 | dense 3x2x2 | dense 5x5x1 linear");
    NetworkScene scene;
    scene.setStructure(s);
    scene.setValues(std::vector<float>(s->neuron_count(), 0.0f));
    scene.setParameters(weights_for(*s));
    scene.waitForDigest();
    NetworkCanvas canvas(&scene);
    canvas.resize(800, 500);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    canvas.setPixelsPerNeuron(1.0);
    QSignalSpy changed(&canvas, &NetworkCanvas::lodChanged);
    const struct {
      double pixels;
      NetworkLod lod;
    } steps[] = {{5.99, NetworkLod::kOverview}, {6.0, NetworkLod::kNeurons},  {29.99, NetworkLod::kNeurons},
                 {30.0, NetworkLod::kValues},   {5.0, NetworkLod::kOverview}};
    for (const auto& step : steps) {
      canvas.setPixelsPerNeuron(step.pixels);
      QVERIFY(std::abs(canvas.pixelsPerNeuron() - step.pixels) < 1e-9);
      QCOMPARE(canvas.lod(), step.lod);
    }
    QCOMPARE(changed.count(), 3);  // neurons, values, overview
    QCOMPARE(lod_for_pixels_per_neuron(kNeuronLodPixels - 1e-9), NetworkLod::kOverview);
    QCOMPARE(lod_for_pixels_per_neuron(kValueLodPixels), NetworkLod::kValues);
    // By zoom: bundles zoomed out, the strongest connections zoomed in, none when values show.
    QCOMPARE(connections_shown(ConnectionMode::kAuto, NetworkLod::kOverview), ConnectionsShown::kBundles);
    QCOMPARE(connections_shown(ConnectionMode::kAuto, NetworkLod::kNeurons), ConnectionsShown::kTopK);
    QCOMPARE(connections_shown(ConnectionMode::kAuto, NetworkLod::kValues), ConnectionsShown::kNone);
    QCOMPARE(connections_shown(ConnectionMode::kTopK, NetworkLod::kValues), ConnectionsShown::kTopK);

    // Text only at the values level: the zero neuron's cell gets light digits on its dark fill.
    const std::size_t n = s->topology().layers[2].first_neuron + 12;  // (2, 2) of the 5×5 layer
    auto cell_on_screen = [&] {
      canvas.centerOn(scene.layout().centre(s->place(n)));
      const QRectF cell = scene.layout().cell(s->place(n));
      return canvas.mapFromScene(cell).boundingRect();
    };
    canvas.setPixelsPerNeuron(29);
    QCOMPARE(marks_inside(canvas.viewport()->grab().toImage(), cell_on_screen()), 0);
    canvas.setPixelsPerNeuron(40);
    QVERIFY(marks_inside(canvas.viewport()->grab().toImage(), cell_on_screen()) > 10);
  }

  void hovering_paints_the_receptive_field_on_the_source_layer() {
    auto s = structure_of("input 6x6x1 | local 3x3x1 k3 s2 linear");
    NetworkScene scene;
    scene.setStructure(s);
    auto p = weights_for(*s);
    scene.setParameters(p);
    QVERIFY(scene.layerItem(0)->overlay().isNull());
    // Target (1, 1) reads the source window centred at (2, 2): x, y in 1..3.
    const std::size_t target = s->neuron_at(1, 1, 1, 0);
    scene.setHovered(target);
    const QImage overlay = scene.layerItem(0)->overlay();
    QVERIFY(!overlay.isNull());
    float strongest = 0;
    for (std::size_t c = s->incoming_begin(target); c < s->incoming_end(target); ++c)
      strongest = std::max(strongest, std::abs(p->parameters.weights[c]));
    for (std::size_t c = s->incoming_begin(target); c < s->incoming_end(target); ++c) {
      const NeuronPlace src = s->place(s->source(c));
      QVERIFY(src.x >= 1 && src.x <= 3 && src.y >= 1 && src.y <= 3);
      const QRgb pixel = overlay.pixel(scene.layout().layer(0).pixel(src.x, src.y, 0));
      QCOMPARE(qAlpha(pixel), 255);
      QCOMPARE(QColor(pixel).name(), QColor(NeuronColours::colour(p->parameters.weights[c], strongest)).name());
    }
    QVERIFY(qAlpha(overlay.pixel(scene.layout().layer(0).pixel(5, 5, 0))) < 255);  // outside: dimmed
    // The hovered neuron's connections are drawn and can be clicked.
    QCOMPARE(scene.highlightItem()->content().ids.size(), std::size_t{9});
    scene.setHovered(std::nullopt);
    QVERIFY(scene.layerItem(0)->overlay().isNull());
    QVERIFY(scene.highlightItem()->content().ids.empty());
  }

  void hits_find_neurons_and_drawn_connections() {
    auto s = structure_of("input 4x3x1 | dense 3x2x1 linear");
    NetworkScene scene;
    scene.setStructure(s);
    scene.setParameters(weights_for(*s));
    scene.waitForDigest();
    const std::size_t n = s->neuron_at(1, 2, 1, 0);
    NetworkScene::Hit h = scene.hit(scene.layout().centre(s->place(n)), 1.0);
    QCOMPARE(h.kind, NetworkScene::Hit::kNeuron);
    QCOMPARE(h.id, n);
    // A connection is only hit where it is drawn: here, among the selected neuron's lines.
    const std::size_t c = s->incoming_begin(n) + 5;
    const QLineF line(scene.layout().centre(s->place(s->source(c))), scene.layout().centre(s->place(n)));
    const double gap_x = (scene.layout().layer(0).block.right() + scene.layout().layer(1).block.left()) / 2;
    const QPointF on_line = line.pointAt((gap_x - line.x1()) / (line.x2() - line.x1()));
    scene.setLod(NetworkLod::kValues);  // top-k not drawn
    QCOMPARE(scene.hit(on_line, 1.0).kind, NetworkScene::Hit::kNone);
    scene.setMarks({n}, {n}, {});
    h = scene.hit(on_line, 1.0);
    QCOMPARE(h.kind, NetworkScene::Hit::kConnection);
    QCOMPARE(h.id, c);
    // With the strongest connections drawn, those are hit too.
    scene.setMarks({}, {}, {});
    scene.setLod(NetworkLod::kNeurons);
    h = scene.hit(on_line, 1.0);
    QCOMPARE(h.kind, NetworkScene::Hit::kConnection);
    QCOMPARE(h.id, c);
  }

  // Graph networks: a self read and a read from a later image are arcs that dip below every
  // block, inside the scene, and can be clicked there; a read from the image before is a
  // straight line; known activations still render in their colours.
  void graph_recurrent_and_self_connections_are_arcs_below_the_images() {
    auto s = structure_of("graph\nin: input 4x4x1\nh: image 4x4x1 <- in local k3, h local k3, out local k3\n"
                          "out: output 4x4x1 linear <- h local k3");
    QVERIFY(s->recurrent());
    NetworkScene scene;
    scene.setStructure(s);
    scene.setParameters(weights_for(*s));
    scene.waitForDigest();
    const std::vector<float> values = known_values(s->neuron_count());
    scene.setValues(values);
    scene.setFixedScale(1.0f);
    const QImage image = render(scene, 2.0);
    for (std::size_t n = 0; n < s->neuron_count(); ++n)
      QCOMPARE(QColor(image.pixel(to_pixel(scene, scene.layout().centre(s->place(n)), 2.0))).name(),
               QColor(NeuronColours::colour(values[n], 1.0f)).name());

    double floor = 0;
    for (const LayerGeometry& g : scene.layout().layers()) floor = std::max(floor, g.block.bottom());
    const std::size_t target = s->neuron_at(1, 1, 1, 0);
    scene.setLod(NetworkLod::kValues);  // only the selected neuron's lines
    scene.setMarks({target}, {target}, {});
    const HighlightItem::Content& content = scene.highlightItem()->content();
    QCOMPARE(content.ids.size(), content.geometry.size());
    int straight = 0, arcs = 0;
    for (std::size_t c = s->incoming_begin(target); c < s->incoming_end(target); ++c) {
      const int source_layer = s->place(s->source(c)).layer;
      double lowest = -1e300;
      QPointF lowest_point;
      int segments = 0;
      for (std::size_t i = 0; i < content.ids.size(); ++i) {
        if (content.ids[i] != c) continue;
        ++segments;
        for (QPointF p : {content.geometry[i].p1(), content.geometry[i].p2()}) {
          QVERIFY(scene.sceneRect().contains(p));
          if (p.y() > lowest) lowest = p.y(), lowest_point = p;
        }
      }
      if (source_layer == 0) {
        QCOMPARE(segments, 1);  // from the image before: straight
        QVERIFY(lowest < floor);
        ++straight;
      } else {
        QCOMPARE(segments, NetworkLayout::kArcSegments);  // itself (1) or a later image (2)
        QVERIFY2(lowest > floor + 10, "an arc shows below the blocks");
        const NetworkScene::Hit h = scene.hit(lowest_point, 0.5);
        QCOMPARE(h.kind, NetworkScene::Hit::kConnection);
        // Its own arc or another drawn arc of the selected neuron (its outgoing ones are drawn
        // too, and arcs of equal span share their lowest point).
        QVERIFY(s->target(h.id) == target || s->source(h.id) == target);
        QVERIFY(NetworkLayout::is_arc(s->place(s->source(h.id)).layer, s->place(s->target(h.id)).layer));
        ++arcs;
      }
    }
    QCOMPARE(straight, 9);
    QCOMPARE(arcs, 18);
  }

  // The partition tint: each neuron's pixel in the tint image has its part's colour, strongest
  // on the cut between parts; shown only when switched on, and then visible in the rendering.
  void graph_partitions_are_coloured() {
    auto spec = parse_network_spec("graph\nin: input 8x8x1\nh: image 8x8x2 <- in local k3, h local k3\n"
                                   "out: output 8x8x1 linear <- h local k3");
    QVERIFY(spec);
    auto built = NetworkStructure::build(*spec, 2);
    QVERIFY(built);
    std::shared_ptr<const NetworkStructure> s = *built;
    NetworkScene scene;
    scene.setStructure(s);
    QVERIFY(scene.partitionItem());
    QVERIFY(!scene.partitionItem()->isVisible());
    std::vector<int> seen(2, 0);
    for (std::size_t n = 0; n < s->neuron_count(); ++n) {
      const NeuronPlace p = s->place(n);
      const int part = s->part_of()[n];
      ++seen[static_cast<std::size_t>(part)];
      const QColor tint = QColor::fromRgba(qUnpremultiply(
          scene.partitionItem()->image(p.layer).pixel(scene.layout().layer(p.layer).pixel(p.x, p.y, p.c))));
      const QColor expected = PartitionItem::colour(part);
      QVERIFY(tint.alpha() >= 60);
      QVERIFY2(std::abs(tint.red() - expected.red()) <= 3 && std::abs(tint.green() - expected.green()) <= 3 &&
                   std::abs(tint.blue() - expected.blue()) <= 3,
               qPrintable(QStringLiteral("neuron %1: %2, part colour %3").arg(n).arg(tint.name(), expected.name())));
    }
    QVERIFY(seen[0] > 0 && seen[1] > 0);

    scene.setValues(std::vector<float>(s->neuron_count(), 0.0f));
    scene.setFixedScale(1.0f);
    const std::size_t n = s->neuron_at(1, 3, 3, 1);
    const QPoint at = to_pixel(scene, scene.layout().centre(s->place(n)), 2.0);
    const QColor plain(render(scene, 2.0).pixel(at));
    QCOMPARE(plain.name(), QColor(NeuronColours::colour(0.0f, 1.0f)).name());
    scene.setPartitionsShown(true);
    QVERIFY(scene.partitionItem()->isVisible());
    const QColor tinted(render(scene, 2.0).pixel(at));
    const QColor part = PartitionItem::colour(s->part_of()[n]);
    auto distance = [](const QColor& a, const QColor& b) {
      return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
    };
    QVERIFY(distance(tinted, part) < distance(plain, part) / 2);
    // Layer networks have no partition.
    scene.setStructure(structure_of("dense-ae"));
    QVERIFY(!scene.partitionItem());
  }

  void exports_png_and_svg() {
    auto s = structure_of("dense-ae");
    NetworkScene scene;
    scene.setStructure(s);
    scene.setValues(known_values(s->neuron_count()));
    scene.setParameters(weights_for(*s));
    scene.waitForDigest();
    QTemporaryDir dir;
    QCOMPARE(export_network(&scene, dir.filePath("net.png"), 4.0), QString());
    const QImage png(dir.filePath("net.png"));
    QVERIFY(!png.isNull());
    QVERIFY(std::abs(png.width() - scene.sceneRect().width() * 0.4) < 2);
    QCOMPARE(export_network(&scene, dir.filePath("net.svg"), 4.0), QString());
    QFile svg(dir.filePath("net.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.count("<rect") + text.count("<path") > 1000);  // cells are vector shapes
    QVERIFY(!export_network(&scene, dir.filePath("net.bmp"), 4.0).isEmpty());
    // Huge zoom is capped, so a big network never asks for a gigapixel image.
    const QImage capped = render_network(&scene, 400.0);
    QVERIFY(std::max(capped.width(), capped.height()) <= kMaxExportPixels + 1);
  }
};

QTEST_MAIN(TestNetworkScene)
#include "test_network_scene.moc"
