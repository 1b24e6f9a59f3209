//! The reconstructed-data caveat on every output of every command that reports on schools:
//! in words wherever people read it, as the set's counts wherever programs do.

use crate::common::stdout;

const WORDS_VI: &str = "48/55 chỉ tiêu (tên gọi và ngưỡng mức 1) và 55/55 ngưỡng mức 2 là TÁI DỰNG";
const WORDS_EN: &str = "48/55 indicators (wording and level-1 threshold) and 55/55 level-2 thresholds are RECONSTRUCTED";
const LAI_CHAU: &str = "schools/lai-chau-2023.toml";
const LATER: &str = "tests/fixtures/trend/lai-chau-2024.toml";

fn out(args: &[&str]) -> Vec<u8> {
    stdout(args).into_bytes()
}

/// Every text, Markdown and HTML output of every command.
#[test]
fn every_human_format_carries_the_caveat_in_both_languages() {
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", LAI_CHAU],
        vec!["check", LAI_CHAU, "--format", "markdown"],
        vec!["check", LAI_CHAU, "--format", "html"],
        vec!["roadmap", LAI_CHAU, "--start", "2024-01-01"],
        vec![
            "roadmap",
            LAI_CHAU,
            "--start",
            "2024-01-01",
            "--format",
            "markdown",
        ],
        vec![
            "roadmap",
            LAI_CHAU,
            "--start",
            "2024-01-01",
            "--format",
            "html",
        ],
        vec![
            "whatif",
            LAI_CHAU,
            "--set",
            "lecturers_principal_rank_plus=21",
        ],
        vec!["compare", "schools"],
        vec!["compare", "schools", "--format", "markdown"],
        vec!["compare", "schools", "--format", "html"],
        vec!["diff", LAI_CHAU, LATER],
        vec!["trend", LAI_CHAU, LATER],
        vec!["trend", LAI_CHAU, LATER, "--format", "html"],
        vec!["list"],
        vec!["explain", "2.10"],
    ];
    for case in cases {
        for (lang, words) in [("vi", WORDS_VI), ("en", WORDS_EN)] {
            let colour: &[&str] = if matches!(case[0], "list" | "explain") {
                &[]
            } else {
                &["--color", "never"]
            };
            let args = [&case[..], &["--lang", lang], colour].concat();
            // HTML writes `/` as `&#x2f;`
            let text = String::from_utf8(out(&args))
                .unwrap()
                .replace("&#x2f;", "/");
            assert!(text.contains(words), "{args:?} lacks the caveat");
        }
    }
}

#[test]
fn every_json_output_carries_the_counts_and_csv_a_column() {
    for args in [
        vec!["check", LAI_CHAU, "--format", "json"],
        vec!["compare", "schools", "--format", "json"],
        vec!["trend", LAI_CHAU, LATER, "--format", "json"],
    ] {
        let v: serde_json::Value = serde_json::from_slice(&out(&args)).unwrap();
        let criteria = v
            .get("criteria")
            .or_else(|| v["board"].get("criteria"))
            .or_else(|| v["trend"].get("criteria"))
            .unwrap_or_else(|| panic!("{args:?}: no criteria"));
        assert_eq!(criteria["reconstructed"], 48, "{args:?}");
        assert_eq!(criteria["reconstructed_l2"], 55, "{args:?}");
        assert_eq!(criteria["indicators"], 55, "{args:?}");
    }
    for args in [
        vec![
            "roadmap",
            LAI_CHAU,
            "--start",
            "2024-01-01",
            "--format",
            "json",
        ],
        vec![
            "whatif",
            LAI_CHAU,
            "--set",
            "lecturers_principal_rank_plus=21",
            "--format",
            "json",
        ],
        vec!["diff", LAI_CHAU, LATER, "--format", "json"],
    ] {
        let text = String::from_utf8(out(&args)).unwrap();
        assert!(text.contains("\"reconstructed\": 48"), "{args:?}");
        assert!(text.contains("\"reconstructed_l2\": 55"), "{args:?}");
    }
    let csv = String::from_utf8(out(&["compare", "schools", "--format", "csv"])).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",Cảnh báo dữ liệu"));
}

#[test]
fn the_workbooks_and_the_dossier_carry_the_caveat() {
    let dir = tempfile::tempdir().unwrap();
    let read = |path: &std::path::Path, part: &str| {
        use std::io::Read as _;
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut s = String::new();
        zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let board = dir.path().join("b.xlsx");
    out(&[
        "compare",
        "schools",
        "--format",
        "xlsx",
        "-o",
        board.to_str().unwrap(),
    ]);
    assert!(read(&board, "xl/worksheets/sheet1.xml").contains(WORDS_VI));
    let doc = dir.path().join("d.docx");
    out(&[
        "check",
        LAI_CHAU,
        "--format",
        "docx",
        "-o",
        doc.to_str().unwrap(),
    ]);
    assert!(read(&doc, "word/document.xml").contains(WORDS_VI));
    let init = dir.path().join("t.xlsx");
    out(&["init", "--format", "xlsx", init.to_str().unwrap()]);
    assert!(read(&init, "xl/sharedStrings.xml").contains(WORDS_VI));
}
