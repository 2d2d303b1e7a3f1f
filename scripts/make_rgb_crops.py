#!/usr/bin/env python3
"""make_rgb_crops.py — 32×32 RGB crops of real photographs, for the W3 `rgb-ae` workload and the
RGB studies (DESIGN.md §5), with a held-out test split.

The photographs are the public-domain / CC0 sample images that Debian's python3-skimage ships in
skimage/data/ (see PHOTOS below for each one's source and licence). Nothing is downloaded.

    python3 scripts/make_rgb_crops.py                       # data/rgb-crops: 4800 train + 1200 test
    python3 scripts/make_rgb_crops.py --count 48 --test-fraction 0.25 \\
        --output resources/sample-data/rgb-crops            # the bundled sample (36 + 12)
    bash scripts/setup.sh --rgb-data                        # installs python3-skimage, runs the first line

Held-out split: the bottom `test-fraction` of every photograph's rows is reserved for test/, and
train/ crops come only from the rows above, so no test crop overlaps a training crop. Each crop
takes a random photograph (round-robin), a random scale (1, 2 or 4 source pixels per crop pixel,
averaged, so larger scales show more context without aliasing) and a random position inside
its region; near-constant crops (the black sky of the Hubble field, the border of the retina)
are drawn again. Randomness comes from a seeded SplitMix64 written out below, not from numpy,
so the same arguments give byte-identical PNGs on any machine.

Output: OUTPUT/train/crop-NNNNN.png, OUTPUT/test/crop-NNNNN.png (8-bit RGB PNG) and
OUTPUT/manifest.csv (split, file, photo, x, y, scale). Re-running with the same arguments does
nothing; other arguments replace the crops.
"""
import argparse
import csv
import os
import struct
import sys
import zlib

# Photographs used, with the source and licence that skimage's own documentation gives for
# each (skimage/data/_fetchers.py, python3-skimage 0.19.3). Others in skimage/data are left
# out: motorcycle_left.png (Middlebury stereo set) states no licence; the rest are gray,
# synthetic, or microscopy images.
PHOTOS = [
    ("astronaut.png", "Eileen Collins, NASA Great Images database; public domain (no known copyright restrictions)"),
    ("chelsea.png", "Chelsea the cat, by Stefan van der Walt; CC0"),
    ("coffee.png", "Coffee cup, by Rachel Michetti, courtesy of Pikolo Espresso Bar; CC0"),
    ("rocket.jpg", "Falcon 9 / DSCOVR launch, SpaceX; released into the public domain"),
    ("hubble_deep_field.jpg", "Hubble eXtreme Deep Field, NASA; public domain"),
    ("retina.jpg", "Fundus photograph of a normal left eye, Mikael Häggström (Wikimedia Commons); CC0"),
]
SCALES = (1, 2, 4)
MIN_STD = 4.0  # on the 0..255 scale; flatter crops are drawn again
MAX_ATTEMPTS = 200


class SplitMix64:
    """Sebastiano Vigna's SplitMix64: tiny, fully specified, identical everywhere."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n):
        """Uniform integer in [0, n) (rejection sampling, no modulo bias)."""
        if n <= 1:
            return 0
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            value = self.next()
            if value < limit:
                return value % n


def png_bytes(pixels):
    """8-bit RGB PNG of an (h, w, 3) uint8 array; zlib level 9, filter 0: deterministic bytes."""
    height, width, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(
            ">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def load_rgb(path, numpy, imread):
    image = numpy.asarray(imread(path))
    if image.ndim == 2:
        image = numpy.stack([image] * 3, axis=-1)
    if image.shape[2] == 4:
        image = image[:, :, :3]
    if image.dtype != numpy.uint8:
        raise SystemExit(f"make_rgb_crops.py: {path} is {image.dtype}, expected 8-bit")
    return image


def crop(photo, x, y, size, scale, numpy):
    """size×size crop whose top-left source pixel is (x, y), each output pixel the mean of a
    scale×scale block."""
    block = photo[y:y + size * scale, x:x + size * scale].astype(numpy.float64)
    block = block.reshape(size, scale, size, scale, 3).mean(axis=(1, 3))
    return numpy.clip(numpy.rint(block), 0, 255).astype(numpy.uint8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="data/rgb-crops", help="output folder (default: data/rgb-crops)")
    parser.add_argument("--count", type=int, default=6000, help="crops in all, train + test (default: 6000)")
    parser.add_argument("--test-fraction", type=float, default=0.2,
                        help="share of crops, and of each photo's rows, held out for test/ (default: 0.2)")
    parser.add_argument("--size", type=int, default=32, help="crop width and height in pixels (default: 32)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--source-dir", default=None, help="folder with the photos (default: skimage/data)")
    parser.add_argument("--force", action="store_true", help="rewrite even when up to date")
    args = parser.parse_args()
    if args.count < 1 or not 0.0 <= args.test_fraction < 1.0 or args.size < 1:
        parser.error("need --count >= 1, 0 <= --test-fraction < 1 and --size >= 1")

    try:
        import numpy
        import skimage
        from skimage.io import imread
    except ImportError as error:
        raise SystemExit(f"make_rgb_crops.py needs numpy and scikit-image "
                         f"(apt-get install python3-skimage): {error}")
    source_dir = args.source_dir or os.path.join(os.path.dirname(skimage.__file__), "data")

    parameters = (f"# make_rgb_crops.py count={args.count} test_fraction={args.test_fraction} "
                  f"size={args.size} seed={args.seed} photos={','.join(name for name, _ in PHOTOS)}")
    manifest_path = os.path.join(args.output, "manifest.csv")
    if not args.force and os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            if f.readline().rstrip("\n") == parameters:
                print(f"{args.output}: up to date ({args.count} crops)")
                return

    photos = []
    for name, _ in PHOTOS:
        path = os.path.join(source_dir, name)
        if not os.path.exists(path):
            raise SystemExit(f"make_rgb_crops.py: {path} is missing (apt-get install python3-skimage)")
        photos.append((name, load_rgb(path, numpy, imread)))

    test_count = round(args.count * args.test_fraction)
    splits = [("train", args.count - test_count), ("test", test_count)]
    rng = SplitMix64(args.seed)
    rows = []
    for split, count in splits:
        folder = os.path.join(args.output, split)
        os.makedirs(folder, exist_ok=True)
        for stale in os.listdir(folder):
            if stale.startswith("crop-") and stale.endswith(".png"):
                os.remove(os.path.join(folder, stale))
        for index in range(count):
            name, photo = photos[index % len(photos)]
            height, width, _ = photo.shape
            boundary = height - int(height * args.test_fraction)  # first held-out row
            top, bottom = (0, boundary) if split == "train" else (boundary, height)
            scales = [s for s in SCALES if args.size * s <= min(bottom - top, width)]
            if not scales:
                raise SystemExit(f"make_rgb_crops.py: {name}'s {split} region ({width}x{bottom - top}) "
                                 f"is smaller than one {args.size}x{args.size} crop")
            for attempt in range(MAX_ATTEMPTS):
                scale = scales[rng.below(len(scales))]
                span = args.size * scale
                x = rng.below(width - span + 1)
                y = top + rng.below(bottom - top - span + 1)
                pixels = crop(photo, x, y, args.size, scale, numpy)
                if pixels.std() >= MIN_STD or attempt == MAX_ATTEMPTS - 1:
                    break
            file = f"crop-{index:05d}.png"
            with open(os.path.join(folder, file), "wb") as f:
                f.write(png_bytes(pixels))
            rows.append((split, f"{split}/{file}", name, x, y, scale))

    with open(manifest_path, "w", encoding="utf-8", newline="") as f:
        f.write(parameters + "\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["split", "file", "photo", "x", "y", "scale"])
        writer.writerows(rows)
    print(f"wrote {splits[0][1]} train and {splits[1][1]} test crops of {args.size}x{args.size} RGB "
          f"to {args.output} (from {len(photos)} photos in {source_dir})")


if __name__ == "__main__":
    sys.exit(main())
