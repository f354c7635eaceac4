//! Catalog introspection (not built yet; issue 3): a typed model of a database's schema
//! objects read from `pg_catalog`, the dependency graph from `pg_depend`, pg_dump's ordering
//! with cycle repair, and DDL rendering for servers 13–18.
//!
//! The crate exists now so that the workspace's dependency direction (engines → catalog →
//! pg) is fixed before the code arrives.
