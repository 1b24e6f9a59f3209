//! `chuan validate` (a criteria set and school files, for CI) and `chuan test-criteria`.

use std::path::{Path, PathBuf};

use chuan::text::Lang;
use chuan::validate::{ReportFormat, render_case_results, run_criteria_tests, test_sources};

use super::output::stdout;
use super::{ColorWhen, Exit, Outcome, SetArgs, choice, failure, load_set};

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// School self-assessment files to check against the set.
    pub files: Vec<PathBuf>,
    #[arg(long, default_value = "human", value_parser = choice::<ReportFormat>(ReportFormat::NAMES))]
    pub format: ReportFormat,
    /// Also fail when any indicator's provenance is reconstructed.
    #[arg(long)]
    pub strict: bool,
    /// Treat every warning as an error (in the exit code and in every report format).
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(clap::Args, Debug)]
pub struct TestCriteriaArgs {
    /// The criteria set folder whose tests/ to run (default: the embedded QĐ 11 set).
    pub dir: Option<PathBuf>,
    #[arg(long, default_value = "vi", value_parser = choice::<Lang>(Lang::NAMES))]
    pub lang: Lang,
}

pub fn validate(args: &ValidateArgs) -> Outcome {
    let label = match &args.set.criteria {
        Some(d) => d.display().to_string(),
        None => format!("<embedded>/criteria/{}", chuan::criteria::DEFAULT_SET),
    };
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let mut v = chuan::validate::validate(
        load_set(args.set.criteria.as_deref()),
        &label,
        &files,
        args.strict,
    );
    if args.deny_warnings {
        v.deny_warnings();
    }
    let report = chuan::validate::report(&mut v, args.format, args.set.lang);
    stdout(report.as_bytes(), ColorWhen::Never)?;
    Ok(if v.valid() { Exit::Ok } else { Exit::Input })
}

pub fn test_criteria(args: &TestCriteriaArgs) -> Outcome {
    let set = load_set(args.dir.as_deref())?;
    let sources = test_sources(args.dir.as_deref())
        .map_err(|err| failure("tests", chuan::diag::Msg::SetToml { detail: err }))?;
    let results = run_criteria_tests(set, &sources)?;
    stdout(render_case_results(&results).as_bytes(), ColorWhen::Never)?;
    Ok(if results.iter().all(|r| r.failures.is_empty()) {
        Exit::Ok
    } else {
        Exit::Gate
    })
}
