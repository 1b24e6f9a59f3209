//! Excel in and out: `init --format xlsx`, reading a filled workbook (by key, whatever the row
//! order), every refusal located at its sheet and cell, and `convert` back to TOML.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use chuan::model::{FactValue, Scope, Value};
use chuan::workbook::{
    EVIDENCE_COLUMNS, EVIDENCE_SHEET, FACT_HEADERS, FIRST_YEAR_COL, SCHOOL_FIELDS, SCHOOL_HEADERS,
    SCHOOL_SHEET, STATUS_COLUMNS, STATUS_SHEET, VALUE_COL,
};
use rust_xlsxwriter::{ExcelDateTime, Workbook, Worksheet};

use crate::common::{chuan, embedded_school, run};

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn date(d: jiff::civil::Date) -> ExcelDateTime {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap()
}

/// A date cell as Excel writes one: the serial number with a date format (without the format
/// the cell is a plain number, and chuan refuses it as a date).
fn write_date(ws: &mut Worksheet, row: u32, col: u16, d: jiff::civil::Date) {
    let f = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(row, col, date(d), &f)
        .unwrap();
}

/// What to spoil in a workbook written from a school file.
#[derive(Default, Clone, Copy)]
struct Spoil {
    reverse_rows: bool,
    number_as_text: bool,
    date_as_text: bool,
    merge: bool,
    move_value_column: bool,
    unknown_key: bool,
    misplaced: bool,
    /// A sheet of the school's own notes, in no layout of the template.
    notes_sheet: bool,
}

/// A workbook in the template's layout filled from a sample's facts, written with
/// rust_xlsxwriter (not chuan's own template writer), optionally spoiled.
fn workbook_from(sample: &str, out: &Path, spoil: Spoil) {
    let (set, school) = embedded_school(sample);
    let window = school.window(set);
    let years: Vec<i32> = window.years().collect();
    let mut wb = Workbook::new();
    let heads = |ws: &mut Worksheet, headers: &[&str]| {
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
    };

    let ws = wb.add_worksheet().set_name(SCHOOL_SHEET).unwrap();
    heads(ws, &SCHOOL_HEADERS);
    for (i, key) in SCHOOL_FIELDS.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, *key).unwrap();
        match *key {
            "id" => ws.write_string(row, 2, &school.id),
            "name" => ws.write_string(row, 2, &school.name),
            "province" => ws.write_string(row, 2, &school.province),
            "criteria" => ws.write_string(row, 2, &school.criteria),
            "predecessors" => ws.write_string(row, 2, school.predecessors.join("; ")),
            "sources" => ws.write_string(row, 2, school.sources.join("; ")),
            "note" => ws.write_string(row, 2, school.note.clone().unwrap_or_default()),
            "dossier_date" if spoil.date_as_text => ws.write_string(row, 2, "13/11/2023"),
            "dossier_date" => {
                write_date(ws, row, 2, school.dossier_date);
                Ok(&mut *ws)
            }
            _ => unreachable!(),
        }
        .unwrap();
    }

    for (group, facts) in set.facts_by_group() {
        let name = group.map_or("Khác".to_string(), |g| format!("Nhóm {g}"));
        let ws = wb.add_worksheet().set_name(&name).unwrap();
        let mut headers = FACT_HEADERS.to_vec();
        if spoil.move_value_column && group == Some(2) {
            headers.swap(5, 6);
        }
        heads(ws, &headers);
        for (k, y) in years.iter().enumerate() {
            ws.write_number(0, (FIRST_YEAR_COL as usize + k) as u16, f64::from(*y))
                .unwrap();
        }
        let mut rows: Vec<_> = facts.iter().collect();
        if spoil.reverse_rows {
            rows.reverse();
        }
        if spoil.unknown_key && group == Some(2) {
            let row = 1 + rows.len() as u32;
            ws.write_string(row, 0, "lecturers_totl").unwrap();
            ws.write_number(row, VALUE_COL as u16, 35.0).unwrap();
        }
        for (i, (def, _)) in rows.into_iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, &def.name).unwrap();
            ws.write_string(row, 1, def.label_vi.as_ref()).unwrap();
            let cell = |ws: &mut Worksheet, col: u32, v: &Value| match v {
                Value::Bool(b) => ws
                    .write_string(row, col as u16, if *b { "có" } else { "không" })
                    .map(|_| ()),
                Value::Num(d) if spoil.number_as_text && def.name == "lecturers_total" => {
                    ws.write_string(row, col as u16, d.to_string()).map(|_| ())
                }
                Value::Num(d) => ws.write_number(row, col as u16, d.to_f64()).map(|_| ()),
                Value::Grade(code, _) => ws.write_string(row, col as u16, code).map(|_| ()),
            };
            match school.facts.get(&def.name) {
                Some(FactValue::Scalar(v)) => {
                    cell(ws, VALUE_COL, v).unwrap();
                    if spoil.misplaced && def.name == "staff_total" {
                        ws.write_number(row, FIRST_YEAR_COL as u16, 44.0).unwrap();
                    }
                }
                Some(FactValue::Series(series)) => {
                    assert_eq!(def.scope, Scope::Series);
                    for (k, y) in years.iter().enumerate() {
                        if let Some(v) = series.get(y) {
                            cell(ws, FIRST_YEAR_COL + k as u32, v).unwrap();
                        }
                    }
                }
                None => {}
            }
        }
        if spoil.merge && group == Some(1) {
            ws.merge_range(1, 5, 2, 5, "", &rust_xlsxwriter::Format::new())
                .unwrap();
        }
    }

    let ws = wb.add_worksheet().set_name(EVIDENCE_SHEET).unwrap();
    heads(ws, &EVIDENCE_COLUMNS.map(|(h, _)| h));
    let mut row = 1;
    for (id, items) in &school.evidence {
        for e in items {
            ws.write_string(row, 0, id).unwrap();
            ws.write_string(row, 1, &e.number).unwrap();
            write_date(ws, row, 2, e.date);
            ws.write_string(row, 3, &e.issuer).unwrap();
            if let Some(t) = &e.title {
                ws.write_string(row, 4, t).unwrap();
            }
            if let Some(f) = &e.file {
                ws.write_string(row, 5, f).unwrap();
            }
            row += 1;
        }
    }
    let ws = wb.add_worksheet().set_name(STATUS_SHEET).unwrap();
    heads(ws, &STATUS_COLUMNS.map(|(h, _)| h));
    assert!(
        school.statuses.is_empty(),
        "the writer here has no statuses"
    );
    if spoil.notes_sheet {
        let ws = wb.add_worksheet().set_name("Ghi chú của trường").unwrap();
        ws.write_string(0, 0, "Việc cần làm").unwrap();
        ws.write_string(1, 0, "lecturers_total").unwrap();
        ws.write_string(1, 6, "hỏi phòng tổ chức").unwrap();
    }
    wb.save(out).unwrap();
}

fn tmp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

fn json_without_file(args: &[&str]) -> serde_json::Value {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["school"].as_object_mut().unwrap().remove("file");
    v
}

#[test]
fn a_workbook_gives_the_same_evaluation_as_its_toml_whatever_the_row_order() {
    for sample in [
        "schools/lai-chau-2023.toml",
        "schools/ha-noi-le-hong-phong-2023.toml",
        "schools/thai-nguyen-2023.toml",
    ] {
        let toml = json_without_file(&["check", sample, "--format", "json"]);
        for reverse_rows in [false, true] {
            let (_dir, path) = tmp("truong.xlsx");
            workbook_from(
                sample,
                &path,
                Spoil {
                    reverse_rows,
                    ..Spoil::default()
                },
            );
            let xlsx = json_without_file(&["check", path.to_str().unwrap(), "--format", "json"]);
            assert_eq!(xlsx, toml, "{sample}, rows reversed: {reverse_rows}");
        }
    }
    let (_dir, path) = tmp("lai-chau.xlsx");
    workbook_from("schools/lai-chau-2023.toml", &path, Spoil::default());
    let text = crate::common::stdout(&["check", path.to_str().unwrap()]);
    assert!(
        text.contains("KẾT QUẢ: 26/55 chỉ tiêu đạt chuẩn mức 1"),
        "{text}"
    );
}

#[test]
fn convert_turns_a_workbook_into_toml_that_checks_the_same() {
    let (dir, path) = tmp("lai-chau.xlsx");
    workbook_from(
        "schools/lai-chau-2023.toml",
        &path,
        Spoil {
            reverse_rows: true,
            ..Spoil::default()
        },
    );
    let out = dir.path().join("lai-chau.toml");
    let o = run(&[
        "convert",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        json_without_file(&["check", out.to_str().unwrap(), "--format", "json"]),
        json_without_file(&["check", "schools/lai-chau-2023.toml", "--format", "json"])
    );
    // never over a file without --force
    let before = std::fs::read(&out).unwrap();
    let o = run(&[
        "convert",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

/// Runs `check` on a spoiled workbook with `-o`: exit 2, the messages, and no report written.
fn refused(spoil: Spoil) -> String {
    let (dir, path) = tmp("hong.xlsx");
    workbook_from("schools/lai-chau-2023.toml", &path, spoil);
    let report = dir.path().join("bao-cao.md");
    let o = chuan()
        .args([
            "check",
            path.to_str().unwrap(),
            "--format",
            "markdown",
            "-o",
        ])
        .arg(&report)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!report.exists(), "nothing is written for a refused file");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn every_refusal_names_the_sheet_the_cell_and_the_key() {
    let err = refused(Spoil {
        number_as_text: true,
        ..Spoil::default()
    });
    assert!(err.contains("lỗi[wrong-type]"), "{err}");
    assert!(err.contains(":'Nhóm 2'!G"), "{err}");
    assert!(err.contains("khoá: facts.lecturers_total"), "{err}");
    assert!(
        err.contains("ô này chứa chữ, không phải số: nhập lại thành ô số (35)"),
        "{err}"
    );

    let err = refused(Spoil {
        date_as_text: true,
        ..Spoil::default()
    });
    assert!(err.contains("lỗi[xlsx-date-as-text]"), "{err}");
    assert!(err.contains("hong.xlsx:'Trường'!C7"), "{err}");
    assert!(err.contains("ngày `13/11/2023` được gõ dạng chữ"), "{err}");

    let err = refused(Spoil {
        merge: true,
        ..Spoil::default()
    });
    assert!(err.contains("lỗi[xlsx-merged-cell]"), "{err}");
    assert!(err.contains("ô gộp 'Nhóm 1'!F2:F3"), "{err}");

    let err = refused(Spoil {
        move_value_column: true,
        ..Spoil::default()
    });
    assert!(err.contains("lỗi[xlsx-header]"), "{err}");
    assert!(err.contains(":'Nhóm 2'!F1"), "{err}");

    let err = refused(Spoil {
        unknown_key: true,
        ..Spoil::default()
    });
    assert!(err.contains("lỗi[unknown-fact]"), "{err}");
    assert!(err.contains(":'Nhóm 2'!A"), "{err}");
    assert!(
        err.contains("lecturers_total"),
        "the nearest name is suggested: {err}"
    );

    let err = refused(Spoil {
        misplaced: true,
        ..Spoil::default()
    });
    assert!(err.contains("lỗi[xlsx-misplaced-value]"), "{err}");
    assert!(err.contains("khoá: facts.staff_total"), "{err}");

    // JSON diagnostics carry the cell and its row and column
    let (_dir, path) = tmp("hong.xlsx");
    workbook_from(
        "schools/lai-chau-2023.toml",
        &path,
        Spoil {
            date_as_text: true,
            ..Spoil::default()
        },
    );
    let o = run(&["validate", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["files"][1]["diagnostics"][0];
    assert_eq!(d["code"], "xlsx-date-as-text");
    assert_eq!(d["cell"], "'Trường'!C7");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(3))
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_cleanly() {
    let (_dir, path) = tmp("gia.xlsx");
    std::fs::write(&path, "không phải tệp Excel").unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("lỗi[xlsx-unreadable]"), "{err}");
}

#[test]
fn init_writes_a_protected_fill_in_workbook_and_never_overwrites() {
    let (_dir, path) = tmp("mau.xlsx");
    let o = run(&[
        "init",
        "--format",
        "xlsx",
        "--dossier-date",
        "2023-11-13",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let book = part(&path, "xl/workbook.xml");
    for sheet in [
        "Hướng dẫn",
        "Trường",
        "Nhóm 1",
        "Nhóm 6",
        "Minh chứng",
        "Xin ý kiến",
    ] {
        assert!(
            book.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {book}"
        );
    }
    let strings = part(&path, "xl/sharedStrings.xml");
    // the guide: the window of the dossier date and the reconstructed-data caveat
    assert!(strings.contains("13/11/2018 – 13/11/2023"), "window");
    assert!(strings.contains("TÁI DỰNG"), "caveat");
    assert!(
        strings.contains("Ngày lập hồ sơ (ô ngày)"),
        "school field labels"
    );
    // a group sheet: header, years, labels, dropdowns and number rules, locked labels
    let group1 = part(&path, "xl/worksheets/sheet3.xml");
    let group2 = part(&path, "xl/worksheets/sheet4.xml");
    assert!(group2.contains("<sheetProtection"), "protected");
    assert!(group2.contains("type=\"whole\""), "integers ≥ 0");
    assert!(
        group1.contains("type=\"list\"") && group1.contains("có,không"),
        "dropdowns"
    );
    assert!(strings.contains("lecturers_principal_rank_plus"));
    assert!(
        strings.contains(">2018<") || group2.contains("<v>2018</v>"),
        "year columns"
    );
    let school = part(&path, "xl/worksheets/sheet2.xml");
    assert!(
        school.contains("type=\"date\""),
        "the dossier date is a date cell"
    );
    // an empty template is read: every required school field is reported at its cell
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mau.xlsx:'Trường'!C2"), "{err}");
    // never over an existing file
    let before = std::fs::read(&path).unwrap();
    let o = run(&["init", "--format", "xlsx", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The template filled by openpyxl, as a principal would in Excel (rows reordered too), gives
/// the same JSON as each sample's TOML. Needs python3 with openpyxl (`.ci/run` installs it).
#[test]
#[ignore]
fn xlsx_openpyxl_fills_the_template_and_check_agrees() {
    for sample in std::fs::read_dir("schools").unwrap() {
        let sample = sample.unwrap().path();
        if sample.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let sample = sample.to_str().unwrap().to_string();
        let (_, school) = embedded_school(&sample);
        let (dir, template) = tmp("mau.xlsx");
        let dossier = school.dossier_date.to_string();
        let o = run(&[
            "init",
            "--format",
            "xlsx",
            "--dossier-date",
            &dossier,
            template.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0));
        for mode in ["", "reorder"] {
            let filled = dir.path().join(format!("filled{mode}.xlsx"));
            let py = std::process::Command::new("python3")
                .args([
                    "tests/xlsx/fill.py",
                    template.to_str().unwrap(),
                    &sample,
                    filled.to_str().unwrap(),
                    mode,
                ])
                .output()
                .expect("python3");
            assert!(
                py.status.success(),
                "{}",
                String::from_utf8_lossy(&py.stderr)
            );
            assert_eq!(
                json_without_file(&["check", filled.to_str().unwrap(), "--format", "json"]),
                json_without_file(&["check", &sample, "--format", "json"]),
                "{sample} {mode}"
            );
        }
    }
}

#[test]
fn a_sheet_the_school_adds_is_not_read() {
    let (_dir, path) = tmp("lai-chau.xlsx");
    workbook_from(
        "schools/lai-chau-2023.toml",
        &path,
        Spoil {
            notes_sheet: true,
            ..Spoil::default()
        },
    );
    assert_eq!(
        json_without_file(&["check", path.to_str().unwrap(), "--format", "json"]),
        json_without_file(&["check", "schools/lai-chau-2023.toml", "--format", "json"])
    );
}
