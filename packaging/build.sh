#!/usr/bin/env bash
# Build the one-folder Linux bundle: dist/newscoder/newscoder.
#   packaging/build.sh            uses the project's .venv (made by ./dev.sh setup)
#   PYTHON=/path/python packaging/build.sh   uses that interpreter's environment instead
# Then: .venv/bin/python -m pytest tests/packaging   (the bundle smoke test)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${PYTHON:-}" ]; then
  py=$PYTHON
else
  [ -x .venv/bin/python ] || ./dev.sh setup
  py=.venv/bin/python
fi

"$py" -c 'import PyInstaller' 2>/dev/null || "$py" -m pip install -q 'pyinstaller>=6.5'
"$py" -c 'import newscoder' 2>/dev/null || "$py" -m pip install -q -e .

start=$(date +%s)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/newscoder.spec
end=$(date +%s)

size=$(du -sh dist/newscoder | cut -f1)
echo "build.sh: dist/newscoder/newscoder built in $((end - start)) s ($size)" >&2
dist/newscoder/newscoder --version
