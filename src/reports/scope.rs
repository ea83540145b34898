//! Which program a report is about: `?program=SLUG`, or the user's own. The lead agency may
//! name any program of the installation and, naming none, reads them all; anyone else names
//! their own program or none (another program's slug is refused by the policy, as a record of
//! another program is: 404, audited).
use crate::{
    audit::Actor,
    auth::CurrentUser,
    entities::{program, user::Role},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    views::{Page, layout},
};
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use maud::html;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// The programs a report covers.
#[derive(Debug, Clone)]
pub enum Chosen {
    One(program::Model),
    /// Every program of the installation (the lead agency without `?program=`).
    All(Vec<program::Model>),
}

/// What went wrong choosing.
pub enum NotChosen {
    /// The lead agency named a program that does not exist: a page saying so, with the list.
    NoSuch {
        slug: String,
        programs: Vec<program::Model>,
    },
    Error(AppError),
}

impl From<AppError> for NotChosen {
    fn from(e: AppError) -> Self {
        NotChosen::Error(e)
    }
}

impl From<sea_orm::DbErr> for NotChosen {
    fn from(e: sea_orm::DbErr) -> Self {
        NotChosen::Error(e.into())
    }
}

/// The installation's programs, by name (the lead agency's picker).
pub async fn programs(db: &DatabaseConnection) -> Result<Vec<program::Model>, sea_orm::DbErr> {
    program::Entity::find()
        .order_by_asc(program::Column::Name)
        .order_by_asc(program::Column::Id)
        .all(db)
        .await
}

/// Chooses the programs and checks (and on refusal audits) that the user may read their
/// reports.
pub async fn choose(
    db: &DatabaseConnection,
    user: &CurrentUser,
    meta: &RequestMeta,
    slug: &str,
) -> Result<Chosen, NotChosen> {
    let slug = slug.trim();
    let lead = user.role == Role::LeadAgency;
    let chosen = if lead {
        let mut all = programs(db).await?;
        if slug.is_empty() {
            Chosen::All(all)
        } else {
            match all.iter().position(|p| p.slug == slug) {
                Some(i) => Chosen::One(all.swap_remove(i)),
                None => {
                    return Err(NotChosen::NoSuch {
                        slug: slug.to_owned(),
                        programs: all,
                    });
                }
            }
        }
    } else {
        let own = program::Entity::find_by_id(user.program_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        if !slug.is_empty() && slug != own.slug {
            // Another program's, or no program's (id 0): refused alike, 404, audited.
            let other = program::Entity::find()
                .filter(program::Column::Slug.eq(slug))
                .one(db)
                .await?
                .map_or(0, |p| p.id);
            let target = Target::record(other, "program", slug);
            policy::authorize(db, user, meta, Action::ViewReports, target).await?;
            return Err(AppError::NotFound.into());
        }
        Chosen::One(own)
    };
    let ids: Vec<i32> = match &chosen {
        Chosen::One(p) => vec![p.id],
        Chosen::All(ps) => ps.iter().map(|p| p.id).collect(),
    };
    if ids.is_empty() {
        policy::require(db, user, meta, Action::ViewReports).await?;
    }
    for id in ids {
        let target = Target::record(id, "program", id);
        policy::authorize(db, user, meta, Action::ViewReports, target).await?;
    }
    Ok(chosen)
}

/// The audit actor for reading `program_id`'s reports: the reader, in that program's log
/// (so the program's admin sees the lead agency's reads of its children).
pub fn actor(user: &CurrentUser, meta: &RequestMeta, program_id: i32) -> Actor {
    Actor {
        program_id: Some(program_id),
        ..Actor::user(user, meta)
    }
}

/// The 404 page for a program that does not exist, with the ones that do.
pub fn no_such(p: &Page, slug: &str, programs: &[program::Model], href: &str) -> Response {
    let body = layout::page(
        p,
        "No such program",
        href,
        html! {
            h1 { "No such program" }
            p class="lead" { "There is no program with the short name “" (slug) "” in this installation." }
            h2 { "The programs" }
            ul id="programs" {
                @for prog in programs {
                    li { a href={ (href) "?program=" (prog.slug) } { (prog.name) } }
                }
            }
        },
    );
    (StatusCode::NOT_FOUND, body).into_response()
}

/// A [`NotChosen`] as a response.
pub fn refuse(p: &Page, e: NotChosen, href: &str) -> AppResult<Response> {
    match e {
        NotChosen::NoSuch { slug, programs } => Ok(no_such(p, &slug, &programs, href)),
        NotChosen::Error(e) => Err(e),
    }
}
