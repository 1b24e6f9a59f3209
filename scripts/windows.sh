#!/usr/bin/env bash
# Builds chuan.exe for Windows and checks it under Wine.
#
#   cargo build --release --target x86_64-pc-windows-gnu      (the one command; linker in
#                                                              .cargo/config.toml)
#
# then, under Wine (Debian's wine64): `chuan.exe check schools\lai-chau-2023.toml` prints
# 26/55 with its Vietnamese intact, its JSON equals the Linux build's, a bad file exits 2, and
# `init --format xlsx` writes a workbook that both builds read alike. Installs what it needs
# (rustup target, gcc-mingw-w64-x86-64, wine64) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=x86_64-pc-windows-gnu

need=()
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 || need+=(wine64)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "== installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
rustup target list --installed | grep -q "^$TARGET\$" || rustup target add "$TARGET"

echo "== cargo build --release --target $TARGET"
cargo build --release --locked --target "$TARGET"
cargo build --release --locked
EXE="target/$TARGET/release/chuan.exe"
LINUX=./target/release/chuan
ls -l "$EXE"

T=target/windows-test
rm -rf "$T" && mkdir -p "$T"
cp "$EXE" "$T/chuan.exe"
x86_64-w64-mingw32-gcc -shared -O2 -o "$T/bcryptprimitives.dll" \
  scripts/windows/bcryptprimitives.c -ladvapi32
WINE=/usr/lib/wine/wine64
[ -x "$WINE" ] || WINE=$(command -v wine64)
export WINEPREFIX="$PWD/target/wineprefix" WINEDEBUG=-all
win() { "$WINE" "$T/chuan.exe" "$@"; }

fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== chuan.exe check schools\\lai-chau-2023.toml"
out=$(win check 'schools\lai-chau-2023.toml')
echo "$out" | head -6
grep -q "KẾT QUẢ: 26/55 chỉ tiêu đạt chuẩn mức 1 — CHƯA ĐẠT" <<<"$out" || fail "no 26/55 in Vietnamese"
grep -q "Trường Chính trị tỉnh Lai Châu" <<<"$out" || fail "Vietnamese name mangled"

echo "== the same JSON as the Linux build (but the file path's separators)"
win check 'schools\lai-chau-2023.toml' --format json > "$T/win.json"
$LINUX check schools/lai-chau-2023.toml --format json > "$T/linux.json"
python3 - "$T/win.json" "$T/linux.json" <<'PY'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
a["school"].pop("file"); b["school"].pop("file")
assert a == b, "Windows and Linux JSON differ"
print("identical:", a["summary"]["level1"]["met"], "/", a["summary"]["total"])
PY

echo "== a bad file exits 2 with its message"
set +e
win check 'tests\fixtures\bad\wrong-type.toml' > /dev/null 2> "$T/bad.txt"
code=$?
set -e
[ "$code" -eq 2 ] || fail "exit $code for a bad file, expected 2"
grep -q "lỗi\[wrong-type\]" "$T/bad.txt" || fail "no wrong-type message"

echo "== chuan.exe init --format xlsx"
win init --format xlsx --dossier-date 2023-11-13 "$T\\mau.xlsx"
[ -s "$T/mau.xlsx" ] || fail "no workbook written"
set +e
win check "$T\\mau.xlsx" > /dev/null 2> "$T/empty.txt"
wcode=$?
$LINUX check "$T/mau.xlsx" > /dev/null 2> "$T/empty-linux.txt"
lcode=$?
set -e
[ "$wcode" -eq 2 ] && [ "$lcode" -eq 2 ] || fail "an empty template should be refused (exit 2)"
grep -q "'Trường'!C2" "$T/empty.txt" || fail "the Windows build does not name the cell"
grep -c "lỗi\[" "$T/empty.txt" > "$T/n-win"; grep -c "lỗi\[" "$T/empty-linux.txt" > "$T/n-linux"
cmp -s "$T/n-win" "$T/n-linux" || fail "the builds read the workbook differently"
echo "Windows build OK: $(du -h "$EXE" | cut -f1) $EXE"
