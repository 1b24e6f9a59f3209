//! `boolean`: every listed fact is true. The level-2 list may be longer than level 1's (a
//! long-term strategy on top of the scheme, an e-library beside the library).

use crate::model::{Level, PerLevel};

use super::{Ctx, Gap, Kind, Labels, LevelResult, Needs, Parse, RuleView, Status};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Boolean {
    pub facts: PerLevel<Vec<String>>,
}

pub fn parse(p: &mut Parse) -> Option<Boolean> {
    let l1 = p.list("l1");
    let l2 = p.list("l2");
    let mut ok = !l1.is_empty() && !l2.is_empty();
    for f in l1.iter().chain(l2.iter()) {
        ok &= p.fact(
            if l1.contains(f) { "l1" } else { "l2" },
            f,
            Needs::Boolean,
            false,
        );
    }
    for f in &l1 {
        if !l2.contains(f) {
            ok = false;
            p.error(
                "l2",
                crate::diag::Msg::ListMissesLevelOne { name: f.clone() },
            );
        }
    }
    ok.then_some(Boolean { facts: [l1, l2] })
}

impl Kind for Boolean {
    fn name(&self) -> &'static str {
        "boolean"
    }
    fn facts(&self) -> Vec<&str> {
        self.facts[1]
            .iter()
            .chain(self.facts[0].iter())
            .map(String::as_str)
            .collect()
    }
    fn needs(&self, level: Level) -> Vec<&str> {
        self.facts[level.index()]
            .iter()
            .map(String::as_str)
            .collect()
    }
    fn scored(&self, level: Level) -> Vec<&str> {
        self.needs(level)
    }
    fn stricter_at_l2(&self) -> bool {
        self.facts[0].len() != self.facts[1].len()
    }
    fn evaluate(&self, cx: &Ctx, level: Level) -> LevelResult {
        let falses: Vec<String> = self.facts[level.index()]
            .iter()
            .filter(|f| cx.scalar(f) != Some(&crate::model::Value::Bool(true)))
            .cloned()
            .collect();
        let mut r = LevelResult::new(if falses.is_empty() {
            Status::Met
        } else {
            Status::NotMet
        });
        if !falses.is_empty() {
            r.gap = Some(Gap::Flags { facts: falses });
        }
        r
    }
    fn exceeded(&self, _: &Ctx, _: &LevelResult) -> bool {
        // a yes/no cannot be more than yes
        false
    }
    fn view(&self, labels: &dyn Labels) -> RuleView {
        let mut v = RuleView::new(self, labels);
        let list = |l: &Vec<String>| {
            l.iter()
                .map(|f| labels.label(f))
                .collect::<Vec<_>>()
                .join("; ")
        };
        v.levels = [list(&self.facts[0]), list(&self.facts[1])];
        v.formula = self.facts[1].join(", ");
        v
    }
    fn directions(&self) -> Vec<(&str, i8)> {
        self.facts[1].iter().map(|f| (f.as_str(), 1)).collect()
    }
}
