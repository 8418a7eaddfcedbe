//! The goldthread command: parses the arguments and maps the outcome to an exit code.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    std::process::exit(cli::run(args));
}
