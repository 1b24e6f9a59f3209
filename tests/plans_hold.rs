//! A roadmap is a promise a principal acts on. For every bundled sample at both levels, and for
//! hundreds of generated schools (zero denominators, past failures, dated and undated events,
//! waivers, not-applicable declarations, missing years), this applies the plan's `fact_targets`
//! literally to the file, checks it again, and requires exactly the plan's `after`: the same
//! status for every indicator, and every indicator left unmet either a wait, a data request or a
//! conflict. It also requires `check`'s gap and `roadmap`'s action to name the same path and the
//! same target for every ratio.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chuan::criteria::{CriteriaSet, Rule};
use chuan::decimal::Dec;
use chuan::diag::Source;
use chuan::eval::{Evaluation, Gap, Status, evaluate};
use chuan::model::Value;
use chuan::model::{CmpOp, Constraint, FactDef, FactType, Scope};
use chuan::plan::{Plan, PlanOptions, plan};
use chuan::school::School;
use chuan::tree::Format;
use jiff::ToSpan;
use jiff::civil::{Date, date};

use crate::common::run;

/// A tiny deterministic generator (xorshift64*), so every run tests the same schools.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// A whole number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo + 1) as u64) as i64
        }
    }
}

/// A generated fact value, as it will be written to the file.
#[derive(Clone, Debug)]
enum Gen {
    Bool(bool),
    Num(i64),
    Code(String),
    /// Window year → value; years left out are missing data.
    Series(BTreeMap<i32, Gen>),
}

struct GenSchool {
    id: String,
    dossier: Date,
    facts: BTreeMap<String, Gen>,
    /// indicator → evidence dates
    evidence: BTreeMap<String, Vec<Date>>,
    /// indicator → (status, expires)
    statuses: BTreeMap<String, (&'static str, Option<Date>)>,
}

fn num_of(facts: &BTreeMap<String, Gen>, name: &str, year: Option<i32>) -> Option<i64> {
    match (facts.get(name)?, year) {
        (Gen::Num(n), _) => Some(*n),
        (Gen::Series(s), Some(y)) => match s.get(&y)? {
            Gen::Num(n) => Some(*n),
            _ => None,
        },
        _ => None,
    }
}

fn expr_of(
    facts: &BTreeMap<String, Gen>,
    expr: &chuan::model::Expr,
    year: Option<i32>,
) -> Option<i64> {
    let mut total = 0;
    for (pos, name) in &expr.terms {
        let v = num_of(facts, name, year)?;
        total += if *pos { v } else { -v };
    }
    Some(total)
}

/// What a rule needs of a fact, for choosing values that land near the thresholds.
fn scale(set: &CriteriaSet, fact: &str) -> (i64, i64) {
    let mut hi: i64 = 0;
    for ind in &set.indicators {
        let k = ind.rule.kind();
        if k.facts() != [fact] {
            continue;
        }
        if k.name() == "max_count" {
            return (0, 2);
        }
        if let Some(t) = k.threshold(chuan::model::Level::L2).and_then(Dec::to_i64) {
            hi = hi.max(t);
        }
    }
    if hi > 0 {
        // 40 % below the level-1 threshold to 40 % above level 2
        (0, hi + hi * 2 / 5)
    } else {
        (8, 90)
    }
}

/// One value for a numeric fact in one year (or as a snapshot), within its constraints.
fn number(
    rng: &mut Rng,
    set: &CriteriaSet,
    def: &FactDef,
    facts: &BTreeMap<String, Gen>,
    year: Option<i32>,
) -> Option<i64> {
    let mut identity = None;
    let mut cap: Option<i64> = None;
    for c in &def.constraints {
        if let Constraint::Compare { op, expr } = c {
            let v = expr_of(facts, expr, year);
            match op {
                CmpOp::Eq => identity = v,
                CmpOp::Le => {
                    if let Some(v) = v {
                        cap = Some(cap.map_or(v, |c: i64| c.min(v)));
                    }
                }
                CmpOp::Ge => {}
            }
        }
    }
    if let Some(v) = identity {
        return Some(v);
    }
    let min = def
        .min
        .and_then(Dec::to_i64)
        .unwrap_or(0)
        .max(def.min_exclusive.and_then(Dec::to_i64).map_or(0, |m| m + 1));
    let max = def.max.and_then(Dec::to_i64);
    let v = match cap {
        // a part of a whole: mostly most of it, sometimes all, sometimes little
        Some(c) if c <= 0 => 0,
        Some(c) => match rng.below(10) {
            0..=2 => c,
            3 => rng.range(0, c / 2),
            _ => rng.range(c * 3 / 5, c),
        },
        None => {
            let (lo, hi) = scale(set, &def.name);
            rng.range(lo, hi)
        }
    };
    Some(v.max(min).min(max.unwrap_or(i64::MAX)))
}

fn value(
    rng: &mut Rng,
    set: &CriteriaSet,
    def: &FactDef,
    facts: &BTreeMap<String, Gen>,
    year: Option<i32>,
) -> Option<Gen> {
    Some(match &def.ty {
        FactType::Bool => Gen::Bool(rng.chance(80)),
        FactType::Enum(id) => {
            let e = set.enum_def(id)?;
            // mostly the two best grades
            let k = match rng.below(10) {
                0..=5 => 0,
                6..=8 => 1,
                _ => rng.below(e.values.len() as u64) as usize,
            };
            Gen::Code(e.values[k.min(e.values.len() - 1)].code.clone())
        }
        FactType::Integer | FactType::Decimal => Gen::Num(number(rng, set, def, facts, year)?),
    })
}

/// The set's facts, each after the facts its constraints read.
fn constraint_order(set: &CriteriaSet) -> Vec<&FactDef> {
    fn visit<'s>(set: &'s CriteriaSet, def: &'s FactDef, out: &mut Vec<&'s FactDef>) {
        if out.iter().any(|d| d.name == def.name) {
            return;
        }
        for c in &def.constraints {
            let names: Vec<&str> = match c {
                Constraint::Compare { expr, .. } => expr.facts().collect(),
                Constraint::Implies(other) => vec![other.as_str()],
            };
            for n in names {
                if let Some(d) = set.fact(n) {
                    visit(set, d, out);
                }
            }
        }
        if !out.iter().any(|d| d.name == def.name) {
            out.push(def);
        }
    }
    let mut out = Vec::new();
    for def in &set.facts {
        visit(set, def, &mut out);
    }
    out
}

fn generate(set: &CriteriaSet, seed: u64) -> GenSchool {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let dossier = date(2022, 1, 1)
        .checked_add((rng.below(365 * 4 + 180) as i64).days())
        .unwrap();
    let window = chuan::model::Window::of(dossier, set.window_years);
    let mut facts: BTreeMap<String, Gen> = BTreeMap::new();
    let no_lecturers = rng.chance(5);
    let no_classrooms = rng.chance(5);
    for def in constraint_order(set) {
        // leave a few facts out altogether: missing data
        if rng.chance(2) {
            continue;
        }
        let v = if def.scope == Scope::Series {
            let mut s = BTreeMap::new();
            for y in window.years() {
                if let Some(v) = value(&mut rng, set, def, &facts, Some(y)) {
                    s.insert(y, v);
                }
            }
            // a partly filled series: one or two years not written
            if rng.chance(6) {
                for _ in 0..rng.range(1, 2) {
                    let y = window.first_year + rng.below(5) as i32;
                    s.remove(&y);
                }
            }
            Gen::Series(s)
        } else {
            let zero = (no_lecturers && def.name.starts_with("lecturers_"))
                || (no_classrooms && def.name.starts_with("classrooms_"));
            match value(&mut rng, set, def, &facts, None) {
                Some(Gen::Num(_)) if zero => Gen::Num(0),
                Some(v) => v,
                None => continue,
            }
        };
        facts.insert(def.name.clone(), v);
        // an identity may exceed a whole declared before it: grow the whole
        if let Some(Gen::Num(v)) = facts.get(&def.name).cloned() {
            for c in &def.constraints {
                if let Constraint::Compare {
                    op: CmpOp::Le,
                    expr,
                } = c
                    && let Some(whole) = expr.single()
                    && num_of(&facts, whole, None).is_some_and(|w| w < v)
                {
                    facts.insert(whole.to_string(), Gen::Num(v + rng.range(0, 15)));
                }
            }
        }
        // an implication that does not hold: drop the antecedent
        for c in &def.constraints {
            if let Constraint::Implies(other) = c
                && matches!(facts.get(other), Some(Gen::Bool(false)))
            {
                facts.insert(def.name.clone(), Gen::Bool(false));
            }
        }
    }
    // evidence: dated events for some rules that count past events (exact roll-off dates)
    let mut evidence = BTreeMap::new();
    for ind in &set.indicators {
        if let Rule::MaxCount(m) = &ind.rule
            && num_of(&facts, &m.fact, None).is_some_and(|v| v > 0)
            && rng.chance(60)
        {
            let days = window.start.until(window.end).unwrap().get_days() as u64;
            let dates: Vec<Date> = (0..rng.range(1, 2))
                .map(|_| {
                    window
                        .start
                        .checked_add((rng.below(days.max(1)) as i64).days())
                        .unwrap()
                })
                .collect();
            evidence.insert(ind.id.clone(), dates);
        }
    }
    // a person's statuses: a waiver (sometimes expired), not applicable where the set allows it
    let mut statuses = BTreeMap::new();
    if rng.chance(15) {
        let ind = &set.indicators[rng.below(set.indicators.len() as u64) as usize];
        let expires = dossier.checked_add((rng.range(-200, 400)).days()).unwrap();
        statuses.insert(ind.id.clone(), ("waived", Some(expires)));
    }
    for ind in set.indicators.iter().filter(|i| i.not_applicable_allowed) {
        if rng.chance(10) && !statuses.contains_key(&ind.id) {
            statuses.insert(ind.id.clone(), ("not_applicable", None));
        }
    }
    GenSchool {
        id: format!("gen-{seed}"),
        dossier,
        facts,
        evidence,
        statuses,
    }
}

fn write_value(out: &mut String, v: &Gen) {
    match v {
        Gen::Bool(b) => write!(out, "{b}").unwrap(),
        Gen::Num(n) => write!(out, "{n}").unwrap(),
        Gen::Code(c) => write!(out, "\"{c}\"").unwrap(),
        Gen::Series(_) => unreachable!("series are written as tables"),
    }
}

/// The school as a self-assessment file; `targets` replace values, as a person would edit them.
fn toml(s: &GenSchool, targets: &BTreeMap<String, Value>) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "[school]\nid = \"{}\"\nname = \"Trường thử {}\"\nprovince = \"Thử\"\ncriteria = \"qd11-2021\"\ndossier_date = {}\n\n[facts]",
        s.id, s.id, s.dossier
    )
    .unwrap();
    let mut tables = String::new();
    for (name, v) in &s.facts {
        match (v, targets.get(name)) {
            (Gen::Series(years), _) => {
                writeln!(tables, "\n[facts.{name}]").unwrap();
                for (y, v) in years {
                    write!(tables, "{y} = ").unwrap();
                    write_value(&mut tables, v);
                    tables.push('\n');
                }
            }
            (_, Some(t)) => writeln!(out, "{name} = {}", target_text(t)).unwrap(),
            (v, None) => {
                write!(out, "{name} = ").unwrap();
                write_value(&mut out, v);
                out.push('\n');
            }
        }
    }
    // a target for a fact the file does not give (never expected: the plan invents no fact)
    for (name, t) in targets {
        assert!(
            s.facts.contains_key(name),
            "{}: the plan sets `{name}`, which the file does not give",
            s.id
        );
        let _ = t;
    }
    out.push_str(&tables);
    for (id, dates) in &s.evidence {
        for (k, d) in dates.iter().enumerate() {
            writeln!(
                out,
                "\n[[evidence.\"{id}\"]]\nnumber = \"{k}/BB\"\ndate = {d}\nissuer = \"Ủy ban Kiểm tra\""
            )
            .unwrap();
        }
    }
    for (id, (status, expires)) in &s.statuses {
        writeln!(
            out,
            "\n[statuses.\"{id}\"]\nstatus = \"{status}\"\nreason = \"thử\""
        )
        .unwrap();
        if *status == "waived" {
            writeln!(out, "approver = \"Hội đồng\"").unwrap();
            if let Some(e) = expires {
                writeln!(out, "expires = {e}").unwrap();
            }
        }
    }
    out
}

fn target_text(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Num(d) => d.to_string(),
        Value::Grade(code, _) => format!("\"{code}\""),
    }
}

/// Generated school `seed` of the embedded set, as its file's name and text (other tests
/// render the same corpus).
pub(crate) fn generated_school(seed: u64) -> (String, String) {
    let g = generate(crate::common::embedded_set(), seed);
    (
        format!("generated school {seed}"),
        toml(&g, &BTreeMap::new()),
    )
}

fn load(set: &CriteriaSet, name: &str, text: &str) -> School {
    School::from_source(&Source::new(name, text), Format::Toml, set)
        .unwrap_or_else(|d| panic!("{name} does not load:\n{text}\n{d:#?}"))
}

/// Every published target, as one edit of the file (a fact in several actions has one value).
fn published(p: &Plan) -> BTreeMap<String, Value> {
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    for t in p.actions.iter().flat_map(|a| &a.fact_targets) {
        if let Some(prev) = out.insert(t.fact.clone(), t.to.clone()) {
            assert_eq!(prev, t.to, "`{}` has two different targets", t.fact);
        }
    }
    out
}

/// The plan's promises, checked against a fresh evaluation of the edited file.
fn check_plan(name: &str, set: &CriteriaSet, before: &Evaluation, p: &Plan, after: &Evaluation) {
    let level = p.target_level;
    // 1. the edited file evaluates exactly to the plan's `after`
    for (r, a) in after.indicators.iter().zip(&p.after.indicators) {
        assert_eq!(r.id, a.id);
        assert_eq!(
            r.level(level).status,
            a.status,
            "{name} level {level}: {} is {:?} in the edited file but {:?} in the plan's after",
            r.id,
            r.level(level).status,
            a.status
        );
    }
    assert_eq!(
        after.summary.level1.counts, p.after.summary.level1.counts,
        "{name}: level-1 counts"
    );
    assert_eq!(
        after.summary.level2.counts, p.after.summary.level2.counts,
        "{name}: level-2 counts"
    );
    // 2. what is still not met is a wait, a data request or a conflict, never silence
    for id in &p.after.not_met {
        let requested = p.data_requests.iter().any(|d| d.indicators.contains(id));
        assert!(
            p.after.waiting.contains(id) || requested || p.conflicts.contains(id),
            "{name} level {level}: {id} is not met after the plan and nothing says why"
        );
    }
    // 3. a date is promised only when the plan verifies on that date
    if let Some(d) = p.earliest_attainable {
        assert_eq!(d, p.verified.date);
        assert!(
            p.verified.not_met.is_empty(),
            "{name}: {:?}",
            p.verified.not_met
        );
        assert!(p.data_requests.is_empty() && p.conflicts.is_empty());
    }
    // 4. waits end exactly on their roll-off dates, and chain after nothing
    for a in p.actions.iter().filter(|a| a.kind == "wait") {
        assert_eq!(
            Some(a.finish),
            a.blocked_until,
            "{name}: wait {}",
            a.indicator
        );
        assert_eq!(a.start, p.start, "{name}: wait {} starts late", a.indicator);
        assert!(
            a.finish > p.start,
            "{name}: {} rolled off already",
            a.indicator
        );
    }
    // 5. the gap `check` prints and the roadmap's action take the same path to the same target
    for (ind, r) in set.indicators.iter().zip(&before.indicators) {
        let lr = r.level(level);
        if lr.computed.unwrap_or(lr.status) != Status::NotMet || lr.status == Status::NotApplicable
        {
            continue;
        }
        let Some(Gap::Ratio {
            numerator,
            target,
            of,
            add,
            path,
            ..
        }) = &lr.gap
        else {
            continue;
        };
        let Some(a) = p.actions.iter().find(|a| a.indicator == ind.id) else {
            // only when other actions meet it (e.g. staff moved out of its pool)
            let s = p.after.indicators.iter().find(|s| s.id == ind.id).unwrap();
            assert_eq!(
                s.status,
                Status::Met,
                "{name}: unmet ratio {} has no action",
                ind.id
            );
            continue;
        };
        if ind.rule.kind().two_paths() {
            assert_eq!(a.path, Some(*path), "{name}: {} path", ind.id);
        }
        let t = a
            .fact_targets
            .first()
            .unwrap_or_else(|| panic!("{name}: {} has no target", ind.id));
        assert_eq!(&t.fact, numerator, "{name}: {} first target", ind.id);
        let (want, want_of) = match (path, add) {
            (chuan::model::RatioPath::Add, Some(add)) => (add.target, add.of),
            _ => (*target, *of),
        };
        // where other actions moved the denominator (hires join it, staff moved to teaching
        // leave a pool), the target is the least whole number that meets the threshold there
        let got = t.to.num().unwrap();
        let thr = lr.threshold.unwrap();
        if t.of == Some(want_of) {
            assert_eq!(got, want, "{name}: {} target", ind.id);
        } else {
            let of = t.of.unwrap();
            assert_ne!(
                Dec::cmp_ratio(got, of, thr),
                std::cmp::Ordering::Less,
                "{name}: {} target {got}/{of} is below {thr} %",
                ind.id
            );
            if *path == chuan::model::RatioPath::Convert {
                // no more than needed (or than the school already has)
                let least = Dec::from_int(Dec::min_numerator(of, thr) as i64);
                let from = t.from.as_ref().and_then(Value::num).unwrap_or(Dec::ZERO);
                assert!(
                    got <= least.max(from),
                    "{name}: {} target {got}/{of} is more than the least ({least}) that meets {thr} %",
                    ind.id
                );
            }
        }
    }
}

fn start_for(rng: &mut Rng, dossier: Date) -> Date {
    // from the dossier date to three and a half years later, so some failures roll off first
    dossier
        .checked_add((rng.below(42) as i64).months())
        .unwrap()
}

#[test]
fn generated_schools_plans_hold_when_carried_out() {
    let set = crate::common::embedded_set();
    let mut rng = Rng(0x5eed);
    let mut seen = BTreeMap::<&str, usize>::new();
    for seed in 0..500u64 {
        let g = generate(set, seed);
        let name = format!("generated school {seed}");
        let text = toml(&g, &BTreeMap::new());
        let school = load(set, &name, &text);
        let before = evaluate(set, &school);
        for level in chuan::model::Level::BOTH {
            let p = plan(
                set,
                &school,
                &PlanOptions {
                    level,
                    start: start_for(&mut rng, g.dossier),
                    deadline: None,
                },
            );
            let edited = toml(&g, &published(&p));
            let after = evaluate(set, &load(set, &name, &edited));
            check_plan(&name, set, &before, &p, &after);
            // what the corpus covered, so a generator change cannot quietly stop covering it
            let lr = |id: &str| before.indicators.iter().find(|i| i.id == id).unwrap();
            if lr("2.2").level1.reason == Some("zero_denominator") {
                *seen.entry("zero denominator").or_default() += 1;
            }
            if p.actions.iter().any(|a| a.kind == "wait") {
                *seen.entry("wait").or_default() += 1;
            }
            if !p.rolled_off.is_empty() {
                *seen.entry("rolled off before the start").or_default() += 1;
            }
            if before
                .indicators
                .iter()
                .any(|i| !i.level1.missing_years.is_empty())
            {
                *seen.entry("missing years").or_default() += 1;
            }
            if before.indicators.iter().any(|i| i.declared.is_some()) {
                *seen.entry("waiver or not applicable").or_default() += 1;
            }
            if p.actions.iter().any(|a| a.kind == "keep") {
                *seen.entry("keep").or_default() += 1;
            }
            if p.actions
                .iter()
                .any(|a| a.path == Some(chuan::model::RatioPath::Add))
            {
                *seen.entry("add path").or_default() += 1;
            }
            if p.earliest_attainable.is_some() {
                *seen.entry("dated plan").or_default() += 1;
            }
        }
    }
    eprintln!("covered: {seen:?}");
    for case in [
        "zero denominator",
        "wait",
        "rolled off before the start",
        "missing years",
        "waiver or not applicable",
        "keep",
        "dated plan",
    ] {
        assert!(
            seen.get(case).copied().unwrap_or(0) >= 10,
            "the generated corpus covers `{case}` only {:?} times: {seen:?}",
            seen.get(case)
        );
    }
}

#[test]
fn bundled_samples_gaps_and_actions_agree() {
    let set = crate::common::embedded_set();
    for file in SAMPLES {
        let school = School::load(std::path::Path::new(file), set).unwrap();
        let before = evaluate(set, &school);
        for level in chuan::model::Level::BOTH {
            let p = plan(
                set,
                &school,
                &PlanOptions {
                    level,
                    start: date(2026, 12, 1),
                    deadline: None,
                },
            );
            let mut edited = school.clone();
            for (fact, to) in published(&p) {
                edited
                    .facts
                    .insert(fact, chuan::model::FactValue::Scalar(to));
            }
            check_plan(file, set, &before, &p, &evaluate(set, &edited));
        }
    }
}

const SAMPLES: [&str; 6] = [
    "schools/lai-chau-2023.toml",
    "schools/ha-noi-le-hong-phong-2023.toml",
    "schools/ha-noi-le-hong-phong-2023.yaml",
    "schools/cao-bang-2025.toml",
    "schools/thai-nguyen-2023.toml",
    "schools/mau-muc-2-2026.toml",
];

#[test]
fn bundled_samples_plans_hold_when_carried_out_through_the_cli() {
    // the commands a principal would run: roadmap as JSON, then check with every target as --set
    for file in SAMPLES {
        for level in ["1", "2"] {
            let out = run(&[
                "roadmap",
                file,
                "--level",
                level,
                "--start",
                "2026-12-01",
                "--format",
                "json",
            ]);
            assert_eq!(out.status.code(), Some(0), "{file}");
            let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let mut args: Vec<String> = vec![
                "check".into(),
                file.into(),
                "--format".into(),
                "json".into(),
            ];
            for a in p["actions"].as_array().unwrap() {
                for t in a["fact_targets"].as_array().unwrap() {
                    let v = match &t["to"] {
                        serde_json::Value::String(s) => s.clone(),
                        v => v.to_string(),
                    };
                    args.push("--set".into());
                    args.push(format!("{}={v}", t["fact"].as_str().unwrap()));
                }
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = run(&args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{file} level {level}: the edited file is refused: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let ev: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let key = format!("level{level}");
            for (r, a) in ev["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .zip(p["after"]["indicators"].as_array().unwrap())
            {
                assert_eq!(r["id"], a["id"]);
                assert_eq!(
                    r[&key]["status"], a["status"],
                    "{file} level {level}: {}",
                    r["id"]
                );
            }
            assert_eq!(
                ev["summary"][&key]["met"], p["after"]["summary"][&key]["met"],
                "{file} level {level}"
            );
            for id in p["after"]["not_met"].as_array().unwrap() {
                let waiting = p["after"]["waiting"].as_array().unwrap().contains(id);
                let requested = p["data_requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["indicators"].as_array().unwrap().contains(id));
                let conflict = p["conflicts"].as_array().unwrap().contains(id);
                assert!(
                    waiting || requested || conflict,
                    "{file} level {level}: {id} unexplained"
                );
            }
        }
    }
}
