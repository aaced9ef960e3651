//! Atomic writes: a temp file beside the target, then a rename, so a reader never sees a
//! half-written chart or page.

use std::io::Write as _;
use std::path::Path;

use crate::error::{ReportError, Result};

/// Write `bytes` to `path` through `<path>.tmp` and a rename.
///
/// # Errors
/// [`ReportError::Io`] naming the file; the temp file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ReportError::io(path, e)
    })
}
