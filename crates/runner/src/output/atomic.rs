//! Atomic file and directory writes: write a temporary sibling, then rename over the target.
//!
//! A reader (or a resumed run after SIGKILL) sees either the old file or the complete new
//! one, never half of it. Temporary names start with `.` and end with `.tmp-<pid>`, so they
//! are recognisable leftovers of a killed process.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Result, RunnerError};

/// The temporary sibling used while writing `path`.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// True for a temporary name left by [`temp_path`].
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// Write `path` atomically through `fill`.
///
/// # Errors
/// [`RunnerError::Io`] naming the file; the target is left as it was.
pub fn write_with<F>(path: &Path, fill: F) -> Result<()>
where
    F: FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
{
    let tmp = temp_path(path);
    let result = (|| {
        let f = File::create(&tmp)?;
        let mut w = BufWriter::with_capacity(1 << 16, f);
        fill(&mut w)?;
        w.flush()?;
        drop(w);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(RunnerError::io(path, e));
    }
    Ok(())
}

/// Write `bytes` to `path` atomically.
///
/// # Errors
/// As [`write_with`].
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Create `dir` and its parents.
///
/// # Errors
/// [`RunnerError::Io`] naming the directory.
pub fn create_dir_all(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| RunnerError::io(dir, e))
}

/// Remove leftover temporary files and directories in `dir` (not recursive).
///
/// # Errors
/// [`RunnerError::Io`] when the directory cannot be listed.
pub fn remove_temps(dir: &Path) -> Result<()> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in rd {
        let entry = entry.map_err(|e| RunnerError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_temp_name(&name) {
            let p = entry.path();
            let _ = if p.is_dir() {
                fs::remove_dir_all(&p)
            } else {
                fs::remove_file(&p)
            };
        }
    }
    Ok(())
}
