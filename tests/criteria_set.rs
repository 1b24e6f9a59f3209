//! The embedded QĐ 11 set and the validation of criteria sets.

use std::collections::BTreeMap;

use chuan::criteria::CriteriaSet;
use chuan::diag::Source;
use chuan::model::Provenance;

/// The binary starts from build.rs's snapshot of the set; it must be the set the TOML gives, to
/// the last field (thresholds as exact decimals, rules, roadmap terms, the fact index).
#[test]
fn the_build_time_snapshot_is_the_set_its_toml_gives() {
    let sources: Vec<Source> = chuan::criteria::embedded_files()
        .map(|(path, text)| {
            Source::new(
                format!(
                    "<embedded>/criteria/{}/{path}",
                    chuan::criteria::DEFAULT_SET
                ),
                text,
            )
        })
        .collect();
    let parsed = CriteriaSet::from_sources(&sources).unwrap();
    let from_disk = CriteriaSet::load_dir(std::path::Path::new("criteria/qd11-2021")).unwrap();
    let snapshot = chuan::criteria::embedded_set();
    for other in [&parsed, &from_disk] {
        assert_eq!(format!("{:?}", other.meta), format!("{:?}", snapshot.meta));
        assert_eq!(
            format!("{:?}", other.levels),
            format!("{:?}", snapshot.levels)
        );
        assert_eq!(
            format!("{:?}", other.groups),
            format!("{:?}", snapshot.groups)
        );
        assert_eq!(
            format!("{:?}", other.enums),
            format!("{:?}", snapshot.enums)
        );
        assert_eq!(
            format!("{:?}", other.facts),
            format!("{:?}", snapshot.facts)
        );
        assert_eq!(
            format!("{:?}", other.indicators),
            format!("{:?}", snapshot.indicators)
        );
        assert_eq!(other.window_years, snapshot.window_years);
        assert_eq!(other.exceeded_rule, snapshot.exceeded_rule);
    }
    for f in &parsed.facts {
        assert_eq!(snapshot.fact(&f.name).map(|d| &d.name), Some(&f.name));
    }
    // thresholds stay exact decimals, not floats
    assert!(format!("{:?}", snapshot.indicators).contains("Dec("));
    assert!(CriteriaSet::from_snapshot(b"not a snapshot", &[]).is_err());
}

/// The embedded set's texts are read in place from the binary's string table, not copied: a
/// check no longer allocates the titles, labels, units and evidence of 55 indicators and their
/// facts. A set read from a folder owns its texts.
#[test]
fn the_embedded_sets_texts_borrow_from_the_binary() {
    use std::borrow::Cow;
    let borrowed = |t: &Cow<'static, str>| matches!(t, Cow::Borrowed(_));
    let set = chuan::criteria::embedded_set();
    for i in &set.indicators {
        let r = &i.roadmap;
        for t in [
            &i.title_vi,
            &i.title_en,
            &i.basis,
            &i.evidence_vi,
            &i.evidence_en,
        ]
        .into_iter()
        .chain([&r.action_vi, &r.action_en])
        .chain(
            r.convert
                .iter()
                .chain(&r.add)
                .flat_map(|p| [&p.action_vi, &p.action_en]),
        ) {
            assert!(borrowed(t), "{}: {t:?} was copied", i.id);
        }
    }
    for g in set.groups.iter().chain(&set.levels) {
        assert!(borrowed(&g.name_vi) && borrowed(&g.name_en), "{g:?}");
    }
    for v in set.enums.iter().flat_map(|e| &e.values) {
        assert!(borrowed(&v.label_vi) && borrowed(&v.label_en), "{v:?}");
    }
    for f in &set.facts {
        for t in [
            &f.unit_vi,
            &f.unit_en,
            &f.label_vi,
            &f.label_en,
            &f.noun_vi,
            &f.noun_en,
        ] {
            assert!(borrowed(t), "{}: {t:?} was copied", f.name);
        }
    }
    let read = CriteriaSet::load_dir(std::path::Path::new("criteria/qd11-2021")).unwrap();
    assert!(read.indicators.iter().all(|i| !borrowed(&i.title_vi)));
}

#[test]
fn embedded_set_has_55_indicators_split_6_14_11_9_7_8() {
    let set = chuan::criteria::embedded_set();
    assert_eq!(set.indicators.len(), 55);
    let mut per_group = BTreeMap::new();
    for i in &set.indicators {
        *per_group.entry(i.group).or_insert(0) += 1;
    }
    assert_eq!(
        per_group.values().copied().collect::<Vec<_>>(),
        [6, 14, 11, 9, 7, 8]
    );
    let confirmed: Vec<&str> = set
        .indicators
        .iter()
        .filter(|i| i.provenance == Provenance::Confirmed)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(confirmed, ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"]);
    assert!(
        set.indicators
            .iter()
            .all(|i| i.provenance_l2 == Provenance::Reconstructed),
        "no level-2 threshold is confirmed"
    );
    let mut kinds = BTreeMap::new();
    for i in &set.indicators {
        *kinds.entry(i.rule.kind_name()).or_insert(0) += 1;
    }
    assert_eq!(
        kinds,
        BTreeMap::from([
            ("boolean", 11),
            ("count", 12),
            ("every_year", 9),
            ("max_count", 4),
            ("quantity", 4),
            ("ratio", 15)
        ])
    );
}

#[test]
fn the_criteria_folder_on_disk_is_the_embedded_set() {
    let disk = CriteriaSet::load_dir(std::path::Path::new("criteria/qd11-2021")).unwrap();
    let embedded = chuan::criteria::embedded_set();
    assert_eq!(
        serde_json::to_value(&disk.indicators).unwrap(),
        serde_json::to_value(&embedded.indicators).unwrap()
    );
}

fn mini_files(extra: &str) -> Vec<Source> {
    let dir = "tests/fixtures/mini-set";
    let read = |p: &str| std::fs::read_to_string(format!("{dir}/{p}")).unwrap();
    vec![
        Source::new("set.toml", read("set.toml")),
        Source::new("facts.toml", read("facts.toml")),
        Source::new(
            "indicators/all-kinds.toml",
            read("indicators/all-kinds.toml") + extra,
        ),
    ]
}

fn errors(extra: &str, count_fix: bool) -> Vec<String> {
    let mut files = mini_files(extra);
    if count_fix {
        files[0].text = files[0]
            .text
            .replace("indicator_count = 9", "indicator_count = 10");
    }
    match CriteriaSet::from_sources(&files) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .into_iter()
            .map(|d| d.message(chuan::text::Lang::En))
            .collect(),
    }
}

const HEAD: &str = "\n[[indicator]]\nid = \"1.10\"\ngroup = 1\ntitle_vi = \"x\"\ntitle_en = \"x\"\nprovenance = \"reconstructed\"\nbasis = \"x\"\nevidence_vi = \"x\"\nevidence_en = \"x\"\n";

#[test]
fn criteria_errors_are_collected_and_named() {
    assert_eq!(errors("", false), Vec::<String>::new());
    let e = errors(
        &format!(
            "{HEAD}rule = {{ kind = \"ratio\", numerator = \"partt\", denominator = \"whole\", l1 = 80, l2 = 70 }}\nroadmap = {{ action_vi = \"x\", action_en = \"x\", lead_time_months = 1, cost = \"low\", depends_on = [\"1.99\"] }}\n"
        ),
        true,
    );
    assert_eq!(
        e,
        [
            "the rule names the undeclared fact `partt`",
            "level 2 (70) must be at least as strict (≥) as level 1 (80)",
        ]
    );
    let e = errors(
        &format!(
            "{HEAD}rule = {{ kind = \"count\", fact = \"items\", l1 = 1, l2 = 2 }}\nroadmap = {{ action_vi = \"x\", action_en = \"x\", lead_time_months = 1, cost = \"low\", depends_on = [\"1.99\"] }}\n"
        ),
        true,
    );
    assert_eq!(
        e,
        ["indicator `1.10` depends on the unknown indicator `1.99`"]
    );
    let e = errors(
        &format!(
            "{HEAD}rule = {{ kind = \"ratio\", numerator = \"part\", denominator = \"whole\", l1 = 120, l2 = 130 }}\nroadmap = {{ action_vi = \"x\", action_en = \"x\", lead_time_months = 1, cost = \"low\" }}\n"
        ),
        true,
    );
    assert_eq!(
        e,
        [
            "threshold `l1` = 120 lies outside 0–100",
            "threshold `l2` = 130 lies outside 0–100"
        ]
    );
}

#[test]
fn dependency_cycles_are_rejected() {
    let mut files = mini_files("");
    files[2].text = files[2].text.replace(
        "lead_time_months = 6, cost = \"low\" }",
        "lead_time_months = 6, cost = \"low\", depends_on = [\"1.2\"] }",
    );
    let diags = CriteriaSet::from_sources(&files).unwrap_err();
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message(chuan::text::Lang::En),
        "the dependencies form a cycle: 1.1 → 1.2 → 1.1"
    );
}

#[test]
fn unknown_keys_in_criteria_files_are_rejected_with_position() {
    let mut files = mini_files("");
    files[2].text = files[2]
        .text
        .replacen("basis = \"test\"", "basis = \"test\"\nbasiss = 1", 1);
    let diags = CriteriaSet::from_sources(&files).unwrap_err();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code(), "set-unknown-field");
    assert_eq!(
        diags[0].message(chuan::text::Lang::En),
        "unknown key `basiss`"
    );
    assert_eq!(
        diags[0].message(chuan::text::Lang::Vi),
        "khoá không xác định `basiss`"
    );
    assert_eq!(diags[0].file, "indicators/all-kinds.toml");
    assert!(diags[0].line > 1);
}
