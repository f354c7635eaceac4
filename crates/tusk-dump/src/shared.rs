//! The SQL of shared (cluster-wide) objects that pg_dump and pg_dumpall write alike: the
//! GRANT/REVOKE commands of a database's, tablespace's or configuration parameter's ACL,
//! `ALTER ROLE|DATABASE … SET` commands from `pg_db_role_setting` entries, security labels
//! of shared objects, and role name patterns.
//!
//! `tusk dump` uses it for the DATABASE, ACL and DATABASE PROPERTIES entries of the dumped
//! database; `tusk-globals` for roles, tablespaces and parameter privileges.

use tusk_pg::quote::{quote_ident, quote_literal_e};

use crate::error::DumpError;

/// An ACL string the rules below cannot read (an `aclitem` without `=` or `/`, or an object
/// kind without privileges known here).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not parse the ACL item \"{item}\" of a {kind}")]
pub struct AclParseError {
    /// The object kind (`DATABASE`, `TABLESPACE`, `PARAMETER`).
    pub kind: String,
    /// The item that could not be read.
    pub item: String,
}

/// The privilege letters of an `aclitem` and their keywords for each shared object kind, in
/// the order pg_dump lists them.
fn privilege_codes(kind: &str) -> Option<&'static [(char, &'static str)]> {
    match kind {
        "DATABASE" => Some(&[('C', "CREATE"), ('c', "CONNECT"), ('T', "TEMPORARY")]),
        "TABLESPACE" => Some(&[('C', "CREATE")]),
        "PARAMETER" => Some(&[('s', "SET"), ('A', "ALTER SYSTEM")]),
        _ => None,
    }
}

/// A role name at the start of `s` as the server writes it inside an `aclitem` (quoted with
/// `"` when it holds anything but letters, digits and `_`; `""` for a quote), up to an
/// unquoted `=` or `/`; returns the name and the rest.
fn acl_role(s: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c == '=' || c == '/' {
            return (out, &s[i..]);
        }
        chars.next();
        if c != '"' {
            out.push(c);
            continue;
        }
        while let Some((_, c)) = chars.next() {
            if c == '"' {
                if chars.peek().is_some_and(|&(_, n)| n == '"') {
                    chars.next();
                    out.push('"');
                    continue;
                }
                break;
            }
            out.push(c);
        }
    }
    (out, "")
}

/// One `aclitem`: grantee (empty: PUBLIC), grantor, the privileges granted without and with
/// grant option as keyword lists (`ALL` when every privilege of the kind is there alike).
#[derive(Debug)]
struct AclItem {
    grantee: String,
    grantor: String,
    privs: String,
    privs_wgo: String,
}

/// Reads `item`; with `split_grant_option` false every privilege goes to `privs` (what a
/// REVOKE needs).
fn parse_acl_item(item: &str, codes: &[(char, &str)], split_grant_option: bool) -> Option<AclItem> {
    let (grantee, rest) = acl_role(item);
    let rest = rest.strip_prefix('=')?;
    let (privs, grantor) = rest.split_once('/')?;
    let (grantor, tail) = acl_role(grantor);
    if !tail.is_empty() {
        return None;
    }
    let mut p: Vec<&str> = Vec::new();
    let mut pw: Vec<&str> = Vec::new();
    let (mut all_with_go, mut all_without_go) = (true, true);
    for &(code, keyword) in codes {
        match privs.find(code) {
            Some(pos) if split_grant_option && privs[pos + code.len_utf8()..].starts_with('*') => {
                pw.push(keyword);
                all_without_go = false;
            }
            Some(_) => {
                p.push(keyword);
                all_with_go = false;
            }
            None => {
                all_with_go = false;
                all_without_go = false;
            }
        }
    }
    let (privs, privs_wgo) = if all_with_go {
        (String::new(), "ALL".to_owned())
    } else if all_without_go {
        ("ALL".to_owned(), String::new())
    } else {
        (p.join(","), pw.join(","))
    };
    Some(AclItem { grantee, grantor, privs, privs_wgo })
}

/// The GRANT and REVOKE commands that turn `base` (the kind's default ACL for the owner,
/// `acldefault()`) into `acl` on the shared object `kind name` (`name` already quoted), as
/// pg_dump writes them: REVOKEs of the default's items that are gone, then GRANTs of the
/// items that are new, the owner's own grants first; a grant made by another role than the
/// owner is wrapped in `SET SESSION AUTHORIZATION`/`RESET SESSION AUTHORIZATION`.
///
/// `acl` is `None` when the catalog's ACL is NULL (the default: nothing to write); an empty
/// list means every privilege was revoked.
pub fn acl_commands(
    kind: &str,
    name: &str,
    acl: Option<&[String]>,
    base: &[String],
    owner: &str,
) -> Result<String, AclParseError> {
    let Some(acl) = acl else { return Ok(String::new()) };
    let error = |item: &str| AclParseError { kind: kind.to_owned(), item: item.to_owned() };
    let codes = privilege_codes(kind).ok_or_else(|| error(""))?;
    let who = |grantee: &str| {
        if grantee.is_empty() { "PUBLIC".to_owned() } else { quote_ident(grantee).into_owned() }
    };
    let mut first = String::new();
    let mut second = String::new();
    for item in base.iter().filter(|b| !acl.contains(b)) {
        let it = parse_acl_item(item, codes, false).ok_or_else(|| error(item))?;
        if !it.privs.is_empty() {
            first.push_str(&format!(
                "REVOKE {} ON {kind} {name} FROM {};\n",
                it.privs,
                who(&it.grantee)
            ));
        }
    }
    for item in acl.iter().filter(|a| !base.contains(a)) {
        let mut it = parse_acl_item(item, codes, true).ok_or_else(|| error(item))?;
        if it.privs.is_empty() && it.privs_wgo.is_empty() {
            continue;
        }
        if it.grantor.is_empty() && !owner.is_empty() {
            owner.clone_into(&mut it.grantor);
        }
        let out = if !owner.is_empty() && it.grantee == owner && it.grantor == owner {
            &mut first
        } else {
            &mut second
        };
        let as_other = !it.grantor.is_empty() && it.grantor != owner;
        if as_other {
            out.push_str(&format!("SET SESSION AUTHORIZATION {};\n", quote_ident(&it.grantor)));
        }
        if !it.privs.is_empty() {
            out.push_str(&format!(
                "GRANT {} ON {kind} {name} TO {};\n",
                it.privs,
                who(&it.grantee)
            ));
        }
        if !it.privs_wgo.is_empty() {
            out.push_str(&format!(
                "GRANT {} ON {kind} {name} TO {} WITH GRANT OPTION;\n",
                it.privs_wgo,
                who(&it.grantee)
            ));
        }
        if as_other {
            out.push_str("RESET SESSION AUTHORIZATION;\n");
        }
    }
    Ok(first + &second)
}

/// Settings whose values the server stores as a list of quoted elements (`GUC_LIST_QUOTE`);
/// pg_dump knows the same fixed list.
fn is_list_quote_setting(name: &str) -> bool {
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

/// The elements of a `GUC_LIST_QUOTE` setting's stored value (`a, "b c"`), `None` on bad
/// syntax.
pub fn split_setting_list(raw: &str) -> Option<Vec<String>> {
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

/// The `ALTER {kind} name [IN {in_kind} in_name] SET var TO value;` command for one
/// `name=value` item of a `pg_db_role_setting.setconfig` array, as pg_dump writes it (list
/// settings such as `search_path` element by element; a value with a backslash as `E'…'`,
/// as libpq's quoting for a connection does). `None` for an item without `=` (pg_dump skips
/// it too).
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
    if is_list_quote_setting(var) {
        if let Some(elements) = split_setting_list(value) {
            let quoted: Vec<String> = elements.iter().map(|e| quote_literal_e(e)).collect();
            out.push_str(&quoted.join(", "));
        }
    } else {
        out.push_str(&quote_literal_e(value));
    }
    out.push_str(";\n");
    Some(out)
}

/// `SECURITY LABEL FOR provider ON kind name IS 'label';` for a shared object (a label with
/// a backslash as `E'…'`).
pub fn security_label_command(kind: &str, name: &str, provider: &str, label: &str) -> String {
    format!(
        "SECURITY LABEL FOR {} ON {kind} {} IS {};\n",
        quote_ident(provider),
        quote_ident(name),
        quote_literal_e(label)
    )
}

/// The regular expression (for the server's `~`) of a role name pattern, with pg_dump's
/// pattern rules (`*`, `?`, double quotes, unquoted letters folded to lower case). A role
/// name has one part, so a pattern with an unquoted dot is an error, as pg_dumpall's
/// `--exclude-database` says.
pub fn role_pattern_regex(pattern: &str) -> Result<String, DumpError> {
    let mut parts = crate::filter::pattern_parts(pattern);
    match parts.pop() {
        Some(regex) if parts.is_empty() => Ok(regex),
        _ => Err(DumpError::Pattern {
            pattern: pattern.to_owned(),
            reason: "improper qualified name (too many dotted names)",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn database_acl_as_pg_dump_writes_it() {
        let base = items(&["=Tc/postgres", "postgres=CTc/postgres"]);
        let acl = items(&["=c/postgres", "postgres=CTc/postgres", "grp=Cc/postgres"]);
        let sql = acl_commands("DATABASE", "app", Some(&acl), &base, "postgres").unwrap();
        assert_eq!(
            sql,
            "REVOKE CONNECT,TEMPORARY ON DATABASE app FROM PUBLIC;\n\
             GRANT CONNECT ON DATABASE app TO PUBLIC;\n\
             GRANT CREATE,CONNECT ON DATABASE app TO grp;\n"
        );
        assert_eq!(acl_commands("DATABASE", "app", None, &base, "postgres").unwrap(), "");
    }

    #[test]
    fn grant_options_grantors_and_quoted_names() {
        let base = items(&["grp=C/grp"]);
        let acl = items(&["grp=C/grp", "\"we\"\"ird role\"=C*/grp", "x=C/\"Other\""]);
        let sql = acl_commands("TABLESPACE", "\"t s\"", Some(&acl), &base, "grp").unwrap();
        assert_eq!(
            sql,
            "GRANT ALL ON TABLESPACE \"t s\" TO \"we\"\"ird role\" WITH GRANT OPTION;\n\
             SET SESSION AUTHORIZATION \"Other\";\n\
             GRANT ALL ON TABLESPACE \"t s\" TO x;\n\
             RESET SESSION AUTHORIZATION;\n"
        );
        let base = items(&["postgres=sA/postgres"]);
        let acl = items(&["postgres=sA/postgres", "grp=A*s/postgres"]);
        let sql = acl_commands("PARAMETER", "work_mem", Some(&acl), &base, "postgres").unwrap();
        assert_eq!(
            sql,
            "GRANT SET ON PARAMETER work_mem TO grp;\n\
             GRANT ALTER SYSTEM ON PARAMETER work_mem TO grp WITH GRANT OPTION;\n"
        );
        assert!(acl_commands("TABLESPACE", "t", Some(&items(&["nonsense"])), &[], "o").is_err());
    }

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
        assert_eq!(split_setting_list("  "), Some(vec![]));
        assert_eq!(split_setting_list("a,"), None);
    }

    #[test]
    fn role_patterns() {
        assert_eq!(role_pattern_regex("App*").unwrap(), "^(app.*)$");
        assert_eq!(role_pattern_regex("\"A.b\"").unwrap(), "^(A\\.b)$");
        assert!(role_pattern_regex("a.b").is_err());
    }
}
