//! Diagnostics: every problem found in an input file, with file, line, column and key.
//!
//! A diagnostic is data: a stable code and its arguments ([`Msg`]), a severity and where it
//! points. Loaders collect every diagnostic of a run before stopping and never choose words;
//! the words are chosen when a diagnostic is rendered (human text here, JSON, GitHub
//! annotations, JUnit and SARIF in [`render`]).

use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Serialize;

use crate::text::Lang;

pub mod msg;
pub mod render;

pub use msg::{Found, IoError, Msg};

/// A byte range in a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// The span lies in the command line's `--set` arguments, not in the file.
    pub from_args: bool,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
            from_args: false,
        }
    }

    /// A span in the `--set` arguments (see [`crate::school::Overrides`]).
    pub fn in_args(start: usize, end: usize) -> Span {
        Span {
            from_args: true,
            ..Span::new(start, end)
        }
    }
}

/// An input file held in memory.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as the user gave it (or `<embedded>/…` for the built-in set).
    pub path: String,
    pub text: String,
    /// Byte offset of each line's start, computed once on first use: locating a diagnostic
    /// is a binary search, not a scan of the file (a file with 10 000 problems stays fast).
    line_starts: OnceLock<Vec<usize>>,
    /// The text as written, when it was not in NFC (lines are the same; columns differ).
    written: Option<(String, OnceLock<Vec<usize>>)>,
    /// For a workbook: the cell each line of `text` stands for (`text` is then a listing of
    /// the cells read, one per line), so a diagnostic names `'Nhóm 2'!G7`, not a line.
    cells: Option<Vec<Cell>>,
}

/// A spreadsheet cell: its sheet and 0-based row and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl Cell {
    /// `'Nhóm 2'!G7`, as Excel writes a reference to another sheet.
    pub fn label(&self) -> String {
        let mut letters = String::new();
        let mut n = self.col + 1;
        while n > 0 {
            let r = (n - 1) % 26;
            letters.insert(0, char::from(b'A' + r as u8));
            n = (n - 1) / 26;
        }
        format!(
            "'{}'!{letters}{}",
            self.sheet.replace('\'', "''"),
            self.row + 1
        )
    }
}

impl Source {
    /// A source whose text is already what is parsed (columns counted in it).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
            written: None,
            cells: None,
        }
    }

    /// A workbook's cells as a source: line `i` of `text` stands for `cells[i]`.
    pub fn cells(path: impl Into<String>, text: String, cells: Vec<Cell>) -> Source {
        Source {
            cells: Some(cells),
            ..Source::new(path, text)
        }
    }

    /// Whether this is a workbook's listing of cells (not a text file).
    pub fn is_workbook(&self) -> bool {
        self.cells.is_some()
    }

    /// The cell a 1-based line of a workbook's listing stands for.
    pub fn cell_of_line(&self, line: usize) -> Option<&Cell> {
        self.cells.as_ref()?.get(line.checked_sub(1)?)
    }

    /// A source read from a file: parsed in NFC, located in the text as written.
    pub fn as_written(path: impl Into<String>, written: String) -> Source {
        let (text, written) = match crate::text::nfc(&written) {
            std::borrow::Cow::Borrowed(_) => (written, None),
            // the quick check's "maybe" can still turn out to be NFC
            std::borrow::Cow::Owned(text) if text == written => (written, None),
            std::borrow::Cow::Owned(text) => (text, Some((written, OnceLock::new()))),
        };
        Source {
            path: path.into(),
            text,
            line_starts: OnceLock::new(),
            written,
            cells: None,
        }
    }

    /// 1-based line and column of a byte offset of the parsed text, the column counted in
    /// characters of the parsed (NFC) line: where to put a caret under the shown excerpt.
    fn nfc_line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.starts();
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column of a byte offset of the parsed text, as the user's editor
    /// shows them: the column counts characters (not bytes) of the line as written, so a file
    /// typed in NFD gets the column its editor shows, not the one after normalisation.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.nfc_line_col(offset);
        let Some((written, starts)) = &self.written else {
            return (line, col);
        };
        let starts = starts.get_or_init(|| {
            std::iter::once(0)
                .chain(written.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let target = offset - self.starts()[line - 1];
        let Some(&from) = starts.get(line - 1) else {
            return (line, col);
        };
        let to = starts.get(line).copied().unwrap_or(written.len());
        (line, written_column(&written[from..to], target))
    }

    /// Byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let mut offset = 0;
        for (i, l) in self.text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let extra: usize = l
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                return offset + extra;
            }
            offset += l.len();
        }
        self.text.len()
    }

    fn line_text(&self, line: usize) -> &str {
        let starts = self.starts();
        let Some(&start) = starts.get(line - 1) else {
            return "";
        };
        let end = starts.get(line).map_or(self.text.len(), |&e| e - 1);
        &self.text[start..end.max(start)]
    }
}

/// The 1-based column, in characters of `written` (one line as typed), of the point that is
/// `target` bytes into the same line's NFC form. The line is walked one starter and its
/// combining marks at a time, each normalised on its own (how Vietnamese composes: a letter
/// and its marks), until the NFC bytes reach the target.
fn written_column(written: &str, target: usize) -> usize {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::canonical_combining_class;
    let mut nfc_bytes = 0;
    let mut chars = 0;
    let mut segment = String::new();
    let mut segment_chars = 0;
    for c in written.chars() {
        if canonical_combining_class(c) == 0 && !segment.is_empty() {
            let n: usize = segment.nfc().map(char::len_utf8).sum();
            if nfc_bytes + n > target {
                return chars + 1;
            }
            nfc_bytes += n;
            chars += segment_chars;
            segment.clear();
            segment_chars = 0;
        }
        segment.push(c);
        segment_chars += 1;
    }
    if !segment.is_empty() && nfc_bytes < target {
        chars += segment_chars;
    }
    chars + 1
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// Dotted path of the key concerned, e.g. `facts.lecturers_total`.
    pub key: Option<String>,
    /// In a workbook, the cell (`'Nhóm 2'!G7`); `line` and `column` are then its 1-based row
    /// and column.
    pub cell: Option<String>,
    /// What is wrong, with its stable code.
    pub msg: Msg,
    /// How to mend it, when there is more to say.
    pub help: Option<Msg>,
    excerpt: Option<Excerpt>,
}

#[derive(Clone, Debug)]
struct Excerpt {
    text: String,
    /// 1-based character column of the caret in `text`.
    caret: usize,
    width: usize,
}

/// Values longer than this are cut in messages and excerpts (a 100 MB string stays a line).
const MAX_SHOWN: usize = 200;

/// `text` cut to [`MAX_SHOWN`] characters, with an ellipsis when cut.
pub fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_SHOWN) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

impl Diagnostic {
    /// A diagnostic pointing at `span` of `source`.
    pub fn at(source: &Source, span: Span, key: Option<&str>, msg: Msg) -> Diagnostic {
        // the reported column is the editor's; the caret sits under the NFC excerpt shown
        let (line, reported) = source.line_col(span.start);
        let (_, column) = source.nfc_line_col(span.start);
        let full = source.line_text(line).trim_end_matches('\r');
        let line_text = shorten(full);
        let (end_line, end_col) = source.nfc_line_col(span.end);
        let shown = line_text.chars().count();
        let width = if end_line == line && end_col > column {
            end_col - column
        } else {
            shown.saturating_sub(column - 1).max(1)
        }
        .min(shown.saturating_sub(column - 1).max(1));
        let cell = source.cell_of_line(line);
        Diagnostic {
            severity: Severity::Error,
            file: source.path.clone(),
            line: cell.map_or(line, |c| c.row as usize + 1),
            column: cell.map_or(reported, |c| c.col as usize + 1),
            cell: cell.map(Cell::label),
            key: key.map(shorten),
            msg,
            help: None,
            excerpt: Some(Excerpt {
                text: line_text,
                caret: column,
                width,
            }),
        }
    }

    /// A diagnostic about a whole file (no position inside it).
    pub fn file(path: &str, msg: Msg) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: path.to_string(),
            line: 0,
            column: 0,
            key: None,
            cell: None,
            msg,
            help: None,
            excerpt: None,
        }
    }

    pub fn with_help(mut self, help: Option<Msg>) -> Diagnostic {
        self.help = help;
        self
    }

    pub fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    /// The stable code, the same in every language and format.
    pub fn code(&self) -> &'static str {
        self.msg.code()
    }

    /// The message in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        self.msg.text(lang)
    }

    pub fn help_text(&self, lang: Lang) -> Option<String> {
        self.help.as_ref().map(|h| h.text(lang))
    }

    /// Renders like a compiler message: header, location, excerpt with a caret, key and help.
    pub fn render(&self, lang: Lang) -> String {
        let m = lang.messages();
        let mut out = String::new();
        let head = match self.severity {
            Severity::Error => m.error_word,
            Severity::Warning => m.warning_word,
        };
        // text from a file (a name, a key, a line) is made visible: it cannot act on a terminal
        // or a CI log, nor fake a line of ours
        let v = |t: &str| crate::text::visible(t).into_owned();
        let _ = writeln!(out, "{head}[{}]: {}", self.code(), v(&self.message(lang)));
        if let Some(cell) = &self.cell {
            let _ = writeln!(out, "  --> {}:{}", v(&self.file), v(cell));
        } else if self.line == 0 {
            let _ = writeln!(out, "  --> {}", v(&self.file));
        } else {
            let _ = writeln!(out, "  --> {}:{}:{}", v(&self.file), self.line, self.column);
        }
        if let Some(ex) = &self.excerpt {
            let n = self.line.to_string();
            let pad = " ".repeat(n.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{n} | {}", v(&ex.text));
            let caret_pad: String = ex
                .text
                .chars()
                .take(ex.caret - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {caret_pad}{}", "^".repeat(ex.width));
        }
        if let Some(key) = &self.key {
            let _ = writeln!(out, "  = {}: {}", m.key_word, v(key));
        }
        if let Some(help) = self.help_text(lang) {
            let _ = writeln!(out, "  = {}: {}", m.help_word, v(&help));
        }
        out
    }
}

/// Sorts diagnostics by file and position, and renders them all followed by a count line.
pub fn render_all(diags: &mut [Diagnostic], lang: Lang) -> String {
    diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&d.render(lang));
        out.push('\n');
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    out.push_str(&lang.diagnostic_count(errors, warnings));
    out.push('\n');
    out
}

/// Returns the known name closest to `unknown`, if it is close enough to be a likely typo.
pub fn suggest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = Source::new("x.toml", "name = \"Lai Châu\"\nbad = 1\n");
        let off = src.text.find("Châu").unwrap() + "Châu".len();
        assert_eq!(src.line_col(off), (1, 17)); // 16 characters before, though more bytes
        assert_eq!(src.line_col(src.text.find("bad").unwrap()), (2, 1));
        assert_eq!(src.offset_of(2, 1), src.text.find("bad").unwrap());
    }

    #[test]
    fn columns_of_a_decomposed_file_are_counted_as_written() {
        use unicode_normalization::UnicodeNormalization;
        // "Trường Chính trị tỉnh Thái Bình" typed in NFD: each marked letter is 2–3 characters
        let written: String = "name = \"Trường Chính trị tỉnh Thái Bình\" bad\nx = \"Đệ\" y\n"
            .nfd()
            .collect();
        let src = Source::as_written("x.toml", written.clone());
        assert_ne!(src.text, written);
        let at = |needle: &str, nth_line: usize| {
            let line = written.lines().nth(nth_line).unwrap();
            let typed: String = needle.nfd().collect();
            let col = line[..line.find(&typed).unwrap()].chars().count() + 1;
            let off = src.text.find(needle).unwrap();
            (src.line_col(off), (nth_line + 1, col))
        };
        for (needle, line) in [("bad", 0), ("Bình", 0), ("y", 1), ("Đệ", 1)] {
            let (got, want) = at(needle, line);
            assert_eq!(got, want, "{needle}");
        }
        // the caret still sits under the NFC excerpt shown
        let d = Diagnostic::at(
            &src,
            Span::new(
                src.text.find("bad").unwrap(),
                src.text.find("bad").unwrap() + 3,
            ),
            None,
            Msg::UnsupportedExtension,
        );
        let shown = d.render(Lang::En);
        let excerpt = shown
            .lines()
            .find(|l| l.contains("bad\"") || l.ends_with("bad"))
            .unwrap();
        let caret = shown.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            excerpt.chars().count() - 3,
            caret.find('^').unwrap(),
            "{shown}"
        );
    }

    #[test]
    fn suggests_near_names_only() {
        let known = ["lecturers_total", "staff_total"];
        assert_eq!(suggest("lecturer_total", known), Some("lecturers_total"));
        assert_eq!(suggest("zzz", known), None);
    }
}
