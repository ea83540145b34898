//! Plans in an import. A signed or superseded plan version is locked here (the triggers of
//! migration 000024 refuse any UPDATE or DELETE of it and of its outcomes, services and
//! signatures), so:
//!
//! - a plan new here is inserted whole, with its final status, and its parts after it
//!   (inserting is allowed, and all of it is one transaction);
//! - a locked plan the file has exactly as it is here is left alone, which is what makes a
//!   second import of the same file change nothing;
//! - a locked plan the file has differently is a problem of the file, one per field, before
//!   anything is written; the one change allowed is the one the app itself makes, a signed
//!   version becoming superseded (its status and nothing else);
//! - a plan that is a draft here but signed in the file is updated as a draft, its parts
//!   are written, and only then is it locked ([`Later`]), since the triggers would refuse
//!   its parts' updates once it is.
use super::parse::{Parsed, Problem};
use super::write::Outcome;
use crate::entities::{evaluation, ifsp, ifsp_outcome, ifsp_service, ifsp_signature};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::interchange::records::{
    IfspOutcomeRec, IfspRec, IfspServiceRec, IfspSignatureRec, Record,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, Unchanged,
};
use serde::Serialize;
use std::collections::HashMap;

const CHUNK: usize = 500;

/// What is written after every record of the file: the final status of plans that were
/// drafts here and are locked in the file, and the corrections of evaluations that name one
/// later in the file (written in the file's order, so that an export of the import lists
/// them in the same order).
#[derive(Default)]
pub struct Later {
    locks: Vec<(i32, ifsp::Status)>,
    corrections: Vec<(String, String)>,
}

impl Later {
    /// Sets `evaluation`'s `superseded_by` to `correction` once that is written.
    pub fn correct(&mut self, evaluation: &str, correction: &str) {
        self.corrections
            .push((evaluation.to_owned(), correction.to_owned()));
    }

    pub async fn apply(self, db: &impl ConnectionTrait, locals: &Locals) -> Result<(), DbErr> {
        for (ev, by) in self.corrections {
            evaluation::Entity::update_many()
                .col_expr(
                    evaluation::Column::SupersededBy,
                    Expr::value(Some(locals.get(Kind::Evaluation, &by))),
                )
                .filter(evaluation::Column::Id.eq(locals.get(Kind::Evaluation, &ev)))
                .exec(db)
                .await?;
        }
        for (id, status) in self.locks {
            ifsp::Entity::update_many()
                .col_expr(ifsp::Column::Status, Expr::value(status))
                .filter(ifsp::Column::Id.eq(id))
                .filter(ifsp::Column::Status.eq(ifsp::Status::Draft))
                .exec(db)
                .await?;
        }
        Ok(())
    }
}

/// Writes one plan version (its row `local`, when the id is known here) and says what it
/// did, with the row's id.
pub async fn write_plan(
    db: &impl ConnectionTrait,
    r: &IfspRec,
    local: Option<i32>,
    locals: &Locals,
    names: &Names,
    later: &mut Later,
) -> Result<(Outcome, i32), DbErr> {
    let row = match local {
        Some(id) => ifsp::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    match row {
        Some(old) if IfspRec::from_model(&old, names) == *r => Ok((Outcome::Unchanged, old.id)),
        Some(old) if old.is_draft() => {
            let mut am = r.active(locals);
            am.id = Unchanged(old.id);
            am.version = Set(old.version + 1);
            if r.status != ifsp::Status::Draft {
                am.status = Set(ifsp::Status::Draft);
                later.locks.push((old.id, r.status));
            }
            am.update(db).await?;
            Ok((Outcome::Updated, old.id))
        }
        Some(old) => {
            // `locked` let only this through: signed here, superseded in the file.
            let res = ifsp::Entity::update_many()
                .col_expr(ifsp::Column::Status, Expr::value(ifsp::Status::Superseded))
                .filter(ifsp::Column::Id.eq(old.id))
                .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
                .exec(db)
                .await?;
            if r.status != ifsp::Status::Superseded || res.rows_affected != 1 {
                return Err(DbErr::Custom(format!(
                    "plan {} is locked here and was changed meanwhile",
                    r.id
                )));
            }
            Ok((Outcome::Updated, old.id))
        }
        None => {
            let mut am = r.active(locals);
            am.version = Set(1);
            Ok((Outcome::Created, am.insert(db).await?.id))
        }
    }
}

/// The fields whose values differ between a row's record and the file's (in name order).
fn differing<T: Serialize>(here: &T, file: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(here), serde_json::to_value(file))
    else {
        return vec!["id".into()];
    };
    b.iter()
        .filter(|(k, v)| a.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Reports every record of the file that would change a plan locked here: a different
/// signed or superseded plan, a changed outcome, service or signature of one, or a new one
/// added to it.
pub async fn locked(
    db: &impl ConnectionTrait,
    parsed: &[Parsed],
    locals: &Locals,
    problems: &mut Vec<Problem>,
) -> Result<(), DbErr> {
    let mut names = Names::new("");
    for p in parsed {
        for (kind, ext) in std::iter::once((p.rec.kind(), p.rec.id()))
            .chain(p.rec.refs().into_iter().map(|r| (r.kind, r.id)))
        {
            if let Some(l) = locals.find(kind, ext) {
                names.insert(kind, l, ext);
            }
        }
    }
    let mine = |kind: Kind| -> Vec<i32> {
        parsed
            .iter()
            .filter(|p| p.rec.kind() == kind)
            .filter_map(|p| locals.find(kind, p.rec.id()))
            .collect()
    };
    macro_rules! rows_of {
        ($m:ident, $ids:expr) => {{
            let mut out: HashMap<i32, $m::Model> = HashMap::new();
            for chunk in $ids.chunks(CHUNK) {
                for row in $m::Entity::find()
                    .filter($m::Column::Id.is_in(chunk.iter().copied()))
                    .all(db)
                    .await?
                {
                    out.insert(row.id, row);
                }
            }
            out
        }};
    }
    let outcomes = rows_of!(ifsp_outcome, mine(Kind::IfspOutcome));
    let services = rows_of!(ifsp_service, mine(Kind::IfspService));
    let signatures = rows_of!(ifsp_signature, mine(Kind::IfspSignature));
    let mut plan_ids = mine(Kind::Ifsp);
    for p in parsed {
        let plan = match &p.rec {
            Record::IfspOutcome(r) => &r.ifsp,
            Record::IfspService(r) => &r.ifsp,
            Record::IfspSignature(r) => &r.ifsp,
            _ => continue,
        };
        plan_ids.extend(locals.find(Kind::Ifsp, plan));
    }
    plan_ids.extend(outcomes.values().map(|o| o.ifsp_id));
    plan_ids.extend(services.values().map(|o| o.ifsp_id));
    plan_ids.extend(signatures.values().map(|o| o.ifsp_id));
    plan_ids.sort_unstable();
    plan_ids.dedup();
    let plans = rows_of!(ifsp, plan_ids);
    let is_locked = |id: i32| plans.get(&id).is_some_and(|p| !p.is_draft());
    let mut report = |p: &Parsed, field: &str, message: String| {
        problems.push(super::check::problem(p, field, message));
    };

    for p in parsed {
        // (this part's row here, whether its plan here is locked, the record's differing
        // fields, what it is called)
        let (row_plan, target, changed, what) = match &p.rec {
            Record::Ifsp(r) => {
                let Some(old) = locals.find(Kind::Ifsp, &r.id).and_then(|id| plans.get(&id)) else {
                    continue;
                };
                if old.is_draft() {
                    continue;
                }
                let changed = differing(&IfspRec::from_model(old, &names), r);
                let superseding = old.status == ifsp::Status::Signed
                    && r.status == ifsp::Status::Superseded
                    && changed == ["status"];
                if !superseding {
                    for field in changed {
                        report(
                            p,
                            &field,
                            format!(
                                "this plan is {} here and cannot change (only a signed plan \
                                 may become superseded)",
                                old.status
                            ),
                        );
                    }
                }
                continue;
            }
            Record::IfspOutcome(r) => {
                let row = locals
                    .find(p.rec.kind(), &r.id)
                    .and_then(|id| outcomes.get(&id));
                (
                    row.map(|o| o.ifsp_id),
                    &r.ifsp,
                    row.map(|o| differing(&IfspOutcomeRec::from_model(o, &names), r)),
                    "outcome",
                )
            }
            Record::IfspService(r) => {
                let row = locals
                    .find(p.rec.kind(), &r.id)
                    .and_then(|id| services.get(&id));
                (
                    row.map(|o| o.ifsp_id),
                    &r.ifsp,
                    row.map(|o| differing(&IfspServiceRec::from_model(o, &names), r)),
                    "service",
                )
            }
            Record::IfspSignature(r) => {
                let row = locals
                    .find(p.rec.kind(), &r.id)
                    .and_then(|id| signatures.get(&id));
                (
                    row.map(|o| o.ifsp_id),
                    &r.ifsp,
                    row.map(|o| differing(&IfspSignatureRec::from_model(o, &names), r)),
                    "signature",
                )
            }
            _ => continue,
        };
        let target_here = locals.find(Kind::Ifsp, target);
        let locked_here = row_plan.is_some_and(is_locked) || target_here.is_some_and(is_locked);
        if !locked_here {
            continue;
        }
        match changed {
            Some(fields) => {
                for field in fields {
                    report(
                        p,
                        &field,
                        format!("the {what}s of a plan signed here cannot change"),
                    );
                }
            }
            None => report(
                p,
                "ifsp",
                format!("the plan {target:?} is signed here: no {what} can be added to it"),
            ),
        }
    }
    Ok(())
}
