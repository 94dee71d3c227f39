#!/usr/bin/env bash
# Newscoder developer entry point.
#   ./dev.sh run [ARGS...]   set up (first time only) and launch the app
#   ./dev.sh test [ARGS...]  set up (first time only) and run the tests (no display needed)
#   ./dev.sh setup           only set up: system libraries, .venv, the package
#   ./dev.sh lint            ruff, import-linter (layers, no Qt in core) and mypy (held to .ci/mypy-baseline.txt)
#   ./dev.sh bench [--small] run the benchmarks in tests/perf (not part of the tests)
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
QT_LIBS=(libglib2.0-0 libgl1 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon0 fonts-dejavu-core)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "dev.sh: need root to run: $*" >&2; return 1; fi
}

need_apt() {
  # Packages from the list that are not installed yet.
  local missing=()
  command -v dpkg-query >/dev/null || return 0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

apt_install() {
  local missing
  missing=$(need_apt "$@")
  [ -z "$missing" ] && return 0
  command -v apt-get >/dev/null || { echo "dev.sh: please install: $missing" >&2; return 0; }
  echo "dev.sh: installing system packages: $missing" >&2
  as_root apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

python_ok() {
  "$1" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null
}

setup() {
  local py=${PYTHON:-python3}
  python_ok "$py" || { echo "dev.sh: Newscoder needs Python 3.11 or newer ($py is older or missing)" >&2; exit 1; }
  apt_install "${QT_LIBS[@]}"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$py" -m venv --help >/dev/null 2>&1 || ! "$py" -c 'import ensurepip' 2>/dev/null; then
      local ver
      ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt_install "python${ver}-venv" || apt_install python3-venv
    fi
    "$py" -m venv "$VENV"
  fi
  local stamp="$VENV/.newscoder-installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e '.[test,lint]'
    touch "$stamp"
  fi
}

run_tests() {
  local rc=0
  "$VENV/bin/python" -m pytest "$@" || rc=$?
  if [ "$rc" = 5 ]; then echo "dev.sh: no tests were collected" >&2; exit 1; fi
  exit "$rc"
}

run_lint() {
  local rc=0
  echo "== ruff"; "$VENV/bin/ruff" check desktop tests scripts .ci || rc=1
  echo "== import-linter"; "$VENV/bin/lint-imports" --no-cache || rc=1
  echo "== mypy"; "$VENV/bin/python" .ci/mypy_baseline.py || rc=1
  exit "$rc"
}

cmd=${1:-run}
shift || true
case "$cmd" in
  setup) setup ;;
  run) setup; exec "$VENV/bin/newscoder" "$@" ;;
  test) setup; run_tests "$@" ;;
  lint) setup; run_lint ;;
  bench) setup; exec "$VENV/bin/python" -m tests.perf.run_all "$@" ;;
  *) echo "usage: ./dev.sh [run|test|setup|lint|bench] [ARGS...]" >&2; exit 2 ;;
esac
