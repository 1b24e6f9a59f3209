//! A school's self-assessment file (TOML or YAML): identity, the dossier date that anchors the
//! evaluation window, raw facts, evidence per indicator, and statuses a person may set.
//!
//! Loading walks the parsed tree and checks it against the criteria set's facts vocabulary,
//! collecting every problem of the file before giving up.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::criteria::CriteriaSet;
use crate::decimal::Dec;
use crate::diag::{Diagnostic, Msg, Source, Span, suggest};
use crate::model::{
    Constraint, FactDef, FactType, FactValue, Facts, FastSet, Scope, Value, Window, eval_expr,
};
use crate::tree::{self, Entry, Format, Node, NodeKind};

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    pub number: String,
    pub date: Date,
    pub issuer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ManualStatus {
    NotApplicable {
        reason: String,
    },
    /// Referred to the council for its opinion ("xin ý kiến").
    Waived {
        reason: String,
        approver: String,
        expires: Option<Date>,
    },
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct School {
    pub path: String,
    pub id: String,
    pub name: String,
    pub province: String,
    pub predecessors: Vec<String>,
    pub criteria: String,
    pub dossier_date: Date,
    pub note: Option<String>,
    pub sources: Vec<String>,
    pub facts: Facts,
    pub evidence: BTreeMap<String, Vec<Evidence>>,
    pub statuses: BTreeMap<String, ManualStatus>,
    /// Problems that do not stop evaluation (kept apart from errors).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// The keys of a school file's `[school]` table, in the order a template lists them.
pub const SCHOOL_KEYS: [&str; 8] = [
    "id",
    "name",
    "province",
    "predecessors",
    "criteria",
    "dossier_date",
    "note",
    "sources",
];

impl School {
    pub fn window(&self, set: &CriteriaSet) -> Window {
        Window::of(self.dossier_date, set.window_years)
    }

    /// Reads and validates a self-assessment file.
    /// Reads a file and applies `--set FACT=VALUE` overrides before validating, so an override
    /// is checked exactly like a value written in the file.
    pub fn load_with(
        path: &Path,
        overrides: &Overrides,
        set: &CriteriaSet,
    ) -> Result<School, Vec<Diagnostic>> {
        let display = path.display().to_string();
        let validate = |source: &Source, mut root: Node<'_>| {
            overrides.apply(&mut root, set)?;
            School::from_tree_with(source, &root, Some(&overrides.source), set)
        };
        if crate::workbook::is_workbook(&display) {
            let (source, root) = crate::workbook::read(path, set)?;
            return validate(&source, root);
        }
        let source = crate::input::read_source(path).map_err(|d| vec![*d])?;
        // the tree borrows its keys and strings from the text
        validate(&source, School::parse(&source)?)
    }

    /// A file's bytes that did not come from a path (a file dropped on the browser page),
    /// named `name`, read and validated exactly as [`School::load`] reads a file of that name.
    pub fn from_bytes(
        name: &str,
        bytes: Vec<u8>,
        set: &CriteriaSet,
    ) -> Result<School, Vec<Diagnostic>> {
        let (source, root) = School::document(name, bytes, set)?;
        School::from_tree(&source, &root, set)
    }

    /// The parsed document of a file's bytes, not yet validated: a workbook's cells or a
    /// TOML/YAML tree, chosen by the name's extension.
    pub fn document(
        name: &str,
        bytes: Vec<u8>,
        set: &CriteriaSet,
    ) -> Result<(Source, Node<'static>), Vec<Diagnostic>> {
        if crate::workbook::is_workbook(name) {
            return crate::workbook::read_bytes(name, bytes, set);
        }
        let source = crate::input::source_from_bytes(name, bytes).map_err(|d| vec![*d])?;
        let root = School::parse(&source)?.into_owned();
        Ok((source, root))
    }

    fn parse(source: &Source) -> Result<Node<'_>, Vec<Diagnostic>> {
        let Some(format) = Format::from_path(&source.path) else {
            return Err(vec![Diagnostic::file(
                &source.path,
                Msg::UnsupportedExtension,
            )]);
        };
        tree::parse(source, format).map_err(|d| vec![*d])
    }

    pub fn load(path: &Path, set: &CriteriaSet) -> Result<School, Vec<Diagnostic>> {
        School::load_with(path, &Overrides::new(&[]), set)
    }

    pub fn from_source(
        source: &Source,
        format: Format,
        set: &CriteriaSet,
    ) -> Result<School, Vec<Diagnostic>> {
        let root = tree::parse(source, format).map_err(|d| vec![*d])?;
        School::from_tree(source, &root, set)
    }

    /// Validates an already parsed document (e.g. the school part of a criteria test file).
    pub fn from_tree(
        source: &Source,
        root: &Node,
        set: &CriteriaSet,
    ) -> Result<School, Vec<Diagnostic>> {
        School::from_tree_with(source, root, None, set)
    }

    fn from_tree_with(
        source: &Source,
        root: &Node,
        args: Option<&Source>,
        set: &CriteriaSet,
    ) -> Result<School, Vec<Diagnostic>> {
        let mut l = Loader {
            src: source,
            args,
            set,
            diags: Vec::new(),
            warnings: Vec::new(),
            fact_spans: Default::default(),
            dossier: None,
        };
        let school = l.school(root);
        match school {
            Some(mut s) if l.diags.is_empty() => {
                s.warnings = l.warnings;
                Ok(s)
            }
            _ => Err(l.diags),
        }
    }
}

struct Loader<'a> {
    src: &'a Source,
    args: Option<&'a Source>,
    set: &'a CriteriaSet,
    diags: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Where each fact (and each year of a series) is written, keyed by the fact's name as
    /// written in the tree.
    fact_spans: crate::model::FastMap<&'a str, FactSpan>,
    dossier: Option<Date>,
}

/// Where a fact's value is written, and for a series where each year's value is.
type FactSpan = (Span, Option<BTreeMap<i32, Span>>);

fn find<'n, 'a>(table: &'n [Entry<'a>], key: &str) -> Option<&'n Entry<'a>> {
    table.iter().find(|e| e.key == key)
}

impl<'a> Loader<'a> {
    /// The text a span points into: the file, or the `--set` arguments.
    fn src_of(&self, span: Span) -> &Source {
        match self.args {
            Some(a) if span.from_args => a,
            _ => self.src,
        }
    }

    fn error(&mut self, span: Span, key: &str, msg: Msg) {
        self.diags
            .push(Diagnostic::at(self.src_of(span), span, Some(key), msg));
    }

    fn warn(&mut self, span: Span, key: &str, msg: Msg) {
        self.warnings
            .push(Diagnostic::at(self.src_of(span), span, Some(key), msg).warning());
    }

    fn error_help(&mut self, span: Span, key: &str, msg: Msg, help: Option<Msg>) {
        self.diags
            .push(Diagnostic::at(self.src_of(span), span, Some(key), msg).with_help(help));
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: &'static str) {
        let msg = Msg::WrongType {
            key: key.into(),
            expected,
            found: node.found(),
        };
        self.error(node.span, key, msg);
    }

    /// Flags keys of `table` not in `known`, suggesting the nearest known name.
    fn unknown_keys(&mut self, table: &[Entry], known: &[&str], section: &str) {
        let mut seen = FastSet::with_capacity_and_hasher(table.len(), Default::default());
        for e in table {
            let path = || join(section, &e.key);
            if !seen.insert(&*e.key) {
                let msg = Msg::DuplicateKey {
                    key: e.key.to_string(),
                };
                self.error(e.key_span, &path(), msg);
            }
            if !known.contains(&&*e.key) {
                let help = suggest(&e.key, known.iter().copied()).map(did_you_mean);
                let msg = Msg::UnknownKey {
                    key: e.key.to_string(),
                    section: section.into(),
                };
                self.error_help(e.key_span, &path(), msg, help);
            }
        }
    }

    fn table<'n, 't>(&mut self, node: &'n Node<'t>, key: &str) -> Option<&'n [Entry<'t>]> {
        match &node.kind {
            NodeKind::Table(t) => Some(t),
            _ => {
                self.wrong_type(node, key, "table");
                None
            }
        }
    }

    fn string(
        &mut self,
        table: &[Entry],
        key: &str,
        section: &str,
        required: bool,
        fallback: Span,
    ) -> Option<String> {
        let path = || join(section, key);
        match find(table, key) {
            None => {
                if required {
                    self.error(fallback, &path(), Msg::MissingKey { key: path() });
                }
                None
            }
            Some(e) => match &e.value.kind {
                NodeKind::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                NodeKind::Str(_) => {
                    let msg = Msg::EmptyString { key: path() };
                    self.error(e.value.span, &path(), msg);
                    None
                }
                _ => {
                    self.wrong_type(&e.value, &path(), "string");
                    None
                }
            },
        }
    }

    fn strings(&mut self, table: &[Entry], key: &str, section: &str) -> Vec<String> {
        let path = || join(section, key);
        let Some(e) = find(table, key) else {
            return Vec::new();
        };
        match &e.value.kind {
            NodeKind::Array(items) => items
                .iter()
                .filter_map(|n| match &n.kind {
                    NodeKind::Str(s) => Some(s.to_string()),
                    _ => {
                        self.wrong_type(n, &path(), "string");
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(&e.value, &path(), "array");
                Vec::new()
            }
        }
    }

    fn date(&mut self, node: &Node, key: &str) -> Option<Date> {
        let text = match &node.kind {
            NodeKind::Date(d) => d.trim(),
            NodeKind::Str(d) => d.trim(),
            _ => {
                self.wrong_type(node, key, "date");
                return None;
            }
        };
        let parsed = (text.len() == 10)
            .then(|| text.parse::<Date>().ok())
            .flatten();
        // a year chuan's date arithmetic can hold and a plan can mean (`0202`, `9999` are slips)
        let (first, last) = crate::model::YEARS;
        if let Some(d) = parsed
            && !(first..=last).contains(&i32::from(d.year()))
        {
            let msg = Msg::DateOutOfBounds {
                key: key.into(),
                date: d,
                first,
                last,
            };
            self.error(node.span, key, msg);
            return None;
        }
        if parsed.is_none() {
            self.error_help(
                node.span,
                key,
                Msg::BadDate {
                    key: key.into(),
                    text: crate::diag::shorten(text),
                },
                Some(Msg::DateHelp),
            );
        }
        parsed
    }

    fn school(&mut self, root: &'a Node) -> Option<School> {
        let top = self.table(root, "")?;
        self.unknown_keys(top, &["school", "facts", "evidence", "statuses"], "");
        let head = Span::new(0, 0);
        let Some(school_entry) = find(top, "school") else {
            let msg = Msg::MissingKey {
                key: "school".into(),
            };
            self.error(head, "school", msg);
            return None;
        };
        let st = self.table(&school_entry.value, "school")?;
        let sspan = school_entry.key_span;
        self.unknown_keys(st, &SCHOOL_KEYS, "school");
        let id = self.string(st, "id", "school", true, sspan);
        let name = self.string(st, "name", "school", true, sspan);
        let province = self.string(st, "province", "school", true, sspan);
        let criteria = self.string(st, "criteria", "school", true, sspan);
        let note = self.string(st, "note", "school", false, sspan);
        let predecessors = self.strings(st, "predecessors", "school");
        let sources = self.strings(st, "sources", "school");
        if let (Some(c), Some(e)) = (&criteria, find(st, "criteria")) {
            let (cid, cver) = c
                .split_once('@')
                .map_or((c.as_str(), None), |(a, b)| (a, Some(b)));
            if cid != self.set.meta.id || cver.is_some_and(|v| v != self.set.meta.version) {
                let msg = Msg::CriteriaMismatch {
                    wanted: c.clone(),
                    loaded: self.set.label(),
                };
                self.error_help(
                    e.value.span,
                    "school.criteria",
                    msg,
                    Some(Msg::CriteriaMismatchHelp),
                );
            }
        }
        let dossier_date = match find(st, "dossier_date") {
            Some(e) => self.date(&e.value, "school.dossier_date"),
            None => {
                self.error(
                    sspan,
                    "school.dossier_date",
                    Msg::MissingKey {
                        key: "school.dossier_date".into(),
                    },
                );
                None
            }
        };

        self.dossier = dossier_date;
        let window = dossier_date.map(|d| Window::of(d, self.set.window_years));
        let present =
            |key: &str| find(top, key).filter(|e| !matches!(e.value.kind, NodeKind::Null));
        let facts = match (present("facts"), window) {
            (Some(e), Some(w)) => self.facts(&e.value, &w),
            (Some(e), None) => {
                // still report type errors in facts, against a nominal window
                let _ = self.table(&e.value, "facts");
                Facts::default()
            }
            (None, _) => Facts::default(),
        };
        if let Some(w) = window {
            self.constraints(&facts);
            self.drift(&facts, &w);
        }
        let evidence = match (present("evidence"), window) {
            (Some(e), Some(w)) => self.evidence(&e.value, &w),
            _ => BTreeMap::new(),
        };
        let statuses = match present("statuses") {
            Some(e) => self.statuses(&e.value),
            None => BTreeMap::new(),
        };
        Some(School {
            path: self.src.path.clone(),
            id: id?,
            name: name?,
            province: province?,
            predecessors,
            criteria: criteria?,
            dossier_date: dossier_date?,
            note,
            sources,
            facts,
            evidence,
            statuses,
            warnings: Vec::new(),
        })
    }

    fn facts(&mut self, node: &'a Node, window: &Window) -> Facts {
        let Some(table) = self.table(node, "facts") else {
            return Facts::default();
        };
        let mut out = Facts::with_capacity_and_hasher(table.len(), Default::default());
        self.fact_spans.reserve(table.len());
        let mut seen = FastSet::with_capacity_and_hasher(table.len(), Default::default());
        for e in table {
            let path = || KeyPath::of(&e.key).to_string();
            if !seen.insert(&*e.key) {
                let msg = Msg::DuplicateKey {
                    key: e.key.to_string(),
                };
                self.error(e.key_span, &path(), msg);
                continue;
            }
            let Some(def) = self.set.fact(&e.key) else {
                let help = suggest(&e.key, self.set.facts.iter().map(|f| f.name.as_str()))
                    .map(did_you_mean);
                let msg = Msg::UnknownFact {
                    key: e.key.to_string(),
                    set: self.set.meta.id.clone(),
                };
                self.error_help(e.key_span, &path(), msg, help);
                continue;
            };
            // an empty value (YAML `~`) means "not given": the fact stays missing, never met
            if matches!(e.value.kind, NodeKind::Null) {
                continue;
            }
            if def.scope == Scope::Series {
                let Some(years) = self.table(&e.value, &path()) else {
                    continue;
                };
                if !years.is_empty() && years.iter().all(|y| matches!(y.value.kind, NodeKind::Null))
                {
                    continue;
                }
                let mut series = BTreeMap::new();
                let mut spans = BTreeMap::new();
                let mut seen_years = Vec::with_capacity(years.len());
                for y in years {
                    let key = KeyPath::at(&e.key, &y.key);
                    let ypath = || key.to_string();
                    let Ok(year) = y.key.parse::<i32>() else {
                        let msg = Msg::SeriesBadYear {
                            key: path(),
                            year: y.key.to_string(),
                        };
                        self.error(y.key_span, &ypath(), msg);
                        continue;
                    };
                    // `2018`, `02018` and `+2018` are one year: the last would silently win
                    if seen_years.contains(&year) {
                        let msg = Msg::SeriesDuplicateYear { key: path(), year };
                        self.error(y.key_span, &ypath(), msg);
                        continue;
                    }
                    seen_years.push(year);
                    if year < window.first_year || year > window.last_year {
                        let msg = Msg::SeriesExtraYear {
                            key: path(),
                            year: crate::diag::shorten(&y.key),
                            first: window.first_year,
                            last: window.last_year,
                        };
                        self.error(y.key_span, &ypath(), msg);
                        continue;
                    }
                    if matches!(y.value.kind, NodeKind::Null) {
                        continue;
                    }
                    if let Some(v) = self.value(&y.value, &key, def) {
                        spans.insert(year, y.value.span);
                        series.insert(year, v);
                    }
                }
                // a year left out (or `~`) is missing data: the rules that read it are unknown
                self.fact_spans.insert(&*e.key, (e.value.span, Some(spans)));
                out.insert(e.key.to_string(), FactValue::Series(series));
            } else if let Some(v) = self.value(&e.value, &KeyPath::of(&e.key), def) {
                self.fact_spans.insert(&*e.key, (e.value.span, None));
                out.insert(e.key.to_string(), FactValue::Scalar(v));
            }
        }
        out
    }

    /// One value of a declared fact, type- and range-checked.
    /// `path` names the key for a diagnostic; it is built only when there is one (a board
    /// loads thousands of files, nearly all of them clean).
    fn value(&mut self, node: &Node, path: &KeyPath, def: &FactDef) -> Option<Value> {
        let v = match (&def.ty, &node.kind) {
            (FactType::Bool, NodeKind::Bool(b)) => Value::Bool(*b),
            (FactType::Integer, NodeKind::Int(i)) => Value::Num(Dec::from_int(*i)),
            (FactType::Decimal, NodeKind::Int(i)) => Value::Num(Dec::from_int(*i)),
            (FactType::Decimal, NodeKind::Float(f, raw)) => {
                let d = raw
                    .as_deref()
                    .and_then(Dec::parse)
                    .or_else(|| Dec::from_f64(*f));
                match d {
                    Some(d) => Value::Num(d),
                    None if f.is_finite() => {
                        let msg = Msg::TooManyDecimals {
                            key: path.to_string(),
                            value: node.describe(),
                        };
                        self.error(node.span, &path.to_string(), msg);
                        return None;
                    }
                    None => {
                        self.wrong_type(node, &path.to_string(), "decimal");
                        return None;
                    }
                }
            }
            (FactType::Enum(id), NodeKind::Str(code)) => {
                let e = self.set.enum_def(id)?;
                match e.rank(code) {
                    Some(rank) => Value::Grade(code.to_string(), rank),
                    None => {
                        let codes = e
                            .values
                            .iter()
                            .map(|v| format!("`{}`", v.code))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let help = suggest(code, e.values.iter().map(|v| v.code.as_str()))
                            .map(did_you_mean);
                        let msg = Msg::BadEnum {
                            key: path.to_string(),
                            value: crate::diag::shorten(code),
                            codes,
                        };
                        self.error_help(node.span, &path.to_string(), msg, help);
                        return None;
                    }
                }
            }
            (ty, _) => {
                let expected = match ty {
                    FactType::Bool => "bool",
                    FactType::Integer => "integer",
                    FactType::Decimal => "decimal",
                    FactType::Enum(_) => "enum",
                };
                // `"25.300"`, `1.200` for a whole number, `150 giường` in YAML: say what to write
                let written = match &node.kind {
                    NodeKind::Str(s) => Some(format!("\"{s}\"")),
                    NodeKind::Float(_, Some(raw)) => Some(raw.clone()),
                    _ => None,
                };
                let in_workbook = self.src_of(node.span).is_workbook();
                let hint = match ty {
                    // Excel's fix is a number cell, not TOML's quotes and points
                    FactType::Integer | FactType::Decimal
                        if in_workbook && matches!(node.kind, NodeKind::Str(_)) =>
                    {
                        let likely = match &node.kind {
                            NodeKind::Str(s) => crate::hints::read_number(s)
                                .map(|r| crate::hints::spaced(r.value))
                                .or_else(|| crate::decimal::Dec::parse(s).map(|d| d.to_string())),
                            _ => None,
                        };
                        Some(Msg::XlsxNumberHint { likely })
                    }
                    FactType::Integer | FactType::Decimal => written
                        .as_deref()
                        .and_then(crate::hints::read_number)
                        .map(|reading| Msg::NumberHint { reading }),
                    FactType::Bool => written
                        .as_deref()
                        .and_then(crate::hints::read_bool)
                        .map(|value| Msg::BoolHint { value }),
                    _ => None,
                };
                let msg = Msg::WrongType {
                    key: path.to_string(),
                    expected,
                    found: node.found(),
                };
                self.error_help(node.span, &path.to_string(), msg, hint);
                return None;
            }
        };
        if let Value::Num(d) = v {
            if d.is_negative() {
                let msg = Msg::Negative {
                    key: path.to_string(),
                    value: node.describe(),
                };
                self.error(node.span, &path.to_string(), msg);
                return None;
            }
            let bad = def
                .min
                .filter(|m| d < *m)
                .map(|m| format!("≥ {m}"))
                .or_else(|| def.max.filter(|m| d > *m).map(|m| format!("≤ {m}")))
                .or_else(|| {
                    def.min_exclusive
                        .filter(|m| d <= *m)
                        .map(|m| format!("> {m}"))
                });
            if let Some(bound) = bad {
                self.error(
                    node.span,
                    &path.to_string(),
                    Msg::OutOfRange {
                        key: path.to_string(),
                        value: node.describe(),
                        bound,
                    },
                );
                return None;
            }
            if let Some((lo, hi)) = def.plausible
                && (d < lo || d > hi)
            {
                self.implausible(node, &path.to_string(), def, d, (lo, hi));
            }
        }
        Some(v)
    }

    /// Warns about a value outside the fact's plausible range, with the value the person most
    /// likely meant when the number reads as Vietnamese thousands (`25.300` for 25 300).
    fn implausible(&mut self, node: &Node, path: &str, def: &FactDef, d: Dec, range: (Dec, Dec)) {
        use crate::hints::{Mistake, read_number};
        let inside = |v: Dec| v >= range.0 && v <= range.1;
        let likely = match &node.kind {
            // TOML keeps the text: `25.300` is dots between thousands
            NodeKind::Float(_, Some(raw)) => read_number(raw)
                .filter(|r| r.mistake == Mistake::ThousandsDots)
                .map(|r| r.value),
            // YAML gives the number only: 25.3 read as 25 300 when that is plausible
            NodeKind::Float(_, None) => Some(d * 1000).filter(|v| v.is_integer()),
            _ => None,
        }
        .filter(|v| inside(*v));
        let msg = Msg::Implausible {
            key: path.into(),
            value: d,
            unit_vi: def.unit_vi.to_string(),
            unit_en: def.unit_en.to_string(),
            low: range.0,
            high: range.1,
            likely,
        };
        self.warnings.push(
            Diagnostic::at(self.src_of(node.span), node.span, Some(path), msg)
                .with_help(Some(Msg::ImplausibleHelp))
                .warning(),
        );
    }

    fn constraints(&mut self, facts: &Facts) {
        for def in &self.set.facts {
            let Some(value) = facts.get(&def.name) else {
                continue;
            };
            let Some(span) = self
                .fact_spans
                .get(def.name.as_str())
                .map(|(span, _)| *span)
            else {
                continue;
            };
            let path = || KeyPath::of(&def.name).to_string();
            for c in &def.constraints {
                match (c, value) {
                    (Constraint::Implies(other), FactValue::Scalar(Value::Bool(true))) => {
                        if let Some(FactValue::Scalar(Value::Bool(false))) = facts.get(other) {
                            let msg = Msg::ImplicationFailed {
                                key: def.name.clone(),
                                other: other.clone(),
                            };
                            self.error(span, &path(), msg);
                        }
                    }
                    (Constraint::Compare { op, expr }, FactValue::Scalar(Value::Num(v))) => {
                        if let Some(rhs) = eval_expr(expr, facts, None)
                            && !op.holds(*v, rhs)
                        {
                            let msg = Msg::ConstraintFailed {
                                key: def.name.clone(),
                                year: None,
                                value: v.to_string(),
                                op: op.symbol(),
                                expr: expr.text(),
                                rhs: rhs.to_string(),
                            };
                            self.error_help(
                                span,
                                &path(),
                                msg,
                                (*op == crate::model::CmpOp::Le).then_some(Msg::SubsetHelp),
                            );
                        }
                    }
                    (Constraint::Compare { op, expr }, FactValue::Series(series)) => {
                        for (year, v) in series {
                            let (Some(v), Some(rhs)) =
                                (v.num(), eval_expr(expr, facts, Some(*year)))
                            else {
                                continue;
                            };
                            if !op.holds(v, rhs) {
                                let yspan = self
                                    .fact_spans
                                    .get(def.name.as_str())
                                    .and_then(|(_, ys)| ys.as_ref()?.get(year).copied())
                                    .unwrap_or(span);
                                let msg = Msg::ConstraintFailed {
                                    key: def.name.clone(),
                                    year: Some(*year),
                                    value: v.to_string(),
                                    op: op.symbol(),
                                    expr: expr.text(),
                                    rhs: rhs.to_string(),
                                };
                                self.error_help(
                                    yspan,
                                    &KeyPath::at(&def.name, year).to_string(),
                                    msg,
                                    Some(Msg::SubsetHelp),
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Warns when a series' last year is far from the snapshot fact it tracks.
    fn drift(&mut self, facts: &Facts, window: &Window) {
        for def in self.set.facts.iter().filter(|d| d.tracks.is_some()) {
            let (Some(tracked), Some(FactValue::Series(series))) =
                (&def.tracks, facts.get(&def.name))
            else {
                continue;
            };
            let Some(FactValue::Scalar(Value::Num(snap))) = facts.get(tracked) else {
                continue;
            };
            let Some(last) = series.get(&window.last_year).and_then(Value::num) else {
                continue;
            };
            let diff = if last > *snap {
                last - *snap
            } else {
                *snap - last
            };
            // more than a fifth of the snapshot (and more than one unit) apart
            if diff > Dec::from_int(1) && diff * 5 > *snap {
                let span = self
                    .fact_spans
                    .get(def.name.as_str())
                    .and_then(|(_, ys)| ys.as_ref()?.get(&window.last_year).copied())
                    .unwrap_or_default();
                let msg = Msg::SeriesDrift {
                    key: def.name.clone(),
                    year: window.last_year,
                    value: last.to_string(),
                    tracked: tracked.clone(),
                    snapshot: snap.to_string(),
                };
                self.warn(
                    span,
                    &KeyPath::at(&def.name, &window.last_year).to_string(),
                    msg,
                );
            }
        }
    }

    fn evidence(&mut self, node: &Node, window: &Window) -> BTreeMap<String, Vec<Evidence>> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(node, "evidence") else {
            return out;
        };
        for e in table {
            let path = join("evidence", &e.key);
            let Some(ind) = self.set.indicator(&e.key) else {
                self.unknown_indicator(e, &path);
                continue;
            };
            let windowed = ind
                .rule
                .facts()
                .iter()
                .any(|f| self.set.fact(f).is_some_and(|d| d.scope == Scope::Window));
            let items: Vec<&Node> = match &e.value.kind {
                NodeKind::Array(items) => items.iter().collect(),
                NodeKind::Table(_) => vec![&e.value],
                _ => {
                    self.wrong_type(&e.value, &path, "array");
                    continue;
                }
            };
            let mut list = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                let ipath = format!("{path}[{i}]");
                let Some(t) = self.table(item, &ipath) else {
                    continue;
                };
                self.unknown_keys(t, &["number", "date", "issuer", "title", "file"], &ipath);
                let number = self.string(t, "number", &ipath, true, item.span);
                let issuer = self.string(t, "issuer", &ipath, true, item.span);
                let title = self.string(t, "title", &ipath, false, item.span);
                let file = self.string(t, "file", &ipath, false, item.span);
                let date = match find(t, "date") {
                    Some(d) => {
                        let dpath = format!("{ipath}.date");
                        let date = self.date(&d.value, &dpath);
                        if let Some(date) = date {
                            if date > window.end {
                                let msg = Msg::EvidenceAfterDossier {
                                    id: e.key.to_string(),
                                    date,
                                    dossier: window.end,
                                };
                                self.error(d.value.span, &dpath, msg);
                            } else if windowed && date == window.end {
                                // the window is the years *before* the dossier date
                                let msg = Msg::EvidenceOnDossierDate {
                                    id: e.key.to_string(),
                                    date,
                                    start: window.start,
                                    end: window.end,
                                };
                                self.error(d.value.span, &dpath, msg);
                            } else if windowed && date < window.start {
                                let msg = Msg::EvidenceOutsideWindow {
                                    id: e.key.to_string(),
                                    date,
                                    start: window.start,
                                    end: window.end,
                                };
                                self.error(d.value.span, &dpath, msg);
                            }
                        }
                        date
                    }
                    None => {
                        self.error(
                            item.span,
                            &format!("{ipath}.date"),
                            Msg::MissingKey { key: "date".into() },
                        );
                        None
                    }
                };
                if let (Some(number), Some(issuer), Some(date)) = (number, issuer, date) {
                    list.push(Evidence {
                        number,
                        date,
                        issuer,
                        title,
                        file,
                    });
                }
            }
            out.insert(e.key.to_string(), list);
        }
        out
    }

    fn unknown_indicator(&mut self, e: &Entry, path: &str) {
        let help =
            suggest(&e.key, self.set.indicators.iter().map(|i| i.id.as_str())).map(did_you_mean);
        let msg = Msg::UnknownIndicator {
            id: e.key.to_string(),
            set: self.set.meta.id.clone(),
        };
        self.error_help(e.key_span, path, msg, help);
    }

    fn statuses(&mut self, node: &Node) -> BTreeMap<String, ManualStatus> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(node, "statuses") else {
            return out;
        };
        for e in table {
            let path = join("statuses", &e.key);
            let Some(ind) = self.set.indicator(&e.key) else {
                self.unknown_indicator(e, &path);
                continue;
            };
            let na_allowed = ind.not_applicable_allowed;
            let Some(t) = self.table(&e.value, &path) else {
                continue;
            };
            self.unknown_keys(t, &["status", "reason", "approver", "expires"], &path);
            let status = self.string(t, "status", &path, true, e.key_span);
            let reason = self.string(t, "reason", &path, true, e.key_span);
            match status.as_deref() {
                Some("not_applicable") => {
                    if !na_allowed {
                        let span = find(t, "status").map_or(e.key_span, |s| s.value.span);
                        self.error(
                            span,
                            &format!("{path}.status"),
                            Msg::NotApplicableNotAllowed {
                                id: e.key.to_string(),
                            },
                        );
                    } else if let Some(reason) = reason {
                        out.insert(e.key.to_string(), ManualStatus::NotApplicable { reason });
                    }
                }
                Some("waived") => {
                    let approver = self.string(t, "approver", &path, true, e.key_span);
                    let expires = find(t, "expires")
                        .and_then(|x| self.date(&x.value, &format!("{path}.expires")));
                    match (find(t, "expires"), expires, self.dossier) {
                        (None, _, _) => self.warn(
                            e.key_span,
                            &path,
                            Msg::WaiverUndated {
                                id: e.key.to_string(),
                            },
                        ),
                        (Some(x), Some(d), Some(dossier)) if d < dossier => {
                            let msg = Msg::WaiverExpired {
                                id: e.key.to_string(),
                                date: d,
                            };
                            self.warn(x.value.span, &format!("{path}.expires"), msg);
                        }
                        _ => {}
                    }
                    if let (Some(reason), Some(approver)) = (reason, approver) {
                        out.insert(
                            e.key.to_string(),
                            ManualStatus::Waived {
                                reason,
                                approver,
                                expires,
                            },
                        );
                    }
                }
                Some(other) => {
                    let span = find(t, "status").map_or(e.key_span, |s| s.value.span);
                    self.error(
                        span,
                        &format!("{path}.status"),
                        Msg::UnknownStatus {
                            value: crate::diag::shorten(other),
                        },
                    );
                }
                None => {}
            }
        }
        out
    }
}

fn did_you_mean(name: &str) -> Msg {
    Msg::DidYouMean { name: name.into() }
}

/// A key's dotted path (`facts.x.2023`), written out only for a diagnostic.
struct KeyPath<'a> {
    fact: &'a str,
    /// The year of a series value (its key as written, or the year read).
    year: Option<&'a dyn std::fmt::Display>,
}

impl<'a> KeyPath<'a> {
    fn of(fact: &'a str) -> KeyPath<'a> {
        KeyPath { fact, year: None }
    }

    fn at(fact: &'a str, year: &'a dyn std::fmt::Display) -> KeyPath<'a> {
        KeyPath {
            fact,
            year: Some(year),
        }
    }
}

impl std::fmt::Display for KeyPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "facts.{}", self.fact)?;
        match self.year {
            Some(y) => write!(f, ".{y}"),
            None => Ok(()),
        }
    }
}

fn join(section: &str, key: &str) -> String {
    if section.is_empty() {
        key.to_string()
    } else {
        format!("{section}.{key}")
    }
}

/// What-if overrides from the command line: `FACT=VALUE` or `FACT[YEAR]=VALUE`, one per `--set`.
#[derive(Clone, Debug)]
pub struct Overrides {
    /// The arguments, one per line, so diagnostics can point into them.
    pub source: Source,
    /// Arguments that hold a line break themselves (one `--set` must stay one override).
    broken: Vec<String>,
}

impl Overrides {
    pub fn new(args: &[String]) -> Overrides {
        let (broken, whole): (Vec<&String>, Vec<&String>) =
            args.iter().partition(|a| a.contains(['\n', '\r']));
        Overrides {
            source: Source::new(
                "--set",
                whole.iter().map(|a| format!("{a}\n")).collect::<String>(),
            ),
            broken: broken.into_iter().cloned().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.source.text.is_empty()
    }

    /// Writes each override into the document's `facts` table (replacing a value written there).
    fn apply(&self, root: &mut Node<'_>, set: &CriteriaSet) -> Result<(), Vec<Diagnostic>> {
        let mut diags: Vec<Diagnostic> = self
            .broken
            .iter()
            .map(|arg| {
                Diagnostic::file(
                    "--set",
                    Msg::BadOverride {
                        arg: crate::diag::shorten(&arg.replace(['\n', '\r'], "⏎")),
                    },
                )
            })
            .collect();
        let NodeKind::Table(top) = &mut root.kind else {
            return Ok(());
        };
        let mut offset = 0;
        for line in self.source.text.split_inclusive('\n') {
            let arg = line.trim_end_matches('\n');
            let start = offset;
            offset += line.len();
            let Some((lhs, value)) = arg.split_once('=') else {
                diags.push(Diagnostic::at(
                    &self.source,
                    Span::in_args(start, start + arg.len()),
                    Some("--set"),
                    Msg::BadOverride {
                        arg: crate::diag::shorten(arg),
                    },
                ));
                continue;
            };
            let (name, year) = match lhs.trim().split_once('[') {
                Some((n, rest)) => match rest
                    .strip_suffix(']')
                    .and_then(|y| y.trim().parse::<i32>().ok())
                {
                    Some(y) => (n.trim(), Some(y)),
                    None => {
                        diags.push(Diagnostic::at(
                            &self.source,
                            Span::in_args(start, start + lhs.len()),
                            Some("--set"),
                            Msg::BadOverride {
                                arg: crate::diag::shorten(arg),
                            },
                        ));
                        continue;
                    }
                },
                None => (lhs.trim(), None),
            };
            let key_span = Span::in_args(start, start + lhs.len());
            // FACT[YEAR] only for a per-year series
            if year.is_some()
                && set
                    .fact(name)
                    .is_some_and(|d| d.scope != crate::model::Scope::Series)
            {
                diags.push(Diagnostic::at(
                    &self.source,
                    key_span,
                    Some("--set"),
                    Msg::OverrideNotSeries { fact: name.into() },
                ));
                continue;
            }
            let vstart = start + lhs.len() + 1;
            let vspan = Span::in_args(vstart, vstart + value.len());
            let node = Node {
                kind: parse_scalar(value.trim()),
                span: vspan,
            };
            if !top.iter().any(|e| e.key == "facts") {
                top.push(Entry {
                    key: "facts".into(),
                    key_span,
                    value: Node {
                        kind: NodeKind::Table(Vec::new()),
                        span: key_span,
                    },
                });
            }
            let Some(facts) = top.iter_mut().find(|e| e.key == "facts") else {
                continue;
            };
            if matches!(facts.value.kind, NodeKind::Null) {
                facts.value.kind = NodeKind::Table(Vec::new());
            }
            let NodeKind::Table(entries) = &mut facts.value.kind else {
                continue;
            };
            match year {
                None => match entries.iter_mut().find(|e| e.key == name) {
                    Some(e) => e.value = node,
                    None => entries.push(Entry {
                        key: name.to_string().into(),
                        key_span,
                        value: node,
                    }),
                },
                Some(y) => {
                    let ykey = y.to_string();
                    let series = match entries.iter().position(|e| e.key == name) {
                        Some(i) => &mut entries[i],
                        None => {
                            entries.push(Entry {
                                key: name.to_string().into(),
                                key_span,
                                value: Node {
                                    kind: NodeKind::Table(Vec::new()),
                                    span: key_span,
                                },
                            });
                            entries.last_mut().expect("just pushed")
                        }
                    };
                    if let NodeKind::Table(years) = &mut series.value.kind {
                        match years.iter_mut().find(|e| e.key == ykey) {
                            Some(e) => e.value = node,
                            None => years.push(Entry {
                                key: ykey.into(),
                                key_span,
                                value: node,
                            }),
                        }
                    }
                }
            }
        }
        if diags.is_empty() { Ok(()) } else { Err(diags) }
    }
}

/// A command-line value: `true`/`false`, a whole number, a decimal, `~` (no value: missing
/// data, as in YAML), or text (an enum code).
fn parse_scalar(text: &str) -> NodeKind<'static> {
    match text {
        "true" => NodeKind::Bool(true),
        "false" => NodeKind::Bool(false),
        "~" => NodeKind::Null,
        _ => {
            if let Ok(i) = text.replace('_', "").parse::<i64>() {
                NodeKind::Int(i)
            } else if Dec::parse(text).is_some() {
                NodeKind::Float(text.parse().unwrap_or(f64::NAN), Some(text.to_string()))
            } else {
                NodeKind::Str(text.trim_matches('"').to_string().into())
            }
        }
    }
}

/// A date as a TOML date value (`2023-11-13`, not a string).
pub fn toml_date(d: Date) -> toml::Value {
    toml::Value::Datetime(toml::value::Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    })
}

impl School {
    /// The school as a TOML self-assessment file (`chuan convert`): what a workbook becomes
    /// for those who move on to files in git. Facts follow the set's order; `check` on the
    /// result gives the same evaluation.
    pub fn to_toml(&self, set: &CriteriaSet) -> String {
        use toml::Value as T;
        let date = toml_date;
        let strings = |v: &[String]| T::Array(v.iter().cloned().map(T::String).collect());
        let value = |v: &Value| match v {
            Value::Bool(b) => T::Boolean(*b),
            Value::Num(d) => match d.to_i64() {
                Some(i) => T::Integer(i),
                None => T::Float(d.to_f64()),
            },
            Value::Grade(code, _) => T::String(code.clone()),
        };
        let mut school = toml::Table::new();
        school.insert("id".into(), T::String(self.id.clone()));
        school.insert("name".into(), T::String(self.name.clone()));
        school.insert("province".into(), T::String(self.province.clone()));
        if !self.predecessors.is_empty() {
            school.insert("predecessors".into(), strings(&self.predecessors));
        }
        school.insert("criteria".into(), T::String(self.criteria.clone()));
        school.insert("dossier_date".into(), date(self.dossier_date));
        if let Some(note) = &self.note {
            school.insert("note".into(), T::String(note.clone()));
        }
        if !self.sources.is_empty() {
            school.insert("sources".into(), strings(&self.sources));
        }
        let mut facts = toml::Table::new();
        for def in &set.facts {
            match self.facts.get(&def.name) {
                Some(FactValue::Scalar(v)) => {
                    facts.insert(def.name.clone(), value(v));
                }
                Some(FactValue::Series(series)) => {
                    let years = series
                        .iter()
                        .map(|(y, v)| (y.to_string(), value(v)))
                        .collect();
                    facts.insert(def.name.clone(), T::Table(years));
                }
                None => {}
            }
        }
        let mut root = toml::Table::new();
        root.insert("school".into(), T::Table(school));
        root.insert("facts".into(), T::Table(facts));
        if !self.evidence.is_empty() {
            let mut ev = toml::Table::new();
            for (id, items) in &self.evidence {
                let items = items
                    .iter()
                    .map(|e| {
                        let mut t = toml::Table::new();
                        t.insert("number".into(), T::String(e.number.clone()));
                        t.insert("date".into(), date(e.date));
                        t.insert("issuer".into(), T::String(e.issuer.clone()));
                        if let Some(title) = &e.title {
                            t.insert("title".into(), T::String(title.clone()));
                        }
                        if let Some(file) = &e.file {
                            t.insert("file".into(), T::String(file.clone()));
                        }
                        T::Table(t)
                    })
                    .collect();
                ev.insert(id.clone(), T::Array(items));
            }
            root.insert("evidence".into(), T::Table(ev));
        }
        if !self.statuses.is_empty() {
            let mut st = toml::Table::new();
            for (id, s) in &self.statuses {
                let mut t = toml::Table::new();
                match s {
                    ManualStatus::NotApplicable { reason } => {
                        t.insert("status".into(), T::String("not_applicable".into()));
                        t.insert("reason".into(), T::String(reason.clone()));
                    }
                    ManualStatus::Waived {
                        reason,
                        approver,
                        expires,
                    } => {
                        t.insert("status".into(), T::String("waived".into()));
                        t.insert("reason".into(), T::String(reason.clone()));
                        t.insert("approver".into(), T::String(approver.clone()));
                        if let Some(d) = expires {
                            t.insert("expires".into(), date(*d));
                        }
                    }
                }
                st.insert(id.clone(), T::Table(t));
            }
            root.insert("statuses".into(), T::Table(st));
        }
        let one_line = |t: &str| {
            t.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
        };
        let head = format!(
            "# {} — {} ({}), converted by chuan from {}\n\n",
            one_line(&self.name),
            one_line(&self.province),
            self.dossier_date,
            one_line(&self.path)
        );
        head + &toml::to_string(&root).expect("a table of plain values serializes")
    }
}
