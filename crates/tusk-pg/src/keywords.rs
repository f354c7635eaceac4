//! PostgreSQL's SQL keywords and their categories, for server majors 13 to 18.
//!
//! The data below was written for tusk from the keyword list of the PostgreSQL sources,
//! `src/include/parser/kwlist.h`, of each major, read from these releases: 13.8, 14.6, 15.1,
//! 16.1, 17.7 and 18.6 (the copies vendored unmodified by libpg_query; 17rc1 was read too and
//! is identical to 17.7). Minor releases never change a keyword list, so one release stands
//! for its whole major. It is the same information a server reports through
//! `SELECT word, catcode FROM pg_get_keywords()`; the integration tests compare the two for
//! the server they run against.
//!
//! Format: one slice of entries `(word, category, first major, last major)`, sorted by word and
//! then by first major. A word whose category changed between majors has one entry per
//! category, with non-overlapping major ranges (`json` was unreserved in 16 and is a
//! `col_name` keyword from 17 on); a word that was dropped has a `last major` below
//! [`Keywords::NEWEST_MAJOR`] (`recheck`, gone in 18). The order and the ranges are checked
//! when the crate compiles.
//!
//! Adding a major: read its `kwlist.h`; for each word still listed with the same category,
//! raise `last` of its entry; add entries for new words and for words whose category changed;
//! raise [`Keywords::NEWEST_MAJOR`]; add the major's counts to the unit tests.

use std::fmt;

/// The category of an SQL keyword, which decides where the word may be used as a name.
///
/// The order is from least to most restricted; only [`Unreserved`](Self::Unreserved)
/// keywords may be written as plain (unquoted) identifiers everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeywordCategory {
    /// Usable as any kind of name without quotes (`pg_get_keywords()` catcode `U`).
    Unreserved,
    /// Usable as a column name but not as a function or type name (catcode `C`).
    ColName,
    /// Usable as a function or type name but not as a column name (catcode `T`).
    TypeFuncName,
    /// Fully reserved: usable as a name only when quoted (catcode `R`).
    Reserved,
}

impl KeywordCategory {
    /// All categories, least restricted first.
    pub const ALL: [KeywordCategory; 4] = [
        KeywordCategory::Unreserved,
        KeywordCategory::ColName,
        KeywordCategory::TypeFuncName,
        KeywordCategory::Reserved,
    ];

    /// The one-letter code `pg_get_keywords()` reports in its `catcode` column.
    pub const fn catcode(self) -> char {
        match self {
            KeywordCategory::Unreserved => 'U',
            KeywordCategory::ColName => 'C',
            KeywordCategory::TypeFuncName => 'T',
            KeywordCategory::Reserved => 'R',
        }
    }

    /// The category with this `pg_get_keywords()` catcode, if any.
    pub const fn from_catcode(code: char) -> Option<Self> {
        match code {
            'U' => Some(KeywordCategory::Unreserved),
            'C' => Some(KeywordCategory::ColName),
            'T' => Some(KeywordCategory::TypeFuncName),
            'R' => Some(KeywordCategory::Reserved),
            _ => None,
        }
    }

    /// Whether a name spelled like a keyword of this category must be double-quoted to be
    /// read as a name (true for every category but [`Unreserved`](Self::Unreserved)).
    pub const fn requires_quoting(self) -> bool {
        !matches!(self, KeywordCategory::Unreserved)
    }

    /// The lower-case name PostgreSQL's sources use for the category (`unreserved`,
    /// `col_name`, `type_func_name`, `reserved`).
    pub const fn as_str(self) -> &'static str {
        match self {
            KeywordCategory::Unreserved => "unreserved",
            KeywordCategory::ColName => "col_name",
            KeywordCategory::TypeFuncName => "type_func_name",
            KeywordCategory::Reserved => "reserved",
        }
    }
}

impl fmt::Display for KeywordCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The keyword list of one PostgreSQL server major.
///
/// ```ignore
/// let kw = Keywords::for_major(15);
/// assert_eq!(kw.category("select"), Some(KeywordCategory::Reserved));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Keywords {
    major: u8,
}

impl Keywords {
    /// The oldest server major whose keyword list is known.
    pub const OLDEST_MAJOR: u32 = 13;
    /// The newest server major whose keyword list is known.
    pub const NEWEST_MAJOR: u32 = 18;

    /// The keyword list of server major `server_major` (e.g. `15`; the major of
    /// `server_version_num` is `server_version_num / 10000`).
    ///
    /// A major outside [`OLDEST_MAJOR`](Self::OLDEST_MAJOR)..=[`NEWEST_MAJOR`](Self::NEWEST_MAJOR)
    /// is clamped into that range: an older server gets the oldest known list, a newer one the
    /// newest (words a newer server has made keywords are then not known here).
    pub const fn for_major(server_major: u32) -> Keywords {
        let major = if server_major < Self::OLDEST_MAJOR {
            Self::OLDEST_MAJOR
        } else if server_major > Self::NEWEST_MAJOR {
            Self::NEWEST_MAJOR
        } else {
            server_major
        };
        // In range 13..=18, so the cast is lossless.
        Keywords { major: major as u8 }
    }

    /// The keyword list of the newest known major.
    pub const fn newest() -> Keywords {
        Keywords::for_major(Self::NEWEST_MAJOR)
    }

    /// The server major this list is for (after clamping).
    pub const fn major(self) -> u32 {
        self.major as u32
    }

    /// The category of `word` in this major, or `None` if it is not a keyword there.
    ///
    /// ASCII letters are compared case-insensitively, as the server's lexer does (`SELECT`
    /// and `select` are the same keyword); other characters never match.
    pub fn category(self, word: &str) -> Option<KeywordCategory> {
        entries(word)
            .iter()
            .find(|e| e.first <= self.major && self.major <= e.last)
            .map(|e| e.category)
    }

    /// Every keyword of this major with its category, in ascending byte order of the words
    /// (the order of `pg_get_keywords()`).
    pub fn iter(self) -> impl Iterator<Item = (&'static str, KeywordCategory)> {
        KEYWORDS
            .iter()
            .filter(move |e| e.first <= self.major && self.major <= e.last)
            .map(|e| (e.word, e.category))
    }
}

/// The category of `word` in server major `server_major`, or `None` if it is not a keyword
/// there: `keyword_category("select", 15) == Some(KeywordCategory::Reserved)`.
///
/// Shorthand for [`Keywords::for_major`]`(server_major).`[`category`](Keywords::category)`(word)`;
/// the same clamping of the major and case rules apply.
pub fn keyword_category(word: &str, server_major: u32) -> Option<KeywordCategory> {
    Keywords::for_major(server_major).category(word)
}

/// Whether `word` is a keyword of a category other than unreserved in at least one known
/// major (13 to 18): the test the version-independent identifier quoting uses. Case rules as
/// [`Keywords::category`].
pub(crate) fn requires_quoting_in_any_major(word: &str) -> bool {
    entries(word).iter().any(|e| e.category.requires_quoting())
}

/// One keyword in a range of majors.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Lower-case ASCII.
    word: &'static str,
    category: KeywordCategory,
    /// First and last major (inclusive) in which `word` has `category`.
    first: u8,
    last: u8,
}

/// The entries for `word` (ASCII-case-insensitive), all majors; empty if it is no keyword.
fn entries(word: &str) -> &'static [Entry] {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_WORD_LEN {
        return &[];
    }
    let mut buf = [0u8; MAX_WORD_LEN];
    let lower = &mut buf[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    let lower: &[u8] = lower;
    let start = KEYWORDS.partition_point(|e| e.word.as_bytes() < lower);
    let rest = &KEYWORDS[start..];
    let len = rest.iter().take_while(|e| e.word.as_bytes() == lower).count();
    &rest[..len]
}

/// The length of the longest keyword, in bytes.
const MAX_WORD_LEN: usize = max_word_len(KEYWORDS);

const fn max_word_len(table: &[Entry]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < table.len() {
        if table[i].word.len() > max {
            max = table[i].word.len();
        }
        i += 1;
    }
    max
}

/// `a < b` in byte order.
const fn bytes_less(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

const fn bytes_equal(a: &[u8], b: &[u8]) -> bool {
    !bytes_less(a, b) && !bytes_less(b, a)
}

/// Checks the table's invariants: words are non-empty lower-case ASCII letters and `_`;
/// entries are sorted by word; ranges lie within the known majors, and entries of one word
/// are in ascending, non-overlapping major order.
const fn table_is_well_formed(table: &[Entry]) -> bool {
    let mut i = 0;
    while i < table.len() {
        let e = &table[i];
        let w = e.word.as_bytes();
        if w.is_empty() {
            return false;
        }
        let mut j = 0;
        while j < w.len() {
            if !(w[j].is_ascii_lowercase() || w[j] == b'_') {
                return false;
            }
            j += 1;
        }
        if (e.first as u32) < Keywords::OLDEST_MAJOR
            || (e.last as u32) > Keywords::NEWEST_MAJOR
            || e.first > e.last
        {
            return false;
        }
        if i > 0 {
            let p = &table[i - 1];
            let pw = p.word.as_bytes();
            let ordered = bytes_less(pw, w) || (bytes_equal(pw, w) && p.last < e.first);
            if !ordered {
                return false;
            }
        }
        i += 1;
    }
    true
}

const _: () = assert!(table_is_well_formed(KEYWORDS), "keyword table is malformed");

const fn kw(word: &'static str, category: KeywordCategory, first: u8, last: u8) -> Entry {
    Entry { word, category, first, last }
}

use KeywordCategory::{ColName as C, Reserved as R, TypeFuncName as T, Unreserved as U};

/// Every keyword of majors 13 to 18: (word, category, first major, last major).
const KEYWORDS: &[Entry] = &[
    kw("abort", U, 13, 18),
    kw("absent", U, 16, 18),
    kw("absolute", U, 13, 18),
    kw("access", U, 13, 18),
    kw("action", U, 13, 18),
    kw("add", U, 13, 18),
    kw("admin", U, 13, 18),
    kw("after", U, 13, 18),
    kw("aggregate", U, 13, 18),
    kw("all", R, 13, 18),
    kw("also", U, 13, 18),
    kw("alter", U, 13, 18),
    kw("always", U, 13, 18),
    kw("analyse", R, 13, 18),
    kw("analyze", R, 13, 18),
    kw("and", R, 13, 18),
    kw("any", R, 13, 18),
    kw("array", R, 13, 18),
    kw("as", R, 13, 18),
    kw("asc", R, 13, 18),
    kw("asensitive", U, 14, 18),
    kw("assertion", U, 13, 18),
    kw("assignment", U, 13, 18),
    kw("asymmetric", R, 13, 18),
    kw("at", U, 13, 18),
    kw("atomic", U, 14, 18),
    kw("attach", U, 13, 18),
    kw("attribute", U, 13, 18),
    kw("authorization", T, 13, 18),
    kw("backward", U, 13, 18),
    kw("before", U, 13, 18),
    kw("begin", U, 13, 18),
    kw("between", C, 13, 18),
    kw("bigint", C, 13, 18),
    kw("binary", T, 13, 18),
    kw("bit", C, 13, 18),
    kw("boolean", C, 13, 18),
    kw("both", R, 13, 18),
    kw("breadth", U, 14, 18),
    kw("by", U, 13, 18),
    kw("cache", U, 13, 18),
    kw("call", U, 13, 18),
    kw("called", U, 13, 18),
    kw("cascade", U, 13, 18),
    kw("cascaded", U, 13, 18),
    kw("case", R, 13, 18),
    kw("cast", R, 13, 18),
    kw("catalog", U, 13, 18),
    kw("chain", U, 13, 18),
    kw("char", C, 13, 18),
    kw("character", C, 13, 18),
    kw("characteristics", U, 13, 18),
    kw("check", R, 13, 18),
    kw("checkpoint", U, 13, 18),
    kw("class", U, 13, 18),
    kw("close", U, 13, 18),
    kw("cluster", U, 13, 18),
    kw("coalesce", C, 13, 18),
    kw("collate", R, 13, 18),
    kw("collation", T, 13, 18),
    kw("column", R, 13, 18),
    kw("columns", U, 13, 18),
    kw("comment", U, 13, 18),
    kw("comments", U, 13, 18),
    kw("commit", U, 13, 18),
    kw("committed", U, 13, 18),
    kw("compression", U, 14, 18),
    kw("concurrently", T, 13, 18),
    kw("conditional", U, 17, 18),
    kw("configuration", U, 13, 18),
    kw("conflict", U, 13, 18),
    kw("connection", U, 13, 18),
    kw("constraint", R, 13, 18),
    kw("constraints", U, 13, 18),
    kw("content", U, 13, 18),
    kw("continue", U, 13, 18),
    kw("conversion", U, 13, 18),
    kw("copy", U, 13, 18),
    kw("cost", U, 13, 18),
    kw("create", R, 13, 18),
    kw("cross", T, 13, 18),
    kw("csv", U, 13, 18),
    kw("cube", U, 13, 18),
    kw("current", U, 13, 18),
    kw("current_catalog", R, 13, 18),
    kw("current_date", R, 13, 18),
    kw("current_role", R, 13, 18),
    kw("current_schema", T, 13, 18),
    kw("current_time", R, 13, 18),
    kw("current_timestamp", R, 13, 18),
    kw("current_user", R, 13, 18),
    kw("cursor", U, 13, 18),
    kw("cycle", U, 13, 18),
    kw("data", U, 13, 18),
    kw("database", U, 13, 18),
    kw("day", U, 13, 18),
    kw("deallocate", U, 13, 18),
    kw("dec", C, 13, 18),
    kw("decimal", C, 13, 18),
    kw("declare", U, 13, 18),
    kw("default", R, 13, 18),
    kw("defaults", U, 13, 18),
    kw("deferrable", R, 13, 18),
    kw("deferred", U, 13, 18),
    kw("definer", U, 13, 18),
    kw("delete", U, 13, 18),
    kw("delimiter", U, 13, 18),
    kw("delimiters", U, 13, 18),
    kw("depends", U, 13, 18),
    kw("depth", U, 14, 18),
    kw("desc", R, 13, 18),
    kw("detach", U, 13, 18),
    kw("dictionary", U, 13, 18),
    kw("disable", U, 13, 18),
    kw("discard", U, 13, 18),
    kw("distinct", R, 13, 18),
    kw("do", R, 13, 18),
    kw("document", U, 13, 18),
    kw("domain", U, 13, 18),
    kw("double", U, 13, 18),
    kw("drop", U, 13, 18),
    kw("each", U, 13, 18),
    kw("else", R, 13, 18),
    kw("empty", U, 17, 18),
    kw("enable", U, 13, 18),
    kw("encoding", U, 13, 18),
    kw("encrypted", U, 13, 18),
    kw("end", R, 13, 18),
    kw("enforced", U, 18, 18),
    kw("enum", U, 13, 18),
    kw("error", U, 17, 18),
    kw("escape", U, 13, 18),
    kw("event", U, 13, 18),
    kw("except", R, 13, 18),
    kw("exclude", U, 13, 18),
    kw("excluding", U, 13, 18),
    kw("exclusive", U, 13, 18),
    kw("execute", U, 13, 18),
    kw("exists", C, 13, 18),
    kw("explain", U, 13, 18),
    kw("expression", U, 13, 18),
    kw("extension", U, 13, 18),
    kw("external", U, 13, 18),
    kw("extract", C, 13, 18),
    kw("false", R, 13, 18),
    kw("family", U, 13, 18),
    kw("fetch", R, 13, 18),
    kw("filter", U, 13, 18),
    kw("finalize", U, 14, 18),
    kw("first", U, 13, 18),
    kw("float", C, 13, 18),
    kw("following", U, 13, 18),
    kw("for", R, 13, 18),
    kw("force", U, 13, 18),
    kw("foreign", R, 13, 18),
    kw("format", U, 16, 18),
    kw("forward", U, 13, 18),
    kw("freeze", T, 13, 18),
    kw("from", R, 13, 18),
    kw("full", T, 13, 18),
    kw("function", U, 13, 18),
    kw("functions", U, 13, 18),
    kw("generated", U, 13, 18),
    kw("global", U, 13, 18),
    kw("grant", R, 13, 18),
    kw("granted", U, 13, 18),
    kw("greatest", C, 13, 18),
    kw("group", R, 13, 18),
    kw("grouping", C, 13, 18),
    kw("groups", U, 13, 18),
    kw("handler", U, 13, 18),
    kw("having", R, 13, 18),
    kw("header", U, 13, 18),
    kw("hold", U, 13, 18),
    kw("hour", U, 13, 18),
    kw("identity", U, 13, 18),
    kw("if", U, 13, 18),
    kw("ilike", T, 13, 18),
    kw("immediate", U, 13, 18),
    kw("immutable", U, 13, 18),
    kw("implicit", U, 13, 18),
    kw("import", U, 13, 18),
    kw("in", R, 13, 18),
    kw("include", U, 13, 18),
    kw("including", U, 13, 18),
    kw("increment", U, 13, 18),
    kw("indent", U, 16, 18),
    kw("index", U, 13, 18),
    kw("indexes", U, 13, 18),
    kw("inherit", U, 13, 18),
    kw("inherits", U, 13, 18),
    kw("initially", R, 13, 18),
    kw("inline", U, 13, 18),
    kw("inner", T, 13, 18),
    kw("inout", C, 13, 18),
    kw("input", U, 13, 18),
    kw("insensitive", U, 13, 18),
    kw("insert", U, 13, 18),
    kw("instead", U, 13, 18),
    kw("int", C, 13, 18),
    kw("integer", C, 13, 18),
    kw("intersect", R, 13, 18),
    kw("interval", C, 13, 18),
    kw("into", R, 13, 18),
    kw("invoker", U, 13, 18),
    kw("is", T, 13, 18),
    kw("isnull", T, 13, 18),
    kw("isolation", U, 13, 18),
    kw("join", T, 13, 18),
    kw("json", U, 16, 16),
    kw("json", C, 17, 18),
    kw("json_array", C, 16, 18),
    kw("json_arrayagg", C, 16, 18),
    kw("json_exists", C, 17, 18),
    kw("json_object", C, 16, 18),
    kw("json_objectagg", C, 16, 18),
    kw("json_query", C, 17, 18),
    kw("json_scalar", C, 17, 18),
    kw("json_serialize", C, 17, 18),
    kw("json_table", C, 17, 18),
    kw("json_value", C, 17, 18),
    kw("keep", U, 17, 18),
    kw("key", U, 13, 18),
    kw("keys", U, 16, 18),
    kw("label", U, 13, 18),
    kw("language", U, 13, 18),
    kw("large", U, 13, 18),
    kw("last", U, 13, 18),
    kw("lateral", R, 13, 18),
    kw("leading", R, 13, 18),
    kw("leakproof", U, 13, 18),
    kw("least", C, 13, 18),
    kw("left", T, 13, 18),
    kw("level", U, 13, 18),
    kw("like", T, 13, 18),
    kw("limit", R, 13, 18),
    kw("listen", U, 13, 18),
    kw("load", U, 13, 18),
    kw("local", U, 13, 18),
    kw("localtime", R, 13, 18),
    kw("localtimestamp", R, 13, 18),
    kw("location", U, 13, 18),
    kw("lock", U, 13, 18),
    kw("locked", U, 13, 18),
    kw("logged", U, 13, 18),
    kw("mapping", U, 13, 18),
    kw("match", U, 13, 18),
    kw("matched", U, 15, 18),
    kw("materialized", U, 13, 18),
    kw("maxvalue", U, 13, 18),
    kw("merge", U, 15, 18),
    kw("merge_action", C, 17, 18),
    kw("method", U, 13, 18),
    kw("minute", U, 13, 18),
    kw("minvalue", U, 13, 18),
    kw("mode", U, 13, 18),
    kw("month", U, 13, 18),
    kw("move", U, 13, 18),
    kw("name", U, 13, 18),
    kw("names", U, 13, 18),
    kw("national", C, 13, 18),
    kw("natural", T, 13, 18),
    kw("nchar", C, 13, 18),
    kw("nested", U, 17, 18),
    kw("new", U, 13, 18),
    kw("next", U, 13, 18),
    kw("nfc", U, 13, 18),
    kw("nfd", U, 13, 18),
    kw("nfkc", U, 13, 18),
    kw("nfkd", U, 13, 18),
    kw("no", U, 13, 18),
    kw("none", C, 13, 18),
    kw("normalize", C, 13, 18),
    kw("normalized", U, 13, 18),
    kw("not", R, 13, 18),
    kw("nothing", U, 13, 18),
    kw("notify", U, 13, 18),
    kw("notnull", T, 13, 18),
    kw("nowait", U, 13, 18),
    kw("null", R, 13, 18),
    kw("nullif", C, 13, 18),
    kw("nulls", U, 13, 18),
    kw("numeric", C, 13, 18),
    kw("object", U, 13, 18),
    kw("objects", U, 18, 18),
    kw("of", U, 13, 18),
    kw("off", U, 13, 18),
    kw("offset", R, 13, 18),
    kw("oids", U, 13, 18),
    kw("old", U, 13, 18),
    kw("omit", U, 17, 18),
    kw("on", R, 13, 18),
    kw("only", R, 13, 18),
    kw("operator", U, 13, 18),
    kw("option", U, 13, 18),
    kw("options", U, 13, 18),
    kw("or", R, 13, 18),
    kw("order", R, 13, 18),
    kw("ordinality", U, 13, 18),
    kw("others", U, 13, 18),
    kw("out", C, 13, 18),
    kw("outer", T, 13, 18),
    kw("over", U, 13, 18),
    kw("overlaps", T, 13, 18),
    kw("overlay", C, 13, 18),
    kw("overriding", U, 13, 18),
    kw("owned", U, 13, 18),
    kw("owner", U, 13, 18),
    kw("parallel", U, 13, 18),
    kw("parameter", U, 15, 18),
    kw("parser", U, 13, 18),
    kw("partial", U, 13, 18),
    kw("partition", U, 13, 18),
    kw("passing", U, 13, 18),
    kw("password", U, 13, 18),
    kw("path", U, 17, 18),
    kw("period", U, 18, 18),
    kw("placing", R, 13, 18),
    kw("plan", U, 17, 18),
    kw("plans", U, 13, 18),
    kw("policy", U, 13, 18),
    kw("position", C, 13, 18),
    kw("preceding", U, 13, 18),
    kw("precision", C, 13, 18),
    kw("prepare", U, 13, 18),
    kw("prepared", U, 13, 18),
    kw("preserve", U, 13, 18),
    kw("primary", R, 13, 18),
    kw("prior", U, 13, 18),
    kw("privileges", U, 13, 18),
    kw("procedural", U, 13, 18),
    kw("procedure", U, 13, 18),
    kw("procedures", U, 13, 18),
    kw("program", U, 13, 18),
    kw("publication", U, 13, 18),
    kw("quote", U, 13, 18),
    kw("quotes", U, 17, 18),
    kw("range", U, 13, 18),
    kw("read", U, 13, 18),
    kw("real", C, 13, 18),
    kw("reassign", U, 13, 18),
    kw("recheck", U, 13, 17),
    kw("recursive", U, 13, 18),
    kw("ref", U, 13, 18),
    kw("references", R, 13, 18),
    kw("referencing", U, 13, 18),
    kw("refresh", U, 13, 18),
    kw("reindex", U, 13, 18),
    kw("relative", U, 13, 18),
    kw("release", U, 13, 18),
    kw("rename", U, 13, 18),
    kw("repeatable", U, 13, 18),
    kw("replace", U, 13, 18),
    kw("replica", U, 13, 18),
    kw("reset", U, 13, 18),
    kw("restart", U, 13, 18),
    kw("restrict", U, 13, 18),
    kw("return", U, 14, 18),
    kw("returning", R, 13, 18),
    kw("returns", U, 13, 18),
    kw("revoke", U, 13, 18),
    kw("right", T, 13, 18),
    kw("role", U, 13, 18),
    kw("rollback", U, 13, 18),
    kw("rollup", U, 13, 18),
    kw("routine", U, 13, 18),
    kw("routines", U, 13, 18),
    kw("row", C, 13, 18),
    kw("rows", U, 13, 18),
    kw("rule", U, 13, 18),
    kw("savepoint", U, 13, 18),
    kw("scalar", U, 16, 18),
    kw("schema", U, 13, 18),
    kw("schemas", U, 13, 18),
    kw("scroll", U, 13, 18),
    kw("search", U, 13, 18),
    kw("second", U, 13, 18),
    kw("security", U, 13, 18),
    kw("select", R, 13, 18),
    kw("sequence", U, 13, 18),
    kw("sequences", U, 13, 18),
    kw("serializable", U, 13, 18),
    kw("server", U, 13, 18),
    kw("session", U, 13, 18),
    kw("session_user", R, 13, 18),
    kw("set", U, 13, 18),
    kw("setof", C, 13, 18),
    kw("sets", U, 13, 18),
    kw("share", U, 13, 18),
    kw("show", U, 13, 18),
    kw("similar", T, 13, 18),
    kw("simple", U, 13, 18),
    kw("skip", U, 13, 18),
    kw("smallint", C, 13, 18),
    kw("snapshot", U, 13, 18),
    kw("some", R, 13, 18),
    kw("source", U, 17, 18),
    kw("sql", U, 13, 18),
    kw("stable", U, 13, 18),
    kw("standalone", U, 13, 18),
    kw("start", U, 13, 18),
    kw("statement", U, 13, 18),
    kw("statistics", U, 13, 18),
    kw("stdin", U, 13, 18),
    kw("stdout", U, 13, 18),
    kw("storage", U, 13, 18),
    kw("stored", U, 13, 18),
    kw("strict", U, 13, 18),
    kw("string", U, 17, 18),
    kw("strip", U, 13, 18),
    kw("subscription", U, 13, 18),
    kw("substring", C, 13, 18),
    kw("support", U, 13, 18),
    kw("symmetric", R, 13, 18),
    kw("sysid", U, 13, 18),
    kw("system", U, 13, 18),
    kw("system_user", R, 16, 18),
    kw("table", R, 13, 18),
    kw("tables", U, 13, 18),
    kw("tablesample", T, 13, 18),
    kw("tablespace", U, 13, 18),
    kw("target", U, 17, 18),
    kw("temp", U, 13, 18),
    kw("template", U, 13, 18),
    kw("temporary", U, 13, 18),
    kw("text", U, 13, 18),
    kw("then", R, 13, 18),
    kw("ties", U, 13, 18),
    kw("time", C, 13, 18),
    kw("timestamp", C, 13, 18),
    kw("to", R, 13, 18),
    kw("trailing", R, 13, 18),
    kw("transaction", U, 13, 18),
    kw("transform", U, 13, 18),
    kw("treat", C, 13, 18),
    kw("trigger", U, 13, 18),
    kw("trim", C, 13, 18),
    kw("true", R, 13, 18),
    kw("truncate", U, 13, 18),
    kw("trusted", U, 13, 18),
    kw("type", U, 13, 18),
    kw("types", U, 13, 18),
    kw("uescape", U, 13, 18),
    kw("unbounded", U, 13, 18),
    kw("uncommitted", U, 13, 18),
    kw("unconditional", U, 17, 18),
    kw("unencrypted", U, 13, 18),
    kw("union", R, 13, 18),
    kw("unique", R, 13, 18),
    kw("unknown", U, 13, 18),
    kw("unlisten", U, 13, 18),
    kw("unlogged", U, 13, 18),
    kw("until", U, 13, 18),
    kw("update", U, 13, 18),
    kw("user", R, 13, 18),
    kw("using", R, 13, 18),
    kw("vacuum", U, 13, 18),
    kw("valid", U, 13, 18),
    kw("validate", U, 13, 18),
    kw("validator", U, 13, 18),
    kw("value", U, 13, 18),
    kw("values", C, 13, 18),
    kw("varchar", C, 13, 18),
    kw("variadic", R, 13, 18),
    kw("varying", U, 13, 18),
    kw("verbose", T, 13, 18),
    kw("version", U, 13, 18),
    kw("view", U, 13, 18),
    kw("views", U, 13, 18),
    kw("virtual", U, 18, 18),
    kw("volatile", U, 13, 18),
    kw("when", R, 13, 18),
    kw("where", R, 13, 18),
    kw("whitespace", U, 13, 18),
    kw("window", R, 13, 18),
    kw("with", R, 13, 18),
    kw("within", U, 13, 18),
    kw("without", U, 13, 18),
    kw("work", U, 13, 18),
    kw("wrapper", U, 13, 18),
    kw("write", U, 13, 18),
    kw("xml", U, 13, 18),
    kw("xmlattributes", C, 13, 18),
    kw("xmlconcat", C, 13, 18),
    kw("xmlelement", C, 13, 18),
    kw("xmlexists", C, 13, 18),
    kw("xmlforest", C, 13, 18),
    kw("xmlnamespaces", C, 13, 18),
    kw("xmlparse", C, 13, 18),
    kw("xmlpi", C, 13, 18),
    kw("xmlroot", C, 13, 18),
    kw("xmlserialize", C, 13, 18),
    kw("xmltable", C, 13, 18),
    kw("year", U, 13, 18),
    kw("yes", U, 13, 18),
    kw("zone", U, 13, 18),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn set(major: u32, category: KeywordCategory) -> Vec<&'static str> {
        Keywords::for_major(major).iter().filter(|&(_, c)| c == category).map(|(w, _)| w).collect()
    }

    /// Words whose entry differs between `old` and `new`: (word, category in old, in new).
    fn changes(
        old: u32,
        new: u32,
    ) -> Vec<(&'static str, Option<KeywordCategory>, Option<KeywordCategory>)> {
        let (o, n) = (Keywords::for_major(old), Keywords::for_major(new));
        let mut words: Vec<&str> = o.iter().chain(n.iter()).map(|(w, _)| w).collect();
        words.sort_unstable();
        words.dedup();
        words
            .into_iter()
            .filter(|w| o.category(w) != n.category(w))
            .map(|w| (w, o.category(w), n.category(w)))
            .collect()
    }

    #[test]
    fn well_known_categories() {
        for major in 13..=18 {
            let k = Keywords::for_major(major);
            assert_eq!(k.category("select"), Some(R));
            assert_eq!(k.category("user"), Some(R));
            assert_eq!(k.category("name"), Some(U));
            assert_eq!(k.category("between"), Some(C));
            assert_eq!(k.category("authorization"), Some(T));
            assert_eq!(k.category("abort"), Some(U));
            assert_eq!(k.category("xmltable"), Some(C));
            assert_eq!(k.category("zone"), Some(U));
            assert_eq!(k.category("table"), Some(R));
            assert_eq!(k.category("tablesample"), Some(T));
            assert_eq!(k.category("not_a_keyword"), None);
            assert_eq!(k.category(""), None);
        }
        assert_eq!(keyword_category("select", 15), Some(KeywordCategory::Reserved));
    }

    #[test]
    fn lookup_is_ascii_case_insensitive_only() {
        assert_eq!(keyword_category("SELECT", 15), Some(R));
        assert_eq!(keyword_category("SeLeCt", 15), Some(R));
        // Non-ASCII never matches; a long word is rejected without looking.
        assert_eq!(keyword_category("sel\u{e9}ct", 15), None);
        assert_eq!(keyword_category("select ", 15), None);
        assert_eq!(keyword_category(&"a".repeat(1000), 15), None);
        // Every prefix and extension of a keyword that is not itself one.
        assert_eq!(keyword_category("selec", 15), None);
        assert_eq!(keyword_category("selects", 15), None);
    }

    #[test]
    fn counts_per_major_and_category() {
        // (major, unreserved, col_name, type_func_name, reserved), counted in each kwlist.h.
        let expected = [
            (13, 299, 51, 23, 77),
            (14, 306, 51, 23, 77),
            (15, 309, 51, 23, 77),
            (16, 315, 55, 23, 78),
            (17, 327, 63, 23, 78),
            (18, 330, 63, 23, 78),
        ];
        for (major, u, c, t, r) in expected {
            let got = (
                major,
                set(major, U).len(),
                set(major, C).len(),
                set(major, T).len(),
                set(major, R).len(),
            );
            assert_eq!(got, (major, u, c, t, r));
            assert_eq!(Keywords::for_major(major).iter().count(), u + c + t + r);
        }
    }

    #[test]
    fn differences_between_majors() {
        let added = |words: &[&'static str], c: KeywordCategory| {
            words.iter().map(move |&w| (w, None, Some(c))).collect::<Vec<_>>()
        };
        let mut d14 = added(
            &["asensitive", "atomic", "breadth", "compression", "depth", "finalize", "return"],
            U,
        );
        d14.sort_unstable();
        assert_eq!(changes(13, 14), d14);

        assert_eq!(changes(14, 15), added(&["matched", "merge", "parameter"], U));

        let mut d16 = added(&["absent", "format", "indent", "json", "keys", "scalar"], U);
        d16.extend(added(&["json_array", "json_arrayagg", "json_object", "json_objectagg"], C));
        d16.push(("system_user", None, Some(R)));
        d16.sort_unstable();
        assert_eq!(changes(15, 16), d16);

        let mut d17 = added(
            &[
                "conditional",
                "empty",
                "error",
                "keep",
                "nested",
                "omit",
                "path",
                "plan",
                "quotes",
                "source",
                "string",
                "target",
                "unconditional",
            ],
            U,
        );
        d17.extend(added(
            &[
                "json_exists",
                "json_query",
                "json_scalar",
                "json_serialize",
                "json_table",
                "json_value",
                "merge_action",
            ],
            C,
        ));
        d17.push(("json", Some(U), Some(C)));
        d17.sort_unstable();
        assert_eq!(changes(16, 17), d17);

        let mut d18 = added(&["enforced", "objects", "period", "virtual"], U);
        d18.push(("recheck", Some(U), None));
        d18.sort_unstable();
        assert_eq!(changes(17, 18), d18);
    }

    #[test]
    fn reserved_type_func_name_sets_are_stable_except_system_user() {
        let r13 = set(13, R);
        let mut r18 = set(18, R);
        r18.retain(|&w| w != "system_user");
        assert_eq!(r13, r18);
        assert_eq!(set(13, T), set(18, T));
    }

    #[test]
    fn majors_are_clamped() {
        assert_eq!(Keywords::for_major(0).major(), 13);
        assert_eq!(Keywords::for_major(12).major(), 13);
        assert_eq!(Keywords::for_major(16).major(), 16);
        assert_eq!(Keywords::for_major(19).major(), 18);
        assert_eq!(Keywords::for_major(u32::MAX).major(), 18);
        assert_eq!(Keywords::newest().major(), Keywords::NEWEST_MAJOR);
        assert_eq!(keyword_category("json", 99), Some(C));
        assert_eq!(keyword_category("merge", 9), None);
    }

    #[test]
    fn any_major_rule_equals_newest_list_today() {
        // The version-independent quoting rule quotes a word that needs quotes in any major.
        // Today no word ever became less restricted, so that is exactly the newest list.
        let mut words: Vec<&str> = KEYWORDS.iter().map(|e| e.word).collect();
        words.dedup();
        for w in words {
            let newest = Keywords::newest().category(w).is_some_and(|c| c.requires_quoting());
            assert_eq!(requires_quoting_in_any_major(w), newest, "{w}");
        }
    }

    #[test]
    fn iteration_is_sorted_and_unique() {
        for major in 13..=18 {
            let words: Vec<&str> = Keywords::for_major(major).iter().map(|(w, _)| w).collect();
            assert!(words.windows(2).all(|p| p[0] < p[1]), "{major}");
            for &w in &words {
                assert!(Keywords::for_major(major).category(w).is_some());
            }
        }
        assert!(table_is_well_formed(KEYWORDS));
        assert_eq!(MAX_WORD_LEN, "current_timestamp".len());
    }

    #[test]
    fn catcodes_round_trip() {
        for c in KeywordCategory::ALL {
            assert_eq!(KeywordCategory::from_catcode(c.catcode()), Some(c));
        }
        assert_eq!(KeywordCategory::from_catcode('X'), None);
        assert_eq!(R.to_string(), "reserved");
        assert_eq!(T.as_str(), "type_func_name");
        assert!(!U.requires_quoting() && C.requires_quoting());
    }

    #[test]
    fn malformed_tables_are_caught() {
        assert!(!table_is_well_formed(&[kw("b", U, 13, 18), kw("a", U, 13, 18)]));
        assert!(!table_is_well_formed(&[kw("a", U, 13, 16), kw("a", C, 16, 18)]));
        assert!(!table_is_well_formed(&[kw("A", U, 13, 18)]));
        assert!(!table_is_well_formed(&[kw("a", U, 12, 18)]));
        assert!(!table_is_well_formed(&[kw("a", U, 17, 16)]));
        assert!(table_is_well_formed(&[kw("a", U, 13, 16), kw("a", C, 17, 18)]));
    }
}
