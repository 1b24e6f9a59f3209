//! Excel workbooks: the fill-in template (`chuan init --format xlsx`) and a filled one read into
//! the same tree a TOML file gives, so it is checked by the same loader with the same codes and
//! words. Every value read is located at its cell (`'Nhóm 2'!G7`).
//!
//! The layout, shared by the writer and the reader:
//! - `Trường`: one row per school field, key in column A, value in column C;
//! - one sheet per criteria group (`Nhóm 1` …, and `Khác` for facts no indicator reads): key in
//!   column A, label, unit, type, constraints and indicators in B–F, a single value in G, a
//!   yearly series in the window-year columns from H (their headers are the years);
//! - `Minh chứng`: one row per piece of evidence; `Xin ý kiến`: one row per waiver or
//!   "not applicable".
//!
//! Rows are found by their key, never by their number: a principal may sort or reorder them.
//! Columns are checked against the template's headers, and a merged cell, a date typed as
//! text or a formula error is refused with its cell, not guessed at.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::criteria::CriteriaSet;
use crate::diag::{Cell, Diagnostic, Msg, Source, Span};
use crate::model::{FactType, Scope, Window};
use crate::tree::{Entry, Node, NodeKind};

pub const GUIDE_SHEET: &str = "Hướng dẫn";
pub const SCHOOL_SHEET: &str = "Trường";
pub const EVIDENCE_SHEET: &str = "Minh chứng";
pub const STATUS_SHEET: &str = "Xin ý kiến";
/// The sheet of the facts no indicator reads.
pub const OTHER_SHEET: &str = "Khác";

/// The school sheet's columns.
pub const SCHOOL_HEADERS: [&str; 3] = ["Khóa (key)", "Nội dung", "Giá trị (value)"];
/// The fact sheets' columns; the window years follow.
pub const FACT_HEADERS: [&str; 7] = [
    "Khóa (key)",
    "Nội dung",
    "Đơn vị",
    "Kiểu",
    "Ràng buộc",
    "Chỉ tiêu",
    "Giá trị (value)",
];
pub const VALUE_COL: u32 = 6;
pub const FIRST_YEAR_COL: u32 = 7;
/// The evidence sheet: indicator, then the keys of one `[[evidence."id"]]` entry.
pub const EVIDENCE_COLUMNS: [(&str, &str); 6] = [
    ("Chỉ tiêu", ""),
    ("Số văn bản", "number"),
    ("Ngày", "date"),
    ("Cơ quan ban hành", "issuer"),
    ("Trích yếu", "title"),
    ("Tệp", "file"),
];
/// The waiver / not-applicable sheet: indicator, then the keys of one `[statuses."id"]` table.
pub const STATUS_COLUMNS: [(&str, &str); 5] = [
    ("Chỉ tiêu", ""),
    ("Trạng thái (waived / not_applicable)", "status"),
    ("Lý do", "reason"),
    ("Người phê duyệt", "approver"),
    ("Hết hạn", "expires"),
];
/// The school sheet's rows: the keys of `[school]` (their labels are `xlsx_field_<key>` in
/// templates/strings.toml).
pub const SCHOOL_FIELDS: [&str; 8] = crate::school::SCHOOL_KEYS;
/// How a yes/no fact is written in the template's dropdown.
const YES: &str = "có";
const NO: &str = "không";

/// Whether a path names a workbook chuan reads.
pub fn is_workbook(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".xlsx")
}

/// Whether a sheet is one of the template's fact sheets (`Nhóm 1` …, `Khác`).
fn is_fact_sheet(name: &str) -> bool {
    name == OTHER_SHEET
        || name
            .strip_prefix("Nhóm ")
            .is_some_and(|n| n.parse::<u32>().is_ok())
}

/// The sheet of a group's facts: `Nhóm 2`, or `Khác`.
fn fact_sheet_name(group: Option<u32>) -> String {
    match group {
        Some(g) => format!("Nhóm {g}"),
        None => OTHER_SHEET.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// The cells read, listed one per line: the text the loader's spans point into.
struct Listing {
    text: String,
    cells: Vec<Cell>,
    problems: Vec<(Span, String, Msg)>,
}

impl Listing {
    /// Lists a cell (`'Nhóm 2'!G7  12`) and returns the span of its shown value.
    fn add(&mut self, sheet: &str, row: u32, col: u32, shown: &str) -> Span {
        let cell = Cell {
            sheet: sheet.to_string(),
            row,
            col,
        };
        let label = cell.label();
        let shown: String = shown.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        self.text.push_str(&label);
        self.text.push_str("  ");
        let start = self.text.len();
        self.text.push_str(&shown);
        let end = self.text.len();
        self.text.push('\n');
        self.cells.push(cell);
        Span::new(start, end.max(start + 1).min(self.text.len()))
    }

    fn problem(&mut self, span: Span, key: &str, msg: Msg) {
        self.problems.push((span, key.to_string(), msg));
    }
}

fn shown(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_date(dt).unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

/// An Excel date cell as `YYYY-MM-DD` (the time of day, if any, is dropped).
fn excel_date(dt: &calamine::ExcelDateTime) -> Option<String> {
    if dt.is_duration() {
        return None;
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn text_of(d: &Data) -> Option<String> {
    match d {
        Data::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 => Some(format!("{f:.0}")),
        _ => None,
    }
}

/// What a cell holds, as the tree the TOML reader would give for the same value.
/// `bool_fact`: the cell belongs to a yes/no fact (the dropdown's `có` / `không` are booleans);
/// `date`: the cell must be an Excel date.
fn node_of(
    l: &mut Listing,
    d: &Data,
    span: Span,
    key: &str,
    bool_fact: bool,
    date: bool,
) -> Node<'static> {
    let kind = match d {
        Data::Empty => NodeKind::Null,
        Data::Bool(b) => NodeKind::Bool(*b),
        Data::Int(i) => NodeKind::Int(*i),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => NodeKind::Int(*f as i64),
        Data::Float(f) => NodeKind::Float(*f, Some(format!("{f}"))),
        Data::String(s) if bool_fact && s.trim().eq_ignore_ascii_case(YES) => NodeKind::Bool(true),
        Data::String(s) if bool_fact && s.trim().eq_ignore_ascii_case(NO) => NodeKind::Bool(false),
        Data::String(s) if date && !s.trim().is_empty() => {
            l.problem(
                span,
                key,
                Msg::XlsxDateAsText {
                    key: key.to_string(),
                    written: s.trim().to_string(),
                },
            );
            NodeKind::Null
        }
        Data::String(s) if s.trim().is_empty() => NodeKind::Null,
        Data::String(s) => NodeKind::Str(s.trim().to_string().into()),
        Data::DateTime(dt) => match excel_date(dt) {
            Some(iso) => NodeKind::Date(iso),
            None => NodeKind::Float(dt.as_f64(), None),
        },
        Data::DateTimeIso(s) => NodeKind::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => NodeKind::Str(s.clone().into()),
        Data::Error(e) => {
            l.problem(
                span,
                key,
                Msg::XlsxCellError {
                    key: key.to_string(),
                    error: format!("{e}"),
                },
            );
            NodeKind::Null
        }
    };
    Node { kind, span }
}

/// One sheet, with its merged regions refused.
struct Sheet {
    name: String,
    range: calamine::Range<Data>,
}

impl Sheet {
    fn get(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    fn rows(&self) -> std::ops::Range<u32> {
        0..self.range.end().map_or(0, |(r, _)| r + 1)
    }

    fn cols(&self) -> u32 {
        self.range.end().map_or(0, |(_, c)| c + 1)
    }
}

/// Reads a filled workbook into a source (its cells listed) and the tree of a school file.
pub fn read(path: &Path, set: &CriteriaSet) -> Result<(Source, Node<'static>), Vec<Diagnostic>> {
    let bytes = crate::input::read_bytes(path).map_err(|d| vec![*d])?;
    read_bytes(&path.display().to_string(), bytes, set)
}

/// A workbook's bytes (a file dropped on the browser page) read as [`read`] reads a path.
pub fn read_bytes(
    display: &str,
    bytes: Vec<u8>,
    set: &CriteriaSet,
) -> Result<(Source, Node<'static>), Vec<Diagnostic>> {
    let display = display.to_string();
    let unreadable =
        |detail: String| vec![Diagnostic::file(&display, Msg::XlsxUnreadable { detail })];
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    let mut listing = Listing {
        text: String::new(),
        cells: Vec::new(),
        problems: Vec::new(),
    };
    for name in &names {
        if name == GUIDE_SHEET {
            continue;
        }
        let range = book
            .worksheet_range(name)
            .map_err(|e| unreadable(e.to_string()))?;
        let merged = book
            .merge_cells_by_sheet_name(name)
            .map_err(|e| unreadable(e.to_string()))?;
        for m in merged {
            let (r0, c0) = m.start;
            let (r1, c1) = m.end;
            let from = Cell {
                sheet: name.clone(),
                row: r0,
                col: c0,
            }
            .label();
            let to = Cell {
                sheet: name.clone(),
                row: r1,
                col: c1,
            }
            .label();
            let to = to.rsplit('!').next().unwrap_or_default();
            let value = range.get_value((r0, c0)).map(shown).unwrap_or_default();
            let span = listing.add(name, r0, c0, &value);
            listing.problem(
                span,
                name,
                Msg::XlsxMerged {
                    range: format!("{from}:{to}"),
                },
            );
        }
        sheets.push(Sheet {
            name: name.clone(),
            range,
        });
    }
    let mut top = Vec::new();
    let mut missing = Vec::new();
    match sheets.iter().find(|s| s.name == SCHOOL_SHEET) {
        Some(s) => top.push(school_entry(&mut listing, s)),
        None => missing.push(SCHOOL_SHEET),
    }
    let facts = facts_entry(&mut listing, &sheets, set);
    top.push(facts);
    for (sheet, section, columns, many) in [
        (EVIDENCE_SHEET, "evidence", &EVIDENCE_COLUMNS[..], true),
        (STATUS_SHEET, "statuses", &STATUS_COLUMNS[..], false),
    ] {
        if let Some(s) = sheets.iter().find(|s| s.name == sheet)
            && let Some(e) = rows_entry(&mut listing, s, section, columns, many)
        {
            top.push(e);
        }
    }
    let Listing {
        text,
        cells,
        problems,
    } = listing;
    let source = Source::cells(display.clone(), text, cells);
    let mut diags: Vec<Diagnostic> = missing
        .into_iter()
        .map(|sheet| {
            Diagnostic::file(
                &display,
                Msg::XlsxMissingSheet {
                    sheet: sheet.to_string(),
                },
            )
        })
        .collect();
    diags.extend(
        problems
            .into_iter()
            .map(|(span, key, msg)| Diagnostic::at(&source, span, Some(&key), msg)),
    );
    if !diags.is_empty() {
        return Err(diags);
    }
    let root = Node {
        kind: NodeKind::Table(top),
        span: Span::new(0, 0),
    };
    Ok((source, root))
}

/// Checks a sheet's header row against the template's; a problem at the first that differs.
fn headers_match(l: &mut Listing, s: &Sheet, expected: &[&str]) -> bool {
    for (c, want) in expected.iter().enumerate() {
        let found = shown(s.get(0, c as u32));
        if found.trim() != *want {
            let span = l.add(&s.name, 0, c as u32, &found);
            l.problem(
                span,
                &s.name,
                Msg::XlsxHeader {
                    expected: want.to_string(),
                    found,
                },
            );
            return false;
        }
    }
    true
}

fn table(entries: Vec<Entry<'static>>, span: Span) -> Node<'static> {
    Node {
        kind: NodeKind::Table(entries),
        span,
    }
}

/// The `[school]` table from the school sheet: key in A, value in C.
fn school_entry(l: &mut Listing, s: &Sheet) -> Entry<'static> {
    let head = l.add(&s.name, 0, 0, SCHOOL_HEADERS[0]);
    let mut entries = Vec::new();
    if headers_match(l, s, &SCHOOL_HEADERS) {
        for row in s.rows().skip(1) {
            let Some(key) = text_of(s.get(row, 0)) else {
                continue;
            };
            let key_span = l.add(&s.name, row, 0, &key);
            let d = s.get(row, 2);
            let span = l.add(&s.name, row, 2, &shown(d));
            let path = format!("school.{key}");
            let value = if matches!(key.as_str(), "predecessors" | "sources") {
                let items = text_of(d)
                    .map(|t| {
                        t.split(';')
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .map(|p| Node {
                                kind: NodeKind::Str(p.to_string().into()),
                                span,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Node {
                    kind: NodeKind::Array(items),
                    span,
                }
            } else {
                node_of(l, d, span, &path, false, key == "dossier_date")
            };
            // an empty optional field is left out; an empty required one stays, so the
            // loader points at its cell
            let optional = matches!(key.as_str(), "note" | "predecessors" | "sources");
            let empty = match &value.kind {
                NodeKind::Null => true,
                NodeKind::Array(items) => items.is_empty(),
                _ => false,
            };
            if optional && empty {
                continue;
            }
            entries.push(Entry {
                key: key.into(),
                key_span,
                value,
            });
        }
    }
    Entry {
        key: "school".into(),
        key_span: head,
        value: table(entries, head),
    }
}

/// The `[facts]` table from every fact sheet: rows found by their key in column A.
fn facts_entry(l: &mut Listing, sheets: &[Sheet], set: &CriteriaSet) -> Entry<'static> {
    let mut entries = Vec::new();
    let mut head = None;
    for s in sheets {
        // the template's fact sheets; a sheet the school added for itself is not read
        if !is_fact_sheet(&s.name) {
            continue;
        }
        let sheet_head = l.add(&s.name, 0, 0, &shown(s.get(0, 0)));
        head.get_or_insert(sheet_head);
        if !headers_match(l, s, &FACT_HEADERS) {
            continue;
        }
        // the window years are the headers after the value column
        let mut years = Vec::new();
        for c in FIRST_YEAR_COL..s.cols() {
            let Some(y) = text_of(s.get(0, c)) else {
                continue;
            };
            let span = l.add(&s.name, 0, c, &y);
            years.push((c, y, span));
        }
        for row in s.rows().skip(1) {
            let Some(key) = text_of(s.get(row, 0)) else {
                continue;
            };
            let key_span = l.add(&s.name, row, 0, &key);
            let def = set.fact(&key);
            let is_bool = def.is_some_and(|d| d.ty == FactType::Bool);
            let path = format!("facts.{key}");
            let value = if def.is_some_and(|d| d.scope == Scope::Series) {
                misplaced(l, s, row, VALUE_COL, &path);
                let mut ys = Vec::new();
                for (c, y, y_span) in &years {
                    let d = s.get(row, *c);
                    let span = l.add(&s.name, row, *c, &shown(d));
                    let node = node_of(l, d, span, &format!("{path}.{y}"), is_bool, false);
                    if !matches!(node.kind, NodeKind::Null) {
                        ys.push(Entry {
                            key: y.clone().into(),
                            key_span: *y_span,
                            value: node,
                        });
                    }
                }
                if ys.is_empty() {
                    continue;
                }
                table(ys, key_span)
            } else {
                for (c, ..) in &years {
                    misplaced(l, s, row, *c, &path);
                }
                let d = s.get(row, VALUE_COL);
                let span = l.add(&s.name, row, VALUE_COL, &shown(d));
                let node = node_of(l, d, span, &path, is_bool, false);
                if matches!(node.kind, NodeKind::Null) {
                    continue;
                }
                node
            };
            entries.push(Entry {
                key: key.into(),
                key_span,
                value,
            });
        }
    }
    let head = head.unwrap_or_else(|| l.add(SCHOOL_SHEET, 0, 0, ""));
    Entry {
        key: "facts".into(),
        key_span: head,
        value: table(entries, head),
    }
}

/// A value in a column its fact does not use (a yearly value beside a single fact, a single
/// value beside a series) is refused rather than dropped.
fn misplaced(l: &mut Listing, s: &Sheet, row: u32, col: u32, path: &str) {
    let d = s.get(row, col);
    if matches!(d, Data::Empty)
        || matches!(d, Data::String(t) if t.trim().is_empty() || t.trim() == "—")
    {
        return;
    }
    let span = l.add(&s.name, row, col, &shown(d));
    l.problem(
        span,
        path,
        Msg::XlsxMisplaced {
            key: path.to_string(),
        },
    );
}

/// `evidence` (an array of tables per indicator) or `statuses` (a table per indicator) from a
/// sheet of rows whose column A names the indicator.
fn rows_entry(
    l: &mut Listing,
    s: &Sheet,
    section: &str,
    columns: &[(&str, &str)],
    many: bool,
) -> Option<Entry<'static>> {
    let head = l.add(&s.name, 0, 0, &shown(s.get(0, 0)));
    let headers: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
    if !headers_match(l, s, &headers) {
        return None;
    }
    let mut by_id: Vec<Entry> = Vec::new();
    for row in s.rows().skip(1) {
        let Some(id) = text_of(s.get(row, 0)) else {
            continue;
        };
        let key_span = l.add(&s.name, row, 0, &id);
        let mut fields = Vec::new();
        for (c, (_, key)) in columns.iter().enumerate().skip(1) {
            let d = s.get(row, c as u32);
            if matches!(d, Data::Empty) {
                continue;
            }
            let span = l.add(&s.name, row, c as u32, &shown(d));
            let is_date = matches!(*key, "date" | "expires");
            let node = node_of(l, d, span, &format!("{section}.{id}.{key}"), false, is_date);
            if !matches!(node.kind, NodeKind::Null) {
                fields.push(Entry {
                    key: key.to_string().into(),
                    key_span: span,
                    value: node,
                });
            }
        }
        let item = table(fields, key_span);
        if many {
            match by_id.iter_mut().find(|e| e.key == id) {
                Some(Entry {
                    value:
                        Node {
                            kind: NodeKind::Array(items),
                            ..
                        },
                    ..
                }) => items.push(item),
                _ => by_id.push(Entry {
                    key: id.into(),
                    key_span,
                    value: Node {
                        kind: NodeKind::Array(vec![item]),
                        span: key_span,
                    },
                }),
            }
        } else {
            // a second row for one indicator is a duplicate key, as in TOML
            by_id.push(Entry {
                key: id.into(),
                key_span,
                value: item,
            });
        }
    }
    Some(Entry {
        key: section.to_string().into(),
        key_span: head,
        value: table(by_id, head),
    })
}

// ---------------------------------------------------------------------------------------------
// The fill-in template

/// `chuan init --format xlsx`: the workbook a principal fills in, generated from the set.
pub fn template(
    set: &CriteriaSet,
    strings: &crate::render::Strings,
    lang: crate::text::Lang,
    dossier: jiff::civil::Date,
) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{
        DataValidation, DataValidationRule, ExcelDateTime, Format, FormatBorder, Workbook,
    };
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let t = |k: &str| strings.get(k).map(str::to_string).unwrap_or_default();
    let pick = |vi: &str, en: &str| crate::render::pick(lang, vi, en);
    let window = Window::of(dossier, set.window_years);
    let years: Vec<i32> = window.years().collect();
    let caveat = crate::render::caveat(set, strings);

    let head = Format::new()
        .set_bold()
        .set_background_color("#D9E2EC")
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let label = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let input = Format::new()
        .set_unlocked()
        .set_background_color("#FFF8D6")
        .set_border(FormatBorder::Thin);
    let date_input = input.clone().set_num_format("dd/mm/yyyy");
    let none = Format::new()
        .set_background_color("#EDEDED")
        .set_border(FormatBorder::Thin);
    let date = |d: jiff::civil::Date| {
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
    };
    let in_range = DataValidation::new().allow_date(DataValidationRule::Between(
        ExcelDateTime::from_ymd(crate::model::YEARS.0 as u16, 1, 1).map_err(err)?,
        ExcelDateTime::from_ymd(crate::model::YEARS.1 as u16, 12, 31).map_err(err)?,
    ));

    let mut wb = Workbook::new();
    // the guide
    let ws = wb.add_worksheet().set_name(GUIDE_SHEET).map_err(err)?;
    ws.set_column_width(0, 110).map_err(err)?;
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap();
    let warn = Format::new()
        .set_text_wrap()
        .set_bold()
        .set_font_color("#9C0006");
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{}: {} ({}@{})",
            t("init_header"),
            pick(&set.meta.title_vi, &set.meta.title_en),
            set.meta.id,
            set.meta.version
        ),
        &title,
    )
    .map_err(err)?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "{}: {} – {}; {} {}–{}.",
            t("init_window"),
            window.start.strftime("%d/%m/%Y"),
            window.end.strftime("%d/%m/%Y"),
            t("init_series").to_lowercase(),
            years.first().copied().unwrap_or_default(),
            years.last().copied().unwrap_or_default()
        ),
        &wrap,
    )
    .map_err(err)?;
    ws.write_string_with_format(2, 0, format!("⚠ {caveat}"), &warn)
        .map_err(err)?;
    for (i, line) in t("xlsx_howto")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
    {
        ws.write_string_with_format(4 + i as u32, 0, format!("{}. {line}", i + 1), &wrap)
            .map_err(err)?;
    }

    // the school
    let ws = wb.add_worksheet().set_name(SCHOOL_SHEET).map_err(err)?;
    for (c, h) in SCHOOL_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)
            .map_err(err)?;
    }
    ws.set_column_width(0, 16).map_err(err)?;
    ws.set_column_width(1, 44).map_err(err)?;
    ws.set_column_width(2, 48).map_err(err)?;
    for (i, key) in SCHOOL_FIELDS.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, *key, &label)
            .map_err(err)?;
        ws.write_string_with_format(row, 1, t(&format!("xlsx_field_{key}")), &label)
            .map_err(err)?;
        match *key {
            "criteria" => ws.write_string_with_format(row, 2, &set.meta.id, &input),
            "dossier_date" => {
                ws.add_data_validation(row, 2, row, 2, &in_range)
                    .map_err(err)?;
                ws.write_datetime_with_format(row, 2, date(dossier).map_err(err)?, &date_input)
            }
            _ => ws.write_blank(row, 2, &input),
        }
        .map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.protect();

    // the facts, a sheet per group
    let yes_no = DataValidation::new()
        .allow_list_strings(&[YES, NO])
        .map_err(err)?;
    for (group, facts) in set.facts_by_group() {
        if facts.is_empty() {
            continue;
        }
        let ws = wb
            .add_worksheet()
            .set_name(fact_sheet_name(group))
            .map_err(err)?;
        for (c, h) in FACT_HEADERS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)
                .map_err(err)?;
        }
        for (k, y) in years.iter().enumerate() {
            ws.write_number_with_format(
                0,
                (FIRST_YEAR_COL as usize + k) as u16,
                f64::from(*y),
                &head,
            )
            .map_err(err)?;
        }
        for (c, w) in [30.0, 48.0, 12.0, 22.0, 26.0, 14.0, 14.0]
            .iter()
            .enumerate()
        {
            ws.set_column_width(c as u16, *w).map_err(err)?;
        }
        ws.set_row_height(0, 30).map_err(err)?;
        for (i, (f, inds)) in facts.iter().enumerate() {
            let row = 1 + i as u32;
            let type_hint = match &f.ty {
                FactType::Bool => format!("{YES} / {NO}"),
                FactType::Integer => t("hint_integer"),
                FactType::Decimal => t("hint_decimal"),
                FactType::Enum(e) => set
                    .enum_def(e.as_str())
                    .map(|d| {
                        d.values
                            .iter()
                            .map(|v| v.code.clone())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .unwrap_or_default(),
            };
            let texts = [
                f.name.clone(),
                pick(&f.label_vi, &f.label_en),
                pick(&f.unit_vi, &f.unit_en),
                type_hint,
                crate::render::constraint_texts(f).join(", "),
                inds.iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ];
            for (c, text) in texts.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, text, &label)
                    .map_err(err)?;
            }
            let validation = match &f.ty {
                FactType::Bool => Some(yes_no.clone()),
                FactType::Integer => Some(DataValidation::new().allow_whole_number(
                    DataValidationRule::GreaterThanOrEqualTo(
                        f.min.and_then(|m| m.to_i64()).unwrap_or(0) as i32,
                    ),
                )),
                FactType::Decimal => Some(DataValidation::new().allow_decimal_number(
                    match (f.min, f.max) {
                        (lo, Some(hi)) => {
                            DataValidationRule::Between(lo.map_or(0.0, |d| d.to_f64()), hi.to_f64())
                        }
                        (lo, None) => {
                            DataValidationRule::GreaterThanOrEqualTo(lo.map_or(0.0, |d| d.to_f64()))
                        }
                    },
                )),
                FactType::Enum(e) => set.enum_def(e.as_str()).and_then(|d| {
                    let codes: Vec<&str> = d.values.iter().map(|v| v.code.as_str()).collect();
                    DataValidation::new().allow_list_strings(&codes).ok()
                }),
            };
            let cols: Vec<u32> = if f.scope == Scope::Series {
                ws.write_string_with_format(row, VALUE_COL as u16, "—", &none)
                    .map_err(err)?;
                (0..years.len() as u32)
                    .map(|k| FIRST_YEAR_COL + k)
                    .collect()
            } else {
                for k in 0..years.len() as u32 {
                    ws.write_blank(row, (FIRST_YEAR_COL + k) as u16, &none)
                        .map_err(err)?;
                }
                vec![VALUE_COL]
            };
            for c in cols {
                ws.write_blank(row, c as u16, &input).map_err(err)?;
                if let Some(v) = &validation {
                    ws.add_data_validation(row, c as u16, row, c as u16, v)
                        .map_err(err)?;
                }
            }
        }
        ws.set_freeze_panes(1, 1).map_err(err)?;
        ws.protect();
    }

    // evidence, and waivers / not applicable: header and empty rows to fill
    for (name, columns) in [
        (EVIDENCE_SHEET, &EVIDENCE_COLUMNS[..]),
        (STATUS_SHEET, &STATUS_COLUMNS[..]),
    ] {
        let ws = wb.add_worksheet().set_name(name).map_err(err)?;
        for (c, (h, key)) in columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)
                .map_err(err)?;
            ws.set_column_width(c as u16, if c == 0 { 12.0 } else { 28.0 })
                .map_err(err)?;
            for row in 1..=40u32 {
                let is_date = matches!(*key, "date" | "expires");
                ws.write_blank(row, c as u16, if is_date { &date_input } else { &input })
                    .map_err(err)?;
            }
            if matches!(*key, "date" | "expires") {
                ws.add_data_validation(1, c as u16, 40, c as u16, &in_range)
                    .map_err(err)?;
            }
        }
        if name == STATUS_SHEET {
            let allowed = DataValidation::new()
                .allow_list_strings(&["waived", "not_applicable"])
                .map_err(err)?;
            ws.add_data_validation(1, 1, 40, 1, &allowed).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
