use super::*;
use crate::analyze::segment::sentences;

#[test]
fn dump_seeds() {
    for f in ["000_e9bc35649db03677.txt", "004_c81f2e9b14abcc74.txt"] {
        let text = std::fs::read_to_string(format!("/work/shared/seeds/{f}")).unwrap();
        let s = sentences(&text);
        let p = find_parties(&text, &s);
        for o in &p.organizations {
            eprintln!("ORG {} {:?} {}", o.name, o.aliases, o.rule);
        }
        for o in &p.people {
            eprintln!("PER {} {:?} {:?} {}", o.name, o.role, o.affiliation, o.rule);
        }
        for o in &p.places {
            eprintln!("PLACE {} {}", o.name, o.rule);
        }
        let g = crate::analyze::groups::find_groups(&text, &s, &p, &[]);
        for x in &g {
            eprintln!("GROUP {:?}", x);
        }
        let a = crate::analyze::agreements::find_agreements(&text, &s, &p, &[]);
        for x in &a {
            eprintln!("AGR {:?}", x);
        }
        let c = crate::analyze::commitments::find_commitments(&text, &s, &p, &[], &g);
        for x in &c {
            eprintln!(
                "COM {:?} | {} | {:?} {:?} {:?}",
                x.by, x.action, x.strength, x.due_text, x.group
            );
        }
    }
}
