//! Each bundled sample's exact counts and the statuses of named indicators.

use chuan::decimal::Dec;
use chuan::eval::{AddPath, Gap, Status};
use chuan::model::RatioPath;

use crate::common::{embedded_eval, ind};

fn not_met_l1(ev: &chuan::eval::Evaluation) -> Vec<&str> {
    ev.indicators
        .iter()
        .filter(|i| i.level1.status != Status::Met)
        .map(|i| i.id.as_str())
        .collect()
}

#[test]
fn lai_chau_2023_is_26_of_55() {
    let ev = embedded_eval("schools/lai-chau-2023.toml");
    let s = &ev.summary;
    assert_eq!(s.total, 55);
    assert_eq!(
        (
            s.level1.counts.met,
            s.level1.counts.not_met,
            s.level1.counts.unknown
        ),
        (26, 29, 0)
    );
    assert_eq!(s.attained_level, 0);
    assert_eq!(
        not_met_l1(&ev),
        [
            "1.6", "2.2", "2.5", "2.6", "2.8", "2.9", "2.10", "2.11", "2.13", "3.3", "3.4", "3.5",
            "3.6", "3.8", "3.9", "3.11", "4.1", "4.3", "4.4", "4.5", "4.6", "4.8", "4.9", "6.2",
            "6.3", "6.4", "6.5", "6.6", "6.7"
        ]
    );
    // 2.6: 5 of 35 lecturers at principal rank (14 % in the source), 16 more whole lecturers
    let r = ind(&ev, "2.6");
    assert_eq!(r.level1.status, Status::NotMet);
    assert_eq!(
        r.level1.gap,
        Some(Gap::Ratio {
            numerator: "lecturers_principal_rank_plus".into(),
            denominator: "lecturers_total".into(),
            current: Dec::from_int(5),
            of: Dec::from_int(35),
            target: Dec::from_int(21),
            amount: Dec::from_int(16),
            // or 40 new principal lecturers: 45/75 = 60 %; the set's rule keeps the fewer people
            add: Some(AddPath {
                amount: Dec::from_int(40),
                target: Dec::from_int(45),
                of: Dec::from_int(75),
            }),
            path: RatioPath::Convert,
        })
    );
    assert_eq!(r.level1.value, Dec::parse("14.29"));
    // 1.6: the missing implementation plan
    assert_eq!(
        ind(&ev, "1.6").level1.gap,
        Some(Gap::Flags {
            facts: vec!["development_scheme_plan_issued".into()]
        })
    );
    // 2.13: the pandemic year fails and leaves the window on 1/1/2026
    assert!(
        matches!(&ind(&ev, "2.13").level1.gap, Some(Gap::Years { years, roll_off })
        if years.len() == 1 && years[0].year == 2020 && roll_off.to_string() == "2026-01-01")
    );
    // 6.1 passes level 1 (17 980 m²) but not level 2
    assert_eq!(
        (ind(&ev, "6.1").level1.status, ind(&ev, "6.1").level2.status),
        (Status::Met, Status::NotMet)
    );
}

#[test]
fn ha_noi_le_hong_phong_2023_is_39_of_55() {
    let ev = embedded_eval("schools/ha-noi-le-hong-phong-2023.toml");
    let s = &ev.summary;
    assert_eq!((s.level1.counts.met, s.level1.counts.not_met), (39, 16));
    assert_eq!(
        not_met_l1(&ev),
        [
            "1.4", "1.6", "3.4", "3.5", "3.6", "3.8", "3.9", "4.5", "4.6", "4.9", "6.2", "6.3",
            "6.4", "6.5", "6.6", "6.7"
        ]
    );
    // every staff indicator passes
    assert!(
        ev.indicators
            .iter()
            .filter(|i| i.group == 2)
            .all(|i| i.level1.status == Status::Met)
    );
}

#[test]
fn yaml_twin_gives_the_same_result() {
    let toml = embedded_eval("schools/ha-noi-le-hong-phong-2023.toml");
    let yaml = embedded_eval("schools/ha-noi-le-hong-phong-2023.yaml");
    let strip = |ev: &chuan::eval::Evaluation| {
        let mut v = serde_json::to_value(ev).unwrap();
        v["school"]["file"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&toml), strip(&yaml));
}

#[test]
fn cao_bang_2025_reaches_level_1_with_8_exceeded() {
    let ev = embedded_eval("schools/cao-bang-2025.toml");
    let s = &ev.summary;
    assert_eq!(s.level1.counts.met, 55);
    assert!(s.level1.attained);
    assert_eq!(s.attained_level, 1);
    assert_eq!(s.exceeded, 8);
    let exceeded: Vec<&str> = ev
        .indicators
        .iter()
        .filter(|i| i.exceeded)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        exceeded,
        ["2.1", "2.2", "3.1", "3.11", "4.2", "4.3", "4.5", "6.3"]
    );
    // 80/89 = 89.89 %: the source's 89.9 %
    assert_eq!(ind(&ev, "2.1").level1.value, Dec::parse("89.89"));
}

#[test]
fn fictional_school_reaches_level_2() {
    let ev = embedded_eval("schools/mau-muc-2-2026.toml");
    assert_eq!(ev.summary.level2.counts.met, 55);
    assert_eq!(ev.summary.attained_level, 2);
    // met at level 2 implies met at level 1
    assert!(ev.indicators.iter().all(|i| i.level1.status == Status::Met));
}

#[test]
fn thai_nguyen_2023_with_missing_data_is_43_to_47() {
    let ev = embedded_eval("schools/thai-nguyen-2023.toml");
    let l1 = &ev.summary.level1;
    assert_eq!(
        (l1.counts.met, l1.counts.not_met, l1.counts.unknown),
        (43, 8, 4)
    );
    assert_eq!(
        l1.best_case, 47,
        "the published 47/55 is the upper end of the range"
    );
    let unknown: Vec<&str> = ev
        .indicators
        .iter()
        .filter(|i| i.level1.status == Status::Unknown)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(unknown, ["3.6", "3.10", "3.11", "4.7"]);
    assert_eq!(
        ind(&ev, "3.10").level1.missing,
        [
            "tcllct_learners_graduated_in_window",
            "tcllct_learners_enrolled_in_window"
        ]
    );
}

#[test]
fn summary_counts_add_up_for_every_sample() {
    for f in std::fs::read_dir("schools").unwrap() {
        let path = f.unwrap().path();
        let ev = embedded_eval(path.to_str().unwrap());
        let s = &ev.summary;
        assert_eq!(s.level1.counts.total(), 55, "{path:?}");
        assert_eq!(s.level2.counts.total(), 55, "{path:?}");
        let groups: usize = s.groups.iter().map(|g| g.level1.met).sum();
        assert_eq!(groups, s.level1.counts.met, "{path:?}");
        assert!(s.level2.counts.met <= s.level1.counts.met);
        assert_eq!(s.reconstructed, 48);
    }
}
