// test_image_fitting.cpp — core/image_fitting.h: an image brought to a network's input — stretch,
// centre crop and pad on hand-made images whose result can be written down, channel conversion
// and inversion, the record of what was done, and images that already fit or are empty.
//
//   ctest --test-dir build -R test_image_fitting --output-on-failure
#include <QtTest/QtTest>

#include "core/image_fitting.h"

using namespace dendrite;

namespace {

// Column x of a W×H gray image holds x/8 (so which columns survive a crop is visible; pixel
// values stay in [0, 1], where resizing keeps them).
Image columns(int width, int height) {
  Image im(width, height, 1);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) im.at(x, y, 0) = static_cast<float>(x) / 8.0f;
  return im;
}

}  // namespace

class TestImageFitting : public QObject {
  Q_OBJECT

 private slots:
  void aFittingImageIsUnchanged() {
    const Image im = columns(4, 4);
    for (FitMode mode : {FitMode::kStretch, FitMode::kCrop, FitMode::kPad}) {
      const ImageFit fit = fit_image(im, {4, 4, 1}, mode);
      QCOMPARE(fit.image.values(), im.values());
      QVERIFY(!fit.changed());
      QCOMPARE(fit.used, (PixelRect{0, 0, 4, 4}));
      QCOMPARE(fit.placed, (PixelRect{0, 0, 4, 4}));
    }
  }

  void stretchResizesTheWholeImage() {
    const ImageFit fit = fit_image(columns(8, 2), {4, 4, 1}, FitMode::kStretch);
    QCOMPARE(fit.image.shape(), (ImageShape{4, 4, 1}));
    QVERIFY(fit.size_changed());
    QVERIFY(!fit.channels_changed());
    // Area averaging of column pairs: (0+1)/2, (2+3)/2, … eighths; every row alike.
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) QCOMPARE(fit.image.at(x, y, 0), (2.0f * x + 0.5f) / 8.0f);
  }

  void cropKeepsTheCentre() {
    // 6×2 to 1×1: the centred 2×2 square (columns 2 and 3), averaged.
    const ImageFit fit = fit_image(columns(6, 2), {1, 1, 1}, FitMode::kCrop);
    QCOMPARE(fit.used, (PixelRect{2, 0, 2, 2}));
    QCOMPARE(fit.image.at(0, 0, 0), 2.5f / 8.0f);
    // 6×2 to 3×1: already that aspect ratio, so the whole image is used.
    const ImageFit same = fit_image(columns(6, 2), {3, 1, 1}, FitMode::kCrop);
    QCOMPARE(same.used, (PixelRect{0, 0, 6, 2}));
    // A tall image loses rows top and bottom.
    Image tall(2, 6, 1);
    for (int y = 0; y < 6; ++y) tall.at(0, y, 0) = tall.at(1, y, 0) = static_cast<float>(y) / 8.0f;
    const ImageFit rows = fit_image(tall, {2, 2, 1}, FitMode::kCrop);
    QCOMPARE(rows.used, (PixelRect{0, 2, 2, 2}));
    QCOMPARE(rows.image.at(0, 0, 0), 2.0f / 8.0f);
    QCOMPARE(rows.image.at(1, 1, 0), 3.0f / 8.0f);
  }

  void padPlacesTheWholeImageOnBlack() {
    Image wide(4, 2, 1, 1.0f);
    const ImageFit fit = fit_image(wide, {4, 4, 1}, FitMode::kPad);
    QCOMPARE(fit.placed, (PixelRect{0, 1, 4, 2}));
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) QCOMPARE(fit.image.at(x, y, 0), (y == 1 || y == 2) ? 1.0f : 0.0f);
  }

  void channelsAndInversion() {
    Image rgb(2, 2, 3);
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x) {
        rgb.at(x, y, 0) = 1.0f;  // pure red
        rgb.at(x, y, 1) = 0.0f;
        rgb.at(x, y, 2) = 0.0f;
      }
    const ImageFit gray = fit_image(rgb, {2, 2, 1}, FitMode::kStretch);
    QVERIFY(gray.channels_changed());
    QCOMPARE(gray.source, (ImageShape{2, 2, 3}));
    QVERIFY(std::fabs(gray.image.at(0, 0, 0) - 0.299f) < 1e-6f);  // Rec. 601 luma of red
    const ImageFit inverted = fit_image(rgb, {2, 2, 1}, FitMode::kStretch, true);
    QVERIFY(inverted.inverted && inverted.changed());
    QVERIFY(std::fabs(inverted.image.at(1, 1, 0) - (1.0f - 0.299f)) < 1e-6f);
    // Padding comes after the inversion: the border stays black.
    const ImageFit padded = fit_image(Image(2, 1, 1, 0.0f), {2, 2, 1}, FitMode::kPad, true);
    QCOMPARE(padded.image.at(0, 0, 0), 1.0f);   // inverted black
    QCOMPARE(padded.image.at(0, 1, 0), 0.0f);   // the pad
  }

  void anEmptyImageGivesBlack() {
    const ImageFit fit = fit_image(Image(), {3, 2, 3}, FitMode::kCrop);
    QCOMPARE(fit.image.shape(), (ImageShape{3, 2, 3}));
    for (float v : fit.image.values()) QCOMPARE(v, 0.0f);
  }
};

QTEST_APPLESS_MAIN(TestImageFitting)
#include "test_image_fitting.moc"
