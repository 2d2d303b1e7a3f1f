// network_view_bench.cpp — frames per second of the network view while panning and zooming
// (issue 7: ≥ 30 fps on W3 and on a network with a million connections, at every level of
// detail), measured by rendering frames offscreen.
//
//   QT_QPA_PLATFORM=offscreen build/bin/network_view_bench [frames] [width height]
//
// For each network (W3 `rgb-ae`, 2,036,528 connections; `million`, input 32×32 → dense 32×32 =
// 1,048,576 connections; and G1 `graph-ae`, 855,412 connections, its recurrent ones drawn as
// arcs) and each level of detail — overview (the whole network fits, bundles),
// (fit, or 3 px a neuron if the network fits closer), neurons (12 px a neuron, the top 1000 connections by |w| of each layer), values (40 px a neuron,
// text in every cell), and each of those with a hovered neuron and three selected ones (their
// connections and the receptive field) — it renders `frames` frames of panning (the view moves
// by 9 px a frame), `frames` frames of zooming (±3 % a frame, in and out) — while the view moves,
// lines are drawn aliased and one pixel wide — and `frames` frames at rest, each after new neuron
// values (a live update while training: full-quality lines); each frame is a synchronous repaint
// of a 1280×800 viewport (offscreen, every frame repaints the whole viewport: a pan does not
// scroll the pixels already drawn as a window system would). Values and weights are random; it
// also times the work behind a live update: recolouring every layer for a new snapshot and
// digesting a new weight copy (bundles and top-k, on a background thread in the app). A
// baseline measured first in the same run — the empty viewport repainted — shows how much of the
// shared machine the run had.
#include <QApplication>
#include <QElapsedTimer>
#include <QRegion>
#include <QScrollBar>

#include <cstdio>

#include "core/random.h"
#include "widgets/layer_item.h"
#include "widgets/network_canvas.h"
#include "widgets/network_scene.h"

using namespace dendrite;

namespace {

struct Level {
  const char* name;
  double pixels_per_neuron;  // 0: fit
};

double frames_per_second(int frames, const std::function<void(int)>& frame) {
  QElapsedTimer t;
  t.start();
  for (int i = 0; i < frames; ++i) frame(i);
  return frames / (t.nsecsElapsed() / 1e9);
}

void run(const char* name, const char* text, int frames, QSize size) {
  auto spec = parse_network_spec(text);
  if (!spec) qFatal("%s", spec.message().c_str());
  QElapsedTimer t;
  t.start();
  auto built = NetworkStructure::build(*spec);
  if (!built) qFatal("%s", built.message().c_str());
  std::shared_ptr<const NetworkStructure> s = *built;
  const double build_ms = t.nsecsElapsed() / 1e6;

  Rng rng(11, RandomStream::kMisc);
  std::vector<float> values(s->neuron_count());
  for (float& v : values) v = rng.uniform(-1.0f, 2.0f);
  auto parameters = std::make_shared<ParameterCopy>();
  parameters->spec = s->spec();
  parameters->parameters.weights.resize(s->connection_count());
  for (float& w : parameters->parameters.weights) w = rng.uniform(-0.2f, 0.2f);
  parameters->parameters.biases.assign(s->neuron_count(), 0.0f);

  NetworkScene scene;
  scene.setStructure(s);
  t.restart();
  scene.setValues(values);
  const double recolour_ms = t.nsecsElapsed() / 1e6;
  t.restart();
  const ConnectionDigest digest = digest_connections(*s, scene.layout(), parameters->parameters.weights, scene.topK());
  const double digest_ms = t.nsecsElapsed() / 1e6;
  scene.setParameters(parameters);
  scene.waitForDigest();

  NetworkCanvas canvas(&scene);
  canvas.resize(size);
  canvas.show();
  QCoreApplication::processEvents();
  std::printf("%s: %zu neurons, %zu connections; structure %.0f ms, recolour %.2f ms, digest %.0f ms "
              "(%zu bundles, %zu top-k lines)\n",
              name, s->neuron_count(), s->connection_count(), build_ms, recolour_ms, digest_ms,
              digest.bundles.size(), digest.top.size());

  const std::size_t middle_layer = s->topology().layers.size() / 2;
  const LayerInfo& focus = s->topology().layers[middle_layer];
  const std::size_t hovered = focus.first_neuron + focus.neuron_count / 2;
  const Level levels[] = {{"overview", 0}, {"neurons", 12}, {"values", 40}};  // 0: fit, at most 3 px
  for (bool highlights : {false, true}) {
    scene.setHovered(highlights ? std::optional<std::size_t>(hovered) : std::nullopt);
    if (highlights) {
      std::vector<std::size_t> selected{focus.first_neuron, focus.first_neuron + 1, hovered + 2};
      scene.setMarks(selected, selected, {});
    } else {
      scene.setMarks({}, {}, {});
    }
    for (const Level& level : levels) {
      if (level.pixels_per_neuron == 0) {
        canvas.fit();
        // A small network fits at a closer level; the overview is measured at its own level.
        if (canvas.lod() != NetworkLod::kOverview) canvas.setPixelsPerNeuron(0.5 * kNeuronLodPixels);
      } else {
        canvas.setPixelsPerNeuron(level.pixels_per_neuron);
      }
      canvas.centerOn(scene.layout().centre(s->place(hovered)));
      canvas.viewport()->repaint();
      const double pan = frames_per_second(frames, [&](int i) {
        QScrollBar* bar = canvas.horizontalScrollBar();
        bar->setValue(bar->value() + ((i / 20) % 2 ? -9 : 9));
        canvas.viewport()->repaint();
      });
      const double base = canvas.pixelsPerNeuron();
      const double zoom = frames_per_second(frames, [&](int i) {
        canvas.setPixelsPerNeuron(base * ((i / 10) % 2 ? 1.0 / (1.0 + 0.03 * (i % 10)) : 1.0 + 0.03 * (i % 10)));
        canvas.viewport()->repaint();
      });
      // At rest: full-quality frames (antialiased, wide lines), each after a new snapshot of
      // neuron values, as while training with the view still.
      canvas.setPixelsPerNeuron(base);
      canvas.centerOn(scene.layout().centre(s->place(hovered)));
      scene.setMoving(false);
      std::vector<float> shifted = values;
      const double still = frames_per_second(frames, [&](int i) {
        for (std::size_t n = 0; n < shifted.size(); n += 7) shifted[n] = values[n] * (1.0f + 0.01f * (i % 5));
        scene.setValues(shifted);
        canvas.viewport()->repaint();
      });
      // The same, repainting only what a new snapshot changes — the layer items — as the view's
      // update mode would: their region (minimal update) or its bounding rectangle (the mode
      // NetworkCanvas uses).
      QRegion layers;
      for (std::size_t l = 0; l < s->topology().layers.size(); ++l)
        layers += canvas.mapFromScene(scene.layerItem(static_cast<int>(l))->sceneBoundingRect()).boundingRect().adjusted(-2, -2, 2, 2);
      auto partial = [&](const QRegion& region) {
        return frames_per_second(frames, [&](int i) {
          for (std::size_t n = 0; n < shifted.size(); n += 7) shifted[n] = values[n] * (1.0f + 0.01f * (i % 5));
          scene.setValues(shifted);
          canvas.viewport()->repaint(region);
        });
      };
      const double minimal = partial(layers), bounding = partial(QRegion(layers.boundingRect()));
      std::printf("  %-8s %-21s %5.1f px/neuron  pan %6.1f fps  zoom %6.1f fps  live update at rest: whole view %6.1f,"
                  " layers' region %6.1f, its bounding rect %6.1f fps\n",
                  level.name, highlights ? "+ hover, 3 selected" : "", base, pan, zoom, still, minimal, bounding);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when piped to a file
  const int frames = argc > 1 ? std::atoi(argv[1]) : 120;
  const QSize size = argc > 3 ? QSize(std::atoi(argv[2]), std::atoi(argv[3])) : QSize(1280, 800);
  std::printf("network view: %d frames per measurement, %dx%d viewport\n", frames, size.width(), size.height());
  {
    // Baseline, same run: repainting the same viewport with no network in it (background and
    // legend only) — the ceiling the machine's load leaves for any frame.
    NetworkScene empty;
    NetworkCanvas canvas(&empty);
    canvas.resize(size);
    canvas.show();
    QCoreApplication::processEvents();
    const double fps = frames_per_second(frames * 4, [&](int) { canvas.viewport()->repaint(); });
    std::printf("baseline: empty viewport %.1f fps\n", fps);
  }
  run("W3 rgb-ae", "rgb-ae", frames, size);
  run("million", "input 32x32x1 | dense 32x32x1 linear", frames, size);
  run("G1 graph-ae", "graph-ae", frames, size);
  return 0;
}
