//! Dumps what analysis finds in every document of some folders (sentences, dateline, the whole
//! analysis), one block per file in path order, so two builds can be compared with `diff`: a
//! speed change to the analysers must leave this output identical.
//!
//! `cargo run --release --example analysis_dump -- DIR... > out.txt`

use std::path::{Path, PathBuf};

use accord::analyze::{analyze, published, segment};
use accord::{Hints, Limits};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "txt" | "md" | "html" | "htm" | "docx" | "pdf"))
        {
            out.push(p);
        }
    }
}

fn main() {
    let mut paths = Vec::new();
    for a in std::env::args().skip(1) {
        files(Path::new(&a), &mut paths);
    }
    paths.sort();
    let limits = Limits::default();
    for p in paths {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let Ok((_, ex)) = accord::extract::extract(&bytes, &p, &limits) else {
            println!("== {} (not extracted)", p.display());
            continue;
        };
        let hints = Hints {
            title: ex.title.clone(),
            published: ex.published,
            created: ex.created,
        };
        let text = &ex.text;
        let sentences = segment::sentences(text);
        println!("== {}", p.display());
        for s in &sentences {
            println!("S {} {} {}", s.span.0, s.span.1, s.prose);
        }
        println!("D {:?}", published::dateline(text, &sentences));
        println!("{:#?}", analyze(text, &hints));
    }
}
