//! Writing what a command produces, without ever losing a person's file.
//!
//! - `--output` is written atomically: an exclusively created temporary file with an
//!   unpredictable name beside the target (never following a link), then a rename. A failure,
//!   or Ctrl-C, leaves no temporary file and no half-written report.
//! - `--output` never names a file the run read (the input schools, the `--criteria` and
//!   `--templates` files), and replaces an existing path (a dangling link included) only with
//!   `--force`.
//! - Standard output: a closed pipe (`| head`) ends the run quietly; any other write error (a
//!   full disk) is reported, exit 2.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chuan::diag::{Diagnostic, Msg};

use super::{ColorWhen, Exit, Outcome, failure};

/// Temporary files being written, removed if the run is interrupted.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On Ctrl-C (or SIGTERM), remove any temporary file of ours and exit 130. Installed once, by
/// the first run that writes `--output` (before its first temporary file): the handler is a
/// thread, which a run writing only to standard output has no use for.
fn clean_up_on_interrupt() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Ok(temps) = TEMPS.lock() {
                for t in temps.iter() {
                    let _ = std::fs::remove_file(t);
                }
            }
            std::process::exit(130);
        });
    });
}

fn register(path: &Path) {
    if let Ok(mut t) = TEMPS.lock() {
        t.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut t) = TEMPS.lock() {
        t.retain(|p| p != path);
    }
}

/// A temporary file beside `path`, filled with `bytes`, then moved into place by `finish`.
fn via_temp(
    path: &Path,
    bytes: &[u8],
    finish: impl FnOnce(tempfile::NamedTempFile, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    via_temp_with(path, |file| file.write_all(bytes), finish)
}

/// The same, with the temporary file filled by `fill` as it goes (a report written while it
/// is produced); whatever `fill` fails with leaves no file behind.
fn via_temp_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    finish: impl FnOnce(tempfile::NamedTempFile, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    clean_up_on_interrupt();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // O_CREAT|O_EXCL with a random name: a planted file or link makes creation fail, it is
    // never followed
    let mut tmp = tempfile::Builder::new()
        .prefix(".chuan-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let tmp_path = tmp.path().to_path_buf();
    register(&tmp_path);
    let result = fill(tmp.as_file_mut())
        .and_then(|()| tmp.as_file().sync_all())
        .and_then(|()| finish(tmp, path));
    // on failure the NamedTempFile was dropped, which removed it
    unregister(&tmp_path);
    result
}

/// Writes atomically (temporary file, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    via_temp(path, bytes, |tmp, path| {
        tmp.persist(path).map(|_| ()).map_err(|e| e.error)
    })
}

/// Creates a file that must not exist yet (not even as a dangling link): a file created
/// meanwhile is never replaced.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    via_temp(path, bytes, |tmp, path| {
        tmp.persist_noclobber(path).map(|_| ()).map_err(|e| e.error)
    })
}

/// Whether anything is at `path`, a dangling symbolic link included.
pub fn occupied(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Every file a run reads from these places: files as given, folders' files (two levels deep,
/// which covers a criteria set's `indicators/` and `tests/`).
fn files_read(places: &[&Path]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walk = |p: &Path, depth: u8, out: &mut Vec<PathBuf>| {
        fn go(p: &Path, depth: u8, out: &mut Vec<PathBuf>) {
            if p.is_dir() {
                if depth == 0 {
                    return;
                }
                if let Ok(entries) = std::fs::read_dir(p) {
                    for e in entries.flatten() {
                        go(&e.path(), depth - 1, out);
                    }
                }
            } else {
                out.push(p.to_path_buf());
            }
        }
        go(p, depth, out);
    };
    for p in places {
        walk(p, 3, &mut out);
    }
    out
}

/// `--output` must not be any file the run reads (the files and folders `read` names), and
/// must not replace an existing path unless `force`.
pub fn guard(output: &Option<PathBuf>, read: &[&Path], force: bool) -> Result<(), Vec<Diagnostic>> {
    let Some(out) = output else {
        return Ok(());
    };
    // from here on, Ctrl-C removes what the run has begun to write
    clean_up_on_interrupt();
    let read = files_read(read);
    let shown = out.display().to_string();
    if let Ok(target) = out.canonicalize() {
        // the output's own file has its size and modification time: an input without them is
        // not resolved (one `stat` where a path resolution costs one per component, and a
        // board reads 10 000 files). Names are not compared: on Windows and macOS two
        // spellings of one name are one file.
        let stamp = |m: std::fs::Metadata| (m.len(), m.modified().ok());
        let target_stamp = std::fs::metadata(&target).map(stamp).ok();
        let candidate = |i: &Path| match (&target_stamp, std::fs::metadata(i)) {
            (Some(t), Ok(m)) => *t == stamp(m),
            (None, _) => true,
            (Some(_), Err(_)) => false,
        };
        for input in read.iter().filter(|i| candidate(i)) {
            if input.canonicalize().is_ok_and(|i| i == target) {
                return Err(failure(
                    &shown,
                    Msg::OutputIsInput {
                        path: shown.clone(),
                    },
                ));
            }
        }
    }
    if occupied(out) && !force {
        return Err(failure(
            &shown,
            Msg::OutputExists {
                path: shown.clone(),
            },
        ));
    }
    Ok(())
}

/// Writes a report to --output (atomically) or standard output.
pub fn emit(output: &Option<PathBuf>, bytes: &[u8], color: ColorWhen) -> Outcome {
    match output {
        Some(path) => {
            let name = path.display().to_string();
            write_atomic(path, bytes).map_err(|e| cannot_write(&name, &e))?;
            Ok(Exit::Ok)
        }
        None => stdout(bytes, color),
    }
}

/// A file that could not be written, as a command's failure.
pub fn cannot_write(path: &str, e: &std::io::Error) -> Vec<Diagnostic> {
    failure(
        path,
        Msg::CannotWrite {
            path: path.to_string(),
            err: e.into(),
        },
    )
}

/// Writes a report as it is produced: into a temporary file moved into place at the end (as
/// [`emit`]), or to standard output. A failure of `fill` leaves no file.
pub fn emit_with(
    output: &Option<PathBuf>,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Outcome {
    let (name, result) = match output {
        Some(path) => (
            path.display().to_string(),
            via_temp_with(
                path,
                |file| {
                    let mut w = std::io::BufWriter::new(file);
                    fill(&mut w)?;
                    w.flush()
                },
                |tmp, path| tmp.persist(path).map(|_| ()).map_err(|e| e.error),
            ),
        ),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            let r = fill(&mut w).and_then(|()| w.flush());
            ("<stdout>".to_string(), r)
        }
    };
    match result {
        Ok(()) => Ok(Exit::Ok),
        Err(e) if output.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
        Err(e) => Err(cannot_write(&name, &e)),
    }
}

/// Writes a binary report (XLSX) into a temporary file beside `path`, moved into place at the
/// end; `fill` gets the file itself (a zip writer needs to seek).
pub fn emit_file(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Outcome {
    let mut report = None;
    let result = via_temp_with(
        path,
        |file| {
            fill(file).map_err(|e| {
                report = Some(e);
                std::io::Error::other("the report could not be made")
            })
        },
        |tmp, path| tmp.persist(path).map(|_| ()).map_err(|e| e.error),
    );
    match (result, report) {
        (Ok(()), _) => Ok(Exit::Ok),
        (Err(_), Some(msg)) => Err(super::render_failure(msg)),
        (Err(e), None) => {
            let name = path.display().to_string();
            Err(cannot_write(&name, &e))
        }
    }
}

/// Whether a report for standard output should carry colour codes: `--color`, and for `auto`
/// anstream's own decision for standard output (a terminal that supports colour, NO_COLOR,
/// CLICOLOR, CLICOLOR_FORCE). A report headed for a pipe or a file is then rendered without
/// them, and written at once, instead of stripped of them piece by piece on the way out.
pub fn paints_stdout(color: ColorWhen) -> bool {
    match color {
        ColorWhen::Never => false,
        ColorWhen::Always => true,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Standard output (through anstream, which honours colour settings, when colour codes may be
/// present). A reader that closed the pipe ends the run quietly.
pub fn stdout(bytes: &[u8], color: ColorWhen) -> Outcome {
    let result = if bytes.contains(&0x1b) {
        let choice = match color {
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
            ColorWhen::Auto => anstream::ColorChoice::Auto,
        };
        let mut out = anstream::AutoStream::new(std::io::stdout(), choice);
        out.write_all(bytes).and_then(|()| out.flush())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes).and_then(|()| out.flush())
    };
    match result {
        Ok(()) => Ok(Exit::Ok),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
        Err(e) => Err(cannot_write("<stdout>", &e)),
    }
}

/// Standard error, through anstream (colours dropped when it is not a terminal).
pub fn stderr(text: &str) -> std::io::Result<()> {
    let mut err = anstream::stderr();
    err.write_all(text.as_bytes())?;
    err.flush()
}
