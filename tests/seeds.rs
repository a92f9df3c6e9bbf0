//! The two seed documents, the user's own examples of the genre: what a coordinator needs from
//! each must come out of `accord extract`.

use accord::{Facts, Limits, Strength};

use crate::util::seeds;

fn facts(i: usize) -> Facts {
    accord::ingest::extract_file(&seeds()[i], &Limits::default(), None).expect("seed extracts")
}

fn has_action(f: &Facts, words: &str) -> bool {
    f.commitments.iter().any(|c| c.action.contains(words))
}

#[test]
fn trilateral_meeting_seed() {
    let f = facts(0);
    assert_eq!(
        f.published.map(|d| d.to_string()).as_deref(),
        Some("2023-12-01")
    );
    let values: Vec<String> = f
        .dates
        .iter()
        .filter_map(|d| d.value.map(|v| v.to_string()))
        .collect();
    assert!(values.contains(&"2023-11-28".to_string()), "{values:?}");
    assert!(
        !values.iter().any(|v| v.starts_with("8610") || v == "2024"),
        "menu and phone numbers are not dates: {values:?}"
    );
    let orgs: Vec<&str> = f.organizations.iter().map(|o| o.name.as_str()).collect();
    for name in ["Japan Post", "Korea Post"] {
        assert!(orgs.contains(&name), "{orgs:?}");
    }
    let china = f
        .organizations
        .iter()
        .find(|o| o.name == "China Post Group Corporation Limited")
        .unwrap_or_else(|| panic!("{orgs:?}"));
    assert!(china.aliases.iter().any(|a| a == "China Post"), "{china:?}");
    let zheng = f
        .people
        .iter()
        .find(|p| p.name == "Zheng Guoyu")
        .expect("Zheng Guoyu");
    assert_eq!(zheng.role.as_deref(), Some("President"));
    for action in [
        "share air transportation resources",
        "connect their domestic networks",
        "link their information networks",
        "promote talent exchanges",
        "establish a joint working group",
    ] {
        assert!(
            has_action(&f, action),
            "missing {action:?} in {:#?}",
            f.commitments
        );
    }
    let share = f
        .commitments
        .iter()
        .find(|c| c.action.contains("share air"))
        .unwrap();
    assert_eq!(share.by.len(), 3, "the three Posts: {:?}", share.by);
    assert_eq!(share.strength, Strength::Firm);
    let explore = f
        .commitments
        .iter()
        .find(|c| c.action.contains("explore postal digital"))
        .expect("explore");
    assert_eq!(explore.strength, Strength::Exploratory);
    assert!(
        f.agreements
            .iter()
            .any(|a| a.title.contains("Memorandum of Cooperation")),
        "{:?}",
        f.agreements
    );
    let group = f.working_groups.first().expect("the joint working group");
    assert_eq!(group.members.len(), 3);
    assert!(group
        .mandate
        .as_deref()
        .unwrap_or("")
        .contains("implement the consensus"));
}

#[test]
fn alliance_resumes_service_seed() {
    let f = facts(1);
    assert_eq!(
        f.published.map(|d| d.to_string()).as_deref(),
        Some("2024-07-10")
    );
    let resume = f
        .commitments
        .iter()
        .find(|c| {
            c.action
                .contains("resume the EMS delivery guarantee service")
        })
        .unwrap_or_else(|| panic!("{:#?}", f.commitments));
    assert_eq!(
        resume.due.map(|d| d.to_string()).as_deref(),
        Some("2024-12-31")
    );
    assert_eq!(resume.due_text.as_deref(), Some("by the end of this year"));
    let cho = f
        .people
        .iter()
        .find(|p| p.name == "Cho Hae-keun")
        .expect("Cho Hae-keun");
    assert_eq!(cho.affiliation.as_deref(), Some("Korea Post"));
    assert!(f
        .organizations
        .iter()
        .any(|o| o.name == "Kahala Posts Group"));
}
