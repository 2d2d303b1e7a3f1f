#!/usr/bin/env python3
"""make_fixtures.py — writes the committed image fixtures in tests/data/.

stb_image_write cannot write 16-bit PNGs, and the tests need files whose every pixel value is
known, so this script writes them with the standard library only (zlib, struct). The pixel
values follow the formulas below; test_image_io.cpp recomputes them from the same formulas.
The JPEG fixture is the one file that needs a codec: ImageMagick's `convert` (Debian package
imagemagick) encodes it from a PPM at quality 100.

    python3 tests/data/make_fixtures.py          # rewrites the fixtures next to this script

Fixtures (W×H, bits, channels) and pixel formulas, x = column, y = row, c = channel:
  gray16.png      5×3, 16-bit gray:  v = (x*16411 + y*3001 + 1) % 65536
  rgb16.png       4×3, 16-bit RGB:   v = (x*9001 + y*17011 + c*21001 + 5) % 65536
  rgba16.png      3×2, 16-bit RGBA:  RGB as rgb16.png, alpha = (65535, 32768, 0)[x]
  gray_alpha16.png 2×2, 16-bit gray+alpha: gray = (x*30000 + y*20000 + 100), alpha = 65535 - x*65535
  gray8.pgm       4×3, P5, maxval 255:   v = (x*50 + y*30) % 256
  gray16.pgm      4×3, P5, maxval 65535: v = (x*16411 + y*3001 + 1) % 65536 (big-endian)
  rgb8.ppm        3×2, P6, maxval 255:   v = (x*70 + y*40 + c*90) % 256
  rgb24.bmp       3×2, 24-bit BMP (rows padded to 4 bytes, stored bottom-up): v = (x*70 + y*40 + c*90) % 256
  gradient.jpg    16×16 RGB JPEG, quality 100: R = x*16 + 8, G = y*16 + 8, B = 128
  huge_header.png a valid PNG signature and IHDR claiming 100000×100000 8-bit gray, with a tiny
                  IDAT: must be refused from its header, before any decoding.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png_chunk(kind, payload):
    return (struct.pack(">I", len(payload)) + kind + payload +
            struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def png_bytes(width, height, bit_depth, color_type, rows):
    """rows: list of bytes objects, one per image row, already packed (big-endian for 16 bit)."""
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 (None) on every row
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print(f"wrote {name} ({len(data)} bytes)")


def u16_rows(width, height, channels, value):
    return [b"".join(struct.pack(">H", value(x, y, c)) for x in range(width) for c in range(channels))
            for y in range(height)]


def u8_pixels(width, height, channels, value):
    return bytes(value(x, y, c) for y in range(height) for x in range(width) for c in range(channels))


def gray16(x, y, c):
    return (x * 16411 + y * 3001 + 1) % 65536


def rgb16(x, y, c):
    return (x * 9001 + y * 17011 + c * 21001 + 5) % 65536


def rgba16(x, y, c):
    return (65535, 32768, 0)[x] if c == 3 else rgb16(x, y, c)


def gray_alpha16(x, y, c):
    return (x * 30000 + y * 20000 + 100) if c == 0 else 65535 - x * 65535


def gray8(x, y, c):
    return (x * 50 + y * 30) % 256


def rgb8(x, y, c):
    return (x * 70 + y * 40 + c * 90) % 256


def bmp24(width, height, value):
    row_bytes = (width * 3 + 3) // 4 * 4
    pixels = b""
    for y in reversed(range(height)):  # BMP stores the bottom row first
        row = b"".join(bytes((value(x, y, 2), value(x, y, 1), value(x, y, 0))) for x in range(width))
        pixels += row + b"\x00" * (row_bytes - len(row))
    header_size = 14 + 40
    file_header = struct.pack("<2sIHHI", b"BM", header_size + len(pixels), 0, 0, header_size)
    info_header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return file_header + info_header + pixels


def huge_header_png():
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + png_chunk(b"IEND", b""))


def gradient_jpeg():
    convert = shutil.which("convert")
    if convert is None:
        sys.exit("make_fixtures.py: gradient.jpg needs ImageMagick's convert (apt-get install imagemagick)")
    ppm = b"P6\n16 16\n255\n" + u8_pixels(16, 16, 3, lambda x, y, c: (x * 16 + 8, y * 16 + 8, 128)[c])
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "gradient.ppm")
        target = os.path.join(tmp, "gradient.jpg")
        with open(source, "wb") as f:
            f.write(ppm)
        subprocess.run([convert, source, "-strip", "-quality", "100", "-sampling-factor", "1x1", target],
                       check=True)
        with open(target, "rb") as f:
            return f.read()


def main():
    write("gray16.png", png_bytes(5, 3, 16, 0, u16_rows(5, 3, 1, gray16)))
    write("rgb16.png", png_bytes(4, 3, 16, 2, u16_rows(4, 3, 3, rgb16)))
    write("rgba16.png", png_bytes(3, 2, 16, 6, u16_rows(3, 2, 4, rgba16)))
    write("gray_alpha16.png", png_bytes(2, 2, 16, 4, u16_rows(2, 2, 2, gray_alpha16)))
    write("gray8.pgm", b"P5\n# a comment line\n4 3\n255\n" + u8_pixels(4, 3, 1, gray8))
    write("gray16.pgm", b"P5\n4 3\n65535\n" +
          b"".join(u16_rows(4, 3, 1, lambda x, y, c: gray16(x, y, c))))
    write("rgb8.ppm", b"P6\n3 2\n255\n" + u8_pixels(3, 2, 3, rgb8))
    write("rgb24.bmp", bmp24(3, 2, rgb8))
    write("huge_header.png", huge_header_png())
    write("gradient.jpg", gradient_jpeg())


if __name__ == "__main__":
    main()
