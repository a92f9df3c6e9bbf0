//! The content-stream interpreter: follows the graphics and text state (CTM through q/Q and cm,
//! Tm/Tlm, Td/TD/T*/Tm, Tc/Tw/Tz/TL/Ts, TJ offsets, ' and ") and turns every shown glyph into a
//! positioned [`Glyph`] in device space. Form XObjects are followed through `Do` up to a depth
//! bound and never into themselves; marked-content `/ActualText` replaces the glyphs it covers.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::{Code, Font};
use super::{deref, name_of, num, Budget};

/// How deep Form XObjects may nest.
const MAX_FORM_DEPTH: usize = 12;
/// Operations interpreted per page, all streams included: bounds a huge or looping page.
const MAX_OPS: usize = 20_000_000;
/// Glyphs kept per page.
const MAX_GLYPHS: usize = 2_000_000;
/// Saved graphics states: an unbalanced `q` flood must not grow memory without end.
const MAX_STACK: usize = 4096;

/// A 2D affine matrix `[a b c d e f]`, PDF's row-vector convention.
pub type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// One glyph as placed on the page: device space (y grows upwards) for horizontal text, and for
/// rotated text the same space turned so that its baseline runs along x.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    /// Effective font size in device space.
    pub size: f64,
    /// The glyph is a space: a word break, not text.
    pub space: bool,
    /// Direction of the baseline in degrees (0 for ordinary horizontal text).
    pub angle: i16,
}

/// What a page's content produced.
#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<Glyph>,
    /// Glyphs whose text the font could not give.
    pub unmapped: usize,
    /// Images drawn (XObject or inline): with no text, a sign of a scanned page.
    pub images: usize,
    /// Problems worth a warning, deduplicated.
    pub problems: Vec<String>,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_space: f64,
    word_space: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

struct ActualText {
    text: String,
    extent: Option<Placed>,
}

/// A glyph's place in the frame of its baseline direction.
#[derive(Clone, Copy, Debug)]
struct Placed {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    angle: i16,
}

struct Interp<'a> {
    doc: &'a Document,
    budget: &'a Budget,
    cache: &'a mut Cache,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    out: PageContent,
    ops: usize,
    forms: Vec<ObjectId>,
    marked: Vec<Option<ActualText>>,
    codes: Vec<Code>,
    clip: Option<[f64; 4]>,
}

/// Fonts and decoded Form XObjects of one document, kept across its pages: a logo drawn on every
/// page is decoded (and charged to the budget) once.
#[derive(Default)]
pub struct Cache {
    fonts: HashMap<ObjectId, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
}

/// Interprets a page's content, reusing and filling `cache`.
pub fn run_page(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    media_box: Option<[f64; 4]>,
    budget: &Budget,
    cache: &mut Cache,
) -> PageContent {
    let mut it = Interp {
        doc,
        budget,
        cache,
        gs: GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        },
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        out: PageContent::default(),
        ops: 0,
        forms: Vec::new(),
        marked: Vec::new(),
        codes: Vec::new(),
        clip: media_box,
    };
    it.run(content, resources, 0);
    it.out
}

impl<'a> Interp<'a> {
    fn run(&mut self, content: &[u8], resources: &Dictionary, depth: usize) {
        for op in Content::decode_iter(content) {
            let Ok(op) = op else {
                self.problem("content stream is damaged; the rest of it was skipped");
                break;
            };
            self.ops += 1;
            if self.ops > MAX_OPS || self.out.glyphs.len() > MAX_GLYPHS {
                self.problem("page content is too large; the rest was skipped");
                break;
            }
            self.op(&op.operator, &op.operands, resources, depth);
        }
    }

    fn problem(&mut self, p: &str) {
        if !self.out.problems.iter().any(|q| q == p) {
            self.out.problems.push(p.to_string());
        }
    }

    fn op(&mut self, operator: &str, ops: &[Object], resources: &Dictionary, depth: usize) {
        let n = |i: usize| ops.get(i).and_then(num).unwrap_or(0.0);
        match operator {
            "q" if self.stack.len() < MAX_STACK => self.stack.push(self.gs.clone()),
            "Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            "cm" if ops.len() == 6 => {
                let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.gs.ctm = mul(&m, &self.gs.ctm);
            }
            "BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            "Tf" => {
                self.gs.size = n(1);
                self.gs.font = ops
                    .first()
                    .and_then(name_of)
                    .and_then(|name| self.font(resources, name));
            }
            "Tc" => self.gs.char_space = n(0),
            "Tw" => self.gs.word_space = n(0),
            "Tz" => self.gs.scale = n(0) / 100.0,
            "TL" => self.gs.leading = n(0),
            "Ts" => self.gs.rise = n(0),
            "Td" => self.move_line(n(0), n(1)),
            "TD" => {
                self.gs.leading = -n(1);
                self.move_line(n(0), n(1));
            }
            "Tm" if ops.len() == 6 => {
                self.tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.tm = self.tlm;
            }
            "T*" => self.move_line(0.0, -self.gs.leading),
            "Tj" => {
                if let Some(Object::String(s, _)) = ops.first() {
                    self.show(s);
                }
            }
            "'" => {
                self.move_line(0.0, -self.gs.leading);
                if let Some(Object::String(s, _)) = ops.first() {
                    self.show(s);
                }
            }
            "\"" => {
                self.gs.word_space = n(0);
                self.gs.char_space = n(1);
                self.move_line(0.0, -self.gs.leading);
                if let Some(Object::String(s, _)) = ops.get(2) {
                    self.show(s);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = ops.first() {
                    for item in items {
                        match item {
                            Object::String(s, _) => self.show(s),
                            other => {
                                if let Some(adj) = num(other) {
                                    let tx = -adj / 1000.0 * self.gs.size * self.gs.scale;
                                    self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                                }
                            }
                        }
                    }
                }
            }
            "Do" => {
                if let Some(name) = ops.first().and_then(name_of) {
                    self.xobject(resources, name, depth);
                }
            }
            "BI" => self.out.images += 1,
            "BMC" => self.marked.push(None),
            "BDC" => {
                let text = ops
                    .get(1)
                    .and_then(|o| self.properties(resources, o))
                    .and_then(|d| d.get(b"ActualText").ok())
                    .and_then(|o| deref(self.doc, o))
                    .and_then(|o| lopdf::decode_text_string(o).ok());
                self.marked
                    .push(text.map(|text| ActualText { text, extent: None }));
            }
            "EMC" => {
                if let Some(Some(at)) = self.marked.pop() {
                    if let Some(p) = at.extent {
                        self.emit(at.text, p);
                    }
                }
            }
            _ => {}
        }
    }

    fn move_line(&mut self, tx: f64, ty: f64) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn properties<'b>(
        &'b self,
        resources: &'b Dictionary,
        o: &'b Object,
    ) -> Option<&'b Dictionary> {
        match o {
            Object::Dictionary(d) => Some(d),
            Object::Name(n) => resources
                .get(b"Properties")
                .ok()
                .and_then(|p| deref(self.doc, p))
                .and_then(|p| p.as_dict().ok())
                .and_then(|p| p.get(n).ok())
                .and_then(|p| deref(self.doc, p))
                .and_then(|p| p.as_dict().ok()),
            _ => None,
        }
    }

    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<Rc<Font>> {
        let entry = resources
            .get(b"Font")
            .ok()
            .and_then(|f| deref(self.doc, f))
            .and_then(|f| f.as_dict().ok())?
            .get(name)
            .ok()?;
        let id = entry.as_reference().ok();
        if let Some(f) = id.and_then(|id| self.cache.fonts.get(&id)) {
            return Some(f.clone());
        }
        let dict = deref(self.doc, entry)?.as_dict().ok()?;
        let font = Rc::new(Font::load(self.doc, dict, self.budget));
        if let Some(p) = &font.problem {
            let p = format!("font {}: {p}", String::from_utf8_lossy(name));
            self.problem(&p);
        }
        if let Some(id) = id {
            self.cache.fonts.insert(id, font.clone());
        }
        Some(font)
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let mut codes = std::mem::take(&mut self.codes);
        font.decode(bytes, &mut codes);
        let g = self.gs.clone();
        for code in &codes {
            let trm = mul(
                &mul(&[g.size * g.scale, 0.0, 0.0, g.size, 0.0, g.rise], &self.tm),
                &g.ctm,
            );
            match &code.text {
                Some(t) => {
                    if let Some(p) = self.place(&trm, code.width, font.size_scale) {
                        if let Some(Some(at)) = self.marked.iter_mut().rev().find(|m| m.is_some()) {
                            let e = at.extent.get_or_insert(p);
                            e.x0 = e.x0.min(p.x0);
                            e.x1 = e.x1.max(p.x1);
                        } else {
                            self.emit(t.clone(), p);
                        }
                    }
                }
                None => {
                    self.out.unmapped += 1;
                }
            }
            let mut adv = code.width * g.size + g.char_space;
            if code.word_space {
                adv += g.word_space;
            }
            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, adv * g.scale, 0.0], &self.tm);
        }
        self.codes = codes;
    }

    /// Where a glyph of advance `width` lands under the text rendering matrix `trm`: in the
    /// frame of its own baseline direction, so rotated text lays out like horizontal text.
    fn place(&self, trm: &Matrix, width: f64, size_scale: f64) -> Option<Placed> {
        let (dx, dy) = (trm[4], trm[5]);
        let size = trm[2].hypot(trm[3]) * size_scale;
        let n = trm[0].hypot(trm[1]);
        if !(dx.is_finite() && dy.is_finite() && size.is_finite() && n.is_finite()) || n == 0.0 {
            return None;
        }
        if let Some([bx0, by0, bx1, by1]) = self.clip {
            let m = 2.0 * size.max(1.0);
            if dx < bx0 - m || dx > bx1 + m || dy < by0 - m || dy > by1 + m {
                return None;
            }
        }
        let (c, s) = (trm[0] / n, trm[1] / n);
        let (angle, c, s) = if s.abs() < 0.02 && c > 0.0 {
            (0, 1.0, 0.0)
        } else {
            (s.atan2(c).to_degrees().round() as i16, c, s)
        };
        let x0 = dx * c + dy * s;
        let y = -dx * s + dy * c;
        let x1 = x0 + n * width;
        let (x0, x1) = if x1 < x0 { (x1, x0) } else { (x0, x1) };
        Some(Placed {
            x0,
            x1,
            y,
            size,
            angle,
        })
    }

    fn emit(&mut self, text: String, p: Placed) {
        let space = text.chars().all(char::is_whitespace);
        // Fake bold: the same glyph drawn again at (almost) the same place.
        let tol = 0.15 * p.size.max(0.1);
        let dup = self.out.glyphs.iter().rev().take(8).any(|q| {
            !space && q.text == text && (q.x0 - p.x0).abs() < tol && (q.y - p.y).abs() < tol
        });
        if dup {
            return;
        }
        self.out.glyphs.push(Glyph {
            text,
            x0: p.x0,
            x1: p.x1,
            y: p.y,
            size: p.size,
            space,
            angle: p.angle,
        });
    }

    fn xobject(&mut self, resources: &Dictionary, name: &[u8], depth: usize) {
        let Some(entry) = resources
            .get(b"XObject")
            .ok()
            .and_then(|x| deref(self.doc, x))
            .and_then(|x| x.as_dict().ok())
            .and_then(|x| x.get(name).ok())
        else {
            return;
        };
        let id = entry.as_reference().ok();
        let Some(stream) = deref(self.doc, entry).and_then(|o| o.as_stream().ok()) else {
            return;
        };
        match stream.dict.get(b"Subtype").ok().and_then(name_of) {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    self.problem("Form XObjects nest too deeply; the deepest were skipped");
                    return;
                }
                if let Some(id) = id {
                    if self.forms.contains(&id) {
                        self.problem("a Form XObject draws itself; the cycle was cut");
                        return;
                    }
                    self.forms.push(id);
                }
                let cached = id.and_then(|id| self.cache.forms.get(&id).cloned());
                let decoded = cached.or_else(|| {
                    let d = Rc::new(self.budget.decode(stream)?);
                    if let Some(id) = id {
                        self.cache.forms.insert(id, d.clone());
                    }
                    Some(d)
                });
                let Some(data) = decoded else {
                    self.problem("a Form XObject could not be decoded");
                    if id.is_some() {
                        self.forms.pop();
                    }
                    return;
                };
                let mut m = IDENTITY;
                if let Some(a) = stream
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|o| deref(self.doc, o))
                    .and_then(|o| o.as_array().ok())
                {
                    for (k, o) in a.iter().take(6).enumerate() {
                        m[k] = num(o).unwrap_or(m[k]);
                    }
                }
                let own = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| deref(self.doc, o))
                    .and_then(|o| o.as_dict().ok());
                let saved = (self.gs.clone(), self.tm, self.tlm, self.stack.len());
                self.gs.ctm = mul(&m, &self.gs.ctm);
                let res = own.unwrap_or(resources);
                self.run(&data, res, depth + 1);
                self.gs = saved.0;
                self.tm = saved.1;
                self.tlm = saved.2;
                self.stack.truncate(saved.3);
                if id.is_some() {
                    self.forms.pop();
                }
            }
            _ => {}
        }
    }
}
