//! `max_ratio`: a share that must stay at most a cap, `numerator / denominator × 100 ≤
//! threshold %` (for instance concurrent lecturers as a share of all lecturers). Level 2 may
//! only lower the cap. The gap closes by moving members out of the part (they stay in the
//! whole), or by adding members of the whole who are not in the part.

use std::cmp::Ordering;

use crate::decimal::Dec;
use crate::model::{Expr, Level, PerLevel, Roadmap};

use super::ratio::{counted, expressions};
use super::{Ctx, Edits, Gap, Kind, Labels, LevelResult, Parse, RuleView, Status};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MaxRatio {
    pub numerator: Expr,
    pub denominator: Expr,
    pub threshold: PerLevel<Dec>,
}

pub fn parse(p: &mut Parse) -> Option<MaxRatio> {
    let exprs = expressions(p);
    let threshold = p.thresholds(Dec::ZERO, Some(Dec::HUNDRED), false);
    let ((numerator, denominator), threshold) = (exprs?, threshold?);
    Some(MaxRatio {
        numerator,
        denominator,
        threshold,
    })
}

/// The largest whole numerator `n` with `n / den ≤ thr %`.
fn max_numerator(den: Dec, thr: Dec) -> Dec {
    let least_over = Dec::min_numerator(den, thr);
    // min_numerator gives the least n with n/den ≥ thr; at exactly thr it is allowed
    let n = if Dec::cmp_ratio(Dec::from_int(least_over as i64), den, thr) == Ordering::Equal {
        least_over
    } else {
        least_over - 1
    };
    Dec::from_int(n.max(0) as i64)
}

impl Kind for MaxRatio {
    fn name(&self) -> &'static str {
        "max_ratio"
    }

    fn facts(&self) -> Vec<&str> {
        self.numerator
            .facts()
            .chain(self.denominator.facts())
            .collect()
    }

    fn scored(&self, _: Level) -> Vec<&str> {
        // lowering the numerator is what this rule asks; a raise elsewhere is not a keep
        Vec::new()
    }

    fn denominators(&self) -> Vec<&str> {
        self.denominator.facts().collect()
    }

    fn whole_of(&self, fact: &str, facts: &crate::model::Facts) -> Option<Dec> {
        super::ratio::whole_of(&self.numerator, &self.denominator, fact, facts)
    }

    fn threshold(&self, level: Level) -> Option<Dec> {
        Some(self.threshold[level.index()])
    }

    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        let thr = self.threshold[level.index()];
        let (num, den, mut r) = match counted(&self.numerator, &self.denominator, cx, thr, "<=") {
            Ok(x) => x,
            Err(r) => return *r,
        };
        let ok = Dec::cmp_ratio(num, den, thr) != Ordering::Greater;
        r.status = if ok { Status::Met } else { Status::NotMet };
        let one = Dec::from_int(1);
        // one more person in the part (and so in the whole) would break it
        r.near_miss = ok && Dec::cmp_ratio(num + one, den + one, thr) == Ordering::Greater;
        if !ok {
            let limit = max_numerator(den, thr);
            let grow = Dec::min_growth(num, den, thr).map(|m| Dec::from_int(m as i64));
            r.gap = Some(Gap::Cap {
                numerator: self.numerator.text(),
                denominator: self.denominator.text(),
                current: num,
                of: den,
                limit,
                amount: num - limit,
                grow,
            });
        }
        r
    }

    fn exceeded(&self, _: &Ctx, l1: &LevelResult) -> bool {
        match (l1.numerator, l1.denominator) {
            (Some(n), Some(d)) => Dec::cmp_ratio(n, d, self.threshold[0]) == Ordering::Less,
            _ => false,
        }
    }

    fn close(&self, gap: &Gap, _: &Roadmap, edits: &mut dyn Edits) -> bool {
        // members move out of the part and stay in the whole (the set's identities move them
        // to another term of the whole)
        match (gap, self.numerator.single()) {
            (Gap::Cap { limit, .. }, Some(n)) => match edits.get(n) {
                Some(cur) if cur > *limit => edits.set(n, *limit),
                _ => false,
            },
            _ => false,
        }
    }

    fn view(&self, labels: &dyn Labels) -> RuleView {
        let v = RuleView::new(self, labels).numeric(labels, "<=", &self.threshold, None);
        super::ratio::with_formula(v, &self.numerator, &self.denominator)
    }

    fn directions(&self) -> Vec<(&str, i8)> {
        self.numerator
            .facts()
            .map(|f| (f, -1))
            .chain(self.denominator.facts().map(|f| (f, 0)))
            .collect()
    }
}
