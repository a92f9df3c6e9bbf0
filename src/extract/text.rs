//! Plain text (and Markdown, read as text): decoding bytes to a string.
//!
//! UTF-8 with or without a byte-order mark, UTF-16 LE/BE (with a BOM, or without one when the
//! zero bytes make the byte order plain), and legacy encodings guessed by `chardetng` and decoded
//! by `encoding_rs`. Undecodable bytes become U+FFFD with a warning, never a failure. Text carries
//! no title or date metadata: analysis finds datelines itself. `decode` is shared with the HTML
//! extractor for its fallback.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::config::Limits;
use crate::error::ExtractError;
use crate::model::Extracted;

/// How many bytes chardetng looks at; more only costs time, the guess is settled by then.
const DETECT_BYTES: usize = 256 * 1024;

/// Extracts the text of a plain-text file. Never fails: bad bytes become U+FFFD with a warning.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    let _ = limits; // the caller already bounded the file size; decoding is linear
    let (text, warnings) = decode(bytes);
    Ok(Extracted {
        text,
        warnings,
        ..Extracted::default()
    })
}

/// Decodes bytes of unknown encoding: BOM, then UTF-16 by its zero bytes, then strict UTF-8, then
/// chardetng's guess. Returns the text and the warnings for bytes that had to be replaced.
pub(crate) fn decode(bytes: &[u8]) -> (String, Vec<String>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = utf16_order(bytes) {
        return decode_with(encoding, bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), Vec::new());
    }
    decode_with(guess(bytes), bytes)
}

/// Decodes `bytes` (without a BOM) as `encoding`, warning when something had to be replaced.
pub(crate) fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> (String, Vec<String>) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut warnings = Vec::new();
    if had_errors {
        let odd = if (encoding == UTF_16LE || encoding == UTF_16BE) && bytes.len() % 2 == 1 {
            " (odd number of bytes)"
        } else {
            ""
        };
        warnings.push(format!(
            "invalid {} byte sequences{odd} replaced with U+FFFD",
            encoding.name()
        ));
    }
    (text.into_owned(), warnings)
}

/// The legacy encoding chardetng guesses for bytes that are not valid UTF-8.
pub(crate) fn guess(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    if mostly_utf8(sample) {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    // UTF-8 stays allowed: a file that is UTF-8 with a few broken bytes is still best read as
    // UTF-8 (with replacements) rather than as some legacy encoding.
    detector.guess(None, Utf8Detection::Allow)
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 with a few broken sequences (a cut
/// file, one bad byte): many well-formed multi-byte characters for each broken sequence. Legacy
/// double-byte text forms valid UTF-8 sequences only by chance, far more rarely than that.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    multibyte >= 8 && multibyte >= broken * 20
}

/// The byte order of UTF-16 text: from its BOM, or, without one, from NUL bytes sitting at the
/// odd (LE) or even (BE) positions of mostly-ASCII text. `None` when it does not look like UTF-16.
pub(crate) fn utf16_order(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(b"\xff\xfe") {
        return Some(UTF_16LE);
    }
    if bytes.starts_with(b"\xfe\xff") {
        return Some(UTF_16BE);
    }
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    // Latin text in UTF-16 has a zero high byte in nearly every unit and almost never a zero low
    // byte; a binary file has zeros scattered on both sides.
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rare = |n: usize| n * 50 <= pairs;
    if mostly(odd_nul) && rare(even_nul) {
        Some(UTF_16LE)
    } else if mostly(even_nul) && rare(odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "The two ministries signed a memorandum of understanding on Tuesday \
        and agreed to set up a joint working group before the end of the year.\n";
    const FRENCH: &str = "Les deux ministères ont signé un protocole d'accord mardi. Ils sont \
        convenus de créer un groupe de travail conjoint avant la fin de l'année, et de se réunir \
        à Genève en décembre pour évaluer les premiers résultats. Le comité élaborera un plan \
        d'action détaillé, précisé dans une déclaration commune publiée à l'issue de la réunion.\n";
    const CHINESE: &str =
        "中日韩三国邮政高层会议在杭州举行。三方就各自的整体发展和未来战略交换了意见，\
        并同意在跨境电子商务、国际物流和邮政金融等领域加强合作。会议决定成立联合工作组，\
        负责落实会议达成的共识，并于明年向下一次会议报告进展情况。各方还签署了合作备忘录。\n";
    const KOREAN: &str = "한중일 우정 고위급 회의가 항저우에서 열렸다. 세 나라는 각자의 전반적인 발전과 \
        미래 전략에 대해 의견을 나누었으며, 국경 간 전자상거래와 국제 물류 분야에서 협력을 강화하기로 \
        합의했다. 회의는 공동 실무 그룹을 설립하여 합의 사항을 이행하고 내년 회의에서 진행 상황을 \
        보고하기로 결정했다.\n";
    const JAPANESE: &str = "日中韓郵便首脳会議が杭州で開催された。三者はそれぞれの全体的な発展と将来の\
        戦略について意見を交換し、越境電子商取引と国際物流の分野で協力を強化することで合意した。\
        会議は合同作業部会を設置し、合意事項を実施して、来年の会議で進捗状況を報告することを決めた。\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} cannot encode the sample", encoding.name());
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn decodes_legacy_encodings_by_guessing() {
        let cases: &[(&str, &'static Encoding, &str)] = &[
            ("windows-1252-french", encoding_rs::WINDOWS_1252, FRENCH),
            ("gb18030-chinese", encoding_rs::GB18030, CHINESE),
            ("gbk-chinese", encoding_rs::GBK, CHINESE),
            ("euc-kr-korean", encoding_rs::EUC_KR, KOREAN),
            ("shift-jis-japanese", encoding_rs::SHIFT_JIS, JAPANESE),
            ("euc-jp-japanese", encoding_rs::EUC_JP, JAPANESE),
        ];
        for (id, encoding, sample) in cases {
            let bytes = encode(encoding, sample);
            assert!(bytes.len() >= 200, "case {id}: sample too short");
            assert!(
                std::str::from_utf8(&bytes).is_err(),
                "case {id}: sample is UTF-8"
            );
            let got = extract(&bytes, &Limits::default()).unwrap();
            assert_eq!(got.text, *sample, "case {id}");
            assert!(got.warnings.is_empty(), "case {id}: {:?}", got.warnings);
            assert_eq!(got.title, None, "case {id}");
            assert_eq!(got.published, None, "case {id}");
        }
    }

    #[test]
    fn decodes_unicode_forms_and_boms() {
        let text = format!("{ENGLISH}{CHINESE}");
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("utf8", text.as_bytes().to_vec()),
            ("utf8-bom", [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat()),
            (
                "utf16le-bom",
                [&b"\xff\xfe"[..], &utf16(&text, false)].concat(),
            ),
            (
                "utf16be-bom",
                [&b"\xfe\xff"[..], &utf16(&text, true)].concat(),
            ),
            ("utf16le-no-bom", utf16(ENGLISH, false)),
            ("utf16be-no-bom", utf16(ENGLISH, true)),
        ];
        for (id, bytes) in cases {
            let got = extract(&bytes, &Limits::default()).unwrap();
            let want = if id.ends_with("no-bom") {
                ENGLISH
            } else {
                &text
            };
            assert_eq!(got.text, want, "case {id}");
            assert!(got.warnings.is_empty(), "case {id}: {:?}", got.warnings);
        }
    }

    #[test]
    fn invalid_utf16_is_replaced_with_a_warning() {
        let lone_surrogate = [
            &b"\xff\xfe"[..],
            &utf16("ab", false),
            b"\x00\xd8",
            &utf16("c", false),
        ]
        .concat();
        let odd_length = [&b"\xfe\xff"[..], &utf16("abc", true), b"\x00"].concat();
        let cases: &[(&str, &[u8], &str, &str)] = &[
            (
                "lone-surrogate",
                &lone_surrogate,
                "ab\u{fffd}c",
                "invalid UTF-16LE byte sequences replaced with U+FFFD",
            ),
            (
                "odd-length",
                &odd_length,
                "abc\u{fffd}",
                "invalid UTF-16BE byte sequences (odd number of bytes) replaced with U+FFFD",
            ),
        ];
        for (id, bytes, want, warning) in cases {
            let got = extract(bytes, &Limits::default()).unwrap();
            assert_eq!(got.text, *want, "case {id}");
            assert_eq!(got.warnings, vec![warning.to_string()], "case {id}");
        }
    }

    #[test]
    fn utf8_with_a_broken_byte_stays_utf8() {
        let text = format!("{CHINESE}{FRENCH}");
        let cut = text.find('杭').unwrap() + 1; // inside the character's three bytes
        let mut bytes = text.as_bytes().to_vec();
        bytes.remove(cut);
        let got = extract(&bytes, &Limits::default()).unwrap();
        assert_eq!(got.text, text.replacen('杭', "\u{fffd}", 1));
        assert_eq!(
            got.warnings,
            vec!["invalid UTF-8 byte sequences replaced with U+FFFD".to_string()]
        );
        // Legacy double-byte text is not mistaken for broken UTF-8.
        for encoding in [
            encoding_rs::GBK,
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_KR,
        ] {
            let sample = [CHINESE, JAPANESE, KOREAN]
                .into_iter()
                .find_map(|s| {
                    let (b, _, bad) = encoding.encode(s);
                    (!bad).then(|| b.into_owned())
                })
                .unwrap();
            assert!(!mostly_utf8(&sample), "{}", encoding.name());
        }
    }

    #[test]
    fn binary_is_not_utf16() {
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(utf16_order(&garbage), None);
        let zeros = vec![0u8; 4096];
        assert_eq!(utf16_order(&zeros), None);
        assert_eq!(utf16_order(ENGLISH.as_bytes()), None);
    }
}
