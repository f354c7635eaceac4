//! Quoting of identifiers and literals for the SQL text tusk sends to or writes for PostgreSQL.
//!
//! **Invariant:** all SQL text tusk builds quotes identifiers and literals through this module.
//! Nothing else in the workspace puts `"` or `'` around a name or a value by hand.
//!
//! # Identifiers
//!
//! The rule is the one of the server's `quote_ident()` function and of pg_dump's `fmtId()`
//! (without `--quote-all-identifiers`): a name is written as it is if and only if
//!
//! - it is not empty,
//! - its first byte is `a`–`z` or `_`, and every other byte is `a`–`z`, `0`–`9` or `_`
//!   (so an upper-case letter, a `$`, a space or any non-ASCII character means quotes), and
//! - it is not a keyword of a category other than unreserved
//!   ([`KeywordCategory::requires_quoting`]);
//!
//! otherwise it is wrapped in double quotes, with every `"` inside doubled. Quoting never
//! changes what a name means, so quoting more than needed is always correct SQL.
//!
//! Keywords depend on the server major: [`quote_ident_for`] uses the list of one major, while
//! [`quote_ident`] quotes every word that needs quotes in *any* known major (13 to 18), so its
//! output is valid on all of them (a dump taken from one major is restored into another).
//! Today that is exactly the list of 18, because no keyword has yet become less restricted.
//! The keyword lists come from PostgreSQL's `src/include/parser/kwlist.h` of 13.8, 14.6, 15.1,
//! 16.1, 17.7 and 18.6 (see [`Keywords`]); a major outside 13–18 is clamped to that range.
//!
//! One quirk of the grammar that this rule (the server's too) does not cover: an unqualified
//! `operator(` starts the `OPERATOR(schema.op)` construct, so a function named `operator`
//! cannot be called as `operator()`. Write function calls schema-qualified, as tusk (like
//! pg_dump) does anyway; after a `.` every keyword is accepted.
//!
//! Quoting does not shorten names: the server truncates an identifier longer than
//! [`MAX_IDENTIFIER_BYTES`] bytes (at a character boundary) and warns. Names read from a
//! catalog are never longer.
//!
//! # Literals
//!
//! - [`quote_literal`] writes `'…'` with every `'` doubled and nothing else changed. That is
//!   correct when `standard_conforming_strings` is `on`, which tusk always sets on its
//!   sessions and writes at the top of every SQL script it produces (and which is the
//!   server's default). Use it for all SQL tusk sends or writes under that setting.
//! - [`quote_literal_e`] is correct whatever `standard_conforming_strings` is: if the text has
//!   a backslash it writes `E'…'` with every `\` and `'` doubled, otherwise the same as
//!   [`quote_literal`]. Its output is byte for byte what the server's `quote_literal()`
//!   function returns. Use it for text whose reader's setting is unknown (e.g. a script that
//!   may be run after `SET standard_conforming_strings = off`).
//!
//! # NUL
//!
//! PostgreSQL text and names cannot contain the NUL character (U+0000). The plain functions
//! never panic and copy a NUL through unchanged; SQL containing one is refused whole (by
//! tokio-postgres before sending, by the server's protocol check otherwise) and can never be
//! read as some other statement. Where the text comes from outside the database (a command
//! line, a file), use the `_checked` variants ([`quote_ident_checked`],
//! [`quote_literal_checked`]) or [`check_no_nul`] to report the problem early.

use std::borrow::Cow;
use std::fmt;

use crate::keywords::requires_quoting_in_any_major;
pub use crate::keywords::{KeywordCategory, Keywords, keyword_category};

/// The longest identifier the server keeps, in bytes (`NAMEDATALEN - 1`); longer names are
/// truncated by the server.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// Text that cannot be quoted because it contains a NUL character, which PostgreSQL text and
/// names cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("text contains a NUL character at byte {offset}; PostgreSQL text cannot hold one")]
pub struct ContainsNul {
    /// The byte offset of the first NUL.
    pub offset: usize,
}

/// Returns an error if `text` contains a NUL character.
pub fn check_no_nul(text: &str) -> Result<(), ContainsNul> {
    match text.bytes().position(|b| b == 0) {
        Some(offset) => Err(ContainsNul { offset }),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------

/// Whether `name` has only the characters an unquoted identifier may have and starts with a
/// letter or `_` (keywords aside).
fn is_plain_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_lowercase() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether [`quote_ident`] puts `name` in double quotes: not a plain lower-case identifier, or
/// a keyword that needs quotes in any known major.
pub fn ident_needs_quotes(name: &str) -> bool {
    !is_plain_identifier(name) || requires_quoting_in_any_major(name)
}

/// Whether [`quote_ident_for`] puts `name` in double quotes for server major `server_major`.
pub fn ident_needs_quotes_for(name: &str, server_major: u32) -> bool {
    !is_plain_identifier(name)
        || Keywords::for_major(server_major)
            .category(name)
            .is_some_and(KeywordCategory::requires_quoting)
}

/// `name` as an SQL identifier, quoted if needed, valid for every known server major.
///
/// `quote_ident("a")` is `a`; `quote_ident("A")` is `"A"`; `quote_ident("select")` is
/// `"select"`; `quote_ident("a\"b")` is `"a""b"`; `quote_ident("")` is `""`. Borrows `name`
/// when it needs no quotes.
pub fn quote_ident(name: &str) -> Cow<'_, str> {
    if ident_needs_quotes(name) { Cow::Owned(force_quoted(name)) } else { Cow::Borrowed(name) }
}

/// `name` as an SQL identifier for server major `server_major` (e.g. `15`): exactly what that
/// server's `SELECT quote_ident(name)` returns.
pub fn quote_ident_for(name: &str, server_major: u32) -> Cow<'_, str> {
    if ident_needs_quotes_for(name, server_major) {
        Cow::Owned(force_quoted(name))
    } else {
        Cow::Borrowed(name)
    }
}

/// [`quote_ident`], refusing a name that contains a NUL character.
pub fn quote_ident_checked(name: &str) -> Result<Cow<'_, str>, ContainsNul> {
    check_no_nul(name)?;
    Ok(quote_ident(name))
}

/// `name` always in double quotes (inner `"` doubled), as pg_dump's
/// `--quote-all-identifiers` writes names.
pub fn quote_ident_always(name: &str) -> String {
    force_quoted(name)
}

/// Appends [`quote_ident`]`(name)` to `out`.
pub fn push_ident(out: &mut String, name: &str) {
    if ident_needs_quotes(name) {
        push_delimited(out, name, '"');
    } else {
        out.push_str(name);
    }
}

/// Appends [`quote_ident_for`]`(name, server_major)` to `out`.
pub fn push_ident_for(out: &mut String, name: &str, server_major: u32) {
    if ident_needs_quotes_for(name, server_major) {
        push_delimited(out, name, '"');
    } else {
        out.push_str(name);
    }
}

/// `schema.name`, each part quoted by [`quote_ident`]: `quote_qualified("public", "T")` is
/// `public."T"`.
pub fn quote_qualified(schema: &str, name: &str) -> String {
    let mut out = String::with_capacity(schema.len() + name.len() + 5);
    push_qualified(&mut out, schema, name);
    out
}

/// Appends [`quote_qualified`]`(schema, name)` to `out`.
pub fn push_qualified(out: &mut String, schema: &str, name: &str) {
    push_ident(out, schema);
    out.push('.');
    push_ident(out, name);
}

fn force_quoted(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_delimited(&mut out, name, '"');
    out
}

/// Appends `text` between two `delim`s with every `delim` inside doubled.
fn push_delimited(out: &mut String, text: &str, delim: char) {
    out.reserve(text.len() + 2);
    out.push(delim);
    let mut parts = text.split(delim);
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push(delim);
        out.push(delim);
        out.push_str(part);
    }
    out.push(delim);
}

/// Writes `text` between two `delim`s with every `delim` inside doubled.
fn write_delimited<W: fmt::Write + ?Sized>(out: &mut W, text: &str, delim: char) -> fmt::Result {
    out.write_char(delim)?;
    let mut parts = text.split(delim);
    if let Some(first) = parts.next() {
        out.write_str(first)?;
    }
    for part in parts {
        out.write_char(delim)?;
        out.write_char(delim)?;
        out.write_str(part)?;
    }
    out.write_char(delim)
}

/// Displays a name as [`quote_ident`] quotes it, for `write!`/`format!` into SQL text:
/// `format!("DROP TABLE {}", Ident("my table"))` is `DROP TABLE "my table"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ident<'a>(pub &'a str);

impl fmt::Display for Ident<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if ident_needs_quotes(self.0) {
            write_delimited(f, self.0, '"')
        } else {
            f.write_str(self.0)
        }
    }
}

/// Displays `schema.name` as [`quote_qualified`] quotes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qualified<'a>(pub &'a str, pub &'a str);

impl fmt::Display for Qualified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", Ident(self.0), Ident(self.1))
    }
}

// ---------------------------------------------------------------------------------------------
// Literals
// ---------------------------------------------------------------------------------------------

/// `value` as a string literal for a session with `standard_conforming_strings = on`:
/// `'…'` with every `'` doubled, backslashes left alone. `quote_literal("it's")` is
/// `'it''s'`; `quote_literal(r"a\b")` is `'a\b'`.
///
/// Wrong under `standard_conforming_strings = off`; see the [module note](self) for when to
/// use [`quote_literal_e`] instead.
pub fn quote_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    push_delimited(&mut out, value, '\'');
    out
}

/// Appends [`quote_literal`]`(value)` to `out`.
pub fn push_literal(out: &mut String, value: &str) {
    push_delimited(out, value, '\'');
}

/// [`quote_literal`], refusing text that contains a NUL character.
pub fn quote_literal_checked(value: &str) -> Result<String, ContainsNul> {
    check_no_nul(value)?;
    Ok(quote_literal(value))
}

/// `value` as a string literal that is correct whatever `standard_conforming_strings` is, as
/// the server's `quote_literal()` function writes it: text with a backslash becomes `E'…'`
/// with every `\` and `'` doubled (`quote_literal_e(r"a\b")` is `E'a\\b'`); other text is
/// written as [`quote_literal`] does.
pub fn quote_literal_e(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 3);
    push_literal_e(&mut out, value);
    out
}

/// Appends [`quote_literal_e`]`(value)` to `out`.
pub fn push_literal_e(out: &mut String, value: &str) {
    if !value.contains('\\') {
        push_delimited(out, value, '\'');
        return;
    }
    out.reserve(value.len() + 4);
    out.push_str("E'");
    let mut rest = value;
    // Both characters to double are ASCII, so every split point is a character boundary.
    while let Some(i) = rest.find(['\'', '\\']) {
        let (head, tail) = rest.split_at(i + 1);
        out.push_str(head);
        out.push_str(&head[i..]);
        rest = tail;
    }
    out.push_str(rest);
    out.push('\'');
}

/// `body` as a dollar-quoted string constant, as pg_dump writes function bodies: the delimiter
/// is `$$`, or `$_$`, `$_X$`, … — the first whose opening part (`$`, `$_`, `$_X`, …) does not
/// occur in `body`. Correct under any `standard_conforming_strings`, and nothing in `body` is
/// escaped. `quote_dollar("SELECT 1")` is `$$SELECT 1$$`; `quote_dollar("a$b")` is
/// `$_$a$b$_$`.
pub fn quote_dollar(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 8);
    push_dollar(&mut out, body);
    out
}

/// Appends [`quote_dollar`]`(body)` to `out`.
pub fn push_dollar(out: &mut String, body: &str) {
    const SUFFIXES: &[u8] = b"_XXXXXXX";
    let mut delim = String::from("$");
    let mut next = 0;
    // Each round makes the delimiter longer, so this ends once it is longer than the body.
    while body.contains(delim.as_str()) {
        delim.push(char::from(SUFFIXES[next % SUFFIXES.len()]));
        next += 1;
    }
    delim.push('$');
    out.reserve(body.len() + 2 * delim.len());
    out.push_str(&delim);
    out.push_str(body);
    out.push_str(&delim);
}

/// Displays text as [`quote_literal`] quotes it (for `standard_conforming_strings = on`):
/// `format!("COMMENT ON TABLE t IS {}", Literal("it's"))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Literal<'a>(pub &'a str);

impl fmt::Display for Literal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_delimited(f, self.0, '\'')
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dollar_quotes_pick_a_delimiter_absent_from_the_body() {
        assert_eq!(quote_dollar("SELECT 1"), "$$SELECT 1$$");
        assert_eq!(quote_dollar(""), "$$$$");
        assert_eq!(quote_dollar("a$b"), "$_$a$b$_$");
        assert_eq!(quote_dollar("$_ and $"), "$_X$$_ and $$_X$");
        assert_eq!(quote_dollar("$_X$_XX"), "$_XXX$$_X$_XX$_XXX$");
    }

    use super::*;

    #[test]
    fn identifiers() {
        let cases = [
            ("a", "a"),
            ("A", "\"A\""),
            ("a b", "\"a b\""),
            ("a\"b", "\"a\"\"b\""),
            ("\"", "\"\"\"\""),
            ("\"\"", "\"\"\"\"\"\""),
            ("1a", "\"1a\""),
            ("a1", "a1"),
            ("_x", "_x"),
            ("_", "_"),
            ("x$", "\"x$\""),
            ("é", "\"é\""),
            ("aé", "\"aé\""),
            ("", "\"\""),
            ("select", "\"select\""),
            ("Select", "\"Select\""),
            ("user", "\"user\""),
            ("between", "\"between\""),
            ("authorization", "\"authorization\""),
            ("name", "name"),
            ("abort", "abort"),
            ("selects", "selects"),
            ("a.b", "\"a.b\""),
            ("a-b", "\"a-b\""),
            ("a\nb", "\"a\nb\""),
            ("a'b", "\"a'b\""),
            ("a\\b", "\"a\\b\""),
        ];
        for (name, quoted) in cases {
            assert_eq!(quote_ident(name), quoted, "{name:?}");
            assert_eq!(quote_ident_for(name, 15), quoted, "{name:?}");
            assert_eq!(Ident(name).to_string(), quoted, "{name:?}");
            let mut s = String::from("x ");
            push_ident(&mut s, name);
            assert_eq!(s, format!("x {quoted}"));
            let mut s = String::new();
            push_ident_for(&mut s, name, 13);
            assert_eq!(s, quoted);
            assert_eq!(ident_needs_quotes(name), quoted != name);
        }
    }

    #[test]
    fn borrows_when_unquoted() {
        assert!(matches!(quote_ident("abc"), Cow::Borrowed("abc")));
        assert!(matches!(quote_ident_for("abc", 15), Cow::Borrowed("abc")));
        assert!(matches!(quote_ident("Abc"), Cow::Owned(_)));
    }

    #[test]
    fn identifiers_of_63_bytes_and_more() {
        let plain = "a".repeat(63);
        assert_eq!(quote_ident(&plain), plain);
        let long = "b".repeat(64);
        assert_eq!(quote_ident(&long), long, "quoting never truncates");
        let upper = "C".repeat(63);
        assert_eq!(quote_ident(&upper), format!("\"{upper}\""));
        let quotes = "\"".repeat(63);
        assert_eq!(quote_ident(&quotes), format!("\"{}\"", "\"".repeat(126)));
    }

    #[test]
    fn every_keyword_by_category() {
        for major in Keywords::OLDEST_MAJOR..=Keywords::NEWEST_MAJOR {
            for (word, category) in Keywords::for_major(major).iter() {
                let quoted = quote_ident_for(word, major);
                if category.requires_quoting() {
                    assert_eq!(quoted, format!("\"{word}\""), "{word} in {major}");
                    assert_eq!(quote_ident(word), quoted, "{word}");
                } else {
                    assert_eq!(quoted, word, "{word} in {major}");
                }
                // Upper case is quoted whatever the category.
                let upper = word.to_ascii_uppercase();
                assert_eq!(quote_ident_for(&upper, major), format!("\"{upper}\""));
            }
        }
    }

    #[test]
    fn version_specific_keywords() {
        // system_user became reserved in 16, json a col_name keyword in 17.
        assert_eq!(quote_ident_for("system_user", 15), "system_user");
        assert_eq!(quote_ident_for("system_user", 16), "\"system_user\"");
        assert_eq!(quote_ident_for("json", 16), "json");
        assert_eq!(quote_ident_for("json", 17), "\"json\"");
        assert_eq!(quote_ident_for("json_table", 16), "json_table");
        assert_eq!(quote_ident_for("json_table", 17), "\"json_table\"");
        assert_eq!(quote_ident_for("json_array", 15), "json_array");
        assert_eq!(quote_ident_for("json_array", 16), "\"json_array\"");
        // The version-independent form quotes all of them.
        for w in ["system_user", "json", "json_table", "json_array", "merge_action"] {
            assert_eq!(quote_ident(w), format!("\"{w}\""));
        }
        // New unreserved keywords need no quotes anywhere.
        for w in ["virtual", "enforced", "period", "objects", "merge", "recheck"] {
            assert_eq!(quote_ident(w), w);
        }
    }

    #[test]
    fn qualified_names() {
        assert_eq!(quote_qualified("public", "t"), "public.t");
        assert_eq!(quote_qualified("My Schema", "T"), "\"My Schema\".\"T\"");
        assert_eq!(quote_qualified("user", "select"), "\"user\".\"select\"");
        assert_eq!(quote_qualified("a.b", "c"), "\"a.b\".c");
        assert_eq!(Qualified("s", "Tab").to_string(), "s.\"Tab\"");
        let mut s = String::from("ALTER TABLE ");
        push_qualified(&mut s, "public", "x\"y");
        assert_eq!(s, "ALTER TABLE public.\"x\"\"y\"");
    }

    #[test]
    fn always_quoted() {
        assert_eq!(quote_ident_always("a"), "\"a\"");
        assert_eq!(quote_ident_always("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_ident_always(""), "\"\"");
    }

    #[test]
    fn literals() {
        let cases = [
            ("", "''", "''"),
            ("a", "'a'", "'a'"),
            ("'", "''''", "''''"),
            ("it's", "'it''s'", "'it''s'"),
            ("''", "''''''", "''''''"),
            ("\\", "'\\'", "E'\\\\'"),
            ("a\\b'c", "'a\\b''c'", "E'a\\\\b''c'"),
            ("\\'", "'\\'''", "E'\\\\'''"),
            ("é ü 日本 🐘", "'é ü 日本 🐘'", "'é ü 日本 🐘'"),
            ("\\é'🐘\\", "'\\é''🐘\\'", "E'\\\\é''🐘\\\\'"),
            ("\"", "'\"'", "'\"'"),
            ("a\nb\tc", "'a\nb\tc'", "'a\nb\tc'"),
        ];
        for (value, plain, e) in cases {
            assert_eq!(quote_literal(value), plain, "{value:?}");
            assert_eq!(Literal(value).to_string(), plain, "{value:?}");
            let mut s = String::from("x");
            push_literal(&mut s, value);
            assert_eq!(s, format!("x{plain}"));
            assert_eq!(quote_literal_e(value), e, "{value:?}");
            let mut s = String::from("x");
            push_literal_e(&mut s, value);
            assert_eq!(s, format!("x{e}"));
        }
    }

    #[test]
    fn nul_is_copied_or_refused() {
        assert_eq!(quote_literal("a\0b"), "'a\0b'");
        assert_eq!(quote_literal_e("a\0\\"), "E'a\0\\\\'");
        assert_eq!(quote_ident("a\0"), "\"a\0\"");
        assert_eq!(check_no_nul("abc"), Ok(()));
        assert_eq!(check_no_nul("ab\0c"), Err(ContainsNul { offset: 2 }));
        assert_eq!(quote_literal_checked("\0"), Err(ContainsNul { offset: 0 }));
        assert_eq!(quote_literal_checked("it's").as_deref(), Ok("'it''s'"));
        assert_eq!(quote_ident_checked("x\0"), Err(ContainsNul { offset: 1 }));
        assert_eq!(quote_ident_checked("X").as_deref(), Ok("\"X\""));
        assert_eq!(
            ContainsNul { offset: 3 }.to_string(),
            "text contains a NUL character at byte 3; PostgreSQL text cannot hold one"
        );
    }
}
