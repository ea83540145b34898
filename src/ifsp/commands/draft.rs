//! Starting a draft (the first plan, or a new version copied from the signed one) and
//! saving its narrative over the version the form was opened at.
use super::{Edit, PlanError};
use crate::{
    audit::{Actor, Change, Event},
    entities::{Lang, child, ifsp, ifsp_outcome},
    ifsp::{
        form::Narrative,
        model::{self, Plan},
    },
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};
use serde_json::json;

pub enum Started {
    /// The new draft's id.
    New(i32),
    /// The child already has a draft (perhaps started a moment ago): continue it.
    Existing(i32),
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A signed plan exists: a new version needs its kind (review, annual, amendment).
    #[error("choose the kind of the new version")]
    KindNeeded,
    #[error("the child is not eligible for a plan")]
    NotEligible,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Starts the child's next draft, of `kind` when a signed plan exists. The child's row is
/// held for the change, so the look for a draft is the truth: of two starts at once, one
/// makes the draft and the other is sent to it.
pub async fn start(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    kind: Option<ifsp::Kind>,
    by: i32,
) -> Result<Started, StartError> {
    let change = Change::begin(db, actor).await?;
    let c = child::Entity::find_by_id(child_id)
        .lock_exclusive()
        .one(change.db())
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("child {child_id}")))?;
    let versions = model::versions(change.db(), child_id).await?;
    if let Some(d) = versions.iter().find(|v| v.is_draft()) {
        return Ok(Started::Existing(d.id));
    }
    let signed = versions.iter().find(|v| v.status == ifsp::Status::Signed);
    let has_initial = versions
        .iter()
        .any(|v| v.kind == ifsp::Kind::Initial && !v.is_draft());
    let kind = match signed {
        None if c.status == child::Status::Evaluating => ifsp::Kind::Interim,
        None => ifsp::Kind::Initial,
        Some(_) => kind
            .filter(|k| *k != ifsp::Kind::Initial || !has_initial)
            .ok_or(StartError::KindNeeded)?,
    };
    if !matches!(c.status, child::Status::Active | child::Status::Evaluating) {
        return Err(StartError::NotEligible);
    }
    let from = match signed {
        Some(s) => model::load(change.db(), s.id).await?,
        None => None,
    };
    let draft = model::create_draft(change.db(), &c, kind, from.as_ref(), by).await?;
    let ev = Event::new("ifsp.draft_started", "child", child_id).detail(
        json!({ "ifsp": draft.id, "kind": kind, "from": from.as_ref().map(|p| p.ifsp.id) }),
    );
    change.commit(ev).await?;
    Ok(Started::New(draft.id))
}

#[derive(thiserror::Error)]
pub enum SaveError {
    /// Saved (or a part changed) since the form was opened; `current` is the plan now.
    #[error("the plan changed since the form was opened")]
    Stale { current: Box<Plan> },
    #[error("the plan is no longer a draft")]
    NotDraft,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl std::fmt::Debug for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Stale { current } => {
                write!(f, "Stale {{ version: {} }}", current.ifsp.version)
            }
            SaveError::NotDraft => f.write_str("NotDraft"),
            SaveError::Db(e) => write!(f, "Db({e:?})"),
        }
    }
}

/// Saves the narrative over version `seen` of the draft `id`; returns the new version.
pub async fn save(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    seen: i32,
    n: Narrative,
) -> Result<i32, SaveError> {
    let change = Change::begin(db, actor).await?;
    let edit = Edit { seen, narrative: n };
    match save_narrative(&change, id, &edit).await {
        Ok(()) => {}
        Err(PlanError::Stale) => {
            let current = model::load(change.db(), id)
                .await?
                .ok_or_else(|| DbErr::RecordNotFound(format!("ifsp {id}")))?;
            return Err(SaveError::Stale {
                current: Box::new(current),
            });
        }
        Err(PlanError::NotDraft) => return Err(SaveError::NotDraft),
        Err(PlanError::NotFound) => {
            return Err(DbErr::RecordNotFound(format!("ifsp {id}")).into());
        }
        Err(PlanError::Db(e)) => return Err(e.into()),
    }
    let ev = Event::new("ifsp.saved", "ifsp", id).detail(json!({ "version": seen + 1 }));
    change.commit(ev).await?;
    Ok(seen + 1)
}

/// Within `change`, writes the typed fields of `edit` over version `edit.seen` of the
/// draft `id` and moves it to the next version: the one version check of every change to
/// a draft. Refused as [`PlanError::Stale`] when the draft moved on since, or
/// [`PlanError::NotDraft`] once it is signed; nothing is written then.
pub async fn save_narrative(change: &Change, id: i32, edit: &Edit) -> Result<(), PlanError> {
    let (seen, n) = (edit.seen, &edit.narrative);
    let mut q = ifsp::Entity::update_many()
        .col_expr(ifsp::Column::MeetingDate, Expr::value(n.meeting_date))
        .col_expr(ifsp::Column::FamilyAgrees, Expr::value(n.family_agrees))
        .col_expr(ifsp::Column::Version, Expr::value(seen + 1))
        .col_expr(ifsp::Column::UpdatedAt, Expr::value(Utc::now()));
    for (col, text) in &n.texts {
        q = q.col_expr(*col, Expr::value(text.clone()));
    }
    let res = q
        .filter(ifsp::Column::Id.eq(id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Draft))
        .filter(ifsp::Column::Version.eq(seen))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let now = ifsp::Entity::find_by_id(id).one(change.db()).await?;
        return Err(match now {
            Some(p) if p.is_draft() => PlanError::Stale,
            Some(_) => PlanError::NotDraft,
            None => PlanError::NotFound,
        });
    }
    save_family_texts(change, id, &n.family).await
}

/// The outcomes' texts in the family's language, saved with the plan's typed fields (the
/// draft is still one; the version check above held). A text left as the copy of the
/// English is "not translated" and stored empty, so the family page shows the English
/// marked as English rather than claiming it is Spanish. Only for a family whose language
/// is not English; ids not on this draft are ignored.
async fn save_family_texts(
    change: &Change,
    id: i32,
    family: &[(i32, String)],
) -> Result<(), PlanError> {
    if family.is_empty() {
        return Ok(());
    }
    let db = change.db();
    let lang = model::family_lang_of_plan(db, id).await?;
    if lang == Lang::En {
        return Ok(());
    }
    let outcomes = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(id))
        .all(db)
        .await?;
    for o in outcomes {
        let Some((_, text)) = family.iter().find(|(oid, _)| *oid == o.id) else {
            continue;
        };
        let text = if text.trim() == o.statement.trim() {
            String::new()
        } else {
            text.clone()
        };
        if text == o.family_statement && o.family_lang == Some(lang) {
            continue;
        }
        ifsp_outcome::Entity::update_many()
            .col_expr(ifsp_outcome::Column::FamilyStatement, Expr::value(text))
            .col_expr(ifsp_outcome::Column::FamilyLang, Expr::value(Some(lang)))
            .filter(ifsp_outcome::Column::Id.eq(o.id))
            .filter(ifsp_outcome::Column::IfspId.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}
