//! Shared view pieces: the page layout, form fields, flash messages.
pub mod conflict;
pub mod due;
pub mod fields;
pub mod flash;
pub mod form;
pub mod form_body;
pub mod layout;
pub mod page;
pub mod pager;
pub mod respond;
pub mod table_wrap;
pub mod when;

pub use page::Page;
