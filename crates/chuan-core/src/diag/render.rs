//! Diagnostics for machines: one JSON object each, and GitHub workflow annotations. Every format
//! carries the diagnostic's stable code beside the message in the reader's language.

use serde::Serialize;

use super::{Diagnostic, Severity};
use crate::text::Lang;

/// A diagnostic as JSON: the code is the stable part; `message` and `help` are in the language
/// asked for.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// In a workbook, the cell (`'Nhóm 2'!G7`); `line` and `column` are its row and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

pub fn json(d: &Diagnostic, lang: Lang) -> JsonDiagnostic {
    JsonDiagnostic {
        code: d.code(),
        severity: d.severity,
        file: d.file.clone(),
        line: d.line,
        column: d.column,
        cell: d.cell.clone(),
        key: d.key.clone(),
        message: d.message(lang),
        help: d.help_text(lang),
    }
}

/// GitHub workflow commands escape `%`, CR and LF in messages, plus `:` and `,` in properties.
pub fn gh_escape(s: &str, property: bool) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

/// One `::error file=…,line=…,col=…,title=…::message` line.
pub fn github(d: &Diagnostic, lang: Lang) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = format!("file={}", gh_escape(&crate::text::visible(&d.file), true));
    if d.line > 0 {
        props.push_str(&format!(",line={},col={}", d.line, d.column));
    }
    let title = match &d.key {
        Some(k) => format!("{} {k}", d.code()),
        None => d.code().to_string(),
    };
    props.push_str(&format!(
        ",title={}",
        gh_escape(&crate::text::visible(&title), true)
    ));
    let mut msg = d.message(lang);
    if let Some(h) = d.help_text(lang) {
        msg.push_str(&format!(" ({h})"));
    }
    // an escape sequence in a file would act on the CI log that shows this line
    let msg = crate::text::visible(&msg);
    format!("::{level} {props}::{}", gh_escape(&msg, false))
}

/// The diagnostics as one SARIF 2.1.0 log (what GitHub code scanning shows inline): one run of
/// chuan, a rule per stable code, a result per diagnostic with its file, line and column.
pub fn sarif<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>, lang: Lang) -> serde_json::Value {
    use serde_json::json;
    let diags: Vec<&Diagnostic> = diags.into_iter().collect();
    let mut codes: Vec<&'static str> = diags.iter().map(|d| d.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    let results: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message(lang);
            if let Some(h) = d.help_text(lang) {
                text.push_str(&format!(" ({h})"));
            }
            let mut physical = json!({
                "artifactLocation": { "uri": sarif_uri(&d.file) }
            });
            if d.line > 0 {
                physical["region"] = json!({ "startLine": d.line, "startColumn": d.column });
            }
            let mut result = json!({
                "ruleId": d.code(),
                "ruleIndex": codes.binary_search(&d.code()).unwrap_or(0),
                "level": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": { "text": crate::text::visible(&text) },
                "locations": [{ "physicalLocation": physical }]
            });
            if let Some(k) = &d.key {
                result["properties"] = json!({ "key": k });
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "chuan",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": codes.iter().map(|c| json!({ "id": c })).collect::<Vec<_>>()
            }},
            "results": results
        }]
    })
}

/// A path as a relative URI reference: `/` separators, the built-in set under its folder name,
/// and every byte outside the unreserved set percent-encoded (spaces, Vietnamese letters).
fn sarif_uri(path: &str) -> String {
    let path = path
        .strip_prefix("<embedded>/")
        .unwrap_or(path)
        .replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
