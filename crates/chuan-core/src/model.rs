//! The vocabulary a criteria set and a school file share: levels, the facts a set declares
//! (types, scopes, constraints, expressions over them), enums, roadmap metadata, and the values
//! a school gives for those facts within its evaluation window.
//!
//! Everything above this module (rule kinds, the set's loader, the school's loader, evaluation,
//! planning) speaks in these terms; none of it is about a particular regulation.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::decimal::Dec;

/// One of the two levels of a standard: chuẩn mức 1 or chuẩn mức 2.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    #[default]
    L1,
    L2,
}

impl Level {
    pub const BOTH: [Level; 2] = [Level::L1, Level::L2];

    /// 1 or 2, as people and files write it.
    pub fn number(self) -> u8 {
        match self {
            Level::L1 => 1,
            Level::L2 => 2,
        }
    }

    /// The level numbered 1 or 2; `None` for any other number.
    pub fn from_number(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::L1),
            2 => Some(Level::L2),
            _ => None,
        }
    }

    /// Index into a [`PerLevel`] pair.
    pub fn index(self) -> usize {
        match self {
            Level::L1 => 0,
            Level::L2 => 1,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl schemars::JsonSchema for Level {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Level".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "enum": [1, 2], "description": "chuẩn mức 1 or 2" })
    }
}

/// The years chuan handles (dossier dates, plan starts and deadlines): date arithmetic stays far
/// inside the calendar, and a typing slip (`0202`, `20230`) is refused instead of planned.
pub const YEARS: (i32, i32) = (1990, 2100);

/// A value per level: index 0 is level 1, index 1 is level 2 (see [`Level::index`]).
pub type PerLevel<T> = [T; 2];

#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EnumValue {
    pub code: String,
    #[serde(borrow)]
    pub label_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub label_en: Cow<'static, str>,
}

/// An ordered enum, best value first.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct EnumDef {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub values: Vec<EnumValue>,
}

impl EnumDef {
    /// Rank of a code: 0 is the best.
    pub fn rank(&self, code: &str) -> Option<usize> {
        self.values.iter().position(|v| v.code == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    Bool,
    Integer,
    Decimal,
    Enum(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Measured at the dossier date.
    Snapshot,
    /// A sum of events dated inside the evaluation window.
    Window,
    /// One value per window year.
    Series,
}

/// `fact_a + fact_b - fact_c`: a sum of declared facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Expr {
    pub terms: Vec<(bool, String)>,
}

impl Expr {
    pub fn parse(text: &str) -> Option<Expr> {
        let mut terms = Vec::new();
        let mut positive = true;
        let mut expect_name = true;
        for tok in text.split_whitespace() {
            match (tok, expect_name) {
                ("+", false) => {
                    positive = true;
                    expect_name = true;
                }
                ("-", false) => {
                    positive = false;
                    expect_name = true;
                }
                (name, true)
                    if name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
                {
                    terms.push((positive, name.to_string()));
                    expect_name = false;
                }
                _ => return None,
            }
        }
        if expect_name || terms.is_empty() {
            None
        } else {
            Some(Expr { terms })
        }
    }

    pub fn single(&self) -> Option<&str> {
        match self.terms.as_slice() {
            [(true, name)] => Some(name),
            _ => None,
        }
    }

    pub fn facts(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|(_, n)| n.as_str())
    }
}

impl Expr {
    /// The sum as written in criteria files and gap records: `a + b - c`. Built directly, not
    /// through `fmt` (every ratio gap of every school of a board carries two).
    pub fn text(&self) -> String {
        let len = self.terms.iter().map(|(_, n)| n.len() + 3).sum();
        let mut out = String::with_capacity(len);
        for (i, (pos, name)) in self.terms.iter().enumerate() {
            out.push_str(match (i, pos) {
                (0, true) => "",
                (0, false) => "-",
                (_, true) => " + ",
                (_, false) => " - ",
            });
            out.push_str(name);
        }
        out
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum CmpOp {
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "==")]
    Eq,
}

impl CmpOp {
    pub fn holds(self, a: Dec, b: Dec) -> bool {
        match self {
            CmpOp::Le => a <= b,
            CmpOp::Ge => a >= b,
            CmpOp::Eq => a == b,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Le => "≤",
            CmpOp::Ge => "≥",
            CmpOp::Eq => "=",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Constraint {
    Compare { op: CmpOp, expr: Expr },
    Implies(String),
}

#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FactDef {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: FactType,
    pub scope: Scope,
    #[serde(borrow)]
    pub unit_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub unit_en: Cow<'static, str>,
    #[serde(borrow)]
    pub label_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub label_en: Cow<'static, str>,
    #[serde(borrow)]
    pub noun_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub noun_en: Cow<'static, str>,
    pub min: Option<Dec>,
    pub max: Option<Dec>,
    pub min_exclusive: Option<Dec>,
    /// The range real schools' values fall in: a value outside it is accepted with a warning
    /// (it is most often a typing slip, such as `25.300` for 25 300 m²).
    pub plausible: Option<(Dec, Dec)>,
    pub constraints: Vec<Constraint>,
    /// For a series: the snapshot fact its last year should be close to.
    pub tracks: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    Confirmed,
    Reconstructed,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Cost {
    Low,
    Medium,
    High,
}

#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Roadmap {
    #[serde(borrow)]
    pub action_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub action_en: Cow<'static, str>,
    pub lead_time_months: u32,
    pub cost: Cost,
    pub depends_on: Vec<String>,
    /// A ratio whose numerator is part of its denominator can close its gap two ways: move
    /// members of the whole into the part (`convert`), or add new members who count in both
    /// (`add`). Each may carry its own wording, lead time and cost; without data, a path takes
    /// the indicator's own.
    pub convert: Option<PathOption>,
    pub add: Option<PathOption>,
}

/// One way to close a part-of-whole ratio's gap, as the set describes it.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PathOption {
    #[serde(borrow)]
    pub action_vi: Cow<'static, str>,
    #[serde(borrow)]
    pub action_en: Cow<'static, str>,
    /// The gap sentence's phrase for this path; `{n}` is replaced by the number of people.
    pub gap_vi: Option<String>,
    pub gap_en: Option<String>,
    /// The term of an identity (e.g. `lecturers_concurrent` in `lecturers_total ==
    /// lecturers_fulltime + lecturers_concurrent`) that the moved or new members join; without
    /// it they join the identity's first term.
    pub via: Option<String>,
    pub lead_time_months: u32,
    pub cost: Cost,
}

/// Which of a part-of-whole ratio's two paths closes the gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RatioPath {
    /// Members of the whole move into the part; the denominator stays.
    Convert,
    /// New members join, counting in the part and in the whole.
    Add,
}

impl Roadmap {
    /// Lead time and cost of a path (the indicator's own where the set gives none).
    pub fn path_terms(&self, path: RatioPath) -> (u32, Cost) {
        let opt = match path {
            RatioPath::Convert => self.convert.as_ref(),
            RatioPath::Add => self.add.as_ref(),
        };
        opt.map_or((self.lead_time_months, self.cost), |o| {
            (o.lead_time_months, o.cost)
        })
    }

    /// The path to take, by the rule in DESIGN.md: the lower cost class first, then the fewer
    /// people changed, then the shorter lead time; a full tie keeps the denominator (convert).
    pub fn choose_path(&self, convert_amount: Dec, add_amount: Option<Dec>) -> RatioPath {
        let Some(add_amount) = add_amount else {
            return RatioPath::Convert;
        };
        let (cl, cc) = self.path_terms(RatioPath::Convert);
        let (al, ac) = self.path_terms(RatioPath::Add);
        if (ac, add_amount, al) < (cc, convert_amount, cl) {
            RatioPath::Add
        } else {
            RatioPath::Convert
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Num(Dec),
    /// An enum code and its rank (0 = best).
    Grade(String, #[serde(skip)] usize),
}

impl Value {
    pub fn num(&self) -> Option<Dec> {
        match self {
            Value::Num(d) => Some(*d),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FactValue {
    Scalar(Value),
    Series(BTreeMap<i32, Value>),
}

/// A school's facts by name ([`FastMap`]: these lookups dominate validation and evaluation).
pub type Facts = FastMap<String, FactValue>;

/// A map with a fast fixed hash (foldhash), for keys that are the set's own names (facts,
/// indicators) or a school file's keys: no defence against hash flooding is needed, and the
/// same hash on every run keeps iteration order stable.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A set with the same hash (keys of one table of a school file).
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// The evaluation window of a dossier date.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Window {
    /// First day counted: the dossier date minus the window length.
    pub start: Date,
    /// The dossier date (not counted).
    pub end: Date,
    pub first_year: i32,
    pub last_year: i32,
}

impl Window {
    pub fn of(dossier: Date, years: u32) -> Window {
        let y = i32::from(dossier.year());
        let start = dossier
            .checked_sub((years as i64).years())
            .unwrap_or(dossier);
        Window {
            start,
            end: dossier,
            first_year: y - years as i32,
            last_year: y - 1,
        }
    }

    pub fn years(&self) -> impl Iterator<Item = i32> {
        self.first_year..=self.last_year
    }
}

/// Sum of an expression's facts, for one year of series or for scalars; `None` if any is missing.
pub fn eval_expr(expr: &Expr, facts: &Facts, year: Option<i32>) -> Option<Dec> {
    let mut total = Dec::ZERO;
    for (positive, name) in &expr.terms {
        let v = match (facts.get(name)?, year) {
            (FactValue::Scalar(v), _) => v.num()?,
            (FactValue::Series(s), Some(y)) => s.get(&y)?.num()?,
            (FactValue::Series(_), None) => return None,
        };
        total = if *positive { total + v } else { total - v };
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::Expr;

    #[test]
    fn an_expression_is_written_back_as_the_set_writes_it() {
        for text in ["lecturers", "a + b", "staff_total - staff_on_leave + b2"] {
            let e = Expr::parse(&format!("  {text} ")).unwrap();
            assert_eq!(e.text(), text);
            assert_eq!(e.to_string(), text);
        }
        assert!(Expr::parse("- a").is_none());
    }
}
