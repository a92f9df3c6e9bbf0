//! The ingest pipeline, in order: hash -> dedup -> detect -> extract -> analyse -> store -> index.
