//! The publication date when metadata gives none: datelines such as `|China Post News|2023-12-01`.
//!
//! Only the first lines of a document are read, and only a date that looks like a dateline
//! counts: one after "Published:", "Posted on" or "Date", one set off by separators or alone on a
//! short line, or the "SEOUL, March 5, 2024 --" opening of a wire story. A date inside the story's
//! prose is never taken, because the first date in the text is often not the publication date.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::dates::Scan;
use super::rules::{Rule, RuleKind};
use super::segment::Sentence;
use crate::model::Span;

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[Rule] = &[
    Rule {
        id: "published.keyword",
        kind: RuleKind::Published,
        doc: "a date after \"Published:\", \"Posted on\", \"Date:\", \"date\", \"Issued\" in the first lines",
    },
    Rule {
        id: "published.updated",
        kind: RuleKind::Published,
        doc: "a date after \"Updated\" or \"Last modified\", when nothing better is there",
    },
    Rule {
        id: "published.dateline",
        kind: RuleKind::Published,
        doc: "a date set off by separators in the first lines: \"|China Post News|2023-12-01\", \"10 July 2024 | Press release\"",
    },
    Rule {
        id: "published.city",
        kind: RuleKind::Published,
        doc: "a wire-story opening: \"SEOUL, March 5, 2024 --\"",
    },
    Rule {
        id: "published.adopted",
        kind: RuleKind::Published,
        doc: "a date after \"Adopted in Bangkok on\", \"This Memorandum is made at Jakarta on\" in the first lines",
    },
    Rule {
        id: "published.signature",
        kind: RuleKind::Published,
        doc: "when the top has none: \"Done at Hanoi on 14 March 2025\" or \"In witness whereof ... on this 14th day of October 2026\" at the end",
    },
    Rule {
        id: "published.short_line",
        kind: RuleKind::Published,
        doc: "a full date alone (or nearly) on one of the first lines: \"Wednesday, July 10, 2024 10:30\"",
    },
];

/// How many non-blank lines from the top may hold a dateline.
const HEAD_LINES: usize = 20;

/// The dateline found at the top of a document: where its date is, the date, and the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// The date's own span in the text (without "Published:" or the separators).
    pub span: Span,
    pub date: NaiveDate,
    pub rule: &'static str,
}

/// Finds the publication date in the text itself.
pub fn publication_date(text: &str, sentences: &[Sentence]) -> Option<NaiveDate> {
    dateline(text, sentences).map(|d| d.date)
}

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(
        r"(?i)(?:^|[|•·/\s(（【\[])(?P<k>published(?:\s+on)?|first\s+published|posted(?:\s+on)?|date(?:d|\s+of\s+(?:publication|issue|release)|\s+published|\s+posted|\s+issued)?|publication\s+date|release\s+date|issue\s+date|released(?:\s+on)?|issued(?:\s+on)?|time|input|updated(?:\s+on)?|last\s+updated|last\s+modified|modified|发布时间|发布日期|发稿时间|发布于|日期|时间|发表时间|配信日|発表日|公開日|掲載日|更新日|배포일시|배포일|작성일|등록일|게시일|입력|수정)\s*[:：]?\s*$",
    )
});

/// "SEOUL, " / "WASHINGTON, D.C., " / "Geneva (UPU) " before the date, at the start of a line.
static CITY: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(
        r"^\p{Lu}[\p{L}.'\- ]{1,30}(?:,\s*\p{Lu}[\p{L}.'\- ]{1,30})?(?:\s*\([^)]{1,30}\))?,?$",
    )
});

static WEEKDAY_END: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(
        r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?$",
    )
});

/// "Adopted in Bangkok on", "THIS MEMORANDUM is made at Jakarta on", "Done at Brussels,": the
/// date a statement, plan or memorandum carries.
static ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(
        r"(?i)(?:^|\s)(?:made|adopted|signed|done|concluded|issued|approved|agreed)(?:\s+(?:at|in)\s+\p{L}[\p{L}.' -]{1,40}?)?,?(?:\s+(?:on|this))?,?$",
    )
});

/// Words before a date that make it part of a sentence: "on 5 June 2012", "since 2019".
const CLAUSE_WORDS: &[&str] = &[
    "on", "of", "in", "since", "from", "until", "by", "before", "after", "to", "and", "or",
];

const SEPARATORS: &[char] = &['|', '•', '·', '/', '-', '–', '—', '｜', '丨'];

/// Finds the dateline among the first lines of `text`, preferring an explicit "Published:" over a
/// date set off by separators, and both over an "Updated" date.
pub fn dateline(text: &str, sentences: &[Sentence]) -> Option<Dateline> {
    let _ = sentences;
    dateline_with(text, |end| super::dates::full_dates(&text[..end]))
}

/// [`dateline`] with the date words of the whole text, which date finding scans anyway.
pub(super) fn dateline_in(scan: &Scan) -> Option<Dateline> {
    dateline_with(scan.text(), |end| {
        super::dates::full_dates_in(&scan.prefix(end))
    })
}

/// [`dateline`], given how to find the full dates in the first `end` bytes of the text.
fn dateline_with(
    text: &str,
    full_dates_before: impl FnOnce(usize) -> Vec<(Span, NaiveDate)>,
) -> Option<Dateline> {
    // The non-blank lines of the head, by span; one pass of the date regex over all of them.
    let mut lines: Vec<Span> = Vec::with_capacity(HEAD_LINES);
    let mut offset = 0;
    // Whether the head is complete after one more line.
    let mut add = |line: &str| {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r', '\u{c}']);
        if !line.trim().is_empty() {
            lines.push(Span(start, start + line.len()));
        }
        lines.len() == HEAD_LINES
    };
    let bytes = text.as_bytes();
    if !bytes.contains(&b'\r') && !bytes.contains(&0x0c) {
        // Most texts break lines at "\n" only: split with memchr.
        for line in text.split_inclusive('\n') {
            if add(line) {
                break;
            }
        }
    } else {
        for line in text.split_inclusive(['\n', '\r', '\u{c}']) {
            if add(line) {
                break;
            }
        }
    }
    let head_end = lines.last()?.1;
    let mut best: Option<(u8, Dateline)> = None;
    // What judging a line needs from the whole line, counted once per line: a line may be long
    // (a document on one line) and hold many dates.
    let mut counts: Vec<Option<LineCounts>> = vec![None; lines.len()];
    for (span, date) in full_dates_before(head_end) {
        let i = lines.partition_point(|l| l.0 <= span.0);
        let Some(li) = i.checked_sub(1) else {
            continue;
        };
        let Some(line) = lines.get(li) else {
            continue;
        };
        if !line.contains(span) {
            continue;
        }
        let within = Span(span.0 - line.0, span.1 - line.0);
        let line_text = line.slice(text);
        let line_counts = *counts[li].get_or_insert_with(|| LineCounts::of(line_text));
        let Some((score, rule)) = judge(line_text, within, line_counts) else {
            continue;
        };
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, Dateline { span, date, rule }));
        }
    }
    best.map(|(_, d)| d).or_else(|| signature_date(text))
}

/// How many bytes from the end may hold the signature block of a memorandum.
const TAIL_BYTES: usize = 1500;

/// How far after "In witness whereof" the signing date may stand.
const WITNESS_BYTES: usize = 400;

/// "Done at Hanoi on 14 March 2025." or "Hanoi, 20 March 2024" in the signature block at the end
/// of a memorandum or report.
fn signature_date(text: &str) -> Option<Dateline> {
    let mut from = text.len().saturating_sub(TAIL_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let tail = &text[from..];
    let dates = super::dates::full_dates(tail);
    // "IN WITNESS WHEREOF, the undersigned ... have signed this Memorandum at Arusha on this 14th
    // day of October 2026": the signing formula dates the memorandum, however long it runs.
    if let Some(w) = tail.to_ascii_lowercase().find("in witness whereof") {
        let witness = dates
            .iter()
            .find(|(span, _)| span.0 > w && span.0 - w <= WITNESS_BYTES);
        if let Some(&(span, date)) = witness {
            return Some(Dateline {
                span: Span(from + span.0, from + span.1),
                date,
                rule: "published.signature",
            });
        }
    }
    dates.into_iter().find_map(|(span, date)| {
        let line_start = tail[..span.0].rfind('\n').map_or(0, |i| i + 1);
        let line_end = tail[span.1..].find('\n').map_or(tail.len(), |i| span.1 + i);
        let line = &tail[line_start..line_end];
        let before = tail[line_start..span.0]
            .trim()
            .trim_matches(['*', '_'])
            .trim();
        let place_line = CITY.is_match(before) && tail[span.1..line_end].trim().is_empty();
        let signed = ADOPTED.is_match(before) && line.split_whitespace().count() <= 14;
        (signed || place_line).then_some(Dateline {
            span: Span(from + span.0, from + span.1),
            date,
            rule: "published.signature",
        })
    })
}

/// Counts over a whole line that judging each of its dates needs.
#[derive(Clone, Copy, Debug)]
struct LineCounts {
    pipes: usize,
    words: usize,
}

impl LineCounts {
    fn of(line: &str) -> LineCounts {
        LineCounts {
            pipes: line.bytes().filter(|&b| b == b'|').count(),
            words: line.split_whitespace().count(),
        }
    }
}

/// "10:00", "9.30": an hour of the day.
fn starts_with_hour(s: &str) -> bool {
    let b = s.as_bytes();
    let h = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&h)
        && matches!(b.get(h), Some(b':' | b'.'))
        && b.get(h + 1).is_some_and(u8::is_ascii_digit)
        && b.get(h + 2).is_some_and(u8::is_ascii_digit)
}

/// How dateline-like the date at `span` of `line` is, with the rule that says so.
fn judge(line: &str, span: Span, counts: LineCounts) -> Option<(u8, &'static str)> {
    // Markdown emphasis around a dateline ("**Sejong, 5 January 2026** - ...") is not text, and
    // a weekday before a numeric date ("Monday, 22/09/2025") belongs to the date.
    let before = line[..span.0].trim().trim_matches(['*', '_']).trim();
    let before = WEEKDAY_END
        .find(before)
        .map_or(before, |m| before[..m.start()].trim_end());
    let after = line[span.1..].trim().trim_matches(['*', '_']).trim();
    if counts.pipes > 2 {
        return None; // a table row or a menu, not a dateline
    }
    let range_end = before
        .strip_suffix(['-', '–', '—'])
        .is_some_and(|b| b.trim_end().ends_with(|c: char| c.is_ascii_digit()));
    if range_end {
        return None; // the end of a range of days ("11 – 15 March 2024"): an event, not a dateline
    }
    if let Some(k) = KEYWORD.captures(before).and_then(|c| c.name("k")) {
        let k = k.as_str().to_lowercase();
        return Some(
            if k.contains("updated") || k.contains("modified") || k == "更新日" || k == "수정"
            {
                (2, "published.updated")
            } else {
                (4, "published.keyword")
            },
        );
    }
    if before.ends_with([':', '：']) {
        return None; // "Deadline: 5 March 2025", "Next meeting: ...": a label other than a date's
    }
    let sep_before = before.is_empty() || before.ends_with(SEPARATORS);
    // Only "three or fewer" matters: counting stops there on a long line.
    let words_after = after.split_whitespace().take(4).count();
    // After the date: nothing, a separator ("| Press release", "— The UPU announced ..."), or a
    // few words that are not a sentence ("10:12 Print").
    let sep_after = after.is_empty()
        || after.starts_with(SEPARATORS)
        || (words_after <= 3 && !after.ends_with(['.', '!', '?']));
    if sep_before && sep_after {
        return Some((3, "published.dateline"));
    }
    // "Thursday 17 September 2026, 10:00-15:30, PostNord head office": the date and hours
    // under the heading of minutes.
    if sep_before
        && after
            .strip_prefix(',')
            .is_some_and(|a| starts_with_hour(a.trim_start()))
    {
        return Some((2, "published.dateline"));
    }
    // The cheap test first: the regexes would read the whole of a long line before the date.
    if (after.starts_with("--") || after.starts_with(['—', '–', '-', '('])) && CITY.is_match(before)
    {
        return Some((3, "published.city"));
    }
    if counts.words <= 14 && ADOPTED.is_match(before) {
        return Some((3, "published.adopted"));
    }
    let words = counts.words;
    // A line that goes on from the one before ("on 5 June 2012;") is a wrapped sentence, not a
    // dateline: a preposition stands right before the date, or the line ends as a clause does.
    let continues = before
        .split_whitespace()
        .next_back()
        .is_some_and(|w| CLAUSE_WORDS.contains(&w))
        || line.trim_end().ends_with([';', ',']);
    if words <= 8 && !continues && !line.trim_end().ends_with(['.', '!', '?']) {
        return Some((1, "published.short_line"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(text: &str) -> Option<String> {
        let s = super::super::segment::sentences(text);
        publication_date(text, &s).map(|d| d.to_string())
    }

    #[test]
    fn datelines_give_the_publication_date() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("pipe_label", "Menu\n|China Post News|2023-12-01\n\nOn November 28, it met.", Some("2023-12-01")),
            ("date_word", " date 2024-07-10 Korea Post President poses for a photo.", Some("2024-07-10")),
            ("published_colon", "Title\nPublished: 3 March 2024\n\nThe ministers met.", Some("2024-03-03")),
            ("city_wire", "SEOUL, March 5, 2024 -- The ministers met in Seoul.", Some("2024-03-05")),
            ("city_with_agency", "GENEVA (UPU), 12 June 2023 - The Council met.", Some("2023-06-12")),
            ("posted_on_slashes", "News\nPosted on 2024/03/05 by admin\nText.", Some("2024-03-05")),
            ("date_then_kind", "10 July 2024 | Press release\n\nThe parties signed.", Some("2024-07-10")),
            ("adopted_in_place_on", "# Joint Action Plan\n\n*Adopted in Bangkok on 2 December 2025*\n\n| 2 | Hold a webinar | PostEurop | 31.03.2026 |\n", Some("2025-12-02")),
            ("bold_city_non_ascii", "**Liège, 20 March 2025** - China Post Airlines signed an agreement.", Some("2025-03-20")),
            ("table_row_is_not_a_dateline", "| No. | Action | Deadline |\n| 2 | Hold a webinar | 31.03.2026 |\n", None),
            ("byline_weekday_time", "Headline\nBy Nguyen Hai Dang · Monday, 22/09/2025 08:15\nText.", Some("2025-09-22")),
            ("cjk_keyword_time", "首页\n来源：邮政新闻网　发布时间：2025-09-04 10:12　【打印】\n", Some("2025-09-04")),
            ("input_keyword", "Title\n    Input 2025.02.27 16:40\nThe Korea Customs Service met.", Some("2025-02-27")),
            ("memorandum_made_at", "MEMORANDUM OF UNDERSTANDING\n\nTHIS MEMORANDUM OF UNDERSTANDING is made at Jakarta on 8 May 2025\n", Some("2025-05-08")),
            ("signature_block", "MEMORANDUM\n\n1. The Parties shall cooperate.\n\nDone at Hanoi on 14 March 2025.\n\nFor Vietnam Post", Some("2025-03-14")),
            ("witness_clause", "MEMORANDUM\n\nRECALLING the Agreement concluded between the Parties\non 5 June 2012;\n\n1. The Parties shall cooperate.\n\nIN WITNESS WHEREOF, the undersigned, being duly authorised, have signed this Memorandum\nat Arusha on this 14th day of October 2026, in two originals.\n", Some("2026-10-14")),
            ("wrapped_sentence_is_not_a_dateline", "MEMORANDUM\n\nRECALLING the Agreement concluded between the Parties\non 5 June 2012;\n", None),
            ("range_end_is_not_a_dateline", "Report on the Visit\n11 – 15 March 2024\n\nThe delegation visited Seoul.\n\nHanoi, 20 March 2024\n", Some("2024-03-20")),
            ("other_label_is_not_a_dateline", "Workshop on EAD\nDeadline: 5 March 2025\n\nMembers are invited.", None),
            ("date_of_issue", "Stamp issue\nDate of issue: 9 April 2025\n", Some("2025-04-09")),
            ("date_opens_first_paragraph", "Headline\n\n5 March 2024 — The UPU announced a new plan.", Some("2024-03-05")),
            ("memo_date", "MEMORANDUM\nDate: 14 February 2025\nTo: All staff\n\nThe plan.", Some("2025-02-14")),
            ("weekday_short_line", "Headline here\nWednesday, July 10, 2024\n\nBody text.", Some("2024-07-10")),
            ("minutes_date_and_hours", "NORDIC COMMITTEE\nMinutes of the 14th meeting\nThursday 17 September 2026, 10:00-15:30, head office, Solna, and by video conference\n\nThe Chair opened the meeting.", Some("2026-09-17")),
            ("prefers_published_over_updated", "Updated: 5 May 2024\nPublished: 1 May 2024\n", Some("2024-05-01")),
            ("prose_date_is_not_a_dateline", "The meeting was held on 28 November 2023 in Hangzhou, and the parties signed a memorandum.", None),
            ("ambiguous_numeric_skipped", "Posted 03/05/2024\n", None),
            ("nothing", "No dates here at all.\n", None),
        ];
        for (id, text, want) in cases {
            assert_eq!(published(text).as_deref(), *want, "case {id}");
        }
    }

    #[test]
    fn only_the_first_lines_are_read() {
        let mut text = String::new();
        for i in 0..30 {
            text.push_str(&format!("Menu item {i}\n"));
        }
        text.push_str("|News|2023-12-01\n");
        assert_eq!(published(&text), None);
    }

    #[test]
    fn seeds_give_their_publication_dates() {
        let dir = std::path::Path::new("/work/shared/seeds");
        let cases = [("000_", "2023-12-01"), ("004_", "2024-07-10")];
        let Ok(entries) = std::fs::read_dir(dir) else {
            return; // the seeds live beside the project, not in it
        };
        let files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        for (prefix, want) in cases {
            let path = files
                .iter()
                .find(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
                })
                .expect("seed present");
            let text = std::fs::read_to_string(path).expect("seed readable");
            assert_eq!(published(&text).as_deref(), Some(want), "seed {prefix}");
        }
    }
}
