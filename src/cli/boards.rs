//! For boards: `compare` (many schools), `diff` (two assessments of one school), `trend` (one
//! school over time).

use chuan::outputs::Output;
use std::path::{Path, PathBuf};

use chuan::criteria::CriteriaSet;
use chuan::diag::{Diagnostic, Msg};
use chuan::eval::Evaluation;
use chuan::model::Level;
use chuan::render::{Format, Templates};

use super::output::{emit, emit_file, emit_with, guard, paints_stdout};
use super::{
    ColorWhen, Outcome, OutputArgs, SetArgs, choice, failure, level_arg, load_set, render_failure,
    supported,
};

#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// School files, or folders holding them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[arg(long, default_value = "1", value_parser = level_arg())]
    pub level: Level,
    #[arg(long, value_enum, default_value_t = BoardFormat::Text)]
    pub format: BoardFormat,
    /// Keep every file as its own row (by default a school appears once, with its latest
    /// dossier, and the report lists what was left out).
    #[arg(long)]
    pub all_dossiers: bool,
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
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    /// Compare files of two different schools anyway.
    #[arg(long)]
    pub other_school: bool,
    /// `text` or `json`.
    #[arg(long, default_value = "text", value_parser = choice::<Format>(Format::NAMES))]
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
    /// Put files of different schools on one trend anyway.
    #[arg(long)]
    pub other_school: bool,
    /// `text`, `html` or `json`.
    #[arg(long, default_value = "text", value_parser = choice::<Format>(Format::NAMES))]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub set: SetArgs,
}

pub fn compare(args: &CompareArgs) -> Outcome {
    let lang = args.set.lang;
    let files = chuan::board::collect_files(&args.inputs).map_err(|d| vec![*d])?;
    let mut read: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    read.extend(args.set.criteria.as_deref());
    guard(&args.out.output, &read, args.out.force)?;
    if args.format == BoardFormat::Xlsx && args.out.output.is_none() {
        return Err(failure(
            "--output",
            Msg::BinaryNeedsOutput { format: "xlsx" },
        ));
    }
    if files.is_empty() {
        let path = args.inputs[0].display().to_string();
        return Err(failure(&path, Msg::NoSchools { path: path.clone() }));
    }
    let set = load_set(args.set.criteria.as_deref())?;
    let level = args.level;
    let rows = chuan::board::load_map(&files, set, |ev| chuan::board::row(&ev, level))?;
    let board = chuan::board::board_of(set, rows, level, args.all_dossiers);
    let color =
        args.out.output.is_none() && args.format == BoardFormat::Text && paints_stdout(args.color);
    let templates = Templates::embedded();
    let view = |name: &str, color: bool| {
        chuan::render::compare(&board, set, &templates, name, lang, color).map(String::into_bytes)
    };
    let words = || templates.strings(lang).map_err(render_failure);
    let bytes: Result<Vec<u8>, String> = match args.format {
        // the large formats are written as they are produced, never held whole in memory
        BoardFormat::Json => {
            let out = chuan::board::CompareOutput { board: &board };
            return emit_with(&args.out.output, |w| out.write_json(w));
        }
        BoardFormat::Csv => {
            let t = words()?;
            return emit_with(&args.out.output, |w| {
                chuan::board::write_csv(&board, &chuan::board::Words::new(&t), w)
            });
        }
        BoardFormat::Xlsx => {
            let t = words()?;
            let path = args
                .out
                .output
                .as_deref()
                .expect("checked above: XLSX needs --output");
            return emit_file(path, |f| {
                chuan::board::write_xlsx(
                    &board,
                    set,
                    &chuan::board::Words::new(&t),
                    lang,
                    super::today(),
                    f,
                )
            });
        }
        BoardFormat::Text => view("compare.txt.j2", color),
        BoardFormat::Markdown => view("compare.md.j2", false),
        BoardFormat::Html => view("compare.html.j2", false),
    };
    emit(
        &args.out.output,
        &bytes.map_err(render_failure)?,
        args.color,
    )
}

/// Loads the files of one school (refusing two schools unless `other_school`), against one set.
fn one_school(
    files: &[PathBuf],
    other_school: bool,
    set: &CriteriaSet,
) -> Result<Vec<Evaluation>, Vec<Diagnostic>> {
    let evals = chuan::board::load_all(files, set)?;
    if !other_school && let Err((a, b)) = chuan::board::same_school(&evals) {
        return Err(failure(
            &files[files.len() - 1].display().to_string(),
            Msg::DifferentSchools { a, b },
        ));
    }
    Ok(evals)
}

pub fn diff(args: &DiffArgs) -> Outcome {
    let lang = args.set.lang;
    supported("diff", args.format, &[Format::Text, Format::Json])?;
    let set = load_set(args.set.criteria.as_deref())?;
    let evals = one_school(
        &[args.old.clone(), args.new.clone()],
        args.other_school,
        set,
    )?;
    let d = chuan::board::diff(&evals[0], &evals[1]);
    let text = if args.format == Format::Json {
        Ok(chuan::board::DiffOutput { diff: &d }.to_json())
    } else {
        let ctx = minijinja::context! { d => minijinja::Value::from(minijinja::value::Serde(&d)) };
        chuan::render::board_view(
            set,
            &Templates::embedded(),
            "diff.txt.j2",
            lang,
            paints_stdout(args.color),
            ctx,
        )
    };
    emit(&None, text.map_err(render_failure)?.as_bytes(), args.color)
}

pub fn trend(args: &TrendArgs) -> Outcome {
    let lang = args.set.lang;
    supported(
        "trend",
        args.format,
        &[Format::Text, Format::Html, Format::Json],
    )?;
    let mut read: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    read.extend(args.set.criteria.as_deref());
    guard(&args.out.output, &read, args.out.force)?;
    let set = load_set(args.set.criteria.as_deref())?;
    let evals = one_school(&args.files, args.other_school, set)?;
    let tr = chuan::board::trend(&evals, set);
    let color =
        args.out.output.is_none() && args.format == Format::Text && paints_stdout(args.color);
    let text = match args.format {
        Format::Json => Ok(chuan::board::TrendOutput { trend: &tr }.to_json()),
        Format::Html => chuan::render::board_view(
            set,
            &Templates::embedded(),
            "trend.html.j2",
            lang,
            false,
            minijinja::context! {
                tr => minijinja::Value::from(minijinja::value::Serde(&tr)),
                chart => minijinja::Value::from(minijinja::value::Serde(chuan::render::trend_chart(&tr))),
            },
        ),
        _ => chuan::render::board_view(
            set,
            &Templates::embedded(),
            "trend.txt.j2",
            lang,
            color,
            minijinja::context! { tr => minijinja::Value::from(minijinja::value::Serde(&tr)) },
        ),
    };
    emit(
        &args.out.output,
        text.map_err(render_failure)?.as_bytes(),
        args.color,
    )
}
