//! The baselines the pages are compared with, served by `hearth bench-baseline` in a process
//! of its own and never through the product's router: a plain-text answer, and the
//! TechEmpower "Fortunes" page (one query of a 12-row table, one row added in memory, sorted,
//! rendered with maud and HTML-escaped) on the same database and the same stack (axum, sea-orm
//! with the product's pool settings, maud).
use crate::db;
use axum::{Router, extract::State, response::IntoResponse, routing::get};
use maud::{DOCTYPE, Markup, html};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};

pub mod fortune {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "fortunes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub message: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The benchmark's twelve fortunes (TechEmpower's), markup and non-ASCII included.
const FORTUNES: [&str; 12] = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    "フレームワークのベンチマーク",
];

/// Creates the `fortunes` table in the benchmark's database when it is missing. It is the
/// benchmark's, not the product's: no migration knows it.
pub async fn ensure_table(db: &DatabaseConnection) -> anyhow::Result<()> {
    db.execute_unprepared(
        "CREATE TABLE IF NOT EXISTS fortunes (id INTEGER PRIMARY KEY, message TEXT NOT NULL)",
    )
    .await?;
    if fortune::Entity::find().count(db).await? == 0 {
        let rows = FORTUNES
            .iter()
            .enumerate()
            .map(|(i, m)| fortune::ActiveModel {
                id: Set(i as i32 + 1),
                message: Set((*m).to_owned()),
            });
        fortune::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

async fn plaintext() -> impl IntoResponse {
    "Hello, World!"
}

async fn fortunes(State(db): State<DatabaseConnection>) -> Result<Markup, String> {
    let mut rows = fortune::Entity::find()
        .all(&db)
        .await
        .map_err(|e| e.to_string())?;
    rows.push(fortune::Model {
        id: 0,
        message: "Additional fortune added at request time.".into(),
    });
    rows.sort_by(|a, b| a.message.cmp(&b.message));
    Ok(html! {
        (DOCTYPE)
        html {
            head { title { "Fortunes" } }
            body {
                table {
                    tr { th { "id" } th { "message" } }
                    @for f in &rows {
                        tr { td { (f.id) } td { (f.message) } }
                    }
                }
            }
        }
    })
}

/// `hearth bench-baseline --port P --database-url URL`.
pub async fn serve(port: u16, database_url: &str) -> anyhow::Result<()> {
    let conn = db::connect(database_url).await?;
    ensure_table(&conn).await?;
    let app = Router::new()
        .route("/plaintext", get(plaintext))
        .route("/fortunes", get(fortunes))
        .with_state(conn);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_baseline_has_twelve_fortunes_one_of_them_markup() {
        assert_eq!(super::FORTUNES.len(), 12);
        assert!(super::FORTUNES.iter().any(|f| f.starts_with("<script>")));
    }
}
