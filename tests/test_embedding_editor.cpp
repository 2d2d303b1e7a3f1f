// test_embedding_editor.cpp — the embedding editor's model (app/models/embedding_editor.h) on a
// tiny autoencoder (8×8 → 3 → 8×8): encoding fills the values with the network's embedding;
// every edit decodes again and changes the image; an embedding of the wrong length is refused
// with a message and changes nothing; the interpolation's end steps are exactly the decodes of
// the two encoded images; ranges equal the embedding's min/max over the dataset (and a dimension
// that never varies still gets a slider range); randomize stays in range and reset goes back;
// exports write PNGs (and the values); and all of it works while training runs, following the
// parameters, with a network whose embedding has another size, and with a recurrent graph network.
//
//   ctest --test-dir build -R test_embedding_editor --output-on-failure
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/models/workbench.h"
#include "core/embedding_range.h"
#include "core/image_io.h"
#include "gui_support/tiny_workloads.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

struct Editor {
  QTemporaryDir dir;
  Workbench* bench = nullptr;
  EmbeddingEditor* editor = nullptr;
  SnapshotModule* module = nullptr;
  std::shared_ptr<const ImageDataset> data = tiny_dataset(8, 40);

  explicit Editor(bool with_images = true) {
    auto* settings = new SettingsModel(dir.filePath("s.ini"), dir.filePath("dendrite.conf"));
    (void)settings->setPreference("output-directory", dir.filePath("output"));
    (void)settings->setPreference("batch-size", "8");
    bench = new Workbench(settings);
    editor = bench->embedding();
    module = bench->snapshotModule();
    module->setUser(this, true);
    bench->session()->install_network(tiny_bundle(8, 1, 1));
    if (with_images) bench->dataset()->set_dataset(data, "tiny");
  }
  ~Editor() { delete bench; }
  bool settle() {
    return QTest::qWaitFor([&] { return editor->ready() && !module->busy() && !editor->measuring(); }, 20000) &&
           module->waitUntilIdle(20000);
  }
};

// The network the worker holds, as a module of the test's own (from the editor's copy).
struct Twin {
  Executor executor{1};
  std::unique_ptr<NetworkModule> module;
  explicit Twin(const ParameterCopy& copy) {
    auto m = instantiate_copy(copy, executor);
    if (!m) qFatal("%s", m.message().c_str());
    module = std::move(*m);
  }
  std::vector<float> encode(const float* input) {
    std::vector<float> e(module->topology().embedding_size());
    module->encode(input, 1, e.data());
    return e;
  }
  std::vector<float> decode(const std::vector<float>& e) {
    std::vector<float> out(module->topology().output_size());
    module->decode(e.data(), 1, out.data());
    return out;
  }
};

// The strip encodes 2 images and decodes N embeddings in one batch; the twin does one at a time.
// The reference module computes each sample the same way at any batch size (exact); an optimized
// default module may order a sum differently per batch size, within float rounding (see
// tests/test_encode_decode.cpp for the same allowance).
bool same_values(const std::vector<float>& got, const std::vector<float>& want, const std::string& module) {
  if (got.size() != want.size()) return false;
  if (module == "layer") return got == want;
  float scale = 1e-30f;
  for (float w : want) scale = std::max(scale, std::fabs(w));
  for (std::size_t i = 0; i < got.size(); ++i)
    if (!(std::fabs(got[i] - want[i]) <= 1e-5f * scale)) return false;
  return true;
}

}  // namespace

class TestEmbeddingEditor : public QObject {
  Q_OBJECT

 private slots:
  void aNewNetworkStartsFromTheCurrentSample() {
    Editor e;
    QVERIFY(e.settle());
    QCOMPARE(e.editor->dimensions(), 3);
    QCOMPARE(e.editor->embeddingShape(), (ImageShape{3, 1, 1}));
    QCOMPARE(e.editor->dimensionLabel(2), QString("(2, 0)"));
    Twin twin(*e.module->parameters());
    QCOMPARE(e.editor->values(), twin.encode(e.data->sample(0)));
    QCOMPARE(e.editor->decoded().values(), twin.decode(e.editor->values()));
    QVERIFY(!e.editor->decodedImage().isNull());
  }

  void imagesThatComeAfterTheNetworkFillTheValues() {
    Editor e(false);
    QVERIFY(e.settle());
    QCOMPARE(e.editor->values(), (std::vector<float>{0.0f, 0.0f, 0.0f}));  // nothing to encode yet
    QVERIFY(e.editor->rangeText().contains("Open a dataset"));
    e.bench->dataset()->set_dataset(e.data, "tiny");
    QTRY_VERIFY_WITH_TIMEOUT(e.editor->rangeMeasured(), 20000);
    QVERIFY(e.settle());
    Twin twin(*e.module->parameters());
    QCOMPARE(e.editor->values(), twin.encode(e.data->sample(0)));
    QCOMPARE(e.editor->decoded().values(), twin.decode(e.editor->values()));
  }

  void encodingASampleFillsTheValues() {
    Editor e;
    QVERIFY(e.settle());
    QSignalSpy values(e.editor, &EmbeddingEditor::valuesChanged);
    e.editor->encodeSample(17);
    QVERIFY(e.settle());
    QVERIFY(values.count() >= 1);
    Twin twin(*e.module->parameters());
    QCOMPARE(e.editor->values(), twin.encode(e.data->sample(17)));
    QCOMPARE(e.editor->decoded().values(), twin.decode(e.editor->values()));
    // encodeCurrentImage() uses the sample the dataset model shows.
    e.bench->dataset()->setCurrentSample(23);
    QTRY_COMPARE(e.bench->dataset()->currentSample(), 23);
    e.editor->encodeCurrentImage();
    QVERIFY(e.settle());
    QCOMPARE(e.editor->values(), twin.encode(e.data->sample(23)));
  }

  // Unedited values follow the encoded image when the parameters change (training), so the
  // decode shows what the network makes of that image now; an edit stops that, reset() resumes it.
  void uneditedValuesFollowTheEncodedImageThroughTraining() {
    Editor e;
    QVERIFY(e.settle());
    e.editor->encodeSample(17);
    QVERIFY(e.settle());
    const std::vector<float> before = e.editor->values();
    TrainingSession* session = e.bench->session();
    const auto train = [&](int steps) {
      const qint64 target = session->steps() + steps;
      for (int i = 0; i < steps; ++i) session->step();
      QTRY_VERIFY_WITH_TIMEOUT(session->steps() == target, 20000);
      e.module->refresh();
      QTRY_VERIFY_WITH_TIMEOUT(e.module->steps() == target && e.settle(), 20000);
    };
    train(5);
    Twin trained(*e.module->parameters());
    QVERIFY(e.editor->values() != before);
    QCOMPARE(e.editor->values(), trained.encode(e.data->sample(17)));
    QCOMPARE(e.editor->decoded().values(), trained.decode(e.editor->values()));
    QCOMPARE(e.editor->decodedSteps(), session->steps());
    // An edit is kept through training.
    QVERIFY(e.editor->setValue(0, 0.25));
    QVERIFY(e.settle());
    const std::vector<float> edited = e.editor->values();
    train(5);
    QCOMPARE(e.editor->values(), edited);
    Twin later(*e.module->parameters());
    QCOMPARE(e.editor->decoded().values(), later.decode(edited));
    // Reset goes back to the encoding and follows again.
    e.editor->reset();
    QVERIFY(e.settle());
    train(5);
    Twin last(*e.module->parameters());
    QCOMPARE(e.editor->values(), last.encode(e.data->sample(17)));
  }

  void anEditDecodesAgainAndChangesTheImage() {
    Editor e;
    QVERIFY(e.settle());
    const std::vector<float> before = e.editor->decoded().values();
    QSignalSpy decoded(e.editor, &EmbeddingEditor::decodedChanged);
    QVERIFY(e.editor->setValue(1, e.editor->value(1) + 0.75));
    QVERIFY(e.settle());
    QCOMPARE(decoded.count(), 1);
    QVERIFY(e.editor->decoded().values() != before);
    Twin twin(*e.module->parameters());
    QCOMPARE(e.editor->decoded().values(), twin.decode(e.editor->values()));
    QCOMPARE(e.editor->decodedValues(), e.editor->values());
    // Values outside the slider range are allowed; nonsense is not.
    QVERIFY(e.editor->setValue(0, 1e3));
    QVERIFY(!e.editor->setValue(0, std::nan("")));
    QVERIFY(!e.editor->setValue(3, 0.5));
    QVERIFY(!e.editor->setValue(-1, 0.5));
  }

  void aBurstOfEditsEndsWithTheLastOne() {
    Editor e;
    QVERIFY(e.settle());
    for (int i = 0; i <= 100; ++i) QVERIFY(e.editor->setValue(2, 0.01 * i));
    QVERIFY(e.settle());
    Twin twin(*e.module->parameters());
    QCOMPARE(e.editor->value(2), 1.0f);
    QCOMPARE(e.editor->decoded().values(), twin.decode(e.editor->values()));
  }

  void anEmbeddingOfTheWrongLengthIsRefused() {
    Editor e;
    QVERIFY(e.settle());
    const std::vector<float> values = e.editor->values();
    const std::vector<float> decoded = e.editor->decoded().values();
    QSignalSpy changed(e.editor, &EmbeddingEditor::valuesChanged);
    QSignalSpy redecoded(e.editor, &EmbeddingEditor::decodedChanged);
    const QString error = e.editor->setValues({0.1f, 0.2f});
    QVERIFY2(error.contains("2 values") && error.contains("has 3") && error.contains("3×1×1") &&
                 error.contains("nothing was changed"),
             qPrintable(error));
    QVERIFY(e.editor->setValues({0.1f, std::numeric_limits<float>::infinity(), 0.3f}).contains("not a finite number"));
    QVERIFY(e.settle());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(redecoded.count(), 0);
    QCOMPARE(e.editor->values(), values);
    QCOMPARE(e.editor->decoded().values(), decoded);
    // The right length goes through.
    QVERIFY(e.editor->setValues({0.1f, 0.2f, 0.3f}).isEmpty());
    QVERIFY(e.settle());
    QCOMPARE(e.editor->decodedValues(), (std::vector<float>{0.1f, 0.2f, 0.3f}));
  }

  void interpolationEndsAreTheDecodesOfTheEncodedImages() {
    Editor e;
    QVERIFY(e.settle());
    QSignalSpy strip(e.editor, &EmbeddingEditor::stripChanged);
    e.editor->setInterpolation(3, 9, 5);
    QVERIFY(e.settle());
    QCOMPARE(e.editor->strip().size(), std::size_t{5});
    QCOMPARE(e.editor->stripImages().size(), 5);
    QVERIFY(!e.editor->stripSource(false).isNull() && !e.editor->stripSource(true).isNull());
    Twin twin(*e.module->parameters());
    const auto a = twin.encode(e.data->sample(3)), b = twin.encode(e.data->sample(9));
    const std::string module = twin.module->module_name();
    QVERIFY(same_values(e.editor->stripEmbeddings().front(), a, module));
    QVERIFY(same_values(e.editor->stripEmbeddings().back(), b, module));
    QVERIFY(same_values(e.editor->strip().front().values(), twin.decode(a), module));
    QVERIFY(same_values(e.editor->strip().back().values(), twin.decode(b), module));
    // The ends are exactly the encodings (t = 0 and 1 add nothing); the middle is the average.
    const auto& ends = e.editor->stripEmbeddings();
    for (std::size_t d = 0; d < 3; ++d)
      QCOMPARE(ends[2][d], 0.5f * ends.front()[d] + 0.5f * ends.back()[d]);
    QVERIFY(same_values(e.editor->strip()[2].values(), twin.decode(ends[2]), module));
    QVERIFY(e.editor->strip()[1].values() != e.editor->strip()[3].values());
    // Steps are clamped; samples past the end are the last sample.
    e.editor->setInterpolation(0, 1000, 1000);
    QVERIFY(e.settle());
    QCOMPARE(e.editor->interpolationSteps(), EmbeddingEditor::kMaxSteps);
    QCOMPARE(e.editor->interpolationTo(), 39);
    QVERIFY(same_values(e.editor->strip().back().values(), twin.decode(twin.encode(e.data->sample(39))), module));
  }

  void rangesAreTheMinAndMaxOverTheDataset() {
    Editor e;
    QVERIFY(e.settle());
    QTRY_VERIFY_WITH_TIMEOUT(e.editor->rangeMeasured(), 20000);
    QVERIFY(e.settle());
    Twin twin(*e.module->parameters());
    auto want = measure_embedding_range(*twin.module, *e.data);
    QVERIFY(want.is_ok());
    QCOMPARE(e.editor->range().minimum, want->minimum);
    QCOMPARE(e.editor->range().maximum, want->maximum);
    QCOMPARE(e.editor->range().samples, std::size_t{40});
    QVERIFY(e.editor->rangeText().contains("40"));
    for (int d = 0; d < 3; ++d) {
      if (want->maximum[static_cast<std::size_t>(d)] - want->minimum[static_cast<std::size_t>(d)] < 1e-5f) continue;
      QCOMPARE(e.editor->minimum(d), want->minimum[static_cast<std::size_t>(d)]);
      QCOMPARE(e.editor->maximum(d), want->maximum[static_cast<std::size_t>(d)]);
    }

    // Silence embedding neuron 0 (all its weights and its bias 0): over the dataset it is always
    // 0, and its slider gets ±0.5 around that. The edits reach the copy, and the range is measured
    // again (training is stopped).
    const std::size_t neuron = 64;
    for (std::size_t c = 0; c < 64; ++c) e.bench->session()->setParameter({ParameterRef::Kind::kWeight, c}, 0.0f);
    e.bench->session()->setParameter({ParameterRef::Kind::kBias, neuron}, 0.0f);
    QTRY_VERIFY_WITH_TIMEOUT(e.editor->rangeMeasured() && e.editor->range().maximum[0] == 0.0f &&
                                 e.editor->range().minimum[0] == 0.0f,
                             20000);
    QCOMPARE(e.editor->minimum(0), -0.5f);
    QCOMPARE(e.editor->maximum(0), 0.5f);
  }

  void randomizeStaysInRangeAndResetGoesBack() {
    Editor e;
    QVERIFY(e.settle());
    QTRY_VERIFY_WITH_TIMEOUT(e.editor->rangeMeasured(), 20000);
    e.editor->encodeSample(5);
    QVERIFY(e.settle());
    const std::vector<float> encoded = e.editor->values();
    e.editor->randomize();
    const std::vector<float> first = e.editor->values();
    QVERIFY(first != encoded);
    for (int d = 0; d < 3; ++d) {
      QVERIFY(e.editor->value(d) >= e.editor->minimum(d));
      QVERIFY(e.editor->value(d) <= e.editor->maximum(d));
    }
    e.editor->randomize();
    QVERIFY(e.editor->values() != first);  // another draw
    QVERIFY(e.settle());
    QCOMPARE(e.editor->decodedValues(), e.editor->values());
    e.editor->reset();
    QCOMPARE(e.editor->values(), encoded);
    QVERIFY(e.settle());
    QCOMPARE(e.editor->decodedValues(), encoded);
  }

  void exportsWritePngsAndTheValues() {
    Editor e;
    QVERIFY(e.settle());
    e.editor->setInterpolation(1, 2, 4);
    QVERIFY(e.settle());
    const QString decoded = e.editor->exportDecoded();
    QVERIFY(!decoded.isEmpty());
    QVERIFY(decoded.startsWith(e.dir.filePath("output")));
    auto image = load_image(decoded.toStdString());
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (ImageShape{8, 8, 1}));
    for (std::size_t i = 0; i < image->size(); ++i)
      QVERIFY(std::fabs(image->values()[i] - std::clamp(e.editor->decoded().values()[i], 0.0f, 1.0f)) <= 0.5f / 255 + 1e-6f);
    QFile text(QString(decoded).replace(".png", "-embedding.txt"));
    QVERIFY(text.open(QIODevice::ReadOnly));
    const QStringList numbers = QString::fromUtf8(text.readAll()).trimmed().split(',');
    QCOMPARE(numbers.size(), 3);
    for (int d = 0; d < 3; ++d) QCOMPARE(numbers[d].toFloat(), e.editor->decodedValues()[static_cast<std::size_t>(d)]);
    // A second export does not overwrite the first.
    const QString again = e.editor->exportDecoded();
    QVERIFY(!again.isEmpty() && again != decoded && QFile::exists(decoded));

    const QString strip = e.editor->exportStrip();
    auto row = load_image(strip.toStdString());
    QVERIFY2(row.is_ok(), row.message().c_str());
    QCOMPARE(row->shape(), (ImageShape{8 * 4, 8, 1}));
    QVERIFY(strip.contains("interpolation-1-to-2"));
  }

  void anExportThatCannotBeWrittenIsAClearError() {
    Editor e;
    QVERIFY(e.settle());
    // The output folder was valid when it was chosen, but a file took its name since.
    QVERIFY(e.bench->settings()->setPreference("output-directory", e.dir.filePath("gone")).isEmpty());
    QFile blocker(e.dir.filePath("gone"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QSignalSpy errors(e.editor, &EmbeddingEditor::errorOccurred);
    const QString written = e.editor->exportDecoded();
    QVERIFY2(written.isEmpty(), qPrintable(written + " / " + e.bench->settings()->outputDirectory()));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(errors.front().at(1).toString().contains("gone"), qPrintable(errors.front().at(1).toString()));
  }

  void worksWhileTrainingRunsAndFollowsTheParameters() {
    Editor e;
    QVERIFY(e.settle());
    e.module->setRefreshInterval(100);
    e.editor->setInterpolation(0, 5, 3);
    TrainingSession* session = e.bench->session();
    session->start();
    QTRY_VERIFY(session->running());
    QElapsedTimer t;
    t.start();
    qint64 first_steps = -1;
    int edits = 0;
    while (t.elapsed() < 2500) {
      QVERIFY(e.editor->setValue(edits % 3, 0.1 * (edits % 10)));
      ++edits;
      QTest::qWait(SnapshotModule::kDragPauseMs + 50);  // edits with pauses: the copy follows between them
      if (first_steps < 0 && e.editor->decodedSteps() > 0) first_steps = e.editor->decodedSteps();
    }
    QVERIFY(first_steps > 0);
    QVERIFY2(e.editor->decodedSteps() > first_steps, "the decoded image follows the training");
    session->stop();
    QTRY_VERIFY(!session->running());
    QTRY_VERIFY_WITH_TIMEOUT(e.module->steps() == session->steps() && e.settle(), 20000);
    // After the stop, what is shown is the decode of the values with the final parameters.
    Twin twin(*e.module->parameters());
    QCOMPARE(e.editor->decodedSteps(), session->steps());
    QCOMPARE(e.editor->decoded().values(), twin.decode(e.editor->values()));
    QVERIFY(same_values(e.editor->strip().front().values(), twin.decode(twin.encode(e.data->sample(0))),
                        twin.module->module_name()));
    QTRY_VERIFY_WITH_TIMEOUT(e.editor->rangeMeasured() && e.editor->rangeSteps() == session->steps(), 20000);
  }

  void anotherNetworkChangesTheRows() {
    Editor e;
    QVERIFY(e.settle());
    QSignalSpy structure(e.editor, &EmbeddingEditor::structureChanged);
    NetworkBundle wider;
    wider.executor = std::make_unique<Executor>(1);
    auto m = create_initialized_module("input 8x8x1 | dense 5x1x1 | dense 8x8x1 linear", "layer", {}, {}, 3,
                                       *wider.executor);
    QVERIFY(m.is_ok());
    wider.module = std::move(*m);
    e.bench->session()->install_network(std::move(wider));
    QTRY_COMPARE_WITH_TIMEOUT(e.editor->dimensions(), 5, 20000);
    QVERIFY(e.settle());
    QVERIFY(structure.count() >= 1);
    Twin twin(*e.module->parameters());
    QCOMPARE(e.editor->values(), twin.encode(e.data->sample(static_cast<std::size_t>(e.bench->dataset()->currentSample()))));
    QCOMPARE(e.editor->decoded().values(), twin.decode(e.editor->values()));
    QTRY_VERIFY_WITH_TIMEOUT(e.editor->rangeMeasured() && e.editor->range().size() == 5, 20000);
  }
  void aGraphNetworkWorksToo() {
    // A recurrent graph network (networks/graph_net.h): the editor's encode and decode are the
    // graph module's, ranges are measured, and an edit decodes again.
    Editor e;
    QVERIFY(e.settle());
    NetworkBundle graph;
    graph.executor = std::make_unique<Executor>(1);
    auto m = create_initialized_module(
        "graph\ni: input 8x8x1\nh: image 4x4x2 <- i local k3 s2, h local k3\n"
        "e: image 4x1x1 embedding <- h dense, e local k1\no: output 8x8x1 <- e dense, o local k1",
        "graph", {}, {}, 5, *graph.executor);
    QVERIFY2(m.is_ok(), m.message().c_str());
    graph.module = std::move(*m);
    e.bench->session()->install_network(std::move(graph));
    QTRY_COMPARE_WITH_TIMEOUT(e.editor->dimensions(), 4, 20000);
    QVERIFY(e.settle());
    Twin twin(*e.module->parameters());
    QCOMPARE(twin.module->topology().layers.size(), std::size_t{4});
    const auto sample = static_cast<std::size_t>(e.bench->dataset()->currentSample());
    QVERIFY(same_values(e.editor->values(), twin.encode(e.data->sample(sample)), twin.module->module_name()));
    QVERIFY(same_values(e.editor->decoded().values(), twin.decode(e.editor->values()), twin.module->module_name()));
    QTRY_VERIFY_WITH_TIMEOUT(e.editor->rangeMeasured() && e.editor->range().size() == 4, 20000);
    QVERIFY(e.settle());
    const std::vector<float> before = e.editor->decoded().values();
    QVERIFY(e.editor->setValue(1, e.editor->values()[1] + 0.5));
    QVERIFY(e.settle());
    QVERIFY(e.editor->decoded().values() != before);
    QVERIFY(same_values(e.editor->decoded().values(), twin.decode(e.editor->values()), twin.module->module_name()));
  }
};

QTEST_MAIN(TestEmbeddingEditor)
#include "test_embedding_editor.moc"
