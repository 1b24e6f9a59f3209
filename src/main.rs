//! The `chuan` command: argument parsing and output writing over the `chuan` library.

mod cli;

/// mimalloc instead of the system allocator: a run allocates a string per key, value and
/// message, and glibc's malloc and free were a fifth of a check and of a board.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
