#![no_main]
//! Any bytes as a school TOML file: the loader must return a value or diagnostics, never panic.
use chuan::criteria::CriteriaSet;
use chuan::diag::Source;
use chuan::school::School;
use chuan::tree::Format;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static SET: OnceLock<CriteriaSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let set = SET.get_or_init(chuan::criteria::embedded_set);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(school) = School::from_source(&Source::new("fuzz.toml", text), Format::Toml, set) {
            let _ = chuan::eval::evaluate(set, &school);
        }
    }
});
