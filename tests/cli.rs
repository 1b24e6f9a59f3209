//! Command-line behaviour: output files, gates, another criteria set.

use crate::common::chuan;

#[test]
fn output_is_written_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bao-cao.md");
    let status = chuan()
        .args([
            "check",
            "schools/lai-chau-2023.toml",
            "--format",
            "markdown",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    assert!(status.stdout.is_empty());
    assert!(std::fs::read_to_string(&out).unwrap().contains("26/55"));

    std::fs::write(&out, "ghi chú của hiệu trưởng").unwrap();
    let again = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8(again.stderr)
            .unwrap()
            .contains("đã tồn tại; thêm --force để ghi đè")
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "ghi chú của hiệu trưởng",
        "the user's file is untouched"
    );

    let forced = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--force", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().contains("26/55"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn bad_input_writes_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let run = chuan()
        .args([
            "check",
            "tests/fixtures/bad/subset.toml",
            "--format",
            "json",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn refuses_to_write_over_the_input_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("school.toml");
    std::fs::copy("schools/lai-chau-2023.toml", &input).unwrap();
    let before = std::fs::read_to_string(&input).unwrap();
    let run = chuan()
        .arg("check")
        .arg(&input)
        .arg("--force")
        .arg("-o")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), before);
}

#[test]
fn gates_exit_1_when_they_fail() {
    let code = |args: &[&str]| {
        chuan()
            .arg("check")
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(
        code(&["schools/lai-chau-2023.toml", "--require-level", "1"]),
        Some(1)
    );
    assert_eq!(
        code(&["schools/cao-bang-2025.toml", "--require-level", "1"]),
        Some(0)
    );
    assert_eq!(
        code(&["schools/cao-bang-2025.toml", "--require-level", "2"]),
        Some(1)
    );
    assert_eq!(
        code(&["schools/lai-chau-2023.toml", "--min-met", "26"]),
        Some(0)
    );
    assert_eq!(
        code(&["schools/lai-chau-2023.toml", "--min-met", "27"]),
        Some(1)
    );
    let run = chuan()
        .args([
            "check",
            "schools/lai-chau-2023.toml",
            "--min-met",
            "27",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(run.stderr).unwrap(),
        "cổng kiểm tra không đạt: yêu cầu ít nhất 27/55 chỉ tiêu đạt mức 1, hiện có 26\n"
    );
    assert!(
        !run.stdout.is_empty(),
        "the report is still printed when a gate fails"
    );
}

#[test]
fn another_criteria_set_loads_without_code_change() {
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("s.toml");
    std::fs::write(
        &school,
        "[school]\nid = \"t\"\nname = \"Trường thử\"\nprovince = \"Thử\"\ncriteria = \"mini\"\ndossier_date = 2024-06-30\n\n[facts]\npart = 3\nwhole = 5\nitems = 12\n",
    )
    .unwrap();
    let run = chuan()
        .arg("check")
        .arg(&school)
        .args(["--criteria", "tests/fixtures/mini-set", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["summary"]["total"], 9);
    assert_eq!(v["summary"]["level1"]["met"], 2);
    assert_eq!(v["criteria"]["id"], "mini");
    // the same school against the embedded set is a mismatch
    let run = chuan().arg("check").arg(&school).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn whatif_and_diff_refuse_formats_they_cannot_write() {
    for (args, message) in [
        (
            vec![
                "whatif",
                "schools/lai-chau-2023.toml",
                "--set",
                "staff_total=46",
                "--format",
                "html",
            ],
            "lỗi[format-not-supported]: `chuan whatif` không xuất được định dạng `html`; các định dạng: text, json",
        ),
        (
            vec![
                "diff",
                "schools/lai-chau-2023.toml",
                "tests/fixtures/trend/lai-chau-2024.toml",
                "--format",
                "markdown",
            ],
            "lỗi[format-not-supported]: `chuan diff` không xuất được định dạng `markdown`; các định dạng: text, json",
        ),
    ] {
        let out = crate::common::run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "nothing printed: {args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().next().unwrap(), message);
    }
}

#[test]
fn force_means_overwrite_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trend.txt");
    std::fs::write(&out, "old").unwrap();
    let files = [
        "schools/lai-chau-2023.toml",
        "tests/fixtures/trend/lai-chau-2024.toml",
    ];
    let o = out.to_str().unwrap();
    let mut args = vec!["trend"];
    args.extend(files);
    args.extend(["-o", o]);
    let refused = crate::common::run(&args);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    args.push("--force");
    let done = crate::common::run(&args);
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "old");
}
