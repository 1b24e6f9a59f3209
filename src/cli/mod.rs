//! The command line: the only place that knows about argument parsing. `main.rs` calls [`run`];
//! each command is a thin layer over the library's load → validate → evaluate → plan → render.
//!
//! Exit codes ([`Exit`]): 0 evaluated; 1 a gate given on the command line failed (or a
//! criteria test failed); 2 bad input or usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use chuan::criteria::CriteriaSet;
use chuan::diag::{Diagnostic, Msg, render_all};
use chuan::model::Level;
use chuan::text::Lang;

mod boards;
mod catalog;
mod check;
pub mod output;
mod roadmap;
mod validate;

/// How a run ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Evaluated, whatever the result.
    Ok,
    /// A gate given on the command line failed.
    Gate,
    /// Bad input or usage: every problem was printed, nothing was written.
    Input,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Gate => 1,
            Exit::Input => 2,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

/// What a command returns: how it ends, or the diagnostics that make it exit 2.
type Outcome = Result<Exit, Vec<Diagnostic>>;

#[derive(Parser, Debug)]
#[command(
    name = "chuan",
    version,
    about = "Kiểm tra trường chính trị chuẩn theo Quy định 11-QĐ/TW · standard political school checker"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate a self-assessment file and print the gap report.
    Check(check::CheckArgs),
    /// Check a criteria set and school files (for CI): every diagnostic, errors and warnings apart.
    Validate(validate::ValidateArgs),
    /// Run the tests that live with a criteria set (`<set>/tests/*.toml`).
    TestCriteria(validate::TestCriteriaArgs),
    /// Write a complete self-assessment template to fill in (never overwrites a file).
    Init(catalog::InitArgs),
    /// The catalogue of indicators: id, group, title, kind, thresholds, provenance.
    List(catalog::ListArgs),
    /// One indicator in full; with --school, that school's values, status and gap.
    Explain(catalog::ExplainArgs),
    /// A school file in another format: a filled workbook (.xlsx) as TOML, for those who move
    /// on to files in git.
    Convert(check::ConvertArgs),
    /// Print the JSON Schema of the self-assessment file (for editor completion), or with
    /// --output COMMAND that of a command's JSON output.
    Schema(catalog::SchemaArgs),
    /// Print the criteria set's README, generated from its data.
    Docs(SetArgs),
    /// What-if: before → after for facts changed with --set (both directions are shown).
    Whatif(check::WhatifArgs),
    /// A dated, prioritized plan from today's gaps to a level, verified on the planned facts.
    Roadmap(roadmap::RoadmapArgs),
    /// Many schools side by side: ranking, blockers, distributions, matrix.
    Compare(boards::CompareArgs),
    /// Two assessments of one school: newly met, newly lost, values changed.
    Diff(boards::DiffArgs),
    /// One school's assessments in date order, with the pace and a projection.
    Trend(boards::TrendArgs),
}

/// Where a report goes: standard output, or a file written atomically.
#[derive(clap::Args, Debug)]
pub struct OutputArgs {
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Allow --output to replace an existing file (never one of the inputs).
    #[arg(long)]
    pub force: bool,
}

/// The criteria set and the language, shared by every command.
#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// Load the criteria set from this folder instead of the embedded QĐ 11 set.
    #[arg(long, value_name = "DIR")]
    pub criteria: Option<PathBuf>,
    /// Language of the output and messages.
    #[arg(long, default_value = "vi", value_parser = choice::<Lang>(Lang::NAMES))]
    pub lang: Lang,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A choice among a library enum's names (the library itself knows nothing of clap).
fn choice<T>(names: &'static [&'static str]) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
{
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(names).map(|s| {
        s.parse::<T>()
            .unwrap_or_else(|_| unreachable!("a possible value parses"))
    })
}

/// `--level 1|2`.
fn level_arg() -> impl clap::builder::TypedValueParser<Value = Level> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["1", "2"])
        .map(|s| if s == "2" { Level::L2 } else { Level::L1 })
}

/// Parses the arguments and runs.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Input
            } else {
                Exit::Ok
            }
            .into();
        }
    };
    let (lang, outcome) = match &cli.command {
        Command::Check(a) => (a.set.lang, check::check(a)),
        Command::Validate(a) => (a.set.lang, validate::validate(a)),
        Command::TestCriteria(a) => (a.lang, validate::test_criteria(a)),
        Command::Init(a) => (a.set.lang, catalog::init(a)),
        Command::List(a) => (a.set.lang, catalog::list(a)),
        Command::Explain(a) => (a.set.lang, catalog::explain(a)),
        Command::Schema(a) => (a.set.lang, catalog::schema(a)),
        Command::Convert(a) => (a.set.lang, check::convert(a)),
        Command::Docs(a) => (a.lang, catalog::docs(a)),
        Command::Whatif(a) => (a.set.lang, check::whatif(a)),
        Command::Roadmap(a) => (a.set.lang, roadmap::roadmap(a)),
        Command::Compare(a) => (a.set.lang, boards::compare(a)),
        Command::Diff(a) => (a.set.lang, boards::diff(a)),
        Command::Trend(a) => (a.set.lang, boards::trend(a)),
    };
    match outcome {
        Ok(exit) => exit.into(),
        Err(mut diags) => {
            let _ = output::stderr(&render_all(&mut diags, lang));
            Exit::Input.into()
        }
    }
}

/// One diagnostic about a file or an argument, as a command's failure.
fn failure(file: &str, msg: Msg) -> Vec<Diagnostic> {
    vec![Diagnostic::file(file, msg)]
}

/// A template or view that failed to render, as a command's failure.
fn render_failure(err: String) -> Vec<Diagnostic> {
    failure("templates", Msg::TemplateError { err })
}

/// Loads the criteria set named on the command line, or the embedded one. A run is one
/// command, and the set lives until it ends: it is never freed (for a `check`, freeing its
/// 2 000 allocations would be 4 % of the run).
pub fn load_set(dir: Option<&Path>) -> Result<&'static CriteriaSet, Vec<Diagnostic>> {
    let set = match dir {
        Some(d) => CriteriaSet::load_dir(d)?,
        None => chuan::criteria::embedded_set(),
    };
    Ok(Box::leak(Box::new(set)))
}

/// A `YYYY-MM-DD` argument, within the years chuan handles.
fn date_arg(
    name: &str,
    text: &Option<String>,
) -> Result<Option<jiff::civil::Date>, Vec<Diagnostic>> {
    let Some(t) = text else {
        return Ok(None);
    };
    let bad = || {
        vec![
            Diagnostic::file(
                name,
                Msg::BadDateArg {
                    name: name.into(),
                    text: chuan::diag::shorten(t),
                },
            )
            .with_help(Some(Msg::DateHelp)),
        ]
    };
    let d = t.parse::<jiff::civil::Date>().map_err(|_| bad())?;
    let (first, last) = chuan::model::YEARS;
    if i32::from(d.year()) < first || i32::from(d.year()) > last {
        return Err(failure(
            name,
            Msg::DateOutOfBounds {
                key: name.into(),
                date: d,
                first,
                last,
            },
        ));
    }
    Ok(Some(d))
}

/// Today, for a plan's start or a template's dossier date.
fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Refuses a format the command cannot write, instead of silently printing another.
pub fn supported(
    command: &'static str,
    format: chuan::render::Format,
    ok: &[chuan::render::Format],
) -> Result<(), Vec<chuan::diag::Diagnostic>> {
    if ok.contains(&format) {
        return Ok(());
    }
    Err(failure(
        "--format",
        chuan::diag::Msg::FormatNotSupported {
            command,
            format: format.name().into(),
            supported: ok.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
        },
    ))
}
