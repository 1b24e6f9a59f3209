//! The HTML reports in a real headless Chromium: the DOM must show the counts and the Vietnamese
//! text, and a screenshot is saved. `.ci/run` installs Debian's chromium and runs these with
//! `cargo test -- --ignored browser`; they are ignored in a plain `cargo test` because a fresh
//! machine has no browser.

use std::path::Path;
use std::process::Command;

use crate::common::chuan;

fn render(args: &[&str], out: &Path) {
    let o = chuan().args(args).arg("-o").arg(out).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn chromium(args: &[&str], page: &Path, profile: &Path) -> String {
    let bin = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("Chromium is installed (.ci/run installs the Debian package `chromium`)");
    let o = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn check_page(name: &str, args: &[&str], expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join(format!("{name}.html"));
    render(args, &page);
    let dom = chromium(&["--dump-dom"], &page, &dir.path().join("profile-dom"));
    for e in expect {
        assert!(dom.contains(e), "{name}: the rendered DOM lacks {e:?}");
    }
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join(format!("{name}.png"));
    chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600",
        ],
        &page,
        &dir.path().join("profile-shot"),
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{name}: screenshot {shot:?}"
    );
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it and runs these"]
fn browser_check_report() {
    check_page(
        "check",
        &["check", "schools/thai-nguyen-2023.toml", "--format", "html"],
        &[
            "43/55 chỉ tiêu đạt chuẩn mức 1",
            "43–47/55",
            "Giảng viên giữ ngạch giảng viên chính trở lên",
        ],
    );
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it and runs these"]
fn browser_roadmap_report() {
    check_page(
        "roadmap",
        &[
            "roadmap",
            "schools/lai-chau-2023.toml",
            "--start",
            "2023-11-13",
            "--format",
            "html",
        ],
        &["Lộ trình đạt chuẩn mức 1", "13/02/2032", "55/55", "<svg"],
    );
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it and runs these"]
fn browser_compare_report() {
    check_page(
        "compare",
        &[
            "compare",
            "schools/lai-chau-2023.toml",
            "schools/cao-bang-2025.toml",
            "schools/thai-nguyen-2023.toml",
            "--format",
            "html",
        ],
        &[
            "SO SÁNH CÁC TRƯỜNG — 3 trường",
            "Trường Chính trị Hoàng Đình Giong",
            "26/55",
            "55/55",
        ],
    );
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it and runs these"]
fn browser_trend_report() {
    check_page(
        "trend",
        &[
            "trend",
            "schools/lai-chau-2023.toml",
            "tests/fixtures/trend/lai-chau-2024.toml",
            "tests/fixtures/trend/lai-chau-2025.toml",
            "--format",
            "html",
        ],
        &[
            "DIỄN BIẾN QUA CÁC LẦN ĐÁNH GIÁ",
            "41/55",
            "7,48 chỉ tiêu/năm",
        ],
    );
}
