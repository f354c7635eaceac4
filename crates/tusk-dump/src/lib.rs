//! The dump engine (not built yet; issue 3): a parallel COPY engine on one synchronized
//! snapshot writing pg_dump directory archives through `tusk-archive`.
//!
//! The crate exists now so that the workspace's dependency direction (cli → tusk → dump →
//! catalog/archive → pg) is fixed before the code arrives.
