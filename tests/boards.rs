//! compare, diff and trend: every output format on the bundled samples.

use std::io::Read;

use crate::common::{run, stdout};

const SAMPLES: [&str; 5] = [
    "schools/lai-chau-2023.toml",
    "schools/ha-noi-le-hong-phong-2023.toml",
    "schools/cao-bang-2025.toml",
    "schools/thai-nguyen-2023.toml",
    "schools/mau-muc-2-2026.toml",
];

fn compare(extra: &[&str]) -> String {
    stdout(&[&["compare"][..], &SAMPLES[..], extra, &["--color", "never"]].concat())
}

#[test]
fn collation_keys_order_names_as_the_collator_does() {
    let order = chuan::board::VietnameseOrder::new();
    let names = [
        "Trường Chính trị tỉnh Điện Biên",
        "Trường Chính trị tỉnh Đắk Lắk",
        "Trường Chính trị tỉnh Dak Nông",
        "Trường Chính trị tỉnh An Giang",
        "Trường Chính trị tỉnh Ăn Giang",
        "Trường Chính trị tỉnh Ân Giang",
        "trường chính trị tỉnh an giang",
        "Trường Chính trị tỉnh Ưu",
        "Trường Chính trị tỉnh Uu",
        "Trường Chính trị tỉnh Ủu",
        "Trường Chính trị tỉnh Bà Rịa – Vũng Tàu",
        "Trường Chính trị tỉnh Ba Ria",
        "Trường Chính trị tỉnh Điện Biên số 10",
        "Trường Chính trị tỉnh Điện Biên số 2",
        "",
    ];
    for a in names {
        for b in names {
            assert_eq!(
                order.key(a).cmp(&order.key(b)),
                order.cmp(a, b),
                "{a:?} vs {b:?}"
            );
        }
    }
}

#[test]
fn compare_ranks_sorts_in_vietnamese_order_and_finds_blockers() {
    let v: serde_json::Value = serde_json::from_str(&compare(&["--format", "json"])).unwrap();
    let b = &v["board"];
    let names: Vec<&str> = b["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    // Vietnamese order: "Trường Chính trị Hoàng…" < "Trường Chính trị tỉnh…" < "Trường Đào tạo…" (Đ after D)
    assert_eq!(
        names,
        [
            "Trường Chính trị Hoàng Đình Giong",
            "Trường Chính trị tỉnh Lai Châu",
            "Trường Chính trị tỉnh Mẫu (giả định)",
            "Trường Chính trị tỉnh Thái Nguyên",
            "Trường Đào tạo cán bộ Lê Hồng Phong thành phố Hà Nội",
        ]
    );
    let ranks: Vec<(u64, u64)> = b["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let s = &b["schools"][i.as_u64().unwrap() as usize];
            (s["rank"].as_u64().unwrap(), s["met"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(ranks, [(1, 55), (1, 55), (3, 43), (4, 39), (5, 26)]);
    let top: Vec<(&str, u64)> = b["blockers"].as_array().unwrap()[..5]
        .iter()
        .map(|x| {
            (
                x["indicator"].as_str().unwrap(),
                x["not_met"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        top,
        [("6.2", 3), ("6.3", 3), ("6.4", 3), ("6.5", 3), ("6.6", 3)]
    );
    let d26 = b["distributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["indicator"] == "2.6")
        .unwrap();
    assert_eq!(
        (
            d26["min"].as_f64(),
            d26["max"].as_f64(),
            d26["count"].as_u64()
        ),
        (Some(14.29), Some(72.0), Some(5))
    );
}

#[test]
fn compare_text_markdown_and_json_snapshots() {
    insta::assert_snapshot!("compare_text", compare(&[]));
    insta::assert_snapshot!("compare_markdown", compare(&["--format", "markdown"]));
    insta::assert_snapshot!("compare_json", compare(&["--format", "json"]));
    insta::assert_snapshot!(
        "diff_json",
        stdout(&["diff", SERIES[0], SERIES[2], "--format", "json"])
    );
}

#[test]
fn compare_csv_has_a_bom_and_one_row_per_school() {
    let csv = compare(&["--format", "csv"]);
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 6);
    assert!(
        lines[0].starts_with("\u{feff}Hạng,Mã trường,Trường,Tỉnh/thành phố,Ngày lập hồ sơ,Đạt,")
    );
    assert!(lines[0].ends_with(",CT 6.7,CT 6.8,Cảnh báo dữ liệu"));
    // the school id, and an ISO date every spreadsheet reads as a date in any locale
    assert!(lines.iter().any(|l| {
        l.starts_with("5,lai-chau,Trường Chính trị tỉnh Lai Châu,Lai Châu,2023-11-13,26,29,0,")
    }));
    for l in &lines[1..] {
        assert!(
            l.ends_with(",\"48/55 chỉ tiêu là tái dựng, kết quả chỉ để tham khảo\""),
            "{l}"
        );
    }
    insta::assert_snapshot!("compare_csv", csv);
}

#[test]
fn compare_csv_headers_stay_text_in_a_spreadsheet() {
    // a header such as `2.10` opens as the number 2.1 (LibreOffice en-US, Excel): none may
    // read as a number or a date
    for lang in ["vi", "en"] {
        let csv = compare(&["--format", "csv", "--lang", lang]);
        let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
        for cell in header.split(',') {
            let t = cell.trim();
            assert!(t.parse::<f64>().is_err(), "{lang}: {t}");
            assert!(!t.chars().next().unwrap().is_ascii_digit(), "{lang}: {t}");
        }
        assert!(header.contains(if lang == "vi" { "CT 2.10" } else { "Ind. 2.10" }));
    }
}

fn xlsx_part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn board_xlsx(dir: &std::path::Path, inputs: &[&str]) -> std::path::PathBuf {
    let path = dir.join("so-sanh.xlsx");
    crate::common::run_ok(
        &[
            &["compare"][..],
            inputs,
            &["--format", "xlsx", "-o", path.to_str().unwrap(), "--force"],
        ]
        .concat(),
    );
    path
}

#[test]
fn compare_xlsx_has_sheets_frozen_headers_and_status_colours() {
    let dir = tempfile::tempdir().unwrap();
    let path = board_xlsx(dir.path(), &SAMPLES);
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    for sheet in [
        "Tổng hợp",
        "Xếp hạng",
        "Chỉ tiêu vướng",
        "Ma trận",
        "Nhóm 1",
        "Nhóm 6",
    ] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {workbook}"
        );
    }
    // constant-memory sheets keep their strings inline (no shared-string table to grow)
    let ranking = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    assert!(ranking.contains("<is><t>Trường Chính trị tỉnh Lai Châu</t></is>"));
    assert!(
        ranking.contains("<pane") && ranking.contains("state=\"frozen\""),
        "frozen header"
    );
    assert!(ranking.contains("<col "), "column widths");
    let matrix = xlsx_part(&path, "xl/worksheets/sheet4.xml");
    assert!(
        matrix.contains("beginsWith") && matrix.contains("chưa đạt"),
        "conditional colours"
    );
    // xlsx is never printed to a terminal
    let o = run(&[&["compare"][..], &SAMPLES[..], &["--format", "xlsx"]].concat());
    assert_eq!(o.status.code(), Some(2));
}

/// The matrix and group sheets are filled on threads of their own: the styles and every sheet
/// are still the same bytes from run to run (no style index depends on which thread ran first).
#[test]
fn compare_xlsx_sheets_and_styles_are_the_same_bytes_each_run() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, second) = (
        board_xlsx(a.path(), &SAMPLES),
        board_xlsx(b.path(), &SAMPLES),
    );
    let parts = |path: &std::path::Path| {
        let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut names: Vec<String> = zip
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .filter(|n| n.starts_with("xl/"))
            .collect();
        names.sort();
        names
    };
    let names = parts(&first);
    assert_eq!(names, parts(&second));
    assert!(names.iter().any(|n| n == "xl/styles.xml"), "{names:?}");
    // summary, ranking, blockers, matrix and 6 group sheets
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("xl/worksheets/sheet"))
            .count(),
        10,
        "{names:?}"
    );
    for name in &names {
        assert_eq!(xlsx_part(&first, name), xlsx_part(&second, name), "{name}");
    }
}

#[test]
fn compare_xlsx_is_a_board_report_with_typed_cells_and_print_setup() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = board_xlsx(dir.path(), &SAMPLES);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    // the summary: title, date, set, caveat
    let summary = book.worksheet_range("Tổng hợp").unwrap();
    let cell = |r: &calamine::Range<Data>, row: u32, col: u32| r.get_value((row, col)).cloned();
    assert_eq!(
        cell(&summary, 0, 0),
        Some(Data::String(
            "SO SÁNH CÁC TRƯỜNG — 5 trường — chuẩn mức 1".into()
        ))
    );
    assert!(
        matches!(cell(&summary, 1, 1), Some(Data::DateTime(_))),
        "the report date is a date"
    );
    let Some(Data::String(caveat)) = cell(&summary, 3, 1) else {
        panic!("no caveat")
    };
    assert!(
        caveat.contains("48/55") && caveat.contains("TÁI DỰNG"),
        "{caveat}"
    );
    // the ranking: one row per school, dates as dates, counts as numbers, the attained level
    let ranking = book.worksheet_range("Xếp hạng").unwrap();
    assert_eq!(ranking.height(), 6, "a header and one row per school");
    let headers: Vec<String> = (0..ranking.width() as u32)
        .map(|c| cell(&ranking, 0, c).unwrap().to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap() as u32;
    for row in 1..6 {
        assert!(matches!(
            cell(&ranking, row, col("Ngày lập hồ sơ")),
            Some(Data::DateTime(_))
        ));
        assert!(matches!(
            cell(&ranking, row, col("Đạt mức 1")),
            Some(Data::Float(_))
        ));
        assert!(matches!(
            cell(&ranking, row, col("Đạt mức 2")),
            Some(Data::Float(_))
        ));
        assert!(matches!(
            cell(&ranking, row, col("Nhóm 6")),
            Some(Data::Float(_))
        ));
    }
    // the attained level of each school, as `compare --format json` gives it
    let json: serde_json::Value = serde_json::from_str(&compare(&["--format", "json"])).unwrap();
    for s in json["board"]["schools"].as_array().unwrap() {
        let id = Some(Data::String(s["id"].as_str().unwrap().into()));
        let row = (1..6)
            .find(|&r| cell(&ranking, r, col("Mã trường")) == id)
            .unwrap();
        let want = match s["attained_level"].as_u64().unwrap() {
            0 => "—".to_string(),
            l => format!("chuẩn mức {l}"),
        };
        assert_eq!(
            cell(&ranking, row, col("Mức đạt")),
            Some(Data::String(want))
        );
    }
    let lai_chau = (1..6)
        .find(|&r| cell(&ranking, r, col("Mã trường")) == Some(Data::String("lai-chau".into())))
        .unwrap();
    assert_eq!(
        cell(&ranking, lai_chau, col("Đạt mức 1")),
        Some(Data::Float(26.0))
    );
    assert_eq!(
        cell(&ranking, lai_chau, col("Đạt mức 2")),
        Some(Data::Float(19.0))
    );
    assert_eq!(
        cell(&ranking, lai_chau, col("Mức đạt")),
        Some(Data::String("—".into()))
    );
    // blockers and the measured values: numbers, percentages formatted as such, threshold on top
    let blockers = book.worksheet_range("Chỉ tiêu vướng").unwrap();
    assert!(blockers.height() > 1);
    let g2 = book.worksheet_range("Nhóm 2").unwrap();
    assert_eq!(cell(&g2, 1, 0), Some(Data::String("Ngưỡng".into())));
    assert!(
        matches!(cell(&g2, 1, 6), Some(Data::Float(_))),
        "2.6's threshold"
    );
    let styles = xlsx_part(&path, "xl/styles.xml");
    assert!(
        styles.contains("formatCode=\"0.00&quot; %&quot;\""),
        "{styles}"
    );
    // every measured value of a group sheet carries its unit's number format (the column's)
    let g2_xml = xlsx_part(&path, "xl/worksheets/sheet6.xml");
    let values: Vec<&str> = g2_xml
        .split("<c r=\"")
        .skip(1)
        .filter(|c| {
            let row: String = c
                .chars()
                .skip_while(char::is_ascii_uppercase)
                .take_while(char::is_ascii_digit)
                .collect();
            row.parse::<u32>().is_ok_and(|r| r >= 3) && !c.contains("t=\"") && c.contains("<v>")
        })
        .collect();
    assert!(!values.is_empty(), "{g2_xml}");
    for c in &values {
        let head = &c[..c.find('>').unwrap()];
        assert!(
            head.contains(" s=\"") && !head.contains(" s=\"0\""),
            "a value without its format: {head}"
        );
    }
    // every sheet: A4 landscape, fitted to the page width, autofilter, header rows repeated
    for k in 1..=10 {
        let sheet = xlsx_part(&path, &format!("xl/worksheets/sheet{k}.xml"));
        assert!(
            sheet.contains("paperSize=\"9\"") && sheet.contains("orientation=\"landscape\""),
            "sheet {k}"
        );
        assert!(
            sheet.contains("<fitToPage") || sheet.contains("fitToPage=\"1\""),
            "sheet {k}"
        );
        assert!(sheet.contains("&amp;P / &amp;N"), "sheet {k}: page numbers");
        if k > 1 {
            assert!(sheet.contains("<autoFilter"), "sheet {k}");
        }
    }
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "repeated header rows"
    );
    assert!(
        workbook.contains("'Ma trận'!$A:$A"),
        "the names on every matrix page: {workbook}"
    );
    // the chart of met counts
    let chart = xlsx_part(&path, "xl/charts/chart1.xml");
    assert!(
        chart.contains("<c:barChart>") && chart.contains("'Xếp hạng'!$C$2:$C$6"),
        "{chart}"
    );
}

/// Needs LibreOffice (CI installs it): 34 schools, as many as the country has, printed.
#[test]
#[ignore = "needs LibreOffice: cargo test -- --ignored libreoffice"]
fn libreoffice_prints_the_board_workbook_of_34_schools_in_twelve_pages() {
    let dir = tempfile::tempdir().unwrap();
    let schools = dir.path().join("schools");
    std::fs::create_dir(&schools).unwrap();
    let lai_chau = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    for i in 0..34 {
        let text = lai_chau
            .replacen("id = \"lai-chau\"", &format!("id = \"truong-{i:02}\""), 1)
            .replacen(
                "name = \"Trường Chính trị tỉnh Lai Châu\"",
                &format!("name = \"Trường Chính trị tỉnh Thử Nghiệm Số {i:02}\""),
                1,
            );
        std::fs::write(schools.join(format!("t{i:02}.toml")), text).unwrap();
    }
    let path = board_xlsx(dir.path(), &[schools.to_str().unwrap()]);
    let pdf = crate::common::libreoffice_pdf(&path);
    // summary 1, ranking 1, blockers 1, matrix 3 (55 columns, names repeated), groups 6
    let pages = crate::common::pdf_pages(&pdf);
    assert_eq!(pages.len(), 12, "{pages:?}");
    assert!(pages.iter().all(|&(w, h)| w > h), "landscape: {pages:?}");
}

#[test]
fn compare_html_escapes_hostile_names_and_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("x.toml");
    let text = std::fs::read_to_string("schools/lai-chau-2023.toml")
        .unwrap()
        .replace(
            "name = \"Trường Chính trị tỉnh Lai Châu\"",
            "name = \"<script>alert('x')</script>\"",
        );
    std::fs::write(&hostile, text).unwrap();
    let html = stdout(&[
        "compare",
        hostile.to_str().unwrap(),
        "schools/cao-bang-2025.toml",
        "--format",
        "html",
    ]);
    // one script, the table sorter of the template; the name's is escaped text
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script>\n// chuan: sorts a table"));
    assert!(html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2f;script&gt;"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(!html.contains("<link") && !html.contains("src=") && !html.contains("url("));
    assert!(html.contains("@page { size: A4"));
}

#[test]
fn compare_refuses_another_criteria_set_and_any_bad_file() {
    let o = run(&[
        "compare",
        "schools/lai-chau-2023.toml",
        "tests/fixtures/bad/criteria-mismatch.toml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "no partial board");
    assert!(String::from_utf8(o.stderr).unwrap().contains(
        "tệp đánh giá theo bộ tiêu chí `qd396-2025` nhưng bộ đang dùng là `qd11-2021@2021.recon-1`"
    ));
}

const SERIES: [&str; 3] = [
    "schools/lai-chau-2023.toml",
    "tests/fixtures/trend/lai-chau-2024.toml",
    "tests/fixtures/trend/lai-chau-2025.toml",
];

#[test]
fn diff_lists_gains_losses_and_values() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["diff", SERIES[0], SERIES[1], "--format", "json"])).unwrap();
    let d = &v["diff"];
    assert_eq!(
        (
            d["before"]["level1"]["met"].as_u64(),
            d["after"]["level1"]["met"].as_u64()
        ),
        (Some(26), Some(33))
    );
    let gained: Vec<&str> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == 1 && c["after"] == "met")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(gained, ["1.6", "2.5", "3.4", "3.5", "3.6", "3.9", "4.4"]);
    let v26 = d["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["indicator"] == "2.6")
        .unwrap();
    assert_eq!(
        (v26["before"].as_f64(), v26["after"].as_f64()),
        (Some(14.29), Some(34.29))
    );
    insta::assert_snapshot!(
        "diff_text",
        stdout(&["diff", SERIES[1], SERIES[2], "--color", "never"])
    );
    // two different schools are refused unless asked for with --other-school (--force only
    // ever means "overwrite")
    let o = run(&["diff", SERIES[0], "schools/cao-bang-2025.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--other-school"));
    assert_eq!(
        run(&[
            "diff",
            SERIES[0],
            "schools/cao-bang-2025.toml",
            "--other-school"
        ])
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        run(&["diff", SERIES[0], "schools/cao-bang-2025.toml", "--force"])
            .status
            .code(),
        Some(2),
        "--force is not --other-school"
    );
}

#[test]
fn trend_orders_by_date_and_projects_the_pace() {
    // files given out of order
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "trend", SERIES[2], SERIES[0], SERIES[1], "--format", "json",
    ]))
    .unwrap();
    let t = &v["trend"];
    let met: Vec<u64> = t["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["met1"].as_u64().unwrap())
        .collect();
    assert_eq!(met, [26, 33, 41]);
    // 15 indicators in 732 days = 7.48 a year; 14 left → 22.5 months, said as 23 from the
    // month of the last assessment (November 2025), never to the day
    assert_eq!(t["per_year"].as_f64(), Some(7.48));
    assert_eq!(t["projected_months"], 23);
    assert_eq!(t["projected_month"], "2027-10");
    assert_eq!(t["points"][0]["gained"], serde_json::json!([]));
    assert_eq!(
        t["points"][1]["gained"],
        serde_json::json!(["1.6", "2.5", "3.4", "3.5", "3.6", "3.9", "4.4"])
    );
    assert_eq!(t["criteria"]["reconstructed"], 48);
    insta::assert_snapshot!(
        "trend_text",
        stdout(&["trend", SERIES[0], SERIES[1], SERIES[2], "--color", "never"])
    );
    let html = stdout(&["trend", SERIES[0], SERIES[1], SERIES[2], "--format", "html"]);
    assert!(html.contains("<polyline") && html.contains("<html lang=\"vi\">"));
    assert_eq!(
        run(&["trend", SERIES[0], "schools/cao-bang-2025.toml"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn trend_names_what_each_assessment_gained_and_lost() {
    let dir = tempfile::tempdir().unwrap();
    // 2025 as in the fixture, but the plan that met 1.6 in 2024 has lapsed
    let later = std::fs::read_to_string(SERIES[2]).unwrap().replace(
        "development_scheme_plan_issued = true",
        "development_scheme_plan_issued = false",
    );
    let path = dir.path().join("lai-chau-2025.toml");
    std::fs::write(&path, later).unwrap();
    let p = path.to_str().unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["trend", SERIES[1], p, "--format", "json"])).unwrap();
    let last = &v["trend"]["points"][1];
    assert_eq!(last["lost"], serde_json::json!(["1.6"]));
    assert!(last["gained"].as_array().unwrap().contains(&"2.2".into()));
    let text = stdout(&["trend", SERIES[1], p, "--color", "never"]);
    assert!(text.contains("Mất: 1.6"), "{text}");
    let html = stdout(&["trend", SERIES[1], p, "--format", "html"]);
    assert!(html.contains("<td class=\"ids\">1.6</td>"), "{html}");
}

#[test]
fn compare_html_caps_its_matrix_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let lai_chau = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    let n = chuan::render::MATRIX_CAP + 5;
    for i in 0..n {
        let text = lai_chau
            .replacen("id = \"lai-chau\"", &format!("id = \"truong-{i:03}\""), 1)
            .replacen(
                "name = \"Trường Chính trị tỉnh Lai Châu\"",
                &format!("name = \"Trường thử {i:03}\""),
                1,
            );
        std::fs::write(dir.path().join(format!("t{i:03}.toml")), text).unwrap();
    }
    let html = stdout(&["compare", dir.path().to_str().unwrap(), "--format", "html"]);
    let matrix = html
        .split("<h2>")
        .find(|s| s.starts_with("Ma trận"))
        .unwrap();
    // one table per criteria group, each capped
    assert_eq!(matrix.matches("<table class=\"matrix").count(), 6);
    assert_eq!(
        matrix.matches("<tr><td>Trường thử").count(),
        6 * chuan::render::MATRIX_CAP
    );
    assert!(matrix.contains(&format!(
        "chỉ hiện {} trường xếp hạng cao nhất trong số {n}",
        chuan::render::MATRIX_CAP
    )));
    // the ranking lists every school
    let ranking = html.split("<h2>").nth(1).unwrap();
    assert_eq!(ranking.matches("<td>Trường thử").count(), n);
    // a small board is shown whole, without the note
    let small = stdout(&["compare", "schools", "--format", "html"]);
    assert!(!small.contains("chỉ hiện"));
}

#[test]
fn a_school_is_one_row_with_its_latest_dossier_unless_all_dossiers() {
    // the Hà Nội TOML and its YAML twin, and three yearly files of Lai Châu
    let args = [
        "compare",
        "schools",
        "tests/fixtures/trend/lai-chau-2024.toml",
        "tests/fixtures/trend/lai-chau-2025.toml",
        "--format",
        "json",
    ];
    let v: serde_json::Value = serde_json::from_str(&stdout(&args)).unwrap();
    let schools = v["board"]["schools"].as_array().unwrap();
    assert_eq!(schools.len(), 5, "five schools, not eight files");
    let ids: std::collections::BTreeSet<&str> =
        schools.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 5);
    let lai_chau = schools.iter().find(|s| s["id"] == "lai-chau").unwrap();
    assert_eq!(lai_chau["file"], "tests/fixtures/trend/lai-chau-2025.toml");
    let collapsed = v["board"]["collapsed"].as_array().unwrap();
    let lc = collapsed.iter().find(|c| c["id"] == "lai-chau").unwrap();
    assert_eq!(lc["dropped"].as_array().unwrap().len(), 2);
    let hn = collapsed
        .iter()
        .find(|c| c["id"] == "ha-noi-le-hong-phong")
        .unwrap();
    assert_eq!(hn["kept"], "schools/ha-noi-le-hong-phong-2023.toml");
    assert_eq!(
        hn["dropped"][0][0],
        "schools/ha-noi-le-hong-phong-2023.yaml"
    );
    // blockers count schools too: no indicator is blocked more often than there are schools
    for b in v["board"]["blockers"].as_array().unwrap() {
        assert!(b["not_met"].as_u64().unwrap() + b["unknown"].as_u64().unwrap() <= 5);
    }
    // the text report says what was left out
    let text = stdout(&args[..4]);
    assert!(text.contains("— 5 trường —"), "{text}");
    assert!(
        text.contains("đã bỏ qua 3 hồ sơ khác của cùng trường"),
        "{text}"
    );
    // --all-dossiers keeps every file
    let mut all = args.to_vec();
    all.push("--all-dossiers");
    let v: serde_json::Value = serde_json::from_str(&stdout(&all)).unwrap();
    assert_eq!(v["board"]["schools"].as_array().unwrap().len(), 8);
    assert!(v["board"]["collapsed"].as_array().unwrap().is_empty());
}
