// test_watch_list_model.cpp — the watch list (app/models/watch_list_model.h) against a real
// training session on a tiny network: an edit through the model changes the engine's parameter
// (read back through the module interface) and the next output; a locked value survives training
// steps while its neighbours move; undo and redo (QUndoStack) put values back and forth, a slider
// drag being one step; live values and a history arrive with the snapshots; removing a locked item
// unlocks it; another network empties the list.
//
// The module is read while the worker is idle (after waitUntilIdle), which orders those reads
// after the worker's writes.
//
//   ctest --test-dir build -R test_watch_list_model --output-on-failure
#include <QSignalSpy>
#include <QtTest>

#include "app/models/network_state.h"
#include "app/models/network_summary.h"
#include "app/models/training_session.h"
#include "app/models/watch_list_model.h"
#include "gui_support/german_translation.h"
#include "gui_support/tiny_workloads.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

// tiny_spec(4): input 4x4x1 (neurons 0–15) | dense 3x1x1 (16–18) | dense 4x4x1 linear (19–34).
constexpr std::size_t kOutputFirst = 19;
constexpr std::size_t kHiddenFirst = 16;

TrainerConfig config() {
  TrainerConfig c;
  c.batch_size = 8;
  c.optimizer.learning_rate = 0.05f;
  return c;
}

struct Rig {
  TrainingSession session{config()};
  NetworkSummary summary;
  NetworkState state{&session, &summary};
  WatchListModel watch{&session, &state};
  NetworkModule* module = nullptr;  // the worker owns it; read only while the worker is idle

  explicit Rig(NetworkBundle b = tiny_bundle(4, 3), const char* module_name = "layer") {
    module = b.module.get();
    summary.set(module->spec(), module->topology(), module_name, {});
    session.install_network(std::move(b));
    session.set_dataset(tiny_dataset(4));
    state.waitForStructure();
    state.setActive(true);
  }
  bool settle() {
    if (!session.waitUntilIdle(10000)) return false;
    session.drainNow();
    return true;
  }
};

// A tiny graph network (the default graph module): h reads the input, itself and the output.
NetworkBundle tiny_graph_bundle() {
  NetworkBundle b;
  b.executor = std::make_unique<Executor>(1);
  auto module = create_initialized_module(
      "graph\nin: input 4x4x1\nh: image 4x4x1 <- in local k3, h local k3, out local k3\n"
      "out: output 4x4x1 linear <- h local k3",
      "graph_o2", ModuleOptions{}, InitOptions{}, 5, *b.executor);
  if (!module) qFatal("cannot build the tiny graph: %s", module.message().c_str());
  b.module = std::move(*module);
  b.seed = 5;
  return b;
}

}  // namespace

class TestWatchListModel : public QObject {
  Q_OBJECT

 private slots:
  void items_say_what_they_are() {
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    const int neuron = rig.watch.addNeuron(kHiddenFirst + 2);
    const int connection = rig.watch.addConnection(48 + 5);  // output neuron 1's source 2
    QCOMPARE(neuron, 0);
    QCOMPARE(connection, 1);
    QCOMPARE(rig.watch.addNeuron(kHiddenFirst + 2), 0);  // no duplicates
    QCOMPARE(rig.watch.addNeuron(999), -1);
    QCOMPARE(rig.watch.addConnection(-1), -1);
    QCOMPARE(rig.watch.count(), 2);
    QCOMPARE(rig.watch.index(0).data(WatchListModel::TitleRole).toString(), QString("layer 1 · x 2, y 0, c 0"));
    QCOMPARE(rig.watch.index(1).data(WatchListModel::TitleRole).toString(),
             QString("layer 1 · x 2, y 0, c 0 → layer 2 · x 1, y 0, c 0"));
    QVERIFY(rig.watch.index(0).data(WatchListModel::DetailRole).toString().contains("bias"));
    QVERIFY(rig.watch.index(1).data(WatchListModel::DetailRole).toString().contains("weight"));
    const int input = rig.watch.addNeuron(3);
    QVERIFY(!rig.watch.index(input).data(WatchListModel::EditableRole).toBool());
    QVERIFY(!rig.watch.setValue(input, 0.5));  // input neurons have no bias
    QVERIFY(!rig.watch.setValue(0, qQNaN()));
  }

  // Layer titles in the user's language: an unnamed layer is "layer N" from the engine and
  // "Schicht N" in German; a named one (graph networks' images) keeps its name.
  void layer_titles_follow_the_language() {
    QCOMPARE(layer_title("layer 2", 2), QString("layer 2"));
    QCOMPARE(layer_title("h", 1), QString("h"));
    QCOMPARE(layer_title("layer 2", 3), QString("layer 2"));  // a layer named so by its spec
    const GermanTranslation german;
    QVERIFY(german.loaded());
    QCOMPARE(layer_title("layer 2", 2), QString("Schicht 2"));
    QCOMPARE(layer_title("h", 1), QString("h"));
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    rig.watch.addNeuron(kHiddenFirst + 2);
    QCOMPARE(rig.watch.index(0).data(WatchListModel::TitleRole).toString(), QString("Schicht 1 · x 2, y 0, c 0"));
    QVERIFY2(rig.summary.layerDescriptions().value(1).startsWith("Schicht 1: dense 3×1×1"),
             qPrintable(rig.summary.layerDescriptions().join('\n')));
    Rig graph(tiny_graph_bundle(), "graph_o2");
    QTRY_VERIFY(graph.session.ready());
    QVERIFY(graph.settle());
    graph.watch.addNeuron(16);  // h's first neuron
    QCOMPARE(graph.watch.index(0).data(WatchListModel::TitleRole).toString(), QString("h · x 0, y 0, c 0"));
  }

  void an_edit_reaches_the_engine_and_the_next_output() {
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    const std::size_t out5 = kOutputFirst + 5;
    const int row = rig.watch.addNeuron(static_cast<qint64>(out5));
    QVERIFY(rig.settle());
    const float before = rig.module->bias(out5);
    QCOMPARE(rig.watch.item(row).value, before);  // the live value came with the snapshot
    const float output_before = rig.session.snapshot().output[5];
    QVERIFY(rig.watch.setValue(row, before + 0.75));
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->bias(out5), before + 0.75f);
    // The output layer is linear: the shown reconstruction moves by exactly the bias change.
    QVERIFY(std::abs(rig.session.snapshot().output[5] - output_before - 0.75f) < 1e-5f);
    QCOMPARE(rig.watch.item(row).activation, rig.session.snapshot().output[5]);

    const int w = rig.watch.addConnection(60);
    QVERIFY(rig.watch.setValue(w, -1.25));
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(60), -1.25f);
    QCOMPARE(rig.watch.item(w).value, -1.25f);
  }

  void a_locked_value_survives_training() {
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    const int locked = rig.watch.addConnection(10);
    const int free = rig.watch.addConnection(11);
    QVERIFY(rig.watch.setValue(locked, 0.625));
    rig.watch.setLocked(locked, true);
    QVERIFY(rig.watch.index(locked).data(WatchListModel::LockedRole).toBool());
    QVERIFY(rig.settle());
    const float free_before = rig.module->weight(11);
    for (int i = 0; i < 20; ++i) rig.session.step();
    QVERIFY(rig.settle());
    QCOMPARE(rig.session.steps(), qint64{20});
    QCOMPARE(rig.module->weight(10), 0.625f);
    QVERIFY(rig.module->weight(11) != free_before);  // training did run on its neighbour
    QCOMPARE(rig.watch.item(locked).value, 0.625f);
    QCOMPARE(rig.watch.item(free).value, rig.module->weight(11));
    // Editing a locked value pins the new value.
    QVERIFY(rig.watch.setValue(locked, -0.5));
    for (int i = 0; i < 5; ++i) rig.session.step();
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(10), -0.5f);
    // Removing the item lifts the lock: a lock nobody sees would pin the value for good.
    rig.watch.removeItems({locked});
    for (int i = 0; i < 5; ++i) rig.session.step();
    QVERIFY(rig.settle());
    QVERIFY(rig.module->weight(10) != -0.5f);
  }

  // Graph networks: a self connection (h reads itself) edited through the model reaches the
  // engine and changes the next output; locked, it survives training.
  void graph_edits_and_locks_reach_the_engine() {
    Rig rig(tiny_graph_bundle(), "graph_o2");
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    QVERIFY(rig.state.structure());
    const NetworkStructure& s = *rig.state.structure();
    // h (1, 1) reading h (1, 1): its own self connection.
    const std::size_t h = s.neuron_at(1, 1, 1, 0);
    std::size_t self = s.incoming_end(h);
    for (std::size_t c = s.incoming_begin(h); c < s.incoming_end(h); ++c)
      if (s.source(c) == h) self = c;
    QVERIFY(self < s.incoming_end(h));
    QCOMPARE(rig.module->connection(self).source, h);
    QCOMPARE(rig.module->connection(self).target, h);
    const int row = rig.watch.addConnection(static_cast<qint64>(self));
    QVERIFY(rig.watch.index(row).data(WatchListModel::TitleRole).toString().startsWith("h · x 1, y 1, c 0 → h"));
    const std::vector<float> output_before = rig.session.snapshot().output;
    QVERIFY(rig.watch.setValue(row, 1.5));
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(self), 1.5f);
    QVERIFY(rig.session.snapshot().output != output_before);  // the next forward pass used it

    rig.watch.setLocked(row, true);
    const std::size_t neighbour = self == s.incoming_begin(h) ? self + 1 : self - 1;
    const float neighbour_before = rig.module->weight(neighbour);
    for (int i = 0; i < 10; ++i) rig.session.step();
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(self), 1.5f);
    QVERIFY(rig.module->weight(neighbour) != neighbour_before);
  }

  void undo_and_redo_put_values_back() {
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    const int row = rig.watch.addConnection(20);
    QVERIFY(rig.settle());
    const float original = rig.module->weight(20);
    QUndoStack* undo = rig.watch.undoStack();
    QVERIFY(rig.watch.setValue(row, 0.5));
    QVERIFY(rig.watch.setValue(row, 0.75));
    QCOMPARE(undo->count(), 2);
    undo->undo();
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(20), 0.5f);
    QCOMPARE(rig.watch.item(row).value, 0.5f);
    undo->undo();
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(20), original);
    undo->redo();
    undo->redo();
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(20), 0.75f);

    // A slider drag (one merge group) is one step, whose undo goes back to before the drag.
    const int group = rig.watch.newMergeGroup();
    for (double v : {0.1, 0.2, 0.3, 0.4}) QVERIFY(rig.watch.setValue(row, v, group));
    QCOMPARE(undo->count(), 3);
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(20), 0.4f);
    undo->undo();
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(20), 0.75f);
    // Undo works on the parameter even after its item left the list.
    rig.watch.removeItems({row});
    undo->undo();
    QVERIFY(rig.settle());
    QCOMPARE(rig.module->weight(20), 0.5f);
  }

  void history_grows_while_training() {
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    const int row = rig.watch.addConnection(30);
    QSignalSpy changed(&rig.watch, &QAbstractItemModel::dataChanged);
    rig.session.start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.watch.item(row).history.size() >= 5, 10000);
    rig.session.stop();
    QVERIFY(rig.settle());
    QVERIFY(changed.count() >= 5);
    const auto history = rig.watch.index(row).data(WatchListModel::HistoryRole).value<QList<float>>();
    QCOMPARE(static_cast<std::size_t>(history.size()), rig.watch.item(row).history.size());
    QCOMPARE(history.back(), rig.module->weight(30));
    QVERIFY(history.size() <= WatchListModel::kHistoryLength);
  }

  void selection_and_removal() {
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    for (qint64 c : {1, 2, 3, 4}) rig.watch.addConnection(c);
    rig.watch.selection()->select(rig.watch.index(1), QItemSelectionModel::Select);
    rig.watch.selection()->select(rig.watch.index(3), QItemSelectionModel::Select);
    QCOMPARE(rig.watch.selectedRows(), (QList<int>{1, 3}));
    rig.watch.removeSelected();
    QCOMPARE(rig.watch.count(), 2);
    QCOMPARE(rig.watch.item(0).id, std::size_t{1});
    QCOMPARE(rig.watch.item(1).id, std::size_t{3});
  }

  void another_network_empties_the_list() {
    Rig rig;
    QTRY_VERIFY(rig.session.ready());
    QVERIFY(rig.settle());
    rig.watch.addNeuron(20);
    rig.watch.setValue(0, 0.25);
    QCOMPARE(rig.watch.count(), 1);
    NetworkBundle b = tiny_bundle(6, 1);
    rig.summary.set(b.module->spec(), b.module->topology(), "layer", {});
    rig.session.install_network(std::move(b));
    rig.state.waitForStructure();
    QCOMPARE(rig.watch.count(), 0);
    QCOMPARE(rig.watch.undoStack()->count(), 0);
    QCOMPARE(rig.state.structure()->neuron_count(), std::size_t{36 + 3 + 36});
  }
};

QTEST_MAIN(TestWatchListModel)
#include "test_watch_list_model.moc"
