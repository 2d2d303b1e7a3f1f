// test_training_session.cpp — the training session model (app/models/training_session.h): its
// properties and NOTIFY signals; start / stop / step / reset on a tiny network through the model
// (the loss falls, a stop takes effect within one mini-batch, reset starts over); a learning-rate
// or batch-size change during training takes effect without a reset; snapshots arrive at most
// ~30 times a second while every step's loss reaches the history; divergence is reported.
//
//   ctest --test-dir build -R test_training_session --output-on-failure
#include <QSignalSpy>
#include <QtTest>

#include <numeric>

#include "app/models/training_session.h"
#include "gui_support/tiny_workloads.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

TrainerConfig tiny_config() {
  TrainerConfig c;
  c.batch_size = 8;
  c.optimizer.learning_rate = 0.01f;
  c.validation_fraction = 0.125;
  return c;
}

double mean(const LossHistory& h, std::uint64_t first, std::uint64_t count) {
  double sum = 0;
  for (std::uint64_t s = first; s < first + count; ++s) sum += h.loss(s);
  return sum / static_cast<double>(count);
}

void make_ready(TrainingSession& session) {
  session.install_network(tiny_bundle());
  session.set_dataset(tiny_dataset());
  QTRY_VERIFY_WITH_TIMEOUT(session.ready(), 10000);
}

}  // namespace

class TestTrainingSession : public QObject {
  Q_OBJECT

 private slots:
  void properties_notify_on_change_only() {
    TrainingSession session(tiny_config());
    QSignalSpy lr(&session, &TrainingSession::learningRateChanged);
    QSignalSpy batch(&session, &TrainingSession::batchSizeChanged);
    QSignalSpy optimizer(&session, &TrainingSession::optimizerChanged);
    QCOMPARE(session.learningRate(), static_cast<double>(0.01f));
    session.setLearningRate(0.02);
    session.setLearningRate(0.02);
    session.setLearningRate(-1);   // refused
    session.setLearningRate(qQNaN());
    QCOMPARE(lr.count(), 1);
    QCOMPARE(session.learningRate(), 0.02);
    QVERIFY(session.setProperty("batchSize", 64));
    session.setBatchSize(0);       // refused
    QCOMPARE(batch.count(), 1);
    QCOMPARE(session.property("batchSize").toInt(), 64);
    session.setOptimizer("sgd");
    session.setOptimizer("rmsprop");  // unknown: refused
    QCOMPARE(optimizer.count(), 1);
    QCOMPARE(session.optimizer(), QString("sgd"));
    QVERIFY(!session.ready());
    QVERIFY(!session.running());
    QCOMPARE(session.loss(), -1.0);
  }

  void becomes_ready_with_network_and_dataset() {
    TrainingSession session(tiny_config());
    QSignalSpy status(&session, &TrainingSession::statusChanged);
    QSignalSpy images(&session, &TrainingSession::imagesChanged);
    session.install_network(tiny_bundle());
    QTRY_VERIFY(!session.problem().isEmpty());  // no dataset yet
    QVERIFY(!session.ready());
    session.set_dataset(tiny_dataset());
    QTRY_VERIFY(session.ready());
    QVERIFY(session.problem().isEmpty());
    QVERIFY(status.count() >= 1);
    QCOMPARE(session.trainingSize(), 56);
    QCOMPARE(session.validationSize(), 8);
    QTRY_VERIFY(images.count() >= 1);
    QCOMPARE(session.currentInput().size(), QSize(4, 4));
    QCOMPARE(session.currentOutput().size(), QSize(4, 4));
  }

  void start_stop_reset_through_the_model() {
    TrainingSession session(tiny_config());
    make_ready(session);
    QSignalSpy running(&session, &TrainingSession::runningChanged);
    QSignalSpy progress(&session, &TrainingSession::progressChanged);
    QSignalSpy timings(&session, &TrainingSession::timingsChanged);
    session.start();
    QTRY_VERIFY(session.running());
    QTRY_VERIFY_WITH_TIMEOUT(session.completedSteps() >= 400, 30000);
    session.stop();
    const qint64 at_stop = session.completedSteps();
    QVERIFY(session.waitUntilIdle(10000));
    QVERIFY2(session.completedSteps() <= at_stop + 1, "a stop must take effect within one mini-batch");
    QTRY_VERIFY(!session.running());
    QTRY_COMPARE(session.steps(), session.completedSteps());
    QVERIFY(running.count() >= 2);
    QVERIFY(progress.count() >= 2);
    QVERIFY(timings.count() >= 1);
    LossHistory* h = session.lossHistory();
    QCOMPARE(h->count(), session.steps());
    const double first = mean(*h, 1, 20), last = mean(*h, static_cast<std::uint64_t>(h->count()) - 19, 20);
    QVERIFY2(last < 0.5 * first, qPrintable(QString("loss %1 → %2").arg(first).arg(last)));
    QVERIFY(session.fullPasses() >= 50);
    QVERIFY(!h->full_pass_ends().empty());
    QVERIFY(!h->validation().empty());
    QVERIFY(session.validationLoss() >= 0);
    QVERIFY(session.secondsPerSample() > 0);
    QVERIFY(session.secondsPerBatch() > session.secondsPerSample());
    QVERIFY(session.samplesPerSecond() > 0);
    QVERIFY(session.fullPassMeasured());

    const qint64 before_step = session.steps();
    session.step();
    QTRY_COMPARE(session.steps(), before_step + 1);
    QVERIFY(!session.running());

    QSignalSpy cleared(h, &LossHistory::cleared);
    session.reset();
    QTRY_COMPARE(session.steps(), qint64{0});
    QCOMPARE(cleared.count(), 1);
    QCOMPARE(h->count(), qint64{0});
    QCOMPARE(session.loss(), -1.0);
    // Same seed: the first steps after a reset repeat the first run's losses exactly.
    session.step();
    QTRY_COMPARE(session.steps(), qint64{1});
    QCOMPARE(h->count(), qint64{1});
  }

  void rate_and_batch_changes_during_training_keep_the_network() {
    TrainingSession session(tiny_config());
    make_ready(session);
    QSignalSpy cleared(session.lossHistory(), &LossHistory::cleared);
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(session.completedSteps() >= 100, 30000);
    session.setLearningRate(0.003);
    session.setBatchSize(16);
    const qint64 at_change = session.completedSteps();
    QTRY_VERIFY_WITH_TIMEOUT(session.completedSteps() >= at_change + 100, 30000);
    session.stop();
    QVERIFY(session.waitUntilIdle(10000));
    QTRY_COMPARE(session.steps(), session.completedSteps());
    QCOMPARE(cleared.count(), 0);                            // no reset
    QVERIFY(session.steps() > at_change);                    // the step count went on
    QCOMPARE(session.lossHistory()->count(), session.steps());  // one history, unbroken
    QCOMPARE(session.snapshot().learning_rate, 0.003f);      // the worker uses the new values
    QCOMPARE(session.snapshot().batch_size, 16);
    // 56 training images: a pass at batch 16 is 4 steps (16+16+16+8).
    QCOMPARE(session.snapshot().steps_per_full_pass, std::uint64_t{4});
  }

  void snapshots_are_throttled_to_the_display_rate() {
    TrainingSession session(tiny_config());
    make_ready(session);
    QSignalSpy updated(&session, &TrainingSession::updated);
    QElapsedTimer t;
    t.start();
    session.start();
    QTest::qWait(1500);
    const double seconds = static_cast<double>(t.elapsed()) / 1000.0;
    const int updates = updated.count();
    session.stop();
    QVERIFY(session.waitUntilIdle(10000));
    QTRY_COMPARE(session.steps(), session.completedSteps());
    qInfo("%d snapshots in %.2f s for %lld steps", updates, seconds, session.steps());
    QVERIFY2(updates <= static_cast<int>(seconds * 30) + 3, qPrintable(QString::number(updates)));
    QVERIFY(session.steps() > updates);  // several steps per snapshot
    QCOMPARE(session.lossHistory()->count(), session.steps());
  }

  void divergence_is_reported_and_stops_training() {
    TrainerConfig config = tiny_config();
    config.optimizer.kind = OptimizerKind::kSgd;
    config.optimizer.learning_rate = 1e6f;
    config.good_state_interval = 1;
    TrainingSession session(config);
    make_ready(session);
    QSignalSpy diverged(&session, &TrainingSession::diverged);
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(diverged.count() == 1, 20000);
    QTRY_VERIFY(!session.running());
    QVERIFY(diverged.first().first().toString().contains("Lower the learning rate"));
  }

  void parameter_copies_for_decoders() {
    TrainingSession session(tiny_config());
    make_ready(session);
    QSignalSpy ready(&session, &TrainingSession::parametersReady);
    const std::uint64_t tag = session.requestParameters();
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(ready.first().first().value<std::uint64_t>(), tag);
    QSignalSpy model(&session, &TrainingSession::modelReady);
    session.requestModel();
    QTRY_COMPARE(model.count(), 1);
  }
};

QTEST_GUILESS_MAIN(TestTrainingSession)
#include "test_training_session.moc"
