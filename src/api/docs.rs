//! The API's documentation as a page, drawn on the server from the generated OpenAPI
//! document: every operation with its parameters and answers, then every schema. No script
//! and nothing from another site, so it reads the same on a network without the internet.
use maud::{Markup, html};
use serde_json::Value;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref")?.as_str()?.rsplit('/').next()
}

/// A schema in a few words: `Child`, `array of Visit`, `string (date)`.
fn type_of(v: &Value) -> String {
    if let Some(name) = ref_name(v) {
        return name.to_owned();
    }
    if let Some(any) = v.get("oneOf").and_then(Value::as_array) {
        return any.iter().map(type_of).collect::<Vec<_>>().join(" or ");
    }
    let ty = match v.get("type") {
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        Some(Value::String(t)) => t.clone(),
        _ => "any".into(),
    };
    if ty.starts_with("array")
        && let Some(items) = v.get("items")
    {
        return format!("{ty} of {}", type_of(items));
    }
    match v.get("format").and_then(Value::as_str) {
        Some(f) => format!("{ty} ({f})"),
        None => ty,
    }
}

fn operation(path: &str, method: &str, op: &Value) -> Markup {
    let params = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    html! {
        section class="api-operation" id=(format!("{method}-{path}")) {
            h3 { code { (method.to_uppercase()) " " (path) } }
            @if let Some(s) = op.get("summary").and_then(Value::as_str) { p { (s) } }
            @if let Some(d) = op.get("description").and_then(Value::as_str) { p { (d) } }
            @if !params.is_empty() {
                table {
                    caption { "Parameters" }
                    thead { tr { th { "Name" } th { "In" } th { "Type" } th { "Required" } th { "Description" } } }
                    tbody {
                        @for p in &params {
                            tr {
                                td { code { (p["name"].as_str().unwrap_or("")) } }
                                td { (p["in"].as_str().unwrap_or("")) }
                                td { (type_of(&p["schema"])) }
                                td { (if p["required"].as_bool() == Some(true) { "yes" } else { "no" }) }
                                td { (p["description"].as_str().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
            table {
                caption { "Answers" }
                thead { tr { th { "Status" } th { "Meaning" } th { "Body" } } }
                tbody {
                    @for (status, r) in &responses {
                        tr {
                            td { (status) }
                            td { (r["description"].as_str().unwrap_or("")) }
                            td {
                                @if let Some(content) = r.get("content").and_then(Value::as_object) {
                                    @for (ty, c) in content {
                                        code { (ty) } " " (c.get("schema").map(type_of).unwrap_or_default())
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn schema(name: &str, s: &Value) -> Markup {
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let props = s
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    html! {
        section class="api-schema" id=(format!("schema-{name}")) {
            h3 { (name) }
            @if let Some(d) = s.get("description").and_then(Value::as_str) { p { (d) } }
            table {
                thead { tr { th { "Field" } th { "Type" } th { "Required" } th { "Description" } } }
                tbody {
                    @for (field, p) in &props {
                        tr {
                            td { code { (field) } }
                            td { (type_of(p)) }
                            td { (if required.contains(&field.as_str()) { "yes" } else { "no" }) }
                            td { (p.get("description").and_then(Value::as_str).unwrap_or("")) }
                        }
                    }
                }
            }
        }
    }
}

/// The documentation page for `doc` (an OpenAPI document as JSON).
pub fn render(doc: &Value) -> Markup {
    let title = doc["info"]["title"].as_str().unwrap_or("API");
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let schemas = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let body = html! {
        h1 { (title) }
        p { "OpenAPI " (doc["openapi"].as_str().unwrap_or("")) " · " a href="/api/v1/openapi.json" { "the document as JSON" } }
        @if let Some(d) = doc["info"]["description"].as_str() { p { (d) } }
        h2 { "Operations" }
        @for (path, item) in &paths {
            @for m in METHODS {
                @if let Some(op) = item.get(m) { (operation(path, m, op)) }
            }
        }
        h2 { "Schemas" }
        @for (name, s) in &schemas { (schema(name, s)) }
    };
    crate::shell::bare(title, body)
}

/// This documentation, as a page.
#[utoipa::path(get, path = "/docs", tag = "meta",
    responses((status = 200, description = "The documentation as an HTML page", content_type = "text/html")))]
pub(super) async fn page() -> Markup {
    let doc = serde_json::to_value(super::document()).unwrap_or_default();
    render(&doc)
}
