//! Integration tests of the dump engine against real throw-away clusters: one binary, one
//! module per area.

mod consistency;
mod data;
mod errors;
mod memory;
mod prepared;
mod ranges;
mod restore;
mod support;
