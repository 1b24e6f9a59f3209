#!/usr/bin/env bash
# The browser page's tests (tests/web/test_page.py): builds dist/chuan.html and the `chuan`
# binary, installs what the tests need when it is missing (Debian's chromium and
# chromium-driver, selenium and pypdf from PyPI, axe-core from the npm registry, pinned and checked),
# then drives the page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
python3 -c "import selenium, pypdf" 2>/dev/null || python3 -m pip install -q selenium pypdf

AXE_VERSION=4.14.1
AXE_SHA512=FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
export AXE_JS=target/web-tools/axe-$AXE_VERSION.min.js
if [ ! -f "$AXE_JS" ]; then
  mkdir -p target/web-tools
  python3 - "$AXE_VERSION" "$AXE_SHA512" "$AXE_JS" <<'PY'
import base64, hashlib, io, sys, tarfile, urllib.request
version, sha512, out = sys.argv[1:4]
url = f"https://registry.npmjs.org/axe-core/-/axe-core-{version}.tgz"
data = urllib.request.urlopen(url, timeout=60).read()
if base64.b64encode(hashlib.sha512(data).digest()).decode() != sha512:
    sys.exit(f"{url}: the checksum does not match the pinned one")
with tarfile.open(fileobj=io.BytesIO(data)) as tar:
    open(out, "wb").write(tar.extractfile("package/axe.min.js").read())
PY
fi

bash scripts/build-web.sh
cargo build --locked --bin chuan
python3 tests/web/test_page.py "$@"
