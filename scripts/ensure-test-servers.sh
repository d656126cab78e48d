#!/usr/bin/env bash
# The integration and end-to-end tests use real servers from Debian's
# packages: PostgreSQL, Prometheus (with promtool) and Chromium; the golden-path
# tests compile the generated Python with python3 (and run the RAG service's
# model clients), and build the generated
# kustomizations with kubectl's kustomize and their TechDocs with MkDocs.
# Installs the missing ones when running as root; otherwise says what to
# install.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# The RAG golden path's model clients run under Debian's Python with its
# httpx and prometheus_client (the packages they import); the generated
# prompt-injection guard reads its settings with PyYAML.
/usr/bin/python3 -c 'import httpx' >/dev/null 2>&1 || missing+=(python3-httpx)
/usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 || missing+=(python3-prometheus-client)
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v mkdocs >/dev/null 2>&1 || missing+=(mkdocs)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing test servers from Debian: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The test suite needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
