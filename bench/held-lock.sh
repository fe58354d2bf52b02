#!/usr/bin/env bash
# Holds SQLite's write lock from another process for 10 s in the middle of bench/load, and asks for the badge every
# 100 ms meanwhile; prints the badge's slowest answers during the lock and otherwise (bench/README.md).
# Needs: the app and bench/load built in Release, python3, curl, ss. Usage: bench/held-lock.sh [path/to/ClickCeop.Web.dll]
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-ClickCeop.Web/bin/Release/net10.0/ClickCeop.Web.dll}
out=$(mktemp -d)
dotnet bench/load/bin/Release/net10.0/Load.Bench.dll --seconds 30 --warm-up 5 --app "$app" > "$out/load.txt" 2>&1 &
load=$!
sleep 14
pid=$(pgrep -f "^dotnet [^ ]*ClickCeop.Web.dll" | head -1)
db=$(tr '\0' '\n' < "/proc/$pid/environ" | grep 'Data__ConnectionString' | sed 's/.*Data Source=//; s/;.*//')
port=$(ss -ltnp | grep "pid=$pid," | awk '{print $4}' | sed 's/.*://' | head -1)
for _ in $(seq 1 200); do
  echo "$(date +%s.%N) $(curl -s -o /dev/null -m 40 -w '%{time_total}' "http://127.0.0.1:$port/widget/v1/button?partner=acme")"
  sleep 0.1
done > "$out/badge.txt" &
probe=$!
sleep 4
from=$(date +%s.%N)
python3 -c "
import sqlite3, time
c = sqlite3.connect('$db', isolation_level=None, timeout=30)
c.execute('BEGIN IMMEDIATE'); time.sleep(10); c.execute('COMMIT')"
to=$(date +%s.%N)
wait $probe; wait $load
awk -v from="$from" -v to="$to" '{ if ($1 >= from - 1 && $1 <= to + 5) { n++; if ($2 > m) m = $2 } else { o++; if ($2 > mo) mo = $2 } }
  END { printf "badge while the lock was held (and 5 s after): %d answers, slowest %.3f s; otherwise: %d answers, slowest %.3f s\n", n, m, o, mo }' "$out/badge.txt"
grep -E "journeys/s|^errors" "$out/load.txt" | head -2
