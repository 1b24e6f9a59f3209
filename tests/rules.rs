//! Every rule kind at, just under and just over its threshold, zero denominators, and every status.

use chuan::decimal::Dec;
use chuan::eval::{AddPath, Gap, Status};
use chuan::model::RatioPath;
use jiff::civil::date;

use crate::common::{eval_mini, ind};

fn d(s: &str) -> Dec {
    Dec::parse(s).unwrap()
}

#[test]
fn ratio_at_under_over_and_zero_denominator() {
    // 3/5 = 60 % exactly: met, not exceeded
    let ev = eval_mini("part = 3\nwhole = 5");
    let r = ind(&ev, "1.1");
    assert_eq!(r.level1.status, Status::Met);
    assert!(!r.exceeded);
    assert_eq!(r.level1.value, Some(d("60")));
    assert_eq!(r.level2.status, Status::NotMet);
    assert_eq!(
        r.level2.gap,
        Some(Gap::Ratio {
            numerator: "part".into(),
            denominator: "whole".into(),
            current: d("3"),
            of: d("5"),
            target: d("4"),
            amount: d("1"),
            // `part <= whole`: three new members, counted in both, also reach 75 % (6/8)
            add: Some(AddPath {
                amount: d("3"),
                target: d("6"),
                of: d("8"),
            }),
            path: RatioPath::Convert,
        })
    );

    // 2/5 = 40 %: one more person reaches 60 %
    let ev = eval_mini("part = 2\nwhole = 5");
    let r = ind(&ev, "1.1");
    assert_eq!(r.level1.status, Status::NotMet);
    assert!(
        matches!(r.level1.gap, Some(Gap::Ratio { amount, target, .. }) if amount == d("1") && target == d("3"))
    );

    // 5/36 at 60 %: 21.6 rounds up to 22 whole persons, 17 more
    let ev = eval_mini("part = 5\nwhole = 36");
    assert!(
        matches!(ind(&ev, "1.1").level1.gap, Some(Gap::Ratio { amount, target, .. }) if amount == d("17") && target == d("22"))
    );

    // 4/5 = 80 %: met at both levels and exceeded
    let ev = eval_mini("part = 4\nwhole = 5");
    let r = ind(&ev, "1.1");
    assert_eq!(
        (r.level1.status, r.level2.status, r.exceeded),
        (Status::Met, Status::Met, true)
    );

    // 0/0: not evaluable
    let ev = eval_mini("part = 0\nwhole = 0");
    let r = ind(&ev, "1.1");
    assert_eq!(r.level1.status, Status::Unknown);
    assert_eq!(r.level1.reason, Some("zero_denominator"));
    assert!(r.level1.missing.is_empty());
}

#[test]
fn ratio_boundary_is_exact_not_float() {
    // 3/5 vs 60 % must be equal even though 0.6 has no exact float; 29/50 = 58 % is under
    let ev = eval_mini("part = 29\nwhole = 50");
    assert_eq!(ind(&ev, "1.1").level1.status, Status::NotMet);
    let ev = eval_mini("part = 30\nwhole = 50");
    assert_eq!(ind(&ev, "1.1").level1.status, Status::Met);
}

#[test]
fn count_at_under_over() {
    let ev = eval_mini("items = 10");
    assert_eq!(ind(&ev, "1.2").level1.status, Status::Met);
    assert!(!ind(&ev, "1.2").exceeded);
    let ev = eval_mini("items = 9");
    let r = ind(&ev, "1.2");
    assert_eq!(r.level1.status, Status::NotMet);
    assert_eq!(
        r.level1.gap,
        Some(Gap::Shortfall {
            fact: "items".into(),
            current: d("9"),
            target: d("10"),
            amount: d("1")
        })
    );
    let ev = eval_mini("items = 11");
    assert!(ind(&ev, "1.2").exceeded);
    assert_eq!(ind(&ev, "1.2").level2.status, Status::NotMet);
}

#[test]
fn max_count_cannot_be_exceeded_and_rolls_off() {
    let ev = eval_mini("incidents = 0");
    let r = ind(&ev, "1.3");
    assert_eq!(r.level1.status, Status::Met);
    assert!(!r.exceeded, "a ≤ 0 rule can never be exceeded");

    let ev = eval_mini("incidents = 1");
    match &ind(&ev, "1.3").level1.gap {
        Some(Gap::Excess {
            amount,
            roll_off,
            roll_off_by,
            ..
        }) => {
            assert_eq!(*amount, d("1"));
            assert_eq!(*roll_off, None);
            assert_eq!(*roll_off_by, date(2029, 6, 30));
        }
        other => panic!("{other:?}"),
    }

    // with the event's date, the exact day it leaves the window
    let ev = eval_mini(
        "incidents = 1\n\n[[evidence.\"1.3\"]]\nnumber = \"12/QĐ-KL\"\ndate = 2021-03-15\nissuer = \"Ủy ban Kiểm tra\"",
    );
    assert!(
        matches!(&ind(&ev, "1.3").level1.gap, Some(Gap::Excess { roll_off: Some(d), .. }) if *d == date(2026, 3, 16))
    );
}

#[test]
fn quantity_keeps_decimals_exact() {
    let ev = eval_mini("area = 999.5");
    assert_eq!(
        ind(&ev, "1.4").level1.gap,
        Some(Gap::Shortfall {
            fact: "area".into(),
            current: d("999.5"),
            target: d("1000"),
            amount: d("0.5")
        })
    );
    let ev = eval_mini("area = 1000");
    assert_eq!(ind(&ev, "1.4").level1.status, Status::Met);
    assert!(!ind(&ev, "1.4").exceeded);
    let ev = eval_mini("area = 1000.25");
    assert!(ind(&ev, "1.4").exceeded);
}

#[test]
fn boolean_level_two_needs_the_larger_list() {
    let ev = eval_mini("flag_a = true\nflag_b = false");
    let r = ind(&ev, "1.5");
    assert_eq!(r.level1.status, Status::Met);
    assert_eq!(
        r.level2.gap,
        Some(Gap::Flags {
            facts: vec!["flag_b".into()]
        })
    );
    assert!(!r.exceeded);
    // level 1 decided by flag_a alone: flag_b missing leaves only level 2 unknown
    let ev = eval_mini("flag_a = false");
    let r = ind(&ev, "1.5");
    assert_eq!(r.level1.status, Status::NotMet);
    assert_eq!(r.level2.status, Status::Unknown);
    assert_eq!(r.level2.missing, vec!["flag_b".to_string()]);
}

const ALL: &str = "all_by_year = { 2019 = 10, 2020 = 10, 2021 = 10, 2022 = 10, 2023 = 10 }";

#[test]
fn every_year_ratio_names_the_failed_year_and_its_roll_off() {
    let ev = eval_mini(&format!(
        "{ALL}\nyes_by_year = {{ 2019 = 8, 2020 = 9, 2021 = 9, 2022 = 9, 2023 = 9 }}"
    ));
    let r = ind(&ev, "1.6");
    assert_eq!(
        r.level1.status,
        Status::Met,
        "8/10 = 80 % is on the threshold"
    );
    assert!(!r.exceeded, "the worst year sits on the threshold");
    assert_eq!(r.level1.value, Some(d("80")));

    let ev = eval_mini(&format!(
        "{ALL}\nyes_by_year = {{ 2019 = 9, 2020 = 7, 2021 = 9, 2022 = 9, 2023 = 9 }}"
    ));
    let r = ind(&ev, "1.6");
    assert_eq!(r.level1.status, Status::NotMet);
    match &r.level1.gap {
        Some(Gap::Years { years, roll_off }) => {
            assert_eq!(years.len(), 1);
            assert_eq!(years[0].year, 2020);
            assert_eq!(years[0].shortfall, Some(d("1")));
            assert_eq!(
                *roll_off,
                date(2026, 1, 1),
                "2020 leaves a 5-year window of calendar years in 2026"
            );
        }
        other => panic!("{other:?}"),
    }

    let ev = eval_mini(&format!(
        "{ALL}\nyes_by_year = {{ 2019 = 9, 2020 = 9, 2021 = 9, 2022 = 9, 2023 = 10 }}"
    ));
    assert!(ind(&ev, "1.6").exceeded);
    assert_eq!(ind(&ev, "1.6").level2.status, Status::Met);
}

#[test]
fn every_year_number_boolean_and_rating() {
    let ev = eval_mini(
        "pct_by_year = { 2019 = 100, 2020 = 133.5, 2021 = 101, 2022 = 99.9, 2023 = 100 }",
    );
    let r = ind(&ev, "1.7");
    assert_eq!(r.level1.status, Status::NotMet);
    assert!(
        matches!(&r.level1.gap, Some(Gap::Years { years, .. }) if years[0].year == 2022 && years[0].shortfall == Some(d("0.1")))
    );

    let ev = eval_mini(
        "done_by_year = { 2019 = true, 2020 = true, 2021 = false, 2022 = true, 2023 = true }",
    );
    assert!(
        matches!(&ind(&ev, "1.8").level1.gap, Some(Gap::Years { years, .. }) if years[0].year == 2021)
    );
    let ev = eval_mini(
        "done_by_year = { 2019 = true, 2020 = true, 2021 = true, 2022 = true, 2023 = true }",
    );
    assert_eq!(ind(&ev, "1.8").level1.status, Status::Met);
    assert!(!ind(&ev, "1.8").exceeded);

    let ev = eval_mini(
        "grade_by_year = { 2019 = \"good\", 2020 = \"excellent\", 2021 = \"good\", 2022 = \"good\", 2023 = \"good\" }",
    );
    let r = ind(&ev, "1.9");
    assert_eq!(
        (r.level1.status, r.level2.status, r.exceeded),
        (Status::Met, Status::NotMet, false)
    );
    let ev = eval_mini(
        "grade_by_year = { 2019 = \"excellent\", 2020 = \"excellent\", 2021 = \"excellent\", 2022 = \"excellent\", 2023 = \"excellent\" }",
    );
    assert!(ind(&ev, "1.9").exceeded);
    let ev = eval_mini(
        "grade_by_year = { 2019 = \"good\", 2020 = \"fair\", 2021 = \"good\", 2022 = \"good\", 2023 = \"good\" }",
    );
    let r = ind(&ev, "1.9");
    assert_eq!(r.level1.grade.as_deref(), Some("fair"));
    assert!(
        matches!(&r.level1.gap, Some(Gap::Years { years, .. }) if years[0].grade.as_deref() == Some("fair"))
    );
}

#[test]
fn missing_facts_make_unknown_and_are_listed() {
    let ev = eval_mini("part = 3");
    let r = ind(&ev, "1.1");
    assert_eq!(r.level1.status, Status::Unknown);
    assert_eq!(r.level1.missing, vec!["whole".to_string()]);
    // nothing given: everything unknown, the best case is the whole set
    let s = &ev.summary;
    assert_eq!(s.level1.counts.unknown, 9);
    assert_eq!(s.level1.counts.met, 0);
    assert_eq!(s.level1.best_case, 9);
    assert!(!s.level1.attained);
}

#[test]
fn not_applicable_and_waivers() {
    let na =
        "flag_a = false\n\n[statuses.\"1.5\"]\nstatus = \"not_applicable\"\nreason = \"không có\"";
    let ev = eval_mini(na);
    let r = ind(&ev, "1.5");
    assert_eq!(r.level1.status, Status::NotApplicable);
    assert_eq!(r.level1.computed, Some(Status::NotMet));
    assert_eq!(ev.summary.level1.counts.not_applicable, 1);

    let waived = |expires: &str| {
        eval_mini(&format!(
            "items = 3\n\n[statuses.\"1.2\"]\nstatus = \"waived\"\nreason = \"đang chờ nghiệm thu\"\napprover = \"Hội đồng thẩm định\"\n{expires}"
        ))
    };
    let ev = waived("expires = 2024-09-30");
    assert_eq!(ind(&ev, "1.2").level1.status, Status::Waived);
    assert_eq!(ev.summary.level1.counts.waived, 1);
    assert!(!ev.summary.level1.attained, "a waiver is not a pass");

    let ev = waived("expires = 2024-01-31");
    assert_eq!(ind(&ev, "1.2").level1.status, Status::NotMet);
    assert_eq!(ind(&ev, "1.2").waiver_problem, Some("expired"));

    let ev = waived("");
    assert_eq!(ind(&ev, "1.2").level1.status, Status::NotMet);
    assert_eq!(ind(&ev, "1.2").waiver_problem, Some("undated"));
}

#[test]
fn level_attained_only_when_all_met() {
    let all_l1 = "part = 3\nwhole = 5\nitems = 10\nincidents = 0\narea = 1000\nflag_a = true\nflag_b = false\n\
        all_by_year = { 2019 = 10, 2020 = 10, 2021 = 10, 2022 = 10, 2023 = 10 }\n\
        yes_by_year = { 2019 = 8, 2020 = 8, 2021 = 8, 2022 = 8, 2023 = 8 }\n\
        pct_by_year = { 2019 = 100, 2020 = 100, 2021 = 100, 2022 = 100, 2023 = 100 }\n\
        done_by_year = { 2019 = true, 2020 = true, 2021 = true, 2022 = true, 2023 = true }\n\
        grade_by_year = { 2019 = \"good\", 2020 = \"good\", 2021 = \"good\", 2022 = \"good\", 2023 = \"good\" }";
    let ev = eval_mini(all_l1);
    assert_eq!(ev.summary.level1.counts.met, 9);
    assert!(ev.summary.level1.attained);
    assert_eq!(ev.summary.attained_level, 1);
    assert_eq!(
        ev.summary.exceeded, 0,
        "every value sits exactly on its level-1 threshold"
    );
}
