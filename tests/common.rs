use std::path::Path;
use std::sync::LazyLock;

use chuan::criteria::CriteriaSet;
use chuan::eval::{Evaluation, IndicatorResult, evaluate};
use chuan::school::School;
use chuan::tree::Format;

pub fn mini_set() -> CriteriaSet {
    CriteriaSet::load_dir(Path::new("tests/fixtures/mini-set")).expect("the mini set is valid")
}

/// A school of the mini set with the given `[facts]` lines (and any extra tables after them).
pub fn mini_school_toml(facts: &str) -> String {
    format!(
        "[school]\nid = \"t\"\nname = \"Trường thử\"\nprovince = \"Thử\"\ncriteria = \"mini\"\ndossier_date = 2024-06-30\n\n[facts]\n{facts}\n"
    )
}

pub fn load(set: &CriteriaSet, text: &str) -> Result<School, Vec<chuan::diag::Diagnostic>> {
    School::from_source(
        &chuan::diag::Source::new("test.toml", text),
        Format::Toml,
        set,
    )
}

pub fn eval_mini(facts: &str) -> Evaluation {
    let set = mini_set();
    let school = load(&set, &mini_school_toml(facts))
        .unwrap_or_else(|d| panic!("invalid test school: {d:#?}"));
    evaluate(&set, &school)
}

pub fn ind<'a>(ev: &'a Evaluation, id: &str) -> &'a IndicatorResult {
    ev.indicators
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

pub fn embedded_eval(path: &str) -> Evaluation {
    let (set, school) = embedded_school(path);
    evaluate(set, &school)
}

pub fn chuan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("chuan").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// The embedded set, loaded once for the whole test binary.
pub fn embedded_set() -> &'static CriteriaSet {
    static SET: LazyLock<CriteriaSet> = LazyLock::new(chuan::criteria::embedded_set);
    &SET
}

/// Copies the embedded set's folder, for tests that change one of its files.
pub fn copy_set(to: &Path) {
    for (path, text) in chuan::criteria::embedded_files() {
        let file = to.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

/// The embedded set, copied into `dir` with assigning staff to teaching (2.1's convert path)
/// made dearer than recruiting: its gaps and plans take the `add` path.
pub fn set_recruiting_first(dir: &Path) -> CriteriaSet {
    copy_set(dir);
    let ind = dir.join("indicators/2-doi-ngu.toml");
    let text = std::fs::read_to_string(&ind).unwrap();
    let edited = text.replacen(
        "via = \"lecturers_concurrent\"\nlead_time_months = 3\ncost = \"low\"",
        "via = \"lecturers_concurrent\"\nlead_time_months = 3\ncost = \"high\"",
        1,
    );
    assert_ne!(edited, text, "2.1's convert path moved: update this helper");
    std::fs::write(&ind, edited).unwrap();
    CriteriaSet::load_dir(dir).unwrap()
}

/// A sample school file, loaded against the embedded set.
pub fn embedded_school(path: &str) -> (&'static CriteriaSet, School) {
    let set = embedded_set();
    let school = School::load(Path::new(path), set).unwrap_or_else(|d| panic!("{path}: {d:#?}"));
    (set, school)
}

/// Runs chuan and returns its output, whatever the exit code.
pub fn run(args: &[&str]) -> std::process::Output {
    chuan().args(args).output().unwrap()
}

/// Runs chuan and requires exit 0 (the failure shows the arguments and standard error).
pub fn run_ok(args: &[&str]) -> std::process::Output {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Runs chuan, requires exit 0, and returns standard output.
pub fn stdout(args: &[&str]) -> String {
    String::from_utf8(run_ok(args).stdout).unwrap()
}

/// `path` converted to PDF by LibreOffice headless (as a board member's office suite would
/// print it); the PDF's bytes. LibreOffice must be installed (CI installs it).
///
/// One conversion at a time, and a second try on a fresh profile if LibreOffice itself fails:
/// on a machine where it was just installed, two first starts at once have crashed in CI
/// ("WrappedTargetRuntimeException … Unspecified Application Error") before any page was laid
/// out; the pages are what these tests are about.
pub fn libreoffice_pdf(path: &Path) -> Vec<u8> {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut said = String::new();
    for _ in 0..2 {
        let out = tempfile::tempdir().unwrap();
        // a profile of its own: a LibreOffice already running for the user does not take the job
        let profile = format!(
            "-env:UserInstallation=file://{}",
            out.path().join("profile").display()
        );
        let o = std::process::Command::new("soffice")
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(out.path())
            .arg(path)
            .output()
            .expect("LibreOffice (soffice) is installed");
        if !o.status.success() {
            said.push_str(&String::from_utf8_lossy(&o.stderr));
            continue;
        }
        let pdf = out
            .path()
            .join(path.with_extension("pdf").file_name().unwrap());
        return std::fs::read(&pdf).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; LibreOffice said {}",
                pdf.display(),
                String::from_utf8_lossy(&o.stdout)
            )
        });
    }
    panic!("LibreOffice failed twice: {said}");
}

/// Each page's size in points (width, height), read from the page objects of a PDF that keeps
/// them uncompressed (LibreOffice's do).
pub fn pdf_pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    text.split("endobj")
        .filter(|obj| {
            obj.match_indices("/Type/Page")
                .any(|(i, m)| !obj[i + m.len()..].starts_with('s'))
        })
        .filter_map(|obj| {
            let at = obj.find("/MediaBox")?;
            let rest = &obj[at..];
            let inner = &rest[rest.find('[')? + 1..rest.find(']')?];
            let n: Vec<f64> = inner
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect();
            (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
        })
        .collect()
}
