//! validate (formats, --strict, --deny-warnings) and the tests that live with a criteria set.

use chuan::validate::{run_criteria_tests, test_sources};

use crate::common::chuan;

fn run(args: &[&str]) -> (i32, String) {
    let out = chuan().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn samples_and_the_embedded_set_are_valid() {
    let (code, out) = run(&[
        "validate",
        "schools/lai-chau-2023.toml",
        "schools/ha-noi-le-hong-phong-2023.yaml",
        "schools/cao-bang-2025.toml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("✓ <embedded>/criteria/qd11-2021 (criteria): 0 lỗi, 0 cảnh báo\n"),
        "{out}"
    );
}

#[test]
fn github_junit_and_json_formats() {
    let files = [
        "validate",
        "tests/fixtures/bad/negative.toml",
        "schools/lai-chau-2023.toml",
    ];
    let (code, gh) = run(&[&files[..], &["--format", "github"]].concat());
    assert_eq!(code, 2);
    insta::assert_snapshot!("validate_github", gh);
    let (_, junit) = run(&[&files[..], &["--format", "junit", "--lang", "en"]].concat());
    insta::assert_snapshot!("validate_junit", junit);
    let (_, json) = run(&[&files[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"], 2);
    assert_eq!(v["files"][1]["diagnostics"][0]["line"], 9);
    assert_eq!(v["files"][1]["diagnostics"][0]["key"], "facts.staff_total");
}

#[test]
fn strict_fails_on_reconstructed_indicators() {
    let (code, out) = run(&["validate", "--strict", "--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // 48 reconstructed indicators plus 7 reconstructed level-2 thresholds of confirmed ones
    assert_eq!(v["errors"], 48 + 55);
}

#[test]
fn warnings_are_kept_apart_and_fail_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.toml");
    std::fs::write(
        &path,
        "[school]\nid = \"w\"\nname = \"Trường thử\"\nprovince = \"Thử\"\ncriteria = \"qd11-2021\"\ndossier_date = 2023-11-13\n\n\
         [facts]\nstaff_total = 45\nlecturers_fulltime = 31\nlecturers_concurrent = 4\nlecturers_total = 35\n\
         lecturers_total_by_year = { 2018 = 20, 2019 = 21, 2020 = 22, 2021 = 23, 2022 = 24 }\n\n\
         [statuses.\"4.1\"]\nstatus = \"waived\"\nreason = \"chờ nghiệm thu\"\napprover = \"Hội đồng\"\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, out) = run(&["validate", p]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 lỗi, 2 cảnh báo"), "{out}");
    assert!(out.contains("năm 2022 của chuỗi `lecturers_total_by_year` (24) lệch xa giá trị hiện tại `lecturers_total` = 35"), "{out}");
    assert!(
        out.contains("phiếu xin ý kiến cho chỉ tiêu 4.1 không ghi hạn"),
        "{out}"
    );
    let (code, _) = run(&["validate", p, "--deny-warnings"]);
    assert_eq!(code, 2);
    // check still evaluates, and prints the warnings on stderr
    let out = chuan()
        .args(["check", p, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("cảnh báo[waiver-undated]: phiếu xin ý kiến")
    );
}

#[test]
fn bundled_criteria_tests_pass_and_cover_every_rule_kind() {
    let set = chuan::criteria::embedded_set();
    let sources = test_sources(None).unwrap();
    assert_eq!(sources.len(), 5);
    let results = run_criteria_tests(&set, &sources).unwrap();
    for r in &results {
        assert!(r.failures.is_empty(), "{}: {:?}", r.name, r.failures);
    }
    // every rule kind (and every per-year form) is exercised by some expectation
    let all: String = sources.iter().map(|s| s.text.clone()).collect();
    let expected_ids: Vec<&str> = all
        .lines()
        .filter_map(|l| l.strip_prefix('"').and_then(|r| r.split('"').next()))
        .collect();
    let mut kinds: Vec<String> = expected_ids
        .iter()
        .filter_map(|id| set.indicator(id))
        .map(|i| {
            let k = i.rule.kind();
            if k.form().is_empty() {
                k.name().to_string()
            } else {
                format!("{}/{}", k.name(), k.form())
            }
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "boolean",
            "count",
            "every_year/boolean",
            "every_year/number",
            "every_year/rating",
            "every_year/ratio",
            "max_count",
            "quantity",
            "ratio"
        ]
    );
    let (code, out) = run(&["test-criteria"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("5 passed, 0 failed\n"), "{out}");
}

#[test]
fn a_wrong_expectation_fails_test_criteria() {
    let dir = tempfile::tempdir().unwrap();
    let set_dir = dir.path().join("set");
    std::fs::create_dir_all(set_dir.join("indicators")).unwrap();
    std::fs::create_dir_all(set_dir.join("tests")).unwrap();
    for f in ["set.toml", "facts.toml", "indicators/all-kinds.toml"] {
        std::fs::copy(format!("tests/fixtures/mini-set/{f}"), set_dir.join(f)).unwrap();
    }
    std::fs::write(
        set_dir.join("tests/ratio.toml"),
        "description = \"3/5 meets 60 %\"\n[school]\nid = \"t\"\nname = \"T\"\nprovince = \"T\"\ncriteria = \"mini\"\ndossier_date = 2024-06-30\n[facts]\npart = 3\nwhole = 5\n[expect]\n\"1.1\" = { level1 = \"not_met\" }\n",
    )
    .unwrap();
    let (code, out) = run(&["test-criteria", set_dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "FAIL  ratio — 3/5 meets 60 %\n        1.1 level1: expected not_met, got met\n0 passed, 1 failed\n"
    );
}

/// A school whose only problems are two warnings (a series year far from the current value, a
/// waiver without an end date), and a control character in an unknown-key warning when asked.
fn warned_school(dir: &std::path::Path) -> String {
    let path = dir.join("w.toml");
    std::fs::write(
        &path,
        "[school]\nid = \"w\"\nname = \"Trường thử\"\nprovince = \"Thử\"\ncriteria = \"qd11-2021\"\ndossier_date = 2023-11-13\n\n\
         [facts]\nstaff_total = 45\nlecturers_fulltime = 31\nlecturers_concurrent = 4\nlecturers_total = 35\n\
         lecturers_total_by_year = { 2018 = 20, 2019 = 21, 2020 = 22, 2021 = 23, 2022 = 24 }\n\n\
         [statuses.\"4.1\"]\nstatus = \"waived\"\nreason = \"chờ nghiệm thu\"\napprover = \"Hội đồng\"\n",
    )
    .unwrap();
    path.display().to_string()
}

/// (exit code, JSON `valid`, JUnit failures, GitHub error annotations, human marks)
fn verdicts(p: &str, deny: bool) -> (i32, bool, usize, usize, usize) {
    let args = |format: &str| {
        let mut a = vec!["validate", p, "--format", format];
        if deny {
            a.push("--deny-warnings");
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run_fmt = |format: &str| {
        let a = args(format);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        run(&a)
    };
    let (code, json) = run_fmt("json");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (code_junit, junit) = run_fmt("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let suites = doc.root_element();
    let failures: usize = suites.attribute("failures").unwrap().parse().unwrap();
    let failure_elements = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, failure_elements, "{junit}");
    assert_eq!(suites.attribute("errors"), Some("0"));
    let (code_gh, gh) = run_fmt("github");
    let gh_errors = gh.lines().filter(|l| l.starts_with("::error ")).count();
    let (code_human, human) = run_fmt("human");
    let crosses = human.lines().filter(|l| l.starts_with("✗ ")).count();
    let (code_sarif, sarif) = run_fmt("sarif");
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let sarif_errors = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "error")
        .count();
    assert_eq!(
        sarif_errors, gh_errors,
        "SARIF and GitHub annotate the same errors"
    );
    assert!(code == code_junit && code == code_gh && code == code_human && code == code_sarif);
    (
        code,
        json["valid"].as_bool().unwrap(),
        failures,
        gh_errors,
        crosses,
    )
}

#[test]
fn deny_warnings_gives_one_verdict_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = warned_school(dir.path());
    // warnings allowed: passes everywhere
    assert_eq!(verdicts(&p, false), (0, true, 0, 0, 0));
    // warnings denied: the school fails everywhere, its two warnings are errors
    assert_eq!(verdicts(&p, true), (2, false, 1, 2, 1));
    let (_, json) = run(&["validate", &p, "--deny-warnings", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (json["errors"].as_u64(), json["warnings"].as_u64()),
        (Some(2), Some(0))
    );
}

#[test]
fn junit_parses_with_a_control_character_in_a_key_and_names_the_first_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    let lai_chau = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    std::fs::write(
        &path,
        lai_chau.replacen(
            "[facts]\n",
            "[facts]\n\"staff\\u0001total\\u001b[2J\" = 1\n",
            1,
        ),
    )
    .unwrap();
    let (code, junit) = run(&[
        "validate",
        path.to_str().unwrap(),
        "--format",
        "junit",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2, "{junit}");
    let doc = roxmltree::Document::parse(&junit).unwrap_or_else(|e| panic!("{e}\n{junit}"));
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    let message = failure.attribute("message").unwrap();
    // the first diagnostic itself, with its code, not a generic count
    assert!(message.starts_with("[unknown-fact] "), "{message}");
    assert!(message.contains("staff␁total"), "{message}");
    assert!(!junit.contains('\u{1}') && !junit.contains('\u{1b}'));
}

/// element, its required attributes, its allowed attributes, its allowed children
type ElementRule = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// The rules of Jenkins' JUnit schema (xunit-plugin's `junit-10.xsd`) for the elements chuan
/// writes.
const JENKINS_JUNIT: &[ElementRule] = &[
    (
        "testsuites",
        &[],
        &["name", "time", "tests", "failures", "errors"],
        &["testsuite"],
    ),
    (
        "testsuite",
        &["name", "tests", "failures", "errors"],
        &[
            "name",
            "tests",
            "failures",
            "errors",
            "group",
            "time",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
            "file",
            "log",
            "url",
        ],
        &[
            "testsuite",
            "properties",
            "testcase",
            "system-out",
            "system-err",
        ],
    ),
    (
        "testcase",
        &["name"],
        &["name", "time", "classname", "group"],
        &["skipped", "error", "failure", "system-out", "system-err"],
    ),
    ("failure", &[], &["type", "message"], &[]),
    ("system-out", &[], &[], &[]),
];

fn conforms_to_jenkins_junit(xml: &str) -> Result<(), String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().name() != "testsuites" {
        return Err(format!("root is <{}>", root.tag_name().name()));
    }
    for node in root.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        let Some((_, required, allowed, children)) =
            JENKINS_JUNIT.iter().find(|(n, ..)| *n == name)
        else {
            return Err(format!("<{name}> is not in the schema"));
        };
        for r in *required {
            if node.attribute(*r).is_none() {
                return Err(format!("<{name}> lacks the required `{r}`"));
            }
        }
        for a in node.attributes() {
            if !allowed.contains(&a.name()) {
                return Err(format!(
                    "<{name}> has `{}`, which the schema does not allow",
                    a.name()
                ));
            }
        }
        for c in node.children().filter(|c| c.is_element()) {
            if !children.contains(&c.tag_name().name()) {
                return Err(format!(
                    "<{name}> may not contain <{}>",
                    c.tag_name().name()
                ));
            }
        }
    }
    // the counts say what the cases say
    for suite in root.descendants().filter(|n| n.has_tag_name("testsuite")) {
        let cases = suite.children().filter(|c| c.has_tag_name("testcase"));
        let failed = cases
            .clone()
            .filter(|c| c.children().any(|f| f.has_tag_name("failure")))
            .count();
        if suite.attribute("tests") != Some(&cases.count().to_string())
            || suite.attribute("failures") != Some(&failed.to_string())
        {
            return Err("testsuite counts disagree with its cases".into());
        }
    }
    Ok(())
}

#[test]
fn junit_follows_the_jenkins_schema() {
    let dir = tempfile::tempdir().unwrap();
    let warned = warned_school(dir.path());
    for args in [
        vec![
            "validate",
            "schools/lai-chau-2023.toml",
            "--format",
            "junit",
        ],
        vec![
            "validate",
            "tests/fixtures/bad/negative.toml",
            "schools/cao-bang-2025.toml",
            "--format",
            "junit",
        ],
        vec!["validate", &warned, "--format", "junit"],
        vec!["validate", &warned, "--format", "junit", "--deny-warnings"],
    ] {
        let (_, xml) = run(&args);
        conforms_to_jenkins_junit(&xml).unwrap_or_else(|e| panic!("{args:?}: {e}\n{xml}"));
    }
    // the check itself catches what Jenkins rejected before: a suite without `errors`
    let old = "<testsuites name=\"x\" tests=\"1\" failures=\"0\">\n  <testsuite name=\"x\" tests=\"1\" failures=\"0\">\n    <testcase name=\"a\"/>\n  </testsuite>\n</testsuites>\n";
    assert!(
        conforms_to_jenkins_junit(old)
            .unwrap_err()
            .contains("`errors`")
    );
}

#[test]
fn sarif_names_every_problem_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let warned = warned_school(dir.path());
    let (code, out) = run(&[
        "validate",
        "tests/fixtures/bad/negative.toml",
        &warned,
        "--format",
        "sarif",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "chuan");
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run0["results"].as_array().unwrap();
    // the same diagnostics as the JSON report, in the same order
    let (_, json) = run(&[
        "validate",
        "tests/fixtures/bad/negative.toml",
        &warned,
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let diags: Vec<&serde_json::Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .collect();
    assert_eq!(results.len(), diags.len());
    assert_eq!(results.len(), 4, "{out}");
    for (r, d) in results.iter().zip(&diags) {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(id, d["code"]);
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], id);
        assert_eq!(r["level"], d["severity"]);
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            d["file"]
                .as_str()
                .unwrap()
                .ends_with(uri.rsplit('/').next().unwrap())
        );
        assert_eq!(loc["region"]["startLine"], d["line"]);
        assert_eq!(loc["region"]["startColumn"], d["column"]);
        assert!(
            r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(d["message"].as_str().unwrap())
        );
    }
    // the built-in set's files are named by their folder, as relative URIs
    let (_, strict) = run(&["validate", "--strict", "--format", "sarif"]);
    let strict: serde_json::Value = serde_json::from_str(&strict).unwrap();
    let uri = strict["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.starts_with("criteria/qd11-2021") && !uri.contains('<'),
        "{uri}"
    );
}
