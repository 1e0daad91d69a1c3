#!/usr/bin/env bash
# `hp report` in a real browser (issue 14, section 2): Debian's Chromium, headless, opens the report
# of a real study (the multi_objective example: 48 MLPs, two objectives), takes a screenshot, and
# requires no console message (a script error shows as one) and a working sort (the page sorted
# by value through its link `#sort=2` lists the best value first). Installs chromium if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "== report-browser: $*"; }
if ! command -v chromium >/dev/null; then
  say "installing chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
say "$(chromium --version)"
cargo build --quiet --release --example multi_objective -p hp
cargo build --quiet --release -p hp-cli
cargo run --quiet --release --example multi_objective >/dev/null
out=target/report-browser
mkdir -p "$out"
target/release/hp report target/multi-objective-nsga2 -o "$out/report.html" >/dev/null
# Nothing on the page comes from elsewhere: no src or href attribute at all.
if grep -qE '(src|href)=' "$out/report.html"; then
  say "the report refers to other files or the network"; exit 1
fi
browse() { # browse URL DUMP ERR: the DOM after scripts ran, and the browser's log
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0 \
    --virtual-time-budget=3000 --dump-dom "$1" >"$2" 2>"$3"
}
page="file://$PWD/$out/report.html"
browse "$page" "$out/dom.html" "$out/browser.log"
if grep -q "CONSOLE" "$out/browser.log"; then
  say "console messages:"; grep "CONSOLE" "$out/browser.log"; exit 1
fi
grep -q '<table id="trials"' "$out/dom.html" || { say "no trials table in the rendered page"; exit 1; }
browse "$page#sort=2" "$out/sorted.html" "$out/sorted.log"
python3 - "$out/sorted.html" <<'PY'
import re, sys
html = open(sys.argv[1]).read()
body = html[html.index('<table id="trials"'):]
body = body[body.index("<tbody>"):body.index("</tbody>")]
values = [float(v) for v in re.findall(r"<tr><td>\d+</td><td>[^<]*</td><td>([^<]+)</td>", body)]
assert len(values) >= 10, values
assert values == sorted(values), f"not sorted by value: {values[:5]}"
print(f"== report-browser: sorted by value in the browser: {len(values)} rows, best {values[0]}")
PY
timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1500 \
  --screenshot="$PWD/$out/report.png" "$page" 2>/dev/null
test -s "$out/report.png" || { say "no screenshot"; exit 1; }
say "ok: no console message, sorting works, screenshot $out/report.png ($(stat -c %s "$out/report.png") bytes)"
