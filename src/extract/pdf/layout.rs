//! Layout: positioned glyphs -> words -> lines -> reading order -> text.
//!
//! Words break where the gap between glyphs exceeds a fraction of the font size; lines group
//! words on one baseline. A page whose lines leave a vertical gutter empty is read as two
//! columns, left before right, between the full-width lines (titles, headers) that cross the
//! gutter. Paragraphs break on a vertical gap larger than the usual line spacing or an indented
//! first line. Across pages, [`finish`] drops repeated headers, footers and page numbers and joins
//! words hyphenated at line ends.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::interp::Glyph;

/// A gap wider than this fraction of the font size separates words.
const WORD_GAP: f64 = 0.12;

/// A word: glyphs on one baseline with no word-sized gap between them.
#[derive(Clone, Debug)]
struct Word {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
}

/// One line of a page in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    /// Baseline.
    pub y: f64,
    pub x0: f64,
    pub size: f64,
    /// A paragraph starts here: a blank line goes before it.
    pub para: bool,
}

/// The extra gap every pair of letters in each glyph's run shares: letter-spacing (Tc, or TJ
/// offsets used the same way), so that only gaps wider than that count as word breaks.
fn letter_spacing(glyphs: &[Glyph]) -> Vec<f64> {
    let mut out = vec![0.0; glyphs.len()];
    let mut start = 0;
    while start < glyphs.len() {
        // A run: consecutive glyphs along one baseline, never jumping far.
        let mut end = start + 1;
        while end < glyphs.len() {
            let (p, g) = (&glyphs[end - 1], &glyphs[end]);
            let size = p.size.max(g.size).max(0.1);
            let gap = g.x0 - p.x1;
            if (g.y - p.y).abs() >= 0.3 * size || gap <= -0.6 * size || gap > 2.0 * size {
                break;
            }
            end += 1;
        }
        let run = &glyphs[start..end];
        let mut gaps: Vec<f64> = run
            .windows(2)
            .filter(|w| !w[0].space && !w[1].space)
            .map(|w| (w[1].x0 - w[0].x1) / w[0].size.max(0.1))
            .collect();
        // Adapt only with enough evidence; the lower quartile ignores the word gaps.
        if gaps.len() >= 8 {
            gaps.sort_by(f64::total_cmp);
            let q = gaps[gaps.len() / 4].max(0.0);
            for (slot, g) in out[start..end].iter_mut().zip(run) {
                *slot = q * g.size;
            }
        }
        start = end;
    }
    out
}

/// The combining form of an accent drawn as a glyph of its own (TeX builds "é" from "e" and
/// an acute accent placed over it).
fn combining(text: &str) -> Option<char> {
    let t = text.trim();
    let mut chars = t.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let mark = match c {
        '\u{300}'..='\u{36f}' => c,
        '´' => '\u{301}',
        'ˋ' => '\u{300}',
        'ˆ' => '\u{302}',
        '˜' => '\u{303}',
        '¯' => '\u{304}',
        '˘' => '\u{306}',
        '˙' => '\u{307}',
        '¨' => '\u{308}',
        '˚' => '\u{30a}',
        '˝' => '\u{30b}',
        'ˇ' => '\u{30c}',
        '¸' => '\u{327}',
        '˛' => '\u{328}',
        _ => return None,
    };
    Some(mark)
}

/// Attaches accents drawn over or under a letter to that letter, as combining marks that the
/// final normalisation composes ("e" + acute -> "é").
fn attach_marks(glyphs: &[Glyph]) -> Vec<Glyph> {
    if !glyphs.iter().any(|g| combining(&g.text).is_some()) {
        return glyphs.to_vec();
    }
    let over = |m: &Glyph, b: &Glyph| {
        let centre = (m.x0 + m.x1) / 2.0;
        let tol = 0.15 * b.size.max(0.1);
        !b.space
            && b.text.chars().next().is_some_and(char::is_alphabetic)
            && (m.y - b.y).abs() < 0.8 * b.size.max(m.size)
            && centre > b.x0 - tol
            && centre < b.x1 + tol
    };
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    let mut pending: Option<char> = None;
    for (i, g) in glyphs.iter().enumerate() {
        if let Some(mark) = combining(&g.text) {
            if glyphs.get(i + 1).is_some_and(|n| over(g, n)) {
                pending = Some(mark);
                continue;
            }
            if let Some(prev) = out.last_mut().filter(|p| over(g, p)) {
                prev.text.push(mark);
                continue;
            }
        }
        let mut g = g.clone();
        if let Some(mark) = pending.take() {
            g.text.push(mark);
        }
        out.push(g);
    }
    out
}

fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let glyphs = &attach_marks(glyphs)[..];
    let spacing = letter_spacing(glyphs);
    let mut out: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    for (g, extra) in glyphs.iter().zip(spacing) {
        if g.space {
            if let Some(w) = cur.take() {
                out.push(w);
            }
            continue;
        }
        if let Some(w) = &mut cur {
            let size = w.size.max(g.size).max(0.1);
            let same_line = (g.y - w.y).abs() < 0.3 * size;
            let gap = g.x0 - w.x1;
            if same_line && gap < WORD_GAP * size + extra && gap > -0.6 * size {
                w.text.push_str(&g.text);
                w.x1 = w.x1.max(g.x1);
                w.size = w.size.max(g.size);
                continue;
            }
            if let Some(w) = cur.take() {
                out.push(w);
            }
        }
        cur = Some(Word {
            text: g.text.clone(),
            x0: g.x0,
            x1: g.x1,
            y: g.y,
            size: g.size,
        });
    }
    out.extend(cur);
    out
}

/// Groups words into baseline lines, top to bottom, each sorted left to right.
fn baselines(mut ws: Vec<Word>) -> Vec<Vec<Word>> {
    ws.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for w in ws {
        if let Some(line) = lines.last_mut() {
            let ly = line[0].y;
            let size = line[0].size.min(w.size).max(0.1);
            if (ly - w.y).abs() < 0.45 * size {
                line.push(w);
                continue;
            }
        }
        lines.push(vec![w]);
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// An empty vertical strip `[g0, g1]` that splits the page into two columns.
fn find_gutter(lines: &[Vec<Word>]) -> Option<(f64, f64)> {
    let all = lines.iter().flatten();
    let xmin = all.clone().map(|w| w.x0).fold(f64::INFINITY, f64::min);
    let xmax = all.clone().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
    let width = xmax - xmin;
    if !(width.is_finite() && width > 50.0) || lines.len() < 6 {
        return None;
    }
    let mut sizes: Vec<f64> = all.map(|w| w.size).collect();
    sizes.sort_by(f64::total_cmp);
    let size = sizes[sizes.len() / 2].max(1.0);
    let lo = xmin + 0.2 * width;
    let hi = xmax - 0.2 * width;
    let bins = ((hi - lo).ceil() as usize).clamp(1, 4000);
    let step = (hi - lo) / bins as f64;
    let mut count = vec![0usize; bins];
    for l in lines {
        for w in l {
            let a = ((w.x0 - lo) / step).floor().max(0.0) as usize;
            let b = ((w.x1 - lo) / step).ceil().max(0.0) as usize;
            for c in count.iter_mut().take(b.min(bins)).skip(a) {
                *c += 1;
            }
        }
    }
    let allowed = (lines.len() / 8).max(1);
    // The widest run of bins that few lines cross.
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bins {
        if count[i] <= allowed {
            let start = i;
            while i < bins && count[i] <= allowed {
                i += 1;
            }
            if best.is_none_or(|(s, e)| e - s < i - start) {
                best = Some((start, i));
            }
        } else {
            i += 1;
        }
    }
    let (s, e) = best?;
    let (g0, g1) = (lo + s as f64 * step, lo + e as f64 * step);
    // Column gaps are an em or more; aligned word gaps in lists and tables are narrower.
    if g1 - g0 < 0.8 * size {
        return None;
    }
    // Both columns must hold real text: several lines entirely on each side.
    let left = lines
        .iter()
        .filter(|l| l.iter().any(|w| w.x1 <= g0))
        .count();
    let right = lines
        .iter()
        .filter(|l| l.iter().any(|w| w.x0 >= g1))
        .count();
    if left < 4 || right < 4 {
        return None;
    }
    Some((g0, g1))
}

fn line_of(words: &[Word]) -> Line {
    let mut text = String::new();
    for (k, w) in words.iter().enumerate() {
        // Words split only by a baseline shift (a superscript) touch: no space between them.
        if k > 0 && w.x0 - words[k - 1].x1 > WORD_GAP * w.size.min(words[k - 1].size) {
            text.push(' ');
        }
        text.push_str(&w.text);
    }
    Line {
        text,
        y: words.first().map_or(0.0, |w| w.y),
        x0: words.first().map_or(0.0, |w| w.x0),
        size: words.iter().map(|w| w.size).fold(0.0, f64::max),
        para: false,
    }
}

/// How many times a column may split again (three or four columns).
const MAX_SPLITS: usize = 3;

/// Reading order of baseline lines as flows: a column split at the widest gutter, each side
/// split again where it has a gutter of its own, full-width lines between the column blocks.
fn order(lines: Vec<Vec<Word>>, depth: usize, flows: &mut Vec<Vec<Line>>) {
    let gutter = if depth < MAX_SPLITS {
        find_gutter(&lines)
    } else {
        None
    };
    let Some((g0, g1)) = gutter else {
        flows.push(lines.iter().map(|l| line_of(l)).collect());
        return;
    };
    let mid = (g0 + g1) / 2.0;
    let mut left: Vec<Vec<Word>> = Vec::new();
    let mut right: Vec<Vec<Word>> = Vec::new();
    for l in lines {
        if l.iter().any(|w| w.x0 < g1 && w.x1 > g0) {
            for side in [&mut left, &mut right] {
                if !side.is_empty() {
                    order(std::mem::take(side), depth + 1, flows);
                }
            }
            flows.push(vec![line_of(&l)]);
            continue;
        }
        let (a, b): (Vec<Word>, Vec<Word>) = l.into_iter().partition(|w| w.x1 <= mid);
        if !a.is_empty() {
            left.push(a);
        }
        if !b.is_empty() {
            right.push(b);
        }
    }
    for side in [left, right] {
        if !side.is_empty() {
            order(side, depth + 1, flows);
        }
    }
}

/// Lays out one page's glyphs into lines in reading order: horizontal text first, then each
/// other direction (rotated labels, diagonal stamps) as its own block.
pub fn page_lines(glyphs: &[Glyph]) -> Vec<Line> {
    if glyphs.iter().all(|g| g.angle == 0) {
        return horizontal_lines(glyphs);
    }
    let mut angles: Vec<i16> = glyphs.iter().map(|g| g.angle).collect();
    angles.sort_unstable_by_key(|a| (*a != 0, *a));
    angles.dedup();
    let mut out = Vec::new();
    for a in angles {
        let group: Vec<Glyph> = glyphs.iter().filter(|g| g.angle == a).cloned().collect();
        let mut lines = horizontal_lines(&group);
        if let Some(first) = lines.first_mut() {
            first.para = true;
        }
        out.extend(lines);
    }
    out
}

fn horizontal_lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut flows: Vec<Vec<Line>> = Vec::new();
    order(baselines(words(glyphs)), 0, &mut flows);
    let mut out = Vec::new();
    for mut flow in flows {
        mark_paragraphs(&mut flow);
        if let Some(first) = flow.first_mut() {
            first.para = true;
        }
        out.extend(flow);
    }
    // Consecutive single-line flows (full-width lines) that sit at normal spacing are one block.
    for k in 1..out.len() {
        let (p, c) = (&out[k - 1], &out[k]);
        let gap = p.y - c.y;
        if c.para && gap > 0.0 && gap < 1.35 * p.size.max(c.size) && (p.size - c.size).abs() < 0.5 {
            let lone =
                |i: usize| (i == 0 || out[i].para) && (i + 1 >= out.len() || out[i + 1].para);
            if lone(k - 1) && lone(k) {
                out[k].para = false;
            }
        }
    }
    out
}

fn mark_paragraphs(flow: &mut [Line]) {
    if flow.len() < 2 {
        return;
    }
    let mut gaps: Vec<f64> = flow
        .windows(2)
        .map(|w| w[0].y - w[1].y)
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    // The tightest ordinary spacing; sub- and superscripts sit closer than half a size.
    let mut sizes: Vec<f64> = flow.iter().map(|l| l.size).collect();
    sizes.sort_by(f64::total_cmp);
    let floor = 0.6 * sizes[sizes.len() / 2];
    let typical = gaps.iter().copied().find(|g| *g >= floor).unwrap_or(0.0);
    let left = flow.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
    for k in 1..flow.len() {
        let (p, c) = (&flow[k - 1], &flow[k]);
        let gap = p.y - c.y;
        let size = p.size.max(c.size).max(1.0);
        let wide_gap = typical > 0.0 && gap > typical * 1.3 + 0.1 * size;
        let upwards = gap < -0.5 * size;
        let size_change = (p.size - c.size).abs() > 0.15 * size;
        let indented =
            c.x0 > left + 0.8 * size && c.x0 < left + 4.0 * size && p.x0 < left + 0.5 * size;
        if wide_gap || upwards || size_change || indented {
            flow[k].para = true;
        }
    }
}

/// A line that is only a page number: "7", "- 7 -", "Page 7", "Page 7 of 9", "7/9". A bare
/// number must be small enough to be a page of a document of `pages` pages (not a year).
fn is_page_number(text: &str, pages: usize) -> bool {
    let t = text.trim().to_lowercase();
    if !t.chars().any(|c| c.is_ascii_digit()) || t.len() > 20 {
        return false;
    }
    let worded = t.contains("page");
    let rest = t.replace("page", "").replace("of", "");
    let shape = rest
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-–—/|.".contains(c));
    let first: Option<usize> = rest
        .split(|c: char| !c.is_ascii_digit())
        .find(|p| !p.is_empty())
        .and_then(|p| p.parse().ok());
    shape && (worded || first.is_some_and(|n| n <= 2 * pages + 20))
}

fn furniture_key(text: &str) -> String {
    let mut key = String::new();
    let mut digits = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            if !digits {
                key.push('#');
            }
            digits = true;
        } else {
            digits = false;
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Indices of the lines nearest the top and bottom edges of a page: where furniture lives.
fn edge_lines(page: &[Line]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..page.len()).collect();
    idx.sort_by(|&a, &b| page[b].y.total_cmp(&page[a].y));
    let mut out: Vec<usize> = idx.iter().take(2).copied().collect();
    out.extend(idx.iter().rev().take(2));
    out.sort_unstable();
    out.dedup();
    out
}

/// Joins the pages' lines into text: drops repeated headers, footers and page numbers, joins
/// hyphenated words, separates paragraphs by a blank line and pages by a form feed.
/// `hyphenating` says the producer breaks words at line ends by itself (TeX does, office suites
/// and browsers do not by default): it decides a line-end hyphen the document cannot explain.
pub fn finish(pages: Vec<Vec<Line>>, hyphenating: bool) -> String {
    let mut pages = pages;
    // Headers and footers: edge lines whose digit-blind text recurs on many pages.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in &pages {
        let keys: HashSet<String> = edge_lines(p)
            .into_iter()
            .map(|i| furniture_key(&p[i].text))
            .collect();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let need = (pages.len() / 2).max(2);
    let page_count = pages.len();
    for p in &mut pages {
        // Peel furniture off each edge, stopping at the first line that is not furniture.
        let mut order: Vec<usize> = (0..p.len()).collect();
        order.sort_by(|&a, &b| p[b].y.total_cmp(&p[a].y));
        let is_furniture = |l: &Line| {
            is_page_number(&l.text, page_count)
                || seen
                    .get(&furniture_key(&l.text))
                    .is_some_and(|&n| n >= need)
        };
        let mut drop: HashSet<usize> = HashSet::new();
        for &i in order.iter().take(2) {
            if !is_furniture(&p[i]) {
                break;
            }
            drop.insert(i);
        }
        for &i in order.iter().rev().take(2) {
            if !is_furniture(&p[i]) {
                break;
            }
            drop.insert(i);
        }
        let mut k = 0;
        p.retain(|_| {
            k += 1;
            !drop.contains(&(k - 1))
        });
        if let Some(first) = p.first_mut() {
            first.para = true;
        }
    }

    // Hyphenated forms written inside lines tell real compounds from line-end hyphenation.
    let mut known = Known::default();
    for l in pages.iter().flatten() {
        for w in l.text.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if w.contains('-') {
                known.compounds.insert(w.to_lowercase());
            } else {
                known.words.insert(w.to_lowercase());
            }
        }
    }
    known.hyphenating = hyphenating;

    for p in &mut pages {
        dehyphenate(p, &known);
    }
    // A word hyphenated across a page break: its second part joins the page it starts on.
    for pi in 1..pages.len() {
        let (before, after) = pages.split_at_mut(pi);
        let prev = before.iter_mut().rev().find_map(|p| p.last_mut());
        if let (Some(prev), Some(next)) = (prev, after[0].first_mut()) {
            join_broken_word(prev, next, &known);
        }
    }

    let mut out = String::new();
    for (pi, lines) in pages.into_iter().enumerate() {
        if pi > 0 {
            out.push('\u{c}');
        }
        let mut first = true;
        for l in &lines {
            if l.text.is_empty() {
                continue;
            }
            if !first {
                out.push('\n');
                if l.para {
                    out.push('\n');
                }
            }
            first = false;
            out.push_str(&clean(&l.text));
        }
    }
    out
}

/// What the rest of the document says about words, to judge a hyphen at a line end.
#[derive(Default)]
struct Known {
    /// Hyphenated words written inside lines ("high-level").
    compounds: HashSet<String>,
    /// Other words ("cooperate").
    words: HashSet<String>,
    hyphenating: bool,
}

fn dehyphenate(lines: &mut [Line], known: &Known) {
    for k in 0..lines.len().saturating_sub(1) {
        if lines[k + 1].para {
            continue;
        }
        let (a, b) = lines.split_at_mut(k + 1);
        join_broken_word(&mut a[k], &mut b[0], known);
    }
}

/// Joins a word broken between `cur` and `next` (a CJK run, or a word hyphenated at the line
/// end), moving the second part up to `cur`.
fn join_broken_word(cur_line: &mut Line, next_line: &mut Line, known: &Known) {
    let cur = cur_line.text.trim_end().to_string();
    // A CJK word broken across lines is one word: join without a separator.
    let next_first = next_line.text.trim_start().chars().next();
    if cur.chars().last().is_some_and(is_cjk) && next_first.is_some_and(is_cjk) {
        let next = next_line.text.trim_start().to_string();
        let cut = next.find(char::is_whitespace).unwrap_or(next.len());
        let (head, rest) = next.split_at(cut);
        cur_line.text = format!("{cur}{head}");
        next_line.text = rest.trim_start().to_string();
        return;
    }
    let (hyphen, soft) = if cur.ends_with('\u{ad}') {
        ('\u{ad}', true)
    } else if cur.ends_with('-') {
        ('-', false)
    } else if cur.ends_with('—') {
        ('—', false)
    } else {
        return;
    };
    let stem = &cur[..cur.len() - hyphen.len_utf8()];
    let Some(before) = stem.chars().last() else {
        return;
    };
    if !before.is_alphanumeric() {
        return;
    }
    let next = next_line.text.trim_start().to_string();
    let (first_word, rest) = match next.find(char::is_whitespace) {
        Some(i) => (&next[..i], next[i..].trim_start()),
        None => (next.as_str(), ""),
    };
    if first_word.is_empty() {
        return;
    }
    let last_word = stem.rsplit(char::is_whitespace).next().unwrap_or("");
    let starts_lower = first_word.chars().next().is_some_and(char::is_lowercase);
    let joined_form = format!("{last_word}-{first_word}")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_lowercase();
    let keep = match hyphen {
        '—' => true,
        _ if soft => false,
        _ if !starts_lower => true,
        _ if known.compounds.contains(&joined_form) => true,
        _ if known.words.contains(&joined_form.replace('-', "")) => false,
        _ => !known.hyphenating,
    };
    let mut text = if keep { cur.clone() } else { stem.to_string() };
    text.push_str(first_word);
    cur_line.text = text;
    next_line.text = rest.to_string();
}

/// Unicode clean-up of extracted text: NFKC (ligatures, compatibility forms), no soft hyphens,
/// no control characters. Full-width punctuation and the ideographic space are what a CJK reader
/// sees, so they are kept as they are.
fn clean(s: &str) -> String {
    let keep = |c: char| ('\u{ff00}'..='\u{ffef}').contains(&c) || c == '\u{3000}';
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        if c == '\u{ad}' || (c.is_control() && c != '\t') {
            continue;
        }
        if keep(c) {
            out.extend(run.nfkc());
            run.clear();
            out.push(c);
        } else {
            run.push(c);
        }
    }
    out.extend(run.nfkc());
    out
}

/// Scripts written without spaces between words, where a line may break anywhere.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0x1100..=0x11ff
        | 0x3130..=0x318f | 0xf900..=0xfaff | 0x20000..=0x2fa1f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs_of(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        let w = 0.5 * size;
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x0: x + i as f64 * w,
                x1: x + (i + 1) as f64 * w,
                y,
                size,
                space: c == ' ',
                angle: 0,
            })
            .collect()
    }

    #[test]
    fn words_break_on_gaps_and_lines_on_baselines() {
        let mut g = glyphs_of("Postal", 72.0, 700.0, 10.0);
        // A gap of 0.3 em and no space glyph: still a word break.
        g.extend(glyphs_of("meeting", 72.0 + 30.0 + 3.0, 700.0, 10.0));
        g.extend(glyphs_of("held", 72.0, 688.0, 10.0));
        let lines = page_lines(&g);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Postal meeting", "held"]);
    }

    #[test]
    fn two_columns_read_left_then_right() {
        let mut g = glyphs_of(
            "A title across the whole page width here",
            72.0,
            760.0,
            12.0,
        );
        for i in 0..8 {
            let y = 730.0 - 12.0 * i as f64;
            g.extend(glyphs_of(&format!("left{i} text"), 72.0, y, 10.0));
            g.extend(glyphs_of(&format!("right{i} text"), 300.0, y, 10.0));
        }
        let lines = page_lines(&g);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[0], "A title across the whole page width here");
        assert_eq!(texts[1], "left0 text");
        assert_eq!(texts[8], "left7 text");
        assert_eq!(texts[9], "right0 text");
    }

    #[test]
    fn three_columns_read_in_order() {
        let mut g = Vec::new();
        for i in 0..8 {
            let y = 730.0 - 12.0 * i as f64;
            g.extend(glyphs_of(&format!("a{i} text"), 72.0, y, 10.0));
            g.extend(glyphs_of(&format!("b{i} text"), 250.0, y, 10.0));
            g.extend(glyphs_of(&format!("c{i} text"), 430.0, y, 10.0));
        }
        let lines = page_lines(&g);
        let firsts: Vec<&str> = lines.iter().step_by(8).map(|l| l.text.as_str()).collect();
        assert_eq!(firsts, ["a0 text", "b0 text", "c0 text"]);
        assert_eq!(lines.len(), 24);
    }

    #[test]
    fn furniture_and_hyphenation() {
        let line = |t: &str, y: f64, para: bool| Line {
            text: t.to_string(),
            y,
            x0: 72.0,
            size: 10.0,
            para,
        };
        let page = |n: usize, body: [&str; 4]| {
            vec![
                line("Ministry of Posts - Memorandum", 800.0, true),
                line(body[0], 700.0, true),
                line(body[1], 688.0, false),
                line(body[2], 676.0, false),
                line(body[3], 664.0, false),
                line(&format!("Page {n} of 3"), 40.0, true),
            ]
        };
        let pages = vec![
            page(
                1,
                [
                    "The talks covered high-level",
                    "matters. Both sides agreed to co-",
                    "operate on linehaul and high-",
                    "level exchanges, a China-",
                ],
            ),
            page(
                2,
                [
                    "Japan route and cross-border mail.",
                    "The group meets every quarter.",
                    "It reports to both Directors.",
                    "Its first report is due soon.",
                ],
            ),
            page(3, ["A", "B", "C", "D"]),
        ];
        let text = finish(pages, true);
        let first = text.split('\u{c}').next().unwrap_or("");
        assert_eq!(
            first,
            "The talks covered high-level\nmatters. Both sides agreed to cooperate\non linehaul and high-level\nexchanges, a China-Japan"
        );
        let second = text.split('\u{c}').nth(1).unwrap_or("");
        assert!(
            second.starts_with("route and cross-border mail.\n"),
            "{second:?}"
        );
        assert!(!text.contains("Memorandum"));
        assert!(!text.contains("Page"));
    }

    #[test]
    fn accents_drawn_apart_join_their_letters() {
        // TeX's "é": an acute accent glyph over the "e" that follows it, and a cedilla under
        // the "c" before it.
        let mut g = glyphs_of("Jos", 72.0, 700.0, 10.0);
        g.push(Glyph {
            text: " \u{301}".to_string(),
            x0: 87.5,
            x1: 91.5,
            y: 700.0,
            size: 10.0,
            space: false,
            angle: 0,
        });
        g.extend(glyphs_of("e Franc", 87.0, 700.0, 10.0));
        g.push(Glyph {
            text: "¸".to_string(),
            x0: 118.0,
            x1: 121.0,
            y: 700.0,
            size: 10.0,
            space: false,
            angle: 0,
        });
        g.extend(glyphs_of("ois", 122.0, 700.0, 10.0));
        let text = finish(vec![page_lines(&g)], false);
        assert_eq!(text, "José François");
    }

    #[test]
    fn page_numbers_are_recognised() {
        let cases = [
            ("bare", "7", 9, true),
            ("dashed", "- 7 -", 9, true),
            ("worded", "Page 7 of 9", 9, true),
            ("slashed", "7/9", 9, true),
            ("a-year-is-not", "2024", 1, false),
            ("words-are-not", "Annex 7", 9, false),
        ];
        for (id, text, pages, want) in cases {
            assert_eq!(is_page_number(text, pages), want, "{id}");
        }
    }

    #[test]
    fn clean_applies_nfkc_and_drops_soft_hyphens() {
        assert_eq!(
            clean("\u{fb01}nal \u{fb04}ow co\u{ad}op"),
            "final fflow coop"
        );
        assert_eq!(clean("釜山举行，三方"), "釜山举行，三方");
        assert_eq!(clean("Ｐｏｓｔ ½"), "Ｐｏｓｔ 1⁄2");
    }
}
