//! Reading the files a person names: regular files only (a FIFO would block forever, a device
//! would never end), no larger than a school file can plausibly be, decoded as UTF-8 and
//! normalised to NFC.

use std::io::Read as _;
use std::path::Path;

use crate::diag::{Diagnostic, Msg, Source};

/// A self-assessment or criteria file is a few KB; anything past this is the wrong file.
pub const MAX_INPUT_MB: u64 = 10;

/// The text of `path` in NFC, or a diagnostic saying why it cannot be read.
pub fn read_input(path: &Path) -> Result<String, Box<Diagnostic>> {
    read_raw(path).map(|t| match crate::text::nfc(&t) {
        std::borrow::Cow::Borrowed(_) => t,
        std::borrow::Cow::Owned(n) => n,
    })
}

/// `path` as a [`Source`]: NFC text to parse, columns counted in the text as written (a file
/// typed in NFD, Unikey's "Unicode tổ hợp", reports the columns its editor shows).
pub fn read_source(path: &Path) -> Result<Source, Box<Diagnostic>> {
    read_raw(path).map(|t| Source::as_written(path.display().to_string(), t))
}

/// The text of `path` as written.
fn read_raw(path: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = read_bytes(path)?;
    text_of(&path.display().to_string(), bytes)
}

/// Bytes that did not come from a path (a file dropped on the browser page) as a [`Source`],
/// with the checks a file gets: at most [`MAX_INPUT_MB`], UTF-8.
pub fn source_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Source, Box<Diagnostic>> {
    if bytes.len() as u64 > MAX_INPUT_MB * 1024 * 1024 {
        return Err(too_large(name));
    }
    text_of(name, bytes).map(|t| Source::as_written(name, t))
}

fn text_of(name: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|_| {
        cannot_read(
            name,
            &std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            ),
        )
    })
}

fn too_large(name: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::file(
        name,
        Msg::TooLarge {
            path: name.to_string(),
            limit_mb: MAX_INPUT_MB,
        },
    ))
}

fn cannot_read(display: &str, e: &std::io::Error) -> Box<Diagnostic> {
    Box::new(Diagnostic::file(
        display,
        Msg::CannotRead {
            path: display.to_string(),
            err: e.into(),
        },
    ))
}

/// The bytes of `path` (a workbook), with the same checks: a regular file, at most
/// [`MAX_INPUT_MB`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let display = path.display().to_string();
    let cannot = |e: &std::io::Error| cannot_read(&display, e);
    let meta = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        return Err(Box::new(Diagnostic::file(
            &display,
            Msg::NotAFile {
                path: display.clone(),
            },
        )));
    }
    let limit = MAX_INPUT_MB * 1024 * 1024;
    if meta.len() > limit {
        return Err(too_large(&display));
    }
    // read at most one byte past the limit, whatever the metadata said
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&display));
    }
    Ok(bytes)
}
