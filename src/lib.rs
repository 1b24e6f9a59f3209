//! `chuan`: a standards-compliance checker for Vietnam's provincial political schools.
//!
//! Data flows one way: load → validate → evaluate → plan → render. The command line lives in
//! the binary (`src/main.rs`, `src/cli/`): the library knows nothing of argument parsing, so it
//! builds for WebAssembly or another front end with `--no-default-features`.

pub use chuan_core::{decimal, diag, hints, input, model, rules, text};

/// The criteria set (`chuan_core::criteria`) and the one compiled into the binary.
pub mod criteria {
    pub use crate::embedded::{EMBEDDED_TEMPLATES, embedded_files, embedded_set};
    pub use chuan_core::criteria::*;
}

pub mod board;
pub mod catalog;
pub mod dossier;
pub mod embedded;
pub mod eval;
mod json;
pub mod outputs;
pub mod plan;
pub mod render;
pub mod school;
pub mod tree;
pub mod validate;
pub mod workbook;
