//! `chuan check` (one school's report, with CI gates) and `chuan whatif` (before → after).

use std::path::PathBuf;

use chuan::diag::Msg;
use chuan::eval::{Gate, evaluate};
use chuan::model::Level;
use chuan::outputs::Output;
use chuan::render::{Format, RenderOptions, Templates, render};
use chuan::school::{Overrides, School};
use chuan::text::Lang;

use super::output::{emit, emit_with, guard, paints_stdout, stderr};
use super::{
    ColorWhen, Exit, Outcome, OutputArgs, SetArgs, choice, failure, level_arg, load_set,
    render_failure,
};

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The school's self-assessment file (.toml, .yaml or .yml).
    pub file: PathBuf,
    /// Level the report details (both levels are always evaluated).
    #[arg(long, default_value = "1", value_parser = level_arg())]
    pub level: Level,
    #[arg(long, default_value = "text", value_parser = choice::<Format>(Format::NAMES))]
    pub format: Format,
    /// Override report templates with files of the same name from this folder.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Exit 1 unless the school attains at least this level.
    #[arg(long, value_name = "N", value_parser = level_arg())]
    pub require_level: Option<Level>,
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
    /// `text` or `json`.
    #[arg(long, default_value = "text", value_parser = choice::<Format>(Format::NAMES))]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub set: SetArgs,
}

/// The templates of a run: the embedded ones, or a folder's overrides.
pub fn templates(dir: &Option<PathBuf>) -> Result<Templates, Vec<chuan::diag::Diagnostic>> {
    match dir {
        Some(dir) => Templates::with_overrides(dir)
            .map_err(|err| failure(&dir.display().to_string(), Msg::TemplateError { err })),
        None => Ok(Templates::embedded()),
    }
}

pub fn check(args: &CheckArgs) -> Outcome {
    let lang = args.set.lang;
    let mut read = vec![args.file.as_path()];
    read.extend(args.set.criteria.as_deref());
    read.extend(args.templates.as_deref());
    guard(&args.out.output, &read, args.out.force)?;
    if args.format == Format::Docx && args.out.output.is_none() {
        return Err(failure(
            "--output",
            Msg::BinaryNeedsOutput { format: "docx" },
        ));
    }
    let set = load_set(args.set.criteria.as_deref())?;
    let school = School::load_with(&args.file, &Overrides::new(&args.sets), set)?;
    if !school.warnings.is_empty() {
        let mut w = school.warnings.clone();
        let _ = stderr(&chuan::diag::render_all(&mut w, lang));
    }
    let ev = evaluate(set, &school);
    let templates = templates(&args.templates)?;
    let color =
        args.out.output.is_none() && args.format == Format::Text && paints_stdout(args.color);
    let gate = Gate::judge(&ev.summary, args.require_level, args.min_met, args.level);
    let opts = RenderOptions {
        format: args.format,
        lang,
        level: args.level,
        color,
        gate: gate.clone(),
    };
    if let (Format::Docx, Some(path)) = (opts.format, &args.out.output) {
        super::output::emit_file(path, |f| {
            chuan::dossier::write_docx(&ev, &school, set, &templates, lang, args.level, f)
        })?;
    } else if opts.format == Format::Json {
        // written as it is serialized, never held whole
        let out = chuan::render::CheckOutput {
            evaluation: &ev,
            gate: opts.gate.as_ref(),
        };
        emit_with(&args.out.output, |w| out.write_json(w))?;
    } else {
        let report = render(&ev, set, &templates, &opts).map_err(render_failure)?;
        emit(&args.out.output, report.as_bytes(), args.color)?;
    }
    Ok(gate.map_or(Exit::Ok, |g| gate_exit(&g, ev.summary.total, lang)))
}

/// Prints why a gate failed; the exit of its verdict.
fn gate_exit(g: &Gate, total: usize, lang: Lang) -> Exit {
    let mut said = String::new();
    if let Some(want) = g.require_level
        && g.attained_level < want.number()
    {
        said.push_str(&lang.gate_level_failed(want.number(), g.attained_level));
        said.push('\n');
    }
    if let Some(want) = g.min_met
        && g.met < want
    {
        said.push_str(&lang.gate_met_failed(want, g.met, total, g.level.number()));
        said.push('\n');
    }
    let _ = stderr(&said);
    if g.passed { Exit::Ok } else { Exit::Gate }
}

pub fn whatif(args: &WhatifArgs) -> Outcome {
    let lang = args.set.lang;
    if !matches!(args.format, Format::Text | Format::Json) {
        return Err(failure(
            "--format",
            Msg::FormatNotSupported {
                command: "whatif",
                format: args.format.name().into(),
                supported: "text, json".into(),
            },
        ));
    }
    let set = load_set(args.set.criteria.as_deref())?;
    let before = evaluate(set, &School::load(&args.file, set)?);
    let after = evaluate(
        set,
        &School::load_with(&args.file, &Overrides::new(&args.sets), set)?,
    );
    let color = args.format == Format::Text && paints_stdout(args.color);
    let opts = RenderOptions {
        format: args.format,
        lang,
        level: Level::L1,
        color,
        gate: None,
    };
    let text = chuan::render::whatif(
        &before,
        &after,
        &args.sets,
        set,
        &Templates::embedded(),
        &opts,
    )
    .map_err(render_failure)?;
    emit(&None, text.as_bytes(), args.color)
}

#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// The school file to convert (a workbook from `chuan init --format xlsx`, or TOML/YAML).
    pub file: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub set: SetArgs,
}

/// `chuan convert`: the school file as TOML, checked on the way (a file with errors is refused,
/// as by `check`).
pub fn convert(args: &ConvertArgs) -> Outcome {
    let mut read = vec![args.file.as_path()];
    read.extend(args.set.criteria.as_deref());
    guard(&args.out.output, &read, args.out.force)?;
    let set = load_set(args.set.criteria.as_deref())?;
    let school = School::load(&args.file, set)?;
    for w in &school.warnings {
        let _ = stderr(&w.render(args.set.lang));
    }
    emit(
        &args.out.output,
        school.to_toml(set).as_bytes(),
        super::ColorWhen::Never,
    )
}
