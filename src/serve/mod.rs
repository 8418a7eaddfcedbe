//! `goldthread serve`: the intranet service the Excel add-in and any browser talk to. Services
//! check a return (`POST /api/check`), take its annotated copy (`POST /api/annotate`) and submit
//! it with their directorate's token (`POST /api/submit`) into the inbox, a folder of returns
//! `consolidate` reads like any other; the performance team follows who has sent what
//! (`GET /api/submissions`).
//!
//! Uploads are read by the library's reader with all its protections (sizes, zip bombs,
//! encryption), from a temporary file of the service's own naming: no name a client sends ever
//! becomes a path.

mod addin;
mod error;
mod inbox;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::read::InputFile;
use crate::schema::Document;
use crate::schema::Period;
use crate::template::{TemplateKind, TemplateOptions};
use crate::Options;

pub use error::Error;
pub use inbox::due_date;

/// The extensions an upload may be named with; anything else is refused before it is read.
pub const UPLOAD_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv"];

/// What the service runs with.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Reading and checking: the configuration (with its `[serve]` section), the catalogue and
    /// the date timeliness is judged against (none: each request's today).
    pub options: Options,
    /// Where submitted returns are kept: `INBOX/<period>/<directorate>/`.
    pub inbox: PathBuf,
}

/// The service's state, shared by every request.
struct Shared {
    opts: ServeOptions,
    /// The configured token hashes, decoded, with their directorates.
    tokens: Vec<([u8; 32], String)>,
    checks: Arc<Semaphore>,
    waiting: AtomicUsize,
    /// Submissions are stored and logged one at a time.
    store: tokio::sync::Mutex<()>,
}

type AppState = Arc<Shared>;

/// An error answered as JSON `{"error": "..."}` with its status.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError(status, message.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response();
        if self.0 == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The SHA-256 of a token, in hex, as `[serve.tokens]` stores it.
pub fn hash_token(token: &str) -> String {
    crate::export::sha256_hex(token.as_bytes())
}

/// The service's routes.
///
/// # Errors
/// [`Error::TokenHash`] when a configured token hash is not hex (the configuration's validation
/// refuses those).
pub fn router(opts: ServeOptions) -> Result<Router, Error> {
    let serve = &opts.options.config.serve;
    let mut tokens = Vec::new();
    for (directorate, hex) in &serve.tokens {
        let mut hash = [0u8; 32];
        for (i, byte) in hash.iter_mut().enumerate() {
            *byte = hex
                .get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| Error::TokenHash(directorate.clone()))?;
        }
        tokens.push((hash, directorate.clone()));
    }
    let timeout = Duration::from_secs(serve.request_timeout_seconds);
    let shared = Arc::new(Shared {
        checks: Arc::new(Semaphore::new(serve.max_concurrent_checks)),
        waiting: AtomicUsize::new(0),
        store: tokio::sync::Mutex::new(()),
        tokens,
        opts,
    });
    let api = Router::new()
        .route("/api/check", post(check))
        .route("/api/annotate", post(annotate))
        .route("/api/submit", post(submit))
        .route("/api/submissions", get(submissions))
        .route("/api/templates/{kind}", get(template))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "there is nothing here") })
        .with_state(shared);
    Ok(Router::new()
        .route(
            "/",
            get(|| async { axum::response::Redirect::permanent("/addin/") }),
        )
        .merge(addin::routes())
        .merge(api)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| limited(req, next, timeout),
        )))
}

/// Runs the service on `listener` until `shutdown` completes.
///
/// # Errors
/// [`Error::TokenHash`] when the configuration's tokens cannot be read, or
/// [`Error::Listener`] when the listener fails.
pub async fn run(
    listener: tokio::net::TcpListener,
    opts: ServeOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let app = router(opts)?;
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(Error::Listener)
}

/// Every response with the headers that keep a browser from guessing types or leaking
/// addresses, and every request cut off at the configured time.
async fn limited(req: Request, next: Next, timeout: Duration) -> Response {
    let mut response = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {} seconds and was stopped; try again later",
                timeout.as_secs()
            ),
        )
        .into_response(),
    };
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The query of the upload endpoints.
#[derive(Deserialize)]
struct UploadQuery {
    /// The file's name as the service knows it: shown in findings, never used as a path.
    name: Option<String>,
    /// The period of tables that name none, e.g. `2024-25 Q2`; for a submission, the period
    /// it is for.
    period: Option<String>,
    /// For a submission: the directorate it is for (it must be the token's).
    directorate: Option<String>,
}

/// A client's file name made safe to show: its last part only, printable, at most 120
/// characters; `return.xlsx` when nothing is left.
fn display_name(name: Option<&str>) -> String {
    let last = name
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        "return.xlsx".into()
    } else {
        clean
    }
}

/// The upload's extension, when it is one the service takes.
fn extension(name: &str) -> ApiResult<&'static str> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    UPLOAD_EXTENSIONS
        .iter()
        .find(|e| **e == ext)
        .copied()
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "'{name}' is not named as a return: the name must end in .{}",
                    UPLOAD_EXTENSIONS.join(", .")
                ),
            )
        })
}

/// The body, refused past the configured size.
async fn body_bytes(shared: &Shared, headers: &HeaderMap, body: Body) -> ApiResult<Bytes> {
    let mib = shared.opts.options.config.serve.max_body_mib;
    let limit = usize::try_from(mib << 20).unwrap_or(usize::MAX);
    let too_big = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the file is larger than the {mib} MiB this service takes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_big());
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        let limited = std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
            e.source()
        })
        .any(|e| e.to_string().contains("length limit"));
        if limited {
            too_big()
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "the file was not received whole")
        }
    })?;
    if bytes.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "no file was sent: post the workbook's bytes as the request body",
        ));
    }
    Ok(bytes)
}

/// A turn to read a return: at once when one is free, else after those waiting, refused when
/// too many wait.
async fn turn(shared: &Shared) -> ApiResult<OwnedSemaphorePermit> {
    if let Ok(permit) = shared.checks.clone().try_acquire_owned() {
        return Ok(permit);
    }
    let busy = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the service is busy checking other returns; try again in a minute",
        )
    };
    let max = shared.opts.options.config.serve.max_queued_checks;
    if shared.waiting.fetch_add(1, Ordering::SeqCst) >= max {
        shared.waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(busy());
    }
    let permit = shared.checks.clone().acquire_owned().await;
    shared.waiting.fetch_sub(1, Ordering::SeqCst);
    permit.map_err(|_| busy())
}

/// An upload read and checked: the document, the bytes and the name shown.
struct Checked {
    doc: Document,
    bytes: Bytes,
    name: String,
    /// The private folder the upload was read from (removed when dropped).
    dir: tempfile::TempDir,
    input: InputFile,
}

/// Reads and checks an upload from a temporary file named by the service.
async fn read_upload(
    shared: &AppState,
    query: &UploadQuery,
    headers: &HeaderMap,
    body: Body,
    period: Option<Period>,
) -> ApiResult<Checked> {
    let name = display_name(query.name.as_deref());
    let ext = extension(&name)?;
    let bytes = body_bytes(shared, headers, body).await?;
    let permit = turn(shared).await?;
    let mut opts = shared.opts.options.clone();
    opts.period = period;
    let checked = blocking("check", move || {
        let _permit = permit;
        let dir = tempfile::Builder::new()
            .prefix("goldthread-serve-")
            .tempdir()
            .map_err(Error::NoTempFolder)?;
        let path = dir.path().join(format!("upload.{ext}"));
        std::fs::write(&path, &bytes).map_err(Error::UploadUnwritable)?;
        let input = InputFile {
            path,
            display: name.clone(),
        };
        let doc = crate::normalise_and_check_files(vec![input.clone()], &opts)?;
        Ok::<_, Error>(Checked {
            doc,
            bytes,
            name,
            dir,
            input,
        })
    })
    .await?;
    // One return is not the whole set: that the other directorates sent none is no finding.
    let mut checked = checked;
    checked
        .doc
        .findings
        .retain(|f| f.rule != "directorate-missing");
    checked.doc.summary.findings = checked.doc.findings.len();
    if let Some(failed) = checked.doc.files.iter().find(|f| f.status == "failed") {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{} {}",
                failed.file,
                failed.error.as_deref().unwrap_or("cannot be read")
            ),
        ));
    }
    Ok(checked)
}

/// Runs blocking work (reading, writing files) off the async threads; its error as a 500.
async fn blocking<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the {what} stopped"),
            )
        })?
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// What was read and what the checks found, for one upload.
fn report(c: &Checked) -> serde_json::Value {
    let d = &c.doc;
    serde_json::json!({
        "file": c.name,
        "as_of": d.as_of,
        "summary": d.summary,
        "files": d.files,
        "findings": d.findings,
        "risks": d.risks,
        "measures": d.measures,
        "observations": d.observations,
    })
}

async fn check(
    State(shared): State<AppState>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<serde_json::Value>> {
    let period = parse_period(&shared, query.period.as_deref())?;
    let checked = read_upload(&shared, &query, &headers, body, period).await?;
    Ok(Json(report(&checked)))
}

async fn annotate(
    State(shared): State<AppState>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let period = parse_period(&shared, query.period.as_deref())?;
    let checked = read_upload(&shared, &query, &headers, body, period).await?;
    let permit = turn(&shared).await?;
    let stem = checked
        .name
        .rsplit_once('.')
        .map_or(checked.name.as_str(), |(s, _)| s)
        .to_string();
    let bytes = blocking("copy", move || {
        let _permit = permit;
        let wb = crate::read::read_file(&checked.input)?;
        let out = checked.dir.path().join("annotated.xlsx");
        crate::write::annotate_workbook(&wb, &checked.doc.findings, &out)?;
        std::fs::read(&out).map_err(Error::Copy)
    })
    .await?;
    Ok(download(bytes, &format!("{stem} checked.xlsx")))
}

/// An xlsx to save, under a name made of safe characters only.
fn download(bytes: Vec<u8>, name: &str) -> Response {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " ._-()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A period parameter, e.g. `2024-25 Q2`.
fn parse_period(shared: &Shared, text: Option<&str>) -> ApiResult<Option<Period>> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let fy_start = shared
        .opts
        .options
        .config
        .calendar
        .financial_year_start_month;
    crate::values::parse_period(text, fy_start, None)
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("'{text}' is not a period; write it like 2024-25 Q2, Sep-24 or 2024/25"),
            )
        })
}

/// The directorate whose token the request carries, compared in constant time with every
/// configured hash.
fn directorate_of(shared: &Shared, headers: &HeaderMap) -> ApiResult<String> {
    let unauthorised = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, m);
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            unauthorised("a submission needs the directorate's token (Authorization: Bearer TOKEN)")
        })?;
    let presented: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    let mut found = None;
    for (hash, directorate) in &shared.tokens {
        let differ = hash
            .iter()
            .zip(presented.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        if differ == 0 {
            found = Some(directorate.clone());
        }
    }
    found.ok_or_else(|| unauthorised("the token is not one this service knows"))
}

async fn submit(
    State(shared): State<AppState>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<serde_json::Value>> {
    let directorate = directorate_of(&shared, &headers)?;
    if let Some(named) = query.directorate.as_deref() {
        if shared.opts.options.config.match_directorate(named) != Some(directorate.as_str()) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                format!("this token submits for {directorate} only, not for '{named}'"),
            ));
        }
    }
    let period = parse_period(&shared, query.period.as_deref())?.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "say which period the return is for: period=2024-25 Q2",
        )
    })?;
    let checked = read_upload(&shared, &query, &headers, body, Some(period.clone())).await?;
    if let Some(other) = inbox::other_directorate(&checked.doc, &directorate) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("this return is {other}'s; the token submits for {directorate} only"),
        ));
    }
    let _one_at_a_time = shared.store.lock().await;
    let inbox_dir = shared.opts.inbox.clone();
    let received = chrono::Utc::now();
    let receipt = blocking("submission", move || {
        inbox::store(
            &inbox_dir,
            &period,
            &directorate,
            &checked.name,
            &checked.bytes,
            &checked.doc,
            received,
        )
    })
    .await?;
    Ok(Json(receipt))
}

#[derive(Deserialize)]
struct PeriodQuery {
    period: Option<String>,
}

async fn submissions(
    State(shared): State<AppState>,
    Query(query): Query<PeriodQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let period = parse_period(&shared, query.period.as_deref())?.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "say which period: /api/submissions?period=2024-25 Q2",
        )
    })?;
    let config = shared.opts.options.config.clone();
    let inbox_dir = shared.opts.inbox.clone();
    let today = shared
        .opts
        .options
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let status = blocking("status", move || {
        inbox::status(&inbox_dir, &period, &config, today)
    })
    .await?;
    Ok(Json(status))
}

async fn template(
    State(shared): State<AppState>,
    axum::extract::Path(kind): axum::extract::Path<String>,
) -> ApiResult<Response> {
    let kind = TemplateKind::parse(&kind).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "the templates are risk-register and performance-return",
        )
    })?;
    let config = shared.opts.options.config.clone();
    let bytes = blocking("template", move || {
        Ok(crate::template::template_bytes(
            kind,
            &TemplateOptions::default(),
            &config,
        )?)
    })
    .await?;
    Ok(download(bytes, kind.file_name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_keep_their_last_part_only() {
        assert_eq!(display_name(Some("../../x.xlsx")), "x.xlsx");
        assert_eq!(display_name(Some("a/b.xlsx")), "b.xlsx");
        assert_eq!(display_name(Some("C:\\Users\\r.xlsx")), "r.xlsx");
        assert_eq!(display_name(Some("..")), "return.xlsx");
        assert_eq!(display_name(None), "return.xlsx");
        assert!(extension("x.exe").is_err());
        assert_eq!(extension("R.XLSX").ok(), Some("xlsx"));
    }

    #[test]
    fn token_hashes_are_sha256_hex() {
        assert_eq!(
            hash_token("test"),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        );
    }
}
