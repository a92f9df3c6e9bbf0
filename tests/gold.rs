//! The corpus gold test: accord's analysis of every corpus document against its hand-written gold
//! file (`corpus/gold/NAME.json`). Prints per-field precision, recall and F1 and asserts floors.
//!
//! Matching, per document, one-to-one and greedy in gold order:
//! - organisations: any shared name or alias (case-insensitive, without a leading "the");
//! - people: the same name;
//! - dates: the set of normalised values;
//! - commitments: an action matches when most content words agree (shared content words are at
//!   least half of the larger side); then `due` and `by` are checked on the matched pairs;
//! - working groups: the same name, or one name containing the other;
//! - agreements: the same kind and titles sharing most content words.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use accord::Facts;
use serde::Deserialize;

use crate::util::{corpus, files_in};

#[derive(Debug, Deserialize)]
struct Gold {
    published: Option<String>,
    #[serde(default)]
    organizations: Vec<GoldOrg>,
    #[serde(default)]
    people: Vec<GoldPerson>,
    #[serde(default)]
    dates: Vec<GoldDate>,
    #[serde(default)]
    agreements: Vec<GoldAgreement>,
    #[serde(default)]
    commitments: Vec<GoldCommitment>,
    #[serde(default)]
    working_groups: Vec<GoldGroup>,
}

#[derive(Debug, Deserialize)]
struct GoldOrg {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct GoldPerson {
    name: String,
}

#[derive(Debug, Deserialize)]
struct GoldDate {
    value: Option<String>,
    until: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldAgreement {
    title: String,
    kind: String,
}

#[derive(Debug, Deserialize)]
struct GoldCommitment {
    #[serde(default)]
    by: Vec<String>,
    action: String,
    due: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldGroup {
    name: String,
}

/// True positives, predictions and gold items for one field.
#[derive(Default, Clone, Copy, Debug)]
struct Score {
    tp: usize,
    predicted: usize,
    gold: usize,
}

impl Score {
    fn add(&mut self, tp: usize, predicted: usize, gold: usize) {
        self.tp += tp;
        self.predicted += predicted;
        self.gold += gold;
    }
    fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.tp as f64 / self.predicted as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn norm(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let s = s.strip_prefix("the ").unwrap_or(&s);
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const STOP: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "by", "at", "their",
    "its", "this", "that", "as", "from", "into", "under", "between", "among", "be", "will", "all",
    "each", "other", "further", "jointly",
];

fn content_words(s: &str) -> BTreeSet<String> {
    norm(s)
        .split_whitespace()
        .filter(|w| !STOP.contains(w))
        .map(|w| w.trim_end_matches('s').to_string())
        .collect()
}

/// Whether most content words agree: shared words are at least half of the larger side.
fn most_words_agree(a: &str, b: &str) -> bool {
    let (a, b) = (content_words(a), content_words(b));
    let shared = a.intersection(&b).count();
    let larger = a.len().max(b.len()).max(1);
    shared * 2 >= larger && shared > 0
}

/// Greedy one-to-one matching; returns the matched (gold index, predicted index) pairs.
fn match_pairs<G, P>(gold: &[G], pred: &[P], same: impl Fn(&G, &P) -> bool) -> Vec<(usize, usize)> {
    let mut used = vec![false; pred.len()];
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        if let Some(pi) = (0..pred.len()).find(|&pi| !used[pi] && same(g, &pred[pi])) {
            used[pi] = true;
            pairs.push((gi, pi));
        }
    }
    pairs
}

#[derive(Default)]
struct Scores {
    published: Score,
    organizations: Score,
    people: Score,
    dates: Score,
    commitments: Score,
    due: Score,
    by: Score,
    groups: Score,
    agreements: Score,
}

fn score_document(gold: &Gold, facts: &Facts, s: &mut Scores, log: &mut String, name: &str) {
    use std::fmt::Write;
    let published = facts.published.map(|d| d.to_string());
    s.published
        .add(usize::from(published == gold.published), 1, 1);
    if published != gold.published {
        let _ = writeln!(
            log,
            "{name}: published {published:?}, gold {:?}",
            gold.published
        );
    }

    // Organisations, and a map from every gold name or alias to the gold canonical name.
    let mut canonical: HashMap<String, String> = HashMap::new();
    for g in &gold.organizations {
        for n in std::iter::once(&g.name).chain(&g.aliases) {
            canonical.insert(norm(n), norm(&g.name));
        }
    }
    let org_pairs = match_pairs(&gold.organizations, &facts.organizations, |g, p| {
        let gn: BTreeSet<String> = std::iter::once(&g.name)
            .chain(&g.aliases)
            .map(|n| norm(n))
            .collect();
        std::iter::once(&p.name)
            .chain(&p.aliases)
            .any(|n| gn.contains(&norm(n)))
    });
    s.organizations.add(
        org_pairs.len(),
        facts.organizations.len(),
        gold.organizations.len(),
    );
    for (i, g) in gold.organizations.iter().enumerate() {
        if !org_pairs.iter().any(|&(gi, _)| gi == i) {
            let _ = writeln!(log, "{name}: missed org {:?}", g.name);
        }
    }
    for (i, p) in facts.organizations.iter().enumerate() {
        if !org_pairs.iter().any(|&(_, pi)| pi == i) {
            let _ = writeln!(log, "{name}: extra org {:?}", p.name);
        }
    }
    // Predicted org names resolve to gold canonical names through the matched pairs.
    let mut pred_canon: HashMap<String, String> = HashMap::new();
    for &(gi, pi) in &org_pairs {
        let p = &facts.organizations[pi];
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            pred_canon.insert(norm(n), norm(&gold.organizations[gi].name));
        }
    }

    let people = match_pairs(&gold.people, &facts.people, |g, p| {
        norm(&g.name) == norm(&p.name)
    });
    s.people
        .add(people.len(), facts.people.len(), gold.people.len());
    for (i, g) in gold.people.iter().enumerate() {
        if !people.iter().any(|&(gi, _)| gi == i) {
            let _ = writeln!(log, "{name}: missed person {:?}", g.name);
        }
    }
    for (i, p) in facts.people.iter().enumerate() {
        if !people.iter().any(|&(_, pi)| pi == i) {
            let _ = writeln!(log, "{name}: extra person {:?}", p.name);
        }
    }

    let gold_dates: BTreeSet<String> = gold
        .dates
        .iter()
        .flat_map(|d| d.value.iter().chain(d.until.iter()).cloned())
        .collect();
    let pred_dates: BTreeSet<String> = facts
        .dates
        .iter()
        .flat_map(|d| d.value.iter().chain(d.until.iter()).map(|v| v.to_string()))
        .collect();
    s.dates.add(
        gold_dates.intersection(&pred_dates).count(),
        pred_dates.len(),
        gold_dates.len(),
    );
    for d in gold_dates.difference(&pred_dates) {
        let _ = writeln!(log, "{name}: missed date {d}");
    }
    for d in pred_dates.difference(&gold_dates) {
        let _ = writeln!(log, "{name}: extra date {d}");
    }

    let commits = match_pairs(&gold.commitments, &facts.commitments, |g, p| {
        most_words_agree(&g.action, &p.action)
    });
    s.commitments.add(
        commits.len(),
        facts.commitments.len(),
        gold.commitments.len(),
    );
    for (i, g) in gold.commitments.iter().enumerate() {
        if !commits.iter().any(|&(gi, _)| gi == i) {
            let _ = writeln!(log, "{name}: missed commitment {:?}", g.action);
        }
    }
    for (i, p) in facts.commitments.iter().enumerate() {
        if !commits.iter().any(|&(_, pi)| pi == i) {
            let _ = writeln!(log, "{name}: extra commitment {:?}", p.action);
        }
    }
    for &(gi, pi) in &commits {
        let (g, p) = (&gold.commitments[gi], &facts.commitments[pi]);
        let due = p.due.map(|d| d.to_string());
        s.due.add(usize::from(due == g.due), 1, 1);
        if due != g.due {
            let _ = writeln!(
                log,
                "{name}: due {due:?}, gold {:?} for {:?}",
                g.due, g.action
            );
        }
        let gb: BTreeSet<String> =
            g.by.iter()
                .map(|n| canonical.get(&norm(n)).cloned().unwrap_or_else(|| norm(n)))
                .collect();
        let pb: BTreeSet<String> =
            p.by.iter()
                .map(|n| pred_canon.get(&norm(n)).cloned().unwrap_or_else(|| norm(n)))
                .collect();
        s.by.add(usize::from(gb == pb), 1, 1);
        if gb != pb {
            let _ = writeln!(log, "{name}: by {pb:?}, gold {gb:?} for {:?}", g.action);
        }
    }

    let groups = match_pairs(&gold.working_groups, &facts.working_groups, |g, p| {
        let (a, b) = (norm(&g.name), norm(&p.name));
        a == b || a.contains(&b) || b.contains(&a)
    });
    s.groups.add(
        groups.len(),
        facts.working_groups.len(),
        gold.working_groups.len(),
    );
    if groups.len() != gold.working_groups.len() || groups.len() != facts.working_groups.len() {
        let got: Vec<&str> = facts
            .working_groups
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        let want: Vec<&str> = gold
            .working_groups
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        let _ = writeln!(log, "{name}: groups {got:?}, gold {want:?}");
    }

    let agreements = match_pairs(&gold.agreements, &facts.agreements, |g, p| {
        let kind = serde_json::to_value(p.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        kind.as_deref() == Some(g.kind.as_str()) && most_words_agree(&g.title, &p.title)
    });
    s.agreements.add(
        agreements.len(),
        facts.agreements.len(),
        gold.agreements.len(),
    );
    if agreements.len() != gold.agreements.len() || agreements.len() != facts.agreements.len() {
        let got: Vec<&str> = facts.agreements.iter().map(|g| g.title.as_str()).collect();
        let want: Vec<&str> = gold.agreements.iter().map(|g| g.title.as_str()).collect();
        let _ = writeln!(log, "{name}: agreements {got:?}, gold {want:?}");
    }
}

/// The corpus document a gold file describes: the file in `corpus/` (or below) with that stem.
fn document_for(stem: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(corpus())
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .find(|p| {
            p.is_file()
                && p.file_stem().is_some_and(|s| s == stem)
                && accord::ingest::DOCUMENT_EXTENSIONS
                    .iter()
                    .any(|x| p.extension().is_some_and(|e| e == *x))
        })
}

/// Scores every document of a gold folder; returns the scores and the log of misses.
fn score_set(gold_dir: &Path) -> (Scores, String, usize) {
    let golds = files_in(gold_dir, &["json"]);
    let mut scores = Scores::default();
    let mut log = String::new();
    for gold_path in &golds {
        let stem = gold_path.file_stem().unwrap().to_string_lossy().to_string();
        let doc = document_for(&stem)
            .unwrap_or_else(|| panic!("no corpus document for {}", gold_path.display()));
        let gold: Gold = serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
        let facts = accord::ingest::extract_file(Path::new(&doc), &accord::Limits::default(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        score_document(&gold, &facts, &mut scores, &mut log, &stem);
    }
    (scores, log, golds.len())
}

/// Prints the misses and the per-field table, then asserts each field's F1 floor.
fn assert_floors(name: &str, scores: &Scores, log: &str, floors: [f64; 9]) {
    println!("{log}");
    let rows: [(&str, Score, f64); 9] = [
        ("published", scores.published, floors[0]),
        ("organizations", scores.organizations, floors[1]),
        ("people", scores.people, floors[2]),
        ("dates", scores.dates, floors[3]),
        ("commitments", scores.commitments, floors[4]),
        ("commitments.due", scores.due, floors[5]),
        ("commitments.by", scores.by, floors[6]),
        ("working_groups", scores.groups, floors[7]),
        ("agreements", scores.agreements, floors[8]),
    ];
    println!(
        "{name}\n{:<18} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
        "field", "precision", "recall", "F1", "tp", "pred", "gold"
    );
    for (field, s, _) in &rows {
        println!(
            "{field:<18} {:>9.3} {:>9.3} {:>9.3} {:>6} {:>6} {:>6}",
            s.precision(),
            s.recall(),
            s.f1(),
            s.tp,
            s.predicted,
            s.gold
        );
    }
    let failed: Vec<String> = rows
        .iter()
        .filter(|(_, s, floor)| s.f1() < *floor)
        .map(|(f, s, floor)| format!("{f}: F1 {:.3} < floor {floor}", s.f1()))
        .collect();
    assert!(failed.is_empty(), "{name} below the floors: {failed:?}");
}

/// The development set: the documents in `corpus/` the rules were written against.
#[test]
fn corpus_gold_scores_meet_their_floors() {
    let (scores, log, n) = score_set(&corpus().join("gold"));
    assert!(n >= 45, "expected at least 45 gold files, found {n}");
    // Floors: what the analysers reach today, a little below, so a regression fails the build;
    // each is at or above the extraction-quality issue's target for its field. Order: published, organizations, people, dates, commitments, due, by, groups, agreements.
    assert_floors(
        "development set (corpus/gold)",
        &scores,
        &log,
        [0.97, 0.96, 0.98, 0.97, 0.94, 0.95, 0.9, 0.95, 0.95],
    );
}

/// The held-out set: documents in other genres (delegation readouts, ministry press releases,
/// joint statements, communiqués) written by someone who had not read the rules, to measure how
/// far they carry over. Each batch is scored once before anyone looks at its misses (the
/// numbers are in docs/quality.md); after its misses have been used for development it guards
/// against regressions only, and a new batch measures generalisation.
#[test]
fn heldout_gold_scores_meet_their_floors() {
    let (scores, log, n) = score_set(&corpus().join("heldout/gold"));
    assert!(
        n >= 78,
        "expected at least 62 held-out gold files, found {n}"
    );
    assert_floors(
        "held-out set (corpus/heldout/gold)",
        &scores,
        &log,
        // Batch 5 (blind, `by` 0.547) lowered commitments, `by` and groups when it joined;
        // batch 6 (blind, commitments 0.733, agreements 0.333) lowered them again; batch 7
        // (blind, published 0.750, due 0.726) lowered published and due; batch 8 (blind, people
        // 0.812, `by` 0.478) lowered people and `by`; session 8's rules raised them again;
        // batch 9 (blind, people 0.685, `by` 0.681) lowered published, people, `by` and groups;
        // session 9's rules raised them again; batch 10 (blind, organisations 0.743, agreements
        // 0.737, `by` 0.703) lowered organisations, commitments, `by` and agreements; session
        // 10's rules raised them again.
        [0.99, 0.90, 0.96, 0.96, 0.87, 0.90, 0.84, 0.98, 0.86],
    );
}

#[test]
fn matching_rules_behave() {
    assert!(most_words_agree(
        "share air transportation resources",
        "share their air transportation resources"
    ));
    assert!(!most_words_agree(
        "share air transportation resources",
        "promote talent exchanges"
    ));
    assert_eq!(norm("The Universal Postal Union"), "universal postal union");
}
