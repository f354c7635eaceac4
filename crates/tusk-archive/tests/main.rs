//! Integration tests of tusk-archive: one binary, one module per area.

mod data;
mod fixtures;
mod malformed;
mod manifest;
mod support;
mod toc;
mod writer;
