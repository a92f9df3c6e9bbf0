#!/usr/bin/env python3
"""Writes the producer sources (ODF, HTML, LaTeX, PostScript) of the PDF fixtures from the plain
texts in texts/, and the expected texts corpus/pdf/NAME.expected from the same plain texts.

A text file is: a title line, then paragraphs separated by blank lines; a short paragraph with
no final period is a heading. The expected text is what a reader sees: title, headings and
paragraphs separated by blank lines, without running headers, footers or page numbers.

Usage: make_sources.py BUILD_DIR CORPUS_DIR  (prints one "name producer source" line per fixture)
"""

import html
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name, text, producer, options
FIXTURES = [
    ("lo-memorandum", "memo-cooperation", "writer", {}),
    ("lo-running-headers", "report-long", "writer",
     {"header": "Ministry of Communications — Annual Review of Rural Delivery", "footer": True,
      "size": "13pt", "spacing": "150%"}),
    ("lo-two-column", "communique-two-column", "writer", {"columns": 2}),
    ("lo-cjk", "cjk-names", "writer", {"cjk": True}),
    ("chromium-news", "news-regional-meeting", "chromium", {}),
    ("chromium-two-column", "communique-two-column", "chromium", {"columns": 2}),
    ("chromium-cjk", "cjk-names", "chromium", {"cjk": True}),
    ("chromium-three-column", "report-long", "chromium", {"columns": 3}),
    ("chromium-encrypted-empty-password", "memo-cooperation", "chromium", {"encrypt": True}),
    ("latex-ligatures-hyphenation", "report-long", "pdflatex",
     {"header": "Annual Review of Rural Delivery", "footer": True}),
    ("latex-two-column", "communique-two-column", "pdflatex", {"columns": 2}),
    ("latex-type3-bitmap-fonts", "memo-cooperation", "pdflatex", {"bitmap": True}),
    ("latex-ot1-accents", "communique-two-column", "pdflatex", {"ot1": True}),
    ("ps2pdf-notice", "ps-notice", "ps2pdf", {"page_number": True}),
    ("ps2pdf-dvips-news", "news-regional-meeting", "dvips", {}),
    ("gs-image-only", "ps-notice", "image", {}),
]


def read_text(name):
    raw = (HERE / "texts" / f"{name}.txt").read_text(encoding="utf-8")
    blocks = [b.strip().replace("\n", " ") for b in raw.strip().split("\n\n")]
    title, paras = blocks[0], blocks[1:]
    return title, [(p, is_heading(p)) for p in paras]


def is_heading(p):
    return len(p) < 60 and not p.endswith(".")


def expected(title, paras, producer):
    if producer == "image":
        return ""
    return "\n\n".join([title] + [p for p, _ in paras]) + "\n"


# ---------------------------------------------------------------- LibreOffice (flat ODT)
def fodt(title, paras, opts):
    font = "Liberation Serif"
    size = opts.get("size", "11pt")
    spacing = opts.get("spacing", "115%")
    header = ""
    if opts.get("header"):
        header = f'<style:header><text:p text:style-name="Furniture">{html.escape(opts["header"])}</text:p></style:header>'
    footer = ""
    if opts.get("footer"):
        footer = ('<style:footer><text:p text:style-name="Furniture">Page '
                  '<text:page-number text:select-page="current">1</text:page-number> of '
                  '<text:page-count>1</text:page-count></text:p></style:footer>')
    body = []
    for p, head in paras:
        style = "Heading" if head else "Body"
        body.append(f'<text:p text:style-name="{style}">{html.escape(p)}</text:p>')
    body = "\n".join(body)
    if opts.get("columns"):
        body = f'<text:section text:style-name="Cols" text:name="Columns">{body}</text:section>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{html.escape(title)}</dc:title><meta:creation-date>2024-03-14T10:00:00</meta:creation-date></office:meta>
<office:font-face-decls>
 <style:font-face style:name="{font}" svg:font-family="'{font}'"/>
 <style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="{spacing}"/>
  <style:text-properties style:font-name="{font}" fo:font-size="{size}" fo:language="en" fo:country="GB"
   style:font-name-asian="Noto Sans CJK SC" style:font-size-asian="{size}"
   style:font-name-complex="{font}"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:text-align="justify"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.5cm"/>
  <style:text-properties fo:font-size="16pt" fo:font-weight="bold" style:font-size-asian="16pt" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Furniture" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm"
   fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
  <style:header-style><style:header-footer-properties fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Cols" style:family="section">
  <style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:section-properties>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">{header}{footer}</style:master-page>
</office:master-styles>
<office:body><office:text>
<text:p text:style-name="Title">{html.escape(title)}</text:p>
{body}
</office:text></office:body>
</office:document>
"""


# ---------------------------------------------------------------- Chromium (HTML)
def page_html(title, paras, opts):
    font = "'Noto Sans CJK SC', sans-serif" if opts.get("cjk") else "'Liberation Serif', serif"
    n = opts.get("columns")
    cols = f"column-count: {n}; column-gap: 1.5em;" if n else ""
    body = []
    for p, head in paras:
        tag = "h2" if head else "p"
        body.append(f"<{tag}>{html.escape(p)}</{tag}>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: {font}; font-size: 11pt; line-height: 1.3; }}
h1 {{ font-size: 17pt; }}
h2 {{ font-size: 13pt; }}
.body {{ text-align: justify; {cols} }}
</style></head>
<body><h1>{html.escape(title)}</h1>
<div class="body">
{chr(10).join(body)}
</div></body></html>
"""


# ---------------------------------------------------------------- LaTeX
def tex_escape(s):
    out = []
    for c in s:
        out.append({
            "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "’": "'", "‘": "`", "“": "``", "”": "''", "—": "---", "–": "--",
        }.get(c, c))
    return "".join(out)


def tex(title, paras, opts, engine):
    two = bool(opts.get("columns"))
    # Default OT1 fonts build accented letters from a letter and a separate accent glyph.
    ot1 = bool(opts.get("ot1"))
    head = [r"\documentclass[%s]{article}"
            % ("10pt,twocolumn" if two else "11pt" if ot1 else "11pt,a5paper")]
    if opts.get("bitmap"):
        # No font map: pdfTeX falls back to METAFONT bitmaps, embedded as Type3 fonts.
        head.insert(0, r"\pdfmapfile{}")
    head.append(r"\usepackage[utf8]{inputenc}")
    if two:
        head.append(r"\usepackage[T1]{fontenc}\usepackage{lmodern}")
    if opts.get("header"):
        head.append(r"\usepackage{fancyhdr}\pagestyle{fancy}\fancyhf{}"
                    r"\renewcommand{\headrulewidth}{0pt}"
                    r"\fancyhead[C]{\small %s}\fancyfoot[C]{\small Page \thepage}"
                    % tex_escape(opts["header"]))
    else:
        head.append(r"\pagestyle{empty}")
    body = [r"\begin{document}"]
    title_block = r"{\Large\bfseries %s\par}\bigskip" % tex_escape(title)
    if two:
        body.append(r"\twocolumn[%s]" % title_block)
    else:
        body.append(r"\thispagestyle{fancy}" if opts.get("header") else r"\thispagestyle{empty}")
        body.append(title_block)
    for p, is_head in paras:
        if is_head:
            body.append(r"\subsection*{%s}" % tex_escape(p))
        else:
            body.append(tex_escape(p) + "\n")
    body.append(r"\end{document}")
    return "\n".join(h for h in head if h) + "\n" + "\n".join(body) + "\n"


# ---------------------------------------------------------------- PostScript by hand
def ps_string(s):
    out = []
    std = {"’": r"\047", "‘": r"\140", "“": r"\252", "”": r"\272", "—": r"\320", "–": r"\261"}
    for c in s:
        if c in "()\\":
            out.append("\\" + c)
        elif c in std:
            out.append(std[c])
        elif ord(c) < 128:
            out.append(c)
        else:
            out.append("?")
    return "".join(out)


def postscript(title, paras, opts):
    lines = ["%!PS-Adobe-3.0", "%%Title: " + ps_string(title), "%%Pages: 1", "%%EndComments",
             "%%Page: 1 1"]
    y = 770
    lines.append("/Times-Bold findfont 15 scalefont setfont")
    for part in textwrap.wrap(title, 60):
        lines.append(f"72 {y} moveto ({ps_string(part)}) show")
        y -= 20
    y -= 10
    lines.append("/Times-Roman findfont 11 scalefont setfont")
    for p, _ in paras:
        for part in textwrap.wrap(p, 88):
            lines.append(f"72 {y} moveto ({ps_string(part)}) show")
            y -= 14
        y -= 10
    if opts.get("page_number"):
        lines.append("/Times-Roman findfont 9 scalefont setfont")
        lines.append("295 40 moveto (1) show")
    lines += ["showpage", "%%EOF"]
    return "\n".join(lines) + "\n"


def main():
    build, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    build.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text, producer, opts in FIXTURES:
        title, paras = read_text(text)
        (corpus / f"{name}.expected").write_text(expected(title, paras, producer), encoding="utf-8")
        if producer == "writer":
            src = build / f"{name}.fodt"
            src.write_text(fodt(title, paras, opts), encoding="utf-8")
        elif producer == "chromium":
            src = build / f"{name}.html"
            src.write_text(page_html(title, paras, opts), encoding="utf-8")
        elif producer in ("pdflatex", "dvips"):
            src = build / f"{name}.tex"
            src.write_text(tex(title, paras, opts, producer), encoding="utf-8")
        else:
            src = build / f"{name}.ps"
            src.write_text(postscript(title, paras, opts), encoding="utf-8")
        flags = ",".join(k for k in opts if k == "encrypt") or "-"
        print(name, producer, src, flags)


if __name__ == "__main__":
    main()
