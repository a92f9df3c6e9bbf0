#!/usr/bin/env bash
# Scale run: builds the release binary, generates N news-sized documents (default 100000),
# ingests them under /usr/bin/time -v, and prints documents/s, peak RSS, store and index size
# against the raw text size; then times 1,000 mixed searches (one `accord search` process each:
# the cold-start number), the `accord commitments --json` listing, and the same 1,000 queries
# warm inside one process (benches/search.rs in its ACCORD_SCALE_DATA mode).
#
#   benches/scale.sh [N]          e.g. benches/scale.sh 10000
#   SCALE_DIR=/tmp/scale benches/scale.sh 100000   keep the corpus and data there
#
# Uses CARGO_TARGET_DIR if set. Needs GNU time (/usr/bin/time); installs it with apt if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-100000}
QUERIES=${QUERIES:-1000}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=${SCALE_DIR:-$(mktemp -d)}
mkdir -p "$WORK"

echo "== machine"
echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "work dir: $WORK"

echo "== build (release)"
cargo build --release --bin accord --example gen_corpus
BIN="$TARGET/release/accord"
GEN="$TARGET/release/examples/gen_corpus"

if [ ! -x /usr/bin/time ]; then
  apt-get -o DPkg::Lock::Timeout=600 install -y time >/dev/null
fi

echo "== generate $N documents"
rm -rf "$WORK/corpus" "$WORK/data"
"$GEN" --docs "$N" --out "$WORK/corpus" --seed 1 | tee "$WORK/gen.json"
json_field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" "$2" | head -1; }
RAW_BYTES=$(json_field bytes "$WORK/gen.json")
TEXT_BYTES=$(json_field text_bytes "$WORK/gen.json")

echo "== ingest"
/usr/bin/time -v "$BIN" --data "$WORK/data" ingest "$WORK/corpus" --json \
  >"$WORK/ingest.ndjson" 2>"$WORK/ingest.err" || true
SUMMARY=$(grep '^{' "$WORK/ingest.err" | tail -1)
echo "summary: $SUMMARY"
WALL=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/ingest.err")
SECS=$(echo "$WALL" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/ingest.err")
INGESTED=$(json_field ingested <(echo "$SUMMARY"))
STORE=$(du -sb "$WORK/data/store" | cut -f1)
INDEX=$(du -sb "$WORK/data/search" | cut -f1)
awk -v n="$INGESTED" -v s="$SECS" -v rss="$RSS_KB" -v st="$STORE" -v ix="$INDEX" \
    -v raw="$RAW_BYTES" -v txt="$TEXT_BYTES" 'BEGIN {
  printf "ingest: %d documents in %.1f s = %.0f documents/s\n", n, s, n / s
  printf "peak RSS: %.0f MB\n", rss / 1024
  printf "store: %.1f MB, index: %.1f MB, together %.1f MB\n", st/1048576, ix/1048576, (st+ix)/1048576
  printf "raw files: %.1f MB, raw text: %.1f MB; store+index = %.2f x raw text (%.2f x files)\n",
    raw/1048576, txt/1048576, (st+ix)/txt, (st+ix)/raw
}'

echo "== $QUERIES searches, one process each (cold start)"
# A fixed, mixed list: terms, phrases, boolean queries, and filters by party and date range.
queries() {
  local terms=(drone parcel customs EMS returns stamp tracking Mongol truck carbon
               payment guarantee sorting philately Nairobi Wellington hub vans)
  local phrases=('"joint working group"' '"electronic advance data"' '"memorandum of understanding"'
                 '"cross-border e-commerce"' '"quality of service"' '"parcel lane"')
  local bools=('EMS AND guarantee' 'drone OR vans -stamp' '+customs +data' 'title:memorandum'
               '(parcel OR returns) AND lane' 'agreed AND NOT explore')
  local parties=('Korea Post' 'Japan Post' 'Universal Postal Union' 'Pos Malaysia' 'India Post')
  local i
  for ((i = 0; i < QUERIES; i++)); do
    case $((i % 4)) in
      0) printf '%s\n' "${terms[$((i / 4 % ${#terms[@]}))]}" ;;
      1) printf '%s\n' "${phrases[$((i / 4 % ${#phrases[@]}))]}" ;;
      2) printf '%s\n' "${bools[$((i / 4 % ${#bools[@]}))]}" ;;
      3) printf '%s\t--party\t%s\t--from\t%d-01-01\t--to\t%d-12-31\n' \
           "${terms[$((i / 4 % ${#terms[@]}))]}" "${parties[$((i / 4 % ${#parties[@]}))]}" \
           $((2019 + i % 5)) $((2021 + i % 5)) ;;
    esac
  done
}
queries >"$WORK/queries.tsv"
: >"$WORK/search-ms.txt"
HITS=0
while IFS=$'\t' read -r -a q; do
  t0=$(date +%s%N)
  out=$("$BIN" --data "$WORK/data" search "${q[@]}" --json)
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000)) >>"$WORK/search-ms.txt"
  [ "$out" != "[]" ] && HITS=$((HITS + 1))
done <"$WORK/queries.tsv"
sort -n "$WORK/search-ms.txt" | awk -v hits="$HITS" '{ v[NR] = $1 } END {
  printf "cold search (process start + open + query + snippets): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d queries (%d with hits)\n",
    v[int(NR * 0.5)] / 1000, v[int(NR * 0.99)] / 1000, v[NR] / 1000, NR, hits
}'

echo "== commitments --json (process start + open + listing; the default page is 100 rows)"
listing() {
  local name=$1
  shift
  local best=999999999 i t0 t1
  for i in 1 2 3 4 5; do
    t0=$(date +%s%N)
    "$BIN" --data "$WORK/data" commitments --json "$@" >"$WORK/commitments.json" 2>/dev/null
    t1=$(date +%s%N)
    [ $(((t1 - t0) / 1000)) -lt "$best" ] && best=$(((t1 - t0) / 1000))
  done
  printf '%s: best of 5 %.1f ms, %d bytes\n' "$name" "$(echo "$best / 1000" | bc -l)" \
    "$(wc -c <"$WORK/commitments.json")"
}
listing "default page" --as-of 2024-06-30
listing "--overdue" --overdue --as-of 2024-06-30
listing "--due-within 30d" --due-within 30d --as-of 2024-06-30
listing "--party 'Korea Post'" --party "Korea Post" --as-of 2024-06-30
listing "--limit 0 (everything)" --limit 0 --as-of 2024-06-30

echo "== the listing in one process"
ACCORD_SCALE_DATA="$WORK/data" cargo bench --bench commitments 2>/dev/null | grep -v '^$' \
  || echo "(benches/commitments.rs failed)"

echo "== the same queries warm, in one process"
ACCORD_SCALE_DATA="$WORK/data" ACCORD_SCALE_QUERIES="$WORK/queries.tsv" \
  cargo bench --bench search 2>/dev/null | grep -v '^$' || echo "(benches/search.rs failed)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
