//! Snapshot tests of the text, Markdown and JSON reports for every sample school.

use crate::common::chuan;

fn report(file: &str, args: &[&str]) -> String {
    let out = chuan()
        .arg("check")
        .arg(file)
        .args(args)
        .arg("--color")
        .arg("never")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

macro_rules! snapshots {
    ($($name:ident => $file:expr),* $(,)?) => {
        $(
            mod $name {
                use super::report;
                #[test]
                fn text() {
                    insta::assert_snapshot!(report($file, &[]));
                }
                #[test]
                fn markdown() {
                    insta::assert_snapshot!(report($file, &["--format", "markdown"]));
                }
                #[test]
                fn json() {
                    insta::assert_snapshot!(report($file, &["--format", "json"]));
                }
            }
        )*
    };
}

snapshots! {
    lai_chau_2023 => "schools/lai-chau-2023.toml",
    ha_noi_2023 => "schools/ha-noi-le-hong-phong-2023.toml",
    cao_bang_2025 => "schools/cao-bang-2025.toml",
    mau_muc_2 => "schools/mau-muc-2-2026.toml",
    thai_nguyen_2023 => "schools/thai-nguyen-2023.toml",
}

#[test]
fn english_text_and_level_2_detail() {
    insta::assert_snapshot!(report(
        "schools/lai-chau-2023.toml",
        &["--lang", "en", "--level", "2"]
    ));
}

#[test]
fn json_has_the_documented_stable_shape() {
    let v: serde_json::Value =
        serde_json::from_str(&report("schools/lai-chau-2023.toml", &["--format", "json"])).unwrap();
    assert_eq!(v["format"], "chuan.check");
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["summary"]["total"], 55);
    for key in ["met", "not_met", "unknown", "not_applicable", "waived"] {
        assert!(v["summary"]["level1"][key].is_u64(), "{key}");
        assert!(v["summary"]["level2"][key].is_u64(), "{key}");
    }
    assert_eq!(v["summary"]["level1"]["met"], 26);
    assert_eq!(v["summary"]["attained_level"], 0);
    assert!(v["summary"]["exceeded"].is_u64());
    let inds = v["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 55);
    let i26 = inds.iter().find(|i| i["id"] == "2.6").unwrap();
    assert_eq!(i26["group"], 2);
    assert_eq!(i26["provenance"], "confirmed");
    assert_eq!(i26["exceeded"], false);
    assert_eq!(i26["level1"]["status"], "not_met");
    assert_eq!(i26["level1"]["threshold"], 60);
    assert_eq!(i26["level1"]["value"], 14.29);
    assert_eq!(i26["level1"]["gap"]["amount"], 16);
    assert_eq!(i26["level2"]["threshold"], 70);
}

#[test]
fn no_colour_codes_when_not_a_terminal_or_no_color() {
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\x1b[31m✗"),
        "--color always overrides NO_COLOR"
    );
}

#[test]
fn templates_can_be_overridden_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("check.txt.j2"),
        "{{ ev.school.name }}: {{ ev.summary.level1.met }}/{{ ev.summary.total }}\n",
    )
    .unwrap();
    let text = report(
        "schools/lai-chau-2023.toml",
        &["--templates", dir.path().to_str().unwrap()],
    );
    assert_eq!(text, "Trường Chính trị tỉnh Lai Châu: 26/55\n");
}
