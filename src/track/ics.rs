//! The commitments calendar (`accord calendar`): iCalendar (RFC 5545) with one all-day VEVENT per
//! open commitment that has a deadline, each with a reminder alarm. CRLF line endings, lines
//! folded at 75 octets, TEXT values escaped. The timestamp comes in as an argument.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};

use super::state::{CommitmentState, Timing};

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks; drops other control
/// characters, which RFC 5545 does not allow in content lines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line into physical lines of at most 75 octets, never inside a UTF-8
/// character; continuation lines start with one space. Each line ends with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar of `states` at `as_of`: one VEVENT per active commitment with a due date, a
/// VALARM `reminder_days` before it, and `stamp` as every DTSTAMP (so output is reproducible).
/// UIDs are `<commitment id>@accord`, stable across runs, so calendar apps update in place.
pub fn calendar(
    states: &[CommitmentState],
    as_of: NaiveDate,
    reminder_days: u32,
    stamp: DateTime<Utc>,
) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//accord//commitments//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "X-WR-CALNAME:accord commitments".into(),
    ];
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut dated: Vec<(&CommitmentState, NaiveDate)> = states
        .iter()
        .filter(|s| s.is_active())
        .filter_map(|s| s.due.map(|d| (s, d)))
        .collect();
    dated.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    for (st, due) in dated {
        let end = due.succ_opt().unwrap_or(due);
        let parties = if st.by.is_empty() {
            String::new()
        } else {
            format!(" ({})", st.by.join(", "))
        };
        let summary = format!("Due: {}{parties}", st.action);
        let mut desc = format!(
            "Commitment {}\nStatus: {}\nOwner: {}\nDue: {due}",
            st.id, st.status, st.owner
        );
        if let Timing::Overdue { days_late } = st.timing(as_of) {
            let _ = write!(desc, " (overdue by {days_late} days as of {as_of})");
        }
        if let Some(src) = st.source() {
            let _ = write!(desc, "\nSource: {}\n{}", src.doc.short(), src.sentence);
        }
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@accord", escape_text(&st.id)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", date(due)),
            format!("DTEND;VALUE=DATE:{}", date(end)),
            "TRANSP:TRANSPARENT".to_string(),
            format!("SUMMARY:{}", escape_text(&summary)),
            format!("DESCRIPTION:{}", escape_text(&desc)),
            format!("CATEGORIES:{}", st.status),
            "BEGIN:VALARM".to_string(),
            "ACTION:DISPLAY".to_string(),
            format!("DESCRIPTION:{}", escape_text(&summary)),
            format!("TRIGGER:-P{reminder_days}D"),
            "END:VALARM".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::event::{EventKind, Status};
    use crate::track::state::fold;
    use crate::track::state::tests::{commitment, day, extracted, ts, user};

    /// Unfolds physical lines (CRLF, then a leading space continues) into content lines.
    fn unfold(ics: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for phys in ics.split("\r\n") {
            if let Some(rest) = phys.strip_prefix(' ') {
                if let Some(last) = out.last_mut() {
                    last.push_str(rest);
                }
            } else if !phys.is_empty() {
                out.push(phys.to_string());
            }
        }
        out
    }

    /// Reverses [`escape_text`].
    fn unescape(v: &str) -> String {
        let mut out = String::new();
        let mut it = v.chars();
        while let Some(c) = it.next() {
            if c == '\\' {
                match it.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(o) => out.push(o),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn escaping_table() {
        let cases = [
            ("plain", "share resources", "share resources"),
            ("comma", "stamps, postcards", "stamps\\, postcards"),
            ("semicolon", "a; b", "a\\; b"),
            ("backslash", r"C:\path", r"C:\\path"),
            ("newline", "one\ntwo", "one\\ntwo"),
            ("crlf", "one\r\ntwo", "one\\ntwo"),
            ("lone cr", "one\rtwo", "one\\ntwo"),
            ("control dropped", "a\u{7}b", "ab"),
            ("colon kept", "Note: x", "Note: x"),
        ];
        for (id, input, want) in cases {
            assert_eq!(escape_text(input), want, "{id}");
        }
    }

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let cases = [
            ("short", "SUMMARY:x".to_string()),
            ("exactly 75", format!("SUMMARY:{}", "a".repeat(67))),
            ("76", format!("SUMMARY:{}", "a".repeat(68))),
            ("long ascii", format!("DESCRIPTION:{}", "word ".repeat(60))),
            (
                "hangul",
                format!("SUMMARY:{}", "우정사업본부 협력 ".repeat(20)),
            ),
            ("cjk", format!("SUMMARY:{}", "中国邮政".repeat(40))),
        ];
        for (id, line) in cases {
            let folded = fold_line(&line);
            assert!(folded.ends_with("\r\n"), "{id}");
            let phys: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
            for p in &phys {
                assert!(p.len() <= 75, "{id}: {} octets: {p:?}", p.len());
            }
            assert!(phys[1..].iter().all(|p| p.starts_with(' ')), "{id}");
            assert_eq!(unfold(&folded), vec![line.clone()], "{id}");
            assert_eq!(
                phys.len() > 1,
                line.len() > 75,
                "{id}: folds only when needed"
            );
        }
    }

    #[test]
    fn calendar_parses_line_wise() {
        let mut due = commitment(
            "C-000000c1",
            &["Korea Post", "Japan Post"],
            "resume the EMS service; refund delays, per the guarantee\\terms",
            Some("2024-12-31"),
        );
        due.sentence =
            "They agreed to resume it — 재개 — by the end of this year.\nNew line.".into();
        let undated = commitment("C-000000c2", &["Korea Post"], "share practices", None);
        let done = commitment(
            "C-000000c3",
            &["Korea Post"],
            "open an office",
            Some("2024-10-01"),
        );
        let later = commitment(
            "C-000000c4",
            &["China Post"],
            "link networks",
            Some("2025-03-31"),
        );
        let states = vec![
            fold(&[extracted(&later, "2024-07-10")]).unwrap(),
            fold(&[extracted(&due, "2024-07-10")]).unwrap(),
            fold(&[extracted(&undated, "2024-07-10")]).unwrap(),
            fold(&[
                extracted(&done, "2024-07-10"),
                user(
                    "C-000000c3",
                    "2024-09-01",
                    EventKind::StatusChanged {
                        to: Status::Done,
                        note: None,
                    },
                ),
            ])
            .unwrap(),
        ];
        let ics = calendar(&states, day("2025-01-10"), 7, ts("2025-01-10"));

        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "only CRLF line endings"
        );
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for phys in ics.split("\r\n") {
            assert!(phys.len() <= 75, "{phys:?}");
        }
        let lines = unfold(&ics);
        let mut depth: Vec<String> = Vec::new();
        for l in &lines {
            let (name, value) = l
                .split_once(':')
                .unwrap_or_else(|| panic!("no colon: {l:?}"));
            let prop = name.split(';').next().unwrap_or("");
            assert!(
                !prop.is_empty() && prop.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
                "bad property name in {l:?}"
            );
            match prop {
                "BEGIN" => depth.push(value.to_string()),
                "END" => assert_eq!(depth.pop().as_deref(), Some(value), "unbalanced {l:?}"),
                _ => assert!(!depth.is_empty(), "property outside a component: {l:?}"),
            }
        }
        assert!(depth.is_empty());
        let first = |p: &str| {
            lines
                .iter()
                .find(|l| l.starts_with(p))
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(first("VERSION:"), "VERSION:2.0");
        assert!(first("PRODID:").len() > "PRODID:".len());

        let uids: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("UID:"))
            .collect();
        assert_eq!(
            uids,
            ["C-000000c1@accord", "C-000000c4@accord"],
            "open and dated only, by due date"
        );
        assert_eq!(
            lines
                .iter()
                .filter(|l| *l == "DTSTAMP:20250110T120000Z")
                .count(),
            2
        );
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20241231".to_string()));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20250101".to_string()));
        assert_eq!(lines.iter().filter(|l| *l == "TRIGGER:-P7D").count(), 2);

        let summary = first("SUMMARY:");
        assert_eq!(
            unescape(summary.trim_start_matches("SUMMARY:")),
            "Due: resume the EMS service; refund delays, per the guarantee\\terms (Korea Post, Japan Post)"
        );
        let desc = unescape(first("DESCRIPTION:").trim_start_matches("DESCRIPTION:"));
        assert!(
            desc.contains("overdue by 10 days as of 2025-01-10"),
            "{desc}"
        );
        assert!(
            desc.contains("재개") && desc.contains("year.\nNew line."),
            "{desc}"
        );
        // The same input gives the same bytes.
        assert_eq!(
            ics,
            calendar(&states, day("2025-01-10"), 7, ts("2025-01-10"))
        );
    }
}
