//! `ratio`: `numerator / denominator × 100 ≥ threshold %`, compared exactly in integers.
//!
//! When the numerator is declared part of the denominator (`numerator <= denominator` in
//! facts.toml), the gap closes two ways, and the set's roadmap data chooses between them
//! (see `Roadmap::choose_path`): members of the whole move into the part, or new members join
//! both.

use std::cmp::Ordering;

use crate::decimal::Dec;
use crate::model::{CmpOp, Constraint, Expr, Level, PerLevel, RatioPath, Roadmap, eval_expr};

use super::{AddPath, Ctx, Edits, Gap, Kind, Labels, LevelResult, Needs, Parse, RuleView, Status};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Ratio {
    pub numerator: Expr,
    pub denominator: Expr,
    pub threshold: PerLevel<Dec>,
    /// The numerator is declared part of the denominator: the gap has a second path.
    pub part_of_whole: bool,
}

pub fn parse(p: &mut Parse) -> Option<Ratio> {
    let exprs = expressions(p);
    let threshold = p.thresholds(Dec::ZERO, Some(Dec::HUNDRED), true);
    let ((numerator, denominator), threshold) = (exprs?, threshold?);
    let part_of_whole = numerator
        .single()
        .and_then(|n| p.fact_def(n))
        .is_some_and(|def| {
            def.constraints.iter().any(
                |c| matches!(c, Constraint::Compare { op: CmpOp::Le, expr } if *expr == denominator),
            )
        });
    Some(Ratio {
        numerator,
        denominator,
        threshold,
        part_of_whole,
    })
}

/// The `numerator` and `denominator` expressions of a share, each fact a declared number.
pub(super) fn expressions(p: &mut Parse) -> Option<(Expr, Expr)> {
    let read = |p: &mut Parse, key: &'static str| -> Option<Expr> {
        let text = p.string(key);
        if text.is_empty() {
            return None;
        }
        let Some(e) = Expr::parse(&text) else {
            p.error(
                key,
                crate::diag::Msg::RuleUnreadableExpr {
                    what: key.into(),
                    text,
                },
            );
            return None;
        };
        let mut ok = true;
        for f in e.facts() {
            ok &= p.fact(key, f, Needs::Number, false);
        }
        ok.then_some(e)
    };
    let n = read(p, "numerator");
    let d = read(p, "denominator");
    Some((n?, d?))
}

/// Numerator and denominator as counted, or the verdict when they cannot be.
pub(super) fn counted(
    numerator: &Expr,
    denominator: &Expr,
    cx: &Ctx,
    threshold: Dec,
    comparison: &'static str,
) -> Result<(Dec, Dec, LevelResult), Box<LevelResult>> {
    let (Some(num), Some(den)) = (
        eval_expr(numerator, cx.facts, None),
        eval_expr(denominator, cx.facts, None),
    ) else {
        return Err(Box::new(LevelResult::new(Status::Unknown)));
    };
    let mut r = LevelResult::new(Status::Unknown);
    r.threshold = Some(threshold);
    r.comparison = Some(comparison);
    r.numerator = Some(num);
    r.denominator = Some(den);
    if den <= Dec::ZERO {
        r.reason = Some("zero_denominator");
        return Err(Box::new(r));
    }
    r.value = Dec::percent(num, den, 2);
    Ok((num, den, r))
}

impl Kind for Ratio {
    fn name(&self) -> &'static str {
        "ratio"
    }

    fn facts(&self) -> Vec<&str> {
        self.numerator
            .facts()
            .chain(self.denominator.facts())
            .collect()
    }

    fn scored(&self, _: Level) -> Vec<&str> {
        self.numerator.single().into_iter().collect()
    }

    fn denominators(&self) -> Vec<&str> {
        self.denominator.facts().collect()
    }

    fn whole_of(&self, fact: &str, facts: &crate::model::Facts) -> Option<Dec> {
        whole_of(&self.numerator, &self.denominator, fact, facts)
    }

    fn threshold(&self, level: Level) -> Option<Dec> {
        Some(self.threshold[level.index()])
    }

    fn two_paths(&self) -> bool {
        self.part_of_whole
    }

    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        let thr = self.threshold[level.index()];
        let (num, den, mut r) = match counted(&self.numerator, &self.denominator, cx, thr, ">=") {
            Ok(x) => x,
            Err(r) => return *r,
        };
        let ok = Dec::cmp_ratio(num, den, thr) != Ordering::Less;
        r.status = if ok { Status::Met } else { Status::NotMet };
        let one = Dec::from_int(1);
        // one person counted in the numerator leaves (and so leaves the denominator too)
        r.near_miss = ok
            && num >= one
            && den > one
            && Dec::cmp_ratio(num - one, den - one, thr) == Ordering::Less;
        if !ok {
            let target = Dec::from_int(Dec::min_numerator(den, thr) as i64);
            let add = self
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
                numerator: self.numerator.text(),
                denominator: self.denominator.text(),
                current: num,
                of: den,
                target,
                amount,
                add,
                path: cx.roadmap.choose_path(amount, add.map(|a| a.amount)),
            });
        }
        r
    }

    fn exceeded(&self, _: &Ctx, l1: &LevelResult) -> bool {
        match (l1.numerator, l1.denominator) {
            (Some(n), Some(d)) => Dec::cmp_ratio(n, d, self.threshold[0]) == Ordering::Greater,
            _ => false,
        }
    }

    fn close(&self, gap: &Gap, roadmap: &Roadmap, edits: &mut dyn Edits) -> bool {
        let Gap::Ratio {
            target,
            amount,
            add,
            path,
            ..
        } = gap
        else {
            return false;
        };
        let Some(n) = self.numerator.single() else {
            return false;
        };
        let option = match path {
            RatioPath::Convert => roadmap.convert.as_ref(),
            RatioPath::Add => roadmap.add.as_ref(),
        };
        let via = option.and_then(|o| o.via.clone());
        match (path, add) {
            (RatioPath::Add, Some(add)) => {
                // a new member counts in the part, in every whole it belongs to, and in the
                // identity term it joins
                let mut changed = false;
                let mut facts = vec![n.to_string()];
                facts.extend(edits.wholes(n));
                facts.extend(via);
                for f in facts {
                    if let Some(cur) = edits.get(&f) {
                        changed |= edits.set(&f, cur + add.amount);
                    }
                }
                changed
            }
            _ => {
                let mut changed = edits.raise(n, *target);
                if changed
                    && let Some(v) = via
                    && let Some(cur) = edits.get(&v)
                {
                    changed |= edits.set(&v, cur + *amount);
                }
                changed
            }
        }
    }

    fn view(&self, labels: &dyn Labels) -> RuleView {
        let v = RuleView::new(self, labels).numeric(labels, ">=", &self.threshold, None);
        with_formula(v, &self.numerator, &self.denominator)
    }

    fn directions(&self) -> Vec<(&str, i8)> {
        self.numerator
            .facts()
            .map(|f| (f, 1))
            .chain(self.denominator.facts().map(|f| (f, 0)))
            .collect()
    }
}

/// The denominator's value when `fact` is a ratio's single-fact numerator: the whole that fact
/// is a part of (shared by `ratio` and `max_ratio`).
pub(super) fn whole_of(
    numerator: &crate::model::Expr,
    denominator: &crate::model::Expr,
    fact: &str,
    facts: &crate::model::Facts,
) -> Option<Dec> {
    (numerator.single() == Some(fact))
        .then(|| crate::model::eval_expr(denominator, facts, None))
        .flatten()
}

/// A ratio's view: its formula `numerator / denominator`, about its numerator's first fact
/// (shared by `ratio` and `max_ratio`).
pub(super) fn with_formula(
    mut v: RuleView,
    numerator: &crate::model::Expr,
    denominator: &crate::model::Expr,
) -> RuleView {
    v.formula = format!("{numerator} / {denominator}");
    v.subject = numerator.facts().next().unwrap_or_default().to_string();
    v
}
