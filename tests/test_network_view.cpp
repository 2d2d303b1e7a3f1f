// test_network_view.cpp — the network view and the watch-list editor as the user meets them,
// offscreen: clicking a neuron on the canvas adds that neuron's id to the watch list and selects
// it (Ctrl+click: several); clicking a drawn connection adds that connection; in the main window
// with a training network, a value typed into a watch-list card reaches the engine, Ctrl+Z and
// Ctrl+Shift+Z undo and redo it, a slider drag is one undo step, the lock button locks, and the
// remove button removes.
//
//   ctest --test-dir build -R test_network_view --output-on-failure
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include <optional>

#include "app/models/network_state.h"
#include "app/models/watch_list_model.h"
#include "app/models/workbench.h"
#include "gui_support/german_translation.h"
#include "gui_support/tiny_workloads.h"
#include "widgets/highlight_item.h"
#include "widgets/main_window.h"
#include "widgets/network_canvas.h"
#include "widgets/network_view.h"
#include "widgets/watch_item_editor.h"
#include "widgets/watch_list_view.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

std::shared_ptr<const NetworkStructure> structure_of(const char* text) {
  auto spec = parse_network_spec(text);
  if (!spec) qFatal("%s", spec.message().c_str());
  auto s = NetworkStructure::build(*spec);
  if (!s) qFatal("%s", s.message().c_str());
  return *s;
}

// A network view on models without a training session (structure and values set directly).
struct ViewRig {
  NetworkState state{nullptr, nullptr};
  WatchListModel watch{nullptr, &state};
  NetworkView view{&state, &watch};
  std::shared_ptr<const NetworkStructure> s;

  explicit ViewRig(const char* spec = "input 5x4x1 | dense 4x3x2 | dense 5x4x1 linear") : s(structure_of(spec)) {
    state.setStructureForTesting(s);
    std::vector<float> weights(s->connection_count());
    for (std::size_t c = 0; c < weights.size(); ++c) weights[c] = 0.01f * static_cast<float>(c % 50) - 0.25f;
    state.setValuesForTesting(std::vector<float>(s->neuron_count(), 0.5f));
    state.setParametersForTesting(std::move(weights), std::vector<float>(s->neuron_count(), 0.0f));
    view.scene()->waitForDigest();
    view.resize(1000, 640);
    view.show();
  }
  QPoint on_screen(QPointF scene_point) const { return view.canvas()->mapFromScene(scene_point); }
  QPoint neuron_on_screen(std::size_t n) const { return on_screen(view.scene()->layout().centre(s->place(n))); }
  void click(QPoint p, Qt::KeyboardModifiers modifiers = {}) {
    QTest::mouseClick(view.canvas()->viewport(), Qt::LeftButton, modifiers, p);
  }
};

struct App {
  QTemporaryDir dir;
  Workbench* bench;
  MainWindow* window;
  App() {
    auto* settings = new SettingsModel(dir.filePath("s.ini"), dir.filePath("dendrite.conf"));
    (void)settings->setPreference("output-directory", dir.filePath("output"));
    (void)settings->setPreference("model-directory", dir.filePath("models"));
    (void)settings->setPreference("batch-size", "8");
    bench = new Workbench(settings);
    window = new MainWindow(bench);
    window->resize(1400, 900);
    window->show();
  }
  ~App() {
    delete window;
    delete bench;
  }
  bool settle() {
    if (!bench->session()->waitUntilIdle(10000)) return false;
    QCoreApplication::processEvents();
    bench->session()->drainNow();
    QCoreApplication::processEvents();
    return true;
  }
};

}  // namespace

class TestNetworkView : public QObject {
  Q_OBJECT

 private slots:
  void clicking_a_neuron_adds_its_id_and_selects_it() {
    ViewRig rig;
    QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
    rig.view.canvas()->setPixelsPerNeuron(16);
    const std::size_t a = rig.s->neuron_at(1, 2, 1, 1), b = rig.s->neuron_at(2, 4, 3, 0);
    rig.view.canvas()->centerOn(rig.view.scene()->layout().centre(rig.s->place(a)));
    rig.click(rig.neuron_on_screen(a));
    QCOMPARE(rig.watch.count(), 1);
    QCOMPARE(rig.watch.item(0).kind, WatchListModel::Neuron);
    QCOMPARE(rig.watch.item(0).id, a);
    QCOMPARE(rig.watch.selectedRows(), QList<int>{0});
    QCOMPARE(rig.watch.item(0).activation, 0.5f);  // from the state's values, before any snapshot

    rig.view.canvas()->fit();
    rig.click(rig.neuron_on_screen(b), Qt::ControlModifier);
    QCOMPARE(rig.watch.count(), 2);
    QCOMPARE(rig.watch.item(1).id, b);
    QCOMPARE(rig.watch.selectedRows(), (QList<int>{0, 1}));
    // The scene outlines both selected neurons.
    QCOMPARE(rig.view.scene()->highlightItem()->content().selected_cells.size(), std::size_t{2});
    rig.click(rig.neuron_on_screen(a));  // plain click on a listed neuron: select it alone
    QCOMPARE(rig.watch.count(), 2);
    QCOMPARE(rig.watch.selectedRows(), QList<int>{0});
    // Empty canvas: nothing is added (the press pans instead).
    rig.click(QPoint(3, 3));
    QCOMPARE(rig.watch.count(), 2);
  }

  void clicking_a_drawn_connection_adds_it() {
    // A column of sources, so that the lines to one target fan out and can be told apart.
    ViewRig rig("input 1x6x1 | dense 2x1x1 linear");
    QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
    const std::size_t target = rig.s->neuron_at(1, 1, 0, 0);
    const NetworkLayout& layout = rig.view.scene()->layout();
    rig.view.canvas()->setPixelsPerNeuron(30);  // the values level: no top-k lines, only selected
    rig.view.canvas()->centerOn(layout.centre(rig.s->place(target)));
    rig.click(rig.neuron_on_screen(target));  // selected: its incoming connections are drawn
    QCOMPARE(rig.watch.count(), 1);
    const std::size_t c = rig.s->incoming_begin(target) + 4;
    const QLineF line(layout.centre(rig.s->place(rig.s->source(c))), layout.centre(rig.s->place(target)));
    const double gap_x = (layout.layer(0).block.right() + layout.layer(1).block.left()) / 2;
    const QPointF on_line = line.pointAt((gap_x - line.x1()) / (line.x2() - line.x1()));
    rig.view.canvas()->centerOn(on_line);
    rig.click(rig.on_screen(on_line));
    QCOMPARE(rig.watch.count(), 2);
    QCOMPARE(rig.watch.item(1).kind, WatchListModel::Connection);
    QCOMPARE(rig.watch.item(1).id, c);
    QCOMPARE(rig.watch.item(1).value, 0.01f * static_cast<float>(c % 50) - 0.25f);
    QCOMPARE(rig.watch.selectedRows(), QList<int>{1});
    // Its line is drawn in the selection colour; a click beside every line adds nothing.
    QCOMPARE(rig.view.scene()->highlightItem()->content().selected_lines.size(), std::size_t{1});
    rig.click(rig.on_screen(on_line) + QPoint(0, 400));
    QCOMPARE(rig.watch.count(), 2);
  }

  // The Partitions toggle is there for graph networks (split into parts by METIS) only, and the
  // tool bar's last action, Export, is on the bar itself, not in its overflow menu, at this width.
  void partitions_toggle_only_for_graph_networks() {
    ViewRig layers;
    auto* partitions = layers.view.findChild<QToolBar*>()->findChild<QAction*>("networkPartitions");
    QVERIFY(partitions);
    QVERIFY(!partitions->isVisible());
    QWidget* export_button = layers.view.findChild<QToolBar*>()->widgetForAction(
        layers.view.findChild<QToolBar*>()->findChild<QAction*>("networkExport"));
    QVERIFY(export_button && export_button->isVisible());
    auto spec = parse_network_spec("graph\nin: input 8x8x1\nh: image 8x8x2 <- in local k3, h local k3\n"
                                   "out: output 8x8x1 linear <- h local k3");
    QVERIFY(spec);
    auto built = NetworkStructure::build(*spec, 2);
    QVERIFY(built);
    layers.state.setStructureForTesting(*built);
    QTRY_VERIFY(partitions->isVisible());
    layers.state.setStructureForTesting(layers.s);
    QTRY_VERIFY(!partitions->isVisible());
    // In German, as wide as the network dock of a 1600-pixel main window.
    std::optional<GermanTranslation> german(std::in_place);
    QVERIFY(german->loaded());
    ViewRig deutsch;
    german.reset();  // the texts are set; the rest of the suite runs in English
    deutsch.view.resize(960, 640);
    QToolBar* bar = deutsch.view.findChild<QToolBar*>();
    QCOMPARE(bar->findChild<QAction*>("networkExport")->text(), QString("Exportieren …"));
    QTRY_VERIFY(bar->widgetForAction(bar->findChild<QAction*>("networkExport"))->isVisible());
  }

  void hovering_shows_what_is_under_the_mouse() {
    ViewRig rig;
    QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
    rig.view.canvas()->fit();
    const std::size_t n = rig.s->neuron_at(1, 3, 2, 1);
    QTest::mouseMove(rig.view.canvas()->viewport(), rig.neuron_on_screen(n));
    QTRY_VERIFY(rig.view.readout()->text().contains("layer 1 · x 3, y 2, c 1"));
    QVERIFY(rig.view.readout()->text().contains("20 in, 20 out"));
    QCOMPARE(rig.view.scene()->hovered(), std::optional<std::size_t>(n));
  }

  void main_window_edits_undo_redo_lock_and_remove() {
    App app;
    QVERIFY(QTest::qWaitForWindowExposed(app.window));
    QVERIFY(write_tiny_png_folder(app.dir.filePath("images"), 6, 24));
    app.bench->newNetwork(QString::fromStdString(tiny_spec(6)));
    app.bench->openDataset(app.dir.filePath("images"));
    QTRY_VERIFY_WITH_TIMEOUT(app.bench->session()->ready(), 20000);
    app.window->networkState()->waitForStructure();
    NetworkView* view = app.window->networkView();
    QVERIFY(view->isVisible());
    QTRY_VERIFY(!app.window->networkState()->values().empty());
    QTRY_VERIFY(app.window->networkState()->parameters() != nullptr);
    WatchListModel* watch = app.window->watchList();
    const std::size_t out = 36 + 3 + 8;  // output neuron (2, 1)
    const NetworkStructure* s = view->scene()->structure();
    QVERIFY(s);
    view->canvas()->centerOn(view->scene()->layout().centre(s->place(out)));
    QTest::mouseClick(view->canvas()->viewport(), Qt::LeftButton, {},
                      view->canvas()->mapFromScene(view->scene()->layout().centre(s->place(out))));
    QCOMPARE(watch->count(), 1);
    QCOMPARE(watch->item(0).id, out);
    WatchListView* list = app.window->watchListView();
    QCOMPARE(list->editorCount(), 1);
    QVERIFY(app.settle());
    const float original = watch->item(0).value;
    QVERIFY(std::isfinite(original));

    // Type a value, press Enter: the bias reaches the engine (it comes back with the snapshot).
    QLineEdit* edit = list->editor(0)->valueEdit();
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, "0.375");
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(app.settle());
    QCOMPARE(app.bench->session()->snapshot().watched_parameters.at(0), 0.375f);
    QCOMPARE(watch->item(0).value, 0.375f);

    // Ctrl+Z / Ctrl+Shift+Z in the window.
    view->canvas()->setFocus();
    QTest::keyClick(app.window, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(app.settle());
    QCOMPARE(app.bench->session()->snapshot().watched_parameters.at(0), original);
    QTest::keyClick(app.window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(app.settle());
    QCOMPARE(app.bench->session()->snapshot().watched_parameters.at(0), 0.375f);

    // A slider drag is one undo step.
    QSlider* slider = list->editor(0)->slider();
    const int undo_steps = watch->undoStack()->count();
    slider->setSliderDown(true);
    slider->setValue(slider->value() + 100);
    slider->setValue(slider->value() + 100);
    slider->setValue(slider->value() + 100);
    slider->setSliderDown(false);
    QCOMPARE(watch->undoStack()->count(), undo_steps + 1);
    QVERIFY(app.settle());
    QVERIFY(app.bench->session()->snapshot().watched_parameters.at(0) > 0.375f);
    watch->undoStack()->undo();
    QVERIFY(app.settle());
    QCOMPARE(app.bench->session()->snapshot().watched_parameters.at(0), 0.375f);

    // Lock, train a few steps: the value stays.
    QTest::mouseClick(list->editor(0)->lockButton(), Qt::LeftButton);
    QVERIFY(watch->item(0).locked);
    for (int i = 0; i < 5; ++i) app.bench->session()->step();
    QVERIFY(app.settle());
    QCOMPARE(app.bench->session()->steps(), qint64{5});
    QCOMPARE(app.bench->session()->snapshot().watched_parameters.at(0), 0.375f);

    // Remove.
    QTest::mouseClick(list->editor(0)->removeButton(), Qt::LeftButton);
    QCOMPARE(watch->count(), 0);
    QTRY_COMPARE(list->editorCount(), 0);
  }
};

QTEST_MAIN(TestNetworkView)
#include "test_network_view.moc"
