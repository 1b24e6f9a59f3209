//! What is compiled into the binary: the QĐ 11 criteria set, the report templates.
//!
//! `build.rs` loads and validates the bundled set (`criteria/qd11-2021`) with the same loader as
//! `--criteria DIR`, fails the build with its diagnostics if it is invalid, and embeds the typed
//! set as a snapshot: a run decodes it instead of parsing and checking 55 indicators of TOML.
//! The TOML files are embedded too, for `validate` (the set's own tests) and `docs`.

use crate::criteria::CriteriaSet;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use generated::TEMPLATES as EMBEDDED_TEMPLATES;

/// One language's words: key and text.
pub type Words = &'static [(&'static str, &'static str)];

/// The words of the embedded `templates/strings.toml`, parsed at build time: (Vietnamese,
/// English).
pub static EMBEDDED_STRINGS: (Words, Words) = (generated::STRINGS_VI, generated::STRINGS_EN);

/// The files of the embedded set: relative path and text.
pub fn embedded_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    generated::CRITERIA_QD11.iter().copied()
}

/// The set compiled into the binary (Quy định 11-QĐ/TW), from its build-time snapshot.
pub fn embedded_set() -> CriteriaSet {
    match CriteriaSet::from_snapshot(
        generated::CRITERIA_QD11_SNAPSHOT,
        generated::CRITERIA_QD11_STRINGS,
    ) {
        Ok(set) => set,
        Err(e) => panic!("the embedded criteria snapshot does not decode: {e}"),
    }
}
