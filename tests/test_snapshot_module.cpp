// test_snapshot_module.cpp — the private network copy behind the embedding editor and the custom
// input (app/models/snapshot_module.h): it asks for parameters only while a view uses it, builds
// its module from the worker's copy, runs jobs one at a time in order with the latest waiting job
// of a kind replacing an older one, drops jobs meant for a network that was replaced, and follows
// training at its refresh interval while training runs (decoding all the while, without touching
// the worker's module) but not while jobs keep coming (a drag), and once more after it stops.
//
//   ctest --test-dir build -R test_snapshot_module --output-on-failure
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <thread>

#include "app/models/snapshot_module.h"
#include "app/models/training_session.h"
#include "gui_support/tiny_workloads.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

TrainerConfig config() {
  TrainerConfig c;
  c.batch_size = 8;
  c.optimizer.learning_rate = 0.01f;
  return c;
}

}  // namespace

class TestSnapshotModule : public QObject {
  Q_OBJECT

 private slots:
  void asksForParametersOnlyWhileUsed() {
    TrainingSession session(config());
    SnapshotModule module(&session);
    QSignalSpy changed(&module, &SnapshotModule::parametersChanged);
    session.install_network(tiny_bundle(8));
    session.set_dataset(tiny_dataset(8, 32));
    QTRY_VERIFY(session.ready());
    QTest::qWait(200);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!module.ready());
    QVERIFY(!module.submit(SnapshotModule::kEditorDecode, [](NetworkModule&) {}, [] {}));

    module.setUser(this, true);
    QTRY_VERIFY(module.ready());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(module.inputShape(), (ImageShape{8, 8, 1}));
    QCOMPARE(module.embeddingShape(), (ImageShape{3, 1, 1}));
    QCOMPARE(module.parameters()->parameter_version, session.snapshot().parameter_version);
    // The copy holds the worker's parameters.
    NetworkBundle twin = tiny_bundle(8);
    ParameterState want;
    twin.module->export_state(want);
    QCOMPARE(module.parameters()->parameters.weights, want.weights);
  }

  void jobsRunInOrderAndTheLatestOfAKindWins() {
    TrainingSession session(config());
    SnapshotModule module(&session);
    module.setUser(this, true);
    session.install_network(tiny_bundle(8));
    QTRY_VERIFY(module.ready());

    std::atomic<bool> release{false};
    QStringList ran, done;
    auto job = [&](const QString& name) {
      return [&, name](NetworkModule&) {
        ran << name;  // only the job thread writes, one job at a time; read after waitUntilIdle
      };
    };
    QVERIFY(module.submit(1, [&](NetworkModule&) {
      while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ran << "blocker";
    }, [&] { done << "blocker"; }));
    QVERIFY(module.submit(2, job("b"), [&] { done << "b"; }));
    QVERIFY(module.submit(3, job("e"), [&] { done << "e"; }));
    QVERIFY(module.submit(2, job("c"), [&] { done << "c"; }));
    QVERIFY(module.submit(2, job("d"), [&] { done << "d"; }));
    QVERIFY(module.busy());
    release = true;
    QVERIFY(module.waitUntilIdle(10000));
    QCOMPARE(ran, (QStringList{"blocker", "e", "d"}));
    QCOMPARE(done, (QStringList{"blocker", "e", "d"}));
  }

  void jobsForAReplacedNetworkAreDropped() {
    TrainingSession session(config());
    SnapshotModule module(&session);
    module.setUser(this, true);
    session.install_network(tiny_bundle(8));
    QTRY_VERIFY(module.ready());
    QVERIFY(module.waitUntilIdle(10000));

    // Hold the job thread, let another network's copy queue up behind it, then queue a job that
    // was meant for the old network (submitted while the old copy is still in place).
    std::atomic<bool> release{false};
    QVERIFY(module.submit(1, [&](NetworkModule&) {
      while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }, [] {}));
    QSignalSpy copies(&session, &TrainingSession::parametersReady);
    session.install_network(tiny_bundle(6));
    // The module's own slot runs before the spy records (it connected first): once the spy sees
    // the copy, its install job waits behind the held job.
    QTRY_VERIFY(copies.count() >= 1);
    QCOMPARE(module.inputShape(), (ImageShape{8, 8, 1}));  // the old copy is still in place
    bool old_job_ran = false, old_job_done = false;
    QVERIFY(module.submit(2, [&](NetworkModule&) { old_job_ran = true; }, [&] { old_job_done = true; }));
    release = true;
    QVERIFY(module.waitUntilIdle(10000));
    QCOMPARE(module.inputShape(), (ImageShape{6, 6, 1}));
    QVERIFY(!old_job_ran);
    QVERIFY(!old_job_done);
    // A job for the new network runs.
    bool new_job_ran = false;
    QVERIFY(module.submit(2, [&](NetworkModule& m) { new_job_ran = m.topology().input_size() == 36; }, [] {}));
    QVERIFY(module.waitUntilIdle(10000));
    QVERIFY(new_job_ran);
  }

  void followsTrainingAtItsIntervalAndOnceMoreAfterStop() {
    TrainingSession session(config());
    SnapshotModule module(&session);
    module.setRefreshInterval(100);
    module.setUser(this, true);
    session.install_network(tiny_bundle(8, 1, 1));
    session.set_dataset(tiny_dataset(8, 64));
    QTRY_VERIFY(session.ready());
    QTRY_VERIFY(module.ready());
    QSignalSpy changed(&module, &SnapshotModule::parametersChanged);
    session.start();
    QTRY_VERIFY(session.running());
    // Decode now and then while the worker trains (the job thread only ever uses its own module);
    // the copy follows the training between the decodes.
    std::vector<float> embedding{0.3f, 0.6f, 0.9f}, out(64);
    QElapsedTimer t;
    t.start();
    int decodes = 0;
    qint64 last_steps = module.steps();
    int steps_grew = 0;
    while (t.elapsed() < 2000) {
      module.submit(SnapshotModule::kEditorDecode, [&](NetworkModule& m) { m.decode(embedding.data(), 1, out.data()); },
                    [&] { ++decodes; });
      QTest::qWait(SnapshotModule::kDragPauseMs + 50);
      if (module.steps() > last_steps) {
        ++steps_grew;
        last_steps = module.steps();
      }
    }
    // A burst of decodes (a slider being dragged) goes first: no copy is installed meanwhile.
    QVERIFY(module.waitUntilIdle(10000));
    const int copies_before_burst = changed.count();
    t.restart();
    while (t.elapsed() < 800) {
      module.submit(SnapshotModule::kEditorDecode, [&](NetworkModule& m) { m.decode(embedding.data(), 1, out.data()); },
                    [&] { ++decodes; });
      QTest::qWait(15);
    }
    QCOMPARE(changed.count(), copies_before_burst);
    session.stop();
    QTRY_VERIFY(!session.running());
    QVERIFY(module.waitUntilIdle(10000));
    QTRY_COMPARE_WITH_TIMEOUT(module.parameters()->parameter_version, session.snapshot().parameter_version, 5000);
    QCOMPARE(static_cast<qint64>(module.parameters()->steps), session.steps());
    QVERIFY2(steps_grew >= 3, qPrintable(QString("the copy moved %1 times in 2 s").arg(steps_grew)));
    // At most one copy per interval (plus the one after stop), never one per step.
    QVERIFY2(changed.count() <= 2800 / 100 + 3, qPrintable(QString::number(changed.count())));
    QVERIFY(session.steps() > changed.count());
    QVERIFY(decodes > 10);
  }

  void doesNotFollowWhenAskedNotTo() {
    TrainingSession session(config());
    SnapshotModule module(&session);
    module.setFollowTraining(false);
    module.setUser(this, true);
    session.install_network(tiny_bundle(8, 1, 1));
    session.set_dataset(tiny_dataset(8, 64));
    QTRY_VERIFY(module.ready());
    QVERIFY(module.waitUntilIdle(5000));
    QSignalSpy changed(&module, &SnapshotModule::parametersChanged);
    session.start();
    QTest::qWait(500);
    QCOMPARE(changed.count(), 0);
    session.stop();
    QTRY_VERIFY(!session.running());
    QTRY_COMPARE(changed.count(), 1);  // once it stops, the copy catches up
    QCOMPARE(static_cast<qint64>(module.parameters()->steps), session.steps());
  }
};

QTEST_MAIN(TestSnapshotModule)
#include "test_snapshot_module.moc"
