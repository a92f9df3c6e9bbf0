#!/usr/bin/env bash
# Builds the generated documents of accord's sample corpus (the .docx and .pdf files in corpus/)
# from the hand-written HTML sources kept here in corpus-src/. The sources live outside corpus/
# so that an ingest of corpus/ sees each document once, in its generated form only.
#
#   corpus-src/docx/*.html            -> corpus/*.docx  LibreOffice Writer, "MS Word 2007 XML" filter
#   corpus-src/pdf-libreoffice/*.html -> corpus/*.pdf   LibreOffice Writer, writer_pdf_Export
#   corpus-src/pdf-chromium/*.html    -> corpus/*.pdf   Chromium headless print-to-pdf
#
# Installs (Debian/Ubuntu, only when missing, needs root): libreoffice-writer-nogui, chromium,
# fonts-noto-cjk (the Korean, Chinese and Japanese text needs a CJK font to be embedded).
#
# Idempotent: an output is rebuilt only when it is missing or older than its source, so a second
# run changes nothing. `--force` rebuilds everything. Rebuilt files are not byte-identical to the
# committed ones (PDF /CreationDate and the zip entries of a DOCX carry the build time). For DOCX
# the HTML <meta name="created"> and <meta name="changed"> set the core-properties dates (the
# publication date of the document); a source without them gives a DOCX with no date at all.
# The PDF /CreationDate is always the build time, never the publication date.
# After a fresh clone all files have checkout-time mtimes, so run this only after editing a source
# (or with --force); the committed outputs are the reference the gold was checked against.
#
# Usage: corpus-src/build.sh [--force]      (from any directory)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(cd "$here/../corpus" && pwd)"
force=0
[[ "${1:-}" == "--force" ]] && force=1

need_pkgs=()
command -v soffice >/dev/null 2>&1 || need_pkgs+=(libreoffice-writer-nogui)
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || need_pkgs+=(fonts-noto-cjk)
if ((${#need_pkgs[@]})); then
    echo "installing: ${need_pkgs[*]}"
    apt-get -o DPkg::Lock::Timeout=600 update
    apt-get -o DPkg::Lock::Timeout=600 install -y "${need_pkgs[@]}"
fi

# LibreOffice refuses to start twice on one profile; a private profile also keeps the user's own
# settings out of the output.
lo_profile="$(mktemp -d)"
chrome_profile="$(mktemp -d)"
trap 'rm -rf "$lo_profile" "$chrome_profile"' EXIT

stale() { # stale SRC DST: true when DST must be (re)built
    ((force)) || [[ ! -e "$2" ]] || [[ "$1" -nt "$2" ]]
}

built=0
shopt -s nullglob

for src in "$here"/docx/*.html; do
    dst="$out/$(basename "$src" .html).docx"
    stale "$src" "$dst" || continue
    soffice -env:UserInstallation="file://$lo_profile" --headless \
        --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" \
        --outdir "$out" "$src" >/dev/null
    echo "docx (LibreOffice): corpus/$(basename "$dst")"
    built=$((built + 1))
done

for src in "$here"/pdf-libreoffice/*.html; do
    dst="$out/$(basename "$src" .html).pdf"
    stale "$src" "$dst" || continue
    soffice -env:UserInstallation="file://$lo_profile" --headless \
        --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export \
        --outdir "$out" "$src" >/dev/null
    echo "pdf (LibreOffice): corpus/$(basename "$dst")"
    built=$((built + 1))
done

for src in "$here"/pdf-chromium/*.html; do
    dst="$out/$(basename "$src" .html).pdf"
    stale "$src" "$dst" || continue
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$chrome_profile" --no-pdf-header-footer \
        --print-to-pdf="$dst" "file://$src" 2>/dev/null
    echo "pdf (Chromium): corpus/$(basename "$dst")"
    built=$((built + 1))
done

echo "built $built file(s) into corpus/"
