//! Diagnostics: every problem found in an input file, with file, line, column and key.
//!
//! Loaders collect all diagnostics of a run before stopping; the CLI renders them and exits
//! with code 2.

use std::fmt::Write as _;

use serde::Serialize;

use crate::messages::Lang;

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
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column of a byte offset; the column counts characters, not bytes.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
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
        self.text.lines().nth(line - 1).unwrap_or("")
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// Dotted path of the key concerned, e.g. `facts.lecturers_total`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip)]
    excerpt: Option<Excerpt>,
}

#[derive(Clone, Debug)]
struct Excerpt {
    text: String,
    width: usize,
}

impl Diagnostic {
    /// A diagnostic pointing at `span` of `source`.
    pub fn at(source: &Source, span: Span, key: Option<&str>, message: String) -> Diagnostic {
        let (line, column) = source.line_col(span.start);
        let line_text = source.line_text(line).trim_end_matches('\r').to_string();
        let (end_line, end_col) = source.line_col(span.end);
        let width = if end_line == line && end_col > column {
            end_col - column
        } else {
            line_text.chars().count().saturating_sub(column - 1).max(1)
        };
        Diagnostic {
            severity: Severity::Error,
            file: source.path.clone(),
            line,
            column,
            key: key.map(str::to_string),
            message,
            help: None,
            excerpt: Some(Excerpt {
                text: line_text,
                width,
            }),
        }
    }

    /// A diagnostic about a whole file (no position inside it).
    pub fn file(path: &str, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: path.to_string(),
            line: 0,
            column: 0,
            key: None,
            message,
            help: None,
            excerpt: None,
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    pub fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    /// Renders like a compiler message: header, location, excerpt with a caret, key and help.
    pub fn render(&self, lang: Lang) -> String {
        let m = lang.messages();
        let mut out = String::new();
        let head = match self.severity {
            Severity::Error => m.error_word,
            Severity::Warning => m.warning_word,
        };
        let _ = writeln!(out, "{head}: {}", self.message);
        if self.line == 0 {
            let _ = writeln!(out, "  --> {}", self.file);
        } else {
            let _ = writeln!(out, "  --> {}:{}:{}", self.file, self.line, self.column);
        }
        if let Some(ex) = &self.excerpt {
            let n = self.line.to_string();
            let pad = " ".repeat(n.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{n} | {}", ex.text);
            let caret_pad: String = ex
                .text
                .chars()
                .take(self.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {caret_pad}{}", "^".repeat(ex.width));
        }
        if let Some(key) = &self.key {
            let _ = writeln!(out, "  = {}: {key}", m.key_word);
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = {}: {help}", m.help_word);
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
    fn suggests_near_names_only() {
        let known = ["lecturers_total", "staff_total"];
        assert_eq!(suggest("lecturer_total", known), Some("lecturers_total"));
        assert_eq!(suggest("zzz", known), None);
    }
}
