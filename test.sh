#!/usr/bin/env bash
# Runs every test of ClickCeop and ends with one line: "N passed, N failed".
# Installs what the browser tests need (Debian's Chromium) when it is missing.
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests (apt-get)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-liberation >/dev/null \
    || { echo "Could not install Chromium"; echo "0 passed, 1 failed"; exit 1; }
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build ClickCeop.sln -c Release --nologo -v quiet -clp:ErrorsOnly
build=$?
if [ $build -ne 0 ]; then
  echo "Build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test ClickCeop.sln -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

# Count from the TRX report the runner wrote, so the closing line is what really ran.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${e:-0}))
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$((skipped + ${n:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1 # the runner failed without counting a failure (crash, abort): never report that as green
fi
if [ $((passed + failed)) -eq 0 ]; then
  echo "No test ran"
  failed=1
fi

# The app's own log lines fill the console; repeat each failure where the last lines of the output will show it.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  awk '
    /<UnitTestResult / { failing = ($0 ~ /outcome="Failed"/); if (failing) { match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11) }; lines = 0 }
    failing && /<Message>|<StackTrace>/ { show = 1 }
    failing && show && lines < 25 { sub(/^ *<(Message|StackTrace)>/, "  "); print; lines++ }
    failing && /<\/Message>|<\/StackTrace>/ { show = 0 }
    /<\/UnitTestResult>/ { failing = 0; show = 0 }
  ' "$trx" | sed -e 's/<\/Message>//; s/<\/StackTrace>//; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
done

if [ $skipped -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
