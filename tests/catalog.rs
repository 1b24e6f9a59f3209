//! list, explain, init, schema and the generated criteria README.

use chuan::model::{FactValue, Value};
use chuan::school::School;

use crate::common::{chuan, embedded_eval, embedded_school, stdout};

#[test]
fn generated_criteria_readme_is_up_to_date() {
    let committed = std::fs::read_to_string("criteria/qd11-2021/README.md").unwrap();
    assert!(
        committed == stdout(&["docs"]),
        "criteria/qd11-2021/README.md is out of date; regenerate it with:\n    cargo run -q -- docs > criteria/qd11-2021/README.md"
    );
}

#[test]
fn committed_json_schema_is_up_to_date() {
    let committed = std::fs::read_to_string("schema/school.schema.json").unwrap();
    assert!(
        committed == stdout(&["schema"]),
        "schema/school.schema.json is out of date; regenerate it with:\n    cargo run -q -- schema > schema/school.schema.json"
    );
    let v: serde_json::Value = serde_json::from_str(&committed).unwrap();
    // null is missing data, as chuan reads it
    assert_eq!(
        v["properties"]["facts"]["properties"]["staff_total"]["type"],
        serde_json::json!(["integer", "null"])
    );
    assert_eq!(
        v["properties"]["facts"]["properties"]["party_org_rating_by_year"]["additionalProperties"]
            ["enum"][1],
        "hoan_thanh_tot"
    );
    assert_eq!(v["properties"]["facts"]["additionalProperties"], false);
}

#[test]
fn list_covers_the_catalogue() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["list", "--format", "json"])).unwrap();
    let inds = v["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 55);
    let i26 = inds.iter().find(|i| i["id"] == "2.6").unwrap();
    assert_eq!(i26["rule"]["levels"], serde_json::json!(["60", "70"]));
    assert_eq!(i26["provenance"], "confirmed");
    let text = stdout(&["list"]);
    assert!(text.contains("  2.6 Giảng viên giữ ngạch giảng viên chính trở lên\n      tỷ lệ · Mức 1: ≥ 60 % · Mức 2: ≥ 70 %"), "{text}");
}

#[test]
fn explain_shows_the_school_beside_the_thresholds() {
    insta::assert_snapshot!(stdout(&[
        "explain",
        "2.6",
        "--school",
        "schools/lai-chau-2023.toml"
    ]));
    insta::assert_snapshot!(
        "explain_5_4_en",
        stdout(&["explain", "5.4", "--lang", "en"])
    );
    let out = chuan().args(["explain", "9.9"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("bộ tiêu chí `qd11-2021` không có chỉ tiêu `9.9`")
    );
}

fn value_text(v: &Value, yaml: bool) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Num(d) => d.to_string(),
        Value::Grade(code, _) if yaml => code.clone(),
        Value::Grade(code, _) => format!("\"{code}\""),
    }
}

/// Fills an init template with a school's facts the way a principal would.
fn fill(template: &str, school: &School, yaml: bool) -> String {
    let mut out = String::new();
    let mut series: Option<String> = None;
    for line in template.lines() {
        let filled = if yaml {
            let t = line.trim();
            if let Some(name) = t.strip_suffix(":").filter(|_| {
                line.starts_with("  ") && !line.starts_with("    ") && !t.starts_with('#')
            }) {
                series = Some(name.to_string());
                None
            } else if let Some((key, "~")) = t.split_once(": ") {
                let indent = &line[..line.len() - line.trim_start().len()];
                let v = match (key.parse::<i32>(), &series) {
                    (Ok(y), Some(s)) if indent.len() == 4 => match school.facts.get(s) {
                        Some(FactValue::Series(ys)) => ys.get(&y).map(|v| value_text(v, true)),
                        _ => None,
                    },
                    _ => match school.facts.get(key) {
                        Some(FactValue::Scalar(v)) => Some(value_text(v, true)),
                        _ => None,
                    },
                };
                v.map(|v| format!("{indent}{key}: {v}"))
            } else {
                None
            }
        } else {
            line.strip_prefix("# ")
                .and_then(|rest| rest.strip_suffix(" ="))
                .and_then(|key| {
                    let v = match key.split_once('.') {
                        Some((name, year)) => match school.facts.get(name) {
                            Some(FactValue::Series(ys)) => {
                                ys.get(&year.parse().ok()?).map(|v| value_text(v, false))
                            }
                            _ => None,
                        },
                        None => match school.facts.get(key) {
                            Some(FactValue::Scalar(v)) => Some(value_text(v, false)),
                            _ => None,
                        },
                    };
                    v.map(|v| format!("{key} = {v}"))
                })
        };
        out.push_str(filled.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

#[test]
fn init_template_filled_with_sample_values_validates_and_evaluates_the_same() {
    let (_, lai_chau) = embedded_school("schools/lai-chau-2023.toml");
    let expected = embedded_eval("schools/lai-chau-2023.toml").summary;
    for (format, ext) in [("toml", "toml"), ("yaml", "yaml")] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("truong.{ext}"));
        let out = chuan()
            .args(["init", "--format", format, "--dossier-date", "2023-11-13"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let template = std::fs::read_to_string(&path).unwrap();

        // the unfilled template already validates: every indicator unknown, none met
        let v = chuan().args(["validate"]).arg(&path).output().unwrap();
        assert_eq!(
            v.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&v.stdout)
        );

        let filled = dir.path().join(format!("filled.{ext}"));
        std::fs::write(&filled, fill(&template, &lai_chau, format == "yaml")).unwrap();
        let json = chuan()
            .args(["check", "--format", "json"])
            .arg(&filled)
            .output()
            .unwrap();
        assert_eq!(
            json.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&json.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(
            v["summary"]["level1"]["met"], expected.level1.counts.met,
            "{format}"
        );
        assert_eq!(
            v["summary"]["level1"]["unknown"], 0,
            "{format}: every fact of the template was filled"
        );
        assert_eq!(
            v["summary"]["level2"]["met"], expected.level2.counts.met,
            "{format}"
        );
    }
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truong.toml");
    std::fs::write(&path, "số liệu của tôi").unwrap();
    let out = chuan().arg("init").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "số liệu của tôi");
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("`chuan init` không bao giờ ghi đè")
    );
    // and a refused init leaves nothing beside it either
    assert!(!dir.path().join("qd11-2021.schema.json").exists());
}

#[test]
fn init_points_editors_to_a_schema_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("truong-a");
    std::fs::create_dir(&sub).unwrap();
    let schema = sub.join("qd11-2021.schema.json");
    for (file, directive) in [
        ("a.toml", "#:schema ./qd11-2021.schema.json\n"),
        (
            "b.yaml",
            "# yaml-language-server: $schema=./qd11-2021.schema.json\n",
        ),
    ] {
        let path = sub.join(file);
        let format = if file.ends_with("yaml") {
            "yaml"
        } else {
            "toml"
        };
        let out = chuan()
            .args(["init", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(directive), "{text}");
        // the directive resolves where the file is: the set's schema, as `chuan schema` prints it
        assert_eq!(
            std::fs::read_to_string(&schema).unwrap(),
            stdout(&["schema"])
        );
    }
    // a schema already there is kept, never replaced
    std::fs::write(&schema, "{}").unwrap();
    let out = chuan()
        .arg("init")
        .arg(sub.join("c.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), "{}");
    // --no-schema: neither the file nor the directive
    let bare = dir.path().join("bare");
    std::fs::create_dir(&bare).unwrap();
    let out = chuan()
        .args(["init", "--no-schema"])
        .arg(bare.join("d.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!bare.join("qd11-2021.schema.json").exists());
    let text = std::fs::read_to_string(bare.join("d.toml")).unwrap();
    assert!(!text.contains("schema"), "{text}");
}

/// A TOML or YAML self-assessment as the JSON an editor's schema check sees: TOML dates are
/// strings, YAML keys are strings.
fn as_json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    fn from_toml(v: toml::Value) -> serde_json::Value {
        match v {
            toml::Value::String(s) => s.into(),
            toml::Value::Integer(i) => i.into(),
            toml::Value::Float(f) => f.into(),
            toml::Value::Boolean(b) => b.into(),
            toml::Value::Datetime(d) => d.to_string().into(),
            toml::Value::Array(a) => a.into_iter().map(from_toml).collect(),
            toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, from_toml(v))).collect(),
        }
    }
    if path.extension().is_some_and(|e| e == "toml") {
        from_toml(toml::from_str(&text).unwrap())
    } else {
        fn keys(v: serde_json::Value) -> serde_json::Value {
            match v {
                serde_json::Value::Object(m) => m.into_iter().map(|(k, v)| (k, keys(v))).collect(),
                serde_json::Value::Array(a) => a.into_iter().map(keys).collect(),
                v => v,
            }
        }
        let mut options = serde_saphyr::Options::default();
        options.strict_booleans = true;
        keys(serde_saphyr::from_str_with_options(&text, options).unwrap())
    }
}

/// The committed schema, with `format` checked (as editors check `"format": "date"`).
fn schema_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schema/school.schema.json").unwrap())
            .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn schema_problems(validator: &jsonschema::Validator, path: &std::path::Path) -> Vec<String> {
    let doc = as_json(path);
    validator
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn init_templates_and_samples_validate_against_the_schema() {
    let validator = schema_validator();
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for format in ["toml", "yaml"] {
        let path = dir.path().join(format!("truong.{format}"));
        let out = chuan()
            .args(["init", "--format", format, "--dossier-date", "2023-11-13"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        files.push(path);
    }
    let mut samples: Vec<std::path::PathBuf> = std::fs::read_dir("schools")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "yaml"))
        .collect();
    samples.sort();
    assert!(samples.len() >= 5);
    files.extend(samples);
    for f in &files {
        let problems = schema_problems(&validator, f);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            f.display(),
            problems.join("\n")
        );
    }
    // and the schema is not vacuous: a wrong type and an unknown fact are problems
    let bad = dir.path().join("bad.yaml");
    let init_yaml = std::fs::read_to_string(&files[1]).unwrap();
    assert!(init_yaml.contains("staff_total: ~"), "{init_yaml}");
    std::fs::write(
        &bad,
        init_yaml.replace("staff_total: ~", "staff_total: nhiều\n  staff_totl: 3"),
    )
    .unwrap();
    assert_eq!(schema_problems(&validator, &bad).len(), 2);
}

/// What `check` finds that no JSON Schema can say, by fixture: the editor cannot flag these.
const BEYOND_A_SCHEMA: &[(&str, &str)] = &[(
    "subset.toml",
    "a part larger than its whole compares two facts (lecturers_fulltime ≤ lecturers_total)",
)];

#[test]
fn the_schema_and_check_reject_the_same_bad_fixtures() {
    let validator = schema_validator();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        let out = chuan().arg("check").arg(f).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "check accepts {name}");
        // a file that does not parse is red in the editor already
        let text = std::fs::read_to_string(f).unwrap();
        let parses = if name.ends_with(".toml") {
            toml::from_str::<toml::Value>(&text).is_ok()
        } else {
            serde_saphyr::from_str::<serde_json::Value>(&text).is_ok()
        };
        if !parses {
            continue;
        }
        let problems = schema_problems(&validator, f);
        match BEYOND_A_SCHEMA.iter().find(|(n, _)| *n == name) {
            Some((_, why)) => assert!(
                problems.is_empty(),
                "{name} ({why}) is caught now: {problems:?}"
            ),
            None => assert!(
                !problems.is_empty(),
                "the schema accepts {name}, which check rejects"
            ),
        }
    }
}

#[test]
fn the_schema_checks_dates_and_which_indicators_may_be_not_applicable() {
    let validator = schema_validator();
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    let case = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (
            schema_problems(&validator, &path),
            chuan().arg("check").arg(&path).output().unwrap(),
        )
    };
    // 30 February: the pattern fits, the date does not exist
    let (problems, out) = case(
        "feb30.toml",
        sample.replacen(
            "dossier_date = 2023-11-13",
            "dossier_date = \"2023-02-30\"",
            1,
        ),
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(out.status.code(), Some(2));
    // "not applicable" where the set allows it (2.6) is fine for both; where it does not, neither
    let set = chuan::criteria::embedded_set();
    let allowed = set
        .indicators
        .iter()
        .find(|i| i.not_applicable_allowed)
        .unwrap();
    let refused = set
        .indicators
        .iter()
        .find(|i| !i.not_applicable_allowed)
        .unwrap();
    for (ind, ok) in [(allowed, true), (refused, false)] {
        let text = format!(
            "{sample}\n[statuses.\"{}\"]\nstatus = \"not_applicable\"\nreason = \"không có\"\n",
            ind.id
        );
        let (problems, out) = case(&format!("na-{}.toml", ind.id), text);
        assert_eq!(problems.is_empty(), ok, "{}: {problems:?}", ind.id);
        assert_eq!(out.status.code() == Some(0), ok, "{}", ind.id);
    }
}
