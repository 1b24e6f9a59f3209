#![no_main]
//! Any bytes as a school TOML file: the loader must return a value or diagnostics, never panic;
//! and wherever the one-pass reader (`tree::plain_toml`) reads a text, `toml` must read the
//! same tree from it.
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
        if let Some(plain) = chuan::tree::plain_toml::parse(text) {
            let source = Source::new("fuzz.toml", text);
            match chuan::tree::parse_toml_full(&source) {
                Ok(full) => assert_eq!(plain, full, "the readers differ on {text:?}"),
                Err(d) => panic!("plain read {text:?}, which toml rejects: {d:?}"),
            }
        }
        if let Ok(school) = School::from_source(&Source::new("fuzz.toml", text), Format::Toml, set) {
            let _ = chuan::eval::evaluate(set, &school);
        }
    }
});
