//! `chuan roadmap`: from today's gaps to a level, as dated actions.

use std::path::PathBuf;

use chuan::model::Level;
use chuan::render::{Format, Templates};
use chuan::school::{Overrides, School};

use super::output::{emit, guard, paints_stdout};
use super::{
    ColorWhen, Outcome, OutputArgs, SetArgs, choice, date_arg, level_arg, load_set, render_failure,
    today,
};

#[derive(clap::Args, Debug)]
pub struct RoadmapArgs {
    pub file: PathBuf,
    /// Target level.
    #[arg(long, default_value = "1", value_parser = level_arg())]
    pub level: Level,
    /// First day of the plan (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<String>,
    /// Flag every action that cannot finish by this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub deadline: Option<String>,
    #[arg(long = "set", value_name = "FACT=VALUE")]
    pub sets: Vec<String>,
    #[arg(long, default_value = "text", value_parser = choice::<Format>(Format::NAMES))]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub set: SetArgs,
}

pub fn roadmap(args: &RoadmapArgs) -> Outcome {
    let lang = args.set.lang;
    let mut read = vec![args.file.as_path()];
    read.extend(args.set.criteria.as_deref());
    guard(&args.out.output, &read, args.out.force)?;
    super::supported(
        "roadmap",
        args.format,
        &[Format::Text, Format::Markdown, Format::Html, Format::Json],
    )?;
    let start = date_arg("--start", &args.start)?.unwrap_or_else(today);
    let deadline = date_arg("--deadline", &args.deadline)?;
    let set = load_set(args.set.criteria.as_deref())?;
    let school = School::load_with(&args.file, &Overrides::new(&args.sets), set)?;
    let plan = chuan::plan::plan(
        set,
        &school,
        &chuan::plan::PlanOptions {
            level: args.level,
            start,
            deadline,
        },
    );
    let color =
        args.out.output.is_none() && args.format == Format::Text && paints_stdout(args.color);
    let text = chuan::render::roadmap(
        &plan,
        &school,
        set,
        &Templates::embedded(),
        args.format,
        lang,
        color,
    )
    .map_err(render_failure)?;
    emit(&args.out.output, text.as_bytes(), args.color)
}
