//! Plain shared types: documents, the facts found in them, and their evidence.
//!
//! Every stage speaks these types: `extract` produces [`Extracted`], `analyze` produces
//! [`Analysis`], the store keeps [`Document`] + [`Analysis`], and [`Facts`] is the stable JSON
//! contract printed by `accord extract --json` (documented in `docs/facts.md`). No I/O here.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// A document's identity: the lowercase hex SHA-256 of its bytes, so the same bytes are one document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// The id of these bytes.
    pub fn of(bytes: &[u8]) -> DocId {
        let digest = Sha256::digest(bytes);
        let mut hex = String::with_capacity(64);
        for b in digest.iter() {
            hex.push_str(&format!("{b:02x}"));
        }
        DocId(hex)
    }

    /// The first 12 hex digits: what people type and read.
    pub fn short(&self) -> &str {
        &self.0[..self.0.len().min(12)]
    }

    /// The full hex string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The formats accord reads; detected from content first and file extension second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Html,
    Text,
    Docx,
}

impl Format {
    /// The lowercase name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Text => "text",
            Format::Docx => "docx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range `[start, end)` into a document's extracted text; serialised as `[start, end]`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span(pub usize, pub usize);

impl Span {
    /// The text this span covers (empty if the span does not fit `text`).
    pub fn slice(self, text: &str) -> &str {
        text.get(self.0..self.1).unwrap_or("")
    }

    /// Whether `other` lies inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.0 <= other.0 && other.1 <= self.1
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.1.saturating_sub(self.0)
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.1 <= self.0
    }
}

/// A calendar value at the precision the text gives: a year, a month or a day.
/// Serialised as `"YYYY"`, `"YYYY-MM"` or `"YYYY-MM-DD"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateValue {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl DateValue {
    /// The first day the value covers.
    pub fn first_day(self) -> NaiveDate {
        match self {
            DateValue::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).expect("valid year"),
            DateValue::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1).expect("valid month"),
            DateValue::Day(d) => d,
        }
    }

    /// The last day the value covers: the deadline meaning of "by 2025" or "by March 2025".
    pub fn last_day(self) -> NaiveDate {
        match self {
            DateValue::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).expect("valid year"),
            DateValue::Month(y, m) => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid month") - chrono::Duration::days(1)
            }
            DateValue::Day(d) => d,
        }
    }

    /// The year the value falls in.
    pub fn year(self) -> i32 {
        match self {
            DateValue::Year(y) | DateValue::Month(y, _) => y,
            DateValue::Day(d) => d.year(),
        }
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Year(y) => write!(f, "{y:04}"),
            DateValue::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            DateValue::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl FromStr for DateValue {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {s:?}");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str| p.parse::<i64>().map_err(|_| bad());
        match parts.as_slice() {
            [y] if y.len() == 4 => Ok(DateValue::Year(num(y)? as i32)),
            [y, m] if y.len() == 4 && m.len() == 2 => {
                let (y, m) = (num(y)? as i32, num(m)? as u32);
                NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
                Ok(DateValue::Month(y, m))
            }
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                NaiveDate::from_ymd_opt(num(y)? as i32, num(m)? as u32, num(d)? as u32)
                    .map(DateValue::Day)
                    .ok_or_else(bad)
            }
            _ => Err(bad()),
        }
    }
}

impl Serialize for DateValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What extraction produced from one file's bytes: text plus whatever metadata the format carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    /// Title from the format's metadata (HTML `<title>`, PDF `/Title`, DOCX core properties).
    pub title: Option<String>,
    /// Publication date from the format's metadata, when it has one (HTML `article:published_time`).
    pub published: Option<NaiveDate>,
    /// When the file was made (PDF `/CreationDate`, DOCX `dcterms:created`): a fallback for the
    /// publication date only when the text has no dateline, since files are often made later.
    pub created: Option<NaiveDate>,
    /// The visible text, paragraphs separated by blank lines; pages by form feeds (`\u{c}`).
    pub text: String,
    /// Problems that did not stop extraction (a page that failed, an unreliable text layer).
    pub warnings: Vec<String>,
}

/// Hints that come from outside the text and guide analysis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hints {
    /// Title from metadata.
    pub title: Option<String>,
    /// Publication date from metadata or `--published`; wins over anything in the text.
    pub published: Option<NaiveDate>,
    /// File creation date: used only when neither `published` nor a dateline in the text gives one.
    pub created: Option<NaiveDate>,
}

/// An organisation, with every form it is named by in the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// The canonical (longest full) name.
    pub name: String,
    /// Other names for the same organisation: short forms, acronyms, "the Union".
    pub aliases: Vec<String>,
    /// Id of the rule that found it.
    pub rule: String,
    /// The first mention.
    pub span: Span,
}

/// A person named in the document, with a role and an affiliation where the text gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    /// Canonical name of the organisation the person belongs to.
    pub affiliation: Option<String>,
    pub rule: String,
    pub span: Span,
}

/// A place where something happened (a meeting, a signing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub rule: String,
    pub span: Span,
}

/// A date expression in the text and the calendar value it stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// The words as written ("by the end of this year").
    pub text: String,
    /// The resolved value; `None` when it is relative and there is no anchor to resolve it.
    pub value: Option<DateValue>,
    /// The end of a range ("April 16-May 4, 2007").
    pub until: Option<DateValue>,
    /// How the value was resolved ("anchor 2024-07-10 + end of year").
    pub trace: String,
    pub rule: String,
    pub span: Span,
}

/// How binding a commitment is, from the verb that states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    /// agreed / will / shall / decided / pledged / committed.
    Firm,
    /// agreed to explore / study / consider.
    Exploratory,
    /// plan / intend / aim.
    Intent,
}

/// One action that one or more parties committed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// Stable short id (`C-` and 12 hex digits), from the document id and the action's position.
    pub id: String,
    /// Canonical names of the parties that committed.
    pub by: Vec<String>,
    /// The action, starting with its verb ("share air transportation resources").
    pub action: String,
    /// The deadline: the last day of the period the text gives.
    pub due: Option<NaiveDate>,
    /// The words the deadline came from ("by the end of this year").
    pub due_text: Option<String>,
    pub strength: Strength,
    /// Name of the working group that is to carry it out, when the text says so.
    pub group: Option<String>,
    /// The whole sentence, for context.
    pub sentence: String,
    pub rule: String,
    /// The action's span.
    pub span: Span,
}

/// A joint working group (or committee, task force) established or named in the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingGroup {
    pub name: String,
    /// Canonical names of the member organisations.
    pub members: Vec<String>,
    /// What it is for ("implement the consensus reached during the meeting").
    pub mandate: Option<String>,
    pub established: Option<DateValue>,
    pub rule: String,
    pub span: Span,
}

/// The kind of an agreement, by its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    MemorandumOfUnderstanding,
    MemorandumOfCooperation,
    Agreement,
    JointStatement,
    ActionPlan,
    Declaration,
    Other,
}

/// A memorandum, agreement, joint statement or plan signed or adopted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub title: String,
    pub kind: AgreementKind,
    pub date: Option<DateValue>,
    /// Canonical names of the signatories.
    pub parties: Vec<String>,
    pub rule: String,
    pub span: Span,
}

/// Everything analysis finds in one text. A pure function of the text and its [`Hints`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub title: Option<String>,
    /// Publication date from the hints or the text; the anchor for relative dates.
    pub published: Option<NaiveDate>,
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub places: Vec<Place>,
    pub dates: Vec<DateMention>,
    pub agreements: Vec<Agreement>,
    pub commitments: Vec<Commitment>,
    pub working_groups: Vec<WorkingGroup>,
    /// Analysis problems ("no English prose: not analysed").
    pub warnings: Vec<String>,
}

/// A stored document: where it came from and its text. Its facts are stored beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    /// The path it was first ingested from, as given.
    pub source: String,
    pub format: Format,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
    /// Extraction and analysis warnings.
    pub warnings: Vec<String>,
    /// Size of the original file in bytes.
    pub size: u64,
    /// When it was ingested (RFC 3339, UTC).
    pub ingested_at: String,
}

/// The Facts JSON: one document with everything found in it. A stable contract (`docs/facts.md`):
/// fields may be added, existing ones keep their names and meaning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub id: DocId,
    pub source: String,
    pub format: Format,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
    pub warnings: Vec<String>,
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub places: Vec<Place>,
    pub dates: Vec<DateMention>,
    pub agreements: Vec<Agreement>,
    pub commitments: Vec<Commitment>,
    pub working_groups: Vec<WorkingGroup>,
}

impl Facts {
    /// Joins a stored document and its analysis into the Facts JSON shape.
    pub fn new(doc: &Document, analysis: &Analysis) -> Facts {
        Facts {
            id: doc.id.clone(),
            source: doc.source.clone(),
            format: doc.format,
            title: doc.title.clone(),
            published: doc.published,
            text: doc.text.clone(),
            warnings: doc.warnings.clone(),
            organizations: analysis.organizations.clone(),
            people: analysis.people.clone(),
            places: analysis.places.clone(),
            dates: analysis.dates.clone(),
            agreements: analysis.agreements.clone(),
            commitments: analysis.commitments.clone(),
            working_groups: analysis.working_groups.clone(),
        }
    }
}

/// The stable id of a commitment: `C-` and 12 hex digits of a hash of its document and span.
/// 48 bits keep ids apart at archive scale (about one collision in 100 stores of 100,000
/// documents with 2 million commitments; 32 bits gave hundreds); a prefix still selects one.
pub fn commitment_id(doc: &DocId, span: Span) -> String {
    let mut h = Sha256::new();
    h.update(doc.0.as_bytes());
    h.update(span.0.to_le_bytes());
    h.update(span.1.to_le_bytes());
    let d = h.finalize();
    let mut id = String::with_capacity(14);
    id.push_str("C-");
    for b in &d[..6] {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_value_round_trips_through_strings() {
        for s in ["2024", "2024-07", "2024-12-31"] {
            let v: DateValue = s.parse().unwrap();
            assert_eq!(v.to_string(), s);
        }
        assert!("2024-13".parse::<DateValue>().is_err());
        assert!("2023-02-29".parse::<DateValue>().is_err());
        assert!("24".parse::<DateValue>().is_err());
    }

    #[test]
    fn last_day_is_the_deadline_reading() {
        let d = |s: &str| s.parse::<DateValue>().unwrap().last_day().to_string();
        assert_eq!(d("2024"), "2024-12-31");
        assert_eq!(d("2024-02"), "2024-02-29");
        assert_eq!(d("2023-12"), "2023-12-31");
        assert_eq!(d("2025-03-15"), "2025-03-15");
    }

    #[test]
    fn doc_id_is_the_sha256_of_the_bytes() {
        let id = DocId::of(b"abc");
        assert_eq!(
            id.as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(id.short(), "ba7816bf8f01");
    }
}
