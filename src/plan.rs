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

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::criteria::{CmpOp, Constraint, CriteriaSet, Rule, Scope, YearRule};
use crate::decimal::Dec;
use crate::eval::{Evaluation, Gap, Status, Summary, evaluate};
use crate::school::{FactValue, Facts, School, Value, Window, eval_expr};

#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub level: u8,
    pub start: Date,
    pub deadline: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FactTarget {
    pub fact: String,
    pub from: Option<Value>,
    pub to: Value,
    /// For a ratio's numerator: the planned denominator (`to / of`).
    pub of: Option<Dec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Finishes within 3 months of the start.
    ThreeMonths,
    /// Within 12 months.
    Year,
    LongTerm,
}

#[derive(Clone, Debug, Serialize)]
pub struct Action {
    pub indicator: String,
    pub group: u32,
    /// `fix` (an action closes the gap), `wait` (a past failure must leave the window) or `keep`
    /// (met today, but the plan's other changes would break it without this action).
    pub kind: &'static str,
    pub start: Date,
    pub finish: Date,
    pub lead_time_months: u32,
    pub lead_time_days: i64,
    pub cost: crate::criteria::Cost,
    /// Dependencies that are themselves in the plan.
    pub depends_on: Vec<String>,
    pub fact_targets: Vec<FactTarget>,
    /// The day a failed year or past event leaves the window, when that bounds the action.
    pub blocked_until: Option<Date>,
    /// Months of planned work from this action's start to the end of the longest chain through it.
    pub chain_months: u32,
    pub critical: bool,
    pub late: bool,
    pub phase: Phase,
}

#[derive(Clone, Debug, Serialize)]
pub struct DataRequest {
    pub fact: String,
    pub indicators: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct After {
    pub date: Date,
    pub summary: Summary,
    /// Indicators still not met at the target level on the planned facts.
    pub not_met: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub target_level: u8,
    pub start: Date,
    pub deadline: Option<Date>,
    pub before: Summary,
    pub data_requests: Vec<DataRequest>,
    pub actions: Vec<Action>,
    pub critical_path: Vec<String>,
    /// The earliest date the target level is reachable, or null when unknown data or a conflict
    /// makes it impossible to promise.
    pub earliest_attainable: Option<Date>,
    /// Indicators for which no consistent set of targets exists within the constraints.
    pub conflicts: Vec<String>,
    pub after: After,
    pub deadline_met: Option<bool>,
}

fn num(v: &FactValue) -> Option<Dec> {
    match v {
        FactValue::Scalar(Value::Num(d)) => Some(*d),
        _ => None,
    }
}

fn lvl(level: u8) -> usize {
    usize::from(level.clamp(1, 2) - 1)
}

fn add_months(d: Date, months: u32) -> Date {
    d.checked_add(jiff::Span::new().months(i64::from(months)))
        .unwrap_or(d)
}

/// Raises `fact` to at least `target` in the planned facts; true when it changed.
fn raise(facts: &mut Facts, fact: &str, target: Dec) -> bool {
    let cur = facts.get(fact).and_then(num).unwrap_or(Dec::ZERO);
    if cur < target {
        facts.insert(fact.to_string(), FactValue::Scalar(Value::Num(target)));
        true
    } else {
        false
    }
}

/// Repairs the set's scalar constraints after targets were raised; true when anything changed.
fn repair(set: &CriteriaSet, facts: &mut Facts) -> bool {
    let mut changed = false;
    for def in &set.facts {
        for c in &def.constraints {
            match c {
                Constraint::Implies(other) => {
                    if facts.get(&def.name) == Some(&FactValue::Scalar(Value::Bool(true)))
                        && facts.get(other) == Some(&FactValue::Scalar(Value::Bool(false)))
                    {
                        facts.insert(other.clone(), FactValue::Scalar(Value::Bool(true)));
                        changed = true;
                    }
                }
                Constraint::Compare { op, expr } => {
                    let (Some(x), Some(rhs)) = (
                        facts.get(&def.name).and_then(num),
                        eval_expr(expr, facts, None),
                    ) else {
                        continue;
                    };
                    if op.holds(x, rhs) {
                        continue;
                    }
                    // the right side must grow (X ≤ rhs, X = rhs with X larger): raise its first
                    // positive term; otherwise (X ≥ rhs, X = rhs with X smaller) raise X
                    let grow_rhs = matches!(op, CmpOp::Le) || (*op == CmpOp::Eq && x > rhs);
                    if grow_rhs {
                        if let Some((_, term)) = expr.terms.iter().find(|(pos, _)| *pos) {
                            let cur = facts.get(term).and_then(num).unwrap_or(Dec::ZERO);
                            changed |= raise(facts, term, cur + (x - rhs));
                        }
                    } else {
                        changed |= raise(facts, &def.name, rhs);
                    }
                }
            }
        }
    }
    changed
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

/// Sets every fixable fact of the unmet indicators to its target, jointly, until stable.
fn plan_facts(set: &CriteriaSet, school: &School, level: u8) -> (Facts, Vec<String>) {
    let mut planned = school.clone();
    for _ in 0..50 {
        let ev = evaluate(set, &planned);
        let facts = &mut planned.facts;
        let mut changed = false;
        for (ind, r) in set.indicators.iter().zip(&ev.indicators) {
            let lr = r.level(level);
            if lr.computed.unwrap_or(lr.status) != Status::NotMet {
                continue;
            }
            // the evaluation already computed each gap's whole-number target
            match (&lr.gap, &ind.rule) {
                (Some(Gap::Ratio { target, .. }), Rule::Ratio { numerator, .. }) => {
                    if let Some(n) = numerator.single() {
                        changed |= raise(facts, n, *target);
                    }
                }
                (Some(Gap::Shortfall { fact, target, .. }), _) => {
                    changed |= raise(facts, fact, *target)
                }
                (Some(Gap::Flags { facts: flags }), _) => {
                    for f in flags {
                        facts.insert(f.clone(), FactValue::Scalar(Value::Bool(true)));
                        changed = true;
                    }
                }
                // past years and past events cannot be changed; they roll off (see `shift`)
                _ => {}
            }
        }
        changed |= repair(set, facts);
        if !changed {
            break;
        }
    }
    let conflicts = constraint_violations(set, &planned.facts);
    (planned.facts, conflicts)
}

/// The planned school as it would stand on `date`: the window moves there, failed years and past
/// events have rolled off, and future years keep to the target level's thresholds.
fn shift(set: &CriteriaSet, school: &School, facts: &Facts, date: Date, level: u8) -> School {
    let l = lvl(level);
    let window = Window::of(date, set.window_years);
    let mut out = school.clone();
    out.dossier_date = date;
    out.facts = facts.clone();
    out.evidence.clear();
    // series: keep known years inside the new window, fill the others
    let mut filled: BTreeMap<String, BTreeMap<i32, Value>> = BTreeMap::new();
    let base = |name: &str| -> BTreeMap<i32, Value> {
        match facts.get(name) {
            Some(FactValue::Series(s)) => s
                .iter()
                .filter(|(y, _)| **y >= window.first_year && **y <= window.last_year)
                .map(|(y, v)| (*y, v.clone()))
                .collect(),
            _ => BTreeMap::new(),
        }
    };
    let last = |name: &str| -> Option<Value> {
        match facts.get(name) {
            Some(FactValue::Series(s)) => s.values().last().cloned(),
            _ => None,
        }
    };
    // denominators first: a tracked snapshot (e.g. lecturers_total) gives the future headcount
    for def in set.facts.iter().filter(|f| f.scope == Scope::Series) {
        if !facts.contains_key(&def.name) {
            continue;
        }
        let mut s = base(&def.name);
        let future = def
            .tracks
            .as_ref()
            .and_then(|t| facts.get(t))
            .cloned()
            .and_then(|v| match v {
                FactValue::Scalar(v) => Some(v),
                FactValue::Series(_) => None,
            });
        for y in window.years() {
            if !s.contains_key(&y)
                && let Some(v) = future.clone().or_else(|| last(&def.name))
            {
                s.insert(y, v);
            }
        }
        filled.insert(def.name.clone(), s);
    }
    // then every per-year rule: failed known years are gone; future years meet the threshold
    for ind in &set.indicators {
        let Rule::EveryYear(yr) = &ind.rule else {
            continue;
        };
        match yr {
            YearRule::Ratio {
                numerator,
                denominator,
                threshold,
            } => {
                let dens = filled.get(denominator).cloned().unwrap_or_default();
                let known = base(numerator);
                if let Some(s) = filled.get_mut(numerator) {
                    for y in window.years() {
                        if !known.contains_key(&y)
                            && let Some(d) = dens.get(&y).and_then(Value::num)
                        {
                            s.insert(
                                y,
                                Value::Num(Dec::from_int(
                                    Dec::min_numerator(d, threshold[l]) as i64
                                )),
                            );
                        }
                    }
                }
            }
            YearRule::Number { series, threshold } => {
                let known = base(series);
                if let Some(s) = filled.get_mut(series) {
                    for y in window.years().filter(|y| !known.contains_key(y)) {
                        s.insert(y, Value::Num(threshold[l]));
                    }
                }
            }
            YearRule::Boolean { series } => {
                let known = base(series);
                if let Some(s) = filled.get_mut(series) {
                    for y in window.years().filter(|y| !known.contains_key(y)) {
                        s.insert(y, Value::Bool(true));
                    }
                }
            }
            YearRule::Rating {
                series,
                enum_id,
                threshold,
            } => {
                let known = base(series);
                let rank = set
                    .enum_def(enum_id)
                    .and_then(|e| e.rank(&threshold[l]))
                    .unwrap_or(0);
                if let Some(s) = filled.get_mut(series) {
                    for y in window.years().filter(|y| !known.contains_key(y)) {
                        s.insert(y, Value::Grade(threshold[l].clone(), rank));
                    }
                }
            }
        }
    }
    for (name, s) in filled {
        out.facts.insert(name, FactValue::Series(s));
    }
    // past events counted by max_count rules have left the window
    for ind in &set.indicators {
        if let Rule::MaxCount { fact, threshold } = &ind.rule
            && facts
                .get(fact)
                .and_then(num)
                .is_some_and(|v| v > threshold[l])
        {
            out.facts
                .insert(fact.clone(), FactValue::Scalar(Value::Num(threshold[l])));
        }
    }
    out
}

pub fn plan(set: &CriteriaSet, school: &School, opts: &PlanOptions) -> Plan {
    let level = opts.level;
    let ev0 = evaluate(set, school);
    let status_at = |ev: &Evaluation, i: usize| {
        let r = ev.indicators[i].level(level);
        (r.status, r.computed.unwrap_or(r.status))
    };

    // data requests: each missing fact and the indicators it decides
    let mut requests: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &ev0.indicators {
        let lr = r.level(level);
        if lr.status == Status::Unknown || lr.computed == Some(Status::Unknown) {
            for f in &lr.missing {
                requests.entry(f.clone()).or_default().push(r.id.clone());
            }
        }
    }
    let mut data_requests: Vec<DataRequest> = requests
        .into_iter()
        .map(|(fact, indicators)| DataRequest { fact, indicators })
        .collect();
    data_requests.sort_by_key(|d| {
        set.facts
            .iter()
            .position(|f| f.name == d.fact)
            .unwrap_or(usize::MAX)
    });

    let (planned, conflict_facts) = plan_facts(set, school, level);

    // one action per indicator not met (or only waived) at the target level, and one per met
    // indicator whose own scored fact the joint plan had to raise (a new hire joins its
    // denominator, so it must be kept met)
    let scored = |rule: &Rule| -> Vec<String> {
        match rule {
            Rule::Ratio { numerator, .. } => {
                numerator.single().map(str::to_string).into_iter().collect()
            }
            Rule::Count { fact, .. } | Rule::Quantity { fact, .. } => vec![fact.clone()],
            Rule::Boolean { facts } => facts[lvl(level)].clone(),
            _ => Vec::new(),
        }
    };
    let mut keep = BTreeSet::new();
    let todo: Vec<usize> = (0..set.indicators.len())
        .filter(|&i| {
            let (s, c) = status_at(&ev0, i);
            let unmet = s == Status::NotMet || (s == Status::Waived && c != Status::Met);
            let raised = s == Status::Met
                && scored(&set.indicators[i].rule)
                    .iter()
                    .any(|f| planned.get(f) != school.facts.get(f));
            if raised {
                keep.insert(i);
            }
            unmet || raised
        })
        .collect();
    let in_plan: BTreeSet<&str> = todo
        .iter()
        .map(|&i| set.indicators[i].id.as_str())
        .collect();
    let mut actions: Vec<Action> = Vec::new();
    for &i in &todo {
        let ind = &set.indicators[i];
        let lr = ev0.indicators[i].level(level);
        let blocked_until = match &lr.gap {
            Some(Gap::Years { roll_off, .. }) => Some(*roll_off),
            Some(Gap::Excess {
                roll_off,
                roll_off_by,
                ..
            }) => Some(roll_off.unwrap_or(*roll_off_by)),
            _ => None,
        };
        let fact_targets: Vec<FactTarget> = ind
            .rule
            .facts()
            .into_iter()
            .filter_map(|f| {
                let to = planned.get(f)?;
                let from = school.facts.get(f);
                if Some(to) == from {
                    return None;
                }
                let FactValue::Scalar(to) = to else {
                    return None;
                };
                let of = match &ind.rule {
                    Rule::Ratio {
                        numerator,
                        denominator,
                        ..
                    } if numerator.single() == Some(f) => eval_expr(denominator, &planned, None),
                    _ => None,
                };
                let from = match from {
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
        actions.push(Action {
            indicator: ind.id.clone(),
            group: ind.group,
            kind: if blocked_until.is_some() {
                "wait"
            } else if keep.contains(&i) {
                "keep"
            } else {
                "fix"
            },
            start: opts.start,
            finish: opts.start,
            lead_time_months: ind.roadmap.lead_time_months,
            lead_time_days: 0,
            cost: ind.roadmap.cost,
            depends_on: ind
                .roadmap
                .depends_on
                .iter()
                .filter(|d| in_plan.contains(d.as_str()))
                .cloned()
                .collect(),
            fact_targets,
            blocked_until,
            chain_months: 0,
            critical: false,
            late: false,
            phase: Phase::ThreeMonths,
        });
    }
    schedule(&mut actions, opts);

    let conflicts: Vec<String> = {
        let mut c: Vec<String> = set
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
        c.dedup();
        c
    };
    let finish = actions
        .iter()
        .map(|a| a.finish)
        .max()
        .unwrap_or(opts.start)
        .max(opts.start);
    let after_date = finish;
    let shifted = shift(set, school, &planned, after_date, level);
    let ev_after = evaluate(set, &shifted);
    let not_met: Vec<String> = ev_after
        .indicators
        .iter()
        .filter(|r| {
            let s = r.level(level).status;
            s != Status::Met && s != Status::NotApplicable
        })
        .map(|r| r.id.clone())
        .collect();
    let earliest_attainable = (not_met.is_empty() && conflicts.is_empty()).then_some(after_date);
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
    Plan {
        target_level: level,
        start: opts.start,
        deadline: opts.deadline,
        before: ev0.summary,
        data_requests,
        actions,
        critical_path,
        deadline_met: opts
            .deadline
            .map(|d| earliest_attainable.is_some_and(|e| e <= d)),
        earliest_attainable,
        conflicts,
        after: After {
            date: after_date,
            summary: ev_after.summary,
            not_met,
        },
    }
}

/// Dates every action: it starts when all its dependencies finish, runs its lead time, and a
/// waiting action ends no earlier than its roll-off date. Also the chain length behind each action.
pub fn schedule(actions: &mut [Action], opts: &PlanOptions) {
    let index: BTreeMap<String, usize> = actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.indicator.clone(), i))
        .collect();
    let mut done = vec![false; actions.len()];
    // the set guarantees no cycle; a leftover (never in a valid set) is scheduled from the start
    for _ in 0..=actions.len() {
        for i in 0..actions.len() {
            if done[i] {
                continue;
            }
            let deps: Vec<usize> = actions[i]
                .depends_on
                .iter()
                .filter_map(|d| index.get(d).copied())
                .collect();
            if deps.iter().any(|&d| !done[d]) {
                continue;
            }
            let start = deps
                .iter()
                .map(|&d| actions[d].finish)
                .max()
                .unwrap_or(opts.start)
                .max(opts.start);
            let mut finish = add_months(start, actions[i].lead_time_months);
            if let Some(b) = actions[i].blocked_until {
                finish = finish.max(b);
            }
            let a = &mut actions[i];
            a.start = start;
            a.finish = finish;
            a.lead_time_days = start
                .until(finish)
                .map(|s| i64::from(s.get_days()))
                .unwrap_or(0);
            // phases count from the plan's start: what is done within 3 months, within the year, later
            let months = opts
                .start
                .until(finish)
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
            a.late = opts.deadline.is_some_and(|d| finish > d);
            done[i] = true;
        }
    }
    // chain length: months from an action's start to the latest finish of anything after it
    let end_of_chain = |i: usize, actions: &[Action]| -> Date {
        let mut latest = actions[i].finish;
        let mut stack = vec![i];
        let mut seen = BTreeSet::new();
        while let Some(j) = stack.pop() {
            if !seen.insert(j) {
                continue;
            }
            latest = latest.max(actions[j].finish);
            for (k, b) in actions.iter().enumerate() {
                if b.depends_on.contains(&actions[j].indicator) {
                    stack.push(k);
                }
            }
        }
        latest
    };
    for i in 0..actions.len() {
        let end = end_of_chain(i, actions);
        let start = actions[i].start;
        actions[i].chain_months = start
            .until(end)
            .ok()
            .and_then(|s| s.total((jiff::Unit::Month, start)).ok())
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
    let mut path = vec![cur.indicator.clone()];
    loop {
        let prev = cur
            .depends_on
            .iter()
            .filter_map(|d| actions.iter().find(|a| &a.indicator == d))
            .filter(|a| a.finish == cur.start)
            .max_by_key(|a| a.finish);
        match prev {
            Some(p) if !path.contains(&p.indicator) => {
                path.push(p.indicator.clone());
                cur = p;
            }
            _ => break,
        }
    }
    path.reverse();
    path
}
