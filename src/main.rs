//! The `kiosque` binary: everything lives in the library crate; see `kiosque::cli`.
#![forbid(unsafe_code)]

fn main() {
    std::process::exit(kiosque::cli::main());
}
