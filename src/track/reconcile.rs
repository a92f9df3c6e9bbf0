//! Re-extraction without losing edits: when a document is analysed again (a new extractor
//! version), spans may shift and so would the ids derived from them. [`reconcile`] maps the newly
//! found commitments onto the ids already in the log for that document, so the new `extracted`
//! events land on the existing commitments and every person's edit stays in force.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::link::stem;
use super::state::CommitmentState;
use crate::model::{Commitment, DocId};

/// The outcome of [`reconcile`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reconciled {
    /// The new findings, with ids replaced where they match an existing commitment. Append one
    /// `extracted` event for each.
    pub commitments: Vec<Commitment>,
    /// (new id, existing id) for every finding that took an existing id.
    pub renamed: Vec<(String, String)>,
    /// Existing commitments of this document that the new extraction no longer finds. They stay
    /// as they are (a person may drop them); listed so the caller can tell the user.
    pub stale: Vec<String>,
}

/// Stems of an action's words longer than three letters ("the", "and", "new" say little),
/// for comparing two wordings of it.
fn terms(action: &str) -> BTreeSet<String> {
    action
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(stem)
        .collect()
}

/// Overlap of two term sets relative to the smaller one, so a wording that gained or lost a
/// trailing clause ("... among Kahala member countries") still counts as the same.
fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

/// Two wordings this similar are the same commitment, re-extracted.
pub const SAME_ACTION: f64 = 0.6;

/// Maps `found` (a new extraction of `doc`) onto the existing commitments of `doc` in
/// `existing`: same id first, then same action wording (case and spacing aside), then the most
/// similar wording at or above [`SAME_ACTION`]. Each existing id is taken at most once.
pub fn reconcile(existing: &[CommitmentState], doc: &DocId, found: &[Commitment]) -> Reconciled {
    let olds: Vec<&CommitmentState> = existing
        .iter()
        .filter(|s| s.source().is_some_and(|src| src.doc == *doc))
        .collect();
    let old_terms: Vec<BTreeSet<String>> = olds.iter().map(|s| terms(&s.base.action)).collect();
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut taken = vec![false; olds.len()];
    let mut target: Vec<Option<usize>> = vec![None; found.len()];

    for (i, c) in found.iter().enumerate() {
        if let Some(j) = olds.iter().position(|o| o.id == c.id) {
            taken[j] = true;
            target[i] = Some(j);
        }
    }
    for (i, c) in found.iter().enumerate() {
        if target[i].is_some() {
            continue;
        }
        let want = norm(&c.action);
        if let Some(j) = (0..olds.len()).find(|&j| !taken[j] && norm(&olds[j].base.action) == want)
        {
            taken[j] = true;
            target[i] = Some(j);
        }
    }
    for (i, c) in found.iter().enumerate() {
        if target[i].is_some() {
            continue;
        }
        let t = terms(&c.action);
        let best = (0..olds.len())
            .filter(|&j| !taken[j])
            .map(|j| (j, similarity(&t, &old_terms[j])))
            .filter(|&(_, s)| s >= SAME_ACTION)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = best {
            taken[j] = true;
            target[i] = Some(j);
        }
    }

    let mut renamed = Vec::new();
    let commitments = found
        .iter()
        .zip(&target)
        .map(|(c, t)| {
            let mut c = c.clone();
            if let Some(j) = t {
                if olds[*j].id != c.id {
                    renamed.push((c.id.clone(), olds[*j].id.clone()));
                    c.id = olds[*j].id.clone();
                }
            }
            c
        })
        .collect();
    let stale = olds
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(o, _)| o.id.clone())
        .collect();
    Reconciled {
        commitments,
        renamed,
        stale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::track::event::{Event, EventKind, Owner};
    use crate::track::state::fold;
    use crate::track::state::tests::{commitment, day, extracted, ts, user};

    fn doc() -> DocId {
        DocId("d1".repeat(32))
    }

    #[test]
    fn new_extractor_version_keeps_the_person_s_edits() {
        // Version 1 found two commitments; a person set the owner of the first.
        let a = commitment(
            "C-0000a001",
            &["Korea Post"],
            "resume the EMS delivery guarantee service",
            Some("2024-12-31"),
        );
        let b = commitment(
            "C-0000b001",
            &["Korea Post"],
            "introduce new services",
            None,
        );
        let mut sa = fold(&[extracted(&a, "2024-07-10")]).unwrap();
        sa.apply(&user(
            "C-0000a001",
            "2024-08-01",
            EventKind::OwnerChanged {
                owner: Owner::Person("Cho".into()),
                note: None,
            },
        ))
        .unwrap();
        let sb = fold(&[extracted(&b, "2024-07-10")]).unwrap();
        let other_doc = {
            let c = commitment("C-0000c001", &["Japan Post"], "share air resources", None);
            fold(&[Event::extracted(
                &DocId("e".repeat(64)),
                None,
                &c,
                ts("2024-07-10"),
                "x",
            )])
            .unwrap()
        };
        let existing = vec![sa.clone(), sb, other_doc];

        // Version 2: spans shifted (new ids), wording of one trimmed, one new finding, b gone.
        let mut a2 = commitment(
            "C-0000a002",
            &["Korea Post"],
            "resume the EMS delivery guarantee service among Kahala member countries",
            Some("2024-12-31"),
        );
        a2.span = Span(99, 180);
        let same_id = commitment(
            "C-0000a001",
            &["Korea Post"],
            "Resume  the EMS delivery guarantee service",
            None,
        );
        let new = commitment("C-0000d002", &["Korea Post"], "share air resources", None);

        // (id, found, want ids, want stale)
        type Case = (
            &'static str,
            Vec<Commitment>,
            Vec<&'static str>,
            Vec<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "similar wording takes the old id",
                vec![a2.clone(), new.clone()],
                vec!["C-0000a001", "C-0000d002"],
                vec!["C-0000b001"],
            ),
            (
                "same id wins over similar wording",
                vec![a2.clone(), same_id],
                vec!["C-0000a002", "C-0000a001"],
                vec!["C-0000b001"],
            ),
            (
                "other documents are not candidates",
                vec![new],
                vec!["C-0000d002"],
                vec!["C-0000a001", "C-0000b001"],
            ),
        ];
        for (name, found, want, stale) in cases {
            let r = reconcile(&existing, &doc(), &found);
            let ids: Vec<&str> = r.commitments.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids, want, "{name}");
            assert_eq!(r.stale, stale, "{name}");
        }

        // Applying the reconciled extraction keeps the owner a person set, and takes the new due.
        let r = reconcile(&existing, &doc(), &[a2]);
        assert_eq!(
            r.renamed,
            vec![("C-0000a002".to_string(), "C-0000a001".to_string())]
        );
        let mut st = sa;
        st.apply(&Event::extracted(
            &doc(),
            Some(day("2024-07-10")),
            &r.commitments[0],
            ts("2025-01-01"),
            "extractor 0.2.0",
        ))
        .unwrap();
        assert_eq!(st.owner, Owner::Person("Cho".into()));
        assert_eq!(st.base.source.as_ref().map(|s| s.span), Some(Span(99, 180)));
        assert!(st.action.ends_with("Kahala member countries"));
    }
}
