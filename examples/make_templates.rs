//! Writes the default return templates into `templates/`: `risk_register.xlsx` and
//! `performance_return.xlsx`, laid out from the built-in framework defaults.
//!
//! ```sh
//! cargo run --example make_templates
//! ```
//!
//! The files are byte for byte the same each run; `cargo test --test templates` checks the
//! committed ones are current.

use std::path::Path;

fn main() {
    let dir = Path::new("templates");
    if let Err(e) = goldthread::template::write_default_templates(dir) {
        eprintln!("make_templates: {e}");
        std::process::exit(1);
    }
    for kind in [
        goldthread::template::TemplateKind::RiskRegister,
        goldthread::template::TemplateKind::PerformanceReturn,
    ] {
        println!("wrote {}", dir.join(kind.file_name()).display());
    }
}
