//! Deadlines as an iCalendar file (RFC 5545) for `accord calendar`: one all-day event per active
//! commitment with a deadline, with a reminder some days before. The output depends only on the
//! store and the as-of date (it is the DTSTAMP), so the same data gives the same file.

use chrono::{Days, NaiveDate};

use super::tracking::CommitmentRow;

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a UTF-8 character) and ends it with CRLF.
fn push_line(out: &mut String, line: &str) {
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
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar of `rows` (the active commitments with a deadline are used) at `as_of`, each with
/// a display alarm `reminder_days` before the deadline (none when 0).
pub fn ics(rows: &[CommitmentRow], as_of: NaiveDate, reminder_days: u32) -> String {
    let mut out = String::new();
    let mut line = |s: &str| push_line(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(concat!(
        "PRODID:-//accord//commitment deadlines ",
        env!("CARGO_PKG_VERSION"),
        "//EN"
    ));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line("X-WR-CALNAME:accord deadlines");
    for r in rows {
        let Some(due) = r
            .due
            .filter(|_| r.status.is_active() && r.merged_into.is_none())
        else {
            continue;
        };
        let end = due.checked_add_days(Days::new(1)).unwrap_or(due);
        let who = if r.by.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.by.join(", "))
        };
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@accord", r.id));
        line(&format!("DTSTAMP:{}T000000Z", day(as_of)));
        line(&format!("DTSTART;VALUE=DATE:{}", day(due)));
        line(&format!("DTEND;VALUE=DATE:{}", day(end)));
        line(&format!(
            "SUMMARY:{}",
            escape(&format!("Due: {}{who}", r.action))
        ));
        let mut desc = format!("{} is {}; owner {}.", r.id, r.status, r.owner);
        if let Some(n) = r.days_late {
            desc.push_str(&format!(" {n} days late on {as_of}."));
        }
        if let Some(t) = &r.due_text {
            desc.push_str(&format!("\nDeadline as written: {t}."));
        }
        if let Some(src) = &r.source {
            desc.push_str(&format!("\nSource: {src}"));
            if let Some(p) = r.published {
                desc.push_str(&format!(" (published {p})"));
            }
        }
        line(&format!("DESCRIPTION:{}", escape(&desc)));
        if r.days_late.is_some() {
            line("CATEGORIES:overdue");
        }
        line("TRANSP:TRANSPARENT");
        if reminder_days > 0 {
            line("BEGIN:VALARM");
            line("ACTION:DISPLAY");
            line(&format!("TRIGGER:-P{reminder_days}D"));
            line(&format!(
                "DESCRIPTION:{}",
                escape(&format!("Due in {reminder_days} days: {}", r.action))
            ));
            line("END:VALARM");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_on_char_boundaries() {
        // (id, line, want physical line lengths in octets, without CRLF)
        let cases = [
            ("short", "SUMMARY:x".to_string(), vec![9]),
            ("exactly 75", "A".repeat(75), vec![75]),
            ("76", "A".repeat(76), vec![75, 2]),
            ("multibyte", format!("S:{}", "郵".repeat(40)), vec![74, 49]),
        ];
        for (id, input, want) in cases {
            let mut out = String::new();
            push_line(&mut out, &input);
            assert!(out.ends_with("\r\n"), "{id}");
            let lens: Vec<usize> = out
                .trim_end_matches("\r\n")
                .split("\r\n")
                .map(str::len)
                .collect();
            assert_eq!(lens, want, "{id}");
            let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
            assert_eq!(unfolded, input, "{id}: unfolds to the original");
        }
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
