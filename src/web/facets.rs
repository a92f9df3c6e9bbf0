//! Faceted search for the search page: one ranked search through [`Library::search`], then facet
//! counts (party, working group, year, kind), facet filters and paging over the ranked hits.
//!
//! The facet values of a document come from its stored analysis and never change once stored,
//! so they are cached per document id in the [`super::AppState`].

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::ApiError;
use crate::error::Result;
use crate::library::Library;
use crate::model::{DocId, Format};
use crate::search::{Hit, SearchQuery};

/// Most ranked hits looked at for facets and paging.
pub const MAX_CANDIDATES: usize = 1000;
/// Hits per page.
pub const PER_PAGE: usize = 10;

/// The facet values of one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocFacets {
    pub parties: Vec<String>,
    pub groups: Vec<String>,
    pub year: Option<i32>,
    pub kind: String,
}

/// The label of a format as a document kind.
pub fn kind_label(f: Format) -> &'static str {
    match f {
        Format::Pdf => "PDF",
        Format::Html => "Web page (HTML)",
        Format::Text => "Text",
        Format::Docx => "Word (DOCX)",
    }
}

/// Reads one document's facet values from the store.
pub fn doc_facets(lib: &Library, id: &DocId) -> Result<DocFacets> {
    let doc = lib.store().document(id)?;
    let analysis = lib.store().analysis(id)?;
    let mut parties: Vec<String> = analysis
        .as_ref()
        .map(|a| a.organizations.iter().map(|o| o.name.clone()).collect())
        .unwrap_or_default();
    parties.sort();
    parties.dedup();
    let mut groups: Vec<String> = analysis
        .as_ref()
        .map(|a| a.working_groups.iter().map(|g| g.name.clone()).collect())
        .unwrap_or_default();
    groups.sort();
    groups.dedup();
    Ok(DocFacets {
        parties,
        groups,
        year: doc.as_ref().and_then(|d| d.published).map(|d| d.year()),
        kind: doc
            .map(|d| kind_label(d.format).to_string())
            .unwrap_or_default(),
    })
}

/// The search page's query string.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SearchForm {
    pub q: Option<String>,
    pub party: Option<String>,
    pub group: Option<String>,
    pub year: Option<String>,
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<usize>,
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A date typed in a form: empty is none, anything else must be YYYY-MM-DD.
pub fn form_date(
    s: &Option<String>,
    what: &str,
) -> std::result::Result<Option<NaiveDate>, ApiError> {
    nonempty(s)
        .map(|d| {
            d.parse::<NaiveDate>().map_err(|_| {
                ApiError::bad_request(format!("{what}: not a date (want YYYY-MM-DD): {d:?}"))
            })
        })
        .transpose()
}

impl SearchForm {
    pub fn text(&self) -> &str {
        nonempty(&self.q).unwrap_or("")
    }
    pub fn party(&self) -> Option<&str> {
        nonempty(&self.party)
    }
    pub fn group(&self) -> Option<&str> {
        nonempty(&self.group)
    }
    pub fn year(&self) -> Option<&str> {
        nonempty(&self.year)
    }
    pub fn kind(&self) -> Option<&str> {
        nonempty(&self.kind)
    }

    /// The query string of this search with one parameter changed (`None` removes it) and the
    /// page reset, for facet links.
    pub fn link_with(&self, key: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let fields: [(&str, Option<&str>); 7] = [
            ("q", nonempty(&self.q)),
            ("party", self.party()),
            ("group", self.group()),
            ("year", self.year()),
            ("kind", self.kind()),
            ("from", nonempty(&self.from)),
            ("to", nonempty(&self.to)),
        ];
        for (k, v) in fields {
            let v = if k == key { value } else { v };
            if let Some(v) = v {
                pairs.push((k, v.to_string()));
            }
        }
        if key == "page" {
            if let Some(p) = value {
                pairs.push(("page", p.to_string()));
            }
        }
        let qs: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        format!("/?{}", qs.join("&"))
    }
}

/// Percent-encodes a query-string value or a path segment (a space is `%20`, which both read).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One facet: its parameter name, its label, and values with counts (most first).
#[derive(Clone, Debug, PartialEq)]
pub struct Facet {
    pub key: &'static str,
    pub label: &'static str,
    pub values: Vec<(String, usize)>,
}

/// One page of results with the facets over all of them.
#[derive(Clone, Debug)]
pub struct SearchPage {
    pub total: usize,
    /// More than [`MAX_CANDIDATES`] matched; only the best were counted.
    pub truncated: bool,
    pub hits: Vec<Hit>,
    pub facets: Vec<Facet>,
    pub page: usize,
    pub pages: usize,
}

/// Runs the search of `form` and cuts out its page. `facets_of` gives a document's facet values
/// (cached by the caller).
pub fn run(
    lib: &Library,
    form: &SearchForm,
    facets_of: &dyn Fn(&DocId) -> Result<Arc<DocFacets>>,
) -> std::result::Result<SearchPage, ApiError> {
    let query = SearchQuery {
        text: form.text().to_string(),
        party: None,
        from: form_date(&form.from, "from")?,
        to: form_date(&form.to, "to")?,
        limit: MAX_CANDIDATES,
    };
    let hits = lib.search(&query)?;
    let truncated = hits.len() >= MAX_CANDIDATES;
    let mut kept: Vec<(Hit, Arc<DocFacets>)> = Vec::new();
    for hit in hits {
        let f = facets_of(&hit.id)?;
        let ok = form
            .party()
            .is_none_or(|p| f.parties.iter().any(|x| x == p))
            && form.group().is_none_or(|g| f.groups.iter().any(|x| x == g))
            && form
                .year()
                .is_none_or(|y| f.year.map(|v| v.to_string()).as_deref() == Some(y))
            && form.kind().is_none_or(|k| f.kind == k);
        if ok {
            kept.push((hit, f));
        }
    }
    let mut counts: [BTreeMap<String, usize>; 4] = Default::default();
    for (_, f) in &kept {
        for p in &f.parties {
            *counts[0].entry(p.clone()).or_default() += 1;
        }
        for g in &f.groups {
            *counts[1].entry(g.clone()).or_default() += 1;
        }
        if let Some(y) = f.year {
            *counts[2].entry(y.to_string()).or_default() += 1;
        }
        if !f.kind.is_empty() {
            *counts[3].entry(f.kind.clone()).or_default() += 1;
        }
    }
    let [parties, groups, years, kinds] = counts;
    let by_count = |m: BTreeMap<String, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let mut years: Vec<(String, usize)> = years.into_iter().collect();
    years.sort_by(|a, b| b.0.cmp(&a.0));
    let facets = vec![
        Facet {
            key: "party",
            label: "Party",
            values: by_count(parties),
        },
        Facet {
            key: "group",
            label: "Working group",
            values: by_count(groups),
        },
        Facet {
            key: "year",
            label: "Year",
            values: years,
        },
        Facet {
            key: "kind",
            label: "Kind",
            values: by_count(kinds),
        },
    ];
    let total = kept.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = form.page.unwrap_or(1).clamp(1, pages);
    let hits = kept
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|(h, _)| h)
        .collect();
    Ok(SearchPage {
        total,
        truncated,
        hits,
        facets,
        page,
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_links_change_one_parameter_and_reset_the_page() {
        let form = SearchForm {
            q: Some("ems guarantee".into()),
            party: Some("Korea Post".into()),
            page: Some(3),
            ..Default::default()
        };
        // (id, key, value, link)
        let cases = [
            (
                "add year",
                "year",
                Some("2024"),
                "/?q=ems%20guarantee&party=Korea%20Post&year=2024",
            ),
            ("remove party", "party", None, "/?q=ems%20guarantee"),
            (
                "page",
                "page",
                Some("2"),
                "/?q=ems%20guarantee&party=Korea%20Post&page=2",
            ),
        ];
        for (id, key, value, link) in cases {
            assert_eq!(form.link_with(key, value), link, "{id}");
        }
    }

    #[test]
    fn encoding_escapes_everything_but_unreserved() {
        assert_eq!(encode("a&b=c d/é"), "a%26b%3Dc%20d%2F%C3%A9");
    }

    #[test]
    fn form_dates_are_optional_but_checked() {
        assert_eq!(form_date(&Some("".into()), "from").unwrap(), None);
        assert!(form_date(&Some("2024-07-10".into()), "from")
            .unwrap()
            .is_some());
        assert_eq!(
            form_date(&Some("10/07/2024".into()), "from")
                .unwrap_err()
                .status,
            400
        );
    }
}
