//! Fuzzes the `toc.dat` parser: arbitrary bytes must give a TOC or an error, never a panic,
//! and a TOC that parses must write back and re-read to the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(toc) = tusk_archive::read_toc(data) {
        let bytes = tusk_archive::encode_toc(&toc).expect("a TOC that parsed must be writable");
        let again = tusk_archive::read_toc(&bytes).expect("a written TOC must parse");
        assert_eq!(again, toc, "write then read changed the TOC");
        // Writing is canonical: a second round trip gives the same bytes.
        let twice = tusk_archive::encode_toc(&again).expect("second write");
        assert_eq!(twice, bytes, "writing is not deterministic");
    }
});
