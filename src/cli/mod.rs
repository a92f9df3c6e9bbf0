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
use accord::library::NewCommitment;
use accord::search::SearchQuery;
use accord::track::{self, Actor, EventKind};
use accord::{Config, Error, Library, Result};

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
    /// Largest file read, in MB.
    #[arg(long, global = true, value_name = "MB", default_value_t = 100)]
    max_file_mb: u64,
    /// Largest total of decompressed streams per file (PDF, DOCX), in MB.
    #[arg(long, global = true, value_name = "MB", default_value_t = 256)]
    max_decompressed_mb: u64,
    /// Most pages read from one PDF.
    #[arg(long, global = true, value_name = "N", default_value_t = 5000)]
    max_pages: usize,
    /// Longest time one file may take to extract and analyse, in seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    #[command(subcommand)]
    command: Command,
}

impl Opts {
    /// The configuration these options describe.
    fn config(&self) -> Config {
        let mut config = Config::new(self.data.clone());
        config.limits = accord::Limits {
            max_file_bytes: self.max_file_mb.saturating_mul(1024 * 1024),
            max_decompressed_bytes: self.max_decompressed_mb.saturating_mul(1024 * 1024),
            max_pages: self.max_pages,
            per_file_timeout: std::time::Duration::from_secs(self.timeout.max(1)),
        };
        config
    }
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
    /// Organisations across all documents, with aliases, people and merges;
    /// `accord parties merge A B` makes A absorb B (remembered).
    Parties {
        #[command(subcommand)]
        action: Option<PartiesCmd>,
    },
    /// Commitments at an as-of date: overdue first (most days late first), then by due date.
    Commitments {
        /// Only these statuses (open, in_progress, done, dropped, waived; comma-separated).
        #[arg(long, value_delimiter = ',')]
        status: Vec<track::Status>,
        /// Only those overdue at the as-of date.
        #[arg(long)]
        overdue: bool,
        /// Only active ones due within this period of the as-of date (30d, 4w, 2m, 1y).
        #[arg(long, value_name = "PERIOD")]
        due_within: Option<String>,
        /// Only those where a committing party's name contains this (any case).
        #[arg(long)]
        party: Option<String>,
        /// Only those carried by a working group whose name contains this.
        #[arg(long)]
        group: Option<String>,
        /// Only those whose owner's name contains this.
        #[arg(long)]
        owner: Option<String>,
        /// The date to judge overdue and due-soon at (default: today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Include commitments merged into another.
        #[arg(long)]
        all: bool,
        /// Most commitments to list (0: every one); the listing says when more matched.
        #[arg(long, default_value_t = accord::library::COMMITMENTS_PAGE)]
        limit: usize,
    },
    /// One commitment (full id or a unique prefix, `C-` optional): details, evidence, history.
    /// With a subcommand, change it; `accord commitment add` records one no document states.
    #[command(subcommand_negates_reqs = true)]
    Commitment {
        /// Commitment id.
        #[arg(required = true)]
        id: Option<String>,
        /// The date to judge overdue at (default: today).
        #[arg(long, value_name = "DATE", global = true)]
        as_of: Option<NaiveDate>,
        #[command(subcommand)]
        change: Option<Change>,
    },
    /// Working groups with their activity at an as-of date.
    Groups {
        /// The date to judge activity at (default: today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// A group not seen for this long is dormant (6m, 90d, 1y).
        #[arg(long, value_name = "PERIOD", default_value = "6m")]
        dormant_after: String,
    },
    /// One working group (id or unique prefix, `G-` optional): members, mandate, commitments,
    /// sightings, activity.
    Group {
        id: String,
        #[arg(long, value_name = "DATE", global = true)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_name = "PERIOD", default_value = "6m", global = true)]
        dormant_after: String,
        #[command(subcommand)]
        edit: Option<GroupCmd>,
    },
    /// Suggested follow-ups: sentences of later documents that report on a commitment or show a
    /// working group at work.
    Followups {
        /// Also the accepted and rejected ones.
        #[arg(long)]
        all: bool,
        /// Check every document against every open commitment again (finds what an interrupted
        /// ingest missed; nothing already suggested or decided is suggested again).
        #[arg(long)]
        rescan: bool,
    },
    /// Accept or reject a suggested follow-up.
    Followup {
        #[command(subcommand)]
        action: FollowupCmd,
    },
    /// The follow-up report at an as-of date: overdue, due soon, open, closed, working groups.
    Report {
        #[arg(long, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// md, html (self-contained), csv or json (also with --json).
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Only commitments where a committing party's name contains this.
        #[arg(long)]
        party: Option<String>,
        /// Only commitments carried by this working group.
        #[arg(long)]
        group: Option<String>,
        /// "Due soon" means due within this period.
        #[arg(long, value_name = "PERIOD", default_value = "30d")]
        due_soon: String,
        /// "Recently completed" means done within this period before the as-of date.
        #[arg(long, value_name = "PERIOD", default_value = "30d")]
        recent: String,
        #[arg(long, value_name = "PERIOD", default_value = "6m")]
        dormant_after: String,
    },
    /// Deadlines of active commitments as an iCalendar file: `accord calendar > deadlines.ics`
    /// (with --json, the same deadlines as a JSON list).
    Calendar {
        #[arg(long, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Days before a deadline to remind.
        #[arg(long, default_value_t = 7)]
        reminder_days: u32,
    },
    /// Write every document, fact, event and merge as NDJSON: `accord export > backup.ndjson`.
    Export,
    /// Restore an export into an empty data directory (the search index is rebuilt).
    Import { file: PathBuf },
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
    /// Analyse every stored text again (after upgrading accord); people's edits stay in force.
    Reanalyze,
    /// Check that the store, the search index and the commitment listing agree; with
    /// --repair, fix what a killed run left half-done.
    Check {
        /// Index what is stored but not searchable, drop index entries with no stored
        /// document, rebuild the commitment listing from the event log.
        #[arg(long)]
        repair: bool,
    },
    /// List the extraction rules with their ids.
    Rules,
    /// Serve the web pages and the HTTP API (and optionally watch an inbox) until interrupted.
    Serve {
        /// Address to bind; any address other than loopback needs a token.
        #[arg(long, default_value = "127.0.0.1:7878")]
        addr: std::net::SocketAddr,
        /// An inbox folder to watch and ingest from while serving.
        #[arg(long, value_name = "DIR")]
        watch: Option<PathBuf>,
        /// A file whose first line is the API token (ACCORD_TOKEN wins over it).
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// Largest upload, in MB.
        #[arg(long, value_name = "MB", default_value_t = 50)]
        max_upload_mb: usize,
    },
    /// Watch an inbox folder: ingest each file once it stops growing, then move it to done/ or
    /// failed/ (with NAME.error.txt saying why).
    Watch {
        dir: PathBuf,
        /// Poll instead of using filesystem notifications (network filesystems).
        #[arg(long)]
        poll: bool,
    },
}

#[derive(Debug, Subcommand)]
enum PartiesCmd {
    /// Make party A absorb party B (any of their names); remembered across re-ingests.
    Merge {
        a: String,
        b: String,
        #[arg(long)]
        note: Option<String>,
        /// Who decides (default: the OS user).
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum GroupCmd {
    /// Correct the record; what you set wins over any later extraction.
    Edit {
        #[arg(long)]
        name: Option<String>,
        /// The members (repeat for each; replaces the list).
        #[arg(long = "member")]
        members: Vec<String>,
        #[arg(long)]
        mandate: Option<String>,
        /// Established: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        established: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum FollowupCmd {
    /// Link the sentence as evidence and move the commitment to the status it suggests.
    Accept {
        id: String,
        #[arg(long)]
        note: Option<String>,
        /// Move to this status instead of the suggested one.
        #[arg(long, conflicts_with = "keep_status")]
        status: Option<track::Status>,
        /// Link the evidence without changing the status.
        #[arg(long)]
        keep_status: bool,
        #[arg(long)]
        by: Option<String>,
    },
    /// Reject the suggestion; it is not suggested again.
    Reject {
        id: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Md,
    Html,
    Csv,
    Json,
}

/// A change to one commitment, recorded as an event (nothing is overwritten).
#[derive(Debug, Subcommand)]
enum Change {
    /// Move the status: open, in_progress, done, dropped, waived (dropped and waived need --note).
    Status {
        status: track::Status,
        /// Why (required for dropped, waived and reopening).
        #[arg(long)]
        note: Option<String>,
        /// Who makes the change (default: the OS user).
        #[arg(long)]
        by: Option<String>,
    },
    /// Set the owner: `group:NAME`, `party:NAME`, `person:NAME`, or a bare name.
    Owner {
        name: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
    /// Set the deadline (YYYY-MM-DD), or clear it with `none`.
    Due {
        date: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
    /// Add a note.
    Note {
        text: String,
        #[arg(long)]
        by: Option<String>,
    },
    /// Mark it a duplicate of another commitment (hidden from lists, never overdue), or undo
    /// that with `none`.
    Merge {
        into: String,
        #[arg(long)]
        by: Option<String>,
    },
    /// Record a commitment that no document states.
    Add {
        /// The committing party (repeat for several).
        #[arg(long = "by", required = true)]
        parties: Vec<String>,
        /// What they committed to, starting with the verb.
        #[arg(long)]
        action: String,
        /// Deadline (YYYY-MM-DD).
        #[arg(long)]
        due: Option<NaiveDate>,
        /// Owner: `group:NAME`, `party:NAME`, `person:NAME`, or a bare name.
        #[arg(long)]
        owner: Option<String>,
        /// The working group that carries it.
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Who records it (default: the OS user).
        #[arg(long)]
        actor: Option<String>,
    },
}

/// Runs one command; `Ok` carries the exit code of a command that ran to its end.
pub fn run(opts: Opts) -> ExitCode {
    match dispatch(&opts) {
        Ok(code) => code,
        Err(accord::Error::Locked { path, hint: None }) => {
            // A running server leaves its URL in the data directory: point there.
            let err = accord::Error::Locked {
                hint: accord::web::server_hint(&opts.data),
                path,
            };
            eprintln!("accord: {err}");
            exit::for_error(&err)
        }
        Err(err) => {
            eprintln!("accord: {err}");
            exit::for_error(&err)
        }
    }
}

fn open(opts: &Opts) -> Result<Library> {
    Library::open(opts.config())
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
        Command::Commitments {
            status,
            overdue,
            due_within,
            party,
            group,
            owner,
            as_of,
            all,
            limit,
        } => {
            let filter = track::Filter {
                status: status.clone(),
                overdue: *overdue,
                due_within: due_within
                    .as_deref()
                    .map(track::Period::parse)
                    .transpose()?,
                party: party.clone(),
                group: group.clone(),
                owner: owner.clone(),
                include_merged: *all,
            };
            let as_of = as_of.unwrap_or_else(today);
            let lib = open(opts)?;
            let limit = (*limit > 0).then_some(*limit);
            let list = lib.list_commitments(&filter, as_of, limit)?;
            if json {
                writeln!(out, "{}", pretty(&list.rows)).ok();
            } else {
                write!(out, "{}", render::commitment_rows(&list.rows, as_of)).ok();
            }
            if list.more {
                // On stderr, so the JSON on stdout stays one list.
                eprintln!(
                    "more commitments match: showing the first {}; --limit N shows more, --limit 0 all",
                    list.rows.len()
                );
            }
            Ok(code(true))
        }
        Command::Commitment { id, as_of, change } => {
            let lib = open(opts)?;
            let as_of = as_of.unwrap_or_else(today);
            let now = chrono::Utc::now();
            let id = match (id, change) {
                (
                    None,
                    Some(Change::Add {
                        parties,
                        action,
                        due,
                        owner,
                        group,
                        note,
                        actor,
                    }),
                ) => {
                    let new = NewCommitment {
                        by: parties.clone(),
                        action: action.clone(),
                        due: *due,
                        owner: owner.clone(),
                        group: group.clone(),
                        note: note.clone(),
                    };
                    lib.add_commitment(&new, user(actor), now)?
                }
                (Some(_), Some(Change::Add { .. })) => {
                    return Err(Error::Invalid(
                        "`accord commitment add` takes no id".to_string(),
                    ))
                }
                (None, _) => return Err(Error::Invalid("give a commitment id".to_string())),
                (Some(id), change) => {
                    let id = lib.resolve_commitment(id)?;
                    if let Some(change) = change {
                        let (by, kind) = change_event(&lib, change)?;
                        lib.record(&id, user(by), now, kind)?;
                    }
                    id
                }
            };
            let detail = lib.commitment_detail(&id, as_of)?;
            if json {
                writeln!(out, "{}", pretty(&detail)).ok();
            } else {
                write!(out, "{}", render::commitment_detail(&detail)).ok();
            }
            Ok(code(true))
        }
        Command::Parties { action } => {
            let lib = open(opts)?;
            if let Some(PartiesCmd::Merge { a, b, note, by }) = action {
                let merged = lib.merge_parties(a, b, note.clone(), user(by), chrono::Utc::now())?;
                if json {
                    writeln!(out, "{}", pretty(&merged)).ok();
                } else {
                    write!(out, "{}", render::parties(std::slice::from_ref(&merged))).ok();
                }
                return Ok(code(true));
            }
            let text = list(json, &lib.parties()?, render::parties);
            write!(out, "{text}").ok();
            Ok(code(true))
        }
        Command::Agreements => {
            let lib = open(opts)?;
            let docs = lib.store().documents().collect::<Result<Vec<_>>>()?;
            let text = list(
                json,
                &catalog::agreements(docs.iter().map(|(d, a)| (d, a))),
                render::agreements,
            );
            write!(out, "{text}").ok();
            Ok(code(true))
        }
        Command::Groups {
            as_of,
            dormant_after,
        } => {
            let dormant = track::Period::parse(dormant_after)?;
            let as_of = as_of.unwrap_or_else(today);
            let lib = open(opts)?;
            let views = lib.group_views(as_of, dormant)?;
            if json {
                writeln!(out, "{}", pretty(&views)).ok();
            } else {
                write!(out, "{}", render::group_views(&views, as_of)).ok();
            }
            Ok(code(true))
        }
        Command::Group {
            id,
            as_of,
            dormant_after,
            edit,
        } => {
            let dormant = track::Period::parse(dormant_after)?;
            let as_of = as_of.unwrap_or_else(today);
            let lib = open(opts)?;
            let id = lib.resolve_group(id)?;
            if let Some(GroupCmd::Edit {
                name,
                members,
                mandate,
                established,
                note,
                by,
            }) = edit
            {
                let established = established
                    .as_deref()
                    .map(|d| d.parse::<accord::DateValue>().map_err(Error::Invalid))
                    .transpose()?;
                let kind = track::GroupEventKind::Edited {
                    name: name.clone(),
                    members: (!members.is_empty()).then(|| members.clone()),
                    mandate: mandate.clone(),
                    established,
                    note: note.clone(),
                };
                lib.edit_group(&id, kind, user(by), chrono::Utc::now())?;
            }
            let view = lib
                .group_views(as_of, dormant)?
                .into_iter()
                .find(|g| g.record.id == id)
                .ok_or_else(|| Error::NotFound(format!("no working group with id {id}")))?;
            if json {
                writeln!(out, "{}", pretty(&view)).ok();
            } else {
                write!(out, "{}", render::group_detail(&view)).ok();
            }
            Ok(code(true))
        }
        Command::Followups { all, rescan } => {
            let lib = open(opts)?;
            if *rescan {
                let n = lib.link(&[], chrono::Utc::now())?;
                if !json {
                    writeln!(out, "{n} new follow-ups suggested").ok();
                }
            }
            let list_ = lib.followups(*all)?;
            if json {
                writeln!(out, "{}", pretty(&list_)).ok();
            } else {
                write!(out, "{}", render::followups(&list_)).ok();
            }
            Ok(code(true))
        }
        Command::Followup { action } => {
            let lib = open(opts)?;
            let now = chrono::Utc::now();
            let (id, target) = match action {
                FollowupCmd::Accept {
                    id,
                    note,
                    status,
                    keep_status,
                    by,
                } => {
                    let f = lib.resolve_followup(id)?;
                    let move_to = if *keep_status {
                        Some(None)
                    } else {
                        status.map(Some)
                    };
                    lib.accept_followup(&f, move_to, note.clone(), user(by), now)?;
                    (f.id, f.target)
                }
                FollowupCmd::Reject { id, note, by } => {
                    let f = lib.resolve_followup(id)?;
                    lib.reject_followup(&f, note.clone(), user(by), now)?;
                    (f.id, f.target)
                }
            };
            let f = lib.resolve_followup(&id)?;
            if json {
                writeln!(out, "{}", pretty(&f)).ok();
            } else {
                write!(out, "{}", render::followups(std::slice::from_ref(&f))).ok();
                if let track::Target::Commitment(cid) = &target {
                    let d = lib.commitment_detail(cid, today())?;
                    writeln!(out, "{} is now {}", d.row.id, d.row.status).ok();
                }
            }
            Ok(code(true))
        }
        Command::Report {
            as_of,
            format,
            party,
            group,
            due_soon,
            recent,
            dormant_after,
        } => {
            let as_of = as_of.unwrap_or_else(today);
            let ropts = track::ReportOptions {
                filter: track::Filter {
                    party: party.clone(),
                    group: group.clone(),
                    ..track::Filter::default()
                },
                due_days: track::Period::parse(due_soon)?.days_from(as_of),
                recent_days: track::Period::parse(recent)?.days_from(as_of),
                dormant_after: track::Period::parse(dormant_after)?,
            };
            let lib = open(opts)?;
            let r = lib.report(as_of, &ropts)?;
            let text = match (json, format) {
                (true, _) | (_, ReportFormat::Json) => r.to_json(),
                (_, ReportFormat::Md) => r.to_markdown(),
                (_, ReportFormat::Html) => r.to_html(),
                (_, ReportFormat::Csv) => r.to_csv(),
            };
            write!(out, "{text}").ok();
            if !text.ends_with('\n') {
                writeln!(out).ok();
            }
            Ok(code(true))
        }
        Command::Calendar {
            as_of,
            reminder_days,
        } => {
            let as_of = as_of.unwrap_or_else(today);
            let lib = open(opts)?;
            if json {
                // The deadlines the calendar holds, as listing rows.
                let mut rows = lib
                    .list_commitments(&track::Filter::default(), as_of, None)?
                    .rows;
                rows.retain(|r| r.due.is_some() && r.status.is_active());
                writeln!(out, "{}", pretty(&rows)).ok();
            } else {
                write!(out, "{}", lib.calendar(as_of, *reminder_days)?).ok();
            }
            Ok(code(true))
        }
        Command::Export => {
            let lib = open(opts)?;
            let mut w = std::io::BufWriter::new(out);
            lib.export(&mut w)?;
            w.flush().map_err(|source| Error::Io {
                path: PathBuf::from("<stdout>"),
                source,
            })?;
            Ok(code(true))
        }
        Command::Import { file } => {
            let f = std::fs::File::open(file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            let lib = open(opts)?;
            let s = lib.import(std::io::BufReader::new(f), file)?;
            if json {
                writeln!(out, "{}", pretty(&s)).ok();
            } else {
                writeln!(
                    out,
                    "imported {} documents, {} events, {} group events, {} merges; indexed {}",
                    s.documents, s.events, s.group_events, s.merges, s.indexed
                )
                .ok();
            }
            Ok(code(true))
        }
        Command::Extract {
            file,
            published,
            text,
        } => {
            let facts = ingest::extract_file(file, &opts.config().limits, *published)?;
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
        Command::Reanalyze => {
            let lib = open(opts)?;
            let s = lib.reanalyze(chrono::Utc::now())?;
            if json {
                writeln!(out, "{}", pretty(&s)).ok();
            } else {
                writeln!(
                    out,
                    "reanalysed {} documents: {} changed, {} commitments re-extracted, {} kept their id, {} no longer found, {} follow-ups suggested",
                    s.documents,
                    s.changed,
                    s.extracted,
                    s.renamed.len(),
                    s.stale.len(),
                    s.followups
                )
                .ok();
                for id in &s.stale {
                    writeln!(out, "  no longer found: {id} (close it with `accord commitment {id} status ...`)").ok();
                }
            }
            Ok(code(true))
        }
        Command::Check { repair } => {
            let lib = open(opts)?;
            let report = lib.check(*repair)?;
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
            Ok(code(report.consistent() || report.repaired))
        }
        Command::Rules => {
            let rules = accord::analyze::rules::all();
            let text = list(json, &rules, render::rules);
            write!(out, "{text}").ok();
            Ok(code(true))
        }
        Command::Serve {
            addr,
            watch,
            token_file,
            max_upload_mb,
        } => {
            let serve = accord::web::ServeOptions {
                addr: *addr,
                watch: watch.clone(),
                token_file: token_file.clone(),
                max_upload_bytes: max_upload_mb.saturating_mul(1024 * 1024),
            };
            accord::web::serve(opts.config(), serve)?;
            Ok(code(true))
        }
        Command::Watch { dir, poll } => {
            let watch = accord::watch::WatchOptions {
                poll: *poll,
                ..Default::default()
            };
            accord::watch::run(opts.config(), dir, &watch)?;
            Ok(code(true))
        }
    }
}

/// Today's date, for `--as-of` defaults: the only place accord reads the calendar.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The person making a change: `--by`, else the OS user, else "unknown".
fn user(by: &Option<String>) -> Actor {
    let name = by
        .clone()
        .filter(|b| !b.trim().is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "unknown".to_string());
    Actor::User(name)
}

/// The event a `Change` records, with who makes it.
fn change_event<'a>(lib: &Library, change: &'a Change) -> Result<(&'a Option<String>, EventKind)> {
    Ok(match change {
        Change::Status { status, note, by } => (
            by,
            EventKind::StatusChanged {
                to: *status,
                note: note.clone(),
            },
        ),
        Change::Owner { name, note, by } => (
            by,
            EventKind::OwnerChanged {
                owner: lib.parse_owner(name)?,
                note: note.clone(),
            },
        ),
        Change::Due { date, note, by } => {
            let due = match date.trim() {
                "none" | "" => None,
                d => Some(d.parse::<NaiveDate>().map_err(|_| {
                    Error::Invalid(format!("not a date: {d:?} (want YYYY-MM-DD or none)"))
                })?),
            };
            (
                by,
                EventKind::DueChanged {
                    due,
                    note: note.clone(),
                },
            )
        }
        Change::Note { text, by } => (by, EventKind::NoteAdded { text: text.clone() }),
        Change::Merge { into, by } => {
            let into = match into.trim() {
                "none" => None,
                other => Some(lib.resolve_commitment(other)?),
            };
            (by, EventKind::Merged { into })
        }
        Change::Add { .. } => return Err(Error::Invalid("add takes no id".to_string())),
    })
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).expect("value serialises")
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
