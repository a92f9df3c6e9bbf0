//! The encoding of stored values: JSON (readable, and what format 1 wrote), compressed with zstd
//! when it is long enough to gain from it. A compressed value starts with the byte 0x01, which
//! no JSON text starts with, so format-1 values (plain JSON) still decode. Document texts are
//! stored apart from the document, as UTF-8 behind a tag byte (0 plain, 1 zstd).
//! Changing any of this means bumping `FORMAT_VERSION`; nothing else in the store knows it.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The first byte of a zstd-compressed value.
const ZSTD: u8 = 0x01;
/// The first byte of a plain text.
const PLAIN: u8 = 0x00;
/// Shorter values are stored as they are: zstd's frame would eat the gain.
const MIN_COMPRESS: usize = 96;
/// zstd's default level: about 3x on English prose and 5-10x on our JSON, at a few hundred
/// MB/s, so a document's worth costs tens of microseconds.
const LEVEL: i32 = 3;

/// Encodes a value for storage.
pub(super) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(value).map_err(|e| format!("cannot encode: {e}"))?;
    if json.len() < MIN_COMPRESS {
        return Ok(json);
    }
    compress(&json)
}

/// Decodes a stored value (compressed or plain JSON).
pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let result = match bytes.split_first() {
        Some((&ZSTD, rest)) => serde_json::from_slice(&decompress(rest)?),
        _ => serde_json::from_slice(bytes),
    };
    result.map_err(|e| format!("cannot decode: {e}"))
}

/// Encodes a document text.
pub(super) fn encode_text(text: &str) -> Result<Vec<u8>, String> {
    if text.len() < MIN_COMPRESS {
        let mut out = Vec::with_capacity(text.len() + 1);
        out.push(PLAIN);
        out.extend_from_slice(text.as_bytes());
        return Ok(out);
    }
    compress(text.as_bytes())
}

/// Decodes a document text.
pub(super) fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let raw = match bytes.split_first() {
        Some((&ZSTD, rest)) => decompress(rest)?,
        Some((&PLAIN, rest)) => rest.to_vec(),
        Some((tag, _)) => return Err(format!("unknown text encoding {tag}")),
        None => Vec::new(),
    };
    String::from_utf8(raw).map_err(|_| "stored text is not UTF-8".to_string())
}

thread_local! {
    // One zstd context per thread, reused: creating one per value (~100 KB of tables) cost
    // more than compressing a small value.
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// The largest value a stored frame may claim to hold (a corrupt header must not make us
/// allocate gigabytes): above the largest text a file may have.
const MAX_VALUE: u64 = 1 << 30;

fn compress(raw: &[u8]) -> Result<Vec<u8>, String> {
    let packed = COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let c = match slot.as_mut() {
            Some(c) => c,
            None => slot.insert(zstd::bulk::Compressor::new(LEVEL).map_err(|e| e.to_string())?),
        };
        c.compress(raw).map_err(|e| e.to_string())
    });
    let packed = packed.map_err(|e| format!("cannot compress: {e}"))?;
    let mut out = Vec::with_capacity(packed.len() + 1);
    out.push(ZSTD);
    out.extend_from_slice(&packed);
    Ok(out)
}

fn decompress(packed: &[u8]) -> Result<Vec<u8>, String> {
    // bulk::compress records the content size in the frame; without it, stream decoding.
    let size = zstd::zstd_safe::get_frame_content_size(packed)
        .ok()
        .flatten();
    let Some(size) = size.filter(|n| *n <= MAX_VALUE) else {
        return zstd::stream::decode_all(packed).map_err(|e| format!("cannot decompress: {e}"));
    };
    DECOMPRESSOR
        .with(|cell| {
            let mut slot = cell.borrow_mut();
            let d = match slot.as_mut() {
                Some(d) => d,
                None => slot.insert(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?),
            };
            d.decompress(packed, size as usize)
                .map_err(|e| e.to_string())
        })
        .map_err(|e| format!("cannot decompress: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_texts_round_trip_short_and_long() {
        let long = "They agreed to open a parcel route. ".repeat(40);
        // (id, text)
        let cases = [
            ("empty", ""),
            ("short", "Korea Post 郵政"),
            ("long", long.as_str()),
        ];
        for (id, text) in cases {
            let t = encode_text(text).unwrap();
            assert_eq!(decode_text(&t).unwrap(), text, "{id}");
            let v = encode(&vec![text.to_string()]).unwrap();
            assert_eq!(
                decode::<Vec<String>>(&v).unwrap(),
                vec![text.to_string()],
                "{id}"
            );
        }
        assert!(encode_text(&long).unwrap().len() < long.len() / 4);
    }

    #[test]
    fn plain_json_from_format_1_still_decodes_and_garbage_is_an_error() {
        assert_eq!(decode::<Vec<u32>>(b"[1,2]").unwrap(), vec![1, 2]);
        assert!(decode::<Vec<u32>>(&[ZSTD, 1, 2, 3]).is_err());
        assert!(decode_text(&[7, b'a']).is_err());
    }
}
