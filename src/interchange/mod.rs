//! The interchange format: a program's records as JSON Lines, for `hearth export` and
//! `hearth import`, so that data moves between installations (or from a state system) without
//! being typed twice, lost or duplicated.
//!
//! One record a line, `{"type": "child", "id": "child-12@3f9a1c2e", …}`, in dependency order
//! (the order of [`Kind::ALL`]): a record names the records it refers to by their ids
//! (`"family": "family-4@3f9a1c2e"`), and they come earlier in the file or already exist in the
//! receiving database. Keys are in a fixed order (the structs' field order) and records in id
//! order, so the same data always gives the same bytes; nothing of the export itself (its time,
//! its host) is written.
//!
//! **External ids.** A row made here is exported as `<type>-<local id>@<installation tag>`; the
//! tag (8 hex digits, made once, kept in `interchange_ids`) keeps two installations' `child-12`
//! apart. A row imported from a file keeps the id it arrived with, remembered in
//! `interchange_ids` (type, external id, local id), so exporting it again writes the same id and
//! importing the same file again updates that row (or counts it unchanged) instead of adding a
//! second one. The JSON Schema of every record is `assets/interchange.schema.json`, generated
//! from the structs in [`records`] (a unit test fails when the committed file differs).
pub mod cli;
pub mod export;
pub mod ids;
pub mod import;
pub mod records;

pub use ids::Kind;
