//! The command line. `main.rs` only calls [`run`]; every command is a thin layer over the
//! library's load → validate → evaluate → render pipeline.
//!
//! Exit codes: 0 evaluated; 1 a gate given on the command line failed; 2 bad input or usage.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::catalog::InitFormat;
use crate::criteria::CriteriaSet;
use crate::diag::{Diagnostic, render_all};
use crate::eval::{Gate, evaluate};
use crate::messages::Lang;
use crate::render::{Format, PlanFormat, RenderOptions, Templates, render};
use crate::school::{Overrides, School};
use crate::validate::{ReportFormat, render_case_results, run_criteria_tests, test_sources};

pub const EXIT_OK: i32 = 0;
pub const EXIT_GATE: i32 = 1;
pub const EXIT_INPUT: i32 = 2;

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
    Check(CheckArgs),
    /// Check a criteria set and school files (for CI): every diagnostic, errors and warnings apart.
    Validate(ValidateArgs),
    /// Run the tests that live with a criteria set (`<set>/tests/*.toml`).
    TestCriteria(TestCriteriaArgs),
    /// Write a complete self-assessment template to fill in (never overwrites a file).
    Init(InitArgs),
    /// The catalogue of indicators: id, group, title, kind, thresholds, provenance.
    List(ListArgs),
    /// One indicator in full; with --school, that school's values, status and gap.
    Explain(ExplainArgs),
    /// Print the JSON Schema of the self-assessment file (for editor completion).
    Schema(SetArgs),
    /// Print the criteria set's README, generated from its data.
    Docs(SetArgs),
    /// What-if: before → after for facts changed with --set (both directions are shown).
    Whatif(WhatifArgs),
    /// A dated, prioritized plan from today's gaps to a level, verified on the planned facts.
    Roadmap(RoadmapArgs),
    /// Many schools side by side: ranking, blockers, distributions, matrix.
    Compare(CompareArgs),
    /// Two assessments of one school: newly met, newly lost, values changed.
    Diff(DiffArgs),
    /// One school's assessments in date order, with the pace and a projection.
    Trend(TrendArgs),
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    /// Compare files of two different schools anyway.
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(clap::Args, Debug)]
pub struct TrendArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value_t = TrendFormat::Text)]
    pub format: TrendFormat,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendFormat {
    Text,
    Html,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// School files, or folders holding them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub level: u8,
    #[arg(long, value_enum, default_value_t = BoardFormat::Text)]
    pub format: BoardFormat,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BoardFormat {
    Text,
    Markdown,
    Html,
    Xlsx,
    Csv,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct RoadmapArgs {
    pub file: PathBuf,
    /// Target level.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub level: u8,
    /// First day of the plan (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<String>,
    /// Flag every action that cannot finish by this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub deadline: Option<String>,
    #[arg(long = "set", value_name = "FACT=VALUE")]
    pub sets: Vec<String>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub set: SetArgs,
}

/// Where the report goes: standard output, or a file written atomically.
#[derive(clap::Args, Debug)]
pub struct OutputArgs {
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Allow --output to replace an existing file.
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
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Where to write the template (must not exist).
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = InitFormat::Toml)]
    pub format: InitFormat,
    /// The dossier date that anchors the window (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub dossier_date: Option<String>,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Indicator id, e.g. 2.6.
    pub id: String,
    /// Show this school's values, status and gap beside the thresholds.
    #[arg(long, value_name = "FILE")]
    pub school: Option<PathBuf>,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// School self-assessment files to check against the set.
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Also fail when any indicator's provenance is reconstructed.
    #[arg(long)]
    pub strict: bool,
    /// Fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(clap::Args, Debug)]
pub struct TestCriteriaArgs {
    /// The criteria set folder whose tests/ to run (default: the embedded QĐ 11 set).
    pub dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The school's self-assessment file (.toml, .yaml or .yml).
    pub file: PathBuf,
    /// Level the report details (both levels are always evaluated).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub level: u8,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Override report templates with files of the same name from this folder.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Exit 1 unless the school attains at least this level.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub require_level: Option<u8>,
    /// Exit 1 unless at least N indicators are met at --level.
    #[arg(long, value_name = "N")]
    pub min_met: Option<usize>,
    /// Colour in terminal text: auto honours NO_COLOR and non-terminal output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// What-if: replace a fact, `FACT=VALUE` or `FACT[YEAR]=VALUE` (repeatable); checked like the file.
    #[arg(long = "set", value_name = "FACT=VALUE")]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(clap::Args, Debug)]
pub struct WhatifArgs {
    pub file: PathBuf,
    /// `FACT=VALUE` or `FACT[YEAR]=VALUE` (repeatable).
    #[arg(long = "set", value_name = "FACT=VALUE", required = true)]
    pub sets: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Parses the arguments and runs; returns the process exit code.
/// What a command returns: its exit code, or the diagnostics that make it exit 2.
type Outcome = Result<i32, Vec<Diagnostic>>;

/// Parses the arguments and runs; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_INPUT } else { EXIT_OK };
        }
    };
    let (lang, outcome) = match &cli.command {
        Command::Check(a) => (a.set.lang, check(a)),
        Command::Validate(a) => (a.set.lang, validate_cmd(a)),
        Command::TestCriteria(a) => (a.lang, test_criteria(a)),
        Command::Init(a) => (a.set.lang, init(a)),
        Command::List(a) => (a.set.lang, list(a)),
        Command::Explain(a) => (a.set.lang, explain(a)),
        Command::Schema(a) => (
            a.lang,
            with_set(a, |set| {
                Ok(serde_json::to_string_pretty(&crate::catalog::schema(set))
                    .expect("serializable")
                    + "\n")
            }),
        ),
        Command::Docs(a) => (
            a.lang,
            with_set(a, |set| {
                crate::catalog::docs(set, &Templates::embedded(), a.lang)
            }),
        ),
        Command::Whatif(a) => (a.set.lang, whatif(a)),
        Command::Roadmap(a) => (a.set.lang, roadmap(a)),
        Command::Compare(a) => (a.set.lang, compare(a)),
        Command::Diff(a) => (a.set.lang, diff_cmd(a)),
        Command::Trend(a) => (a.set.lang, trend_cmd(a)),
    };
    match outcome {
        Ok(code) => code,
        Err(mut diags) => {
            anstream::eprint!("{}", render_all(&mut diags, lang));
            EXIT_INPUT
        }
    }
}

/// One diagnostic about a file or an argument, as a command's failure.
fn failure(file: &str, message: String) -> Vec<Diagnostic> {
    vec![Diagnostic::file(file, message)]
}

/// Loads the criteria set named on the command line, or the embedded one.
pub fn load_set(dir: Option<&Path>) -> Result<CriteriaSet, Vec<Diagnostic>> {
    match dir {
        Some(d) => CriteriaSet::load_dir(d),
        None => Ok(CriteriaSet::embedded()),
    }
}

/// `--output` must not name an existing file (unless `force`) nor any input.
fn no_overwrite(
    output: &Option<PathBuf>,
    inputs: &[PathBuf],
    force: bool,
    lang: Lang,
) -> Result<(), Vec<Diagnostic>> {
    if let Some(out) = output {
        for input in inputs {
            check_output_path(out, input, force, lang)
                .map_err(|msg| failure(&out.display().to_string(), msg))?;
        }
    }
    Ok(())
}

fn check(args: &CheckArgs) -> Outcome {
    let lang = args.set.lang;
    no_overwrite(
        &args.out.output,
        std::slice::from_ref(&args.file),
        args.out.force,
        lang,
    )?;
    let set = load_set(args.set.criteria.as_deref())?;
    let school = School::load_with(&args.file, &Overrides::new(&args.sets), &set, lang)?;
    if !school.warnings.is_empty() {
        let mut w = school.warnings.clone();
        anstream::eprint!("{}", render_all(&mut w, lang));
    }
    let ev = evaluate(&set, &school);
    let templates = match &args.templates {
        Some(dir) => Templates::with_overrides(dir)
            .map_err(|e| failure(&dir.display().to_string(), lang.template_error(&e)))?,
        None => Templates::embedded(),
    };
    let color =
        args.out.output.is_none() && args.format == Format::Text && args.color != ColorWhen::Never;
    let gate = Gate::judge(&ev.summary, args.require_level, args.min_met, args.level);
    let opts = RenderOptions {
        format: args.format,
        lang,
        level: args.level,
        color,
        gate: gate.clone(),
    };
    let report = render(&ev, &set, &templates, &opts).map_err(|e| failure("templates", e))?;
    emit(&args.out.output, report.as_bytes(), args.color, lang)?;
    Ok(gate.map_or(EXIT_OK, |g| gate_exit(&g, ev.summary.total, lang)))
}

/// Prints why a gate failed; the exit code of its verdict.
fn gate_exit(g: &Gate, total: usize, lang: Lang) -> i32 {
    if let Some(want) = g.require_level
        && g.attained_level < want
    {
        eprintln!("{}", lang.gate_level_failed(want, g.attained_level));
    }
    if let Some(want) = g.min_met
        && g.met < want
    {
        eprintln!("{}", lang.gate_met_failed(want, g.met, total, g.level));
    }
    if g.passed { EXIT_OK } else { EXIT_GATE }
}

/// Refuses to overwrite an existing file without --force, and never writes over the input.
pub fn check_output_path(out: &Path, input: &Path, force: bool, lang: Lang) -> Result<(), String> {
    let same = match (out.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(lang.output_is_input(&out.display().to_string()));
    }
    if out.exists() && !force {
        return Err(lang.output_exists(&out.display().to_string()));
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then `finish` moves it into place; the
/// temporary file never outlives the call.
fn via_temp(
    path: &Path,
    bytes: &[u8],
    finish: fn(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "chuan".into());
    let tmp = dir.join(format!(".{name}.chuan-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        finish(&tmp, path)
    })();
    if result.is_err() || tmp.exists() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes atomically (temporary file, then rename): a reader never sees a half-written report,
/// and a failure leaves no partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    via_temp(path, bytes, |tmp, path| std::fs::rename(tmp, path))
}

fn validate_cmd(args: &ValidateArgs) -> Outcome {
    let label = match &args.set.criteria {
        Some(d) => d.display().to_string(),
        None => format!("<embedded>/criteria/{}", crate::criteria::DEFAULT_SET),
    };
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let mut v = crate::validate::validate(
        load_set(args.set.criteria.as_deref()),
        &label,
        &files,
        args.strict,
        args.set.lang,
    );
    print!(
        "{}",
        crate::validate::report(&mut v, args.format, args.set.lang)
    );
    Ok(if v.valid(args.deny_warnings) {
        EXIT_OK
    } else {
        EXIT_INPUT
    })
}

fn test_criteria(args: &TestCriteriaArgs) -> Outcome {
    let set = load_set(args.dir.as_deref())?;
    let sources = test_sources(args.dir.as_deref()).map_err(|e| failure("tests", e))?;
    let results = run_criteria_tests(&set, &sources, args.lang)?;
    print!("{}", render_case_results(&results));
    Ok(if results.iter().all(|r| r.failures.is_empty()) {
        EXIT_OK
    } else {
        EXIT_GATE
    })
}

/// Loads the set and prints what `f` makes of it.
fn with_set(args: &SetArgs, f: impl FnOnce(&CriteriaSet) -> Result<String, String>) -> Outcome {
    let set = load_set(args.criteria.as_deref())?;
    print!("{}", f(&set).map_err(|e| failure("chuan", e))?);
    Ok(EXIT_OK)
}

fn list(args: &ListArgs) -> Outcome {
    with_set(&args.set, |set| match args.format {
        ListFormat::Text => crate::catalog::list_text(set, &Templates::embedded(), args.set.lang),
        ListFormat::Json => Ok(crate::catalog::list_json(set, args.set.lang)),
    })
}

fn explain(args: &ExplainArgs) -> Outcome {
    let lang = args.set.lang;
    let set = load_set(args.set.criteria.as_deref())?;
    let school = args
        .school
        .as_ref()
        .map(|p| School::load(p, &set, lang))
        .transpose()?;
    let ev = school.as_ref().map(|s| evaluate(&set, s));
    let pair = school.as_ref().zip(ev.as_ref());
    let text = crate::catalog::explain(&set, &args.id, pair, &Templates::embedded(), lang)
        .map_err(|e| failure("chuan", e))?;
    print!("{text}");
    Ok(EXIT_OK)
}

fn init(args: &InitArgs) -> Outcome {
    let lang = args.set.lang;
    let path = args.path.display().to_string();
    if args.path.exists() {
        return Err(failure(&path, lang.init_exists(&path)));
    }
    let dossier = parse_date_arg("--dossier-date", &args.dossier_date, lang)
        .map_err(|d| vec![*d])?
        .unwrap_or_else(|| jiff::Zoned::now().date());
    let set = load_set(args.set.criteria.as_deref())?;
    let text = crate::catalog::init(&set, &Templates::embedded(), lang, args.format, dossier)
        .map_err(|e| failure("templates", e))?;
    write_new(&args.path, text.as_bytes()).map_err(|e| {
        let msg = if e.kind() == std::io::ErrorKind::AlreadyExists {
            lang.init_exists(&path)
        } else {
            lang.cannot_write(&path, &e.to_string())
        };
        failure(&path, msg)
    })?;
    Ok(EXIT_OK)
}

/// Creates a file that must not exist yet: `hard_link` fails if the target exists, so a file
/// created meanwhile is never replaced.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    via_temp(path, bytes, |tmp, path| std::fs::hard_link(tmp, path))
}

fn stdout_stream(color: ColorWhen) -> anstream::AutoStream<std::io::Stdout> {
    let choice = match color {
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
        ColorWhen::Auto => anstream::ColorChoice::Auto,
    };
    anstream::AutoStream::new(std::io::stdout(), choice)
}

fn whatif(args: &WhatifArgs) -> Outcome {
    let lang = args.set.lang;
    let set = load_set(args.set.criteria.as_deref())?;
    let before = evaluate(&set, &School::load(&args.file, &set, lang)?);
    let after = evaluate(
        &set,
        &School::load_with(&args.file, &Overrides::new(&args.sets), &set, lang)?,
    );
    let color = args.format == Format::Text && args.color != ColorWhen::Never;
    let opts = RenderOptions {
        format: args.format,
        lang,
        level: 1,
        color,
        gate: None,
    };
    let text = crate::render::whatif(
        &before,
        &after,
        &args.sets,
        &set,
        &Templates::embedded(),
        &opts,
    )
    .map_err(|e| failure("templates", e))?;
    emit(&None, text.as_bytes(), args.color, lang)
}

fn parse_date_arg(
    name: &str,
    text: &Option<String>,
    lang: Lang,
) -> Result<Option<jiff::civil::Date>, Box<Diagnostic>> {
    match text {
        None => Ok(None),
        Some(t) => t.parse::<jiff::civil::Date>().map(Some).map_err(|_| {
            Box::new(
                Diagnostic::file(name, lang.bad_date(name, t)).with_help(Some(lang.date_help())),
            )
        }),
    }
}

fn roadmap(args: &RoadmapArgs) -> Outcome {
    let lang = args.set.lang;
    no_overwrite(
        &args.out.output,
        std::slice::from_ref(&args.file),
        args.out.force,
        lang,
    )?;
    let start = parse_date_arg("--start", &args.start, lang)
        .map_err(|d| vec![*d])?
        .unwrap_or_else(|| jiff::Zoned::now().date());
    let deadline = parse_date_arg("--deadline", &args.deadline, lang).map_err(|d| vec![*d])?;
    let set = load_set(args.set.criteria.as_deref())?;
    let school = School::load_with(&args.file, &Overrides::new(&args.sets), &set, lang)?;
    let plan = crate::plan::plan(
        &set,
        &school,
        &crate::plan::PlanOptions {
            level: args.level,
            start,
            deadline,
        },
    );
    let color = args.out.output.is_none()
        && args.format == PlanFormat::Text
        && args.color != ColorWhen::Never;
    let text = crate::render::roadmap(
        &plan,
        &school,
        &set,
        &Templates::embedded(),
        args.format,
        lang,
        color,
    )
    .map_err(|e| failure("templates", e))?;
    emit(&args.out.output, text.as_bytes(), args.color, lang)
}

/// Writes a report to --output (atomically) or standard output.
fn emit(output: &Option<PathBuf>, bytes: &[u8], color: ColorWhen, lang: Lang) -> Outcome {
    match output {
        Some(path) => {
            let name = path.display().to_string();
            write_atomic(path, bytes)
                .map_err(|e| failure(&name, lang.cannot_write(&name, &e.to_string())))?;
        }
        None => {
            let _ = stdout_bytes(bytes, color);
        }
    }
    Ok(EXIT_OK)
}

/// Standard output: through anstream (colour handling) only when colour codes may be present.
fn stdout_bytes(bytes: &[u8], color: ColorWhen) -> std::io::Result<()> {
    if bytes.contains(&0x1b) {
        let mut out = stdout_stream(color);
        out.write_all(bytes)?;
        out.flush()
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()
    }
}

fn compare(args: &CompareArgs) -> Outcome {
    let lang = args.set.lang;
    no_overwrite(&args.out.output, &args.inputs, args.out.force, lang)?;
    if args.format == BoardFormat::Xlsx && args.out.output.is_none() {
        return Err(failure("--output", lang.binary_needs_output()));
    }
    let set = load_set(args.set.criteria.as_deref())?;
    let files = crate::board::collect_files(&args.inputs).map_err(|d| vec![*d])?;
    let level = args.level;
    let rows = crate::board::load_map(&files, &set, lang, |s, ev| {
        crate::board::row(&s, &ev, level)
    })?;
    let board = crate::board::board(&set, rows, crate::eval::set_info(&set), level);
    let color = args.out.output.is_none()
        && args.format == BoardFormat::Text
        && args.color != ColorWhen::Never;
    let templates = Templates::embedded();
    let view = |name: &str, color: bool| {
        crate::render::compare(&board, &set, &templates, name, lang, color).map(String::into_bytes)
    };
    let bytes: Result<Vec<u8>, String> = match args.format {
        BoardFormat::Json => {
            #[derive(serde::Serialize)]
            struct Out<'a> {
                format: &'static str,
                format_version: u32,
                board: &'a crate::board::Board,
            }
            let mut buf = serde_json::to_vec_pretty(&Out {
                format: "chuan.compare",
                format_version: 1,
                board: &board,
            })
            .expect("serializable");
            buf.push(b'\n');
            Ok(buf)
        }
        BoardFormat::Csv => templates
            .strings(lang)
            .map(|t| crate::board::csv(&board, &crate::board::Words(&t)).into_bytes()),
        BoardFormat::Xlsx => templates
            .strings(lang)
            .and_then(|t| crate::board::xlsx(&board, &set, &crate::board::Words(&t), lang)),
        BoardFormat::Text => view("compare.txt.j2", color),
        BoardFormat::Markdown => view("compare.md.j2", false),
        BoardFormat::Html => view("compare.html.j2", false),
    };
    emit(
        &args.out.output,
        &bytes.map_err(|e| failure("chuan", e))?,
        args.color,
        lang,
    )
}

/// Loads the files of one school (refusing two schools unless `force`), against one set.
fn one_school(
    files: &[PathBuf],
    force: bool,
    set: &CriteriaSet,
    lang: Lang,
) -> Result<Vec<(School, crate::eval::Evaluation)>, Vec<Diagnostic>> {
    let evals = crate::board::load_all(files, set, lang)?;
    if !force && let Err((a, b)) = crate::board::same_school(&evals) {
        return Err(failure(
            &files[files.len() - 1].display().to_string(),
            lang.different_schools(&a, &b),
        ));
    }
    Ok(evals)
}

fn diff_cmd(args: &DiffArgs) -> Outcome {
    let lang = args.set.lang;
    let set = load_set(args.set.criteria.as_deref())?;
    let evals = one_school(
        &[args.old.clone(), args.new.clone()],
        args.force,
        &set,
        lang,
    )?;
    let d = crate::board::diff(&evals[0].1, &evals[1].1);
    let text = if args.format == Format::Json {
        Ok(serde_json::to_string_pretty(
            &serde_json::json!({ "format": "chuan.diff", "format_version": 1, "diff": d }),
        )
        .expect("serializable")
            + "\n")
    } else {
        let ctx = minijinja::context! { d => minijinja::Value::from(minijinja::value::Serde(&d)) };
        crate::render::board_view(
            &set,
            &Templates::embedded(),
            "diff.txt.j2",
            lang,
            args.color != ColorWhen::Never,
            ctx,
        )
    };
    emit(
        &None,
        text.map_err(|e| failure("chuan", e))?.as_bytes(),
        args.color,
        lang,
    )
}

fn trend_cmd(args: &TrendArgs) -> Outcome {
    let lang = args.set.lang;
    no_overwrite(&args.output, &args.files, false, lang)?;
    let set = load_set(args.set.criteria.as_deref())?;
    let evals = one_school(&args.files, args.force, &set, lang)?;
    let tr = crate::board::trend(&evals);
    let color =
        args.output.is_none() && args.format == TrendFormat::Text && args.color != ColorWhen::Never;
    let text = match args.format {
        TrendFormat::Json => Ok(serde_json::to_string_pretty(
            &serde_json::json!({ "format": "chuan.trend", "format_version": 1, "trend": tr }),
        )
        .expect("serializable")
            + "\n"),
        TrendFormat::Text => crate::render::board_view(
            &set,
            &Templates::embedded(),
            "trend.txt.j2",
            lang,
            color,
            minijinja::context! { tr => minijinja::Value::from(minijinja::value::Serde(&tr)) },
        ),
        TrendFormat::Html => crate::render::board_view(
            &set,
            &Templates::embedded(),
            "trend.html.j2",
            lang,
            false,
            minijinja::context! {
                tr => minijinja::Value::from(minijinja::value::Serde(&tr)),
                chart => minijinja::Value::from(minijinja::value::Serde(crate::render::trend_chart(&tr))),
            },
        ),
    };
    emit(
        &args.output,
        text.map_err(|e| failure("chuan", e))?.as_bytes(),
        args.color,
        lang,
    )
}
