//! Security labels of shared objects (databases, roles, tablespaces) as pg_dump and
//! pg_dumpall write them (`emitShSecLabels`).

use tusk_pg::quote::{quote_ident, quote_literal_e};

/// `SECURITY LABEL FOR provider ON kind name IS 'label';` for the shared object `kind name`
/// (`name` not quoted; a label with a backslash as `E'…'`, as libpq's quoting for a
/// connection does).
pub fn security_label_command(kind: &str, name: &str, provider: &str, label: &str) -> String {
    format!(
        "SECURITY LABEL FOR {} ON {kind} {} IS {};\n",
        quote_ident(provider),
        quote_ident(name),
        quote_literal_e(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_object_labels() {
        assert_eq!(
            security_label_command("DATABASE", "App", "dummy", "it's"),
            "SECURITY LABEL FOR dummy ON DATABASE \"App\" IS 'it''s';\n"
        );
        assert_eq!(
            security_label_command("ROLE", "r", "My Provider", "a\\b"),
            "SECURITY LABEL FOR \"My Provider\" ON ROLE r IS E'a\\\\b';\n"
        );
    }
}
