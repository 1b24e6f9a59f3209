//! `chuan validate` and `chuan test-criteria`: checks a criteria set and school files for CI, and
//! runs the tests that live with a criteria set (`<set>/tests/*.toml`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::criteria::CriteriaSet;
use crate::diag::{Diagnostic, Msg, Severity, Source};
use crate::eval::evaluate;
use crate::model::{Level, Provenance};
use crate::render::{Format, RenderOptions, Templates, render};
use crate::school::School;
use crate::text::Lang;
use crate::tree::{self, NodeKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Human,
    Json,
    Github,
    Junit,
    Sarif,
}

crate::text::names! { ReportFormat { Human = "human", Json = "json", Github = "github", Junit = "junit", Sarif = "sarif" } }

/// Every problem found, per checked file, in the order checked.
#[derive(Debug, Default)]
pub struct Validation {
    pub files: Vec<FileResult>,
}

#[derive(Debug)]
pub struct FileResult {
    pub file: String,
    pub kind: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation {
    pub fn errors(&self) -> usize {
        self.all().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.all()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }

    /// The verdict every format reports: no error.
    pub fn valid(&self) -> bool {
        self.errors() == 0
    }

    /// `--deny-warnings`: every warning becomes an error, before any report is written, so
    /// that the exit code, the counts, JSON's `valid`, JUnit's failures and GitHub's
    /// annotation levels all give the same verdict.
    pub fn deny_warnings(&mut self) {
        for d in self.files.iter_mut().flat_map(|f| f.diagnostics.iter_mut()) {
            d.severity = Severity::Error;
        }
    }
}

/// Extra checks on a loaded set: `--strict` provenance, and that the report templates render.
pub fn check_set(set: &CriteriaSet, strict: bool, templates: &Templates) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if strict {
        for ind in &set.indicators {
            for (level, p) in [(1, ind.provenance), (2, ind.provenance_l2)] {
                if p == Provenance::Reconstructed {
                    out.push(Diagnostic::file(
                        &format!("criteria/{}", set.meta.id),
                        Msg::StrictReconstructed {
                            id: ind.id.clone(),
                            level,
                        },
                    ));
                }
            }
        }
    }
    // the templates must render against this set, with every indicator unknown
    let dossier = set
        .meta
        .issued
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(set.meta.issued);
    let school = School {
        path: "<validate>".into(),
        id: "validate".into(),
        name: "validate".into(),
        province: "validate".into(),
        predecessors: Vec::new(),
        criteria: set.meta.id.clone(),
        dossier_date: dossier,
        note: None,
        sources: Vec::new(),
        facts: Default::default(),
        evidence: BTreeMap::new(),
        statuses: BTreeMap::new(),
        warnings: Vec::new(),
    };
    let ev = evaluate(set, &school);
    for format in [Format::Text, Format::Markdown] {
        for lang in [Lang::Vi, Lang::En] {
            for level in Level::BOTH {
                if let Err(e) = render(
                    &ev,
                    set,
                    templates,
                    &RenderOptions {
                        format,
                        lang,
                        level,
                        color: false,
                        gate: None,
                    },
                ) {
                    out.push(Diagnostic::file(
                        "templates",
                        Msg::TemplateDoesNotRender {
                            format: format!("{format:?}"),
                            err: e,
                        },
                    ));
                }
            }
        }
    }
    out
}

pub fn validate(
    set: Result<&CriteriaSet, Vec<Diagnostic>>,
    set_label: &str,
    files: &[&Path],
    strict: bool,
) -> Validation {
    let mut v = Validation::default();
    let set = match set {
        Ok(set) => {
            v.files.push(FileResult {
                file: set_label.to_string(),
                kind: "criteria",
                diagnostics: check_set(set, strict, &Templates::embedded()),
            });
            set
        }
        Err(diags) => {
            v.files.push(FileResult {
                file: set_label.to_string(),
                kind: "criteria",
                diagnostics: diags,
            });
            return v;
        }
    };
    for path in files {
        let diagnostics = match School::load(path, set) {
            Ok(s) => s.warnings,
            Err(d) => d,
        };
        v.files.push(FileResult {
            file: path.display().to_string(),
            kind: "school",
            diagnostics,
        });
    }
    for f in &mut v.files {
        f.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
    v
}

/// Escapes text for an XML attribute or element. Characters XML 1.0 cannot carry at all (C0
/// controls other than tab, LF and CR; U+FFFE, U+FFFF) become their visible symbol, so one
/// control character in a key cannot make the whole report unparseable.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\0'..='\u{1f}' => out.push(crate::text::control_picture(c)),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn report(v: &mut Validation, format: ReportFormat, lang: Lang) -> String {
    match format {
        ReportFormat::Human => {
            let mut all: Vec<Diagnostic> =
                v.files.iter().flat_map(|f| f.diagnostics.clone()).collect();
            let mut out = String::new();
            for f in &v.files {
                let errors = f
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                let warnings = f.diagnostics.len() - errors;
                let mark = if errors > 0 {
                    "✗"
                } else if warnings > 0 {
                    "!"
                } else {
                    "✓"
                };
                let _ = writeln!(
                    out,
                    "{mark} {} ({}): {}",
                    f.file,
                    f.kind,
                    lang.diagnostic_count(errors, warnings)
                );
            }
            if !all.is_empty() {
                out.push('\n');
                out.push_str(&crate::diag::render_all(&mut all, lang));
            }
            out
        }
        ReportFormat::Json => {
            use crate::outputs::Output;
            let j = ValidateOutput {
                valid: v.valid(),
                errors: v.errors(),
                warnings: v.warnings(),
                files: v
                    .files
                    .iter()
                    .map(|f| ValidatedFile {
                        file: f.file.clone(),
                        kind: f.kind,
                        diagnostics: f
                            .diagnostics
                            .iter()
                            .map(|d| crate::diag::render::json(d, lang))
                            .collect(),
                    })
                    .collect(),
            };
            j.to_json()
        }
        ReportFormat::Github => {
            let mut out = String::new();
            for d in v.all() {
                out.push_str(&crate::diag::render::github(d, lang));
                out.push('\n');
            }
            out
        }
        ReportFormat::Sarif => {
            let log = crate::diag::render::sarif(v.all(), lang);
            serde_json::to_string_pretty(&log).expect("a JSON value serializes") + "\n"
        }
        ReportFormat::Junit => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            let failures = v
                .files
                .iter()
                .filter(|f| f.diagnostics.iter().any(|d| d.severity == Severity::Error))
                .count();
            let _ = writeln!(
                out,
                "<testsuites name=\"chuan validate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
                v.files.len()
            );
            let _ = writeln!(
                out,
                "  <testsuite name=\"chuan validate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
                v.files.len()
            );
            for f in &v.files {
                let _ = write!(
                    out,
                    "    <testcase classname=\"{}\" name=\"{}\"",
                    f.kind,
                    xml_escape(&f.file)
                );
                let errors: Vec<&Diagnostic> = f
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                let warnings: Vec<&Diagnostic> = f
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .collect();
                if errors.is_empty() && warnings.is_empty() {
                    out.push_str("/>\n");
                    continue;
                }
                out.push_str(">\n");
                if !errors.is_empty() {
                    let text: String = errors
                        .iter()
                        .map(|d| d.render(lang))
                        .collect::<Vec<_>>()
                        .join("\n");
                    let _ = writeln!(
                        out,
                        "      <failure message=\"{}\">{}</failure>",
                        xml_escape(&format!(
                            "[{}] {}",
                            errors[0].code(),
                            errors[0].message(lang)
                        )),
                        xml_escape(&text)
                    );
                }
                if !warnings.is_empty() {
                    let text: String = warnings
                        .iter()
                        .map(|d| d.render(lang))
                        .collect::<Vec<_>>()
                        .join("\n");
                    let _ = writeln!(out, "      <system-out>{}</system-out>", xml_escape(&text));
                }
                out.push_str("    </testcase>\n");
            }
            out.push_str("  </testsuite>\n</testsuites>\n");
            out
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests that live with a criteria set

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CaseResult {
    pub name: String,
    pub description: String,
    /// Empty when the test passed.
    pub failures: Vec<String>,
}

/// Runs every `tests/*.toml` of a set. Each file is a school file plus `description`, `[expect]`
/// (indicator id → `level1`, `level2`, `exceeded`) and optionally `[expect_summary]`
/// (`level1_met`, `level2_met`, `attained_level`, `exceeded`).
pub fn run_criteria_tests(
    set: &CriteriaSet,
    tests: &[Source],
) -> Result<Vec<CaseResult>, Vec<Diagnostic>> {
    let mut results = Vec::new();
    let mut diags = Vec::new();
    for src in tests {
        let name = src
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&src.path)
            .trim_end_matches(".toml")
            .to_string();
        let root = match tree::parse(src, tree::Format::Toml) {
            Ok(r) => r,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let NodeKind::Table(entries) = &root.kind else {
            continue;
        };
        let mut description = String::new();
        let mut expect = Vec::new();
        let mut expect_summary = Vec::new();
        let mut school_entries = Vec::new();
        for e in entries {
            match (&*e.key, &e.value.kind) {
                ("description", NodeKind::Str(s)) => description = s.to_string(),
                ("expect", NodeKind::Table(t)) => expect = t.clone(),
                ("expect_summary", NodeKind::Table(t)) => expect_summary = t.clone(),
                _ => school_entries.push(e.clone()),
            }
        }
        let school_root = tree::Node {
            kind: NodeKind::Table(school_entries),
            span: root.span,
        };
        let school = match School::from_tree(src, &school_root, set) {
            Ok(s) => s,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let ev = evaluate(set, &school);
        let mut failures = Vec::new();
        for e in &expect {
            let Some(r) = ev.indicators.iter().find(|i| i.id == e.key) else {
                failures.push(format!("{}: no such indicator", e.key));
                continue;
            };
            let NodeKind::Table(fields) = &e.value.kind else {
                failures.push(format!("{}: expectation must be a table", e.key));
                continue;
            };
            for f in fields {
                let got = match &*f.key {
                    "level1" => r.level1.status.name().to_string(),
                    "level2" => r.level2.status.name().to_string(),
                    "exceeded" => r.exceeded.to_string(),
                    other => {
                        failures.push(format!(
                            "{}: unknown expectation `{other}` (level1, level2, exceeded)",
                            e.key
                        ));
                        continue;
                    }
                };
                let want = match &f.value.kind {
                    NodeKind::Str(s) => s.to_string(),
                    NodeKind::Bool(b) => b.to_string(),
                    _ => String::from("?"),
                };
                if got != want {
                    failures.push(format!("{} {}: expected {want}, got {got}", e.key, f.key));
                }
            }
        }
        for f in &expect_summary {
            let s = &ev.summary;
            let got = match &*f.key {
                "level1_met" => s.level1.counts.met as i64,
                "level2_met" => s.level2.counts.met as i64,
                "attained_level" => i64::from(s.attained_level),
                "exceeded" => s.exceeded as i64,
                other => {
                    failures.push(format!("summary: unknown expectation `{other}`"));
                    continue;
                }
            };
            let want = match f.value.kind {
                NodeKind::Int(i) => i,
                _ => -1,
            };
            if got != want {
                failures.push(format!("summary {}: expected {want}, got {got}", f.key));
            }
        }
        results.push(CaseResult {
            name,
            description,
            failures,
        });
    }
    if diags.is_empty() {
        Ok(results)
    } else {
        Err(diags)
    }
}

/// The test files of a set folder, or of the embedded set.
pub fn test_sources(dir: Option<&Path>) -> Result<Vec<Source>, String> {
    match dir {
        None => Ok(crate::criteria::embedded_files()
            .filter(|(p, _)| p.starts_with("tests/"))
            .map(|(p, t)| {
                Source::new(
                    format!("<embedded>/criteria/{}/{p}", crate::criteria::DEFAULT_SET),
                    t,
                )
            })
            .collect()),
        Some(d) => {
            // a set without a tests/ folder simply has no tests
            let paths = crate::criteria::files_in(&d.join("tests"), crate::criteria::is_toml)
                .unwrap_or_default();
            paths
                .into_iter()
                .map(|p| {
                    crate::input::read_input(&p)
                        .map(|t| Source::new(p.display().to_string(), t))
                        .map_err(|d| format!("{}: {}", p.display(), d.message(Lang::En)))
                })
                .collect()
        }
    }
}

pub fn render_case_results(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results {
        if r.failures.is_empty() {
            let _ = writeln!(out, "ok    {} — {}", r.name, r.description);
        } else {
            let _ = writeln!(out, "FAIL  {} — {}", r.name, r.description);
            for f in &r.failures {
                let _ = writeln!(out, "        {f}");
            }
        }
    }
    let passed = results.iter().filter(|r| r.failures.is_empty()).count();
    let _ = writeln!(out, "{passed} passed, {} failed", results.len() - passed);
    out
}

/// One validated file and what was found in it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ValidatedFile {
    pub file: String,
    /// `criteria` or `school`.
    pub kind: &'static str,
    pub diagnostics: Vec<crate::diag::render::JsonDiagnostic>,
}

/// `chuan validate --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ValidateOutput {
    /// The verdict, the same as the exit code's (warnings count with `--deny-warnings`).
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    pub files: Vec<ValidatedFile>,
}

impl crate::outputs::Output for ValidateOutput {
    const COMMAND: &'static str = "validate";
    const FORMAT: &'static str = "chuan.validate";
}
