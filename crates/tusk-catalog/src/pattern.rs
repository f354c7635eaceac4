//! pg_dump's name patterns (`-n`, `-t`, `--exclude-role`, …) as regular expressions for the
//! server's `~` operator (`patternToSQLRegex`): `*` is any text, `?` any character, double
//! quotes quote (`""` is a quote), unquoted letters are folded to lower case, and unquoted
//! dots separate the parts of a qualified name.
//!
//! Used by tusk-dump's object selection and by tusk-globals' role patterns.

/// A pattern that names more parts than its objects have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern \"{pattern}\": {reason}")]
pub struct PatternError {
    /// The pattern as given.
    pub pattern: String,
    /// What is wrong.
    pub reason: &'static str,
}

/// The regular expressions of `pattern`'s dot-separated parts, each `^(…)$`, last part last
/// (pg_dump's `patternToSQLRegex` without `force_escape`).
pub fn pattern_parts(pattern: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut in_quotes = false;
    let mut chars = pattern.chars().peekable();
    while let Some(ch) = chars.next() {
        let Some(buf) = parts.last_mut() else { break };
        if ch == '"' {
            if in_quotes && chars.peek() == Some(&'"') {
                buf.push('"');
                chars.next();
            } else {
                in_quotes = !in_quotes;
            }
        } else if !in_quotes && ch.is_uppercase() {
            buf.extend(ch.to_lowercase());
        } else if !in_quotes && ch == '*' {
            buf.push_str(".*");
        } else if !in_quotes && ch == '?' {
            buf.push('.');
        } else if !in_quotes && ch == '.' {
            parts.push(String::new());
        } else if ch == '$' {
            buf.push_str("\\$");
        } else {
            if in_quotes && "|*+?()[]{}.^$\\".contains(ch) {
                buf.push('\\');
            }
            buf.push(ch);
        }
    }
    parts.into_iter().map(|p| format!("^({p})$")).collect()
}

/// The regular expression of a role name pattern. A role name has one part, so a pattern
/// with an unquoted dot is an error, as pg_dumpall's `--exclude-database` says.
pub fn role_pattern_regex(pattern: &str) -> Result<String, PatternError> {
    let mut parts = pattern_parts(pattern);
    match parts.pop() {
        Some(regex) if parts.is_empty() => Ok(regex),
        _ => Err(PatternError {
            pattern: pattern.to_owned(),
            reason: "improper qualified name (too many dotted names)",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_follow_pg_dump() {
        assert_eq!(pattern_parts("Foo*"), vec!["^(foo.*)$"]);
        assert_eq!(pattern_parts("\"Foo\".b?r"), vec!["^(Foo)$", "^(b.r)$"]);
        assert_eq!(pattern_parts("\"a.b*\""), vec!["^(a\\.b\\*)$"]);
        assert_eq!(pattern_parts("a$"), vec!["^(a\\$)$"]);
        assert_eq!(pattern_parts("\"x\"\"y\""), vec!["^(x\"y)$"]);
        assert_eq!(pattern_parts(""), vec!["^()$"]);
    }

    #[test]
    fn role_patterns() {
        assert_eq!(role_pattern_regex("App*").unwrap(), "^(app.*)$");
        assert_eq!(role_pattern_regex("\"A.b\"").unwrap(), "^(A\\.b)$");
        let err = role_pattern_regex("a.b").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid pattern \"a.b\": improper qualified name (too many dotted names)"
        );
    }
}
