#!/usr/bin/env bash
# Installs the Debian packages that Qt (offscreen and under Xvfb), the Graphviz tests
# and the browser tests (Chromium, which mmdc renders Mermaid with, and its driver
# for the page's Selenium tests) need, and a font
# for Chinese, Japanese and Korean text in diagrams and the viewer. As root it uses
# apt-get; otherwise it says what to run.
set -u
pkgs=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core
      fonts-droid-fallback graphviz xvfb chromium chromium-driver)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; install the equivalents of: ${missing[*]}" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing ${missing[*]}" >&2
  echo "system-deps: run 'sudo apt-get install -y ${missing[*]}' (Qt/GUI tests need them)" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
