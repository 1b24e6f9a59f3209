//! Integration tests: one binary, topical modules.

mod bad_input;
mod boards;
mod browser;
mod catalog;
mod caveat;
#[path = "support/chain.rs"]
mod chain;
mod cli;
mod common;
mod criteria_set;
mod dossier;
mod gaps;
mod hardening;
mod outputs;
mod plain_toml;
mod plans_hold;
mod properties;
mod reports;
mod roadmap;
mod rule_kinds;
mod rules;
mod samples;
mod validate;
mod whatif;
mod xlsx;
