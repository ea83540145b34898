//! Form components: every field has a label, an optional hint, and its error right beside
//! it, tied together with `aria-describedby`, and always shows what the user typed.
use crate::{auth::csrf, entities::Choice};
use maud::{Markup, html};

/// Field errors in the order the form checked them (which is the order of its fields), so
/// the summary at the top reads in the same order as the page.
#[derive(Debug, Default, Clone)]
pub struct Errors(Vec<(&'static str, String)>);

impl Errors {
    /// Records the first message for a field; later ones for the same field are dropped.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&&'static str, &String)> {
        self.0.iter().map(|(f, m)| (f, m))
    }

    /// Parses a posted choice into its enum. A value outside the list (a stale page, a
    /// hand-made request) records `message` for the field, so the form is shown again, never
    /// a server error.
    pub fn choice<T: Choice>(
        &mut self,
        field: &'static str,
        value: &str,
        message: &str,
    ) -> Option<T> {
        let parsed = T::parse(value.trim());
        if parsed.is_none() {
            self.add(field, message);
        }
        parsed
    }
}

/// Options for a text-like input.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: &'a str,
    pub hint: Option<&'a str>,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
    /// Sets the field's ids apart when one page repeats a form (one per evaluation):
    /// `f-<scope>-<name>` instead of `f-<name>`.
    pub scope: Option<&'a str>,
    /// Said after the label of a field that is not required, instead of "(optional)":
    /// "required to sign" on a draft plan.
    pub note: Option<&'a str>,
}

/// The id of field `name`, within `scope` when a page repeats its form.
pub fn field_id(scope: Option<&str>, name: &str) -> String {
    match scope {
        Some(s) => format!("f-{s}-{name}"),
        None => format!("f-{name}"),
    }
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, label: &'a str, value: &'a str) -> Self {
        Input {
            name,
            label,
            value,
            kind: "text",
            hint: None,
            required: false,
            autocomplete: None,
            scope: None,
            note: None,
        }
    }
    pub fn note(mut self, note: Option<&'a str>) -> Self {
        self.note = note;
        self
    }
    pub fn scope(mut self, scope: Option<&'a str>) -> Self {
        self.scope = scope;
        self
    }
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn autocomplete(mut self, v: &'a str) -> Self {
        self.autocomplete = Some(v);
        self
    }

    pub fn render(&self, errors: &Errors) -> Markup {
        let error = errors.get(self.name);
        let id = field_id(self.scope, self.name);
        // Passwords are never echoed back into the page.
        let value = if self.kind == "password" {
            ""
        } else {
            self.value
        };
        html! {
            div class=(if error.is_some() { "field has-error" } else { "field" }) {
                (noted_label(&id, self.label, self.required, self.note))
                (describe(&id, self.hint, error))
                input id=(id) name=(self.name) type=(self.kind) value=(value)
                    required[self.required]
                    autocomplete=[self.autocomplete]
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[described_by(&id, self.hint, error)];
            }
        }
    }
}

/// A `<select>` with the current value selected.
pub fn select(
    name: &str,
    label_text: &str,
    options: &[(&str, &str)],
    selected: &str,
    errors: &Errors,
    required: bool,
) -> Markup {
    let error = errors.get(name);
    let id = format!("f-{name}");
    html! {
        div class=(if error.is_some() { "field has-error" } else { "field" }) {
            (label(&id, label_text, required))
            (describe(&id, None, error))
            select id=(id) name=(name) required[required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(&id, None, error)] {
                option value="" { "Choose…" }
                @for (value, text) in options {
                    option value=(value) selected[*value == selected] { (text) }
                }
            }
        }
    }
}

fn label(id: &str, text: &str, required: bool) -> Markup {
    noted_label(id, text, required, None)
}

fn noted_label(id: &str, text: &str, required: bool, note: Option<&str>) -> Markup {
    html! {
        label for=(id) {
            (text)
            @if let Some(n) = note { span class="required-to" { " (" (n) ")" } }
            @else if !required { span class="optional" { " (optional)" } }
        }
    }
}

fn describe(id: &str, hint: Option<&str>, error: Option<&str>) -> Markup {
    html! {
        @if let Some(h) = hint { p class="hint" id={(id) "-hint"} { (h) } }
        @if let Some(e) = error { p class="error" id={(id) "-error"} { span class="visually-hidden" { "Error: " } (e) } }
    }
}

fn described_by(id: &str, hint: Option<&str>, error: Option<&str>) -> Option<String> {
    let parts: Vec<String> = [
        hint.map(|_| format!("{id}-hint")),
        error.map(|_| format!("{id}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The hidden CSRF field every form carries.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(csrf::FIELD) value=(token); }
}

/// A summary at the top of a form that failed, linking to each field (GOV.UK pattern).
pub fn error_summary(errors: &Errors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error-summary" role="alert" tabindex="-1" {
                h2 { "There is a problem" }
                ul {
                    @for (field, msg) in errors.iter() {
                        li { a href={"#f-" (field)} { (msg) } }
                    }
                }
            }
        }
    }
}

/// A multi-line text field.
pub fn textarea(
    name: &str,
    label_text: &str,
    value: &str,
    hint: Option<&str>,
    errors: &Errors,
    required: bool,
) -> Markup {
    textarea_noted(name, label_text, value, hint, errors, required, None)
}

/// A multi-line text field whose label says `note` (see [`Input::note`]).
pub fn textarea_noted(
    name: &str,
    label_text: &str,
    value: &str,
    hint: Option<&str>,
    errors: &Errors,
    required: bool,
    note: Option<&str>,
) -> Markup {
    let error = errors.get(name);
    let id = format!("f-{name}");
    html! {
        div class=(if error.is_some() { "field has-error" } else { "field" }) {
            (noted_label(&id, label_text, required, note))
            (describe(&id, hint, error))
            textarea id=(id) name=(name) rows="4" required[required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(&id, hint, error)] { (value) }
        }
    }
}

/// A single checkbox, checked when `checked`.
pub fn checkbox(name: &str, label_text: &str, checked: bool, hint: Option<&str>) -> Markup {
    let id = format!("f-{name}");
    html! {
        div class="field checkbox" {
            input type="checkbox" id=(id) name=(name) value="yes" checked[checked]
                aria-describedby=[hint.map(|_| format!("{id}-hint"))];
            label for=(id) { (label_text) }
            @if let Some(h) = hint { p class="hint" id={(id) "-hint"} { (h) } }
        }
    }
}

/// A set of radio buttons in a fieldset with a legend.
pub fn radios(
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    selected: &str,
    errors: &Errors,
) -> Markup {
    radios_in(None, name, legend, options, selected, errors)
}

/// Radio buttons whose ids are set apart by `scope` (see [`field_id`]).
pub fn radios_in(
    scope: Option<&str>,
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    selected: &str,
    errors: &Errors,
) -> Markup {
    let error = errors.get(name);
    let id = field_id(scope, name);
    html! {
        fieldset id=(id) class=(if error.is_some() { "field has-error" } else { "field" })
            aria-describedby=[error.map(|_| format!("{id}-error"))] {
            legend { (legend) }
            (describe(&id, None, error))
            @for (value, text) in options {
                div class="radio" {
                    input type="radio" id={(id) "-" (value)} name=(name) value=(value) checked[*value == selected];
                    label for={(id) "-" (value)} { (text) }
                }
            }
        }
    }
}
