//! The command line: clap options (doc comments are the help), dispatch to the library, and
//! rendering as human text or `--json`. No business logic lives here.

mod exit;
mod render;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use accord::catalog;
use accord::ingest::{self, FileOutcome, Status};
use accord::search::SearchQuery;
use accord::{Config, Library, Result};

/// accord: track what organisations agree to. Ingest memoranda, communiqués and news reports;
/// find who met, who signed what, what each party committed to and by when.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about)]
pub struct Opts {
    /// Data directory (store and search index).
    #[arg(long, global = true, env = "ACCORD_DATA", default_value = "index")]
    data: PathBuf,
    /// Print JSON instead of text (NDJSON, one object per file, for `ingest`).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ingest files and folders (recursively; .txt .md .html .pdf .docx).
    Ingest {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Search documents (tantivy syntax: terms, "phrases", AND/OR/NOT, title:).
    Search {
        query: String,
        /// Only documents naming this party (organisation name or alias, or person).
        #[arg(long)]
        party: Option<String>,
        /// Published on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Published on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<NaiveDate>,
        /// Most hits to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Show one document (full id or a prefix) with its facts.
    Show { id: String },
    /// Organisations across all documents, with aliases and people.
    Parties,
    /// Commitments across all documents, by due date.
    Commitments,
    /// Joint working groups across all documents.
    Groups,
    /// Agreements signed or adopted, across all documents.
    Agreements,
    /// Extract and analyse one file without storing it (the Facts JSON with --json).
    Extract {
        file: PathBuf,
        /// Publication date to resolve relative dates against, when the file has none.
        #[arg(long)]
        published: Option<NaiveDate>,
        /// Print only the extracted text (pages separated by form feeds).
        #[arg(long)]
        text: bool,
    },
    /// Rebuild the search index from the store.
    Reindex,
    /// Check that the store and the search index agree.
    Check,
    /// List the extraction rules with their ids.
    Rules,
}

/// Runs one command; `Ok` carries the exit code of a command that ran to its end.
pub fn run(opts: Opts) -> ExitCode {
    match dispatch(&opts) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("accord: {err}");
            exit::for_error(&err)
        }
    }
}

fn open(opts: &Opts) -> Result<Library> {
    Library::open(Config::new(opts.data.clone()))
}

fn dispatch(opts: &Opts) -> Result<ExitCode> {
    let json = opts.json;
    let mut out = std::io::stdout().lock();
    match &opts.command {
        Command::Ingest { paths } => {
            let lib = open(opts)?;
            let inputs = ingest::walk(paths);
            let bar = progress_bar(inputs.len() as u64);
            let summary = ingest::ingest(&lib, inputs, |o: &FileOutcome| {
                bar.inc(1);
                let line = if json {
                    serde_json::to_string(o).expect("outcome serialises")
                } else {
                    render::outcome(o)
                };
                bar.suspend(|| {
                    let _ = writeln!(std::io::stdout(), "{line}");
                    if o.status == Status::Failed && !json {
                        // The reason also goes to stderr, for scripts that only watch errors.
                        eprintln!("accord: {}: {}", o.path, o.reason.as_deref().unwrap_or(""));
                    }
                });
            })?;
            bar.finish_and_clear();
            if json {
                // The summary goes to stderr so stdout stays one object per file.
                eprintln!(
                    "{}",
                    serde_json::to_string(&summary).expect("summary serialises")
                );
            } else {
                writeln!(out, "{}", render::summary(&summary)).ok();
            }
            Ok(code(summary.failed == 0))
        }
        Command::Search {
            query,
            party,
            from,
            to,
            limit,
        } => {
            let lib = open(opts)?;
            let hits = lib.search(&SearchQuery {
                text: query.clone(),
                party: party.clone(),
                from: *from,
                to: *to,
                limit: *limit,
            })?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&hits).expect("hits serialise")
                )
                .ok();
            } else {
                write!(
                    out,
                    "{}",
                    render::hits(&hits, std::io::stdout().is_terminal())
                )
                .ok();
            }
            Ok(code(true))
        }
        Command::Show { id } => {
            let lib = open(opts)?;
            let facts = lib.facts(&lib.resolve(id)?)?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&facts).expect("facts serialise")
                )
                .ok();
            } else {
                write!(out, "{}", render::facts(&facts)).ok();
            }
            Ok(code(true))
        }
        Command::Parties | Command::Commitments | Command::Groups | Command::Agreements => {
            let lib = open(opts)?;
            let docs = lib.store().documents().collect::<Result<Vec<_>>>()?;
            let pairs = || docs.iter().map(|(d, a)| (d, a));
            let text = match &opts.command {
                Command::Parties => list(json, &catalog::parties(pairs()), render::parties),
                Command::Commitments => {
                    list(json, &catalog::commitments(pairs()), render::commitments)
                }
                Command::Groups => list(json, &catalog::groups(pairs()), render::groups),
                _ => list(json, &catalog::agreements(pairs()), render::agreements),
            };
            write!(out, "{text}").ok();
            Ok(code(true))
        }
        Command::Extract {
            file,
            published,
            text,
        } => {
            let facts = ingest::extract_file(file, &Config::new(&opts.data).limits, *published)?;
            if *text {
                write!(out, "{}", facts.text).ok();
            } else if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&facts).expect("facts serialise")
                )
                .ok();
            } else {
                write!(out, "{}", render::facts(&facts)).ok();
            }
            Ok(code(true))
        }
        Command::Reindex => {
            let lib = open(opts)?;
            let n = lib.reindex()?;
            if json {
                writeln!(out, "{}", serde_json::json!({ "indexed": n })).ok();
            } else {
                writeln!(out, "reindexed {n} documents").ok();
            }
            Ok(code(true))
        }
        Command::Check => {
            let lib = open(opts)?;
            let report = lib.check()?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serialises")
                )
                .ok();
            } else {
                write!(out, "{}", render::check(&report)).ok();
            }
            Ok(code(report.consistent()))
        }
        Command::Rules => {
            let rules = accord::analyze::rules::all();
            let text = list(json, &rules, render::rules);
            write!(out, "{text}").ok();
            Ok(code(true))
        }
    }
}

fn code(ok: bool) -> ExitCode {
    ExitCode::from(if ok { exit::SUCCESS } else { exit::PARTIAL })
}

/// A list as pretty JSON or through its text renderer.
fn list<T: serde::Serialize>(json: bool, items: &[T], text: fn(&[T]) -> String) -> String {
    if json {
        format!(
            "{}\n",
            serde_json::to_string_pretty(items).expect("list serialises")
        )
    } else {
        text(items)
    }
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}")
    {
        bar.set_style(style);
    }
    bar
}
