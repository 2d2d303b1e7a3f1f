// image.h — W×H×C float32 images and the tiling iterators that walk them.
//
// Layout (used everywhere: images, layers, mini-batch buffers): channel-interleaved, row-major,
//   index(x, y, c) = (y * width + x) * channels + c
// so one pixel's channels are adjacent, as stb_image returns them. A layer of neurons with W×H×C
// dimensions numbers its neurons the same way. Pixel values are floats, nominally in [0, 1].
//
// Tiling: a TileGrid cuts the W×H plane into tile_w×tile_h tiles (row-major tile order; the last
// column/row of tiles is narrower/shorter when the size is not a multiple). A tile either covers
// all channels or one channel (per-channel tiling, for planar processing). Iterating a tile yields
// every (x, y, c, index) inside it exactly once, in y, x, c order.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dendrite {

struct ImageShape {
  int width = 0;
  int height = 0;
  int channels = 0;

  std::size_t pixel_count() const { return static_cast<std::size_t>(width) * height; }
  std::size_t size() const { return pixel_count() * channels; }
  std::size_t index(int x, int y, int c) const {
    return (static_cast<std::size_t>(y) * width + x) * channels + c;
  }
  bool operator==(const ImageShape&) const = default;
};

struct PixelCoordinate {
  int x, y, c;
  std::size_t index;
};

// One rectangular tile of an image; channel == -1 means "all channels".
struct Tile {
  ImageShape shape;
  int x0, y0, width, height;
  int channel;

  int first_channel() const { return channel < 0 ? 0 : channel; }
  int channel_count() const { return channel < 0 ? shape.channels : 1; }
  std::size_t size() const { return static_cast<std::size_t>(width) * height * channel_count(); }

  class Iterator {
   public:
    Iterator(const Tile* tile, std::size_t ordinal) : tile_(tile), ordinal_(ordinal) {}
    PixelCoordinate operator*() const {
      const int cc = tile_->channel_count();
      const auto per_row = static_cast<std::size_t>(tile_->width) * cc;
      const int y = tile_->y0 + static_cast<int>(ordinal_ / per_row);
      const std::size_t in_row = ordinal_ % per_row;
      const int x = tile_->x0 + static_cast<int>(in_row / cc);
      const int c = tile_->first_channel() + static_cast<int>(in_row % cc);
      return {x, y, c, tile_->shape.index(x, y, c)};
    }
    Iterator& operator++() {
      ++ordinal_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return ordinal_ == other.ordinal_; }

   private:
    const Tile* tile_;
    std::size_t ordinal_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }
};

// All tiles of an image shape, optionally one set per channel.
class TileGrid {
 public:
  TileGrid(ImageShape shape, int tile_width, int tile_height, bool per_channel = false)
      : shape_(shape),
        tile_width_(tile_width < 1 ? 1 : tile_width),
        tile_height_(tile_height < 1 ? 1 : tile_height),
        per_channel_(per_channel) {}

  int tiles_across() const { return (shape_.width + tile_width_ - 1) / tile_width_; }
  int tiles_down() const { return (shape_.height + tile_height_ - 1) / tile_height_; }
  int channel_groups() const { return per_channel_ ? shape_.channels : 1; }
  std::size_t tile_count() const {
    return static_cast<std::size_t>(tiles_across()) * tiles_down() * channel_groups();
  }

  // Tiles are ordered channel group, then tile row, then tile column.
  Tile tile(std::size_t ordinal) const {
    const std::size_t per_group = static_cast<std::size_t>(tiles_across()) * tiles_down();
    const int group = static_cast<int>(ordinal / per_group);
    const std::size_t in_group = ordinal % per_group;
    const int tx = static_cast<int>(in_group % tiles_across());
    const int ty = static_cast<int>(in_group / tiles_across());
    const int x0 = tx * tile_width_;
    const int y0 = ty * tile_height_;
    const int w = (x0 + tile_width_ <= shape_.width) ? tile_width_ : shape_.width - x0;
    const int h = (y0 + tile_height_ <= shape_.height) ? tile_height_ : shape_.height - y0;
    return Tile{shape_, x0, y0, w, h, per_channel_ ? group : -1};
  }

  class Iterator {
   public:
    Iterator(const TileGrid* grid, std::size_t ordinal) : grid_(grid), ordinal_(ordinal) {}
    Tile operator*() const { return grid_->tile(ordinal_); }
    Iterator& operator++() {
      ++ordinal_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return ordinal_ == other.ordinal_; }

   private:
    const TileGrid* grid_;
    std::size_t ordinal_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, tile_count()); }

 private:
  ImageShape shape_;
  int tile_width_, tile_height_;
  bool per_channel_;
};

// A W×H×C float image (layout above).
class Image {
 public:
  Image() = default;
  Image(int width, int height, int channels, float fill = 0.0f)
      : shape_{width, height, channels}, data_(shape_.size(), fill) {}
  explicit Image(ImageShape shape, float fill = 0.0f) : shape_(shape), data_(shape.size(), fill) {}

  const ImageShape& shape() const { return shape_; }
  int width() const { return shape_.width; }
  int height() const { return shape_.height; }
  int channels() const { return shape_.channels; }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  float& at(int x, int y, int c) { return data_[shape_.index(x, y, c)]; }
  float at(int x, int y, int c) const { return data_[shape_.index(x, y, c)]; }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  std::vector<float>& values() { return data_; }
  const std::vector<float>& values() const { return data_; }

  TileGrid tiles(int tile_width, int tile_height, bool per_channel = false) const {
    return TileGrid(shape_, tile_width, tile_height, per_channel);
  }

 private:
  ImageShape shape_;
  std::vector<float> data_;
};

// Channel conversion: 1→3 replicates gray, 3→1 takes luma (Rec. 601), 4→3 drops alpha
// (composited on black), 2→1 drops alpha, any C→C copies. Other combinations keep the first
// min(C_in, C_out) channels and zero-fill the rest.
Image convert_channels(const Image& image, int channels);

// Resize with pixel-centre alignment: area averaging along an axis that shrinks (so a photo
// brought down to 28×28 does not alias), bilinear along an axis that grows. Resizing an empty
// image gives a zero image of the asked size; a size of 0 (or less) gives an empty image.
Image resize_image(const Image& image, int width, int height);

}  // namespace dendrite
