//! Embeds the bundled criteria set and the report templates in the binary, so that
//! `chuan check school.toml` works from any directory. Every file under the folders is taken:
//! adding an indicator file or a template needs no code change.
//!
//! The set is also loaded and validated here, once, with the same loader as `--criteria DIR`
//! (chuan-core): an invalid set fails the build with its diagnostics, and the typed set is
//! embedded as a snapshot that a run decodes instead of parsing TOML.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    for (name, dir, exts) in [
        ("CRITERIA_QD11", "criteria/qd11-2021", &["toml"][..]),
        ("TEMPLATES", "templates", &["j2", "toml"][..]),
    ] {
        let base = root.join(dir);
        println!("cargo:rerun-if-changed={}", base.display());
        let mut files = Vec::new();
        walk(&base, &mut files);
        files.retain(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        });
        files.sort();
        code.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
        for f in files {
            let rel = f
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            code.push_str(&format!(
                "    ({rel:?}, include_str!({:?})),\n",
                f.display().to_string()
            ));
        }
        code.push_str("];\n");
    }
    code.push_str(&strings(&root.join("templates/strings.toml")));
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let snapshot = bundled_set(&root).to_snapshot();
    let bytes = out_dir.join("qd11-2021.snapshot");
    fs::write(&bytes, &snapshot.bytes).unwrap();
    code.push_str(&format!(
        "pub static CRITERIA_QD11_SNAPSHOT: &[u8] = include_bytes!({:?});\n",
        bytes.display().to_string()
    ));
    // the snapshot's strings as literals: the compiler checks them as UTF-8, once
    code.push_str("pub static CRITERIA_QD11_STRINGS: &[&str] = &[\n");
    for s in &snapshot.strings {
        code.push_str(&format!("    {s:?},\n"));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("embedded.rs"), code).unwrap();
}

/// The report words per language, as static tables (the run does not parse strings.toml).
fn strings(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let all: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> =
        toml::from_str(&text).unwrap_or_else(|e| panic!("templates/strings.toml: {e}"));
    let mut code = String::new();
    for (lang, name) in [("vi", "STRINGS_VI"), ("en", "STRINGS_EN")] {
        let table = all
            .get(lang)
            .unwrap_or_else(|| panic!("templates/strings.toml has no [{lang}] table"));
        code.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
        for (k, v) in table {
            code.push_str(&format!("    ({k:?}, {v:?}),\n"));
        }
        code.push_str("];\n");
    }
    code
}

/// The bundled set, loaded from the same texts and under the same names as the embedded files.
fn bundled_set(root: &Path) -> chuan_core::criteria::CriteriaSet {
    use chuan_core::criteria::{CriteriaSet, DEFAULT_SET};
    use chuan_core::diag::Source;
    let base = root.join("criteria").join(DEFAULT_SET);
    let mut files = Vec::new();
    walk(&base, &mut files);
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    let sources: Vec<Source> = files
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(f).unwrap();
            Source::new(format!("<embedded>/criteria/{DEFAULT_SET}/{rel}"), text)
        })
        .collect();
    match CriteriaSet::from_sources(&sources) {
        Ok(set) => set,
        Err(diags) => {
            for d in &diags {
                println!(
                    "cargo:warning={}",
                    d.render(chuan_core::text::Lang::En).replace('\n', " ")
                );
            }
            panic!(
                "criteria/{DEFAULT_SET} is invalid: {} problem(s), listed above",
                diags.len()
            );
        }
    }
}
