//! `goldthread serve`: the intranet service for the Excel add-in and browsers.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;

use goldthread::config::Config;
use goldthread::serve::{self, ServeOptions};
use goldthread::{values, Options};

use super::{error, EXIT_OK, EXIT_USAGE};

/// Serves the add-in's task pane (/addin/) and the API services check and submit their returns
/// with: POST /api/check, /api/annotate and /api/submit (a directorate's token), GET
/// /api/submissions?period= and /api/templates/risk-register or performance-return. Put it
/// behind the council's HTTPS reverse proxy (see the README, "For IT").
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The address and port to listen on; keep it on the loopback interface behind a proxy.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// The inbox: submitted returns are kept in INBOX/<period>/<directorate>/, with
    /// INBOX/audit.log; 'goldthread consolidate INBOX/<period>' reads them.
    #[arg(long, value_name = "DIR", default_value = "inbox")]
    pub inbox: PathBuf,
    /// Framework configuration, with the [serve] limits and tokens. Default: ./goldthread.toml,
    /// else the built-in defaults (no tokens: nothing can be submitted).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date timeliness and lateness are judged against. Default: each request's today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print the SHA-256 of the token read from standard input (for [serve.tokens]) and stop.
    #[arg(long)]
    pub hash_token: bool,
}

fn options(args: &ServeArgs) -> Result<Options, String> {
    let path = args
        .config
        .clone()
        .or_else(|| Some(PathBuf::from("goldthread.toml")).filter(|p| p.is_file()));
    let config = match &path {
        Some(p) => Config::load(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    goldthread::check::Settings::from_config(&config)?;
    let as_of = match &args.as_of {
        Some(d) => Some(values::parse_date(d).ok_or_else(|| {
            format!("--as-of '{d}' is not a date; write it like 2024-11-15 or 15/11/2024.")
        })?),
        None => None,
    };
    let mut opts = Options {
        as_of,
        config,
        ..Default::default()
    };
    opts.load_catalogue(None)?;
    Ok(opts)
}

fn hash_token() -> i32 {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        error(&format!(
            "the token cannot be read from standard input: {e}"
        ));
        return EXIT_USAGE;
    }
    let token = text.trim_end_matches(['\r', '\n']);
    if token.trim().len() < 16 {
        error("give a token of at least 16 characters on standard input (e.g. from 'openssl rand -hex 32').");
        return EXIT_USAGE;
    }
    println!("{}", serve::hash_token(token));
    EXIT_OK
}

pub fn run(args: &ServeArgs) -> i32 {
    if args.hash_token {
        return hash_token();
    }
    let opts = match options(args) {
        Ok(o) => o,
        Err(e) => {
            error(&e);
            return EXIT_USAGE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.inbox) {
        error(&format!(
            "the inbox '{}' cannot be made: {e}",
            args.inbox.display()
        ));
        return EXIT_USAGE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            error(&format!("the service cannot start: {e}"));
            return EXIT_USAGE;
        }
    };
    let tokens = opts.config.serve.tokens.len();
    let serve_opts = ServeOptions {
        options: opts,
        inbox: args.inbox.clone(),
    };
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        eprintln!(
            "goldthread serve: listening on http://{addr}/ (inbox {}, {tokens} directorate token(s)); stop with Ctrl-C",
            args.inbox.display()
        );
        // SIGINT and SIGTERM end the process (see output::clean_up_on_signals); a submission
        // cut off leaves only a hidden temporary file, which readers skip.
        serve::run(listener, serve_opts, std::future::pending())
            .await
            .map_err(String::from)
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            error(&e);
            EXIT_USAGE
        }
    }
}
