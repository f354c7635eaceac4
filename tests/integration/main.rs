//! Cross-crate integration tests: tusk's archives checked by the stock tools.

mod roundtrip;
