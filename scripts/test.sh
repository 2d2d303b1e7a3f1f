#!/usr/bin/env bash
# test.sh — the second of the two commands for a fresh Debian 12 machine: installs what is
# missing (setup.sh), builds (build.sh: Release, Ninja, desktop app when Qt Widgets is there)
# and runs every test with CTest, headless. Exits non-zero when anything fails.
#
#   bash scripts/test.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DENDRITE_BUILD_DIR:-$ROOT/build}"

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"

# GUI tests draw offscreen with Qt Quick's software renderer: no display, no GPU.
export QT_QPA_PLATFORM=offscreen
export QT_QUICK_BACKEND=software
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)"
