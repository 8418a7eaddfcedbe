//! Finding the returns: files and folders given on the command line, walked once each, with
//! lock files, hidden files, links that loop and files too big to be a return left out.

use std::path::{Path, PathBuf};

use super::*;

/// The extensions goldthread reads.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// A file to read, with the name to show for it and the folders it sits in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path shown in messages and outputs, `/` separated.
    pub display: String,
}

impl InputFile {
    /// The folder names from the input root down to the file, nearest last.
    pub fn folders(&self) -> Vec<String> {
        let parts: Vec<&str> = self.display.split('/').collect();
        parts[..parts.len().saturating_sub(1)]
            .iter()
            .filter(|p| !p.is_empty() && **p != "." && **p != "..")
            .map(|p| p.to_string())
            .collect()
    }

    /// File name without its extension: of the name shown, which is the path's own name
    /// unless the file was given another (an upload read from a temporary file).
    pub fn stem(&self) -> String {
        let name = self.display.rsplit('/').next().unwrap_or_default();
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn is_lock_or_hidden(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with('.')
}

fn has_known_extension(p: &Path) -> bool {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Files found under the inputs, and inputs that could not be used.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<InputFile>,
    pub errors: Vec<ReadError>,
    /// Files inside folders that are not returns (other extensions, lock files), by display path.
    pub ignored: Vec<String>,
}

/// The largest file read as a return (512 MiB); a file past it is refused, naming it.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Lists the files to read: files as given, folders searched recursively for the supported
/// extensions, skipping Office lock files (`~$*`) and hidden files. Sorted by path. Only regular
/// files are read (a named pipe or a link to a device is refused, naming it); a folder reached
/// twice (through a symbolic link, or given twice) is searched once, and a file reached twice is
/// read once.
pub fn discover(inputs: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut folders = std::collections::HashSet::new();
    for input in inputs {
        let shown = display_path(input);
        match std::fs::metadata(input) {
            Err(e) => out
                .errors
                .push(ReadError::new(&shown, Error::Unopenable(e))),
            Ok(m) if m.is_dir() => walk(input, &mut out, &mut folders),
            Ok(m) => admit(input.clone(), shown, &m, &mut out),
        }
    }
    out.files.sort();
    out.files.dedup();
    let mut seen = std::collections::HashSet::new();
    out.files
        .retain(|f| seen.insert(f.path.canonicalize().unwrap_or_else(|_| f.path.clone())));
    out
}

/// Lists a file found, or the reason it is not read.
fn admit(path: PathBuf, shown: String, meta: &std::fs::Metadata, out: &mut Discovery) {
    if let Err(e) = regular_file(meta) {
        out.errors.push(ReadError::new(&shown, e));
    } else {
        out.files.push(InputFile {
            path,
            display: shown,
        });
    }
}

/// Whether a file can be read as a return: a regular file within [`MAX_FILE_BYTES`].
pub(super) fn regular_file(meta: &std::fs::Metadata) -> Result<(), Error> {
    if !meta.is_file() {
        return Err(Error::NotRegular);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::TooBig { bytes: meta.len() });
    }
    Ok(())
}

fn walk(dir: &Path, out: &mut Discovery, folders: &mut std::collections::HashSet<PathBuf>) {
    // A folder reached again (a link back up the tree, or the same folder given twice) is not
    // searched again: links can make endless paths to the same files.
    if !folders.insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.errors
                .push(ReadError::new(&display_path(dir), Error::Unlisted(e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = std::fs::metadata(&p);
        if meta.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
            if !name.starts_with('.') {
                walk(&p, out, folders);
            }
        } else if is_lock_or_hidden(&name) || !has_known_extension(&p) {
            out.ignored.push(display_path(&p));
        } else {
            match meta {
                Ok(m) => admit(p.clone(), display_path(&p), &m, out),
                // A broken link: named when it cannot be read.
                Err(_) => out.files.push(InputFile {
                    display: display_path(&p),
                    path: p,
                }),
            }
        }
    }
}
