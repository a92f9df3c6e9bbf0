//! Selecting and ordering commitments for `accord commitments`: the [`Filter`], durations such as
//! `30d`, and the display order (overdue first by days late, then by due date, undated last).

use std::cmp::Ordering;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::event::Status;
use super::state::CommitmentState;
use crate::error::{Error, Result};

/// A span of time as typed on the command line: `30d`, `4w`, `2m`, `1y` (a bare number is days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Days(u32),
    Weeks(u32),
    /// Calendar months: from 31 January, one month ends on the last day of February.
    Months(u32),
    Years(u32),
}

impl Period {
    /// Parses `30d`, `4w`, `2m`, `1y` or `30`, case-insensitive, spaces allowed before the unit.
    pub fn parse(s: &str) -> Result<Period> {
        let t = s.trim().to_ascii_lowercase();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let bad = || {
            Error::Invalid(format!(
                "not a duration: {s:?} (want a number and d, w, m or y, like 30d, 4w, 2m)"
            ))
        };
        let n: u32 = num.parse().map_err(|_| bad())?;
        match unit.trim() {
            "" | "d" | "day" | "days" => Ok(Period::Days(n)),
            "w" | "week" | "weeks" => Ok(Period::Weeks(n)),
            "m" | "month" | "months" => Ok(Period::Months(n)),
            "y" | "year" | "years" => Ok(Period::Years(n)),
            _ => Err(bad()),
        }
    }

    /// The last day of the period starting at `from` (`from` plus the period), saturating at the
    /// end of chrono's calendar.
    pub fn end(self, from: NaiveDate) -> NaiveDate {
        let later = match self {
            Period::Days(n) => from.checked_add_days(chrono::Days::new(n.into())),
            Period::Weeks(n) => from.checked_add_days(chrono::Days::new(u64::from(n) * 7)),
            Period::Months(n) => from.checked_add_months(Months::new(n)),
            Period::Years(n) => n
                .checked_mul(12)
                .and_then(|m| from.checked_add_months(Months::new(m))),
        };
        later.unwrap_or(NaiveDate::MAX)
    }

    /// The number of days the period spans from `from`.
    pub fn days_from(self, from: NaiveDate) -> i64 {
        (self.end(from) - from).num_days()
    }
}

impl std::fmt::Display for Period {
    /// The short form [`Period::parse`] reads back: `30d`, `4w`, `2m`, `1y`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Days(n) => write!(f, "{n}d"),
            Period::Weeks(n) => write!(f, "{n}w"),
            Period::Months(n) => write!(f, "{n}m"),
            Period::Years(n) => write!(f, "{n}y"),
        }
    }
}

/// The options of `accord commitments`; every field set narrows the list (logical AND).
/// Name matches are case-insensitive substring matches, so `--party korea` finds "Korea Post".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// Only these statuses (empty: any).
    pub status: Vec<Status>,
    /// Only overdue at the as-of date.
    pub overdue: bool,
    /// Only active ones due between the as-of date and the end of this period (overdue excluded).
    pub due_within: Option<Period>,
    /// Only those where a committing party matches.
    pub party: Option<String>,
    /// Only those carried by a working group that matches (by the extracted group or the owner).
    pub group: Option<String>,
    /// Only those whose owner matches.
    pub owner: Option<String>,
    /// Include commitments merged into another (hidden by default).
    pub include_merged: bool,
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.trim().to_lowercase())
}

/// The fields a [`Filter`] looks at, borrowed from a [`CommitmentState`] or from a stored
/// listing row, so both are filtered by the one definition below.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    pub status: Status,
    pub due: Option<NaiveDate>,
    pub by: &'a [String],
    pub group: Option<&'a str>,
    pub owner: &'a super::event::Owner,
    pub merged: bool,
}

impl<'a> Subject<'a> {
    /// The filtered fields of a state.
    pub fn of(st: &'a CommitmentState) -> Subject<'a> {
        Subject {
            status: st.status,
            due: st.due,
            by: &st.by,
            group: st.group.as_deref(),
            owner: &st.owner,
            merged: st.merged_into.is_some(),
        }
    }

    /// As [`CommitmentState::is_active`].
    pub fn is_active(&self) -> bool {
        self.status.is_active() && !self.merged
    }

    /// As [`CommitmentState::days_late`].
    pub fn days_late(&self, as_of: NaiveDate) -> Option<i64> {
        let due = self.due?;
        (self.is_active() && due < as_of).then(|| (as_of - due).num_days())
    }

    /// As [`CommitmentState::due_soon`].
    pub fn due_soon(&self, as_of: NaiveDate, within_days: i64) -> Option<i64> {
        let due = self.due?;
        let left = (due - as_of).num_days();
        (self.is_active() && (0..=within_days).contains(&left)).then_some(left)
    }
}

impl Filter {
    /// Whether `st` passes every condition at `as_of`.
    pub fn matches(&self, st: &CommitmentState, as_of: NaiveDate) -> bool {
        self.matches_subject(&Subject::of(st), as_of)
    }

    /// Whether the subject passes every condition at `as_of`.
    pub fn matches_subject(&self, st: &Subject, as_of: NaiveDate) -> bool {
        if st.merged && !self.include_merged {
            return false;
        }
        if !self.status.is_empty() && !self.status.contains(&st.status) {
            return false;
        }
        if self.overdue && st.days_late(as_of).is_none() {
            return false;
        }
        if let Some(p) = self.due_within {
            if st.due_soon(as_of, p.days_from(as_of)).is_none() {
                return false;
            }
        }
        if let Some(party) = &self.party {
            if !st.by.iter().any(|b| contains_ci(b, party)) {
                return false;
            }
        }
        if let Some(group) = &self.group {
            let in_group = st.group.is_some_and(|g| contains_ci(g, group))
                || matches!(st.owner, super::event::Owner::Group(g) if contains_ci(g, group));
            if !in_group {
                return false;
            }
        }
        if let Some(owner) = &self.owner {
            if !st.owner.names().iter().any(|n| contains_ci(n, owner)) {
                return false;
            }
        }
        true
    }

    /// The states that match, in display order (see [`display_order`]).
    pub fn apply<'a>(
        &self,
        states: &'a [CommitmentState],
        as_of: NaiveDate,
    ) -> Vec<&'a CommitmentState> {
        let mut out: Vec<&CommitmentState> =
            states.iter().filter(|s| self.matches(s, as_of)).collect();
        out.sort_by(|a, b| display_order(a, b, as_of));
        out
    }
}

/// The list order: overdue first (most days late first), then by due date, undated last; ties by
/// id so the order is stable across runs.
pub fn display_order(a: &CommitmentState, b: &CommitmentState, as_of: NaiveDate) -> Ordering {
    let rank = |s: &CommitmentState| match (s.days_late(as_of), s.due) {
        (Some(late), _) => (0, -late, None),
        (None, Some(d)) => (1, 0, Some(d)),
        (None, None) => (2, 0, None),
    };
    rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::event::{EventKind, Owner};
    use crate::track::state::fold;
    use crate::track::state::tests::{commitment, day, extracted, user};

    #[test]
    fn periods_parse() {
        let cases = [
            ("30d", Ok(Period::Days(30))),
            ("4w", Ok(Period::Weeks(4))),
            ("2m", Ok(Period::Months(2))),
            ("1Y", Ok(Period::Years(1))),
            (" 10 days", Ok(Period::Days(10))),
            ("7", Ok(Period::Days(7))),
            ("d", Err(())),
            ("3x", Err(())),
            ("-3d", Err(())),
            ("", Err(())),
            ("99999999999d", Err(())),
        ];
        for (s, want) in cases {
            assert_eq!(Period::parse(s).map_err(|_| ()), want, "{s:?}");
        }
        for p in [
            Period::Days(30),
            Period::Weeks(4),
            Period::Months(2),
            Period::Years(1),
        ] {
            assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
        }
        let err = Period::parse("3x").unwrap_err().to_string();
        assert!(err.contains("\"3x\"") && err.contains("30d"), "{err}");
    }

    #[test]
    fn period_ends() {
        let cases = [
            ("2024-01-31", Period::Months(1), "2024-02-29"),
            ("2024-12-01", Period::Days(30), "2024-12-31"),
            ("2024-12-01", Period::Weeks(4), "2024-12-29"),
            ("2024-02-29", Period::Years(1), "2025-02-28"),
        ];
        for (from, p, want) in cases {
            assert_eq!(p.end(day(from)), day(want), "{from} + {p:?}");
        }
        assert_eq!(
            Period::Years(u32::MAX).end(day("2024-01-01")),
            NaiveDate::MAX
        );
    }

    fn states() -> Vec<CommitmentState> {
        let mk = |id: &str, by: &[&str], due: Option<&str>| {
            fold(&[extracted(
                &commitment(id, by, "do a thing", due),
                "2024-01-01",
            )])
            .unwrap()
        };
        let mut grouped = mk(
            "C-000000g1",
            &["China Post", "Japan Post"],
            Some("2024-09-30"),
        );
        grouped
            .apply(&user(
                "C-000000g1",
                "2024-02-01",
                EventKind::OwnerChanged {
                    owner: Owner::Group("Joint Working Group".into()),
                    note: None,
                },
            ))
            .unwrap();
        let mut done = mk("C-000000d1", &["Korea Post"], Some("2024-05-01"));
        done.apply(&user(
            "C-000000d1",
            "2024-04-01",
            EventKind::StatusChanged {
                to: Status::Done,
                note: None,
            },
        ))
        .unwrap();
        vec![
            mk("C-000000u1", &["Korea Post"], None),
            mk("C-000000o1", &["Korea Post"], Some("2024-06-01")),
            mk("C-000000o2", &["Japan Post"], Some("2024-05-01")),
            mk("C-000000s1", &["Japan Post"], Some("2024-07-10")),
            mk("C-000000l1", &["China Post"], Some("2025-01-01")),
            grouped,
            done,
        ]
    }

    #[test]
    fn filters_select() {
        let as_of = day("2024-07-01");
        let all = states();
        let f = |f: Filter| -> Vec<String> {
            f.apply(&all, as_of).iter().map(|s| s.id.clone()).collect()
        };
        let cases: Vec<(&str, Filter, Vec<&str>)> = vec![
            (
                "no filter: overdue by lateness, then due, undated last",
                Filter::default(),
                vec![
                    "C-000000o2",
                    "C-000000o1",
                    "C-000000d1",
                    "C-000000s1",
                    "C-000000g1",
                    "C-000000l1",
                    "C-000000u1",
                ],
            ),
            (
                "overdue",
                Filter {
                    overdue: true,
                    ..Filter::default()
                },
                vec!["C-000000o2", "C-000000o1"],
            ),
            (
                "due within 30d",
                Filter {
                    due_within: Some(Period::Days(30)),
                    ..Filter::default()
                },
                vec!["C-000000s1"],
            ),
            (
                "due within 3m",
                Filter {
                    due_within: Some(Period::Months(3)),
                    ..Filter::default()
                },
                vec!["C-000000s1", "C-000000g1"],
            ),
            (
                "status done",
                Filter {
                    status: vec![Status::Done],
                    ..Filter::default()
                },
                vec!["C-000000d1"],
            ),
            (
                "party substring, any case",
                Filter {
                    party: Some("japan".into()),
                    ..Filter::default()
                },
                vec!["C-000000o2", "C-000000s1", "C-000000g1"],
            ),
            (
                "group",
                Filter {
                    group: Some("joint working".into()),
                    ..Filter::default()
                },
                vec!["C-000000g1"],
            ),
            (
                "owner follows the override",
                Filter {
                    owner: Some("China Post".into()),
                    ..Filter::default()
                },
                vec!["C-000000l1"],
            ),
            (
                "and of party and overdue",
                Filter {
                    party: Some("Korea Post".into()),
                    overdue: true,
                    ..Filter::default()
                },
                vec!["C-000000o1"],
            ),
        ];
        for (name, filter, want) in cases {
            assert_eq!(f(filter), want, "{name}");
        }
    }
}
