//! Integration tests: one binary, topical modules.

mod bad_input;
mod cli;
mod common;
mod criteria_set;
mod reports;
mod rules;
mod samples;
