//! Rendering an evaluation: JSON (a stable, documented shape) and text or Markdown from
//! minijinja templates in `templates/` (embedded; `--templates DIR` overrides them).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::criteria::{CriteriaSet, EMBEDDED_TEMPLATES, Indicator};
use crate::decimal::Dec;
use crate::embedded::EMBEDDED_STRINGS;
use crate::eval::{Evaluation, Gate, Status, changes};
use crate::model::{Level, Provenance};
use crate::outputs::Output;
use crate::rules::{Labels, RuleView};
use crate::text::Lang;

mod check_text;

/// A report's format (check, roadmap, whatif, diff; each command says which it writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Html,
    /// The dossier document (`check` only; written by `dossier::write_docx`).
    Docx,
}

crate::text::names! { Format { Text = "text", Markdown = "markdown", Json = "json", Html = "html", Docx = "docx" } }

pub fn json(ev: &Evaluation, gate: Option<&Gate>) -> String {
    CheckOutput {
        evaluation: ev,
        gate,
    }
    .to_json()
}

/// The report templates: embedded ones, overridden file by file from a folder.
pub struct Templates {
    /// Name and text; the embedded ones are borrowed from the binary, not copied.
    files: Arc<Vec<(Cow<'static, str>, Cow<'static, str>)>>,
    /// Some file came from `--templates`: it runs with fuel and a bounded output.
    untrusted: bool,
    /// `--templates` brought its own strings.toml (else the words parsed at build time serve).
    own_strings: bool,
}

/// Instructions a `--templates` template may run: far above what any report needs, far below
/// an endless loop.
pub const TEMPLATE_FUEL: u64 = 5_000_000;
/// The most a `--templates` template may write.
pub const TEMPLATE_OUTPUT_MB: usize = 64;

impl Templates {
    pub fn embedded() -> Templates {
        Templates {
            files: Arc::new(
                EMBEDDED_TEMPLATES
                    .iter()
                    .map(|&(n, s)| (Cow::Borrowed(n), Cow::Borrowed(s)))
                    .collect(),
            ),
            untrusted: false,
            own_strings: false,
        }
    }

    /// Embedded templates, each replaced by a file of the same name in `dir` when present.
    pub fn with_overrides(dir: &Path) -> Result<Templates, String> {
        let mut t = Templates::embedded();
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !(name.ends_with(".j2") || name.ends_with(".toml")) {
                continue;
            }
            let text = crate::input::read_input(&entry.path())
                .map_err(|d| format!("{}: {}", entry.path().display(), d.message(Lang::En)))?;
            let files = Arc::make_mut(&mut t.files);
            files.retain(|(n, _)| *n != name);
            t.own_strings |= name == "strings.toml";
            files.push((Cow::Owned(name), Cow::Owned(text)));
            t.untrusted = true;
        }
        Ok(t)
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(n, s)| (n.as_ref(), s.as_ref()))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.files().find(|(n, _)| *n == name).map(|(_, s)| s)
    }

    /// The words templates use, as `t`.
    pub fn strings(&self, lang: Lang) -> Result<Strings, String> {
        let text = self
            .get("strings.toml")
            .ok_or("templates: strings.toml is missing")?;
        // the embedded words were parsed at build time
        if !self.own_strings {
            return Ok(Strings::embedded(lang));
        }
        let mut all: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|e| format!("templates/strings.toml: {}", e.message()))?;
        all.remove(if lang.is_vi() { "vi" } else { "en" })
            .map(|words| Strings::Own(Arc::new(words)))
            .ok_or_else(|| "templates/strings.toml lacks this language".to_string())
    }
}

/// One language's words (`t` in templates), by key: the embedded table, sorted by key at
/// build time and read in place, or the words of a `--templates` folder's own strings.toml.
/// Neither is copied per report (the embedded table is 650 words).
#[derive(Clone, Debug)]
pub enum Strings {
    Embedded(crate::embedded::Words),
    Own(Arc<BTreeMap<String, String>>),
}

impl Strings {
    /// The words of the embedded strings.toml, parsed at build time.
    pub fn embedded(lang: Lang) -> Strings {
        Strings::Embedded(if lang.is_vi() {
            EMBEDDED_STRINGS.0
        } else {
            EMBEDDED_STRINGS.1
        })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        match self {
            Strings::Embedded(table) => table
                .binary_search_by(|(k, _)| (*k).cmp(key))
                .ok()
                .map(|i| table[i].1),
            Strings::Own(words) => words.get(key).map(String::as_str),
        }
    }

    pub fn iter(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
        match self {
            Strings::Embedded(table) => Box::new(table.iter().copied()),
            Strings::Own(words) => Box::new(words.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        }
    }
}

/// As a map, in key order (the web page receives the words so).
impl Serialize for Strings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// `t` is looked up where a template reads it, not converted to a template value whole.
impl minijinja::value::Object for Strings {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get(key.as_str()?).map(Value::from)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.get(key).map(Value::from)
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Values(self.iter().map(|(k, _)| Value::from(k)).collect())
    }
}

/// The reconstructed-data caveat every report carries, with the set's counts filled in
/// (`caveat` in every template).
pub fn caveat(set: &CriteriaSet, strings: &Strings) -> String {
    let (n, n2) = set.reconstructed();
    strings
        .get("reconstructed_warning")
        .unwrap_or_default()
        .replace("{n}", &n.to_string())
        .replace("{n2}", &n2.to_string())
        .replace("{total}", &set.indicators.len().to_string())
}

/// A fact's constraints as written in a template (`<= lecturers_total`, `⇒ other`).
pub fn constraint_texts(f: &crate::model::FactDef) -> Vec<String> {
    use crate::model::Constraint;
    f.constraints
        .iter()
        .map(|c| match c {
            Constraint::Compare { op, expr } => format!("{} {expr}", op.symbol()),
            Constraint::Implies(other) => format!("⇒ {other}"),
        })
        .collect()
}

/// "Nhóm 2. …" for a group; the informational title for the facts no indicator reads.
pub fn group_title(set: &CriteriaSet, group: Option<u32>, strings: &Strings, lang: Lang) -> String {
    match group.and_then(|g| set.group(g)) {
        Some(g) => format!(
            "{} {}. {}",
            strings.get("group").map(str::to_string).unwrap_or_default(),
            g.id,
            pick(lang, &g.name_vi, &g.name_en)
        ),
        None => strings
            .get("init_informational")
            .map(str::to_string)
            .unwrap_or_default(),
    }
}

pub struct RenderOptions {
    pub format: Format,
    pub lang: Lang,
    pub level: Level,
    /// Emit ANSI styles (the caller strips them when the output is not a terminal).
    pub color: bool,
    /// A CI gate to report beside the evaluation (JSON).
    pub gate: Option<Gate>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct FactView {
    label: String,
    noun: String,
    unit: String,
}

/// One indicator as people see it, everywhere: the catalogue (`list`, `explain`, the set's
/// README) and the reports (`meta[id]` in the templates).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct IndicatorView {
    pub id: String,
    pub group: u32,
    pub title: String,
    /// The title in the other language.
    pub gloss: String,
    pub provenance: Provenance,
    pub provenance_l2: Provenance,
    pub basis: String,
    pub sources: Vec<String>,
    pub evidence: String,
    pub not_applicable_allowed: bool,
    pub rule: RuleView,
    pub action: String,
    pub lead_time_months: u32,
    pub cost: crate::model::Cost,
    pub depends_on: Vec<String>,
    /// What follows a value in a sentence: ` %`, ` m²`, or nothing.
    pub unit_suffix: String,
    /// The fact whose units the near-miss warning counts (ratio numerator or counted fact).
    pub subject: String,
    /// A part-of-whole ratio's two paths: the action and the gap phrase (`{n}` = people) of
    /// each, from the set or the generic wording in strings.toml.
    pub paths: Option<BTreeMap<&'static str, PathView>>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PathView {
    pub action: String,
    pub gap: String,
}

#[derive(Serialize, schemars::JsonSchema)]
struct UnknownFact {
    fact: String,
    label: String,
    indicators: Vec<String>,
    /// For a partly filled series: the years to fill (empty when the whole fact is missing).
    years: Vec<i32>,
}

fn fmt_value(v: &Value, places: u32, vi: bool) -> String {
    if let Some(i) = v.as_i64() {
        return Dec::from_int(i).format(0, vi);
    }
    match f64::try_from(v.clone()).ok().and_then(Dec::from_f64) {
        Some(d) => d.format(places, vi),
        None => v.to_string(),
    }
}

fn ansi(style: &str) -> &'static str {
    match style {
        "bold" => "\x1b[1m",
        "green" => "\x1b[32m",
        "red" => "\x1b[31m",
        "yellow" => "\x1b[33m",
        "cyan" => "\x1b[36m",
        "dim" => "\x1b[2m",
        _ => "",
    }
}

/// Renders one template, always ending with a newline. The output is bounded (a template that
/// writes gigabytes stops with an error instead of filling the memory).
pub fn render_template(env: &Environment<'_>, name: &str, ctx: Value) -> Result<String, String> {
    let tmpl = env.get_template(name).map_err(|e| e.to_string())?;
    let mut out = Capped {
        bytes: Vec::new(),
        limit: TEMPLATE_OUTPUT_MB << 20,
    };
    tmpl.render_captured_to(ctx, &mut out)
        .map_err(|e| e.to_string())?;
    let mut out = String::from_utf8(out.bytes).map_err(|e| e.to_string())?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// A writer that refuses to grow past `limit` bytes.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::Error::other(format!(
                "the output passes {TEMPLATE_OUTPUT_MB} MB"
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn fact_views(set: &CriteriaSet, lang: Lang) -> HashMap<String, FactView> {
    set.facts
        .iter()
        .map(|f| {
            let view = FactView {
                label: pick(lang, &f.label_vi, &f.label_en),
                noun: fact_noun(set, &f.name, lang),
                unit: pick(lang, &f.unit_vi, &f.unit_en),
            };
            (f.name.clone(), view)
        })
        .collect()
}

/// The template environment every report and catalogue view uses: strict undefined, the
/// number/date/colour filters, and `label`, `noun`, `grade` lookups into the set.
pub fn environment(
    set: &CriteriaSet,
    templates: &Templates,
    lang: Lang,
    color: bool,
) -> Result<Environment<'static>, String> {
    let vi = lang.is_vi();
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    if templates.untrusted {
        env.set_fuel(Some(TEMPLATE_FUEL));
    }
    // escape HTML in HTML templates only (minijinja would otherwise JSON-quote .yaml output)
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") || name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    // a template is compiled when a report first asks for it (by name or by include), not all
    // of them at every run
    let files = Arc::clone(&templates.files);
    env.set_loader(move |name| {
        Ok(files
            .iter()
            .find(|(n, _)| n.ends_with(".j2") && n == name)
            .map(|(_, text)| text.to_string()))
    });
    env.add_filter("num", move |v: Value, places: Option<u32>| {
        fmt_value(&v, places.unwrap_or(2), vi)
    });
    // a month as people write it: `2027-09` → "09/2027" (Vietnamese) or "September 2027"
    env.add_filter("month", move |v: String| match v.split_once('-') {
        Some((y, m)) if vi => format!("{m}/{y}"),
        Some((y, m)) => {
            const NAMES: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let name = m
                .parse::<usize>()
                .ok()
                .and_then(|m| NAMES.get(m.wrapping_sub(1)));
            name.map_or(v.clone(), |n| format!("{n} {y}"))
        }
        None => v,
    });
    env.add_filter("date", |v: String| match v.parse::<jiff::civil::Date>() {
        Ok(d) => d.strftime("%d/%m/%Y").to_string(),
        Err(_) => v,
    });
    env.add_filter("cmp", |v: String| comparison_symbol(&v).to_string());
    // Markdown: a value stays inside its cell or line, and brings no link, image, heading,
    // emphasis or HTML of its own
    env.add_filter("mdcell", |v: String| crate::text::markdown_text(&v));
    // our own colours pass through (a safe string); the text inside is made visible first
    env.add_filter("paint", move |v: String, style: String| {
        if color && !ansi(&style).is_empty() {
            Value::from_safe_string(format!(
                "{}{}\x1b[0m",
                ansi(&style),
                crate::text::visible(&v)
            ))
        } else {
            Value::from(v)
        }
    });
    // every other value a template prints: control and bidi characters made visible (a
    // school name cannot clear the terminal or fake a line), then HTML-escaped where HTML
    env.set_formatter(|out, state, value| {
        if value.is_safe() {
            return minijinja::escape_formatter(out, state, value);
        }
        match value.as_str() {
            Some(s) if !s.is_empty() => {
                let v = Value::from(crate::text::visible(s).into_owned());
                minijinja::escape_formatter(out, state, &v)
            }
            _ => minijinja::escape_formatter(out, state, value),
        }
    });

    let facts = Arc::new(fact_views(set, lang));
    let f1 = facts.clone();
    env.add_function("label", move |name: String| {
        f1.get(&name).map_or(name.clone(), |f| f.label.clone())
    });
    let f2 = facts.clone();
    env.add_function("noun", move |name: String| {
        let first = name.split_whitespace().next().unwrap_or(&name).to_string();
        f2.get(&first).map_or(name.clone(), |f| f.noun.clone())
    });
    let grades: HashMap<String, String> = set
        .enums
        .iter()
        .flat_map(|e| e.values.iter())
        .map(|v| {
            (
                v.code.clone(),
                if vi {
                    v.label_vi.to_string()
                } else {
                    v.label_en.to_string()
                },
            )
        })
        .collect();
    env.add_function("grade", move |code: String| {
        grades.get(&code).cloned().unwrap_or(code)
    });
    env.add_global("caveat", caveat(set, &templates.strings(lang)?));

    Ok(env)
}

/// One indicator's view; `strings` gives the generic wording of a gap's two paths.
pub fn indicator_view(
    set: &CriteriaSet,
    i: &Indicator,
    lang: Lang,
    strings: &Strings,
) -> IndicatorView {
    let vi = lang.is_vi();
    let word = |k: &str| strings.get(k).map(str::to_string).unwrap_or_default();
    let rule = rule_view(set, i, lang);
    let subject = if rule.near_miss_counts || rule.percent {
        rule.subject.clone()
    } else {
        String::new()
    };
    let paths = i.rule.kind().two_paths().then(|| {
        let fact = set.fact(&rule.subject);
        let noun = fact.map_or(String::new(), |f| pick(lang, &f.noun_vi, &f.noun_en));
        let unit = fact.map_or(String::new(), |f| pick(lang, &f.unit_vi, &f.unit_en));
        let view = |o: Option<&crate::model::PathOption>, generic: &str| {
            let (action, gap) = match o {
                Some(o) if vi => (o.action_vi.to_string(), o.gap_vi.clone()),
                Some(o) => (o.action_en.to_string(), o.gap_en.clone()),
                None => (pick(lang, &i.roadmap.action_vi, &i.roadmap.action_en), None),
            };
            PathView {
                action,
                gap: gap.unwrap_or_else(|| {
                    word(generic)
                        .replace("{noun}", &noun)
                        .replace("{unit}", &unit)
                }),
            }
        };
        BTreeMap::from([
            ("convert", view(i.roadmap.convert.as_ref(), "path_convert")),
            ("add", view(i.roadmap.add.as_ref(), "path_add")),
        ])
    });
    IndicatorView {
        id: i.id.clone(),
        group: i.group,
        title: pick(lang, &i.title_vi, &i.title_en),
        gloss: if vi {
            i.title_en.to_string()
        } else {
            i.title_vi.to_string()
        },
        provenance: i.provenance,
        provenance_l2: i.provenance_l2,
        basis: i.basis.to_string(),
        sources: i.sources.clone(),
        evidence: pick(lang, &i.evidence_vi, &i.evidence_en),
        not_applicable_allowed: i.not_applicable_allowed,
        action: pick(lang, &i.roadmap.action_vi, &i.roadmap.action_en),
        lead_time_months: i.roadmap.lead_time_months,
        cost: i.roadmap.cost,
        depends_on: i.roadmap.depends_on.clone(),
        unit_suffix: rule.unit_suffix.clone(),
        subject,
        paths,
        rule,
    }
}

/// Every indicator's view by id, for the report templates (`meta[id]`).
pub fn meta_views(
    set: &CriteriaSet,
    templates: &Templates,
    lang: Lang,
) -> Result<BTreeMap<String, IndicatorView>, String> {
    let strings = templates.strings(lang)?;
    Ok(set
        .indicators
        .iter()
        .map(|i| (i.id.clone(), indicator_view(set, i, lang, &strings)))
        .collect())
}

pub fn render(
    ev: &Evaluation,
    set: &CriteriaSet,
    templates: &Templates,
    opts: &RenderOptions,
) -> Result<String, String> {
    let name = match opts.format {
        Format::Json => return Ok(json(ev, opts.gate.as_ref())),
        Format::Markdown => "check.md.j2",
        Format::Html => "check.html.j2",
        Format::Docx => return Err("a DOCX is written by dossier::write_docx".into()),
        // the embedded text report is printed directly (the template is its definition)
        Format::Text if !templates.untrusted => match check_text_direct(ev, set, opts) {
            Some(text) => return Ok(text),
            None => "check.txt.j2",
        },
        Format::Text => "check.txt.j2",
    };
    render_named(ev, set, templates, opts, name)
}

/// The text check report of the embedded templates, printed without the template engine: the
/// same bytes as `check.txt.j2` renders (a test holds them equal for every sample and hundreds
/// of generated schools). `None` where only the template can say what it prints (a word missing
/// from strings.toml, a number it would print in a float form of its own).
pub fn check_text_direct(
    ev: &Evaluation,
    set: &CriteriaSet,
    opts: &RenderOptions,
) -> Option<String> {
    let strings = Strings::embedded(opts.lang);
    let unknown = unknown_facts(ev, set, opts.lang);
    check_text::render(ev, set, &strings, &unknown, opts)
}

/// Per indicator, the line the check report prints beside it at `level` (its gap, or its value
/// against the threshold), from the same macros (`gaps.json.j2`): the browser page shows them.
pub fn gap_lines(
    ev: &Evaluation,
    set: &CriteriaSet,
    templates: &Templates,
    lang: Lang,
    level: Level,
) -> Result<BTreeMap<String, String>, String> {
    let opts = RenderOptions {
        format: Format::Text,
        lang,
        level,
        color: false,
        gate: None,
    };
    let text = render_named(ev, set, templates, &opts, "gaps.json.j2")?;
    serde_json::from_str(&text).map_err(|e| format!("gaps.json.j2: {e}"))
}

/// The data-request checklist: each missing fact (or missing years of a series), in the set's
/// order of facts, and the indicators it decides.
fn unknown_facts(ev: &Evaluation, set: &CriteriaSet, lang: Lang) -> Vec<UnknownFact> {
    let mut unknown: BTreeMap<String, (Vec<String>, Vec<i32>)> = BTreeMap::new();
    for r in &ev.indicators {
        for lr in [&r.level1, &r.level2] {
            if lr.status == Status::Unknown || lr.computed == Some(Status::Unknown) {
                let gaps = lr.missing.iter().map(|f| (f, &[][..])).chain(
                    lr.missing_years
                        .iter()
                        .map(|m| (&m.fact, m.years.as_slice())),
                );
                for (f, years) in gaps {
                    let (list, ys) = unknown.entry(f.clone()).or_default();
                    if !list.contains(&r.id) {
                        list.push(r.id.clone());
                    }
                    for y in years {
                        if !ys.contains(y) {
                            ys.push(*y);
                        }
                    }
                }
            }
        }
    }
    let mut unknown_facts: Vec<UnknownFact> = unknown
        .into_iter()
        .map(|(fact, (indicators, mut years))| {
            years.sort_unstable();
            UnknownFact {
                label: fact_label(set, &fact, lang),
                fact,
                indicators,
                years,
            }
        })
        .collect();
    unknown_facts.sort_by_key(|u| {
        set.facts
            .iter()
            .position(|f| f.name == u.fact)
            .unwrap_or(usize::MAX)
    });

    unknown_facts
}

/// The check report's context rendered with the template `name`.
fn render_named(
    ev: &Evaluation,
    set: &CriteriaSet,
    templates: &Templates,
    opts: &RenderOptions,
    name: &str,
) -> Result<String, String> {
    let lang = opts.lang;
    let vi = lang.is_vi();
    let strings = templates.strings(lang)?;
    let env = environment(set, templates, lang, opts.color)?;
    let meta = meta_views(set, templates, lang)?;
    let unknown_facts = unknown_facts(ev, set, lang);
    let ctx = minijinja::context! {
        ev => Value::from(Serde(ev)),
        t => Value::from_object(strings.clone()),
        lang => if vi { "vi" } else { "en" },
        level => opts.level.number(),
        meta => Value::from(Serde(&meta)),
        set_title => if vi { set.meta.title_vi.clone() } else { set.meta.title_en.clone() },
        unknown_facts => Value::from(Serde(&unknown_facts)),
    };
    render_template(&env, name, ctx)
}

/// `chuan whatif`: before → after, as text or JSON.
pub fn whatif(
    before: &Evaluation,
    after: &Evaluation,
    overrides: &[String],
    set: &CriteriaSet,
    templates: &Templates,
    opts: &RenderOptions,
) -> Result<String, String> {
    let (format, lang, color) = (opts.format, opts.lang, opts.color);
    let changes = changes(before, after);
    if format == Format::Json {
        use self::{SummaryOnly, WhatifOutput};
        let out = WhatifOutput {
            overrides,
            before: SummaryOnly {
                summary: &before.summary,
            },
            after: SummaryOnly {
                summary: &after.summary,
            },
            changes: &changes,
        };
        return Ok(out.to_json());
    }
    let env = environment(set, templates, lang, color)?;
    let ctx = minijinja::context! {
        before => Value::from(Serde(before)),
        after => Value::from(Serde(after)),
        changes => Value::from(Serde(&changes)),
        overrides => Value::from(Serde(overrides)),
        t => Value::from_object(templates.strings(lang)?),
        lang => if lang.is_vi() { "vi" } else { "en" },
        meta => Value::from(Serde(meta_views(set, templates, lang)?)),
    };
    render_template(&env, "whatif.txt.j2", ctx)
}

/// `chuan roadmap`: the plan as text, Markdown, HTML (self-contained, with an SVG timeline) or JSON.
pub fn roadmap(
    plan: &crate::plan::Plan,
    school: &crate::school::School,
    set: &CriteriaSet,
    templates: &Templates,
    format: Format,
    lang: Lang,
    color: bool,
) -> Result<String, String> {
    if format == Format::Json {
        use self::{RoadmapOutput, SchoolRef};
        let school = SchoolRef {
            id: &school.id,
            name: &school.name,
            dossier_date: school.dossier_date,
        };
        return Ok(RoadmapOutput { school, plan }.to_json());
    }
    let env = environment(set, templates, lang, color)?;
    let name = match format {
        Format::Markdown => "roadmap.md.j2",
        Format::Html => "roadmap.html.j2",
        Format::Docx => return Err("the roadmap has no DOCX form".into()),
        Format::Text | Format::Json => "roadmap.txt.j2",
    };
    let ctx = minijinja::context! {
        plan => Value::from(Serde(plan)),
        school => Value::from(Serde(school)),
        t => Value::from_object(templates.strings(lang)?),
        lang => if lang.is_vi() { "vi" } else { "en" },
        meta => Value::from(Serde(meta_views(set, templates, lang)?)),
        set_title => if lang.is_vi() { set.meta.title_vi.clone() } else { set.meta.title_en.clone() },
        timeline => Value::from(Serde(timeline(plan))),
    };
    render_template(&env, name, ctx)
}

/// Geometry of the SVG timeline: one bar per action, x in days from the plan's start.
#[derive(Serialize, schemars::JsonSchema)]
struct Timeline {
    width: u32,
    height: u32,
    label_width: u32,
    day_px: f64,
    bars: Vec<Bar>,
    years: Vec<(i16, f64)>,
    deadline_x: Option<f64>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct Bar {
    indicator: String,
    y: u32,
    x: f64,
    w: f64,
    wait_x: Option<f64>,
    cost: crate::model::Cost,
    critical: bool,
    late: bool,
}

fn timeline(plan: &crate::plan::Plan) -> Timeline {
    let days = |d: jiff::civil::Date| {
        plan.start
            .until(d)
            .map(|s| f64::from(s.get_days()))
            .unwrap_or(0.0)
    };
    let end = plan
        .actions
        .iter()
        .map(|a| a.finish)
        .max()
        .unwrap_or(plan.start)
        .max(plan.deadline.unwrap_or(plan.start));
    let total = days(end).max(30.0);
    let (label_width, chart) = (60u32, 840f64);
    let day_px = chart / total;
    let bars = plan
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let x = f64::from(label_width) + days(a.start) * day_px;
            let work_end = a
                .start
                .checked_add(jiff::Span::new().months(i64::from(a.lead_time_months)))
                .unwrap_or(a.finish)
                .min(a.finish);
            Bar {
                indicator: a.indicator.clone(),
                y: 30 + i as u32 * 18,
                x,
                w: ((days(work_end) - days(a.start)) * day_px).max(2.0),
                wait_x: (a.finish > work_end)
                    .then(|| f64::from(label_width) + days(a.finish) * day_px),
                cost: a.cost,
                critical: a.critical,
                late: a.late,
            }
        })
        .collect();
    let mut years = Vec::new();
    let mut y = plan.start.year() + 1;
    while let Ok(d) = jiff::civil::Date::new(y, 1, 1) {
        if d > end {
            break;
        }
        years.push((y, f64::from(label_width) + days(d) * day_px));
        y += 1;
    }
    Timeline {
        width: label_width + chart as u32 + 20,
        height: 40 + plan.actions.len() as u32 * 18,
        label_width,
        day_px,
        bars,
        years,
        deadline_x: plan
            .deadline
            .map(|d| f64::from(label_width) + days(d) * day_px),
    }
}

/// `chuan compare` as text, Markdown or HTML (JSON, CSV and XLSX are built in `board.rs`).
/// The most schools the HTML matrix and distribution plots show.
pub const MATRIX_CAP: usize = 200;

pub fn compare(
    board: &crate::board::Board,
    set: &CriteriaSet,
    templates: &Templates,
    name: &str,
    lang: Lang,
    color: bool,
) -> Result<String, String> {
    let env = environment(set, templates, lang, color)?;
    let dist_index: BTreeMap<String, usize> = board
        .indicators
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), i))
        .collect();
    // the HTML matrix and dot plots of thousands of schools would be unreadable (and huge): the
    // best-ranked MATRIX_CAP schools, in the board's name order; the page says so
    let mut matrix: Vec<usize> = board.ranking.iter().take(MATRIX_CAP).copied().collect();
    matrix.sort_unstable();
    let ctx = minijinja::context! {
        board => Value::from(Serde(board)),
        matrix => Value::from(matrix),
        t => Value::from_object(templates.strings(lang)?),
        lang => if lang.is_vi() { "vi" } else { "en" },
        meta => Value::from(Serde(meta_views(set, templates, lang)?)),
        set_title => if lang.is_vi() { set.meta.title_vi.clone() } else { set.meta.title_en.clone() },
        dist_index => Value::from(Serde(dist_index)),
    };
    render_template(&env, name, ctx)
}

/// `chuan diff` and `chuan trend` as text or HTML.
pub fn board_view(
    set: &CriteriaSet,
    templates: &Templates,
    name: &str,
    lang: Lang,
    color: bool,
    extra: Value,
) -> Result<String, String> {
    let env = environment(set, templates, lang, color)?;
    let groups: Vec<(u32, usize)> = set
        .groups
        .iter()
        .map(|g| {
            (
                g.id,
                set.indicators.iter().filter(|i| i.group == g.id).count(),
            )
        })
        .collect();
    let base = minijinja::context! {
        t => Value::from_object(templates.strings(lang)?),
        lang => if lang.is_vi() { "vi" } else { "en" },
        meta => Value::from(Serde(meta_views(set, templates, lang)?)),
        groups => Value::from(Serde(groups)),
    };
    let ctx = minijinja::context! { ..base, ..extra };
    render_template(&env, name, ctx)
}

/// Chart geometry for the trend page: (x, y, date label, met) per assessment.
pub fn trend_chart(tr: &crate::board::Trend) -> serde_json::Value {
    let (w, h) = (760.0, 260.0);
    let n = tr.points.len().max(1);
    let first = tr.points.first().map(|p| p.date);
    let last = tr.points.last().map(|p| p.date);
    let span = match (first, last) {
        (Some(a), Some(b)) => a
            .until(b)
            .map(|s| f64::from(s.get_days()))
            .unwrap_or(0.0)
            .max(1.0),
        _ => 1.0,
    };
    let y = |met: usize| 20.0 + (h - 50.0) * (1.0 - met as f64 / tr.total.max(1) as f64);
    let x = |d: jiff::civil::Date| {
        if n == 1 {
            60.0
        } else {
            60.0 + (w - 100.0)
                * first
                    .and_then(|f| f.until(d).ok())
                    .map(|s| f64::from(s.get_days()))
                    .unwrap_or(0.0)
                / span
        }
    };
    let points: Vec<serde_json::Value> = tr
        .points
        .iter()
        .map(|p| {
            serde_json::json!([
                x(p.date),
                y(p.met1),
                p.date.strftime("%m/%Y").to_string(),
                p.met1
            ])
        })
        .collect();
    let points2: Vec<serde_json::Value> = tr
        .points
        .iter()
        .map(|p| serde_json::json!([x(p.date), y(p.met2)]))
        .collect();
    serde_json::json!({ "width": w, "height": h, "y_total": y(tr.total), "points": points, "points2": points2 })
}

// ---------------------------------------------------------------------------------------------
// The set's words in one language

pub fn pick(lang: Lang, vi: &str, en: &str) -> String {
    if lang.is_vi() || en.is_empty() {
        vi.to_string()
    } else {
        en.to_string()
    }
}

/// What a fact's units are called in a sentence ("giảng viên"): its noun, else its unit.
pub fn fact_noun(set: &CriteriaSet, name: &str, lang: Lang) -> String {
    set.fact(name).map_or(String::new(), |f| {
        let noun = pick(lang, &f.noun_vi, &f.noun_en);
        if noun.is_empty() {
            pick(lang, &f.unit_vi, &f.unit_en)
        } else {
            noun
        }
    })
}

/// `>=` and `<=` as people write them (`cmp` in templates).
pub fn comparison_symbol(op: &str) -> &str {
    match op {
        ">=" => "≥",
        "<=" => "≤",
        other => other,
    }
}

pub fn fact_label(set: &CriteriaSet, name: &str, lang: Lang) -> String {
    set.fact(name)
        .map_or(name.to_string(), |f| pick(lang, &f.label_vi, &f.label_en))
}

pub fn unit(set: &CriteriaSet, name: &str, lang: Lang) -> String {
    set.fact(name)
        .map_or(String::new(), |f| pick(lang, &f.unit_vi, &f.unit_en))
}

/// The set's words in one language, for a rule kind to show itself.
pub struct SetLabels<'a> {
    pub set: &'a CriteriaSet,
    pub lang: Lang,
}

impl Labels for SetLabels<'_> {
    fn label(&self, fact: &str) -> String {
        fact_label(self.set, fact, self.lang)
    }

    fn unit(&self, fact: &str) -> String {
        unit(self.set, fact, self.lang)
    }

    fn grade(&self, enum_id: &str, code: &str) -> String {
        self.set
            .enum_def(enum_id)
            .and_then(|e| e.values.iter().find(|v| v.code == code))
            .map_or(code.to_string(), |v| {
                pick(self.lang, &v.label_vi, &v.label_en)
            })
    }

    fn num(&self, d: Dec) -> String {
        d.format(2, self.lang.is_vi())
    }

    fn pct(&self) -> &'static str {
        if self.lang.is_vi() { " %" } else { "%" }
    }
}

pub fn rule_view(set: &CriteriaSet, ind: &Indicator, lang: Lang) -> RuleView {
    ind.rule.kind().view(&SetLabels { set, lang })
}

/// `chuan check --format json`: the evaluation and the gate.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CheckOutput<'a> {
    #[serde(flatten)]
    pub evaluation: &'a Evaluation,
    /// The `--require-level` / `--min-met` gate and its verdict; null when none was given.
    pub gate: Option<&'a Gate>,
}

impl crate::outputs::Output for CheckOutput<'_> {
    const COMMAND: &'static str = "check";
    const FORMAT: &'static str = "chuan.check";
}

/// The school a roadmap is for.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SchoolRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub dossier_date: jiff::civil::Date,
}

/// `chuan roadmap --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RoadmapOutput<'a> {
    pub school: SchoolRef<'a>,
    #[serde(flatten)]
    pub plan: &'a crate::plan::Plan,
}

impl crate::outputs::Output for RoadmapOutput<'_> {
    const COMMAND: &'static str = "roadmap";
    const FORMAT: &'static str = "chuan.roadmap";
    const VERSION: u32 = crate::outputs::ROADMAP_FORMAT_VERSION;
}

/// A summary on its own (whatif's before and after).
#[derive(Serialize, schemars::JsonSchema)]
pub struct SummaryOnly<'a> {
    pub summary: &'a crate::eval::Summary,
}

/// `chuan whatif --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct WhatifOutput<'a> {
    /// The `--set` arguments, as given.
    pub overrides: &'a [String],
    pub before: SummaryOnly<'a>,
    pub after: SummaryOnly<'a>,
    /// Every indicator whose status changed.
    pub changes: &'a [crate::eval::Change],
}

impl crate::outputs::Output for WhatifOutput<'_> {
    const COMMAND: &'static str = "whatif";
    const FORMAT: &'static str = "chuan.whatif";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded words are looked up by binary search: sorted, each key once, and every key
    /// found with its own word; a folder's own strings.toml is read from its own table.
    #[test]
    fn every_word_is_found_by_its_key() {
        for (lang, table) in [
            (Lang::Vi, EMBEDDED_STRINGS.0),
            (Lang::En, EMBEDDED_STRINGS.1),
        ] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "{lang:?}");
            let strings = Templates::embedded().strings(lang).unwrap();
            assert!(matches!(strings, Strings::Embedded(_)));
            for &(k, v) in table {
                assert_eq!(strings.get(k), Some(v));
            }
            assert_eq!(strings.get("no_such_word"), None);
            assert_eq!(strings.iter().count(), table.len());
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("strings.toml"),
            "[vi]\nstatus_met = \"Đạt\"\n[en]\nstatus_met = \"Met\"\n",
        )
        .unwrap();
        let own = Templates::with_overrides(dir.path()).unwrap();
        let strings = own.strings(Lang::Vi).unwrap();
        assert_eq!(strings.get("status_met"), Some("Đạt"));
        assert_eq!(strings.get("group"), None);
        let t = Value::from_object(strings);
        assert_eq!(t.get_attr("status_met").unwrap().as_str(), Some("Đạt"));
        assert!(t.get_attr("group").unwrap().is_undefined());
    }
}
