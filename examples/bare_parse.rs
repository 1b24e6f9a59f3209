//! The baseline for `chuan compare`'s benchmark: a program that does nothing but read and parse
//! the same school files with the `toml` crate, on as many threads as `compare` uses (all cores),
//! and print how many it parsed. `scripts/bench.sh` times it beside `compare` in the same run.
//!
//! cargo run --release --example bare_parse -- target/bench-schools-10000

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: bare_parse DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("a folder of school files")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    let parsed: usize = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .filter(|p| {
                            let text = std::fs::read_to_string(p).unwrap();
                            toml::from_str::<toml::Table>(&text).is_ok()
                        })
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!("{parsed} of {} files parsed", files.len());
}
