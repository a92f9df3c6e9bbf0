//! The follow-up report at an as-of date (`accord report`): what is overdue, what is due soon,
//! what is open, what was closed, and how the working groups are doing; as a [`Report`] value
//! (JSON) and rendered as Markdown, self-contained HTML (no external resources) or CSV.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::tracking::{CommitmentRow, FollowUpStatus};
use super::Library;
use crate::error::Result;
use crate::track::{self, Activity, Filter, Period, Status};

/// What a report covers.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    pub as_of: NaiveDate,
    pub party: Option<String>,
    pub group: Option<String>,
    /// "Due soon" means due within this period of the as-of date.
    pub due_soon: Period,
    /// A group not seen for this long is dormant.
    pub dormant_after: Period,
}

/// Counts by status and timing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    pub commitments: usize,
    pub open: usize,
    pub in_progress: usize,
    pub done: usize,
    pub dropped: usize,
    pub waived: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// Active and without a deadline.
    pub undated: usize,
    /// Follow-ups suggested and not yet decided.
    pub pending_followups: usize,
}

/// One working group's line in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupLine {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
    pub activity: Activity,
    pub commitments: usize,
    pub overdue: usize,
}

/// The report at an as-of date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub as_of: NaiveDate,
    pub party: Option<String>,
    pub group: Option<String>,
    pub due_soon_days: i64,
    pub totals: Totals,
    /// Active and past the deadline, most days late first.
    pub overdue: Vec<CommitmentRow>,
    /// Active and due within the due-soon period.
    pub due_soon: Vec<CommitmentRow>,
    /// Other active ones: due later, or undated.
    pub open: Vec<CommitmentRow>,
    /// Done, dropped or waived.
    pub closed: Vec<CommitmentRow>,
    pub groups: Vec<GroupLine>,
}

impl Library {
    /// Builds the report at `opts.as_of`, for one party or group if given.
    pub fn report(&self, opts: &ReportOptions) -> Result<Report> {
        let filter = Filter {
            party: opts.party.clone(),
            group: opts.group.clone(),
            ..Filter::default()
        };
        let rows = self.list_commitments(&filter, opts.as_of)?;
        let soon_days = opts.due_soon.days_from(opts.as_of);
        let mut r = Report {
            as_of: opts.as_of,
            party: opts.party.clone(),
            group: opts.group.clone(),
            due_soon_days: soon_days,
            totals: Totals::default(),
            overdue: Vec::new(),
            due_soon: Vec::new(),
            open: Vec::new(),
            closed: Vec::new(),
            groups: Vec::new(),
        };
        for row in rows {
            let t = &mut r.totals;
            t.commitments += 1;
            match row.status {
                Status::Open => t.open += 1,
                Status::InProgress => t.in_progress += 1,
                Status::Done => t.done += 1,
                Status::Dropped => t.dropped += 1,
                Status::Waived => t.waived += 1,
            }
            if !row.status.is_active() {
                r.closed.push(row);
            } else if row.days_late.is_some() {
                t.overdue += 1;
                r.overdue.push(row);
            } else if row.days_left.is_some_and(|d| d <= soon_days) {
                t.due_soon += 1;
                r.due_soon.push(row);
            } else {
                if row.due.is_none() {
                    t.undated += 1;
                }
                r.open.push(row);
            }
        }
        let ids: std::collections::HashSet<String> = r
            .overdue
            .iter()
            .chain(&r.due_soon)
            .chain(&r.open)
            .chain(&r.closed)
            .map(|x| x.id.clone())
            .collect();
        r.totals.pending_followups = self
            .followups(false)?
            .iter()
            .filter(|f| match &f.target {
                track::Target::Commitment(id) => ids.contains(id),
                track::Target::Group(_) => opts.party.is_none() && opts.group.is_none(),
            })
            .filter(|f| f.status == FollowUpStatus::Suggested)
            .count();
        for g in self.group_views(opts.as_of, opts.dormant_after)? {
            let wanted = opts.group.as_ref().is_none_or(|q| {
                g.record
                    .name
                    .to_lowercase()
                    .contains(&q.trim().to_lowercase())
            }) && opts.party.as_ref().is_none_or(|q| {
                let q = q.trim().to_lowercase();
                g.record
                    .members
                    .iter()
                    .any(|m| m.to_lowercase().contains(&q))
            });
            if !wanted {
                continue;
            }
            r.groups.push(GroupLine {
                overdue: g
                    .commitments
                    .iter()
                    .filter(|c| c.days_late.is_some())
                    .count(),
                commitments: g.commitments.len(),
                id: g.record.id,
                name: g.record.name,
                members: g.record.members,
                activity: g.activity,
            });
        }
        Ok(r)
    }
}

/// A commitment's timing in words at the report's date.
fn timing(r: &CommitmentRow) -> String {
    match (r.days_late, r.days_left) {
        (Some(n), _) => format!("{n} days late"),
        (_, Some(0)) => "due today".into(),
        (_, Some(n)) => format!("in {n} days"),
        _ if r.due.is_none() && r.status.is_active() => "no deadline".into(),
        _ => String::new(),
    }
}

fn activity(a: &Activity) -> String {
    match a {
        Activity::Active { last_seen } => format!("active (last seen {last_seen})"),
        Activity::Dormant {
            last_seen,
            days_silent,
        } => format!("dormant (last seen {last_seen}, {days_silent} days ago)"),
        Activity::Unknown => "unknown".into(),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn scope(r: &Report) -> String {
    let mut s = String::new();
    if let Some(p) = &r.party {
        let _ = write!(s, ", party {p}");
    }
    if let Some(g) = &r.group {
        let _ = write!(s, ", group {g}");
    }
    s
}

/// The sections of commitment tables, in report order.
fn sections(r: &Report) -> [(&'static str, &[CommitmentRow]); 4] {
    [
        ("Overdue", &r.overdue),
        ("Due soon", &r.due_soon),
        ("Open", &r.open),
        ("Closed", &r.closed),
    ]
}

fn md_cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The report as Markdown.
pub fn markdown(r: &Report) -> String {
    let t = &r.totals;
    let mut s = format!("# Follow-up report as of {}{}\n\n", r.as_of, scope(r));
    let _ = writeln!(
        s,
        "{} commitments: {} open, {} in progress, {} done, {} dropped, {} waived. \
         **{} overdue**, {} due within {} days, {} without a deadline; {} follow-ups waiting for a decision.\n",
        t.commitments, t.open, t.in_progress, t.done, t.dropped, t.waived, t.overdue, t.due_soon,
        r.due_soon_days, t.undated, t.pending_followups
    );
    for (title, rows) in sections(r) {
        let _ = writeln!(s, "## {title} ({})\n", rows.len());
        if rows.is_empty() {
            s.push_str("None.\n\n");
            continue;
        }
        s.push_str("| id | status | due | timing | by | action | owner |\n");
        s.push_str("|---|---|---|---|---|---|---|\n");
        for c in rows {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                c.id,
                c.status,
                opt(&c.due),
                timing(c),
                md_cell(&c.by.join(", ")),
                md_cell(&c.action),
                md_cell(&c.owner.to_string())
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Working groups ({})\n", r.groups.len());
    if r.groups.is_empty() {
        s.push_str("None.\n");
    } else {
        s.push_str("| id | name | members | activity | commitments | overdue |\n");
        s.push_str("|---|---|---|---|---|---|\n");
        for g in &r.groups {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                g.id,
                md_cell(&g.name),
                md_cell(&g.members.join(", ")),
                activity(&g.activity),
                g.commitments,
                g.overdue
            );
        }
    }
    s
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The report as one self-contained HTML page: inline style, no scripts, no external resources.
pub fn html(r: &Report) -> String {
    let e = html_escape;
    let t = &r.totals;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Follow-up report as of {}</title>\n<style>\n\
         body{{font-family:system-ui,sans-serif;margin:2em;color:#222}}\n\
         table{{border-collapse:collapse;margin-bottom:1.5em;width:100%}}\n\
         th,td{{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}}\n\
         th{{background:#f3f3f3}}\n.late{{color:#a00;font-weight:bold}}\n\
         </style>\n</head>\n<body>\n<h1>Follow-up report as of {}{}</h1>\n",
        r.as_of,
        r.as_of,
        e(&scope(r))
    );
    let _ = writeln!(
        s,
        "<p>{} commitments: {} open, {} in progress, {} done, {} dropped, {} waived. \
         <strong>{} overdue</strong>, {} due within {} days, {} without a deadline; \
         {} follow-ups waiting for a decision.</p>",
        t.commitments,
        t.open,
        t.in_progress,
        t.done,
        t.dropped,
        t.waived,
        t.overdue,
        t.due_soon,
        r.due_soon_days,
        t.undated,
        t.pending_followups
    );
    for (title, rows) in sections(r) {
        let _ = writeln!(s, "<h2>{title} ({})</h2>", rows.len());
        if rows.is_empty() {
            s.push_str("<p>None.</p>\n");
            continue;
        }
        s.push_str("<table>\n<tr><th>id</th><th>status</th><th>due</th><th>timing</th><th>by</th><th>action</th><th>owner</th></tr>\n");
        for c in rows {
            let class = if c.days_late.is_some() {
                " class=\"late\""
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td{class}>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&c.id),
                c.status,
                opt(&c.due),
                e(&timing(c)),
                e(&c.by.join(", ")),
                e(&c.action),
                e(&c.owner.to_string())
            );
        }
        s.push_str("</table>\n");
    }
    let _ = writeln!(s, "<h2>Working groups ({})</h2>", r.groups.len());
    if r.groups.is_empty() {
        s.push_str("<p>None.</p>\n");
    } else {
        s.push_str("<table>\n<tr><th>id</th><th>name</th><th>members</th><th>activity</th><th>commitments</th><th>overdue</th></tr>\n");
        for g in &r.groups {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&g.id),
                e(&g.name),
                e(&g.members.join(", ")),
                e(&activity(&g.activity)),
                g.commitments,
                g.overdue
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// One CSV field, quoted when it has to be (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The report as CSV: one row per commitment with its section, header first.
pub fn csv(r: &Report) -> String {
    let mut s = String::from(
        "section,id,status,due,days_late,days_left,by,action,owner,group,source,published,status_note\r\n",
    );
    for (title, rows) in sections(r) {
        for c in rows {
            let fields = [
                title.to_lowercase().replace(' ', "_"),
                c.id.clone(),
                c.status.to_string(),
                opt(&c.due),
                opt(&c.days_late),
                opt(&c.days_left),
                c.by.join("; "),
                c.action.clone(),
                c.owner.to_string(),
                opt(&c.group),
                opt(&c.source),
                opt(&c.published),
                opt(&c.status_note),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            s.push_str(&line.join(","));
            s.push_str("\r\n");
        }
    }
    s
}

/// Rows for states (used by tests of the renderers).
#[cfg(test)]
fn sample() -> Report {
    use crate::track::{fold, Actor, Event, EventKind};
    let d = |s: &str| s.parse::<NaiveDate>().expect("date");
    let at = "2025-01-01T00:00:00Z".parse().expect("timestamp");
    let st = fold(&[Event::new(
        "C-00000001",
        at,
        Actor::User("kim".into()),
        EventKind::Added {
            by: vec!["Korea Post".into(), "Japan \"Post\"".into()],
            action: "open a lane, then <report> | review".into(),
            due: Some(d("2025-03-31")),
            strength: crate::model::Strength::Firm,
            group: None,
            note: None,
        },
    )])
    .expect("fold");
    let late = super::tracking::row(&st, d("2025-06-30"), Some("memo, v2.txt".into()));
    Report {
        as_of: d("2025-06-30"),
        party: None,
        group: None,
        due_soon_days: 30,
        totals: Totals {
            commitments: 1,
            open: 1,
            overdue: 1,
            ..Totals::default()
        },
        overdue: vec![late],
        due_soon: Vec::new(),
        open: Vec::new(),
        closed: Vec::new(),
        groups: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderers_escape_what_their_format_needs() {
        let r = sample();
        let md = markdown(&r);
        assert!(md.contains("then <report> \\| review"), "{md}");
        assert!(md.contains("91 days late"), "{md}");
        let h = html(&r);
        assert!(h.contains("then &lt;report&gt; | review"), "{h}");
        assert!(h.contains("Japan &quot;Post&quot;"), "{h}");
        assert!(!h.contains("http"), "self-contained: {h}");
        let c = csv(&r);
        let lines: Vec<&str> = c.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "{c:?}");
        assert!(
            lines[1].starts_with("overdue,C-00000001,open,2025-03-31,91,,"),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].contains("\"Korea Post; Japan \"\"Post\"\"\""),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains("\"memo, v2.txt\""), "{}", lines[1]);
    }
}
