//! Backup and restore (`accord export`, `accord import`): every document with its facts, every
//! commitment event, working-group event and group suggestion, and every party merge, as NDJSON
//! with a `type` tag per line.
//!
//! The order is fixed (documents by id, then the logs in key order), and an import appends the
//! logs in that same order, so export -> import into an empty directory -> export is
//! byte-identical. The search index is not exported: import rebuilds it from the store.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::tracking::GroupSuggestion;
use super::Library;
use crate::catalog::PartyMerge;
use crate::error::{Error, Result};
use crate::model::{Analysis, Document};
use crate::store::events::Log;
use crate::track::{Event, GroupEvent};

/// The export format's version, in the header line.
pub const EXPORT_VERSION: u32 = 1;

/// One line of an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// The first line: what this file is.
    Header { format: String, version: u32 },
    /// A document and the facts found in it.
    Document {
        document: Box<Document>,
        facts: Box<Analysis>,
    },
    /// A commitment event.
    Event { event: Box<Event> },
    /// A working-group event.
    GroupEvent { event: Box<GroupEvent> },
    /// A sighting the linker suggested for a working group.
    GroupSuggestion { suggestion: Box<GroupSuggestion> },
    /// A party merge.
    Merge { merge: PartyMerge },
}

/// How much an import restored.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    pub documents: usize,
    pub events: usize,
    pub group_events: usize,
    pub group_suggestions: usize,
    pub merges: usize,
    /// Documents indexed for search afterwards.
    pub indexed: usize,
}

const FORMAT: &str = "accord-export";

fn line<W: Write>(out: &mut W, r: &Record, path: &std::path::Path) -> Result<()> {
    let s = serde_json::to_string(r).map_err(|e| Error::Invalid(format!("cannot encode: {e}")))?;
    writeln!(out, "{s}").map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

impl Library {
    /// Writes everything in the store as NDJSON; returns how many lines (header included).
    pub fn export<W: Write>(&self, out: &mut W) -> Result<usize> {
        let path = std::path::Path::new("<output>");
        let mut n = 1;
        line(
            out,
            &Record::Header {
                format: FORMAT.into(),
                version: EXPORT_VERSION,
            },
            path,
        )?;
        for item in self.store.documents() {
            let (document, facts) = item?;
            line(
                out,
                &Record::Document {
                    document: Box::new(document),
                    facts: Box::new(facts),
                },
                path,
            )?;
            n += 1;
        }
        for event in self.store.all_events()? {
            line(
                out,
                &Record::Event {
                    event: Box::new(event),
                },
                path,
            )?;
            n += 1;
        }
        for event in self.store.records::<GroupEvent>(Log::Groups)? {
            line(
                out,
                &Record::GroupEvent {
                    event: Box::new(event),
                },
                path,
            )?;
            n += 1;
        }
        for suggestion in self
            .store
            .records::<GroupSuggestion>(Log::GroupSuggestions)?
        {
            let suggestion = Box::new(suggestion);
            line(out, &Record::GroupSuggestion { suggestion }, path)?;
            n += 1;
        }
        for merge in self.store.records::<PartyMerge>(Log::Merges)? {
            line(out, &Record::Merge { merge }, path)?;
            n += 1;
        }
        Ok(n)
    }

    /// Restores an export into this library, which must be empty; then rebuilds the index.
    /// Nothing is written unless every line parses (the whole file is read first).
    pub fn import<R: BufRead>(&self, input: R, path: &std::path::Path) -> Result<ImportSummary> {
        let empty = self.store.is_empty()
            && self.store.log_is_empty(Log::Commitments)?
            && self.store.log_is_empty(Log::Groups)?
            && self.store.log_is_empty(Log::GroupSuggestions)?
            && self.store.log_is_empty(Log::Merges)?;
        if !empty {
            return Err(Error::Invalid(format!(
                "{} already holds data: import into an empty data directory",
                self.config.data_dir.display()
            )));
        }
        let bad = |n: usize, m: String| Error::Invalid(format!("{}:{n}: {m}", path.display()));
        let mut records = Vec::new();
        for (i, l) in input.lines().enumerate() {
            let l = l.map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            if l.trim().is_empty() {
                continue;
            }
            let r: Record = serde_json::from_str(&l).map_err(|e| bad(i + 1, e.to_string()))?;
            match (&r, records.is_empty()) {
                (Record::Header { format, version }, true)
                    if format != FORMAT || *version != EXPORT_VERSION =>
                {
                    return Err(bad(
                        i + 1,
                        format!("not an accord export this version reads ({format} {version})"),
                    ));
                }
                (Record::Header { .. }, true) => {}
                (Record::Header { .. }, false) => return Err(bad(i + 1, "a second header".into())),
                (_, true) => return Err(bad(i + 1, "no accord export header".into())),
                _ => {}
            }
            records.push(r);
        }
        if records.is_empty() {
            return Err(bad(1, "empty file: no accord export header".into()));
        }
        let mut s = ImportSummary::default();
        let mut events = Vec::new();
        let mut group_events = Vec::new();
        let mut merges = Vec::new();
        let mut suggestions = Vec::new();
        for r in records {
            match r {
                Record::Header { .. } => {}
                Record::Document { document, facts } => {
                    self.store.put(&document, &facts)?;
                    s.documents += 1;
                }
                Record::Event { event } => events.push(*event),
                Record::GroupEvent { event } => group_events.push(*event),
                Record::GroupSuggestion { suggestion } => suggestions.push(*suggestion),
                Record::Merge { merge } => merges.push(merge),
            }
        }
        s.events = events.len();
        s.group_events = group_events.len();
        s.merges = merges.len();
        self.store.append_events(&events)?;
        self.store
            .append_all(Log::Groups, group_events.iter().map(|g| (&g.group, g)))?;
        self.store.append_all(
            Log::GroupSuggestions,
            suggestions.iter().map(|g| (&g.group, g)),
        )?;
        s.group_suggestions = suggestions.len();
        let keys: Vec<String> = merges.iter().map(|m| m.into.to_lowercase()).collect();
        self.store
            .append_all(Log::Merges, keys.iter().zip(merges.iter()))?;
        s.indexed = self.reindex()?;
        Ok(s)
    }
}
