//! Evaluation: one status per indicator and level, the quantified gap in the fact's own unit,
//! failed years with the date they leave the window, "exceeded", and the summary counts.
//!
//! Statuses: met, not_met, unknown (a needed fact is missing), not_applicable, waived.
//! A level is attained only when every indicator is met (or not applicable) at that level;
//! unknown never counts as met.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::criteria::{CriteriaSet, ExceededRule, Indicator, Rule, YearRule};
use crate::decimal::Dec;
use crate::model::{FactValue, Facts, Value, Window, eval_expr};
use crate::model::{Provenance, RatioPath};
use crate::school::{ManualStatus, School};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    Unknown,
    NotApplicable,
    Waived,
}

impl Status {
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
#[derive(Clone, Debug, Serialize, PartialEq)]
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
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct AddPath {
    pub amount: Dec,
    pub target: Dec,
    pub of: Dec,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MissingYears {
    pub fact: String,
    pub years: Vec<i32>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
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

#[derive(Clone, Debug, Serialize)]
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
    fn new(status: Status) -> LevelResult {
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

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorResult {
    pub id: String,
    pub group: u32,
    pub kind: &'static str,
    pub provenance: Provenance,
    pub provenance_l2: Provenance,
    /// Strictly better than level 1, by the set's rule (only when level 1 is met).
    pub exceeded: bool,
    pub level1: LevelResult,
    pub level2: LevelResult,
    /// A person's not_applicable or waiver, as written in the file.
    pub declared: Option<ManualStatus>,
    /// `expired` or `undated` when a waiver could not be applied.
    pub waiver_problem: Option<&'static str>,
    pub evidence_count: usize,
}

impl IndicatorResult {
    pub fn level(&self, level: u8) -> &LevelResult {
        if level == 2 {
            &self.level2
        } else {
            &self.level1
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub met: usize,
    pub not_met: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub waived: usize,
}

impl Counts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Met => self.met += 1,
            Status::NotMet => self.not_met += 1,
            Status::Unknown => self.unknown += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::Waived => self.waived += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.met + self.not_met + self.unknown + self.not_applicable + self.waived
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelSummary {
    #[serde(flatten)]
    pub counts: Counts,
    /// Every indicator met or not applicable at this level.
    pub attained: bool,
    /// Met count if every unknown turned out met: `met … met + unknown`.
    pub best_case: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupSummary {
    pub id: u32,
    pub name_vi: String,
    pub name_en: String,
    pub total: usize,
    pub level1: Counts,
    pub level2: Counts,
    pub exceeded: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub total: usize,
    pub level1: LevelSummary,
    pub level2: LevelSummary,
    pub exceeded: usize,
    /// 0, 1 or 2.
    pub attained_level: u8,
    /// Indicators whose wording and level-1 threshold are a reconstruction.
    pub reconstructed: usize,
    /// Indicators whose level-2 threshold is a reconstruction.
    pub reconstructed_l2: usize,
    pub groups: Vec<GroupSummary>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SchoolInfo {
    pub id: String,
    pub name: String,
    pub province: String,
    pub predecessors: Vec<String>,
    pub dossier_date: Date,
    pub file: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SetInfo {
    pub id: String,
    pub version: String,
    pub regulation: String,
    pub title_vi: String,
    pub title_en: String,
    pub status: String,
    pub exceeded_rule: ExceededRule,
}

#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub school: SchoolInfo,
    pub criteria: SetInfo,
    pub window: Window,
    pub summary: Summary,
    pub indicators: Vec<IndicatorResult>,
}

/// A CI gate on an evaluation: `--require-level` and/or `--min-met` at a level.
#[derive(Clone, Debug, Serialize)]
pub struct Gate {
    pub require_level: Option<u8>,
    pub min_met: Option<usize>,
    /// The level `min_met` counts at.
    pub level: u8,
    pub attained_level: u8,
    pub met: usize,
    pub passed: bool,
}

impl Gate {
    /// Judges the gates given on the command line; `None` when none was given.
    pub fn judge(
        summary: &Summary,
        require_level: Option<u8>,
        min_met: Option<usize>,
        level: u8,
    ) -> Option<Gate> {
        if require_level.is_none() && min_met.is_none() {
            return None;
        }
        let met = if level == 2 {
            summary.level2.counts.met
        } else {
            summary.level1.counts.met
        };
        let passed = require_level.is_none_or(|l| summary.attained_level >= l)
            && min_met.is_none_or(|m| met >= m);
        Some(Gate {
            require_level,
            min_met,
            level,
            attained_level: summary.attained_level,
            met,
            passed,
        })
    }
}

/// Evaluates a validated school against its criteria set.
pub fn evaluate(set: &CriteriaSet, school: &School) -> Evaluation {
    let window = school.window(set);
    let ctx = Ctx {
        facts: &school.facts,
        window,
        window_years: set.window_years,
        school,
    };
    let indicators: Vec<IndicatorResult> = set
        .indicators
        .iter()
        .map(|ind| ctx.indicator(set, ind))
        .collect();
    let summary = summarize(set, &indicators);
    Evaluation {
        school: SchoolInfo {
            id: school.id.clone(),
            name: school.name.clone(),
            province: school.province.clone(),
            predecessors: school.predecessors.clone(),
            dossier_date: school.dossier_date,
            file: school.path.clone(),
            note: school.note.clone(),
        },
        criteria: set_info(set),
        window,
        summary,
        indicators,
    }
}

pub fn set_info(set: &CriteriaSet) -> SetInfo {
    SetInfo {
        id: set.meta.id.clone(),
        version: set.meta.version.clone(),
        regulation: set.meta.regulation.clone(),
        title_vi: set.meta.title_vi.clone(),
        title_en: set.meta.title_en.clone(),
        status: set.meta.status.clone(),
        exceeded_rule: set.exceeded_rule,
    }
}

fn summarize(set: &CriteriaSet, results: &[IndicatorResult]) -> Summary {
    let mut c1 = Counts::default();
    let mut c2 = Counts::default();
    let mut groups: Vec<GroupSummary> = set
        .groups
        .iter()
        .map(|g| GroupSummary {
            id: g.id,
            name_vi: g.name_vi.clone(),
            name_en: g.name_en.clone(),
            total: 0,
            level1: Counts::default(),
            level2: Counts::default(),
            exceeded: 0,
        })
        .collect();
    let mut exceeded = 0;
    for r in results {
        c1.add(r.level1.status);
        c2.add(r.level2.status);
        exceeded += usize::from(r.exceeded);
        if let Some(g) = groups.iter_mut().find(|g| g.id == r.group) {
            g.total += 1;
            g.level1.add(r.level1.status);
            g.level2.add(r.level2.status);
            g.exceeded += usize::from(r.exceeded);
        }
    }
    let level = |c: Counts| LevelSummary {
        attained: c.met + c.not_applicable == c.total(),
        best_case: c.met + c.unknown,
        counts: c,
    };
    let (l1, l2) = (level(c1), level(c2));
    let attained_level = if l1.attained && l2.attained {
        2
    } else {
        u8::from(l1.attained)
    };
    Summary {
        total: results.len(),
        level1: l1,
        level2: l2,
        exceeded,
        attained_level,
        reconstructed: set
            .indicators
            .iter()
            .filter(|i| i.provenance == Provenance::Reconstructed)
            .count(),
        reconstructed_l2: set
            .indicators
            .iter()
            .filter(|i| i.provenance_l2 == Provenance::Reconstructed)
            .count(),
        groups,
    }
}

struct Ctx<'a> {
    facts: &'a Facts,
    window: Window,
    window_years: u32,
    school: &'a School,
}

/// Window years missing from the series a per-year rule reads.
#[derive(Default)]
struct YearGaps(Vec<MissingYears>);

impl YearGaps {
    fn note(&mut self, fact: &str, year: i32) {
        match self.0.iter_mut().find(|m| m.fact == fact) {
            Some(m) => m.years.push(year),
            None => self.0.push(MissingYears {
                fact: fact.to_string(),
                years: vec![year],
            }),
        }
    }
}

fn status_of(ok: bool) -> Status {
    if ok { Status::Met } else { Status::NotMet }
}

impl Ctx<'_> {
    fn indicator(&self, set: &CriteriaSet, ind: &Indicator) -> IndicatorResult {
        let mut levels = [self.level(set, ind, 0), self.level(set, ind, 1)];
        let exceeded = levels[0].status == Status::Met && self.exceeded(set, ind, &levels);
        let declared = self.school.statuses.get(&ind.id).cloned();
        let mut waiver_problem = None;
        for lr in levels.iter_mut() {
            match &declared {
                Some(ManualStatus::NotApplicable { .. }) => {
                    lr.computed = Some(lr.status);
                    lr.status = Status::NotApplicable;
                }
                Some(ManualStatus::Waived { expires, .. }) if lr.status != Status::Met => {
                    lr.computed = Some(lr.status);
                    match expires {
                        Some(d) if *d >= self.school.dossier_date => lr.status = Status::Waived,
                        Some(_) => {
                            waiver_problem = Some("expired");
                            lr.status = Status::NotMet;
                        }
                        None => {
                            waiver_problem = Some("undated");
                            lr.status = Status::NotMet;
                        }
                    }
                }
                _ => {}
            }
        }
        let [level1, level2] = levels;
        IndicatorResult {
            id: ind.id.clone(),
            group: ind.group,
            kind: ind.rule.kind_name(),
            provenance: ind.provenance,
            provenance_l2: ind.provenance_l2,
            exceeded: exceeded && level1.status == Status::Met,
            level1,
            level2,
            declared,
            waiver_problem,
            evidence_count: self.school.evidence.get(&ind.id).map_or(0, Vec::len),
        }
    }

    fn missing<'f>(&self, names: impl IntoIterator<Item = &'f str>) -> Vec<String> {
        let mut out: Vec<String> = names
            .into_iter()
            .filter(|n| !self.facts.contains_key(*n))
            .map(str::to_string)
            .collect();
        out.dedup();
        out
    }

    fn scalar(&self, name: &str) -> Option<&Value> {
        match self.facts.get(name)? {
            FactValue::Scalar(v) => Some(v),
            FactValue::Series(_) => None,
        }
    }

    fn series(&self, name: &str) -> Option<&BTreeMap<i32, Value>> {
        match self.facts.get(name)? {
            FactValue::Series(s) => Some(s),
            FactValue::Scalar(_) => None,
        }
    }

    fn roll_off_year(&self, year: i32) -> Date {
        let y = year + self.window_years as i32 + 1;
        Date::new(y as i16, 1, 1).unwrap_or(self.window.end)
    }

    fn level(&self, set: &CriteriaSet, ind: &Indicator, l: usize) -> LevelResult {
        // a boolean rule is decided by its own level's list only
        let missing = match &ind.rule {
            Rule::Boolean { facts } => self.missing(facts[l].iter().map(String::as_str)),
            _ => self.missing(ind.reads.iter().map(String::as_str)),
        };
        if !missing.is_empty() {
            let mut r = LevelResult::new(Status::Unknown);
            r.missing = missing;
            return r;
        }
        match &ind.rule {
            Rule::Ratio {
                numerator,
                denominator,
                threshold,
            } => {
                let thr = threshold[l];
                let (Some(num), Some(den)) = (
                    eval_expr(numerator, self.facts, None),
                    eval_expr(denominator, self.facts, None),
                ) else {
                    return LevelResult::new(Status::Unknown);
                };
                let mut r = LevelResult::new(Status::Unknown);
                r.threshold = Some(thr);
                r.comparison = Some(">=");
                r.numerator = Some(num);
                r.denominator = Some(den);
                if den <= Dec::ZERO {
                    r.reason = Some("zero_denominator");
                    return r;
                }
                r.value = Dec::percent(num, den, 2);
                let ok = Dec::cmp_ratio(num, den, thr) != Ordering::Less;
                r.status = status_of(ok);
                let one = Dec::from_int(1);
                // one person counted in the numerator leaves (and so leaves the denominator too)
                r.near_miss = ok
                    && num >= one
                    && den > one
                    && Dec::cmp_ratio(num - one, den - one, thr) == Ordering::Less;
                if !ok {
                    let target = Dec::from_int(Dec::min_numerator(den, thr) as i64);
                    let add = ind
                        .part_of_whole
                        .then(|| Dec::min_added(num, den, thr))
                        .flatten()
                        .map(|m| {
                            let m = Dec::from_int(m as i64);
                            AddPath {
                                amount: m,
                                target: num + m,
                                of: den + m,
                            }
                        });
                    let amount = target - num;
                    r.gap = Some(Gap::Ratio {
                        numerator: numerator.to_string(),
                        denominator: denominator.to_string(),
                        current: num,
                        of: den,
                        target,
                        amount,
                        add,
                        path: ind.roadmap.choose_path(amount, add.map(|a| a.amount)),
                    });
                }
                r
            }
            Rule::Count { fact, threshold } | Rule::Quantity { fact, threshold } => {
                let v = self.scalar(fact).and_then(Value::num).unwrap_or_default();
                let thr = threshold[l];
                let mut r = LevelResult::new(status_of(v >= thr));
                // a count of whole things (not a quantity such as m² or VND) one unit from losing it
                r.near_miss = matches!(ind.rule, Rule::Count { .. })
                    && v >= thr
                    && thr > Dec::ZERO
                    && v - Dec::from_int(1) < thr;
                r.value = Some(v);
                r.threshold = Some(thr);
                r.comparison = Some(">=");
                if v < thr {
                    r.gap = Some(Gap::Shortfall {
                        fact: fact.clone(),
                        current: v,
                        target: thr,
                        amount: thr - v,
                    });
                }
                r
            }
            Rule::MaxCount { fact, threshold } => {
                let v = self.scalar(fact).and_then(Value::num).unwrap_or_default();
                let thr = threshold[l];
                let mut r = LevelResult::new(status_of(v <= thr));
                r.value = Some(v);
                r.threshold = Some(thr);
                r.comparison = Some("<=");
                if v > thr {
                    let years = (self.window_years as i64).years();
                    let roll_off = self
                        .school
                        .evidence
                        .get(&ind.id)
                        .and_then(|ev| ev.iter().map(|e| e.date).max())
                        .and_then(|d| d.checked_add(years).ok().and_then(|x| x.tomorrow().ok()));
                    let roll_off_by = self
                        .window
                        .end
                        .checked_add(years)
                        .unwrap_or(self.window.end);
                    r.gap = Some(Gap::Excess {
                        fact: fact.clone(),
                        current: v,
                        limit: thr,
                        amount: v - thr,
                        roll_off,
                        roll_off_by,
                    });
                }
                r
            }
            Rule::Boolean { facts } => {
                let falses: Vec<String> = facts[l]
                    .iter()
                    .filter(|f| self.scalar(f) != Some(&Value::Bool(true)))
                    .cloned()
                    .collect();
                let mut r = LevelResult::new(status_of(falses.is_empty()));
                if !falses.is_empty() {
                    r.gap = Some(Gap::Flags { facts: falses });
                }
                r
            }
            Rule::EveryYear(yr) => self.every_year(set, yr, l),
        }
    }

    fn every_year(&self, set: &CriteriaSet, yr: &YearRule, l: usize) -> LevelResult {
        let mut r = LevelResult::new(Status::Met);
        let mut failures = Vec::new();
        let mut worst: Option<Dec> = None;
        let mut gaps = YearGaps::default();
        let years: Vec<i32> = self.window.years().collect();
        match yr {
            YearRule::Ratio {
                numerator,
                denominator,
                threshold,
            } => {
                let (Some(ns), Some(ds)) = (self.series(numerator), self.series(denominator))
                else {
                    return LevelResult::new(Status::Unknown);
                };
                let thr = threshold[l];
                r.threshold = Some(thr);
                r.comparison = Some(">=");
                for y in &years {
                    let (n, d) = (
                        ns.get(y).and_then(Value::num),
                        ds.get(y).and_then(Value::num),
                    );
                    if n.is_none() {
                        gaps.note(numerator, *y);
                    }
                    if d.is_none() {
                        gaps.note(denominator, *y);
                    }
                    let (Some(n), Some(d)) = (n, d) else {
                        continue;
                    };
                    if d <= Dec::ZERO {
                        r.status = Status::Unknown;
                        r.reason = Some("zero_denominator");
                        return r;
                    }
                    let pct = Dec::percent(n, d, 2);
                    worst = match (worst, pct) {
                        (Some(w), Some(p)) => Some(w.min(p)),
                        (None, p) => p,
                        (w, None) => w,
                    };
                    if Dec::cmp_ratio(n, d, thr) == Ordering::Less {
                        let need = Dec::from_int(Dec::min_numerator(d, thr) as i64);
                        failures.push(YearFailure {
                            year: *y,
                            value: pct,
                            grade: None,
                            shortfall: Some(need - n),
                            roll_off: self.roll_off_year(*y),
                        });
                    }
                }
            }
            YearRule::Number { series, threshold } => {
                let Some(s) = self.series(series) else {
                    return LevelResult::new(Status::Unknown);
                };
                let thr = threshold[l];
                r.threshold = Some(thr);
                r.comparison = Some(">=");
                for y in &years {
                    let Some(v) = s.get(y).and_then(Value::num) else {
                        gaps.note(series, *y);
                        continue;
                    };
                    worst = Some(worst.map_or(v, |w| w.min(v)));
                    if v < thr {
                        failures.push(YearFailure {
                            year: *y,
                            value: Some(v),
                            grade: None,
                            shortfall: Some(thr - v),
                            roll_off: self.roll_off_year(*y),
                        });
                    }
                }
            }
            YearRule::Boolean { series } => {
                let Some(s) = self.series(series) else {
                    return LevelResult::new(Status::Unknown);
                };
                for y in &years {
                    match s.get(y) {
                        Some(Value::Bool(true)) => {}
                        Some(_) => failures.push(YearFailure {
                            year: *y,
                            value: None,
                            grade: None,
                            shortfall: None,
                            roll_off: self.roll_off_year(*y),
                        }),
                        None => gaps.note(series, *y),
                    }
                }
            }
            YearRule::Rating {
                series,
                enum_id,
                threshold,
            } => {
                let Some(s) = self.series(series) else {
                    return LevelResult::new(Status::Unknown);
                };
                let Some(def) = set.enum_def(enum_id) else {
                    return LevelResult::new(Status::Unknown);
                };
                let need = def.rank(&threshold[l]).unwrap_or(0);
                r.required_grade = Some(threshold[l].clone());
                let mut worst_rank: Option<(usize, String)> = None;
                for y in &years {
                    let Some(Value::Grade(code, rank)) = s.get(y) else {
                        gaps.note(series, *y);
                        continue;
                    };
                    if worst_rank.as_ref().is_none_or(|(w, _)| rank > w) {
                        worst_rank = Some((*rank, code.clone()));
                    }
                    if *rank > need {
                        failures.push(YearFailure {
                            year: *y,
                            value: None,
                            grade: Some(code.clone()),
                            shortfall: None,
                            roll_off: self.roll_off_year(*y),
                        });
                    }
                }
                r.grade = worst_rank.map(|(_, c)| c);
            }
        }
        r.value = worst;
        r.missing_years = gaps.0;
        // a known failed year decides the rule; otherwise a missing year leaves it unknown
        if failures.is_empty() && !r.missing_years.is_empty() {
            r.status = Status::Unknown;
            return r;
        }
        if !failures.is_empty() {
            r.status = Status::NotMet;
            let roll_off = failures
                .iter()
                .map(|f| f.roll_off)
                .max()
                .unwrap_or(self.window.end);
            r.gap = Some(Gap::Years {
                years: failures,
                roll_off,
            });
        }
        r
    }

    /// Whether level 1 is exceeded, by the set's rule.
    fn exceeded(&self, set: &CriteriaSet, ind: &Indicator, levels: &[LevelResult; 2]) -> bool {
        match set.exceeded_rule {
            ExceededRule::AtOrAboveL2 => {
                let stricter = match &ind.rule {
                    Rule::Ratio { threshold, .. }
                    | Rule::Count { threshold, .. }
                    | Rule::Quantity { threshold, .. }
                    | Rule::MaxCount { threshold, .. }
                    | Rule::EveryYear(
                        YearRule::Ratio { threshold, .. } | YearRule::Number { threshold, .. },
                    ) => threshold[0] != threshold[1],
                    Rule::Boolean { facts } => facts[0].len() != facts[1].len(),
                    Rule::EveryYear(YearRule::Rating { threshold, .. }) => {
                        threshold[0] != threshold[1]
                    }
                    Rule::EveryYear(YearRule::Boolean { .. }) => false,
                };
                stricter && levels[1].status == Status::Met
            }
            ExceededRule::AboveL1 => {
                let l1 = &levels[0];
                match &ind.rule {
                    Rule::Ratio { threshold, .. } => match (l1.numerator, l1.denominator) {
                        (Some(n), Some(d)) => {
                            Dec::cmp_ratio(n, d, threshold[0]) == Ordering::Greater
                        }
                        _ => false,
                    },
                    Rule::Count { threshold, .. } | Rule::Quantity { threshold, .. } => {
                        l1.value.is_some_and(|v| v > threshold[0])
                    }
                    Rule::MaxCount { threshold, .. } => l1.value.is_some_and(|v| v < threshold[0]),
                    Rule::Boolean { .. } | Rule::EveryYear(YearRule::Boolean { .. }) => false,
                    Rule::EveryYear(YearRule::Ratio {
                        numerator,
                        denominator,
                        threshold,
                    }) => match (self.series(numerator), self.series(denominator)) {
                        (Some(ns), Some(ds)) => self.window.years().all(|y| {
                            match (
                                ns.get(&y).and_then(Value::num),
                                ds.get(&y).and_then(Value::num),
                            ) {
                                (Some(n), Some(d)) => {
                                    Dec::cmp_ratio(n, d, threshold[0]) == Ordering::Greater
                                }
                                _ => false,
                            }
                        }),
                        _ => false,
                    },
                    Rule::EveryYear(YearRule::Number { threshold, .. }) => {
                        l1.value.is_some_and(|v| v > threshold[0])
                    }
                    Rule::EveryYear(YearRule::Rating {
                        series,
                        enum_id,
                        threshold,
                    }) => {
                        let (Some(s), Some(def)) = (self.series(series), set.enum_def(enum_id))
                        else {
                            return false;
                        };
                        let need = def.rank(&threshold[0]).unwrap_or(0);
                        s.values()
                            .all(|v| matches!(v, Value::Grade(_, r) if *r < need))
                    }
                }
            }
        }
    }
}
