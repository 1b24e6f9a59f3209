//! Properties over many generated schools.

use std::collections::BTreeMap;

use chuan::criteria::CriteriaSet;
use chuan::decimal::Dec;
use chuan::eval::{Status, evaluate};
use chuan::model::{FactValue, Value};
use chuan::school::School;
use proptest::prelude::*;

use crate::common::embedded_school;

/// Facts whose every use agrees on a direction: +1 = more is better (numerators, counts,
/// quantities, booleans), -1 = less is better (max_count). Facts used as a denominator anywhere
/// are left out: a new hire can lower another ratio, which is the point of joint planning.
fn directions(set: &CriteriaSet) -> BTreeMap<String, i8> {
    let mut dir: BTreeMap<String, Option<i8>> = BTreeMap::new();
    let mut vote = |f: &str, d: i8| {
        let e = dir.entry(f.to_string()).or_insert(Some(d));
        if *e != Some(d) {
            *e = None;
        }
    };
    for i in &set.indicators {
        for (f, d) in i.rule.kind().directions() {
            vote(f, d);
        }
    }
    dir.into_iter()
        .filter_map(|(f, d)| d.filter(|d| *d != 0).map(|d| (f, d)))
        .collect()
}

fn improve(v: &Value, dir: i8, k: i64) -> Value {
    match v {
        Value::Bool(_) => Value::Bool(true),
        Value::Num(d) if dir > 0 => Value::Num(*d + Dec::from_int(k)),
        Value::Num(d) => Value::Num(if *d > Dec::from_int(k) {
            *d - Dec::from_int(k)
        } else {
            Dec::ZERO
        }),
        // a better grade has a lower rank
        Value::Grade(code, rank) => Value::Grade(code.clone(), rank.saturating_sub(k as usize)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn improving_a_fact_never_lowers_the_met_count(pick in 0usize..1000, k in 1i64..30, year in 0usize..5) {
        let (set, mut school) = embedded_school("schools/lai-chau-2023.toml");
        let before = evaluate(set, &school).summary;
        let dirs = directions(set);
        let (fact, dir) = dirs.iter().nth(pick % dirs.len()).unwrap();
        let Some(current) = school.facts.get_mut(fact) else { return Ok(()) };
        match current {
            FactValue::Scalar(v) => *v = improve(v, *dir, k),
            FactValue::Series(ys) => {
                if let Some((_, v)) = ys.iter_mut().nth(year) {
                    *v = improve(v, *dir, k);
                }
            }
        }
        let after = evaluate(set, &school).summary;
        prop_assert!(after.level1.counts.met >= before.level1.counts.met, "{fact}");
        prop_assert!(after.level2.counts.met >= before.level2.counts.met, "{fact}");
    }

    #[test]
    fn summaries_add_up_and_level_2_implies_level_1(
        staff in 1i64..120, lect_share in 0u32..=100, sub in proptest::collection::vec(0u32..=100, 8),
        counts in proptest::collection::vec(0i64..30, 6), drop in proptest::collection::vec(any::<bool>(), 10),
    ) {
        let (set, mut school) = embedded_school("schools/lai-chau-2023.toml");
        let lecturers = staff * i64::from(lect_share) / 100;
        let part = |i: usize| Value::Num(Dec::from_int(lecturers * i64::from(sub[i]) / 100));
        school.facts.insert("staff_total".into(), FactValue::Scalar(Value::Num(Dec::from_int(staff))));
        school.facts.insert("lecturers_total".into(), FactValue::Scalar(Value::Num(Dec::from_int(lecturers))));
        for (i, f) in ["lecturers_with_masters_plus", "lecturers_with_doctorate", "lecturers_with_classics_cert", "lecturers_principal_rank_plus",
                       "lecturers_meeting_llct_rule", "lecturers_with_pedagogy_cert", "lecturers_with_journal_article_in_window", "lecturers_active_methods_demo_in_window"].iter().enumerate() {
            school.facts.insert((*f).into(), FactValue::Scalar(part(i)));
        }
        for (i, f) in ["school_projects_accepted_in_window", "provincial_projects_accepted_in_window", "books_published_in_window",
                       "staff_disciplined_in_window", "classrooms_total", "post_training_surveys_in_window"].iter().enumerate() {
            school.facts.insert((*f).into(), FactValue::Scalar(Value::Num(Dec::from_int(counts[i]))));
        }
        // drop some facts to make indicators unknown
        let names: Vec<String> = school.facts.keys().cloned().collect();
        for (i, d) in drop.iter().enumerate() {
            if *d { school.facts.remove(&names[(i * 7) % names.len()]); }
        }
        let ev = evaluate(set, &school);
        let s = &ev.summary;
        prop_assert_eq!(s.level1.counts.total(), 55);
        prop_assert_eq!(s.level2.counts.total(), 55);
        prop_assert_eq!(s.groups.iter().map(|g| g.level1.met + g.level1.not_met + g.level1.unknown + g.level1.waived + g.level1.not_applicable).sum::<usize>(), 55);
        prop_assert!(s.level1.best_case >= s.level1.counts.met);
        for r in &ev.indicators {
            if r.level2.status == Status::Met {
                prop_assert_eq!(r.level1.status, Status::Met, "{}", r.id);
            }
            if r.exceeded {
                prop_assert_eq!(r.level1.status, Status::Met, "{}", r.id);
            }
        }
        // JSON output is valid and stable when parsed and printed again
        let json = chuan::render::json(&ev, None);
        let reparsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string_pretty(&reparsed).unwrap() + "\n", json);
    }

    #[test]
    fn no_input_makes_the_loaders_panic(text in "\\PC{0,400}") {
        let set = crate::common::embedded_set();
        for format in [chuan::tree::Format::Toml, chuan::tree::Format::Yaml] {
            let _ = School::from_source(&chuan::diag::Source::new("fuzz", text.clone()), format, set);
        }
    }

    #[test]
    fn mutated_sample_files_never_panic(cut in 0usize..6000, insert in "[\\[\\]=\"'{}:#\\n0-9a-z_.-]{0,12}") {
        let set = crate::common::embedded_set();
        for (path, format) in [("schools/lai-chau-2023.toml", chuan::tree::Format::Toml), ("schools/ha-noi-le-hong-phong-2023.yaml", chuan::tree::Format::Yaml)] {
            let mut text = std::fs::read_to_string(path).unwrap();
            let mut at = cut % text.len();
            while !text.is_char_boundary(at) { at -= 1; }
            text.insert_str(at, &insert);
            let _ = School::from_source(&chuan::diag::Source::new(path, text), format, set);
        }
    }
}
