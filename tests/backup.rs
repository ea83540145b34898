//! Issue 18: `hearth backup` and `hearth restore` on the real binary.
