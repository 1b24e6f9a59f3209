//! A rule kind lives in one place. `max_ratio` (a share at most a cap) was added as one file in
//! crates/chuan-core/src/rules/, one line in its registry, its gap sentence in the templates and these tests; a
//! small successor-style criteria set in tests/fixtures/successor-set uses it, with its own
//! criteria tests.

use crate::common::{run, stdout};

const SET: &str = "tests/fixtures/successor-set";

#[test]
fn the_successor_set_and_its_criteria_tests_pass() {
    let out = run(&["test-criteria", SET]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.ends_with("3 passed, 0 failed\n"), "{text}");
}

/// The over-the-cap criteria test, as a school file.
fn over_the_cap() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{SET}/tests/over-the-cap.toml")).unwrap();
    let school = text
        .split("[expect]")
        .next()
        .unwrap()
        .replace("description = ", "# ");
    let path = dir.path().join("truong.toml");
    std::fs::write(&path, school).unwrap();
    let p = path.to_str().unwrap().to_string();
    (dir, p)
}

#[test]
fn a_share_above_its_cap_says_both_ways_down() {
    let (_d, f) = over_the_cap();
    for (lang, line) in [
        (
            "vi",
            "cần bớt 1 giảng viên kiêm nhiệm (13/40 = 32,5 %; tối đa 30 % = 12/40), hoặc thêm 4 người vào tổng số mà không thuộc nhóm này (13/44)",
        ),
        (
            "en",
            "needs fewer by 1 concurrent lecturers (13/40 = 32.5%; at most 30% = 12/40), or 4 more in the whole who are not in this group (13/44)",
        ),
    ] {
        let out = stdout(&[
            "check",
            &f,
            "--criteria",
            SET,
            "--color",
            "never",
            "--lang",
            lang,
        ]);
        assert!(out.lines().any(|l| l.trim() == line), "{out}");
    }
    // the roadmap moves concurrent lecturers to full-time: the total stays, the share falls
    let p: serde_json::Value = serde_json::from_str(&stdout(&[
        "roadmap",
        &f,
        "--criteria",
        SET,
        "--level",
        "2",
        "--start",
        "2026-07-01",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        p["actions"][0]["fact_targets"],
        serde_json::json!([
            {"fact": "lecturers_concurrent", "from": 13, "to": 8, "of": 40},
            {"fact": "lecturers_fulltime", "from": 27, "to": 32, "of": null},
        ])
    );
    assert_eq!(p["verified"]["summary"]["level2"]["met"], 2);
}

/// Every Rust file of the library (both crates) outside the rules/ folder.
fn library_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![
        std::path::PathBuf::from("src"),
        std::path::PathBuf::from("crates/chuan-core/src"),
    ];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("rules") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    for must in ["src/eval.rs", "crates/chuan-core/src/criteria.rs"] {
        assert!(
            out.iter().any(|(p, _)| p.ends_with(must)),
            "{must} not scanned"
        );
    }
    out
}

#[test]
fn nothing_outside_rules_names_a_rule_kind() {
    // a variant of `Rule` named outside src/rules/ would be a second home for a kind (and a
    // `_ =>` arm would silently skip a new one); everything goes through `rules::Kind`
    let mut found = Vec::new();
    for (path, text) in library_sources() {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("Rule::") {
                let before = code[..i].chars().next_back();
                let after = &code[i + "Rule::".len()..];
                if before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
                    && after.starts_with(|c: char| c.is_ascii_uppercase())
                {
                    found.push(format!("{path}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    // and the registry knows every kind the catalogue lists
    assert_eq!(
        chuan::rules::Rule::known_kinds(),
        [
            "ratio",
            "max_ratio",
            "count",
            "max_count",
            "quantity",
            "boolean",
            "every_year/ratio",
            "every_year/number",
            "every_year/boolean",
            "every_year/rating",
        ]
    );
}

#[test]
fn a_criteria_error_points_at_its_key_and_a_bad_value_is_one_error() {
    // 2.1's level-2 threshold above 100 %: one error, at `l2`, nothing about the indicators that
    // depend on 2.1
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in chuan::criteria::embedded_files() {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let ind = dir.path().join("indicators/2-doi-ngu.toml");
    let text = std::fs::read_to_string(&ind).unwrap().replacen(
        "denominator = \"staff_total\", l1 = 75, l2 = 80 }",
        "denominator = \"staff_total\", l1 = 75, l2 = 180 }",
        1,
    );
    std::fs::write(&ind, &text).unwrap();
    let line = text.lines().position(|l| l.contains("l2 = 180")).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find("180").unwrap() + 1;
    let d = dir.path().to_str().unwrap();
    for (lang, message) in [
        ("vi", "ngưỡng `l2` = 180 nằm ngoài 0–100"),
        ("en", "threshold `l2` = 180 lies outside 0–100"),
    ] {
        let out = run(&[
            "validate",
            "--criteria",
            d,
            "--format",
            "json",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(2));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let diags = v["files"][0]["diagnostics"].as_array().unwrap();
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(diags[0]["code"], "threshold-out-of-range");
        assert_eq!(diags[0]["message"], message);
        assert_eq!(diags[0]["key"], "indicator.2.1.rule");
        assert_eq!(
            (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
            (Some(line as u64), Some(column as u64))
        );
        assert!(
            diags[0]["file"]
                .as_str()
                .unwrap()
                .ends_with("2-doi-ngu.toml")
        );
    }
}
