//! People in Chinese and Japanese text, which has no spaces or capitals to find names by: a
//! title followed by a short name ("副总经理王建国、", "董事会主席叶尔兰·阿别诺夫出席",
//! "デザイナーの中村美咲が"), and a Latin gloss of a name in parentheses after text in another
//! script ("쩐 민 코아(Tran Minh Khoa)").

use super::tokens::Kind;
use super::{name_of, span_of, Ctx, PeopleBuilder};
use crate::model::Span;

/// Titles written before a name, longest first where one contains another.
const TITLES: &[&str] = &[
    "董事会主席",
    "副总经理",
    "总经理",
    "董事长",
    "副董事长",
    "副主席",
    "主席",
    "副总裁",
    "总裁",
    "副部长",
    "部长",
    "副局长",
    "局长",
    "秘书长",
    "总干事",
    "理事长",
    "社长",
    "会长",
    "大使",
    "代表取締役",
    "本部長",
    "社長",
    "会長",
    "大臣",
    "局長",
    "部長",
    "理事長",
    "総裁",
    "デザイナー",
];

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4dbf | 0x4e00..=0x9fff)
}

fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff)
}

/// The name right after a title inside one token: up to where the token (or a run of Han
/// characters before a kana particle) ends. Returns its byte range within the token text.
fn name_after(w: &str, from: usize) -> Option<(usize, usize)> {
    let rest = w.get(from..)?;
    // Japanese "の" between a title and a name: "デザイナーの中村美咲".
    let (skip, rest) = match rest.strip_prefix('の') {
        Some(r) => ('の'.len_utf8(), r),
        None => (0, rest),
    };
    let han = han_prefix(rest);
    let chars = rest[..han].chars().count();
    let after = rest[han..].chars().next();
    // The name ends the token, or a kana particle follows it ("が", "は", "氏").
    let ends = after.is_none() || after.is_some_and(is_kana);
    // "李明表示": a verb of speaking or attending right after the name.
    if let Some(cut) = verb_cut(&rest[..han], 4) {
        return Some((from + skip, from + skip + cut));
    }
    ((2..=4).contains(&chars) && ends).then_some((from + skip, from + skip + han))
}

/// The byte length of the Han characters at the start of `s`.
fn han_prefix(s: &str) -> usize {
    s.chars()
        .take_while(|&c| is_han(c))
        .map(char::len_utf8)
        .sum()
}

/// Where a name of 2 to `max` characters ends because a verb follows it.
fn verb_cut(run: &str, max: usize) -> Option<usize> {
    run.char_indices()
        .skip(2)
        .take(max - 1)
        .find(|(i, _)| VERBS.iter().any(|v| run[*i..].starts_with(v)))
        .map(|(i, _)| i)
}

/// Verbs that follow a name in press notices: attended, said, thanked, introduced, met ...
const VERBS: &[&str] = &[
    "出席", "表示", "感谢", "指出", "介绍", "会见", "参加", "致辞", "强调", "签署", "率团", "一行",
    "说", "称", "等",
];

/// People named after a title in CJK text, and Latin glosses of names.
pub(super) fn people(c: &Ctx, out: &mut PeopleBuilder) {
    let n = c.toks.len();
    for k in 0..n {
        let t = &c.toks[k];
        if t.is_word() && !t.is_ascii() {
            let w = t.text(c.text);
            for title in TITLES {
                let Some(p) = w.rfind(title) else { continue };
                let Some((a, b)) = name_after(w, p + title.len()) else {
                    continue;
                };
                let mut span = Span(t.start + a, t.start + b);
                // "叶尔兰·阿别诺夫": a transliterated name in parts joined by a dot.
                if b == w.len() && c.w(k + 1) == "·" {
                    if let Some(next) = c.toks.get(k + 2) {
                        let nw = next.text(c.text);
                        let han = han_prefix(nw);
                        let part = if han == nw.len() && (2..=5).contains(&nw.chars().count()) {
                            Some(han)
                        } else {
                            verb_cut(&nw[..han], 5)
                        };
                        if let Some(len) = part {
                            span = Span(span.0, next.start + len);
                        }
                    }
                }
                let name = c.text.get(span.0..span.1).unwrap_or("").to_string();
                out.add(
                    name,
                    Some((*title).to_string()),
                    None,
                    "person.cjk_title",
                    span,
                );
                break;
            }
        }
        // "쩐 민 코아(Tran Minh Khoa)": the Latin form of a name written in another script.
        if c.w(k) == "("
            && k > 0
            && c.toks[k - 1].end == t.start
            && !c.w(k - 1).is_ascii()
            && c.toks[k - 1].kind == Kind::Word
        {
            let e = c.name_end(k + 1, 4);
            if e >= k + 3 && c.w(e) == ")" {
                let span = span_of(c.toks, k + 1, e);
                out.add(name_of(c.text, span), None, None, "person.gloss", span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::name_after;

    #[test]
    fn names_after_titles() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("chinese_name_ends_token", "公司副总经理李明", Some("李明")),
            ("chinese_name_then_verb", "副总经理李明表示", Some("李明")),
            (
                "chinese_title_then_phrase",
                "总经理认为这一合作很重要",
                None,
            ),
            (
                "japanese_no_then_particle",
                "デザイナーの田中花子が",
                Some("田中花子"),
            ),
            ("too_long", "总经理一二三四五六", None),
        ];
        for (id, w, want) in cases {
            let title = ["副总经理", "デザイナー", "总经理"]
                .iter()
                .find_map(|t| w.rfind(t).map(|p| p + t.len()));
            let got = title
                .and_then(|from| name_after(w, from))
                .map(|(a, b)| &w[a..b]);
            assert_eq!(got, *want, "{id}");
        }
    }
}
