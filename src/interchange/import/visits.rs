//! The checks of visits, addenda and disclosures that need the database: what is signed or
//! disclosed here is locked (migration 000024's triggers keep it so), so a record of the file
//! naming such a row must be that row as it is; and a visit's service and outcomes are its
//! own child's.
use super::check::{CHUNK, problem};
use super::parse::{Parsed, Problem};
use crate::entities::{disclosure, ifsp, ifsp_outcome, ifsp_service, visit, visit_addendum};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::interchange::records::{
    DisclosureRec, REVIEW_FIELDS, Record, VisitAddendumRec, VisitRec,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// The top-level fields in which two records differ, in alphabetical order.
fn differing(a: &impl Serialize, b: &impl Serialize) -> Vec<String> {
    let mut out: Vec<String> = match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(Value::Object(a)), Ok(Value::Object(b))) => a
            .iter()
            .filter(|(k, v)| b.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .collect(),
        _ => vec![],
    };
    out.sort();
    out
}

/// The rows of `E` with these ids.
macro_rules! rows_of {
    ($db:expr, $m:ident, $ids:expr) => {{
        let mut out: HashMap<i32, $m::Model> = HashMap::new();
        for chunk in $ids.chunks(CHUNK) {
            for row in $m::Entity::find()
                .filter($m::Column::Id.is_in(chunk.iter().copied()))
                .all($db)
                .await?
            {
                out.insert(row.id, row);
            }
        }
        out
    }};
}

/// Reports every record of the file that would change a signed note (other than a signed,
/// unreviewed note gaining its review), an addendum or a disclosure here, field by field; and
/// an addendum to a note that is not signed. Identical records pass: they are skipped as
/// unchanged, so importing the same file again never reaches the triggers.
pub async fn locked(
    db: &impl ConnectionTrait,
    parsed: &[Parsed],
    locals: &Locals,
    names: &Names,
    problems: &mut Vec<Problem>,
) -> Result<(), DbErr> {
    let local = |p: &Parsed| locals.find(p.rec.kind(), p.rec.id());
    let of = |kind: Kind| -> Vec<i32> {
        parsed
            .iter()
            .filter(|p| p.rec.kind() == kind)
            .filter_map(local)
            .collect()
    };
    // The notes the file's visits are, and the notes its addenda are added to.
    let mut visit_ids = of(Kind::Visit);
    visit_ids.extend(parsed.iter().filter_map(|p| match &p.rec {
        Record::VisitAddendum(a) => locals.find(Kind::Visit, &a.visit),
        _ => None,
    }));
    visit_ids.sort_unstable();
    visit_ids.dedup();
    let visits = rows_of!(db, visit, visit_ids);
    let addenda = rows_of!(db, visit_addendum, of(Kind::VisitAddendum));
    let disclosures = rows_of!(db, disclosure, of(Kind::Disclosure));
    let signed_in_file: HashMap<&str, bool> = parsed
        .iter()
        .filter_map(|p| match &p.rec {
            Record::Visit(v) => Some((v.id.as_str(), v.signed_at.is_some())),
            _ => None,
        })
        .collect();
    for p in parsed {
        let (fields, why) = match (&p.rec, local(p)) {
            (Record::Visit(v), Some(id)) => match visits.get(&id) {
                Some(row) if row.is_signed() => {
                    let mut f = differing(&VisitRec::from_model(row, names), v);
                    if row.reviewed_at.is_none() {
                        f.retain(|k| !REVIEW_FIELDS.contains(&k.as_str()));
                    }
                    (f, "a signed note cannot change here (add an addendum)")
                }
                _ => continue,
            },
            (Record::VisitAddendum(a), id) => {
                let signed = match signed_in_file.get(a.visit.as_str()) {
                    Some(s) => Some(*s),
                    None => locals
                        .find(Kind::Visit, &a.visit)
                        .and_then(|v| visits.get(&v))
                        .map(visit::Model::is_signed),
                };
                if signed == Some(false) {
                    problems.push(problem(
                        p,
                        "visit",
                        "an addendum is added only to a signed note".into(),
                    ));
                }
                match id.and_then(|id| addenda.get(&id)) {
                    Some(row) => (
                        differing(&VisitAddendumRec::from_model(row, names), a),
                        "an addendum cannot change",
                    ),
                    None => continue,
                }
            }
            (Record::Disclosure(d), Some(id)) => match disclosures.get(&id) {
                Some(row) => (
                    differing(&DisclosureRec::from_model(row, names), d),
                    "a disclosure record cannot change",
                ),
                None => continue,
            },
            _ => continue,
        };
        for f in fields {
            problems.push(problem(p, &f, why.into()));
        }
    }
    Ok(())
}

/// Who a reference names: a row here, or a record new in the file (by its id there).
#[derive(PartialEq, Eq, Hash, Clone, Debug)]
enum Row {
    Here(i32),
    New(String),
}

/// Every visit has a service, and its service and the outcomes it worked on are on a plan
/// of the visit's own child: the app schedules a visit only from the child's plan, and the
/// child's timelines and service starts read the visit through that service. A plan row is
/// taken from the file when the file has it (that is what is written), else from here.
/// References that name nothing were reported already and are passed over.
pub(super) async fn same_child(
    db: &impl ConnectionTrait,
    parsed: &[Parsed],
    locals: &Locals,
    problems: &mut Vec<Problem>,
) -> Result<(), DbErr> {
    let visits: Vec<(&Parsed, &VisitRec)> = parsed
        .iter()
        .filter_map(|p| match &p.rec {
            Record::Visit(v) => Some((p, v.as_ref())),
            _ => None,
        })
        .collect();
    if visits.is_empty() {
        return Ok(());
    }
    let row = |kind: Kind, ext: &str| match locals.find(kind, ext) {
        Some(l) => Row::Here(l),
        None => Row::New(ext.to_owned()),
    };
    // The plan of each service and outcome of the file, and the child of each plan.
    let mut plan_of: HashMap<(Kind, &str), Row> = HashMap::new();
    let mut child_of: HashMap<Row, Row> = HashMap::new();
    for p in parsed {
        match &p.rec {
            Record::IfspService(x) => {
                plan_of.insert((Kind::IfspService, &x.id), row(Kind::Ifsp, &x.ifsp));
            }
            Record::IfspOutcome(x) => {
                plan_of.insert((Kind::IfspOutcome, &x.id), row(Kind::Ifsp, &x.ifsp));
            }
            Record::Ifsp(x) => {
                child_of.insert(row(Kind::Ifsp, &x.id), row(Kind::Child, &x.child));
            }
            _ => {}
        }
    }
    // The rest from here.
    let here = |kind: Kind, ext: &str| {
        (!plan_of.contains_key(&(kind, ext)))
            .then(|| locals.find(kind, ext))
            .flatten()
    };
    let mut services: Vec<i32> = visits
        .iter()
        .filter_map(|(_, v)| v.service.as_deref())
        .filter_map(|s| here(Kind::IfspService, s))
        .collect();
    let mut outcomes: Vec<i32> = visits
        .iter()
        .flat_map(|(_, v)| &v.outcomes)
        .filter_map(|o| here(Kind::IfspOutcome, o))
        .collect();
    services.sort_unstable();
    services.dedup();
    outcomes.sort_unstable();
    outcomes.dedup();
    let services = rows_of!(db, ifsp_service, services);
    let outcomes = rows_of!(db, ifsp_outcome, outcomes);
    let mut plans: Vec<i32> = services.values().map(|s| s.ifsp_id).collect();
    plans.extend(outcomes.values().map(|o| o.ifsp_id));
    plans.extend(plan_of.values().filter_map(|r| match r {
        Row::Here(l) if !child_of.contains_key(r) => Some(*l),
        _ => None,
    }));
    plans.sort_unstable();
    plans.dedup();
    for plan in rows_of!(db, ifsp, plans).into_values() {
        child_of
            .entry(Row::Here(plan.id))
            .or_insert(Row::Here(plan.child_id));
    }
    let child_of_part = |kind: Kind, ext: &str| -> Option<&Row> {
        let plan = match plan_of.get(&(kind, ext)) {
            Some(r) => r.clone(),
            None => {
                let l = locals.find(kind, ext)?;
                Row::Here(match kind {
                    Kind::IfspService => services.get(&l)?.ifsp_id,
                    _ => outcomes.get(&l)?.ifsp_id,
                })
            }
        };
        child_of.get(&plan)
    };
    for (p, v) in visits {
        let child = row(Kind::Child, &v.child);
        match &v.service {
            None => problems.push(problem(
                p,
                "service",
                "required here: every visit is delivered under an IFSP service".into(),
            )),
            Some(s) => {
                if child_of_part(Kind::IfspService, s).is_some_and(|c| *c != child) {
                    problems.push(problem(
                        p,
                        "service",
                        format!("service {s:?} is on a plan of another child"),
                    ));
                }
            }
        }
        for o in &v.outcomes {
            if child_of_part(Kind::IfspOutcome, o).is_some_and(|c| *c != child) {
                problems.push(problem(
                    p,
                    "outcomes",
                    format!("outcome {o:?} is on a plan of another child"),
                ));
            }
        }
    }
    Ok(())
}
