//! `count` (a number of whole things ≥ a minimum), `quantity` (an amount with a unit: m², seats,
//! VND, ≥ a minimum) and `max_count` (past events ≤ a maximum, usually 0, which can only roll
//! out of the window).

use jiff::ToSpan;

use crate::decimal::Dec;
use crate::model::{Level, PerLevel, Value};

use super::{Ctx, Gap, Kind, Labels, LevelResult, Needs, Parse, RuleView, Shift, Status};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Count {
    pub fact: String,
    pub threshold: PerLevel<Dec>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Quantity {
    pub fact: String,
    pub threshold: PerLevel<Dec>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MaxCount {
    pub fact: String,
    pub threshold: PerLevel<Dec>,
}

fn fact_and_thresholds(p: &mut Parse, ge: bool) -> Option<(String, PerLevel<Dec>)> {
    let fact = p.string("fact");
    let ok = p.fact("fact", &fact, Needs::Number, false);
    let threshold = p.thresholds(Dec::ZERO, None, ge)?;
    ok.then_some((fact, threshold))
}

pub fn parse_count(p: &mut Parse) -> Option<Count> {
    let (fact, threshold) = fact_and_thresholds(p, true)?;
    Some(Count { fact, threshold })
}

pub fn parse_quantity(p: &mut Parse) -> Option<Quantity> {
    let (fact, threshold) = fact_and_thresholds(p, true)?;
    Some(Quantity { fact, threshold })
}

pub fn parse_max_count(p: &mut Parse) -> Option<MaxCount> {
    let (fact, threshold) = fact_and_thresholds(p, false)?;
    Some(MaxCount { fact, threshold })
}

/// `fact ≥ threshold`, with the shortfall as the gap.
fn at_least(cx: &Ctx, fact: &str, thr: Dec, whole_things: bool) -> LevelResult {
    let v = cx.num(fact).unwrap_or_default();
    let mut r = LevelResult::new(if v >= thr {
        Status::Met
    } else {
        Status::NotMet
    });
    // a count of whole things (not a quantity such as m² or VND) one unit from losing it
    r.near_miss = whole_things && v >= thr && thr > Dec::ZERO && v - Dec::from_int(1) < thr;
    r.value = Some(v);
    r.threshold = Some(thr);
    r.comparison = Some(">=");
    if v < thr {
        r.gap = Some(Gap::Shortfall {
            fact: fact.to_string(),
            current: v,
            target: thr,
            amount: thr - v,
        });
    }
    r
}

impl Kind for Count {
    fn name(&self) -> &'static str {
        "count"
    }
    fn facts(&self) -> Vec<&str> {
        vec![&self.fact]
    }
    fn scored(&self, _: Level) -> Vec<&str> {
        vec![&self.fact]
    }
    fn threshold(&self, level: Level) -> Option<Dec> {
        Some(self.threshold[level.index()])
    }
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        at_least(cx, &self.fact, self.threshold[level.index()], true)
    }
    fn exceeded(&self, _: &Ctx, l1: &LevelResult) -> bool {
        l1.value.is_some_and(|v| v > self.threshold[0])
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v =
            RuleView::new(self, labels).numeric(labels, ">=", &self.threshold, Some(&self.fact));
        v.formula = self.fact.clone();
        v.subject = self.fact.clone();
        v.near_miss_counts = true;
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        vec![(&self.fact, 1)]
    }
}

impl Kind for Quantity {
    fn name(&self) -> &'static str {
        "quantity"
    }
    fn facts(&self) -> Vec<&str> {
        vec![&self.fact]
    }
    fn scored(&self, _: Level) -> Vec<&str> {
        vec![&self.fact]
    }
    fn threshold(&self, level: Level) -> Option<Dec> {
        Some(self.threshold[level.index()])
    }
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        at_least(cx, &self.fact, self.threshold[level.index()], false)
    }
    fn exceeded(&self, _: &Ctx, l1: &LevelResult) -> bool {
        l1.value.is_some_and(|v| v > self.threshold[0])
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v =
            RuleView::new(self, labels).numeric(labels, ">=", &self.threshold, Some(&self.fact));
        v.formula = self.fact.clone();
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        vec![(&self.fact, 1)]
    }
}

impl Kind for MaxCount {
    fn name(&self) -> &'static str {
        "max_count"
    }
    fn facts(&self) -> Vec<&str> {
        vec![&self.fact]
    }
    fn scored(&self, _: Level) -> Vec<&str> {
        Vec::new()
    }
    fn threshold(&self, level: Level) -> Option<Dec> {
        Some(self.threshold[level.index()])
    }
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        let v = cx.num(&self.fact).unwrap_or_default();
        let thr = self.threshold[level.index()];
        let mut r = LevelResult::new(if v <= thr {
            Status::Met
        } else {
            Status::NotMet
        });
        r.value = Some(v);
        r.threshold = Some(thr);
        r.comparison = Some("<=");
        if v > thr {
            let years = (cx.window_years as i64).years();
            // the last dated event leaves the window the day after its anniversary
            let roll_off = cx
                .evidence
                .iter()
                .max()
                .and_then(|d| d.checked_add(years).ok().and_then(|x| x.tomorrow().ok()));
            let roll_off_by = cx.window.end.checked_add(years).unwrap_or(cx.window.end);
            r.gap = Some(Gap::Excess {
                fact: self.fact.clone(),
                current: v,
                limit: thr,
                amount: v - thr,
                roll_off,
                roll_off_by,
            });
        }
        r
    }
    fn exceeded(&self, _: &Ctx, l1: &LevelResult) -> bool {
        l1.value.is_some_and(|v| v < self.threshold[0])
    }
    fn shift(&self, s: &mut Shift, level: Level) {
        // past events counted here have left the moved window
        let thr = self.threshold[level.index()];
        if s.facts
            .get(&self.fact)
            .and_then(|v| match v {
                crate::model::FactValue::Scalar(v) => v.num(),
                crate::model::FactValue::Series(_) => None,
            })
            .is_some_and(|v| v > thr)
        {
            s.replace.push((self.fact.clone(), Value::Num(thr)));
        }
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v =
            RuleView::new(self, labels).numeric(labels, "<=", &self.threshold, Some(&self.fact));
        v.formula = self.fact.clone();
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        vec![(&self.fact, -1)]
    }
}
