// gui_screenshots.cpp — drives the desktop app offscreen and saves the screenshots committed
// under docs/screenshots/: idle (network and dataset loaded), training, after Stop, Preferences,
// and the embedding editor in use: sliders moved and the decoded image, the interpolation strip,
// the custom input beside its reconstruction; then the network view of dense-ae, local-ae and
// graph-ae after some training, zoomed out and zoomed in, with a selection, a hovered neuron's
// receptive field and the watch list; and with DENDRITE_COMPARE_CSV=<loss CSV> also compare.png:
// the stopped run with that earlier run overlaid on the error chart (File ▸ Compare with Run…).
//
//   QT_QPA_PLATFORM=offscreen build/bin/dendrite_screenshots docs/screenshots
//       /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz [seconds-of-training]
//       [custom-image] [network-seconds] [--network-only]
//   (one line; custom-image defaults to skimage's chelsea.png, network-seconds to 60)
//
// It uses a throw-away QSettings file and data directories, so it never touches the user's.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/models/network_state.h"
#include "app/models/translations.h"
#include "app/models/watch_list_model.h"
#include "app/models/workbench.h"
#include "widgets/custom_input_view.h"
#include "widgets/embedding_editor_view.h"
#include "widgets/interpolation_view.h"
#include "widgets/error_chart.h"
#include "widgets/main_window.h"
#include "widgets/network_canvas.h"
#include "widgets/network_view.h"
#include "widgets/preferences_dialog.h"

#include <QComboBox>
#include <QDockWidget>
#include <QSlider>
#include <QSpinBox>

namespace {

void pump(int milliseconds) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < milliseconds) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
}

bool wait_for(const std::function<bool()>& condition, int milliseconds) {
  QElapsedTimer t;
  t.start();
  while (!condition()) {
    if (t.elapsed() > milliseconds) return false;
    pump(20);
  }
  return true;
}

bool save(QWidget* widget, const QString& path) {
  const bool ok = widget->grab().save(path);
  std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
  return ok;
}

struct Pick {
  int layer, x, y, c;
};

// The network view of `preset` after `seconds` of training: items picked before training, so
// their history charts fill; one neuron hovered (its receptive field painted on its source).
bool network_shots(dendrite::Workbench& workbench, dendrite::MainWindow& window, const QString& out,
                   const QString& preset, int seconds, const std::vector<Pick>& neurons, Pick hovered) {
  using namespace dendrite;
  const std::uint64_t generation = workbench.session()->snapshot().generation;
  workbench.newNetwork(preset);
  NetworkState* state = window.networkState();
  if (!wait_for([&] {
        return workbench.session()->snapshot().generation > generation && workbench.session()->ready() && state->structure() &&
               workbench.network()->presetName() == preset && !state->values().empty() && state->parameters();
      }, 120000)) {
    std::fprintf(stderr, "%s did not become ready\n", qPrintable(preset));
    return false;
  }
  const NetworkStructure& s = *state->structure();
  WatchListModel* watch = window.watchList();
  watch->clear();
  std::vector<int> rows;
  for (const Pick& p : neurons) rows.push_back(watch->addNeuron(static_cast<qint64>(s.neuron_at(p.layer, p.x, p.y, p.c))));
  // The first picked neuron's incoming connection of largest |w|.
  const std::size_t first = s.neuron_at(neurons[0].layer, neurons[0].x, neurons[0].y, neurons[0].c);
  std::size_t strongest = s.incoming_begin(first);
  for (std::size_t c = s.incoming_begin(first); c < s.incoming_end(first); ++c)
    if (std::abs(state->weights()[c]) > std::abs(state->weights()[strongest])) strongest = c;
  rows.push_back(watch->addConnection(static_cast<qint64>(strongest)));
  watch->setLocked(rows[1], true);
  workbench.dataset()->setCurrentSample(7);
  workbench.session()->start();
  pump(seconds * 1000);
  std::printf("%s: %lld steps, problem '%s'\n", qPrintable(preset), static_cast<long long>(workbench.session()->steps()),
              qPrintable(workbench.session()->problem()));
  workbench.session()->stop();
  workbench.session()->waitUntilIdle(10000);
  pump(1500);
  watch->selection()->select(watch->index(rows[0]), QItemSelectionModel::ClearAndSelect);
  watch->selection()->select(watch->index(rows.back()), QItemSelectionModel::Select);
  NetworkView* view = window.networkView();
  // The network tab over the embedding tabs, at the height the network docks were made with
  // (the embedding docks size the bottom area for the editor).
  auto* network_dock = window.findChild<QDockWidget*>(QStringLiteral("networkDock"));
  auto* images_dock = window.findChild<QDockWidget*>(QStringLiteral("imagesDock"));
  auto* watch_dock = window.findChild<QDockWidget*>(QStringLiteral("watchListDock"));
  if (network_dock) {
    network_dock->raise();
    window.resizeDocks({network_dock}, {480}, Qt::Vertical);
  }
  if (images_dock && watch_dock) window.resizeDocks({images_dock, watch_dock}, {330, 470}, Qt::Vertical);
  pump(300);
  // Graph networks: the partition over the threads, tinted (zoomed out only).
  const bool graph = view->scene()->partitionItem() != nullptr;
  view->partitionsAction()->setChecked(graph);
  view->scene()->setHovered(s.neuron_at(hovered.layer, hovered.x, hovered.y, hovered.c));
  view->canvas()->fit();
  pump(800);
  bool ok = save(&window, out + "/network-" + preset + ".png");
  ok = save(view, out + "/network-" + preset + "-view.png") && ok;
  view->partitionsAction()->setChecked(false);
  // Zoomed in on the hovered neuron: cells with their values, its connections.
  view->canvas()->setPixelsPerNeuron(34);
  view->canvas()->centerOn(view->scene()->layout().centre(s.place(s.neuron_at(hovered.layer, hovered.x, hovered.y, hovered.c))));
  pump(800);
  ok = save(&window, out + "/network-" + preset + "-zoomed.png") && ok;
  view->canvas()->setPixelsPerNeuron(12);
  pump(800);
  ok = save(view, out + "/network-" + preset + "-neurons.png") && ok;
  const QString exported = view->exportTo(out + "/network-" + preset + "-export.svg");
  if (!exported.isEmpty()) std::fprintf(stderr, "export failed: %s\n", qPrintable(exported));
  view->scene()->setHovered(std::nullopt);
  return ok && exported.isEmpty();
}

void raise_dock(dendrite::MainWindow& window, const char* name) {
  auto* dock = window.findChild<QDockWidget*>(QLatin1String(name));
  dock->show();
  dock->raise();
}

// The editor in use: sample 7 encoded, a few sliders moved; the strip from sample 7 to 19; a
// photo as custom input (centre cropped to the network's input).
bool embedding_screenshots(dendrite::MainWindow& window, dendrite::Workbench& workbench, const QString& out,
                           const QString& custom_image) {
  dendrite::EmbeddingEditor* editor = workbench.embedding();
  dendrite::SnapshotModule* module = workbench.snapshotModule();
  raise_dock(window, "embeddingDock");
  module->waitUntilIdle(20000);
  if (!wait_for([&] {
        return editor->ready() && editor->rangeMeasured() && !editor->measuring() &&
               editor->rangeSteps() == workbench.session()->steps();
      }, 300000)) {
    std::fprintf(stderr, "the embedding editor did not become ready: %s\n", qPrintable(editor->rangeText()));
    return false;
  }
  editor->encodeCurrentImage();
  module->waitUntilIdle(10000);
  pump(300);
  dendrite::EmbeddingEditorView* view = window.embeddingView();
  // Drag a few sliders part of the way, as a person trying them out would.
  const int moves[][2] = {{2, 250}, {9, 300}, {14, -250}, {21, 300}};
  for (const auto& m : moves)
    if (QSlider* s = view->slider(m[0])) {
      s->setValue(std::clamp(s->value() + m[1], 0, s->maximum()));
      pump(60);
    }
  module->waitUntilIdle(10000);
  pump(500);
  bool ok = save(&window, out + "/embedding-editor.png");

  raise_dock(window, "interpolationDock");
  dendrite::InterpolationView* strip = window.interpolationView();
  strip->fromBox()->setValue(7);
  strip->toBox()->setValue(19);
  strip->stepsBox()->setValue(10);
  pump(200);
  module->waitUntilIdle(10000);
  pump(500);
  ok = save(&window, out + "/interpolation.png") && ok;

  raise_dock(window, "embeddingDock");
  raise_dock(window, "customInputDock");
  dendrite::CustomInputView* custom = window.customInputView();
  custom->fitBox()->setCurrentIndex(1);  // centre crop
  workbench.customInput()->open(custom_image);
  if (!wait_for([&] { return !workbench.customInput()->outputImage().isNull(); }, 20000)) {
    std::fprintf(stderr, "the custom input was not reconstructed\n");
    return false;
  }
  module->waitUntilIdle(10000);
  pump(500);
  ok = save(&window, out + "/custom-input.png") && ok;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  if (!qEnvironmentVariableIsSet("QT_QUICK_BACKEND")) qputenv("QT_QUICK_BACKEND", "software");
  QApplication app(argc, argv);
  if (argc < 3) {
    std::fprintf(stderr, "usage: dendrite_screenshots OUTDIR INPUT [seconds]\n");
    return 2;
  }
  const QString out = QString::fromLocal8Bit(argv[1]);
  const QString input = QString::fromLocal8Bit(argv[2]);
  const int seconds = argc > 3 ? atoi(argv[3]) : 25;
  const QString custom_image = argc > 4 && argv[4][0] ? QString::fromLocal8Bit(argv[4])
                                        : QStringLiteral("/usr/lib/python3/dist-packages/skimage/data/chelsea.png");
  const int network_seconds = argc > 5 ? atoi(argv[5]) : 60;
  const bool network_only = argc > 6 && QByteArray(argv[6]) == "--network-only";
  QDir().mkpath(out);
  QTemporaryDir scratch;
  QCoreApplication::setOrganizationName("DendriteScreenshots");
  QCoreApplication::setApplicationName("dendrite-screenshots");
  QApplication::setWindowIcon(QIcon(":/icons/dendrite.svg"));
  dendrite::install_translations(app);  // LANG=de_DE.UTF-8 gives the German screenshots

  auto* settings = new dendrite::SettingsModel(scratch.filePath("settings.ini"), scratch.filePath("dendrite.conf"));
  (void)settings->setPreference("model-directory", scratch.filePath("models"));
  (void)settings->setPreference("output-directory", scratch.filePath("output"));
  (void)settings->setPreference("input-directory", input);
  (void)settings->writeToConfigFile("snapshot-interval", "2000");
  (void)settings->setPreference("learning-rate", "0.001");
  (void)settings->setPreference("batch-size", "32");
  dendrite::Workbench workbench(settings);
  dendrite::MainWindow window(&workbench);
  window.resize(1600, 1000);
  window.show();
  workbench.startUp();
  if (!wait_for([&] { return workbench.session()->ready(); }, 60000)) {
    std::fprintf(stderr, "the session did not become ready: %s\n", qPrintable(workbench.session()->problem()));
    return 1;
  }
  workbench.dataset()->setCurrentSample(7);
  pump(1500);
  bool ok = true;
  if (!network_only) {
  ok = save(&window, out + "/idle.png");

  workbench.session()->start();
  pump(seconds * 1000);
  ok = save(&window, out + "/training.png") && ok;
  workbench.session()->stop();
  workbench.session()->waitUntilIdle(10000);
  pump(1000);
  ok = save(&window, out + "/stopped.png") && ok;

  if (const QString csv = qEnvironmentVariable("DENDRITE_COMPARE_CSV"); !csv.isEmpty()) {
    if (!window.compareWithRunFile(csv)) return 1;
    pump(800);
    ok = save(&window, out + "/compare.png") && ok;
    window.errorChart()->clearComparison();
  }

  dendrite::PreferencesDialog* preferences = window.showPreferences();
  pump(800);
  ok = save(preferences, out + "/preferences.png") && ok;
  preferences->close();
  pump(200);

  ok = embedding_screenshots(window, workbench, out, custom_image) && ok;
  }

  ok = network_shots(workbench, window, out, "dense-ae", network_seconds,
                     {{2, 3, 1, 0}, {1, 7, 9, 0}, {4, 14, 14, 0}}, {2, 5, 2, 0}) && ok;
  ok = network_shots(workbench, window, out, "local-ae", network_seconds,
                     {{2, 3, 3, 5}, {1, 6, 7, 2}, {4, 13, 14, 0}}, {4, 14, 12, 0}) && ok;
  ok = network_shots(workbench, window, out, "graph-ae", network_seconds,
                     {{2, 7, 7, 3}, {1, 5, 9, 2}, {4, 14, 14, 0}}, {1, 7, 6, 4}) && ok;
  return ok ? 0 : 1;
}
