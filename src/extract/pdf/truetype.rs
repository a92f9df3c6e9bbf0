//! The Unicode `cmap` of an embedded TrueType/OpenType program, inverted to glyph id -> char:
//! the last resort for CID fonts that carry no ToUnicode map (what poppler does too).
//!
//! Reads formats 4 and 12 of the (3,1), (3,10) or (0,x) subtables with bounds-checked slices and
//! a cap on entries, so a hostile font costs little.

use std::collections::HashMap;

const MAX_ENTRIES: usize = 200_000;
/// Code points visited at most, inserted or not: a hostile table must not loop for long.
const MAX_STEPS: usize = 1_000_000;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

/// Glyph id -> Unicode for the font program `data`; empty when it has no usable cmap.
pub fn unicode_by_gid(data: &[u8]) -> HashMap<u16, char> {
    let mut out = HashMap::new();
    let Some(cmap) = find_table(data, b"cmap") else {
        return out;
    };
    let Some(n) = u16_at(cmap, 2) else {
        return out;
    };
    // Prefer the full-repertoire subtable, then the BMP one.
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n as usize {
        let rec = 4 + i * 8;
        let (Some(pid), Some(eid), Some(off)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            break;
        };
        let rank = match (pid, eid) {
            (3, 10) => 3,
            (0, 4) | (0, 6) => 3,
            (3, 1) => 2,
            (0, _) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, off as usize));
        }
    }
    let Some((_, off)) = best else {
        return out;
    };
    let Some(sub) = cmap.get(off..) else {
        return out;
    };
    match u16_at(sub, 0) {
        Some(4) => format4(sub, &mut out),
        Some(12) => format12(sub, &mut out),
        _ => {}
    }
    out
}

fn find_table<'a>(data: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = u16_at(data, 4)? as usize;
    for i in 0..n {
        let rec = 12 + i * 16;
        if data.get(rec..rec + 4)? == tag {
            let off = u32_at(data, rec + 8)? as usize;
            let len = u32_at(data, rec + 12)? as usize;
            return data.get(off..off.checked_add(len)?.min(data.len()));
        }
    }
    None
}

fn keep(out: &mut HashMap<u16, char>, gid: u16, c: char) {
    // Several chars may share a glyph; the smallest code point is the plain form.
    if gid != 0 && out.len() < MAX_ENTRIES {
        let e = out.entry(gid).or_insert(c);
        if c < *e {
            *e = c;
        }
    }
}

fn format4(d: &[u8], out: &mut HashMap<u16, char>) {
    let Some(seg2) = u16_at(d, 6) else { return };
    let segs = seg2 as usize / 2;
    let ends = 14;
    let starts = ends + seg2 as usize + 2;
    let deltas = starts + seg2 as usize;
    let ranges = deltas + seg2 as usize;
    let mut steps = 0usize;
    for s in 0..segs {
        let (Some(end), Some(start), Some(delta), Some(range)) = (
            u16_at(d, ends + 2 * s),
            u16_at(d, starts + 2 * s),
            u16_at(d, deltas + 2 * s),
            u16_at(d, ranges + 2 * s),
        ) else {
            return;
        };
        if start > end {
            continue;
        }
        for c in start..=end {
            steps += 1;
            if c == 0xffff || out.len() >= MAX_ENTRIES || steps > MAX_STEPS {
                break;
            }
            let gid = if range == 0 {
                c.wrapping_add(delta)
            } else {
                let at = ranges + 2 * s + range as usize + 2 * (c - start) as usize;
                match u16_at(d, at) {
                    Some(0) | None => continue,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            if let Some(ch) = char::from_u32(c as u32) {
                keep(out, gid, ch);
            }
        }
    }
}

fn format12(d: &[u8], out: &mut HashMap<u16, char>) {
    let Some(groups) = u32_at(d, 12) else { return };
    let mut steps = 0usize;
    for g in 0..groups as usize {
        let at = 16 + g * 12;
        let (Some(start), Some(end), Some(gid)) =
            (u32_at(d, at), u32_at(d, at + 4), u32_at(d, at + 8))
        else {
            return;
        };
        let end = end.min(char::MAX as u32);
        let mut c = start;
        while c <= end && out.len() < MAX_ENTRIES && steps < MAX_STEPS {
            let gid = gid.wrapping_add(c - start);
            if let (Ok(gid), Some(ch)) = (u16::try_from(gid), char::from_u32(c)) {
                keep(out, gid, ch);
            }
            steps += 1;
            c += 1;
        }
        if steps >= MAX_STEPS {
            return;
        }
    }
}

/// A minimal TrueType program holding only a format 4 (3,1) cmap: for tests.
#[cfg(test)]
pub fn test_font(segments: &[(u16, u16, u16)]) -> Vec<u8> {
    // segments: (start, end, first glyph id); the required 0xFFFF segment is added.
    let mut segs: Vec<(u16, u16, u16)> = segments.to_vec();
    segs.push((0xffff, 0xffff, 1));
    let n = segs.len() as u16;
    let mut sub = Vec::new();
    let len = 16 + 8 * n as usize;
    for v in [4u16, len as u16, 0, n * 2, 0, 0, 0] {
        sub.extend(v.to_be_bytes());
    }
    for s in &segs {
        sub.extend(s.1.to_be_bytes());
    }
    sub.extend(0u16.to_be_bytes());
    for s in &segs {
        sub.extend(s.0.to_be_bytes());
    }
    for s in &segs {
        sub.extend(s.2.wrapping_sub(s.0).to_be_bytes());
    }
    for _ in &segs {
        sub.extend(0u16.to_be_bytes());
    }
    let mut cmap = Vec::new();
    for v in [0u16, 1, 3, 1] {
        cmap.extend(v.to_be_bytes());
    }
    cmap.extend(12u32.to_be_bytes());
    cmap.extend(sub);
    let mut font = Vec::new();
    font.extend(0x0001_0000u32.to_be_bytes());
    for v in [1u16, 16, 0, 0] {
        font.extend(v.to_be_bytes());
    }
    font.extend(b"cmap");
    font.extend(0u32.to_be_bytes());
    font.extend(28u32.to_be_bytes());
    font.extend((cmap.len() as u32).to_be_bytes());
    font.extend(cmap);
    font
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format4_cmap_inverts_to_glyph_ids() {
        let font = test_font(&[(0x41, 0x43, 10), (0x738b, 0x738b, 20)]);
        let map = unicode_by_gid(&font);
        let cases = [
            ("A", 10, Some('A')),
            ("C", 12, Some('C')),
            ("wang", 20, Some('王')),
            ("none", 13, None),
        ];
        for (id, gid, want) in cases {
            assert_eq!(map.get(&gid).copied(), want, "{id}");
        }
    }

    #[test]
    fn hostile_format12_ranges_end_quickly() {
        // One group spanning every 32-bit code: must stop at the step bound, not loop for ever.
        let mut sub = Vec::new();
        sub.extend(12u16.to_be_bytes());
        sub.extend([0u8; 2]);
        sub.extend(28u32.to_be_bytes());
        sub.extend(0u32.to_be_bytes());
        sub.extend(1u32.to_be_bytes());
        sub.extend(0x0011_0000u32.to_be_bytes());
        sub.extend(u32::MAX.to_be_bytes());
        sub.extend(5u32.to_be_bytes());
        let mut cmap = Vec::new();
        for v in [0u16, 1, 3, 10] {
            cmap.extend(v.to_be_bytes());
        }
        cmap.extend(12u32.to_be_bytes());
        cmap.extend(sub);
        let mut font = Vec::new();
        font.extend(0x0001_0000u32.to_be_bytes());
        for v in [1u16, 16, 0, 0] {
            font.extend(v.to_be_bytes());
        }
        font.extend(b"cmap");
        font.extend(0u32.to_be_bytes());
        font.extend(28u32.to_be_bytes());
        font.extend((cmap.len() as u32).to_be_bytes());
        font.extend(cmap);
        assert!(unicode_by_gid(&font).is_empty());
    }

    #[test]
    fn garbage_gives_nothing() {
        assert!(unicode_by_gid(b"\x00\x01\x00\x00\x00\x05garbage").is_empty());
        assert!(unicode_by_gid(&[]).is_empty());
    }
}
