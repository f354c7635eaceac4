//! tusk-catalog's tests: the stock pg_dump 15 archive as oracle, and the sort's properties.

mod oracle;
mod sort;
