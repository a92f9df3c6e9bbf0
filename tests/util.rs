//! The test harness: a temporary data directory and a way to run the real `accord` binary on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary data directory, with helpers to run `accord` against it.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The data directory accord uses in this environment.
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A path inside the temporary directory (for input files).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes an input file and returns its path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Runs `accord ARGS` with this data directory.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .env("ACCORD_DATA", self.data())
            .current_dir(repo())
            .output()
            .expect("run accord");
        Run(out)
    }
}

/// The result of one `accord` run.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    /// Asserts the exit code, showing both streams when it differs.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout()))
    }
    /// stdout parsed as NDJSON.
    pub fn ndjson(&self) -> Vec<serde_json::Value> {
        self.stdout()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }
}

/// The repository root (tests run from it, so relative corpus paths work).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus.
pub fn corpus() -> PathBuf {
    repo().join("corpus")
}

/// The two seed documents in `../shared/seeds/` (CI and every developer have `../shared` beside
/// the repository).
pub fn seeds() -> Vec<PathBuf> {
    let dir = repo().join("../shared/seeds");
    let v = files_in(&dir, &["txt"]);
    assert_eq!(v.len(), 2, "expected the two seeds in {}", dir.display());
    v
}

/// Every file directly in `dir` with one of these extensions, sorted.
pub fn files_in(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| exts.iter().any(|x| e == *x)));
    v.sort();
    v
}
