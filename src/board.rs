//! Boards: many schools at once (`chuan compare`), one school over time (`chuan trend`) and two
//! assessments side by side (`chuan diff`).

use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

use crate::criteria::CriteriaSet;
use crate::decimal::Dec;
use crate::diag::Diagnostic;
use crate::eval::{Evaluation, SetInfo, Status, evaluate};
use crate::model::Level;
use crate::school::School;
use crate::text::Lang;

/// The files a board reads: the given files, and every .toml/.yaml/.yml directly in given folders.
pub fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let files = crate::criteria::files_in(p, |f| {
                let name = f.display().to_string();
                crate::tree::Format::from_path(&name).is_some()
                    || crate::workbook::is_workbook(&name)
            })
            .map_err(|e| {
                let path = p.display().to_string();
                Box::new(Diagnostic::file(
                    &path,
                    crate::diag::Msg::CannotReadFolder {
                        path: path.clone(),
                        err: (&e).into(),
                    },
                ))
            })?;
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Loads and evaluates every file, in parallel; all diagnostics of all files on failure.
pub fn load_all(files: &[PathBuf], set: &CriteriaSet) -> Result<Vec<Evaluation>, Vec<Diagnostic>> {
    load_map(files, set, |ev| ev)
}

/// Loads, evaluates and maps every file on all cores; only what `f` keeps stays in memory.
pub fn load_map<T: Send>(
    files: &[PathBuf],
    set: &CriteriaSet,
    f: impl Fn(Evaluation) -> T + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    let f = &f;
    // each thread keeps its part's values and diagnostics apart, and the parts are appended
    // in file order (the first part is the start of the result): the values are not gathered
    // a second time into a vector of results
    let parts: Vec<(Vec<T>, Vec<Diagnostic>)> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut values = Vec::with_capacity(part.len());
                    let mut diags = Vec::new();
                    for path in part {
                        match School::load(path, set) {
                            Ok(school) if diags.is_empty() => {
                                values.push(f(evaluate(set, &school)))
                            }
                            Ok(_) => {}
                            Err(d) => diags.extend(d),
                        }
                    }
                    (values, diags)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a loader thread never panics"))
            .collect()
    });
    let mut ok: Vec<T> = Vec::new();
    let mut diags = Vec::new();
    for (mut values, d) in parts {
        if ok.is_empty() {
            ok = values;
        } else {
            ok.append(&mut values);
        }
        diags.extend(d);
    }
    if diags.is_empty() { Ok(ok) } else { Err(diags) }
}

/// Sorts strings in Vietnamese order (Ă, Â after A; Đ after D; Ư after U), not by bytes.
pub struct VietnameseOrder(icu_collator::CollatorBorrowed<'static>);

impl VietnameseOrder {
    pub fn new() -> VietnameseOrder {
        let loc: icu_locale_core::Locale = "vi".parse().expect("a valid locale");
        VietnameseOrder(
            icu_collator::Collator::try_new(
                loc.into(),
                icu_collator::options::CollatorOptions::default(),
            )
            .expect("compiled collation data for vi"),
        )
    }

    pub fn cmp(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.0.compare(a, b)
    }

    /// The collation key of `s`: keys compare bytewise as [`VietnameseOrder::cmp`] compares
    /// the strings, so a board of thousands sorts on keys made once per school.
    pub fn key(&self, s: &str) -> Vec<u8> {
        let mut key = Vec::with_capacity(s.len() * 2);
        let Ok(()) = self.0.write_sort_key_to(s, &mut key);
        key
    }
}

impl Default for VietnameseOrder {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SchoolRow {
    pub id: String,
    pub name: String,
    pub province: String,
    pub file: String,
    pub dossier_date: Date,
    /// Met at the board's level.
    pub met: usize,
    /// Met at level 1 and at level 2, whatever the board's level.
    pub met_per_level: [usize; 2],
    pub not_met: usize,
    pub unknown: usize,
    pub waived: usize,
    pub not_applicable: usize,
    pub exceeded: usize,
    pub attained_level: u8,
    /// 1-based rank by met count (ties share a rank).
    pub rank: usize,
    /// Met count per group, in the set's group order.
    pub groups: Vec<usize>,
    /// Status per indicator at the board's level, in the set's order.
    pub statuses: Vec<Status>,
    /// The indicator's measured value (percent for ratios), when numeric.
    pub values: Values,
}

/// A row's measured values, one per indicator: 8 bytes each instead of 32, since a board keeps
/// every school's row (an exact decimal in millionths; `i64::MIN` for none). A value too large
/// for 64 bits, which no fact of a real school reaches, is kept aside exactly.
#[derive(Debug, Clone, Default)]
pub struct Values {
    compact: Vec<i64>,
    large: Vec<(usize, Dec)>,
}

const NO_VALUE: i64 = i64::MIN;

impl Values {
    pub fn get(&self, k: usize) -> Option<Dec> {
        match self.compact.get(k).copied()? {
            NO_VALUE => self.large.iter().find(|(i, _)| *i == k).map(|(_, d)| *d),
            m => Some(Dec::from_millionths(m)),
        }
    }

    pub fn len(&self) -> usize {
        self.compact.len()
    }

    pub fn is_empty(&self) -> bool {
        self.compact.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<Dec>> + '_ {
        (0..self.len()).map(|k| self.get(k))
    }
}

impl FromIterator<Option<Dec>> for Values {
    fn from_iter<I: IntoIterator<Item = Option<Dec>>>(iter: I) -> Values {
        let mut v = Values::default();
        for (k, d) in iter.into_iter().enumerate() {
            match d.and_then(Dec::to_millionths).filter(|&m| m != NO_VALUE) {
                Some(m) => v.compact.push(m),
                None => {
                    v.compact.push(NO_VALUE);
                    if let Some(d) = d {
                        v.large.push((k, d));
                    }
                }
            }
        }
        v
    }
}

impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl schemars::JsonSchema for Values {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<Option<Dec>>>::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<Option<Dec>>>::json_schema(generator)
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Blocker {
    pub indicator: String,
    pub not_met: usize,
    pub unknown: usize,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Distribution {
    pub indicator: String,
    pub threshold: Option<Dec>,
    pub min: Dec,
    pub median: Dec,
    pub max: Dec,
    pub count: usize,
}

/// Older (or duplicate) dossiers of one school left out of a board, and the one kept.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Collapsed {
    pub id: String,
    /// The file kept: the school's latest dossier.
    pub kept: String,
    /// The files left out, each with its dossier date.
    pub dropped: Vec<(String, Date)>,
}

/// One row per school: each school id keeps its latest dossier (on a tie, the first file in
/// name order); what was left out is returned to be shown. A board counts schools, not files:
/// a YAML twin or last year's file must not be a second school.
pub fn latest_per_school(mut rows: Vec<SchoolRow>) -> (Vec<SchoolRow>, Vec<Collapsed>) {
    // in place (a board of 50 000 keeps no second copy of its rows): one school's files
    // together, its latest dossier first, on a tie the first file name
    rows.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then(b.dossier_date.cmp(&a.dossier_date))
            .then_with(|| a.file.cmp(&b.file))
    });
    let mut collapsed: Vec<Collapsed> = Vec::new();
    // `later` is dropped when it is another file of the school of `kept`
    rows.dedup_by(|later, kept| {
        if later.id != kept.id {
            return false;
        }
        let dropped = (std::mem::take(&mut later.file), later.dossier_date);
        match collapsed.last_mut() {
            Some(c) if c.id == kept.id => c.dropped.push(dropped),
            _ => collapsed.push(Collapsed {
                id: kept.id.clone(),
                kept: kept.file.clone(),
                dropped: vec![dropped],
            }),
        }
        true
    });
    (rows, collapsed)
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Board {
    pub level: Level,
    pub criteria: SetInfo,
    pub indicators: Vec<String>,
    pub groups: Vec<(u32, String, String, usize)>,
    /// In Vietnamese order of school name.
    pub schools: Vec<SchoolRow>,
    /// Indices into `schools`, best first.
    pub ranking: Vec<usize>,
    pub blockers: Vec<Blocker>,
    pub distributions: Vec<Distribution>,
    /// Dossiers left out because a later one of the same school is on the board (empty with
    /// `--all-dossiers`).
    pub collapsed: Vec<Collapsed>,
}

/// One school's row of the board (what `compare` keeps of an evaluation).
pub fn row(ev: &Evaluation, level: Level) -> SchoolRow {
    let s = &ev.school;
    let sum = ev.summary.level(level);
    SchoolRow {
        id: s.id.clone(),
        name: s.name.clone(),
        province: s.province.clone(),
        file: s.file.clone(),
        dossier_date: s.dossier_date,
        met: sum.counts.met,
        met_per_level: [ev.summary.level1.counts.met, ev.summary.level2.counts.met],
        not_met: sum.counts.not_met,
        unknown: sum.counts.unknown,
        waived: sum.counts.waived,
        not_applicable: sum.counts.not_applicable,
        exceeded: ev.summary.exceeded,
        attained_level: ev.summary.attained_level,
        rank: 0,
        groups: ev
            .summary
            .groups
            .iter()
            .map(|g| g.level(level).met)
            .collect(),
        statuses: ev
            .indicators
            .iter()
            .map(|r| r.level(level).status)
            .collect(),
        values: ev.indicators.iter().map(|r| r.level(level).value).collect(),
    }
}

/// The board of `chuan compare`: one row per school (its latest dossier) unless `all_dossiers`,
/// with what was collapsed listed.
pub fn board_of(
    set: &CriteriaSet,
    rows: Vec<SchoolRow>,
    level: Level,
    all_dossiers: bool,
) -> Board {
    let (rows, collapsed) = if all_dossiers {
        (rows, Vec::new())
    } else {
        latest_per_school(rows)
    };
    let mut board = board(set, rows, crate::eval::set_info(set), level);
    board.collapsed = collapsed;
    board
}

pub fn board(
    set: &CriteriaSet,
    mut rows: Vec<SchoolRow>,
    criteria: SetInfo,
    level: Level,
) -> Board {
    let order = VietnameseOrder::new();
    rows.sort_by_cached_key(|r| (order.key(&r.name), r.dossier_date));
    // rows are in name order now: a tie on the met count keeps it
    let mut ranking: Vec<usize> = (0..rows.len()).collect();
    ranking.sort_by(|&a, &b| rows[b].met.cmp(&rows[a].met).then(a.cmp(&b)));
    for (pos, &i) in ranking.iter().enumerate() {
        let rank = if pos > 0 && rows[ranking[pos - 1]].met == rows[i].met {
            rows[ranking[pos - 1]].rank
        } else {
            pos + 1
        };
        rows[i].rank = rank;
    }
    let mut blockers: Vec<Blocker> = set
        .indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| Blocker {
            indicator: ind.id.clone(),
            not_met: rows
                .iter()
                .filter(|r| matches!(r.statuses[k], Status::NotMet | Status::Waived))
                .count(),
            unknown: rows
                .iter()
                .filter(|r| r.statuses[k] == Status::Unknown)
                .count(),
        })
        .filter(|b| b.not_met + b.unknown > 0)
        .collect();
    blockers.sort_by(|a, b| {
        (b.not_met, b.unknown)
            .cmp(&(a.not_met, a.unknown))
            .then_with(|| {
                crate::criteria::id_key(&a.indicator).cmp(&crate::criteria::id_key(&b.indicator))
            })
    });
    let distributions = set
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(k, ind)| {
            let mut vals: Vec<Dec> = rows.iter().filter_map(|r| r.values.get(k)).collect();
            let threshold = ind.rule.kind().threshold(level);
            if vals.is_empty() {
                return None;
            }
            vals.sort();
            let n = vals.len();
            let median = if n % 2 == 1 {
                vals[n / 2]
            } else {
                Dec::parse(&format!(
                    "{}",
                    (vals[n / 2 - 1].to_f64() + vals[n / 2].to_f64()) / 2.0
                ))
                .unwrap_or(vals[n / 2])
            };
            Some(Distribution {
                indicator: ind.id.clone(),
                threshold,
                min: vals[0],
                median,
                max: vals[n - 1],
                count: n,
            })
        })
        .collect();
    Board {
        level,
        criteria,
        indicators: set.indicators.iter().map(|i| i.id.clone()).collect(),
        groups: set
            .groups
            .iter()
            .map(|g| {
                (
                    g.id,
                    g.name_vi.to_string(),
                    g.name_en.to_string(),
                    set.indicators.iter().filter(|i| i.group == g.id).count(),
                )
            })
            .collect(),
        schools: rows,
        ranking,
        blockers,
        distributions,
        collapsed: Vec::new(),
    }
}

/// The words of `templates/strings.toml` for one language (column headers, status words).
pub struct Words<'a> {
    words: &'a crate::render::Strings,
    /// The five status words, looked up once: a board writes one per school and indicator.
    statuses: [&'a str; 5],
}

impl<'a> Words<'a> {
    pub fn new(words: &'a crate::render::Strings) -> Words<'a> {
        let word = |s: Status| {
            words
                .get(&format!("status_{}", s.name()))
                .unwrap_or(s.name())
        };
        Words {
            words,
            statuses: Status::ALL.map(word),
        }
    }

    /// The word for `key` (the key itself if strings.toml lacks it, so a gap shows, not panics).
    pub fn get<'k>(&'k self, key: &'k str) -> &'k str {
        self.words.get(key).unwrap_or(key)
    }

    pub fn status(&self, s: Status) -> &str {
        self.statuses[s as usize]
    }
}

/// One CSV cell. A cell that a spreadsheet would read as a formula (starting with `=`, `+`,
/// `-`, `@`, TAB or CR: `=HYPERLINK(…)` in a school name) gets a leading `'`, the OWASP rule;
/// chuan's own numbers never start that way.
pub fn csv_cell(s: &str) -> String {
    let mut out = String::new();
    push_csv_cell(&mut out, s);
    out
}

/// The same cell, appended to a line.
fn push_csv_cell(line: &mut String, s: &str) {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = s.contains([',', '"', '\n', '\r']);
    if quoted {
        line.push('"');
    }
    if formula {
        line.push('\'');
    }
    if quoted {
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                line.push_str("\"\"");
            }
            line.push_str(part);
        }
        line.push('"');
    } else {
        line.push_str(s);
    }
}

fn header(b: &Board, w: &Words) -> Vec<String> {
    let mut h: Vec<String> = [
        "rank",
        "col_id",
        "school",
        "province",
        "dossier_date",
        "col_met",
        "col_not_met",
        "col_unknown",
        "col_waived",
        "col_na",
        "col_exceeded",
        "col_attained",
    ]
    .iter()
    .map(|k| w.get(k).to_string())
    .collect();
    for g in &b.groups {
        h.push(format!("{} {}", w.get("group"), g.0));
    }
    // `2.10` alone would open as the number 2.1 in LibreOffice and Excel
    h.extend(
        b.indicators
            .iter()
            .map(|id| w.get("csv_indicator").replace("{id}", id)),
    );
    h.push(w.get("csv_caveat_col").to_string());
    h
}

/// CSV for Excel: UTF-8 with a BOM, one row per school.
pub fn csv(b: &Board, w: &Words) -> String {
    let mut out = Vec::new();
    write_csv(b, w, &mut out).expect("writing into memory never fails");
    String::from_utf8(out).expect("CSV cells are UTF-8")
}

/// The same CSV, written row by row: each line is made in one buffer, reused, and written at
/// once (a board of 10 000 schools is 750 000 cells).
pub fn write_csv(b: &Board, w: &Words, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::fmt::Write as _;
    let mut line = String::new();
    let end = |line: &mut String, out: &mut dyn std::io::Write| {
        line.push_str("\r\n");
        let r = out.write_all(line.as_bytes());
        line.clear();
        r
    };
    line.push('\u{feff}');
    for (i, h) in header(b, w).iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        push_csv_cell(&mut line, h);
    }
    end(&mut line, out)?;
    let caveat = w
        .get("csv_caveat")
        .replace("{n}", &b.criteria.reconstructed.to_string())
        .replace("{total}", &b.criteria.indicators.to_string());
    // the cells every row repeats, made once
    let caveat = csv_cell(&caveat);
    let status_cells = w.statuses.map(csv_cell);
    let mut num = itoa::Buffer::new();
    for r in &b.schools {
        // numbers and ISO dates never need quoting or the formula guard
        line.push_str(num.format(r.rank));
        line.push(',');
        push_csv_cell(&mut line, &r.id);
        line.push(',');
        push_csv_cell(&mut line, &r.name);
        line.push(',');
        push_csv_cell(&mut line, &r.province);
        // ISO: every spreadsheet in every locale reads it as a date, never 05/12 as May
        let _ = write!(line, ",{}", r.dossier_date);
        let counts = [
            r.met,
            r.not_met,
            r.unknown,
            r.waived,
            r.not_applicable,
            r.exceeded,
        ];
        for n in counts
            .into_iter()
            .chain([usize::from(r.attained_level)])
            .chain(r.groups.iter().copied())
        {
            line.push(',');
            line.push_str(num.format(n));
        }
        for s in &r.statuses {
            line.push(',');
            line.push_str(&status_cells[*s as usize]);
        }
        line.push(',');
        line.push_str(&caveat);
        end(&mut line, out)?;
    }
    Ok(())
}

/// An Excel workbook a board prints and files: a summary (title, date, set, caveat, counts and a
/// chart of met counts), the ranking (one row per school, attained level, met counts per level
/// and group), the blockers, the status matrix and one sheet of measured values per group
/// (percentages formatted as such, the threshold above them). Every sheet prints on A4
/// landscape, fitted to the page width, with its header row (and the school names) repeated on
/// each page; the tables have autofilters; dates are date cells.
pub fn xlsx(
    b: &Board,
    set: &CriteriaSet,
    w: &Words,
    lang: Lang,
    made: Date,
) -> Result<Vec<u8>, String> {
    workbook(b, set, w, lang, made)?
        .save_to_buffer()
        .map_err(|e| e.to_string())
}

/// The same workbook, written into `out` (a file: the zip writer seeks).
pub fn write_xlsx(
    b: &Board,
    set: &CriteriaSet,
    w: &Words,
    lang: Lang,
    made: Date,
    out: &mut std::fs::File,
) -> Result<(), String> {
    workbook(b, set, w, lang, made)?
        .save_to_writer(out)
        .map_err(|e| e.to_string())
}

/// The sheets are written in constant-memory mode (each row goes to a temporary file once the
/// next begins), so a board of 50 000 schools needs no more memory than one of 50: rows are
/// written in order, and each sheet's layout is set before its rows.
fn workbook(
    b: &Board,
    set: &CriteriaSet,
    w: &Words,
    lang: Lang,
    made: Date,
) -> Result<rust_xlsxwriter::Workbook, String> {
    use rust_xlsxwriter::{
        Chart, ChartType, ConditionalFormatText, ConditionalFormatTextRule, ExcelDateTime, Format,
        FormatAlign, Workbook, Worksheet,
    };
    let vi = lang.is_vi();
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    // zip level 2, not 6: zlib-rs deflates levels 3 to 6 with its slower "medium" strategy,
    // level 2 with the fast one (10 000 schools: 6.0 MB, against 5.8 MB at level 3 and 4.8 MB
    // at level 6, in about 0.4 s less than level 3)
    wb.set_zip_compression_level(2);
    let head = Format::new()
        .set_bold()
        .set_background_color("#F0F4F8")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let warn = wrap.clone().set_bold().set_font_color("#9C0006");
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let date = |d: Date| {
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(err)
    };
    let colours = [
        (w.status(Status::Met), "#C6EFCE"),
        (w.status(Status::NotMet), "#FFC7CE"),
        (w.status(Status::Unknown), "#FFEB9C"),
        (w.status(Status::Waived), "#DDEBF7"),
        (w.status(Status::NotApplicable), "#EDEDED"),
    ];
    let n = b.schools.len();
    let last_row = n.max(1) as u32;
    let report_title = format!(
        "{} — {} {} — {}",
        w.get("compare_title"),
        n,
        w.get("schools_word"),
        w.get(&format!("level_name_{}", b.level.number()))
    );
    let set_line = format!(
        "{} ({}@{}{})",
        if vi {
            &b.criteria.title_vi
        } else {
            &b.criteria.title_en
        },
        b.criteria.id,
        b.criteria.version,
        if b.criteria.status == "provisional" {
            format!(", {}", w.get("provisional"))
        } else {
            String::new()
        }
    );
    let caveat = crate::render::caveat(set, w.words);
    // A4 landscape, one page wide, the header row (and the name column) on every page, the
    // title and page number in the margins
    let print = |ws: &mut Worksheet, repeat_rows: u32, name_col: Option<u16>, wide: u16| {
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(wide, 0);
        ws.set_header(format!("&L&\"-,Bold\"{}", report_title.replace('&', "&&")));
        ws.set_footer(format!("&L{}&R&P / &N", made.strftime("%d/%m/%Y")));
        if repeat_rows > 0 {
            ws.set_repeat_rows(0, repeat_rows - 1).map_err(err)?;
        }
        if let Some(c) = name_col {
            ws.set_repeat_columns(c, c).map_err(err)?;
        }
        Ok::<(), String>(())
    };
    let ranking_sheet = w.get("sheet_ranking").to_string();

    // summary: what the board files on top
    let ws = wb
        .add_worksheet_with_constant_memory()
        .map_err(err)?
        .set_name(w.get("sheet_summary"))
        .map_err(err)?;
    print(ws, 0, None, 1)?;
    ws.set_column_width(0, 28).map_err(err)?;
    ws.set_column_width(1, 90).map_err(err)?;
    ws.write_string_with_format(0, 0, &report_title, &title)
        .map_err(err)?;
    ws.write_string_with_format(1, 0, w.get("report_date"), &bold)
        .map_err(err)?;
    ws.write_datetime_with_format(1, 1, date(made)?, &date_fmt)
        .map_err(err)?;
    ws.write_string_with_format(2, 0, w.get("criteria"), &bold)
        .map_err(err)?;
    ws.write_string_with_format(2, 1, &set_line, &wrap)
        .map_err(err)?;
    ws.set_row_height(3, 64).map_err(err)?;
    ws.write_string_with_format(3, 0, w.get("csv_caveat_col"), &bold)
        .map_err(err)?;
    ws.write_string_with_format(3, 1, format!("⚠ {caveat}"), &warn)
        .map_err(err)?;
    let attained = |lvl: u8| b.schools.iter().filter(|r| r.attained_level >= lvl).count();
    let mut mets: Vec<usize> = b.schools.iter().map(|r| r.met).collect();
    mets.sort_unstable();
    let median = match mets.len() {
        0 => 0.0,
        k if k % 2 == 1 => mets[k / 2] as f64,
        k => (mets[k / 2 - 1] + mets[k / 2]) as f64 / 2.0,
    };
    let counts = [
        (w.get("sheet_ranking"), n as f64),
        (w.get("level_name_1"), attained(1) as f64),
        (w.get("level_name_2"), attained(2) as f64),
        (w.get("median_met"), median),
    ];
    for (k, (label, v)) in counts.iter().enumerate() {
        let y = 5 + k as u32;
        ws.write_string_with_format(y, 0, *label, &bold)
            .map_err(err)?;
        ws.write_number(y, 1, *v).map_err(err)?;
    }
    if n > 0 {
        // met counts per school, ranked, from the ranking sheet
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name(w.get("col_met"))
            .set_categories((ranking_sheet.as_str(), 1, 2, last_row, 2))
            .set_values((ranking_sheet.as_str(), 1, 6, last_row, 6));
        chart.title().set_name(&format!(
            "{} ({})",
            w.get("col_met"),
            w.get(&format!("level_name_{}", b.level.number()))
        ));
        chart.y_axis().set_reverse();
        chart
            .x_axis()
            .set_min(0.0)
            .set_max(b.indicators.len() as f64);
        chart.legend().set_hidden();
        // on the summary's one page: the bars get thinner as schools are added
        let height = (120 + 12 * n).min(480) as u32;
        chart.set_width(900).set_height(height);
        ws.insert_chart(10, 0, &chart).map_err(err)?;
    }

    // ranking: one row per school
    let ws = wb
        .add_worksheet_with_constant_memory()
        .map_err(err)?
        .set_name(&ranking_sheet)
        .map_err(err)?;
    print(ws, 1, None, 1)?;
    ws.set_row_height(0, 45).map_err(err)?;
    ws.set_freeze_panes(1, 3).map_err(err)?;
    let mut cols: Vec<(String, f64)> = vec![
        (w.get("rank").into(), 6.0),
        (w.get("col_id").into(), 14.0),
        (w.get("school").into(), 40.0),
        (w.get("province").into(), 14.0),
        (w.get("dossier_date").into(), 12.0),
        (w.get("col_attained").into(), 12.0),
        (w.get("col_met_l1").into(), 9.0),
        (w.get("col_met_l2").into(), 9.0),
        (w.get("col_not_met").into(), 9.0),
        (w.get("col_unknown").into(), 9.0),
        (w.get("col_waived").into(), 9.0),
        (w.get("col_na").into(), 9.0),
        (w.get("col_exceeded").into(), 8.0),
    ];
    cols.extend(
        b.groups
            .iter()
            .map(|g| (format!("{} {}", w.get("group"), g.0), 8.0)),
    );
    for (c, (h, width)) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, *width).map_err(err)?;
        ws.write_string_with_format(0, c as u16, h, &head)
            .map_err(err)?;
    }
    ws.autofilter(0, 0, last_row, cols.len() as u16 - 1)
        .map_err(err)?;
    for (row, &i) in b.ranking.iter().enumerate() {
        let r = &b.schools[i];
        let y = row as u32 + 1;
        ws.write_number(y, 0, r.rank as f64).map_err(err)?;
        ws.write_string(y, 1, &r.id).map_err(err)?;
        ws.write_string(y, 2, &r.name).map_err(err)?;
        ws.write_string(y, 3, &r.province).map_err(err)?;
        ws.write_datetime_with_format(y, 4, date(r.dossier_date)?, &date_fmt)
            .map_err(err)?;
        let level = match r.attained_level {
            0 => "—".to_string(),
            l => w.get(&format!("level_name_{l}")).to_string(),
        };
        ws.write_string(y, 5, level).map_err(err)?;
        let numbers = [
            r.met_per_level[0],
            r.met_per_level[1],
            r.not_met,
            r.unknown,
            r.waived,
            r.not_applicable,
            r.exceeded,
        ];
        for (k, v) in numbers.iter().chain(&r.groups).enumerate() {
            ws.write_number(y, 6 + k as u16, *v as f64).map_err(err)?;
        }
    }

    // blockers: which indicators hold the most schools back
    let ws = wb
        .add_worksheet_with_constant_memory()
        .map_err(err)?
        .set_name(w.get("sheet_blockers"))
        .map_err(err)?;
    print(ws, 1, None, 1)?;
    ws.set_row_height(0, 30).map_err(err)?;
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let pct = Format::new().set_num_format("0.0\" %\"");
    let heads = [
        (w.get("indicator"), 9.0),
        (w.get("group"), 7.0),
        (w.get("indicator_title"), 70.0),
        (w.get("col_not_met"), 10.0),
        (w.get("col_unknown"), 10.0),
        (w.get("share_of_schools"), 12.0),
        (w.get("provenance"), 14.0),
    ];
    for (c, (h, width)) in heads.iter().enumerate() {
        ws.set_column_width(c as u16, *width).map_err(err)?;
        ws.write_string_with_format(0, c as u16, *h, &head)
            .map_err(err)?;
    }
    ws.autofilter(0, 0, b.blockers.len().max(1) as u32, heads.len() as u16 - 1)
        .map_err(err)?;
    for (k, bl) in b.blockers.iter().enumerate() {
        let y = k as u32 + 1;
        let ind = set.indicator(&bl.indicator);
        ws.write_string(y, 0, &bl.indicator).map_err(err)?;
        ws.write_number(y, 1, f64::from(ind.map_or(0, |i| i.group)))
            .map_err(err)?;
        let t = ind.map_or(String::new(), |i| {
            crate::render::pick(lang, &i.title_vi, &i.title_en)
        });
        ws.write_string_with_format(y, 2, t, &wrap).map_err(err)?;
        ws.write_number(y, 3, bl.not_met as f64).map_err(err)?;
        ws.write_number(y, 4, bl.unknown as f64).map_err(err)?;
        let share = if n == 0 {
            0.0
        } else {
            100.0 * (bl.not_met + bl.unknown) as f64 / n as f64
        };
        ws.write_number_with_format(y, 5, share, &pct)
            .map_err(err)?;
        let prov = match ind.map(|i| i.provenance) {
            Some(crate::model::Provenance::Confirmed) => "tag_confirmed",
            _ => "tag_reconstructed",
        };
        ws.write_string(y, 6, w.get(prov)).map_err(err)?;
    }

    // The matrix and the group sheets hold nearly all the cells: each is laid out here (names,
    // print settings, header rows, column formats) and filled on a thread of its own, then
    // added in order. Every format is used here before any thread starts, so its style index
    // is fixed by this order and the file is the same from run to run.
    let mut sheets: Vec<(Worksheet, Fill)> = Vec::with_capacity(1 + b.groups.len());

    // the matrix of statuses, school names on every printed page
    let mut ws = wb.new_worksheet_with_constant_memory().map_err(err)?;
    ws.set_name(w.get("sheet_matrix")).map_err(err)?;
    print(&mut ws, 1, Some(0), 3)?;
    ws.set_freeze_panes(1, 1).map_err(err)?;
    ws.set_column_width(0, 40).map_err(err)?;
    for k in 0..b.indicators.len() {
        ws.set_column_width(1 + k as u16, 9).map_err(err)?;
    }
    ws.write_string_with_format(0, 0, w.get("school"), &head)
        .map_err(err)?;
    for (k, id) in b.indicators.iter().enumerate() {
        ws.write_string_with_format(0, 1 + k as u16, id, &head)
            .map_err(err)?;
    }
    let last_col = b.indicators.len() as u16;
    ws.autofilter(0, 0, last_row, last_col).map_err(err)?;
    for (word, colour) in colours {
        // "begins with", not "contains": "đạt" is inside "chưa đạt" (and "met" inside "not met")
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(word.to_string()))
            .set_format(Format::new().set_background_color(colour));
        ws.add_conditional_format(1, 1, last_row, last_col, &cf)
            .map_err(err)?;
    }
    sheets.push((ws, Fill::Matrix));

    // one sheet per group: measured values, formatted in their unit, under their threshold
    for g in &b.groups {
        let name = format!("{} {}", w.get("group"), g.0);
        let mut ws = wb.new_worksheet_with_constant_memory().map_err(err)?;
        ws.set_name(&name).map_err(err)?;
        print(&mut ws, 2, Some(0), 1)?;
        ws.set_row_height(0, 75).map_err(err)?;
        ws.set_freeze_panes(2, 1).map_err(err)?;
        ws.set_column_width(0, 40).map_err(err)?;
        ws.write_string_with_format(0, 0, w.get("school"), &head)
            .map_err(err)?;
        // a value keeps its unit on screen and on paper (77.78 %, 17 980 m²) and stays a number
        let cols: Vec<(usize, Format)> = set
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.group == g.0)
            .map(|(k, i)| {
                let unit = crate::render::rule_view(set, i, lang).unit_suffix;
                let code = match unit.as_str() {
                    " %" => "0.00\" %\"".to_string(),
                    "" => "General".to_string(),
                    unit => format!("General\"{unit}\""),
                };
                (k, Format::new().set_num_format(code))
            })
            .collect();
        // constant memory: row 0 whole, then row 1
        for (c, (k, fmt)) in cols.iter().enumerate() {
            let ind = &set.indicators[*k];
            let col = 1 + c as u16;
            let t = format!(
                "{} {}",
                ind.id,
                if vi { &ind.title_vi } else { &ind.title_en }
            );
            ws.set_column_width(col, 14).map_err(err)?;
            // the column's format is the values' (looked up once, not once per cell)
            ws.set_column_format(col, fmt).map_err(err)?;
            ws.write_string_with_format(0, col, t, &head).map_err(err)?;
        }
        ws.write_string_with_format(1, 0, w.get("threshold"), &bold)
            .map_err(err)?;
        for (c, (k, fmt)) in cols.iter().enumerate() {
            if let Some(th) = set.indicators[*k].rule.kind().threshold(b.level) {
                ws.write_number_with_format(1, 1 + c as u16, th.to_f64(), &fmt.clone().set_bold())
                    .map_err(err)?;
            }
        }
        ws.autofilter(1, 0, last_row + 1, cols.len() as u16)
            .map_err(err)?;
        sheets.push((ws, Fill::Values(cols.into_iter().map(|(k, _)| k).collect())));
    }

    let filled: Vec<Result<Worksheet, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = sheets
            .into_iter()
            .map(|(mut ws, fill)| {
                s.spawn(move || {
                    fill.rows(&mut ws, b, w).map_err(err)?;
                    Ok(ws)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a sheet thread never panics"))
            .collect()
    });
    for ws in filled {
        wb.push_worksheet(ws?);
    }
    Ok(wb)
}

/// The rows of a sheet filled on its own thread: they use no format of their own (the group
/// sheets' values take their column's), so no style index is made while threads run.
enum Fill {
    /// the status matrix: a school's name, then its status word per indicator
    Matrix,
    /// a group sheet: a school's name, then its measured value (or status word) per indicator
    /// of the group, by index into the set
    Values(Vec<usize>),
}

impl Fill {
    fn rows(
        &self,
        ws: &mut rust_xlsxwriter::Worksheet,
        b: &Board,
        w: &Words,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        match self {
            Fill::Matrix => {
                for (y, r) in b.schools.iter().enumerate() {
                    let y = y as u32 + 1;
                    ws.write_string(y, 0, &r.name)?;
                    for (k, s) in r.statuses.iter().enumerate() {
                        ws.write_string(y, 1 + k as u16, w.status(*s))?;
                    }
                }
            }
            Fill::Values(cols) => {
                for (y, r) in b.schools.iter().enumerate() {
                    let y = y as u32 + 2;
                    ws.write_string(y, 0, &r.name)?;
                    for (c, k) in cols.iter().enumerate() {
                        match r.values.get(*k) {
                            Some(v) => ws.write_number(y, 1 + c as u16, v.to_f64()),
                            None => ws.write_string(y, 1 + c as u16, w.status(r.statuses[*k])),
                        }?;
                    }
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ValueChange {
    pub indicator: String,
    pub before: Option<Dec>,
    pub after: Option<Dec>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Diff {
    pub school: String,
    pub before_date: Date,
    pub after_date: Date,
    pub before: crate::eval::Summary,
    pub after: crate::eval::Summary,
    pub changes: Vec<crate::eval::Change>,
    pub values: Vec<ValueChange>,
}

pub fn diff(old: &Evaluation, new: &Evaluation) -> Diff {
    let mut values = Vec::new();
    // the measured value is the same at both levels: report it once
    for (b, a) in old.indicators.iter().zip(&new.indicators) {
        if b.level1.value != a.level1.value {
            values.push(ValueChange {
                indicator: a.id.clone(),
                before: b.level1.value,
                after: a.level1.value,
            });
        }
    }
    Diff {
        school: new.school.name.clone(),
        before_date: old.school.dossier_date,
        after_date: new.school.dossier_date,
        before: old.summary.clone(),
        after: new.summary.clone(),
        changes: crate::eval::changes(old, new),
        values,
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TrendPoint {
    pub date: Date,
    pub file: String,
    pub met1: usize,
    pub met2: usize,
    pub unknown1: usize,
    pub groups1: Vec<usize>,
    /// Indicators met at level 1 here and not at the assessment before (empty for the first).
    pub gained: Vec<String>,
    /// Indicators met at level 1 at the assessment before and not here.
    pub lost: Vec<String>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Trend {
    pub school: String,
    pub criteria: SetInfo,
    pub total: usize,
    pub points: Vec<TrendPoint>,
    /// Indicators gained per year at level 1, from the first to the last assessment.
    pub per_year: Option<f64>,
    /// At that pace, how many months after the last assessment every indicator would be met
    /// at level 1 (null when not improving or already there). A pace drawn from a few
    /// assessments says nothing finer than a month.
    pub projected_months: Option<u32>,
    /// The month that gives: `YYYY-MM`.
    pub projected_month: Option<String>,
}

pub fn trend(evals: &[Evaluation], set: &CriteriaSet) -> Trend {
    let mut order: Vec<&Evaluation> = evals.iter().collect();
    order.sort_by_key(|ev| ev.school.dossier_date);
    let met = |ev: &Evaluation, i: usize| ev.indicators[i].level1.status == Status::Met;
    let pts: Vec<TrendPoint> = order
        .iter()
        .enumerate()
        .map(|(k, ev)| {
            let (mut gained, mut lost) = (Vec::new(), Vec::new());
            if k > 0 {
                let prev = order[k - 1];
                for (i, r) in ev.indicators.iter().enumerate() {
                    match (met(prev, i), met(ev, i)) {
                        (false, true) => gained.push(r.id.clone()),
                        (true, false) => lost.push(r.id.clone()),
                        _ => {}
                    }
                }
            }
            TrendPoint {
                date: ev.school.dossier_date,
                file: ev.school.file.clone(),
                met1: ev.summary.level1.counts.met,
                met2: ev.summary.level2.counts.met,
                unknown1: ev.summary.level1.counts.unknown,
                groups1: ev.summary.groups.iter().map(|g| g.level1.met).collect(),
                gained,
                lost,
            }
        })
        .collect();
    let total = evals.first().map_or(0, |ev| ev.summary.total);
    let (mut per_year, mut months) = (None, None);
    if let (Some(first), Some(last)) = (pts.first(), pts.last()) {
        let days = first
            .date
            .until(last.date)
            .map(|s| f64::from(s.get_days()))
            .unwrap_or(0.0);
        if days > 0.0 {
            let rate = (last.met1 as f64 - first.met1 as f64) / (days / 365.25);
            per_year = Some((rate * 100.0).round() / 100.0);
            let remaining = total.saturating_sub(last.met1) as f64;
            if rate > 0.0 && remaining > 0.0 {
                // rounded up: "in 37 months", never a day; a pace that points past the
                // calendar gives no month
                let m = (remaining / rate * 12.0).ceil();
                if m <= 12.0 * 200.0 {
                    months = Some(m as u32);
                }
            }
        }
    }
    let last = pts.last().map(|p| p.date);
    let projected_month = months.zip(last).and_then(|(m, d)| {
        let first = d.first_of_month();
        let month = first
            .checked_add(jiff::Span::new().months(i64::from(m)))
            .ok()?;
        Some(month.strftime("%Y-%m").to_string())
    });
    Trend {
        school: evals
            .first()
            .map(|ev| ev.school.name.clone())
            .unwrap_or_default(),
        criteria: crate::eval::set_info(set),
        total,
        points: pts,
        per_year,
        projected_months: months,
        projected_month,
    }
}

/// Refuses to mix schools: every file must name the same school id.
pub fn same_school(evals: &[Evaluation]) -> Result<(), (String, String)> {
    let Some(first) = evals.first().map(|ev| &ev.school.id) else {
        return Ok(());
    };
    match evals.iter().find(|ev| &ev.school.id != first) {
        Some(ev) => Err((first.clone(), ev.school.id.clone())),
        None => Ok(()),
    }
}

/// `chuan compare --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CompareOutput<'a> {
    pub board: &'a Board,
}

impl crate::outputs::Output for CompareOutput<'_> {
    const COMMAND: &'static str = "compare";
    const FORMAT: &'static str = "chuan.compare";
}

/// `chuan diff --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DiffOutput<'a> {
    pub diff: &'a Diff,
}

impl crate::outputs::Output for DiffOutput<'_> {
    const COMMAND: &'static str = "diff";
    const FORMAT: &'static str = "chuan.diff";
}

/// `chuan trend --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct TrendOutput<'a> {
    pub trend: &'a Trend,
}

impl crate::outputs::Output for TrendOutput<'_> {
    const COMMAND: &'static str = "trend";
    const FORMAT: &'static str = "chuan.trend";
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn a_csv_cell_is_quoted_and_guarded_as_a_spreadsheet_needs() {
        for (text, cell) in [
            ("Lai Châu", "Lai Châu"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"x\"", "\"say \"\"x\"\"\""),
            ("\"", "\"\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (
                "=HYPERLINK(\"http://e\",\"x\")",
                "\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("2023-11-01", "2023-11-01"),
        ] {
            assert_eq!(csv_cell(text), cell, "{text:?}");
        }
    }
}
