//! `chuan`: a standards-compliance checker for Vietnam's provincial political schools.
//!
//! Data flows one way: load → validate → evaluate → plan → render.

pub mod board;
pub mod catalog;
pub mod cli;
pub mod criteria;
pub mod decimal;
pub mod diag;
pub mod eval;
pub mod hints;
pub mod input;
pub mod model;
pub mod plan;
pub mod render;
pub mod rules;
pub mod school;
pub mod text;
pub mod tree;
pub mod validate;
