//! People in record lines rather than prose: signature blocks ("For Thailand Post Company
//! Limited / Pornchai Srisuk / President"), labelled fields ("Name: Dewi Kartika Sari" then
//! "Title: President Director"), rows of attendance tables (name, role and organisation in
//! tab-separated cells), and the role-bearing lines of tables and attendance lists,
//! which the sentence splitter marks as non-prose.

use super::lexicon::ROLES;
use super::tokens::{is_allcaps, Doc, Tok};
use super::{match_role, span_of, Ctx, PeopleBuilder};
use crate::model::Span;

/// Longest non-prose line read for people (a table row or a signature line, not a menu dump).
pub(super) const MAX_LINE: usize = 400;

/// Whether a non-prose line is a record whose organisations are read too: it names a role
/// title, or it opens a signature ("For Fiji Post Limited").
pub(super) fn record_line(text: &Doc, toks: &[Tok]) -> bool {
    let words = toks.iter().filter(|t| t.is_word()).count();
    let caps = toks
        .iter()
        .filter(|t| t.is_word() && is_allcaps(t.text(text)))
        .count();
    let opener = toks
        .first()
        .is_some_and(|t| matches!(&*t.low(text), "for" | "signed"));
    caps * 2 <= words
        && (opener
            || attendance_entry(text, toks)
            || (0..toks.len()).any(|k| match_role(text, toks, k).is_some()))
}

/// "Aino Virtanen, Posti Group Oyj", "Apologies: Jóhann Þórsson (Íslandspóstur ohf.)": a name
/// of two or three title-case words, then a comma or a parenthesis and a capitalised word.
fn attendance_entry(text: &Doc, toks: &[Tok]) -> bool {
    let s = if toks.get(1).is_some_and(|t| t.text(text) == ":") {
        2
    } else {
        0
    };
    let title_case = |t: &Tok| {
        let w = t.text(text);
        t.is_word()
            && w.starts_with(|c: char| c.is_uppercase())
            && w.chars().any(char::is_lowercase)
    };
    let name = toks[s.min(toks.len())..]
        .iter()
        .take_while(|t| title_case(t))
        .count();
    (2..=3).contains(&name)
        && toks
            .get(s + name)
            .is_some_and(|t| matches!(t.text(text), "," | "("))
        && toks.get(s + name + 1).is_some_and(title_case)
}

/// What one line offers to a signature block.
#[derive(Clone, Debug, Default)]
pub(super) struct Line {
    /// The whole line is a name of two to four words.
    name: Option<(Span, String)>,
    /// "Name: X": the labelled name.
    label: Option<(Span, String)>,
    /// The line opens with a role title, or "Title:".
    role_first: bool,
    /// The line opens a signature ("For ...", "Signed for ...", "Witnessed by", "In the
    /// presence of").
    opener: bool,
    /// The organisation the line signs for.
    for_org: Option<String>,
    /// How many "For ..." groups the line holds: two columns of a signature block flattened
    /// into one line ("For India Post For Sri Lanka Post").
    fors: usize,
    /// The words of a whole-line name, to split it by columns.
    words: Vec<Span>,
    /// A table row of a name, a role and an organisation in tab-separated cells.
    row: Option<Row>,
}

/// A person read from a table row: "Meron Alemu Wolde (observer) | Director | Ethiopian Post".
#[derive(Clone, Debug)]
struct Row {
    span: Span,
    name: String,
    role: String,
    org: Option<String>,
}

/// "Meron Alemu Wolde\tDirector, International Postal Services\tEthiopian Post": an attendance
/// table's row, whose first cell is a name (a parenthesis after it allowed) and whose second
/// opens with a role title. A third cell that names an organisation is the affiliation.
fn table_row(c: &Ctx) -> Option<Row> {
    let toks = c.toks;
    let tab_before = |k: usize| {
        Span(toks[k - 1].end, toks[k].start)
            .slice(c.text)
            .contains('\t')
    };
    let mut cells = (1..toks.len()).filter(|&k| tab_before(k));
    let second = cells.next()?;
    let third = cells.next().unwrap_or(toks.len());
    let e = c.name_end(0, 4);
    let paren =
        toks.get(e).is_some_and(|t| t.text(c.text) == "(") && toks[second - 1].text(c.text) == ")";
    // The role cell opens with a known title, or is a short title-case phrase ending in one
    // ("Senior Customs Officer", "Commercial Manager").
    let role_cell = c.role(second).is_some()
        || (third - second <= 8
            && toks[second].text(c.text).starts_with(char::is_uppercase)
            && ROLES.contains(&c.l(third - 1)));
    if e < 2 || !(e == second || paren) || !role_cell {
        return None;
    }
    let span = span_of(toks, 0, e);
    Some(Row {
        span,
        name: super::name_of(c.text, span),
        role: super::name_of(c.text, span_of(toks, second, third)),
        org: (third..toks.len())
            .find_map(|k| c.org(k))
            .map(|i| c.orgs[i].name.clone()),
    })
}

impl Line {
    pub fn of(c: &Ctx) -> Line {
        let n = c.toks.len();
        let mut line = Line::default();
        let e = c.name_end(0, 4);
        if e == n && e >= 2 {
            let span = span_of(c.toks, 0, e);
            line.name = Some((span, super::name_of(c.text, span)));
            line.words = c.toks.iter().map(|t| Span(t.start, t.end)).collect();
        }
        line.fors = (0..n)
            .filter(|&k| c.l(k) == "for" && (k == 0 || c.org(k + 1).is_some()))
            .count();
        if c.l(0) == "name" && c.w(1) == ":" {
            let e = c.name_end(2, 4);
            if e >= 4 && (e == n || !c.toks[e].is_word()) {
                let span = span_of(c.toks, 2, e);
                line.label = Some((span, super::name_of(c.text, span)));
            }
        }
        line.row = table_row(c);
        // "Director of International Business", "Chairman and Chief Executive Officer": a
        // short line that opens with a role title and holds nothing but words.
        let title_line = n <= 8
            && c.toks
                .iter()
                .all(|t| t.is_word() || matches!(t.text(c.text), "," | "&"));
        line.role_first = c
            .role(0)
            .is_some_and(|r| r == n || !c.toks[r].is_word() || title_line)
            || (matches!(c.l(0), "title" | "position" | "designation") && c.w(1) == ":");
        line.opener = matches!(c.l(0), "for" | "signed" | "witnessed")
            || (c.l(0) == "in" && c.l(2) == "presence");
        if matches!(c.l(0), "for" | "signed") {
            line.for_org = (0..n)
                .find_map(|k| c.org(k))
                .map(|i| c.orgs[i].name.clone());
        }
        line
    }
}

/// People named on their own line of a signature block, or in a "Name:" field.
pub(super) fn signature_blocks(text: &Doc, lines: &[Line], out: &mut PeopleBuilder) {
    for (i, l) in lines.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| lines.get(p));
        let next = lines.get(i + 1);
        // The organisation signed for, a line or two above.
        let aff = || {
            (1..=3)
                .filter_map(|d| i.checked_sub(d).and_then(|p| lines.get(p)))
                .find_map(|p| p.for_org.clone())
        };
        if let Some(r) = &l.row {
            out.add(
                r.name.clone(),
                Some(r.role.clone()),
                r.org.clone(),
                "person.table_row",
                r.span,
            );
            continue;
        }
        if let Some((span, name)) = &l.label {
            out.add(name.clone(), None, aff(), "person.label", *span);
            continue;
        }
        if let Some((span, name)) = &l.name {
            let block = next.is_some_and(|x| x.role_first) || prev.is_some_and(|x| x.opener);
            if !block {
                continue;
            }
            // "For India Post For Sri Lanka Post" above "Meera Krishnan Ruwan Jayasinghe":
            // one name per column.
            let cols = prev.map_or(1, |p| p.fors.max(1));
            if cols > 1 && l.words.len() % cols == 0 && l.words.len() / cols >= 2 {
                let per = l.words.len() / cols;
                for w in l.words.chunks(per) {
                    let span = Span(w[0].0, w[w.len() - 1].1);
                    out.add(
                        super::name_of(text, span),
                        None,
                        None,
                        "person.signature",
                        span,
                    );
                }
            } else {
                out.add(name.clone(), None, aff(), "person.signature", *span);
            }
        }
    }
}
