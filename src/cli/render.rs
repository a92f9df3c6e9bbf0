//! Human-readable text for each command's results. JSON output does not pass through here.

use std::fmt::Write;

use accord::catalog::{PartyEntry, Sourced};
use accord::ingest::{FileOutcome, Status, Summary};
use accord::library::CheckReport;
use accord::search::Hit;
use accord::{Agreement, Commitment, Facts, WorkingGroup};

/// One line per ingested file.
pub fn outcome(o: &FileOutcome) -> String {
    match o.status {
        Status::Ingested => {
            let mut line = format!(
                "ingested   {}  {}  ({} orgs, {} people, {} commitments, {} groups)",
                o.id.as_ref().map(|i| i.short()).unwrap_or(""),
                o.path,
                o.organizations,
                o.people,
                o.commitments,
                o.working_groups
            );
            for w in &o.warnings {
                let _ = write!(line, "\n  warning: {w}");
            }
            line
        }
        Status::Unchanged => format!(
            "unchanged  {}  {}",
            o.id.as_ref().map(|i| i.short()).unwrap_or(""),
            o.path
        ),
        Status::Failed => format!(
            "failed     {}: {}",
            o.path,
            o.reason.as_deref().unwrap_or("unknown reason")
        ),
    }
}

/// The closing summary of an ingest run.
pub fn summary(s: &Summary) -> String {
    let mut line = format!(
        "{} ingested, {} unchanged, {} failed in {:.2} s; found {} organisations, {} people, {} commitments, {} working groups",
        s.ingested, s.unchanged, s.failed, s.seconds, s.organizations, s.people, s.commitments, s.working_groups
    );
    if !s.failures.is_empty() {
        let by_kind: Vec<String> = s
            .failures
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        let _ = write!(line, "\nfailures by kind: {}", by_kind.join(", "));
    }
    line
}

/// Converts the index's HTML snippet (`<b>` marks matches) to terminal text.
fn snippet(html: &str, tty: bool) -> String {
    let (on, off) = if tty {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    html.replace("<b>", on)
        .replace("</b>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Ranked search hits.
pub fn hits(hits: &[Hit], tty: bool) -> String {
    if hits.is_empty() {
        return "no matching documents\n".to_string();
    }
    let mut s = String::new();
    for (i, h) in hits.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. {}  [{}]  {}\n   {}  {}\n",
            i + 1,
            h.title.as_deref().unwrap_or("(untitled)"),
            h.published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into()),
            h.id.short(),
            h.source,
            snippet(&h.snippet, tty)
        );
    }
    s
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "-".into())
}

/// One document with its facts.
pub fn facts(f: &Facts) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", f.title.as_deref().unwrap_or("(untitled)"));
    let _ = writeln!(s, "id:        {}", f.id);
    let _ = writeln!(s, "source:    {}  ({})", f.source, f.format);
    let _ = writeln!(s, "published: {}", opt(&f.published));
    for w in &f.warnings {
        let _ = writeln!(s, "warning:   {w}");
    }
    let _ = writeln!(s, "\nOrganisations");
    for o in &f.organizations {
        let aliases = if o.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also: {})", o.aliases.join(", "))
        };
        let _ = writeln!(s, "  {}{aliases}", o.name);
    }
    let _ = writeln!(s, "\nPeople");
    for p in &f.people {
        let _ = writeln!(s, "  {}  {}  {}", p.name, opt(&p.role), opt(&p.affiliation));
    }
    if !f.places.is_empty() {
        let places: Vec<&str> = f.places.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(s, "\nPlaces: {}", places.join(", "));
    }
    let _ = writeln!(s, "\nDates");
    for d in &f.dates {
        let until = d.until.map(|u| format!(" .. {u}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<12} {:?}  ({})",
            format!("{}{until}", opt(&d.value)),
            d.text,
            d.trace
        );
    }
    let _ = writeln!(s, "\nAgreements");
    for a in &f.agreements {
        let _ = writeln!(
            s,
            "  {}  {}  [{}]",
            opt(&a.date),
            a.title,
            a.parties.join(", ")
        );
    }
    let _ = writeln!(s, "\nCommitments");
    for c in &f.commitments {
        let _ = writeln!(s, "  {}", commitment_line(c));
    }
    let _ = writeln!(s, "\nWorking groups");
    for g in &f.working_groups {
        let _ = writeln!(s, "  {}", group_line(g));
    }
    s
}

fn commitment_line(c: &Commitment) -> String {
    format!(
        "{}  due {:<10}  {:?}  {}: {}",
        c.id,
        opt(&c.due),
        c.strength,
        if c.by.is_empty() {
            "?".to_string()
        } else {
            c.by.join(", ")
        },
        c.action
    )
}

fn group_line(g: &WorkingGroup) -> String {
    format!(
        "{}  est. {}  members: {}  mandate: {}",
        g.name,
        opt(&g.established),
        g.members.join(", "),
        g.mandate.as_deref().unwrap_or("-")
    )
}

/// Organisations across documents.
pub fn parties(list: &[PartyEntry]) -> String {
    let mut s = String::new();
    for p in list {
        let _ = write!(s, "{}  ({} documents)", p.name, p.documents.len());
        if !p.aliases.is_empty() {
            let _ = write!(s, "  also: {}", p.aliases.join(", "));
        }
        s.push('\n');
        for person in &p.people {
            let _ = writeln!(s, "    {}  {}", person.name, opt(&person.role));
        }
    }
    s
}

/// Commitments across documents.
pub fn commitments(list: &[Sourced<Commitment>]) -> String {
    let mut s = String::new();
    for c in list {
        let _ = writeln!(s, "{}  ({})", commitment_line(&c.item), c.source);
    }
    if list.is_empty() {
        s.push_str("no commitments\n");
    }
    s
}

/// Working groups across documents.
pub fn groups(list: &[Sourced<WorkingGroup>]) -> String {
    let mut s = String::new();
    for g in list {
        let _ = writeln!(s, "{}  ({})", group_line(&g.item), g.source);
    }
    if list.is_empty() {
        s.push_str("no working groups\n");
    }
    s
}

/// Agreements across documents.
pub fn agreements(list: &[Sourced<Agreement>]) -> String {
    let mut s = String::new();
    for a in list {
        let _ = writeln!(
            s,
            "{}  {}  [{}]  ({})",
            opt(&a.item.date),
            a.item.title,
            a.item.parties.join(", "),
            a.source
        );
    }
    if list.is_empty() {
        s.push_str("no agreements\n");
    }
    s
}

/// The store/index comparison.
pub fn check(r: &CheckReport) -> String {
    let mut s = format!(
        "store: {} documents; index: {} documents\n",
        r.stored, r.indexed
    );
    for id in &r.missing_from_index {
        let _ = writeln!(s, "missing from index: {id}");
    }
    for id in &r.missing_from_store {
        let _ = writeln!(s, "indexed but not stored: {id}");
    }
    s.push_str(if r.consistent() {
        "consistent\n"
    } else {
        "inconsistent: run `accord reindex`\n"
    });
    s
}

/// The rules table.
pub fn rules(list: &[accord::analyze::rules::Rule]) -> String {
    let mut s = String::new();
    for r in list {
        let _ = writeln!(s, "{:<32} {:<14} {}", r.id, format!("{:?}", r.kind), r.doc);
    }
    s
}
