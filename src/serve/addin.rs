//! The Excel add-in's task pane (`addin/` in the source), built into the binary and served
//! under `/addin/`, with the manifest IT deploys.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

const HTML: &str = include_str!("../../addin/taskpane.html");
const JS: &str = include_str!("../../addin/taskpane.js");
const CSS: &str = include_str!("../../addin/taskpane.css");
const MANIFEST: &str = include_str!("../../addin/manifest.xml");
const ICON: &[u8] = include_bytes!("../../addin/icon-80.png");
const ICON_SMALL: &[u8] = include_bytes!("../../addin/icon-32.png");

/// Scripts from this server only, and Office's own script (which Excel requires to be loaded
/// from Microsoft's CDN) when the page runs in Excel; requests to this server only.
const POLICY: &str = "default-src 'none'; script-src 'self' https://appsforoffice.microsoft.com; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'";

fn file(body: &'static [u8], kind: &'static str) -> Response {
    let mut r = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    r
}

/// The task pane's files.
pub fn routes() -> Router {
    let page = || async { file(HTML.as_bytes(), "text/html; charset=utf-8") };
    Router::new()
        .route(
            "/addin",
            get(|| async { axum::response::Redirect::permanent("/addin/") }),
        )
        .route("/addin/", get(page))
        .route("/addin/taskpane.html", get(page))
        .route(
            "/addin/taskpane.js",
            get(|| async { file(JS.as_bytes(), "text/javascript; charset=utf-8") }),
        )
        .route(
            "/addin/taskpane.css",
            get(|| async { file(CSS.as_bytes(), "text/css; charset=utf-8") }),
        )
        .route(
            "/addin/manifest.xml",
            get(|| async { file(MANIFEST.as_bytes(), "application/xml; charset=utf-8") }),
        )
        .route(
            "/addin/icon-80.png",
            get(|| async { file(ICON, "image/png") }),
        )
        .route(
            "/addin/icon-32.png",
            get(|| async { file(ICON_SMALL, "image/png") }),
        )
}
