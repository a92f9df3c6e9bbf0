//! Who gets the credit for a commitment whose subject cannot commit on its own account: a
//! working group (its members commit), a person (their organisation), a country (the
//! organisations the document names as acting for it) and "the Secretariat" (the body it
//! serves). Runs once over the commitments found, after subjects have been resolved.

use rustc_hash::FxHashMap;

use super::super::parties::actors::Resolver;
use super::super::parties::tokens::Doc;
use super::super::parties::{Parties, Who};
use crate::model::{Commitment, Span, WorkingGroup};

/// How far after a person's name their appositive ("…, Director General of X,") may reach,
/// in bytes.
const APPOSITIVE: usize = 160;

/// Replaces, in each commitment's `by`, the names that stand for someone else.
pub(super) fn credit(
    text: &Doc,
    parties: &Parties,
    res: &Resolver,
    groups: &[WorkingGroup],
    out: &mut [Commitment],
) {
    // Each name is looked up once per document: the look-ups scan the text or all mentions.
    let mut memo: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for c in out.iter_mut() {
        let mut by: Vec<String> = Vec::new();
        let mut countries = 0;
        let mut unknown: Vec<String> = Vec::new();
        for name in &c.by {
            let k = kind(parties, groups, name);
            if let (Some(v), false) = (memo.get(name), matches!(k, Kind::Group(_) | Kind::Other)) {
                for f in v {
                    if !by.contains(f) {
                        by.push(f.clone());
                    }
                }
                continue;
            }
            let found = match k {
                Kind::Group(g) => group_members(res, groups, g, c.span.0),
                Kind::Person(i) => vec![person_org(text, parties, i).unwrap_or(name.clone())],
                Kind::Secretariat => vec![secretariat(text, parties, res).unwrap_or(name.clone())],
                Kind::Role(r) => vec![role_holder_org(text, parties, r).unwrap_or(name.clone())],
                Kind::Org => vec![name.clone()],
                Kind::Other => {
                    let v = memo
                        .entry(name.clone())
                        .or_insert_with(|| country_orgs(text, parties, res, name))
                        .clone();
                    if v.is_empty() {
                        unknown.push(name.clone());
                    } else {
                        countries += 1;
                    }
                    v
                }
            };
            if !matches!(k, Kind::Group(_) | Kind::Other) {
                memo.insert(name.clone(), found.clone());
            }
            for f in found {
                if !by.contains(&f) {
                    by.push(f);
                }
            }
        }
        // A country whose acting organisation the document does not name is left out when
        // the others' were found, rather than credited as if it were an organisation.
        if countries == 0 {
            for u in unknown {
                if !by.contains(&u) {
                    by.push(u);
                }
            }
        }
        if !by.is_empty() {
            c.by = by;
        }
    }
}

/// What a name in `by` is.
enum Kind<'g> {
    Org,
    Group(&'g WorkingGroup),
    Person(usize),
    Secretariat,
    /// A meeting role: "chair" or "secretary".
    Role(&'static str),
    Other,
}

fn kind<'g>(parties: &Parties, groups: &'g [WorkingGroup], name: &str) -> Kind<'g> {
    if let Some(g) = groups.iter().find(|g| {
        g.name.eq_ignore_ascii_case(name) || is_group_acronym(std::slice::from_ref(g), name)
    }) {
        return Kind::Group(g);
    }
    if parties.organizations.iter().any(|o| o.name == name) {
        return Kind::Org;
    }
    if let Some(i) = parties.people.iter().position(|p| p.name == name) {
        return Kind::Person(i);
    }
    let low = name.to_lowercase();
    if low == "secretariat" || low == "the secretariat" {
        return Kind::Secretariat;
    }
    match low.trim_start_matches("the ") {
        "chair" | "chairperson" | "chairman" => return Kind::Role("chair"),
        "secretary" => return Kind::Role("secretary"),
        _ => {}
    }
    Kind::Other
}

/// The initials of a name's capitalised words: "Joint Implementation Team" -> "JIT".
pub(crate) fn acronym(name: &str) -> String {
    name.split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Whether an organisation's name is really a working group's acronym ("the Joint
/// Implementation Team (JIT)" makes "JIT" a team, not an organisation). Only for a group the
/// text sets up or calls joint, working or a team: "the Financial Action Task Force (FATF)"
/// is a body in its own right.
pub(crate) fn is_group_acronym(groups: &[WorkingGroup], name: &str) -> bool {
    name.chars().count() >= 2
        && name.chars().all(|c| c.is_uppercase())
        && groups.iter().any(|g| {
            let low = g.name.to_lowercase();
            acronym(&g.name) == name
                && (!g.rule.starts_with("group.named")
                    || low
                        .split([' ', '-'])
                        .any(|w| matches!(w, "joint" | "working" | "team")))
        })
}

/// A group commits through its members; when the text names none, through the meeting's
/// participants (never the group itself under its acronym).
fn group_members(
    res: &Resolver,
    groups: &[WorkingGroup],
    g: &WorkingGroup,
    pos: usize,
) -> Vec<String> {
    let own = |m: &String| {
        m.eq_ignore_ascii_case(&g.name) || acronym(&g.name) == *m || is_group_acronym(groups, m)
    };
    let members: Vec<String> = g.members.iter().filter(|m| !own(m)).cloned().collect();
    if !members.is_empty() {
        return members;
    }
    res.participants(None, pos)
        .into_iter()
        .filter(|m| !own(m) && !groups.iter().any(|o| o.name.eq_ignore_ascii_case(m)))
        .collect()
}

/// The organisation a person without a known affiliation speaks for, from the words right
/// after one of their mentions: "Marek Wysocki, who heads KAS," or "Youssef El Amrani,
/// Director General of Barid Al-Maghrib," where "Barid Al-Maghrib (Poste Maroc)" names the
/// organisation elsewhere.
fn person_org(text: &Doc, parties: &Parties, i: usize) -> Option<String> {
    if let Some(a) = parties.people.get(i)?.affiliation.clone() {
        return Some(a);
    }
    for m in parties.mentions.iter().filter(|m| m.who == Who::Person(i)) {
        let end = appositive_end(text, parties, m.span.1);
        if end <= m.span.1 || !text[m.span.1..end].trim_start().starts_with(',') {
            continue;
        }
        let window = Span(m.span.1, end);
        if let Some(o) = parties
            .mentions_in(window)
            .iter()
            .find_map(|m| match m.who {
                Who::Org(o) => parties.organizations.get(o),
                Who::Person(_) => None,
            })
        {
            return Some(o.name.clone());
        }
        // "..., Director General of Barid Al-Maghrib": a name the analysis did not take for
        // an organisation, glossed by one elsewhere ("Barid Al-Maghrib (Poste Maroc)").
        let w = window.slice(text);
        let Some(of) = w.find(" of ") else { continue };
        let phrase: Vec<&str> = w[of + 4..]
            .split_whitespace()
            .map(|t| t.trim_end_matches([',', '.', ';', ':']))
            .take_while(|t| t.chars().next().is_some_and(char::is_uppercase))
            .collect();
        if phrase.is_empty() {
            continue;
        }
        let phrase = phrase.join(" ");
        if let Some(o) = glossed(text, parties, &phrase) {
            return Some(o);
        }
    }
    None
}

/// Where a person's appositive ends: the sentence's end, a line break, the next person, or
/// "and" after a comma (the next item of a list), at most [`APPOSITIVE`] bytes on.
fn appositive_end(text: &Doc, parties: &Parties, from: usize) -> usize {
    let mut end = (from + APPOSITIVE).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let w = &text[from..end];
    let mut cut = w.len();
    for stop in [". ", ".\n", "\n", ";", ", and ", "\"", "“", "”"] {
        if let Some(p) = w.find(stop) {
            cut = cut.min(p);
        }
    }
    if let Some(p) = parties
        .mentions_in(Span(from, from + cut))
        .iter()
        .find(|m| matches!(m.who, Who::Person(_)))
    {
        cut = cut.min(p.span.0 - from);
    }
    from + cut
}

/// The organisation a name is glossed as: "Barid Al-Maghrib (Poste Maroc)" glosses the
/// first by the second.
fn glossed(text: &Doc, parties: &Parties, phrase: &str) -> Option<String> {
    let needle = format!("{phrase} (");
    let at = text.find(&needle)? + needle.len();
    let m = parties
        .mentions
        .iter()
        .find(|m| m.span.0 >= at && m.span.0 <= at + 1)?;
    match m.who {
        Who::Org(o) => parties.organizations.get(o).map(|o| o.name.clone()),
        Who::Person(_) => None,
    }
}

/// The body "the Secretariat" serves: the organisation defined as it ("the APPU Bureau (the
/// Secretariat)"), else the body whose meeting is reported, else the organisation of the
/// document's Secretary General or Executive Secretary.
fn secretariat(text: &Doc, parties: &Parties, res: &Resolver) -> Option<String> {
    if let Some(at) = find_ci(text, "(the secretariat)") {
        let before = parties
            .mentions
            .iter()
            .filter(|m| m.span.1 <= at && text[m.span.1..at].trim().is_empty())
            .find_map(|m| match m.who {
                Who::Org(o) => parties.organizations.get(o),
                Who::Person(_) => None,
            });
        if let Some(o) = before {
            return Some(o.name.clone());
        }
    }
    if let Some(b) = res.body_name() {
        return Some(b.to_string());
    }
    let mut heads = parties.people.iter().filter_map(|p| {
        let role = p.role.as_deref()?.to_lowercase();
        role.contains("secretary")
            .then_some(p.affiliation.as_deref())
            .flatten()
    });
    let first = heads.next()?;
    heads.all(|a| a == first).then(|| first.to_string())
}

/// The organisation of whoever holds a meeting role ("chair", "secretary"): named just
/// before "(Chair)" in an attendance list ("Ingrid Dahl, Director, Posten Bring AS (Chair)"),
/// after "Secretary:" at the start of a line, or after "chaired by" (an organisation, or a
/// person through their affiliation).
pub(super) fn role_holder_org(text: &Doc, parties: &Parties, role: &str) -> Option<String> {
    let org_after = |at: usize| {
        parties
            .mentions
            .iter()
            .filter(|m| m.span.0 >= at && m.span.0 <= at + 40)
            .find_map(|m| parties.org_of(m.who))
            .map(str::to_string)
    };
    if let Some(at) = find_ci(text, &format!("({role})")) {
        let before = parties
            .mentions
            .iter()
            .rev()
            .find(|m| m.span.1 <= at && text[m.span.1..at].trim().is_empty());
        if let Some(o) = before.and_then(|m| parties.org_of(m.who)) {
            return Some(o.to_string());
        }
    }
    let label = format!("\n{role}:");
    if let Some(at) = find_ci(text, &label) {
        if let Some(o) = org_after(at + label.len()) {
            return Some(o);
        }
    }
    let at = find_ci(text, &format!("{role}ed by "))? + role.len() + "ed by ".len();
    org_after(at)
}

/// Where an ASCII `needle` first occurs in `text`, ignoring ASCII case: a byte offset into
/// `text` itself (a lower-cased copy may differ in length).
fn find_ci(text: &Doc, needle: &str) -> Option<usize> {
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The organisations acting for a country named as a subject ("Poland and Ukraine agreed"):
/// those the document ties to it ("Poland's National Revenue Administration", "the State
/// Customs Service of Ukraine"), the one that signed or met first, else the most involved.
/// Its government ("Government of Nepal") is the country itself, and an organisation that
/// takes no part (named once, never a subject) is not acting for it.
fn country_orgs(text: &Doc, parties: &Parties, res: &Resolver, country: &str) -> Vec<String> {
    let of = [
        format!(" of {}", country.to_lowercase()),
        format!(" of the {}", country.to_lowercase()),
    ];
    let owner = [format!("{country}'s"), format!("{country}’s")];
    let mut best: Option<(usize, (bool, u32))> = None;
    for (i, o) in parties.organizations.iter().enumerate() {
        let low = o.name.to_lowercase();
        if low.starts_with("government") || low.starts_with("republic") {
            continue;
        }
        let named = of.iter().any(|s| low.ends_with(s.as_str()))
            || parties.mentions.iter().any(|m| {
                m.who == Who::Org(i)
                    && owner.iter().any(|p| {
                        text[..m.span.0]
                            .trim_end()
                            .trim_end_matches("the")
                            .trim_end()
                            .ends_with(p.as_str())
                    })
            });
        if !named {
            continue;
        }
        let rank = res.acting(i);
        if !rank.0 && rank.1 < 2 {
            continue;
        }
        if best.is_none_or(|(_, r)| rank > r) {
            best = Some((i, rank));
        }
    }
    best.map(|(i, _)| vec![parties.organizations[i].name.clone()])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyze;
    use crate::model::Hints;

    /// Each case: an id, a text, an action's first words, and who must be credited with it.
    const CASES: &[(&str, &str, &str, &[&str])] = &[
        (
            "person-who-heads",
            "Alpha Revenue Agency (ARA) and the Customs Service of Beta signed a protocol. \
             \"We will open a new lane at the border,\" said Jan Kowal, who heads ARA, \
             adding that staff would be trained.",
            "open a new lane",
            &["Alpha Revenue Agency"],
        ),
        (
            "person-glossed-name",
            "Gamma Post signed an agreement with Barid Delta (Delta Post), the national \
             operator of Delta. It was signed by Ana Ruiz, Director General of Barid Delta.\n\n\
             Ana Ruiz, Director General of Barid Delta, said:\n\
             \"We will open a sorting hub in Deltaville for export parcels by June 2026.\"",
            "open a sorting hub",
            &["Delta Post"],
        ),
        (
            "countries-to-agencies",
            "Alphaland and Betaland agreed on Monday to set up joint inspection lanes at \
             the border. Alphaland's Revenue Administration and the State Customs Service of \
             Betaland signed a protocol in the capital. The State Customs Service of Betaland \
             said the work would start soon, and the Revenue Administration confirmed it.",
            "set up joint inspection lanes",
            &[
                "Revenue Administration",
                "State Customs Service of Betaland",
            ],
        ),
        (
            "secretariat-defined",
            "The meeting of the Gamma Postal Union (GPU) was held at the GPU Bureau (the \
             Secretariat) in Bangkok. Korea Post and Japan Post attended. The Secretariat was \
             requested to compile the replies to the questionnaire.",
            "compile the replies",
            &["GPU Bureau"],
        ),
        (
            "secretariat-of-secretary-general",
            "Delegates of Kenya Post and Egypt Post met in Arusha. \"We are ready,\" said Dr \
             Ama Mensah, Secretary General of the Gamma Postal Union (GPU). \"The Secretariat \
             will publish a quality dashboard for all member posts in October.\"",
            "publish a quality dashboard",
            &["Gamma Postal Union"],
        ),
        (
            "team-acronym-to-members",
            "Korea Post and Japan Post signed a memorandum. The memorandum set up a Joint \
             Implementation Team (JIT) to oversee delivery. At its meeting the JIT agreed on \
             new actions. The JIT will extend the express service to Busan within six months.",
            "extend the express service",
            &["Korea Post", "Japan Post"],
        ),
        (
            "table-owner-chair",
            "Present:\nAnna Berg, Director, Fiji Post (Chair)\nSione Vea, Tonga Post\n\n\
             | Action | Owner | Deadline |\n|---|---|---|\n\
             | Convene the first meeting of the task force | Chair | within 14 days |\n",
            "convene the first meeting",
            &["Fiji Post"],
        ),
        (
            "table-owner-secretary",
            "Present:\nAnna Berg, Director, Fiji Post (Chair)\nSione Vea, Tonga Post\n\
             Secretary: Mele Tui, Samoa Post\n\n\
             | Action | Owner | Deadline |\n|---|---|---|\n\
             | Update the contact list of the task force | Secretary | ongoing |\n",
            "update the contact list",
            &["Samoa Post"],
        ),
        (
            "the-ministry-of-the-letterhead",
            "REPUBLIC OF FIJI\nMINISTRY OF POSTS AND TELECOMMUNICATIONS\n\n\
             The delegation met the Ministry of Economic Affairs in Suva and Fiji Post in Nadi. \
             Fiji Post will open a hub.\n\nThe Ministry will:\n\
             (a) submit a draft addressing policy within 90 days;\n\
             (b) publish a report on the visit.\n",
            "submit a draft addressing policy",
            &["Ministry of Posts and Telecommunications"],
        ),
        (
            "two-ministries-of-that-kind",
            "MINISTRY OF POSTS AND TELECOMMUNICATIONS\n\n\
             The delegation met the Ministry of Economic Affairs in Suva. Ana Lomani of Fiji \
             Post and Sione Vea of Tonga Post joined. The two ministries agreed to exchange \
             their address standards.",
            "exchange their address standards",
            &[
                "Ministry of Posts and Telecommunications",
                "Ministry of Economic Affairs",
            ],
        ),
        (
            "members-of-the-regional-body-of-the-letterhead",
            "PACIFIC DEVELOPMENT COMMUNITY\n\nCOMMUNIQUE OF THE MEETING OF MINISTERS\n\n\
             1. The Meeting of Ministers was held in Suva. Fiji Post and the Pacific Postal \
             Operators Association (PPOA) attended.\n\n2. The Ministers decided to:\n\
             (a) integrate postal development into national strategies;\n\
             (b) explore a regional fund for rural post offices.\n",
            "integrate postal development",
            &["Pacific Development Community"],
        ),
        (
            "his-company-is-the-speakers",
            "Fiji Post and Samoa Post met in Apia. Tonga Post chief executive Sione Vea said \
             his company and Fiji Post hope to launch a joint parcel product next year.",
            "launch a joint parcel product",
            &["Fiji Post", "Tonga Post"],
        ),
        (
            "the-union-of-the-letterhead",
            "PACIFIC POSTAL UNION\n\nCOMMUNIQUE\n\n1. The Executive Committee of the Pacific \
             Postal Union (PPU) met in Suva. Observers from the Universal Postal Union (UPU) \
             attended. The Union adopted its security plan in 2024.\n\n2. The Committee \
             resolved that all member posts of the Union shall transmit advance data for every \
             item by 31 March 2027.\n",
            "transmit advance data",
            &["Pacific Postal Union"],
        ),
        (
            "the-council-of-the-union-in-the-letterhead",
            "POSTAL UNION OF THE SOUTH PACIFIC, FIJI AND TONGA (UPSP)\nEXECUTIVE COUNCIL\n\n\
             Also present: Ana Lomani, Director of Fiji Post; Sione Vea, Director of Tonga \
             Post.\n\nDecision 1. The Council agreed to study the creation of a regional hub \
             in Suva.\n",
            "study the creation of a regional hub",
            &["Postal Union of the South Pacific, Fiji and Tonga"],
        ),
        (
            "chaired-by-an-organisation",
            "The meeting of Fiji Post, Tonga Post and Samoa Post was chaired by Tonga Post. \
             The Chair will circulate the minutes to all members by Friday.",
            "circulate the minutes",
            &["Tonga Post"],
        ),
    ];

    #[test]
    fn credit_goes_to_the_organisations_behind_a_subject() {
        for (id, text, action, want) in CASES {
            let a = analyze(text, &Hints::default());
            let c = a
                .commitments
                .iter()
                .find(|c| c.action.starts_with(action))
                .unwrap_or_else(|| {
                    panic!("{id}: no commitment {action:?} in {:#?}", a.commitments)
                });
            let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            assert_eq!(c.by, want, "{id}");
        }
    }

    #[test]
    fn text_that_lower_cases_to_other_lengths_does_not_panic() {
        // "İ" lower-cases to two characters: offsets found in a lower-cased copy would not
        // fit the text.
        for text in [
            "İİİ Gamma Post Bureau (the Secretariat) met. The Secretariat will publish a report.",
            "İİ Ωmega Post (Chair)\n\n| Action | Owner | Deadline |\n|---|---|---|\n\
             | Send the list of posts | Chair | May |\n",
            "Meeting chaired by İİ Fiji Post. The Chair will send the list of posts.",
        ] {
            let a = analyze(text, &Hints::default());
            assert!(a.commitments.iter().all(|c| !c.by.is_empty()), "{text}");
        }
    }

    #[test]
    fn a_group_acronym_is_not_an_organisation() {
        let text = "Korea Post and Japan Post set up a Joint Implementation Team (JIT). The JIT \
                    will meet in Seoul.";
        let a = analyze(text, &Hints::default());
        assert!(
            a.organizations.iter().all(|o| o.name != "JIT"),
            "{:?}",
            a.organizations
        );
        assert_eq!(acronym("Joint Implementation Team"), "JIT");
        assert_eq!(acronym("Czech-Slovak Postal Working Group"), "CSPWG");
    }
}
