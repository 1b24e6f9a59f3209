//! Evaluation: one status per indicator and level, the quantified gap in the fact's own unit,
//! failed years with the date they leave the window, "exceeded", and the summary counts.
//!
//! Statuses: met, not_met, unknown (a needed fact is missing), not_applicable, waived.
//! A level is attained only when every indicator is met (or not applicable) at that level;
//! unknown never counts as met.

use jiff::civil::Date;
use serde::Serialize;

use crate::criteria::{CriteriaSet, ExceededRule, Indicator};
use crate::model::{Level, Provenance, Window};
use crate::rules::Ctx;
use crate::school::{ManualStatus, School};

pub use crate::rules::{AddPath, Gap, LevelResult, MissingYears, Status, YearFailure};

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
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
    pub fn level(&self, level: Level) -> &LevelResult {
        match level {
            Level::L1 => &self.level1,
            Level::L2 => &self.level2,
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq, schemars::JsonSchema)]
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

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct LevelSummary {
    #[serde(flatten)]
    pub counts: Counts,
    /// Every indicator met or not applicable at this level.
    pub attained: bool,
    /// Met count if every unknown turned out met: `met … met + unknown`.
    pub best_case: usize,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct GroupSummary {
    pub id: u32,
    pub name_vi: String,
    pub name_en: String,
    pub total: usize,
    pub level1: Counts,
    pub level2: Counts,
    pub exceeded: usize,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
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

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SchoolInfo {
    pub id: String,
    pub name: String,
    pub province: String,
    pub predecessors: Vec<String>,
    pub dossier_date: Date,
    pub file: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SetInfo {
    pub id: String,
    pub version: String,
    pub regulation: String,
    pub title_vi: String,
    pub title_en: String,
    pub status: String,
    pub exceeded_rule: ExceededRule,
    /// How many of its indicators there are, and how many are reconstructed (wording and
    /// level-1 threshold; level-2 threshold): the caveat every output carries.
    pub indicators: usize,
    pub reconstructed: usize,
    pub reconstructed_l2: usize,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Evaluation {
    pub school: SchoolInfo,
    pub criteria: SetInfo,
    pub window: Window,
    pub summary: Summary,
    pub indicators: Vec<IndicatorResult>,
}

/// One indicator level whose status differs between two evaluations.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Change {
    pub id: String,
    pub level: Level,
    pub before: Status,
    pub after: Status,
}

pub fn changes(before: &Evaluation, after: &Evaluation) -> Vec<Change> {
    let mut out = Vec::new();
    for (b, a) in before.indicators.iter().zip(&after.indicators) {
        for (level, lb, la) in [
            (Level::L1, &b.level1, &a.level1),
            (Level::L2, &b.level2, &a.level2),
        ] {
            if lb.status != la.status {
                out.push(Change {
                    id: a.id.clone(),
                    level,
                    before: lb.status,
                    after: la.status,
                });
            }
        }
    }
    out
}

/// A CI gate on an evaluation: `--require-level` and/or `--min-met` at a level.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Gate {
    pub require_level: Option<Level>,
    pub min_met: Option<usize>,
    /// The level `min_met` counts at.
    pub level: Level,
    pub attained_level: u8,
    pub met: usize,
    pub passed: bool,
}

impl Gate {
    /// Judges the gates given on the command line; `None` when none was given.
    pub fn judge(
        summary: &Summary,
        require_level: Option<Level>,
        min_met: Option<usize>,
        level: Level,
    ) -> Option<Gate> {
        if require_level.is_none() && min_met.is_none() {
            return None;
        }
        let met = summary.level(level).counts.met;
        let passed = require_level.is_none_or(|l| summary.attained_level >= l.number())
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
    let indicators: Vec<IndicatorResult> = set
        .indicators
        .iter()
        .map(|ind| indicator(set, school, window, ind))
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

impl Summary {
    pub fn level(&self, level: Level) -> &LevelSummary {
        match level {
            Level::L1 => &self.level1,
            Level::L2 => &self.level2,
        }
    }
}

impl GroupSummary {
    pub fn level(&self, level: Level) -> &Counts {
        match level {
            Level::L1 => &self.level1,
            Level::L2 => &self.level2,
        }
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
        indicators: set.indicators.len(),
        reconstructed: set.reconstructed().0,
        reconstructed_l2: set.reconstructed().1,
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
            name_vi: g.name_vi.to_string(),
            name_en: g.name_en.to_string(),
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
        reconstructed: set.reconstructed().0,
        reconstructed_l2: set.reconstructed().1,
        groups,
    }
}

/// One indicator at both levels, with a person's not-applicable or waiver applied.
fn indicator(
    set: &CriteriaSet,
    school: &School,
    window: Window,
    ind: &Indicator,
) -> IndicatorResult {
    let evidence: Vec<Date> = school
        .evidence
        .get(&ind.id)
        .map(|e| e.iter().map(|x| x.date).collect())
        .unwrap_or_default();
    let cx = Ctx {
        facts: &school.facts,
        window,
        window_years: set.window_years,
        evidence: &evidence,
        roadmap: &ind.roadmap,
    };
    let kind = ind.rule.kind();
    let judge = |level: Level| -> LevelResult {
        let needs = &ind.needs[level.index()];
        if needs.iter().all(|n| school.facts.contains_key(n)) {
            return kind.evaluate(&cx, level);
        }
        let mut r = LevelResult::new(Status::Unknown);
        r.missing = needs
            .iter()
            .filter(|n| !school.facts.contains_key(*n))
            .cloned()
            .collect();
        r
    };
    let mut levels = [judge(Level::L1), judge(Level::L2)];
    let exceeded = levels[0].status == Status::Met
        && match set.exceeded_rule {
            ExceededRule::AtOrAboveL2 => kind.stricter_at_l2() && levels[1].status == Status::Met,
            ExceededRule::AboveL1 => kind.exceeded(&cx, &levels[0]),
        };
    let declared = school.statuses.get(&ind.id).cloned();
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
                    Some(d) if *d >= school.dossier_date => lr.status = Status::Waived,
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
        kind: kind.name(),
        provenance: ind.provenance,
        provenance_l2: ind.provenance_l2,
        exceeded: exceeded && level1.status == Status::Met,
        level1,
        level2,
        declared,
        waiver_problem,
        evidence_count: evidence.len(),
    }
}
