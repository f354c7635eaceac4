//! The restore engine (not built yet; issue 4): DDL replay in dependency order, concurrent
//! data loads, each table's indexes and constraints built as soon as its data is in, ANALYZE.
//!
//! The crate exists now so that the workspace's dependency direction (cli → tusk → restore →
//! catalog/archive → pg) is fixed before the code arrives.
