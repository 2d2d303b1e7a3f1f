#!/usr/bin/env bash
# build.sh — configures and builds Dendrite in build/ (or $DENDRITE_BUILD_DIR): Release, Ninja
# when present, the desktop app when Qt 6 Widgets is installed. Used by run.sh and test.sh;
# extra arguments go to CMake's configure step (e.g. -DDENDRITE_PORTABLE=ON).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DENDRITE_BUILD_DIR:-$ROOT/build}"

configure=(-S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release)
# The generator can only be chosen when the build folder is new.
if [[ ! -f $BUILD/CMakeCache.txt ]] && command -v ninja > /dev/null; then
  configure+=(-G Ninja)
fi
if compgen -G "/usr/lib/*/cmake/Qt6Widgets/Qt6WidgetsConfig.cmake" > /dev/null; then
  configure+=(-DDENDRITE_GUI=ON)
else
  echo "build.sh: Qt 6 Widgets is not installed; building without the desktop app"
  configure+=(-DDENDRITE_GUI=OFF)
fi

cmake "${configure[@]}" "$@"
cmake --build "$BUILD" -j "$(nproc)"
