#![no_main]
//! Any bytes as one indicators file of a criteria set (with the real set.toml and facts.toml).
use chuan::criteria::CriteriaSet;
use chuan::diag::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let files = vec![
            Source::new("set.toml", include_str!("../../criteria/qd11-2021/set.toml")),
            Source::new("facts.toml", include_str!("../../criteria/qd11-2021/facts.toml")),
            Source::new("indicators/fuzz.toml", text),
        ];
        let _ = CriteriaSet::from_sources(&files);
    }
});
