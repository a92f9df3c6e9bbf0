#!/usr/bin/env bash
# Times accord's PDF extraction (release build) against pdftotext on the same files in one run.
# Usage: benches/pdf_vs_pdftotext.sh [ROUNDS] [FILE.pdf...]   (default: 20 rounds over corpus/pdf)
# Uses `accord extract FILE --text` when the binary has it, else the example pdf_text
# (examples/pdf_text.rs). Both tools are run once per file, so process start-up counts for both.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-20}"
shift || true
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$root"/corpus/pdf/*.pdf)
target="${CARGO_TARGET_DIR:-$root/target}"

command -v pdftotext >/dev/null || { echo "pdftotext not installed (apt-get install poppler-utils)"; exit 1; }
(cd "$root" && cargo build --release --quiet ${ACCORD_CARGO_FLAGS:-} --example pdf_text)
(cd "$root" && cargo build --release --quiet ${ACCORD_CARGO_FLAGS:-} --bin accord) || true
use_cli=0
if "$target/release/accord" extract --help 2>/dev/null | grep -q -- "--text"; then use_cli=1; fi

run_accord() {
  if [ "$use_cli" = 1 ]; then "$target/release/accord" extract "$1" --text; else "$target/release/examples/pdf_text" "$1"; fi
}
run_pdftotext() { pdftotext -q -enc UTF-8 "$1" -; }

bytes=0
for f in "${files[@]}"; do bytes=$((bytes + $(stat -c %s "$f"))); done

time_it() { # label, function
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$rounds"); do
    for f in "${files[@]}"; do "$2" "$f" >/dev/null 2>&1 || true; done
  done
  end=$(date +%s.%N)
  python3 -c "
t = $end - $start; n = $rounds * ${#files[@]}; mb = $bytes * $rounds / 1e6
print(f'{\"$1\":<10} {t:8.3f} s  {1000 * t / n:8.2f} ms/file  {mb / t:8.2f} MB/s')"
}

echo "${#files[@]} files, $bytes bytes, $rounds rounds (cli: $use_cli)"
time_it accord run_accord
time_it pdftotext run_pdftotext
