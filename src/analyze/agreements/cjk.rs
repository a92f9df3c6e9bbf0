//! Agreements named in Chinese, Japanese or Korean, titles kept as written: a title in 《》,
//! 「」 or 『』 in a sentence with a signing verb (签署, 締結, 체결, ...), a run of ideographs
//! after a Chinese signing verb ("签署跨境电商物流合作备忘录") or before a Japanese or Korean one
//! ("日韓基本条約の署名", "물류 협력에 관한 업무협약(MOU)을 체결").

use crate::analyze::parties::actors::Resolver;
use crate::model::{Agreement, DateMention, Span};

/// Last characters of an agreement's title.
const HEADS: &[&str] = &[
    "备忘录",
    "協定",
    "协定",
    "协议",
    "協議書",
    "条约",
    "条約",
    "條約",
    "覚書",
    "覚え書き",
    "合意書",
    "議定書",
    "声明",
    "宣言",
    "计划",
    "計画",
    "协约",
    "업무협약",
    "협약",
    "양해각서",
    "협정",
    "공동성명",
    "선언",
    "합의서",
];

/// Verbs that record a signing or adoption.
const SIGN: &[&str] = &[
    "签署", "签订", "签约", "缔结", "締結", "署名", "調印", "採択", "通过", "发表", "체결", "서명",
    "채택",
];

/// Korean particles that end the word before a title ("베트남우정공사와", "본부는").
const PARTICLE_ENDS: &[char] = &['와', '과', '는', '은', '가', '서', '로', '를', '을', '의'];

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// Sentences of CJK prose: split after 。！？ and line breaks.
fn clauses(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '\n') {
            let end = i + c.len_utf8();
            if end > start {
                out.push(Span(start, end));
            }
            start = end;
        }
    }
    if start < text.len() {
        out.push(Span(start, text.len()));
    }
    out
}

fn ends_with_head(s: &str) -> bool {
    HEADS.iter().any(|h| s.ends_with(h))
}

/// Titles in one clause, with their byte spans.
fn titles_in(text: &str, clause: Span) -> Vec<(String, Span)> {
    let s = clause.slice(text);
    if !SIGN.iter().any(|v| s.contains(v)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Bracketed titles.
    for (open, close) in [('《', '》'), ('「', '」'), ('『', '』')] {
        let mut from = 0;
        while let Some(a) = s[from..].find(open).map(|i| from + i + open.len_utf8()) {
            let Some(b) = s[a..].find(close).map(|i| a + i) else {
                break;
            };
            let t = s[a..b].trim();
            if ends_with_head(t) {
                out.push((t.to_string(), Span(clause.0 + a, clause.0 + b)));
            }
            from = b + close.len_utf8();
        }
    }
    if !out.is_empty() {
        return out;
    }
    for verb in SIGN {
        for (v, _) in s.match_indices(verb) {
            // Chinese order: the verb, then the title ("签署跨境电商物流合作备忘录").
            // Titles are short: a bounded look keeps a clause without end linear.
            let after = &s[v + verb.len()..];
            let run: String = after
                .chars()
                .take(40)
                .take_while(|&c| is_ideograph(c))
                .collect();
            if let Some(end) = HEADS
                .iter()
                .filter_map(|h| run.rfind(h).map(|i| i + h.len()))
                .max()
            {
                let a = clause.0 + v + verb.len();
                out.push((run[..end].to_string(), Span(a, a + end)));
                continue;
            }
            // Japanese and Korean order: the title, a particle, then the verb.
            let mut from = v.saturating_sub(240);
            while !s.is_char_boundary(from) {
                from += 1;
            }
            let before = &s[from..v];
            let trimmed = before.trim_end_matches(|c: char| {
                matches!(c, 'の' | 'に' | 'を' | '을' | '를' | ' ' | '(' | ')')
                    || c.is_ascii_uppercase()
            });
            let Some(head) = HEADS.iter().find(|h| trimmed.ends_with(*h)) else {
                continue;
            };
            let title_end = trimmed.len();
            let start = if head.chars().all(is_hangul) {
                // Back over whole Hangul words to the one that ends in a particle.
                let mut start = title_end - head.len();
                let words: Vec<(usize, &str)> = trimmed[..start]
                    .split(' ')
                    .scan(0, |at, w| {
                        let here = *at;
                        *at += w.len() + 1;
                        Some((here, w))
                    })
                    .collect();
                for &(at, w) in words.iter().rev().take(6) {
                    if w.is_empty() {
                        continue;
                    }
                    if !w.chars().all(is_hangul) || w.ends_with(PARTICLE_ENDS) {
                        break;
                    }
                    start = at;
                }
                start
            } else {
                trimmed
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| is_ideograph(c))
                    .last()
                    .map_or(title_end, |(i, _)| i)
            };
            let t = trimmed[start..title_end].trim();
            if !t.is_empty() {
                out.push((
                    t.to_string(),
                    Span(clause.0 + from + start, clause.0 + from + title_end),
                ));
            }
        }
    }
    out
}

/// Agreements with CJK titles, one per kind: the longest title of a kind wins (a headline
/// often shortens what the body names in full).
pub(super) fn cjk_agreements(text: &str, res: &Resolver, dates: &[DateMention]) -> Vec<Agreement> {
    if text.is_ascii() || !text.chars().any(|c| is_ideograph(c) || is_hangul(c)) {
        return Vec::new();
    }
    let mut out: Vec<Agreement> = Vec::new();
    for clause in clauses(text) {
        for (title, span) in titles_in(text, clause) {
            let kind = super::kind_of(&title);
            let date = dates
                .iter()
                .filter(|d| clause.contains(d.span))
                .find_map(|d| d.value);
            let ag = Agreement {
                kind,
                title,
                date,
                parties: res.orgs_in(clause),
                rule: "agreement.cjk".to_string(),
                span,
            };
            match out.iter_mut().find(|o| o.kind == ag.kind) {
                Some(o) => {
                    if ag.title.chars().count() > o.title.chars().count() {
                        o.title = ag.title;
                        o.span = ag.span;
                    }
                    if o.date.is_none() {
                        o.date = ag.date;
                    }
                    if o.parties.is_empty() {
                        o.parties = ag.parties;
                    }
                }
                None => out.push(ag),
            }
        }
    }
    out
}
