//! Who may do what, declared by hand, one line per route the router serves. The policy
//! matrix test (`policy_matrix`) reads the routes from the router itself and fails on any
//! route missing here (or any line here the router no longer serves), so a new route cannot
//! arrive without saying who may use it.
//!
//! `Staff(roles)` lists the roles whose request is let through for a record on their own
//! caseload (A admin, S supervisor, C coordinator, P provider, L lead agency); the others are
//! refused with 403 or 404. The lead agency (L) is read-only and above the programs: it is let
//! through only to its home, its own account, signing out and the reports (indicators, their
//! drill-downs and CSVs, the dashboard), for any program (`?program=SLUG`); every other route,
//! every write and every child's page, refuses it. On top of the role, every record of a child is held to the caseload (a
//! coordinator's own children, a provider's served children; admins and supervisors the whole
//! program) and every record to the program: those two relations are checked for every
//! route that names a record, not listed here.

/// Where a route's callers come from, and so how a refusal looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// Anyone: sign-in, health, static files.
    Public,
    /// Signed-in staff of these roles.
    Staff(&'static str),
    /// A family with a confirmed link (`hearth_family` cookie).
    Family,
    /// An agency with a confirmed packet link (`hearth_agency` cookie).
    Agency,
    /// A signed link in the URL (family or agency): the token is the credential.
    Link,
    /// A calendar feed's secret in the URL.
    Feed,
    /// The JSON API: a bearer token (`tests/api*.rs` check roles, programs and scopes).
    Api,
}

use Door::*;

/// Every program role (not the lead agency).
pub const ALL: &str = "ASCP";
/// Every staff role, the lead agency too.
pub const EVERY: &str = "ASCPL";

pub const TABLE: &[(&str, &str, Door)] = &[
    ("GET", "/", Staff(EVERY)),
    ("GET", "/healthz", Public),
    ("GET", "/readyz", Public),
    // Only from this machine or with HEARTH_METRICS_TOKEN (tests/metrics.rs); the test client
    // is on loopback, so it is let through here.
    ("GET", "/metrics", Public),
    ("GET", "/assets/{*path}", Public),
    ("GET", "/sw.js", Public),
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("POST", "/logout", Staff(EVERY)),
    ("GET", "/account", Staff(EVERY)),
    ("POST", "/account", Staff(EVERY)),
    // Staff and settings.
    ("GET", "/staff", Staff("AS")),
    ("POST", "/staff", Staff("A")),
    ("GET", "/staff/new", Staff("A")),
    ("GET", "/staff/{id}", Staff("AS")),
    ("POST", "/staff/{id}/active", Staff("A")),
    ("POST", "/staff/{id}/credentials", Staff("A")),
    ("POST", "/staff/{id}/sign-out", Staff("A")),
    ("GET", "/settings", Staff("A")),
    ("POST", "/settings", Staff("A")),
    ("GET", "/settings/population", Staff("A")),
    ("GET", "/settings/api-tokens", Staff("A")),
    ("POST", "/settings/api-tokens", Staff("A")),
    ("POST", "/settings/api-tokens/{id}/revoke", Staff("A")),
    ("POST", "/settings/population", Staff("A")),
    ("GET", "/settings/targets", Staff("A")),
    ("POST", "/settings/targets", Staff("A")),
    ("GET", "/audit", Staff("A")),
    ("GET", "/audit/verify", Staff("A")),
    ("GET", "/outbox", Staff("A")),
    ("GET", "/outbox/files", Staff("A")),
    ("GET", "/outbox/files/{name}", Staff("A")),
    ("POST", "/outbox/{id}/retry", Staff("A")),
    // Caseloads, reports, reviews.
    ("GET", "/caseload", Staff(ALL)),
    ("GET", "/dashboard", Staff("ASL")),
    ("GET", "/reports/indicators", Staff("ASL")),
    ("GET", "/reports/indicators/{indicator}", Staff("ASL")),
    ("GET", "/reviews", Staff("AS")),
    ("POST", "/visits/{id}/review", Staff("AS")),
    ("GET", "/mileage", Staff(ALL)),
    ("GET", "/mileage.csv", Staff(ALL)),
    // A child's record.
    ("GET", "/children/new", Staff("ASC")),
    // Referrals imported from a spreadsheet; each staged file is its uploader's alone.
    ("GET", "/referral-imports", Staff("ASC")),
    ("POST", "/referral-imports", Staff("ASC")),
    ("GET", "/referral-imports/{id}", Staff("ASC")),
    ("POST", "/referral-imports/{id}", Staff("ASC")),
    ("GET", "/referral-imports/{id}/preview", Staff("ASC")),
    ("POST", "/referral-imports/{id}/commit", Staff("ASC")),
    ("GET", "/referral-imports/{id}/result", Staff("ASC")),
    ("POST", "/children", Staff("ASC")),
    ("GET", "/children/{id}", Staff(ALL)),
    ("GET", "/children/{id}/edit", Staff("ASC")),
    ("POST", "/children/{id}/edit", Staff("ASC")),
    ("GET", "/children/{id}/exit", Staff("ASC")),
    ("POST", "/children/{id}/exit", Staff("ASC")),
    ("POST", "/children/{id}/first-contact", Staff("ASC")),
    ("POST", "/children/{id}/coordinator", Staff("A")),
    ("GET", "/children/{id}/caregivers/new", Staff("ASC")),
    ("POST", "/children/{id}/caregivers", Staff("ASC")),
    ("GET", "/children/{id}/consents/new", Staff("ASC")),
    ("POST", "/children/{id}/consents", Staff("ASC")),
    ("POST", "/children/{id}/consents/{cid}/revoke", Staff("ASC")),
    ("GET", "/children/{id}/evaluations/new", Staff("ASC")),
    ("POST", "/children/{id}/evaluations", Staff("ASC")),
    (
        "POST",
        "/children/{id}/evaluations/{eid}/decision",
        Staff("ASC"),
    ),
    (
        "GET",
        "/children/{id}/evaluations/{eid}/correct",
        Staff("ASC"),
    ),
    (
        "POST",
        "/children/{id}/evaluations/{eid}/correct",
        Staff("ASC"),
    ),
    (
        "GET",
        "/children/{id}/evaluations/{eid}/withdraw",
        Staff("ASC"),
    ),
    (
        "POST",
        "/children/{id}/evaluations/{eid}/withdraw",
        Staff("ASC"),
    ),
    ("GET", "/children/{id}/delays/new", Staff("ASC")),
    ("POST", "/children/{id}/delays", Staff("ASC")),
    ("GET", "/children/{id}/cos/new", Staff("ASC")),
    ("POST", "/children/{id}/cos", Staff("ASC")),
    ("GET", "/children/{id}/disclosures", Staff(ALL)),
    ("GET", "/children/{id}/visits", Staff(ALL)),
    ("POST", "/children/{id}/activities", Staff(ALL)),
    ("POST", "/children/{id}/ifsps", Staff("ASC")),
    ("GET", "/children/{id}/packets/new", Staff("ASC")),
    ("POST", "/children/{id}/packets", Staff("ASC")),
    ("POST", "/children/{id}/packets/{pid}/revoke", Staff("ASC")),
    ("GET", "/children/{id}/transition", Staff(ALL)),
    ("POST", "/children/{id}/transition/steps", Staff("ASC")),
    ("POST", "/children/{id}/transition/notify", Staff("ASC")),
    ("GET", "/children/{id}/transition/notices/{did}", Staff(ALL)),
    ("POST", "/children/{id}/transition/opt-out", Staff("ASC")),
    ("POST", "/children/{id}/transition/conference", Staff("ASC")),
    (
        "POST",
        "/children/{id}/transition/eligibility",
        Staff("ASC"),
    ),
    ("POST", "/shares/{id}/feedback", Staff("ASC")),
    // Plans.
    ("GET", "/ifsps/{id}", Staff(ALL)),
    ("POST", "/ifsps/{id}", Staff("ASC")),
    ("GET", "/ifsps/{id}/print", Staff(ALL)),
    ("GET", "/ifsps/{id}/notice", Staff(ALL)),
    ("GET", "/ifsps/{id}/compare/{other}", Staff(ALL)),
    ("POST", "/ifsps/{id}/outcomes", Staff("ASC")),
    ("POST", "/ifsps/{id}/outcomes/{oid}/delete", Staff("ASC")),
    ("POST", "/ifsps/{id}/outcomes/{oid}/progress", Staff(ALL)),
    ("POST", "/ifsps/{id}/services", Staff("ASC")),
    ("POST", "/ifsps/{id}/services/{sid}/consent", Staff("ASC")),
    ("POST", "/ifsps/{id}/services/{sid}/delete", Staff("ASC")),
    ("POST", "/ifsps/{id}/sign", Staff("ASC")),
    // Visits.
    ("GET", "/visits", Staff(ALL)),
    ("GET", "/services/{sid}/visits", Staff(ALL)),
    ("POST", "/services/{sid}/visits", Staff(ALL)),
    ("GET", "/visits/{id}", Staff(ALL)),
    ("POST", "/visits/{id}", Staff("P")),
    ("POST", "/visits/{id}/addenda", Staff("P")),
    ("POST", "/visits/{id}/activities", Staff("P")),
    ("GET", "/visits/{id}/reschedule", Staff(ALL)),
    ("POST", "/visits/{id}/reschedule", Staff(ALL)),
    ("GET", "/visits/{id}/cancel", Staff(ALL)),
    ("POST", "/visits/{id}/cancel", Staff(ALL)),
    ("POST", "/visits/{id}/link", Staff(ALL)),
    ("GET", "/visits/{id}/family-note", Staff("P")),
    ("POST", "/visits/{id}/family-note", Staff("P")),
    ("GET", "/visits/{id}/family-note/preview", Staff(ALL)),
    (
        "POST",
        "/visits/{id}/family-note/deliveries/{oid}",
        Staff("P"),
    ),
    ("POST", "/visits/{id}/family-note/revoke-links", Staff(ALL)),
    ("GET", "/calendar", Staff(ALL)),
    ("POST", "/calendar", Staff(ALL)),
    ("POST", "/calendar/revoke", Staff(ALL)),
    ("GET", "/calendar/{token}", Feed),
    // The activity library and the agency directory (the program's own).
    ("GET", "/activities", Staff(ALL)),
    ("POST", "/activities", Staff(ALL)),
    ("GET", "/activities/new", Staff(ALL)),
    ("GET", "/activities/{id}", Staff(ALL)),
    ("POST", "/activities/{id}", Staff(ALL)),
    ("GET", "/activities/{id}/edit", Staff(ALL)),
    ("POST", "/activities/{id}/copy", Staff(ALL)),
    ("POST", "/activities/{id}/publish", Staff("A")),
    ("GET", "/activities/{id}/handout", Staff(ALL)),
    ("GET", "/agencies", Staff(ALL)),
    ("POST", "/agencies", Staff("ASC")),
    ("GET", "/agencies/new", Staff("ASC")),
    ("GET", "/agencies/{id}", Staff(ALL)),
    ("POST", "/agencies/{id}", Staff("ASC")),
    // Families, through their link.
    ("GET", "/family/open/{token}", Link),
    ("POST", "/family/open/{token}", Link),
    ("GET", "/family", Family),
    ("GET", "/family/activities/{id}", Family),
    ("POST", "/family/shares/{id}/tried", Family),
    ("GET", "/family/email/stop", Family),
    ("POST", "/family/email/stop", Family),
    ("POST", "/family/email/resume", Family),
    ("POST", "/family/leave", Family),
    ("GET", "/family/survey", Family),
    ("POST", "/family/survey", Family),
    ("POST", "/family/survey/decline", Family),
    // Agencies, through their packet link.
    ("GET", "/agency/open/{token}", Link),
    ("POST", "/agency/open/{token}", Link),
    ("GET", "/agency/packet", Agency),
    ("GET", "/agency/packet/{key}", Agency),
    ("POST", "/agency/packet/acknowledge", Agency),
    ("POST", "/agency/packet/outcome", Agency),
    // The JSON API: its document and page are public (no data), every other route needs a token.
    ("GET", "/api/v1/openapi.json", Public),
    ("GET", "/api/v1/docs", Public),
    // No such API route: a 404 problem to anyone, token or not.
    ("ANY", "/api/v1/{*rest}", Public),
    ("GET", "/api/v1/activities", Api),
    ("GET", "/api/v1/changes", Api),
    ("GET", "/api/v1/children", Api),
    ("GET", "/api/v1/children/{id}", Api),
    ("GET", "/api/v1/children/{id}/plans", Api),
    ("GET", "/api/v1/children/{id}/visits", Api),
    ("POST", "/api/v1/referrals", Api),
    ("POST", "/api/v1/fhir/ServiceRequest", Api),
    ("GET", "/api/v1/fhir/Task/{id}", Api),
    ("POST", "/api/v1/services/{id}/visits", Api),
    ("PUT", "/api/v1/visits/{id}/note", Api),
];

/// Form fields sent with a POST whose form extractor would otherwise refuse an empty body
/// (422) before the handler's policy check runs: with them, the policy decides.
pub const BODIES: &[(&str, &[(&str, &str)])] = &[
    ("/children/{id}/coordinator", &[("coordinator_id", "1")]),
    ("/staff/{id}/active", &[("active", "true")]),
];

pub fn body_for(path: &str) -> &'static [(&'static str, &'static str)] {
    BODIES
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(&[], |(_, b)| b)
}
