// test_main_window.cpp — the main window (widgets/main_window.h) with its QML control panel,
// offscreen: clicking Start in the QML panel trains and the error chart receives points; Stop,
// the keyboard shortcuts, the sliders and the read-outs are bound to the models; the chart stays
// small when drawing a million steps; and a stall probe measures the longest time the GUI
// thread's event loop is blocked while the app trains and redraws (goal ≤ 16 ms, recorded in
// bench/RESULTS.md; the test only checks a generous bound, since speed is judged in benchmarks).
//
//   ctest --test-dir build -R test_main_window --output-on-failure
#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QValueAxis>
#include <QElapsedTimer>
#include <QQuickItem>
#include <QQuickWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <ctime>

#include "app/models/workbench.h"
#include "gui_support/tiny_workloads.h"
#include "widgets/error_chart.h"
#include "widgets/main_window.h"
#include "widgets/pass_progress.h"
#include "widgets/sample_view.h"
#include "widgets/image_panel.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

// CPU time of the calling (GUI) thread.
double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

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
    window->resize(1280, 800);
    window->show();
  }
  ~App() {
    delete window;
    delete bench;
  }
  QQuickItem* item(const char* name) const {
    QQuickItem* root = window->controlPanel()->rootObject();
    return root ? root->findChild<QQuickItem*>(name) : nullptr;
  }
  void click(const char* name) const {
    QQuickItem* button = item(name);
    QVERIFY2(button, name);
    const QPointF centre = button->mapToScene(QPointF(button->width() / 2, button->height() / 2));
    QTest::mouseClick(window->controlPanel(), Qt::LeftButton, {}, centre.toPoint());
  }
};

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void clicking_start_trains_and_the_chart_receives_points() {
    App app;
    QVERIFY(QTest::qWaitForWindowExposed(app.window));
    QVERIFY(write_tiny_png_folder(app.dir.filePath("images"), 8, 48));
    app.bench->newNetwork(QString::fromStdString(tiny_spec(8)));
    app.bench->openDataset(app.dir.filePath("images"));
    TrainingSession* session = app.bench->session();
    QTRY_VERIFY_WITH_TIMEOUT(session->ready(), 20000);
    QVERIFY2(app.window->controlPanel()->status() == QQuickWidget::Ready, "the QML control panel must load");
    QQuickItem* start = app.item("startButton");
    QVERIFY(start);
    QTRY_VERIFY(start->isEnabled());
    QCOMPARE(app.window->errorChart()->pointsDrawn(), 0);

    app.click("startButton");
    QTRY_VERIFY(session->running());
    QTRY_VERIFY_WITH_TIMEOUT(app.window->errorChart()->pointsDrawn() > 20, 20000);
    QTRY_VERIFY(!start->isEnabled());
    QTRY_VERIFY(app.item("stopButton")->isEnabled());
    QTRY_VERIFY(!app.window->sampleView()->outputPanel()->image().isNull());
    app.click("stopButton");
    QTRY_VERIFY(!session->running());
    QTRY_VERIFY(app.window->errorChart()->averagePointsDrawn() > 0);

    // Read-outs are bound to the models.
    QCOMPARE(app.item("connections")->property("text").toString(), QLocale().toString(8 * 8 * 3 * 2));
    QCOMPARE(app.item("neurons")->property("text").toString(), QLocale().toString(64 + 3 + 64));
    QCOMPARE(app.item("files")->property("text").toString(), QLocale().toString(48));
    QVERIFY(app.item("mib")->property("text").toString().endsWith("MiB"));
    QTRY_COMPARE(app.item("steps")->property("text").toString(), QLocale().toString(session->steps()));
    QVERIFY(app.item("perSample")->property("text").toString() != "–");

    // The learning-rate slider is exponential; the batch-size slider moves in powers of two.
    session->setLearningRate(0.01);
    QTRY_COMPARE(app.item("learningRateValue")->property("text").toString(), QString("1.00e-2"));
    QCOMPARE(app.item("learningRateSlider")->property("value").toDouble(), -2.0);
    QQuickItem* batch = app.item("batchSizeSlider");
    batch->setProperty("value", 6);
    QVERIFY(QMetaObject::invokeMethod(batch, "moved"));
    QCOMPARE(session->batchSize(), 64);
    QCOMPARE(app.item("batchSizeValue")->property("text").toString(), QString("64"));
    QQuickItem* rate = app.item("learningRateSlider");
    rate->setProperty("value", -4.0);
    QVERIFY(QMetaObject::invokeMethod(rate, "moved"));
    QCOMPARE(session->learningRate(), 1e-4);

    // Keyboard: F5 starts, Shift+F5 stops, F10 steps, Ctrl+R resets.
    app.window->activateWindow();
    QTest::keyClick(app.window, Qt::Key_F5);
    QTRY_VERIFY(session->running());
    QTest::keyClick(app.window, Qt::Key_F5, Qt::ShiftModifier);
    QTRY_VERIFY(!session->running());
    const qint64 steps = session->steps();
    QTest::keyClick(app.window, Qt::Key_F10);
    QTRY_COMPARE(session->steps(), steps + 1);
    QTest::keyClick(app.window, Qt::Key_R, Qt::ControlModifier);
    QTRY_COMPARE(session->steps(), qint64{0});
    QTRY_COMPARE(app.window->errorChart()->pointsDrawn(), 0);
  }

  void errors_become_dialogs_not_crashes() {
    App app;
    app.bench->openDataset(app.dir.filePath("nowhere"));
    QTRY_VERIFY(app.window->findChild<QWidget*>("errorDialog") != nullptr);
    QWidget* dialog = app.window->findChild<QWidget*>("errorDialog");
    QVERIFY(dialog->isVisible());
    dialog->close();
  }

  void the_chart_draws_a_million_steps_as_a_few_points() {
    LossHistory history;
    std::vector<float> losses(1'000'000);
    for (std::size_t i = 0; i < losses.size(); ++i)
      losses[i] = 0.5f / static_cast<float>(1 + i / 5000) + 0.002f * static_cast<float>(i % 13);
    history.append(1, losses);
    history.add_full_pass_end(500'000);
    ErrorChart chart(&history);
    chart.resize(1000, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QElapsedTimer t;
    t.start();
    chart.redraw();
    const double redraw_ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
    t.restart();
    const QPixmap frame = chart.chartView()->grab();
    const double render_ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
    qInfo("1,000,000 steps: rebuild series %.2f ms, render %.2f ms, %d points drawn", redraw_ms, render_ms,
          chart.pointsDrawn());
    QVERIFY(!frame.isNull());
    QVERIFY(chart.pointsDrawn() > 100);
    QVERIFY(chart.pointsDrawn() <= 2 * 1000 + 2);
    chart.setLogScale(false);
    QVERIFY(chart.pointsDrawn() <= 2 * 1000 + 2);
  }

  void dense_full_passes_are_marked_every_nth() {
    QCOMPARE(pass_marker_stride(25.0, 20.0), 1);
    QCOMPARE(pass_marker_stride(12.0, 20.0), 2);
    QCOMPARE(pass_marker_stride(2.0, 20.0), 10);
    QCOMPARE(pass_marker_stride(1.6, 20.0), 20);
    QVERIFY(pass_marker_stride(0.0, 20.0) > 0);  // no pass has a width yet: no endless search

    // 300 images at batch 32 (as the bundled sample): a pass every ~9 steps, 444 passes.
    LossHistory history;
    history.append(1, std::vector<float>(4000, 0.05f));
    for (std::uint64_t step = 9; step <= 4000; step += 9) history.add_full_pass_end(step);
    ErrorChart chart(&history);
    chart.resize(1000, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.redraw();
    const double plot_width = chart.chartView()->chart()->plotArea().width();
    const double pixels_per_pass = plot_width / 4000.0 * 9.0;
    const int stride = chart.passMarkerStride();
    QVERIFY2(stride > 1, qPrintable(QString::number(stride)));
    QVERIFY(stride * pixels_per_pass >= ErrorChart::kPassMarkerGap);
    QVERIFY(pass_marker_stride(pixels_per_pass, ErrorChart::kPassMarkerGap) == stride);
    auto legend_names = [&] {
      QStringList names;
      for (QAbstractSeries* s : chart.chartView()->chart()->series()) names << s->name();
      return names;
    };
    QVERIFY2(legend_names().contains(QString("end of a full pass (1 in %1 shown)").arg(stride)),
             qPrintable(legend_names().join(" | ")));
    // Wider: passes spread out, the stride falls with the width.
    chart.resize(4000, 600);
    QTRY_VERIFY(chart.passMarkerStride() < stride);
    // Few passes: every one marked, and the legend says so plainly.
    history.clear();
    history.append(1, std::vector<float>(4000, 0.05f));
    for (std::uint64_t step = 400; step <= 4000; step += 400) history.add_full_pass_end(step);
    chart.resize(1000, 600);
    chart.redraw();
    QTRY_COMPARE(chart.passMarkerStride(), 1);
    QVERIFY(legend_names().contains("end of a full pass"));
  }

  void comparing_with_a_run_overlays_its_curve() {
    App app;
    QVERIFY(QTest::qWaitForWindowExposed(app.window));
    QVERIFY(app.window->action("compareRun") != nullptr);
    ErrorChart* chart = app.window->errorChart();
    QCOMPARE(chart->comparisonPointsDrawn(), 0);
    QFile csv(app.dir.filePath("previous.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("step,train_loss,validation_loss,test_loss\n0,,,0.2\n");
    for (int s = 1; s <= 400; ++s) csv.write(QString("%1,%2,,%3\n").arg(s).arg(0.2 / s).arg(s % 100 == 0 ? QString::number(0.25 / s) : QString()).toUtf8());
    csv.close();
    QVERIFY(app.window->compareWithRunFile(csv.fileName()));
    QVERIFY(chart->hasComparison());
    QVERIFY(chart->comparisonPointsDrawn() > 5);
    // The comparison's 400 steps set the x axis even before the current run has a step.
    const auto* x = qobject_cast<QValueAxis*>(chart->chartView()->chart()->axes(Qt::Horizontal).first());
    QVERIFY(x != nullptr);
    QVERIFY(x->max() >= 400);
    chart->setLogScale(false);
    QVERIFY(chart->comparisonPointsDrawn() > 5);
    app.window->action("clearComparison")->trigger();
    QCOMPARE(chart->comparisonPointsDrawn(), 0);
    QVERIFY(!chart->hasComparison());
    // A file that is not a loss CSV leaves the chart alone and says why.
    QFile bad(app.dir.filePath("bad.csv"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("hello,world\n");
    bad.close();
    QVERIFY(!app.window->compareWithRunFile(bad.fileName()));
    QCOMPARE(chart->comparisonPointsDrawn(), 0);
  }

  void stall_probe_while_training_data() {
    QTest::addColumn<int>("threads");
    QTest::newRow("1 training thread (a core left for the GUI)") << 1;
    QTest::newRow("2 training threads (every core busy)") << 2;
  }

  void stall_probe_while_training() {
    QFETCH(int, threads);
    App app;
    app.bench->session()->setThreads(threads);
    (void)app.bench->settings()->setPreference("threads", QString::number(threads));
    QVERIFY(QTest::qWaitForWindowExposed(app.window));
    // A real workload: W1 (dense-ae, 417,792 connections) on 28×28 images at batch 32.
    app.bench->newNetwork("dense-ae");
    TrainingSession* session = app.bench->session();
    session->setBatchSize(32);
    QTRY_VERIFY_WITH_TIMEOUT(app.bench->network()->valid(), 20000);
    app.bench->dataset()->set_dataset(tiny_dataset(28, 512), "synthetic");
    QTRY_VERIFY_WITH_TIMEOUT(session->ready(), 20000);
    session->start();
    QTRY_VERIFY(session->running());
    QTest::qWait(1000);  // warm up: first redraws, QML bindings

    QElapsedTimer clock;
    qint64 last = -1, longest = 0, ticks = 0;
    double last_cpu = -1, longest_busy = 0;  // GUI-thread CPU time between two ticks
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
      const qint64 now = clock.nsecsElapsed();
      const double cpu = process_cpu_seconds();
      if (last >= 0) longest = std::max(longest, now - last);
      if (last_cpu >= 0) longest_busy = std::max(longest_busy, cpu - last_cpu);
      last = now;
      last_cpu = cpu;
      ++ticks;
    });
    const qint64 redraws_before = app.window->errorChart()->redrawCount();
    const qint64 steps_before = session->steps();
    const double gui_cpu_before = process_cpu_seconds();
    clock.start();
    probe.start();
    // A plain event loop, as in the app (QTest::qWait sleeps between its event batches).
    QEventLoop loop;
    QTimer::singleShot(4000, &loop, &QEventLoop::quit);
    loop.exec();
    probe.stop();
    const double thread_seconds = process_cpu_seconds();
    const qint64 redraws = app.window->errorChart()->redrawCount() - redraws_before;
    const qint64 steps = session->steps() - steps_before;
    session->stop();
    QTRY_VERIFY(!session->running());
    const double longest_ms = static_cast<double>(longest) / 1e6 - 1.0;  // minus the 1 ms interval
    // Wall time includes the OS running other threads; CPU time is the GUI thread's own work.
    qInfo("stall probe (%d training threads): longest GUI-thread block %.1f ms wall, %.1f ms of its "
          "own CPU work, over 4 s of training dense-ae (%lld probe ticks, %lld chart redraws, "
          "%lld steps, GUI thread CPU %.2f s)",
          threads, longest_ms, longest_busy * 1e3, ticks, redraws, steps, thread_seconds - gui_cpu_before);
    QVERIFY(redraws > 10);  // the chart was redrawing during the probe
    QVERIFY(steps > 0);
    QVERIFY2(longest_ms < 250.0, qPrintable(QString("the GUI thread was blocked for %1 ms").arg(longest_ms)));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
