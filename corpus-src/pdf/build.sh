#!/usr/bin/env bash
# Builds the PDF fixtures of corpus/pdf/ and tests/fixtures/pdf-bad/ from the plain texts in
# corpus-src/pdf/texts/, with four real producers: LibreOffice Writer, Chromium print-to-pdf,
# pdflatex (and latex + dvips), Ghostscript ps2pdf. Idempotent: every run rebuilds the same set.
#
# Installs (Debian): libreoffice-writer-nogui chromium texlive-latex-base ghostscript qpdf
# fonts-noto-cjk fonts-liberation2 poppler-utils (pdftotext, for the comparison in tests/pdf.rs).
# Produces: corpus/pdf/NAME.pdf + NAME.expected for each fixture listed in make_sources.py,
# and tests/fixtures/pdf-bad/{truncated,password,garbage}.pdf.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$root/corpus/pdf"
bad="$root/tests/fixtures/pdf-bad"
build="$here/build"

if [ "${SKIP_INSTALL:-}" != 1 ]; then
  need=()
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdflatex >/dev/null || need+=(texlive-latex-base)
  command -v gs >/dev/null || need+=(ghostscript)
  command -v qpdf >/dev/null || need+=(qpdf)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  [ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get -o DPkg::Lock::Timeout=600 update
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}"
  fi
fi

rm -rf "$build"
mkdir -p "$build" "$corpus" "$bad"
cd "$build"
python3 "$here/make_sources.py" "$build" "$corpus" > fixtures.list

while read -r name producer src flags; do
  out="$build/$name.pdf"
  case "$producer" in
    writer)
      soffice --headless --norestore --convert-to pdf --outdir "$build" "$src" >/dev/null 2>&1
      ;;
    chromium)
      profile="$(mktemp -d)"
      chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
        --print-to-pdf="$out" --no-pdf-header-footer "$src" >/dev/null 2>&1
      rm -rf "$profile"
      ;;
    pdflatex)
      pdflatex -interaction=nonstopmode -halt-on-error "$src" >/dev/null
      ;;
    dvips)
      latex -interaction=nonstopmode -halt-on-error "$src" >/dev/null
      dvips -q -o "$name.ps" "$name.dvi"
      ps2pdf "$name.ps" "$out"
      ;;
    ps2pdf)
      ps2pdf "$src" "$out"
      ;;
    image)
      # A scanned page: the text rendered to a JPEG by Ghostscript, then wrapped in a PDF.
      ps2pdf "$src" "$build/$name.text.pdf"
      gs -q -dNOPAUSE -dBATCH -sDEVICE=jpeggray -r100 -sOutputFile="$build/$name.jpg" "$build/$name.text.pdf"
      viewjpeg="$(ls /usr/share/ghostscript/*/lib/viewjpeg.ps | head -n1)"
      gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite --permit-file-read="$build/" -sOutputFile="$out" "$viewjpeg" \
        -c "($build/$name.jpg) << /PageSize [595 842] >> setpagedevice viewJPEG"
      ;;
  esac
  if [ "$flags" = encrypt ]; then
    qpdf --encrypt "" owner 256 -- "$out" "$corpus/$name.pdf"
  else
    cp "$out" "$corpus/$name.pdf"
  fi
  echo "built $name ($producer)"
done < fixtures.list

# Bad fixtures: they must fail cleanly, so they live outside the corpus.
memo="$corpus/lo-memorandum.pdf"
size=$(stat -c %s "$memo")
head -c $((size * 6 / 10)) "$memo" > "$bad/truncated.pdf"
qpdf --encrypt secret owner 256 -- "$memo" "$bad/password.pdf"
python3 -c "
import random, sys
r = random.Random(20241122)
sys.stdout.buffer.write(b'%PDF-1.7\n' + bytes(r.randrange(256) for _ in range(4096)))
" > "$bad/garbage.pdf"
echo "built bad fixtures"
