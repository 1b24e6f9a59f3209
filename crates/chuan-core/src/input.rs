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
    read_raw(path).map(|t| crate::text::nfc(&t))
}

/// `path` as a [`Source`]: NFC text to parse, columns counted in the text as written (a file
/// typed in NFD, Unikey's "Unicode tổ hợp", reports the columns its editor shows).
pub fn read_source(path: &Path) -> Result<Source, Box<Diagnostic>> {
    read_raw(path).map(|t| Source::as_written(path.display().to_string(), t))
}

/// The text of `path` as written.
fn read_raw(path: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|_| {
        cannot_read(
            path,
            &std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            ),
        )
    })
}

fn cannot_read(path: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    let display = path.display().to_string();
    Box::new(Diagnostic::file(
        &display,
        Msg::CannotRead {
            path: display.clone(),
            err: e.into(),
        },
    ))
}

/// The bytes of `path` (a workbook), with the same checks: a regular file, at most
/// [`MAX_INPUT_MB`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let display = path.display().to_string();
    let cannot = |e: &std::io::Error| cannot_read(path, e);
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
    let too_large = || {
        Box::new(Diagnostic::file(
            &display,
            Msg::TooLarge {
                path: display.clone(),
                limit_mb: MAX_INPUT_MB,
            },
        ))
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    // read at most one byte past the limit, whatever the metadata said
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}
