//! `chuan` for the browser page (`dist/chuan.html`): one call, JSON in and JSON out.
//!
//! The page writes a request into memory it got from [`chuan_alloc`], calls [`chuan_call`] and
//! reads [`chuan_out_len`] bytes at the pointer it returns. Everything the page shows (results,
//! messages, reports, the exported TOML) comes from [`api::handle`], that is from the same
//! library code and templates as `chuan check`; the page's JavaScript only draws forms.

pub mod api;

use std::cell::RefCell;

thread_local! {
    /// The last answer, kept until the next call so the page can copy it out.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Memory for a request of `len` bytes; the page frees it with [`chuan_free`].
#[unsafe(no_mangle)]
pub extern "C" fn chuan_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Frees what [`chuan_alloc`] gave for `len` bytes.
///
/// # Safety
/// `ptr` and `len` are exactly what one earlier `chuan_alloc(len)` returned and was given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn chuan_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes back the allocation `chuan_alloc(len)` made, once
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
}

/// Answers the JSON request of `len` bytes at `ptr`; the answer is [`chuan_out_len`] bytes at
/// the returned pointer, valid until the next call.
///
/// # Safety
/// `ptr` points to `len` initialised bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn chuan_call(ptr: *const u8, len: usize) -> *const u8 {
    // SAFETY: the caller wrote `len` bytes at `ptr`
    let request = unsafe { std::slice::from_raw_parts(ptr, len) };
    let answer = api::handle(request);
    OUT.with(|out| {
        let mut out = out.borrow_mut();
        *out = answer.into_bytes();
        out.as_ptr()
    })
}

/// The length of the last answer.
#[unsafe(no_mangle)]
pub extern "C" fn chuan_out_len() -> usize {
    OUT.with(|out| out.borrow().len())
}
