//! Rule kinds: one home each. A kind knows how it is written in a criteria file, which facts it
//! reads, how it judges a school at a level, when it is exceeded, how a plan closes its gap, how
//! it looks on a later date, and how it is shown. Everything else (evaluation, the roadmap,
//! reports, boards) asks the kind through [`Kind`], so adding a kind is one new file and one
//! line in [`kinds!`] below: no other module matches on the rule kind.
//!
//! The kinds here: `ratio`, `count`, `max_count`, `quantity`, `boolean`, `every_year` (forms
//! `ratio`, `number`, `boolean`, `rating`), and `max_ratio` (a share that must stay at most a cap).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::decimal::Dec;
use crate::diag::Msg;
use crate::model::{
    EnumDef, FactDef, FactType, FactValue, Facts, Level, PerLevel, Roadmap, Scope, Value, Window,
};

mod boolean;
mod counts;
mod every_year;
mod max_ratio;
mod outcome;
mod ratio;

pub use boolean::Boolean;
pub use counts::{Count, MaxCount, Quantity};
pub use every_year::{YearBoolean, YearNumber, YearRating, YearRatio};
pub use max_ratio::MaxRatio;
pub use outcome::{AddPath, Gap, LevelResult, MissingYears, Status, YearFailure};
pub use ratio::Ratio;

/// What every rule kind answers. Methods with a default are the ones most kinds share.
pub trait Kind {
    /// The `kind` written in criteria files and reports (`every_year` for all its forms).
    fn name(&self) -> &'static str;
    /// The `form` of an `every_year` rule; empty for the others.
    fn form(&self) -> &'static str {
        ""
    }
    /// Every fact the rule reads.
    fn facts(&self) -> Vec<&str>;
    /// The facts that must be given to judge the rule at `level` (a boolean rule reads only its
    /// own level's list).
    fn needs(&self, _level: Level) -> Vec<&str> {
        self.facts()
    }
    /// The facts a school is scored on: when a plan must raise one of them for another
    /// indicator's sake, this indicator gets a keep action.
    fn scored(&self, level: Level) -> Vec<&str>;
    /// Facts that divide: zero there makes the rule unknown.
    fn denominators(&self) -> Vec<&str> {
        Vec::new()
    }
    /// For a share's numerator `fact`: its whole on `facts` (a roadmap target reads `21/35`).
    fn whole_of(&self, _fact: &str, _facts: &Facts) -> Option<Dec> {
        None
    }
    /// The numeric threshold at `level`, for boards (none for booleans and ratings).
    fn threshold(&self, _level: Level) -> Option<Dec> {
        None
    }
    /// Whether the gap can close two ways (a part of a whole: move members in, or add new
    /// ones who count in both); the set's roadmap may then describe each path.
    fn two_paths(&self) -> bool {
        false
    }
    /// Whether level 2 asks more than level 1 (for the `at_or_above_l2` exceeded rule): by
    /// default, whether the two numeric thresholds differ. Kinds judged otherwise (a list of
    /// facts, a grade) say it themselves.
    fn stricter_at_l2(&self) -> bool {
        self.threshold(Level::L1) != self.threshold(Level::L2)
    }
    /// The verdict at `level`, every needed fact being present.
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult;
    /// Strictly better than level 1 (the `above_l1` exceeded rule), level 1 being met.
    fn exceeded(&self, cx: &Ctx, l1: &LevelResult) -> bool;
    /// Closes the rule's gap on a plan's facts; true when anything changed. By default a
    /// shortfall is raised to its target and missing flags are set; past years and past
    /// events cannot be changed (they roll off, see [`Kind::shift`]).
    fn close(&self, gap: &Gap, _roadmap: &Roadmap, edits: &mut dyn Edits) -> bool {
        match gap {
            Gap::Shortfall { fact, target, .. } => edits.raise(fact, *target),
            Gap::Flags { facts } => {
                let mut changed = false;
                for f in facts {
                    changed |= edits.set_true(f);
                }
                changed
            }
            _ => false,
        }
    }
    /// The plan's facts as they stand on a later date (see [`Shift`]): failed years and past
    /// events roll off, future years keep to the threshold. Most kinds read only snapshot or
    /// window facts, which stay as planned.
    fn shift(&self, _s: &mut Shift, _level: Level) {}
    /// How the rule is shown in the catalogue, `explain` and the report templates.
    fn view(&self, labels: &dyn Labels) -> RuleView;
    /// Which way each fact helps: +1 more is better, -1 less is better, 0 it divides.
    fn directions(&self) -> Vec<(&str, i8)>;
}

macro_rules! kinds {
    ($( $variant:ident($ty:ty) = $kind:literal $(/ $form:literal)? => $parse:path, )*) => {
        /// A rule of a criteria set: one of the kinds below.
        #[derive(Clone, Debug, Serialize, Deserialize)]
        pub enum Rule {
            $( $variant($ty), )*
        }

        impl Rule {
            /// The kind's answers (the only place that matches on the kind).
            pub fn kind(&self) -> &dyn Kind {
                match self {
                    $( Rule::$variant(r) => r, )*
                }
            }
        }

        /// The `kind` (and `form`) each parser reads, in the order the catalogue lists them.
        const PARSERS: &[(&str, Option<&str>, fn(&mut Parse<'_, '_>) -> Option<Rule>)] = &[
            $( ($kind, kinds!(@form $($form)?), |p| $parse(p).map(Rule::$variant)), )*
        ];
    };
    (@form) => { None };
    (@form $form:literal) => { Some($form) };
}

kinds! {
    Ratio(Ratio) = "ratio" => ratio::parse,
    MaxRatio(MaxRatio) = "max_ratio" => max_ratio::parse,
    Count(Count) = "count" => counts::parse_count,
    MaxCount(MaxCount) = "max_count" => counts::parse_max_count,
    Quantity(Quantity) = "quantity" => counts::parse_quantity,
    Boolean(Boolean) = "boolean" => boolean::parse,
    YearRatio(YearRatio) = "every_year" / "ratio" => every_year::parse_ratio,
    YearNumber(YearNumber) = "every_year" / "number" => every_year::parse_number,
    YearBoolean(YearBoolean) = "every_year" / "boolean" => every_year::parse_boolean,
    YearRating(YearRating) = "every_year" / "rating" => every_year::parse_rating,
}

/// Names in their first order, each once.
fn unique(names: Vec<&str>) -> Vec<&str> {
    let mut unique: Vec<&str> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    unique
}

impl Rule {
    pub fn kind_name(&self) -> &'static str {
        self.kind().name()
    }

    /// Every fact the rule reads, each once.
    pub fn facts(&self) -> Vec<&str> {
        unique(self.kind().facts())
    }

    /// The facts that must be given to judge it at `level`, each once.
    pub fn needs(&self, level: Level) -> Vec<&str> {
        unique(self.kind().needs(level))
    }

    /// Parses the `rule` table of an indicator; every problem is reported against the key that
    /// holds it (`l2`, `numerator`…), and `None` comes back when any was found.
    pub fn parse<'a, 'f>(
        table: &'a toml::Table,
        facts: &'a dyn Fn(&str) -> Option<&'f FactDef>,
        enums: &'a [EnumDef],
    ) -> Result<Rule, Vec<(String, Msg)>> {
        let kind = match table.get("kind").and_then(toml::Value::as_str) {
            Some(k) => k.to_string(),
            None => {
                return Err(vec![(
                    "kind".into(),
                    Msg::RuleNeeds {
                        kind: "?".into(),
                        what: "kind".into(),
                    },
                )]);
            }
        };
        let form = table.get("form").and_then(toml::Value::as_str);
        let Some((_, _, parse)) = PARSERS.iter().find(|(k, f, _)| *k == kind && *f == form) else {
            let mut known: Vec<String> = Vec::new();
            for (k, f, _) in PARSERS {
                let name = match f {
                    Some(f) => format!("{k}/{f}"),
                    None => k.to_string(),
                };
                known.push(name);
            }
            let what = match form {
                Some(f) => format!("{kind}/{f}"),
                None => kind.clone(),
            };
            return Err(vec![(
                if form.is_some() { "form" } else { "kind" }.into(),
                Msg::UnknownRuleKind {
                    kind: what,
                    known: known.join(", "),
                },
            )]);
        };
        let mut p = Parse {
            kind: kind.clone(),
            table,
            facts,
            enums,
            errors: Vec::new(),
            read: vec!["kind", "form"],
        };
        let rule = parse(&mut p);
        for key in table.keys() {
            if !p.read.contains(&key.as_str()) {
                p.errors.push((
                    key.clone(),
                    Msg::UnknownKey {
                        key: key.clone(),
                        section: "rule".into(),
                    },
                ));
            }
        }
        match rule {
            Some(r) if p.errors.is_empty() => Ok(r),
            _ => Err(p.errors),
        }
    }

    /// The kinds a criteria file may name, for documentation.
    pub fn known_kinds() -> Vec<String> {
        PARSERS
            .iter()
            .map(|(k, f, _)| match f {
                Some(f) => format!("{k}/{f}"),
                None => k.to_string(),
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing a rule table

/// What a kind's parser reads from: the rule's table, the set's facts and enums. Problems are
/// collected with the key they concern.
pub struct Parse<'a, 'f> {
    pub kind: String,
    table: &'a toml::Table,
    facts: &'a dyn Fn(&str) -> Option<&'f FactDef>,
    enums: &'a [EnumDef],
    errors: Vec<(String, Msg)>,
    /// Keys the parser read; any other key of the table is unknown.
    read: Vec<&'static str>,
}

/// What a fact must be for a rule to read it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Number,
    Boolean,
    Enum,
}

impl Parse<'_, '_> {
    pub fn error(&mut self, key: &str, msg: Msg) {
        self.errors.push((key.to_string(), msg));
    }

    fn mark(&mut self, key: &'static str) -> Option<&toml::Value> {
        if !self.read.contains(&key) {
            self.read.push(key);
        }
        self.table.get(key)
    }

    /// A required string.
    pub fn string(&mut self, key: &'static str) -> String {
        match self.mark(key).map(|v| v.as_str().map(str::to_string)) {
            Some(Some(s)) => s,
            _ => {
                let kind = self.kind.clone();
                self.error(
                    key,
                    Msg::RuleNeeds {
                        kind,
                        what: key.into(),
                    },
                );
                String::new()
            }
        }
    }

    /// A required list of strings, not empty.
    pub fn list(&mut self, key: &'static str) -> Vec<String> {
        match self.mark(key) {
            Some(toml::Value::Array(a)) if !a.is_empty() && a.iter().all(|x| x.is_str()) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => {
                self.error(key, Msg::ListNeeded { level: key.into() });
                Vec::new()
            }
        }
    }

    /// A required number.
    pub fn number(&mut self, key: &'static str) -> Option<Dec> {
        match self.mark(key) {
            Some(toml::Value::Integer(i)) => Some(Dec::from_int(*i)),
            Some(toml::Value::Float(f)) => Dec::from_f64(*f),
            Some(_) => {
                self.error(key, Msg::ThresholdNotNumber { level: key.into() });
                None
            }
            None => {
                let kind = self.kind.clone();
                self.error(
                    key,
                    Msg::RuleNeeds {
                        kind,
                        what: key.into(),
                    },
                );
                None
            }
        }
    }

    /// `l1` and `l2` within `min..=max`; `ge` says level 2 must be at least level 1 (a `>=`
    /// rule) or at most (a `<=` rule).
    pub fn thresholds(&mut self, min: Dec, max: Option<Dec>, ge: bool) -> Option<PerLevel<Dec>> {
        let get = |p: &mut Self, key: &'static str| -> Option<Dec> {
            let d = p.number(key)?;
            if d < min || max.is_some_and(|m| d > m) {
                p.error(
                    key,
                    Msg::ThresholdOutOfRange {
                        level: key.into(),
                        value: d,
                        min,
                        max,
                    },
                );
                return None;
            }
            Some(d)
        };
        let (l1, l2) = (get(self, "l1"), get(self, "l2"));
        let (l1, l2) = (l1?, l2?);
        if (ge && l2 < l1) || (!ge && l2 > l1) {
            self.error(
                "l2",
                Msg::LevelTwoLooser {
                    l1: l1.to_string(),
                    l2: l2.to_string(),
                    op: if ge { "≥" } else { "≤" },
                },
            );
            return None;
        }
        Some([l1, l2])
    }

    /// No `l1` or `l2` for a rule that takes none.
    pub fn no_thresholds(&mut self) {
        for key in ["l1", "l2"] {
            if self.mark(key).is_some() {
                let kind = self.kind.clone();
                self.error(key, Msg::NoThresholds { kind });
            }
        }
    }

    /// Checks that `name` (read from `key`) is a declared fact of the right type and scope.
    pub fn fact(&mut self, key: &str, name: &str, needs: Needs, series: bool) -> bool {
        if name.is_empty() {
            return false;
        }
        let Some(def) = (self.facts)(name) else {
            self.error(key, Msg::RuleUndeclaredFact { name: name.into() });
            return false;
        };
        let mut ok = true;
        if (def.scope == Scope::Series) != series {
            ok = false;
            let name = name.to_string();
            self.error(
                key,
                if series {
                    Msg::RuleNeedsSeries { name }
                } else {
                    Msg::RuleNeedsSingle { name }
                },
            );
        }
        let fits = match needs {
            Needs::Number => matches!(def.ty, FactType::Integer | FactType::Decimal),
            Needs::Boolean => def.ty == FactType::Bool,
            Needs::Enum => matches!(def.ty, FactType::Enum(_)),
        };
        if !fits {
            ok = false;
            let name = name.to_string();
            self.error(
                key,
                match needs {
                    Needs::Number => Msg::RuleNeedsNumber { name },
                    Needs::Boolean => Msg::RuleNeedsBoolean { name },
                    Needs::Enum => Msg::RuleNeedsEnum { name },
                },
            );
        }
        ok
    }

    /// The declaration of a fact (for a rule that needs its constraints or enum).
    pub fn fact_def(&self, name: &str) -> Option<&FactDef> {
        (self.facts)(name)
    }

    pub fn enum_def(&self, id: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|e| e.id == id)
    }
}

// ---------------------------------------------------------------------------------------------
// Judging a school

/// What a kind judges from: the school's facts in its window, and the indicator's dated
/// evidence and roadmap (for the path a ratio's gap takes).
pub struct Ctx<'a> {
    pub facts: &'a Facts,
    pub window: Window,
    pub window_years: u32,
    /// The dates of this indicator's evidence.
    pub evidence: &'a [Date],
    pub roadmap: &'a Roadmap,
}

impl Ctx<'_> {
    pub fn scalar(&self, name: &str) -> Option<&Value> {
        match self.facts.get(name)? {
            FactValue::Scalar(v) => Some(v),
            FactValue::Series(_) => None,
        }
    }

    pub fn num(&self, name: &str) -> Option<Dec> {
        self.scalar(name).and_then(Value::num)
    }

    pub fn series(&self, name: &str) -> Option<&BTreeMap<i32, Value>> {
        match self.facts.get(name)? {
            FactValue::Series(s) => Some(s),
            FactValue::Scalar(_) => None,
        }
    }

    /// First day a dossier can be filed without `year` in its window.
    pub fn roll_off_year(&self, year: i32) -> Date {
        let y = year + self.window_years as i32 + 1;
        Date::new(y as i16, 1, 1).unwrap_or(self.window.end)
    }
}

// ---------------------------------------------------------------------------------------------
// Planning

/// The plan's view of the facts, through which a kind closes its gap. The planner records
/// which indicator asked for each change.
pub trait Edits {
    fn get(&self, fact: &str) -> Option<Dec>;
    /// Sets a number; true when it changed.
    fn set(&mut self, fact: &str, value: Dec) -> bool;
    /// Raises a given fact to at least `target`; a missing fact is never invented.
    fn raise(&mut self, fact: &str, target: Dec) -> bool {
        match self.get(fact) {
            Some(cur) if cur < target => self.set(fact, target),
            _ => false,
        }
    }
    fn set_true(&mut self, fact: &str) -> bool;
    /// The wholes a new member of `fact` also counts in (`fact <= whole`, transitively).
    fn wholes(&self, fact: &str) -> Vec<String>;
}

/// The plan's facts moved to a later date: the window moves, known years inside it are kept,
/// the others filled so that they keep to the threshold (`filled`), and past events roll off.
pub struct Shift<'a> {
    pub window: Window,
    /// The planned facts as they are.
    pub facts: &'a Facts,
    /// Each series: the known years inside the new window, then the filled ones.
    pub series: BTreeMap<String, BTreeMap<i32, Value>>,
    /// Snapshot facts to replace (events that have left the window).
    pub replace: Vec<(String, Value)>,
}

impl Shift<'_> {
    /// The known values of a series inside the new window (before any filling).
    pub fn known(&self, name: &str) -> BTreeMap<i32, Value> {
        match self.facts.get(name) {
            Some(FactValue::Series(s)) => s
                .iter()
                .filter(|(y, _)| **y >= self.window.first_year && **y <= self.window.last_year)
                .map(|(y, v)| (*y, v.clone()))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// Fills every year of `name` that is not known with `value(year)`.
    pub fn fill(&mut self, name: &str, mut value: impl FnMut(i32, &Self) -> Option<Value>) {
        let known = self.known(name);
        let mut filled = Vec::new();
        for y in self.window.years() {
            if !known.contains_key(&y)
                && let Some(v) = value(y, self)
            {
                filled.push((y, v));
            }
        }
        if let Some(s) = self.series.get_mut(name) {
            s.extend(filled);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Showing a rule

/// Words a kind needs from the set to show itself, in the reader's language.
pub trait Labels {
    fn label(&self, fact: &str) -> String;
    /// The fact's unit, empty when it has none.
    fn unit(&self, fact: &str) -> String;
    /// An enum code's label.
    fn grade(&self, enum_id: &str, code: &str) -> String;
    /// A number as the reader writes it.
    fn num(&self, d: Dec) -> String;
    /// The percent sign with its spacing (` %` in Vietnamese, `%` in English).
    fn pct(&self) -> &'static str;
}

/// A rule as the catalogue, `explain` and the reports show it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RuleView {
    pub kind: &'static str,
    pub form: &'static str,
    pub every_year: bool,
    /// `>=`, `<=` or empty (booleans).
    pub comparison: &'static str,
    /// Each level's threshold as shown (a number, or the facts or grade required).
    pub levels: [String; 2],
    /// What follows a value: ` %`, ` m²`, or nothing.
    pub unit_suffix: String,
    /// The unit alone (empty for percentages and booleans).
    pub unit: String,
    /// Values are percentages.
    pub percent: bool,
    pub facts: Vec<FactRef>,
    /// `numerator / denominator`, or the fact counted.
    pub formula: String,
    /// The fact whose units the near-miss warning counts (ratio numerator or counted fact).
    pub subject: String,
    /// Whether a met value one unit short of the threshold is flagged (whole-thing counts).
    pub near_miss_counts: bool,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FactRef {
    pub name: String,
    pub label: String,
}

impl RuleView {
    /// The common shape; kinds fill in the rest.
    pub fn new(kind: &dyn Kind, labels: &dyn Labels) -> RuleView {
        RuleView {
            kind: kind.name(),
            form: kind.form(),
            every_year: kind.name() == "every_year",
            comparison: "",
            levels: [String::new(), String::new()],
            unit_suffix: String::new(),
            unit: String::new(),
            percent: false,
            facts: kind
                .facts()
                .into_iter()
                .map(|f| FactRef {
                    name: f.to_string(),
                    label: labels.label(f),
                })
                .collect(),
            formula: String::new(),
            subject: String::new(),
            near_miss_counts: false,
        }
    }

    /// Thresholds shown as numbers, with the unit of `fact` (or a percent sign).
    pub fn numeric(
        mut self,
        labels: &dyn Labels,
        comparison: &'static str,
        threshold: &PerLevel<Dec>,
        unit_of: Option<&str>,
    ) -> RuleView {
        self.comparison = comparison;
        self.levels = [labels.num(threshold[0]), labels.num(threshold[1])];
        match unit_of {
            None => {
                self.percent = true;
                self.unit_suffix = labels.pct().to_string();
            }
            Some(f) => {
                let u = labels.unit(f);
                if u == "%" {
                    self.percent = true;
                    self.unit_suffix = labels.pct().to_string();
                } else if !u.is_empty() {
                    self.unit_suffix = format!(" {u}");
                    self.unit = u;
                }
            }
        }
        self
    }
}
