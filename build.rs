//! Embeds the bundled criteria set and the report templates in the binary, so that
//! `chuan check school.toml` works from any directory. Every file under the folders is taken:
//! adding an indicator file or a template needs no code change.

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
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, code).unwrap();
}
