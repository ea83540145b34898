//! Home visits. So far: the rules a visit is checked against (units, overlaps, authorized
//! length and frequency, note and make-up dates), as pure functions; the visit log, its
//! signing and review build on them.
pub mod rules;
