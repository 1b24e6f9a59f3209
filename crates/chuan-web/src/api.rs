//! The page's one call: a JSON request `{"op": …}`, a JSON answer `{"ok": …}`.
//!
//! | op | request | answer |
//! |---|---|---|
//! | `form` | `lang`, `dossier_date` | the set as a form: groups, facts, indicators, window years, words |
//! | `import` | `name`, `base64` (the file's bytes) | `doc`: the file's document as JSON |
//! | `check` | `doc`, `name`, `lang`, `level`, `report` | `toml`, `check_json` (= `chuan check --format json`), `report` (HTML) |
//! | `roadmap` | `doc`, `name`, `lang`, `level`, `start` | `html` (= `chuan roadmap --format html`) |
//! | `whatif` | `before`, `after`, `name`, `lang` | `changes`, both summaries |
//! | `docx` | `doc`, `name`, `lang`, `level` | `base64`: the dossier document (= `chuan check --format docx`) |
//! | `compare` | `files` (`name`, `base64`), `lang`, `level` | `html`, `compare_json`, `csv` (= `chuan compare`) |
//!
//! A document (`doc`) is a school file as JSON, dates as `YYYY-MM-DD` strings. It is written out
//! as the TOML text the page exports, and that text is what every op evaluates, read by the
//! loader `chuan check` uses: the page and the command line cannot disagree. A request that fails
//! answers `ok: false` with the diagnostics, each with the CLI's message and its key.

use chuan::criteria::{CriteriaSet, embedded_set};
use chuan::diag::{Diagnostic, Msg};
use chuan::eval::evaluate;
use chuan::model::{FactType, Level, Scope, Window};
use chuan::outputs::Output;
use chuan::render::{Format, RenderOptions, Templates, pick};
use chuan::school::School;
use chuan::text::Lang;
use chuan::tree::{Node, NodeKind};
use jiff::civil::Date;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// What the page asks.
#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum Request {
    Form {
        #[serde(default)]
        lang: LangArg,
        dossier_date: Option<String>,
    },
    Import {
        name: String,
        base64: String,
    },
    Check {
        doc: Value,
        name: String,
        #[serde(default)]
        lang: LangArg,
        #[serde(default = "one")]
        level: u8,
        /// Also render the HTML report.
        #[serde(default)]
        report: bool,
    },
    Roadmap {
        doc: Value,
        name: String,
        #[serde(default)]
        lang: LangArg,
        #[serde(default = "one")]
        level: u8,
        start: String,
    },
    Docx {
        doc: Value,
        name: String,
        #[serde(default)]
        lang: LangArg,
        #[serde(default = "one")]
        level: u8,
    },
    Whatif {
        before: Value,
        after: Value,
        name: String,
        #[serde(default)]
        lang: LangArg,
    },
    Compare {
        files: Vec<FileArg>,
        #[serde(default)]
        lang: LangArg,
        #[serde(default = "one")]
        level: u8,
        #[serde(default)]
        all_dossiers: bool,
    },
}

fn one() -> u8 {
    1
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum LangArg {
    #[default]
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileArg {
    name: String,
    base64: String,
}

/// One request's answer, as JSON text. Never panics on what the page sends: a request that
/// cannot be read is answered with `ok: false` and the reason.
pub fn handle(request: &[u8]) -> String {
    let answer = match serde_json::from_slice::<Request>(request) {
        Ok(req) => answer(req),
        Err(e) => json!({ "ok": false, "error": format!("bad request: {e}") }),
    };
    answer.to_string()
}

/// The set and templates are built once per page.
struct Engine {
    set: CriteriaSet,
    templates: Templates,
}

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine {
        set: embedded_set(),
        templates: Templates::embedded(),
    })
}

fn level(n: u8) -> Level {
    if n == 2 { Level::L2 } else { Level::L1 }
}

fn answer(req: Request) -> Value {
    let e = engine();
    let result = match req {
        Request::Form { lang, dossier_date } => form(e, lang.into(), dossier_date.as_deref()),
        Request::Import { name, base64 } => import(e, &name, &base64),
        Request::Check {
            doc,
            name,
            lang,
            level: n,
            report,
        } => check(e, &doc, &name, lang.into(), level(n), report),
        Request::Roadmap {
            doc,
            name,
            lang,
            level: n,
            start,
        } => roadmap(e, &doc, &name, lang.into(), level(n), &start),
        Request::Docx {
            doc,
            name,
            lang,
            level: n,
        } => docx(e, &doc, &name, lang.into(), level(n)),
        Request::Whatif {
            before,
            after,
            name,
            lang,
        } => whatif(e, &before, &after, &name, lang.into()),
        Request::Compare {
            files,
            lang,
            level: n,
            all_dossiers,
        } => compare(e, &files, lang.into(), level(n), all_dossiers),
    };
    match result {
        Ok(mut v) => {
            v["ok"] = json!(true);
            v
        }
        Err(Failure::Diagnostics(mut diags, lang, toml)) => {
            json!({ "ok": false, "diagnostics": diagnostics(&mut diags, lang), "toml": toml })
        }
        Err(Failure::Other(error)) => json!({ "ok": false, "error": error }),
    }
}

enum Failure {
    /// What the file's reader says, with the TOML text it read (when the page wrote it).
    Diagnostics(Vec<Diagnostic>, Lang, Option<String>),
    Other(String),
}

type Answer = Result<Value, Failure>;

/// Diagnostics as the page shows them: the JSON of `validate --format json` plus the CLI's
/// whole text block.
fn diagnostics(diags: &mut [Diagnostic], lang: Lang) -> Vec<Value> {
    diags.sort_by_key(|d| (d.line, d.column));
    diags
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(chuan::diag::render::json(d, lang))
                .expect("a diagnostic serializes");
            v["text"] = json!(d.render(lang));
            v
        })
        .collect()
}

fn date_arg(text: &str) -> Result<Date, Failure> {
    text.parse::<Date>()
        .map_err(|e| Failure::Other(format!("{text}: {e}")))
}

/// The criteria set as the page's form: per group its facts (label, unit, type, constraints,
/// choices, whether per year) and its indicators, the window's years, and the page's words.
fn form(e: &Engine, lang: Lang, dossier: Option<&str>) -> Answer {
    let set = &e.set;
    let words = e.templates.strings(lang).map_err(Failure::Other)?;
    let dossier = match dossier {
        Some(d) => Some(date_arg(d)?),
        None => None,
    };
    let window = dossier.map(|d| Window::of(d, set.window_years));
    let caveat = chuan::render::caveat(set, &words);
    let groups: Vec<Value> = set
        .facts_by_group()
        .into_iter()
        .map(|(group, facts)| {
            let title = chuan::render::group_title(set, group, &words, lang);
            let facts: Vec<Value> = facts
                .into_iter()
                .map(|(f, users)| fact(set, f, &users, lang))
                .collect();
            let indicators: Vec<Value> = set
                .indicators
                .iter()
                .filter(|i| Some(i.group) == group)
                .map(|i| {
                    json!({
                        "id": i.id,
                        "title": pick(lang, &i.title_vi, &i.title_en),
                        "provenance": i.provenance,
                        "provenance_l2": i.provenance_l2,
                        "evidence": pick(lang, &i.evidence_vi, &i.evidence_en),
                        "not_applicable_allowed": i.not_applicable_allowed,
                        "facts": i.rule.facts(),
                        "unit_suffix": chuan::render::rule_view(set, i, lang).unit_suffix,
                    })
                })
                .collect();
            json!({ "id": group, "title": title, "facts": facts, "indicators": indicators })
        })
        .collect();
    Ok(json!({
        "set": {
            "id": set.meta.id,
            "version": set.meta.version,
            "title": pick(lang, &set.meta.title_vi, &set.meta.title_en),
            "indicators": set.indicators.len(),
        },
        "caveat": caveat,
        "window": window.map(|w| json!({
            "start": w.start.to_string(),
            "end": w.end.to_string(),
            "years": w.years().collect::<Vec<_>>(),
        })),
        "school_keys": chuan::school::SCHOOL_KEYS,
        "groups": groups,
        "words": words,
    }))
}

fn fact(
    set: &CriteriaSet,
    f: &chuan::model::FactDef,
    users: &[&chuan::criteria::Indicator],
    lang: Lang,
) -> Value {
    let (ty, choices) = match &f.ty {
        FactType::Bool => ("bool", Vec::new()),
        FactType::Integer => ("integer", Vec::new()),
        FactType::Decimal => ("decimal", Vec::new()),
        FactType::Enum(id) => (
            "enum",
            set.enum_def(id).map_or_else(Vec::new, |d| {
                d.values
                    .iter()
                    .map(|v| json!({ "code": v.code, "label": pick(lang, &v.label_vi, &v.label_en) }))
                    .collect()
            }),
        ),
    };
    json!({
        "name": f.name,
        "label": pick(lang, &f.label_vi, &f.label_en),
        "unit": pick(lang, &f.unit_vi, &f.unit_en),
        "type": ty,
        "series": f.scope == Scope::Series,
        "window": f.scope == Scope::Window,
        "choices": choices,
        "min": f.min.map(|d| d.to_string()),
        "max": f.max.map(|d| d.to_string()),
        "constraints": chuan::render::constraint_texts(f),
        "indicators": users.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
    })
}

/// A dropped file's document, as the JSON the page edits; nothing is validated yet (the
/// page's first check shows what is wrong, next to the fields).
fn import(e: &Engine, name: &str, b64: &str) -> Answer {
    let bytes = decode_base64(b64).map_err(Failure::Other)?;
    let (_, root) = School::document(name, bytes, &e.set)
        .map_err(|d| Failure::Diagnostics(d, Lang::Vi, None))?;
    Ok(json!({ "doc": node_json(&root) }))
}

fn node_json(n: &Node) -> Value {
    match &n.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => json!(b),
        NodeKind::Int(i) => json!(i),
        NodeKind::Float(f, text) => text
            .as_deref()
            .and_then(|t| t.replace('_', "").parse::<serde_json::Number>().ok())
            .map_or_else(|| json!(f), Value::Number),
        NodeKind::Str(s) => json!(s),
        NodeKind::Date(d) => json!(d),
        NodeKind::Array(items) => Value::Array(items.iter().map(node_json).collect()),
        NodeKind::Table(entries) => Value::Object(
            entries
                .iter()
                .map(|en| (en.key.to_string(), node_json(&en.value)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// The TOML file of a document, as the page exports it. Strings where the school format has
/// dates (`school.dossier_date`, an evidence item's `date`, a waiver's `expires`) become TOML
/// dates when they are dates; anything else is written as it is, so the loader judges it as it
/// would judge the same text in a file. JSON nulls (an emptied field) are left out.
pub fn doc_toml(doc: &Value) -> Result<String, String> {
    let Value::Object(_) = doc else {
        return Err("the document is not a table".into());
    };
    let root = to_toml(doc, &mut Vec::new());
    let Some(toml::Value::Table(root)) = root else {
        unreachable!("an object becomes a table")
    };
    let body = toml::to_string(&root).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Tự đánh giá trường chính trị chuẩn, lưu từ chuan.html (chuan {})\n\n{body}",
        env!("CARGO_PKG_VERSION")
    ))
}

fn to_toml(v: &Value, path: &mut Vec<String>) -> Option<toml::Value> {
    use toml::Value as T;
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => T::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => T::Integer(i),
            None => T::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => match date_position(path)
            .then(|| s.parse::<Date>().ok())
            .flatten()
        {
            Some(d) => chuan::school::toml_date(d),
            None => T::String(s.clone()),
        },
        Value::Array(items) => T::Array(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    path.push(i.to_string());
                    let v = to_toml(item, path);
                    path.pop();
                    v
                })
                .collect(),
        ),
        Value::Object(map) => T::Table(
            map.iter()
                .filter_map(|(k, item)| {
                    path.push(k.clone());
                    let v = to_toml(item, path);
                    path.pop();
                    v.map(|v| (k.clone(), v))
                })
                .collect(),
        ),
    })
}

/// Where a school file holds dates.
fn date_position(path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    matches!(
        p.as_slice(),
        ["school", "dossier_date"] | ["evidence", _, _, "date"] | ["statuses", _, "expires"]
    )
}

/// The document's TOML and the school it gives, read as `chuan check` reads a file named `name`.
fn load(e: &Engine, doc: &Value, name: &str, lang: Lang) -> Result<(String, School), Failure> {
    let toml = doc_toml(doc).map_err(Failure::Other)?;
    let name = toml_name(name);
    match School::from_bytes(&name, toml.clone().into_bytes(), &e.set) {
        Ok(school) => Ok((toml, school)),
        Err(d) => Err(Failure::Diagnostics(d, lang, Some(toml))),
    }
}

/// The name the page saves a document under: the same stem, `.toml`.
pub fn toml_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).trim();
    let stem = if stem.is_empty() { "tu-danh-gia" } else { stem };
    format!("{stem}.toml")
}

fn check(e: &Engine, doc: &Value, name: &str, lang: Lang, level: Level, report: bool) -> Answer {
    let (toml, mut school) = load(e, doc, name, lang)?;
    let ev = evaluate(&e.set, &school);
    let check_json = chuan::render::CheckOutput {
        evaluation: &ev,
        gate: None,
    }
    .to_json();
    let html = if report {
        let opts = RenderOptions {
            format: Format::Html,
            lang,
            level,
            color: false,
            gate: None,
        };
        Some(chuan::render::render(&ev, &e.set, &e.templates, &opts).map_err(Failure::Other)?)
    } else {
        None
    };
    let gaps =
        chuan::render::gap_lines(&ev, &e.set, &e.templates, lang, level).map_err(Failure::Other)?;
    Ok(json!({
        "name": toml_name(name),
        "toml": toml,
        "check_json": check_json,
        "gaps": gaps,
        "report": html,
        "warnings": diagnostics(&mut school.warnings, lang),
    }))
}

fn roadmap(e: &Engine, doc: &Value, name: &str, lang: Lang, level: Level, start: &str) -> Answer {
    let start = date_arg(start)?;
    let (_, school) = load(e, doc, name, lang)?;
    let plan = chuan::plan::plan(
        &e.set,
        &school,
        &chuan::plan::PlanOptions {
            level,
            start,
            deadline: None,
        },
    );
    let html = chuan::render::roadmap(
        &plan,
        &school,
        &e.set,
        &e.templates,
        Format::Html,
        lang,
        false,
    )
    .map_err(Failure::Other)?;
    Ok(json!({ "html": html }))
}

fn docx(e: &Engine, doc: &Value, name: &str, lang: Lang, level: Level) -> Answer {
    let (_, school) = load(e, doc, name, lang)?;
    let ev = evaluate(&e.set, &school);
    let mut out = std::io::Cursor::new(Vec::new());
    chuan::dossier::write_docx(&ev, &school, &e.set, &e.templates, lang, level, &mut out)
        .map_err(Failure::Other)?;
    Ok(json!({ "base64": encode_base64(&out.into_inner()) }))
}

fn whatif(e: &Engine, before: &Value, after: &Value, name: &str, lang: Lang) -> Answer {
    let (_, b) = load(e, before, name, lang)?;
    let (_, a) = load(e, after, name, lang)?;
    let (b, a) = (evaluate(&e.set, &b), evaluate(&e.set, &a));
    Ok(json!({
        "changes": chuan::eval::changes(&b, &a),
        "before": b.summary,
        "after": a.summary,
    }))
}

fn compare(e: &Engine, files: &[FileArg], lang: Lang, level: Level, all: bool) -> Answer {
    if files.is_empty() {
        return Err(Failure::Diagnostics(
            vec![Diagnostic::file(
                "",
                Msg::NoSchools {
                    path: String::new(),
                },
            )],
            lang,
            None,
        ));
    }
    let mut rows = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    for f in files {
        let bytes = decode_base64(&f.base64).map_err(Failure::Other)?;
        match School::from_bytes(&f.name, bytes, &e.set) {
            Ok(school) => rows.push(chuan::board::row(&evaluate(&e.set, &school), level)),
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Diagnostics(problems, lang, None));
    }
    let board = chuan::board::board_of(&e.set, rows, level, all);
    let html = chuan::render::compare(&board, &e.set, &e.templates, "compare.html.j2", lang, false)
        .map_err(Failure::Other)?;
    let compare_json = chuan::board::CompareOutput { board: &board }.to_json();
    let words = e.templates.strings(lang).map_err(Failure::Other)?;
    let csv = chuan::board::csv(&board, &chuan::board::Words::new(&words));
    Ok(json!({ "html": html, "compare_json": compare_json, "csv": csv }))
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (what the browser's `atob` reads).
pub fn encode_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                BASE64[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// Standard base64 (what the browser's `btoa` writes); padding optional.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut table = [255u8; 256];
    for (i, c) in BASE64.iter().enumerate() {
        table[*c as usize] = i as u8;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text.trim_end_matches('=').as_bytes() {
        let v = table[c as usize];
        if v == 255 {
            return Err(format!("not base64: {:?}", c as char));
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
