#!/usr/bin/env bash
# Installs readysim's dependencies (Debian 12 packages only) and builds it into build/.
# Run as root from anywhere; safe to run again. Usage: scripts/setup.sh [dev|default|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}

packages=(
  build-essential cmake pkg-config git
  libsimgrid-dev libeigen3-dev libboost-graph-dev libhdf5-dev catch2 libyaml-cpp-dev
  libcli11-dev libfmt-dev librandom123-dev pybind11-dev
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev liblz4-dev libproj-dev libgdal-dev
  python3-dev python3-numpy python3-pandas python3-h5py python3-matplotlib python3-pytest
  python3-networkx python3-gdal
  python3-yaml python3-nbclient python3-nbformat python3-ipykernel
  osmium-tool  # tests only: writes the .osm.pbf that the importer's PBF test reads
  sumo         # tests only: the traffic check against SUMO 1.15 on the district's road graph
  chromium fonts-noto-cjk  # the HTML report's browser test and screenshots; CJK glyphs for zh
  libjs-leaflet libjs-chart.js  # the HTML report's map and charts, vendored into the binary at build time
  libopenmpi-dev openmpi-bin    # replications and sizing studies on MPI ranks (mpirun)
  clang libfuzzer-14-dev        # fuzz targets (libFuzzer) and the sanitizer build
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

# `import readysim` from any directory with Debian's /usr/bin/python3 (and its Jupyter kernel):
# a .pth file in the first site directory it reads names build/python, where the package is
# assembled. Not for asan: an ASan-built _core loads only with libasan preloaded.
if [[ $preset != asan ]]; then
  site=$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])')
  mkdir -p "$site"
  echo "$PWD/build/python" >"$site/readysim.pth"
fi
