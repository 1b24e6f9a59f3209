//! The criteria set: regulation metadata, groups, facts vocabulary, enums and indicators,
//! loaded from a folder of TOML (`set.toml`, `facts.toml`, `indicators/*.toml`) and validated
//! into typed form. Nothing about a particular regulation is written in this file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::decimal::Dec;
use crate::diag::{Diagnostic, Source, Span, suggest};
use crate::model::{
    CmpOp, Constraint, Cost, EnumDef, EnumValue, Expr, FactDef, FactType, PathOption, PerLevel,
    Provenance, Roadmap, Scope,
};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::TEMPLATES as EMBEDDED_TEMPLATES;

/// The files of the embedded set: relative path and text.
pub fn embedded_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    embedded::CRITERIA_QD11.iter().copied()
}

/// The id of the set compiled into the binary.
pub const DEFAULT_SET: &str = "qd11-2021";

// ---------------------------------------------------------------------------------------------
// Typed model

#[derive(Clone, Debug, Serialize)]
pub struct SetMeta {
    pub id: String,
    pub regulation: String,
    pub title_vi: String,
    pub title_en: String,
    pub issuer_vi: String,
    pub issuer_en: String,
    pub issued: Date,
    pub version: String,
    pub status: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceededRule {
    AboveL1,
    AtOrAboveL2,
}

#[derive(Clone, Debug, Serialize)]
pub struct Named {
    pub id: u32,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// `numerator / denominator × 100 ≥ threshold %`.
    Ratio {
        numerator: Expr,
        denominator: Expr,
        threshold: PerLevel<Dec>,
    },
    /// `fact ≥ threshold`.
    Count {
        fact: String,
        threshold: PerLevel<Dec>,
    },
    /// `fact ≤ threshold`.
    MaxCount {
        fact: String,
        threshold: PerLevel<Dec>,
    },
    /// `fact ≥ threshold`, a quantity with a unit (m², seats, beds, VND).
    Quantity {
        fact: String,
        threshold: PerLevel<Dec>,
    },
    /// Every listed boolean fact is true.
    Boolean { facts: PerLevel<Vec<String>> },
    /// The per-year condition holds in each window year.
    EveryYear(YearRule),
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum YearRule {
    Ratio {
        numerator: String,
        denominator: String,
        threshold: PerLevel<Dec>,
    },
    Number {
        series: String,
        threshold: PerLevel<Dec>,
    },
    Boolean {
        series: String,
    },
    /// Threshold is a rank in the enum (0 = best); a year passes when its rank ≤ the threshold's.
    Rating {
        series: String,
        enum_id: String,
        threshold: PerLevel<String>,
    },
}

impl Rule {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Rule::Ratio { .. } => "ratio",
            Rule::Count { .. } => "count",
            Rule::MaxCount { .. } => "max_count",
            Rule::Quantity { .. } => "quantity",
            Rule::Boolean { .. } => "boolean",
            Rule::EveryYear(_) => "every_year",
        }
    }

    /// Every fact the rule reads.
    pub fn facts(&self) -> Vec<&str> {
        let out: Vec<&str> = match self {
            Rule::Ratio {
                numerator,
                denominator,
                ..
            } => numerator.facts().chain(denominator.facts()).collect(),
            Rule::Count { fact, .. }
            | Rule::MaxCount { fact, .. }
            | Rule::Quantity { fact, .. } => vec![fact],
            Rule::Boolean { facts } => facts[1]
                .iter()
                .chain(facts[0].iter())
                .map(String::as_str)
                .collect(),
            Rule::EveryYear(YearRule::Ratio {
                numerator,
                denominator,
                ..
            }) => vec![numerator, denominator],
            Rule::EveryYear(
                YearRule::Number { series, .. }
                | YearRule::Boolean { series }
                | YearRule::Rating { series, .. },
            ) => vec![series],
        };
        let mut unique: Vec<&str> = Vec::with_capacity(out.len());
        for f in out {
            if !unique.contains(&f) {
                unique.push(f);
            }
        }
        unique
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Indicator {
    pub id: String,
    pub group: u32,
    pub title_vi: String,
    pub title_en: String,
    pub provenance: Provenance,
    pub provenance_l2: Provenance,
    pub basis: String,
    pub sources: Vec<String>,
    pub evidence_vi: String,
    pub evidence_en: String,
    pub not_applicable_allowed: bool,
    pub rule: Rule,
    pub roadmap: Roadmap,
    /// A ratio whose numerator is declared part of its denominator (`numerator <= denominator`
    /// in facts.toml): its gap has a second path, adding members who count in both.
    pub part_of_whole: bool,
    /// Every fact the rule reads (computed once at load).
    #[serde(skip)]
    pub reads: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CriteriaSet {
    pub meta: SetMeta,
    pub window_years: u32,
    pub exceeded_rule: ExceededRule,
    pub levels: Vec<Named>,
    pub groups: Vec<Named>,
    pub enums: Vec<EnumDef>,
    pub facts: Vec<FactDef>,
    pub indicators: Vec<Indicator>,
    #[serde(skip)]
    fact_index: HashMap<String, usize>,
}

impl CriteriaSet {
    pub fn fact(&self, name: &str) -> Option<&FactDef> {
        self.fact_index.get(name).map(|&i| &self.facts[i])
    }

    pub fn enum_def(&self, id: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|e| e.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn group(&self, id: u32) -> Option<&Named> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// `id@version`, the label a school file or a report uses for this set.
    pub fn label(&self) -> String {
        format!("{}@{}", self.meta.id, self.meta.version)
    }

    /// The set compiled into the binary (Quy định 11-QĐ/TW).
    pub fn embedded() -> CriteriaSet {
        let files: Vec<Source> = embedded::CRITERIA_QD11
            .iter()
            .map(|(path, text)| {
                Source::new(format!("<embedded>/criteria/{DEFAULT_SET}/{path}"), *text)
            })
            .collect();
        match CriteriaSet::from_sources(&files) {
            Ok(set) => set,
            Err(diags) => panic!("the embedded criteria set is invalid: {diags:?}"),
        }
    }

    /// Loads a set from a folder: `set.toml`, `facts.toml` and every `indicators/*.toml`.
    pub fn load_dir(dir: &Path) -> Result<CriteriaSet, Vec<Diagnostic>> {
        let mut files = Vec::new();
        let mut diags = Vec::new();
        let mut read = |path: &Path| match std::fs::read_to_string(path) {
            Ok(text) => files.push(Source::new(path.display().to_string(), unicode_nfc(&text))),
            Err(e) => diags.push(Diagnostic::file(
                &path.display().to_string(),
                format!("cannot read the file: {e}"),
            )),
        };
        read(&dir.join("set.toml"));
        read(&dir.join("facts.toml"));
        let ind_dir = dir.join("indicators");
        match files_in(&ind_dir, is_toml) {
            Ok(paths) => paths.iter().for_each(|p| read(p)),
            Err(e) => diags.push(Diagnostic::file(
                &ind_dir.display().to_string(),
                format!("cannot read the folder: {e}"),
            )),
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        CriteriaSet::from_sources(&files)
    }

    /// Builds a set from its files; the first two must be `set.toml` and `facts.toml` (in any
    /// order), the rest are indicator files.
    pub fn from_sources(files: &[Source]) -> Result<CriteriaSet, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let is = |path: &str, name: &str| {
            path == name
                || path.ends_with(&format!("/{name}"))
                || path.ends_with(&format!("\\{name}"))
        };
        let find = |name: &str| files.iter().find(|s| is(&s.path, name));
        let set_src = find("set.toml");
        let facts_src = find("facts.toml");
        let (Some(set_src), Some(facts_src)) = (set_src, facts_src) else {
            return Err(vec![Diagnostic::file(
                "criteria",
                "a criteria set needs set.toml and facts.toml".into(),
            )]);
        };
        let set_file: Option<RawSetFile> = parse_toml(set_src, &mut diags);
        let facts_file: Option<RawFactsFile> = parse_toml(facts_src, &mut diags);
        let mut indicator_files = Vec::new();
        for src in files
            .iter()
            .filter(|s| s.path.contains("indicators/") || s.path.contains("indicators\\"))
        {
            if let Some(f) = parse_toml::<RawIndicatorsFile>(src, &mut diags) {
                indicator_files.push((src, f));
            }
        }
        let (Some(set_file), Some(facts_file)) = (set_file, facts_file) else {
            return Err(diags);
        };
        let set = Builder { diags: &mut diags }.build(
            set_src,
            set_file,
            facts_src,
            facts_file,
            indicator_files,
        );
        if diags.is_empty() {
            Ok(set.expect("a set is built when no error was found"))
        } else {
            Err(diags)
        }
    }
}

/// NFC form of a text read from a file; the quick check skips the work for text already in
/// NFC (almost every file), which is a quarter of the load time otherwise.
/// The files directly in `dir` that `keep` accepts, sorted by path (so runs are reproducible).
pub fn files_in(
    dir: &Path,
    keep: impl Fn(&Path) -> bool,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && keep(p))
        .collect();
    paths.sort();
    Ok(paths)
}

/// True for a `.toml` file.
pub fn is_toml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

pub fn unicode_nfc(text: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

fn parse_toml<T: for<'de> Deserialize<'de>>(
    src: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str::<T>(&src.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            diags.push(Diagnostic::at(
                src,
                Span::new(span.start, span.end),
                None,
                e.message().trim().trim_end_matches('.').to_string(),
            ));
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw files, as written

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSetFile {
    set: RawSetMeta,
    window: RawWindow,
    exceeded: RawExceeded,
    level: Vec<RawNamed>,
    group: Vec<RawNamed>,
    #[serde(default, rename = "enum")]
    enums: Vec<RawEnum>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSetMeta {
    id: String,
    regulation: String,
    title_vi: String,
    title_en: String,
    issuer_vi: String,
    issuer_en: String,
    issued: toml::value::Datetime,
    version: String,
    status: String,
    indicator_count: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    years: u32,
    series: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExceeded {
    rule: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNamed {
    id: u32,
    name_vi: String,
    name_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnum {
    id: String,
    name_vi: String,
    name_en: String,
    values: Vec<RawEnumValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnumValue {
    code: String,
    label_vi: String,
    label_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFactsFile {
    fact: Vec<Spanned<RawFact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    scope: String,
    #[serde(rename = "enum")]
    enum_id: Option<String>,
    #[serde(default)]
    unit_vi: String,
    #[serde(default)]
    unit_en: String,
    label_vi: String,
    label_en: String,
    #[serde(default)]
    noun_vi: String,
    #[serde(default)]
    noun_en: String,
    min: Option<toml::Value>,
    max: Option<toml::Value>,
    min_exclusive: Option<toml::Value>,
    plausible: Option<[toml::Value; 2]>,
    #[serde(default)]
    constraints: Vec<String>,
    tracks: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicatorsFile {
    indicator: Vec<Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: String,
    group: u32,
    title_vi: String,
    title_en: String,
    provenance: String,
    provenance_l2: Option<String>,
    basis: String,
    #[serde(default)]
    sources: Vec<String>,
    evidence_vi: String,
    evidence_en: String,
    #[serde(default)]
    not_applicable_allowed: bool,
    rule: RawRule,
    roadmap: RawRoadmap,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    kind: String,
    form: Option<String>,
    numerator: Option<String>,
    denominator: Option<String>,
    fact: Option<String>,
    series: Option<String>,
    l1: Option<toml::Value>,
    l2: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoadmap {
    action_vi: String,
    action_en: String,
    lead_time_months: u32,
    cost: String,
    #[serde(default)]
    depends_on: Vec<String>,
    convert: Option<RawPathOption>,
    add: Option<RawPathOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPathOption {
    action_vi: String,
    action_en: String,
    gap_vi: Option<String>,
    gap_en: Option<String>,
    via: Option<String>,
    lead_time_months: u32,
    cost: String,
}

// ---------------------------------------------------------------------------------------------
// Validation: raw → typed, collecting every problem

struct Builder<'a> {
    diags: &'a mut Vec<Diagnostic>,
}

fn value_dec(v: &toml::Value) -> Option<Dec> {
    match v {
        toml::Value::Integer(i) => Some(Dec::from_int(*i)),
        toml::Value::Float(f) => Dec::from_f64(*f),
        _ => None,
    }
}

impl Builder<'_> {
    fn err(&mut self, src: &Source, span: std::ops::Range<usize>, key: &str, msg: String) {
        self.diags.push(Diagnostic::at(
            src,
            Span::new(span.start, span.end),
            Some(key),
            msg,
        ));
    }

    fn build(
        &mut self,
        set_src: &Source,
        raw: RawSetFile,
        facts_src: &Source,
        raw_facts: RawFactsFile,
        indicator_files: Vec<(&Source, RawIndicatorsFile)>,
    ) -> Option<CriteriaSet> {
        let issued = raw
            .set
            .issued
            .date
            .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok());
        if issued.is_none() {
            self.diags.push(Diagnostic::file(
                &set_src.path,
                "`set.issued` must be a date (YYYY-MM-DD)".into(),
            ));
        }
        if raw.window.series != "previous_calendar_years" {
            self.diags.push(Diagnostic::file(
                &set_src.path,
                format!(
                    "`window.series` = `{}` is not supported (use `previous_calendar_years`)",
                    raw.window.series
                ),
            ));
        }
        if raw.window.years == 0 || raw.window.years > 20 {
            self.diags.push(Diagnostic::file(
                &set_src.path,
                "`window.years` must be between 1 and 20".into(),
            ));
        }
        let exceeded_rule = match raw.exceeded.rule.get_ref().as_str() {
            "above_l1" => ExceededRule::AboveL1,
            "at_or_above_l2" => ExceededRule::AtOrAboveL2,
            other => {
                self.err(
                    set_src,
                    raw.exceeded.rule.span(),
                    "exceeded.rule",
                    format!("unknown exceeded rule `{other}` (use `above_l1` or `at_or_above_l2`)"),
                );
                ExceededRule::AboveL1
            }
        };
        let level_ids: Vec<u32> = raw.level.iter().map(|l| l.id).collect();
        if level_ids != [1, 2] {
            self.diags.push(Diagnostic::file(
                &set_src.path,
                "a set declares exactly the levels 1 and 2".into(),
            ));
        }
        let named = |v: Vec<RawNamed>| -> Vec<Named> {
            v.into_iter()
                .map(|r| Named {
                    id: r.id,
                    name_vi: r.name_vi,
                    name_en: r.name_en,
                })
                .collect()
        };
        let groups = named(raw.group);
        let mut seen_groups = HashSet::new();
        for g in &groups {
            if !seen_groups.insert(g.id) {
                self.diags.push(Diagnostic::file(
                    &set_src.path,
                    format!("group {} is declared twice", g.id),
                ));
            }
        }
        let mut enums = Vec::new();
        for e in raw.enums {
            let mut codes = HashSet::new();
            for v in &e.values {
                if !codes.insert(v.code.clone()) {
                    self.diags.push(Diagnostic::file(
                        &set_src.path,
                        format!("enum `{}` lists `{}` twice", e.id, v.code),
                    ));
                }
            }
            if e.values.len() < 2 {
                self.diags.push(Diagnostic::file(
                    &set_src.path,
                    format!("enum `{}` needs at least two values", e.id),
                ));
            }
            enums.push(EnumDef {
                id: e.id,
                name_vi: e.name_vi,
                name_en: e.name_en,
                values: e
                    .values
                    .into_iter()
                    .map(|v| EnumValue {
                        code: v.code,
                        label_vi: v.label_vi,
                        label_en: v.label_en,
                    })
                    .collect(),
            });
        }

        // facts
        let mut facts = Vec::new();
        let mut fact_index = HashMap::new();
        let mut pending_constraints = Vec::new();
        for spanned in raw_facts.fact {
            let span = spanned.span();
            let f = spanned.into_inner();
            let key = format!("fact.{}", f.name);
            if fact_index.contains_key(&f.name) {
                self.err(
                    facts_src,
                    span.clone(),
                    &key,
                    format!("fact `{}` is declared twice", f.name),
                );
                continue;
            }
            let ty = match (f.ty.as_str(), &f.enum_id) {
                ("bool", None) => FactType::Bool,
                ("integer", None) => FactType::Integer,
                ("decimal", None) => FactType::Decimal,
                ("enum", Some(id)) => {
                    if !enums.iter().any(|e| &e.id == id) {
                        self.err(
                            facts_src,
                            span.clone(),
                            &key,
                            format!("fact `{}` uses the undeclared enum `{id}`", f.name),
                        );
                    }
                    FactType::Enum(id.clone())
                }
                ("enum", None) => {
                    self.err(
                        facts_src,
                        span.clone(),
                        &key,
                        format!("fact `{}` has type enum but no `enum`", f.name),
                    );
                    continue;
                }
                (other, _) => {
                    self.err(
                        facts_src,
                        span.clone(),
                        &key,
                        format!("fact `{}` has the unknown type `{other}` (bool, integer, decimal or enum)", f.name),
                    );
                    continue;
                }
            };
            let scope = match f.scope.as_str() {
                "snapshot" => Scope::Snapshot,
                "window" => Scope::Window,
                "series" => Scope::Series,
                other => {
                    self.err(
                        facts_src,
                        span.clone(),
                        &key,
                        format!("unknown scope `{other}` (snapshot, window or series)"),
                    );
                    continue;
                }
            };
            let mut bound = |v: &Option<toml::Value>, what: &str| -> Option<Dec> {
                let v = v.as_ref()?;
                let d = value_dec(v);
                if d.is_none() {
                    self.err(
                        facts_src,
                        span.clone(),
                        &key,
                        format!("`{what}` of fact `{}` must be a number", f.name),
                    );
                }
                d
            };
            let min = bound(&f.min, "min");
            let max = bound(&f.max, "max");
            let min_exclusive = bound(&f.min_exclusive, "min_exclusive");
            let plausible = match &f.plausible {
                Some([lo, hi]) => match (value_dec(lo), value_dec(hi)) {
                    (Some(lo), Some(hi)) if lo <= hi => Some((lo, hi)),
                    _ => {
                        self.err(
                            facts_src,
                            span.clone(),
                            &key,
                            format!(
                                "`plausible` of fact `{}` must be two numbers, the lower first",
                                f.name
                            ),
                        );
                        None
                    }
                },
                None => None,
            };
            if f.tracks.is_some() && scope != Scope::Series {
                self.err(
                    facts_src,
                    span.clone(),
                    &key,
                    format!("only a series can track a snapshot fact (`{}`)", f.name),
                );
            }
            pending_constraints.push((
                facts.len(),
                span.clone(),
                f.constraints.clone(),
                f.tracks.clone(),
            ));
            fact_index.insert(f.name.clone(), facts.len());
            facts.push(FactDef {
                name: f.name,
                ty,
                scope,
                unit_vi: f.unit_vi,
                unit_en: f.unit_en,
                label_vi: f.label_vi,
                label_en: f.label_en,
                noun_vi: f.noun_vi,
                noun_en: f.noun_en,
                min,
                max,
                min_exclusive,
                plausible,
                constraints: Vec::new(),
                tracks: None,
            });
        }
        for (i, span, texts, tracks) in pending_constraints {
            let name = facts[i].name.clone();
            if let Some(t) = tracks {
                match fact_index.get(&t) {
                    Some(&j) if facts[j].scope != Scope::Series => facts[i].tracks = Some(t),
                    _ => self.err(
                        facts_src,
                        span.clone(),
                        &format!("fact.{name}.tracks"),
                        format!("`tracks` names `{t}`, which is not a declared snapshot fact"),
                    ),
                }
            }
            let key = format!("fact.{name}.constraints");
            for text in texts {
                let parsed = parse_constraint(&text);
                let Some(c) = parsed else {
                    self.err(facts_src, span.clone(), &key, format!("cannot read the constraint `{text}` (use `<= EXPR`, `>= EXPR`, `== EXPR` or `implies FACT`)"));
                    continue;
                };
                let refs: Vec<String> = match &c {
                    Constraint::Compare { expr, .. } => expr.facts().map(str::to_string).collect(),
                    Constraint::Implies(f) => vec![f.clone()],
                };
                for r in refs {
                    match fact_index.get(&r) {
                        None => self.err(facts_src, span.clone(), &key, format!("constraint `{text}` names the undeclared fact `{r}`")),
                        Some(&j) if facts[j].scope == Scope::Series && facts[i].scope != Scope::Series => self.err(
                            facts_src,
                            span.clone(),
                            &key,
                            format!("constraint `{text}` compares a single value with the series `{r}`"),
                        ),
                        _ => {}
                    }
                }
                facts[i].constraints.push(c);
            }
        }

        // indicators
        let mut indicators: Vec<Indicator> = Vec::new();
        let mut spans: HashMap<String, (&Source, std::ops::Range<usize>)> = HashMap::new();
        let lookup = |name: &str| fact_index.get(name).map(|&i| &facts[i]);
        for (src, file) in indicator_files {
            for spanned in file.indicator {
                let span = spanned.span();
                let raw = spanned.into_inner();
                let key = format!("indicator.{}", raw.id);
                if spans.contains_key(&raw.id) {
                    self.err(
                        src,
                        span.clone(),
                        &key,
                        format!("indicator `{}` is declared twice", raw.id),
                    );
                    continue;
                }
                if !groups.iter().any(|g| g.id == raw.group) {
                    self.err(
                        src,
                        span.clone(),
                        &key,
                        format!(
                            "indicator `{}` names the undeclared group {}",
                            raw.id, raw.group
                        ),
                    );
                }
                let prov = |p: &str| match p {
                    "confirmed" => Some(Provenance::Confirmed),
                    "reconstructed" => Some(Provenance::Reconstructed),
                    _ => None,
                };
                let provenance = prov(&raw.provenance).unwrap_or_else(|| {
                    self.err(
                        src,
                        span.clone(),
                        &key,
                        format!(
                            "provenance `{}` must be `confirmed` or `reconstructed`",
                            raw.provenance
                        ),
                    );
                    Provenance::Reconstructed
                });
                let provenance_l2 = match &raw.provenance_l2 {
                    None => provenance,
                    Some(p) => prov(p).unwrap_or_else(|| {
                        self.err(
                            src,
                            span.clone(),
                            &key,
                            format!("provenance_l2 `{p}` must be `confirmed` or `reconstructed`"),
                        );
                        Provenance::Reconstructed
                    }),
                };
                if provenance == Provenance::Confirmed && raw.sources.is_empty() {
                    self.err(
                        src,
                        span.clone(),
                        &key,
                        format!("indicator `{}` is confirmed but cites no source", raw.id),
                    );
                }
                let mut cost_of = |text: &str| match text {
                    "low" => Cost::Low,
                    "medium" => Cost::Medium,
                    "high" => Cost::High,
                    other => {
                        self.err(
                            src,
                            span.clone(),
                            &key,
                            format!("cost `{other}` must be low, medium or high"),
                        );
                        Cost::Medium
                    }
                };
                let cost = cost_of(&raw.roadmap.cost);
                let mut path_option = |o: Option<RawPathOption>| {
                    o.map(|o| PathOption {
                        cost: cost_of(&o.cost),
                        action_vi: o.action_vi,
                        action_en: o.action_en,
                        gap_vi: o.gap_vi,
                        gap_en: o.gap_en,
                        via: o.via,
                        lead_time_months: o.lead_time_months,
                    })
                };
                let convert = path_option(raw.roadmap.convert);
                let add = path_option(raw.roadmap.add);
                for via in [&convert, &add]
                    .into_iter()
                    .flatten()
                    .filter_map(|o| o.via.as_ref())
                {
                    if lookup(via).is_none() {
                        self.err(
                            src,
                            span.clone(),
                            &format!("{key}.roadmap"),
                            format!("`via = \"{via}\"` names no fact declared in facts.toml"),
                        );
                    }
                }
                let Some(rule) = self.rule(src, &span, &raw.id, raw.rule, &lookup, &enums) else {
                    continue;
                };
                let part_of_whole = match &rule {
                    Rule::Ratio {
                        numerator,
                        denominator,
                        ..
                    } => numerator
                        .single()
                        .and_then(&lookup)
                        .is_some_and(|def| {
                            def.constraints.iter().any(|c| {
                                matches!(c, Constraint::Compare { op: CmpOp::Le, expr } if expr == denominator)
                            })
                        }),
                    _ => false,
                };
                if (convert.is_some() || add.is_some()) && !part_of_whole {
                    self.err(
                        src,
                        span.clone(),
                        &format!("{key}.roadmap"),
                        format!(
                            "indicator `{}` gives `convert`/`add` paths, but its rule is not a ratio whose numerator is declared `<=` its denominator in facts.toml",
                            raw.id
                        ),
                    );
                }
                spans.insert(raw.id.clone(), (src, span));
                let reads = rule.facts().into_iter().map(str::to_string).collect();
                indicators.push(Indicator {
                    reads,
                    id: raw.id,
                    group: raw.group,
                    title_vi: raw.title_vi,
                    title_en: raw.title_en,
                    provenance,
                    provenance_l2,
                    basis: raw.basis,
                    sources: raw.sources,
                    evidence_vi: raw.evidence_vi,
                    evidence_en: raw.evidence_en,
                    not_applicable_allowed: raw.not_applicable_allowed,
                    rule,
                    part_of_whole,
                    roadmap: Roadmap {
                        action_vi: raw.roadmap.action_vi,
                        action_en: raw.roadmap.action_en,
                        lead_time_months: raw.roadmap.lead_time_months,
                        cost,
                        depends_on: raw.roadmap.depends_on,
                        convert,
                        add,
                    },
                });
            }
        }
        if indicators.len() != raw.set.indicator_count && self.diags.is_empty() {
            self.diags.push(Diagnostic::file(
                &set_src.path,
                format!(
                    "`set.indicator_count` is {} but the set defines {} indicators",
                    raw.set.indicator_count,
                    indicators.len()
                ),
            ));
        }
        // dependencies exist and form no cycle
        let ids: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
        for ind in &indicators {
            for dep in &ind.roadmap.depends_on {
                if !ids.contains(&dep.as_str()) {
                    let (src, span) = &spans[&ind.id];
                    let help = suggest(dep, ids.iter().copied())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    self.err(
                        src,
                        span.clone(),
                        &format!("indicator.{}.roadmap.depends_on", ind.id),
                        format!(
                            "indicator `{}` depends on the unknown indicator `{dep}`{help}",
                            ind.id
                        ),
                    );
                }
            }
        }
        if let Some(cycle) = find_cycle(&indicators) {
            let (src, span) = &spans[&cycle[0]];
            self.err(
                src,
                span.clone(),
                "roadmap.depends_on",
                format!("the dependencies form a cycle: {}", cycle.join(" → ")),
            );
        }
        indicators.sort_by_key(|i| id_key(&i.id));
        Some(CriteriaSet {
            meta: SetMeta {
                id: raw.set.id,
                regulation: raw.set.regulation,
                title_vi: raw.set.title_vi,
                title_en: raw.set.title_en,
                issuer_vi: raw.set.issuer_vi,
                issuer_en: raw.set.issuer_en,
                issued: issued.unwrap_or_default(),
                version: raw.set.version,
                status: raw.set.status,
            },
            window_years: raw.window.years,
            exceeded_rule,
            levels: named(raw.level),
            groups,
            enums,
            facts,
            indicators,
            fact_index,
        })
    }

    fn rule<'f>(
        &mut self,
        src: &Source,
        span: &std::ops::Range<usize>,
        id: &str,
        raw: RawRule,
        lookup: &dyn Fn(&str) -> Option<&'f FactDef>,
        enums: &[EnumDef],
    ) -> Option<Rule> {
        let key = format!("indicator.{id}.rule");
        let mut errors = Vec::new();
        let need = |v: &Option<String>, what: &str, errors: &mut Vec<String>| -> String {
            v.clone().unwrap_or_else(|| {
                errors.push(format!("rule kind `{}` needs `{what}`", raw.kind));
                String::new()
            })
        };
        // a fact referenced by a rule must be declared, of a usable type and scope
        let check_fact = |name: &str, numeric: bool, series: bool, errors: &mut Vec<String>| {
            if name.is_empty() {
                return;
            }
            match lookup(name) {
                None => errors.push(format!("the rule names the undeclared fact `{name}`")),
                Some(f) => {
                    if (f.scope == Scope::Series) != series {
                        errors.push(if series {
                            format!("`{name}` must be a per-year series for this rule")
                        } else {
                            format!("`{name}` is a per-year series; this rule needs a single value")
                        });
                    }
                    let is_num = matches!(f.ty, FactType::Integer | FactType::Decimal);
                    if numeric && !is_num {
                        errors.push(format!("`{name}` must be a number for this rule"));
                    }
                }
            }
        };
        let thresholds =
            |errors: &mut Vec<String>, min: Option<Dec>, max: Option<Dec>| -> PerLevel<Dec> {
                let mut get = |v: &Option<toml::Value>, lvl: &str| -> Dec {
                    match v.as_ref().and_then(value_dec) {
                        Some(d) => {
                            if min.is_some_and(|m| d < m) || max.is_some_and(|m| d > m) {
                                errors.push(format!(
                                    "threshold `{lvl}` = {d} lies outside {}–{}",
                                    min.unwrap_or(Dec::ZERO),
                                    max.map(|m| m.to_string()).unwrap_or("∞".into())
                                ));
                            }
                            d
                        }
                        None => {
                            errors
                                .push(format!("rule kind `{}` needs a numeric `{lvl}`", raw.kind));
                            Dec::ZERO
                        }
                    }
                };
                [get(&raw.l1, "l1"), get(&raw.l2, "l2")]
            };
        let strict_ge = |t: &PerLevel<Dec>, errors: &mut Vec<String>| {
            if t[1] < t[0] {
                errors.push(format!(
                    "level 2 ({}) must be at least as strict as level 1 ({})",
                    t[1], t[0]
                ));
            }
        };
        let rule = match (raw.kind.as_str(), raw.form.as_deref()) {
            ("ratio", None) => {
                let n = need(&raw.numerator, "numerator", &mut errors);
                let d = need(&raw.denominator, "denominator", &mut errors);
                let (ne, de) = (Expr::parse(&n), Expr::parse(&d));
                if ne.is_none() && !n.is_empty() {
                    errors.push(format!("cannot read the numerator `{n}`"));
                }
                if de.is_none() && !d.is_empty() {
                    errors.push(format!("cannot read the denominator `{d}`"));
                }
                for f in ne.iter().chain(de.iter()).flat_map(|e| e.facts()) {
                    check_fact(f, true, false, &mut errors);
                }
                let t = thresholds(&mut errors, Some(Dec::ZERO), Some(Dec::HUNDRED));
                strict_ge(&t, &mut errors);
                Rule::Ratio {
                    numerator: ne.unwrap_or(Expr { terms: vec![] }),
                    denominator: de.unwrap_or(Expr { terms: vec![] }),
                    threshold: t,
                }
            }
            (k @ ("count" | "max_count" | "quantity"), None) => {
                let f = need(&raw.fact, "fact", &mut errors);
                check_fact(&f, true, false, &mut errors);
                let t = thresholds(&mut errors, Some(Dec::ZERO), None);
                match k {
                    "max_count" => {
                        if t[1] > t[0] {
                            errors.push(format!(
                                "level 2 ({}) must be at least as strict (≤) as level 1 ({})",
                                t[1], t[0]
                            ));
                        }
                        Rule::MaxCount {
                            fact: f,
                            threshold: t,
                        }
                    }
                    "count" => {
                        strict_ge(&t, &mut errors);
                        Rule::Count {
                            fact: f,
                            threshold: t,
                        }
                    }
                    _ => {
                        strict_ge(&t, &mut errors);
                        Rule::Quantity {
                            fact: f,
                            threshold: t,
                        }
                    }
                }
            }
            ("boolean", None) => {
                let list = |v: &Option<toml::Value>,
                            lvl: &str,
                            errors: &mut Vec<String>|
                 -> Vec<String> {
                    match v {
                        Some(toml::Value::Array(a)) if !a.is_empty() => a
                            .iter()
                            .filter_map(|x| {
                                let s = x.as_str().map(str::to_string);
                                if s.is_none() {
                                    errors.push(format!("`{lvl}` must list fact names"));
                                }
                                s
                            })
                            .collect(),
                        _ => {
                            errors.push(format!("rule kind `boolean` needs `{lvl}`, a non-empty list of boolean facts"));
                            Vec::new()
                        }
                    }
                };
                let l1 = list(&raw.l1, "l1", &mut errors);
                let l2 = list(&raw.l2, "l2", &mut errors);
                for f in l1.iter().chain(l2.iter()) {
                    match lookup(f) {
                        Some(fd) if fd.ty == FactType::Bool && fd.scope != Scope::Series => {}
                        Some(_) => errors.push(format!("`{f}` must be a single boolean fact")),
                        None => errors.push(format!("the rule names the undeclared fact `{f}`")),
                    }
                }
                for f in &l1 {
                    if !l2.contains(f) {
                        errors.push(format!(
                            "the level-2 list must include every level-1 fact; `{f}` is missing"
                        ));
                    }
                }
                Rule::Boolean { facts: [l1, l2] }
            }
            ("every_year", Some(form)) => match form {
                "ratio" => {
                    let n = need(&raw.numerator, "numerator", &mut errors);
                    let d = need(&raw.denominator, "denominator", &mut errors);
                    check_fact(&n, true, true, &mut errors);
                    check_fact(&d, true, true, &mut errors);
                    let t = thresholds(&mut errors, Some(Dec::ZERO), Some(Dec::HUNDRED));
                    strict_ge(&t, &mut errors);
                    Rule::EveryYear(YearRule::Ratio {
                        numerator: n,
                        denominator: d,
                        threshold: t,
                    })
                }
                "number" => {
                    let s = need(&raw.series, "series", &mut errors);
                    check_fact(&s, true, true, &mut errors);
                    let t = thresholds(&mut errors, Some(Dec::ZERO), None);
                    strict_ge(&t, &mut errors);
                    Rule::EveryYear(YearRule::Number {
                        series: s,
                        threshold: t,
                    })
                }
                "boolean" => {
                    let s = need(&raw.series, "series", &mut errors);
                    check_fact(&s, false, true, &mut errors);
                    if lookup(&s).is_some_and(|f| f.ty != FactType::Bool) {
                        errors.push(format!("`{s}` must be a boolean series"));
                    }
                    if raw.l1.is_some() || raw.l2.is_some() {
                        errors.push("a per-year boolean rule takes no thresholds".into());
                    }
                    Rule::EveryYear(YearRule::Boolean { series: s })
                }
                "rating" => {
                    let s = need(&raw.series, "series", &mut errors);
                    check_fact(&s, false, true, &mut errors);
                    let enum_id = match lookup(&s).map(|f| &f.ty) {
                        Some(FactType::Enum(e)) => e.clone(),
                        Some(_) => {
                            errors.push(format!("`{s}` must be an enum series"));
                            String::new()
                        }
                        None => String::new(),
                    };
                    let def = enums.iter().find(|e| e.id == enum_id);
                    let mut grade = |v: &Option<toml::Value>, lvl: &str| -> String {
                        let code = v
                            .as_ref()
                            .and_then(|x| x.as_str())
                            .unwrap_or_default()
                            .to_string();
                        if let Some(def) = def
                            && def.rank(&code).is_none()
                        {
                            errors.push(format!(
                                "`{lvl}` = `{code}` is not a value of the enum `{}`",
                                def.id
                            ));
                        }
                        code
                    };
                    let t = [grade(&raw.l1, "l1"), grade(&raw.l2, "l2")];
                    if let Some(def) = def
                        && let (Some(a), Some(b)) = (def.rank(&t[0]), def.rank(&t[1]))
                        && b > a
                    {
                        errors.push(format!(
                            "the level-2 grade `{}` must be at or above the level-1 grade `{}`",
                            t[1], t[0]
                        ));
                    }
                    Rule::EveryYear(YearRule::Rating {
                        series: s,
                        enum_id,
                        threshold: t,
                    })
                }
                other => {
                    errors.push(format!(
                        "unknown every_year form `{other}` (ratio, number, boolean or rating)"
                    ));
                    return self.flush(src, span, &key, errors);
                }
            },
            ("every_year", None) => {
                errors.push(
                    "rule kind `every_year` needs a `form` (ratio, number, boolean or rating)"
                        .into(),
                );
                return self.flush(src, span, &key, errors);
            }
            (kind, Some(_)) if kind != "every_year" => {
                errors.push(format!(
                    "`form` only goes with kind `every_year`, not `{kind}`"
                ));
                return self.flush(src, span, &key, errors);
            }
            (other, _) => {
                errors.push(format!("unknown rule kind `{other}` (ratio, count, max_count, quantity, boolean or every_year)"));
                return self.flush(src, span, &key, errors);
            }
        };
        if errors.is_empty() {
            Some(rule)
        } else {
            self.flush(src, span, &key, errors)
        }
    }

    fn flush(
        &mut self,
        src: &Source,
        span: &std::ops::Range<usize>,
        key: &str,
        errors: Vec<String>,
    ) -> Option<Rule> {
        for e in errors {
            self.err(src, span.clone(), key, e);
        }
        None
    }
}

fn parse_constraint(text: &str) -> Option<Constraint> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("implies ") {
        let name = rest.trim();
        return Expr::parse(name)
            .and_then(|e| e.single().map(|s| Constraint::Implies(s.to_string())));
    }
    let (op, rest) = if let Some(r) = t.strip_prefix("<=").or_else(|| t.strip_prefix('≤')) {
        (CmpOp::Le, r)
    } else if let Some(r) = t.strip_prefix(">=").or_else(|| t.strip_prefix('≥')) {
        (CmpOp::Ge, r)
    } else if let Some(r) = t.strip_prefix("==").or_else(|| t.strip_prefix('=')) {
        (CmpOp::Eq, r)
    } else {
        return None;
    };
    Expr::parse(rest).map(|expr| Constraint::Compare { op, expr })
}

/// Sort key for ids like `2.10`: numeric parts compare as numbers.
pub fn id_key(id: &str) -> Vec<u32> {
    id.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

fn find_cycle(indicators: &[Indicator]) -> Option<Vec<String>> {
    let deps: BTreeMap<&str, Vec<&str>> = indicators
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.roadmap.depends_on.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    // 0 = unvisited, 1 = on stack, 2 = done
    let mut state: HashMap<&str, u8> = HashMap::new();
    fn visit<'a>(
        n: &'a str,
        deps: &BTreeMap<&'a str, Vec<&'a str>>,
        state: &mut HashMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(2) => return None,
            Some(1) => {
                let start = stack.iter().position(|s| *s == n).unwrap_or(0);
                let mut cycle: Vec<String> = stack[start..].iter().map(|s| s.to_string()).collect();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(n, 1);
        stack.push(n);
        for d in deps.get(n).into_iter().flatten() {
            if deps.contains_key(d)
                && let Some(c) = visit(d, deps, state, stack)
            {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(n, 2);
        None
    }
    for n in deps.keys() {
        if let Some(c) = visit(n, &deps, &mut state, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        let e = Expr::parse("staff_total - lecturers_total").unwrap();
        assert_eq!(e.to_string(), "staff_total - lecturers_total");
        assert_eq!(Expr::parse("a +"), None);
        assert_eq!(Expr::parse("A"), None);
        assert_eq!(Expr::parse("a").unwrap().single(), Some("a"));
    }

    #[test]
    fn constraints_parse() {
        assert!(matches!(
            parse_constraint("<= lecturers_total"),
            Some(Constraint::Compare { op: CmpOp::Le, .. })
        ));
        assert!(matches!(
            parse_constraint("≤ lecturers_total"),
            Some(Constraint::Compare { op: CmpOp::Le, .. })
        ));
        assert!(matches!(
            parse_constraint("implies x"),
            Some(Constraint::Implies(_))
        ));
        assert!(parse_constraint("< x").is_none());
    }

    #[test]
    fn ids_sort_numerically() {
        let mut ids = vec!["2.10", "2.9", "10.1", "2.1"];
        ids.sort_by_key(|i| id_key(i));
        assert_eq!(ids, ["2.1", "2.9", "2.10", "10.1"]);
    }
}
