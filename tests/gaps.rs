//! The numbers a principal acts on, each with the exact sentence in both languages: the two
//! paths of a part-of-whole ratio, the window's end edge, partly filled series, and the CI gate
//! in the JSON report.

use crate::common::{run, stdout};

/// Lai Châu with 60 lecturers among 84 staff, 24 non-teaching staff all meeting their standard.
const SIXTY_OF_84: [&str; 8] = [
    "--set",
    "staff_total=84",
    "--set",
    "lecturers_total=60",
    "--set",
    "lecturers_fulltime=56",
    "--set",
    "non_teaching_staff_meeting_job_standard=24",
];

fn line_after<'a>(text: &'a str, head: &str) -> &'a str {
    let mut lines = text.lines();
    lines
        .find(|l| l.contains(head))
        .unwrap_or_else(|| panic!("no line with {head:?} in:\n{text}"));
    lines.next().unwrap().trim()
}

#[test]
fn a_ratio_whose_numerator_is_part_of_its_denominator_gives_both_paths() {
    for (lang, sentence) in [
        (
            "vi",
            "cần thêm 3 giảng viên (60/84 = 71,4 %; cần ≥ 75 % = 63/84): chuyển 3 viên chức sang giảng dạy, hoặc tuyển thêm 12 giảng viên (72/96)",
        ),
        (
            "en",
            "needs 3 more lecturers (60/84 = 71.4%; needs ≥ 75% = 63/84): move 3 staff members to teaching, or recruit 12 more lecturers (72/96)",
        ),
    ] {
        let mut args = vec![
            "check",
            "schools/lai-chau-2023.toml",
            "--color",
            "never",
            "--lang",
            lang,
        ];
        args.extend(SIXTY_OF_84);
        let out = stdout(&args);
        assert_eq!(line_after(&out, " 2.1 "), sentence);
    }
    // the roadmap takes the path named first: 3 staff move to teaching (as concurrent lecturers),
    // and the non-teaching pool they leave shrinks with them
    let mut args = vec![
        "roadmap",
        "schools/lai-chau-2023.toml",
        "--start",
        "2023-11-13",
        "--format",
        "json",
    ];
    args.extend(SIXTY_OF_84);
    let p: serde_json::Value = serde_json::from_str(&stdout(&args)).unwrap();
    let a = p["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["indicator"] == "2.1")
        .unwrap();
    assert_eq!(a["path"], "convert");
    assert_eq!(a["lead_time_months"], 3);
    assert_eq!(
        a["fact_targets"],
        serde_json::json!([
            {"fact": "lecturers_total", "from": 60, "to": 63, "of": 84},
            {"fact": "lecturers_concurrent", "from": 4, "to": 7, "of": null},
            {"fact": "non_teaching_staff_meeting_job_standard", "from": 24, "to": 21, "of": null},
        ])
    );
    let mut args = vec![
        "roadmap",
        "schools/lai-chau-2023.toml",
        "--start",
        "2023-11-13",
        "--color",
        "never",
    ];
    args.extend(SIXTY_OF_84);
    let text = stdout(&args);
    assert!(
        text.contains("  2.1 ◆ [13/11/2023 – 13/02/2024] Phân công viên chức đủ chuẩn sang giảng dạy kiêm nhiệm\n      mục tiêu: Tổng số giảng viên (cơ hữu và kiêm nhiệm): từ 60 lên 63/84\n      mục tiêu: Giảng viên kiêm nhiệm: từ 4 lên 7\n      mục tiêu: Viên chức không giảng dạy đáp ứng tiêu chuẩn vị trí việc làm: từ 24 xuống 21"),
        "{text}"
    );
}

/// A copy of Lai Châu with one school-level workshop dated on the dossier date itself.
fn workshop_on(date: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lai-chau.toml");
    let text = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap()
        + &format!(
            "\n[[evidence.\"4.4\"]]\nnumber = \"05-KH/TCT\"\ndate = {date}\nissuer = \"Trường Chính trị tỉnh Lai Châu\"\n"
        );
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap().to_string();
    (dir, p)
}

#[test]
fn window_evidence_dated_on_the_dossier_date_is_outside_the_window() {
    let (_dir, path) = workshop_on("2023-11-13");
    for (lang, message) in [
        (
            "vi",
            "lỗi[evidence-on-dossier-date]: minh chứng của chỉ tiêu 4.4 ngày 13/11/2023 trùng ngày lập hồ sơ, nên không thuộc kỳ đánh giá (từ 13/11/2018 đến trước 13/11/2023); sự kiện diễn ra trong ngày lập hồ sơ chỉ được tính ở kỳ sau",
        ),
        (
            "en",
            "error[evidence-on-dossier-date]: evidence for indicator 4.4 is dated 13/11/2023, the dossier date itself, so it lies outside the window (from 13/11/2018 up to, not including, 13/11/2023); an event on the dossier date counts only in a later window",
        ),
    ] {
        let out = run(&["check", &path, "--lang", lang]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.lines().any(|l| l == message), "{err}");
        assert!(err.contains("evidence.4.4[0].date"), "{err}");
    }
    // the day before is the window's last day; the window's first day counts too
    for date in ["2023-11-12", "2018-11-13"] {
        let (_dir, path) = workshop_on(date);
        assert_eq!(run(&["check", &path]).status.code(), Some(0), "{date}");
    }
    // evidence for a snapshot fact (a decision in force) may carry the dossier date
    assert_eq!(
        run(&["check", "schools/lai-chau-2023.toml"]).status.code(),
        Some(0)
    );
}

#[test]
fn a_partly_filled_series_is_missing_data_that_names_its_years() {
    // the path: a fresh YAML template, one series filled for 4 of its 5 years
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truong.yaml");
    let p = path.to_str().unwrap();
    let init = run(&[
        "init",
        "--format",
        "yaml",
        "--dossier-date",
        "2024-06-30",
        p,
    ]);
    assert_eq!(init.status.code(), Some(0));
    let text = std::fs::read_to_string(&path).unwrap();
    let filled = text
        .replacen(
            "  staff_total_by_year:\n    2019: ~\n    2020: ~\n    2021: ~\n    2022: ~\n    2023: ~",
            "  staff_total_by_year:\n    2019: 40\n    2020: 41\n    2021: ~\n    2022: 43\n    2023: 44",
            1,
        )
        .replacen(
            "  staff_rated_good_plus_by_year:\n    2019: ~\n    2020: ~\n    2021: ~\n    2022: ~\n    2023: ~",
            "  staff_rated_good_plus_by_year:\n    2019: 38\n    2020: 39\n    2021: 40\n    2022: 41\n    2023: 42",
            1,
        );
    assert_ne!(filled, text, "the template's layout changed");
    std::fs::write(&path, filled).unwrap();
    for (lang, detail, checklist) in [
        (
            "vi",
            "thiếu dữ liệu: Tổng số cán bộ, viên chức cuối mỗi năm (`staff_total_by_year`): chưa ghi số liệu năm 2021",
            "• Tổng số cán bộ, viên chức cuối mỗi năm (`staff_total_by_year`): chưa ghi số liệu năm 2021 — quyết định chỉ tiêu 2.14",
        ),
        (
            "en",
            "missing data: Staff at the end of each year (`staff_total_by_year`): no figure for 2021",
            "• Staff at the end of each year (`staff_total_by_year`): no figure for 2021 — decides 2.14",
        ),
    ] {
        let out = run(&["check", p, "--color", "never", "--lang", lang]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(line_after(&text, " 2.14 "), detail);
        assert!(text.lines().any(|l| l.trim() == checklist), "{text}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["check", p, "--format", "json"])).unwrap();
    let r = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2.14")
        .unwrap();
    assert_eq!(r["level1"]["status"], "unknown");
    assert_eq!(
        r["level1"]["missing_years"],
        serde_json::json!([{"fact": "staff_total_by_year", "years": [2021]}])
    );
}

#[test]
fn a_known_failed_year_decides_a_partly_filled_series() {
    // 2020 failed (15 of 35 on field study): not met, whatever the missing year holds
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "check",
        "schools/lai-chau-2023.toml",
        "--format",
        "json",
        "--set",
        "lecturers_field_study_by_year[2022]=~",
    ]))
    .unwrap();
    let r = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2.13")
        .unwrap();
    assert_eq!(r["level1"]["status"], "not_met");
    assert_eq!(
        r["level1"]["missing_years"],
        serde_json::json!([{"fact": "lecturers_field_study_by_year", "years": [2022]}])
    );
}

#[test]
fn out_of_window_series_years_stay_errors() {
    let out = run(&[
        "check",
        "schools/lai-chau-2023.toml",
        "--set",
        "lecturers_field_study_by_year[2023]=20",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains(
        "chuỗi `facts.lecturers_field_study_by_year` có năm 2023 nằm ngoài kỳ đánh giá 2018–2022"
    ));
}

#[test]
fn the_gate_and_its_verdict_are_in_the_json_report() {
    let out = run(&[
        "check",
        "schools/lai-chau-2023.toml",
        "--format",
        "json",
        "--require-level",
        "1",
        "--min-met",
        "20",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["gate"],
        serde_json::json!({"require_level": 1, "min_met": 20, "level": 1, "attained_level": 0, "met": 26, "passed": false})
    );
    for (lang, line) in [
        (
            "vi",
            "cổng kiểm tra không đạt: yêu cầu chuẩn mức 1, trường đạt mức 0",
        ),
        (
            "en",
            "gate failed: level 1 required, the school attains level 0",
        ),
    ] {
        let out = run(&[
            "check",
            "schools/lai-chau-2023.toml",
            "--format",
            "json",
            "--require-level",
            "1",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(String::from_utf8(out.stderr).unwrap().trim(), line);
    }
    // a gate that passes says so, with exit 0; no gate, no key value
    let out = run(&[
        "check",
        "schools/lai-chau-2023.toml",
        "--format",
        "json",
        "--min-met",
        "26",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["gate"]["passed"], true);
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "check",
        "schools/lai-chau-2023.toml",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["gate"], serde_json::Value::Null);
}
