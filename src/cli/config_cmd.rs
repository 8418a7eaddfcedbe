//! `goldthread config`: write the default configuration, or check one.

use std::path::PathBuf;

use clap::Subcommand;

use goldthread::config::Config;
use goldthread::output;

use super::{error, EXIT_OK, EXIT_USAGE};

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Write goldthread.toml with every setting at its default, commented.
    Init {
        /// Where to write it.
        #[arg(long, short, default_value = "goldthread.toml")]
        output: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a configuration file and print the settings in force.
    Check {
        /// The file to check.
        #[arg(default_value = "goldthread.toml")]
        file: PathBuf,
    },
}

pub fn run(cmd: &ConfigCommand) -> i32 {
    match cmd {
        ConfigCommand::Init { output, force } => {
            if output.exists() && !force {
                error(&format!(
                    "'{}' exists already; use --force to replace it.",
                    output.display()
                ));
                return EXIT_USAGE;
            }
            match output::write_atomic(output, Config::default_toml().as_bytes()) {
                Ok(()) => {
                    eprintln!("goldthread: wrote {}", output.display());
                    EXIT_OK
                }
                Err(e) => {
                    error(&e.to_string());
                    EXIT_USAGE
                }
            }
        }
        ConfigCommand::Check { file } => match Config::load(file) {
            Ok(c) => {
                match toml::to_string_pretty(&c) {
                    Ok(t) => print!("{t}"),
                    Err(e) => error(&e.to_string()),
                }
                eprintln!("goldthread: {} is valid", file.display());
                EXIT_OK
            }
            Err(e) => {
                error(&e.to_string());
                EXIT_USAGE
            }
        },
    }
}
