//! `accord reanalyze`: run the current analysis again over every stored text (after upgrading
//! accord, say), without losing anything a person did.
//!
//! New findings are mapped onto the existing commitment ids first ([`track::reconcile`]), so a
//! shifted span does not orphan a status, owner or deadline; an `extracted` event is appended
//! only where the finding changed, and it replaces the extracted layer only: people's edits stay
//! in force. The facts are replaced (they are derived), the index is rebuilt, and every document
//! is checked for follow-ups again.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::tracking::EXTRACTOR;
use super::Library;
use crate::error::Result;
use crate::model::{Commitment, DocId, Hints};
use crate::store::events::Log;
use crate::track::{self, CommitmentState, Event, GroupEvent};

/// What a re-analysis changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReanalyzeSummary {
    pub documents: usize,
    /// Documents whose facts changed.
    pub changed: usize,
    /// `extracted` events appended (new or changed findings).
    pub extracted: usize,
    /// `founded` events appended (working groups new or changed).
    pub groups: usize,
    /// Findings that kept an existing id although their span moved: (new id, kept id).
    pub renamed: Vec<(String, String)>,
    /// Commitments the analysis no longer finds; they stay, for a person to close.
    pub stale: Vec<String>,
    /// Follow-ups suggested afterwards.
    pub followups: usize,
}

/// Whether the state's extracted layer already says what `c` says.
fn same_as_base(st: &CommitmentState, c: &Commitment) -> bool {
    let b = &st.base;
    b.by == c.by
        && b.action == c.action
        && b.due == c.due
        && b.due_text == c.due_text
        && b.strength == c.strength
        && b.group == c.group
        && b.source
            .as_ref()
            .is_some_and(|s| s.span == c.span && s.sentence == c.sentence && s.rule == c.rule)
}

impl Library {
    /// Re-analyses every stored document; events stamped `at`.
    pub fn reanalyze(&self, at: DateTime<Utc>) -> Result<ReanalyzeSummary> {
        let (states, _) = self.states()?;
        let mut of_doc: HashMap<DocId, Vec<CommitmentState>> = HashMap::new();
        for st in states {
            if let Some(doc) = st.source().map(|s| s.doc.clone()) {
                of_doc.entry(doc).or_default().push(st);
            }
        }
        let docs = self.store.documents().collect::<Result<Vec<_>>>()?;
        let mut s = ReanalyzeSummary::default();
        let mut events: Vec<Event> = Vec::new();
        let mut founded: Vec<GroupEvent> = Vec::new();
        for (doc, old) in &docs {
            s.documents += 1;
            // The stored publication date is what the first analysis settled on (metadata,
            // dateline or file creation date), so it stands in for all three.
            let hints = Hints {
                title: doc.title.clone(),
                published: doc.published,
                created: None,
            };
            let mut analysis = crate::analyze::analyze(&doc.text, &hints);
            crate::ingest::assign_commitment_ids(&doc.id, &mut analysis);
            let existing = of_doc.remove(&doc.id).unwrap_or_default();
            let rec = track::reconcile(&existing, &doc.id, &analysis.commitments);
            analysis.commitments = rec.commitments;
            s.renamed.extend(rec.renamed);
            s.stale.extend(rec.stale);
            for c in &analysis.commitments {
                let known = existing.iter().find(|st| st.id == c.id);
                if !known.is_some_and(|st| same_as_base(st, c)) {
                    events.push(Event::extracted(&doc.id, doc.published, c, at, EXTRACTOR));
                }
            }
            for g in &analysis.working_groups {
                if !old.working_groups.contains(g) {
                    founded.push(GroupEvent::founded(
                        &doc.id,
                        doc.published,
                        g,
                        at,
                        EXTRACTOR,
                    ));
                }
            }
            if analysis != *old {
                self.store.put(doc, &analysis)?;
                s.changed += 1;
            }
        }
        s.extracted = events.len();
        s.groups = founded.len();
        self.store
            .append_all(Log::Groups, founded.iter().map(|g| (&g.group, g)))?;
        // One flush (in append_events) covers the facts put above and all the events.
        self.store.append_events(&events)?;
        if s.changed > 0 {
            self.reindex()?;
        }
        s.followups = self.link(&[], at)?;
        Ok(s)
    }
}
