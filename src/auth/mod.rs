//! Who is asking: passwords, sessions and the `CurrentUser` extractor, signed tokens (staff
//! sessions and the family's and agencies' links), the CSRF check, sign-in throttling and
//! cookies. The pages that use them (sign-in, sign-out, the account page) are in
//! `crate::account`.
pub mod cookies;
pub mod csrf;
pub mod lead_agency;
pub mod link_limit;
pub mod link_token;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;

pub use csrf::CsrfToken;
pub use session::CurrentUser;
