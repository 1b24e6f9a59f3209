//! Every bad-input class: the full rendered message, exit code 2, nothing on standard output.

use crate::common::chuan;

fn run_bad(file: &str, extra: &[&str]) -> String {
    let out = chuan().arg("check").arg(file).args(extra).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "{file}: a failed run prints no report"
    );
    String::from_utf8(out.stderr).unwrap()
}

macro_rules! bad_input_test {
    ($name:ident, $file:expr) => {
        bad_input_test!($name, $file, &[]);
    };
    ($name:ident, $file:expr, $extra:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(run_bad($file, $extra));
        }
    };
}

bad_input_test!(malformed_toml, "tests/fixtures/bad/malformed.toml");
bad_input_test!(malformed_yaml, "tests/fixtures/bad/malformed.yaml");
bad_input_test!(
    unknown_keys_suggest_the_nearest_name,
    "tests/fixtures/bad/unknown-key.toml"
);
bad_input_test!(wrong_types, "tests/fixtures/bad/wrong-type.toml");
bad_input_test!(
    negative_and_impossible_numbers,
    "tests/fixtures/bad/negative.toml"
);
bad_input_test!(
    subset_larger_than_its_whole,
    "tests/fixtures/bad/subset.toml"
);
bad_input_test!(
    subset_larger_than_its_whole_yaml,
    "tests/fixtures/bad/subset.yaml"
);
bad_input_test!(
    series_missing_and_extra_years,
    "tests/fixtures/bad/series.toml"
);
bad_input_test!(date_that_does_not_parse, "tests/fixtures/bad/bad-date.toml");
bad_input_test!(
    evidence_dated_outside_the_window,
    "tests/fixtures/bad/evidence-dates.toml"
);
bad_input_test!(
    file_for_another_criteria_set,
    "tests/fixtures/bad/criteria-mismatch.toml"
);
bad_input_test!(
    statuses_a_person_may_not_set,
    "tests/fixtures/bad/statuses.toml"
);
bad_input_test!(unsupported_extension, "tests/fixtures/bad/notes.txt");
bad_input_test!(missing_file, "tests/fixtures/bad/no-such-file.toml");
bad_input_test!(
    messages_in_english,
    "tests/fixtures/bad/subset.toml",
    &["--lang", "en"]
);

#[test]
fn every_error_of_a_file_is_reported_in_one_run() {
    let err = run_bad("tests/fixtures/bad/subset.toml", &[]);
    assert!(err.ends_with("5 lỗi, 0 cảnh báo\n"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--level", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--format", "pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = chuan().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_criteria_folder_is_exit_2() {
    let out = chuan()
        .args([
            "check",
            "schools/lai-chau-2023.toml",
            "--criteria",
            "tests/fixtures/bad",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("tests/fixtures/bad/set.toml"), "{err}");
}
