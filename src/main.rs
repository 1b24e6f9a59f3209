//! The `chuan` command: argument parsing and output writing over the `chuan` library.

mod cli;

// a school's tree, its facts and its evaluation are thousands of small values made and freed
// in a few milliseconds; mimalloc serves them faster than the system allocator
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
