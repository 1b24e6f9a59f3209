//! `chuan check --format docx`: the self-assessment report a school files, as a Word document
//! in the Party's document layout (Hướng dẫn 36-HD/VPTW): the header block (the provincial
//! committee and the school on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the
//! right), the number, the title, the body (summary, the per-group table, the per-indicator table
//! with evidence, the gaps), "Nơi nhận" and the signature block. A4, Times New Roman 13 pt.
//!
//! The words come from `templates/strings.toml` (`docx_*`), the gap lines from the same macros
//! as the check report (`render::gap_lines`), the numbers from the evaluation.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Run, RunFonts,
    Shading, Table, TableBorders, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::criteria::CriteriaSet;
use crate::eval::{Evaluation, Status};
use crate::model::{Level, Provenance};
use crate::render::{Templates, caveat, gap_lines, pick};
use crate::school::School;
use crate::text::Lang;

/// A4 in twentieths of a point, and the margins of the guide: 20 mm top and bottom, 30 mm left,
/// 15 mm right.
const A4: (u32, u32) = (11906, 16838);
const MM: f64 = 56.7;
/// The text width between the margins.
const TEXT_WIDTH: usize = 11906 - 1701 - 851;

/// Writes the dossier document of one evaluated school into `out`.
pub fn write_docx<W: std::io::Write + std::io::Seek>(
    ev: &Evaluation,
    school: &School,
    set: &CriteriaSet,
    templates: &Templates,
    lang: Lang,
    level: Level,
    out: W,
) -> Result<(), String> {
    document(ev, school, set, templates, lang, level)?
        .pack(out)
        .map_err(|e| e.to_string())
}

fn document(
    ev: &Evaluation,
    school: &School,
    set: &CriteriaSet,
    templates: &Templates,
    lang: Lang,
    level: Level,
) -> Result<Docx, String> {
    let words = templates.strings(lang)?;
    let w = |k: &str| words.get(k).map(str::to_string).unwrap_or_default();
    let gaps = gap_lines(ev, set, templates, lang, level)?;
    let s = &ev.summary;
    let total = s.total;
    let n = level.number();
    let upper = |t: &str| t.to_uppercase();

    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin {
            top: (20.0 * MM) as i32,
            bottom: (20.0 * MM) as i32,
            left: (30.0 * MM) as i32,
            right: (15.0 * MM) as i32,
            header: 720,
            footer: 567,
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman")
                .east_asia("Times New Roman"),
        )
        .default_size(26)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        );

    // the header block
    let committee = committee_line(&school.province, &words);
    let place_date = w("docx_place_date")
        .replace("{place}", &school.province)
        .replace("{d}", &format!("{:02}", school.dossier_date.day()))
        .replace("{m}", &format!("{:02}", school.dossier_date.month()))
        .replace("{y}", &school.dossier_date.year().to_string());
    let left = vec![
        centred(run(&committee).size(24)),
        centred(run(&upper(&school.name)).bold().size(24)),
        centred(run("*")),
        centred(run(&w("docx_number"))),
    ];
    let right = vec![
        centred(run(&w("docx_party")).bold().underline("single").size(28)),
        centred(run("")),
        centred(run(&place_date).italic()),
    ];
    doc = doc.add_table(two_columns(left, right, 4700));

    // the title
    doc = doc
        .add_paragraph(centred(run(&w("docx_title")).bold().size(28)).line_spacing(space(360, 0)))
        .add_paragraph(centred(
            run(&w("docx_subtitle")
                .replace("{level}", &n.to_string())
                .replace("{set}", &pick(lang, &set.meta.title_vi, &set.meta.title_en)))
            .bold(),
        ))
        .add_paragraph(centred(run("-----")).line_spacing(space(0, 240)));

    // I. the summary
    let attained = match s.attained_level {
        0 => w("docx_attained_none"),
        l => w("docx_attained").replace("{level}", &l.to_string()),
    };
    let summary = w("docx_summary")
        .replace("{start}", &ev.window.start.strftime("%d/%m/%Y").to_string())
        .replace("{end}", &ev.window.end.strftime("%d/%m/%Y").to_string())
        .replace("{met1}", &s.level1.counts.met.to_string())
        .replace("{met2}", &s.level2.counts.met.to_string())
        .replace("{total}", &total.to_string());
    doc = doc
        .add_paragraph(heading(&w("docx_part_summary")))
        .add_paragraph(body(run(&format!("{summary} {attained}"))))
        .add_paragraph(body(run(&caveat(set, &words)).italic()));

    // II. per group
    doc = doc.add_paragraph(heading(&w("docx_part_groups")));
    let mut rows = vec![header_row(&[
        &w("docx_col_group"),
        &w("docx_col_count"),
        &w("col_met_l1"),
        &w("col_met_l2"),
    ])];
    for g in &s.groups {
        rows.push(TableRow::new(vec![
            cell(para(run(&format!(
                "{} {}. {}",
                w("group"),
                g.id,
                pick(lang, &g.name_vi, &g.name_en)
            )))),
            cell(centred(run(&g.total.to_string()))),
            cell(centred(run(&g.level1.met.to_string()))),
            cell(centred(run(&g.level2.met.to_string()))),
        ]));
    }
    rows.push(TableRow::new(vec![
        cell(para(run(&w("docx_total")).bold())),
        cell(centred(run(&total.to_string()).bold())),
        cell(centred(run(&s.level1.counts.met.to_string()).bold())),
        cell(centred(run(&s.level2.counts.met.to_string()).bold())),
    ]));
    doc = doc.add_table(grid(rows, &[4955, 1500, 1450, 1450]));

    // III. per indicator, with its evidence
    doc = doc
        .add_paragraph(heading(
            &w("docx_part_indicators").replace("{level}", &n.to_string()),
        ))
        .add_paragraph(body(run(&w("title_paraphrase")).italic().size(22)));
    let mut rows = vec![header_row(&[
        &w("docx_col_id"),
        &w("docx_col_indicator"),
        &w("docx_col_result"),
        &w("docx_col_detail"),
        &w("docx_col_evidence"),
    ])];
    for r in &ev.indicators {
        let Some(ind) = set.indicator(&r.id) else {
            continue;
        };
        let lr = r.level(level);
        let prov = if level == Level::L1 {
            ind.provenance
        } else {
            ind.provenance_l2
        };
        let mut title = vec![run(&pick(lang, &ind.title_vi, &ind.title_en))];
        if prov == Provenance::Reconstructed {
            title.push(run(&format!(" ({})", w("tag_reconstructed"))).italic());
        }
        let evidence: Vec<Paragraph> = school
            .evidence
            .get(&r.id)
            .map(|items| {
                items
                    .iter()
                    .map(|e| {
                        small(&format!(
                            "{}, {}, {}{}",
                            e.number,
                            e.date.strftime("%d/%m/%Y"),
                            e.issuer,
                            e.title
                                .as_deref()
                                .map_or(String::new(), |t| format!(": {t}"))
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let status = run(&w(&format!("status_{}", lr.status.name())));
        let status = if lr.status == Status::Met {
            status
        } else {
            status.bold()
        };
        rows.push(TableRow::new(vec![
            cell(centred(run(&r.id))),
            cell(title.into_iter().fold(Paragraph::new(), Paragraph::add_run)),
            cell(centred(status)),
            cell_of(lines(gaps.get(&r.id).map_or("", String::as_str))),
            cell_of(if evidence.is_empty() {
                vec![small("—")]
            } else {
                evidence
            }),
        ]));
    }
    doc = doc.add_table(grid(rows, &[800, 3300, 1100, 2554, 1600]));

    // IV. what is missing
    doc = doc.add_paragraph(heading(
        &w("docx_part_gaps").replace("{level}", &n.to_string()),
    ));
    let missing: Vec<_> = ev
        .indicators
        .iter()
        .filter(|r| matches!(r.level(level).status, Status::NotMet | Status::Unknown))
        .collect();
    if missing.is_empty() {
        doc = doc.add_paragraph(body(run(&w("docx_no_gaps"))));
    }
    for r in missing {
        let title = set
            .indicator(&r.id)
            .map_or(String::new(), |i| pick(lang, &i.title_vi, &i.title_en));
        let gap = gaps
            .get(&r.id)
            .map_or("", String::as_str)
            .replace('\n', " ");
        doc = doc.add_paragraph(
            body(run(&format!("- {} ", r.id)).bold())
                .add_run(run(&format!("{title}: ")))
                .add_run(run(&gap).italic()),
        );
    }

    // Nơi nhận and the signature
    let to: Vec<Paragraph> =
        std::iter::once(para(run(&w("docx_recipients")).bold().italic().size(24)))
            .chain(
                w("docx_recipient_list")
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| para(run(&format!("- {}", l.trim())).size(22))),
            )
            .collect();
    let sign = vec![
        centred(run(&w("docx_sign_for")).bold()),
        centred(run(&w("docx_sign_title")).bold()),
        centred(run("")),
        centred(run("")),
        centred(run("")),
        centred(run(&w("docx_sign_name")).italic()),
    ];
    doc = doc
        .add_paragraph(Paragraph::new().line_spacing(space(240, 0)))
        .add_table(two_columns(to, sign, 4600));
    Ok(doc)
}

/// "TỈNH ỦY LAI CHÂU"; a centrally run city has a "THÀNH ỦY" (`docx_cities`).
fn committee_line(province: &str, words: &crate::render::Strings) -> String {
    let cities = words.get("docx_cities").unwrap_or_default();
    let bare = province
        .trim()
        .trim_start_matches("Thành phố ")
        .trim_start_matches("TP. ")
        .trim_start_matches("Tỉnh ");
    let city = cities.split(',').any(|c| c.trim() == bare);
    let key = if city {
        "docx_city_committee"
    } else {
        "docx_province_committee"
    };
    words
        .get(key)
        .map_or(String::new(), |t| t.replace("{province}", bare))
        .to_uppercase()
}

fn run(text: &str) -> Run {
    Run::new().add_text(text)
}

fn space(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

fn para(r: Run) -> Paragraph {
    Paragraph::new().add_run(r)
}

fn centred(r: Run) -> Paragraph {
    para(r).align(AlignmentType::Center)
}

/// A body paragraph: justified, first line indented, 6 pt after.
fn body(r: Run) -> Paragraph {
    para(r)
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(docx_rs::SpecialIndentType::FirstLine(567)),
            None,
            None,
        )
        .line_spacing(space(0, 120))
}

fn heading(text: &str) -> Paragraph {
    para(run(text).bold())
        .line_spacing(space(240, 120))
        .keep_next(true)
}

fn small(text: &str) -> Paragraph {
    para(run(text).size(22))
}

/// A gap line (several lines for failed years) as small paragraphs.
fn lines(text: &str) -> Vec<Paragraph> {
    let v: Vec<Paragraph> = text.lines().map(small).collect();
    if v.is_empty() { vec![small("")] } else { v }
}

fn cell(p: Paragraph) -> TableCell {
    TableCell::new()
        .add_paragraph(p)
        .vertical_align(VAlignType::Center)
}

fn cell_of(ps: Vec<Paragraph>) -> TableCell {
    ps.into_iter()
        .fold(TableCell::new(), TableCell::add_paragraph)
        .vertical_align(VAlignType::Center)
}

fn header_row(titles: &[&str]) -> TableRow {
    TableRow::new(
        titles
            .iter()
            .map(|t| cell(centred(run(t).bold().size(24))).shading(Shading::new().fill("E8EEF4")))
            .collect(),
    )
}

/// A bordered table of fixed column widths (twips); a row is never split across pages.
fn grid(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    let rows = rows
        .into_iter()
        .map(|r| {
            let cells = r
                .cells
                .into_iter()
                .zip(widths)
                .map(|(c, &w)| match c {
                    docx_rs::TableRowChild::TableCell(c) => c.width(w, WidthType::Dxa),
                })
                .collect();
            TableRow::new(cells).cant_split()
        })
        .collect();
    Table::new(rows)
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// The borderless two-column block of the header and of the signature.
fn two_columns(left: Vec<Paragraph>, right: Vec<Paragraph>, left_width: usize) -> Table {
    let widths = vec![left_width, TEXT_WIDTH - left_width];
    let col = |ps: Vec<Paragraph>, w: usize| {
        ps.into_iter()
            .fold(TableCell::new(), TableCell::add_paragraph)
            .width(w, WidthType::Dxa)
    };
    Table::new(vec![TableRow::new(vec![
        col(left, widths[0]),
        col(right, widths[1]),
    ])])
    .set_grid(widths)
    .layout(TableLayoutType::Fixed)
    .width(TEXT_WIDTH, WidthType::Dxa)
    .set_borders(TableBorders::with_empty())
}
