//! The roadmap: one action per unmet indicator, joint targets on shared facts, the scheduler
//! (dependencies, critical path, deadline flags, roll-off dates) and a plan that verifies itself.

use chuan::criteria::CriteriaSet;
use chuan::decimal::Dec;
use chuan::eval::Status;
use chuan::model::Cost;
use chuan::model::Value;
use chuan::plan::{Action, Phase, PlanOptions, critical_path, plan, schedule};
use chuan::school::School;
use chuan::text::Lang;
use jiff::civil::{Date, date};

use crate::common::{chuan, embedded_school, stdout};

fn opts(start: Date, deadline: Option<Date>) -> PlanOptions {
    PlanOptions {
        level: chuan::model::Level::L1,
        start,
        deadline,
    }
}

#[test]
fn lai_chau_roadmap_covers_all_29_gaps_and_verifies_to_55() {
    let (set, school) = embedded_school("schools/lai-chau-2023.toml");
    let p = plan(set, &school, &opts(date(2023, 11, 13), None));
    assert_eq!(p.actions.len(), 29);
    let before = chuan::eval::evaluate(set, &school);
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
    let p = plan(set, &school, &opts(date(2023, 11, 13), None));
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
    use chuan::model::FactValue;
    let n = |v: i64| FactValue::Scalar(Value::Num(Dec::from_int(v)));
    school.facts.insert("staff_total".into(), n(60));
    school.facts.insert("lecturers_fulltime".into(), n(31));
    school.facts.insert("lecturers_total".into(), n(35));
    school
        .facts
        .insert("non_teaching_staff_meeting_job_standard".into(), n(25));
    let ev = chuan::eval::evaluate(set, &school);
    let gap = ev.indicators[6].level1.gap.clone().unwrap();
    assert_eq!(ev.indicators[6].id, "2.1");
    assert!(
        matches!(gap, chuan::eval::Gap::Ratio { amount, add: Some(add), path: chuan::model::RatioPath::Convert, .. }
            if amount == Dec::from_int(10) && add.amount == Dec::from_int(40) && add.of == Dec::from_int(100)),
        "{gap:?}"
    );
    let p = plan(set, &school, &opts(date(2024, 1, 1), None));
    let a21 = p
        .actions
        .iter()
        .find(|a| a.indicator == "2.1")
        .expect("2.1 is now unmet");
    assert_eq!(a21.path, Some(chuan::model::RatioPath::Convert));
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
    let set = crate::common::set_recruiting_first(dir.path());
    let (_, mut school) = embedded_school("schools/lai-chau-2023.toml");
    use chuan::model::FactValue;
    let n = |v: i64| FactValue::Scalar(Value::Num(Dec::from_int(v)));
    school.facts.insert("staff_total".into(), n(60));
    school.facts.insert("lecturers_fulltime".into(), n(31));
    school.facts.insert("lecturers_total".into(), n(35));
    school
        .facts
        .insert("non_teaching_staff_meeting_job_standard".into(), n(25));
    let p = plan(&set, &school, &opts(date(2024, 1, 1), None));
    let a21 = p.actions.iter().find(|a| a.indicator == "2.1").unwrap();
    assert_eq!(a21.path, Some(chuan::model::RatioPath::Add));
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
        set,
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
    let p2 = plan(set, &school, &opts(date(2026, 1, 1), None));
    assert_eq!(p2.earliest_attainable, Some(date(2034, 4, 1)));
}

#[test]
fn missing_data_comes_first_and_no_date_is_promised() {
    let (set, school) = embedded_school("schools/thai-nguyen-2023.toml");
    let p = plan(set, &school, &opts(date(2024, 1, 1), None));
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
    )
    .unwrap();
    let p = plan(&set, &school, &opts(date(2024, 7, 1), None));
    assert_eq!(p.conflicts, ["1.1"]);
    assert_eq!(
        p.earliest_attainable, None,
        "no date is promised when targets conflict"
    );
}

/// Lai Châu with one disciplined staff member (the decision dated 1 March 2020, so the case
/// leaves the window on 2 March 2025) and a party-organisation rating below "tốt" in 2021
/// (leaves on 1 January 2027).
fn with_two_past_failures() -> (CriteriaSet, School) {
    let text = std::fs::read_to_string("schools/lai-chau-2023.toml")
        .unwrap()
        .replace(
            "staff_disciplined_in_window = 0",
            "staff_disciplined_in_window = 1",
        )
        .replace("2021 = \"hoan_thanh_xuat_sac\"", "2021 = \"hoan_thanh\"")
        + "\n[[evidence.\"5.3\"]]\nnumber = \"12-QĐ/UBKT\"\ndate = 2020-03-01\nissuer = \"Ủy ban Kiểm tra Đảng ủy\"\n";
    let set = chuan::criteria::embedded_set();
    let school = School::from_source(
        &chuan::diag::Source::new("lai-chau-2-failures.toml", &text),
        chuan::tree::Format::Toml,
        &set,
    )
    .unwrap();
    (set, school)
}

#[test]
fn a_wait_ends_on_its_roll_off_date_and_waits_do_not_chain() {
    let (set, school) = with_two_past_failures();
    // the plan starts before either failure leaves the window
    let p = plan(&set, &school, &opts(date(2024, 1, 1), None));
    let a = |id: &str| p.actions.iter().find(|a| a.indicator == id).unwrap();
    assert_eq!(
        (a("5.3").kind, a("5.3").start, a("5.3").finish),
        ("wait", date(2024, 1, 1), date(2025, 3, 2))
    );
    // 5.4 depends on 5.3 in the set, but a wait is not work: it starts with the plan
    assert_eq!(
        (a("5.4").kind, a("5.4").start, a("5.4").finish),
        ("wait", date(2024, 1, 1), date(2027, 1, 1))
    );
    assert!(a("5.4").depends_on.is_empty());
    assert_eq!(a("5.4").blocked_until, Some(date(2027, 1, 1)));
}

#[test]
fn a_failure_that_left_the_window_before_the_plan_starts_needs_no_action() {
    let (set, school) = with_two_past_failures();
    // the case: on 1 June 2025 the disciplinary case has rolled off, 2021 has not
    let p = plan(&set, &school, &opts(date(2025, 6, 1), None));
    assert!(p.actions.iter().all(|a| a.indicator != "5.3"));
    assert_eq!(p.rolled_off.len(), 1);
    assert_eq!(
        (p.rolled_off[0].indicator.as_str(), p.rolled_off[0].date),
        ("5.3", date(2025, 3, 2))
    );
    let a54 = p.actions.iter().find(|a| a.indicator == "5.4").unwrap();
    assert_eq!(
        (a54.start, a54.finish),
        (date(2025, 6, 1), date(2027, 1, 1))
    );
    // the file itself still shows both failures (its window is 2018–2022): they wait
    assert!(p.after.waiting.contains(&"5.3".to_string()));
    assert!(p.after.waiting.contains(&"5.4".to_string()));
    // and both are gone on the finish date
    assert!(!p.verified.not_met.contains(&"5.3".to_string()));
    assert!(!p.verified.not_met.contains(&"5.4".to_string()));
    // the report says so in words
    let text = chuan::render::roadmap(
        &p,
        &school,
        &set,
        &chuan::render::Templates::embedded(),
        chuan::render::Format::Text,
        Lang::Vi,
        false,
    )
    .unwrap();
    assert!(
        text.lines().any(|l| l
            == "Đã ra khỏi kỳ đánh giá trước ngày bắt đầu, không cần làm gì: 5.3 (ra khỏi kỳ đánh giá từ 02/03/2025)"),
        "{text}"
    );
    let text = chuan::render::roadmap(
        &p,
        &school,
        &set,
        &chuan::render::Templates::embedded(),
        chuan::render::Format::Text,
        Lang::En,
        false,
    )
    .unwrap();
    assert!(
        text.lines().any(|l| l
            == "Already out of the window before the plan starts, nothing to do: 5.3 (leaves the window on 02/03/2025)"),
        "{text}"
    );
}

#[test]
fn roadmap_text_names_a_missed_deadline_and_stale_facts() {
    for (lang, deadline, stale) in [
        (
            "vi",
            "⚠ KHÔNG KỊP HẠN 31/12/2026: 27 việc xong sau hạn; sớm nhất 01/03/2035",
            "⚠ Số liệu tính đến ngày 13/11/2023, đã cũ 36 tháng so với ngày bắt đầu kế hoạch: cập nhật tệp tự đánh giá trước khi dùng các mốc thời gian này.",
        ),
        (
            "en",
            "⚠ DEADLINE MISSED 31/12/2026: 27 actions finish after it; earliest 01/03/2035",
            "⚠ The facts are as of 13/11/2023, 36 months before the plan's start: update the self-assessment file before relying on these dates.",
        ),
    ] {
        let out = stdout(&[
            "roadmap",
            "schools/lai-chau-2023.toml",
            "--start",
            "2026-12-01",
            "--deadline",
            "2026-12-31",
            "--color",
            "never",
            "--lang",
            lang,
        ]);
        let head: Vec<&str> = out.lines().take(5).collect();
        assert!(head.contains(&stale), "{lang}: {head:#?}");
        assert!(head.contains(&deadline), "{lang}: {head:#?}");
    }
    // a plan that starts on the dossier date and keeps its deadline says neither
    let out = stdout(&[
        "roadmap",
        "schools/lai-chau-2023.toml",
        "--start",
        "2023-11-13",
        "--deadline",
        "2040-01-01",
        "--color",
        "never",
    ]);
    assert!(
        !out.contains("KHÔNG KỊP HẠN") && !out.contains("đã cũ"),
        "{out}"
    );
    assert!(
        out.contains("Sớm nhất có thể đạt: 13/02/2032 (kịp hạn)"),
        "{out}"
    );
}

#[test]
fn indicators_unknown_for_a_zero_denominator_get_actions_with_targets() {
    // a school that has no lecturers yet: 2.2–2.7, 2.10 and 4.8 cannot be judged today
    let (set, mut school) = embedded_school("schools/lai-chau-2023.toml");
    use chuan::model::FactValue;
    for f in [
        "lecturers_fulltime",
        "lecturers_concurrent",
        "lecturers_total",
        "lecturers_with_masters_plus",
        "lecturers_with_doctorate",
        "lecturers_meeting_llct_rule",
        "lecturers_with_pedagogy_cert",
        "lecturers_with_classics_cert",
        "lecturers_principal_rank_plus",
        "lecturers_senior_rank",
        "lecturers_active_methods_demo_in_window",
        "lecturers_with_journal_article_in_window",
    ] {
        school
            .facts
            .insert(f.into(), FactValue::Scalar(Value::Num(Dec::ZERO)));
    }
    let before = chuan::eval::evaluate(set, &school);
    let unknown: Vec<&str> = before
        .indicators
        .iter()
        .filter(|i| i.level1.status == Status::Unknown)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        unknown,
        ["2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.10", "4.8"]
    );
    let p = plan(set, &school, &opts(date(2024, 1, 1), None));
    // 2.1 moves 34 of the 45 staff to teaching; every indicator it makes judgeable gets a target
    for id in &unknown {
        let a = p
            .actions
            .iter()
            .find(|a| a.indicator == *id)
            .unwrap_or_else(|| panic!("{id} has no action"));
        assert!(!a.fact_targets.is_empty(), "{id} has no target");
        let t = &a.fact_targets[0];
        assert_eq!(t.of, Some(Dec::from_int(34)), "{id}: {t:?}");
    }
    // senior lecturers (2.11) are principal lecturers too: both rise together
    let get = |fact: &str| {
        p.actions
            .iter()
            .flat_map(|a| &a.fact_targets)
            .find(|t| t.fact == fact)
            .map(|t| t.to.clone())
    };
    assert_eq!(
        get("lecturers_senior_rank"),
        Some(Value::Num(Dec::from_int(1)))
    );
    assert_eq!(
        get("lecturers_principal_rank_plus"),
        Some(Value::Num(Dec::from_int(21)))
    );
    assert!(p.conflicts.is_empty(), "{:?}", p.conflicts);
    for id in &unknown {
        let s = p.after.indicators.iter().find(|s| s.id == *id).unwrap();
        assert_eq!(s.status, Status::Met, "{id} after the plan");
    }
    assert!(p.data_requests.is_empty(), "{:?}", p.data_requests);
}

#[test]
fn a_zero_denominator_the_plan_cannot_fill_is_a_data_request() {
    // no faculty or department heads recorded: 2.8 (heads meeting their standard / all heads)
    // cannot be judged, and no action creates heads, so the plan asks for the figure instead
    // of promising a date
    for (lang, line) in [
        (
            "vi",
            "  • Trưởng, phó các khoa, phòng (`unit_leaders_total`): đang bằng 0, nên chỉ tiêu không đánh giá được; kiểm tra lại số liệu — quyết định chỉ tiêu 2.8",
        ),
        (
            "en",
            "  • Heads and deputy heads of faculties and departments (`unit_leaders_total`): is 0, so the indicator cannot be judged; check the figure — decides 2.8",
        ),
    ] {
        let args = [
            "roadmap",
            "schools/lai-chau-2023.toml",
            "--start",
            "2024-01-01",
            "--set",
            "unit_leaders_total=0",
            "--set",
            "unit_leaders_meeting_standard=0",
            "--color",
            "never",
            "--lang",
            lang,
        ];
        let text = stdout(&args);
        assert!(text.lines().any(|l| l == line), "{text}");
        let mut json_args = args.to_vec();
        json_args.truncate(8);
        json_args.extend(["--format", "json"]);
        let p: serde_json::Value = serde_json::from_str(&stdout(&json_args)).unwrap();
        assert_eq!(p["earliest_attainable"], serde_json::Value::Null);
        assert_eq!(
            p["data_requests"],
            serde_json::json!([{"fact": "unit_leaders_total", "indicators": ["2.8"], "reason": "zero_denominator", "years": []}])
        );
    }
}
