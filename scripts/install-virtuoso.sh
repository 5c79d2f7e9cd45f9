#!/usr/bin/env bash
# Install Virtuoso Open Source 7.2 (the engine behind DBpedia) for the tests that run kg against a
# second real SPARQL server (tests/store/test_virtuoso.py). Idempotent and non-interactive: does
# nothing when virtuoso-t and isql-vt are installed.
#
# Only virtuoso-opensource-7-bin, the binaries of Debian's virtuoso-opensource: the tests start a
# private instance of their own (temp directory, own virtuoso.ini, loopback ports). The full
# package would add a system instance (/var/lib/virtuoso-opensource-7, ports 1111 and 8890 on
# every interface) that its postinst starts, with a debconf question for the DBA password; left
# blank (the non-interactive path) that instance keeps the default password dba/dba. For a real
# server install virtuoso-opensource and give it a password (see README, "Handing off to a server").
set -euo pipefail

PACKAGES=(virtuoso-opensource-7-bin)

if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then
  echo "virtuoso already installed ($(virtuoso-t -? 2>&1 | grep -m1 -o 'Version [^ ]*' || true))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
# apt-get update only when the package lists do not know the package yet (keeps reruns quick).
if ! apt-cache show "${PACKAGES[@]}" >/dev/null 2>&1; then
  $SUDO apt-get update
fi
$SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"
echo "installed: ${PACKAGES[*]}"
