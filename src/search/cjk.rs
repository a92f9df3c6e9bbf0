//! The `cjk_bigram` tokenizer: overlapping bigrams of runs of CJK characters, nothing else.
//!
//! Chinese and Japanese have no spaces, and Korean words carry particles (우정사업본부는), so the
//! default tokenizer keeps a whole run as one token and a search for a word inside it fails.
//! Bigrams of every run make any 2+ character query match inside a longer run: the query is
//! tokenised the same way and its bigrams must appear as a phrase. A run of one character gives
//! a one-character token. Latin letters, digits and punctuation give nothing: the `body` field
//! already covers them, and n-gramming them would over-match.

use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the tokenizer is registered under in the index.
pub(super) const NAME: &str = "cjk_bigram";

/// Whether `c` is written without spaces between words and so needs n-gram matching: Han
/// (with the iteration marks), Hiragana, Katakana (full and half width) and Hangul.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007      // 々 〆 〇: iteration and ideographic marks used inside words
        | 0x3040..=0x309F    // Hiragana
        | 0x30A0..=0x30FF    // Katakana (with ー)
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x323AF  // CJK extensions B..H and compatibility supplement
        | 0x1100..=0x11FF    // Hangul jamo
        | 0x3130..=0x318F    // Hangul compatibility jamo
        | 0xA960..=0xA97F    // Hangul jamo extended A
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xD7B0..=0xD7FF    // Hangul jamo extended B
    )
}

/// Emits bigrams of CJK runs; see the module docs.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct CjkBigramTokenizer;

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkBigramStream<'a> {
        CjkBigramStream {
            text,
            chars: text.char_indices(),
            prev: None,
            run_emitted: false,
            next_position: 0,
            token: Token::default(),
        }
    }
}

/// The token stream of [`CjkBigramTokenizer`].
pub(super) struct CjkBigramStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    /// Byte range of the previous character, when it was CJK (we are inside a run).
    prev: Option<(usize, usize)>,
    /// Whether the current run has produced a token yet.
    run_emitted: bool,
    next_position: usize,
    token: Token,
}

impl CjkBigramStream<'_> {
    fn emit(&mut self, from: usize, to: usize) {
        // A gap of one position before each new run, so a phrase never spans two runs.
        if !self.run_emitted && self.next_position > 0 {
            self.next_position += 1;
        }
        self.run_emitted = true;
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.next_position;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.next_position += 1;
    }

    /// Ends the current run; a run of a single character becomes a one-character token.
    fn end_run(&mut self) -> bool {
        let lone = match self.prev.take() {
            Some(range) if !self.run_emitted => Some(range),
            _ => None,
        };
        if let Some((from, to)) = lone {
            self.emit(from, to);
        }
        self.run_emitted = false;
        lone.is_some()
    }
}

impl TokenStream for CjkBigramStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((at, c)) = self.chars.next() {
            let end = at + c.len_utf8();
            if is_cjk(c) {
                if let Some((from, _)) = self.prev {
                    self.prev = Some((at, end));
                    self.emit(from, end);
                    return true;
                }
                self.prev = Some((at, end));
            } else if self.prev.is_some() {
                if self.end_run() {
                    return true;
                }
            } else {
                self.run_emitted = false;
            }
        }
        self.prev.is_some() && self.end_run()
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, offset range, position) of every token.
    fn tokens(text: &str) -> Vec<(String, (usize, usize), usize)> {
        let mut tokenizer = CjkBigramTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            assert_eq!(&text[t.offset_from..t.offset_to], t.text);
            out.push((t.text.clone(), (t.offset_from, t.offset_to), t.position));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn bigrams_of_cjk_runs_only() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "chinese-run",
                "中国郵政集团",
                &["中国", "国郵", "郵政", "政集", "集团"],
            ),
            (
                "japanese-mixed-scripts",
                "日本郵便は",
                &["日本", "本郵", "郵便", "便は"],
            ),
            ("katakana-long-mark", "ポスト", &["ポス", "スト"]),
            (
                "korean-with-particle",
                "한국 우정사업본부는",
                &["한국", "우정", "정사", "사업", "업본", "본부", "부는"],
            ),
            ("lone-char-is-a-unigram", "A 国 B", &["国"]),
            ("two-chars", "郵政", &["郵政"]),
            ("latin-gives-nothing", "Universal Postal Union 2024", &[]),
            (
                "mixed-runs-split-at-latin",
                "UPU与中国郵政",
                &["与中", "中国", "国郵", "郵政"],
            ),
            (
                "ideographic-punctuation-splits",
                "中国、郵政。",
                &["中国", "郵政"],
            ),
            ("lone-char-at-end", "ab 中", &["中"]),
            ("empty", "", &[]),
        ];
        for (name, text, want) in cases {
            assert_eq!(texts(text), *want, "case {name}");
        }
    }

    #[test]
    fn random_text_gives_well_formed_tokens() {
        let pool: Vec<char> =
            "aZ9 ,.\n\u{3000}、中国郵政集团は한국어ㄱᄀポーｶ々😀\u{301}éß\u{20000}"
                .chars()
                .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            let len = (state % 24) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    pool[(state % pool.len() as u64) as usize]
                })
                .collect();
            let mut last_position = None;
            for (token, (from, to), position) in tokens(&text) {
                let chars: Vec<char> = token.chars().collect();
                assert!(matches!(chars.len(), 1 | 2), "{text:?}: {token:?}");
                assert!(chars.iter().all(|&c| is_cjk(c)), "{text:?}: {token:?}");
                assert_eq!(&text[from..to], token);
                assert!(last_position.is_none_or(|p| position > p), "{text:?}");
                last_position = Some(position);
            }
        }
    }

    #[test]
    fn offsets_and_positions_leave_a_gap_between_runs() {
        assert_eq!(
            tokens("中国 郵政集 x 国"),
            vec![
                ("中国".to_string(), (0, 6), 0),
                ("郵政".to_string(), (7, 13), 2),
                ("政集".to_string(), (10, 16), 3),
                ("国".to_string(), (19, 22), 5),
            ]
        );
    }
}
