//! Configuration settings as pg_dump writes them: the values of `SET var TO …` (a function's
//! `SET` clause, `ALTER ROLE|DATABASE … SET`), with the settings the server stores as lists
//! of quoted elements (`GUC_LIST_QUOTE`, such as `search_path`) written element by element
//! (`SplitGUCList`), and the `ALTER … SET` commands of `pg_db_role_setting` entries
//! (`makeAlterConfigCommand`).

use tusk_pg::quote::{quote_ident, quote_literal_e};

/// Whether the server stores `name`'s value as a list of quoted elements
/// (`GUC_LIST_QUOTE`); pg_dump knows the same fixed list.
pub fn is_list_quote_setting(name: &str) -> bool {
    [
        "local_preload_libraries",
        "search_path",
        "session_preload_libraries",
        "shared_preload_libraries",
        "temp_tablespaces",
        "unix_socket_directories",
    ]
    .iter()
    .any(|s| s.eq_ignore_ascii_case(name))
}

/// pg_dump's `SplitGUCList`: the elements of a `GUC_LIST_QUOTE` setting's stored value
/// (`a, "b c"`: double quotes quote, `""` is a quote), `None` on bad syntax.
pub fn split_guc_list(raw: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = raw.trim_start().chars().peekable();
    if chars.peek().is_none() {
        return Some(out);
    }
    loop {
        let mut name = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        name.push('"');
                    }
                    '"' => break,
                    c => name.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c.is_ascii_whitespace() {
                    break;
                }
                name.push(c);
                chars.next();
            }
            if name.is_empty() {
                return None;
            }
        }
        while chars.peek().is_some_and(char::is_ascii_whitespace) {
            chars.next();
        }
        out.push(name);
        match chars.next() {
            None => return Some(out),
            Some(',') => {
                while chars.peek().is_some_and(char::is_ascii_whitespace) {
                    chars.next();
                }
            }
            Some(_) => return None,
        }
    }
}

/// What follows `SET var TO ` for the stored `value` of setting `var`: one literal, or for a
/// list setting its elements as literals separated by `, ` (nothing when the list does not
/// parse, as pg_dump). `quote` writes a literal: `quote_literal` in a function's `SET`
/// clause, `quote_literal_e` in `ALTER … SET` (pg_dump quotes them differently).
pub fn setting_value(var: &str, value: &str, quote: fn(&str) -> String) -> String {
    if is_list_quote_setting(var) {
        let elements = split_guc_list(value).unwrap_or_default();
        elements.iter().map(|e| quote(e)).collect::<Vec<_>>().join(", ")
    } else {
        quote(value)
    }
}

/// The `ALTER {kind} name [IN {in_kind} in_name] SET var TO value;` command for one
/// `name=value` item of a `pg_db_role_setting.setconfig` array, as pg_dump writes it (list settings such as `search_path` element by
/// element; a value with a backslash as `E'…'`, as libpq's quoting for a connection does).
/// `None` for an item without `=` (pg_dump skips it too).
pub fn alter_config_command(
    kind: &str,
    name: &str,
    scope: Option<(&str, &str)>,
    item: &str,
) -> Option<String> {
    let (var, value) = item.split_once('=')?;
    let mut out = format!("ALTER {kind} {} ", quote_ident(name));
    if let Some((in_kind, in_name)) = scope {
        out.push_str(&format!("IN {in_kind} {} ", quote_ident(in_name)));
    }
    out.push_str(&format!("SET {} TO ", quote_ident(var)));
    out.push_str(&setting_value(var, value, quote_literal_e));
    out.push_str(";\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use tusk_pg::quote::quote_literal;

    #[test]
    fn alter_config_commands() {
        assert_eq!(
            alter_config_command("ROLE", "grp", None, "work_mem=8MB").unwrap(),
            "ALTER ROLE grp SET work_mem TO '8MB';\n"
        );
        assert_eq!(
            alter_config_command(
                "ROLE",
                "we\"ird",
                Some(("DATABASE", "App")),
                "search_path=a, \"b c\", \"\"\"q\"\"\""
            )
            .unwrap(),
            "ALTER ROLE \"we\"\"ird\" IN DATABASE \"App\" SET search_path TO 'a', 'b c', '\"q\"';\n"
        );
        assert_eq!(
            alter_config_command("DATABASE", "d", None, "my.opt=it's").unwrap(),
            "ALTER DATABASE d SET \"my.opt\" TO 'it''s';\n"
        );
        assert_eq!(
            alter_config_command("DATABASE", "d", None, "application_name=a\\b").unwrap(),
            "ALTER DATABASE d SET application_name TO E'a\\\\b';\n"
        );
        assert_eq!(alter_config_command("DATABASE", "d", None, "novalue"), None);
    }

    #[test]
    fn guc_lists_split_as_pg_dump() {
        assert_eq!(split_guc_list("  "), Some(vec![]));
        assert_eq!(split_guc_list("a,"), None);
        assert_eq!(split_guc_list("\"unterminated"), None);
        assert_eq!(split_guc_list("a b"), None);
        assert_eq!(
            split_guc_list(" a ,\"B, c\",  \"x\"\"y\" ").unwrap(),
            ["a", "B, c", "x\"y"].map(str::to_owned)
        );
        assert!(is_list_quote_setting("Search_Path"));
        assert!(!is_list_quote_setting("work_mem"));
        // A function's SET clause quotes without E'…'; a list that does not parse is empty.
        assert_eq!(setting_value("search_path", "a, \"b\\c\"", quote_literal), "'a', 'b\\c'");
        assert_eq!(setting_value("search_path", "a,", quote_literal), "");
        assert_eq!(setting_value("work_mem", "a, b", quote_literal), "'a, b'");
        assert_eq!(setting_value("search_path", "\"b\\c\"", quote_literal_e), "E'b\\\\c'");
    }
}
