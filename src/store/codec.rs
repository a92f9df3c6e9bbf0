//! The encoding of stored values: serde_json, simple and readable with any sled dump tool.
//! Changing it means bumping `FORMAT_VERSION`; nothing else in the store knows the encoding.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Encodes a value for storage.
pub(super) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| format!("cannot encode: {e}"))
}

/// Decodes a stored value.
pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("cannot decode: {e}"))
}
