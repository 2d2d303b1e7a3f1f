// test_embedding_views.cpp — the embedding editor, interpolation and custom input views in the
// main window (widgets/embedding_editor_view.h, interpolation_view.h, custom_input_view.h,
// main_window_embedding.cpp), offscreen: one slider and one text field per embedding value;
// moving a slider changes the decoded image the panel shows; typing a number sets the value and
// text that is not a number is put back; the buttons reach the model; the strip shows the decoded
// steps between two samples; an image file dropped on the window becomes the custom input shown
// beside its reconstruction, and a broken one is an error dialog that changes nothing; the
// Embedding menu and File ▸ Open Custom Image are there.
//
//   ctest --test-dir build -R test_embedding_views --output-on-failure
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "app/models/workbench.h"
#include "core/image_io.h"
#include "gui_support/tiny_workloads.h"
#include "networks/model_io.h"
#include "widgets/custom_input_view.h"
#include "widgets/embedding_editor_view.h"
#include "widgets/image_panel.h"
#include "widgets/image_strip.h"
#include "widgets/interpolation_view.h"
#include "widgets/main_window.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

struct App {
  QTemporaryDir dir;
  Workbench* bench;
  MainWindow* window;
  App() {
    auto* settings = new SettingsModel(dir.filePath("s.ini"), dir.filePath("dendrite.conf"));
    (void)settings->setPreference("output-directory", dir.filePath("output"));
    (void)settings->setPreference("model-directory", dir.filePath("models"));
    bench = new Workbench(settings);
    window = new MainWindow(bench);
    window->resize(1280, 800);
    window->show();
    bench->session()->install_network(tiny_bundle(8, 1, 1));
    bench->dataset()->set_dataset(tiny_dataset(8, 40), "tiny");
  }
  ~App() {
    delete window;
    delete bench;
  }
  EmbeddingEditor* editor() const { return bench->embedding(); }
  bool settle() const {
    return QTest::qWaitFor([&] { return editor()->ready() && !bench->snapshotModule()->busy(); }, 20000) &&
           bench->snapshotModule()->waitUntilIdle(20000);
  }
  void raise(const char* dock) const {
    auto* d = window->findChild<QDockWidget*>(QLatin1String(dock));
    QVERIFY(d);
    d->show();
    d->raise();
  }
  void drop(const QString& path) const {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint at(window->width() / 2, window->height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);
  }
};

}  // namespace

class TestEmbeddingViews : public QObject {
  Q_OBJECT

 private slots:
  void slidersAndFieldsEditTheValuesAndTheImage() {
    App app;
    QVERIFY(QTest::qWaitForWindowExposed(app.window));
    app.raise("embeddingDock");
    QVERIFY(app.settle());
    EmbeddingEditorView* view = app.window->embeddingView();
    QVERIFY(view->isVisible());
    QCOMPARE(view->rowCount(), 3);
    QTRY_VERIFY(!view->decodedPanel()->image().isNull());
    QVERIFY(view->slider(0)->isEnabled());

    // Moving a slider changes the decoded image the panel shows.
    const QImage before = view->decodedPanel()->image();
    QSlider* slider = view->slider(1);
    slider->setFocus();
    const int start = slider->value();
    QTest::keyClick(slider, start > EmbeddingEditorView::kSliderSteps / 2 ? Qt::Key_Home : Qt::Key_End);
    QVERIFY(slider->value() != start);
    QVERIFY(app.settle());
    QTRY_VERIFY(view->decodedPanel()->image() != before);
    QCOMPARE(app.editor()->decodedImage(), view->decodedPanel()->image());
    const float at = app.editor()->value(1);
    QVERIFY(at == app.editor()->minimum(1) || at == app.editor()->maximum(1));
    QCOMPARE(view->field(1)->text(), embedding_value_text(at));

    // Typing a number sets it (outside the slider's range too); other text is put back.
    QLineEdit* field = view->field(2);
    field->setFocus();
    field->selectAll();
    QTest::keyClicks(field, QLocale().toString(2.5, 'f', 1));
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(app.editor()->value(2), 2.5f);
    QVERIFY(app.settle());
    QCOMPARE(app.editor()->decodedValues()[2], 2.5f);
    QCOMPARE(view->slider(2)->value(), view->slider(2)->maximum());  // pinned at its end
    field->selectAll();
    QTest::keyClicks(field, "abc");
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(app.editor()->value(2), 2.5f);
    QCOMPARE(field->text(), embedding_value_text(2.5f));

    // Buttons: Randomize changes the values, Reset brings back the encoded ones.
    const std::vector<float> edited = app.editor()->values();
    QTest::mouseClick(view->button("randomizeButton"), Qt::LeftButton);
    QVERIFY(app.editor()->values() != edited);
    QTest::mouseClick(view->button("resetButton"), Qt::LeftButton);
    QVERIFY(app.settle());
    Executor executor(1);
    auto twin = instantiate_copy(*app.bench->snapshotModule()->parameters(), executor);
    QVERIFY(twin.is_ok());
    std::vector<float> encoded(3);
    (*twin)->encode(app.bench->dataset()->dataset()->sample(0), 1, encoded.data());
    QCOMPARE(app.editor()->values(), encoded);
    for (int i = 0; i < 3; ++i) QCOMPARE(view->field(i)->text(), embedding_value_text(encoded[static_cast<std::size_t>(i)]));
    QTest::mouseClick(view->button("exportButton"), Qt::LeftButton);
    QVERIFY(QDir(app.dir.filePath("output")).entryList({"decoded-step0*.png"}, QDir::Files).size() == 1);
  }

  void theStripShowsTheDecodedSteps() {
    App app;
    QVERIFY(QTest::qWaitForWindowExposed(app.window));
    app.raise("interpolationDock");
    InterpolationView* view = app.window->interpolationView();
    QTRY_VERIFY(view->isVisible());
    view->fromBox()->setValue(4);
    view->toBox()->setValue(11);
    view->stepsBox()->setValue(6);
    QVERIFY(app.settle());
    QTRY_COMPARE(view->strip()->images().size(), 6);
    QCOMPARE(app.editor()->interpolationFrom(), 4);
    QCOMPARE(app.editor()->interpolationTo(), 11);
    QCOMPARE(view->strip()->images().front(), app.editor()->stripImages().front());
    QVERIFY(view->strip()->zoom() >= 1);  // 8×8 images have room to be enlarged
  }

  void aDroppedImageBecomesTheCustomInput() {
    App app;
    QVERIFY(QTest::qWaitForWindowExposed(app.window));
    QVERIFY(app.settle());
    Image photo(20, 10, 3, 0.4f);
    const QString path = app.dir.filePath("photo.png");
    QVERIFY(save_png(path.toStdString(), photo).is_ok());
    app.drop(path);
    CustomInputView* view = app.window->customInputView();
    QTRY_VERIFY(view->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!view->outputPanel()->image().isNull(), 20000);
    QCOMPARE(view->inputPanel()->image().size(), QSize(8, 8));
    QCOMPARE(view->conversionLabel()->text(), QString("photo.png: converted 20×10 RGB → 8×8 gray (stretched)"));
    // Side by side: the reconstruction to the right of the input, at the same height.
    const QPoint in = view->inputPanel()->mapTo(view, QPoint(0, 0));
    const QPoint out = view->outputPanel()->mapTo(view, QPoint(0, 0));
    QVERIFY(out.x() > in.x() + view->inputPanel()->width() / 2);
    QCOMPARE(out.y(), in.y());
    // The dataset did not change.
    QCOMPARE(app.bench->dataset()->sampleCount(), 40);

    // A broken file: an error dialog, and the custom input stays as it was.
    const QImage shown = view->inputPanel()->image();
    QFile bad(app.dir.filePath("broken.jpg"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a jpeg at all");
    bad.close();
    app.drop(bad.fileName());
    QTRY_VERIFY(app.window->findChild<QMessageBox*>("errorDialog"));
    QMessageBox* box = app.window->findChild<QMessageBox*>("errorDialog");
    QVERIFY2(box->text().contains("broken.jpg"), qPrintable(box->text()));
    QCOMPARE(view->inputPanel()->image(), shown);
    QCOMPARE(app.bench->customInput()->fileName(), QString("photo.png"));

    // "Edit Its Embedding" puts the image's embedding on the editor's sliders.
    QPushButton* to_editor = view->findChild<QPushButton*>("toEditorButton");
    QVERIFY(to_editor->isEnabled());
    QTest::mouseClick(to_editor, Qt::LeftButton);
    QCOMPARE(app.editor()->values(), app.bench->customInput()->embedding());
    QTRY_VERIFY(app.window->embeddingView()->isVisible());
  }

  void theMenusOfferTheEditorAndTheCustomInput() {
    App app;
    QVERIFY(app.settle());
    for (const char* name : {"encodeCurrent", "randomizeEmbedding", "resetEmbedding", "measureRanges", "exportDecoded",
                             "exportStrip", "openCustomImage", "exportCustom"})
      QVERIFY2(app.window->action(name), name);
    QMenu* file = nullptr;
    QMenu* embedding = nullptr;
    for (QAction* top : app.window->menuBar()->actions()) {
      if (top->menu() && top->menu()->actions().contains(app.window->action("exportShown"))) file = top->menu();
      if (top->menu() && top->menu()->actions().contains(app.window->action("encodeCurrent"))) embedding = top->menu();
    }
    QVERIFY(file && embedding && file != embedding);
    QVERIFY(file->actions().contains(app.window->action("openCustomImage")));
    QTRY_VERIFY(app.window->action("encodeCurrent")->isEnabled());
    QVERIFY(!app.window->action("exportCustom")->isEnabled());  // no custom input yet
    app.window->action("randomizeEmbedding")->trigger();
    QVERIFY(app.settle());
    QCOMPARE(app.editor()->decodedValues(), app.editor()->values());
  }
};

QTEST_MAIN(TestEmbeddingViews)
#include "test_embedding_views.moc"
