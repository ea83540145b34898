//! The records the policy matrix fills route parameters with: a child of the caller's own
//! caseload and one of the program outside it, each with its plan, visit and parts, and the
//! program's other records; and the rule from a path's segments to the record it names.
use crate::support::{COORDINATOR, PROVIDER, TestApp};

/// The records a route's parameters are filled with: one child's record and its parts.
#[derive(Debug, Clone)]
pub struct Rec {
    pub child: i64,
    pub plan: i64,
    pub other_plan: i64,
    pub outcome: i64,
    pub service: i64,
    pub visit: i64,
    pub consent: i64,
    pub evaluation: i64,
    pub packet: i64,
    pub disclosure: i64,
    pub share: i64,
    pub delivery: i64,
    pub names: Vec<String>,
}

/// The program's records that are no child's.
#[derive(Debug, Clone)]
pub struct Program {
    pub staff: i64,
    pub agency: i64,
    pub outbox: i64,
    pub activity: i64,
}

pub async fn one(app: &TestApp, sql: &str) -> i64 {
    crate::db_fingerprint::ids(app, sql)
        .await
        .first()
        .copied()
        .unwrap_or(0)
}

pub async fn rec(app: &TestApp, child: i64, provider: Option<i64>) -> Rec {
    let plan = one(
        app,
        &format!(
            "SELECT id FROM ifsps WHERE child_id = {child} AND status = 'signed' ORDER BY id DESC"
        ),
    )
    .await;
    let visit_filter = provider.map_or(String::new(), |p| format!(" AND provider_id = {p}"));
    let names = crate::db_fingerprint::texts(
        app,
        &format!("SELECT first_name, last_name FROM children WHERE id = {child}"),
    )
    .await;
    Rec {
        child,
        plan,
        other_plan: one(
            app,
            &format!("SELECT id FROM ifsps WHERE child_id = {child} ORDER BY id"),
        )
        .await,
        outcome: one(
            app,
            &format!("SELECT id FROM ifsp_outcomes WHERE ifsp_id = {plan} ORDER BY id"),
        )
        .await,
        service: one(
            app,
            &format!("SELECT id FROM ifsp_services WHERE ifsp_id = {plan} ORDER BY id"),
        )
        .await,
        visit: one(
            app,
            &format!("SELECT id FROM visits WHERE child_id = {child}{visit_filter} ORDER BY id"),
        )
        .await,
        consent: one(
            app,
            &format!("SELECT id FROM consents WHERE child_id = {child} ORDER BY id"),
        )
        .await,
        evaluation: one(
            app,
            &format!("SELECT id FROM evaluations WHERE child_id = {child} ORDER BY id"),
        )
        .await,
        packet: one(
            app,
            &format!("SELECT id FROM referral_packets WHERE child_id = {child} ORDER BY id"),
        )
        .await,
        disclosure: one(
            app,
            &format!("SELECT id FROM disclosures WHERE child_id = {child} ORDER BY id"),
        )
        .await,
        share: one(
            app,
            &format!("SELECT id FROM activity_shares WHERE child_id = {child} ORDER BY id"),
        )
        .await,
        delivery: one(
            app,
            &format!("SELECT id FROM outbox WHERE child_id = {child} ORDER BY id"),
        )
        .await,
        names,
    }
}

/// The path with its parameters filled from `r` and `p`, and whether it names a child's
/// record (then caseloads apply) or another record of the program.
pub fn fill(path: &str, r: &Rec, p: &Program) -> (String, Kind) {
    let mut out = String::new();
    let mut prev = "";
    let mut kind = Kind::None;
    for seg in path.split('/').skip(1) {
        let v = if seg.starts_with('{') {
            let (value, k) = match (prev, seg) {
                ("children", _) => (r.child.to_string(), Kind::Child),
                ("ifsps", _) => (r.plan.to_string(), Kind::Child),
                ("visits", _) => (r.visit.to_string(), Kind::Child),
                ("shares", _) => (r.share.to_string(), Kind::Child),
                ("services", _) => (r.service.to_string(), Kind::Child),
                ("outcomes", _) => (r.outcome.to_string(), Kind::Child),
                ("deliveries", _) => (r.delivery.to_string(), Kind::Child),
                ("consents", _) => (r.consent.to_string(), Kind::Child),
                ("evaluations", _) => (r.evaluation.to_string(), Kind::Child),
                ("packets", _) => (r.packet.to_string(), Kind::Child),
                ("notices", _) => (r.disclosure.to_string(), Kind::Child),
                ("compare", _) => (r.other_plan.to_string(), Kind::Child),
                ("staff", _) => (p.staff.to_string(), Kind::Program),
                ("agencies", _) => (p.agency.to_string(), Kind::Program),
                ("outbox", "{id}") => (p.outbox.to_string(), Kind::Program),
                ("activities", _) => (p.activity.to_string(), Kind::Program),
                ("api-tokens", _) => ("1".into(), Kind::Program),
                // A staged import is its uploader's own; none exists in the demo.
                ("referral-imports", _) => ("0".into(), Kind::None),
                ("Task", _) => ("1".into(), Kind::None),
                (_, "{*rest}") => ("nothing-here".into(), Kind::None),
                ("indicators", _) => ("c1".into(), Kind::None),
                ("files", _) => ("nothing.eml".into(), Kind::None),
                ("packet", _) => ("ifsp".into(), Kind::None),
                (_, "{token}") => ("not.a.token".into(), Kind::None),
                (_, "{*path}") => ("css/app.css".into(), Kind::None),
                _ => panic!("no value for {seg} in {path}"),
            };
            if kind != Kind::Child {
                kind = k;
            }
            value
        } else {
            seg.to_owned()
        };
        out.push('/');
        out.push_str(&v);
        prev = seg;
    }
    if out.is_empty() {
        out.push('/');
    }
    (out, kind)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    None,
    Child,
    Program,
}

/// A child on the coordinator's caseload whom the provider serves, a child of the program on
/// another coordinator's caseload whom the provider does not serve, and the program's records.
pub async fn discover(app: &TestApp) -> (Rec, Rec, Program) {
    let coordinator = app.user_id(COORDINATOR).await as i64;
    let coordinator2 = app.user_id("coordinator2@riverbend.example").await as i64;
    let provider = app.user_id(PROVIDER).await as i64;
    let program = one(
        app,
        &format!("SELECT program_id FROM users WHERE id = {coordinator}"),
    )
    .await;
    let signed = "EXISTS (SELECT 1 FROM ifsps i WHERE i.child_id = c.id AND i.status = 'signed')";
    let own_child = one(app, &format!(
        "SELECT c.id FROM children c WHERE c.coordinator_id = {coordinator} AND {signed} \
         AND EXISTS (SELECT 1 FROM visits v WHERE v.child_id = c.id AND v.provider_id = {provider}) ORDER BY c.id"
    )).await;
    let program_child = one(app, &format!(
        "SELECT c.id FROM children c WHERE c.coordinator_id = {coordinator2} AND {signed} \
         AND EXISTS (SELECT 1 FROM visits v WHERE v.child_id = c.id) \
         AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.child_id = c.id AND v.provider_id = {provider}) \
         AND NOT EXISTS (SELECT 1 FROM ifsps i JOIN ifsp_services s ON s.ifsp_id = i.id \
                         WHERE i.child_id = c.id AND s.provider_id = {provider}) ORDER BY c.id"
    )).await;
    assert!(
        own_child > 0 && program_child > 0,
        "the demo has both relations"
    );
    let own = rec(app, own_child, Some(provider)).await;
    let theirs = rec(app, program_child, None).await;
    let records = Program {
        staff: coordinator,
        agency: one(
            app,
            &format!("SELECT id FROM agencies WHERE program_id = {program} ORDER BY id"),
        )
        .await,
        outbox: one(
            app,
            &format!("SELECT id FROM outbox WHERE program_id = {program} ORDER BY id"),
        )
        .await,
        activity: one(
            app,
            &format!("SELECT id FROM activities WHERE program_id = {program} ORDER BY id"),
        )
        .await,
    };
    (own, theirs, records)
}
