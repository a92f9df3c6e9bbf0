//! A deterministic generator of realistic test documents: news reports, memoranda, communiqués
//! and minutes about postal operators, ministries, unions and alliances, written as plain text,
//! Markdown, HTML with site chrome, DOCX and PDF.
//!
//! `cargo run --release --example gen_corpus -- --docs N --out DIR [--seed S] [--mix txt=45,html=35,md=8,docx=6,pdf=6]`
//!
//! The same seed gives byte-identical files. Every document carries a unique reference token
//! (`REF` + seed + index) so tests can find exactly that document in the index. The benches and
//! the integration tests include this file as a module (`#[path]`), so the generator lives in one
//! place; `main` is only used when it runs as an example.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, good enough for test data, and stable across platforms and versions.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `k` distinct items (fewer if the slice is shorter).
    pub fn pick_distinct<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        let k = k.min(items.len());
        for i in 0..k {
            let j = i + self.below((idx.len() - i) as u64) as usize;
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| &items[i]).collect()
    }
}

/// The output formats, as a closed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Txt,
    Md,
    Html,
    Docx,
    Pdf,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Txt, Kind::Md, Kind::Html, Kind::Docx, Kind::Pdf];

    pub fn ext(self) -> &'static str {
        match self {
            Kind::Txt => "txt",
            Kind::Md => "md",
            Kind::Html => "html",
            Kind::Docx => "docx",
            Kind::Pdf => "pdf",
        }
    }
}

/// Relative weights of the formats. The default is an inbox: mostly text and web pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mix(pub [u64; 5]);

impl Default for Mix {
    fn default() -> Self {
        Mix([45, 8, 35, 6, 6])
    }
}

impl Mix {
    /// Parses `txt=40,html=30,md=10,docx=10,pdf=10` (formats left out get weight 0).
    pub fn parse(s: &str) -> Result<Mix, String> {
        let mut w = [0u64; 5];
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected FORMAT=WEIGHT"))?;
            let i = Kind::ALL
                .iter()
                .position(|f| f.ext() == k.trim())
                .ok_or_else(|| format!("{k:?}: not one of txt, md, html, docx, pdf"))?;
            w[i] = v
                .trim()
                .parse()
                .map_err(|_| format!("{v:?}: not a number"))?;
        }
        if w.iter().sum::<u64>() == 0 {
            return Err("the mix has no weight".into());
        }
        Ok(Mix(w))
    }

    /// Only this format.
    pub fn only(kind: Kind) -> Mix {
        let mut w = [0u64; 5];
        w[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)] = 1;
        Mix(w)
    }

    fn choose(&self, rng: &mut Rng) -> Kind {
        let total: u64 = self.0.iter().sum();
        let mut r = rng.below(total);
        for (k, w) in Kind::ALL.iter().zip(self.0) {
            if r < w {
                return *k;
            }
            r -= w;
        }
        Kind::Txt
    }
}

/// One generated document.
#[derive(Clone, Debug)]
pub struct GenDoc {
    /// Relative path inside the output folder (`007/007123-news.html`).
    pub name: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
    /// The prose as written (title and paragraphs), for "raw text size" comparisons.
    pub text: String,
    /// A token that occurs in this document only (`REF2A0000123`): search for it to find it.
    pub reference: String,
    /// The organisations named in the prose.
    pub parties: Vec<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
}

/// Document number `index` of the corpus for `seed`: independent of the other documents, so any
/// slice of a corpus can be made alone and in parallel.
pub fn document(seed: u64, index: u64, mix: &Mix) -> GenDoc {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    rng.next_u64();
    let kind = mix.choose(&mut rng);
    let story = compose(&mut rng, seed, index);
    let bytes = match kind {
        Kind::Txt => render_txt(&story).into_bytes(),
        Kind::Md => render_md(&story, &mut rng).into_bytes(),
        Kind::Html => render_html(&story, &mut rng).into_bytes(),
        Kind::Docx => render_docx(&story, &mut rng),
        Kind::Pdf => render_pdf(&story, &mut rng),
    };
    let mut text = story.title.clone();
    for p in &story.paragraphs {
        text.push_str("\n\n");
        text.push_str(p);
    }
    GenDoc {
        name: format!(
            "{:03}/{:06}-{}.{}",
            index / 1000,
            index,
            story.genre.slug(),
            kind.ext()
        ),
        kind,
        bytes,
        text,
        reference: story.reference,
        parties: story.parties,
        published: story.published.iso(),
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (our own wording).

const OPERATORS: &[(&str, &str)] = &[
    ("Korea Post", "Seoul"),
    ("Japan Post", "Tokyo"),
    ("China Post", "Beijing"),
    ("Thailand Post", "Bangkok"),
    ("Vietnam Post", "Hanoi"),
    ("Pos Malaysia", "Kuala Lumpur"),
    ("Philippine Postal Corporation (PHLPost)", "Manila"),
    ("Pos Indonesia", "Jakarta"),
    ("Mongol Post", "Ulaanbaatar"),
    ("India Post", "New Delhi"),
    ("Sri Lanka Post", "Colombo"),
    ("Australia Post", "Melbourne"),
    ("New Zealand Post", "Wellington"),
    ("Singapore Post (SingPost)", "Singapore"),
    ("Cambodia Post", "Phnom Penh"),
    ("Nepal Post", "Kathmandu"),
    ("Bhutan Post", "Thimphu"),
    ("Maldives Post", "Male"),
    ("Swiss Post", "Berne"),
    ("PostNord", "Stockholm"),
    ("Poste Italiane", "Rome"),
    ("Correos", "Madrid"),
    ("An Post", "Dublin"),
    ("Emirates Post", "Dubai"),
    ("Posta Kenya", "Nairobi"),
    ("Correios", "Brasilia"),
    ("Canada Post", "Ottawa"),
    ("Fiji Post", "Suva"),
    ("Tonga Post", "Nuku'alofa"),
    ("Lao Post", "Vientiane"),
];

const MINISTRIES: &[&str] = &[
    "Ministry of Science and ICT",
    "Ministry of Internal Affairs and Communications",
    "Ministry of Transport and Communications",
    "Ministry of Digital Economy and Society",
    "Ministry of Posts and Telecommunications",
    "Ministry of Information and Communications",
    "Ministry of Trade and Industry",
];

const ALLIANCES: &[&str] = &[
    "Universal Postal Union (UPU)",
    "Asian-Pacific Postal Union (APPU)",
    "PostEurop",
    "Kahala Posts Group",
    "Pan African Postal Union (PAPU)",
    "World Customs Organization (WCO)",
    "International Post Corporation (IPC)",
    "EMS Cooperative",
    "Communication Workers' Union",
    "Federation of Postal Employees",
];

const GIVEN: &[&str] = &[
    "Kim Min-jun",
    "Lee Seo-yeon",
    "Park Ji-ho",
    "Sato Haruki",
    "Tanaka Yui",
    "Zhang Wei",
    "Liu Fang",
    "Nguyen Van Minh",
    "Tran Thi Lan",
    "Somchai Wongsakul",
    "Siti Aminah",
    "Ahmad Faizal",
    "Maria Santos",
    "Batbayar Ganbold",
    "Priya Raman",
    "Anil Perera",
    "Olivia Grant",
    "Tomasz Nowak",
    "Elena Rossi",
    "Lucas Moreau",
    "Ingrid Larsen",
    "Amina Otieno",
    "Rafael Costa",
    "Sione Taufa",
];

const ROLES: &[&str] = &[
    "President",
    "Chief Executive Officer",
    "Director General",
    "Executive Vice President",
    "Deputy Director General",
    "Head of International Affairs",
    "Managing Director",
    "Chairman",
    "Vice Minister",
    "Secretary General",
];

const ACTIONS: &[&str] = &[
    "share air transportation resources on their busiest routes",
    "connect their domestic tracking systems",
    "open a direct e-commerce parcel lane",
    "exchange electronic advance data for every item",
    "launch a joint returns service for online shoppers",
    "align their customs pre-advice formats",
    "pilot drone delivery to remote islands",
    "set up a cross-border postal payment corridor",
    "train counter staff in postal financial services",
    "harmonise EMS delivery standards",
    "issue a joint commemorative stamp",
    "study a shared sorting hub near the border",
    "cut line-haul carbon emissions by a fifth",
    "publish a common guide to prohibited items",
    "resume the EMS delivery guarantee",
    "run a weekly truck service between their capitals",
    "set common quality targets for registered mail",
    "test electric vans in three mail centres",
    "link their address databases for customs clearance",
    "offer a tracked small-packet product",
];

const TOPICS: &[&str] = &[
    "cross-border e-commerce",
    "electronic advance data",
    "postal financial inclusion",
    "the green transition of delivery fleets",
    "quality of service",
    "customs cooperation",
    "rural delivery",
    "digital identity services",
    "parcel returns",
    "philately",
];

const GROUPS: &[&str] = &[
    "joint working group",
    "Joint Working Group on Cross-border E-commerce",
    "task force on electronic advance data",
    "steering committee",
    "technical committee on returns",
    "working party on quality of service",
];

const AGREEMENTS: &[(&str, &str)] = &[
    (
        "a memorandum of understanding",
        "Memorandum of Understanding",
    ),
    ("a memorandum of cooperation", "Memorandum of Cooperation"),
    ("a joint statement", "Joint Statement"),
    ("an action plan", "Action Plan"),
    ("a cooperation agreement", "Cooperation Agreement"),
];

const FIRM: &[&str] = &[
    "agreed to",
    "will",
    "pledged to",
    "committed to",
    "decided to",
    "undertook to",
];
const EXPLORE: &[&str] = &[
    "agreed to explore how to",
    "agreed to study whether to",
    "will look into ways to",
];
const INTENT: &[&str] = &["plan to", "intend to", "aim to"];

const QUOTES: &[&str] = &[
    "Our customers buy across borders every day, and our networks have to keep up with them",
    "This agreement turns years of talks into a timetable",
    "We came here to solve practical problems, and we leave with a list of tasks",
    "Mail still connects people, and parcels now connect businesses",
    "We will report back to our boards with concrete numbers",
    "Cooperation between Posts is the fastest way to serve small exporters",
];

const FACILITIES: &[&str] = &[
    "international mail processing centre",
    "new parcel hub",
    "postal museum",
    "customs clearance office at the airport",
    "automated sorting plant",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

// ---------------------------------------------------------------------------------------------
// Dates without a date crate: a day in the proleptic Gregorian calendar.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    fn random(rng: &mut Rng) -> Day {
        let y = 2019 + rng.below(8) as i32;
        let m = 1 + rng.below(12) as u32;
        let d = 1 + rng.below(days_in_month(y, m) as u64) as u32;
        Day { y, m, d }
    }

    fn plus_months(self, n: u32) -> Day {
        let total = self.m - 1 + n;
        let y = self.y + (total / 12) as i32;
        let m = total % 12 + 1;
        Day {
            y,
            m,
            d: self.d.min(days_in_month(y, m)),
        }
    }

    fn minus_days(self, n: u32) -> Day {
        let mut day = self;
        for _ in 0..n {
            if day.d > 1 {
                day.d -= 1;
            } else if day.m > 1 {
                day.m -= 1;
                day.d = days_in_month(day.y, day.m);
            } else {
                day = Day {
                    y: day.y - 1,
                    m: 12,
                    d: 31,
                };
            }
        }
        day
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    fn month(self) -> &'static str {
        MONTHS[(self.m - 1) as usize]
    }

    /// One of the ways reports write a day.
    fn written(self, rng: &mut Rng) -> String {
        match rng.below(3) {
            0 => format!("{} {} {}", self.d, self.month(), self.y),
            1 => format!("{} {}, {}", self.month(), self.d, self.y),
            _ => self.iso(),
        }
    }
}

/// A deadline phrase, relative to the publication date or absolute.
fn deadline(rng: &mut Rng, published: Day) -> String {
    match rng.below(10) {
        0 => "by the end of this year".into(),
        1 => "by the end of next month".into(),
        2 => format!(
            "within {} months",
            ["three", "six", "nine", "twelve"][rng.below(4) as usize]
        ),
        3 => "in the first quarter of next year".into(),
        4 => {
            let d = published.plus_months(rng.range(2, 20) as u32);
            format!("by {} {} {}", days_in_month(d.y, d.m), d.month(), d.y)
        }
        5 => {
            let d = published.plus_months(rng.range(3, 30) as u32);
            format!("by {} {}", d.month(), d.y)
        }
        6 => format!("by {}", published.y + 1 + rng.below(3) as i32),
        7 => "before the next Congress".into(),
        8 => "next year".into(),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Stories.

#[derive(Clone, Copy, Debug)]
enum Genre {
    News,
    Memorandum,
    Communique,
    Minutes,
    Followup,
}

impl Genre {
    fn slug(self) -> &'static str {
        match self {
            Genre::News => "news",
            Genre::Memorandum => "mou",
            Genre::Communique => "communique",
            Genre::Minutes => "minutes",
            Genre::Followup => "followup",
        }
    }
}

/// A document before rendering: a title and paragraphs of prose.
struct Story {
    genre: Genre,
    title: String,
    published: Day,
    place: String,
    /// Who published it (for the site chrome and metadata).
    publisher: String,
    paragraphs: Vec<String>,
    reference: String,
    parties: Vec<String>,
}

fn short(name: &str) -> &str {
    // "Singapore Post (SingPost)" -> "SingPost"; otherwise the name itself.
    match (name.find('('), name.rfind(')')) {
        (Some(a), Some(b)) if b > a + 1 => &name[a + 1..b],
        _ => name,
    }
}

fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn person(rng: &mut Rng) -> (String, String) {
    (rng.pick(GIVEN).to_string(), rng.pick(ROLES).to_string())
}

fn commitment_sentence(rng: &mut Rng, who: &str, plural: bool, published: Day) -> String {
    let verb = match rng.below(10) {
        0..=6 => rng.pick(FIRM).to_string(),
        7 | 8 => rng.pick(EXPLORE).to_string(),
        // "plan to" / "plans to": the only verbs here that agree with their subject.
        _ if plural => rng.pick(INTENT).to_string(),
        _ => rng.pick(INTENT).replacen(" to", "s to", 1),
    };
    let n = if rng.chance(30) { 3 } else { 1 };
    let acts: Vec<String> = rng
        .pick_distinct(ACTIONS, n)
        .into_iter()
        .map(|s| s.to_string())
        .collect();
    let when = deadline(rng, published);
    let sep = if when.is_empty() { "" } else { " " };
    format!("{who} {verb} {}{sep}{when}.", list(&acts))
}

fn compose(rng: &mut Rng, seed: u64, index: u64) -> Story {
    let genre = match rng.below(10) {
        0..=4 => Genre::News,
        5 | 6 => Genre::Memorandum,
        7 => Genre::Communique,
        8 => Genre::Minutes,
        _ => Genre::Followup,
    };
    let published = Day::random(rng);
    let nops = match rng.below(10) {
        0..=5 => 2,
        6..=8 => 3,
        _ => 4,
    };
    let ops = rng.pick_distinct(OPERATORS, nops);
    let names: Vec<String> = ops.iter().map(|(n, _)| n.to_string()).collect();
    let shorts: Vec<String> = names.iter().map(|n| short(n).to_string()).collect();
    let host = ops[0];
    let place = host.1.to_string();
    let ministry = rng.pick(MINISTRIES).to_string();
    let alliance = rng.pick(ALLIANCES).to_string();
    let (agreement, agreement_title) = *rng.pick(AGREEMENTS);
    let topic = *rng.pick(TOPICS);
    let group = *rng.pick(GROUPS);
    let who = if nops == 2 {
        "The two sides".to_string()
    } else {
        format!("The {} Posts", ["", "", "", "three", "four"][nops])
    };
    let meeting_day = published.minus_days(rng.range(0, 6) as u32);
    let weekday = *rng.pick(WEEKDAYS);

    let title = match genre {
        Genre::News => format!(
            "{} and {} agree on closer cooperation in {topic}",
            shorts[0], shorts[1]
        ),
        Genre::Memorandum => format!("{agreement_title} between {} on {topic}", list(&names)),
        Genre::Communique => format!(
            "Joint communiqué of the meeting of {} in {place}",
            list(&shorts)
        ),
        Genre::Minutes => format!("Minutes of the {group} meeting, {place}"),
        Genre::Followup => format!(
            "{} reports progress on its plan with {}",
            shorts[0], shorts[1]
        ),
    };

    let mut paragraphs = Vec::new();
    let dateline = format!(
        "{}, {} \u{2014} ",
        place.to_uppercase(),
        published.written(rng)
    );
    let lead = match genre {
        Genre::Memorandum => format!(
            "{dateline}{} signed {agreement} on {topic} in {place} on {weekday}, {} {}.",
            list(&names),
            meeting_day.d,
            meeting_day.month()
        ),
        Genre::Followup => {
            let earlier = published.plus_months(0).minus_days(rng.range(60, 400) as u32);
            format!(
                "{dateline}{} said on {weekday} that the service it had promised with {} in {} {} {}.",
                shorts[0],
                shorts[1],
                earlier.month(),
                earlier.y,
                [
                    "is now running in all regions",
                    "has been delayed until next year",
                    "was launched last month",
                    "has been dropped after a pilot",
                ][rng.below(4) as usize]
            )
        }
        _ => format!(
            "{dateline}Senior executives of {} met in {place} on {} {} to discuss {topic}, {} said in a statement.",
            list(&names),
            meeting_day.month(),
            meeting_day.d,
            shorts[rng.below(nops as u64) as usize]
        ),
    };
    paragraphs.push(lead);

    let target = 1_000 + rng.below(4_000) as usize;
    let mut len: usize = title.len() + paragraphs[0].len();
    let mut round = 0;
    // How often each paragraph template may appear: who attended, what was discussed or what
    // comes next is said once; commitments may recur, as they do in long communiqués.
    const MAX_USES: [u32; 9] = [1, 99, 1, 2, 1, 1, 1, 1, 99];
    let mut used = [0u32; 9];
    used[0] = 1;
    while len < target || round < 2 {
        let mut t = rng.below(9) as usize;
        while used[t] >= MAX_USES[t] {
            t = (t + 1) % MAX_USES.len();
        }
        used[t] += 1;
        let p = match (round, t) {
            (0, _) | (_, 0) => {
                let (p1, r1) = person(rng);
                let (p2, r2) = person(rng);
                format!(
                    "The meeting brought together {p1}, {r1} of {}, and {p2}, {r2} of {}. Representatives of the {ministry} and of the {alliance} attended as observers.",
                    names[0], names[1]
                )
            }
            (1, _) | (_, 1) => {
                let mut s = commitment_sentence(rng, &who, true, published);
                if rng.chance(50) {
                    s.push(' ');
                    s.push_str(&{
                let who = shorts[rng.below(nops as u64) as usize].clone();
                commitment_sentence(rng, &who, false, published)
            });
                }
                s
            }
            (_, 2) => {
                let when = deadline(rng, published);
                format!(
                    "They also agreed to establish a {group} to {} and to report to their chief executives{}{when}.",
                    rng.pick(ACTIONS),
                    if when.is_empty() { "" } else { " " }
                )
            }
            (_, 3) => {
                let (p, r) = person(rng);
                format!(
                    "\u{201C}{}\u{201D}, said {p}, {r} of {}.",
                    rng.pick(QUOTES),
                    names[rng.below(nops as u64) as usize]
                )
            }
            (_, 4) => format!(
                "{} handled {}.{} million international items last year, {} {} percent on the year before, and expects cross-border parcels to grow faster than letters.",
                shorts[rng.below(nops as u64) as usize],
                rng.range(2, 480),
                rng.below(10),
                if rng.chance(50) { "up" } else { "down" },
                rng.range(1, 19)
            ),
            (_, 5) => format!(
                "The delegations discussed {}, visited the {} and reviewed the results of the pilot that began in {} {}.",
                rng.pick(TOPICS),
                rng.pick(FACILITIES),
                rng.pick(MONTHS),
                published.y - 1
            ),
            (_, 6) => format!(
                "A workshop on {} will be held in {} {}, and the next meeting will take place in {} in {}.",
                rng.pick(TOPICS),
                rng.pick(OPERATORS).1,
                deadline(rng, published),
                rng.pick(OPERATORS).1,
                published.y + 1
            ),
            (_, 7) => format!(
                "The {alliance} welcomed the initiative and said it looked forward to sharing the results with its other members. Customs officials from the {ministry} presented the new clearance rules that apply from {}.",
                published.plus_months(rng.range(1, 8) as u32).written(rng)
            ),
            _ => {
                let who = shorts[rng.below(nops as u64) as usize].clone();
                commitment_sentence(rng, &who, false, published)
            },
        };
        len += p.len() + 2;
        paragraphs.push(p);
        round += 1;
    }
    let reference = format!("REF{:04X}{:07}", seed & 0xFFFF, index);
    paragraphs.push(format!(
        "Press office of {}. Release {reference}.",
        names[0]
    ));

    let mut parties = names.clone();
    parties.push(ministry);
    parties.push(alliance);
    Story {
        genre,
        title,
        published,
        place,
        publisher: names[0].clone(),
        paragraphs,
        reference,
        parties,
    }
}

// ---------------------------------------------------------------------------------------------
// Renderers.

fn render_txt(s: &Story) -> String {
    let mut out = format!("{}\n\n", s.title);
    for p in &s.paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    out
}

fn render_md(s: &Story, rng: &mut Rng) -> String {
    let mut out = format!("# {}\n\n*{}, {}*\n\n", s.title, s.place, s.published.iso());
    let split = 1 + rng.below(s.paragraphs.len().max(2) as u64 - 1) as usize;
    for (i, p) in s.paragraphs.iter().enumerate() {
        if i == split {
            out.push_str("## Background\n\n");
        }
        if rng.chance(10) {
            out.push_str(&format!("- {p}\n\n"));
        } else {
            out.push_str(p);
            out.push_str("\n\n");
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn render_html(s: &Story, rng: &mut Rng) -> String {
    let site = xml_escape(&s.publisher);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} | {site}</title>\n\
         <meta property=\"article:published_time\" content=\"{}T09:00:00+00:00\">\n\
         <link rel=\"stylesheet\" href=\"/static/site.css\">\n<script>window.dataLayer=[];</script>\n</head>\n<body>\n\
         <header class=\"site-header\"><a class=\"logo\" href=\"/\">{site}</a>\n<nav><ul>\
         <li><a href=\"/\">Home</a></li><li><a href=\"/about\">About us</a></li><li><a href=\"/news\">News</a></li>\
         <li><a href=\"/stamps\">{} Stamps</a></li><li><a href=\"/tracking\">Track a parcel</a></li><li><a href=\"/contact\">Contact</a></li>\
         </ul></nav></header>\n<div class=\"breadcrumb\"><a href=\"/\">Home</a> &gt; <a href=\"/news\">News</a> &gt; Press releases</div>\n\
         <main>\n<article>\n<h1>{}</h1>\n<p class=\"date\">{}</p>\n",
        xml_escape(&s.title),
        s.published.iso(),
        s.published.y,
        xml_escape(&s.title),
        s.published.iso()
    );
    for p in &s.paragraphs {
        if rng.chance(8) {
            let _ = writeln!(out, "<blockquote><p>{}</p></blockquote>", xml_escape(p));
        } else {
            let _ = writeln!(out, "<p>{}</p>", xml_escape(p));
        }
    }
    out.push_str("</article>\n<aside class=\"related\"><h3>Related news</h3><ul>\n");
    for _ in 0..3 {
        let _ = writeln!(
            out,
            "<li><a href=\"/news/{}\">{} opens new counters in {}</a></li>",
            rng.below(100_000),
            xml_escape(short(rng.pick(OPERATORS).0)),
            rng.pick(OPERATORS).1
        );
    }
    let _ = write!(
        out,
        "</ul></aside>\n</main>\n<footer><p>&copy; {} {site}. All rights reserved.</p>\
         <p><a href=\"/privacy\">Privacy</a> | <a href=\"/terms\">Terms of use</a> | Customer service 1588-1300</p>\
         <p>Powered by PortalCMS 7.2</p></footer>\n</body>\n</html>\n",
        s.published.y
    );
    out
}

fn render_docx(s: &Story, rng: &mut Rng) -> Vec<u8> {
    let mut body = String::new();
    let _ = write!(
        body,
        "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml_escape(&s.title)
    );
    for p in &s.paragraphs {
        body.push_str("<w:p>");
        // Word splits paragraphs into runs at arbitrary points (edits, spell-check): so do we,
        // at spaces, so a reader must join runs without adding or losing characters.
        let mut rest = p.as_str();
        while !rest.is_empty() {
            let cut = if rest.len() > 40 && rng.chance(50) {
                rest.char_indices()
                    .skip(20)
                    .find(|(_, c)| *c == ' ')
                    .map_or(rest.len(), |(i, _)| i + 1)
            } else {
                rest.len()
            };
            let (run, tail) = rest.split_at(cut);
            let bold = if rng.chance(5) {
                "<w:rPr><w:b/></w:rPr>"
            } else {
                ""
            };
            let _ = write!(
                body,
                "<w:r>{bold}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_escape(run)
            );
            rest = tail;
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{}T09:00:00Z</dcterms:created></cp:coreProperties>",
        xml_escape(&s.title),
        xml_escape(&s.publisher),
        s.published.iso()
    );
    docx_package(&document, Some(&core))
}

/// The content types every DOCX declares.
pub const DOCX_CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
</Types>";

/// The package relationships: the main document and the core properties.
pub const DOCX_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
</Relationships>";

/// A minimal valid DOCX zip around a `word/document.xml`.
pub fn docx_package(document_xml: &str, core_xml: Option<&str>) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut parts = vec![
        ("[Content_Types].xml", DOCX_CONTENT_TYPES),
        ("_rels/.rels", DOCX_RELS),
        ("word/document.xml", document_xml),
    ];
    if let Some(core) = core_xml {
        parts.push(("docProps/core.xml", core));
    }
    for (name, body) in parts {
        // Writing into memory cannot fail short of allocation failure.
        zip.start_file(name, opts).expect("zip entry in memory");
        zip.write_all(body.as_bytes()).expect("zip write in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}

/// One character as a WinAnsiEncoding byte (`?` for what the encoding lacks).
fn win_ansi(c: char) -> u8 {
    match c {
        '\u{20AC}' => 0x80,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        c if (' '..='~').contains(&c) || ('\u{A0}'..='\u{FF}').contains(&c) => c as u32 as u8,
        _ => b'?',
    }
}

/// A PDF string literal body: WinAnsi bytes with `(`, `)` and `\` escaped.
fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let b = win_ansi(c);
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn render_pdf(s: &Story, rng: &mut Rng) -> Vec<u8> {
    // Lay out lines: (font size, text), with empty lines between paragraphs.
    let mut lines: Vec<(u32, String)> = wrap(&s.title, 60).into_iter().map(|l| (16, l)).collect();
    lines.push((11, String::new()));
    for p in &s.paragraphs {
        lines.extend(wrap(p, 88).into_iter().map(|l| (11, l)));
        lines.push((11, String::new()));
    }
    let per_page = 52;
    let pages: Vec<Vec<u8>> = lines
        .chunks(per_page)
        .map(|chunk| {
            let mut c = b"BT\n56 790 Td\n".to_vec();
            let mut size = 0;
            for (sz, text) in chunk {
                if *sz != size {
                    size = *sz;
                    c.extend_from_slice(format!("/F1 {sz} Tf {} TL\n", sz + 3).as_bytes());
                }
                if text.is_empty() {
                    c.extend_from_slice(b"T*\n");
                } else if rng.chance(30) && text.len() > 12 {
                    // Kerned: TJ with small adjustments inside a word, as typesetters write it.
                    let cut = text
                        .char_indices()
                        .map(|(i, _)| i)
                        .nth(1 + rng.below(8) as usize)
                        .unwrap_or(1);
                    let (a, b) = text.split_at(cut);
                    c.extend_from_slice(b"[(");
                    c.extend_from_slice(&pdf_string(a));
                    c.extend_from_slice(format!(") -{} (", rng.range(5, 40)).as_bytes());
                    c.extend_from_slice(&pdf_string(b));
                    c.extend_from_slice(b")] TJ T*\n");
                } else {
                    c.push(b'(');
                    c.extend_from_slice(&pdf_string(text));
                    c.extend_from_slice(b") Tj T*\n");
                }
            }
            c.extend_from_slice(b"ET\n");
            c
        })
        .collect();
    let creation = format!(
        "D:{:04}{:02}{:02}090000Z",
        s.published.y, s.published.m, s.published.d
    );
    let mut title = b"(".to_vec();
    title.extend_from_slice(&pdf_string(&s.title));
    title.push(b')');
    pdf_document(&pages, &title, &creation)
}

/// A PDF with one page per content stream, Helvetica in WinAnsiEncoding, and a correct xref.
pub fn pdf_document(page_contents: &[Vec<u8>], title_literal: &[u8], creation: &str) -> Vec<u8> {
    let n = page_contents.len();
    let mut objects: Vec<Vec<u8>> = Vec::with_capacity(4 + 2 * n);
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let mut info = b"<< /Title ".to_vec();
    info.extend_from_slice(title_literal);
    info.extend_from_slice(
        format!(" /Producer (gen_corpus) /CreationDate ({creation}) >>").as_bytes(),
    );
    objects.push(info);
    for (i, content) in page_contents.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    pdf_from_objects(&objects, "/Root 1 0 R /Info 4 0 R")
}

/// Serialises objects numbered from 1 with an exact xref table and the given trailer entries.
pub fn pdf_from_objects(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Writing a corpus to disk.

/// Totals of a generated corpus.
#[derive(Clone, Debug, Default)]
pub struct Written {
    pub docs: u64,
    pub bytes: u64,
    pub text_bytes: u64,
    pub by_kind: [u64; 5],
}

/// Writes documents `0..docs` of the corpus for `seed` under `out`.
pub fn write_corpus(out: &Path, docs: u64, seed: u64, mix: &Mix) -> std::io::Result<Written> {
    let mut w = Written::default();
    for i in 0..docs {
        let d = document(seed, i, mix);
        let path: PathBuf = out.join(&d.name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &d.bytes)?;
        w.docs += 1;
        w.bytes += d.bytes.len() as u64;
        w.text_bytes += d.text.len() as u64;
        w.by_kind[Kind::ALL.iter().position(|k| *k == d.kind).unwrap_or(0)] += 1;
    }
    Ok(w)
}

fn usage() -> ! {
    eprintln!(
        "usage: gen_corpus --docs N --out DIR [--seed S] [--mix txt=45,html=35,md=8,docx=6,pdf=6]"
    );
    std::process::exit(2)
}

fn main() {
    let mut docs: Option<u64> = None;
    let mut out: Option<PathBuf> = None;
    let mut seed = 1u64;
    let mut mix = Mix::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--docs" => docs = Some(value().parse().unwrap_or_else(|_| usage())),
            "--out" => out = Some(PathBuf::from(value())),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage()),
            "--mix" => {
                mix = Mix::parse(&value()).unwrap_or_else(|e| {
                    eprintln!("gen_corpus: --mix: {e}");
                    usage()
                })
            }
            _ => usage(),
        }
    }
    let (Some(docs), Some(out)) = (docs, out) else {
        usage()
    };
    match write_corpus(&out, docs, seed, &mix) {
        Ok(w) => {
            let kinds: Vec<String> = Kind::ALL
                .iter()
                .zip(w.by_kind)
                .map(|(k, n)| format!("\"{}\":{n}", k.ext()))
                .collect();
            println!(
                "{{\"docs\":{},\"bytes\":{},\"text_bytes\":{},\"seed\":{seed},\"formats\":{{{}}}}}",
                w.docs,
                w.bytes,
                w.text_bytes,
                kinds.join(",")
            );
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", out.display());
            std::process::exit(1);
        }
    }
}
