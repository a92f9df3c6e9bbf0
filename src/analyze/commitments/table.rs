//! Commitments from action tables: minutes and action plans list their decisions as rows under
//! a header such as "Action | Lead | Deadline" (Markdown pipes, or tabs from DOCX and PDF). Each
//! row is one or more actions (its cell split per coordinated verb), owned by the organisations
//! in the owner column ("Both" and "All" stand for the participants), due by the date in the
//! deadline column.

use super::{lower_first, split_actions, trim, BASE_VERBS};
use crate::analyze::parties::actors::Resolver;
use crate::analyze::parties::tokens::{squash, tokenize, Doc};
use crate::model::{Commitment, DateMention, Span, Strength};

/// Header words of the column that holds the action.
const ACTION_HEADS: &[&str] = &[
    "action",
    "actions",
    "action item",
    "action items",
    "task",
    "tasks",
    "activity",
    "activities",
    "measure",
    "measures",
    "deliverable",
    "deliverables",
    "follow-up action",
];

/// Header words of the column that names who is responsible.
const OWNER_HEADS: &[&str] = &[
    "lead",
    "owner",
    "owners",
    "responsible",
    "responsibility",
    "by",
    "who",
    "party",
    "parties",
    "lead organisation",
    "lead organization",
    "in charge",
    "lead party",
    "responsible party",
];

/// Header words of the column that gives the deadline.
const DUE_HEADS: &[&str] = &[
    "deadline",
    "deadlines",
    "due",
    "due date",
    "by when",
    "timeline",
    "timeframe",
    "time frame",
    "target date",
    "when",
    "timing",
    "date",
];

/// The cells of one table line as trimmed byte spans, split on `|` or tabs; `None` when the line
/// is not a table row.
fn cells(text: &Doc, line: Span) -> Option<Vec<Span>> {
    let s = line.slice(text);
    let sep = if s.contains('|') {
        '|'
    } else if s.contains('\t') {
        '\t'
    } else {
        return None;
    };
    let mut out = Vec::new();
    let mut at = line.0;
    for part in s.split(sep) {
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        out.push(Span(at + lead, at + lead + t.len()));
        at += part.len() + sep.len_utf8();
    }
    // "| a | b |": the empty cells outside the first and last pipe are not columns.
    if sep == '|' {
        if out.first().is_some_and(|c| c.is_empty()) {
            out.remove(0);
        }
        if out.last().is_some_and(|c| c.is_empty()) {
            out.pop();
        }
    }
    (out.len() >= 2).then_some(out)
}

/// Column positions of a header row: (action, owner, deadline).
fn header(text: &Doc, cells: &[Span]) -> Option<(usize, Option<usize>, Option<usize>)> {
    let low: Vec<String> = cells
        .iter()
        .map(|c| {
            c.slice(text)
                .trim_matches(|ch: char| !ch.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let find = |heads: &[&str]| low.iter().position(|c| heads.contains(&c.as_str()));
    let action = find(ACTION_HEADS)?;
    let owner = find(OWNER_HEADS).filter(|&i| i != action);
    let due = find(DUE_HEADS).filter(|&i| i != action);
    (owner.is_some() || due.is_some()).then_some((action, owner, due))
}

/// Who a cell in the owner column names.
fn owners(text: &Doc, res: &Resolver, cell: Span, at: usize) -> Vec<String> {
    let low = cell.slice(text).to_lowercase();
    let first = low.split_whitespace().next().unwrap_or("");
    match first {
        "both" => return res.participants(Some(2), at),
        "all" | "joint" | "jointly" | "everyone" => return res.participants(None, at),
        // "Chair", "Secretary": the organisation of whoever holds that role at the meeting.
        "chair" | "chairperson" | "chairman" | "secretary" => {
            let role = if first == "secretary" {
                "secretary"
            } else {
                "chair"
            };
            return super::credit::role_holder_org(text, res.parties(), role)
                .into_iter()
                .collect();
        }
        _ => {}
    }
    let named = res.orgs_in(cell);
    if !named.is_empty() {
        return named;
    }
    let toks = tokenize(text, cell);
    res.proper_names(&toks, 0, toks.len())
}

/// Commitments listed in action tables.
pub(super) fn table_commitments(
    text: &Doc,
    res: &Resolver,
    dates: &[&DateMention],
) -> Vec<Commitment> {
    let mut out = Vec::new();
    let mut cols: Option<(usize, Option<usize>, Option<usize>)> = None;
    let mut pos = 0;
    // A page break (form feed) ends a line as a line break does.
    for line in text.split_inclusive(['\n', '\u{c}']) {
        let span = Span(
            pos,
            pos + line.trim_end_matches(['\n', '\r', '\u{c}']).len(),
        );
        pos += line.len();
        let Some(cs) = cells(text, span) else {
            cols = None;
            continue;
        };
        if let Some(h) = header(text, &cs) {
            cols = Some(h);
            continue;
        }
        let Some((ac, oc, dc)) = cols else {
            continue;
        };
        let Some(&cell) = cs.get(ac) else {
            continue;
        };
        // "|---|---|": the Markdown rule under the header.
        if cell
            .slice(text)
            .chars()
            .all(|c| matches!(c, '-' | ':' | ' '))
        {
            continue;
        }
        let by = oc
            .and_then(|i| cs.get(i))
            .map(|&c| owners(text, res, c, span.1))
            .unwrap_or_else(|| res.participants(None, span.1));
        if by.is_empty() {
            continue;
        }
        let due_cell = dc.and_then(|i| cs.get(i)).copied();
        // Dates come sorted by start: one binary search per cell keeps big tables linear.
        let due_mention = due_cell.and_then(|c| {
            let i = dates.partition_point(|d| d.span.0 < c.0);
            dates.get(i).filter(|d| c.contains(d.span))
        });
        let due = due_mention
            .and_then(|d| d.until.or(d.value))
            .map(|v| v.last_day());
        let due_text = due_mention.and(due_cell).map(|c| squash(c.slice(text)));
        let toks = tokenize(text, cell);
        if toks.is_empty() {
            continue;
        }
        // An action cell opens with its verb: imperative, so any word but an article, a
        // pronoun or a number ("Map the returns solutions ...").
        let first = toks[0].low(text);
        if !toks[0].is_word()
            || (!BASE_VERBS.contains(&*first)
                && matches!(
                    &*first,
                    "the" | "a" | "an" | "no" | "all" | "each" | "this" | "these" | "we" | "it"
                ))
        {
            continue;
        }
        for (a, b) in split_actions(text, &toks, 0, toks.len()) {
            let (end, _, _) = trim::core_end(text, &toks, a, b);
            if end <= a + 1 {
                continue;
            }
            let aspan = Span(toks[a].start, toks[end - 1].end);
            // Table cells start with a capital: the action reads in lower case like prose.
            let action = lower_first(squash(aspan.slice(text)));
            out.push(Commitment {
                id: String::new(),
                by: by.clone(),
                action,
                due,
                due_text: due_text.clone(),
                strength: Strength::Firm,
                group: None,
                sentence: squash(span.slice(text)),
                rule: "commit.table_row".to_string(),
                span: aspan,
            });
        }
    }
    out
}
