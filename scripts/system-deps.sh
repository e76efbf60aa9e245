#!/usr/bin/env bash
# System packages the tests need on Debian: a PostgreSQL server (the tests start their own
# throwaway cluster), the libraries Qt loads offscreen, and poppler for PDF checks.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[[ "$(id -u)" == 0 ]] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  postgresql poppler-utils \
  libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 \
  libx11-6 libx11-xcb1 libnss3 >/dev/null
