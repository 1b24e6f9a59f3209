//! The criteria-set half of `chuan`: the shared vocabulary (levels, facts, expressions, values),
//! one module per rule kind, the criteria-set loader that checks a set as a whole, and the
//! diagnostics every part reports with. It knows nothing of school files, plans or reports.
//!
//! `chuan`'s build script loads the bundled set with this crate, so a broken set fails the build
//! with its diagnostics, and the binary starts from a snapshot instead of parsing TOML.

pub mod criteria;
pub mod decimal;
pub mod diag;
pub mod hints;
pub mod input;
pub mod model;
pub mod rules;
pub mod snapshot;
pub mod text;
