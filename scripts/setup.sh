#!/usr/bin/env bash
# setup.sh — installs the Debian 12 packages Dendrite needs. Idempotent: it asks dpkg which
# packages are missing and runs apt-get (update + install) only when some are.
#
#   bash scripts/setup.sh              # build, test and run the CLI and desktop app
#   bash scripts/setup.sh --bench      # also the benchmark peers: PyTorch, OpenBLAS (pthread), perf, matplotlib
#   bash scripts/setup.sh --rgb-data   # also python3-skimage, then builds the full RGB crop set in data/rgb-crops
#
# Runs apt-get through sudo when not root. Exits non-zero when anything fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Compiler and build tools; stb, CLI11, zlib, METIS (graph partitions), Google Benchmark;
# clang-14 + its runtime for the ThreadSanitizer and libFuzzer builds; Qt 6 (widgets, charts,
# Quick/QML controls, SVG icons, translations); xvfb/xauth for GUI tests on a headless machine;
# Boost.Math (headers) for the sweep's significance tests; the Fashion-MNIST data set; gnuplot and numpy for plots and the model-file reader; ImageMagick
# for test fixtures. (Debian 12 has no libqt6svg6-dev: the SVG module is qt6-svg-dev.)
BASE_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libstb-dev libcli11-dev zlib1g-dev libmetis-dev libbenchmark-dev libboost-dev
  clang-14 libclang-rt-14-dev
  qt6-base-dev qt6-charts-dev qt6-declarative-dev libqt6quickwidgets6 qt6-svg-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-templates qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qt6-l10n-tools qt6-tools-dev libgl-dev
  xvfb xauth
  dataset-fashion-mnist
  gnuplot-nox python3-numpy imagemagick
)
BENCH_PACKAGES=(python3-torch libopenblas0-pthread linux-perf python3-matplotlib)
RGB_PACKAGES=(python3-skimage)

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

want_bench=0
want_rgb=0
for argument in "$@"; do
  case "$argument" in
    --bench) want_bench=1 ;;
    --rgb-data) want_rgb=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup.sh: unknown option '$argument'" >&2; usage >&2; exit 2 ;;
  esac
done

packages=("${BASE_PACKAGES[@]}")
[[ $want_bench == 1 ]] && packages+=("${BENCH_PACKAGES[@]}")
[[ $want_rgb == 1 ]] && packages+=("${RGB_PACKAGES[@]}")

if ! command -v dpkg-query > /dev/null || ! command -v apt-get > /dev/null; then
  echo "setup.sh: this script needs a Debian system (dpkg-query and apt-get); install by hand:" >&2
  echo "  ${packages[*]}" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2> /dev/null || true)"
  [[ $status == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "setup.sh: all ${#packages[@]} packages are installed"
else
  echo "setup.sh: installing ${#missing[@]} missing package(s): ${missing[*]}"
  sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo > /dev/null || { echo "setup.sh: not root and no sudo; run as root" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [[ $want_rgb == 1 ]]; then
  # Debian's interpreter, where python3-skimage is installed (not a virtualenv or pyenv one).
  python=/usr/bin/python3
  [[ -x $python ]] || python=python3
  "$python" "$ROOT/scripts/make_rgb_crops.py" --output "$ROOT/data/rgb-crops"
fi
