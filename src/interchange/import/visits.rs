//! The checks of visits, addenda and disclosures that need the database: what is signed or
//! disclosed here is locked (migration 000024's triggers keep it so), so a record of the file
//! naming such a row must be that row as it is; and, until the merge, the plan rows a visit
//! names.
use super::check::{CHUNK, problem};
use super::parse::{Parsed, Problem};
use crate::entities::{disclosure, ifsp_outcome, ifsp_service, visit, visit_addendum};
use crate::interchange::Kind;
use crate::interchange::ids::{self, Locals, Names};
use crate::interchange::records::{
    DisclosureRec, REVIEW_FIELDS, Record, VisitAddendumRec, VisitRec,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

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

/// TODO(merge): the IFSP service and outcomes a visit names, which are record types of the
/// `ifsp` branch. Until they are Kinds here, they are looked up by type name among the rows
/// this installation has (remembered ids, or ids made here); at the merge they become
/// ordinary references in `Record::refs` and this goes.
pub(super) async fn plan_rows(
    db: &impl ConnectionTrait,
    tag: &str,
    parsed: &[Parsed],
    locals: &mut Locals,
    problems: &mut Vec<Problem>,
) -> Result<(), DbErr> {
    let visits: Vec<(&Parsed, &crate::interchange::records::VisitRec)> = parsed
        .iter()
        .filter_map(|p| match &p.rec {
            Record::Visit(v) => Some((p, v.as_ref())),
            _ => None,
        })
        .collect();
    for ty in [ids::SERVICE, ids::OUTCOME] {
        let mut exts: Vec<String> = visits
            .iter()
            .flat_map(|(_, v)| {
                if ty == ids::SERVICE {
                    v.service.iter().cloned().collect::<Vec<_>>()
                } else {
                    v.outcomes.clone()
                }
            })
            .collect();
        exts.sort();
        exts.dedup();
        for (ext, local) in ids::local_of_named(db, ty, &exts).await? {
            locals.insert_named(ty, &ext, local);
        }
        let native: Vec<(String, i32)> = exts
            .iter()
            .filter_map(|e| ids::parse_native_named(ty, e, tag).map(|n| (e.clone(), n)))
            .collect();
        let mut found = HashSet::new();
        for chunk in native.chunks(CHUNK) {
            let ns = chunk.iter().map(|(_, n)| *n);
            found.extend(if ty == ids::SERVICE {
                ifsp_service::Entity::find()
                    .select_only()
                    .column(ifsp_service::Column::Id)
                    .filter(ifsp_service::Column::Id.is_in(ns))
                    .into_tuple::<i32>()
                    .all(db)
                    .await?
            } else {
                ifsp_outcome::Entity::find()
                    .select_only()
                    .column(ifsp_outcome::Column::Id)
                    .filter(ifsp_outcome::Column::Id.is_in(ns))
                    .into_tuple::<i32>()
                    .all(db)
                    .await?
            });
        }
        for (ext, n) in native {
            if found.contains(&n) {
                locals.insert_named(ty, &ext, n);
            }
        }
    }
    for (p, v) in visits {
        match &v.service {
            None => problems.push(problem(
                p,
                "service",
                "required here: every visit is delivered under an IFSP service".into(),
            )),
            Some(s) if locals.find_named(ids::SERVICE, s).is_none() => problems.push(problem(
                p,
                "service",
                format!("no {} {s:?} in the database", ids::SERVICE),
            )),
            Some(_) => {}
        }
        for o in &v.outcomes {
            if locals.find_named(ids::OUTCOME, o).is_none() {
                problems.push(problem(
                    p,
                    "outcomes",
                    format!("no {} {o:?} in the database", ids::OUTCOME),
                ));
            }
        }
    }
    Ok(())
}
