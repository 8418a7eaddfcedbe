//! A measure's series as a small inline SVG line chart: values as a line with points, the
//! target as a dashed line, the first and last periods and the value range as labels. The
//! picture is `role="img"` named by its title and description; the page gives its data
//! table beside it.

use std::fmt::Write;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 160.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 100.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 28.0;
/// Dark grey, 7.6:1 on white: the axes, labels and target line.
const INK: &str = "#4b4b4b";

/// Text for HTML or SVG: `&`, `<`, `>` and quotes as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What to draw.
pub struct Chart<'a> {
    /// Unique within the page: the ids of the title and description.
    pub id: &'a str,
    pub title: &'a str,
    /// The text alternative, said in full.
    pub description: &'a str,
    /// `(period, value, value as text)`, oldest first.
    pub points: &'a [(String, f64, String)],
    pub target: Option<(f64, String)>,
    /// The line colour, `#rrggbb` (checked for contrast).
    pub colour: &'a str,
}

impl Chart<'_> {
    /// The SVG, every text escaped; `None` when there is no value to draw.
    pub fn svg(&self) -> Option<String> {
        if self.points.is_empty() {
            return None;
        }
        let values = self
            .points
            .iter()
            .map(|p| p.1)
            .chain(self.target.as_ref().map(|t| t.0));
        let (mut lo, mut hi) =
            values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if (hi - lo).abs() < f64::EPSILON {
            lo -= 1.0;
            hi += 1.0;
        }
        let pad = (hi - lo) * 0.1;
        let (lo, hi) = (lo - pad, hi + pad);
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let n = self.points.len();
        let x = |i: usize| {
            if n == 1 {
                LEFT + plot_w / 2.0
            } else {
                LEFT + plot_w * i as f64 / (n - 1) as f64
            }
        };
        let y = |v: f64| TOP + plot_h * (hi - v) / (hi - lo);
        let id = escape(self.id);
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg class="chart" role="img" aria-labelledby="{id}-t {id}-d" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            escape(self.title),
            escape(self.description)
        );
        let bottom = TOP + plot_h;
        let _ = write!(
            s,
            r#"<path d="M{LEFT} {TOP}V{bottom}H{}" fill="none" stroke="{INK}" stroke-width="1"/>"#,
            WIDTH - RIGHT
        );
        let label = |s: &mut String, x: f64, y: f64, anchor: &str, text: &str| {
            let _ = write!(
                s,
                r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="11" fill="{INK}">{}</text>"#,
                escape(text)
            );
        };
        if let Some((t, text)) = &self.target {
            let ty = y(*t);
            let _ = write!(
                s,
                r#"<path d="M{LEFT} {ty:.1}H{}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 4"/>"#,
                WIDTH - RIGHT
            );
            label(&mut s, WIDTH - RIGHT + 4.0, ty + 4.0, "start", text);
        }
        let line: Vec<String> = (0..n)
            .map(|i| format!("{:.1},{:.1}", x(i), y(self.points[i].1)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>"#,
            line.join(" "),
            self.colour
        );
        for (i, p) in self.points.iter().enumerate() {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{}"/>"#,
                x(i),
                y(p.1),
                self.colour
            );
        }
        let first = &self.points[0];
        let last = &self.points[n - 1];
        label(&mut s, LEFT, HEIGHT - 8.0, "start", &first.0);
        if n > 1 {
            label(&mut s, WIDTH - RIGHT, HEIGHT - 8.0, "end", &last.0);
        }
        label(&mut s, x(n - 1), y(last.1) - 8.0, "end", &last.2);
        s.push_str("</svg>");
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_escapes_its_text_and_names_itself() {
        let points = vec![
            ("2024-25 Q1".to_string(), 80.0, "80%".to_string()),
            ("<b>Q2</b>".to_string(), 85.0, "85%".to_string()),
        ];
        let svg = Chart {
            id: "m1",
            title: "A & B",
            description: "<script>alert(1)</script>",
            points: &points,
            target: Some((90.0, "Target 90%".into())),
            colour: "#1d4f91",
        }
        .svg()
        .unwrap();
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains(r#"aria-labelledby="m1-t m1-d""#));
        let none = Chart {
            points: &[],
            ..Chart {
                id: "x",
                title: "",
                description: "",
                points: &[],
                target: None,
                colour: "#000000",
            }
        };
        assert!(none.svg().is_none());
    }
}
