// test_image.cpp — Image layout, channel conversion, resizing and the tiling iterators (core/image.h).
//
//   ctest --test-dir build -R test_image --output-on-failure
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/image.h"

using dendrite::convert_channels;
using dendrite::Image;
using dendrite::ImageShape;
using dendrite::resize_image;
using dendrite::Tile;
using dendrite::TileGrid;

namespace {

// An image whose every value differs: v = (index + 1) / (size + 1), all in (0, 1).
Image numbered_image(int width, int height, int channels) {
  Image image(width, height, channels);
  for (std::size_t i = 0; i < image.size(); ++i)
    image.data()[i] = static_cast<float>(i + 1) / static_cast<float>(image.size() + 1);
  return image;
}

// Shapes with odd sizes, single rows/columns, many channels.
const std::vector<ImageShape>& tiling_shapes() {
  static const std::vector<ImageShape> shapes = {
      {1, 1, 1}, {7, 5, 3}, {28, 28, 1}, {32, 32, 3}, {13, 1, 2}, {1, 13, 4}, {16, 16, 5}, {9, 17, 2}};
  return shapes;
}

const std::vector<std::pair<int, int>>& tile_sizes() {
  static const std::vector<std::pair<int, int>> sizes = {
      {1, 1}, {2, 3}, {3, 2}, {4, 4}, {5, 7}, {8, 8}, {16, 16}, {100, 100}, {0, 0}, {-3, 2}};
  return sizes;
}

}  // namespace

class TestImage : public QObject {
  Q_OBJECT

 private slots:
  void layout_is_channel_interleaved_row_major() {
    const ImageShape shape{5, 3, 4};
    QCOMPARE(shape.pixel_count(), std::size_t{15});
    QCOMPARE(shape.size(), std::size_t{60});
    std::size_t expected = 0;
    for (int y = 0; y < shape.height; ++y)
      for (int x = 0; x < shape.width; ++x)
        for (int c = 0; c < shape.channels; ++c) QCOMPARE(shape.index(x, y, c), expected++);

    Image image(shape, 0.25f);
    QCOMPARE(image.size(), shape.size());
    QVERIFY(std::all_of(image.values().begin(), image.values().end(),
                        [](float v) { return v == 0.25f; }));
    image.at(3, 2, 1) = 0.75f;
    QCOMPARE(image.data()[(2 * 5 + 3) * 4 + 1], 0.75f);
    QCOMPARE(image.values()[shape.index(3, 2, 1)], 0.75f);
    QCOMPARE(std::count(image.values().begin(), image.values().end(), 0.75f), 1L);
  }

  void empty_image() {
    Image image;
    QVERIFY(image.empty());
    QCOMPARE(image.size(), std::size_t{0});
    std::size_t tiles = 0;
    for (const Tile& tile : image.tiles(4, 4)) tiles += tile.size();
    QCOMPARE(tiles, std::size_t{0});
  }

  void every_index_visited_exactly_once_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("tile_width");
    QTest::addColumn<int>("tile_height");
    QTest::addColumn<bool>("per_channel");
    for (const ImageShape& s : tiling_shapes())
      for (const auto& [tw, th] : tile_sizes())
        for (bool per_channel : {false, true})
          QTest::addRow("%dx%dx%d tile %dx%d %s", s.width, s.height, s.channels, tw, th,
                        per_channel ? "per-channel" : "all-channels")
              << s.width << s.height << s.channels << tw << th << per_channel;
  }

  void every_index_visited_exactly_once() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, channels);
    QFETCH(int, tile_width);
    QFETCH(int, tile_height);
    QFETCH(bool, per_channel);
    const ImageShape shape{width, height, channels};
    const TileGrid grid(shape, tile_width, tile_height, per_channel);
    const int tw = std::max(1, tile_width);
    const int th = std::max(1, tile_height);

    QCOMPARE(grid.tiles_across(), (width + tw - 1) / tw);
    QCOMPARE(grid.tiles_down(), (height + th - 1) / th);
    QCOMPARE(grid.tile_count(), static_cast<std::size_t>(grid.tiles_across()) * grid.tiles_down() *
                                    (per_channel ? channels : 1));

    std::vector<int> visits(shape.size(), 0);
    std::size_t tiles_seen = 0;
    for (const Tile& tile : grid) {
      ++tiles_seen;
      // Tile geometry: inside the image; full-size except in the last column / row.
      QVERIFY(tile.x0 >= 0 && tile.y0 >= 0);
      QVERIFY(tile.width >= 1 && tile.height >= 1);
      QVERIFY(tile.x0 + tile.width <= width && tile.y0 + tile.height <= height);
      QCOMPARE(tile.x0 % tw, 0);
      QCOMPARE(tile.y0 % th, 0);
      QCOMPARE(tile.width, std::min(tw, width - tile.x0));
      QCOMPARE(tile.height, std::min(th, height - tile.y0));
      if (per_channel) {
        QVERIFY(tile.channel >= 0 && tile.channel < channels);
        QCOMPARE(tile.channel_count(), 1);
      } else {
        QCOMPARE(tile.channel, -1);
        QCOMPARE(tile.channel_count(), channels);
      }

      // Within a tile: y, then x, then c order, every coordinate inside the tile, index consistent.
      std::size_t in_tile = 0;
      int last_y = -1, last_x = -1, last_c = -1;
      for (const dendrite::PixelCoordinate p : tile) {
        ++in_tile;
        QVERIFY(p.x >= tile.x0 && p.x < tile.x0 + tile.width);
        QVERIFY(p.y >= tile.y0 && p.y < tile.y0 + tile.height);
        if (per_channel)
          QCOMPARE(p.c, tile.channel);
        else
          QVERIFY(p.c >= 0 && p.c < channels);
        QCOMPARE(p.index, shape.index(p.x, p.y, p.c));
        const bool ordered = p.y > last_y || (p.y == last_y && p.x > last_x) ||
                             (p.y == last_y && p.x == last_x && p.c > last_c);
        QVERIFY2(ordered, qPrintable(QString("(%1,%2,%3) after (%4,%5,%6)")
                                         .arg(p.x).arg(p.y).arg(p.c)
                                         .arg(last_x).arg(last_y).arg(last_c)));
        last_y = p.y;
        last_x = p.x;
        last_c = p.c;
        visits[p.index] += 1;
      }
      QCOMPARE(in_tile, tile.size());
    }
    QCOMPARE(tiles_seen, grid.tile_count());
    for (std::size_t i = 0; i < visits.size(); ++i)
      QVERIFY2(visits[i] == 1,
               qPrintable(QString("index %1 visited %2 times").arg(i).arg(visits[i])));
  }

  void edge_tiles_are_narrower() {
    // 10x7 in 4x3 tiles: columns 4,4,2 wide, rows 3,3,1 tall.
    const TileGrid grid(ImageShape{10, 7, 1}, 4, 3);
    QCOMPARE(grid.tile_count(), std::size_t{9});
    const Tile last = grid.tile(8);
    QCOMPARE(last.x0, 8);
    QCOMPARE(last.y0, 6);
    QCOMPARE(last.width, 2);
    QCOMPARE(last.height, 1);
    const Tile middle = grid.tile(4);
    QCOMPARE(middle.x0, 4);
    QCOMPARE(middle.y0, 3);
    QCOMPARE(middle.width, 4);
    QCOMPARE(middle.height, 3);
  }

  void per_channel_tiles_are_ordered_by_channel_group() {
    const TileGrid grid(ImageShape{6, 4, 3}, 4, 4, true);
    QCOMPARE(grid.tile_count(), std::size_t{6});  // 2 tiles per channel, 3 channels
    for (std::size_t i = 0; i < grid.tile_count(); ++i) {
      QCOMPARE(grid.tile(i).channel, static_cast<int>(i / 2));
      QCOMPARE(grid.tile(i).x0, i % 2 == 0 ? 0 : 4);
    }
  }

  void tiles_can_copy_an_image() {
    // Reassembling an image tile by tile reproduces it, for every tiling.
    const Image source = numbered_image(11, 6, 3);
    for (const auto& [tw, th] : tile_sizes()) {
      for (bool per_channel : {false, true}) {
        Image copy(source.shape(), -1.0f);
        for (const Tile& tile : source.tiles(tw, th, per_channel))
          for (const dendrite::PixelCoordinate p : tile) copy.at(p.x, p.y, p.c) = source.data()[p.index];
        QCOMPARE(copy.values(), source.values());
      }
    }
  }

  void convert_gray_to_rgb_replicates() {
    const Image gray = numbered_image(3, 2, 1);
    const Image rgb = convert_channels(gray, 3);
    QCOMPARE(rgb.shape(), (ImageShape{3, 2, 3}));
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        for (int c = 0; c < 3; ++c) QCOMPARE(rgb.at(x, y, c), gray.at(x, y, 0));
  }

  void convert_rgb_to_gray_uses_rec601_luma() {
    Image rgb(2, 1, 3);
    rgb.at(0, 0, 0) = 1.0f;  // pure red
    rgb.at(1, 0, 0) = 0.2f;
    rgb.at(1, 0, 1) = 0.4f;
    rgb.at(1, 0, 2) = 0.6f;
    const Image gray = convert_channels(rgb, 1);
    QCOMPARE(gray.shape(), (ImageShape{2, 1, 1}));
    QVERIFY(std::abs(gray.at(0, 0, 0) - 0.299f) < 1e-6f);
    QVERIFY(std::abs(gray.at(1, 0, 0) - (0.299f * 0.2f + 0.587f * 0.4f + 0.114f * 0.6f)) < 1e-6f);
    // White stays white.
    const Image white = convert_channels(Image(4, 4, 3, 1.0f), 1);
    for (float v : white.values()) QVERIFY(std::abs(v - 1.0f) < 1e-6f);
  }

  void convert_rgba_composites_on_black() {
    Image rgba(2, 1, 4);
    const float first[4] = {0.8f, 0.4f, 0.2f, 0.5f};
    const float second[4] = {0.1f, 0.9f, 0.3f, 1.0f};
    for (int c = 0; c < 4; ++c) {
      rgba.at(0, 0, c) = first[c];
      rgba.at(1, 0, c) = second[c];
    }
    const Image rgb = convert_channels(rgba, 3);
    QCOMPARE(rgb.channels(), 3);
    for (int c = 0; c < 3; ++c) {
      QVERIFY(std::abs(rgb.at(0, 0, c) - first[c] * 0.5f) < 1e-6f);
      QVERIFY(std::abs(rgb.at(1, 0, c) - second[c]) < 1e-6f);
    }
    const Image gray = convert_channels(rgba, 1);
    QVERIFY(std::abs(gray.at(0, 0, 0) - (0.299f * 0.8f + 0.587f * 0.4f + 0.114f * 0.2f) * 0.5f) < 1e-6f);
  }

  void convert_gray_alpha() {
    Image ga(1, 1, 2);
    ga.at(0, 0, 0) = 0.6f;
    ga.at(0, 0, 1) = 0.5f;
    QVERIFY(std::abs(convert_channels(ga, 1).at(0, 0, 0) - 0.3f) < 1e-6f);
    const Image rgb = convert_channels(ga, 3);
    for (int c = 0; c < 3; ++c) QVERIFY(std::abs(rgb.at(0, 0, c) - 0.3f) < 1e-6f);
  }

  void convert_same_count_copies_and_others_zero_fill() {
    const Image rgb = numbered_image(3, 3, 3);
    QCOMPARE(convert_channels(rgb, 3).values(), rgb.values());
    // 3 → 5: the first three channels kept, the rest zero (documented fallback).
    const Image five = convert_channels(rgb, 5);
    QCOMPARE(five.channels(), 5);
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 3; ++x) {
        for (int c = 0; c < 3; ++c) QCOMPARE(five.at(x, y, c), rgb.at(x, y, c));
        QCOMPARE(five.at(x, y, 3), 0.0f);
        QCOMPARE(five.at(x, y, 4), 0.0f);
      }
  }

  void resize_same_size_is_identity() {
    const Image image = numbered_image(7, 4, 2);
    QCOMPARE(resize_image(image, 7, 4).values(), image.values());
  }

  void resize_down_by_two_averages_blocks() {
    Image image(4, 2, 1);
    const float values[8] = {0.0f, 0.2f, 0.4f, 0.6f, 0.2f, 0.2f, 1.0f, 0.0f};
    std::copy(values, values + 8, image.data());
    const Image small = resize_image(image, 2, 1);
    QCOMPARE(small.shape(), (ImageShape{2, 1, 1}));
    QVERIFY(std::abs(small.at(0, 0, 0) - (0.0f + 0.2f + 0.2f + 0.2f) / 4) < 1e-6f);
    QVERIFY(std::abs(small.at(1, 0, 0) - (0.4f + 0.6f + 1.0f + 0.0f) / 4) < 1e-6f);
  }

  void resize_to_one_pixel_is_the_mean() {
    const Image image = numbered_image(28, 28, 3);
    const Image one = resize_image(image, 1, 1);
    for (int c = 0; c < 3; ++c) {
      double sum = 0;
      for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) sum += image.at(x, y, c);
      QVERIFY2(std::abs(one.at(0, 0, c) - sum / (28 * 28)) < 1e-5,
               qPrintable(QString("channel %1: %2 vs %3").arg(c).arg(one.at(0, 0, c)).arg(sum / 784)));
    }
  }

  void resize_non_integer_factor_keeps_the_mean() {
    // Area averaging conserves the mean exactly (up to rounding) for any shrink factor.
    const Image image = numbered_image(10, 7, 1);
    const Image small = resize_image(image, 3, 3);
    double in = 0, out = 0;
    for (float v : image.values()) in += v;
    for (float v : small.values()) out += v;
    QVERIFY(std::abs(in / 70 - out / 9) < 1e-5);
  }

  void resize_up_by_two_interpolates() {
    Image image(2, 1, 1);
    image.at(0, 0, 0) = 0.0f;
    image.at(1, 0, 0) = 1.0f;
    const Image big = resize_image(image, 4, 1);
    // Pixel centres at 0.5/2 - 0.5 ... : -0.25 → 0 (clamped), 0.25, 0.75, 1.25 → 1 (clamped).
    const float expected[4] = {0.0f, 0.25f, 0.75f, 1.0f};
    for (int x = 0; x < 4; ++x)
      QVERIFY2(std::abs(big.at(x, 0, 0) - expected[x]) < 1e-6f,
               qPrintable(QString("x=%1: %2").arg(x).arg(big.at(x, 0, 0))));
  }

  void resize_constant_stays_constant_data() {
    QTest::addColumn<int>("from_w");
    QTest::addColumn<int>("from_h");
    QTest::addColumn<int>("to_w");
    QTest::addColumn<int>("to_h");
    const int sizes[][4] = {{28, 28, 14, 14}, {28, 28, 56, 56}, {30, 20, 32, 32}, {5, 9, 9, 5},
                            {100, 1, 7, 3},   {1, 1, 8, 8},     {64, 48, 28, 28}, {3, 3, 3, 1}};
    for (const auto& s : sizes)
      QTest::addRow("%dx%d->%dx%d", s[0], s[1], s[2], s[3]) << s[0] << s[1] << s[2] << s[3];
  }

  void resize_constant_stays_constant() {
    QFETCH(int, from_w);
    QFETCH(int, from_h);
    QFETCH(int, to_w);
    QFETCH(int, to_h);
    const Image image(from_w, from_h, 3, 0.3f);
    const Image out = resize_image(image, to_w, to_h);
    QCOMPARE(out.shape(), (ImageShape{to_w, to_h, 3}));
    for (float v : out.values()) QVERIFY2(std::abs(v - 0.3f) < 1e-5f, qPrintable(QString::number(v)));
    // And a varying image stays within its own range.
    const Image varied = numbered_image(from_w, from_h, 3);
    const auto [lo, hi] = std::minmax_element(varied.values().begin(), varied.values().end());
    const Image resized = resize_image(varied, to_w, to_h);
    for (float v : resized.values()) QVERIFY(v >= *lo - 1e-6f && v <= *hi + 1e-6f);
  }

  void resize_degenerate_sizes_give_empty_or_zero_images() {
    // Nothing to read from, or nothing to write: no crash, no out-of-range read.
    const Image empty = resize_image(Image(0, 0, 1), 4, 3);
    QCOMPARE(empty.shape(), (ImageShape{4, 3, 1}));
    for (float v : empty.values()) QCOMPARE(v, 0.0f);
    QVERIFY(resize_image(numbered_image(4, 4, 1), 0, 4).empty());
  }
};

QTEST_APPLESS_MAIN(TestImage)
#include "test_image.moc"
