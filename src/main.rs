//! The `chuan` command: argument parsing and output writing over the `chuan` library.

mod cli;

// a school's tree, its facts and its evaluation are thousands of small values made and freed
// in a few milliseconds; mimalloc serves them faster than the system allocator
#[global_allocator]
static ALLOC: MiMalloc = MiMalloc;

/// mimalloc, asked for plain blocks where a plain block is aligned enough (as the standard
/// library's own allocator asks `malloc`): the `mimalloc` crate asks for an aligned block every
/// time, a longer path taken by each of a check's four thousand allocations.
struct MiMalloc;

/// The alignment of every mimalloc block of at least this size (`MI_MAX_ALIGN_SIZE`); a
/// smaller block is aligned to its size class, a multiple of 8.
const PLAIN_ALIGN: usize = 16;

/// Whether a plain block of `size` bytes is aligned to `align`.
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: each method passes the layout's size (and, where a plain block would not do, its
// alignment) to mimalloc, whose blocks are freed by `mi_free` whichever call made them.
unsafe impl std::alloc::GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        // SAFETY: plain C calls; a null answer is the allocation failure GlobalAlloc expects
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        // SAFETY: as `alloc`
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from one of the calls above
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        // SAFETY: `ptr` came from one of the calls above; mimalloc keeps the contents
        unsafe {
            if plain(layout.align(), new_size) {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    cli::run()
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    /// Every block is aligned as asked, plain or not, fresh, zeroed or grown, for the sizes and
    /// alignments Rust asks for (a size is a multiple of its alignment).
    #[test]
    fn blocks_are_aligned_as_asked() {
        let alloc = super::MiMalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (align..=3000)
                .step_by(align)
                .chain([1 << 16, 1 << 20].map(|s| s.max(align)))
            {
                let layout = Layout::from_size_align(size, align).unwrap();
                // several of each, so that a size class's blocks after the first are seen
                let blocks: Vec<_> = (0..3)
                    .map(|i| unsafe {
                        if i == 1 {
                            alloc.alloc_zeroed(layout)
                        } else {
                            alloc.alloc(layout)
                        }
                    })
                    .collect();
                for (i, &p) in blocks.iter().enumerate() {
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    if i == 1 {
                        assert!(
                            unsafe { std::slice::from_raw_parts(p, size) }
                                .iter()
                                .all(|&b| b == 0)
                        );
                    }
                    unsafe { p.write_bytes(0xa5, size) };
                    let grown = unsafe { alloc.realloc(p, layout, size * 2 + align) };
                    assert_eq!(
                        grown as usize % align,
                        0,
                        "grown from {size}, align {align}"
                    );
                    assert!(
                        unsafe { std::slice::from_raw_parts(grown, size) }
                            .iter()
                            .all(|&b| b == 0xa5)
                    );
                    unsafe {
                        alloc.dealloc(
                            grown,
                            Layout::from_size_align(size * 2 + align, align).unwrap(),
                        )
                    };
                }
            }
        }
    }
}
