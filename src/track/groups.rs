//! Working groups as records: who is in them, what they are for, where they were founded, where
//! they were seen since, the commitments they carry, and whether they are active or dormant at an
//! as-of date (derived, never stored).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::event::{EvidenceRef, Owner};
use super::filter::Period;
use super::state::CommitmentState;
use crate::model::{DateValue, DocId, WorkingGroup};

/// A document reporting that the group met or acted ("the joint working group met in Seoul").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sighting {
    pub evidence: EvidenceRef,
    /// When it was seen: a day named in the sentence, else the document's publication date.
    pub date: Option<NaiveDate>,
}

/// A working group, as stored: founded in one document, seen in later ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRecord {
    /// Stable id, see [`group_id`].
    pub id: String,
    pub name: String,
    /// Canonical names of the member organisations.
    pub members: Vec<String>,
    pub mandate: Option<String>,
    /// The document that established or first named it.
    pub founding_doc: Option<DocId>,
    /// That document's publication date.
    pub founding_published: Option<NaiveDate>,
    pub established: Option<DateValue>,
    pub sightings: Vec<Sighting>,
    /// Sentences a coordinator rejected as sightings (never suggested again).
    #[serde(default)]
    pub rejected: Vec<EvidenceRef>,
}

/// The stable id of a working group: `G-` and 8 hex digits of its founding document and name, so
/// two "joint working group"s founded by different meetings stay two groups.
pub fn group_id(founding_doc: Option<&DocId>, name: &str) -> String {
    let mut h = Sha256::new();
    h.update(founding_doc.map(|d| d.as_str()).unwrap_or("").as_bytes());
    h.update([0u8]);
    h.update(name.trim().to_lowercase().as_bytes());
    let d = h.finalize();
    format!("G-{:02x}{:02x}{:02x}{:02x}", d[0], d[1], d[2], d[3])
}

impl GroupRecord {
    /// The record for a group found by analysis in document `doc`.
    pub fn from_extracted(doc: &DocId, published: Option<NaiveDate>, g: &WorkingGroup) -> Self {
        GroupRecord {
            id: group_id(Some(doc), &g.name),
            name: g.name.clone(),
            members: g.members.clone(),
            mandate: g.mandate.clone(),
            founding_doc: Some(doc.clone()),
            founding_published: published,
            established: g.established,
            sightings: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Whether this sentence is already recorded or rejected as a sighting.
    pub fn knows(&self, evidence: &EvidenceRef) -> bool {
        self.sightings
            .iter()
            .any(|s| s.evidence.same_place(evidence))
            || self.rejected.iter().any(|r| r.same_place(evidence))
    }

    /// Adds a sighting unless that sentence is already recorded; says whether it was added.
    pub fn add_sighting(&mut self, s: Sighting) -> bool {
        if self
            .sightings
            .iter()
            .any(|o| o.evidence.same_place(&s.evidence))
        {
            return false;
        }
        self.sightings.push(s);
        true
    }

    /// The last day the group is known to have existed at `as_of`: the latest sighting, the
    /// establishment date or the founding document's date, whichever is latest and not after
    /// `as_of` (so a report as of a past date ignores later news).
    pub fn last_seen(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        let sightings = self.sightings.iter().filter_map(|s| s.date);
        let founded = self
            .established
            .map(DateValue::first_day)
            .into_iter()
            .chain(self.founding_published);
        sightings.chain(founded).filter(|d| *d <= as_of).max()
    }

    /// Active or dormant at `as_of`: dormant when not seen within `dormant_after` (say 6 months).
    pub fn activity(&self, as_of: NaiveDate, dormant_after: Period) -> Activity {
        match self.last_seen(as_of) {
            None => Activity::Unknown,
            Some(seen) if dormant_after.end(seen) < as_of => Activity::Dormant {
                last_seen: seen,
                days_silent: (as_of - seen).num_days(),
            },
            Some(seen) => Activity::Active { last_seen: seen },
        }
    }

    /// Whether a commitment is this group's: assigned to a group of this name (by the text or by
    /// a person) and either stated in the founding document or shared with a member. The name
    /// alone is not enough: "joint working group" is a common noun.
    pub fn carries(&self, st: &CommitmentState) -> bool {
        let named = |n: &str| n.trim().eq_ignore_ascii_case(self.name.trim());
        let assigned = st.group.as_deref().is_some_and(named)
            || matches!(&st.owner, Owner::Group(g) if named(g));
        if !assigned {
            return false;
        }
        let same_doc = match (&self.founding_doc, st.source()) {
            (Some(f), Some(src)) => *f == src.doc,
            _ => false,
        };
        same_doc
            || st
                .by
                .iter()
                .any(|b| self.members.iter().any(|m| m.eq_ignore_ascii_case(b)))
    }

    /// The commitments this group carries, in `states` order.
    pub fn commitments<'a>(&self, states: &'a [CommitmentState]) -> Vec<&'a CommitmentState> {
        states.iter().filter(|s| self.carries(s)).collect()
    }
}

/// Whether a group is still alive at an as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "activity", rename_all = "snake_case")]
pub enum Activity {
    Active {
        last_seen: NaiveDate,
    },
    Dormant {
        last_seen: NaiveDate,
        days_silent: i64,
    },
    /// No date at all to judge by.
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::track::event::{EventKind, Owner};
    use crate::track::state::fold;
    use crate::track::state::tests::{commitment, day, extracted, user};

    fn jwg() -> GroupRecord {
        GroupRecord::from_extracted(
            &DocId("d1".repeat(32)),
            Some(day("2023-12-01")),
            &WorkingGroup {
                name: "joint working group".into(),
                members: vec![
                    "China Post".into(),
                    "Japan Post".into(),
                    "Korea Post".into(),
                ],
                mandate: Some("implement the consensus".into()),
                established: Some("2023-11-28".parse().unwrap()),
                rule: "group.establish".into(),
                span: Span(0, 10),
            },
        )
    }

    fn seen(on: &str) -> Sighting {
        Sighting {
            evidence: EvidenceRef {
                doc: DocId(format!("{on:0>64}")),
                span: Span(1, 2),
                sentence: "The joint working group met in Seoul.".into(),
                published: Some(day(on)),
            },
            date: Some(day(on)),
        }
    }

    #[test]
    fn ids_differ_by_founding_document_not_case() {
        let a = DocId("a".repeat(64));
        let b = DocId("b".repeat(64));
        assert_eq!(
            group_id(Some(&a), "Joint Working Group"),
            group_id(Some(&a), "joint working group ")
        );
        assert_ne!(
            group_id(Some(&a), "joint working group"),
            group_id(Some(&b), "joint working group")
        );
        assert!(group_id(None, "x").starts_with("G-") && group_id(None, "x").len() == 10);
    }

    #[test]
    fn activity_at_as_of_dates() {
        let mut g = jwg();
        assert!(g.add_sighting(seen("2024-03-12")));
        assert!(!g.add_sighting(seen("2024-03-12")), "same sentence twice");
        let six = Period::Months(6);
        let cases = [
            ("before founding", "2023-11-01", Activity::Unknown),
            (
                "founded",
                "2024-01-01",
                Activity::Active {
                    last_seen: day("2023-12-01"),
                },
            ),
            (
                "sighting ignored before it happened",
                "2024-03-01",
                Activity::Active {
                    last_seen: day("2023-12-01"),
                },
            ),
            (
                "fresh sighting",
                "2024-06-01",
                Activity::Active {
                    last_seen: day("2024-03-12"),
                },
            ),
            (
                "exactly six months",
                "2024-09-12",
                Activity::Active {
                    last_seen: day("2024-03-12"),
                },
            ),
            (
                "a day past six months",
                "2024-09-13",
                Activity::Dormant {
                    last_seen: day("2024-03-12"),
                    days_silent: 185,
                },
            ),
        ];
        for (name, as_of, want) in cases {
            assert_eq!(g.activity(day(as_of), six), want, "{name}");
        }
    }

    #[test]
    fn carries_only_its_own_commitments() {
        let g = jwg();
        let mut own = commitment(
            "C-00000010",
            &["China Post"],
            "implement the consensus",
            None,
        );
        own.group = Some("Joint Working Group".into());
        let mut other = commitment("C-00000011", &["UPU"], "draft a plan", None);
        other.group = Some("joint working group".into());
        let ungrouped = commitment("C-00000012", &["Japan Post"], "share resources", None);
        let mut reassigned = fold(&[extracted(&ungrouped, "2024-01-01")]).unwrap();
        reassigned
            .apply(&user(
                "C-00000012",
                "2024-01-02",
                EventKind::OwnerChanged {
                    owner: Owner::Group("joint working group".into()),
                    note: None,
                },
            ))
            .unwrap();
        let mut from_elsewhere = fold(&[extracted(&other, "2024-01-01")]).unwrap();
        from_elsewhere.base.source = None;
        let states = vec![
            fold(&[extracted(&own, "2024-01-01")]).unwrap(),
            from_elsewhere,
            fold(&[extracted(&ungrouped, "2024-01-01")]).unwrap(),
            reassigned,
        ];
        let ids: Vec<&str> = g
            .commitments(&states)
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, vec!["C-00000010", "C-00000012"]);
    }
}
