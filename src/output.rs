//! Writing outputs safely: to a temporary file beside the target, renamed into place, never
//! over one of the inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("The output '{0}' is one of the inputs; choose another name so the return is not overwritten.")]
    IsInput(String),
    #[error("The output '{path}' is also written as '{first}' in this run; give each output its own name.")]
    Twice { path: String, first: String },
    #[error("The output '{path}' must end in {expected}: its name says the format written.")]
    Extension { path: String, expected: String },
    #[error("Cannot write '{path}': {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("Cannot encode the output '{path}': {source}")]
    Encode {
        path: String,
        /// What the encoder (the workbook, database or template writer) said.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl OutputError {
    /// An encoder's error, naming the output it was writing.
    pub fn encode(
        path: &Path,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        OutputError::Encode {
            path: path.display().to_string(),
            source: source.into(),
        }
    }
}

/// Resolves a path as the system will when it is written: what exists resolved (symbolic links
/// followed, `..` taken from the real folder), the rest (folders not made yet) normalised
/// lexically, so that `nope/../r.xlsx` is `r.xlsx`. Relative paths are taken from the current
/// folder.
pub fn resolve(path: &Path) -> PathBuf {
    resolve_within(path, 0)
}

fn resolve_within(path: &Path, depth: u32) -> PathBuf {
    use std::path::Component;
    let mut at = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    for part in path.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => at.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => {
                let next = at.join(name);
                let link =
                    std::fs::symlink_metadata(&next).is_ok_and(|m| m.file_type().is_symlink());
                // A link is followed to where a write through it would land (40 deep, as the
                // system does), even when its target does not exist yet.
                at = match std::fs::read_link(&next) {
                    Ok(target) if link && depth < 40 => resolve_within(&at.join(target), depth + 1),
                    _ => next,
                };
            }
        }
    }
    at
}

/// Decides whether a path a run writes is safe: not one of the files it reads (the returns,
/// `--previous`, `--config`, `--profile`, ...), not another output of the same run, and named
/// for a format the command writes. Paths are compared [`resolve`]d, each resolved once.
#[derive(Debug, Default)]
pub struct Guard {
    inputs: std::collections::HashSet<PathBuf>,
    outputs: std::collections::HashMap<PathBuf, String>,
}

impl Guard {
    /// A guard protecting nothing yet.
    pub fn new() -> Guard {
        Guard::default()
    }

    /// A guard protecting the inputs: each file or folder as given, and every return found in
    /// the folders.
    pub fn of_inputs(inputs: &[PathBuf]) -> Guard {
        let mut guard = Guard::new();
        guard.protect_inputs(inputs);
        guard
    }

    /// Protects one file the run reads.
    pub fn protect(&mut self, path: &Path) {
        self.inputs.insert(resolve(path));
    }

    /// Protects the inputs as given and every return found in the folders among them.
    pub fn protect_inputs(&mut self, inputs: &[PathBuf]) {
        for input in inputs {
            self.protect(input);
        }
        for file in crate::read::discover(inputs).files {
            self.protect(&file.path);
        }
    }

    /// Whether the path is one of the protected inputs.
    pub fn is_input(&self, path: &Path) -> bool {
        self.inputs.contains(&resolve(path))
    }

    /// Claims an output: refused when it is an input or already claimed by this run, or when
    /// `extensions` (lower case, without the dot) is not empty and its extension is not one of
    /// them.
    ///
    /// # Errors
    /// [`OutputError::IsInput`], [`OutputError::Twice`] or [`OutputError::Extension`], naming
    /// the output.
    pub fn claim(&mut self, output: &Path, extensions: &[&str]) -> Result<(), OutputError> {
        let shown = output.display().to_string();
        let resolved = resolve(output);
        if self.inputs.contains(&resolved) {
            return Err(OutputError::IsInput(shown));
        }
        if let Some(first) = self.outputs.get(&resolved) {
            return Err(OutputError::Twice {
                path: shown,
                first: first.clone(),
            });
        }
        let ext = output
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !extensions.is_empty() && !extensions.contains(&ext.as_str()) {
            let names: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
            return Err(OutputError::Extension {
                path: shown,
                expected: names.join(", "),
            });
        }
        self.outputs.insert(resolved, shown);
        Ok(())
    }
}

/// Refuses an output path that is one of the input files (or inside an input folder and
/// named like a return).
///
/// # Errors
/// [`OutputError::IsInput`] naming the output.
pub fn check_not_input(output: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    Guard::of_inputs(inputs).claim(output, &[])
}

/// Writes bytes to `path` atomically: a temporary file in the same folder, flushed, then
/// renamed over the target. Creates missing parent folders. An interrupted run leaves the
/// old file (or none), never half a file.
///
/// # Errors
/// [`OutputError::Io`] when the folder or file cannot be written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomic`], with the content streamed by `fill` into a buffered writer, so large
/// outputs are never held in memory whole.
///
/// # Errors
/// [`OutputError::Io`] when the folder or file cannot be written.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let mut staged = Staged::new();
    staged.write_with(path, fill)?;
    staged.commit()
}

/// The temporary files of this process not yet renamed into place, removed on SIGINT and
/// SIGTERM (see [`clean_up_on_signals`]).
static TEMPS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// How many outputs this process has put in place, and the last of them: what an interruption
/// says was written.
static WRITTEN: std::sync::Mutex<(usize, Option<PathBuf>)> = std::sync::Mutex::new((0, None));

fn written() -> std::sync::MutexGuard<'static, (usize, Option<PathBuf>)> {
    WRITTEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMPS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file beside an output, known to the signal handler until it is renamed into
/// place or removed (when dropped).
#[derive(Debug)]
pub struct Temp {
    path: PathBuf,
}

impl Temp {
    /// A temporary name beside `target` ([`temp_beside`]), registered for clean-up.
    pub fn beside(target: &Path) -> Temp {
        let path = temp_beside(target);
        temps().push(path.clone());
        Temp { path }
    }

    /// The temporary file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        temps().retain(|p| p != &self.path);
    }
}

/// A run's outputs, each written whole to a temporary file beside its target, then all renamed
/// into place together by [`Staged::commit`]: a failure part way (a full disk) or an
/// interruption replaces none of the old outputs, and leaves no temporary file.
#[derive(Debug, Default)]
pub struct Staged {
    files: Vec<(Temp, PathBuf)>,
}

impl Staged {
    /// Nothing staged yet.
    pub fn new() -> Staged {
        Staged::default()
    }

    /// Stages an output written by `fill` into a buffered writer, flushed to disk.
    ///
    /// # Errors
    /// [`OutputError::Io`] when the folder or temporary file cannot be written.
    pub fn write_with(
        &mut self,
        path: &Path,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let io = |source| OutputError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = Temp::beside(path);
        let file = std::fs::File::create(tmp.path()).map_err(io)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut w).map_err(io)?;
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        self.files.push((tmp, path.to_path_buf()));
        Ok(())
    }

    /// Stages an output of these bytes.
    ///
    /// # Errors
    /// As [`Staged::write_with`].
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_with(path, |w| w.write_all(bytes))
    }

    /// Stages a value as pretty JSON, streamed to the file.
    ///
    /// # Errors
    /// As [`Staged::write_with`], or when the value cannot be encoded.
    pub fn write_json<T: serde::Serialize>(
        &mut self,
        path: &Path,
        value: &T,
    ) -> Result<(), OutputError> {
        self.write_with(path, |w| {
            serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        })
    }

    /// Stages an output a writer makes at the path it is given (a workbook writer): the path
    /// returned, a temporary file beside `target`.
    pub fn path_for(&mut self, target: &Path) -> PathBuf {
        let tmp = Temp::beside(target);
        let path = tmp.path().to_path_buf();
        self.files.push((tmp, target.to_path_buf()));
        path
    }

    /// Renames every staged output into place, holding off the signal handler meanwhile, so
    /// that an interruption replaces all of them or none.
    ///
    /// # Errors
    /// [`OutputError::Io`] naming the first output that cannot be renamed into place.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let mut failed = None;
        let mut left = Vec::new();
        {
            let mut registered = temps();
            for (tmp, target) in self.files.drain(..) {
                if failed.is_some() {
                    left.push(tmp);
                    continue;
                }
                match std::fs::rename(tmp.path(), &target) {
                    Ok(()) => {
                        registered.retain(|p| p != tmp.path());
                        std::mem::forget(tmp);
                        let mut w = written();
                        w.0 += 1;
                        w.1 = Some(target.clone());
                    }
                    Err(source) => {
                        failed = Some(OutputError::Io {
                            path: target.display().to_string(),
                            source,
                        });
                        left.push(tmp);
                    }
                }
            }
        }
        // Removed once the list is free again.
        drop(left);
        failed.map_or(Ok(()), Err)
    }
}

/// Removes this process's temporary output files when it is interrupted (SIGINT) or told to
/// stop (SIGTERM), then exits with 130 or 143 as a shell does. Call once, first thing in `main`,
/// before any thread starts: the signals are taken by a thread of their own.
pub fn clean_up_on_signals() {
    // SAFETY: the set is initialised by sigemptyset before use; blocking the two signals here,
    // before any other thread exists, makes every later thread inherit the mask, so only the
    // waiting thread receives them.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        std::thread::spawn(move || {
            let mut signal = 0;
            if libc::sigwait(&set, &mut signal) == 0 {
                let unfinished = {
                    let list = temps();
                    for path in list.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    list.len()
                };
                let (done, last) = written().clone();
                let last = last
                    .map(|p| format!(", the last {}", p.display()))
                    .unwrap_or_default();
                eprintln!(
                    "\ngoldthread: interrupted: {done} output file(s) were written{last}; {unfinished} not finished were removed, and nothing else was changed"
                );
                std::process::exit(128 + signal);
            }
        });
    }
}

/// A temporary name in the output's folder, hidden, unique in the run, and short enough for
/// any file system whatever the output's name (a name is at most 255 bytes).
pub fn temp_beside(path: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let mut end = name.len().min(100);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = format!(".{}.{}.{n}.tmp", &name[..end], std::process::id());
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.join(tmp),
        _ => PathBuf::from(tmp),
    }
}

/// Writes a value as pretty JSON, atomically, streamed to the file.
///
/// # Errors
/// As [`write_atomic`], or when the value cannot be encoded.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), OutputError> {
    let mut staged = Staged::new();
    staged.write_json(path, value)?;
    staged.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An encoder's error is named with the output and kept as the error's source, so a
    /// caller can tell a workbook's error from a database's.
    #[test]
    fn an_encoding_error_keeps_its_cause() {
        let cause = rust_xlsxwriter::XlsxError::ParameterError("a sheet name of 40 letters".into());
        let e = OutputError::encode(Path::new("out/report.xlsx"), cause);
        assert!(e
            .to_string()
            .starts_with("Cannot encode the output 'out/report.xlsx': "));
        let source = std::error::Error::source(&e).expect("the encoder's error");
        assert!(source.is::<rust_xlsxwriter::XlsxError>());
        assert!(source.to_string().contains("a sheet name of 40 letters"));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/out.json");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(target.parent().unwrap())
            .unwrap()
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn output_over_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("r.csv");
        std::fs::write(&input, "a,b\n").unwrap();
        let err = check_not_input(&input, &[dir.path().to_path_buf()]).unwrap_err();
        assert!(err.to_string().contains("is one of the inputs"));
        assert!(check_not_input(&dir.path().join("out.json"), &[dir.path().to_path_buf()]).is_ok());
    }

    #[test]
    fn a_failure_part_way_replaces_no_output_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        write_atomic(&a, b"old a").unwrap();
        write_atomic(&b, b"old b").unwrap();
        let mut staged = Staged::new();
        staged.write(&a, b"new a").unwrap();
        let full = staged.write_with(&b, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        });
        assert!(full.unwrap_err().to_string().contains("No space left"));
        drop(staged);
        assert_eq!(std::fs::read(&a).unwrap(), b"old a");
        assert_eq!(std::fs::read(&b).unwrap(), b"old b");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        assert!(temps().iter().all(|p| !p.starts_with(dir.path())));
        // Committed, both are replaced.
        let mut staged = Staged::new();
        staged.write(&a, b"new a").unwrap();
        staged.write(&b, b"new b").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn paths_resolve_through_missing_folders_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().canonicalize().unwrap();
        std::fs::write(d.join("r.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(d.join("r.xlsx"), d.join("link.xlsx")).unwrap();
        std::os::unix::fs::symlink(d.join("later.xlsx"), d.join("dangling.xlsx")).unwrap();
        assert_eq!(resolve(&d.join("nope/../r.xlsx")), d.join("r.xlsx"));
        assert_eq!(resolve(&d.join("a/b/../../r.xlsx")), d.join("r.xlsx"));
        assert_eq!(resolve(&d.join("link.xlsx")), d.join("r.xlsx"));
        assert_eq!(resolve(&d.join("dangling.xlsx")), d.join("later.xlsx"));
        let mut guard = Guard::of_inputs(std::slice::from_ref(&d));
        assert!(guard.claim(&d.join("x/../r.xlsx"), &[]).is_err());
        guard.claim(&d.join("out.json"), &["json"]).unwrap();
        let twice = guard
            .claim(&d.join("sub/../out.json"), &["json"])
            .unwrap_err();
        assert!(matches!(twice, OutputError::Twice { .. }), "{twice}");
    }
}
