// test_embedding_range.cpp — core/embedding_range.h: the per-dimension min, max and mean of the
// embedding over a dataset equal those of encoding each sample on its own, whatever the chunk
// size; progress reaches the total and can cancel; an empty dataset, images that do not fit the
// network and a diverged network are clear errors.
//
//   ctest --test-dir build -R test_embedding_range --output-on-failure
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

#include "core/embedding_range.h"
#include "core/random.h"
#include "networks/model_io.h"

using namespace dendrite;

namespace {

std::shared_ptr<const ImageDataset> dataset(int size, std::size_t count, int channels = 1) {
  std::vector<Image> images;
  Rng rng(3, RandomStream::kMisc);
  for (std::size_t i = 0; i < count; ++i) {
    Image im(size, size, channels);
    for (float& v : im.values()) v = rng.uniform01();
    images.push_back(std::move(im));
  }
  return std::make_shared<const ImageDataset>(ImageDataset::from_images(images, {size, size, channels}, "random"));
}

struct Net {
  Executor executor{1};
  std::unique_ptr<NetworkModule> module;
  explicit Net(const std::string& spec) {
    auto m = create_initialized_module(spec, "layer", ModuleOptions{}, InitOptions{}, 5, executor);
    if (!m) qFatal("%s", m.message().c_str());
    module = std::move(*m);
  }
};

constexpr const char* kSpec = "input 5x5x1 | dense 4x1x1 | dense 3x1x1 linear | dense 5x5x1 linear";

}  // namespace

class TestEmbeddingRange : public QObject {
  Q_OBJECT

 private slots:
  void equalsEncodingEachSample_data() {
    QTest::addColumn<int>("chunk");
    QTest::newRow("chunk 1") << 1;
    QTest::newRow("chunk 3 (uneven last chunk)") << 3;
    QTest::newRow("chunk 256 (one chunk)") << 256;
  }
  void equalsEncodingEachSample() {
    QFETCH(int, chunk);
    Net net(kSpec);
    const auto data = dataset(5, 10);
    auto range = measure_embedding_range(*net.module, *data, static_cast<std::size_t>(chunk));
    QVERIFY2(range.is_ok(), range.message().c_str());
    QCOMPARE(range->samples, std::size_t{10});
    QCOMPARE(range->size(), std::size_t{3});
    std::vector<float> lo(3, std::numeric_limits<float>::infinity()), hi(3, -std::numeric_limits<float>::infinity());
    std::vector<double> sum(3, 0.0);
    std::vector<float> e(3);
    for (std::size_t s = 0; s < data->size(); ++s) {
      net.module->encode(data->sample(s), 1, e.data());
      for (std::size_t d = 0; d < 3; ++d) {
        lo[d] = std::min(lo[d], e[d]);
        hi[d] = std::max(hi[d], e[d]);
        sum[d] += e[d];
      }
    }
    QCOMPARE(range->minimum, lo);
    QCOMPARE(range->maximum, hi);
    for (std::size_t d = 0; d < 3; ++d) {
      QCOMPARE(range->mean[d], static_cast<float>(sum[d] / 10.0));
      QVERIFY(range->minimum[d] < range->maximum[d]);  // a linear embedding of random images varies
    }
  }

  void progressReachesTheTotalAndCanCancel() {
    Net net(kSpec);
    const auto data = dataset(5, 10);
    std::vector<std::size_t> seen;
    auto range = measure_embedding_range(*net.module, *data, 4, [&](std::size_t done, std::size_t total) {
      seen.push_back(done);
      return total == 10;
    });
    QVERIFY(range.is_ok());
    QCOMPARE(seen, (std::vector<std::size_t>{4, 8, 10}));
    seen.clear();
    auto canceled = measure_embedding_range(*net.module, *data, 4, [&](std::size_t done, std::size_t) {
      seen.push_back(done);
      return done < 8;
    });
    QVERIFY(!canceled.is_ok());
    QCOMPARE(QString::fromStdString(canceled.message()), QString("canceled"));
    QCOMPARE(seen, (std::vector<std::size_t>{4, 8}));
  }

  void badInputsAreClearErrors() {
    Net net(kSpec);
    const ImageDataset empty;
    auto none = measure_embedding_range(*net.module, empty);
    QVERIFY(!none.is_ok());
    QVERIFY2(none.message().find("no images") != std::string::npos, none.message().c_str());

    const auto wrong = dataset(6, 4);
    auto mismatch = measure_embedding_range(*net.module, *wrong);
    QVERIFY(!mismatch.is_ok());
    QVERIFY2(mismatch.message().find("36 values") != std::string::npos &&
                 mismatch.message().find("25") != std::string::npos,
             mismatch.message().c_str());

    // A diverged network: one embedding neuron's bias is NaN.
    const auto data = dataset(5, 4);
    const std::size_t embedding_neuron = 25 + 4 + 1;
    net.module->set_bias(embedding_neuron, std::numeric_limits<float>::quiet_NaN());
    auto diverged = measure_embedding_range(*net.module, *data);
    QVERIFY(!diverged.is_ok());
    QVERIFY2(diverged.message().find("embedding value 1 of sample 0") != std::string::npos &&
                 diverged.message().find("diverged") != std::string::npos,
             diverged.message().c_str());
  }
};

QTEST_APPLESS_MAIN(TestEmbeddingRange)
#include "test_embedding_range.moc"
