//! Date expressions, absolute and relative, resolved against the publication date.
//!
//! A handful of combined regexes run once over the whole text and propose candidates; only those
//! inside prose sentences, table cells, the dateline or a date line ("Brussels, 12 February
//! 2025") are kept, overlaps go to the longest, adjacent candidates joined by "to" or a dash
//! become ranges, and each survivor is resolved: absolute dates as written, year-less dates and
//! weekdays by the tense of their clause (the nearest tense marker, preferring the verb before the
//! date), relative ones ("by the end of this year", "within six months") against the anchor.
//! Without an anchor those stay unresolved; the clock is never consulted. A mention's text leaves
//! out a leading deadline preposition ("by", "before", "on", "in"), which the commitments analyser
//! adds back for `due_text`.

use rustc_hash::FxHashMap;
use std::cell::{OnceCell, RefCell};
use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::Regex;

pub(crate) use scan::Scan;
use scan::{Caps, DateRegex};

use super::parties::tokens::{lowercase, Low};
use super::rules::{Rule, RuleKind};
use super::segment::Sentence;
use crate::model::{DateMention, DateValue, Span};

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[Rule] = &[
    rule("date.dmy", "day month year: \"28 November 2023\", \"Tuesday 22 April 2025\""),
    rule("date.mdy", "month day year: \"November 28, 2023\", \"Tuesday, Nov. 28 2023\""),
    rule("date.iso", "numeric, year first: \"2023-11-28\", \"2023/11/28\", \"2025.4.9\", \"2025. 5. 14.\""),
    rule("date.numeric", "\"28.11.2023\" (day first); \"28/11/2023\" or \"11/28/2023\" only when unambiguous"),
    rule("date.cjk", "CJK year-month-day: \"2023年11月28日\", \"2025년 5월 14일\""),
    rule("date.cjk.year", "CJK year: \"2024年\", \"2024년\""),
    rule("date.cjk.month", "CJK year and month: \"2025年9月\""),
    rule("date.cjk.partial", "CJK month and day without a year: \"9月3日\", \"5월 14일\"; year by tense"),
    rule("date.dateline", "the date of the dateline (\"|China Post News|2023-12-01\")"),
    rule("date.line", "a full date on a line of its own or beside a place: \"Brussels, 12 February 2025\""),
    rule("date.range.days", "day ranges: \"16-18 April 2024\", \"April 16-May 4, 2007\", \"17 to 28 January\""),
    rule("date.range.months", "month ranges: \"March-May 2025\", \"between March and May 2025\""),
    rule("date.range.years", "year ranges: \"2024-2026\", \"from 2020 to 2023\", \"2023-24\""),
    rule("date.range", "two dates joined by \"to\", \"until\" or a dash: \"from 1 March to 30 April 2025\""),
    rule("date.month_year", "a month of a year: \"November 2023\", \"mid-November 2023\", \"early March 2025\""),
    rule("date.year_month", "ISO year and month: \"2024-07\""),
    rule("date.end_of_month", "\"the end of March\" / \"end of March 2025\": the last day of that month"),
    rule("date.partial.day", "a day without a year (\"On November 28\", \"28th of November\"), year by tense"),
    rule("date.partial.month", "a month without a year (\"in March\", \"last October\"), year by tense"),
    rule("date.month_relative_year", "a month of a relative year: \"March next year\", \"June last year\""),
    rule("date.holiday", "\"New Year's Day\", \"Christmas\": a fixed day, year by tense"),
    rule("date.year", "a year in date context: \"in 2023\", \"since 2002\", \"by 2025\", \"2023 annual\""),
    rule("date.end_of_year", "\"the end of 2025\", \"end-2025\": December 31 of that year"),
    rule("date.start_of_year", "\"the start of 2025\": its January"),
    rule("date.mid_year_deadline", "\"by mid-2026\": June 30 of that year"),
    rule("date.half", "\"the first half of 2025\" (2025-01..2025-06), \"H2 2025\"; \"the end of\" one: its last day"),
    rule("date.quarter", "\"Q3 2025\", \"the third quarter of 2025\" (2025-07..2025-09); \"the end of\" one: its last day"),
    rule("date.first_months", "\"the first eight months of 2025\" (2025-01..2025-08)"),
    rule("date.season", "\"spring 2025\", \"the summer of 2024\" (northern seasons)"),
    rule("date.fiscal_year", "\"FY2024\", \"fiscal year 2024\""),
    rule("date.weekday", "\"on Wednesday\": the nearest such day before (past tense) or after (future) the anchor"),
    rule("date.relative.day", "\"today\", \"yesterday\", \"tomorrow\": the anchor plus or minus days"),
    rule("date.relative.week", "\"last week\", \"this week\", \"next week\": Monday to Sunday"),
    rule("date.relative.month", "\"this month\", \"earlier this month\", \"next month\", \"last month\""),
    rule("date.relative.year", "\"this year\", \"later this year\", \"later in the year\", \"next year\", \"last year\""),
    rule("date.relative.start_of_year", "\"the start of the year\": January of that year"),
    rule("date.relative.first_months", "\"the first eight months of this year\""),
    rule("date.relative.end_of_year", "\"the end of this year\", \"year-end\": December 31 (of the year just ended, early in a year and in past tense)"),
    rule("date.relative.end_of_month", "\"the end of this month\", \"month-end\": the month's last day"),
    rule("date.relative.end_of_week", "\"the end of this week\": the Sunday of that week"),
    rule("date.relative.end_of_quarter", "\"the end of the quarter\": the quarter's last day"),
    rule("date.relative.quarter", "\"this quarter\", \"the third quarter of this year\", \"the third quarter\" (year by tense)"),
    rule("date.relative.season", "\"next spring\", \"this summer\", \"last winter\": months of the season"),
    rule("date.relative.half", "\"the second half of this year\", \"the first half of next year\""),
    rule("date.relative.within", "\"within six months\" (of signature), \"in 90 days\": the anchor plus the duration, a day"),
    rule("date.relative.later", "\"two days later\", \"the next day\": counted from the day named before it"),
    rule("date.relative.ago", "\"two years ago\": the anchor minus the duration"),
];

const fn rule(id: &'static str, doc: &'static str) -> Rule {
    Rule {
        id,
        kind: RuleKind::Date,
        doc,
    }
}

/// The deadline a mention stands for: the last day of its range's end, or of its value
/// ("by 2025" -> 2025-12-31). Used by the commitments analyser for `due`.
pub fn deadline_of(mention: &DateMention) -> Option<NaiveDate> {
    mention.until.or(mention.value).map(DateValue::last_day)
}

/// Every full date (day, month and year all written) in `s`, by span into `s`. The publication
/// date finder uses it on the first lines of a document.
pub fn full_dates(s: &str) -> Vec<(Span, NaiveDate)> {
    full_dates_in(&Scan::new(s))
}

/// [`full_dates`] of a scanned text (or of a [`Scan::prefix`] of one).
pub(super) fn full_dates_in(scan: &Scan) -> Vec<(Span, NaiveDate)> {
    let s = scan.text();
    let mut out = Vec::new();
    for c in scan.matches(&RX_FULL) {
        if let Some((span, _, DateValue::Day(d))) = full_date(s, &c) {
            out.push((span, d));
        }
    }
    out
}

/// Finds every date expression in prose, resolving relative ones against `anchor` when given.
pub fn find_dates(
    text: &str,
    sentences: &[Sentence],
    anchor: Option<NaiveDate>,
) -> Vec<DateMention> {
    let scan = Scan::new(text);
    let dateline = super::published::dateline_in(&scan);
    find_dates_with(&scan, sentences, anchor, dateline.map(|d| d.span))
}

/// [`find_dates`] given the text's scan and the dateline's span, which `analyze` has already
/// found (the dateline with the same scan).
pub(super) fn find_dates_with(
    scan: &Scan,
    sentences: &[Sentence],
    anchor: Option<NaiveDate>,
    dateline: Option<Span>,
) -> Vec<DateMention> {
    let text = scan.text();
    let ctx = Ctx {
        text,
        sentences,
        dateline,
        tense: RefCell::new(FxHashMap::default()),
        pipes: OnceCell::new(),
        scan,
    };
    let mut cands = Vec::new();
    collect_full(&ctx, &mut cands);
    collect_day_ranges(&ctx, &mut cands);
    collect_month_days(&ctx, &mut cands);
    collect_months(&ctx, &mut cands);
    collect_years(&ctx, &mut cands);
    collect_relative(&ctx, &mut cands);
    collect_weekdays(&ctx, &mut cands);
    if text.bytes().any(|b| b >= 0xe3) {
        collect_cjk(&ctx, &mut cands); // only text with CJK characters has CJK dates
    }
    let chosen = merge_ranges(&ctx, select(cands));
    // The last event day named so far (not a deadline after the anchor): what "two days later"
    // counts from.
    let mut last_day: Option<NaiveDate> = None;
    chosen
        .into_iter()
        .filter_map(|c| {
            let tense = if needs_tense(c.kind) {
                ctx.tense_at(c.span, c.lean)
            } else {
                Tense::None
            };
            let (value, until, trace) = match c.kind {
                Kind::Later(n, unit) => {
                    let from = last_day?;
                    let d = shift(from, n as i64, unit)?;
                    let how = format!("{from} (the day named before) + {n} {}", unit.plural());
                    (Some(DateValue::Day(d)), None, format!("{how} -> {d}"))
                }
                kind => resolve(kind, anchor, tense)?,
            };
            if let Some(DateValue::Day(d)) = until.or(value) {
                if anchor.is_none_or(|a| d <= a) {
                    last_day = Some(d);
                }
            }
            let rule = if dateline.is_some_and(|d| d.contains(c.span) || c.span.contains(d)) {
                "date.dateline"
            } else {
                c.rule
            };
            Some(DateMention {
                text: c.span.slice(text).to_string(),
                value,
                until,
                trace,
                rule: rule.to_string(),
                span: c.span,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Patterns

const DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?";
const YEAR: &str = r"(?:1[89][0-9]{2}|2[01][0-9]{2})";
#[rustfmt::skip]
const MONTH_NAMES: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];
#[rustfmt::skip]
const WEEKDAYS: [&str; 7] = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
];

/// Month names as written in English prose: capitalised or upper case, full or abbreviated
/// ("Nov.", "Sept"). Lower case is left out so the verb "may" is never a month.
fn month_pat(full_only: bool) -> String {
    let mut full: Vec<String> = MONTH_NAMES.iter().map(|m| m.to_string()).collect();
    full.extend(MONTH_NAMES.iter().map(|m| m.to_uppercase()));
    if full_only {
        return format!(r"(?:(?:{})\b)", full.join("|"));
    }
    let mut abbr: Vec<String> = [
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .map(|m| m.to_string())
    .collect();
    abbr.extend(abbr.clone().iter().map(|m| m.to_uppercase()));
    format!(r"(?:(?:{})\b|(?:{})\b\.?)", full.join("|"), abbr.join("|"))
}

fn weekday_pat() -> String {
    let mut all: Vec<String> = WEEKDAYS.iter().map(|w| w.to_string()).collect();
    all.extend(WEEKDAYS.iter().map(|w| w.to_uppercase()));
    format!(r"(?:(?:{})\b)", all.join("|"))
}

/// An optional weekday before a full date ("Tuesday, November 28, 2023").
fn weekday_prefix() -> String {
    format!(
        r"(?:(?:{}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?),?\s+)?",
        weekday_pat()
    )
}

const DASH: &str = r"(?:-|–|—|to|until|till|through|and)";

static RX_FULL: LazyLock<DateRegex> = LazyLock::new(|| {
    let m = month_pat(false);
    let w = weekday_prefix();
    DateRegex::new(
        &format!(
            r"\b{w}(?P<a_d>{DAY})(?:(?:\s+day)?\s+of)?\s+(?P<a_m>{m}),?\s+(?P<a_y>{YEAR})\b|\b{w}(?P<b_m>{m})\s*(?P<b_d>{DAY}),?\s+(?P<b_y>{YEAR})\b|\b(?P<c_y>{YEAR})(?P<c_s1>[-/.])(?P<c_m>\d{{1,2}})(?P<c_s2>[-/.])(?P<c_d>\d{{1,2}})(?:T[0-9:.]+(?:Z|[+-][0-9]{{2}}:?[0-9]{{2}})?)?\b|\b(?P<e_a>\d{{1,2}})(?P<e_s1>[-/.])(?P<e_b>\d{{1,2}})(?P<e_s2>[-/.])(?P<e_y>{YEAR})\b|(?P<f_y>{YEAR})\s*[年년]\s*(?P<f_m>\d{{1,2}})\s*[月월]\s*(?P<f_d>\d{{1,2}})\s*[日일]|\b(?P<g_y>{YEAR})\.\s+(?P<g_m>\d{{1,2}})\.\s+(?P<g_d>\d{{1,2}})\b\.?"
        ),
        scan::FULL,
    )
});

static RX_DAY_RANGE: LazyLock<DateRegex> = LazyLock::new(|| {
    let m = month_pat(false);
    DateRegex::new(
        &format!(
            r"\b(?P<a_d1>{DAY})(?:\s+of)?\s+(?P<a_m1>{m})\s*{DASH}\s*(?P<a_d2>{DAY})(?:\s+of)?\s+(?P<a_m2>{m})(?:,?\s+(?P<a_y>{YEAR})\b)?|\b(?P<b_d1>{DAY})\s*{DASH}\s*(?P<b_d2>{DAY})(?:\s+of)?\s+(?P<b_m>{m})(?:,?\s+(?P<b_y>{YEAR})\b)?|\b(?P<c_m1>{m})\s*(?P<c_d1>{DAY})\s*{DASH}\s*(?:(?P<c_m2>{m})\s*)?(?P<c_d2>{DAY})\b(?:,?\s+(?P<c_y>{YEAR})\b)?|\b(?:(?i:the)\s+)?(?P<w_n>(?i:first|second|third|fourth|last))\s+week\s+of\s+(?P<w_m>{m})(?:,?\s+(?P<w_y>{YEAR})\b)?"
        ),
        scan::DAY_RANGE,
    )
});

static RX_MONTH_DAY: LazyLock<DateRegex> = LazyLock::new(|| {
    let m = month_pat(false);
    let w = weekday_pat();
    DateRegex::new(
        &format!(
            r"\b(?:(?P<wd>{w}),?\s+)?(?P<m>{m})\s*(?P<d>{DAY})\b|\b(?:(?P<wd2>{w}),?\s+(?:(?i:the)\s+)?)?(?P<d2>{DAY})(?:\s+of)?\s+(?P<m2>{m})"
        ),
        scan::MONTH_DAY,
    )
});

const MODS: &str = r"(?i:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of|end)";

static RX_MONTH: LazyLock<DateRegex> = LazyLock::new(|| {
    let m = month_pat(false);
    DateRegex::new(
        &format!(
            r"\b(?:(?P<mod>{MODS})[-\s]+)?(?P<m>{m})(?:\s*(?P<sep>-|–|—|(?i:to|and|until|till|through))\s*(?P<m2>{m}))?(?:,?\s+(?:of\s+)?(?P<y>{YEAR})\b|\s+(?:(?i:of)\s+)?(?P<rel>(?i:this|next|last)\s+year)\b)?"
        ),
        scan::MONTH,
    )
});

const YMODS: &str = r"(?i:early|mid|late|(?:the\s+)?end[-\s]+of(?:\s+the)?(?:\s+(?:first|second|third|fourth|1st|2nd|3rd|4th|last)\s+(?:quarter|half)\s+of|\s+[QH][1-4])?|(?:the\s+)?year[-\s]end(?:\s+of)?|end|(?:the\s+)?beginning\s+of|(?:the\s+)?start\s+of|(?:the\s+)?middle\s+of|(?:the\s+)?(?:first|second|1st|2nd|latter)\s+half\s+of|H[12]|(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|last)\s+quarter\s+of|Q[1-4]|fiscal\s+year|fiscal|FY|(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of)?)";

static RX_YEAR: LazyLock<DateRegex> = LazyLock::new(|| {
    DateRegex::new(
        &format!(
            r"\b(?:(?P<mod>{YMODS})[-\s]*)?(?P<y>{YEAR})(?:\s*(?P<sep>-|–|—|/|(?i:to|and|until|till|through))\s*(?P<y2>{YEAR}|\d{{2}}))?\b(?P<poss>['’]s\b)?"
        ),
        scan::YEAR,
    )
});

const NUM: &str = r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one)\s+hundred";

static RX_REL: LazyLock<DateRegex> = LazyLock::new(|| {
    let alternatives = [
        r"(?P<day>today|yesterday|tomorrow|tonight|this\s+(?:morning|afternoon|evening))".to_string(),
        r"(?P<hol>new\s+year['’]s\s+(?:day|eve)|christmas(?:\s+(?:day|eve))?)".to_string(),
        r"(?P<eo>(?:the\s+)?end\s+of\s+(?P<eow>the|this|next|last|the\s+current)\s+(?P<eou>year|month|week|quarter)|(?:the\s+)?year[-\s]end|(?:the\s+)?end[-\s]of[-\s]year|the\s+year['’]s\s+end|(?:the\s+)?month[-\s]end)".to_string(),
        r"(?P<sy>(?:the\s+)?(?:start|beginning)\s+of\s+(?P<syw>the|this|next|last)\s+(?P<syu>year|month))".to_string(),
        r"(?P<lin>(?:earlier|later)\s+in\s+the\s+(?P<linu>year|month))".to_string(),
        format!(r"(?P<fm>(?:the\s+)?first\s+(?P<fmn>{NUM})\s+months\s+of\s+(?:(?P<fmw>this|the|last|next)\s+year|(?P<fmy>{YEAR})))"),
        r"(?P<half>(?:the\s+)?(?P<he>end\s+of\s+the\s+)?(?P<hn>first|second|1st|2nd|latter)\s+half\s+of\s+(?P<hw>this|next|last|the)\s+year)".to_string(),
        r"(?P<qtr>(?:the\s+)?(?P<qe>end\s+of\s+the\s+)?(?P<qn>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+quarter(?:\s+of\s+(?P<qw>this|next|last|the)\s+year)?|(?P<qw2>this|next|last|the\s+current)\s+quarter)".to_string(),
        r"(?P<sea>(?P<seaw>this|next|last|the\s+coming|the\s+past)\s+(?P<seas>spring|summer|autumn|fall|winter))".to_string(),
        r"(?P<rel>(?:(?P<rmod>earlier|later|early|late|mid|the\s+middle\s+of)[-\s]+)?(?P<rw>this|last|next|the\s+current|the\s+coming|the\s+previous)\s+(?P<ru>year|month|week))".to_string(),
        format!(r"(?P<dur>(?P<dw>within|in)\s+(?:the\s+next\s+|a\s+period\s+of\s+)?(?P<dn>{NUM})(?:\s*\(\d{{1,3}}\))?\s+(?P<du>days?|weeks?|months?|years?)(?P<dtime>['’]s?\s+time)?)"),
        format!(r"(?P<later>(?P<ln>{NUM})\s+(?P<lu>days?|weeks?)\s+later|the\s+(?:following|next)\s+day|the\s+day\s+after)"),
        format!(r"(?P<ago>(?P<an>{NUM})\s+(?P<au>days?|weeks?|months?|years?)\s+ago)"),
    ];
    DateRegex::new(
        &format!(r"(?i)\b(?:{})\b", alternatives.join("|")),
        scan::REL,
    )
});

/// Chinese, Japanese and Korean years, months and days ("2024年", "2025年9月", "9月3日",
/// "5월 14일") and the commonest relative words.
static RX_CJK: LazyLock<DateRegex> = LazyLock::new(|| {
    DateRegex::new(
        &format!(
            r"(?P<y>{YEAR})\s*[年년](?:\s*(?P<m>\d{{1,2}})\s*[月월])?|(?P<m2>\d{{1,2}})\s*[月월]\s*(?P<d2>\d{{1,2}})\s*[日일]|(?P<ry>去年|昨年|작년|지난해|今年|올해|금년|明年|来年|내년)|(?P<rd>今天|昨天|明天|오늘|어제|내일)"
        ),
        scan::CJK,
    )
});

/// "Brussels,", "Kuala Lumpur,", "Geneva, Switzerland,": a place before a date line.
static PLACE_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(r"^\p{Lu}[\p{L}.'\- ]{1,40}(?:,\s*\p{Lu}[\p{L}.'\- ]{1,30})?,$")
});

static RX_WEEKDAY: LazyLock<DateRegex> = LazyLock::new(|| {
    DateRegex::new(
        &format!(
            r"\b(?:(?P<wm>(?i:last|next|this|coming|past))\s+)?(?P<wd>{})",
            weekday_pat()
        ),
        scan::WEEKDAY,
    )
});

/// Words that set the tense of the clause around a year-less date: future first, so "agreed to"
/// reads as future and "agreed" as past.
static RX_TENSE: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(
        r"(?i)\b(?:(?P<fp>would|was\s+to|were\s+to|was\s+due|were\s+due|was\s+scheduled|were\s+scheduled|was\s+expected\s+to|were\s+expected\s+to|had\s+planned|had\s+promised|promised|planned)|(?P<pf>agreed\s+to|decided\s+to|pledged\s+to|committed\s+to|resolved\s+to|undertook\s+to|vowed\s+to|accepted\s+to)|(?P<f>will|shall|won't|is\s+to|are\s+to|is\s+due|are\s+due|be\s+(?:held|\w+ed)|scheduled|expected\s+to|plans?\s+to|planning|intends?\s+to|aims?\s+to|set\s+to|going\s+to|upcoming|forthcoming|next|agree\s+to)|(?P<p>was|were|had|did|held|met|signed|took|said|told|announced|began|went|came|saw|gave|made|won|last|ago)|(?P<w>\w{3,}ed))\b",
    )
});

// ---------------------------------------------------------------------------------------------
// Candidates

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    /// "would", "was to": a future seen from a past moment, which may lie on either side of the
    /// anchor, so it resolves like no tense except where noted.
    FutureInPast,
    None,
}

/// What a tense marker says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Past,
    Future,
    FutureInPast,
    /// "agreed to", "decided to": the agreeing is past, the action future, so a date before the
    /// verb is past ("On Wednesday, the Council decided to ...") and one after it future.
    PastThenFuture,
    /// A word in -ed: often a past tense, but also a participle ("items carried on the lane"),
    /// so it counts only when no explicit marker is in reach.
    WeakPast,
}

/// What a candidate's own words or its preposition say about its direction in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lean {
    /// Use the sentence's tense.
    Sentence,
    Past,
    Future,
    /// "by March": future unless the clause says otherwise ("promised ... by September").
    SoftFuture,
}

/// A year-less day or month ("November 28", "mid-March", "the end of March").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Part {
    month: u32,
    day: Option<u32>,
    end_of: bool,
}

impl Part {
    fn in_year(self, y: i32) -> Option<DateValue> {
        match (self.day, self.end_of) {
            (Some(d), _) => NaiveDate::from_ymd_opt(y, self.month, d).map(DateValue::Day),
            (None, true) => {
                NaiveDate::from_ymd_opt(y, self.month, 1)?;
                Some(DateValue::Day(DateValue::Month(y, self.month).last_day()))
            }
            (None, false) => {
                NaiveDate::from_ymd_opt(y, self.month, 1).map(|_| DateValue::Month(y, self.month))
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn plural(self) -> &'static str {
        match self {
            Unit::Day => "days",
            Unit::Week => "weeks",
            Unit::Month => "months",
            Unit::Year => "years",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    Days(i64),
    Week(i64),
    Month(i32),
    Year(i32),
    /// Year offset; whether it said "the year" rather than "this year".
    EndOfYear(i32, bool),
    StartOfYear(i32),
    EndOfMonth(i32),
    EndOfWeek(i64),
    EndOfQuarter(i32),
    /// Year offset, quarter (0: the anchor's own quarter), its last day only ("the end of").
    Quarter(i32, u32, bool),
    /// A quarter without a year ("the third quarter"), placed by tense; its last day only?
    QuarterByTense(u32, bool),
    /// Year offset, half, its last day only?
    Half(i32, u32, bool),
    /// Year offset, number of months from January ("the first eight months of this year").
    FirstMonths(i32, u32),
    /// Direction (-1 last, 0 this, 1 next), first and last month of a season ("next spring").
    Season(i32, u32, u32),
    MonthOfYear(i32, u32),
    After(u32, Unit),
    Ago(u32, Unit),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Fixed(DateValue, Option<DateValue>),
    Partial(Part, Option<Part>),
    /// A year-less day with its weekday ("Friday 5 July"), which fixes the year.
    DayOfWeek(Part, Weekday),
    Weekday(Weekday),
    Rel(Rel),
    /// "two days later", "the next day": counted from the day named before it in the text.
    Later(u32, Unit),
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    span: Span,
    rule: &'static str,
    kind: Kind,
    lean: Lean,
}

struct Ctx<'a> {
    text: &'a str,
    sentences: &'a [Sentence],
    dateline: Option<Span>,
    /// Tense markers of each sentence asked about, by the sentence's start: found only where a
    /// year-less date needs them.
    tense: RefCell<FxHashMap<usize, Vec<(usize, Marker)>>>,
    /// Offsets of every `|`, for table cells; computed on first use.
    pipes: OnceCell<Vec<usize>>,
    /// Where the date regexes may start.
    scan: &'a Scan<'a>,
}

impl Ctx<'_> {
    /// The prose sentence holding `span`, if any.
    fn sentence(&self, span: Span) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.span.0 <= span.0);
        let s = self.sentences.get(i.checked_sub(1)?)?;
        if !s.span.contains(span) {
            return None;
        }
        if s.prose {
            return Some(s.span);
        }
        table_cell(self.text, self.pipes(), s.span, span)
    }

    /// Where every `|` of the text is, found once.
    fn pipes(&self) -> &[usize] {
        self.pipes
            .get_or_init(|| self.text.match_indices('|').map(|(i, _)| i).collect())
    }

    /// Whether a candidate at `span` may be reported: inside prose, or the dateline.
    fn allowed(&self, span: Span) -> bool {
        self.sentence(span).is_some() || self.dateline.is_some_and(|d| span.contains(d))
    }

    /// Whether `span` is a full date on a line of its own, after a place or a label only
    /// ("Brussels, 12 February 2025" under a joint statement, "Date: 14 March 2025"): a date even
    /// though the line is not prose. Links in menus ("Tariffs from 01.01.2025") have other words.
    fn date_line(&self, span: Span) -> bool {
        let i = self.sentences.partition_point(|s| s.span.0 <= span.0);
        let Some(s) = i.checked_sub(1).and_then(|j| self.sentences.get(j)) else {
            return false;
        };
        if !s.span.contains(span) {
            return false;
        }
        let before = self.text[s.span.0..span.0]
            .trim()
            .trim_matches(['*', '_'])
            .trim();
        let after = self.text[span.1..s.span.1].trim();
        // A programme or itinerary heading: "2.1 Monday, 9 March - The Hague.", "Day 2: 10
        // March, Bern".
        let numbered = before.is_empty()
            || before.ends_with(':')
            || before
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ')');
        let place_after = after
            .strip_prefix(['-', '–', '—', ',', ':'])
            .map(|p| p.trim().trim_end_matches('.'))
            .is_some_and(|p| {
                let words: Vec<&str> = p.split_whitespace().collect();
                !words.is_empty()
                    && words.len() <= 4
                    && words
                        .iter()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase) || *w == "of")
            });
        (after
            .chars()
            .all(|c| matches!(c, '.' | '*' | '_' | ')' | ']'))
            && (before.is_empty() || before.ends_with(':') || PLACE_COMMA.is_match(before)))
            || (numbered && place_after)
    }

    fn push(&self, out: &mut Vec<Cand>, span: Span, rule: &'static str, kind: Kind) {
        if self.allowed(span) {
            let lean = lean_before(self.text, span.0);
            out.push(Cand {
                span,
                rule,
                kind,
                lean,
            });
        }
    }

    /// The tense of the clause around `span`: the nearest tense marker before it in its sentence,
    /// else the nearest after it.
    fn tense_at(&self, span: Span, lean: Lean) -> Tense {
        match lean {
            Lean::Past => return Tense::Past,
            Lean::Future => return Tense::Future,
            Lean::Sentence | Lean::SoftFuture => {}
        }
        let Some(sent) = self.sentence(span) else {
            return Tense::None;
        };
        let mut cache = self.tense.borrow_mut();
        let markers = cache
            .entry(sent.0)
            .or_insert_with(|| tense_markers(self.text, sent));
        let i = markers.partition_point(|&(p, _)| p < span.0);
        let before = markers[..i]
            .iter()
            .rev()
            .take_while(|&&(p, _)| p >= sent.0 && span.0 - p <= REACH_BEFORE);
        let after = markers[i..]
            .iter()
            .skip_while(|&&(p, _)| p < span.1)
            .take_while(|&&(p, _)| p < sent.1 && p - span.1 <= REACH_AFTER);
        let strong = |&&(_, m): &&(usize, Marker)| m != Marker::WeakPast;
        // The governing verb usually comes first ("will meet on Friday", "signed in March");
        // a later one counts when nothing precedes ("On November 28, the meeting was held").
        if let Some(&(p, m)) = before.clone().find(strong) {
            let between = &self.text[p..span.0];
            // "said that from January the company would ...": a date inside reported speech
            // takes the tense of the reported clause, when its verb follows.
            if m == Marker::Past && between.contains(" that ") {
                let reported = after.clone().find(strong).map(|&(_, m)| m);
                match reported {
                    Some(Marker::Future) => return Tense::Future,
                    Some(Marker::FutureInPast) => return Tense::FutureInPast,
                    _ => {}
                }
            }
            // "pledged to tighten controls, in a statement released late on Wednesday": a
            // participle right before the date governs it, not the agreeing verb further back.
            if m == Marker::PastThenFuture {
                if let Some(&(q, _)) = before
                    .clone()
                    .next()
                    .filter(|&&(q, w)| w == Marker::WeakPast && q > p)
                {
                    let gap = self.text[q..span.0].split_whitespace().count();
                    if gap <= 4 {
                        return Tense::Past;
                    }
                }
            }
            return match m {
                Marker::Past | Marker::WeakPast => Tense::Past,
                Marker::Future | Marker::PastThenFuture => Tense::Future,
                Marker::FutureInPast => Tense::FutureInPast,
            };
        }
        if lean == Lean::SoftFuture {
            return Tense::Future;
        }
        if let Some(&(_, m)) = after.clone().find(strong) {
            return match m {
                Marker::Past | Marker::WeakPast | Marker::PastThenFuture => Tense::Past,
                Marker::Future => Tense::Future,
                Marker::FutureInPast => Tense::FutureInPast,
            };
        }
        if before.chain(after).next().is_some() {
            Tense::Past // only -ed words around
        } else {
            Tense::None
        }
    }
}

/// How far (in bytes) a tense marker may stand before the date it governs.
const REACH_BEFORE: usize = 150;
/// How far (in bytes) a tense marker may stand after the date it governs.
const REACH_AFTER: usize = 80;

/// The tense markers of sentence `sent`, by byte offset into `text`.
/// Whether resolving `kind` depends on the tense of its clause.
fn needs_tense(kind: Kind) -> bool {
    match kind {
        Kind::Fixed(..) => false,
        Kind::Partial(..) | Kind::Weekday(_) | Kind::DayOfWeek(..) => true,
        Kind::Later(..) => false,
        Kind::Rel(r) => matches!(r, Rel::EndOfYear(..) | Rel::QuarterByTense(..)),
    }
}

/// The cell of a table row ("| 3 | Set up a group | Both | by end-January 2026 |") that holds
/// `span`: deadlines in action-plan tables are dates although the row is not a sentence. A row
/// without the outer pipes ("A1 | Draft the label | SingPost | 15 December 2025") counts when
/// the line above or below has as many pipes: a table, not a line of site links.
///
/// `pipes` are the byte offsets of every `|` in `text`, so that a long row costs a binary search
/// per candidate rather than a scan.
fn table_cell(text: &str, pipes: &[usize], sentence: Span, span: Span) -> Option<Span> {
    // The line holding the span, inside its sentence (the segmenter may join table lines).
    let row = Span(
        text[sentence.0..span.0]
            .rfind('\n')
            .map_or(sentence.0, |i| sentence.0 + i + 1),
        text[span.1..sentence.1]
            .find('\n')
            .map_or(sentence.1, |i| span.1 + i),
    );
    let r = row.slice(text).trim_end_matches('\r');
    let row = Span(row.0, row.0 + r.len());
    let r = r.trim();
    let pipes_in =
        |s: Span| pipes.partition_point(|&p| p < s.1) - pipes.partition_point(|&p| p < s.0);
    let (first, last) = (
        pipes.partition_point(|&p| p < row.0),
        pipes.partition_point(|&p| p < row.1),
    );
    let n = last - first;
    let framed = r.starts_with('|') && r.ends_with('|');
    if n < if framed { 3 } else { 2 } {
        return None;
    }
    if !framed {
        // The lines right above and below the row's line.
        let line_start = text[..row.0].rfind('\n').map_or(0, |i| i + 1);
        let above = match line_start.checked_sub(1) {
            Some(end) => Span(text[..end].rfind('\n').map_or(0, |i| i + 1), end),
            None => Span(0, 0),
        };
        let below = match text[row.1..].find('\n') {
            Some(i) => {
                let start = row.1 + i + 1;
                Span(
                    start,
                    text[start..].find('\n').map_or(text.len(), |j| start + j),
                )
            }
            None => Span(text.len(), text.len()),
        };
        let sibling = |s: Span| s.0 < s.1 && s != row && pipes_in(s) == n;
        if !sibling(above) && !sibling(below) {
            return None;
        }
    }
    // The last pipe before the span and the first at or after its end, inside the row (or the
    // row's own ends when it has no outer pipes).
    let before = pipes.partition_point(|&p| p < span.0);
    let start = if before > first {
        pipes[before - 1] + 1
    } else if framed {
        return None;
    } else {
        row.0
    };
    let after = pipes.partition_point(|&p| p < span.1);
    let end = if after < last {
        pipes[after]
    } else if framed {
        return None;
    } else {
        row.1
    };
    let cell = Span(start, end);
    let t = cell.slice(text);
    (!t.trim().is_empty() && !t.trim().chars().all(|c| c == '-' || c == ':')).then_some(cell)
}

fn tense_markers(text: &str, sent: Span) -> Vec<(usize, Marker)> {
    let base = sent.0;
    RX_TENSE
        .captures_iter(sent.slice(text))
        .filter_map(|c| {
            for (name, m) in [
                ("f", Marker::Future),
                ("fp", Marker::FutureInPast),
                ("pf", Marker::PastThenFuture),
            ] {
                if let Some(g) = c.name(name) {
                    return Some((base + g.start(), m));
                }
            }
            if let Some(p) = c.name("p") {
                return Some((base + p.start(), Marker::Past));
            }
            let w = c.name("w")?;
            let lower = w.as_str().to_lowercase();
            (!matches!(
                lower.as_str(),
                "hundred" | "need" | "speed" | "indeed" | "seed" | "feed"
            ))
            .then_some((base + w.start(), Marker::WeakPast))
        })
        .collect()
}

/// How far back (in bytes) the word before a date is looked for: every word compared is short,
/// and a bound keeps runs like "2023-2024-2025-..." (one "word" per year) linear.
const PREV_WORD_REACH: usize = 256;

/// The word right before byte `pos`, lower-cased, and where it starts (within
/// [`PREV_WORD_REACH`] bytes).
fn prev_word(text: &str, pos: usize) -> (Low<'_>, usize) {
    let mut from = pos.saturating_sub(PREV_WORD_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[..pos];
    let before = &before[..from + before[from..].trim_end().len()];
    let start = before[from..]
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric() && c != '-')
        .map_or(from, |(i, c)| from + i + c.len_utf8());
    (lowercase(&before[start..]), start)
}

/// The word right after byte `pos` (letters only), as written.
fn next_word(text: &str, pos: usize) -> &str {
    let after = text[pos..].trim_start();
    let end = after
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map(|(i, _)| i)
        .unwrap_or(after.len());
    &after[..end]
}

/// A deadline or "since" preposition right before a date fixes its direction in time.
fn lean_before(text: &str, pos: usize) -> Lean {
    let (w, start) = prev_word(text, pos);
    match w.as_str() {
        "by" | "before" | "until" | "till" | "than" => {
            // "no later than", "not later than" as well as "by".
            if w == "than" && !prev_word(text, start).0.ends_with("later") {
                Lean::Sentence
            } else {
                Lean::SoftFuture
            }
        }
        "since" | "last" => Lean::Past,
        "next" => Lean::Future,
        _ => Lean::Sentence,
    }
}

fn month_num(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_lowercase();
    let p = l.get(..3)?;
    MONTH_NAMES
        .iter()
        .position(|m| m[..3].eq_ignore_ascii_case(p))
        .map(|i| i as u32 + 1)
}

fn day_num(s: &str) -> Option<u32> {
    s.trim_end_matches(|c: char| c.is_alphabetic())
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d))
}

fn num(c: &Caps, name: &str) -> Option<i64> {
    c.name(name)?.as_str().parse().ok()
}

fn span_of(c: &Caps) -> Span {
    let m = c.whole();
    Span(m.start(), m.end())
}

/// Whether a digit (or a number-joining character before a digit) touches the span, which makes
/// it part of a larger number: a phone number, a registration number, "2,025".
fn inside_number(text: &str, span: Span) -> bool {
    let before = &text[..span.0];
    let mut b = before.chars().rev();
    match (b.next(), b.next()) {
        (Some(c), _)
            if c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥' | '₩' | '#' | '№') =>
        {
            return true
        }
        (Some(c), Some(d)) if matches!(c, '.' | ',' | ':' | '/' | '-') && d.is_ascii_digit() => {
            return true
        }
        (Some(' '), Some(d))
            if d.is_ascii_digit()
                && !ends_with_time(before.trim_end())
                && !after_section_number(before) =>
        {
            return true
        }
        _ => {}
    }
    let after = &text[span.1..];
    let mut a = after.chars();
    match (a.next(), a.next()) {
        (Some(c), _) if c.is_ascii_digit() || c == '%' => true,
        (Some(c), Some(d))
            if matches!(c, '.' | ',' | ':' | '/' | '-' | '–') && d.is_ascii_digit() =>
        {
            true
        }
        (Some(' '), Some(d)) if d.is_ascii_digit() => !starts_with_time(after.trim_start()),
        _ => false,
    }
}

/// Whether `before` ends with a section number opening its line ("2.1 " before "Monday, 9
/// March"): a numbered heading, not a number that runs into the date.
fn after_section_number(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or(before).trim();
    line.contains('.') && line.len() <= 8 && line.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// "16:40 ...": a time of day, which may stand beside a date ("2025.02.27 16:40").
fn starts_with_time(s: &str) -> bool {
    let b = s.as_bytes();
    let h = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&h)
        && b.get(h) == Some(&b':')
        && b.get(h + 1).is_some_and(u8::is_ascii_digit)
        && b.get(h + 2).is_some_and(u8::is_ascii_digit)
}

/// "... 08:15": a time of day right before a date.
fn ends_with_time(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    n >= 4
        && b[n - 1].is_ascii_digit()
        && b[n - 2].is_ascii_digit()
        && b[n - 3] == b':'
        && b[n - 4].is_ascii_digit()
}

/// Words before a number that make it a label or an amount, never a year.
const NOT_YEAR_BEFORE: &[&str] = &[
    "no", "nos", "number", "tel", "phone", "fax", "article", "section", "room", "page", "pages",
    "p", "pp", "version", "v", "ver", "iso", "isbn", "code", "id", "ref", "order", "decree", "law",
    "model", "type", "flight", "route", "bus", "km", "usd", "krw", "rmb", "cny", "eur", "jpy",
    "yen", "yuan", "won", "dollars", "euros", "gbp", "hkd", "sgd", "thb", "inr", "vnd", "chf",
    "aud", "cad", "item", "items", "unit", "units", "box", "ticket", "case", "file", "patent",
    "rule", "annex",
];

/// Prepositions after which a four-digit number in range is a year.
#[rustfmt::skip]
const YEAR_PREP: &[&str] = &[
    "in", "by", "since", "from", "until", "till", "through", "throughout", "before", "after",
    "during", "circa", "between", "year", "years", "of", "for", "and", "or", "to", "nor", "&",
];

/// Nouns before "of" that make the year after it a date ("the end of 2025", "the same period of
/// 2024").
#[rustfmt::skip]
const PERIOD_NOUNS: &[&str] = &[
    "end", "beginning", "start", "middle", "half", "quarter", "spring", "summer", "autumn", "fall",
    "winter", "rest", "remainder", "course", "as", "part", "class", "month", "months", "year",
    "years", "budget", "period",
];

/// Nouns before "of" that make the number after it a quantity ("a total of 2000").
#[rustfmt::skip]
const QUANTITY_NOUNS: &[&str] = &[
    "total", "number", "sum", "fleet", "group", "set", "out", "amount", "population", "maximum",
    "minimum", "average", "capacity", "rate", "price", "cost", "fee", "value", "volume", "batch",
    "team", "staff", "workforce", "crowd", "audience", "score", "budget", "loss", "profit", "sales",
    "revenue", "turnover", "deficit", "surplus", "increase", "decrease", "rise", "fall", "growth",
    "decline", "drop", "cut", "list", "series", "pool", "network", "range", "estimate", "estimated",
    "approximately", "about", "around", "nearly", "almost", "over", "up",
];

/// Nouns that a year can qualify ("the 2023 annual report", "2025 budget").
#[rustfmt::skip]
const YEAR_NOUNS: &[&str] = &[
    "annual", "budget", "budgets", "fiscal", "financial", "season", "edition", "plan", "report",
    "census", "election", "elections", "olympics", "games", "summit", "forum", "conference",
    "congress", "target", "targets", "goal", "goals", "results", "review", "agenda", "calendar",
    "session", "meeting", "assembly", "expo", "exhibition", "festival", "championship", "cup",
    "roadmap", "strategy", "vision", "work", "action", "levels", "level", "figures", "volumes",
    "peak", "baseline", "average", "total", "totals", "accounts", "statistics", "survey",
];

/// Verbs after a year that opens its sentence ("2023 was a record year").
const YEAR_SUBJECT_VERBS: &[&str] = &[
    "was", "is", "will", "has", "had", "marks", "marked", "saw", "sees", "brought", "began",
    "proved", "became",
];

/// Lower-case words ending in "s" that can follow a year (the rest read as the plural noun of a
/// count: "2000 employees").
#[rustfmt::skip]
const S_FUNCTION: &[&str] = &[
    "was", "is", "has", "its", "this", "thus", "as", "always", "afterwards", "towards", "does",
    "his", "hers", "ours", "theirs", "yes", "plus", "whereas", "unless", "less", "across",
    "perhaps", "besides", "sometimes", "onwards", "upwards", "results", "goals", "targets",
    "elections", "games", "olympics", "budgets", "marks", "sees", "respectively",
];

fn count_noun_follows(text: &str, end: usize) -> bool {
    let w = next_word(text, end);
    let after_space = text[end..].starts_with(char::is_whitespace);
    after_space
        && w.len() >= 3
        && w.ends_with('s')
        && w.chars().all(|c| c.is_lowercase())
        && !S_FUNCTION.contains(&w)
}

/// Whether a bare year at `span` stands in date context. `last_year_end` is where the previous
/// accepted year ended, so lists ("in 2019, 2020 and 2021") keep going.
fn year_in_context(ctx: &Ctx, span: Span, y: i32, last_year_end: Option<usize>) -> bool {
    let text = ctx.text;
    if inside_number(text, span) {
        return false;
    }
    let (prev, prev_start) = prev_word(text, span.0);
    if NOT_YEAR_BEFORE.contains(&prev.as_str()) {
        return false;
    }
    // "their 2019 levels", "the 2023 annual report"
    let next = next_word(text, span.1).to_lowercase();
    if YEAR_NOUNS.contains(&next.as_str()) && text[span.1..].starts_with(' ') {
        return true;
    }
    if count_noun_follows(text, span.1) {
        return false;
    }
    let (before, after) = (text[..span.0].trim_end(), text[span.1..].trim_start());
    if (before.ends_with('(') && after.starts_with(')'))
        || (before.ends_with('|') && after.starts_with('|'))
    {
        return true; // "(2017)", or alone in a table cell
    }
    let listed = last_year_end.is_some_and(|e| span.0 >= e && span.0 - e <= 12);
    match prev.as_str() {
        "of" => {
            // "the end of 2025", "the agreement of 2007"; but "a total of 2000".
            let (before_of, _) = prev_word(text, prev_start);
            PERIOD_NOUNS.contains(&before_of.as_str())
                || (!QUANTITY_NOUNS.contains(&before_of.as_str())
                    && before_of.chars().all(char::is_alphabetic)
                    && !before_of.is_empty())
        }
        "for" => y % 100 != 0,
        // "compared with 2022", "compared to 2022"
        "with" | "to" | "against" if prev_word(text, prev_start).0.starts_with("compar") => true,
        "versus" | "vs" => true,
        // "the 2019 Istanbul Congress", "the 2024 Paris Olympics": a year naming an event.
        "the" => {
            let raw_next = next_word(text, span.1);
            raw_next.chars().next().is_some_and(char::is_uppercase)
                && raw_next.chars().skip(1).all(char::is_lowercase)
                && text[span.1..].starts_with(' ')
        }
        "and" | "or" | "to" | "nor" | "&" => listed,
        p if YEAR_PREP.contains(&p) => true,
        _ => {
            if listed && text[last_year_end.unwrap_or(0)..span.0].trim() == "," {
                return true;
            }
            let at_start = ctx
                .sentence(span)
                .is_some_and(|s| text[s.0..span.0].trim_matches(['"', '“', '(']).is_empty());
            at_start
                && (text[span.1..].starts_with(['\'', '’'])
                    || YEAR_SUBJECT_VERBS.contains(&next.as_str()))
        }
    }
}

fn full_date(text: &str, c: &Caps) -> Option<(Span, &'static str, DateValue)> {
    let span = span_of(c);
    let (y, m, d, rule) = if c.name("a_d").is_some() {
        (
            num(c, "a_y")?,
            month_num(c.name("a_m")?.as_str())?,
            day_num(c.name("a_d")?.as_str())?,
            "date.dmy",
        )
    } else if c.name("b_m").is_some() {
        (
            num(c, "b_y")?,
            month_num(c.name("b_m")?.as_str())?,
            day_num(c.name("b_d")?.as_str())?,
            "date.mdy",
        )
    } else if c.name("c_y").is_some() {
        if c.name("c_s1")?.as_str() != c.name("c_s2")?.as_str() || inside_number(text, span) {
            return None;
        }
        (
            num(c, "c_y")?,
            num(c, "c_m")? as u32,
            num(c, "c_d")? as u32,
            "date.iso",
        )
    } else if c.name("e_a").is_some() {
        let sep = c.name("e_s1")?.as_str();
        if sep != c.name("e_s2")?.as_str() || inside_number(text, span) {
            return None;
        }
        let (a, b) = (num(c, "e_a")? as u32, num(c, "e_b")? as u32);
        // Dots and dashes are day-first by convention; slashes only when one reading is possible.
        let (d, m) = if sep != "/" || a > 12 || a == b {
            (a, b)
        } else if b > 12 {
            (b, a)
        } else {
            return None;
        };
        (num(c, "e_y")?, m, d, "date.numeric")
    } else if c.name("g_y").is_some() {
        // "2025. 5. 14." as Korean notices write it.
        (
            num(c, "g_y")?,
            num(c, "g_m")? as u32,
            num(c, "g_d")? as u32,
            "date.iso",
        )
    } else {
        (
            num(c, "f_y")?,
            num(c, "f_m")? as u32,
            num(c, "f_d")? as u32,
            "date.cjk",
        )
    };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    Some((span, rule, DateValue::Day(date)))
}

fn collect_full(ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in ctx.scan.matches(&RX_FULL) {
        if let Some((span, rule, v)) = full_date(ctx.text, &c) {
            if ctx.allowed(span) {
                ctx.push(out, span, rule, Kind::Fixed(v, None));
            } else if ctx.date_line(span) {
                out.push(Cand {
                    span,
                    rule: "date.line",
                    kind: Kind::Fixed(v, None),
                    lean: Lean::Sentence,
                });
            }
        }
    }
}

/// Builds a year-less or full value from a month, a day and an optional year.
fn day_kind(m: u32, d: u32, y: Option<i64>) -> Option<Kind> {
    let part = Part {
        month: m,
        day: Some(d),
        end_of: false,
    };
    match y {
        Some(y) => Some(Kind::Fixed(part.in_year(y as i32)?, None)),
        None => {
            // Year-less: the day must exist in some year (Feb 29 does).
            NaiveDate::from_ymd_opt(2024, m, d)?;
            Some(Kind::Partial(part, None))
        }
    }
}

fn range_kind(a: (u32, u32), b: (u32, u32), y: Option<i64>) -> Option<Kind> {
    let pa = Part {
        month: a.0,
        day: Some(a.1),
        end_of: false,
    };
    let pb = Part {
        month: b.0,
        day: Some(b.1),
        end_of: false,
    };
    if (b.0, b.1) <= (a.0, a.1) {
        return None;
    }
    match y {
        Some(y) => Some(Kind::Fixed(
            pa.in_year(y as i32)?,
            Some(pb.in_year(y as i32)?),
        )),
        None => {
            NaiveDate::from_ymd_opt(2024, a.0, a.1)?;
            NaiveDate::from_ymd_opt(2024, b.0, b.1)?;
            Some(Kind::Partial(pa, Some(pb)))
        }
    }
}

fn collect_day_ranges(ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in ctx.scan.matches(&RX_DAY_RANGE) {
        let g = |n: &str| c.name(n).map(|m| m.as_str());
        let kind = if let Some(d1) = g("a_d1") {
            let (m1, m2) = (
                month_num(g("a_m1").unwrap_or("")),
                month_num(g("a_m2").unwrap_or("")),
            );
            match (m1, m2, day_num(d1), g("a_d2").and_then(day_num)) {
                (Some(m1), Some(m2), Some(d1), Some(d2)) => {
                    range_kind((m1, d1), (m2, d2), num(&c, "a_y"))
                }
                _ => None,
            }
        } else if let Some(d1) = g("b_d1") {
            match (
                g("b_m").and_then(month_num),
                day_num(d1),
                g("b_d2").and_then(day_num),
            ) {
                (Some(m), Some(d1), Some(d2)) => range_kind((m, d1), (m, d2), num(&c, "b_y")),
                _ => None,
            }
        } else if let Some(n) = g("w_n") {
            // "the first week of December": days 1-7; "the last week": the last seven days.
            let Some(m) = g("w_m").and_then(month_num) else {
                continue;
            };
            let y = num(&c, "w_y");
            let len = DateValue::Month(y.map_or(2023, |y| y as i32), m)
                .last_day()
                .day();
            let first = match n.to_lowercase().as_str() {
                "first" => 1,
                "second" => 8,
                "third" => 15,
                "fourth" => 22,
                _ => len - 6,
            };
            range_kind((m, first), (m, first + 6), y)
        } else {
            let m1 = g("c_m1").and_then(month_num);
            let m2 = g("c_m2").and_then(month_num).or(m1);
            match (
                m1,
                m2,
                g("c_d1").and_then(day_num),
                g("c_d2").and_then(day_num),
            ) {
                (Some(m1), Some(m2), Some(d1), Some(d2)) => {
                    range_kind((m1, d1), (m2, d2), num(&c, "c_y"))
                }
                _ => None,
            }
        };
        if let Some(kind) = kind {
            let span = span_of(&c);
            if ctx.allowed(span) {
                ctx.push(out, span, "date.range.days", kind);
            } else if ctx.date_line(span) {
                out.push(Cand {
                    span,
                    rule: "date.line",
                    kind,
                    lean: Lean::Sentence,
                });
            }
        }
    }
}

fn collect_month_days(ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in ctx.scan.matches(&RX_MONTH_DAY) {
        let (m, d) = match (c.name("m"), c.name("d")) {
            (Some(m), Some(d)) => (m.as_str(), d.as_str()),
            _ => match (c.name("m2"), c.name("d2")) {
                (Some(m), Some(d)) => (m.as_str(), d.as_str()),
                _ => continue,
            },
        };
        let weekday = c
            .name("wd")
            .or(c.name("wd2"))
            .map(|w| weekday_of(w.as_str()));
        let span = span_of(&c);
        if inside_number(ctx.text, span) {
            continue;
        }
        if let (Some(m), Some(d)) = (month_num(m), day_num(d)) {
            if let Some(kind) = day_kind(m, d, None) {
                let kind = match (kind, weekday) {
                    // "Friday 5 July": the year in which that day is a Friday.
                    (Kind::Partial(p, None), Some(w)) => Kind::DayOfWeek(p, w),
                    (kind, _) => kind,
                };
                if ctx.allowed(span) {
                    ctx.push(out, span, "date.partial.day", kind);
                } else if ctx.date_line(span) {
                    out.push(Cand {
                        span,
                        rule: "date.line",
                        kind,
                        lean: Lean::Sentence,
                    });
                }
            }
        }
    }
}

/// Words before a bare month name that make it a date ("in March", "by March").
#[rustfmt::skip]
const MONTH_PREP: &[&str] = &[
    "in", "by", "since", "until", "till", "from", "to", "through", "throughout", "during", "before",
    "after", "between", "and", "or", "of", "around", "last", "next", "this", "early", "mid", "late",
    "as", "for",
];

fn collect_months(ctx: &Ctx, out: &mut Vec<Cand>) {
    let text = ctx.text;
    for c in ctx.scan.matches(&RX_MONTH) {
        let span = span_of(&c);
        let Some(mm) = c.name("m") else { continue };
        let Some(m) = month_num(mm.as_str()) else {
            continue;
        };
        let modifier = c.name("mod").map(|x| x.as_str().to_lowercase());
        let end_of = modifier.as_deref().is_some_and(|x| x.contains("end"));
        let year = num(&c, "y").map(|y| y as i32);
        let (prev, prev_start) = prev_word(text, span.0);
        let full_name = mm.as_str().len() >= 3
            && MONTH_NAMES
                .iter()
                .any(|n| n.eq_ignore_ascii_case(mm.as_str()));
        let contextual = modifier.is_some() || MONTH_PREP.contains(&prev.as_str());
        let part = Part {
            month: m,
            day: None,
            end_of,
        };
        let rule_single = |y: Option<i32>| match (y, end_of) {
            (_, true) => "date.end_of_month",
            (Some(_), false) => "date.month_year",
            (None, false) => "date.partial.month",
        };
        // A second month: a range when the words say so, otherwise a list of two months.
        if let (Some(m2m), Some(sep)) = (c.name("m2"), c.name("sep")) {
            let Some(m2) = month_num(m2m.as_str()) else {
                continue;
            };
            let sep = sep.as_str().to_lowercase();
            let is_range = match sep.as_str() {
                "and" => prev == "between",
                "-" | "–" | "—" => true,
                _ => prev == "from" || year.is_some(),
            };
            let p2 = Part {
                month: m2,
                day: None,
                end_of: false,
            };
            if is_range && m2 > m && !end_of {
                let kind = match year {
                    Some(y) => Kind::Fixed(DateValue::Month(y, m), Some(DateValue::Month(y, m2))),
                    None if contextual => Kind::Partial(part, Some(p2)),
                    None => continue,
                };
                ctx.push(out, span, "date.range.months", kind);
                continue;
            }
            // "in March and May 2025": two months of the same year.
            let first = Span(span.0, mm.end());
            let second = Span(m2m.start(), span.1);
            if let Some(y) = year {
                ctx.push(
                    out,
                    second,
                    "date.month_year",
                    Kind::Fixed(DateValue::Month(y, m2), None),
                );
                if let Some(v) = part.in_year(y) {
                    ctx.push(out, first, rule_single(Some(y)), Kind::Fixed(v, None));
                }
            } else if contextual && full_name {
                ctx.push(out, first, rule_single(None), Kind::Partial(part, None));
                ctx.push(out, second, "date.partial.month", Kind::Partial(p2, None));
            }
            continue;
        }
        if let Some(y) = year {
            if let Some(v) = part.in_year(y) {
                ctx.push(out, span, rule_single(Some(y)), Kind::Fixed(v, None));
            }
        } else if let Some(rel) = c.name("rel") {
            let off = match rel.as_str().to_lowercase().split_whitespace().next() {
                Some("next") => 1,
                Some("last") => -1,
                _ => 0,
            };
            let _ = rel;
            ctx.push(
                out,
                span,
                "date.month_relative_year",
                Kind::Rel(Rel::MonthOfYear(off, m)),
            );
        } else if contextual && (full_name || modifier.is_some()) {
            if recurring(text, span) {
                continue; // "each year in December": a schedule, not a date
            }
            // "last October", "next March": the direction word belongs to the expression.
            let span = if modifier.is_none() && matches!(prev.as_str(), "last" | "next" | "this") {
                Span(prev_start, span.1)
            } else {
                span
            };
            let lean = match prev.as_str() {
                "last" => Lean::Past,
                "next" => Lean::Future,
                _ => lean_before(text, span.0),
            };
            if ctx.allowed(span) {
                out.push(Cand {
                    span,
                    rule: rule_single(None),
                    kind: Kind::Partial(part, None),
                    lean,
                });
            }
        }
    }
}

/// Whether the words around `span` make it recurring: "each year in December", "every March",
/// "in June every year", "annually in May".
fn recurring(text: &str, span: Span) -> bool {
    let mut from = span.0.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (span.1 + 20).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = text[from..span.0].to_lowercase();
    let after = text[span.1..to].to_lowercase();
    let (prev, _) = prev_word(text, span.0);
    matches!(prev.as_str(), "every" | "each")
        || ["each year", "every year", "annually", "yearly"]
            .iter()
            .any(|w| before.contains(w) || after.trim_start().starts_with(w))
}

fn collect_years(ctx: &Ctx, out: &mut Vec<Cand>) {
    let text = ctx.text;
    let mut last_year_end: Option<usize> = None;
    for c in ctx.scan.matches(&RX_YEAR) {
        let Some(ym) = c.name("y") else { continue };
        let Ok(y) = ym.as_str().parse::<i32>() else {
            continue;
        };
        let span = span_of(&c);
        let year_span = Span(ym.start(), ym.end());
        let modifier = c.name("mod").map(|m| m.as_str().to_lowercase());
        // A second year or a month after the first.
        if let (Some(y2m), Some(sep)) = (c.name("y2"), c.name("sep")) {
            let sep = sep.as_str().to_lowercase();
            let raw = y2m.as_str();
            let y2: i32 = if raw.len() == 2 {
                (y / 100) * 100 + raw.parse::<i32>().unwrap_or(0)
            } else {
                raw.parse().unwrap_or(0)
            };
            let whole = Span(span.0, y2m.end());
            let (prev, _) = prev_word(text, span.0);
            let words_ok = match sep.as_str() {
                "and" => prev == "between",
                "to" | "until" | "till" | "through" => prev == "from" || prev == "between",
                _ => true,
            };
            if modifier.is_none() && sep == "-" && raw.len() == 2 && !inside_number(text, whole) {
                // "2024-07": an ISO year and month.
                let m: u32 = raw.parse().unwrap_or(0);
                if (1..=12).contains(&m) && !NOT_YEAR_BEFORE.contains(&prev.as_str()) {
                    ctx.push(
                        out,
                        whole,
                        "date.year_month",
                        Kind::Fixed(DateValue::Month(y, m), None),
                    );
                    continue;
                }
            }
            if modifier.is_none()
                && words_ok
                && y2 > y
                && y2 - y <= 50
                && !inside_number(text, whole)
                && !NOT_YEAR_BEFORE.contains(&prev.as_str())
            {
                ctx.push(
                    out,
                    whole,
                    "date.range.years",
                    Kind::Fixed(DateValue::Year(y), Some(DateValue::Year(y2))),
                );
                last_year_end = Some(whole.1);
                continue;
            }
            if matches!(sep.as_str(), "/" | "-" | "–" | "—") {
                continue; // "No. 2023-14", "2023/14": not dates
            }
            // "in 2019 and 2021", "in 2020 to ...": each year on its own.
            if modifier.is_none() {
                bare_year(ctx, out, year_span, y, &mut last_year_end);
                if raw.len() == 4 {
                    bare_year(
                        ctx,
                        out,
                        Span(y2m.start(), y2m.end()),
                        y2,
                        &mut last_year_end,
                    );
                }
                continue;
            }
        }
        let span = Span(span.0, ym.end());
        let Some(modifier) = modifier else {
            bare_year(ctx, out, year_span, y, &mut last_year_end);
            continue;
        };
        if inside_number(text, span) {
            continue;
        }
        let m = modifier.as_str();
        // "the end of the first quarter of 2026" is that quarter's last day.
        let end_only = m.contains("end");
        let half_code = m.contains("h1") || m.contains("h2");
        let quarter_code = ["q1", "q2", "q3", "q4"].iter().any(|q| m.contains(q));
        let (rule, kind) = if m.contains("half") || half_code {
            let first = m.contains("first") || m.contains("1st") || m.contains("h1");
            let (a, b) = if first { (1, 6) } else { (7, 12) };
            let (v, until) = period(y, a, b, end_only);
            ("date.half", Kind::Fixed(v, until))
        } else if m.contains("quarter") || quarter_code {
            let q = quarter_num(m);
            let (v, until) = period(y, q * 3 - 2, q * 3, end_only);
            ("date.quarter", Kind::Fixed(v, until))
        } else if m.contains("beginning") || m.contains("start") {
            (
                "date.start_of_year",
                Kind::Fixed(DateValue::Month(y, 1), None),
            )
        } else if (m == "mid" || m.contains("middle"))
            && lean_before(text, span.0) == Lean::SoftFuture
        {
            // "by mid-2026": a deadline at the middle of the year.
            (
                "date.mid_year_deadline",
                Kind::Fixed(DateValue::Day(DateValue::Month(y, 6).last_day()), None),
            )
        } else if end_only {
            (
                "date.end_of_year",
                Kind::Fixed(DateValue::Day(DateValue::Year(y).last_day()), None),
            )
        } else if m.contains("fiscal") || m == "fy" {
            ("date.fiscal_year", Kind::Fixed(DateValue::Year(y), None))
        } else if let Some((a, b)) = season(m) {
            let (ya, yb) = if a > b { (y, y + 1) } else { (y, y) };
            (
                "date.season",
                Kind::Fixed(DateValue::Month(ya, a), Some(DateValue::Month(yb, b))),
            )
        } else {
            ("date.year", Kind::Fixed(DateValue::Year(y), None))
        };
        ctx.push(out, span, rule, kind);
        last_year_end = Some(span.1);
    }
}

/// Pushes a year written alone when its context makes it a date.
fn bare_year(ctx: &Ctx, out: &mut Vec<Cand>, span: Span, y: i32, last_end: &mut Option<usize>) {
    if year_in_context(ctx, span, y, *last_end) {
        ctx.push(
            out,
            span,
            "date.year",
            Kind::Fixed(DateValue::Year(y), None),
        );
        *last_end = Some(span.1);
    }
}

fn quarter_num(m: &str) -> u32 {
    if m.contains("second") || m.contains("2nd") || m.contains('2') {
        2
    } else if m.contains("third") || m.contains("3rd") || m.contains('3') {
        3
    } else if m.contains("fourth") || m.contains("4th") || m.contains("last") || m.contains('4') {
        4
    } else {
        1
    }
}

/// First and last month of a northern-hemisphere season named in `m`.
fn season(m: &str) -> Option<(u32, u32)> {
    if m.contains("spring") {
        Some((3, 5))
    } else if m.contains("summer") {
        Some((6, 8))
    } else if m.contains("autumn") || m.contains("fall") {
        Some((9, 11))
    } else if m.contains("winter") {
        Some((12, 2))
    } else {
        None
    }
}

fn word_num(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    if let Some((tens, ones)) = s.split_once('-') {
        return Some(word_num(tens)? + word_num(ones)?);
    }
    if s.ends_with("hundred") {
        return Some(100);
    }
    Some(match s.as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn unit_of(s: &str) -> Unit {
    let s = s.to_lowercase();
    if s.starts_with("day") {
        Unit::Day
    } else if s.starts_with("week") {
        Unit::Week
    } else if s.starts_with("month") {
        Unit::Month
    } else {
        Unit::Year
    }
}

fn offset_of(w: &str) -> i32 {
    match w.to_lowercase().split_whitespace().last() {
        Some("next") | Some("coming") => 1,
        Some("last") | Some("previous") => -1,
        _ => 0,
    }
}

/// What may follow "within six months of": the signing (the document's own date), not another
/// event ("within 30 days of posting").
static RX_OF_SIGNING: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(
        r"(?i)^\s+of\s+(?:the\s+|its\s+|their\s+)?(?:date\s+of\s+)?(?:signature|signing|sign|entry\s+into\s+force|effective\s+date|this\s+(?:memorandum|agreement|mou|statement|declaration|communiqu[eé]|report|decision|resolution|letter|plan|document)|adoption|conclusion|publication|the\s+date\s+(?:hereof|of\s+this))\b",
    )
});

fn collect_relative(ctx: &Ctx, out: &mut Vec<Cand>) {
    let text = ctx.text;
    for c in ctx.scan.matches(&RX_REL) {
        let mut span = span_of(&c);
        let g = |n: &str| c.name(n).map(|m| m.as_str().to_lowercase());
        let off_of = |n: &str| g(n).map(|w| offset_of(&w)).unwrap_or(0);
        let (rule, rel) = if let Some(d) = g("day") {
            let n = match d.as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            ("date.relative.day", Rel::Days(n))
        } else if let Some(h) = g("hol") {
            let (month, day) = if h.starts_with("new") {
                if h.ends_with("eve") {
                    (12, 31)
                } else {
                    (1, 1)
                }
            } else if h.ends_with("eve") {
                (12, 24)
            } else {
                (12, 25)
            };
            let part = Part {
                month,
                day: Some(day),
                end_of: false,
            };
            ctx.push(out, span, "date.holiday", Kind::Partial(part, None));
            continue;
        } else if let Some(eo) = g("eo") {
            let off = off_of("eow");
            let definite = g("eow").is_none_or(|w| w == "the");
            match g("eou").as_deref() {
                Some("month") => ("date.relative.end_of_month", Rel::EndOfMonth(off)),
                Some("week") => ("date.relative.end_of_week", Rel::EndOfWeek(off as i64)),
                Some("quarter") => ("date.relative.end_of_quarter", Rel::EndOfQuarter(off)),
                Some(_) => ("date.relative.end_of_year", Rel::EndOfYear(off, definite)),
                None if eo.contains("month") => ("date.relative.end_of_month", Rel::EndOfMonth(0)),
                None => ("date.relative.end_of_year", Rel::EndOfYear(0, true)),
            }
        } else if c.name("sy").is_some() {
            let off = off_of("syw");
            match g("syu").as_deref() {
                Some("month") => ("date.relative.month", Rel::Month(off)),
                _ => ("date.relative.start_of_year", Rel::StartOfYear(off)),
            }
        } else if c.name("lin").is_some() {
            match g("linu").as_deref() {
                Some("month") => ("date.relative.month", Rel::Month(0)),
                _ => ("date.relative.year", Rel::Year(0)),
            }
        } else if c.name("fm").is_some() {
            let Some(n) = g("fmn")
                .as_deref()
                .and_then(word_num)
                .filter(|n| (1..=12).contains(n))
            else {
                continue;
            };
            if let Some(y) = g("fmy").and_then(|y| y.parse::<i32>().ok()) {
                let kind = Kind::Fixed(DateValue::Month(y, 1), Some(DateValue::Month(y, n)));
                ctx.push(out, span, "date.first_months", kind);
                continue;
            }
            (
                "date.relative.first_months",
                Rel::FirstMonths(off_of("fmw"), n),
            )
        } else if c.name("half").is_some() {
            let h = g("hn").unwrap_or_default();
            let half = if h == "first" || h == "1st" { 1 } else { 2 };
            let rel = Rel::Half(off_of("hw"), half, c.name("he").is_some());
            ("date.relative.half", rel)
        } else if c.name("qtr").is_some() {
            let end = c.name("qe").is_some();
            match (g("qn"), g("qw"), g("qw2")) {
                (Some(q), Some(w), _) => (
                    "date.relative.quarter",
                    Rel::Quarter(offset_of(&w), quarter_num(&q), end),
                ),
                // "the third quarter": of the year the tense points to.
                (Some(q), None, _) => (
                    "date.relative.quarter",
                    Rel::QuarterByTense(quarter_num(&q), end),
                ),
                (_, _, Some(w)) => (
                    "date.relative.quarter",
                    Rel::Quarter(offset_of(&w), 0, false),
                ),
                _ => continue,
            }
        } else if let Some(name) = g("seas") {
            let Some((first, last)) = season(&name) else {
                continue;
            };
            (
                "date.relative.season",
                Rel::Season(off_of("seaw"), first, last),
            )
        } else if c.name("rel").is_some() {
            let off = off_of("rw");
            match g("ru").as_deref() {
                Some("week") => ("date.relative.week", Rel::Week(off as i64)),
                Some("month") => ("date.relative.month", Rel::Month(off)),
                _ => ("date.relative.year", Rel::Year(off)),
            }
        } else if c.name("dur").is_some() {
            let w = g("dw").unwrap_or_default();
            let Some(n) = g("dn").as_deref().and_then(word_num) else {
                continue;
            };
            let unit = unit_of(&g("du").unwrap_or_default());
            let article = matches!(g("dn").as_deref(), Some("a" | "an"));
            // "within 30 days of posting" counts from another event, not from the anchor.
            let rest = text[span.1..].trim_start();
            if rest.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("of ")) {
                match RX_OF_SIGNING.find(&text[span.1..]) {
                    // "within twelve months of this Statement": the words name the anchor.
                    Some(m) => span = Span(span.0, span.1 + m.end()),
                    None => continue,
                }
            }
            if w == "in" {
                // "in two years" is a deadline, but "rose 20% in two years" a duration, and
                // "in a year" reads as "per year" unless it says "'s time".
                if (article && c.name("dtime").is_none())
                    || ctx.tense_at(span, Lean::Sentence) == Tense::Past
                {
                    continue;
                }
                if let Some(m) = c.name("dn") {
                    span = Span(m.start(), span.1);
                }
            }
            ("date.relative.within", Rel::After(n, unit))
        } else if c.name("later").is_some() {
            let n = g("ln").as_deref().and_then(word_num).unwrap_or(1);
            let unit = g("lu").map_or(Unit::Day, |u| unit_of(&u));
            ctx.push(out, span, "date.relative.later", Kind::Later(n, unit));
            continue;
        } else if c.name("ago").is_some() {
            let Some(n) = g("an").as_deref().and_then(word_num) else {
                continue;
            };
            (
                "date.relative.ago",
                Rel::Ago(n, unit_of(&g("au").unwrap_or_default())),
            )
        } else {
            continue;
        };
        ctx.push(out, span, rule, Kind::Rel(rel));
    }
}

fn collect_cjk(ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in ctx.scan.matches(&RX_CJK) {
        let span = span_of(&c);
        if inside_number(ctx.text, span) {
            continue;
        }
        let (rule, kind) = if let Some(y) = num(&c, "y") {
            let y = y as i32;
            match num(&c, "m") {
                Some(m) if (1..=12).contains(&m) => (
                    "date.cjk.month",
                    Kind::Fixed(DateValue::Month(y, m as u32), None),
                ),
                Some(_) => continue,
                None => ("date.cjk.year", Kind::Fixed(DateValue::Year(y), None)),
            }
        } else if let (Some(m), Some(d)) = (num(&c, "m2"), num(&c, "d2")) {
            match day_kind(m as u32, d as u32, None) {
                Some(kind) => ("date.cjk.partial", kind),
                None => continue,
            }
        } else if let Some(w) = c.name("ry") {
            let off = match w.as_str() {
                "去年" | "昨年" | "작년" | "지난해" => -1,
                "明年" | "来年" | "내년" => 1,
                _ => 0,
            };
            ("date.relative.year", Kind::Rel(Rel::Year(off)))
        } else if let Some(w) = c.name("rd") {
            let off = match w.as_str() {
                "昨天" | "어제" => -1,
                "明天" | "내일" => 1,
                _ => 0,
            };
            ("date.relative.day", Kind::Rel(Rel::Days(off)))
        } else {
            continue;
        };
        ctx.push(out, span, rule, kind);
    }
}

fn weekday_of(name: &str) -> Weekday {
    match name.to_lowercase().get(..3) {
        Some("mon") => Weekday::Mon,
        Some("tue") => Weekday::Tue,
        Some("wed") => Weekday::Wed,
        Some("thu") => Weekday::Thu,
        Some("fri") => Weekday::Fri,
        Some("sat") => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn collect_weekdays(ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in ctx.scan.matches(&RX_WEEKDAY) {
        let Some(wd) = c.name("wd") else { continue };
        let day = weekday_of(wd.as_str());
        let span = span_of(&c);
        if !ctx.allowed(span) {
            continue;
        }
        // "every Monday", "open Monday to Friday": a schedule, not a date; "Black Friday" is a
        // name.
        let (prev, _) = prev_word(ctx.text, span.0);
        let next = next_word(ctx.text, span.1).to_lowercase();
        let dash_next = ctx.text[span.1..].trim_start().starts_with(['-', '–', '—']);
        if matches!(
            next.as_str(),
            "mornings" | "afternoons" | "evenings" | "nights"
        ) {
            continue; // "open on Saturday mornings": a schedule
        }
        if matches!(
            prev.as_str(),
            "every"
                | "each"
                | "to"
                | "through"
                | "until"
                | "till"
                | "black"
                | "good"
                | "cyber"
                | "ash"
                | "super"
                | "holy"
                | "easter"
        ) || ((next == "to" || next == "through" || dash_next)
            && WEEKDAYS.iter().any(|w| {
                let after = ctx.text[span.1..].trim_start();
                let after = after.trim_start_matches(['-', '–', '—']).trim_start();
                let after = after
                    .strip_prefix("to ")
                    .or_else(|| after.strip_prefix("through "))
                    .unwrap_or(after);
                after.starts_with(w)
            }))
        {
            continue;
        }
        let lean = match c.name("wm").map(|m| m.as_str().to_lowercase()).as_deref() {
            Some("last") | Some("past") => Lean::Past,
            Some("next") | Some("coming") => Lean::Future,
            _ => lean_before(ctx.text, span.0),
        };
        out.push(Cand {
            span,
            rule: "date.weekday",
            kind: Kind::Weekday(day),
            lean,
        });
    }
}

/// Keeps the longest candidates that do not overlap, in text order.
fn select(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by_key(|c| (std::cmp::Reverse(c.span.len()), c.span.0));
    let mut taken: std::collections::BTreeMap<usize, Cand> = std::collections::BTreeMap::new();
    for c in cands {
        let clash_before = taken
            .range(..c.span.1)
            .next_back()
            .is_some_and(|(_, t)| t.span.1 > c.span.0);
        if !clash_before {
            taken.insert(c.span.0, c);
        }
    }
    taken.into_values().collect()
}

static RX_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    super::segment::ascii_regex(
        r"(?i)^\s*(?:(?P<dash>-|–|—)|(?P<word>to|until|till|through|and))\s*$",
    )
});

/// Joins "A to B", "from A until B", "between A and B" and "A - B" into ranges, carrying the
/// year of the end to a year-less start ("from 1 March to 30 April 2025").
fn merge_ranges(ctx: &Ctx, cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(prev) = out.last_mut() {
            if let Some(merged) = try_merge(ctx, prev, &c) {
                *prev = merged;
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn try_merge(ctx: &Ctx, a: &Cand, b: &Cand) -> Option<Cand> {
    let gap = ctx.text.get(a.span.1..b.span.0).filter(|g| g.len() <= 12)?;
    let j = RX_JOIN.captures(gap)?;
    let (prev, _) = prev_word(ctx.text, a.span.0);
    let ok = match j.name("word").map(|w| w.as_str().to_lowercase()).as_deref() {
        None => true,
        Some("and") => prev == "between",
        Some(_) => prev == "from" || prev == "between",
    };
    let span = Span(a.span.0, b.span.1);
    if !ok || ctx.sentence(span).is_none() {
        return None;
    }
    let kind = match (a.kind, b.kind) {
        (Kind::Fixed(x, None), Kind::Fixed(y, None)) if y > x => Kind::Fixed(x, Some(y)),
        (Kind::Partial(p, None), Kind::Fixed(y, None)) => {
            let mut v = p.in_year(y.year())?;
            if v.first_day() > y.first_day() {
                v = p.in_year(y.year() - 1)?;
            }
            Kind::Fixed(v, Some(y))
        }
        (Kind::Fixed(x, None), Kind::Partial(p, None)) => {
            let mut v = p.in_year(x.year())?;
            if v.first_day() < x.first_day() {
                v = p.in_year(x.year() + 1)?;
            }
            Kind::Fixed(x, Some(v))
        }
        (Kind::Partial(p, None), Kind::Partial(q, None)) => Kind::Partial(p, Some(q)),
        _ => return None,
    };
    Some(Cand {
        span,
        rule: "date.range",
        kind,
        lean: a.lean,
    })
}

// ---------------------------------------------------------------------------------------------
// Resolution

type Resolved = (Option<DateValue>, Option<DateValue>, String);

fn resolve(kind: Kind, anchor: Option<NaiveDate>, tense: Tense) -> Option<Resolved> {
    if let Kind::Fixed(v, until) = kind {
        return Some((Some(v), until, "absolute".to_string()));
    }
    let Some(a) = anchor else {
        return Some((None, None, "unresolved: no publication date".to_string()));
    };
    let tense_label = match tense {
        Tense::Past => "past tense",
        Tense::Future => "future tense",
        Tense::FutureInPast => "future in the past, nearest",
        Tense::None => "no tense, nearest",
    };
    match kind {
        Kind::Fixed(..) => None,
        Kind::Partial(p, q) => {
            let y = pick_year(p, a, tense)?;
            let v = p.in_year(y)?;
            let until = match q {
                Some(q) => {
                    let mut w = q.in_year(y)?;
                    if w.first_day() < v.first_day() {
                        w = q.in_year(y + 1)?;
                    }
                    Some(w)
                }
                None => None,
            };
            Some((Some(v), until, format!("anchor {a}, {tense_label} -> {v}")))
        }
        Kind::DayOfWeek(p, wd) => {
            let fits = (a.year() - 1..=a.year() + 1)
                .filter_map(|y| p.in_year(y))
                .filter(|v| v.first_day().weekday() == wd)
                .min_by_key(|v| (v.first_day() - a).num_days().abs());
            match fits {
                Some(v) => Some((Some(v), None, format!("anchor {a}, a {wd} -> {v}"))),
                None => resolve(Kind::Partial(p, None), anchor, tense),
            }
        }
        Kind::Weekday(wd) => {
            let back = (7 + a.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
            let before = a - chrono::Duration::days(back as i64);
            let after = a + chrono::Duration::days(if back == 0 { 7 } else { 7 - back as i64 });
            let d = match tense {
                Tense::Past => before,
                Tense::Future => after,
                Tense::None | Tense::FutureInPast => {
                    if back <= 3 {
                        before
                    } else {
                        after
                    }
                }
            };
            Some((
                Some(DateValue::Day(d)),
                None,
                format!("anchor {a}, {tense_label} -> {d} ({wd})"),
            ))
        }
        Kind::Rel(r) => resolve_rel(r, a, tense),
        Kind::Later(..) => None,
    }
}

/// The year for a year-less date: the latest on or before the anchor in past tense, the next on
/// or after it in future tense, otherwise the nearest.
fn pick_year(p: Part, a: NaiveDate, tense: Tense) -> Option<i32> {
    let span = if p.month == 2 && p.day == Some(29) {
        4
    } else {
        1
    };
    let years: Vec<(i32, NaiveDate, NaiveDate)> = (a.year() - span..=a.year() + span)
        .filter_map(|y| p.in_year(y).map(|v| (y, v.first_day(), v.last_day())))
        .collect();
    match tense {
        Tense::Past => years.iter().rev().find(|(_, f, _)| *f <= a).map(|x| x.0),
        Tense::Future => years.iter().find(|(_, _, l)| *l >= a).map(|x| x.0),
        Tense::None | Tense::FutureInPast => years
            .iter()
            .min_by_key(|(_, f, l)| {
                if *f <= a && a <= *l {
                    0
                } else {
                    (*f - a).num_days().abs().min((*l - a).num_days().abs())
                }
            })
            .map(|x| x.0),
    }
}

fn add_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

fn month_shift(a: NaiveDate, off: i32) -> Option<(i32, u32)> {
    let first = NaiveDate::from_ymd_opt(a.year(), a.month(), 1)?;
    let d = add_months(first, off)?;
    Some((d.year(), d.month()))
}

fn resolve_rel(r: Rel, a: NaiveDate, tense: Tense) -> Option<Resolved> {
    let y = a.year();
    let monday = a - chrono::Duration::days(a.weekday().num_days_from_monday() as i64);
    let (v, until, how) = match r {
        Rel::Days(n) => (
            DateValue::Day(a + chrono::Duration::days(n)),
            None,
            match n {
                -1 => "yesterday".to_string(),
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                _ => format!("{n:+} days"),
            },
        ),
        Rel::Week(n) => {
            let m = monday + chrono::Duration::days(7 * n);
            (
                DateValue::Day(m),
                Some(DateValue::Day(m + chrono::Duration::days(6))),
                rel_label(n as i32, "week"),
            )
        }
        Rel::Month(n) => {
            let (yy, mm) = month_shift(a, n)?;
            (DateValue::Month(yy, mm), None, rel_label(n, "month"))
        }
        Rel::Year(n) => (DateValue::Year(y + n), None, rel_label(n, "year")),
        Rel::EndOfYear(n, definite) => {
            // Early in a year, "the end of the year" in a past narrative is the one just ended
            // ("we promised to restore it by the end of the year, and we did").
            let prev_end = DateValue::Year(y - 1).last_day();
            let just_ended = definite
                && n == 0
                && matches!(tense, Tense::Past | Tense::FutureInPast)
                && (a - prev_end).num_days() <= 62;
            if just_ended {
                (
                    DateValue::Day(prev_end),
                    None,
                    "end of the year just ended (past tense)".to_string(),
                )
            } else {
                (
                    DateValue::Day(DateValue::Year(y + n).last_day()),
                    None,
                    end_label(n, "year"),
                )
            }
        }
        Rel::Season(n, first, last) => {
            let seasons: Vec<(DateValue, DateValue)> = (y - 2..=y + 1)
                .map(|yy| {
                    let end_year = if last < first { yy + 1 } else { yy };
                    (
                        DateValue::Month(yy, first),
                        DateValue::Month(end_year, last),
                    )
                })
                .collect();
            let pick = match n {
                1 => seasons.iter().find(|(f, _)| f.first_day() > a),
                -1 => seasons.iter().rev().find(|(_, l)| l.last_day() < a),
                _ => seasons
                    .iter()
                    .find(|(f, l)| f.first_day() <= a && a <= l.last_day())
                    .or_else(|| seasons.iter().find(|(f, _)| f.first_day() > a)),
            }?;
            let which = match n {
                1 => "next",
                -1 => "last",
                _ => "this",
            };
            (pick.0, Some(pick.1), format!("{which} season"))
        }
        Rel::StartOfYear(n) => (
            DateValue::Month(y + n, 1),
            None,
            format!("start of {}", rel_label(n, "year")),
        ),
        Rel::FirstMonths(n, months) => (
            DateValue::Month(y + n, 1),
            Some(DateValue::Month(y + n, months)),
            format!("first {months} months of {}", rel_label(n, "year")),
        ),
        Rel::EndOfMonth(n) => {
            let (yy, mm) = month_shift(a, n)?;
            (
                DateValue::Day(DateValue::Month(yy, mm).last_day()),
                None,
                end_label(n, "month"),
            )
        }
        Rel::EndOfWeek(n) => (
            DateValue::Day(monday + chrono::Duration::days(7 * n + 6)),
            None,
            end_label(n as i32, "week"),
        ),
        Rel::EndOfQuarter(n) => {
            let q_last = ((a.month() - 1) / 3) * 3 + 3;
            let (yy, mm) = month_shift(NaiveDate::from_ymd_opt(y, q_last, 1)?, 3 * n)?;
            (
                DateValue::Day(DateValue::Month(yy, mm).last_day()),
                None,
                end_label(n, "quarter"),
            )
        }
        Rel::Quarter(n, q, end) => {
            let q = if q == 0 { (a.month() - 1) / 3 + 1 } else { q };
            let (v, until) = period(y + n, q * 3 - 2, q * 3, end);
            (v, until, format!("Q{q} of {}", rel_label(n, "year")))
        }
        Rel::QuarterByTense(q, end) => {
            let first = NaiveDate::from_ymd_opt(y, q * 3 - 2, 1)?;
            let last = DateValue::Month(y, q * 3).last_day();
            let yy = match tense {
                Tense::Past if first > a => y - 1,
                Tense::Future if last < a => y + 1,
                Tense::Past | Tense::Future => y,
                // The nearest: the last one when it ended less than half a year ago.
                Tense::None | Tense::FutureInPast if first > a && (first - a).num_days() > 183 => {
                    y - 1
                }
                Tense::None | Tense::FutureInPast => y,
            };
            let (v, until) = period(yy, q * 3 - 2, q * 3, end);
            (v, until, format!("Q{q}, by tense"))
        }
        Rel::Half(n, h, end) => {
            let (f, l) = if h == 1 { (1, 6) } else { (7, 12) };
            let (v, until) = period(y + n, f, l, end);
            (v, until, format!("H{h} of {}", rel_label(n, "year")))
        }
        Rel::MonthOfYear(n, m) => (
            DateValue::Month(y + n, m),
            None,
            format!("month {m} of {}", rel_label(n, "year")),
        ),
        Rel::After(n, unit) => {
            let d = shift(a, n as i64, unit)?;
            (DateValue::Day(d), None, format!("{n} {}", unit.plural()))
        }
        Rel::Ago(n, unit) => {
            let d = shift(a, -(n as i64), unit)?;
            let v = match unit {
                Unit::Year => DateValue::Year(d.year()),
                Unit::Month => DateValue::Month(d.year(), d.month()),
                _ => DateValue::Day(d),
            };
            (v, None, format!("-{n} {}", unit.plural()))
        }
    };
    Some((Some(v), until, format!("anchor {a} + {how} -> {v}")))
}

/// Months `first..=last` of `year` as a range, or only the last day ("the end of the quarter").
fn period(year: i32, first: u32, last: u32, end_only: bool) -> (DateValue, Option<DateValue>) {
    if end_only {
        (
            DateValue::Day(DateValue::Month(year, last).last_day()),
            None,
        )
    } else {
        (
            DateValue::Month(year, first),
            Some(DateValue::Month(year, last)),
        )
    }
}

/// "this year", "next month", "last week", "+2 years".
fn rel_label(n: i32, unit: &str) -> String {
    match n {
        0 => format!("this {unit}"),
        1 => format!("next {unit}"),
        -1 => format!("last {unit}"),
        _ => format!("{n:+} {unit}s"),
    }
}

/// "end of year" for the anchor's own period, "end of next year" otherwise.
fn end_label(n: i32, unit: &str) -> String {
    if n == 0 {
        format!("end of {unit}")
    } else {
        format!("end of {}", rel_label(n, unit))
    }
}

fn shift(a: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    match unit {
        Unit::Day | Unit::Week => {
            let days = if unit == Unit::Week { n * 7 } else { n };
            if days >= 0 {
                a.checked_add_days(Days::new(days as u64))
            } else {
                a.checked_sub_days(Days::new(days.unsigned_abs()))
            }
        }
        Unit::Month => add_months(a, i32::try_from(n).ok()?),
        Unit::Year => add_months(a, i32::try_from(n.checked_mul(12)?).ok()?),
    }
}

mod scan;
#[cfg(test)]
mod tests;
