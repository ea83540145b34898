//! Provider credentials (licence, endorsement, certification) and their expiry.
use crate::{
    entities::{credential, user},
    views::{
        fields::{parse_date, required, text},
        form::Errors,
    },
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CredentialForm {
    pub kind: String,
    pub name: String,
    pub number: String,
    pub issuer: String,
    pub expires_on: String,
}

/// A credential that is valid to store.
pub struct NewCredential {
    pub kind: credential::Kind,
    pub name: String,
    pub number: String,
    pub issuer: String,
    pub expires_on: Option<NaiveDate>,
}

impl CredentialForm {
    pub fn parse(&self) -> Result<NewCredential, Errors> {
        let mut e = Errors::default();
        let kind: Option<credential::Kind> =
            e.choice("kind", &self.kind, "Choose the kind of credential.");
        let name = required(
            &mut e,
            "name",
            &self.name,
            "Name the credential, e.g. Speech-Language Pathologist licence.",
            160,
        );
        let number = text(&mut e, "number", &self.number, 60);
        let issuer = text(&mut e, "issuer", &self.issuer, 120);
        let expires_on = match self.expires_on.trim() {
            "" => None,
            v => parse_date(&mut e, "expires_on", v, "expiry date"),
        };
        let (Some(kind), true) = (kind, e.is_empty()) else {
            return Err(e);
        };
        Ok(NewCredential {
            kind,
            name,
            number,
            issuer,
            expires_on,
        })
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    user_id: i32,
    c: NewCredential,
) -> Result<credential::Model, DbErr> {
    credential::ActiveModel {
        user_id: Set(user_id),
        kind: Set(c.kind),
        name: Set(c.name),
        number: Set(c.number),
        issuer: Set(c.issuer),
        expires_on: Set(c.expires_on),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn for_user(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<credential::Model>, DbErr> {
    credential::Entity::find()
        .filter(credential::Column::UserId.eq(user_id))
        .order_by_asc(credential::Column::ExpiresOn)
        .all(db)
        .await
}

/// Credentials of active staff in the program that have expired or expire within `days`.
pub async fn expiring(
    db: &impl ConnectionTrait,
    program_id: i32,
    today: NaiveDate,
    days: i64,
) -> Result<Vec<(credential::Model, user::Person)>, DbErr> {
    use sea_orm::sea_query::Query;
    let until = today + Duration::days(days);
    // The program's active staff as a subquery: the statement is bounded by the program,
    // not by every credential of the installation, and binds two values however large.
    let staff = Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::ProgramId.eq(program_id))
        .and_where(user::Column::Active.eq(true))
        .to_owned();
    let rows = credential::Entity::find()
        .filter(credential::Column::ExpiresOn.lte(until))
        .filter(credential::Column::UserId.in_subquery(staff))
        .order_by_asc(credential::Column::ExpiresOn)
        .all(db)
        .await?;
    let who: std::collections::HashMap<i32, user::Person> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|c| c.user_id)))
        .into_partial_model::<user::Person>()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|c| who.get(&c.user_id).cloned().map(|u| (c, u)))
        .collect())
}
