//! The roadmap: one action per unmet indicator, joint targets on shared facts, the scheduler
//! (dependencies, critical path, deadline flags, roll-off dates) and a plan that verifies itself.

use chuan::criteria::{Cost, CriteriaSet};
use chuan::decimal::Dec;
use chuan::eval::Status;
use chuan::messages::Lang;
use chuan::plan::{Action, Phase, PlanOptions, critical_path, plan, schedule};
use chuan::school::{School, Value};
use jiff::civil::{Date, date};

use crate::common::{chuan, embedded_school, stdout};

fn opts(start: Date, deadline: Option<Date>) -> PlanOptions {
    PlanOptions {
        level: 1,
        start,
        deadline,
    }
}

#[test]
fn lai_chau_roadmap_covers_all_29_gaps_and_verifies_to_55() {
    let (set, school) = embedded_school("schools/lai-chau-2023.toml");
    let p = plan(&set, &school, &opts(date(2023, 11, 13), None));
    assert_eq!(p.actions.len(), 29);
    let before = chuan::eval::evaluate(&set, &school);
    let before_unmet: Vec<&str> = before
        .indicators
        .iter()
        .filter(|i| i.level1.status == Status::NotMet)
        .map(|i| i.id.as_str())
        .collect();
    let mut planned: Vec<&str> = p.actions.iter().map(|a| a.indicator.as_str()).collect();
    planned.sort_by_key(|i| chuan::criteria::id_key(i));
    assert_eq!(planned, before_unmet);
    assert!(p.conflicts.is_empty());
    assert!(p.data_requests.is_empty());
    // on the file itself, the targets meet everything but the two past years that must roll off
    assert_eq!(p.after.summary.level1.counts.met, 53);
    assert_eq!(p.after.not_met, ["2.13", "4.6"]);
    assert_eq!(p.after.waiting, ["2.13", "4.6"]);
    // on the finish date, with the window moved, they have rolled off
    assert_eq!(
        p.verified.summary.level1.counts.met, 55,
        "not met on the finish date: {:?}",
        p.verified.not_met
    );
    assert!(p.verified.summary.level1.attained);
    // the earliest date is the end of the longest dependency chain: master's 24 months, then
    // doctorate 42, then a provincial project 24, then practice reports 9 = 99 months
    assert_eq!(p.critical_path, ["2.2", "2.10", "4.1", "4.9"]);
    assert_eq!(p.earliest_attainable, Some(date(2032, 2, 13)));
    let last = p.actions.iter().map(|a| a.finish).max().unwrap();
    assert_eq!(p.earliest_attainable, Some(last));
}

#[test]
fn targets_are_quantified_and_shared_facts_planned_jointly() {
    let (set, school) = embedded_school("schools/lai-chau-2023.toml");
    let p = plan(&set, &school, &opts(date(2023, 11, 13), None));
    let a = |id: &str| p.actions.iter().find(|a| a.indicator == id).unwrap();
    let t26 = &a("2.6").fact_targets[0];
    assert_eq!(
        (t26.fact.as_str(), &t26.from, &t26.to, t26.of),
        (
            "lecturers_principal_rank_plus",
            &Some(Value::Num(Dec::from_int(5))),
            &Value::Num(Dec::from_int(21)),
            Some(Dec::from_int(35))
        )
    );
    // 6.2 raises classrooms from 6 to 10, so 6.6 needs 9 of 10 equipped, not 6 of 6
    let t66: Vec<(&str, Value, Option<Dec>)> = a("6.6")
        .fact_targets
        .iter()
        .map(|t| (t.fact.as_str(), t.to.clone(), t.of))
        .collect();
    assert_eq!(
        t66,
        [(
            "classrooms_fully_equipped",
            Value::Num(Dec::from_int(9)),
            Some(Dec::from_int(10))
        )]
    );
    // the new classrooms are 6.2's change, listed once, there
    let t62: Vec<(&str, Value)> = a("6.2")
        .fact_targets
        .iter()
        .map(|t| (t.fact.as_str(), t.to.clone()))
        .collect();
    assert_eq!(t62, [("classrooms_total", Value::Num(Dec::from_int(10)))]);
    // a boolean target
    assert_eq!(a("1.6").fact_targets[0].to, Value::Bool(true));
}

#[test]
fn joint_planning_over_a_shared_denominator_repairs_constraints() {
    // 35 lecturers of 60 staff = 58 %: 2.1 needs 45 of 60 (move 10 staff to teaching) or 75 of
    // 100 (hire 40); moving staff is the set's cheaper path, as `check` says first
    let (set, mut school) = embedded_school("schools/lai-chau-2023.toml");
    use chuan::school::FactValue;
    let n = |v: i64| FactValue::Scalar(Value::Num(Dec::from_int(v)));
    school.facts.insert("staff_total".into(), n(60));
    school.facts.insert("lecturers_fulltime".into(), n(31));
    school.facts.insert("lecturers_total".into(), n(35));
    school
        .facts
        .insert("non_teaching_staff_meeting_job_standard".into(), n(25));
    let ev = chuan::eval::evaluate(&set, &school);
    let gap = ev.indicators[6].level1.gap.clone().unwrap();
    assert_eq!(ev.indicators[6].id, "2.1");
    assert!(
        matches!(gap, chuan::eval::Gap::Ratio { amount, add: Some(add), path: chuan::criteria::RatioPath::Convert, .. }
            if amount == Dec::from_int(10) && add.amount == Dec::from_int(40) && add.of == Dec::from_int(100)),
        "{gap:?}"
    );
    let p = plan(&set, &school, &opts(date(2024, 1, 1), None));
    let a21 = p
        .actions
        .iter()
        .find(|a| a.indicator == "2.1")
        .expect("2.1 is now unmet");
    assert_eq!(a21.path, Some(chuan::criteria::RatioPath::Convert));
    assert_eq!((a21.lead_time_months, a21.cost), (3, Cost::Low));
    let targets = |a: &Action| -> Vec<(String, Value, Value)> {
        a.fact_targets
            .iter()
            .map(|t| (t.fact.clone(), t.from.clone().unwrap(), t.to.clone()))
            .collect()
    };
    let v = |x: i64| Value::Num(Dec::from_int(x));
    // every fact the move changes: the lecturers (as concurrent, the set's `via`), and the
    // non-teaching staff who meet their standard, 10 of whom now teach
    assert_eq!(
        targets(a21),
        [
            ("lecturers_total".to_string(), v(35), v(45)),
            ("lecturers_concurrent".to_string(), v(4), v(14)),
            (
                "non_teaching_staff_meeting_job_standard".to_string(),
                v(25),
                v(15)
            ),
        ]
    );
    assert_eq!(a21.fact_targets[0].of, Some(Dec::from_int(60)));
    // the moved staff join the denominators of 2.2–2.7: 60 % of 45 principal lecturers = 27
    let a26 = p.actions.iter().find(|a| a.indicator == "2.6").unwrap();
    assert_eq!(
        (a26.fact_targets[0].to.clone(), a26.fact_targets[0].of),
        (v(27), Some(Dec::from_int(45)))
    );
    // 2.3 is met today (35/35), but the 10 new lecturers join its denominator: a keep action
    let a23 = p
        .actions
        .iter()
        .find(|a| a.indicator == "2.3")
        .expect("2.3 must be kept met");
    assert_eq!(a23.kind, "keep");
    assert_eq!(
        targets(a23),
        [("lecturers_meeting_llct_rule".to_string(), v(35), v(45))]
    );
    // 2.12 stays met (15 of the 15 non-teaching staff): its smaller pool is 2.1's change
    assert!(p.actions.iter().all(|a| a.indicator != "2.12"));
    assert!(p.conflicts.is_empty(), "{:?}", p.conflicts);
    assert_eq!(
        p.verified.summary.level1.counts.met, 55,
        "{:?}",
        p.verified.not_met
    );
}

#[test]
fn recruiting_is_chosen_when_the_set_makes_it_the_cheaper_path() {
    // the same school under a copy of the set where assigning staff costs more than recruiting:
    // the gap and the roadmap both take the `add` path, 40 new lecturers (75/100)
    let dir = tempfile::tempdir().unwrap();
    copy_set(dir.path());
    let ind = dir.path().join("indicators/2-doi-ngu.toml");
    let text = std::fs::read_to_string(&ind).unwrap().replacen(
        "via = \"lecturers_concurrent\"\nlead_time_months = 3\ncost = \"low\"",
        "via = \"lecturers_concurrent\"\nlead_time_months = 3\ncost = \"high\"",
        1,
    );
    std::fs::write(&ind, text).unwrap();
    let set = CriteriaSet::load_dir(dir.path()).unwrap();
    let (_, mut school) = embedded_school("schools/lai-chau-2023.toml");
    use chuan::school::FactValue;
    let n = |v: i64| FactValue::Scalar(Value::Num(Dec::from_int(v)));
    school.facts.insert("staff_total".into(), n(60));
    school.facts.insert("lecturers_fulltime".into(), n(31));
    school.facts.insert("lecturers_total".into(), n(35));
    school
        .facts
        .insert("non_teaching_staff_meeting_job_standard".into(), n(25));
    let p = plan(&set, &school, &opts(date(2024, 1, 1), None));
    let a21 = p.actions.iter().find(|a| a.indicator == "2.1").unwrap();
    assert_eq!(a21.path, Some(chuan::criteria::RatioPath::Add));
    assert_eq!((a21.lead_time_months, a21.cost), (6, Cost::Medium));
    let to: Vec<(&str, Value)> = a21
        .fact_targets
        .iter()
        .map(|t| (t.fact.as_str(), t.to.clone()))
        .collect();
    let v = |x: i64| Value::Num(Dec::from_int(x));
    assert_eq!(
        to,
        [
            ("lecturers_total", v(75)),
            ("staff_total", v(100)),
            ("lecturers_fulltime", v(71)),
        ]
    );
}

/// Copies the embedded set's folder, for tests that change one of its files.
fn copy_set(to: &std::path::Path) {
    for (path, text) in chuan::criteria::embedded_files() {
        let file = to.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

fn action(id: &str, months: u32, deps: &[&str], blocked: Option<Date>) -> Action {
    Action {
        indicator: id.into(),
        group: 1,
        kind: if blocked.is_some() { "wait" } else { "fix" },
        path: None,
        start: date(2025, 1, 1),
        finish: date(2025, 1, 1),
        lead_time_months: months,
        lead_time_days: 0,
        cost: Cost::Low,
        depends_on: deps.iter().map(|d| d.to_string()).collect(),
        fact_targets: Vec::new(),
        blocked_until: blocked,
        chain_months: 0,
        critical: false,
        late: false,
        phase: Phase::ThreeMonths,
    }
}

#[test]
fn scheduler_dependencies_critical_path_deadline_and_roll_off() {
    let mut acts = vec![
        action("a", 6, &[], None),
        action("b", 12, &["a"], None),
        action("c", 3, &["a"], None),
        action("d", 2, &["c"], None),
        action("w", 1, &[], Some(date(2026, 1, 1))),
    ];
    let o = opts(date(2025, 1, 1), Some(date(2026, 3, 31)));
    schedule(&mut acts, &o);
    let get = |id: &str| acts.iter().find(|a| a.indicator == id).unwrap().clone();
    assert_eq!(
        (get("a").start, get("a").finish),
        (date(2025, 1, 1), date(2025, 7, 1))
    );
    assert_eq!(
        (get("b").start, get("b").finish),
        (date(2025, 7, 1), date(2026, 7, 1))
    );
    assert_eq!(
        (get("d").start, get("d").finish),
        (date(2025, 10, 1), date(2025, 12, 1))
    );
    // a waiting action ends on its roll-off date, not after its lead time
    assert_eq!(get("w").finish, date(2026, 1, 1));
    assert_eq!(get("w").phase, Phase::Year);
    assert!(get("b").late && !get("d").late && !get("w").late);
    assert_eq!(get("a").chain_months, 18);
    assert_eq!(get("b").phase, Phase::LongTerm);
    assert_eq!(get("a").phase, Phase::Year);
    assert_eq!(critical_path(&acts), ["a", "b"]);
}

#[test]
fn deadline_flags_and_roll_off_bound_the_earliest_date() {
    let (set, school) = embedded_school("schools/lai-chau-2023.toml");
    let p = plan(
        &set,
        &school,
        &opts(date(2023, 11, 13), Some(date(2026, 12, 31))),
    );
    assert_eq!(p.deadline_met, Some(false));
    let late: Vec<&str> = p
        .actions
        .iter()
        .filter(|a| a.late)
        .map(|a| a.indicator.as_str())
        .collect();
    assert!(
        late.contains(&"2.10") && late.contains(&"6.5") && !late.contains(&"1.6"),
        "{late:?}"
    );
    // 2.13 failed in 2020 only: it cannot be met before 2020 leaves the window on 1/1/2026
    let a213 = p.actions.iter().find(|a| a.indicator == "2.13").unwrap();
    assert_eq!(
        (a213.kind, a213.blocked_until),
        ("wait", Some(date(2026, 1, 1)))
    );
    assert!(a213.finish >= date(2026, 1, 1));
    // starting later moves everything
    let p2 = plan(&set, &school, &opts(date(2026, 1, 1), None));
    assert_eq!(p2.earliest_attainable, Some(date(2034, 4, 1)));
}

#[test]
fn missing_data_comes_first_and_no_date_is_promised() {
    let (set, school) = embedded_school("schools/thai-nguyen-2023.toml");
    let p = plan(&set, &school, &opts(date(2024, 1, 1), None));
    let facts: Vec<&str> = p.data_requests.iter().map(|d| d.fact.as_str()).collect();
    assert_eq!(facts.len(), 5);
    assert!(facts.contains(&"tcllct_learners_enrolled_in_window"));
    assert_eq!(p.actions.len(), 8);
    assert_eq!(p.earliest_attainable, None);
    assert_eq!(p.after.not_met, ["3.6", "3.10", "3.11", "4.7"]);
}

#[test]
fn roadmap_json_has_the_documented_fields() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "roadmap",
        "schools/lai-chau-2023.toml",
        "--start",
        "2023-11-13",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["target_level"], 1);
    assert_eq!(v["earliest_attainable"], "2032-02-13");
    assert_eq!(v["after"]["summary"]["level1"]["met"], 53);
    assert_eq!(v["after"]["summary"]["total"], 55);
    assert_eq!(v["after"]["waiting"], serde_json::json!(["2.13", "4.6"]));
    assert_eq!(v["verified"]["summary"]["level1"]["met"], 55);
    assert_eq!(v["verified"]["date"], "2032-02-13");
    let a = &v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["indicator"] == "2.10")
        .unwrap();
    for key in [
        "start",
        "finish",
        "lead_time_days",
        "cost",
        "depends_on",
        "fact_targets",
    ] {
        assert!(!a[key].is_null(), "{key}");
    }
    assert_eq!(a["depends_on"], serde_json::json!(["2.2"]));
    assert_eq!(a["start"], "2025-11-13");
}

#[test]
fn roadmap_snapshots() {
    for (name, file, start) in [
        ("lai_chau", "schools/lai-chau-2023.toml", "2023-11-13"),
        ("thai_nguyen", "schools/thai-nguyen-2023.toml", "2024-01-01"),
    ] {
        insta::assert_snapshot!(
            format!("{name}_text"),
            stdout(&[
                "roadmap",
                file,
                "--start",
                start,
                "--deadline",
                "2026-12-31",
                "--color",
                "never"
            ])
        );
        insta::assert_snapshot!(
            format!("{name}_markdown"),
            stdout(&["roadmap", file, "--start", start, "--format", "markdown"])
        );
        insta::assert_snapshot!(
            format!("{name}_html"),
            stdout(&[
                "roadmap",
                file,
                "--start",
                start,
                "--deadline",
                "2026-12-31",
                "--format",
                "html"
            ])
        );
    }
}

#[test]
fn html_escapes_school_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    let text = std::fs::read_to_string("schools/lai-chau-2023.toml")
        .unwrap()
        .replace(
            "name = \"Trường Chính trị tỉnh Lai Châu\"",
            "name = \"<script>alert(1)</script> & Co\"",
        );
    std::fs::write(&path, text).unwrap();
    let html = stdout(&[
        "roadmap",
        path.to_str().unwrap(),
        "--start",
        "2023-11-13",
        "--format",
        "html",
    ]);
    assert!(!html.contains("<script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; Co"),
        "{}",
        &html[..600]
    );
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    // self-contained: no stylesheet, script, image or font fetched from elsewhere
    assert!(
        !html.contains("<link") && !html.contains("src=") && !html.contains("url("),
        "self-contained"
    );
}

#[test]
fn roadmap_refuses_bad_dates() {
    let o = chuan()
        .args([
            "roadmap",
            "schools/lai-chau-2023.toml",
            "--start",
            "13/11/2023",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("`--start`: ngày `13/11/2023` không hợp lệ")
    );
}

#[test]
fn no_consistent_targets_is_reported_as_a_conflict() {
    // a copy of the mini set where `part` may be at most 2: 1.1 (≥ 60 % of 5) needs 3
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("indicators")).unwrap();
    for f in ["set.toml", "indicators/all-kinds.toml"] {
        std::fs::copy(format!("tests/fixtures/mini-set/{f}"), dir.path().join(f)).unwrap();
    }
    let facts = std::fs::read_to_string("tests/fixtures/mini-set/facts.toml")
        .unwrap()
        .replacen(
            "constraints = [\"<= whole\"]",
            "constraints = [\"<= whole\"]\nmax = 2",
            1,
        );
    std::fs::write(dir.path().join("facts.toml"), facts).unwrap();
    let set = CriteriaSet::load_dir(dir.path()).unwrap();
    let text = "[school]\nid = \"t\"\nname = \"T\"\nprovince = \"T\"\ncriteria = \"mini\"\ndossier_date = 2024-06-30\n[facts]\npart = 1\nwhole = 5\n";
    let school = School::from_source(
        &chuan::diag::Source::new("t.toml", text),
        chuan::tree::Format::Toml,
        &set,
        Lang::En,
    )
    .unwrap();
    let p = plan(&set, &school, &opts(date(2024, 7, 1), None));
    assert_eq!(p.conflicts, ["1.1"]);
    assert_eq!(
        p.earliest_attainable, None,
        "no date is promised when targets conflict"
    );
}
