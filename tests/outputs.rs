//! The JSON outputs and their published schemas (schema/<command>.output.schema.json): the
//! committed schemas are the generated ones, and what every command prints validates against its
//! own, on every bundled sample and on the cases that fill the optional parts (gates, data
//! requests, waits, diagnostics).

use crate::common::{chuan, stdout};

const SAMPLES: &[&str] = &[
    "schools/cao-bang-2025.toml",
    "schools/ha-noi-le-hong-phong-2023.toml",
    "schools/ha-noi-le-hong-phong-2023.yaml",
    "schools/lai-chau-2023.toml",
    "schools/mau-muc-2-2026.toml",
    "schools/thai-nguyen-2023.toml",
];

fn committed(command: &str) -> serde_json::Value {
    let path = format!("schema/{}", chuan::outputs::file_name(command));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn committed_output_schemas_are_up_to_date() {
    for command in chuan::catalog::OUTPUT_COMMANDS {
        let file = chuan::outputs::file_name(command);
        let committed = std::fs::read_to_string(format!("schema/{file}")).unwrap();
        assert!(
            committed == stdout(&["schema", "--output", command]),
            "schema/{file} is out of date; regenerate it with:\n    cargo run -q -- schema --output {command} > schema/{file}"
        );
    }
    // the CLI prints the library's schema, and no output is left without one
    assert_eq!(
        stdout(&["schema", "--output", "check"]),
        chuan::catalog::output_schema_text("check").unwrap()
    );
    let listed = std::fs::read_dir("schema")
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.ends_with(".output.schema.json"))
        .count();
    assert_eq!(listed, chuan::catalog::OUTPUT_COMMANDS.len());
}

/// Validates one output against its command's schema and returns it parsed.
fn valid_output(command: &str, args: &[&str], code: i32) -> serde_json::Value {
    let out = chuan().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "chuan {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // chuan's JSON writer (json.rs) lays out what serde_json's pretty printer would
    assert!(
        out.stdout == (serde_json::to_string_pretty(&doc).unwrap() + "\n").as_bytes(),
        "chuan {args:?}: the JSON is not laid out as serde_json lays it out"
    );
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&committed(command))
        .unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "chuan {args:?} does not match schema/{}:\n{}",
        chuan::outputs::file_name(command),
        problems.join("\n")
    );
    assert_eq!(doc["format"], format!("chuan.{command}"));
    doc
}

#[test]
fn check_json_matches_its_schema() {
    for sample in SAMPLES {
        for lang in ["vi", "en"] {
            let doc = valid_output(
                "check",
                &["check", sample, "--format", "json", "--lang", lang],
                0,
            );
            assert!(doc["gate"].is_null());
        }
    }
    // a gate that fails fills `gate`
    let doc = valid_output(
        "check",
        &[
            "check",
            "schools/lai-chau-2023.toml",
            "--format",
            "json",
            "--require-level",
            "1",
        ],
        1,
    );
    assert_eq!(doc["gate"]["passed"], false);

    // the schema is not a rubber stamp: a changed status, a string count or a missing part fail
    let validator = jsonschema::validator_for(&committed("check")).unwrap();
    assert!(validator.is_valid(&doc));
    for (pointer, bad) in [
        ("/indicators/0/level1/status", serde_json::json!("passed")),
        ("/summary/total", serde_json::json!("55")),
        ("/format_version", serde_json::json!(2)),
        ("/summary/level1", serde_json::json!(null)),
    ] {
        let mut wrong = doc.clone();
        *wrong.pointer_mut(pointer).unwrap() = bad;
        assert!(
            !validator.is_valid(&wrong),
            "{pointer} changed and still valid"
        );
    }
    let mut wrong = doc.clone();
    wrong.as_object_mut().unwrap().remove("indicators");
    assert!(!validator.is_valid(&wrong));
}

#[test]
fn roadmap_json_matches_its_schema() {
    for sample in SAMPLES {
        for level in ["1", "2"] {
            let args = [
                "roadmap",
                sample,
                "--format",
                "json",
                "--level",
                level,
                "--start",
                "2026-01-01",
            ];
            valid_output("roadmap", &args, 0);
        }
    }
    // Thái Nguyên has missing data: its plan carries data requests
    let doc = valid_output(
        "roadmap",
        &[
            "roadmap",
            "schools/thai-nguyen-2023.toml",
            "--format",
            "json",
            "--deadline",
            "2027-01-01",
        ],
        0,
    );
    assert!(doc.to_string().contains("data_request"));
}

#[test]
fn whatif_list_and_explain_free_outputs_match_their_schemas() {
    let doc = valid_output(
        "whatif",
        &[
            "whatif",
            "schools/lai-chau-2023.toml",
            "--set",
            "lecturers_principal_rank_plus=21",
            "--format",
            "json",
        ],
        0,
    );
    assert!(!doc["changes"].as_array().unwrap().is_empty());
    for lang in ["vi", "en"] {
        let doc = valid_output("list", &["list", "--format", "json", "--lang", lang], 0);
        assert_eq!(doc["indicators"].as_array().unwrap().len(), 55);
    }
}

#[test]
fn validate_json_matches_its_schema_with_and_without_findings() {
    let mut args = vec![
        "validate",
        "--format",
        "json",
        "--criteria",
        "criteria/qd11-2021",
    ];
    args.extend(SAMPLES);
    let doc = valid_output("validate", &args, 0);
    assert_eq!(doc["valid"], true);
    let doc = valid_output(
        "validate",
        &[
            "validate",
            "--format",
            "json",
            "tests/fixtures/bad/series.toml",
            "tests/fixtures/bad/unknown-key.toml",
        ],
        2,
    );
    assert_eq!(doc["valid"], false);
    assert!(doc["errors"].as_u64().unwrap() > 0);
}

#[test]
fn board_outputs_match_their_schemas() {
    let doc = valid_output("compare", &["compare", "schools", "--format", "json"], 0);
    assert!(!doc["board"]["schools"].as_array().unwrap().is_empty());
    valid_output(
        "diff",
        &[
            "diff",
            "schools/lai-chau-2023.toml",
            "tests/fixtures/trend/lai-chau-2025.toml",
            "--format",
            "json",
        ],
        0,
    );
    valid_output(
        "trend",
        &[
            "trend",
            "schools/lai-chau-2023.toml",
            "tests/fixtures/trend/lai-chau-2024.toml",
            "tests/fixtures/trend/lai-chau-2025.toml",
            "--format",
            "json",
        ],
        0,
    );
}
