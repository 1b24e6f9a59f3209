//! What a rule says of a school at one level: a status, the value against the threshold, and
//! the gap in the fact's own unit. Every kind answers in these terms.

use jiff::civil::Date;
use serde::Serialize;

use crate::decimal::Dec;
use crate::model::RatioPath;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    Unknown,
    NotApplicable,
    Waived,
}

impl Status {
    /// Every status, in declaration order (`ALL[s as usize] == s`).
    pub const ALL: [Status; 5] = [
        Status::Met,
        Status::NotMet,
        Status::Unknown,
        Status::NotApplicable,
        Status::Waived,
    ];

    /// The snake_case name used in JSON, templates and criteria tests.
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not_applicable",
            Status::Waived => "waived",
        }
    }
}

/// How far a school is from a threshold, in the fact's own unit.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// A ratio below its threshold: `amount` more in the numerator, the denominator unchanged
    /// (members of the whole move into the part). When the numerator is part of the
    /// denominator, `add` is the other path: new members who count in both. `path` is the one
    /// the set's rule prefers; `roadmap` takes the same.
    Ratio {
        numerator: String,
        denominator: String,
        current: Dec,
        of: Dec,
        target: Dec,
        amount: Dec,
        add: Option<AddPath>,
        path: RatioPath,
    },
    /// A share above its cap (`max_ratio`): `amount` fewer in the numerator (they stay in the
    /// whole), or `grow` more in the whole who are not in the part.
    Cap {
        numerator: String,
        denominator: String,
        current: Dec,
        of: Dec,
        /// The most the numerator may be with the denominator unchanged.
        limit: Dec,
        amount: Dec,
        /// Members of the whole outside the part to add instead, when a number can do it.
        grow: Option<Dec>,
    },
    /// A count or quantity below its minimum.
    Shortfall {
        fact: String,
        current: Dec,
        target: Dec,
        amount: Dec,
    },
    /// A count above its maximum (past events: it can only roll off).
    Excess {
        fact: String,
        current: Dec,
        limit: Dec,
        amount: Dec,
        /// Exact date the last dated event leaves the window, when evidence dates are given.
        roll_off: Option<Date>,
        /// Latest possible roll-off date (every event lies before the dossier date).
        roll_off_by: Date,
    },
    /// Boolean facts that are not true.
    Flags { facts: Vec<String> },
    /// Window years that failed; a past year cannot be repaired, only outlived.
    Years {
        years: Vec<YearFailure>,
        roll_off: Date,
    },
}

/// New members who count in a ratio's numerator and denominator: `amount` of them take it to
/// `target / of`.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct AddPath {
    pub amount: Dec,
    pub target: Dec,
    pub of: Dec,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct MissingYears {
    pub fact: String,
    pub years: Vec<i32>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct YearFailure {
    pub year: i32,
    /// Percent for a ratio, the number, or null for a boolean or a rating.
    pub value: Option<Dec>,
    pub grade: Option<String>,
    /// Ratio years: persons missing that year to reach the threshold.
    pub shortfall: Option<Dec>,
    /// First day a dossier can be filed without this year in its window.
    pub roll_off: Date,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct LevelResult {
    pub status: Status,
    /// The rule's own verdict before a person's not_applicable or waiver.
    pub computed: Option<Status>,
    /// Percent for ratios, the count or quantity, or the worst year's value for per-year rules.
    pub value: Option<Dec>,
    pub threshold: Option<Dec>,
    /// `>=` or `<=`: how value compares with threshold when met.
    pub comparison: Option<&'static str>,
    /// Ratios: numerator and denominator as counted.
    pub numerator: Option<Dec>,
    pub denominator: Option<Dec>,
    /// Ratings: the worst grade in the window and the grade required.
    pub grade: Option<String>,
    pub required_grade: Option<String>,
    pub gap: Option<Gap>,
    /// Facts whose absence makes the status unknown.
    pub missing: Vec<String>,
    /// Series given for only some window years: the years missing (unknown unless a known year
    /// already failed).
    pub missing_years: Vec<MissingYears>,
    /// Why a status is unknown although no fact is missing (e.g. `zero_denominator`).
    pub reason: Option<&'static str>,
    /// Met, but one person leaving the numerator (and the denominator), or one unit fewer in a
    /// count, would lose it.
    pub near_miss: bool,
}

impl LevelResult {
    pub fn new(status: Status) -> LevelResult {
        LevelResult {
            status,
            computed: None,
            value: None,
            threshold: None,
            comparison: None,
            numerator: None,
            denominator: None,
            grade: None,
            required_grade: None,
            gap: None,
            missing: Vec::new(),
            missing_years: Vec::new(),
            reason: None,
            near_miss: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn all_lists_each_status_at_its_own_index() {
        for (i, s) in Status::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i, "{s:?}");
        }
    }
}
