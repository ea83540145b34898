//! The database the HTTP benchmark runs on: a synthetic tier, seeded here or found already
//! there, and the real records its pages open (a child of a coordinator's caseload, that
//! child's plan, a provider's visits with draft notes, a family link).
use crate::{
    entities::{caregiver, child, ifsp, ifsp_service, program, user, visit},
    notes::link,
    seed::synthetic::{self, Tier},
    state::Keys,
};
use anyhow::Context;
use chrono::{Duration, NaiveDateTime};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Concurrent writers of the note-save row, each on a visit of its own.
pub const WRITERS: usize = 16;

pub struct Fixtures {
    pub admin: String,
    pub supervisor: String,
    pub coordinator: String,
    pub provider: String,
    pub child_id: i32,
    pub ifsp_id: i32,
    /// One draft visit per writer: (id, date, start, end) as the note form has them.
    pub drafts: Vec<(i32, String, String, String)>,
    pub family_token: String,
}

/// Seeds `tier` into the (migrated) database unless it already holds that tier.
pub async fn seed_or_reuse(db: &DatabaseConnection, tier: Tier) -> anyhow::Result<bool> {
    let there = program::Entity::find()
        .filter(program::Column::Slug.eq(tier.slug()))
        .one(db)
        .await?
        .is_some();
    if there {
        return Ok(false);
    }
    anyhow::ensure!(
        crate::seed::is_empty(db).await?,
        "the database holds other programs than synthetic tier {tier:?}; give an empty one"
    );
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let today = chrono::Utc::now().date_naive();
    synthetic::seed(db, tier, 1, today, tty).await?;
    Ok(true)
}

async fn staff(db: &DatabaseConnection, local: &str) -> anyhow::Result<user::Model> {
    let email = format!("{local}@synthetic.example");
    user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .with_context(|| format!("no synthetic staff member {email}"))
}

pub async fn find(db: &DatabaseConnection, keys: &Keys) -> anyhow::Result<Fixtures> {
    let coordinator = staff(db, "coordinator1").await?;
    let provider = staff(db, "provider1").await?;
    let caseload: Vec<i32> = child::Entity::find()
        .filter(child::Column::CoordinatorId.eq(coordinator.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.is_in(caseload))
        .order_by_desc(ifsp::Column::Id)
        .one(db)
        .await?
        .context("no plan on coordinator1's caseload")?;
    let c = child::Entity::find_by_id(plan.child_id)
        .one(db)
        .await?
        .context("the plan's child")?;
    let g = caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(c.family_id))
        .one(db)
        .await?
        .context("a caregiver of that child")?;
    let family_token = link::issue(db, keys, &c, &g, None, 7).await?;
    Ok(Fixtures {
        admin: staff(db, "admin").await?.email,
        supervisor: staff(db, "supervisor1").await?.email,
        coordinator: coordinator.email,
        drafts: drafts(db, &provider).await?,
        provider: provider.email,
        child_id: c.id,
        ifsp_id: plan.id,
        family_token,
    })
}

/// `WRITERS` delivered visits without a signed note for `provider`, on the day of their most
/// recent delivered visit, at night (01:00, 01:15, …) so they overlap nothing of theirs.
/// Found again on a reused database (same provider, same start), created otherwise.
async fn drafts(
    db: &DatabaseConnection,
    provider: &user::Model,
) -> anyhow::Result<Vec<(i32, String, String, String)>> {
    let template = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider.id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .order_by_desc(visit::Column::StartsAt)
        .one(db)
        .await?
        .context("a delivered visit of provider1")?;
    let s = ifsp_service::Entity::find_by_id(template.service_id)
        .one(db)
        .await?
        .context("service")?;
    let c = child::Entity::find_by_id(template.child_id)
        .one(db)
        .await?
        .context("child")?;
    let night = template
        .starts_at
        .date()
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default();
    let mut out = Vec::with_capacity(WRITERS);
    for k in 0..WRITERS {
        let start: NaiveDateTime = night + Duration::minutes(15 * k as i64);
        let end = start + Duration::minutes(10);
        let found = visit::Entity::find()
            .filter(visit::Column::ProviderId.eq(provider.id))
            .filter(visit::Column::StartsAt.eq(start))
            .one(db)
            .await?;
        let id = match found {
            Some(v) => v.id,
            None => {
                let now = chrono::Utc::now();
                let mut v = crate::visits::schedule::blank(
                    &c,
                    &s,
                    provider.id,
                    start,
                    end,
                    None,
                    provider.id,
                    now,
                );
                v.status = Set(visit::Status::Completed);
                v.insert(db).await?.id
            }
        };
        out.push((
            id,
            start.date().to_string(),
            start.format("%H:%M").to_string(),
            end.format("%H:%M").to_string(),
        ));
    }
    Ok(out)
}
