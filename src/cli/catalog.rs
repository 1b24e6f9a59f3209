//! The criteria set for people: `init`, `list`, `explain`, `schema`, `docs`.

use std::path::PathBuf;

use chuan::catalog::InitFormat;
use chuan::diag::Msg;
use chuan::eval::evaluate;
use chuan::render::Templates;
use chuan::school::School;

use super::output::{occupied, stdout, write_new};
use super::{
    ColorWhen, Exit, Outcome, SetArgs, choice, date_arg, failure, load_set, render_failure, today,
};

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Where to write the template (must not exist).
    pub path: PathBuf,
    #[arg(long, default_value = "toml", value_parser = choice::<InitFormat>(InitFormat::NAMES))]
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

/// Loads the set and prints what `f` makes of it.
fn with_set(
    args: &SetArgs,
    f: impl FnOnce(&chuan::criteria::CriteriaSet) -> Result<String, String>,
) -> Outcome {
    let set = load_set(args.criteria.as_deref())?;
    let text = f(&set).map_err(render_failure)?;
    stdout(text.as_bytes(), ColorWhen::Never)
}

pub fn list(args: &ListArgs) -> Outcome {
    with_set(&args.set, |set| match args.format {
        ListFormat::Text => chuan::catalog::list_text(set, &Templates::embedded(), args.set.lang),
        ListFormat::Json => chuan::catalog::list_json(set, &Templates::embedded(), args.set.lang),
    })
}

pub fn schema(args: &SetArgs) -> Outcome {
    with_set(args, |set| {
        Ok(
            serde_json::to_string_pretty(&chuan::catalog::schema(set)).expect("serializable")
                + "\n",
        )
    })
}

pub fn docs(args: &SetArgs) -> Outcome {
    with_set(args, |set| {
        chuan::catalog::docs(set, &Templates::embedded(), args.lang)
    })
}

pub fn explain(args: &ExplainArgs) -> Outcome {
    let lang = args.set.lang;
    let set = load_set(args.set.criteria.as_deref())?;
    let school = args
        .school
        .as_ref()
        .map(|p| School::load(p, &set))
        .transpose()?;
    let ev = school.as_ref().map(|s| evaluate(&set, s));
    let pair = school.as_ref().zip(ev.as_ref());
    let text = chuan::catalog::explain(&set, &args.id, pair, &Templates::embedded(), lang)
        .map_err(render_failure)?;
    stdout(text.as_bytes(), ColorWhen::Never)
}

pub fn init(args: &InitArgs) -> Outcome {
    let lang = args.set.lang;
    let path = args.path.display().to_string();
    let exists = || failure(&path, Msg::InitExists { path: path.clone() });
    if occupied(&args.path) {
        return Err(exists());
    }
    let dossier = date_arg("--dossier-date", &args.dossier_date)?.unwrap_or_else(today);
    let set = load_set(args.set.criteria.as_deref())?;
    let text = chuan::catalog::init(&set, &Templates::embedded(), lang, args.format, dossier)
        .map_err(render_failure)?;
    write_new(&args.path, text.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists()
        } else {
            failure(
                &path,
                Msg::CannotWrite {
                    path: path.clone(),
                    err: (&e).into(),
                },
            )
        }
    })?;
    Ok(Exit::Ok)
}
