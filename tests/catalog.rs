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
    assert_eq!(
        v["properties"]["facts"]["properties"]["staff_total"]["type"],
        "integer"
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
}
