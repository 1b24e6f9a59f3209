fn main() -> std::process::ExitCode {
    chuan::cli::run()
}
