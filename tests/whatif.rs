//! What-if: --set on check, `chuan whatif` in both directions, near-miss warnings.

use chuan::eval::Status;

use crate::common::{chuan, eval_mini, ind, stdout};

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

#[test]
fn set_on_check_changes_the_result() {
    let v = json(&[
        "check",
        "schools/lai-chau-2023.toml",
        "--format",
        "json",
        "--set",
        "lecturers_principal_rank_plus=21",
        "--set",
        "development_scheme_plan_issued=true",
    ]);
    assert_eq!(v["summary"]["level1"]["met"], 28);
    let i26 = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2.6")
        .unwrap();
    assert_eq!(i26["level1"]["status"], "met");
    // a single year of a series
    let v = json(&[
        "check",
        "schools/lai-chau-2023.toml",
        "--format",
        "json",
        "--set",
        "lecturers_field_study_by_year[2020]=28",
    ]);
    let i213 = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2.13")
        .unwrap();
    assert_eq!(i213["level1"]["status"], "met");
}

#[test]
fn set_is_validated_like_the_file() {
    let out = chuan()
        .args([
            "check",
            "schools/lai-chau-2023.toml",
            "--set",
            "lecturer_total=3",
            "--set",
            "bulletin_issues_by_year[2020]=x",
            "--set",
            "lecturers_with_masters_plus=99",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(String::from_utf8(out.stderr).unwrap());
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--set", "nonsense"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn whatif_shows_changes_both_ways() {
    // five new lecturers without certificates: 2.1 gains level 2, 2.3, 2.4 and 2.7 are lost
    let args = [
        "whatif",
        "schools/lai-chau-2023.toml",
        "--format",
        "json",
        "--set",
        "lecturers_total=40",
        "--set",
        "lecturers_fulltime=36",
        "--set",
        "staff_total=50",
        "--set",
        "lecturers_principal_rank_plus=21",
    ];
    let v = json(&args);
    assert_eq!(v["before"]["summary"]["level1"]["met"], 26);
    assert_eq!(v["after"]["summary"]["level1"]["met"], 23);
    let changes: Vec<(String, u64, String, String)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().into(),
                c["level"].as_u64().unwrap(),
                c["before"].as_str().unwrap().into(),
                c["after"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(changes.contains(&("2.1".into(), 2, "not_met".into(), "met".into())));
    assert!(changes.contains(&("2.4".into(), 1, "met".into(), "not_met".into())));
    assert!(
        !changes.iter().any(|c| c.0 == "2.6"),
        "21/40 is still under 60 %"
    );
    let text = chuan()
        .args(&args[..3])
        .args(["--color", "never"])
        .args(&args[5..])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(text.stdout).unwrap());
}

#[test]
fn near_miss_when_one_departure_loses_the_indicator() {
    // 3/5 = 60 %: one leaving gives 2/4 = 50 %
    let ev = eval_mini("part = 3\nwhole = 5");
    assert!(ind(&ev, "1.1").level1.near_miss);
    // 4/5 = 80 %: 3/4 = 75 % still passes
    assert!(
        !ind(&eval_mini("part = 4\nwhole = 5"), "1.1")
            .level1
            .near_miss
    );
    // a 100 % ratio stays 100 % when someone leaves
    assert!(
        !ind(&eval_mini("part = 5\nwhole = 5"), "1.1")
            .level1
            .near_miss
    );
    // a count on its threshold
    let ev = eval_mini("items = 10");
    assert_eq!(ind(&ev, "1.2").level1.status, Status::Met);
    assert!(ind(&ev, "1.2").level1.near_miss);
    assert!(!ind(&eval_mini("items = 11"), "1.2").level1.near_miss);
}
