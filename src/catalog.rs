//! Views of a criteria set for people: `chuan list`, `chuan explain`, the generated criteria
//! README (`chuan docs`), the fill-in template (`chuan init`) and the JSON Schema (`chuan schema`).
//! The wording is in templates; this module only prepares data.

use jiff::civil::Date;
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use serde_json::json;

use crate::criteria::{CriteriaSet, Indicator};
use crate::decimal::Dec;
use crate::eval::Evaluation;
use crate::model::{FactDef, FactType, Scope};
use crate::model::{FactValue, Value as Value_, Window};
use crate::render::{
    IndicatorView, Templates, constraint_texts, fact_label, group_title, indicator_view, pick,
};
use crate::school::School;
use crate::text::Lang;

#[derive(Serialize, schemars::JsonSchema)]
struct GroupView {
    id: u32,
    name: String,
    indicators: Vec<IndicatorView>,
}

fn groups(set: &CriteriaSet, lang: Lang, strings: &crate::render::Strings) -> Vec<GroupView> {
    set.groups
        .iter()
        .map(|g| GroupView {
            id: g.id,
            name: pick(lang, &g.name_vi, &g.name_en),
            indicators: set
                .indicators
                .iter()
                .filter(|i| i.group == g.id)
                .map(|i| indicator_view(set, i, lang, strings))
                .collect(),
        })
        .collect()
}

fn set_context(set: &CriteriaSet, lang: Lang) -> Value {
    let (reconstructed, reconstructed_l2) = set.reconstructed();
    Value::from(Serde(json!({
        "id": set.meta.id,
        "version": set.meta.version,
        "status": set.meta.status,
        "regulation": set.meta.regulation,
        "title": pick(lang, &set.meta.title_vi, &set.meta.title_en),
        "issuer": pick(lang, &set.meta.issuer_vi, &set.meta.issuer_en),
        "issued": set.meta.issued.strftime("%d/%m/%Y").to_string(),
        "total": set.indicators.len(),
        "window_years": set.window_years,
        "reconstructed": reconstructed,
        "reconstructed_l2": reconstructed_l2,
    })))
}

fn render_named(
    set: &CriteriaSet,
    templates: &Templates,
    lang: Lang,
    name: &str,
    ctx: Value,
) -> Result<String, String> {
    let env = crate::render::environment(set, templates, lang, false)?;
    crate::render::render_template(&env, name, ctx)
}

/// `chuan list`: the catalogue as text.
pub fn list_text(set: &CriteriaSet, templates: &Templates, lang: Lang) -> Result<String, String> {
    let strings = templates.strings(lang)?;
    let ctx = minijinja::context! { set => set_context(set, lang), groups => Value::from(Serde(groups(set, lang, &strings))), t => Value::from_object(strings.clone()) };
    render_named(set, templates, lang, "list.txt.j2", ctx)
}

/// `chuan list --format json`.
pub fn list_json(set: &CriteriaSet, templates: &Templates, lang: Lang) -> Result<String, String> {
    let strings = templates.strings(lang)?;
    let inds: Vec<IndicatorView> = set
        .indicators
        .iter()
        .map(|i| indicator_view(set, i, lang, &strings))
        .collect();
    let out = ListOutput {
        criteria: SetRef {
            id: &set.meta.id,
            version: &set.meta.version,
            status: &set.meta.status,
        },
        indicators: inds,
    };
    Ok(crate::outputs::Output::to_json(&out))
}

/// `chuan docs`: the criteria set's README, generated from the data.
pub fn docs(set: &CriteriaSet, templates: &Templates, lang: Lang) -> Result<String, String> {
    let strings = templates.strings(lang)?;
    let ctx = minijinja::context! { set => set_context(set, lang), groups => Value::from(Serde(groups(set, lang, &strings))), t => Value::from_object(strings.clone()) };
    render_named(set, templates, lang, "criteria-readme.md.j2", ctx)
}

/// `chuan explain ID [--school FILE]`.
pub fn explain(
    set: &CriteriaSet,
    id: &str,
    school: Option<(&School, &Evaluation)>,
    templates: &Templates,
    lang: Lang,
) -> Result<String, String> {
    let ind = set.indicator(id).ok_or_else(|| {
        crate::diag::Msg::UnknownIndicator {
            id: id.into(),
            set: set.meta.id.clone(),
        }
        .text(lang)
    })?;
    let strings = templates.strings(lang)?;
    let result = school.and_then(|(_, ev)| ev.indicators.iter().find(|r| r.id == id));
    // the school's own values of every fact the rule reads (null when the file lacks it)
    let values: Vec<serde_json::Value> = match school {
        Some((s, _)) => ind
            .rule
            .facts()
            .into_iter()
            .map(|f| {
                let value = match s.facts.get(f) {
                    Some(FactValue::Scalar(v)) => display_value(set, v, lang),
                    Some(FactValue::Series(ys)) => {
                        ys.iter().map(|(y, v)| format!("{y}: {}", display_value(set, v, lang))).collect::<Vec<_>>().join(" · ")
                    }
                    None => String::new(),
                };
                json!({ "fact": f, "label": fact_label(set, f, lang), "value": value, "present": s.facts.contains_key(f) })
            })
            .collect(),
        None => Vec::new(),
    };
    let school = school.map(|(_, ev)| ev);
    let group = set
        .group(ind.group)
        .map(|g| pick(lang, &g.name_vi, &g.name_en))
        .unwrap_or_default();
    let ctx = minijinja::context! {
        set => set_context(set, lang),
        ind => Value::from(Serde(indicator_view(set, ind, lang, &strings))),
        group => group,
        t => Value::from_object(strings.clone()),
        school => school.map(|ev| Value::from(Serde(&ev.school))),
        result => result.map(|r| Value::from(Serde(r))),
        values => Value::from(Serde(values)),
        m => Value::from(Serde(indicator_view(set, ind, lang, &strings))),
    };
    render_named(set, templates, lang, "explain.txt.j2", ctx)
}

fn display_value(set: &CriteriaSet, v: &Value_, lang: Lang) -> String {
    match v {
        Value_::Bool(b) => b.to_string(),
        Value_::Num(d) => d.format(2, lang.is_vi()),
        Value_::Grade(code, _) => set
            .enums
            .iter()
            .flat_map(|e| e.values.iter())
            .find(|x| &x.code == code)
            .map_or(code.clone(), |x| pick(lang, &x.label_vi, &x.label_en)),
    }
}

// ---------------------------------------------------------------------------------------------
// chuan init

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitFormat {
    Toml,
    Yaml,
    /// An Excel fill-in workbook (`crate::workbook::template`).
    Xlsx,
}

crate::text::names! { InitFormat { Toml = "toml", Yaml = "yaml", Xlsx = "xlsx" } }

#[derive(Serialize, schemars::JsonSchema)]
struct InitFact {
    name: String,
    label: String,
    unit: String,
    type_hint: String,
    constraints: Vec<String>,
    indicators: Vec<String>,
    series: bool,
}

#[derive(Serialize, schemars::JsonSchema)]
struct InitGroup {
    title: String,
    facts: Vec<InitFact>,
}

/// A complete self-assessment template for the set: every fact commented out with its label,
/// unit, constraints and the indicators that use it, grouped by criteria group.
pub fn init(
    set: &CriteriaSet,
    templates: &Templates,
    lang: Lang,
    format: InitFormat,
    dossier: Date,
    schema: Option<&str>,
) -> Result<String, String> {
    let strings = templates.strings(lang)?;
    let window = Window::of(dossier, set.window_years);
    let fact_view = |f: &FactDef, inds: &[&Indicator]| {
        let type_hint = match &f.ty {
            FactType::Bool => "true / false".to_string(),
            FactType::Integer => strings
                .get("hint_integer")
                .map(str::to_string)
                .unwrap_or_default(),
            FactType::Decimal => strings
                .get("hint_decimal")
                .map(str::to_string)
                .unwrap_or_default(),
            FactType::Enum(e) => set
                .enum_def(e.as_str())
                .map(|d| {
                    d.values
                        .iter()
                        .map(|v| format!("\"{}\"", v.code))
                        .collect::<Vec<_>>()
                        .join(" | ")
                })
                .unwrap_or_default(),
        };
        InitFact {
            name: f.name.clone(),
            label: pick(lang, &f.label_vi, &f.label_en),
            unit: pick(lang, &f.unit_vi, &f.unit_en),
            type_hint,
            constraints: constraint_texts(f),
            indicators: inds.iter().map(|i| i.id.clone()).collect(),
            series: f.scope == Scope::Series,
        }
    };
    let sections: Vec<InitGroup> = set
        .facts_by_group()
        .into_iter()
        .map(|(group, facts)| InitGroup {
            title: group_title(set, group, &strings, lang),
            facts: facts.iter().map(|(f, inds)| fact_view(f, inds)).collect(),
        })
        .collect();
    let ctx = minijinja::context! {
        set => set_context(set, lang),
        t => Value::from_object(strings.clone()),
        dossier => dossier.to_string(),
        years => window.years().collect::<Vec<_>>(),
        window_start => window.start.strftime("%d/%m/%Y").to_string(),
        window_end => window.end.strftime("%d/%m/%Y").to_string(),
        sections => Value::from(Serde(sections)),
        schema => schema,
    };
    let name = match format {
        InitFormat::Toml => "init.toml.j2",
        InitFormat::Yaml => "init.yaml.j2",
        InitFormat::Xlsx => return Err("a workbook is binary: use workbook::template".into()),
    };
    render_named(set, templates, lang, name, ctx)
}

// ---------------------------------------------------------------------------------------------
// chuan schema

/// The file name `chuan init` gives the set's schema beside a new self-assessment, which the
/// file's first line points editors to (a directive relative to the file works wherever it is).
pub fn schema_file_name(set: &CriteriaSet) -> String {
    format!("{}.schema.json", set.meta.id)
}

/// [`schema`] as the text `chuan schema` prints and `chuan init` writes.
pub fn schema_text(set: &CriteriaSet) -> String {
    serde_json::to_string_pretty(&schema(set)).expect("a JSON value serializes") + "\n"
}

/// JSON Schema (draft 2020-12) of the self-assessment file, generated from the set's facts so
/// that editors complete and check fact names, types and enum codes.
pub fn schema(set: &CriteriaSet) -> serde_json::Value {
    let scalar = |ty: &FactType,
                  min: Option<Dec>,
                  max: Option<Dec>,
                  min_excl: Option<Dec>|
     -> serde_json::Value {
        let mut v = match ty {
            FactType::Bool => json!({ "type": "boolean" }),
            FactType::Integer => json!({ "type": "integer", "minimum": 0 }),
            FactType::Decimal => json!({ "type": "number", "minimum": 0 }),
            FactType::Enum(e) => {
                json!({ "type": "string", "enum": set.enum_def(e).map(|d| d.values.iter().map(|v| v.code.clone()).collect::<Vec<_>>()).unwrap_or_default() })
            }
        };
        if let Some(m) = min {
            v["minimum"] = json!(m);
        }
        if let Some(m) = max {
            v["maximum"] = json!(m);
        }
        if let Some(m) = min_excl {
            v["exclusiveMinimum"] = json!(m);
            v.as_object_mut().map(|o| o.remove("minimum"));
        }
        v
    };
    // null (`~` in YAML) is missing data to chuan: every fact and every year may be null, as in
    // the file `chuan init --format yaml` writes
    let nullable = |mut v: serde_json::Value| {
        let ty = v["type"].clone();
        v["type"] = json!([ty, "null"]);
        if let Some(values) = v.get_mut("enum").and_then(|e| e.as_array_mut()) {
            values.push(serde_json::Value::Null);
        }
        v
    };
    let mut facts = serde_json::Map::new();
    for f in &set.facts {
        let value = nullable(scalar(&f.ty, f.min, f.max, f.min_exclusive));
        let mut s = if f.scope == Scope::Series {
            json!({ "type": ["object", "null"], "propertyNames": { "pattern": "^[0-9]{4}$" }, "additionalProperties": value })
        } else {
            value
        };
        let unit = if f.unit_vi.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.unit_vi)
        };
        s["description"] = json!(format!("{}{unit} — {}", f.label_vi, f.label_en));
        facts.insert(f.name.clone(), s);
    }
    let ids: Vec<&str> = set.indicators.iter().map(|i| i.id.as_str()).collect();
    let date = json!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD" });
    let evidence_item = json!({
        "type": "object",
        "required": ["number", "date", "issuer"],
        "additionalProperties": false,
        "properties": { "number": { "type": "string" }, "date": date, "issuer": { "type": "string" }, "title": { "type": "string" }, "file": { "type": "string" } }
    });
    // a status per indicator: "not_applicable" only where the set allows it
    let statuses: serde_json::Map<String, serde_json::Value> = set
        .indicators
        .iter()
        .map(|ind| {
            let def = if ind.not_applicable_allowed {
                "#/$defs/status_or_not_applicable"
            } else {
                "#/$defs/status"
            };
            (ind.id.clone(), json!({ "$ref": def }))
        })
        .collect();
    let status = |allowed: serde_json::Value| {
        json!({
            "type": "object",
            "required": ["status", "reason"],
            "additionalProperties": false,
            "properties": {
                "status": { "enum": allowed },
                "reason": { "type": "string", "minLength": 1 },
                "approver": { "type": "string" },
                "expires": date
            }
        })
    };
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("chuan self-assessment file ({}@{})", set.meta.id, set.meta.version),
        "description": set.meta.title_vi,
        "type": "object",
        "required": ["school"],
        "additionalProperties": false,
        "$defs": {
            "status": status(json!(["waived"])),
            "status_or_not_applicable": status(json!(["not_applicable", "waived"]))
        },
        "properties": {
            "school": {
                "type": "object",
                "required": ["id", "name", "province", "criteria", "dossier_date"],
                "additionalProperties": false,
                "properties": {
                    "id": { "type": "string", "minLength": 1 },
                    "name": { "type": "string", "minLength": 1 },
                    "province": { "type": "string", "minLength": 1 },
                    "predecessors": { "type": "array", "items": { "type": "string" } },
                    "criteria": { "type": "string", "enum": [set.meta.id.clone(), set.label()] },
                    "dossier_date": date,
                    "note": { "type": "string" },
                    "sources": { "type": "array", "items": { "type": "string" } }
                }
            },
            "facts": { "type": "object", "additionalProperties": false, "properties": facts },
            "evidence": {
                "type": "object",
                "propertyNames": { "enum": ids },
                "additionalProperties": { "oneOf": [ { "type": "array", "items": evidence_item }, evidence_item ] }
            },
            "statuses": {
                "type": "object",
                "propertyNames": { "enum": ids },
                "properties": statuses,
                "additionalProperties": false
            }
        }
    })
}

/// Which criteria set a listing is of.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SetRef<'a> {
    pub id: &'a str,
    pub version: &'a str,
    pub status: &'a str,
}

/// `chuan list --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ListOutput<'a> {
    pub criteria: SetRef<'a>,
    pub indicators: Vec<IndicatorView>,
}

impl crate::outputs::Output for ListOutput<'_> {
    const COMMAND: &'static str = "list";
    const FORMAT: &'static str = "chuan.list";
}

/// The commands that print JSON, in the order the README lists them.
pub const OUTPUT_COMMANDS: &[&str] = &[
    "check", "roadmap", "whatif", "list", "validate", "compare", "diff", "trend",
];

/// The JSON Schema (draft 2020-12) of one command's JSON output, or None for a command that
/// prints none.
pub fn output_schema(command: &str) -> Option<serde_json::Value> {
    use crate::board::{CompareOutput, DiffOutput, TrendOutput};
    use crate::outputs::schema_of;
    use crate::render::{CheckOutput, RoadmapOutput, WhatifOutput};
    use crate::validate::ValidateOutput;
    Some(match command {
        "check" => schema_of::<CheckOutput<'static>>(),
        "roadmap" => schema_of::<RoadmapOutput<'static>>(),
        "whatif" => schema_of::<WhatifOutput<'static>>(),
        "list" => schema_of::<ListOutput<'static>>(),
        "validate" => schema_of::<ValidateOutput>(),
        "compare" => schema_of::<CompareOutput<'static>>(),
        "diff" => schema_of::<DiffOutput<'static>>(),
        "trend" => schema_of::<TrendOutput<'static>>(),
        _ => return None,
    })
}

/// The output schema as committed in `schema/`: pretty-printed with a final newline.
pub fn output_schema_text(command: &str) -> Option<String> {
    output_schema(command)
        .map(|s| serde_json::to_string_pretty(&s).expect("a JSON value serializes") + "\n")
}
