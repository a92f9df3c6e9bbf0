//! The commitment listing kept beside the event log, so `accord commitments` reads small rows in
//! display order instead of folding every log and decoding every document.
//!
//! Trees: `listing` (sort key -> [`Listed`]) and `listing_keys` (commitment id -> its sort key).
//! The sort key is a class byte (0 dated, 1 undated), the due date as a big-endian day number
//! with the sign bit flipped (so byte order is date order), then the commitment id: a range scan
//! yields rows by due date then id, which is the display order within each class. Every write
//! that appends commitment events updates the rows of the commitments it touches in the same
//! transaction (see [`Store::append_events`] and [`Store::put_with_events`]), so the listing is
//! never behind the log, even after a kill. `meta/listing` records the row encoding the trees
//! were built with; a store without it, or with another (or a repair), rebuilds them from the log.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::Store;
use crate::error::Result;
use crate::model::{DocId, Strength};
use crate::track::{fold, CommitmentState, Event, Owner, Status, Subject};

/// Key in `meta` saying which row encoding the listing trees were built with.
const BUILT_KEY: &[u8] = b"listing";
/// The row encoding: a header byte, then plain JSON. Trees built with another are rebuilt.
const ROWS_VERSION: &[u8] = b"3";

/// One commitment as stored for listing: its effective values, without anything that depends
/// on the as-of date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub id: String,
    pub status: Status,
    pub by: Vec<String>,
    pub action: String,
    pub due: Option<NaiveDate>,
    pub due_text: Option<String>,
    pub strength: Strength,
    pub owner: Owner,
    pub group: Option<String>,
    pub status_note: Option<String>,
    /// The stating document, if extracted.
    pub document: Option<DocId>,
    /// Its source path.
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    /// Accepted evidence.
    pub evidence: usize,
    /// Suggested follow-ups waiting for a decision.
    pub pending: usize,
    /// Suggested follow-ups rejected (linking never offers their sentences again).
    #[serde(default)]
    pub rejected: usize,
    pub merged_into: Option<String>,
}

impl Listed {
    /// The row of a state; `source` is the stating document's path.
    pub fn of(st: &CommitmentState, source: Option<String>) -> Listed {
        Listed {
            id: st.id.clone(),
            status: st.status,
            by: st.by.clone(),
            action: st.action.clone(),
            due: st.due,
            due_text: st.base.due_text.clone(),
            strength: st.strength,
            owner: st.owner.clone(),
            group: st.group.clone(),
            status_note: st.status_note.clone(),
            document: st.source().map(|s| s.doc.clone()),
            source,
            published: st.source().and_then(|s| s.published),
            evidence: st.evidence.len(),
            pending: st.pending.len(),
            rejected: st.rejected.len(),
            merged_into: st.merged_into.clone(),
        }
    }

    /// What a filter looks at.
    pub fn subject(&self) -> Subject<'_> {
        Subject {
            status: self.status,
            due: self.due,
            by: &self.by,
            group: self.group.as_deref(),
            owner: &self.owner,
            merged: self.merged_into.is_some(),
        }
    }
}

/// The sort key of a row: class, due day, id.
fn sort_key(due: Option<NaiveDate>, id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(id.len() + 5);
    match due {
        Some(d) => {
            k.push(0);
            k.extend_from_slice(&day_bytes(d));
        }
        None => k.push(1),
    }
    k.extend_from_slice(id.as_bytes());
    k
}

fn day_bytes(d: NaiveDate) -> [u8; 4] {
    ((d.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

/// The header byte of a row: the status's place in `Status::ALL`, and 0x80 when merged.
fn pack_head(status: Status, merged: bool) -> u8 {
    let i = Status::ALL.iter().position(|s| *s == status).unwrap_or(0) as u8;
    i | if merged { 0x80 } else { 0 }
}

fn unpack_head(head: u8) -> Option<(Status, bool)> {
    let status = *Status::ALL.get(usize::from(head & 0x7f))?;
    Some((status, head & 0x80 != 0))
}

/// A row to write: the commitment id, its sort key and the encoded row.
pub(super) struct Update {
    id: String,
    key: Vec<u8>,
    value: Vec<u8>,
}

/// Where a listing scan starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// Dated rows, from this due day on (`None`: the earliest).
    Dated(Option<NaiveDate>),
    /// Undated rows.
    Undated,
}

impl Store {
    pub(super) fn listing_trees(&self) -> Result<(sled::Tree, sled::Tree)> {
        let open = |name: &str| self.db.open_tree(name).map_err(|e| self.err(e));
        Ok((open("listing")?, open("listing_keys")?))
    }

    /// Listing rows in sort order from `from` to the end of its class, decoded lazily, so a
    /// caller that needs a page stops after it. Rows whose status and merged flag `keep`
    /// refuses are skipped without being decoded (both are in a header byte of each value).
    pub fn listing<'a>(
        &'a self,
        from: From,
        keep: impl Fn(Status, bool) -> bool + 'a,
    ) -> Result<impl Iterator<Item = Result<Listed>> + 'a> {
        let (rows, _) = self.listing_trees()?;
        let (start, end): (Vec<u8>, Vec<u8>) = match from {
            From::Dated(day) => {
                let mut s = vec![0u8];
                if let Some(d) = day {
                    s.extend_from_slice(&day_bytes(d));
                }
                (s, vec![1u8])
            }
            From::Undated => (vec![1u8], vec![2u8]),
        };
        Ok(rows.range(start..end).values().filter_map(move |v| {
            let v = match v {
                Ok(v) => v,
                Err(e) => return Some(Err(self.err(e))),
            };
            let (&head, body) = v.split_first()?;
            let (status, merged) = unpack_head(head)?;
            if !keep(status, merged) {
                return None;
            }
            Some(
                serde_json::from_slice(body)
                    .map_err(|e| self.message(format!("listing row: cannot decode: {e}"))),
            )
        }))
    }

    /// The listing row of one commitment.
    pub fn listed(&self, id: &str) -> Result<Option<Listed>> {
        let (rows, keys) = self.listing_trees()?;
        let Some(key) = keys.get(id.as_bytes()).map_err(|e| self.err(e))? else {
            return Ok(None);
        };
        match rows.get(key).map_err(|e| self.err(e))? {
            Some(v) => serde_json::from_slice(v.get(1..).unwrap_or_default())
                .map(Some)
                .map_err(|e| self.message(format!("listing row {id}: cannot decode: {e}"))),
            None => Ok(None),
        }
    }

    /// The rows for the commitments `events` touch, folded from their stored events followed by
    /// the new ones. `source` gives the stating document's path when the caller knows it; else
    /// it is kept from the old row or read from the document. A log that does not fold keeps
    /// its old row (its warnings show in `accord commitment ID`).
    pub(super) fn listing_updates(
        &self,
        events: &[Event],
        source: Option<(&DocId, &str)>,
    ) -> Result<Vec<Update>> {
        let mut touched: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
        for e in events {
            touched.entry(e.commitment.as_str()).or_default().push(e);
        }
        let mut out = Vec::with_capacity(touched.len());
        for (id, new) in touched {
            let mut all = self.events_of(id)?;
            all.extend(new.into_iter().cloned());
            let Ok(st) = fold(&all) else { continue };
            let path = match (st.source(), source) {
                (None, _) => None,
                (Some(s), Some((doc, path))) if &s.doc == doc => Some(path.to_string()),
                (Some(s), _) => match self
                    .listed(id)?
                    .filter(|r| r.document.as_ref() == Some(&s.doc))
                {
                    Some(old) => old.source,
                    None => self.source_of(&s.doc)?,
                },
            };
            out.push(self.update(&Listed::of(&st, path))?);
        }
        Ok(out)
    }

    /// The rows for suggestion events whose sentences their commitments do not know yet (see
    /// [`Store::append_suggestions`]): the stored row with one more pending per event. A
    /// commitment without a row is folded as [`Store::listing_updates`] does.
    pub(super) fn suggestion_updates(&self, events: &[Event]) -> Result<Vec<Update>> {
        let mut touched: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
        for e in events {
            touched.entry(e.commitment.as_str()).or_default().push(e);
        }
        let mut out = Vec::with_capacity(touched.len());
        let mut unlisted: Vec<Event> = Vec::new();
        for (id, new) in touched {
            match self.listed(id)? {
                Some(mut row) => {
                    row.pending += new.len();
                    out.push(self.update(&row)?);
                }
                None => unlisted.extend(new.into_iter().cloned()),
            }
        }
        out.extend(self.listing_updates(&unlisted, None)?);
        Ok(out)
    }

    fn update(&self, row: &Listed) -> Result<Update> {
        encode_row(row).map_err(|m| self.message(m))
    }

    /// Whether the listing trees were built, with the current row encoding (a store from
    /// before them has none).
    pub fn listing_built(&self) -> Result<bool> {
        let built = self.meta.get(BUILT_KEY).map_err(|e| self.err(e))?;
        Ok(built.as_deref() == Some(ROWS_VERSION))
    }

    /// Rebuilds the listing from the whole event log; returns how many rows it holds. Used
    /// once for a store written before the listing existed, and by `accord check --repair`.
    pub fn rebuild_listing(&self) -> Result<usize> {
        let (rows, keys) = self.listing_trees()?;
        let events = self.all_events()?;
        let mut batch_rows = sled::Batch::default();
        let mut batch_keys = sled::Batch::default();
        let mut sources: BTreeMap<DocId, Option<String>> = BTreeMap::new();
        let mut n = 0;
        rows.clear().map_err(|e| self.err(e))?;
        keys.clear().map_err(|e| self.err(e))?;
        let mut start = 0;
        for i in 1..=events.len() {
            if i < events.len() && events[i].commitment == events[start].commitment {
                continue;
            }
            if let Ok(st) = fold(&events[start..i]) {
                let path = match st.source() {
                    Some(s) => match sources.get(&s.doc) {
                        Some(p) => p.clone(),
                        None => {
                            let p = self.source_of(&s.doc)?;
                            sources.insert(s.doc.clone(), p.clone());
                            p
                        }
                    },
                    None => None,
                };
                let u = self.update(&Listed::of(&st, path))?;
                batch_rows.insert(u.key.clone(), u.value);
                batch_keys.insert(u.id.as_bytes(), u.key);
                n += 1;
            }
            start = i;
        }
        rows.apply_batch(batch_rows).map_err(|e| self.err(e))?;
        keys.apply_batch(batch_keys).map_err(|e| self.err(e))?;
        self.meta
            .insert(BUILT_KEY, ROWS_VERSION)
            .map_err(|e| self.err(e))?;
        self.flush()?;
        Ok(n)
    }

    /// Compares the listing with a fold of the log: the ids whose row is missing, stale or
    /// left over. For `accord check`.
    pub fn listing_mismatches(&self) -> Result<Vec<String>> {
        let (_, keys) = self.listing_trees()?;
        let events = self.all_events()?;
        let mut want: BTreeMap<String, CommitmentState> = BTreeMap::new();
        let mut start = 0;
        for i in 1..=events.len() {
            if i < events.len() && events[i].commitment == events[start].commitment {
                continue;
            }
            if let Ok(st) = fold(&events[start..i]) {
                want.insert(st.id.clone(), st);
            }
            start = i;
        }
        let mut bad = Vec::new();
        for (id, st) in &want {
            let ok = self.listed(id)?.is_some_and(|row| {
                let fresh = Listed::of(st, row.source.clone());
                fresh == row
            });
            if !ok {
                bad.push(id.clone());
            }
        }
        for k in keys.iter().keys() {
            let k = k.map_err(|e| self.err(e))?;
            let id = String::from_utf8_lossy(&k).into_owned();
            if !want.contains_key(&id) {
                bad.push(id);
            }
        }
        Ok(bad)
    }
}

/// Writes rows inside a transaction, removing each commitment's previous row if its key moved.
fn encode_row(row: &Listed) -> std::result::Result<Update, String> {
    // Plain JSON behind the header byte: rows are small and read by the thousand, where zstd
    // would cost more than it saves.
    let mut value = vec![pack_head(row.status, row.merged_into.is_some())];
    serde_json::to_writer(&mut value, row).map_err(|e| format!("cannot encode: {e}"))?;
    Ok(Update {
        id: row.id.clone(),
        key: sort_key(row.due, &row.id),
        value,
    })
}

/// The rows of commitments seen for the first time, folded from `events` alone (no store
/// read, so ingest workers can run it); `doc` at `source` is the document stating them.
pub(super) fn fresh_rows(
    events: &[Event],
    doc: &DocId,
    source: &str,
) -> std::result::Result<Vec<Update>, String> {
    let mut touched: BTreeMap<&str, Vec<Event>> = BTreeMap::new();
    for e in events {
        touched
            .entry(e.commitment.as_str())
            .or_default()
            .push(e.clone());
    }
    let mut out = Vec::with_capacity(touched.len());
    for all in touched.values() {
        let Ok(st) = fold(all) else { continue };
        let path = match st.source() {
            Some(s) if &s.doc == doc => Some(source.to_string()),
            _ => None,
        };
        out.push(encode_row(&Listed::of(&st, path))?);
    }
    Ok(out)
}

/// Writes rows that must be new: a commitment already listed aborts the transaction with
/// `exists`, for the caller to fold it with its stored events instead.
pub(super) fn write_fresh(
    rows: &TransactionalTree,
    keys: &TransactionalTree,
    updates: &[Update],
    exists: &str,
) -> std::result::Result<(), ConflictableTransactionError<String>> {
    for u in updates {
        if keys.get(u.id.as_bytes())?.is_some() {
            return Err(ConflictableTransactionError::Abort(exists.to_string()));
        }
        rows.insert(u.key.as_slice(), u.value.as_slice())?;
        keys.insert(u.id.as_bytes(), u.key.as_slice())?;
    }
    Ok(())
}

pub(super) fn write_updates(
    rows: &TransactionalTree,
    keys: &TransactionalTree,
    updates: &[Update],
) -> std::result::Result<(), ConflictableTransactionError<String>> {
    for u in updates {
        if let Some(old) = keys.get(u.id.as_bytes())? {
            if old.as_ref() != u.key.as_slice() {
                rows.remove(old)?;
            }
        }
        rows.insert(u.key.as_slice(), u.value.as_slice())?;
        keys.insert(u.id.as_bytes(), u.key.as_slice())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_bytes_round_trip() {
        for status in Status::ALL {
            for merged in [false, true] {
                assert_eq!(
                    unpack_head(pack_head(status, merged)),
                    Some((status, merged))
                );
            }
        }
        assert_eq!(unpack_head(0x7f), None);
    }

    #[test]
    fn sort_keys_order_by_class_then_day_then_id() {
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        // (id, earlier, later)
        let cases = [
            (
                "earlier day first",
                sort_key(d("2024-12-31"), "C-ff"),
                sort_key(d("2025-01-01"), "C-00"),
            ),
            (
                "same day by id",
                sort_key(d("2025-01-01"), "C-0a"),
                sort_key(d("2025-01-01"), "C-0b"),
            ),
            (
                "dated before undated",
                sort_key(d("9999-12-31"), "C-ff"),
                sort_key(None, "C-00"),
            ),
            (
                "before the common era",
                sort_key(d("-0001-01-01"), "C-ff"),
                sort_key(d("0001-01-01"), "C-00"),
            ),
        ];
        for (name, a, b) in cases {
            assert!(a < b, "{name}");
        }
    }
}
