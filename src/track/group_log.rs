//! The append-only log of a working group, folded into its [`GroupRecord`]: founded (from
//! extraction, repeated on re-ingest), sighted, sighting rejected, and edited by a person. As
//! with commitments, a person's edit wins over any extraction, whatever the order.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Actor, EvidenceRef};
use super::groups::{group_id, GroupRecord, Sighting};
use super::state::effective;
use crate::error::{Error, Result};
use crate::model::{DateValue, DocId, WorkingGroup};

/// What happened to a working group. Serialised with a `type` tag in snake_case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GroupEventKind {
    /// Analysis found the group in its founding document (again on re-ingest: updates the
    /// extracted fields only).
    Founded {
        doc: DocId,
        published: Option<NaiveDate>,
        /// What analysis found (`record`, since `group` is the envelope's id field).
        record: WorkingGroup,
    },
    /// A sighting was accepted (from [`super::link::Suggestion::sighting`]).
    Sighted { sighting: Sighting },
    /// A suggested or recorded sighting was rejected; it is removed and not suggested again.
    SightingRejected {
        evidence: EvidenceRef,
        note: Option<String>,
    },
    /// A person corrected the record; each field given wins over extraction.
    Edited {
        name: Option<String>,
        members: Option<Vec<String>>,
        mandate: Option<String>,
        established: Option<DateValue>,
        note: Option<String>,
    },
}

/// One entry of a group's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupEvent {
    /// The group id (`G-` and 8 hex digits, see [`group_id`]).
    pub group: String,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    #[serde(flatten)]
    pub kind: GroupEventKind,
}

impl GroupEvent {
    /// The `founded` event for a group analysis found in `doc`; its id comes from `doc` and name.
    pub fn founded(
        doc: &DocId,
        published: Option<NaiveDate>,
        group: &WorkingGroup,
        at: DateTime<Utc>,
        extractor: &str,
    ) -> GroupEvent {
        GroupEvent {
            group: group_id(Some(doc), &group.name),
            at,
            actor: Actor::System(extractor.to_string()),
            kind: GroupEventKind::Founded {
                doc: doc.clone(),
                published,
                record: group.clone(),
            },
        }
    }
}

/// The fields a person may correct, kept apart so re-extraction cannot undo them.
#[derive(Default)]
struct Edits {
    name: Option<String>,
    members: Option<Vec<String>>,
    mandate: Option<Option<String>>,
    established: Option<Option<DateValue>>,
}

/// Folds one group's events, in log order, into its record. Errors when no `founded` event
/// exists; events before it are ignored. The record keeps the id of its log.
pub fn fold_group(events: &[GroupEvent]) -> Result<GroupRecord> {
    let first = events
        .iter()
        .position(|e| matches!(e.kind, GroupEventKind::Founded { .. }))
        .ok_or_else(|| {
            let id = events.first().map(|e| e.group.as_str()).unwrap_or("?");
            Error::Invalid(format!(
                "{id}: no `founded` event, so there is no working group"
            ))
        })?;
    let mut rec: Option<GroupRecord> = None;
    let mut edits = Edits::default();
    let mut base = WorkingGroup {
        name: String::new(),
        members: Vec::new(),
        mandate: None,
        established: None,
        rule: String::new(),
        span: Default::default(),
    };
    for e in &events[first..] {
        match &e.kind {
            GroupEventKind::Founded {
                doc,
                published,
                record: group,
            } => {
                base = group.clone();
                let r = rec.get_or_insert_with(|| {
                    let mut r = GroupRecord::from_extracted(doc, *published, group);
                    r.id = e.group.clone();
                    r
                });
                r.founding_doc = Some(doc.clone());
                r.founding_published = *published;
            }
            GroupEventKind::Sighted { sighting } => {
                if let Some(r) = rec.as_mut() {
                    r.rejected.retain(|x| !x.same_place(&sighting.evidence));
                    r.add_sighting(sighting.clone());
                }
            }
            GroupEventKind::SightingRejected { evidence, .. } => {
                if let Some(r) = rec.as_mut() {
                    r.sightings.retain(|s| !s.evidence.same_place(evidence));
                    if !r.rejected.iter().any(|x| x.same_place(evidence)) {
                        r.rejected.push(evidence.clone());
                    }
                }
            }
            GroupEventKind::Edited {
                name,
                members,
                mandate,
                established,
                ..
            } => {
                if let Some(n) = name.as_ref().filter(|n| !n.trim().is_empty()) {
                    edits.name = Some(n.clone());
                }
                if let Some(m) = members {
                    edits.members = Some(m.clone());
                }
                if let Some(m) = mandate {
                    edits.mandate = Some(Some(m.clone()));
                }
                if let Some(d) = established {
                    edits.established = Some(Some(*d));
                }
            }
        }
        if let Some(r) = rec.as_mut() {
            r.name = effective(&base.name, edits.name.as_ref());
            r.members = effective(&base.members, edits.members.as_ref());
            r.mandate = effective(&base.mandate, edits.mandate.as_ref());
            r.established = effective(&base.established, edits.established.as_ref());
        }
    }
    rec.ok_or_else(|| Error::Invalid("no working group".into()))
}

/// Folds a whole group log (interleaved, in log order) into one record per group, by id, plus
/// the errors of logs that could not be folded.
pub fn fold_groups(events: &[GroupEvent]) -> (Vec<GroupRecord>, Vec<String>) {
    let mut by_id: std::collections::BTreeMap<&str, Vec<GroupEvent>> = Default::default();
    for e in events {
        by_id.entry(e.group.as_str()).or_default().push(e.clone());
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for evs in by_id.values() {
        match fold_group(evs) {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::track::filter::Period;
    use crate::track::groups::Activity;
    use crate::track::state::tests::{day, ts};

    fn found(name: &str, members: &[&str]) -> WorkingGroup {
        WorkingGroup {
            name: name.into(),
            members: members.iter().map(|m| m.to_string()).collect(),
            mandate: Some("implement the consensus".into()),
            established: Some("2023-11-28".parse().unwrap()),
            rule: "group.establish".into(),
            span: Span(5, 25),
        }
    }

    fn sighting(n: usize, on: &str) -> Sighting {
        Sighting {
            evidence: EvidenceRef {
                doc: DocId(format!("{n:064}")),
                span: Span(n, n + 1),
                sentence: "The joint working group met.".into(),
                published: Some(day(on)),
            },
            date: Some(day(on)),
        }
    }

    fn ev(id: &str, on: &str, kind: GroupEventKind) -> GroupEvent {
        GroupEvent {
            group: id.into(),
            at: ts(on),
            actor: Actor::User("kim".into()),
            kind,
        }
    }

    #[test]
    fn fold_applies_sightings_rejections_and_edits_over_re_extraction() {
        let doc = DocId("d".repeat(64));
        let posts = ["China Post", "Japan Post", "Korea Post"];
        let founded = GroupEvent::founded(
            &doc,
            Some(day("2023-12-01")),
            &found("joint working group", &posts),
            ts("2023-12-01"),
            "x",
        );
        let id = founded.group.clone();
        let log = vec![
            founded.clone(),
            ev(
                &id,
                "2024-03-15",
                GroupEventKind::Sighted {
                    sighting: sighting(1, "2024-03-12"),
                },
            ),
            ev(
                &id,
                "2024-06-15",
                GroupEventKind::Sighted {
                    sighting: sighting(2, "2024-06-10"),
                },
            ),
            ev(
                &id,
                "2024-06-16",
                GroupEventKind::SightingRejected {
                    evidence: sighting(2, "2024-06-10").evidence,
                    note: Some("another group".into()),
                },
            ),
            ev(
                &id,
                "2024-07-01",
                GroupEventKind::Edited {
                    name: None,
                    members: Some(vec![
                        "China Post".into(),
                        "Japan Post".into(),
                        "Korea Post".into(),
                        "Thailand Post".into(),
                    ]),
                    mandate: None,
                    established: None,
                    note: Some("Thailand joined".into()),
                },
            ),
            // A later extractor version re-finds the group with fewer members.
            GroupEvent::founded(
                &doc,
                Some(day("2023-12-01")),
                &found("joint working group", &posts[..2]),
                ts("2024-08-01"),
                "x2",
            ),
        ];
        // The store keeps JSON.
        let back: Vec<GroupEvent> = log
            .iter()
            .map(|e| serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap())
            .collect();
        assert_eq!(back, log);
        let g = fold_group(&back).unwrap();
        assert_eq!(g.id, id);
        assert_eq!(
            g.members.len(),
            4,
            "the person's member list wins: {:?}",
            g.members
        );
        assert_eq!(g.sightings, vec![sighting(1, "2024-03-12")]);
        assert_eq!(g.rejected.len(), 1);
        assert!(g.knows(&sighting(2, "2024-06-10").evidence));
        assert_eq!(
            g.activity(day("2024-07-01"), Period::Months(6)),
            Activity::Active {
                last_seen: day("2024-03-12")
            }
        );

        let (all, errors) = fold_groups(&[
            ev(
                "G-00000000",
                "2024-01-01",
                GroupEventKind::Sighted {
                    sighting: sighting(3, "2024-01-01"),
                },
            ),
            founded,
        ]);
        assert_eq!(all.len(), 1);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("G-00000000") && errors[0].contains("no `founded`"),
            "{errors:?}"
        );
    }
}
