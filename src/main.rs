//! The `chuan` command: argument parsing and output writing over the `chuan` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
