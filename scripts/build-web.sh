#!/usr/bin/env bash
# Builds dist/chuan.html: the chuan library compiled to WebAssembly (crates/chuan-web) and the
# page (web/), inlined into one file that opens from disk and makes no network request.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
cargo build --locked -p chuan-web --target wasm32-unknown-unknown --profile web
wasm=target/wasm32-unknown-unknown/web/chuan_web.wasm
mkdir -p dist
python3 scripts/web/assemble.py web/index.html web/app.css web/app.js "$wasm" dist/chuan.html
