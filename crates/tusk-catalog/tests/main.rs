//! tusk-catalog's tests: the stock pg_dump 15 archive as oracle (each case also read over
//! several sessions of one snapshot), and the sort's properties.

mod oracle;
mod sessions;
mod sort;
mod sql_files;
