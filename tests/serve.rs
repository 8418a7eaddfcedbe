//! `goldthread serve`: the binary started on a free loopback port, then the API as services and
//! the performance team use it: check, annotate, submit (tokens, directorates, hostile names and
//! files, sizes), the submissions' status, the templates, `consolidate` on the inbox; a bounded
//! load test; and the add-in page in headless Chromium (`tests/browser/serve.mjs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

const PERIOD: &str = "2024-25 Q2";

/// A token per directorate of the samples' framework.
const TOKENS: &[(&str, &str)] = &[
    ("Adults and Health", "adults-token-0123456789abcdef"),
    ("Children's Services", "childrens-token-0123456789abcdef"),
    ("Place", "place-token-0123456789abcdef"),
    ("Resources", "resources-token-0123456789abcdef"),
];

fn token(directorate: &str) -> &'static str {
    TOKENS
        .iter()
        .find(|(d, _)| *d == directorate)
        .map(|(_, t)| *t)
        .expect("a token for the directorate")
}

/// A running `goldthread serve` with its own inbox and configuration (the samples' framework,
/// a body limit of 2 MiB and the tokens above); stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        Server::with("max_body_mib = 2\nmax_queued_checks = 200\n")
    }

    fn with(serve: &str) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = std::fs::read_to_string("samples/goldthread.toml").expect("config");
        config.push_str(&format!("\n[serve]\n{serve}\n[serve.tokens]\n"));
        for (d, t) in TOKENS {
            config.push_str(&format!(
                "\"{d}\" = \"{}\"\n",
                goldthread::serve::hash_token(t)
            ));
        }
        let config_path = dir.path().join("goldthread.toml");
        std::fs::write(&config_path, config).expect("write config");
        // The catalogue the samples' configuration names, relative to it.
        let catalogue = dir.path().join("catalogue/measures_catalogue.xlsx");
        std::fs::create_dir_all(catalogue.parent().expect("folder")).expect("catalogue folder");
        std::fs::copy("samples/catalogue/measures_catalogue.xlsx", &catalogue)
            .expect("copy the catalogue");
        let mut child = Command::new(env!("CARGO_BIN_EXE_goldthread"))
            .args(["serve", "--bind", "127.0.0.1:0", "--as-of", "2024-11-15"])
            .arg("--inbox")
            .arg(dir.path().join("inbox"))
            .arg("--config")
            .arg(&config_path)
            .stderr(Stdio::piped())
            .spawn()
            .expect("goldthread serve starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr"))
            .read_line(&mut line)
            .expect("the listening line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr, dir }
    }

    fn inbox(&self) -> PathBuf {
        self.dir.path().join("inbox")
    }

    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request(&self.addr, method, target, headers, body)
    }

    fn post(&self, target: &str, body: &[u8]) -> Reply {
        self.request("POST", target, &[], body)
    }

    /// adults_performance.xlsx posted to `/api/ENDPOINT`, answered 200.
    fn post_sample(&self, endpoint: &str) -> Reply {
        let name = "adults_performance.xlsx";
        let r = self.post(&format!("/api/{endpoint}?name={name}"), &sample(name));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r
    }

    fn submit(&self, name: &str, token: Option<&str>, body: &[u8]) -> Reply {
        self.submit_as(name, token, body, PERIOD)
    }

    fn submit_as(&self, name: &str, token: Option<&str>, body: &[u8], period: &str) -> Reply {
        let auth = token.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> =
            auth.iter().map(|a| ("Authorization", a.as_str())).collect();
        let target = format!(
            "/api/submit?name={}&period={}",
            escape(name),
            escape(period)
        );
        self.request("POST", &target, &headers, body)
    }

    /// The server's peak resident memory so far, in KiB.
    fn peak_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn assert_up(&self) {
        let r = self.request("GET", "/addin/", &[], b"");
        assert_eq!(r.status, 200, "the server is still up");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A query value, percent-encoded.
fn escape(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .expect("an error message")
            .to_string()
    }
}

/// One HTTP/1.1 request on its own connection.
fn request(addr: &str, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let raw = exchange(addr, &head, body);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no reply: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("samples").join(name)).expect("sample")
}

/// Every return of the samples, with the directorate it belongs to.
const SAMPLES: &[(&str, &str)] = &[
    ("adults_performance.xlsx", "Adults and Health"),
    ("adults_risk_register.xlsx", "Adults and Health"),
    ("childrens_performance.xlsx", "Children's Services"),
    ("childrens_risk_register.xlsx", "Children's Services"),
    ("place_performance.xlsx", "Place"),
    ("place/risk_register.xlsx", "Place"),
    ("resources_kpis_export.csv", "Resources"),
    ("resources_performance.xlsx", "Resources"),
    ("resources_risk_register.csv", "Resources"),
];

/// The files of a folder, recursively, relative to it.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_sample_is_checked_with_findings_at_their_cells() {
    let s = Server::start();
    let r = s.post_sample("check");
    let doc = r.json();
    assert_eq!(doc["file"], "adults_performance.xlsx");
    assert!(doc["measures"].as_array().unwrap().len() >= 5);
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .any(|f| f["sheet"].is_string() && f["cell"].is_string()));
    assert!(findings
        .iter()
        .all(|f| f["file"] == "adults_performance.xlsx" && f["rule"] != "directorate-missing"));
    for key in ["summary", "risks", "observations"] {
        assert!(!doc[key].is_null(), "{key}");
    }
}

#[test]
fn the_annotated_copy_is_an_xlsx_to_save() {
    let s = Server::start();
    let r = s.post_sample("annotate");
    assert!(r.body.starts_with(b"PK"));
    assert!(r
        .head
        .contains("attachment; filename=\"adults_performance checked.xlsx\""));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).expect("a zip");
    assert!(zip.by_name("xl/workbook.xml").is_ok());
}

#[test]
fn submissions_need_the_directorates_own_token() {
    let s = Server::start();
    let bytes = sample("adults_performance.xlsx");
    let none = s.submit("adults_performance.xlsx", None, &bytes);
    assert_eq!(none.status, 401);
    assert!(none.error().contains("token"), "{}", none.error());
    let wrong = s.submit(
        "adults_performance.xlsx",
        Some("not-a-token-at-all"),
        &bytes,
    );
    assert_eq!(wrong.status, 401);
    // Another directorate's token, for a return that is Adults'.
    let other = s.submit("adults_performance.xlsx", Some(token("Place")), &bytes);
    assert_eq!(other.status, 403, "{}", other.error());
    assert!(
        other.error().contains("Adults and Health"),
        "{}",
        other.error()
    );
    // Naming another directorate than the token's.
    let named = s.request(
        "POST",
        "/api/submit?name=r.xlsx&period=2024-25%20Q2&directorate=Place",
        &[(
            "Authorization",
            &format!("Bearer {}", token("Adults and Health")),
        )],
        &bytes,
    );
    assert_eq!(named.status, 403);
    assert!(!s.inbox().join(PERIOD).exists(), "nothing stored");
    let no_period = s.submit_as("r.xlsx", Some(token("Adults and Health")), &bytes, "");
    assert_eq!(no_period.status, 400);

    let ok = s.submit(
        "adults_performance.xlsx",
        Some(token("Adults and Health")),
        &bytes,
    );
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));
    let receipt = ok.json();
    assert_eq!(receipt["directorate"], "Adults and Health");
    assert_eq!(receipt["period"], PERIOD);
    assert_eq!(
        receipt["sha256"],
        goldthread::export::sha256_hex(&bytes).as_str()
    );
    assert!(receipt["findings"].as_u64().is_some());
    let stored = s.inbox().join(receipt["stored"].as_str().unwrap());
    assert_eq!(std::fs::read(&stored).unwrap(), bytes);
    assert!(stored.starts_with(s.inbox().join(PERIOD).join("Adults and Health")));
    // The same file again is kept beside the first, never over it.
    let again = s.submit(
        "adults_performance.xlsx",
        Some(token("Adults and Health")),
        &bytes,
    );
    assert_ne!(again.json()["stored"], receipt["stored"]);
    let log = std::fs::read_to_string(s.inbox().join("audit.log")).unwrap();
    assert_eq!(log.lines().count(), 2);
    for line in log.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(entry["directorate"], "Adults and Health");
    }
}

#[test]
fn client_names_never_become_paths() {
    let s = Server::start();
    let bytes = sample("resources_risk_register.csv");
    for name in ["../../x.csv", "a/b.csv", "..\\..\\y.csv", "/etc/z.csv"] {
        let checked = s.post(&format!("/api/check?name={}", escape(name)), &bytes);
        assert_eq!(checked.status, 200, "{name}");
        let shown = checked.json()["file"].as_str().unwrap().to_string();
        assert!(!shown.contains('/') && !shown.contains('\\'), "{shown}");
        let r = s.submit(name, Some(token("Resources")), &bytes);
        assert_eq!(
            r.status,
            200,
            "{name}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    let refused = s.post("/api/check?name=x.exe", &bytes);
    assert_eq!(refused.status, 415);
    let files = listing(s.dir.path());
    // The configuration, its catalogue, four returns and the audit log.
    assert_eq!(files.len(), 7, "{files:?}");
    for f in &files {
        assert!(
            f == "goldthread.toml"
                || f == "catalogue/measures_catalogue.xlsx"
                || f == "inbox/audit.log"
                || (f.starts_with("inbox/2024-25 Q2/Resources/return-") && f.ends_with(".csv")),
            "{f}"
        );
    }
}

/// An xlsx whose first sheet inflates to 200 MB of spaces from a few hundred kilobytes.
fn zip_bomb() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let source = sample("adults_performance.xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(source)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        out.start_file(name.as_str(), opts).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let spaces = vec![b' '; 1 << 20];
            for _ in 0..200 {
                out.write_all(&spaces).unwrap();
            }
        } else {
            std::io::copy(&mut entry, &mut out).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn hostile_uploads_get_one_clear_error_and_the_server_stays_up() {
    let s = Server::start();
    let bomb = zip_bomb();
    assert!(bomb.len() < 2 << 20, "{}", bomb.len());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bomb.xlsx", bomb),
        (
            "garbage.xlsx",
            (0..50_000u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("text.xls", b"hello".to_vec()),
    ];
    for (name, bytes) in cases {
        for endpoint in ["check", "annotate"] {
            let r = s.post(&format!("/api/{endpoint}?name={name}"), &bytes);
            assert_eq!(
                r.status,
                422,
                "{name}: {}",
                String::from_utf8_lossy(&r.body)
            );
            let message = r.error();
            assert!(message.starts_with(name), "{message}");
            eprintln!("{name}: {message}");
        }
        let r = s.submit(name, Some(token("Resources")), &bytes);
        assert_eq!(r.status, 422);
        s.assert_up();
    }
    // Past the body limit (2 MiB here): refused from the declared length, and from the body
    // itself when no length is declared.
    let big = vec![b'a'; 3 << 20];
    let r = s.post("/api/check?name=big.csv", &big);
    assert_eq!(r.status, 413, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.error().contains("2 MiB"));
    let mut chunked = Vec::new();
    for chunk in big.chunks(64 << 10) {
        chunked.extend(format!("{:x}\r\n", chunk.len()).bytes());
        chunked.extend(chunk);
        chunked.extend(b"\r\n");
    }
    chunked.extend(b"0\r\n\r\n");
    let r = chunked_request(&s.addr, "/api/check?name=big.csv", &chunked);
    assert!(r.contains(" 413 "), "{}", &r[..r.len().min(300)]);
    let empty = s.post("/api/check?name=a.xlsx", b"");
    assert_eq!(empty.status, 400);
    let nothing = s.request("GET", "/api/nothing", &[], b"");
    assert_eq!(nothing.status, 404);
    assert!(nothing.error().len() > 5);
    s.assert_up();
    assert!(!s.inbox().join(PERIOD).exists(), "nothing stored");
}

/// A request with a chunked body and no declared length; the head of the reply.
fn chunked_request(addr: &str, target: &str, chunked: &[u8]) -> String {
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    String::from_utf8_lossy(&exchange(addr, &head, chunked)).to_string()
}

/// Sends a request's head, then its body from another thread (so a server that answers before
/// reading it all is heard), and reads the whole reply.
fn exchange(addr: &str, head: &str, body: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(300)))
        .expect("timeout");
    stream.write_all(head.as_bytes()).expect("write head");
    let mut writer = stream.try_clone().expect("clone");
    let body = body.to_vec();
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let _ = sending.join();
    raw
}

#[test]
fn checks_past_the_queue_are_refused_with_503() {
    let s = Server::with("max_concurrent_checks = 1\nmax_queued_checks = 0\n");
    // A long CSV register, so that checks overlap.
    let mut csv = String::from("Risk ID,Risk title,Owner,Likelihood,Impact\n");
    for i in 0..20_000 {
        csv.push_str(&format!("R-{i},Risk number {i},Someone,3,4\n"));
    }
    let addr = s.addr.clone();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let addr = addr.clone();
            let body = csv.clone().into_bytes();
            std::thread::spawn(move || request(&addr, "POST", "/api/check?name=r.csv", &[], &body))
        })
        .collect();
    let replies: Vec<Reply> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses.contains(&503), "{statuses:?}");
    assert!(statuses.contains(&200), "{statuses:?}");
    let busy = replies.iter().find(|r| r.status == 503).unwrap();
    assert!(busy.error().contains("busy"));
}

#[test]
fn the_submissions_of_a_period_are_received_late_or_missing() {
    let s = Server::start();
    let bytes = sample("adults_performance.xlsx");
    // 2024-25 Q2 was due on 14 October 2024: a return sent now is late.
    assert_eq!(
        s.submit("a.xlsx", Some(token("Adults and Health")), &bytes)
            .status,
        200
    );
    // A period still open: on time.
    let future = "2030-31 Q1";
    let r = s.submit_as("a.xlsx", Some(token("Adults and Health")), &bytes, future);
    assert_eq!(r.status, 200);
    let status = |period: &str| {
        let r = s.request(
            "GET",
            &format!("/api/submissions?period={}", escape(period)),
            &[],
            b"",
        );
        assert_eq!(r.status, 200);
        r.json()
    };
    let q2 = status(PERIOD);
    assert_eq!(q2["due"], "2024-10-14");
    assert_eq!(
        (q2["late"].as_u64(), q2["missing"].as_u64()),
        (Some(1), Some(3))
    );
    let rows = q2["directorates"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let adults = rows
        .iter()
        .find(|r| r["directorate"] == "Adults and Health")
        .unwrap();
    assert_eq!(adults["status"], "late");
    assert!(adults["findings"].as_u64().is_some());
    let place = rows.iter().find(|r| r["directorate"] == "Place").unwrap();
    assert_eq!(place["status"], "missing");
    assert_eq!(place["overdue"], true);
    let later = status(future);
    assert_eq!(
        (later["received"].as_u64(), later["missing"].as_u64()),
        (Some(1), Some(3))
    );
    let bad = s.request("GET", "/api/submissions?period=soon", &[], b"");
    assert_eq!(bad.status, 400);
}

#[test]
fn the_templates_download() {
    let s = Server::start();
    for (kind, name) in [
        ("risk-register", "risk_register.xlsx"),
        ("performance-return", "performance_return.xlsx"),
    ] {
        let r = s.request("GET", &format!("/api/templates/{kind}"), &[], b"");
        assert_eq!(r.status, 200);
        assert!(r.body.starts_with(b"PK"));
        assert!(r.head.contains(name), "{}", r.head);
    }
    assert_eq!(
        s.request("GET", "/api/templates/other", &[], b"").status,
        404
    );
    let root = s.request("GET", "/", &[], b"");
    assert_eq!(root.status, 308);
    assert!(root.head.to_ascii_lowercase().contains("location: /addin/"));
    for file in ["taskpane.js", "taskpane.css", "manifest.xml", "icon-80.png"] {
        let r = s.request("GET", &format!("/addin/{file}"), &[], b"");
        assert_eq!(r.status, 200, "{file}");
    }
}

/// Runs `goldthread consolidate` on `input` and gives its JSON.
fn consolidation(input: &Path, dir: &Path) -> serde_json::Value {
    let out = dir.join(format!(
        "c-{}.json",
        input.file_name().unwrap().to_string_lossy()
    ));
    let status = Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .arg("consolidate")
        .arg(input)
        .args([
            "--config",
            "samples/goldthread.toml",
            "--as-of",
            "2024-11-15",
        ])
        .args(["--period", PERIOD, "-q", "-o"])
        .arg(dir.join("c.xlsx"))
        .arg("--json")
        .arg(&out)
        .status()
        .expect("consolidate runs");
    assert!(status.code().is_some_and(|c| c < 2), "{status:?}");
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

/// What must agree between two consolidations of the same returns.
fn essentials(c: &serde_json::Value) -> serde_json::Value {
    let pick = |key: &str, fields: &[&str]| {
        let mut rows: Vec<String> = c[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                fields
                    .iter()
                    .map(|f| r[*f].to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        rows.sort();
        rows
    };
    serde_json::json!({
        "risks": pick("risks", &["id", "directorate", "current", "rating", "register", "escalated"]),
        "measures": pick("measures", &["id", "directorate", "title"]),
        "observations": c["observations"].as_array().unwrap().len(),
        // The files are named differently in the inbox; their count must agree.
        "submissions": c["submissions"].as_array().unwrap().iter().map(|s| {
            let mut s = s.clone();
            s["files"] = s["files"].as_array().unwrap().len().into();
            s
        }).collect::<Vec<_>>(),
    })
}

#[test]
fn consolidating_the_inbox_gives_the_same_as_the_folder() {
    let s = Server::start();
    for (file, directorate) in SAMPLES {
        let name = Path::new(file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let r = s.submit(&name, Some(token(directorate)), &sample(file));
        assert_eq!(
            r.status,
            200,
            "{file}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    let work = tempfile::tempdir().unwrap();
    let from_inbox = consolidation(&s.inbox().join(PERIOD), work.path());
    // The same returns as a folder (the corporate delivery plan is no directorate's return).
    let folder = work.path().join("returns");
    for (file, _) in SAMPLES {
        let to = folder.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new("samples").join(file), &to).unwrap();
    }
    let from_folder = consolidation(&folder, work.path());
    assert!(from_inbox["risks"].as_array().unwrap().len() > 20);
    assert_eq!(essentials(&from_inbox), essentials(&from_folder));
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// 50 checks and 20 submissions at once on loopback: every one answered, every submission
/// stored whole and logged. Prints the latencies and the server's peak memory (no timing is
/// asserted; the machine may be busy).
#[test]
fn load_of_fifty_checks_and_twenty_submissions() {
    let s = Server::start();
    let started = Instant::now();
    let mut threads = Vec::new();
    for i in 0..70 {
        let addr = s.addr.clone();
        let (file, directorate) = SAMPLES[i % SAMPLES.len()];
        let bytes = sample(file);
        threads.push(std::thread::spawn(move || {
            let at = Instant::now();
            let name = Path::new(file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            let reply = if i < 50 {
                request(
                    &addr,
                    "POST",
                    &format!("/api/check?name={name}"),
                    &[],
                    &bytes,
                )
            } else {
                let auth = format!("Bearer {}", token(directorate));
                let target = format!("/api/submit?name={name}&period={}", escape(PERIOD));
                request(&addr, "POST", &target, &[("Authorization", &auth)], &bytes)
            };
            (i, at.elapsed(), reply, bytes)
        }));
    }
    let mut checks = Vec::new();
    let mut submits = Vec::new();
    let mut receipts = Vec::new();
    for t in threads {
        let (i, took, reply, bytes) = t.join().unwrap();
        assert_eq!(
            reply.status,
            200,
            "{i}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        if i < 50 {
            checks.push(took);
        } else {
            submits.push(took);
            let receipt = reply.json();
            let stored = s.inbox().join(receipt["stored"].as_str().unwrap());
            assert_eq!(std::fs::read(stored).unwrap(), bytes, "{i} stored whole");
            receipts.push(receipt["stored"].as_str().unwrap().to_string());
        }
    }
    let wall = started.elapsed();
    receipts.sort();
    receipts.dedup();
    assert_eq!(receipts.len(), 20, "every submission under its own name");
    let log = std::fs::read_to_string(s.inbox().join("audit.log")).unwrap();
    assert_eq!(log.lines().count(), 20);
    let stored = listing(&s.inbox().join(PERIOD));
    assert_eq!(stored.len(), 20, "{stored:?}");
    for (what, times) in [("checks", &mut checks), ("submissions", &mut submits)] {
        times.sort();
        eprintln!(
            "load: {} {what}: median {:?}, 95th percentile {:?}, slowest {:?}",
            times.len(),
            percentile(times, 0.5),
            percentile(times, 0.95),
            times[times.len() - 1]
        );
    }
    eprintln!(
        "load: all 70 in {wall:?}; server peak memory {} MiB",
        s.peak_kib() / 1024
    );
}

/// The add-in page in headless Chromium (tests/browser/serve.mjs): the browser path (file
/// picker, findings, annotated copy, submission, status) and the Excel path with a stand-in for
/// Office, and axe-core. Needs /usr/bin/chromium (or CHROMIUM), node and `npm ci` in
/// tests/browser; without them the test is skipped with a note, or fails when
/// GOLDTHREAD_REQUIRE_TOOLS is set.
#[test]
fn the_addin_page_works_in_a_browser_and_in_excel() {
    let Some(chromium) = common::browser_tools() else {
        return;
    };
    let s = Server::start();
    let origin = format!("http://{}", s.addr);
    common::run_browser_script(
        &chromium,
        "serve.mjs",
        &[
            &origin,
            "samples/adults_performance.xlsx",
            token("Adults and Health"),
        ],
    );
    let stored = listing(&s.inbox().join(PERIOD).join("Adults and Health"));
    assert_eq!(stored.len(), 1, "the page submitted the return: {stored:?}");
}

/// The page sets what it shows as text, has no inline script or event handler, and loads
/// Office's script only from its CDN, only in Office.
#[test]
fn the_addin_page_shows_data_as_text_only() {
    let html = std::fs::read_to_string("addin/taskpane.html").unwrap();
    let js = std::fs::read_to_string("addin/taskpane.js").unwrap();
    assert!(
        !js.contains("innerHTML")
            && !js.contains("outerHTML")
            && !js.contains("insertAdjacentHTML")
    );
    assert!(!js.contains("document.write") && !js.contains("eval("));
    assert!(!regex::Regex::new(r"\son[a-z]+\s*=")
        .unwrap()
        .is_match(&html));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script src=\"taskpane.js\" defer></script>"));
    assert!(
        !html.contains("office.js"),
        "office.js is loaded by the script, in Office only"
    );
    let manifest = std::fs::read_to_string("addin/manifest.xml").unwrap();
    assert!(manifest
        .contains("<SourceLocation DefaultValue=\"https://localhost:8443/addin/?office=1\"/>"));
}

/// `serve --hash-token` prints the SHA-256 of the token on standard input, for
/// `[serve.tokens]`; a short token is refused.
#[test]
fn hash_token_prints_what_the_configuration_stores() {
    let run = |input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_goldthread"))
            .args(["serve", "--hash-token"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("goldthread runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run("adults-token-0123456789abcdef\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        goldthread::serve::hash_token("adults-token-0123456789abcdef")
    );
    let short = run("abc");
    assert_eq!(short.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 16"));
}
