//! Human-readable rendering of a [`CheckReport`]: a table with one line per file, then the
//! findings. Files of the same format in the same directory (e.g. 136 CFE contract files)
//! share one block in which equal findings are merged with their total count.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use crate::check::CheckReport;
use crate::check::file::FileReport;
use crate::finding::{Finding, Severity};

/// Files of one format in one directory from which on their findings are merged.
const GROUP_FROM: usize = 5;

impl CheckReport {
    /// The report as text: summary table, findings by file, data-set findings, totals.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let what = self.data_dir.as_deref().unwrap_or("files");
        let _ = writeln!(
            s,
            "ringfence data check: {what} ({} files)\n",
            self.files.len()
        );
        table(&mut s, &self.files);
        s.push('\n');
        for (title, files) in groups(&self.files) {
            block(&mut s, &title, &files);
        }
        if !self.dataset.is_empty() {
            let _ = writeln!(s, "data set");
            let mut ds: Vec<&Finding> = self.dataset.iter().collect();
            ds.sort_by_key(|f| std::cmp::Reverse(f.severity));
            for f in ds {
                finding_line(&mut s, f, None);
            }
            s.push('\n');
        }
        let verdict = if self.errors > 0 {
            "errors found (exit 1)"
        } else if self.warnings > 0 {
            "no errors; warnings are known kinds of data defects, see above (exit 0)"
        } else {
            "clean (exit 0)"
        };
        let _ = writeln!(
            s,
            "summary: {} files, {} errors, {} warnings, {} info: {verdict}",
            self.files.len(),
            self.errors,
            self.warnings,
            self.infos
        );
        s
    }
}

fn table(s: &mut String, files: &[FileReport]) {
    let name_w = files
        .iter()
        .map(|f| f.path.len())
        .max()
        .unwrap_or(4)
        .clamp(4, 60);
    let _ = writeln!(
        s,
        "{:<name_w$} {:<20} {:<13} {:>6} {:<10} {:<10} {:>4} {:>4} {:>5} {:>6} {:>5} {:>6} {:>5} {:>5} {:>5} {:>4} {:>3} {:>3} {:>3}",
        "file",
        "format",
        "role",
        "rows",
        "first",
        "last",
        "dup",
        "ord",
        "gaps",
        "closed",
        "ohlc",
        "nonpos",
        "jumps",
        "fill",
        "drop",
        "excl",
        "E",
        "W",
        "I"
    );
    for f in files {
        let c = &f.counts;
        let role = match (f.role, f.used) {
            (Some(r), true) => format!("{}*", r.name()),
            (Some(r), false) => r.name().to_string(),
            (None, _) => "-".to_string(),
        };
        let date = |d: Option<chrono::NaiveDate>| d.map_or("-".to_string(), |d| d.to_string());
        let _ = writeln!(
            s,
            "{:<name_w$} {:<20} {:<13} {:>6} {:<10} {:<10} {:>4} {:>4} {:>5} {:>6} {:>5} {:>6} {:>5} {:>5} {:>5} {:>4} {:>3} {:>3} {:>3}",
            shorten(&f.path, name_w),
            f.format.map_or("?", |x| x.name()),
            role,
            f.rows,
            date(f.first),
            date(f.last),
            c.duplicates,
            c.out_of_order,
            c.gaps,
            c.non_trading_days,
            c.ohlc_violations,
            c.non_positive,
            c.jumps,
            c.filled,
            c.dropped,
            c.excluded,
            f.count(Severity::Error),
            f.count(Severity::Warning),
            f.count(Severity::Info),
        );
    }
    let _ = writeln!(
        s,
        "(role* = feeds the history; closed = rows on days the NYSE was closed; excl = values excluded from the history)"
    );
}

fn shorten(p: &str, w: usize) -> String {
    if p.len() <= w {
        p.to_string()
    } else {
        let cut = p.len() - (w - 3);
        format!("...{}", p.get(cut..).unwrap_or(p))
    }
}

/// Files grouped for the findings section: big same-format directories together, every
/// other file alone; in file order.
fn groups(files: &[FileReport]) -> Vec<(String, Vec<&FileReport>)> {
    let key = |f: &FileReport| {
        let dir = Path::new(&f.path)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        (dir, f.format.map(|x| x.name()).unwrap_or("?"))
    };
    let mut sizes: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for f in files {
        *sizes.entry(key(f)).or_default() += 1;
    }
    let mut out: Vec<(String, Vec<&FileReport>)> = Vec::new();
    let mut placed: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for f in files {
        let k = key(f);
        if sizes[&k] >= GROUP_FROM {
            if let Some(&i) = placed.get(&k) {
                out[i].1.push(f);
            } else {
                placed.insert(k.clone(), out.len());
                let title = format!("{}/ ({} {} files)", k.0, sizes[&k], k.1);
                out.push((title, vec![f]));
            }
        } else {
            out.push((f.path.clone(), vec![f]));
        }
    }
    out
}

fn block(s: &mut String, title: &str, files: &[&FileReport]) {
    let _ = writeln!(s, "{title}");
    if files.len() == 1 {
        for f in &files[0].findings {
            finding_line(s, f, None);
        }
    } else {
        // Merge equal (severity, code) findings over the files.
        let mut merged: Vec<(Finding, usize, Vec<String>)> = Vec::new();
        for fr in files {
            let name = Path::new(&fr.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for f in &fr.findings {
                match merged
                    .iter_mut()
                    .find(|(m, _, _)| m.code == f.code && m.severity == f.severity)
                {
                    Some((m, nfiles, ex)) => {
                        m.count += f.count;
                        *nfiles += 1;
                        for e in &f.examples {
                            if ex.len() < crate::finding::MAX_EXAMPLES {
                                ex.push(format!("{name}: {e}"));
                            }
                        }
                    }
                    None => {
                        let ex = f.examples.iter().map(|e| format!("{name}: {e}")).collect();
                        let mut first = f.clone();
                        first.message = format!("{name}: {}", f.message);
                        merged.push((first, 1, ex));
                    }
                }
            }
        }
        merged.sort_by_key(|m| std::cmp::Reverse(m.0.severity));
        for (mut f, nfiles, ex) in merged {
            f.examples = ex;
            let scope = (nfiles > 1).then(|| format!("in {nfiles} files; e.g. "));
            finding_line(s, &f, scope.as_deref());
        }
    }
    s.push('\n');
}

fn finding_line(s: &mut String, f: &Finding, scope: Option<&str>) {
    let _ = writeln!(
        s,
        "  {:<7} {} [{}]: {}{}",
        f.severity.as_str(),
        f.code,
        f.count,
        scope.unwrap_or(""),
        f.message.replace('\n', "\n            ")
    );
    if !f.examples.is_empty() {
        let _ = writeln!(s, "            e.g. {}", f.examples.join("; "));
    }
}
