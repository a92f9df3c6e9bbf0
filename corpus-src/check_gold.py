#!/usr/bin/env python3
"""Consistency checks for the hand-written gold files in corpus/gold/ and corpus/heldout/gold/.

It never writes gold: it only reports shape errors and references that do not hold together, so
that a typo in a hand-written file is caught before anyone scores against it. Checks:

- every document in corpus/ has exactly one gold file with the same stem, and the reverse;
- the keys and value shapes follow ANNOTATION.md (dates YYYY, YYYY-MM or YYYY-MM-DD; kinds;
  strengths; `source` and `format` match the file);
- every name in `by`, `parties`, `members` and every `affiliation` is the canonical name of an
  organisation of the same document, and every commitment `group` names a listed working group;
- every organisation name and alias, person name, place, date text and due_text occurs in the
  document's text (case-insensitive, whitespace-normalised; DOCX text from word/document.xml,
  PDF text from pdftotext, HTML with tags stripped).

Usage: python3 corpus-src/check_gold.py        (exit status 1 when a problem is found)
"""

import html
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".docx": "docx", ".pdf": "pdf"}
KINDS = {
    "memorandum_of_understanding", "memorandum_of_cooperation", "agreement",
    "joint_statement", "action_plan", "declaration", "other",
}
STRENGTHS = {"firm", "exploratory", "intent"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TOP_KEYS = [
    "source", "format", "title", "published", "organizations", "people", "places", "dates",
    "agreements", "commitments", "working_groups",
]


def doc_text(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        xml = re.sub(r"</w:p>", "\n", xml)
        raw = html.unescape(re.sub(r"<[^>]+>", "", xml))
    elif path.suffix == ".pdf":
        raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, text=True, check=True).stdout
    elif path.suffix == ".html":
        src = path.read_text(encoding="utf-8")
        src = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", src)
        raw = html.unescape(re.sub(r"<[^>]+>", " ", src))
    else:
        raw = path.read_text(encoding="utf-8")
    return norm(raw)


def norm(s: str) -> str:
    s = s.lower().replace("\u2019", "'")
    s = re.sub(r"\s+", " ", s)
    # pdftotext puts spaces between CJK characters and digits; compare without them there.
    return re.sub(r"(?<=[\u3000-\u9fff\uac00-\ud7af]) (?=[\d\u3000-\u9fff\uac00-\ud7af])|(?<=\d) (?=[\u3000-\u9fff\uac00-\ud7af])", "", s)


def check(doc: Path, gold: dict, problems: list) -> None:
    def bad(msg: str) -> None:
        problems.append(f"{doc.name}: {msg}")

    if list(gold.keys()) != TOP_KEYS:
        bad(f"keys {list(gold.keys())}")
        return
    if gold["source"] != doc.relative_to(ROOT).as_posix():
        bad(f"source {gold['source']}")
    if gold["format"] != FORMATS[doc.suffix]:
        bad(f"format {gold['format']}")
    if gold["published"] is not None and not DAY_RE.match(gold["published"]):
        bad(f"published {gold['published']}")

    text = doc_text(doc)

    def occurs(s: str, what: str) -> None:
        if norm(s) not in text:
            bad(f"{what} not in text: {s!r}")

    orgs = set()
    for o in gold["organizations"]:
        if set(o) != {"name", "aliases"}:
            bad(f"organization keys {o}")
        orgs.add(o["name"])
        for n in [o["name"], *o["aliases"]]:
            occurs(n, "organization")
    groups = {g["name"] for g in gold["working_groups"]}

    def known(names, what):
        for n in names:
            if n not in orgs:
                bad(f"{what} is not a listed organization: {n!r}")

    for p in gold["people"]:
        if set(p) != {"name", "role", "affiliation"}:
            bad(f"person keys {p}")
        occurs(p["name"], "person")
        if p["affiliation"] is not None:
            known([p["affiliation"]], "affiliation")
    for pl in gold["places"]:
        occurs(pl, "place")
    for d in gold["dates"]:
        if not set(d) <= {"text", "value", "until"} or not {"text", "value"} <= set(d):
            bad(f"date keys {d}")
        occurs(d["text"], "date text")
        for k in ("value", "until"):
            v = d.get(k)
            if v is not None and not DATE_RE.match(v):
                bad(f"date {k} {v}")
    for a in gold["agreements"]:
        if set(a) != {"title", "kind", "date", "parties"}:
            bad(f"agreement keys {a}")
        if a["kind"] not in KINDS:
            bad(f"agreement kind {a['kind']}")
        if a["date"] is not None and not DATE_RE.match(a["date"]):
            bad(f"agreement date {a['date']}")
        known(a["parties"], "party")
    for c in gold["commitments"]:
        if set(c) != {"by", "action", "due", "due_text", "strength", "group"}:
            bad(f"commitment keys {c}")
        if not c["by"]:
            bad(f"commitment without by: {c['action']}")
        known(c["by"], "committer")
        if c["due"] is not None and not DAY_RE.match(c["due"]):
            bad(f"due {c['due']}")
        if c["due_text"] is not None:
            occurs(c["due_text"], "due_text")
        if c["strength"] not in STRENGTHS:
            bad(f"strength {c['strength']}")
        if c["group"] is not None and c["group"] not in groups:
            bad(f"group not listed: {c['group']}")
    for g in gold["working_groups"]:
        if set(g) != {"name", "members", "mandate", "established"}:
            bad(f"working group keys {g}")
        occurs(g["name"], "working group")
        known(g["members"], "member")
        if g["established"] is not None and not DATE_RE.match(g["established"]):
            bad(f"established {g['established']}")


def check_set(folder: Path, problems: list) -> int:
    """Checks one set: the documents directly in `folder` against the gold in `folder/gold`."""
    gold_dir = folder / "gold"
    docs = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in FORMATS
                  and p.name != "README.md")
    stems = {}
    for d in docs:
        if d.stem in stems:
            problems.append(f"duplicate stem {d.stem}")
        stems[d.stem] = d
    golds = {g.stem for g in gold_dir.glob("*.json")}
    for s in sorted(golds - stems.keys()):
        problems.append(f"gold without document: {s}.json")
    for s, d in sorted(stems.items()):
        if s not in golds:
            problems.append(f"document without gold: {d.name}")
            continue
        try:
            gold = json.loads((gold_dir / f"{s}.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            problems.append(f"{s}.json: {e}")
            continue
        check(d, gold, problems)
    print(f"{folder.relative_to(ROOT)}: {len(docs)} documents, {len(golds)} gold files")
    return len(docs)


def main() -> int:
    problems = []
    # The development set (corpus/) and the held-out set (corpus/heldout/), checked alike.
    for folder in (CORPUS, CORPUS / "heldout"):
        check_set(folder, problems)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
