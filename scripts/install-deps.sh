#!/usr/bin/env bash
# Installs the Debian packages Wick needs, if they are missing: OpenBLAS (with CBLAS), LAPACKE and
# zlib, and any extra ones named, such as the data sets that tests and samples read
# (`make deps-data` runs `scripts/install-deps.sh dataset-fashion-mnist`).
# Usage: scripts/install-deps.sh [extra Debian packages...]
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev zlib1g-dev "$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
