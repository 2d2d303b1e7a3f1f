// test_line_cache.cpp — LineCache (widgets/line_cache.h): lines drawn through the cache onto a
// widget look like lines drawn straight (within rounding), are drawn once while the transform
// stays and again when it changes or the cache is invalidated, and painting on another device
// goes straight through.
//
//   ctest --test-dir build -R test_line_cache --output-on-failure
#include <QGuiApplication>
#include <QPainter>
#include <QScreen>
#include <QWidget>
#include <QWindow>
#include <QtTest>

#include "widgets/line_cache.h"

using namespace dendrite;

namespace {

class Canvas : public QWidget {
 public:
  LineCache cache;
  bool use = true;
  int draws = 0;
  QTransform transform = QTransform::fromScale(2, 2);

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    p.setRenderHint(QPainter::Antialiasing);
    p.setTransform(transform);
    cache.paint(&p, this, use, QRectF(0, 0, 100, 50), [&](QPainter* painter, const QRectF&) {
      ++draws;
      painter->setPen(QPen(QColor(255, 120, 40, 180), 1.5));
      painter->drawLine(QLineF(3, 4, 90, 41));
      painter->setPen(QPen(QColor(60, 160, 255, 200), 1.0));
      painter->drawLine(QLineF(10, 45, 95, 2));
    });
  }
};

QImage grab(QWidget& w) {
  w.repaint();
  return QGuiApplication::primaryScreen()->grabWindow(w.winId()).toImage().convertToFormat(QImage::Format_RGB32);
}

int largest_difference(const QImage& a, const QImage& b) {
  int most = 0;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) {
      const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
      most = std::max({most, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)), std::abs(qBlue(p) - qBlue(q))});
    }
  return most;
}

}  // namespace

class TestLineCache : public QObject {
  Q_OBJECT

 private slots:
  void cached_lines_match_straight_ones_and_are_drawn_once() {
    Canvas w;
    w.resize(200, 100);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.use = false;
    const QImage straight = grab(w);
    QVERIFY(!w.cache.valid());
    w.use = true;
    w.draws = 0;
    const QImage cached = grab(w);
    QCOMPARE(w.draws, 1);
    QVERIFY(w.cache.valid());
    QCOMPARE(straight.size(), cached.size());
    int lit = 0;
    for (int y = 0; y < cached.height(); ++y)
      for (int x = 0; x < cached.width(); ++x) lit += qRed(cached.pixel(x, y)) > 100;
    QVERIFY(lit > 100);  // the lines are there
    QVERIFY2(largest_difference(straight, cached) <= 2, "cached lines look like straight ones");
    // Repaints copy the image; a new transform or invalidate() draws again.
    grab(w);
    grab(w);
    QCOMPARE(w.draws, 1);
    w.transform = QTransform::fromScale(1.5, 1.5);
    grab(w);
    QCOMPARE(w.draws, 2);
    w.cache.invalidate();
    grab(w);
    QCOMPARE(w.draws, 3);
    // QWidget::grab() paints the widget (redirected): the same pixels, through the cache.
    const QImage grabbed = w.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(w.draws, 3);
    QVERIFY(largest_difference(grabbed, grab(w)) <= 2);
    // A painter on another device (an export) draws straight.
    QImage other(50, 50, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&other);
    int straight_draws = 0;
    w.cache.paint(&p, &w, true, QRectF(0, 0, 50, 50), [&](QPainter*, const QRectF&) { ++straight_draws; });
    QCOMPARE(straight_draws, 1);
    QVERIFY(!w.cache.valid());
  }
};

QTEST_MAIN(TestLineCache)
#include "test_line_cache.moc"
