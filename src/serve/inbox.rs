//! The inbox: submitted returns kept as `INBOX/<period>/<directorate>/<generated name>`, each
//! written whole and never over another, with a line per submission in `INBOX/audit.log`
//! (JSON lines); and who has sent what for a period.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};

use crate::config::Config;
use crate::schema::Document;
use crate::schema::{Period, Severity};

use super::Error;

/// The audit log's name in the inbox.
pub const AUDIT_LOG: &str = "audit.log";

/// The date a period's returns are due: its last day and then this many working days (Monday
/// to Friday; bank holidays are not known, so count them in `return_due_working_days`).
pub fn due_date(period_end: NaiveDate, working_days: u32) -> NaiveDate {
    let mut day = period_end;
    let mut left = working_days;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

/// A folder name for a period or directorate: no separators, no control characters, no
/// leading dot.
fn folder_name(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() || c == ':' {
                '-'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        "unnamed".into()
    } else {
        clean
    }
}

/// A new name for a stored return: `return-` and 16 letters that spell no month, quarter or
/// year, so nothing is read from the name but its folders.
fn generated_name(ext: &str) -> String {
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const LETTERS: &[u8] = b"bcdfghjklmnprstvwxz";
    let seed = format!(
        "{:?} {} {} {:?}",
        std::time::SystemTime::now(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::process::id(),
        std::thread::current().id()
    );
    let digest = Sha256::digest(seed.as_bytes());
    let letters: String = digest
        .iter()
        .take(16)
        .map(|b| LETTERS[usize::from(*b) % LETTERS.len()] as char)
        .collect();
    format!("return-{letters}.{ext}")
}

/// The first configured directorate other than `mine` that the return's records belong to.
pub fn other_directorate(doc: &Document, mine: &str) -> Option<String> {
    doc.risks
        .iter()
        .map(|r| &r.directorate)
        .chain(doc.measures.iter().map(|m| &m.directorate))
        .flatten()
        .find(|d| d.as_str() != mine)
        .cloned()
}

/// Stores a submitted return and logs it; gives the receipt.
///
/// # Errors
/// [`Error::InboxUnwritable`] when the inbox cannot be written.
pub fn store(
    inbox: &Path,
    period: &Period,
    directorate: &str,
    name: &str,
    bytes: &[u8],
    doc: &Document,
    received: DateTime<Utc>,
) -> Result<serde_json::Value, Error> {
    let fail = Error::InboxUnwritable;
    let period_folder = folder_name(&period.label);
    let directorate_folder = folder_name(directorate);
    let dir = inbox.join(&period_folder).join(&directorate_folder);
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_else(|| "xlsx".into());
    // Written to a hidden temporary file (which readers skip), flushed, then linked to a name
    // nothing has: a name taken is never written over, another is drawn.
    let mut temp = tempfile::NamedTempFile::new_in(&dir).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    let stored = loop {
        let candidate = generated_name(&ext);
        match temp.persist_noclobber(dir.join(&candidate)) {
            Ok(_) => break candidate,
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => temp = e.file,
            Err(e) => return Err(fail(e.error)),
        }
    };
    let count = |s: Severity| doc.findings.iter().filter(|f| f.severity == s).count();
    let receipt = serde_json::json!({
        "file": name,
        "stored": format!("{period_folder}/{directorate_folder}/{stored}"),
        "directorate": directorate,
        "period": period.label,
        "sha256": crate::export::sha256_hex(bytes),
        "bytes": bytes.len(),
        "received": received.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "findings": doc.findings.len(),
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "risks": doc.summary.risks,
        "measures": doc.summary.measures,
    });
    let mut line = serde_json::to_string(&receipt)?;
    line.push('\n');
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(inbox.join(AUDIT_LOG))
        .map_err(fail)?;
    log.write_all(line.as_bytes()).map_err(fail)?;
    log.sync_data().map_err(fail)?;
    Ok(receipt)
}

/// Each directorate's returns for the period, from the audit log: received (by the due date),
/// late, or missing (and whether it is overdue as of `today`), with the latest return's
/// findings.
///
/// # Errors
/// [`Error::AuditLogUnreadable`] when the audit log exists but cannot be read.
pub fn status(
    inbox: &Path,
    period: &Period,
    config: &Config,
    today: NaiveDate,
) -> Result<serde_json::Value, Error> {
    let due = due_date(period.end, config.calendar.return_due_working_days);
    let log = match std::fs::read_to_string(inbox.join(AUDIT_LOG)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::AuditLogUnreadable(e)),
    };
    let entries: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["period"] == period.label.as_str())
        .collect();
    let mut names: Vec<String> = config
        .framework
        .directorates
        .iter()
        .map(|d| d.name.clone())
        .collect();
    for e in &entries {
        if let Some(d) = e["directorate"]
            .as_str()
            .filter(|d| !names.iter().any(|n| n == d))
        {
            names.push(d.to_string());
        }
    }
    let mut rows = Vec::new();
    let mut totals = std::collections::BTreeMap::<&str, usize>::new();
    for name in &names {
        let mine: Vec<&serde_json::Value> = entries
            .iter()
            .filter(|e| e["directorate"] == name.as_str())
            .collect();
        let latest = mine.last();
        let first_date = mine
            .first()
            .and_then(|e| e["received"].as_str())
            .and_then(|r| DateTime::parse_from_rfc3339(r).ok())
            .map(|t| t.date_naive());
        let state = match first_date {
            Some(d) if d > due => "late",
            Some(_) => "received",
            None => "missing",
        };
        *totals.entry(state).or_default() += 1;
        rows.push(serde_json::json!({
            "directorate": name,
            "status": state,
            "overdue": state == "missing" && today > due,
            "submissions": mine.len(),
            "received": latest.map(|e| e["received"].clone()),
            "stored": latest.map(|e| e["stored"].clone()),
            "findings": latest.map(|e| e["findings"].clone()),
            "errors": latest.map(|e| e["errors"].clone()),
            "warnings": latest.map(|e| e["warnings"].clone()),
        }));
    }
    Ok(serde_json::json!({
        "period": period.label,
        "due": due,
        "as_of": today,
        "received": totals.get("received").copied().unwrap_or(0),
        "late": totals.get("late").copied().unwrap_or(0),
        "missing": totals.get("missing").copied().unwrap_or(0),
        "directorates": rows,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_count_working_days() {
        let end = NaiveDate::from_ymd_opt(2024, 9, 30).unwrap(); // a Monday
        assert_eq!(
            due_date(end, 10),
            NaiveDate::from_ymd_opt(2024, 10, 14).unwrap()
        );
        assert_eq!(due_date(end, 0), end);
        let friday = NaiveDate::from_ymd_opt(2024, 12, 27).unwrap();
        assert_eq!(
            due_date(friday, 1),
            NaiveDate::from_ymd_opt(2024, 12, 30).unwrap()
        );
    }

    #[test]
    fn generated_names_say_no_period() {
        for _ in 0..200 {
            let name = generated_name("xlsx");
            let stem = name.trim_end_matches(".xlsx").replace('-', " ");
            assert!(
                crate::values::split_period(&stem, 4, None).is_none(),
                "{name}"
            );
        }
        assert_eq!(folder_name("../x"), "-x");
        assert_eq!(folder_name("a/b"), "a-b");
    }
}
