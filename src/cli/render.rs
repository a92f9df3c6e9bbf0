//! Human-readable text for each command's results. JSON output does not pass through here.

use std::fmt::Write;

use accord::catalog::{PartyEntry, Sourced};
use accord::ingest::{FileOutcome, Status, Summary};
use accord::library::CheckReport;
use accord::library::{CommitmentDetail, CommitmentRow, FollowUp, GroupView};
use accord::search::Hit;
use accord::track::EventKind;
use accord::track::{Activity, Target};
use accord::{Agreement, Commitment, Facts, WorkingGroup};
use chrono::NaiveDate;

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
    if s.followups > 0 {
        let _ = write!(
            line,
            "\n{} follow-ups suggested: see `accord followups`",
            s.followups
        );
    }
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
        if !p.merged.is_empty() {
            let _ = write!(s, "  merged: {}", p.merged.join(", "));
        }
        s.push('\n');
        for person in &p.people {
            let _ = writeln!(s, "    {}  {}", person.name, opt(&person.role));
        }
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
    for id in &r.listing_mismatches {
        let _ = writeln!(s, "commitment listing out of step: {id}");
    }
    if r.indexed_at_open > 0 {
        let _ = writeln!(
            s,
            "indexed on opening: {} stored documents were not searchable yet (a run was interrupted)",
            r.indexed_at_open
        );
    }
    s.push_str(if r.consistent() {
        "consistent\n"
    } else if r.repaired {
        "repaired\n"
    } else {
        "inconsistent: run `accord check --repair`\n"
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

fn late_or_left(r: &CommitmentRow) -> String {
    match (r.days_late, r.days_left) {
        (Some(n), _) => format!("{n} days late"),
        (_, Some(0)) => "due today".to_string(),
        (_, Some(n)) => format!("due in {n} days"),
        _ => String::new(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// Commitments at an as-of date, one line each.
pub fn commitment_rows(rows: &[CommitmentRow], as_of: NaiveDate) -> String {
    if rows.is_empty() {
        return format!("no commitments (as of {as_of})\n");
    }
    let mut s = format!(
        "{:<14}  {:<11}  {:<10}  {:<14}  {}\n",
        "ID", "STATUS", "DUE", "TIMING", "WHO: ACTION"
    );
    for r in rows {
        let who = if r.by.is_empty() {
            "?".to_string()
        } else {
            r.by.join(", ")
        };
        let _ = writeln!(
            s,
            "{:<14}  {:<11}  {:<10}  {:<14}  {}: {}",
            r.id,
            r.status.as_str(),
            opt(&r.due),
            late_or_left(r),
            truncate(&who, 40),
            truncate(&r.action, 80)
        );
    }
    let overdue = rows.iter().filter(|r| r.days_late.is_some()).count();
    let _ = writeln!(
        s,
        "{} commitments, {overdue} overdue (as of {as_of})",
        rows.len()
    );
    s
}

/// One commitment with its evidence and history.
pub fn commitment_detail(d: &CommitmentDetail) -> String {
    let r = &d.row;
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}", r.id, r.action);
    let _ = writeln!(
        s,
        "status:    {}{}",
        r.status,
        r.status_note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    );
    let _ = writeln!(s, "by:        {}", r.by.join(", "));
    let _ = writeln!(s, "owner:     {}", r.owner);
    let _ = writeln!(
        s,
        "due:       {}{}  {}",
        opt(&r.due),
        r.due_text
            .as_deref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default(),
        late_or_left(r)
    );
    let _ = writeln!(s, "strength:  {:?}", r.strength);
    if let Some(g) = &r.group {
        let _ = writeln!(s, "group:     {g}");
    }
    if let Some(m) = &r.merged_into {
        let _ = writeln!(s, "merged into {m}");
    }
    match (&r.source, &r.document) {
        (Some(src), Some(doc)) => {
            let _ = writeln!(
                s,
                "source:    {src}  ({}, published {})",
                doc.short(),
                opt(&r.published)
            );
        }
        _ => {
            let _ = writeln!(s, "source:    added by hand");
        }
    }
    if let Some(sentence) = &d.sentence {
        let _ = writeln!(
            s,
            "sentence:  {}",
            sentence.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    let _ = writeln!(s, "as of:     {}", d.as_of);
    if !d.state.evidence.is_empty() {
        let _ = writeln!(s, "\nEvidence");
        for e in &d.state.evidence {
            let _ = writeln!(
                s,
                "  {} ({}): {}",
                e.doc.short(),
                opt(&e.published),
                e.sentence
            );
        }
    }
    if !d.followups.is_empty() {
        let _ = writeln!(s, "\nFollow-ups");
        for f in &d.followups {
            let _ = writeln!(
                s,
                "  {}  {:<9}  score {:.2}  suggests {}  {}",
                f.id,
                format!("{:?}", f.status).to_lowercase(),
                f.score,
                f.suggests.map(|x| x.as_str()).unwrap_or("-"),
                f.evidence.sentence
            );
        }
    }
    let _ = writeln!(s, "\nHistory");
    for e in &d.history {
        let _ = writeln!(
            s,
            "  {}  {:<20}  {:<18}  {}",
            e.at.format("%Y-%m-%d %H:%M"),
            e.actor.to_string(),
            e.kind.name(),
            event_summary(&e.kind)
        );
    }
    for w in &d.state.warnings {
        let _ = writeln!(s, "warning: {w}");
    }
    s
}

fn event_summary(k: &EventKind) -> String {
    let with_note = |head: String, note: &Option<String>| match note {
        Some(n) => format!("{head}: {n}"),
        None => head,
    };
    match k {
        EventKind::Extracted { doc, record, .. } => {
            format!("from {} (due {})", doc.short(), opt(&record.due))
        }
        EventKind::Added { by, action, .. } => format!("{}: {action}", by.join(", ")),
        EventKind::StatusChanged { to, note } => with_note(format!("-> {to}"), note),
        EventKind::DueChanged { due, note } => with_note(format!("due {}", opt(due)), note),
        EventKind::OwnerChanged { owner, note } => with_note(format!("owner {owner}"), note),
        EventKind::NoteAdded { text } => text.clone(),
        EventKind::EvidenceSuggested {
            evidence,
            score,
            suggests,
            ..
        } => format!(
            "{} score {score:.2} suggests {}",
            evidence.doc.short(),
            suggests.map(|x| x.as_str()).unwrap_or("-")
        ),
        EventKind::EvidenceLinked { evidence, note } => {
            with_note(evidence.doc.short().to_string(), note)
        }
        EventKind::EvidenceRejected { evidence, note } => {
            with_note(evidence.doc.short().to_string(), note)
        }
        EventKind::Merged { into } => format!("into {}", opt(into)),
    }
}

fn activity(a: &Activity) -> String {
    match a {
        Activity::Active { last_seen } => format!("active, last seen {last_seen}"),
        Activity::Dormant {
            last_seen,
            days_silent,
        } => format!("dormant, last seen {last_seen} ({days_silent} days)"),
        Activity::Unknown => "activity unknown".to_string(),
    }
}

/// Working groups at an as-of date, one line each.
pub fn group_views(list: &[GroupView], as_of: NaiveDate) -> String {
    let mut s = String::new();
    for g in list {
        let overdue = g
            .commitments
            .iter()
            .filter(|c| c.days_late.is_some())
            .count();
        let _ = writeln!(
            s,
            "{}  {}  [{}]  {}; {} commitments, {overdue} overdue  ({})",
            g.record.id,
            g.record.name,
            g.record.members.join(", "),
            activity(&g.activity),
            g.commitments.len(),
            g.founding_source.as_deref().unwrap_or("-")
        );
    }
    if list.is_empty() {
        s.push_str("no working groups\n");
    } else {
        let _ = writeln!(s, "{} working groups (as of {as_of})", list.len());
    }
    s
}

/// One working group in full.
pub fn group_detail(g: &GroupView) -> String {
    let r = &g.record;
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}", r.id, r.name);
    let _ = writeln!(s, "members:     {}", r.members.join(", "));
    let _ = writeln!(s, "mandate:     {}", r.mandate.as_deref().unwrap_or("-"));
    let _ = writeln!(s, "established: {}", opt(&r.established));
    let _ = writeln!(
        s,
        "founded in:  {} (published {})",
        g.founding_source.as_deref().unwrap_or("-"),
        opt(&r.founding_published)
    );
    let _ = writeln!(
        s,
        "activity:    {} (as of {})",
        activity(&g.activity),
        g.as_of
    );
    let _ = writeln!(s, "\nCommitments");
    if g.commitments.is_empty() {
        s.push_str("  none\n");
    }
    for c in &g.commitments {
        let _ = writeln!(
            s,
            "  {}  {:<11}  due {:<10}  {}  {}",
            c.id,
            c.status.as_str(),
            opt(&c.due),
            late_or_left(c),
            c.action
        );
    }
    let _ = writeln!(s, "\nSightings");
    if r.sightings.is_empty() {
        s.push_str("  none\n");
    }
    for x in &r.sightings {
        let _ = writeln!(
            s,
            "  {}  {}: {}",
            opt(&x.date),
            x.evidence.doc.short(),
            x.evidence.sentence
        );
    }
    if !g.pending.is_empty() {
        let _ = writeln!(s, "\nSuggested sightings");
        for f in &g.pending {
            let _ = writeln!(s, "  {}  {}  {}", f.id, opt(&f.date), f.evidence.sentence);
        }
    }
    s
}

/// Suggested follow-ups.
pub fn followups(list: &[FollowUp]) -> String {
    if list.is_empty() {
        return "no follow-ups waiting\n".to_string();
    }
    let mut s = String::new();
    for f in list {
        let (kind, target) = match &f.target {
            Target::Commitment(id) => ("commitment", id),
            Target::Group(id) => ("group", id),
        };
        let _ = writeln!(
            s,
            "{}  {:<9}  score {:.2}  {kind} {target}: {}",
            f.id,
            format!("{:?}", f.status).to_lowercase(),
            f.score,
            truncate(&f.label, 70)
        );
        let _ = writeln!(
            s,
            "    suggests {}  in {} ({})",
            f.suggests.map(|x| x.as_str()).unwrap_or("-"),
            f.source.as_deref().unwrap_or("?"),
            opt(&f.evidence.published)
        );
        let sentence: Vec<&str> = f.evidence.sentence.split_whitespace().collect();
        let _ = writeln!(s, "    \"{}\"", sentence.join(" "));
    }
    s
}
