#!/usr/bin/env bash
# Install Newscoder's Linux desktop integration (menu entry, icon, file type, AppStream data)
# and, if it has been built, the one-folder bundle.
#   packaging/install-linux.sh [--prefix DIR] [--no-app] [--uninstall]
# --prefix   where to install (default ~/.local; use /usr/local as root for all users)
# --no-app   only the desktop files: `newscoder` is already on PATH (e.g. pip install)
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="$HOME/.local"; with_app=1; uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --no-app) with_app=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    *) echo "usage: $0 [--prefix DIR] [--no-app] [--uninstall]" >&2; exit 2 ;;
  esac
done

ID=org.newscoder.Newscoder
share="$prefix/share"
files=(
  "$share/applications/$ID.desktop"
  "$share/metainfo/$ID.metainfo.xml"
  "$share/mime/packages/$ID.xml"
  "$share/icons/hicolor/scalable/apps/$ID.svg"
)
for png in resources/icons/hicolor/*/apps/$ID.png; do
  files+=("$share/icons/${png#resources/icons/}")
done

refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$share/mime" || true
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "$uninstall" = 1 ]; then
  rm -f "${files[@]}" "$prefix/bin/newscoder"
  rm -rf "$prefix/lib/newscoder"
  refresh
  echo "install-linux.sh: removed Newscoder from $prefix" >&2
  exit 0
fi

install -Dm644 "resources/linux/$ID.desktop" "$share/applications/$ID.desktop"
install -Dm644 "resources/linux/$ID.metainfo.xml" "$share/metainfo/$ID.metainfo.xml"
install -Dm644 "resources/linux/$ID.mime.xml" "$share/mime/packages/$ID.xml"
install -Dm644 "resources/icons/$ID.svg" "$share/icons/hicolor/scalable/apps/$ID.svg"
for png in resources/icons/hicolor/*/apps/$ID.png; do
  install -Dm644 "$png" "$share/icons/${png#resources/icons/}"
done

if [ "$with_app" = 1 ]; then
  [ -x dist/newscoder/newscoder ] || { echo "install-linux.sh: build first (packaging/build.sh), or pass --no-app" >&2; exit 1; }
  rm -rf "$prefix/lib/newscoder"
  mkdir -p "$prefix/lib" "$prefix/bin"
  cp -a dist/newscoder "$prefix/lib/newscoder"
  ln -sfn "$prefix/lib/newscoder/newscoder" "$prefix/bin/newscoder"
  # The menu entry names the installed binary, so it works even if $prefix/bin is not on PATH.
  sed -i "s|^Exec=newscoder |Exec=$prefix/bin/newscoder |; s|^TryExec=newscoder$|TryExec=$prefix/bin/newscoder|" \
    "$share/applications/$ID.desktop"
fi
refresh
echo "install-linux.sh: installed Newscoder into $prefix" >&2
