//! Document metadata: `/Info` Title and CreationDate, with XMP `dc:title` and `xmp:CreateDate`
//! as fallbacks, for the title and publication date hints.

use chrono::NaiveDate;
use lopdf::{Document, Object};

use super::{deref, Budget};

/// The title and creation date the document declares, if any.
pub fn metadata(doc: &Document, budget: &Budget) -> (Option<String>, Option<NaiveDate>) {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    let info_str = |key: &[u8]| {
        info.and_then(|d| d.get(key).ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let mut title = info_str(b"Title");
    let mut published = info_str(b"CreationDate").and_then(|s| parse_date(&s));
    if title.is_none() || published.is_none() {
        let xmp = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"Metadata").ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| match o {
                Object::Stream(s) => budget.decode(s),
                _ => None,
            })
            .map(|d| String::from_utf8_lossy(&d).into_owned());
        if let Some(x) = xmp {
            if title.is_none() {
                title = xmp_title(&x);
            }
            if published.is_none() {
                published = xmp_value(&x, "xmp:CreateDate").and_then(|s| parse_date(&s));
            }
        }
    }
    (title, published)
}

/// Whether TeX made the document (`/Producer` or `/Creator` says so): TeX hyphenates words at
/// line ends on its own, so a line-end hyphen there is more often a break than a compound.
pub fn made_by_tex(doc: &Document) -> bool {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return false;
    };
    [&b"Producer"[..], b"Creator"].iter().any(|k| {
        info.get(k)
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .is_some_and(|s| s.contains("TeX"))
    })
}

/// `D:20231201...` or ISO `2023-12-01T...` to a date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).take(8).collect();
    if digits.len() < 8 {
        return None;
    }
    let y = digits.get(0..4)?.parse().ok()?;
    let m = digits.get(4..6)?.parse().ok()?;
    let d = digits.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The text of the first `<rdf:li>` inside `<dc:title>`.
fn xmp_title(x: &str) -> Option<String> {
    let start = x.find("<dc:title")?;
    let rest = &x[start..];
    let end = rest.find("</dc:title>")?;
    let block = &rest[..end];
    let li = block.find("<rdf:li")?;
    let after = &block[li..];
    let open_end = after.find('>')?;
    let inner = &after[open_end + 1..];
    let close = inner.find("</rdf:li>").unwrap_or(inner.len());
    let t = unescape(inner[..close].trim());
    (!t.is_empty()).then_some(t)
}

/// The value of an XMP property written as an element or as an attribute.
fn xmp_value(x: &str, name: &str) -> Option<String> {
    if let Some(i) = x.find(&format!("<{name}>")) {
        let rest = &x[i + name.len() + 2..];
        let end = rest.find('<')?;
        return Some(rest[..end].trim().to_string());
    }
    let i = x.find(&format!("{name}=\""))?;
    let rest = &x[i + name.len() + 2..];
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_from_pdf_and_iso_forms() {
        let cases = [
            (
                "pdf-full",
                "D:20231201093000+08'00'",
                NaiveDate::from_ymd_opt(2023, 12, 1),
            ),
            (
                "pdf-day-only",
                "D:20240710",
                NaiveDate::from_ymd_opt(2024, 7, 10),
            ),
            (
                "iso",
                "2024-07-10T09:00:00Z",
                NaiveDate::from_ymd_opt(2024, 7, 10),
            ),
            ("too-short", "D:2024", None),
            ("impossible", "D:20241340", None),
        ];
        for (id, s, want) in cases {
            assert_eq!(parse_date(s), want, "{id}");
        }
    }

    #[test]
    fn xmp_title_and_create_date() {
        let x = r#"<x:xmpmeta><rdf:RDF><rdf:Description xmp:CreateDate="2024-07-10T10:00:00Z">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Kahala &amp; Partners</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta>"#;
        assert_eq!(xmp_title(x).as_deref(), Some("Kahala & Partners"));
        assert_eq!(
            xmp_value(x, "xmp:CreateDate").as_deref(),
            Some("2024-07-10T10:00:00Z")
        );
        let y = "<xmp:CreateDate>2023-12-01</xmp:CreateDate>";
        assert_eq!(
            xmp_value(y, "xmp:CreateDate").as_deref(),
            Some("2023-12-01")
        );
    }
}
