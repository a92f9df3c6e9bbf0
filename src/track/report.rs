//! The follow-up report at an as-of date: counts by status per working group and per party,
//! overdue items with days late, items due soon, recently completed ones and dormant groups;
//! rendered as Markdown, CSV, JSON and one self-contained HTML file with an inline SVG chart.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::event::Status;
use super::filter::{Filter, Period};
use super::groups::{Activity, GroupRecord};
use super::state::CommitmentState;

/// What goes into a report besides the data and the date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportOptions {
    /// Which commitments to count (default: all but merged ones).
    pub filter: Filter,
    /// "Due soon" means due within this many days (default 30).
    pub due_days: i64,
    /// "Recently completed" means done within this many days before as-of (default 30).
    pub recent_days: i64,
    /// A group not seen for this long is dormant (default 6 months).
    pub dormant_after: Period,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            filter: Filter::default(),
            due_days: 30,
            recent_days: 30,
            dormant_after: Period::Months(6),
        }
    }
}

/// Counts of commitments by status; `overdue` counts the open or in-progress ones past due.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub open: usize,
    pub in_progress: usize,
    pub done: usize,
    pub dropped: usize,
    pub waived: usize,
    pub overdue: usize,
    pub total: usize,
}

impl Counts {
    fn add(&mut self, st: &CommitmentState, as_of: NaiveDate) {
        match st.status {
            Status::Open => self.open += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Done => self.done += 1,
            Status::Dropped => self.dropped += 1,
            Status::Waived => self.waived += 1,
        }
        if st.days_late(as_of).is_some() {
            self.overdue += 1;
        }
        self.total += 1;
    }

    /// The count for one status.
    pub fn of(&self, s: Status) -> usize {
        match s {
            Status::Open => self.open,
            Status::InProgress => self.in_progress,
            Status::Done => self.done,
            Status::Dropped => self.dropped,
            Status::Waived => self.waived,
        }
    }
}

/// One commitment as a report line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub action: String,
    pub by: Vec<String>,
    pub owner: String,
    pub status: Status,
    pub due: Option<NaiveDate>,
    /// Days late (overdue), days left (due soon) or days since done (recently completed).
    pub days: i64,
}

impl Item {
    fn new(st: &CommitmentState, days: i64) -> Item {
        Item {
            id: st.id.clone(),
            action: st.action.clone(),
            by: st.by.clone(),
            owner: st.owner.to_string(),
            status: st.status,
            due: st.due,
            days,
        }
    }
}

/// A working group's line: who, whether active, and the counts of what it carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupLine {
    /// The record's id; empty for a group only named on commitments, with no record.
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
    #[serde(flatten)]
    pub activity: Activity,
    pub counts: Counts,
}

/// A party's line: the counts of the commitments it is among the committing parties of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyLine {
    pub party: String,
    pub counts: Counts,
}

/// A dormant group: not seen since `last_seen`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DormantGroup {
    pub id: String,
    pub name: String,
    pub last_seen: NaiveDate,
    pub days_silent: i64,
}

/// Everything the report says, as data (the JSON rendering is this, serialised).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub as_of: NaiveDate,
    pub due_days: i64,
    pub recent_days: i64,
    pub totals: Counts,
    pub groups: Vec<GroupLine>,
    pub parties: Vec<PartyLine>,
    /// Most days late first.
    pub overdue: Vec<Item>,
    /// Soonest first.
    pub due_soon: Vec<Item>,
    /// Most recent first.
    pub recently_completed: Vec<Item>,
    pub dormant_groups: Vec<DormantGroup>,
}

/// Builds the report of `states` and `groups` at `as_of`.
pub fn report(
    states: &[CommitmentState],
    groups: &[GroupRecord],
    as_of: NaiveDate,
    opts: &ReportOptions,
) -> Report {
    let chosen = opts.filter.apply(states, as_of);
    let mut totals = Counts::default();
    let mut parties: BTreeMap<&str, Counts> = BTreeMap::new();
    let (mut overdue, mut due_soon, mut recent) = (Vec::new(), Vec::new(), Vec::new());
    for st in &chosen {
        totals.add(st, as_of);
        let mut seen: Vec<&str> = Vec::new();
        for p in &st.by {
            if !seen.contains(&p.as_str()) {
                seen.push(p);
                parties.entry(p).or_default().add(st, as_of);
            }
        }
        if let Some(late) = st.days_late(as_of) {
            overdue.push(Item::new(st, late));
        } else if let Some(left) = st.due_soon(as_of, opts.due_days) {
            due_soon.push(Item::new(st, left));
        }
        if let Some(done) = st.done_on() {
            let ago = (as_of - done).num_days();
            if (0..=opts.recent_days).contains(&ago) && st.merged_into.is_none() {
                recent.push((done, Item::new(st, ago)));
            }
        }
    }
    // `chosen` is already in display order: overdue by lateness, then by due date.
    recent.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));

    let mut group_lines = Vec::new();
    let mut dormant = Vec::new();
    for g in groups {
        let mut counts = Counts::default();
        for st in chosen.iter().filter(|s| g.carries(s)) {
            counts.add(st, as_of);
        }
        let activity = g.activity(as_of, opts.dormant_after);
        if let Activity::Dormant {
            last_seen,
            days_silent,
        } = activity
        {
            dormant.push(DormantGroup {
                id: g.id.clone(),
                name: g.name.clone(),
                last_seen,
                days_silent,
            });
        }
        group_lines.push(GroupLine {
            id: g.id.clone(),
            name: g.name.clone(),
            members: g.members.clone(),
            activity,
            counts,
        });
    }
    // Groups named on commitments (by the text or a person) that no record carries still get
    // a line, so nothing assigned to a group drops out of the per-group view.
    let mut unrecorded: BTreeMap<String, (String, Counts)> = BTreeMap::new();
    for st in chosen
        .iter()
        .filter(|s| !groups.iter().any(|g| g.carries(s)))
    {
        let named = match &st.owner {
            super::event::Owner::Group(g) => Some(g),
            _ => st.group.as_ref(),
        };
        if let Some(name) = named.filter(|n| !n.trim().is_empty()) {
            let entry = unrecorded
                .entry(name.trim().to_lowercase())
                .or_insert_with(|| (name.trim().to_string(), Counts::default()));
            entry.1.add(st, as_of);
        }
    }
    for (_, (name, counts)) in unrecorded {
        group_lines.push(GroupLine {
            id: String::new(),
            name,
            members: Vec::new(),
            activity: Activity::Unknown,
            counts,
        });
    }
    dormant.sort_by(|a, b| {
        b.days_silent
            .cmp(&a.days_silent)
            .then_with(|| a.id.cmp(&b.id))
    });

    Report {
        as_of,
        due_days: opts.due_days,
        recent_days: opts.recent_days,
        totals,
        groups: group_lines,
        parties: parties
            .into_iter()
            .map(|(p, counts)| PartyLine {
                party: p.to_string(),
                counts,
            })
            .collect(),
        overdue,
        due_soon,
        recently_completed: recent.into_iter().map(|(_, i)| i).collect(),
        dormant_groups: dormant,
    }
}

fn activity_text(a: &Activity) -> String {
    match a {
        Activity::Active { last_seen } => format!("active (last seen {last_seen})"),
        Activity::Dormant {
            last_seen,
            days_silent,
        } => format!("dormant ({days_silent} days since {last_seen})"),
        Activity::Unknown => "unknown".to_string(),
    }
}

fn due_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// A Markdown table cell: pipes escaped, line breaks flattened, and angle brackets as entities
/// so document text cannot become inline HTML in a Markdown viewer.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\r', '\n'], " ")
}

const COUNT_HEAD: &str = "open | in progress | done | dropped | waived | overdue | total";

fn md_counts(c: &Counts) -> String {
    format!(
        "{} | {} | {} | {} | {} | {} | {}",
        c.open, c.in_progress, c.done, c.dropped, c.waived, c.overdue, c.total
    )
}

fn md_items(out: &mut String, title: &str, days: &str, items: &[Item]) {
    let _ = writeln!(out, "\n## {title} ({})\n", items.len());
    if items.is_empty() {
        out.push_str("None.\n");
        return;
    }
    let _ = writeln!(out, "| id | action | by | owner | status | due | {days} |");
    out.push_str("|---|---|---|---|---|---|---:|\n");
    for i in items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            md(&i.id),
            md(&i.action),
            md(&i.by.join(", ")),
            md(&i.owner),
            i.status,
            due_text(i.due),
            i.days
        );
    }
}

impl Report {
    /// The report as Markdown (GitHub tables).
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Follow-up report as of {}\n", self.as_of);
        let _ = writeln!(out, "| {COUNT_HEAD} |");
        out.push_str("|---:|---:|---:|---:|---:|---:|---:|\n");
        let _ = writeln!(out, "| {} |", md_counts(&self.totals));

        let _ = writeln!(out, "\n## By working group ({})\n", self.groups.len());
        if self.groups.is_empty() {
            out.push_str("None.\n");
        } else {
            let _ = writeln!(out, "| group | members | activity | {COUNT_HEAD} |");
            out.push_str("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for g in &self.groups {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    md(&g.name),
                    md(&g.members.join(", ")),
                    activity_text(&g.activity),
                    md_counts(&g.counts)
                );
            }
        }

        let _ = writeln!(out, "\n## By party ({})\n", self.parties.len());
        if self.parties.is_empty() {
            out.push_str("None.\n");
        } else {
            let _ = writeln!(out, "| party | {COUNT_HEAD} |");
            out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for p in &self.parties {
                let _ = writeln!(out, "| {} | {} |", md(&p.party), md_counts(&p.counts));
            }
        }

        md_items(&mut out, "Overdue", "days late", &self.overdue);
        md_items(
            &mut out,
            &format!("Due in the next {} days", self.due_days),
            "days left",
            &self.due_soon,
        );
        md_items(
            &mut out,
            &format!("Completed in the last {} days", self.recent_days),
            "days ago",
            &self.recently_completed,
        );

        let _ = writeln!(out, "\n## Dormant groups ({})\n", self.dormant_groups.len());
        if self.dormant_groups.is_empty() {
            out.push_str("None.\n");
        }
        for d in &self.dormant_groups {
            let _ = writeln!(
                out,
                "- {} ({}): last seen {}, {} days ago",
                md(&d.name),
                d.id,
                d.last_seen,
                d.days_silent
            );
        }
        out
    }

    /// The report as one CSV table (RFC 4180): one row per count line and per item, with a
    /// `section` column (`total`, `group`, `party`, `overdue`, `due_soon`, `recently_completed`,
    /// `dormant_group`); columns that do not apply to a row are empty. Text that a spreadsheet
    /// would run as a formula is prefixed with `'`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "section,name,id,action,by,owner,status,due,days,open,in_progress,done,dropped,waived,overdue,total\r\n",
        );
        let counts_row = |out: &mut String, section: &str, name: &str, id: &str, c: &Counts| {
            let row = [
                section.to_string(),
                name.to_string(),
                id.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                c.open.to_string(),
                c.in_progress.to_string(),
                c.done.to_string(),
                c.dropped.to_string(),
                c.waived.to_string(),
                c.overdue.to_string(),
                c.total.to_string(),
            ];
            csv_row(out, &row);
        };
        counts_row(&mut out, "total", "", "", &self.totals);
        for g in &self.groups {
            counts_row(&mut out, "group", &g.name, &g.id, &g.counts);
        }
        for p in &self.parties {
            counts_row(&mut out, "party", &p.party, "", &p.counts);
        }
        for (section, items) in [
            ("overdue", &self.overdue),
            ("due_soon", &self.due_soon),
            ("recently_completed", &self.recently_completed),
        ] {
            for i in items {
                let mut row = vec![
                    section.to_string(),
                    String::new(),
                    i.id.clone(),
                    i.action.clone(),
                    i.by.join("; "),
                    i.owner.clone(),
                    i.status.to_string(),
                    i.due.map(|d| d.to_string()).unwrap_or_default(),
                    i.days.to_string(),
                ];
                row.extend(std::iter::repeat_n(String::new(), 7));
                csv_row(&mut out, &row);
            }
        }
        for d in &self.dormant_groups {
            let mut row = vec![
                "dormant_group".to_string(),
                d.name.clone(),
                d.id.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                d.last_seen.to_string(),
                d.days_silent.to_string(),
            ];
            row.extend(std::iter::repeat_n(String::new(), 7));
            csv_row(&mut out, &row);
        }
        out
    }

    /// The report as pretty JSON (the [`Report`] type, serialised).
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The report as one self-contained HTML page: inline CSS, an inline SVG bar chart of the
    /// totals by status, no scripts or external assets; every text is escaped.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let title = format!("Follow-up report as of {}", self.as_of);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
             <style>body{{font-family:sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse;margin:.5em 0 1.5em}}\
             th,td{{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}}td.n{{text-align:right}}\
             th{{background:#f3f3f3}}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            esc(&title),
            esc(&title)
        );
        out.push_str(&status_chart(&self.totals));
        out.push_str(&html_counts_table("Totals", None, &[("all", &self.totals)]));

        let groups: Vec<(String, &Counts)> = self
            .groups
            .iter()
            .map(|g| {
                (
                    format!("{} — {}", g.name, activity_text(&g.activity)),
                    &g.counts,
                )
            })
            .collect();
        let groups: Vec<(&str, &Counts)> = groups.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        out.push_str(&html_counts_table(
            "By working group",
            Some("group"),
            &groups,
        ));
        let parties: Vec<(&str, &Counts)> = self
            .parties
            .iter()
            .map(|p| (p.party.as_str(), &p.counts))
            .collect();
        out.push_str(&html_counts_table("By party", Some("party"), &parties));

        html_items(&mut out, "Overdue", "days late", &self.overdue);
        html_items(
            &mut out,
            &format!("Due in the next {} days", self.due_days),
            "days left",
            &self.due_soon,
        );
        html_items(
            &mut out,
            &format!("Completed in the last {} days", self.recent_days),
            "days ago",
            &self.recently_completed,
        );
        let _ = writeln!(
            out,
            "<h2>Dormant groups ({})</h2>",
            self.dormant_groups.len()
        );
        if self.dormant_groups.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            out.push_str("<ul>\n");
            for d in &self.dormant_groups {
                let _ = writeln!(
                    out,
                    "<li>{} ({}): last seen {}, {} days ago</li>",
                    esc(&d.name),
                    esc(&d.id),
                    d.last_seen,
                    d.days_silent
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
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

/// One CSV field: quoted when needed (RFC 4180), and text that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) prefixed with `'`; numbers are left alone.
fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv_row(out: &mut String, fields: &[String]) {
    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

/// Colours of the status bars; fixed so charts compare across reports.
fn colour(s: Status) -> &'static str {
    match s {
        Status::Open => "#4e79a7",
        Status::InProgress => "#f28e2b",
        Status::Done => "#59a14f",
        Status::Dropped => "#9c9c9c",
        Status::Waived => "#b07aa1",
    }
}

/// A horizontal bar per status (and one for overdue), scaled to the largest count.
fn status_chart(c: &Counts) -> String {
    let rows: Vec<(&str, usize, &str)> = Status::ALL
        .iter()
        .map(|s| (s.as_str(), c.of(*s), colour(*s)))
        .chain(std::iter::once(("overdue", c.overdue, "#e15759")))
        .collect();
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (bar_w, row_h, left) = (300usize, 22usize, 90usize);
    let height = rows.len() * row_h + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" \
         aria-label=\"commitments by status\">\n",
        left + bar_w + 50
    );
    for (i, (name, n, fill)) in rows.iter().enumerate() {
        let y = 5 + i * row_h;
        let w = bar_w * n / max;
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"13\">{name}</text>\
             <rect x=\"{left}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"{fill}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\">{n}</text>",
            y + 15,
            row_h - 6,
            left + w + 5,
            y + 15
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn html_counts_table(title: &str, key: Option<&str>, rows: &[(&str, &Counts)]) -> String {
    let mut out = match key {
        Some(_) => format!("<h2>{} ({})</h2>\n", esc(title), rows.len()),
        None => format!("<h2>{}</h2>\n", esc(title)),
    };
    if rows.is_empty() {
        out.push_str("<p>None.</p>\n");
        return out;
    }
    out.push_str("<table>\n<tr>");
    if let Some(k) = key {
        let _ = write!(out, "<th>{}</th>", esc(k));
    }
    for h in [
        "open",
        "in progress",
        "done",
        "dropped",
        "waived",
        "overdue",
        "total",
    ] {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr>\n");
    for (name, c) in rows {
        out.push_str("<tr>");
        if key.is_some() {
            let _ = write!(out, "<td>{}</td>", esc(name));
        }
        for n in [
            c.open,
            c.in_progress,
            c.done,
            c.dropped,
            c.waived,
            c.overdue,
            c.total,
        ] {
            let _ = write!(out, "<td class=\"n\">{n}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

fn html_items(out: &mut String, title: &str, days: &str, items: &[Item]) {
    let _ = writeln!(out, "<h2>{} ({})</h2>", esc(title), items.len());
    if items.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<table>\n<tr><th>id</th><th>action</th><th>by</th><th>owner</th><th>status</th><th>due</th><th>{}</th></tr>",
        esc(days)
    );
    for i in items {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&i.id),
            esc(&i.action),
            esc(&i.by.join(", ")),
            esc(&i.owner),
            i.status,
            due_text(i.due),
            i.days
        );
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Span, WorkingGroup};
    use crate::track::event::{Event, EventKind};
    use crate::track::groups::Sighting;
    use crate::track::state::fold;
    use crate::track::state::tests::{commitment, day, extracted, user};
    use crate::track::EvidenceRef;

    const NASTY: &str =
        "publish <script>alert(\"x\")</script> & \"quotes\", commas | pipes\nand lines";

    fn state(
        id: &str,
        by: &[&str],
        action: &str,
        due: Option<&str>,
        group: Option<&str>,
        then: Vec<EventKind>,
        on: &str,
    ) -> CommitmentState {
        let mut c = commitment(id, by, action, due);
        c.group = group.map(String::from);
        let mut log: Vec<Event> = vec![extracted(&c, "2024-07-10")];
        log.extend(then.into_iter().map(|k| user(id, on, k)));
        let st = fold(&log).unwrap();
        assert!(st.warnings.is_empty(), "{:?}", st.warnings);
        st
    }

    fn to(s: Status, note: Option<&str>) -> EventKind {
        EventKind::StatusChanged {
            to: s,
            note: note.map(String::from),
        }
    }

    fn fixture() -> (Vec<CommitmentState>, Vec<GroupRecord>) {
        let posts = ["China Post", "Japan Post", "Korea Post"];
        let states = vec![
            state(
                "C-0000000a",
                &["Korea Post"],
                "resume the EMS delivery guarantee service",
                Some("2024-12-31"),
                None,
                vec![],
                "2024-08-01",
            ),
            state(
                "C-0000000b",
                &posts,
                "share air transportation resources",
                Some("2025-01-31"),
                Some("joint working group"),
                vec![to(Status::InProgress, None)],
                "2024-08-01",
            ),
            state(
                "C-0000000c",
                &["Japan Post"],
                "open a theme post office",
                Some("2025-03-01"),
                None,
                vec![to(Status::Done, None)],
                "2025-01-02",
            ),
            state(
                "C-0000000d",
                &["China Post"],
                "link information networks",
                None,
                None,
                vec![to(Status::Done, None)],
                "2024-10-01",
            ),
            state(
                "C-0000000e",
                &["Korea Post", "Korea Post"],
                "issue joint stamps",
                None,
                None,
                vec![to(Status::Dropped, Some("budget"))],
                "2024-09-01",
            ),
            state(
                "C-0000000f",
                &["Korea Post"],
                "resume the EMS service",
                Some("2024-12-31"),
                None,
                vec![EventKind::Merged {
                    into: Some("C-0000000a".into()),
                }],
                "2024-09-01",
            ),
            state(
                "C-0000000g",
                &["Korea Post"],
                NASTY,
                None,
                None,
                vec![],
                "2024-09-01",
            ),
            state(
                "C-0000000h",
                &["UPU"],
                "draft the action plan",
                None,
                Some("Postal Technology Task Force"),
                vec![to(Status::InProgress, None)],
                "2024-09-01",
            ),
        ];
        let founding = DocId("d1".repeat(32));
        let jwg = GroupRecord::from_extracted(
            &founding,
            Some(day("2023-12-01")),
            &WorkingGroup {
                name: "joint working group".into(),
                members: posts.iter().map(|s| s.to_string()).collect(),
                mandate: None,
                established: Some("2023-11-28".parse().unwrap()),
                rule: "r".into(),
                span: Span(0, 1),
            },
        );
        let mut tf = GroupRecord::from_extracted(
            &DocId("e".repeat(64)),
            Some(day("2024-05-01")),
            &WorkingGroup {
                name: "task force <b>".into(),
                members: vec!["Korea Post".into()],
                mandate: None,
                established: None,
                rule: "r".into(),
                span: Span(0, 1),
            },
        );
        tf.add_sighting(Sighting {
            evidence: EvidenceRef {
                doc: DocId("f".repeat(64)),
                span: Span(0, 1),
                sentence: "met".into(),
                published: None,
            },
            date: Some(day("2024-12-01")),
        });
        (states, vec![jwg, tf])
    }

    fn counts(v: [usize; 7]) -> Counts {
        let [open, in_progress, done, dropped, waived, overdue, total] = v;
        Counts {
            open,
            in_progress,
            done,
            dropped,
            waived,
            overdue,
            total,
        }
    }

    #[test]
    fn counts_and_sections() {
        let (states, groups) = fixture();
        let r = report(
            &states,
            &groups,
            day("2025-01-10"),
            &ReportOptions::default(),
        );
        assert_eq!(r.totals, counts([2, 2, 2, 1, 0, 1, 7]));
        let parties: Vec<(&str, Counts)> = r
            .parties
            .iter()
            .map(|p| (p.party.as_str(), p.counts))
            .collect();
        assert_eq!(
            parties,
            vec![
                ("China Post", counts([0, 1, 1, 0, 0, 0, 2])),
                ("Japan Post", counts([0, 1, 1, 0, 0, 0, 2])),
                ("Korea Post", counts([2, 1, 0, 1, 0, 1, 4])),
                ("UPU", counts([0, 1, 0, 0, 0, 0, 1])),
            ]
        );
        let lines: Vec<(&str, &str, Counts)> = r
            .groups
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str(), g.counts))
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    groups[0].id.as_str(),
                    "joint working group",
                    counts([0, 1, 0, 0, 0, 0, 1])
                ),
                (groups[1].id.as_str(), "task force <b>", Counts::default()),
                (
                    "",
                    "Postal Technology Task Force",
                    counts([0, 1, 0, 0, 0, 0, 1])
                ),
            ]
        );
        let ids = |items: &[Item]| -> Vec<(String, i64)> {
            items.iter().map(|i| (i.id.clone(), i.days)).collect()
        };
        assert_eq!(ids(&r.overdue), vec![("C-0000000a".to_string(), 10)]);
        assert_eq!(ids(&r.due_soon), vec![("C-0000000b".to_string(), 21)]);
        assert_eq!(
            ids(&r.recently_completed),
            vec![("C-0000000c".to_string(), 8)]
        );
        assert_eq!(r.dormant_groups.len(), 1);
        assert_eq!(r.dormant_groups[0].name, "joint working group");
        assert_eq!(r.dormant_groups[0].last_seen, day("2023-12-01"));
        assert!(matches!(r.groups[1].activity, Activity::Active { .. }));

        // As of an earlier date the same states read differently: nothing late, the group
        // active (the founding date plus six months is 2024-06-01), the task force unknown.
        let early = report(
            &states,
            &groups,
            day("2024-05-31"),
            &ReportOptions::default(),
        );
        assert!(early.overdue.is_empty() && early.dormant_groups.is_empty());
        assert!(matches!(early.groups[0].activity, Activity::Active { .. }));
        let dormant_day = report(
            &states,
            &groups,
            day("2024-06-02"),
            &ReportOptions::default(),
        );
        assert_eq!(dormant_day.dormant_groups.len(), 1);
        // A filter narrows every section.
        let opts = ReportOptions {
            filter: Filter {
                party: Some("japan".into()),
                ..Filter::default()
            },
            ..ReportOptions::default()
        };
        let japan = report(&states, &groups, day("2025-01-10"), &opts);
        assert_eq!(japan.totals.total, 2);
        assert!(japan.overdue.is_empty());
    }

    /// Splits RFC 4180 CSV into rows of fields.
    fn parse_csv(s: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            match (quoted, c) {
                (true, '"') if it.peek() == Some(&'"') => {
                    it.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        rows
    }

    #[test]
    fn renders_escape_document_text() {
        let (mut states, groups) = fixture();
        // Make the nasty one overdue so it appears in item lists too.
        states[6] = state(
            "C-0000000g",
            &["Korea Post"],
            NASTY,
            Some("2025-01-01"),
            None,
            vec![],
            "2024-09-01",
        );
        let r = report(
            &states,
            &groups,
            day("2025-01-10"),
            &ReportOptions::default(),
        );

        let rows = parse_csv(&r.to_csv());
        assert!(rows.iter().all(|r| r.len() == 16), "{rows:?}");
        assert_eq!(rows[0][0], "section");
        let nasty: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "C-0000000g").collect();
        assert_eq!(nasty.len(), 1);
        assert_eq!(
            nasty[0][3], NASTY,
            "CSV round-trips quotes, commas and newlines"
        );
        assert_eq!(nasty[0][0], "overdue");
        let sections: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            sections,
            [
                "total",
                "group",
                "group",
                "group",
                "party",
                "party",
                "party",
                "party",
                "overdue",
                "overdue",
                "due_soon",
                "recently_completed",
                "dormant_group"
            ]
        );

        for (field, want) in [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-3", "-3"),
            ("plain", "plain"),
        ] {
            assert_eq!(csv_field(field), want, "{field}");
        }

        let md = r.to_markdown();
        assert!(md.contains("commas \\| pipes and lines"), "{md}");
        assert!(
            !md.contains("<script") && !md.contains("<b>"),
            "no inline HTML from documents"
        );
        assert!(
            md.contains("publish &lt;script&gt;") && md.contains("task force &lt;b&gt;"),
            "{md}"
        );
        assert!(md.contains("| C-0000000a | resume the EMS delivery guarantee service | Korea Post | Korea Post | open | 2024-12-31 | 10 |"), "{md}");
        for line in md.lines().filter(|l| l.starts_with("| C-")) {
            let cells = line.replace("\\|", "").matches('|').count();
            assert_eq!(cells, 8, "{line}");
        }

        let html = r.to_html();
        assert!(
            !html.contains("<script") && !html.contains("<b>"),
            "document text is escaped"
        );
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
        assert!(html.contains("task force &lt;b&gt;"));
        for external in ["src=", "href=", "<link", "url(", "@import"] {
            assert!(!html.contains(external), "external asset via {external}");
        }
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains("<rect") && html.trim_end().ends_with("</html>"));

        let back: Report = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(back, r);
    }
}
