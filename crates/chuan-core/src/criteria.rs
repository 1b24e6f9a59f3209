//! The criteria set: regulation metadata, groups, facts vocabulary, enums and indicators,
//! loaded from a folder of TOML (`set.toml`, `facts.toml`, `indicators/*.toml`) and validated
//! into typed form. Nothing about a particular regulation is written in this file.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::decimal::Dec;
use crate::diag::{Diagnostic, Msg, Source, Span, suggest};
use crate::model::{
    CmpOp, Constraint, Cost, EnumDef, EnumValue, Expr, FactDef, FactType, PathOption, Provenance,
    Roadmap, Scope,
};
pub use crate::rules::Rule;

/// The id of the set compiled into the binary.
pub const DEFAULT_SET: &str = "qd11-2021";

// ---------------------------------------------------------------------------------------------
// Typed model

#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExceededRule {
    AboveL1,
    AtOrAboveL2,
}

#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Named {
    pub id: u32,
    #[serde(borrow)]
    pub name_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub name_en: Cow<'static, str>,
}

/// One indicator, typed. Serialized only into the build-time snapshot (reports use views).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub group: u32,
    #[serde(borrow)]
    pub title_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub title_en: Cow<'static, str>,
    pub provenance: Provenance,
    pub provenance_l2: Provenance,
    #[serde(borrow)]
    pub basis: Cow<'static, str>,
    pub sources: Vec<String>,
    #[serde(borrow)]
    pub evidence_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub evidence_en: Cow<'static, str>,
    pub not_applicable_allowed: bool,
    pub rule: Rule,
    pub roadmap: Roadmap,
    /// Every fact the rule reads (computed once at load).
    pub reads: Vec<String>,
    /// The facts that must be given to judge it, at level 1 and at level 2, each once
    /// (computed once at load: a board asks for them 110 times a school).
    pub needs: [Vec<String>; 2],
}

/// A criteria set, typed and checked. Serialized only into the build-time snapshot.
#[derive(Clone, Debug, Serialize, Deserialize)]
// its texts (`Cow<'static, str>`: titles, labels, units, nouns, evidence, actions) borrow from
// the embedded snapshot's string table, Rust literals that live as long as the program: a run
// no longer copies each of them; a set read from a folder owns its texts
#[serde(bound(deserialize = "'de: 'static"))]
pub struct CriteriaSet {
    pub meta: SetMeta,
    pub window_years: u32,
    pub exceeded_rule: ExceededRule,
    pub levels: Vec<Named>,
    pub groups: Vec<Named>,
    pub enums: Vec<EnumDef>,
    pub facts: Vec<FactDef>,
    pub indicators: Vec<Indicator>,
    fact_index: crate::model::FastMap<String, usize>,
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

    /// How many indicators are reconstructed: (wording and level-1 threshold, level-2 threshold).
    /// Every report's caveat quotes these two numbers.
    pub fn reconstructed(&self) -> (usize, usize) {
        let count = |level2: bool| {
            self.indicators
                .iter()
                .filter(|i| {
                    let p = if level2 {
                        i.provenance_l2
                    } else {
                        i.provenance
                    };
                    p == Provenance::Reconstructed
                })
                .count()
        };
        (count(false), count(true))
    }

    /// The facts grouped as a school fills them in: each under the group of the first
    /// indicator that reads it, in the set's fact order, with the indicators that read it;
    /// the facts no indicator reads come last, under `None`.
    #[allow(clippy::type_complexity)]
    pub fn facts_by_group(&self) -> Vec<(Option<u32>, Vec<(&FactDef, Vec<&Indicator>)>)> {
        let mut users: HashMap<&str, Vec<&Indicator>> = HashMap::new();
        for ind in &self.indicators {
            for f in ind.rule.facts() {
                users.entry(f).or_default().push(ind);
            }
        }
        let mut out: Vec<(Option<u32>, Vec<(&FactDef, Vec<&Indicator>)>)> = self
            .groups
            .iter()
            .map(|g| (Some(g.id), Vec::new()))
            .collect();
        let mut unused = Vec::new();
        for f in &self.facts {
            let inds = users.remove(f.name.as_str()).unwrap_or_default();
            match inds.first().map(|i| i.group) {
                Some(g) => match out.iter_mut().find(|(id, _)| *id == Some(g)) {
                    Some((_, list)) => list.push((f, inds)),
                    None => unused.push((f, inds)),
                },
                None => unused.push((f, inds)),
            }
        }
        if !unused.is_empty() {
            out.push((None, unused));
        }
        out
    }

    /// `id@version`, the label a school file or a report uses for this set.
    pub fn label(&self) -> String {
        format!("{}@{}", self.meta.id, self.meta.version)
    }

    /// The set as a snapshot ([`crate::snapshot`]: the typed set, field after field, its
    /// strings in a table apart): what `chuan`'s build script writes for the bundled set, so the
    /// binary loads it without parsing or re-validating TOML.
    pub fn to_snapshot(&self) -> crate::snapshot::Snapshot {
        crate::snapshot::to_snapshot(self).expect("a criteria set always serializes")
    }

    /// A set from [`CriteriaSet::to_snapshot`]'s bytes and strings; only for snapshots this
    /// crate wrote (the checks were made when the snapshot's set was loaded).
    pub fn from_snapshot(
        bytes: &'static [u8],
        strings: &'static [&'static str],
    ) -> Result<CriteriaSet, String> {
        crate::snapshot::from_snapshot(bytes, strings).map_err(|e| e.to_string())
    }

    /// Loads a set from a folder: `set.toml`, `facts.toml` and every `indicators/*.toml`.
    pub fn load_dir(dir: &Path) -> Result<CriteriaSet, Vec<Diagnostic>> {
        let mut files = Vec::new();
        let mut diags = Vec::new();
        let mut read = |path: &Path| match crate::input::read_source(path) {
            Ok(source) => files.push(source),
            Err(d) => diags.push(*d),
        };
        read(&dir.join("set.toml"));
        read(&dir.join("facts.toml"));
        let ind_dir = dir.join("indicators");
        match files_in(&ind_dir, is_toml) {
            Ok(paths) => paths.iter().for_each(|p| read(p)),
            Err(e) => {
                let path = ind_dir.display().to_string();
                diags.push(Diagnostic::file(
                    &path,
                    Msg::CannotReadFolder {
                        path: path.clone(),
                        err: (&e).into(),
                    },
                ))
            }
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
            return Err(vec![Diagnostic::file("criteria", Msg::SetFilesMissing)]);
        };
        let set_file: Option<RawSetFile> = parse_toml(set_src, &mut diags);
        let facts_file: Option<RawFactsFile> = parse_toml(facts_src, &mut diags);
        let mut indicator_files = Vec::new();
        // an indicator file sits directly in a folder named `indicators` (whatever the set's
        // own folder is called, even `indicators/…`)
        let in_indicators = |path: &str| {
            Path::new(path)
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|n| n == "indicators")
        };
        for src in files.iter().filter(|s| in_indicators(&s.path)) {
            if let Some(f) = parse_toml::<RawIndicatorsFile>(src, &mut diags) {
                indicator_files.push((src, f));
            }
        }
        let (Some(set_file), Some(facts_file)) = (set_file, facts_file) else {
            return Err(diags);
        };
        let unparsed = !diags.is_empty();
        let set = Builder {
            diags: &mut diags,
            unparsed,
        }
        .build(set_src, set_file, facts_src, facts_file, indicator_files);
        if diags.is_empty() {
            Ok(set.expect("a set is built when no error was found"))
        } else {
            Err(diags)
        }
    }
}

/// The files directly in `dir` that `keep` accepts, sorted by path (so runs are reproducible).
pub fn files_in(
    dir: &Path,
    keep: impl Fn(&Path) -> bool,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    // the entry's own type (no stat on most systems); a symbolic link is followed
    let is_file = |e: &std::fs::DirEntry| match e.file_type() {
        Ok(t) if t.is_symlink() => e.path().is_file(),
        Ok(t) => t.is_file(),
        Err(_) => false,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .filter(is_file)
        .map(|e| e.path())
        .filter(|p| keep(p))
        .collect();
    // one folder's entries differ only in their names: the names' bytes order them as the
    // paths' components would
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok(paths)
}

/// True for a `.toml` file.
pub fn is_toml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

fn parse_toml<T: for<'de> Deserialize<'de>>(
    src: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str::<T>(&src.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let detail = e.message().trim().trim_end_matches('.').to_string();
            // serde's own sentences, said as codes: `unknown field `x``, `missing field `x``
            let quoted = |d: &str| d.split('`').nth(1).map(str::to_string);
            let msg = if detail.starts_with("unknown field") {
                Msg::SetUnknownField {
                    field: quoted(&detail).unwrap_or_default(),
                }
            } else if detail.starts_with("missing field") {
                Msg::SetMissingField {
                    field: quoted(&detail).unwrap_or_default(),
                }
            } else if toml::de::DeTable::parse(&src.text).is_err() {
                Msg::TomlSyntax { detail }
            } else {
                Msg::SetToml { detail }
            };
            diags.push(Diagnostic::at(
                src,
                Span::new(span.start, span.end),
                None,
                msg,
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
    /// Read by the rule kinds themselves (`rules::Rule::parse`).
    rule: toml::Value,
    roadmap: RawRoadmap,
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
    /// An indicator file failed to parse: its indicators are not counted.
    unparsed: bool,
}

fn value_dec(v: &toml::Value) -> Option<Dec> {
    match v {
        toml::Value::Integer(i) => Some(Dec::from_int(*i)),
        toml::Value::Float(f) => Dec::from_f64(*f),
        _ => None,
    }
}

impl Builder<'_> {
    /// An error about `key`, pointing at `field = …` inside `span` (a table or a file) when the
    /// field is written there, else at the table itself.
    fn err(
        &mut self,
        src: &Source,
        span: std::ops::Range<usize>,
        key: &str,
        field: &str,
        msg: Msg,
    ) {
        let at = key_span(src, &span, field);
        self.diags.push(Diagnostic::at(
            src,
            Span::new(at.start, at.end),
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
        let whole = 0..set_src.text.len();
        if issued.is_none() {
            let msg = Msg::BadDate {
                key: "set.issued".into(),
                text: raw.set.issued.to_string(),
            };
            self.err(set_src, whole.clone(), "set.issued", "issued", msg);
        }
        if raw.window.series != "previous_calendar_years" {
            let msg = Msg::WindowSeries {
                value: raw.window.series.clone(),
            };
            self.err(set_src, whole.clone(), "window.series", "series", msg);
        }
        if raw.window.years == 0 || raw.window.years > 20 {
            let msg = Msg::WindowYears {
                years: raw.window.years,
            };
            self.err(set_src, whole.clone(), "window.years", "years", msg);
        }
        let exceeded_rule = match raw.exceeded.rule.get_ref().as_str() {
            "above_l1" => ExceededRule::AboveL1,
            "at_or_above_l2" => ExceededRule::AtOrAboveL2,
            other => {
                let msg = Msg::UnknownExceededRule {
                    value: other.to_string(),
                };
                self.err(set_src, raw.exceeded.rule.span(), "exceeded.rule", "", msg);
                ExceededRule::AboveL1
            }
        };
        let level_ids: Vec<u32> = raw.level.iter().map(|l| l.id).collect();
        if level_ids != [1, 2] {
            self.err(
                set_src,
                whole.clone(),
                "level",
                "[[level]]",
                Msg::LevelsOneTwo,
            );
        }
        let named = |v: Vec<RawNamed>| -> Vec<Named> {
            v.into_iter()
                .map(|r| Named {
                    id: r.id,
                    name_vi: r.name_vi.into(),
                    name_en: r.name_en.into(),
                })
                .collect()
        };
        let groups = named(raw.group);
        let mut seen_groups = HashSet::new();
        for g in &groups {
            if !seen_groups.insert(g.id) {
                let msg = Msg::GroupTwice { id: g.id };
                self.err(set_src, whole.clone(), "group", "[[group]]", msg);
            }
        }
        let mut enums = Vec::new();
        for e in raw.enums {
            let mut codes = HashSet::new();
            for v in &e.values {
                if !codes.insert(v.code.clone()) {
                    let msg = Msg::EnumValueTwice {
                        id: e.id.clone(),
                        code: v.code.clone(),
                    };
                    let key = format!("enum.{}", e.id);
                    self.err(set_src, whole.clone(), &key, &v.code, msg);
                }
            }
            if e.values.len() < 2 {
                let msg = Msg::EnumTooFew { id: e.id.clone() };
                let key = format!("enum.{}", e.id);
                self.err(set_src, whole.clone(), &key, &e.id, msg);
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
                        label_vi: v.label_vi.into(),
                        label_en: v.label_en.into(),
                    })
                    .collect(),
            });
        }

        // facts
        let mut facts = Vec::new();
        let mut fact_index = crate::model::FastMap::default();
        let mut pending_constraints = Vec::new();
        for spanned in raw_facts.fact {
            let span = spanned.span();
            let f = spanned.into_inner();
            let key = format!("fact.{}", f.name);
            if fact_index.contains_key(&f.name) {
                let msg = Msg::FactTwice {
                    name: f.name.clone(),
                };
                self.err(facts_src, span.clone(), &key, "name", msg);
                continue;
            }
            let ty = match (f.ty.as_str(), &f.enum_id) {
                ("bool", None) => FactType::Bool,
                ("integer", None) => FactType::Integer,
                ("decimal", None) => FactType::Decimal,
                ("enum", Some(id)) => {
                    if !enums.iter().any(|e| &e.id == id) {
                        let msg = Msg::FactUndeclaredEnum {
                            name: f.name.clone(),
                            id: id.clone(),
                        };
                        self.err(facts_src, span.clone(), &key, "enum", msg);
                    }
                    FactType::Enum(id.clone())
                }
                ("enum", None) => {
                    let msg = Msg::FactEnumMissing {
                        name: f.name.clone(),
                    };
                    self.err(facts_src, span.clone(), &key, "type", msg);
                    continue;
                }
                (other, _) => {
                    let msg = Msg::FactUnknownType {
                        name: f.name.clone(),
                        ty: other.to_string(),
                    };
                    self.err(facts_src, span.clone(), &key, "type", msg);
                    continue;
                }
            };
            let scope = match f.scope.as_str() {
                "snapshot" => Scope::Snapshot,
                "window" => Scope::Window,
                "series" => Scope::Series,
                other => {
                    let msg = Msg::FactUnknownScope {
                        value: other.to_string(),
                    };
                    self.err(facts_src, span.clone(), &key, "scope", msg);
                    continue;
                }
            };
            let mut bound = |v: &Option<toml::Value>, what: &'static str| -> Option<Dec> {
                let v = v.as_ref()?;
                let d = value_dec(v);
                if d.is_none() {
                    let msg = Msg::FactBoundNotNumber {
                        name: f.name.clone(),
                        what,
                    };
                    self.err(facts_src, span.clone(), &key, what, msg);
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
                        let msg = Msg::FactPlausibleBad {
                            name: f.name.clone(),
                        };
                        self.err(facts_src, span.clone(), &key, "plausible", msg);
                        None
                    }
                },
                None => None,
            };
            if let (Some(lo), Some(hi)) = (min, max)
                && lo > hi
            {
                let msg = Msg::FactMinAboveMax {
                    name: f.name.clone(),
                    min: lo,
                    max: hi,
                };
                self.err(facts_src, span.clone(), &key, "min", msg);
            }
            if f.tracks.is_some() && scope != Scope::Series {
                let msg = Msg::TracksNotSeries {
                    name: f.name.clone(),
                };
                self.err(facts_src, span.clone(), &key, "tracks", msg);
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
                unit_vi: f.unit_vi.into(),
                unit_en: f.unit_en.into(),
                label_vi: f.label_vi.into(),
                label_en: f.label_en.into(),
                noun_vi: f.noun_vi.into(),
                noun_en: f.noun_en.into(),
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
                        "tracks",
                        Msg::TracksUnknown { target: t },
                    ),
                }
            }
            let key = format!("fact.{name}.constraints");
            for text in texts {
                let parsed = parse_constraint(&text);
                let Some(c) = parsed else {
                    let msg = Msg::ConstraintUnreadable { text: text.clone() };
                    self.err(facts_src, span.clone(), &key, "constraints", msg);
                    continue;
                };
                let refs: Vec<String> = match &c {
                    Constraint::Compare { expr, .. } => expr.facts().map(str::to_string).collect(),
                    Constraint::Implies(f) => vec![f.clone()],
                };
                for r in refs {
                    match fact_index.get(&r) {
                        None => {
                            let msg = Msg::ConstraintUndeclared {
                                text: text.clone(),
                                name: r,
                            };
                            self.err(facts_src, span.clone(), &key, "constraints", msg)
                        }
                        Some(&j)
                            if facts[j].scope == Scope::Series
                                && facts[i].scope != Scope::Series =>
                        {
                            let msg = Msg::ConstraintScalarSeries {
                                text: text.clone(),
                                series: r,
                            };
                            self.err(facts_src, span.clone(), &key, "constraints", msg)
                        }
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
        // indicators that failed to build: reported once, and still known by id
        let mut broken: Vec<String> = Vec::new();
        for (src, file) in indicator_files {
            for spanned in file.indicator {
                let span = spanned.span();
                let raw = spanned.into_inner();
                let key = format!("indicator.{}", raw.id);
                if spans.contains_key(&raw.id) || broken.contains(&raw.id) {
                    let msg = Msg::IndicatorTwice { id: raw.id.clone() };
                    self.err(src, span.clone(), &key, "id", msg);
                    continue;
                }
                if !groups.iter().any(|g| g.id == raw.group) {
                    let msg = Msg::UnknownGroup {
                        id: raw.id.clone(),
                        group: raw.group,
                    };
                    self.err(src, span.clone(), &key, "group", msg);
                }
                let prov = |p: &str| match p {
                    "confirmed" => Some(Provenance::Confirmed),
                    "reconstructed" => Some(Provenance::Reconstructed),
                    _ => None,
                };
                let mut bad = false;
                let provenance = prov(&raw.provenance).unwrap_or_else(|| {
                    let msg = Msg::ProvenanceBad {
                        key: "provenance",
                        value: raw.provenance.clone(),
                    };
                    self.err(src, span.clone(), &key, "provenance", msg);
                    bad = true;
                    Provenance::Reconstructed
                });
                let provenance_l2 = match &raw.provenance_l2 {
                    None => provenance,
                    Some(p) => prov(p).unwrap_or_else(|| {
                        let msg = Msg::ProvenanceBad {
                            key: "provenance_l2",
                            value: p.clone(),
                        };
                        self.err(src, span.clone(), &key, "provenance_l2", msg);
                        bad = true;
                        Provenance::Reconstructed
                    }),
                };
                if provenance == Provenance::Confirmed && raw.sources.is_empty() {
                    let msg = Msg::ConfirmedNoSource { id: raw.id.clone() };
                    self.err(src, span.clone(), &key, "provenance", msg);
                }
                for months in std::iter::once(raw.roadmap.lead_time_months).chain(
                    [&raw.roadmap.convert, &raw.roadmap.add]
                        .into_iter()
                        .flatten()
                        .map(|o| o.lead_time_months),
                ) {
                    if months > MAX_LEAD_TIME_MONTHS {
                        let msg = Msg::LeadTimeTooLong {
                            months,
                            max: MAX_LEAD_TIME_MONTHS,
                        };
                        self.err(src, span.clone(), &key, "lead_time_months", msg);
                    }
                }
                let costs: Vec<String> = std::iter::once(raw.roadmap.cost.clone())
                    .chain(
                        [&raw.roadmap.convert, &raw.roadmap.add]
                            .into_iter()
                            .flatten()
                            .map(|o| o.cost.clone()),
                    )
                    .collect();
                for c in costs.iter().filter(|c| cost_of(c).is_none()) {
                    let msg = Msg::CostBad { value: c.clone() };
                    self.err(src, span.clone(), &key, "cost", msg);
                }
                let cost = cost_of(&raw.roadmap.cost).unwrap_or(Cost::Medium);
                let path_option = |o: Option<RawPathOption>| {
                    o.map(|o| PathOption {
                        cost: cost_of(&o.cost).unwrap_or(Cost::Medium),
                        action_vi: o.action_vi.into(),
                        action_en: o.action_en.into(),
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
                        let msg = Msg::ViaUnknown { via: via.clone() };
                        self.err(src, span.clone(), &format!("{key}.roadmap"), "via", msg);
                    }
                }
                let rule = match raw.rule.as_table() {
                    Some(t) => Rule::parse(t, &lookup, &enums),
                    None => Err(vec![(
                        "rule".to_string(),
                        Msg::RuleNeeds {
                            kind: "?".into(),
                            what: "kind".into(),
                        },
                    )]),
                };
                let rule = match rule {
                    Ok(r) => r,
                    Err(errors) => {
                        // reported once, each at its key; the indicator still exists for the
                        // others' dependencies, so one bad value is one error
                        let rule_span = key_span(src, &span, "rule");
                        for (field, msg) in errors {
                            let at = if field == "rule" { "" } else { field.as_str() };
                            self.err(src, rule_span.clone(), &format!("{key}.rule"), at, msg);
                        }
                        broken.push(raw.id.clone());
                        continue;
                    }
                };
                if bad {
                    broken.push(raw.id.clone());
                    continue;
                }
                if (convert.is_some() || add.is_some()) && !rule.kind().two_paths() {
                    let msg = Msg::PathsNotPartOfWhole { id: raw.id.clone() };
                    self.err(src, span.clone(), &format!("{key}.roadmap"), "convert", msg);
                }
                spans.insert(raw.id.clone(), (src, span));
                let reads = rule.facts().into_iter().map(str::to_string).collect();
                let needs = [crate::model::Level::L1, crate::model::Level::L2]
                    .map(|level| rule.needs(level).into_iter().map(str::to_string).collect());
                indicators.push(Indicator {
                    reads,
                    needs,
                    id: raw.id,
                    group: raw.group,
                    title_vi: raw.title_vi.into(),
                    title_en: raw.title_en.into(),
                    provenance,
                    provenance_l2,
                    basis: raw.basis.into(),
                    sources: raw.sources,
                    evidence_vi: raw.evidence_vi.into(),
                    evidence_en: raw.evidence_en.into(),
                    not_applicable_allowed: raw.not_applicable_allowed,
                    rule,
                    roadmap: Roadmap {
                        action_vi: raw.roadmap.action_vi.into(),
                        action_en: raw.roadmap.action_en.into(),
                        lead_time_months: raw.roadmap.lead_time_months,
                        cost,
                        depends_on: raw.roadmap.depends_on,
                        convert,
                        add,
                    },
                });
            }
        }
        let found = indicators.len() + broken.len();
        // a file that did not parse says so itself; a count would only repeat it
        if found != raw.set.indicator_count && !self.unparsed {
            let msg = Msg::IndicatorCount {
                declared: raw.set.indicator_count,
                found,
            };
            self.err(
                set_src,
                whole.clone(),
                "set.indicator_count",
                "indicator_count",
                msg,
            );
        }
        // a set must judge something at each level: an empty one would certify every school
        if found == 0 && !self.unparsed {
            for level in [1, 2] {
                let msg = Msg::NoIndicatorsAtLevel { level };
                self.err(
                    set_src,
                    whole.clone(),
                    "set.indicator_count",
                    "indicator_count",
                    msg,
                );
            }
        }
        // dependencies exist and form no cycle (a broken indicator still exists)
        let ids: Vec<&str> = indicators
            .iter()
            .map(|i| i.id.as_str())
            .chain(broken.iter().map(String::as_str))
            .collect();
        for ind in &indicators {
            for dep in &ind.roadmap.depends_on {
                if !ids.contains(&dep.as_str()) {
                    let (src, span) = &spans[&ind.id];
                    let help = suggest(dep, ids.iter().copied())
                        .map(|s| Msg::DidYouMean { name: s.into() });
                    let msg = Msg::DependsUnknown {
                        id: ind.id.clone(),
                        dep: dep.clone(),
                    };
                    let at = key_span(src, span, "depends_on");
                    self.diags.push(
                        Diagnostic::at(
                            src,
                            Span::new(at.start, at.end),
                            Some(&format!("indicator.{}.roadmap.depends_on", ind.id)),
                            msg,
                        )
                        .with_help(help),
                    );
                }
            }
        }
        if let Some(cycle) = find_cycle(&indicators) {
            let (src, span) = &spans[&cycle[0]];
            let msg = Msg::DependencyCycle {
                cycle: cycle.join(" → "),
            };
            self.err(src, span.clone(), "roadmap.depends_on", "depends_on", msg);
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
}

fn cost_of(text: &str) -> Option<Cost> {
    match text {
        "low" => Some(Cost::Low),
        "medium" => Some(Cost::Medium),
        "high" => Some(Cost::High),
        _ => None,
    }
}

/// Lead times are months of real work; past this a plan's dates would leave the calendar.
pub const MAX_LEAD_TIME_MONTHS: u32 = 240;

/// The span of `field = …` (or of the line `field`, for a table header) inside `within`: a
/// criteria error points at the offending key, not at the table that holds it. Falls back to
/// `within` when the field is not written there.
fn key_span(src: &Source, within: &std::ops::Range<usize>, field: &str) -> std::ops::Range<usize> {
    if field.is_empty() {
        return within.clone();
    }
    // a `[[table]]` span covers its header: search the table's whole text, up to the next header
    let start = within.start.min(src.text.len());
    let end = if src.text[start..].starts_with("[[") {
        src.text[start + 2..]
            .find("\n[[")
            .map_or(src.text.len(), |i| start + 2 + i)
    } else {
        within.end.min(src.text.len())
    };
    let text = &src.text[start..end];
    let is_key_char = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut from = 0;
    while let Some(i) = text[from..].find(field) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = &text[at + field.len()..];
        let bounded =
            before.is_none_or(|c| !is_key_char(c) && c != '.') && !after.starts_with(is_key_char);
        if bounded {
            // `field = value`: point at the value; a header or a list item: at the field
            let rest = after.trim_start_matches([' ', '\t']);
            if let Some(v) = rest.strip_prefix('=') {
                let v = v.trim_start_matches([' ', '\t']);
                let vstart = start + (text.len() - v.len());
                // an inline table or array runs to its closing bracket; a scalar to `,`, `}` or
                // the end of the line
                let vlen = if v.starts_with(['{', '[']) {
                    let mut depth = 0i32;
                    v.char_indices()
                        .find(|(_, c)| {
                            match c {
                                '{' | '[' => depth += 1,
                                '}' | ']' => depth -= 1,
                                _ => {}
                            }
                            depth == 0
                        })
                        .map_or(v.len(), |(i, _)| i + 1)
                } else {
                    let n = v.find(['\n', ',', '}']).unwrap_or(v.len());
                    v[..n].trim_end().len().max(1)
                };
                return vstart..vstart + vlen;
            }
            return start + at..start + at + field.len();
        }
        from = at + field.len();
    }
    within.clone()
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
