//! The look shared by every plot: palette, fonts, a colour ramp, and small layout helpers.
//!
//! ```
//! use hp_plot::style::*;
//! // The four ways a trial can end are told apart by colour...
//! let outcomes = [COMPLETE, BEST, PRUNED, FAILED];
//! assert!(outcomes.iter().enumerate().all(|(i, a)| outcomes[i + 1..].iter().all(|b| a != b)));
//! // ...body text is darker than secondary text, and grid lines lighter than axes.
//! assert!(TEXT.0 < MUTED.0 && AXIS.0 < GRID.0);
//! // Sizes rank the text: title, description, subtitle, labels, notes.
//! assert!(TITLE_SIZE > DESC_SIZE && DESC_SIZE > SUBTITLE_SIZE);
//! assert!(SUBTITLE_SIZE > LABEL_SIZE && LABEL_SIZE > SMALL_SIZE);
//! ```

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Cross, EmptyElement, PathElement, Text};
use plotters::prelude::SVGBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color as _, FontFamily, FontStyle, IntoFont as _, RGBColor, ShapeStyle, TextStyle};

use crate::PlotError;

/// Body text and axis labels.
pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text: subtitles, notes, scale names.
pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Axis lines and tick marks.
pub const AXIS: RGBColor = RGBColor(0x77, 0x77, 0x77);
/// Background of the "did not complete" band.
pub const BAND: RGBColor = RGBColor(0xF4, 0xF4, 0xF4);
/// Completed trials.
pub const COMPLETE: RGBColor = RGBColor(0x4C, 0x78, 0xA8);
/// The best trial, in every plot.
pub const BEST: RGBColor = RGBColor(0xF5, 0x85, 0x18);
/// Pruned trials.
pub const PRUNED: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);
/// Failed trials.
pub const FAILED: RGBColor = RGBColor(0xD6, 0x3A, 0x3A);

// Font sizes are in plotters units; the SVG backend writes `font-size` as the size over 1.24.
/// The font size of a plot's title.
pub const TITLE_SIZE: f64 = 26.0;
/// The font size of a subtitle (counts, the best trial).
pub const SUBTITLE_SIZE: f64 = 17.0;
/// The font size of a description under the title.
pub const DESC_SIZE: f64 = 18.0;
/// The font size of axis titles, tick labels and legends.
pub const LABEL_SIZE: f64 = 16.0;
/// The font size of small notes on the plot.
pub const SMALL_SIZE: f64 = 14.0;

/// A sans-serif text style, anchored by `h` and `v` (where the text sits around its point).
///
/// ```
/// use hp_plot::style::{text, LABEL_SIZE, TEXT};
/// use plotters::style::text_anchor::{HPos, VPos};
/// let style = text(LABEL_SIZE, TEXT, HPos::Left, VPos::Center);
/// assert_eq!((style.font.get_family().as_str(), style.font.get_size()), ("sans-serif", 16.0));
/// assert_eq!((style.font.get_style().as_str(), style.color.rgb), ("normal", (0x22, 0x22, 0x22)));
/// assert!(matches!((style.pos.h_pos, style.pos.v_pos), (HPos::Left, VPos::Center)));
/// ```
pub fn text(size: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FontFamily::SansSerif, size).into_font().color(&color).pos(Pos::new(h, v))
}

/// A bold sans-serif text style, anchored by `h` and `v` (where the text sits around its point).
///
/// ```
/// use hp_plot::style::{bold, BEST, TITLE_SIZE};
/// use plotters::style::text_anchor::{HPos, VPos};
/// let style = bold(TITLE_SIZE, BEST, HPos::Center, VPos::Top);
/// assert_eq!((style.font.get_style().as_str(), style.font.get_size()), ("bold", 26.0));
/// assert_eq!((style.font.get_family().as_str(), style.color.rgb), ("sans-serif", (0xF5, 0x85, 0x18)));
/// assert!(matches!((style.pos.h_pos, style.pos.v_pos), (HPos::Center, VPos::Top)));
/// ```
pub fn bold(size: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FontFamily::SansSerif, size, FontStyle::Bold).into_font().color(&color).pos(Pos::new(h, v))
}

/// An estimate of the width in pixels of `s` at plotters font size `size`: the characters of a
/// common sans-serif font average under 0.6 em (digits about 0.64), and the SVG em is
/// `size / 1.24`.
///
/// ```
/// use hp_plot::style::text_width;
/// assert!((text_width("momentum", 12.4) - 8.0 * 0.58 * 10.0).abs() < 1e-9);
/// assert_eq!(text_width("β₂", 16.0), text_width("b2", 16.0)); // characters, not bytes
/// assert_eq!(text_width("", 16.0), 0.0);
/// ```
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * 0.58 * size / 1.24
}

/// [`text_width`] for bold text, which runs about a tenth wider.
///
/// ```
/// use hp_plot::style::{bold_width, text_width};
/// assert!((bold_width("best", 16.0) - 1.1 * text_width("best", 16.0)).abs() < 1e-12);
/// ```
pub fn bold_width(s: &str, size: f64) -> f64 {
    text_width(s, size) * 1.1
}

/// `s` cut to at most `max_px` pixels at `size`, with an ellipsis if it was cut.
///
/// ```
/// use hp_plot::style::{text_width, truncate};
/// assert_eq!(truncate("lr", 16.0, 100.0), "lr"); // fits: unchanged
/// let cut = truncate("a_very_long_parameter_name", 16.0, 60.0);
/// assert_eq!(cut, "a_very_…");
/// assert!(text_width(&cut, 16.0) <= 60.0);
/// ```
pub fn truncate(s: &str, size: f64, max_px: f64) -> String {
    cut(s, max_px, |s| text_width(s, size))
}

/// [`truncate`] for bold text.
///
/// ```
/// use hp_plot::style::{truncate, truncate_bold};
/// assert_eq!(truncate("learning_rate", 16.0, 80.0), "learning_…");
/// assert_eq!(truncate_bold("learning_rate", 16.0, 80.0), "learning…"); // wider letters, cut sooner
/// ```
pub fn truncate_bold(s: &str, size: f64, max_px: f64) -> String {
    cut(s, max_px, |s| bold_width(s, size))
}

/// `s` in lines of at most `max_px` pixels at `size` (by [`text_width`]), broken where it has
/// ` · ` (between the parts of a description) and, inside a part too long for a line, between
/// words. Nothing is lost: only a single word longer than a line is cut, with an ellipsis.
///
/// ```
/// use hp_plot::style::{text_width, wrap};
/// let text = "best: trial 16 · lr 0.0426 · momentum 0.946";
/// assert_eq!(wrap(text, 17.0, 1000.0), [text]);
/// let max = text_width("best: trial 16 · lr 0.0426", 17.0);
/// assert_eq!(wrap(text, 17.0, max), ["best: trial 16 · lr 0.0426", "momentum 0.946"]);
/// assert_eq!(wrap("ab abcdefghij", 17.0, text_width("abcde", 17.0)), ["ab", "abcd…"]);
/// ```
pub fn wrap(s: &str, size: f64, max_px: f64) -> Vec<String> {
    let fits = |line: &str| text_width(line, size) <= max_px;
    // Each piece with the separator that joins it to the previous one on a line.
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    for part in s.split(" · ") {
        let separator = if pieces.is_empty() { "" } else { " · " };
        if fits(part) {
            pieces.push((separator, part));
        } else {
            let mut words = part.split(' ');
            pieces.extend(words.next().map(|w| (separator, w)));
            pieces.extend(words.map(|w| (" ", w)));
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (separator, piece) in pieces {
        if !line.is_empty() && fits(&format!("{line}{separator}{piece}")) {
            line.push_str(separator);
            line.push_str(piece);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line = truncate(piece, size, max_px);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The distance between the lines of a wrapped subtitle, in pixels.
pub const SUBTITLE_LINE: u32 = 24;

/// A plot's subtitle, [wrapped](wrap) to the plot's width instead of cut: a header makes room
/// for its [`extra`](Subtitle::extra) lines and moves what is below down by as much.
///
/// ```
/// use hp_plot::style::{Subtitle, SUBTITLE_LINE};
/// use plotters::prelude::*;
/// let short = Subtitle::new("best: trial 3 · lr 0.01", 900.0);
/// assert_eq!((short.lines().len(), short.extra()), (1, 0));
/// let long = Subtitle::new("best: trial 3 · lr 0.01 · momentum 0.9 · batch 64", 300.0);
/// assert_eq!(long.lines(), ["best: trial 3 · lr 0.01", "momentum 0.9 · batch 64"]);
/// assert_eq!(long.extra(), SUBTITLE_LINE);
/// let mut svg = String::new();
/// let area = SVGBackend::with_string(&mut svg, (300, 120)).into_drawing_area();
/// long.draw(&area, (24, 52))?;
/// drop(area);
/// assert!(svg.contains("momentum 0.9 · batch 64") && svg.contains("y=\"76\""));
/// # Ok::<(), hp_plot::PlotError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Subtitle {
    lines: Vec<String>,
}

impl Subtitle {
    /// `text` in lines of at most `max_px` pixels at [`SUBTITLE_SIZE`].
    pub fn new(text: &str, max_px: f64) -> Self {
        Subtitle { lines: wrap(text, SUBTITLE_SIZE, max_px) }
    }

    /// Adds a line of its own (a note under the subtitle), itself wrapped.
    ///
    /// ```
    /// let mut s = hp_plot::style::Subtitle::new("best: trial 3", 900.0);
    /// s.push("2 curves leave the range shown", 900.0);
    /// assert_eq!(s.lines(), ["best: trial 3", "2 curves leave the range shown"]);
    /// ```
    pub fn push(&mut self, text: &str, max_px: f64) {
        self.lines.extend(wrap(text, SUBTITLE_SIZE, max_px));
    }

    /// The lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The pixels the lines after the first take: what a header adds to its height.
    pub fn extra(&self) -> u32 {
        SUBTITLE_LINE * self.lines.len().saturating_sub(1) as u32
    }

    /// Draws the lines in [`MUTED`] from `(x, y)` (the first line's top left) down.
    ///
    /// # Errors
    /// [`PlotError::Draw`] from plotters.
    pub fn draw(
        &self,
        area: &DrawingArea<SVGBackend<'_>, Shift>,
        (x, y): (i32, i32),
    ) -> Result<(), PlotError> {
        let muted = text(SUBTITLE_SIZE, MUTED, HPos::Left, VPos::Top);
        for (k, line) in self.lines.iter().enumerate() {
            area.draw(&Text::new(line.clone(), (x, y + (SUBTITLE_LINE * k as u32) as i32), muted.clone()))?;
        }
        Ok(())
    }
}

fn cut(s: &str, max_px: f64, width: impl Fn(&str) -> f64) -> String {
    if width(s) <= max_px {
        return s.to_owned();
    }
    let fits = (max_px / width("x")).floor() as usize;
    let keep = fits.saturating_sub(1).max(1);
    let mut out: String = s.chars().take(keep).collect();
    out.push('…');
    out
}

/// A legend entry's symbol.
///
/// ```
/// use hp_plot::style::{legend_row, Mark, FAILED};
/// use plotters::prelude::*;
/// let mut svg = String::new();
/// let area = SVGBackend::with_string(&mut svg, (200, 30)).into_drawing_area();
/// legend_row(&area, (10, 15), &[(Mark::Line(FAILED, 2, 1.0), "failed".to_owned())])?;
/// drop(area);
/// assert!(svg.contains("<polyline") && !svg.contains("<circle")); // a line, not a dot
/// # Ok::<(), hp_plot::PlotError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Mark {
    /// A filled dot of this radius and opacity.
    Dot(RGBColor, u32, f64),
    /// A hollow circle.
    Ring(RGBColor),
    /// A cross.
    Cross(RGBColor),
    /// A short line of this width and opacity.
    Line(RGBColor, u32, f64),
}

/// Draws legend entries in a row starting at pixel `(x, y)` (the row's vertical centre).
///
/// ```
/// use hp_plot::style::{legend_row, Mark, BEST, COMPLETE};
/// use plotters::prelude::*;
/// let mut svg = String::new();
/// let area = SVGBackend::with_string(&mut svg, (400, 30)).into_drawing_area();
/// let items = [(Mark::Dot(COMPLETE, 3, 0.6), "completed".into()), (Mark::Ring(BEST), "best".into())];
/// legend_row(&area, (10, 15), &items)?;
/// drop(area);
/// let at = |label: &str| svg.find(&format!(">\n{label}\n</text>")).unwrap();
/// assert!(at("completed") < at("best") && svg.matches("<circle").count() == 2); // in order, two dots
/// # Ok::<(), hp_plot::PlotError>(())
/// ```
pub fn legend_row(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    (mut x, y): (i32, i32),
    items: &[(Mark, String)],
) -> Result<(), PlotError> {
    let label = text(LABEL_SIZE, TEXT, HPos::Left, VPos::Center);
    for (mark, name) in items {
        let at = EmptyElement::at((x, y));
        let symbol_width = match *mark {
            Mark::Dot(c, r, alpha) => {
                area.draw(&(at + Circle::new((0, 0), r, c.mix(alpha).filled())))?;
                8
            }
            Mark::Ring(c) => {
                area.draw(&(at + Circle::new((0, 0), 4, c.stroke_width(1))))?;
                8
            }
            Mark::Cross(c) => {
                area.draw(&(at + Cross::new((0, 0), 4, c.stroke_width(2))))?;
                8
            }
            Mark::Line(c, width, alpha) => {
                let style = ShapeStyle::from(c.mix(alpha)).stroke_width(width);
                area.draw(&(at + PathElement::new(vec![(-6, 0), (18, 0)], style)))?;
                20
            }
        };
        area.draw(&Text::new(name.clone(), (x + symbol_width + 6, y), label.clone()))?;
        x += symbol_width + 6 + text_width(name, LABEL_SIZE) as i32 + 28;
    }
    Ok(())
}

/// A light-to-dark blue ramp for "how good a value is": `t = 0` the worst value, `t = 1` the best.
/// The best trial itself is drawn in [`BEST`] on top.
///
/// ```
/// use hp_plot::style::ramp;
/// let brightness = |t: f64| ramp(t).0 as u32 + ramp(t).1 as u32 + ramp(t).2 as u32;
/// assert!(brightness(0.0) > brightness(0.5) && brightness(0.5) > brightness(1.0)); // light to dark
/// assert_eq!((ramp(7.0), ramp(f64::NAN)), (ramp(1.0), ramp(0.0))); // clamped; NaN is the worst
/// ```
pub fn ramp(t: f64) -> RGBColor {
    const STOPS: [(f64, (u8, u8, u8)); 3] =
        [(0.0, (0xC6, 0xDB, 0xEF)), (0.5, (0x6B, 0xAE, 0xD6)), (1.0, (0x08, 0x30, 0x6B))];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let i = if t < STOPS[1].0 { 0 } else { 1 };
    let (t0, a) = STOPS[i];
    let (t1, b) = STOPS[i + 1];
    let s = (t - t0) / (t1 - t0);
    let mix = |x: u8, y: u8| (x as f64 + s * (y as f64 - x as f64)).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// A deterministic offset in `[-0.5, 0.5)` for trial `index` (SplitMix64), to spread points that
/// share a discrete value without making the picture depend on anything but the records.
///
/// ```
/// use hp_plot::style::jitter;
/// assert!((0..10_000).map(jitter).all(|j| (-0.5..0.5).contains(&j)));
/// let mean = (0..10_000).map(jitter).sum::<f64>() / 10_000.0;
/// assert!(mean.abs() < 0.02); // spread evenly around the value
/// assert_ne!(jitter(0), jitter(1)); // neighbours move apart
/// ```
pub fn jitter(index: u64) -> f64 {
    let mut z = index.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_ends_and_middle() {
        assert_eq!(ramp(0.0), RGBColor(0xC6, 0xDB, 0xEF));
        assert_eq!(ramp(1.0), RGBColor(0x08, 0x30, 0x6B));
        assert_eq!(ramp(0.5), RGBColor(0x6B, 0xAE, 0xD6));
        assert_eq!(ramp(f64::NAN), ramp(0.0));
    }

    #[test]
    fn jitter_is_in_range() {
        assert!((0..1000).map(jitter).all(|j| (-0.5..0.5).contains(&j)));
    }

    #[test]
    fn truncate_adds_an_ellipsis() {
        assert_eq!(truncate("lr", 16.0, 100.0), "lr");
        assert!(truncate("a_very_long_parameter_name", 16.0, 60.0).ends_with('…'));
    }

    #[test]
    fn wrap_breaks_between_parts_then_words() {
        let text = "best: trial 16, validation error 0.039 · learning_rate 0.0426 · momentum 0.946";
        assert_eq!(wrap(text, 17.0, 2000.0), [text]);
        let max = text_width("best: trial 16, validation error 0.039 · learning_rate 0.0426", 17.0);
        assert_eq!(
            wrap(text, 17.0, max),
            ["best: trial 16, validation error 0.039 · learning_rate 0.0426", "momentum 0.946"]
        );
        // A part longer than a line breaks between its words.
        let narrow = wrap(text, 17.0, text_width("best: trial 16, validation", 17.0));
        assert_eq!(
            narrow,
            ["best: trial 16, validation", "error 0.039", "learning_rate 0.0426", "momentum 0.946"]
        );
        // Only a word longer than a line is cut.
        assert_eq!(wrap("ab abcdefghij", 17.0, text_width("abcde", 17.0)), ["ab", "abcd…"]);
        assert_eq!(wrap("", 17.0, 100.0), [""]);
    }
}
