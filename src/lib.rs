//! `chuan`: a standards-compliance checker for Vietnam's provincial political schools.
//!
//! Data flows one way: load → validate → evaluate → plan → render. The command line lives in
//! the binary (`src/main.rs`, `src/cli/`): the library knows nothing of argument parsing, so it
//! builds for WebAssembly or another front end with `--no-default-features`.

pub mod board;
pub mod catalog;
pub mod criteria;
pub mod decimal;
pub mod diag;
pub mod eval;
pub mod hints;
pub mod input;
pub mod model;
pub mod outputs;
pub mod plan;
pub mod render;
pub mod rules;
pub mod school;
pub mod text;
pub mod tree;
pub mod validate;
