//! The roadmap: from today's gaps to a target level, as dated actions.
//!
//! 1. Targets. Every fact an unmet indicator needs is given a target value (the smallest whole
//!    number that meets the threshold); all targets are applied together, the set's constraints
//!    are repaired (identities, subsets ≤ wholes, implications) and the school is re-evaluated,
//!    until nothing changes. Shared facts are thus planned jointly: more classrooms (6.2) raise
//!    the denominator of 6.6, whose target rises with it.
//! 2. Schedule. One action per unmet indicator, with the set's lead time and dependencies. An
//!    action starts when its dependencies finish; past per-year and max-count failures cannot be
//!    repaired, so their action ends no earlier than the day the bad year leaves the window.
//! 3. Verification. The planned facts are evaluated at the earliest attainable date, with the
//!    window moved there; future years are assumed to keep to the threshold.
//!
//! Limits: unlimited parallel capacity (no budget or staff ceiling), window counts assumed to
//! stay inside the moved window, lead times are the set's typical values.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::criteria::{CriteriaSet, Indicator};
use crate::decimal::Dec;
use crate::eval::{Evaluation, Gap, Status, Summary, evaluate};
use crate::model::{CmpOp, Constraint, Level, RatioPath, Scope};
use crate::model::{FactValue, Facts, Value, Window, eval_expr};
use crate::rules::{Edits, Shift};
use crate::school::School;

#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub level: Level,
    pub start: Date,
    pub deadline: Option<Date>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FactTarget {
    pub fact: String,
    pub from: Option<Value>,
    pub to: Value,
    /// For a ratio's numerator: the planned denominator (`to / of`).
    pub of: Option<Dec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Finishes within 3 months of the start.
    ThreeMonths,
    /// Within 12 months.
    Year,
    LongTerm,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Action {
    pub indicator: String,
    pub group: u32,
    /// `fix` (an action closes the gap), `wait` (a past failure must leave the window) or `keep`
    /// (met today, but the plan's other changes would break it without this action).
    pub kind: &'static str,
    /// For a part-of-whole ratio: the path taken (`convert` members of the whole, or `add` new
    /// ones), the same one `check` names first.
    pub path: Option<RatioPath>,
    pub start: Date,
    pub finish: Date,
    pub lead_time_months: u32,
    pub lead_time_days: i64,
    pub cost: crate::model::Cost,
    /// Dependencies that are themselves in the plan, as work (a wait neither waits for nor
    /// delays anything).
    pub depends_on: Vec<String>,
    /// Every fact this action changes, including those the set's constraints force with it;
    /// applied to the file together, the targets of all actions give `after`.
    pub fact_targets: Vec<FactTarget>,
    /// The day a failed year or past event leaves the window: a wait action ends on it.
    pub blocked_until: Option<Date>,
    /// Months of planned work from this action's start to the end of the longest chain through it.
    pub chain_months: u32,
    pub critical: bool,
    pub late: bool,
    pub phase: Phase,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DataRequest {
    pub fact: String,
    pub indicators: Vec<String>,
    /// `missing` (not given), `missing_years` (a series lacks `years`) or `zero_denominator`
    /// (given as 0 where it divides, so the indicator cannot be judged).
    pub reason: &'static str,
    pub years: Vec<i32>,
}

/// A failure that has already left the window when the plan starts: no action is needed.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RolledOff {
    pub indicator: String,
    pub date: Date,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IndicatorStatus {
    pub id: String,
    pub status: Status,
}

/// The file with every published fact target applied, judged on its own dossier date: what
/// `chuan check` says of it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct After {
    pub summary: Summary,
    /// Each indicator's status at the target level.
    pub indicators: Vec<IndicatorStatus>,
    /// Indicators not met at the target level; each is a wait (or already rolled off), a data
    /// request or a conflict.
    pub not_met: Vec<String>,
    /// Those of them that only time repairs (wait actions and failures already rolled off).
    pub waiting: Vec<String>,
}

/// The planned facts moved to the plan's last finish date (the window moved there): the check
/// behind `earliest_attainable`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Verified {
    pub date: Date,
    pub summary: Summary,
    pub not_met: Vec<String>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Plan {
    pub target_level: Level,
    pub start: Date,
    pub deadline: Option<Date>,
    /// The dossier date the facts describe, and their age in whole months at the plan's start
    /// when that is more than `STALE_AFTER_MONTHS` (null otherwise).
    pub facts_as_of: Date,
    pub stale_months: Option<i64>,
    pub before: Summary,
    pub data_requests: Vec<DataRequest>,
    pub actions: Vec<Action>,
    pub rolled_off: Vec<RolledOff>,
    pub critical_path: Vec<String>,
    /// The earliest date the target level is reachable, or null when unknown data or a conflict
    /// makes it impossible to promise.
    pub earliest_attainable: Option<Date>,
    /// Indicators for which no consistent set of targets exists within the constraints.
    pub conflicts: Vec<String>,
    pub after: After,
    pub verified: Verified,
    pub deadline_met: Option<bool>,
    /// Actions that finish after the deadline.
    pub late_actions: usize,
}

/// Facts older than this at the plan's start are flagged as stale.
pub const STALE_AFTER_MONTHS: i64 = 6;

fn num(v: &FactValue) -> Option<Dec> {
    match v {
        FactValue::Scalar(Value::Num(d)) => Some(*d),
        _ => None,
    }
}

/// `d` plus `months`; a chain of lead times past the calendar's end stops at its last day
/// (and the plan then promises no date, see `plan`).
fn add_months(d: Date, months: u32) -> Date {
    jiff::Span::new()
        .try_months(i64::from(months))
        .ok()
        .and_then(|s| d.checked_add(s).ok())
        .unwrap_or(Date::MAX)
}

/// The joint plan of facts: every value the plan changes, and which indicators' actions made
/// each change (directly, or through a constraint the change had to keep).
struct Planner<'a> {
    set: &'a CriteriaSet,
    orig: &'a Facts,
    facts: Facts,
    /// fact → the indicators (by index) whose actions changed it
    cause: BTreeMap<String, BTreeSet<usize>>,
    /// indicator index → the ratio path it took when first planned
    paths: BTreeMap<usize, RatioPath>,
    /// The indicator whose gap is being closed (the cause of changes made through `Edits`).
    current: BTreeSet<usize>,
}

impl Edits for Planner<'_> {
    fn get(&self, fact: &str) -> Option<Dec> {
        Planner::get(self, fact)
    }

    fn set(&mut self, fact: &str, value: Dec) -> bool {
        let because = self.current.clone();
        self.set_num(fact, value, &because)
    }

    fn set_true(&mut self, fact: &str) -> bool {
        let because = self.current.clone();
        Planner::set_true(self, fact, &because)
    }

    fn wholes(&self, fact: &str) -> Vec<String> {
        Planner::wholes(self, fact)
    }
}

impl Planner<'_> {
    fn get(&self, fact: &str) -> Option<Dec> {
        self.facts.get(fact).and_then(num)
    }

    /// Sets a number and records why; true when it changed.
    fn set_num(&mut self, fact: &str, v: Dec, because: &BTreeSet<usize>) -> bool {
        if self.get(fact) == Some(v) {
            return false;
        }
        self.facts
            .insert(fact.to_string(), FactValue::Scalar(Value::Num(v)));
        self.cause
            .entry(fact.to_string())
            .or_default()
            .extend(because.iter().copied());
        true
    }

    fn set_true(&mut self, fact: &str, because: &BTreeSet<usize>) -> bool {
        if self.facts.get(fact) == Some(&FactValue::Scalar(Value::Bool(true))) {
            return false;
        }
        self.facts
            .insert(fact.to_string(), FactValue::Scalar(Value::Bool(true)));
        self.cause
            .entry(fact.to_string())
            .or_default()
            .extend(because.iter().copied());
        true
    }

    fn causes<'f>(&self, facts: impl IntoIterator<Item = &'f str>) -> BTreeSet<usize> {
        facts
            .into_iter()
            .filter_map(|f| self.cause.get(f))
            .flatten()
            .copied()
            .collect()
    }

    /// Every fact a new member of `fact` also counts in: the wholes it is declared part of
    /// (`fact <= whole`, or the first positive term of `fact <= a - b`), transitively.
    fn wholes(&self, fact: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut stack = vec![fact.to_string()];
        while let Some(f) = stack.pop() {
            let Some(def) = self.set.fact(&f) else {
                continue;
            };
            for c in &def.constraints {
                if let Constraint::Compare {
                    op: CmpOp::Le,
                    expr,
                } = c
                    && let Some((_, whole)) = expr.terms.iter().find(|(pos, _)| *pos)
                    && whole != fact
                    && !out.contains(whole)
                {
                    out.push(whole.clone());
                    stack.push(whole.clone());
                }
            }
        }
        out
    }

    /// Closes one unmet indicator's gap on the planned facts, through its rule kind; true when
    /// anything changed. A ratio keeps the path it took when first planned.
    fn close(&mut self, i: usize, ind: &Indicator, gap: &Gap) -> bool {
        let gap = match gap {
            Gap::Ratio { path, .. } => {
                let first = *self.paths.entry(i).or_insert(*path);
                let mut g = gap.clone();
                if let Gap::Ratio { path, .. } = &mut g {
                    *path = first;
                }
                g
            }
            g => g.clone(),
        };
        self.current = BTreeSet::from([i]);
        ind.rule.kind().close(&gap, &ind.roadmap, self)
    }

    /// Repairs the set's scalar constraints after the plan's changes; true when anything changed.
    /// An identity raises its first term (or its total); a part above its whole lowers the part
    /// when the whole shrank (members moved out of it), and otherwise raises the whole (the part
    /// grew: its new members count in the whole too); a `>=` raises its left side; an
    /// implication sets its consequent.
    fn repair(&mut self) -> bool {
        let mut changed = false;
        for def in &self.set.facts {
            for c in &def.constraints {
                match c {
                    Constraint::Implies(other) => {
                        if self.facts.get(&def.name) == Some(&FactValue::Scalar(Value::Bool(true)))
                            && self.facts.get(other) == Some(&FactValue::Scalar(Value::Bool(false)))
                        {
                            let because = self.causes([def.name.as_str()]);
                            changed |= self.set_true(other, &because);
                        }
                    }
                    Constraint::Compare { op, expr } => {
                        let (Some(x), Some(rhs)) =
                            (self.get(&def.name), eval_expr(expr, &self.facts, None))
                        else {
                            continue;
                        };
                        if op.holds(x, rhs) {
                            continue;
                        }
                        let because =
                            self.causes(std::iter::once(def.name.as_str()).chain(expr.facts()));
                        let first = expr
                            .terms
                            .iter()
                            .find(|(pos, _)| *pos)
                            .map(|(_, t)| t.clone());
                        let raised = self
                            .orig
                            .get(&def.name)
                            .and_then(num)
                            .is_some_and(|o| x > o);
                        // members moved out of the whole (e.g. staff into teaching): the part
                        // yields, and its own indicator re-targets against the smaller whole
                        let shrank =
                            eval_expr(expr, self.orig, None).is_some_and(|orig| rhs < orig);
                        match op {
                            // (both sides were evaluated, so every term is given)
                            CmpOp::Eq if x > rhs => {
                                if let Some(t) = first
                                    && let Some(cur) = self.get(&t)
                                {
                                    changed |= self.set_num(&t, cur + (x - rhs), &because);
                                }
                            }
                            CmpOp::Le if raised && !shrank => {
                                if let Some(t) = first
                                    && let Some(cur) = self.get(&t)
                                {
                                    changed |= self.set_num(&t, cur + (x - rhs), &because);
                                }
                            }
                            CmpOp::Le => {
                                changed |= self.set_num(&def.name, rhs.max(Dec::ZERO), &because)
                            }
                            CmpOp::Eq | CmpOp::Ge => {
                                changed |= self.set_num(&def.name, rhs, &because)
                            }
                        }
                    }
                }
            }
        }
        changed
    }
}

fn constraint_violations(set: &CriteriaSet, facts: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    for def in &set.facts {
        // a declared ceiling (e.g. at most 6 school leaders) cannot be repaired by raising
        if let (Some(max), Some(v)) = (def.max, facts.get(&def.name).and_then(num))
            && v > max
        {
            out.push(def.name.clone());
        }
        for c in &def.constraints {
            if let Constraint::Compare { op, expr } = c
                && let (Some(x), Some(rhs)) = (
                    facts.get(&def.name).and_then(num),
                    eval_expr(expr, facts, None),
                )
                && !op.holds(x, rhs)
            {
                out.push(def.name.clone());
            }
        }
    }
    out
}

/// Rounds of joint planning before the plan gives up on a set whose constraints keep moving.
const MAX_ROUNDS: usize = 200;

/// Closes every unmet indicator's gap on the planned facts, jointly, until nothing changes.
fn plan_facts<'a>(set: &'a CriteriaSet, school: &'a School, level: Level) -> Planner<'a> {
    let mut p = Planner {
        set,
        orig: &school.facts,
        facts: school.facts.clone(),
        cause: BTreeMap::new(),
        paths: BTreeMap::new(),
        current: BTreeSet::new(),
    };
    let mut planned = school.clone();
    for _ in 0..MAX_ROUNDS {
        planned.facts = p.facts.clone();
        let ev = evaluate(set, &planned);
        let mut changed = false;
        for (i, (ind, r)) in set.indicators.iter().zip(&ev.indicators).enumerate() {
            let lr = r.level(level);
            if lr.computed.unwrap_or(lr.status) != Status::NotMet {
                continue;
            }
            if let Some(gap) = &lr.gap {
                changed |= p.close(i, ind, gap);
            }
        }
        changed |= p.repair();
        if !changed {
            break;
        }
    }
    p
}

/// The planned school as it would stand on `date`: the window moves there, failed years and past
/// events have rolled off, and future years keep to the target level's thresholds.
fn shift(set: &CriteriaSet, school: &School, facts: &Facts, date: Date, level: Level) -> School {
    let window = Window::of(date, set.window_years);
    let mut out = school.clone();
    out.dossier_date = date;
    out.facts = facts.clone();
    out.evidence.clear();
    let mut s = Shift {
        window,
        facts,
        series: BTreeMap::new(),
        replace: Vec::new(),
    };
    // every series first: known years inside the new window, the others from the snapshot it
    // tracks (e.g. lecturers_total gives the future headcount) or its last known year
    for def in set.facts.iter().filter(|f| f.scope == Scope::Series) {
        let Some(FactValue::Series(known)) = facts.get(&def.name) else {
            continue;
        };
        let future = def
            .tracks
            .as_ref()
            .and_then(|t| facts.get(t))
            .and_then(|v| match v {
                FactValue::Scalar(v) => Some(v.clone()),
                FactValue::Series(_) => None,
            })
            .or_else(|| known.values().last().cloned());
        let mut series = s.known(&def.name);
        if let Some(v) = future {
            for y in window.years() {
                series.entry(y).or_insert_with(|| v.clone());
            }
        }
        s.series.insert(def.name.clone(), series);
    }
    // then each rule: its failed years are gone, its future years keep to the threshold
    for ind in &set.indicators {
        ind.rule.kind().shift(&mut s, level);
    }
    for (name, series) in s.series {
        out.facts.insert(name, FactValue::Series(series));
    }
    for (name, v) in s.replace {
        out.facts.insert(name, FactValue::Scalar(v));
    }
    out
}

fn months_between(a: Date, b: Date) -> i64 {
    a.until(b)
        .ok()
        .and_then(|s| s.total((jiff::Unit::Month, a)).ok())
        .map_or(0, |m| m.floor() as i64)
}

pub fn plan(set: &CriteriaSet, school: &School, opts: &PlanOptions) -> Plan {
    let level = opts.level;
    let ev0 = evaluate(set, school);
    let verdict = |ev: &Evaluation, i: usize| {
        let r = ev.indicators[i].level(level);
        (r.status, r.computed.unwrap_or(r.status))
    };
    let planner = plan_facts(set, school, level);
    let planned = &planner.facts;
    let changed = |f: &str| planned.get(f) != school.facts.get(f);
    // raised, not lowered: a part that shrinks with its whole is the cause's change, not work
    let raised = |f: &str| match (planned.get(f), school.facts.get(f)) {
        (Some(FactValue::Scalar(Value::Num(to))), Some(FactValue::Scalar(Value::Num(from)))) => {
            to > from
        }
        (Some(to), from) => Some(to) != from,
        (None, _) => false,
    };

    // one action per indicator not met at the target level (a waiver does not meet it), per
    // indicator unknown today that the plan's changes make judgeable, and per met indicator
    // whose own scored fact the plan had to raise (a new hire joins its denominator: keep it met)
    // indicator → the facts its action changed, in the set's fact order (built once: asking
    // every fact for every indicator is quadratic on a long dependency chain)
    let mut changed_by: Vec<Vec<&str>> = vec![Vec::new(); set.indicators.len()];
    for def in &set.facts {
        let name = def.name.as_str();
        if let Some(causes) = planner.cause.get(name)
            && changed(name)
        {
            for &i in causes {
                changed_by[i].push(name);
            }
        }
    }
    let mut actions: Vec<Action> = Vec::new();
    let mut rolled_off = Vec::new();
    for (i, ind) in set.indicators.iter().enumerate() {
        let (status, computed) = verdict(&ev0, i);
        if status == Status::NotApplicable {
            continue;
        }
        let lr = ev0.indicators[i].level(level);
        let rule_facts = ind.rule.facts();
        let kind = match computed {
            Status::NotMet => "fix",
            Status::Unknown if rule_facts.iter().any(|f| changed(f)) => "fix",
            Status::Met if ind.rule.kind().scored(level).iter().any(|f| raised(f)) => "keep",
            _ => continue,
        };
        let blocked_until = match &lr.gap {
            Some(Gap::Years { roll_off, .. }) => Some(*roll_off),
            Some(Gap::Excess {
                roll_off,
                roll_off_by,
                ..
            }) => Some(roll_off.unwrap_or(*roll_off_by)),
            _ => None,
        };
        if let Some(date) = blocked_until
            && date <= opts.start
        {
            rolled_off.push(RolledOff {
                indicator: ind.id.clone(),
                date,
            });
            continue;
        }
        // every fact this action changes: its own first, then those the constraints moved
        // with them (a denominator another action raised shows in `of`, not here)
        let ours = |f: &str| changed(f) && planner.cause.get(f).is_some_and(|c| c.contains(&i));
        let mut facts: Vec<&str> = rule_facts.iter().copied().filter(|f| ours(f)).collect();
        for &name in &changed_by[i] {
            if !facts.contains(&name) {
                facts.push(name);
            }
        }
        let fact_targets: Vec<FactTarget> = facts
            .into_iter()
            .filter_map(|f| {
                let FactValue::Scalar(to) = planned.get(f)? else {
                    return None;
                };
                let of = ind.rule.kind().whole_of(f, planned);
                let from = match school.facts.get(f) {
                    Some(FactValue::Scalar(v)) => Some(v.clone()),
                    _ => None,
                };
                Some(FactTarget {
                    fact: f.to_string(),
                    from,
                    to: to.clone(),
                    of,
                })
            })
            .collect();
        // met through other actions alone (e.g. the staff moved to teaching were the part of a
        // pool that missed its standard): nothing to do here
        if blocked_until.is_none() && fact_targets.is_empty() {
            continue;
        }
        let path = planner.paths.get(&i).copied();
        let (lead_time_months, cost) = match path {
            Some(p) => ind.roadmap.path_terms(p),
            None => (ind.roadmap.lead_time_months, ind.roadmap.cost),
        };
        actions.push(Action {
            indicator: ind.id.clone(),
            group: ind.group,
            kind: if blocked_until.is_some() {
                "wait"
            } else {
                kind
            },
            path,
            start: opts.start,
            finish: opts.start,
            lead_time_months: if blocked_until.is_some() {
                0
            } else {
                lead_time_months
            },
            lead_time_days: 0,
            cost,
            depends_on: ind.roadmap.depends_on.clone(),
            fact_targets,
            blocked_until,
            chain_months: 0,
            critical: false,
            late: false,
            phase: Phase::ThreeMonths,
        });
    }
    // dependencies count only between pieces of work that are in the plan
    let work: BTreeSet<String> = actions
        .iter()
        .filter(|a| a.kind != "wait")
        .map(|a| a.indicator.clone())
        .collect();
    for a in actions.iter_mut() {
        if a.kind == "wait" {
            a.depends_on.clear();
        } else {
            a.depends_on.retain(|d| work.contains(d));
        }
    }
    schedule(&mut actions, opts);

    // `after` is the file with the published targets applied, nothing else
    let mut after_school = school.clone();
    for t in actions.iter().flat_map(|a| &a.fact_targets) {
        after_school
            .facts
            .insert(t.fact.clone(), FactValue::Scalar(t.to.clone()));
    }
    let ev_after = evaluate(set, &after_school);

    // data requests: what is still unknown once the plan's changes are in
    // (fact, reason) → (indicators, years)
    type Requests = BTreeMap<(String, &'static str), (Vec<String>, Vec<i32>)>;
    let mut requests = Requests::new();
    for (ind, r) in set.indicators.iter().zip(&ev_after.indicators) {
        let lr = r.level(level);
        if lr.computed.unwrap_or(lr.status) != Status::Unknown || lr.status == Status::NotApplicable
        {
            continue;
        }
        let mut add = |fact: &str, reason: &'static str, years: &[i32]| {
            let e = requests.entry((fact.to_string(), reason)).or_default();
            e.0.push(ind.id.clone());
            for y in years {
                if !e.1.contains(y) {
                    e.1.push(*y);
                }
            }
        };
        for f in &lr.missing {
            add(f, "missing", &[]);
        }
        for m in &lr.missing_years {
            add(&m.fact, "missing_years", &m.years);
        }
        if lr.reason == Some("zero_denominator") {
            for f in ind.rule.kind().denominators() {
                add(f, "zero_denominator", &[]);
            }
        }
    }
    let mut data_requests: Vec<DataRequest> = requests
        .into_iter()
        .map(|((fact, reason), (indicators, mut years))| {
            years.sort_unstable();
            DataRequest {
                fact,
                indicators,
                reason,
                years,
            }
        })
        .collect();
    let fact_order: HashMap<&str, usize> = set
        .facts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    data_requests.sort_by_key(|d| {
        fact_order
            .get(d.fact.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });

    let conflict_facts = constraint_violations(set, &after_school.facts);
    let conflicts: Vec<String> = set
        .indicators
        .iter()
        .filter(|ind| {
            ind.rule
                .facts()
                .iter()
                .any(|f| conflict_facts.iter().any(|x| x == f))
        })
        .map(|ind| ind.id.clone())
        .collect();

    let waits: HashSet<&str> = actions
        .iter()
        .filter(|a| a.kind == "wait")
        .map(|a| a.indicator.as_str())
        .chain(rolled_off.iter().map(|r| r.indicator.as_str()))
        .collect();
    let waiting: Vec<String> = set
        .indicators
        .iter()
        .map(|ind| ind.id.clone())
        .filter(|id| waits.contains(id.as_str()))
        .collect();
    let not_met_in = |ev: &Evaluation| -> Vec<String> {
        ev.indicators
            .iter()
            .filter(|r| !matches!(r.level(level).status, Status::Met | Status::NotApplicable))
            .map(|r| r.id.clone())
            .collect()
    };
    let after = After {
        indicators: ev_after
            .indicators
            .iter()
            .map(|r| IndicatorStatus {
                id: r.id.clone(),
                status: r.level(level).status,
            })
            .collect(),
        not_met: not_met_in(&ev_after),
        waiting,
        summary: ev_after.summary.clone(),
    };

    // the verified date: the planned facts on the day the last action finishes
    let finish = actions
        .iter()
        .map(|a| a.finish)
        .max()
        .unwrap_or(opts.start)
        .max(opts.start);
    let shifted = shift(set, school, &after_school.facts, finish, level);
    let ev_finish = evaluate(set, &shifted);
    let verified = Verified {
        date: finish,
        not_met: not_met_in(&ev_finish),
        summary: ev_finish.summary,
    };
    let earliest_attainable =
        (verified.not_met.is_empty() && conflicts.is_empty() && data_requests.is_empty())
            .then_some(finish);
    let critical_path = critical_path(&actions);
    for a in actions.iter_mut() {
        a.critical = critical_path.contains(&a.indicator);
    }
    // listing order: start date, then the longest chain behind (the critical path), then cost
    actions.sort_by(|a, b| {
        (
            a.start,
            std::cmp::Reverse(a.chain_months),
            a.cost,
            crate::criteria::id_key(&a.indicator),
        )
            .cmp(&(
                b.start,
                std::cmp::Reverse(b.chain_months),
                b.cost,
                crate::criteria::id_key(&b.indicator),
            ))
    });
    let age = months_between(school.dossier_date, opts.start);
    Plan {
        target_level: level,
        start: opts.start,
        deadline: opts.deadline,
        facts_as_of: school.dossier_date,
        stale_months: (age > STALE_AFTER_MONTHS).then_some(age),
        before: ev0.summary,
        data_requests,
        late_actions: actions.iter().filter(|a| a.late).count(),
        actions,
        rolled_off,
        critical_path,
        deadline_met: opts
            .deadline
            .map(|d| earliest_attainable.is_some_and(|e| e <= d)),
        earliest_attainable,
        conflicts,
        after,
        verified,
    }
}

/// Dates every action, each once, in dependency order: work starts when every piece of work it
/// depends on has finished and runs its lead time; a wait starts at the plan's start and ends on
/// its roll-off date. Also the months of work from each action to the end of its longest chain.
pub fn schedule(actions: &mut [Action], opts: &PlanOptions) {
    let n = actions.len();
    let index: BTreeMap<&str, usize> = actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.indicator.as_str(), i))
        .collect();
    let deps: Vec<Vec<usize>> = actions
        .iter()
        .map(|a| {
            if a.blocked_until.is_some() {
                return Vec::new();
            }
            a.depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .filter(|&d| actions[d].blocked_until.is_none())
                .collect()
        })
        .collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting_on: Vec<usize> = vec![0; n];
    for (i, ds) in deps.iter().enumerate() {
        waiting_on[i] = ds.len();
        for &d in ds {
            dependents[d].push(i);
        }
    }
    // Kahn's order; a leftover (a cycle, never in a validated set) is scheduled from the start
    let mut order: Vec<usize> = (0..n).filter(|&i| waiting_on[i] == 0).collect();
    let mut k = 0;
    while k < order.len() {
        let i = order[k];
        k += 1;
        for &j in &dependents[i] {
            waiting_on[j] -= 1;
            if waiting_on[j] == 0 {
                order.push(j);
            }
        }
    }
    let mut scheduled = vec![false; n];
    order.iter().for_each(|&i| scheduled[i] = true);
    order.extend((0..n).filter(|&i| !scheduled[i]));
    let mut finish = vec![opts.start; n];
    for &i in &order {
        let start = deps[i]
            .iter()
            .map(|&d| finish[d])
            .max()
            .unwrap_or(opts.start)
            .max(opts.start);
        let end = match actions[i].blocked_until {
            Some(b) => b.max(start),
            None => add_months(start, actions[i].lead_time_months),
        };
        finish[i] = end;
        let a = &mut actions[i];
        a.start = start;
        a.finish = end;
        a.lead_time_days = start
            .until(end)
            .map(|s| i64::from(s.get_days()))
            .unwrap_or(0);
        // phases count from the plan's start: done within 3 months, within the year, later
        let months = opts
            .start
            .until(end)
            .ok()
            .and_then(|s| s.total((jiff::Unit::Month, opts.start)).ok())
            .unwrap_or(0.0);
        a.phase = if months <= 3.0 {
            Phase::ThreeMonths
        } else if months <= 12.0 {
            Phase::Year
        } else {
            Phase::LongTerm
        };
        a.late = opts.deadline.is_some_and(|d| end > d);
    }
    // the end of each action's longest chain, in reverse dependency order
    let mut chain_end = finish.clone();
    for &i in order.iter().rev() {
        for &j in &dependents[i] {
            chain_end[i] = chain_end[i].max(chain_end[j]);
        }
    }
    for (i, a) in actions.iter_mut().enumerate() {
        a.chain_months = a
            .start
            .until(chain_end[i])
            .ok()
            .and_then(|s| s.total((jiff::Unit::Month, a.start)).ok())
            .map_or(0, |m| m.round() as u32);
    }
}

/// The chain of actions that ends last: each step is the dependency that finished last.
pub fn critical_path(actions: &[Action]) -> Vec<String> {
    let Some(mut cur) = actions.iter().max_by(|a, b| {
        (
            a.finish,
            std::cmp::Reverse(crate::criteria::id_key(&a.indicator)),
        )
            .cmp(&(
                b.finish,
                std::cmp::Reverse(crate::criteria::id_key(&b.indicator)),
            ))
    }) else {
        return Vec::new();
    };
    let by_id: HashMap<&str, &Action> = actions.iter().map(|a| (a.indicator.as_str(), a)).collect();
    let mut on_path: HashSet<&str> = HashSet::from([cur.indicator.as_str()]);
    let mut path = vec![cur.indicator.clone()];
    loop {
        let prev = cur
            .depends_on
            .iter()
            .filter_map(|d| by_id.get(d.as_str()).copied())
            .filter(|a| a.finish == cur.start)
            .max_by_key(|a| a.finish);
        match prev {
            Some(p) if on_path.insert(p.indicator.as_str()) => {
                path.push(p.indicator.clone());
                cur = p;
            }
            _ => break,
        }
    }
    path.reverse();
    path
}
