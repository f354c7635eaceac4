//! Cross-crate integration tests: tusk's archives checked by the stock tools, and the restore
//! engine checked against them.

mod restore;
mod roundtrip;
