#!/usr/bin/env bash
# Install mimalloc (Debian libmimalloc2.0), the allocator kg's processes run on when the system
# has it (kg/malloc.py: about a fifth off the store's bulk load and a sixth off its queries).
# Best effort and idempotent: kg works without it, so a machine without apt only gets a note.
set -uo pipefail

PKG=libmimalloc2.0
if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "install ok installed"; then
  echo "$PKG already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no apt-get here; kg runs on the default allocator (install mimalloc for faster builds)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get install -y --no-install-recommends "$PKG" >/dev/null 2>&1 \
   || { $SUDO apt-get update >/dev/null 2>&1 && $SUDO apt-get install -y --no-install-recommends "$PKG" >/dev/null 2>&1; }; then
  echo "installed: $PKG"
else
  echo "note: could not install $PKG; kg runs on the default allocator"
fi
exit 0
