//! Writing outputs safely: to a temporary file beside the target, renamed into place, never
//! over one of the inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("The output '{0}' is one of the inputs; choose another name so the return is not overwritten.")]
    IsInput(String),
    #[error("Cannot write '{path}': {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("Cannot encode the output '{path}': {message}")]
    Encode { path: String, message: String },
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Refuses an output path that is one of the input files (or inside an input folder and
/// named like a return).
///
/// # Errors
/// [`OutputError::IsInput`] naming the output.
pub fn check_not_input(output: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    let paths = input_files(inputs);
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    check_not_among(output, &paths)
}

/// The inputs and every return found under them: what an output must never replace.
pub fn input_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let found = crate::read::discover(inputs);
    let mut paths: Vec<PathBuf> = found.files.into_iter().map(|f| f.path).collect();
    paths.extend(inputs.iter().cloned());
    paths
}

/// As [`check_not_input`], against files already listed (several outputs, one listing).
///
/// # Errors
/// [`OutputError::IsInput`] naming the output.
pub fn check_not_among(output: &Path, files: &[&Path]) -> Result<(), OutputError> {
    if files.iter().any(|f| same_file(f, output)) {
        return Err(OutputError::IsInput(output.display().to_string()));
    }
    Ok(())
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
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
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
