//! Writes a criteria set of N boolean indicators in one dependency chain (each depends on the one
//! before, one month of work each), and a school that meets none of them: the worst case for
//! the roadmap's scheduler. For the benchmark (scripts/bench.sh) and the hardening tests.
//!
//! cargo run --release --example gen_chain_set -- 2000 target/chain-2000

#[path = "../tests/support/chain.rs"]
mod chain;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| format!("target/chain-{n}")));
    chain::write(&dir, n);
    eprintln!(
        "wrote a {n}-indicator chain set and school to {}",
        dir.display()
    );
}
