//! Parsing a new staff member from a form (or the command line) and storing it.
use crate::entities::Choice;
use crate::{
    auth::password,
    entities::{
        credential, session,
        user::{self, Discipline, Role},
    },
    views::form::Errors,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::Deserialize;

/// What the "new staff member" form sends, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewStaffForm {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub discipline: String,
    #[serde(default)]
    pub password: String,
}

/// A staff member that is valid to store.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub discipline: Option<Discipline>,
    pub password: String,
}

impl NewStaffForm {
    /// As a program's admin may fill it in: a program role.
    pub fn parse(&self) -> Result<NewStaff, Errors> {
        self.parse_for(&Role::program_roles())
    }

    /// With the roles the caller may give (the command line may make a lead agency).
    pub fn parse_for(&self, roles: &[Role]) -> Result<NewStaff, Errors> {
        let mut errors = Errors::default();
        let name = self.display_name.trim();
        if name.is_empty() {
            errors.add("display_name", "Enter the person's name.");
        } else if name.chars().count() > 120 {
            errors.add("display_name", "Use at most 120 characters.");
        }
        let email = self.email.trim().to_lowercase();
        if !looks_like_email(&email) {
            errors.add("email", "Enter an e-mail address like name@example.org.");
        }
        let role = Role::parse(&self.role).filter(|r| roles.contains(r));
        if role.is_none() {
            errors.add("role", "Choose a role.");
        }
        let discipline = match self.discipline.as_str() {
            "" => None,
            d => match Discipline::parse(d) {
                Some(d) => Some(d),
                None => {
                    errors.add("discipline", "Choose a discipline from the list.");
                    None
                }
            },
        };
        if role == Some(Role::Provider) && discipline.is_none() {
            errors.add("discipline", "Providers need a discipline.");
        }
        if let Err(msg) = password::check_new(&self.password, &email) {
            errors.add("password", msg);
        }
        match role {
            Some(role) if errors.is_empty() => Ok(NewStaff {
                display_name: name.to_owned(),
                email,
                role,
                discipline,
                password: self.password.clone(),
            }),
            _ => Err(errors),
        }
    }
}

/// Deliberately loose: one `@`, something on each side, a dot in the domain, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && s.len() <= 254
}

pub async fn email_taken(db: &impl ConnectionTrait, email: &str) -> Result<bool, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .count(db)
        .await?
        > 0)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    program_id: i32,
    s: NewStaff,
) -> Result<user::Model, DbErr> {
    let hash = password::hash(s.password.clone()).await;
    insert_hashed(db, program_id, s, hash).await
}

/// Inserts the staff member with the password already hashed (hashing takes a while: a
/// command does it before its change begins, not while holding the write lock). A taken
/// e-mail fails on the unique index.
pub async fn insert_hashed(
    db: &impl ConnectionTrait,
    program_id: i32,
    s: NewStaff,
    password_hash: String,
) -> Result<user::Model, DbErr> {
    let now = Utc::now();
    user::ActiveModel {
        program_id: Set(program_id),
        email: Set(s.email),
        display_name: Set(s.display_name),
        password_hash: Set(password_hash),
        role: Set(s.role),
        discipline: Set(s.discipline),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// What a staff member's page shows besides the member: how many sessions are signed in
/// now, and their credentials.
pub struct StaffPage {
    pub sessions: u64,
    pub credentials: Vec<credential::Model>,
}

pub async fn staff_page(db: &impl ConnectionTrait, user_id: i32) -> Result<StaffPage, DbErr> {
    let sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .count(db)
        .await?;
    Ok(StaffPage {
        sessions,
        credentials: super::credentials::for_user(db, user_id).await?,
    })
}

pub async fn list(db: &impl ConnectionTrait, program_id: i32) -> Result<Vec<user::Staff>, DbErr> {
    user::Entity::find()
        .filter(user::Column::ProgramId.eq(program_id))
        .order_by_asc(user::Column::Role)
        .order_by_asc(user::Column::DisplayName)
        .into_partial_model()
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_provider_and_refuses_one_without_discipline() {
        let mut f = NewStaffForm {
            display_name: " Ana Ruiz ".into(),
            email: "Ana.Ruiz@Example.org".into(),
            role: "provider".into(),
            discipline: "slp".into(),
            password: "a long enough phrase".into(),
        };
        let s = f.parse().unwrap();
        assert_eq!(s.email, "ana.ruiz@example.org");
        assert_eq!(s.display_name, "Ana Ruiz");
        f.discipline.clear();
        let e = f.parse().unwrap_err();
        assert_eq!(e.get("discipline"), Some("Providers need a discipline."));
    }

    #[test]
    fn email_shapes() {
        assert!(looks_like_email("a@b.co"));
        for bad in ["", "a", "a@b", "@b.co", "a@.co", "a b@c.co", "a@b.co."] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
