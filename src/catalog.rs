//! Lists across all stored documents: parties, commitments, working groups, agreements.
//!
//! Pure functions over `(Document, Analysis)` pairs, so the CLI, the web layer and the tests share
//! one definition of each list. Organisations named differently in different documents are merged
//! into one party when a name or alias of one equals a name or alias of the other, and when a
//! person merged them (`accord parties merge A B`, remembered as a [`PartyMerge`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Agreement, Analysis, Commitment, DocId, Document, WorkingGroup};
use crate::track::Actor;

/// A person's decision that two parties are one: `into` absorbs `absorbed` (its names become
/// aliases). Stored append-only, so it survives re-ingesting and new documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartyMerge {
    /// The absorbing party, as typed (any of its names).
    pub into: String,
    /// The absorbed party, as typed.
    pub absorbed: String,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub note: Option<String>,
}

/// An organisation across documents, with every name it goes by.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyEntry {
    pub name: String,
    pub aliases: Vec<String>,
    /// Documents that name it.
    pub documents: Vec<DocId>,
    /// People affiliated with it, across documents.
    pub people: Vec<PersonEntry>,
    /// Parties a person merged into this one (their canonical names at the time).
    pub merged: Vec<String>,
}

impl PartyEntry {
    /// Whether `name` is this party's name or one of its aliases (case and "the" ignored).
    pub fn answers_to(&self, name: &str) -> bool {
        let k = key(name);
        key(&self.name) == k || self.aliases.iter().any(|a| key(a) == k)
    }

    /// Every name it goes by.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A person across documents.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PersonEntry {
    pub name: String,
    pub role: Option<String>,
}

/// A fact together with the document it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sourced<T> {
    pub document: DocId,
    pub source: String,
    pub published: Option<NaiveDate>,
    #[serde(flatten)]
    pub item: T,
}

fn key(name: &str) -> String {
    name.trim().trim_start_matches("the ").to_lowercase()
}

/// Every organisation across the documents, merged by shared names and then by the people's
/// `merges` (oldest first; a merge naming a party no document names any more is skipped),
/// most-cited first.
pub fn parties<'a>(
    docs: impl IntoIterator<Item = (&'a Document, &'a Analysis)>,
    merges: &[PartyMerge],
) -> Vec<PartyEntry> {
    let mut out = parties_by_name(docs);
    for m in merges {
        apply_merge(&mut out, m);
    }
    sort_parties(&mut out);
    out
}

/// Applies one merge; says whether both parties were found (and were two).
pub fn apply_merge(list: &mut Vec<PartyEntry>, m: &PartyMerge) -> bool {
    let find = |n: &str| list.iter().position(|p| p.answers_to(n));
    let (Some(a), Some(b)) = (find(&m.into), find(&m.absorbed)) else {
        return false;
    };
    if a == b {
        return false;
    }
    let absorbed = list.remove(b);
    let a = if b < a { a - 1 } else { a };
    let into = &mut list[a];
    let mut aliases: BTreeSet<String> = into.aliases.drain(..).collect();
    aliases.extend(absorbed.names().map(str::to_string));
    aliases.remove(&into.name);
    into.aliases = aliases.into_iter().collect();
    let docs: BTreeSet<DocId> = into.documents.drain(..).chain(absorbed.documents).collect();
    into.documents = docs.into_iter().collect();
    let people: BTreeSet<PersonEntry> = into.people.drain(..).chain(absorbed.people).collect();
    into.people = people.into_iter().collect();
    into.merged.push(absorbed.name);
    into.merged.extend(absorbed.merged);
    true
}

fn sort_parties(out: &mut [PartyEntry]) {
    out.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then_with(|| a.name.cmp(&b.name))
    });
}

fn parties_by_name<'a>(
    docs: impl IntoIterator<Item = (&'a Document, &'a Analysis)>,
) -> Vec<PartyEntry> {
    // Union-find over organisation mentions, joined by any shared lowercase name or alias.
    let mut names: Vec<BTreeSet<String>> = Vec::new();
    let mut doc_of: Vec<DocId> = Vec::new();
    let mut people_of: Vec<Vec<PersonEntry>> = Vec::new();
    for (doc, analysis) in docs {
        for org in &analysis.organizations {
            let mut set: BTreeSet<String> = org.aliases.iter().cloned().collect();
            set.insert(org.name.clone());
            names.push(set);
            doc_of.push(doc.id.clone());
            people_of.push(
                analysis
                    .people
                    .iter()
                    .filter(|p| p.affiliation.as_deref() == Some(org.name.as_str()))
                    .map(|p| PersonEntry {
                        name: p.name.clone(),
                        role: p.role.clone(),
                    })
                    .collect(),
            );
        }
    }
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_with: HashMap<String, usize> = HashMap::new();
    for (i, set) in names.iter().enumerate() {
        for n in set {
            match first_with.get(&key(n)) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    first_with.insert(key(n), i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..names.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<PartyEntry> = groups
        .into_values()
        .map(|members| {
            let all: BTreeSet<String> = members
                .iter()
                .flat_map(|&i| names[i].iter().cloned())
                .collect();
            // The canonical name: the one used as a name most often, longest on ties.
            let mut as_name: BTreeMap<&str, usize> = BTreeMap::new();
            for &i in &members {
                if let Some(n) = names[i].iter().max_by_key(|n| n.len()) {
                    *as_name.entry(n.as_str()).or_default() += 1;
                }
            }
            let name = as_name
                .iter()
                .max_by_key(|(n, c)| (**c, n.len()))
                .map(|(n, _)| n.to_string())
                .unwrap_or_default();
            let documents: BTreeSet<DocId> = members.iter().map(|&i| doc_of[i].clone()).collect();
            let people: BTreeSet<PersonEntry> = members
                .iter()
                .flat_map(|&i| people_of[i].iter().cloned())
                .collect();
            PartyEntry {
                aliases: all.into_iter().filter(|a| *a != name).collect(),
                name,
                documents: documents.into_iter().collect(),
                people: people.into_iter().collect(),
                merged: Vec::new(),
            }
        })
        .collect();
    sort_parties(&mut out);
    out
}

fn sourced<T: Clone>(doc: &Document, item: &T) -> Sourced<T> {
    Sourced {
        document: doc.id.clone(),
        source: doc.source.clone(),
        published: doc.published,
        item: item.clone(),
    }
}

/// Every commitment, by due date (undated last), then by document and position.
pub fn commitments<'a>(
    docs: impl IntoIterator<Item = (&'a Document, &'a Analysis)>,
) -> Vec<Sourced<Commitment>> {
    let mut out: Vec<Sourced<Commitment>> = docs
        .into_iter()
        .flat_map(|(d, a)| a.commitments.iter().map(move |c| sourced(d, c)))
        .collect();
    out.sort_by(|a, b| {
        (a.item.due.is_none(), a.item.due, &a.document, a.item.span.0).cmp(&(
            b.item.due.is_none(),
            b.item.due,
            &b.document,
            b.item.span.0,
        ))
    });
    out
}

/// Every working group, by established date then name.
pub fn groups<'a>(
    docs: impl IntoIterator<Item = (&'a Document, &'a Analysis)>,
) -> Vec<Sourced<WorkingGroup>> {
    let mut out: Vec<Sourced<WorkingGroup>> = docs
        .into_iter()
        .flat_map(|(d, a)| a.working_groups.iter().map(move |g| sourced(d, g)))
        .collect();
    out.sort_by(|a, b| (a.item.established, &a.item.name).cmp(&(b.item.established, &b.item.name)));
    out
}

/// Every agreement, by date then title.
pub fn agreements<'a>(
    docs: impl IntoIterator<Item = (&'a Document, &'a Analysis)>,
) -> Vec<Sourced<Agreement>> {
    let mut out: Vec<Sourced<Agreement>> = docs
        .into_iter()
        .flat_map(|(d, a)| a.agreements.iter().map(move |g| sourced(d, g)))
        .collect();
    out.sort_by(|a, b| (a.item.date, &a.item.title).cmp(&(b.item.date, &b.item.title)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Organization, Span};

    fn doc(tag: char, orgs: &[(&str, &[&str])]) -> (Document, Analysis) {
        let d = Document {
            id: DocId(tag.to_string().repeat(64)),
            source: format!("{tag}.txt"),
            format: Format::Text,
            title: None,
            published: None,
            text: String::new(),
            warnings: Vec::new(),
            size: 0,
            ingested_at: String::new(),
        };
        let a = Analysis {
            organizations: orgs
                .iter()
                .map(|(name, aliases)| Organization {
                    name: name.to_string(),
                    aliases: aliases.iter().map(|s| s.to_string()).collect(),
                    rule: "r".into(),
                    span: Span(0, 1),
                })
                .collect(),
            ..Analysis::default()
        };
        (d, a)
    }

    fn merge(into: &str, absorbed: &str, at: &str) -> PartyMerge {
        PartyMerge {
            into: into.into(),
            absorbed: absorbed.into(),
            at: format!("{at}T00:00:00Z").parse().unwrap(),
            actor: Actor::User("kim".into()),
            note: None,
        }
    }

    #[test]
    fn merges_apply_in_order_and_skip_what_is_not_there() {
        let docs = [
            doc(
                'a',
                &[("Korea Post", &[]), ("Korea Customs Service", &["KCS"])],
            ),
            doc('b', &[("KCS", &[]), ("Japan Post", &["JP"])]),
            doc('c', &[("Japan Post Co., Ltd.", &["Japan Post"])]),
        ];
        let pairs = || docs.iter().map(|(d, a)| (d, a));
        let names = |list: &[PartyEntry]| -> Vec<(String, Vec<String>, usize, Vec<String>)> {
            list.iter()
                .map(|p| {
                    (
                        p.name.clone(),
                        p.aliases.clone(),
                        p.documents.len(),
                        p.merged.clone(),
                    )
                })
                .collect()
        };
        // (id, merges, want (name, aliases, documents, merged))
        type Want = Vec<(&'static str, Vec<&'static str>, usize, Vec<&'static str>)>;
        let cases: Vec<(&str, Vec<PartyMerge>, Want)> = vec![
            (
                "no merge: shared names join, the rest stays apart",
                vec![],
                vec![
                    ("Japan Post Co., Ltd.", vec!["JP", "Japan Post"], 2, vec![]),
                    ("Korea Customs Service", vec!["KCS"], 2, vec![]),
                    ("Korea Post", vec![], 1, vec![]),
                ],
            ),
            (
                "absorbed by an alias; the absorber keeps its name",
                vec![merge("korea post", "KCS", "2025-01-01")],
                vec![
                    ("Japan Post Co., Ltd.", vec!["JP", "Japan Post"], 2, vec![]),
                    (
                        "Korea Post",
                        vec!["KCS", "Korea Customs Service"],
                        2,
                        vec!["Korea Customs Service"],
                    ),
                ],
            ),
            (
                "unknown names and repeats change nothing",
                vec![
                    merge("Atlantis Post", "KCS", "2025-01-01"),
                    merge("JP", "Japan Post Co., Ltd.", "2025-01-02"),
                ],
                vec![
                    ("Japan Post Co., Ltd.", vec!["JP", "Japan Post"], 2, vec![]),
                    ("Korea Customs Service", vec!["KCS"], 2, vec![]),
                    ("Korea Post", vec![], 1, vec![]),
                ],
            ),
        ];
        for (id, merges, want) in cases {
            let got = names(&parties(pairs(), &merges));
            let want: Vec<(String, Vec<String>, usize, Vec<String>)> = want
                .into_iter()
                .map(|(n, a, d, m)| {
                    (
                        n.to_string(),
                        a.into_iter().map(String::from).collect(),
                        d,
                        m.into_iter().map(String::from).collect(),
                    )
                })
                .collect();
            assert_eq!(got, want, "{id}");
        }
    }
}
