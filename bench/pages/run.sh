#!/usr/bin/env bash
# Server CPU per request, in microseconds, for three pages of the reporting form, measured with wrk against the
# Release build on 127.0.0.1: the start page (no draft, no token), a question (the draft loaded from SQLite, an
# antiforgery token in the form, the view rendered) and that question's POST (token checked, draft loaded and saved,
# 303). CPU per request moves far less with the machine's load than requests per second do.
# Give it up to two app folders (a before and an after build) and it alternates them, RUNS times each, and prints
# each run and the medians. Installs wrk with apt-get when it is missing. Not a test: figures go in bench/README.md.
#
#   bench/pages/run.sh                                          # builds and measures ClickCeop.Web's Release build
#   bench/pages/run.sh /tmp/before/net10.0 ClickCeop.Web/bin/Release/net10.0
#   RUNS=5 SECONDS_EACH=10 WARM_UP=20 CONNECTIONS=8 bench/pages/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS="${RUNS:-3}"
SECONDS_EACH="${SECONDS_EACH:-8}"
WARM_UP="${WARM_UP:-15}"
CONNECTIONS="${CONNECTIONS:-8}"
TICK_US=$((1000000 / $(getconf CLK_TCK)))

if ! command -v wrk >/dev/null; then
  echo "Installing wrk with apt-get..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  echo "Building Release..."
  dotnet build ClickCeop.Web/ClickCeop.Web.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
  apps=(ClickCeop.Web/bin/Release/net10.0)
fi

work="$(mktemp -d)"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

server_ticks() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }

# One wrk run; prints "<requests> <server µs per request> <non-2xx/3xx responses>".
measure() {
  local before after out requests bad
  before=$(server_ticks)
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" "$@")
  after=$(server_ticks)
  requests=$(echo "$out" | grep -oE '^ *[0-9]+ requests in' | grep -oE '[0-9]+')
  bad=$(echo "$out" | grep -oE 'Non-2xx or 3xx responses: [0-9]+' | grep -oE '[0-9]+$' || echo 0)
  echo "$requests $(( (after - before) * TICK_US / requests )) $bad"
}

# Starts the app in folder $1, walks to the first question and measures the three pages; prints one line of µs.
run_app() {
  local dir="$1" port=$((5400 + RANDOM % 500)) data="$work/$RANDOM" jar token cookies body
  mkdir -p "$data"
  ( cd "$dir" && ASPNETCORE_ENVIRONMENT=Production Data__ConnectionString="Data Source=$data/bench.db" \
      Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port=9 Notifications__DutyOfficers__0=duty.officer@nca.example \
      Notifications__ConsoleBaseUrl=https://console.clickceop.test \
      exec dotnet ClickCeop.Web.dll --urls "http://127.0.0.1:$port" >"$data/app.log" 2>&1 ) &
  app_pid=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base/healthz" >/dev/null || { echo "The app in $dir did not start:" >&2; cat "$data/app.log" >&2; exit 1; }

  # As a browser: start a report, then read the first question's form token; the cookies go on every request.
  jar="$data/cookies"
  curl -fs -o /dev/null -c "$jar" -b "$jar" -d "" "$base/report"
  token=$(curl -fs -c "$jar" -b "$jar" "$base/report/who-are-you" \
    | grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' | head -1 | sed 's/.*value="//; s/"$//')
  [ -n "$token" ] || { echo "No antiforgery token on /report/who-are-you" >&2; exit 1; }
  cookies=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 }')
  body="role=young-person&__RequestVerificationToken=$(printf '%s' "$token" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')"
  printf 'wrk.method = "POST"\nwrk.body = "%s"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\nwrk.headers["Cookie"] = "%s"\n' \
    "$body" "$cookies" >"$data/post.lua"

  # Warm up until the JIT has settled, then measure.
  wrk -t1 -c"$CONNECTIONS" -d"${WARM_UP}s" -H "Cookie: $cookies" "$base/report/who-are-you" >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"${WARM_UP}s" -s "$data/post.lua" "$base/report/who-are-you" >/dev/null
  read -r _ start_us start_bad < <(measure "$base/report")
  read -r _ get_us get_bad < <(measure -H "Cookie: $cookies" "$base/report/who-are-you")
  read -r _ post_us post_bad < <(measure -s "$data/post.lua" "$base/report/who-are-you")
  # A POST answered with anything but its 303 (a refused token) would measure the wrong thing.
  [ "$((start_bad + get_bad + post_bad))" -eq 0 ] || { echo "Error responses while measuring $dir" >&2; exit 1; }
  curl -fs -o /dev/null -w '%{http_code}' -H "Cookie: $cookies" "$base/report/who-are-you" | grep -q 200 \
    || { echo "The question did not answer 200 with the draft's cookie" >&2; exit 1; }
  echo "$start_us $get_us $post_us"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "server CPU per request, µs (GET /report | GET /report/who-are-you | POST /report/who-are-you), $CONNECTIONS connections, ${SECONDS_EACH} s each"
for run in $(seq 1 "$RUNS"); do
  order=("${apps[@]}")
  # Swap the order on even runs, so neither build always runs first.
  if [ ${#apps[@]} -eq 2 ] && [ $((run % 2)) -eq 0 ]; then order=("${apps[1]}" "${apps[0]}"); fi
  for dir in "${order[@]}"; do
    result=$(run_app "$dir")
    echo "run $run  $dir  $result"
    echo "$result" >>"$work/results-$(echo "$dir" | md5sum | cut -c1-8)"
  done
done
for dir in "${apps[@]}"; do
  file="$work/results-$(echo "$dir" | md5sum | cut -c1-8)"
  echo "median  $dir  $(awk '{print $1}' "$file" | median) | $(awk '{print $2}' "$file" | median) | $(awk '{print $3}' "$file" | median) µs"
done
