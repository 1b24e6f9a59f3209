#!/usr/bin/env python3
"""Assembles dist/chuan.html: the page, its CSS and JS, and the WebAssembly (gzip, base64)
inlined, so the one file opens from disk with no request of any kind."""
import base64
import gzip
import sys

page, css, js, wasm, out = sys.argv[1:6]
html = open(page, encoding="utf-8").read()
packed = base64.b64encode(gzip.compress(open(wasm, "rb").read(), compresslevel=9, mtime=0)).decode()
script = open(js, encoding="utf-8").read().replace("__CHUAN_WASM__", packed, 1)
for placeholder, text in (("/*CHUAN_CSS*/", open(css, encoding="utf-8").read()), ("/*CHUAN_JS*/", script)):
    if placeholder not in html:
        sys.exit(f"{page}: no {placeholder}")
    html = html.replace(placeholder, text, 1)
# an inlined script must not end its own <script> element early
if script.count("</script") or "</script" in packed:
    sys.exit("the inlined script holds </script")
open(out, "w", encoding="utf-8").write(html)
print(f"{out}: {len(html.encode()) / 1e6:.2f} MB (WebAssembly {len(packed) * 3 / 4 / 1e6:.2f} MB gzip)")
