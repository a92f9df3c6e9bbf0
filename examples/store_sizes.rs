//! Prints what a data directory's sled store holds, tree by tree: entries, key bytes and value
//! bytes (as stored, i.e. compressed), against the size of the store's files on disk. It shows
//! where the store's size goes (`docs/performance.md`, "Where the disk goes").
//!
//! `cargo run --release --example store_sizes -- DATA_DIR`

use std::path::Path;

fn dir_size(path: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(path) else {
        return std::fs::metadata(path).map_or(0, |m| m.len());
    };
    rd.flatten().map(|e| dir_size(&e.path())).sum()
}

fn main() {
    let Some(data) = std::env::args().nth(1) else {
        eprintln!("usage: store_sizes DATA_DIR");
        std::process::exit(2);
    };
    let path = Path::new(&data).join("store");
    let db = match sled::Config::new().path(&path).open() {
        Ok(db) => db,
        Err(e) => {
            eprintln!("cannot open {}: {e}", path.display());
            std::process::exit(1);
        }
    };
    let mut total = 0u64;
    println!(
        "{:<20} {:>10} {:>12} {:>14}",
        "tree", "entries", "key bytes", "value bytes"
    );
    for name in db.tree_names() {
        let Ok(tree) = db.open_tree(&name) else {
            continue;
        };
        let (mut n, mut k, mut v) = (0u64, 0u64, 0u64);
        for (key, value) in tree.iter().flatten() {
            n += 1;
            k += key.len() as u64;
            v += value.len() as u64;
        }
        total += k + v;
        println!(
            "{:<20} {:>10} {:>12} {:>14}",
            String::from_utf8_lossy(&name),
            n,
            k,
            v
        );
    }
    let disk = dir_size(&path);
    println!(
        "live data {:.1} MB; files on disk {:.1} MB ({:.1}x the live data)",
        total as f64 / 1048576.0,
        disk as f64 / 1048576.0,
        disk as f64 / total.max(1) as f64
    );
}
