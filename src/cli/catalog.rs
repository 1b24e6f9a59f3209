//! The criteria set for people: `init`, `list`, `explain`, `schema`, `docs`.

use std::path::{Path, PathBuf};

use chuan::catalog::InitFormat;
use chuan::diag::Msg;
use chuan::eval::evaluate;
use chuan::render::Templates;
use chuan::school::School;

use super::output::{cannot_write, occupied, stdout, write_new};
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
    /// Write no `<set>.schema.json` beside the file and no editor directive pointing to it.
    #[arg(long)]
    pub no_schema: bool,
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
    let text = f(set).map_err(render_failure)?;
    stdout(text.as_bytes(), ColorWhen::Never)
}

pub fn list(args: &ListArgs) -> Outcome {
    with_set(&args.set, |set| match args.format {
        ListFormat::Text => chuan::catalog::list_text(set, &Templates::embedded(), args.set.lang),
        ListFormat::Json => chuan::catalog::list_json(set, &Templates::embedded(), args.set.lang),
    })
}

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub set: SetArgs,
    /// The schema of this command's `--format json` output instead of the school file's (the
    /// same for every criteria set).
    #[arg(long, value_name = "COMMAND", value_parser = clap::builder::PossibleValuesParser::new(chuan::catalog::OUTPUT_COMMANDS))]
    pub output: Option<String>,
}

pub fn schema(args: &SchemaArgs) -> Outcome {
    if let Some(command) = &args.output {
        let text =
            chuan::catalog::output_schema_text(command).expect("clap admits only known commands");
        return stdout(text.as_bytes(), ColorWhen::Never);
    }
    with_set(&args.set, |set| Ok(chuan::catalog::schema_text(set)))
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
        .map(|p| School::load(p, set))
        .transpose()?;
    let ev = school.as_ref().map(|s| evaluate(set, s));
    let pair = school.as_ref().zip(ev.as_ref());
    let text = chuan::catalog::explain(set, &args.id, pair, &Templates::embedded(), lang)
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
    if args.format == InitFormat::Xlsx {
        // a workbook carries its own checks (data validation): no schema file beside it
        let bytes = Templates::embedded()
            .strings(lang)
            .and_then(|t| chuan::workbook::template(set, &t, lang, dossier))
            .map_err(render_failure)?;
        return write_new(&args.path, &bytes)
            .map(|()| Exit::Ok)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    exists()
                } else {
                    cannot_write(&path, &e)
                }
            });
    }
    // the schema beside the file, for the editor directive on its first line; one already there
    // (from an earlier `init` in the same folder) is kept, never replaced
    let schema_name = (!args.no_schema).then(|| chuan::catalog::schema_file_name(set));
    let schema_path = schema_name
        .as_ref()
        .map(|name| args.path.parent().unwrap_or(Path::new("")).join(name));
    let text = chuan::catalog::init(
        set,
        &Templates::embedded(),
        lang,
        args.format,
        dossier,
        schema_name.as_deref(),
    )
    .map_err(render_failure)?;
    let cannot = |p: &Path, e: &std::io::Error| cannot_write(&p.display().to_string(), e);
    let mut wrote_schema = None;
    if let Some(sp) = &schema_path
        && !occupied(sp)
    {
        match write_new(sp, chuan::catalog::schema_text(set).as_bytes()) {
            Ok(()) => wrote_schema = Some(sp.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(cannot(sp, &e)),
        }
    }
    write_new(&args.path, text.as_bytes()).map_err(|e| {
        // nothing half-done: the schema written for this file goes with it
        if let Some(sp) = &wrote_schema {
            let _ = std::fs::remove_file(sp);
        }
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists()
        } else {
            cannot(&args.path, &e)
        }
    })?;
    Ok(Exit::Ok)
}
