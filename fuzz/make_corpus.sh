#!/usr/bin/env bash
# make_corpus.sh — (re)creates the committed seed corpora in fuzz/corpus/ (small, meaningful
# inputs for each fuzz target). Crash inputs found by fuzzing are added beside the seeds as
# crash-<sha1> and are left alone by this script.
#
#   bash fuzz/make_corpus.sh [path/to/dendrite-cli]     # default: build/bin/dendrite-cli
#
# Needs: a built dendrite-cli (model files are real training runs), ImageMagick's `convert`
# (images), /usr/bin/python3 (IDX files), gzip. Every seed is a few KiB at most, so libFuzzer's
# mutations stay fast.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="${1:-$ROOT/build/bin/dendrite-cli}"
CORPUS="$ROOT/fuzz/corpus"
[[ -x $CLI ]] || { echo "make_corpus.sh: no dendrite-cli at $CLI (build first, or pass its path)" >&2; exit 1; }
command -v convert > /dev/null || { echo "make_corpus.sh: needs ImageMagick's convert" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$CORPUS"/{model_file,model_file_nocrc,config,network_spec,image,idx}
# Seeds are regenerated; crash-* inputs (regressions) stay.
find "$CORPUS" -type f -name 'seed-*' -delete

# --- images -------------------------------------------------------------------------------
img="$CORPUS/image"
for f in "$ROOT"/tests/data/*.{png,jpg,bmp,pgm,ppm}; do cp "$f" "$img/seed-fixture-$(basename "$f")"; done
cp "$ROOT/resources/sample-data/fashion-mnist/image-008.png" "$img/seed-fashion-28x28-gray8.png"
cp "$ROOT/resources/sample-data/rgb-crops/test/crop-00000.png" "$img/seed-crop-32x32-rgb8.png"
src="$WORK/source.png"
convert -seed 7 -size 8x8 plasma:red-blue "$src"
convert "$src" -strip "PNG24:$img/seed-rgb8.png"
convert "$src" -strip -colors 6 "PNG8:$img/seed-palette.png"
convert "$src" -strip -alpha set -channel A -evaluate set 60% +channel "PNG32:$img/seed-rgba8.png"
convert "$src" -strip -colorspace gray -alpha set "$img/seed-gray-alpha8.png"
convert "$src" -strip -interlace PNG "PNG24:$img/seed-interlaced.png"
convert "$src" -strip -colorspace gray -depth 1 "$img/seed-gray1bit.png"
convert "$src" -strip -quality 80 "$img/seed-baseline.jpg"
convert "$src" -strip -interlace JPEG -quality 80 "$img/seed-progressive.jpg"
convert "$src" -strip -colorspace gray "$img/seed-gray.jpg"
convert "$src" -strip -sampling-factor 2x2 "$img/seed-subsampled.jpg"
convert "$src" -strip -colors 8 "BMP3:$img/seed-palette.bmp"
convert "$src" -strip -alpha set "BMP:$img/seed-rgba32.bmp"
convert "$src" -strip -colors 8 "$img/seed-still.gif"
convert -seed 3 -size 8x8 plasma: -seed 4 -size 8x8 plasma: -delay 10 "$img/seed-animated.gif"
convert "$src" -strip "$img/seed-raw.tga"
convert "$src" -strip -compress RLE "$img/seed-rle.tga"
convert "$src" -strip "$img/seed-image.psd"
convert "$src" -strip "$img/seed-image.hdr"
convert "$src" -strip -colorspace gray -depth 16 "$img/seed-gray16.pgm"
convert "$src" -strip -depth 16 "$img/seed-rgb16.ppm"
convert "$src" -strip -depth 8 "$img/seed-rgb8.ppm"
convert "$src" -strip -colorspace gray -depth 16 "PNG:$img/seed-gray16.png"
convert "$src" -strip -depth 16 "PNG48:$img/seed-rgb16.png"
printf 'P5\n# a comment inside the header\n2 2\n15\n\x00\x05\x0a\x0f' > "$img/seed-maxval15.pgm"

# --- IDX ----------------------------------------------------------------------------------
/usr/bin/python3 - "$CORPUS/idx" << 'PY'
import gzip, struct, sys
out = sys.argv[1]
def idx(type_code, dims, payload):
    return bytes([0, 0, type_code, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload
def write(name, data, gz=False):
    if gz:
        data = gzip.compress(data, mtime=0)
    open(f"{out}/seed-{name}", "wb").write(data)
u8 = idx(0x08, [3, 4, 4], bytes((i * 17) % 256 for i in range(48)))
write("u8-3x4x4.idx", u8)
write("u8-3x4x4.idx.gz", u8, gz=True)
write("u8-rgb-2x3x3x3.idx", idx(0x08, [2, 3, 3, 3], bytes(range(54))))
write("u8-rgb-2x3x3x3.idx.gz", idx(0x08, [2, 3, 3, 3], bytes(range(54))), gz=True)
write("labels-u8-5.idx", idx(0x08, [5], bytes([0, 1, 2, 3, 9])))
write("i8-2x2x2.idx", idx(0x09, [2, 2, 2], bytes([0, 127, 128, 255, 1, 2, 3, 4])))
write("i16-2x2x2.idx", idx(0x0B, [2, 2, 2], b"".join(struct.pack(">h", v) for v in [-32768, -1, 0, 1, 2, 3, 32767, 7])))
write("i32-1x2x2.idx", idx(0x0C, [1, 2, 2], b"".join(struct.pack(">i", v) for v in [-2**31, 0, 1, 2**31 - 1])))
write("f32-1x2x2.idx", idx(0x0D, [1, 2, 2], b"".join(struct.pack(">f", v) for v in [0.0, 0.5, 1.0, float("nan")])))
write("f64-1x2x2.idx", idx(0x0E, [1, 2, 2], b"".join(struct.pack(">d", v) for v in [0.0, 0.25, float("inf"), -1.0])))
write("f64-1x2x2.idx.gz", idx(0x0E, [1, 2, 2], b"".join(struct.pack(">d", v) for v in [0.0, 0.25, 0.75, 1.0])), gz=True)
write("empty-0x4x4.idx", idx(0x08, [0, 4, 4], b""))
PY
# A slice of Fashion-MNIST's real test set (first 2 images), when Debian's package is installed.
FASHION=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
if [[ -r $FASHION ]]; then
  /usr/bin/python3 - "$FASHION" "$CORPUS/idx/seed-fashion-2x28x28.idx.gz" << 'PY'
import gzip, struct, sys
data = gzip.open(sys.argv[1]).read()
n, h, w = struct.unpack(">III", data[4:16])
head = data[:4] + struct.pack(">III", 2, h, w) + data[16:16 + 2 * h * w]
open(sys.argv[2], "wb").write(gzip.compress(head, mtime=0))
PY
fi

# --- network specs ------------------------------------------------------------------------
spec="$CORPUS/network_spec"
for preset in dense-ae local-ae rgb-ae; do printf '%s' "$preset" > "$spec/seed-preset-$preset"; done
"$CLI" info --help > /dev/null  # the CLI runs
printf 'input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear' > "$spec/seed-w1-text"
printf 'input 28x28x1 | local 14x14x16 k3 s2 | local 7x7x8 k3 s2 embedding | up 14x14x16 k3 | up 28x28x1 k3 linear' > "$spec/seed-w2-text"
printf 'input 32x32x3 | local 16x16x16 k3 s2 | local 8x8x32 k3 s2 | dense 8x8x1 embedding | dense 8x8x32 | up 16x16x16 k3 | up 32x32x3 k3 linear' > "$spec/seed-w3-text"
cat > "$spec/seed-multiline-comments" << 'SPEC'
# a small local autoencoder, one layer per line
in: input 8x8x1
enc: local 4x4x4 k3 s2      # 4 channels
code: dense 2x2x1 embedding
dec: up 8x8x1 k3 sigmoid
SPEC
printf 'input 6x6 | local 3x3x2 k5 s2 leaky | dense 2x2 | up 6x6x1 k1' > "$spec/seed-two-part-shapes"
printf 'input 4x4x3\r\ndense 1x1x2\r\ndense 4x4x3 linear\r\n' > "$spec/seed-crlf"
printf 'input 5x5x1 | local 5x5x1 k63 s1 | local 1x1x1 k1 s4 | up 5x5x1 k3 | dense 5x5x1 sigmoid' > "$spec/seed-edge-windows"
printf 'input 8x8x1 | dense 2x2x1 | dense 2x2x1 | dense 8x8x1' > "$spec/seed-embedding-tie"
printf 'input 8x8x1 | dens 4x4x1' > "$spec/seed-typo"

# --- config files -------------------------------------------------------------------------
cfg="$CORPUS/config"
cat > "$cfg/seed-every-key.conf" << 'CONF'
# every key, with its default or a typical value
input-directory = data/input
model-directory = data/models
output-directory = data/output
network = dense-ae
impl = layer
epochs = 3
batch-size = 32
learning-rate = 0.001
optimizer = adam
momentum = 0
adam-beta1 = 0.9
adam-beta2 = 0.999
adam-epsilon = 1e-8
leakage = 0.01
init = torch-default
bias-init = 0
seed = 1
threads = 0
channels = 0
resize = false
limit = 0
validation-fraction = 0.1
validation-interval = 0
snapshot-interval = 100
snapshot-keep = 3
iterations = 4
loss-weighting = uniform
CONF
printf 'network=input 8x8x1 | dense 2x2x1 | dense 8x8x1\noptimizer=sgd\nmomentum=0.9\nlearning-rate=1e-2\nresize=yes\n' > "$cfg/seed-sgd-spec.conf"
printf '  # indented comment\r\n\r\ninput-directory=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz\r\ninit=he-uniform\r\nbias-init=-0.5\r\n' > "$cfg/seed-crlf.conf"
printf 'learning-rat=0.1\n' > "$cfg/seed-typo.conf"
printf 'epochs=3\nepochs=4\n' > "$cfg/seed-duplicate.conf"
printf 'batch-size=0\n' > "$cfg/seed-out-of-range.conf"
printf 'input-dir=x\n' > "$cfg/seed-abbreviation.conf"
printf 'no equals sign here\n' > "$cfg/seed-no-equals.conf"

# --- model files: real training runs, one per optimizer state -----------------------------
data="$WORK/gray" rgb="$WORK/rgb"
mkdir -p "$data" "$rgb"
for i in $(seq 1 12); do
  convert -seed "$i" -size 4x4 plasma: -colorspace gray "PNG8:$data/g$i.png"
  convert -seed "$i" -size 2x2 plasma: "PNG24:$rgb/c$i.png"
done
model="$CORPUS/model_file"
train() {  # train NAME INPUT ARGS...
  local name=$1 input=$2
  shift 2
  "$CLI" train --input "$input" --model "$model/seed-$name.dendrite" --output "$WORK/out" \
    --batch-size 4 --validation-fraction 0.25 --threads 1 --quiet "$@" > "$WORK/train.log" 2>&1 ||
    { cat "$WORK/train.log" >&2; exit 1; }
}
train sgd "$data" --network 'input 4x4x1 | dense 2x2x1 | dense 4x4x1' --optimizer sgd --learning-rate 0.05 --epochs 2
train momentum "$data" --network 'input 4x4x1 | dense 2x2x1 | dense 4x4x1' --optimizer sgd --momentum 0.9 --learning-rate 0.01 --epochs 2
train adam-local-up "$data" --network 'input 4x4x1 | enc: local 2x2x2 k3 s2 | code: dense 1x1x2 embedding | up 4x4x1 k3 sigmoid' --optimizer adam --epochs 3 --validation-interval 2
train untrained "$data" --network 'input 4x4x1 | dense 1x1x1 | dense 4x4x1' --epochs 0
train rgb-he "$rgb" --network 'input 2x2x3 | dense 1x1x2 | dense 2x2x3' --channels 3 --init he-uniform --bias-init 0.1 --leakage 0.2 --epochs 2
rm -f "$model"/.*.tmp-* 2> /dev/null || true
# For the checksum-free build: a real model whose CRC is wrong (the checked build refuses it at
# once, the other parses it) and one whose SPEC section claims more bytes than the file holds.
/usr/bin/python3 - "$model/seed-adam-local-up.dendrite" "$CORPUS/model_file_nocrc" << 'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
bad_crc = bytearray(data)
bad_crc[-8:-4] = b"\0\0\0\0"
open(sys.argv[2] + "/seed-wrong-crc.dendrite", "wb").write(bad_crc)
long_spec = bytearray(data)
long_spec[24 + 8:24 + 16] = struct.pack("<Q", len(data))
open(sys.argv[2] + "/seed-spec-too-long.dendrite", "wb").write(long_spec)
PY

echo "make_corpus.sh: seeds per target:"
for dir in "$CORPUS"/*/; do
  printf '  %-18s %3d files, %6d bytes\n' "$(basename "$dir")" "$(find "$dir" -type f | wc -l)" \
    "$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')"
done
