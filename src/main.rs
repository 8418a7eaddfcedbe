//! The goldthread command: parses the arguments and maps the outcome to an exit code.

mod cli;

use clap::Parser;

/// mimalloc keeps allocation fast when millions of small strings come and go (a long register
/// read as a stream); the system allocator spent a fifth of such a run in malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A closed pipe ends the run quietly, as in other command-line tools
    // (`goldthread normalise samples -o - | head`): the default action of SIGPIPE, which Rust
    // sets to be ignored, so that writing would fail with an error instead.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    goldthread::output::clean_up_on_signals();
    let args = cli::Cli::parse();
    std::process::exit(cli::run(args));
}
