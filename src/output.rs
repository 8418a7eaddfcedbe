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
    #[error("Cannot encode the output '{path}': {message}")]
    Encode { path: String, message: String },
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
    let io = |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let tmp = temp_beside(path);
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
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
    write_atomic_with(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
