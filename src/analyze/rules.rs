//! The table of extraction rules: each analyser declares its rules beside the code that uses
//! them, and this module gathers them for `accord rules` and the docs.

/// What a rule finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Published,
    Date,
    Organization,
    Person,
    Place,
    Commitment,
    WorkingGroup,
    Agreement,
}

/// One rule: a stable id (recorded on every finding it makes), its kind, and a one-line description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub kind: RuleKind,
    pub doc: &'static str,
}

/// Every rule, in pipeline order.
pub fn all() -> Vec<Rule> {
    [
        super::published::RULES,
        super::dates::RULES,
        super::parties::RULES,
        super::groups::RULES,
        super::agreements::RULES,
        super::commitments::RULES,
    ]
    .concat()
}
