//! Configuration resolved once at start-up: the data directory, the limits on one file's cost,
//! and the memory budgets of the store and the index.

use std::path::PathBuf;
use std::time::Duration;

/// Bounds on what one file may cost; every stage that reads untrusted bytes honours them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of decompressed streams (PDF, DOCX) per file, in bytes.
    pub max_decompressed_bytes: u64,
    /// Most pages read from one PDF.
    pub max_pages: usize,
    /// Longest time one file may take to extract and analyse.
    pub per_file_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 * 1024 * 1024,
            max_decompressed_bytes: 256 * 1024 * 1024,
            max_pages: 5_000,
            per_file_timeout: Duration::from_secs(30),
        }
    }
}

/// Memory the store and the index may hold for their own use, whatever the archive's size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memory {
    /// sled's page cache, in bytes (sled's own default is 1 GB; most commands read each record
    /// once, so a big cache only raises memory use).
    pub store_cache_bytes: u64,
    /// tantivy's indexing buffer, in bytes, shared by its indexing threads (at least 15 MB
    /// each; raised to that if set lower).
    pub index_writer_bytes: usize,
}

impl Default for Memory {
    fn default() -> Self {
        Memory {
            store_cache_bytes: 32 * 1024 * 1024,
            index_writer_bytes: 50_000_000,
        }
    }
}

/// Where the data lives and how much work a file may cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The data directory (default `./index`): `store/` (sled) and `search/` (tantivy) inside.
    pub data_dir: PathBuf,
    pub limits: Limits,
    pub memory: Memory,
}

impl Config {
    /// A configuration for `data_dir` with default limits.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Config {
            data_dir: data_dir.into(),
            limits: Limits::default(),
            memory: Memory::default(),
        }
    }
}
