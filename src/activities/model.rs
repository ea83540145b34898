//! Activities: folding text for search, the full-text index (FTS5 on SQLite, a tsvector on
//! PostgreSQL), search with filters, and loading an activity with its texts.
use crate::entities::{
    Choice, activity, activity_text, cos_rating::CosOutcome,
    evaluation_result::DevelopmentalDomain, visit::Routine,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement, sea_query::Expr,
};
use std::collections::HashMap;

pub const AGE_BANDS: [(&str, &str, i32, i32); 5] = [
    ("0-6", "0–6 months", 0, 6),
    ("6-12", "6–12 months", 6, 12),
    ("12-18", "12–18 months", 12, 18),
    ("18-24", "18–24 months", 18, 24),
    ("24-36", "24–36 months", 24, 36),
];

/// Lower-case ASCII: "Baño" and "bano" index and search alike, in either language.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// The folded text of every language, for the index.
pub fn search_text(texts: &[activity_text::Model]) -> String {
    texts
        .iter()
        .flat_map(|t| {
            [
                &t.title,
                &t.summary,
                &t.materials,
                &t.steps,
                &t.adapt,
                &t.watch_for,
            ]
        })
        .map(|s| fold(s))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Up to eight word prefixes of a query, folded, letters and digits only (safe to put in a
/// full-text query).
pub fn terms(q: &str) -> Vec<String> {
    fold(q)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .map(str::to_owned)
        .collect()
}

/// Keeps the SQLite index in step with `activities.search_text` (PostgreSQL derives it).
pub async fn reindex(db: &impl ConnectionTrait, id: i32, text: &str) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "DELETE FROM activity_search WHERE rowid = ?",
        [id.into()],
    ))
    .await?;
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "INSERT INTO activity_search (rowid, search_text) VALUES (?, ?)",
        [id.into(), text.into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, Default, Clone)]
pub struct Filters {
    pub q: String,
    pub domain: Option<DevelopmentalDomain>,
    pub band: Option<(i32, i32)>,
    pub routine: Option<Routine>,
    pub outcome: Option<CosOutcome>,
    /// Only published activities (what families may be given).
    pub published_only: bool,
}

/// Activities of the starter library and the program that match, youngest ages first: how
/// many in all, and the first `limit` with their texts.
pub async fn search(
    db: &impl ConnectionTrait,
    program_id: i32,
    f: &Filters,
    limit: u64,
) -> Result<(u64, Vec<Loaded>), DbErr> {
    let mut q = activity::Entity::find().filter(
        Condition::any()
            .add(activity::Column::ProgramId.is_null())
            .add(activity::Column::ProgramId.eq(program_id)),
    );
    let terms = terms(&f.q);
    if !terms.is_empty() {
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                let tsq = terms
                    .iter()
                    .map(|t| format!("{t}:*"))
                    .collect::<Vec<_>>()
                    .join(" & ");
                q = q.filter(Expr::cust_with_values(
                    "search_tsv @@ to_tsquery('simple', $1)",
                    [tsq],
                ));
            }
            _ => {
                let m = terms
                    .iter()
                    .map(|t| format!("\"{t}\"*"))
                    .collect::<Vec<_>>()
                    .join(" AND ");
                q = q.filter(Expr::cust_with_values(
                    "id IN (SELECT rowid FROM activity_search WHERE activity_search MATCH ?)",
                    [m],
                ));
            }
        }
    }
    if let Some(d) = f.domain {
        q = q.filter(activity::Column::Domains.contains(d.as_str()));
    }
    if let Some((min, max)) = f.band {
        q = q
            .filter(activity::Column::AgeMin.lt(max))
            .filter(activity::Column::AgeMax.gt(min));
    }
    if let Some(r) = f.routine {
        q = q.filter(activity::Column::Routines.contains(r.as_str()));
    }
    if let Some(o) = f.outcome {
        q = q.filter(activity::Column::CosOutcome.eq(o));
    }
    if f.published_only {
        q = q.filter(activity::Column::Status.eq(activity::Status::Published));
    }
    let total = q.clone().count(db).await?;
    let found = q
        .order_by_asc(activity::Column::AgeMin)
        .order_by_asc(activity::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut texts = texts_of(db, found.iter().map(|a| a.id).collect()).await?;
    let rows = found
        .into_iter()
        .map(|a| {
            let t = texts.remove(&a.id).unwrap_or_default();
            (a, t)
        })
        .collect();
    Ok((total, rows))
}

/// Texts by activity id, then by language.
pub async fn texts_of(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, HashMap<crate::i18n::Lang, activity_text::Model>>, DbErr> {
    let mut out: HashMap<i32, HashMap<crate::i18n::Lang, activity_text::Model>> = HashMap::new();
    for t in activity_text::Entity::find()
        .filter(activity_text::Column::ActivityId.is_in(ids))
        .all(db)
        .await?
    {
        out.entry(t.activity_id).or_default().insert(t.lang, t);
    }
    Ok(out)
}

/// The text a family reads: in their language, else in the other one (a title in English
/// beats no title).
pub fn text_for(
    texts: &HashMap<crate::i18n::Lang, activity_text::Model>,
    lang: crate::i18n::Lang,
) -> Option<&activity_text::Model> {
    texts.get(&lang).or_else(|| texts.get(&lang.other()))
}

/// Of `ids`, the activities an admin has published: only those reach a family (a share
/// made while an activity was a draft, or before the rule, shows nothing).
pub async fn published_among(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<std::collections::HashSet<i32>, DbErr> {
    Ok(activity::Entity::find()
        .select_only()
        .column(activity::Column::Id)
        .filter(activity::Column::Id.is_in(ids))
        .filter(activity::Column::Status.eq(activity::Status::Published))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// An activity with its texts by language.
pub type Loaded = (
    activity::Model,
    HashMap<crate::i18n::Lang, activity_text::Model>,
);

pub async fn load(db: &impl ConnectionTrait, id: i32) -> Result<Option<Loaded>, DbErr> {
    let Some(a) = activity::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut t = texts_of(db, vec![id]).await?;
    Ok(Some((a, t.remove(&id).unwrap_or_default())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_accents_and_case_in_both_languages() {
        assert_eq!(fold("Baño y CANCIÓN"), "bano y cancion");
        assert_eq!(fold("niño"), "nino");
        assert_eq!(
            terms("¡Más  jugo, por favor!"),
            vec!["mas", "jugo", "por", "favor"]
        );
        assert_eq!(terms("\"; DROP TABLE x; --*"), vec!["drop", "table", "x"]);
        assert!(terms("   ").is_empty());
    }
}
