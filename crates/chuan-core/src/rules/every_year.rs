//! `every_year`: the condition holds in each window year, in four forms: a per-year `ratio` of
//! two series, a per-year `number`, a per-year `boolean`, and a per-year `rating` of an ordered
//! enum. A failed year lies in the past: it cannot be repaired, only outlived (it leaves the
//! window on 1 January of `year + window + 1`). A known failed year decides the rule; otherwise
//! a missing year leaves it unknown.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::decimal::Dec;
use crate::diag::Msg;
use crate::model::{Level, PerLevel, Value};

use super::{
    Ctx, Gap, Kind, Labels, LevelResult, MissingYears, Needs, Parse, RuleView, Shift, Status,
    YearFailure,
};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct YearRatio {
    pub numerator: String,
    pub denominator: String,
    pub threshold: PerLevel<Dec>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct YearNumber {
    pub series: String,
    pub threshold: PerLevel<Dec>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct YearBoolean {
    pub series: String,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct YearRating {
    pub series: String,
    pub enum_id: String,
    /// The grade required at each level, and its rank in the enum (0 is the best).
    pub threshold: PerLevel<String>,
    pub rank: PerLevel<usize>,
}

pub fn parse_ratio(p: &mut Parse) -> Option<YearRatio> {
    let numerator = p.string("numerator");
    let denominator = p.string("denominator");
    let ok = p.fact("numerator", &numerator, Needs::Number, true)
        & p.fact("denominator", &denominator, Needs::Number, true);
    let threshold = p.thresholds(Dec::ZERO, Some(Dec::HUNDRED), true)?;
    ok.then_some(YearRatio {
        numerator,
        denominator,
        threshold,
    })
}

pub fn parse_number(p: &mut Parse) -> Option<YearNumber> {
    let series = p.string("series");
    let ok = p.fact("series", &series, Needs::Number, true);
    let threshold = p.thresholds(Dec::ZERO, None, true)?;
    ok.then_some(YearNumber { series, threshold })
}

pub fn parse_boolean(p: &mut Parse) -> Option<YearBoolean> {
    let series = p.string("series");
    let ok = p.fact("series", &series, Needs::Boolean, true);
    p.no_thresholds();
    ok.then_some(YearBoolean { series })
}

pub fn parse_rating(p: &mut Parse) -> Option<YearRating> {
    let series = p.string("series");
    let ok = p.fact("series", &series, Needs::Enum, true);
    let enum_id = match p.fact_def(&series).map(|f| &f.ty) {
        Some(crate::model::FactType::Enum(e)) if ok => e.clone(),
        // still read the grades, so that no key is mistaken for an unknown one
        _ => String::new(),
    };
    let grade = |p: &mut Parse, key: &'static str| -> Option<(String, usize)> {
        let code = p.string(key);
        let rank = p.enum_def(&enum_id).and_then(|e| e.rank(&code));
        if rank.is_none() && !code.is_empty() && !enum_id.is_empty() {
            p.error(
                key,
                Msg::UnknownGrade {
                    enum_id: enum_id.clone(),
                    code: code.clone(),
                },
            );
        }
        Some((code, rank?))
    };
    let (l1, l2) = (grade(p, "l1"), grade(p, "l2"));
    if enum_id.is_empty() {
        return None;
    }
    let ((c1, r1), (c2, r2)) = (l1?, l2?);
    if r2 > r1 {
        p.error(
            "l2",
            Msg::LevelTwoLooser {
                l1: c1,
                l2: c2,
                op: "≥",
            },
        );
        return None;
    }
    Some(YearRating {
        series,
        enum_id,
        threshold: [c1, c2],
        rank: [r1, r2],
    })
}

/// Failed years and missing years of one rule, turned into its verdict.
#[derive(Default)]
struct Years {
    failures: Vec<YearFailure>,
    missing: Vec<MissingYears>,
    worst: Option<Dec>,
}

impl Years {
    fn missing(&mut self, fact: &str, year: i32) {
        match self.missing.iter_mut().find(|m| m.fact == fact) {
            Some(m) => m.years.push(year),
            None => self.missing.push(MissingYears {
                fact: fact.to_string(),
                years: vec![year],
            }),
        }
    }

    fn worst(&mut self, v: Option<Dec>) {
        self.worst = match (self.worst, v) {
            (Some(w), Some(p)) => Some(w.min(p)),
            (None, p) => p,
            (w, None) => w,
        };
    }

    fn fail(
        &mut self,
        cx: &Ctx,
        year: i32,
        value: Option<Dec>,
        grade: Option<String>,
        shortfall: Option<Dec>,
    ) {
        self.failures.push(YearFailure {
            year,
            value,
            grade,
            shortfall,
            roll_off: cx.roll_off_year(year),
        });
    }

    fn verdict(self, cx: &Ctx, mut r: LevelResult) -> LevelResult {
        r.value = self.worst;
        r.missing_years = self.missing;
        if self.failures.is_empty() && !r.missing_years.is_empty() {
            r.status = Status::Unknown;
            return r;
        }
        if !self.failures.is_empty() {
            r.status = Status::NotMet;
            let roll_off = self
                .failures
                .iter()
                .map(|f| f.roll_off)
                .max()
                .unwrap_or(cx.window.end);
            r.gap = Some(Gap::Years {
                years: self.failures,
                roll_off,
            });
        }
        r
    }
}

fn series<'c>(cx: &'c Ctx, name: &str) -> Option<&'c BTreeMap<i32, Value>> {
    cx.series(name)
}

impl Kind for YearRatio {
    fn name(&self) -> &'static str {
        "every_year"
    }
    fn form(&self) -> &'static str {
        "ratio"
    }
    fn facts(&self) -> Vec<&str> {
        vec![&self.numerator, &self.denominator]
    }
    fn scored(&self, _: Level) -> Vec<&str> {
        Vec::new()
    }
    fn denominators(&self) -> Vec<&str> {
        vec![&self.denominator]
    }
    fn threshold(&self, level: Level) -> Option<Dec> {
        Some(self.threshold[level.index()])
    }
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        let (Some(ns), Some(ds)) = (series(cx, &self.numerator), series(cx, &self.denominator))
        else {
            return LevelResult::new(Status::Unknown);
        };
        let thr = self.threshold[level.index()];
        let mut r = LevelResult::new(Status::Met);
        r.threshold = Some(thr);
        r.comparison = Some(">=");
        let mut ys = Years::default();
        for y in cx.window.years() {
            let (n, d) = (
                ns.get(&y).and_then(Value::num),
                ds.get(&y).and_then(Value::num),
            );
            if n.is_none() {
                ys.missing(&self.numerator, y);
            }
            if d.is_none() {
                ys.missing(&self.denominator, y);
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
            ys.worst(pct);
            if Dec::cmp_ratio(n, d, thr) == Ordering::Less {
                let need = Dec::from_int(Dec::min_numerator(d, thr) as i64);
                ys.fail(cx, y, pct, None, Some(need - n));
            }
        }
        ys.verdict(cx, r)
    }
    fn exceeded(&self, cx: &Ctx, _: &LevelResult) -> bool {
        let (Some(ns), Some(ds)) = (series(cx, &self.numerator), series(cx, &self.denominator))
        else {
            return false;
        };
        cx.window.years().all(|y| {
            match (
                ns.get(&y).and_then(Value::num),
                ds.get(&y).and_then(Value::num),
            ) {
                (Some(n), Some(d)) => Dec::cmp_ratio(n, d, self.threshold[0]) == Ordering::Greater,
                _ => false,
            }
        })
    }
    fn shift(&self, s: &mut Shift, level: Level) {
        // future years: just enough of the (moved) headcount to keep to the threshold
        let thr = self.threshold[level.index()];
        let den = self.denominator.clone();
        s.fill(&self.numerator, |y, s| {
            let d = s.series.get(&den)?.get(&y)?.num()?;
            Some(Value::Num(Dec::from_int(Dec::min_numerator(d, thr) as i64)))
        });
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v = RuleView::new(self, labels).numeric(labels, ">=", &self.threshold, None);
        v.formula = format!("{} / {}", self.numerator, self.denominator);
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        vec![(&self.numerator, 1), (&self.denominator, 0)]
    }
}

impl Kind for YearNumber {
    fn name(&self) -> &'static str {
        "every_year"
    }
    fn form(&self) -> &'static str {
        "number"
    }
    fn facts(&self) -> Vec<&str> {
        vec![&self.series]
    }
    fn scored(&self, _: Level) -> Vec<&str> {
        Vec::new()
    }
    fn threshold(&self, level: Level) -> Option<Dec> {
        Some(self.threshold[level.index()])
    }
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        let Some(s) = series(cx, &self.series) else {
            return LevelResult::new(Status::Unknown);
        };
        let thr = self.threshold[level.index()];
        let mut r = LevelResult::new(Status::Met);
        r.threshold = Some(thr);
        r.comparison = Some(">=");
        let mut ys = Years::default();
        for y in cx.window.years() {
            let Some(v) = s.get(&y).and_then(Value::num) else {
                ys.missing(&self.series, y);
                continue;
            };
            ys.worst(Some(v));
            if v < thr {
                ys.fail(cx, y, Some(v), None, Some(thr - v));
            }
        }
        ys.verdict(cx, r)
    }
    fn exceeded(&self, _: &Ctx, l1: &LevelResult) -> bool {
        l1.value.is_some_and(|v| v > self.threshold[0])
    }
    fn shift(&self, s: &mut Shift, level: Level) {
        let thr = self.threshold[level.index()];
        s.fill(&self.series, |_, _| Some(Value::Num(thr)));
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v =
            RuleView::new(self, labels).numeric(labels, ">=", &self.threshold, Some(&self.series));
        v.formula = self.series.clone();
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        vec![(&self.series, 1)]
    }
}

impl Kind for YearBoolean {
    fn name(&self) -> &'static str {
        "every_year"
    }
    fn form(&self) -> &'static str {
        "boolean"
    }
    fn facts(&self) -> Vec<&str> {
        vec![&self.series]
    }
    fn scored(&self, _: Level) -> Vec<&str> {
        Vec::new()
    }
    fn evaluate(&self, cx: &Ctx, _: Level) -> LevelResult {
        let Some(s) = series(cx, &self.series) else {
            return LevelResult::new(Status::Unknown);
        };
        let r = LevelResult::new(Status::Met);
        let mut ys = Years::default();
        for y in cx.window.years() {
            match s.get(&y) {
                Some(Value::Bool(true)) => {}
                Some(_) => ys.fail(cx, y, None, None, None),
                None => ys.missing(&self.series, y),
            }
        }
        ys.verdict(cx, r)
    }
    fn exceeded(&self, _: &Ctx, _: &LevelResult) -> bool {
        false
    }
    fn shift(&self, s: &mut Shift, _: Level) {
        s.fill(&self.series, |_, _| Some(Value::Bool(true)));
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v = RuleView::new(self, labels);
        v.formula = self.series.clone();
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        vec![(&self.series, 1)]
    }
}

impl Kind for YearRating {
    fn name(&self) -> &'static str {
        "every_year"
    }
    fn form(&self) -> &'static str {
        "rating"
    }
    fn facts(&self) -> Vec<&str> {
        vec![&self.series]
    }
    fn scored(&self, _: Level) -> Vec<&str> {
        Vec::new()
    }
    fn stricter_at_l2(&self) -> bool {
        self.threshold[0] != self.threshold[1]
    }
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        let Some(s) = series(cx, &self.series) else {
            return LevelResult::new(Status::Unknown);
        };
        let need = self.rank[level.index()];
        let mut r = LevelResult::new(Status::Met);
        r.required_grade = Some(self.threshold[level.index()].clone());
        let mut worst: Option<(usize, String)> = None;
        let mut ys = Years::default();
        for y in cx.window.years() {
            let Some(Value::Grade(code, rank)) = s.get(&y) else {
                ys.missing(&self.series, y);
                continue;
            };
            if worst.as_ref().is_none_or(|(w, _)| rank > w) {
                worst = Some((*rank, code.clone()));
            }
            if *rank > need {
                ys.fail(cx, y, None, Some(code.clone()), None);
            }
        }
        r.grade = worst.map(|(_, c)| c);
        ys.verdict(cx, r)
    }
    fn exceeded(&self, cx: &Ctx, _: &LevelResult) -> bool {
        // every year rated above the minimum grade
        let Some(s) = series(cx, &self.series) else {
            return false;
        };
        s.values()
            .all(|v| matches!(v, Value::Grade(_, r) if *r < self.rank[0]))
    }
    fn shift(&self, s: &mut Shift, level: Level) {
        let (code, rank) = (
            self.threshold[level.index()].clone(),
            self.rank[level.index()],
        );
        s.fill(&self.series, |_, _| Some(Value::Grade(code.clone(), rank)));
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v = RuleView::new(self, labels);
        v.comparison = ">=";
        v.levels = [
            labels.grade(&self.enum_id, &self.threshold[0]),
            labels.grade(&self.enum_id, &self.threshold[1]),
        ];
        v.formula = self.series.clone();
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        vec![(&self.series, 1)]
    }
}
