//! Snapshot tests of the text, Markdown and JSON reports for every sample school.

use crate::common::chuan;

fn report(file: &str, args: &[&str]) -> String {
    let out = chuan()
        .arg("check")
        .arg(file)
        .args(args)
        .arg("--color")
        .arg("never")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

macro_rules! snapshots {
    ($($name:ident => $file:expr),* $(,)?) => {
        $(
            mod $name {
                use super::report;
                #[test]
                fn text() {
                    insta::assert_snapshot!(report($file, &[]));
                }
                #[test]
                fn markdown() {
                    insta::assert_snapshot!(report($file, &["--format", "markdown"]));
                }
                #[test]
                fn json() {
                    insta::assert_snapshot!(report($file, &["--format", "json"]));
                }
            }
        )*
    };
}

snapshots! {
    lai_chau_2023 => "schools/lai-chau-2023.toml",
    ha_noi_2023 => "schools/ha-noi-le-hong-phong-2023.toml",
    cao_bang_2025 => "schools/cao-bang-2025.toml",
    mau_muc_2 => "schools/mau-muc-2-2026.toml",
    thai_nguyen_2023 => "schools/thai-nguyen-2023.toml",
}

#[test]
fn english_text_and_level_2_detail() {
    insta::assert_snapshot!(report(
        "schools/lai-chau-2023.toml",
        &["--lang", "en", "--level", "2"]
    ));
}

#[test]
fn json_has_the_documented_stable_shape() {
    let v: serde_json::Value =
        serde_json::from_str(&report("schools/lai-chau-2023.toml", &["--format", "json"])).unwrap();
    assert_eq!(v["format"], "chuan.check");
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["summary"]["total"], 55);
    for key in ["met", "not_met", "unknown", "not_applicable", "waived"] {
        assert!(v["summary"]["level1"][key].is_u64(), "{key}");
        assert!(v["summary"]["level2"][key].is_u64(), "{key}");
    }
    assert_eq!(v["summary"]["level1"]["met"], 26);
    assert_eq!(v["summary"]["attained_level"], 0);
    assert!(v["summary"]["exceeded"].is_u64());
    let inds = v["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 55);
    let i26 = inds.iter().find(|i| i["id"] == "2.6").unwrap();
    assert_eq!(i26["group"], 2);
    assert_eq!(i26["provenance"], "confirmed");
    assert_eq!(i26["exceeded"], false);
    assert_eq!(i26["level1"]["status"], "not_met");
    assert_eq!(i26["level1"]["threshold"], 60);
    assert_eq!(i26["level1"]["value"], 14.29);
    assert_eq!(i26["level1"]["gap"]["amount"], 16);
    assert_eq!(i26["level2"]["threshold"], 70);
}

#[test]
fn no_colour_codes_when_not_a_terminal_or_no_color() {
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\x1b[31m✗"),
        "--color always overrides NO_COLOR"
    );
    // `auto` follows the environment's colour conventions, for a pipe too
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let forced = String::from_utf8(out.stdout).unwrap();
    assert!(forced.contains("\x1b[31m✗"), "CLICOLOR_FORCE paints a pipe");
    let plain = |t: &str| {
        let mut out = String::new();
        let mut rest = t;
        while let Some(i) = rest.find('\x1b') {
            out.push_str(&rest[..i]);
            rest = &rest[i + rest[i..].find('m').unwrap() + 1..];
        }
        out + rest
    };
    assert_eq!(plain(&forced), plain(&text), "the same report, painted");
}

#[test]
fn templates_can_be_overridden_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("check.txt.j2"),
        "{{ ev.school.name }}: {{ ev.summary.level1.met }}/{{ ev.summary.total }}\n",
    )
    .unwrap();
    let text = report(
        "schools/lai-chau-2023.toml",
        &["--templates", dir.path().to_str().unwrap()],
    );
    assert_eq!(text, "Trường Chính trị tỉnh Lai Châu: 26/55\n");
}

/// Without `--templates`, the text check report is printed directly from the evaluation; with
/// them, `check.txt.j2` renders it. The two must be the same bytes: every bundled sample,
/// fixture schools of other sets, hundreds of generated schools (waivers, not-applicable
/// declarations, zero denominators, missing years, past failures), hostile text, in both
/// languages, at both levels, with and without colour.
#[test]
fn the_direct_text_report_is_the_template_byte_for_byte() {
    use chuan::criteria::CriteriaSet;
    use chuan::eval::evaluate;
    use chuan::model::Level;
    use chuan::render::{Format, RenderOptions, Templates, check_text_direct, render};
    use chuan::text::Lang;

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("templates/check.txt.j2", dir.path().join("check.txt.j2")).unwrap();
    let template = Templates::with_overrides(dir.path()).unwrap();
    let embedded = crate::common::embedded_set();
    let mini = crate::common::mini_set();
    let successor = CriteriaSet::load_dir(std::path::Path::new("tests/fixtures/successor-set"))
        .expect("the successor set is valid");
    // the embedded set with recruiting cheaper than reassigning: gaps that take the add path
    let add_first = tempfile::tempdir().unwrap();
    let add_first = crate::common::set_recruiting_first(add_first.path());

    // (name, set, file text)
    let mut cases: Vec<(String, &CriteriaSet, String, chuan::tree::Format)> = Vec::new();
    let files = std::fs::read_dir("schools")
        .unwrap()
        .chain(std::fs::read_dir("tests/fixtures/trend").unwrap());
    for entry in files {
        let path = entry.unwrap().path();
        let format = chuan::tree::Format::from_path(&path.display().to_string()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        cases.push((path.display().to_string(), embedded, text, format));
    }
    // hostile text: controls and bidi overrides in every field a person writes
    let lai_chau = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    let hostile = lai_chau
        .replace(
            "name = \"Trường Chính trị tỉnh Lai Châu\"",
            "name = \"Trường\\u001b[2J \\u202eLai Châu\"\npredecessors = [\"A\\tB\", \"C\\u0007\"]",
        )
        .replace("[facts]", "[statuses.\"1.1\"]\nstatus = \"waived\"\nreason = \"chờ\\u0000 ý kiến\"\napprover = \"Hội đồng\\u202e\"\nexpires = 2030-01-01\n\n[statuses.\"2.12\"]\nstatus = \"not_applicable\"\nreason = \"chưa\\nthi\"\n\n[facts]");
    assert!(
        hostile.contains("\\u202eLai") && hostile.contains("[statuses.\"1.1\"]"),
        "the sample's name line or [facts] moved: update this test"
    );
    cases.push((
        "hostile".into(),
        embedded,
        hostile,
        chuan::tree::Format::Toml,
    ));
    for facts in [
        "part = 3\nwhole = 5",
        "part = 0\nwhole = 0",
        "part = 29\nwhole = 50\narea = 999.5\nitems = 9\nincidents = 1\nflag_a = false",
        "part = 30\nwhole = 50\narea = 1000.25\nitems = 11\nincidents = 0\nflag_a = true\nflag_b = false",
        "",
    ] {
        cases.push((
            format!("mini: {facts}"),
            &mini,
            crate::common::mini_school_toml(facts),
            chuan::tree::Format::Toml,
        ));
    }
    for entry in std::fs::read_dir("tests/fixtures/successor-set/tests").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // the school without the criteria test's description and expectations
        let school: String = text
            .split("\n[expect]")
            .next()
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("description"))
            .collect::<Vec<_>>()
            .join("\n");
        cases.push((
            path.display().to_string(),
            &successor,
            school,
            chuan::tree::Format::Toml,
        ));
    }
    for seed in 0..150 {
        let (name, text) = crate::plans_hold::generated_school(seed);
        if seed % 3 == 0 {
            cases.push((
                format!("{name}, add path first"),
                &add_first,
                text.clone(),
                chuan::tree::Format::Toml,
            ));
        }
        cases.push((name, embedded, text, chuan::tree::Format::Toml));
    }
    cases.push((
        "Lai Châu, add path first".into(),
        &add_first,
        lai_chau.clone(),
        chuan::tree::Format::Toml,
    ));

    // what the corpus covers, so that a change to it cannot quietly stop covering a branch
    let mut seen = std::collections::BTreeSet::new();
    for (name, set, text, format) in &cases {
        let school =
            chuan::school::School::from_source(&chuan::diag::Source::new(name, text), *format, set)
                .unwrap_or_else(|d| panic!("{name}: {d:#?}"));
        let ev = evaluate(set, &school);
        for r in &ev.indicators {
            use chuan::eval::Gap;
            for lr in [&r.level1, &r.level2] {
                seen.insert(match &lr.gap {
                    Some(Gap::Ratio {
                        add: Some(_),
                        path: chuan::model::RatioPath::Add,
                        ..
                    }) => "ratio, add path",
                    Some(Gap::Ratio { add: Some(_), .. }) => "ratio, two paths",
                    Some(Gap::Ratio { .. }) => "ratio",
                    Some(Gap::Cap { grow: Some(_), .. }) => "cap, grow",
                    Some(Gap::Cap { .. }) => "cap",
                    Some(Gap::Shortfall { .. }) => "shortfall",
                    Some(Gap::Excess {
                        roll_off: Some(_), ..
                    }) => "excess, dated",
                    Some(Gap::Excess { .. }) => "excess",
                    Some(Gap::Flags { .. }) => "flags",
                    Some(Gap::Years { .. }) => "years",
                    None => "no gap",
                });
                for (present, what) in [
                    (lr.near_miss, "near miss"),
                    (!lr.missing_years.is_empty(), "missing years"),
                    (lr.reason == Some("zero_denominator"), "zero denominator"),
                    (lr.grade.is_some(), "grade"),
                    (r.waiver_problem.is_some(), "waiver problem"),
                    (r.declared.is_some(), "declared status"),
                ] {
                    if present {
                        seen.insert(what);
                    }
                }
            }
        }
        for lang in [Lang::Vi, Lang::En] {
            for level in Level::BOTH {
                for color in [false, true] {
                    let opts = RenderOptions {
                        format: Format::Text,
                        lang,
                        level,
                        color,
                        gate: None,
                    };
                    let direct = check_text_direct(&ev, set, &opts)
                        .unwrap_or_else(|| panic!("{name}: not printed directly"));
                    let through = render(&ev, set, &template, &opts).unwrap();
                    if direct != through {
                        let line = direct
                            .lines()
                            .zip(through.lines())
                            .position(|(a, b)| a != b)
                            .unwrap_or(0);
                        panic!(
                            "{name} ({lang:?}, level {}, colour {color}) differs at line {}:\n\
                             direct:   {:?}\ntemplate: {:?}",
                            level.number(),
                            line + 1,
                            direct.lines().nth(line),
                            through.lines().nth(line)
                        );
                    }
                    assert_eq!(
                        render(&ev, set, &Templates::embedded(), &opts).unwrap(),
                        direct,
                        "{name}: `check` prints the direct report"
                    );
                }
            }
        }
    }
    // (a cap without `grow` needs a 0 % cap, which no set here has)
    for what in [
        "ratio, add path",
        "ratio, two paths",
        "ratio",
        "cap, grow",
        "shortfall",
        "excess, dated",
        "excess",
        "flags",
        "years",
        "near miss",
        "missing years",
        "zero denominator",
        "grade",
        "waiver problem",
        "declared status",
    ] {
        assert!(seen.contains(what), "no case has `{what}`: {seen:?}");
    }
}
