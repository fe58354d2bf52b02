#!/usr/bin/env bash
# Measures GET /widget/v1/button on Kestrel (Release build) against nginx serving the identical bytes from a file.
# Alternates the two, RUNS times each, and prints the median requests/s of each and the ratio ours/nginx.
# Installs wrk and nginx with apt-get when they are missing. Not a test: the figures go in bench/README.md.
# Production refuses to start without an SMTP host, and /healthz is unhealthy without a duty officer; the badge
# sends no mail, so neither is ever reached.
#
#   bench/badge/run.sh                 # 3 runs of 5 s each, 64 connections
#   RUNS=5 DURATION=10s CONNECTIONS=128 bench/badge/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS="${RUNS:-3}"
DURATION="${DURATION:-5s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-1}"
APP_PORT="${APP_PORT:-5391}"
NGINX_PORT="${NGINX_PORT:-5392}"
URL_PATH="/widget/v1/button?partner=example-social"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} with apt-get..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d)"
chmod 755 "$work" # nginx workers run as an unprivileged user and must read the copy
app_pid=""; nginx_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building Release..."
dotnet build ClickCeop.Web/ClickCeop.Web.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null

echo "Starting the app on 127.0.0.1:$APP_PORT..."
# From its own folder, so it reads its own appsettings.json (log levels included) as it does in production.
( cd ClickCeop.Web/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT" \
  Data__ConnectionString="Data Source=$work/bench.db" \
  Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port=9 Notifications__DutyOfficers__0=duty.officer@nca.example \
  Notifications__ConsoleBaseUrl=https://console.clickceop.test \
  exec dotnet ClickCeop.Web.dll >"$work/app.log" 2>&1 ) &
app_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$APP_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$APP_PORT/healthz" >/dev/null || { echo "The app did not start:"; cat "$work/app.log"; exit 1; }

# The peer serves exactly our bytes, with the same headers, as a static file.
mkdir -p "$work/www"
curl -fs "http://127.0.0.1:$APP_PORT$URL_PATH" -o "$work/www/button.html"
csp="$(curl -fsI "http://127.0.0.1:$APP_PORT$URL_PATH" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ss]ecurity-[Pp]olicy: //p')"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server_tokens off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
    location = /widget/v1/button {
      default_type "text/html; charset=utf-8";
      try_files /button.html =404;
      etag on;
      add_header Cache-Control "public, max-age=86400" always;
      add_header Content-Security-Policy "$csp" always;
      add_header X-Content-Type-Options nosniff always;
      add_header Referrer-Policy no-referrer always;
      add_header Cross-Origin-Resource-Policy cross-origin always;
      add_header Cross-Origin-Embedder-Policy require-corp always;
    }
  }
}
CONF
mkdir -p "$work/tmp"
"$NGINX" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' 2>>"$work/nginx-error.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$NGINX_PORT$URL_PATH" -o "$work/nginx-copy.html" 2>/dev/null && break
  sleep 0.1
done
cmp -s "$work/www/button.html" "$work/nginx-copy.html" || { echo "nginx does not serve the same bytes"; cat "$work/nginx-error.log"; exit 1; }

TICK_NS=$((1000000000 / $(getconf CLK_TCK)))
cpu_ticks() { # pids... -> user+system clock ticks used so far by those processes
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done
  echo "$total"
}
rps() { # url pids... -> "requests/s server-CPU-µs-per-request"
  local url=$1; shift
  local before after out
  before=$(cpu_ticks "$@")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$url")
  after=$(cpu_ticks "$@")
  awk -v ticks=$((after - before)) -v tick_ns="$TICK_NS" '
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { n = $1 }
    END { printf "%s %.1f\n", rps, ticks * tick_ns / 1000 / n }' <<<"$out"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ours="http://127.0.0.1:$APP_PORT$URL_PATH"
peer="http://127.0.0.1:$NGINX_PORT$URL_PATH"
# nginx's work is done by its worker processes; count the master too, for fairness.
nginx_pids=("$nginx_pid" $(pgrep -P "$nginx_pid"))
echo "Warming up..."
DURATION=2s rps "$ours" "$app_pid" >/dev/null; DURATION=2s rps "$peer" "${nginx_pids[@]}" >/dev/null

kestrel_runs=(); nginx_runs=(); kestrel_cpu=(); nginx_cpu=()
for i in $(seq 1 "$RUNS"); do
  # Alternate which goes first, so neither always gets the cooler machine.
  if [ $((i % 2)) -eq 1 ]; then
    read -r k kc < <(rps "$ours" "$app_pid"); read -r n nc < <(rps "$peer" "${nginx_pids[@]}")
  else
    read -r n nc < <(rps "$peer" "${nginx_pids[@]}"); read -r k kc < <(rps "$ours" "$app_pid")
  fi
  echo "run $i: kestrel $k req/s ($kc µs CPU each), nginx $n req/s ($nc µs CPU each)"
  kestrel_runs+=("$k"); nginx_runs+=("$n"); kestrel_cpu+=("$kc"); nginx_cpu+=("$nc")
done

k_med=$(printf '%s\n' "${kestrel_runs[@]}" | median)
n_med=$(printf '%s\n' "${nginx_runs[@]}" | median)
kc_med=$(printf '%s\n' "${kestrel_cpu[@]}" | median)
nc_med=$(printf '%s\n' "${nginx_cpu[@]}" | median)
ratio=$(awk -v k="$k_med" -v n="$n_med" 'BEGIN { printf "%.2f", k / n }')
cpu_ratio=$(awk -v k="$kc_med" -v n="$nc_med" 'BEGIN { printf "%.2f", k / n }')
echo "body: $(wc -c <"$work/www/button.html") bytes; $RUNS runs × $DURATION, $CONNECTIONS connections, $THREADS wrk thread(s), $(nproc) cores"
echo "median kestrel: $k_med req/s, $kc_med µs of server CPU per request"
echo "median nginx:   $n_med req/s, $nc_med µs of server CPU per request"
echo "server CPU per request, kestrel/nginx: ${cpu_ratio}x (lower is better)"
echo "ratio kestrel/nginx: ${ratio}x"
