#!/usr/bin/env bash
# Load check for `accord serve`: 50 concurrent clients searching the bundled corpus for 10 s on
# loopback, once through the JSON API and once through the search page; prints throughput and
# p50/p99 latency for each.
#
# Usage: benches/load.sh            (builds target/release/accord first)
#        ACCORD=path/to/accord benches/load.sh
# Needs wrk (Debian: apt-get install -y wrk). Tunables: CLIENTS (50), DURATION (10s), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-50}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}

if ! command -v wrk >/dev/null 2>&1; then
  echo "load.sh: wrk is not installed (apt-get install -y wrk)" >&2
  exit 2
fi
if [ -z "${ACCORD:-}" ]; then
  cargo build --release --locked
  ACCORD=target/release/accord
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$ACCORD" --data "$work/data" ingest corpus/ >/dev/null 2>"$work/ingest.log" || {
  echo "load.sh: ingest failed:" >&2; cat "$work/ingest.log" >&2; exit 1; }

# A free port, chosen by the kernel.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$ACCORD" --data "$work/data" serve --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || {
  echo "load.sh: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

# Each request takes the next query of a fixed list, so the run covers phrases, booleans,
# CJK and filters rather than one cached query.
cat >"$work/queries.lua" <<'LUA'
local queries = {
  "EMS", "%22working%20group%22", "customs%20AND%20data", "guarantee", "%22joint%20statement%22",
  "Korea%20Post", "parcel%20-minutes", "title:memorandum", "%EC%9A%B0%EC%A0%95", "returns",
  "overland%20mail", "exchange%20office", "drone", "%22by%20the%20end%20of%20this%20year%22",
}
local prefix = os.getenv("PREFIX") or "/api/search?q="
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", prefix .. queries[(i % #queries) + 1])
end
LUA

run() {
  local name=$1 prefix=$2
  PREFIX="$prefix" wrk -t"$THREADS" -c"$CLIENTS" -d"$DURATION" --latency -s "$work/queries.lua" \
    "http://127.0.0.1:$port" >"$work/$name.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$work/$name.txt")
  printf '%-12s %8s req/s   p50 %8s   p99 %8s   %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-no errors}"
}

echo "accord serve on 127.0.0.1:$port, $CLIENTS clients, $DURATION each ($(nproc) cores)"
run "api-search" "/api/search?q="
run "page-search" "/?q="
