#!/usr/bin/env bash
# Build the Linux bundle of MotCua Desk (PyInstaller, installer/motcua.spec) and a tarball;
# optionally install it with its menu entry.
#
#   installer/build_linux.sh                     build dist/MotCuaDesk and the tarball
#   installer/build_linux.sh --install [PREFIX]  build, then install to PREFIX
#   installer/build_linux.sh --no-build --install [PREFIX]   install what dist/ holds
#
# PREFIX defaults to /opt/motcua-desk as root, ~/.local/opt/motcua-desk otherwise. The menu
# entry and icon go to /usr/share (root) or ~/.local/share. The data folder
# (~/.local/share/MotCuaDesk, or $MOTCUA_HOME) is never touched: installing a new version
# over an old one keeps every dossier and backup.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
build=1
install=0
prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --install) install=1; if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then prefix="$2"; shift; fi ;;
    *) echo "usage: $0 [--no-build] [--install [PREFIX]]" >&2; exit 2 ;;
  esac
  shift
done
version="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
bundle="${MOTCUA_BUNDLE:-$ROOT/dist/MotCuaDesk}"

if [ "$build" = 1 ]; then
  [ -f installer/icons/motcua-desk.png ] || "$PYTHON" installer/make_icons.py
  "$PYTHON" -m PyInstaller --noconfirm --clean --distpath "$ROOT/dist" \
    --workpath "$ROOT/build/pyinstaller" installer/motcua.spec
  stage="MotCuaDesk-$version-linux-$(uname -m)"
  rm -rf "dist/$stage"
  mkdir -p "dist/$stage"
  cp -a "$bundle" "dist/$stage/MotCuaDesk"
  cp installer/motcua-desk.desktop installer/icons/motcua-desk.png installer/build_linux.sh "dist/$stage/"
  tar -C dist -czf "dist/$stage.tar.gz" "$stage"
  echo "bundle:  $bundle"
  echo "tarball: $ROOT/dist/$stage.tar.gz"
fi

if [ "$install" = 1 ]; then
  [ -x "$bundle/MotCuaDesk" ] || { echo "no bundle in $bundle: build first" >&2; exit 1; }
  if [ "$(id -u)" = 0 ]; then
    prefix="${prefix:-/opt/motcua-desk}"; share=/usr/share
  else
    prefix="${prefix:-$HOME/.local/opt/motcua-desk}"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
  fi
  # Replace the program as a whole (no stale library of an older version stays behind).
  tmp="$prefix.new.$$"
  rm -rf "$tmp"
  mkdir -p "$(dirname "$prefix")"
  cp -a "$bundle" "$tmp"
  rm -rf "$prefix.old"
  if [ -e "$prefix" ]; then mv "$prefix" "$prefix.old"; fi
  mv "$tmp" "$prefix"
  rm -rf "$prefix.old"
  mkdir -p "$share/applications" "$share/icons/hicolor/256x256/apps"
  icon="$ROOT/installer/icons/motcua-desk.png"
  [ -f "$icon" ] || icon="$(dirname "$0")/motcua-desk.png"
  cp "$icon" "$share/icons/hicolor/256x256/apps/motcua-desk.png"
  desktop="$ROOT/installer/motcua-desk.desktop"
  [ -f "$desktop" ] || desktop="$(dirname "$0")/motcua-desk.desktop"
  sed -e "s|^Exec=.*|Exec=$prefix/MotCuaDesk|" -e "s|^TryExec=.*|TryExec=$prefix/MotCuaDesk|" \
    "$desktop" > "$share/applications/motcua-desk.desktop"
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
  echo "installed: $prefix (menu entry: $share/applications/motcua-desk.desktop)"
fi
