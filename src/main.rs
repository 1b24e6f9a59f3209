fn main() {
    std::process::exit(chuan::cli::run());
}
