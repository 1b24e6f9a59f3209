//! The text check report of the embedded templates, written directly.
//!
//! `check.txt.j2` (with the `_gap.j2` macros) stays the report's definition: a `--templates`
//! folder renders through it, and a test renders every sample both ways and requires the same
//! bytes. Without a folder, a `check` would otherwise spend most of its time turning the
//! evaluation into template values and interpreting the template (see the README's benchmark
//! notes); this module prints the same text from the evaluation itself.
//!
//! Every value goes through [`visible`] as the template's formatter does; a word missing from
//! strings.toml, or a number the template would print in a form of its own, makes [`render`]
//! answer `None`, and the caller renders through the template instead.

use std::fmt::Write as _;

use crate::criteria::{CriteriaSet, Indicator};
use crate::decimal::Dec;
use crate::eval::{Evaluation, Gap, IndicatorResult, LevelResult, Status};
use crate::model::{Level, Provenance, RatioPath};
use crate::school::ManualStatus;
use crate::text::{Lang, visible};

use super::{RenderOptions, Strings, UnknownFact, ansi, caveat, pick, rule_view};

/// The report, or `None` where only the template can say what it prints.
pub(super) fn render(
    ev: &Evaluation,
    set: &CriteriaSet,
    strings: &Strings,
    unknown_facts: &[UnknownFact],
    opts: &RenderOptions,
) -> Option<String> {
    let mut r = Report {
        out: String::with_capacity(16 << 10),
        set,
        t: strings,
        lang: opts.lang,
        color: opts.color,
    };
    r.check(ev, opts.level, unknown_facts)?;
    if !r.out.ends_with('\n') {
        r.out.push('\n');
    }
    Some(r.out)
}

struct Report<'a> {
    out: String,
    set: &'a CriteriaSet,
    t: &'a Strings,
    lang: Lang,
    color: bool,
}

/// What the template's expressions print: a word, a value made visible, a number.
impl<'a> Report<'a> {
    /// A word of strings.toml (`t.key`).
    fn w(&self, key: &str) -> Option<&'a str> {
        self.t.get(key)
    }

    /// `{{ value }}`: the text with control and bidi characters made visible.
    fn v(&mut self, text: &str) {
        self.out.push_str(&visible(text));
    }

    /// A literal of the template.
    fn lit(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// `{{ value | paint(style) }}`.
    fn paint(&mut self, text: &str, style: &str) {
        if self.color && !ansi(style).is_empty() {
            self.out.push_str(ansi(style));
            self.v(text);
            self.out.push_str("\x1b[0m");
        } else {
            self.v(text);
        }
    }

    /// `{{ n }}` for a count.
    fn int(&mut self, n: impl std::fmt::Display) {
        let _ = write!(self.out, "{n}");
    }

    /// `{{ d | num(places) }}`; `None` for a number the template prints in its own float form.
    fn num(&mut self, d: Option<Dec>, places: u32) -> Option<()> {
        let text = num_text(d, places, self.lang.is_vi())?;
        self.out.push_str(&text);
        Some(())
    }

    /// `{{ date | date }}`.
    fn date(&mut self, d: jiff::civil::Date) {
        let _ = write!(self.out, "{}", d.strftime("%d/%m/%Y"));
    }

    /// `{{ t[key] }}`.
    fn word(&mut self, key: &str) -> Option<()> {
        let w = self.w(key)?;
        self.v(w);
        Some(())
    }

    /// `label(fact)`.
    fn label(&self, fact: &str) -> String {
        super::fact_label(self.set, fact, self.lang)
    }

    /// `noun(name)`: the noun (or unit) of the fact named by the first word.
    fn noun(&self, name: &str) -> String {
        let first = name.split_whitespace().next().unwrap_or(name);
        match self.set.fact(first) {
            Some(_) => super::fact_noun(self.set, first, self.lang),
            None => name.to_string(),
        }
    }

    /// `grade(code)`: the label of the last enum value with this code.
    fn grade(&self, code: Option<&str>) -> String {
        let code = code.unwrap_or("none");
        self.set
            .enums
            .iter()
            .flat_map(|e| e.values.iter())
            .rfind(|v| v.code == code)
            .map_or(code.to_string(), |v| {
                if self.lang.is_vi() {
                    v.label_vi.to_string()
                } else {
                    v.label_en.to_string()
                }
            })
    }

    fn level_name(&self, level: u8) -> Option<&'a str> {
        self.w(if level == 1 {
            "level_name_1"
        } else {
            "level_name_2"
        })
    }
}

/// The report, section by section, in the template's order.
impl Report<'_> {
    fn check(&mut self, ev: &Evaluation, level: Level, unknown: &[UnknownFact]) -> Option<()> {
        self.head(ev)?;
        self.result(ev, level)?;
        let s = &ev.summary;
        if s.reconstructed > 0 || s.reconstructed_l2 > 0 {
            let line = format!("⚠ {}", caveat(self.set, self.t));
            self.paint(&line, "yellow");
            self.lit("\n\n");
        }
        self.by_group(ev, level)?;
        self.details(ev, level)?;
        if !unknown.is_empty() {
            self.lit("\n\n");
            self.paint(self.w("unknown_checklist")?, "bold");
            for u in unknown {
                self.lit("\n  • ");
                self.v(&u.label);
                self.lit(" (`");
                self.v(&u.fact);
                self.lit("`)");
                if !u.years.is_empty() {
                    self.lit(": ");
                    self.word("missing_years")?;
                    self.lit(" ");
                    self.join_ints(&u.years);
                }
                self.lit(" — ");
                self.word("decides")?;
                self.lit(" ");
                self.v(&u.indicators.join(", "));
            }
        }
        Some(())
    }

    fn join_ints(&mut self, ns: &[i32]) {
        for (i, n) in ns.iter().enumerate() {
            if i > 0 {
                self.lit(", ");
            }
            self.int(n);
        }
    }

    fn head(&mut self, ev: &Evaluation) -> Option<()> {
        let school = &ev.school;
        self.paint(self.w("report_title")?, "bold");
        self.lit("\n");
        self.word("school")?;
        self.lit(": ");
        self.v(&school.name);
        self.lit(" (");
        self.v(&school.province);
        self.lit(")");
        if !school.predecessors.is_empty() {
            self.lit("\n");
            self.word("predecessors")?;
            self.lit(": ");
            self.v(&school.predecessors.join(", "));
        }
        self.lit("\n");
        self.word("dossier_date")?;
        self.lit(": ");
        self.date(school.dossier_date);
        self.lit(" · ");
        self.word("window")?;
        self.lit(": ");
        self.date(ev.window.start);
        self.lit(" – ");
        self.date(ev.window.end);
        self.lit(" (");
        self.word("series_years")?;
        self.lit(" ");
        self.int(ev.window.first_year);
        self.lit("–");
        self.int(ev.window.last_year);
        self.lit(")\n");
        self.word("criteria")?;
        self.lit(": ");
        let meta = &self.set.meta;
        let title = if self.lang.is_vi() {
            &meta.title_vi
        } else {
            &meta.title_en
        };
        self.v(title);
        self.lit(" (");
        self.v(&ev.criteria.id);
        self.lit("@");
        self.v(&ev.criteria.version);
        if ev.criteria.status == "provisional" {
            self.lit(", ");
            self.word("provisional")?;
        }
        self.lit(")\n\n");
        Some(())
    }

    fn result(&mut self, ev: &Evaluation, level: Level) -> Option<()> {
        let s = &ev.summary;
        let n = level.number();
        let ls = s.level(level);
        let c = &ls.counts;
        self.word("result")?;
        self.lit(": ");
        let headline = format!(
            "{}/{} {} {}",
            c.met,
            s.total,
            self.w("met_at")?,
            self.level_name(n)?
        );
        self.paint(&headline, "bold");
        self.lit(" — ");
        if ls.attained {
            self.paint(self.w("attained")?, "green");
        } else {
            self.paint(self.w("not_attained")?, "red");
        }
        if c.unknown > 0 {
            self.lit("\n  ");
            let _ = write!(self.out, "{}–{}/{} ", c.met, ls.best_case, s.total);
            self.word("range_unknown")?;
        }
        self.lit("\n  ");
        self.word("formula")?;
        self.lit(": ");
        let terms = [
            (c.met, "status_met"),
            (c.not_met, "status_not_met"),
            (c.unknown, "status_unknown"),
            (c.waived, "status_waived"),
            (c.not_applicable, "status_not_applicable"),
        ];
        for (i, (count, key)) in terms.into_iter().enumerate() {
            if i > 0 {
                self.lit(" + ");
            }
            self.int(count);
            self.lit(" ");
            self.word(key)?;
        }
        self.lit(" = ");
        self.int(s.total);
        self.lit("\n  (");
        self.word("formula_text")?;
        self.lit(")");
        for other in [Level::L1, Level::L2] {
            if other == level {
                continue;
            }
            let o = s.level(other);
            self.lit("\n  ");
            self.v(&capitalize(self.level_name(other.number())?));
            self.lit(": ");
            let _ = write!(self.out, "{}/{} — ", o.counts.met, s.total);
            self.word(if o.attained {
                "attained"
            } else {
                "not_attained"
            })?;
            if o.counts.unknown > 0 {
                let _ = write!(self.out, " ({}–{}/{} ", o.counts.met, o.best_case, s.total);
                self.word("range_unknown")?;
                self.lit(")");
            }
        }
        self.lit("\n  ");
        self.word("exceeded")?;
        self.lit(": ");
        self.int(s.exceeded);
        self.lit(" ");
        self.word("indicators_word")?;
        self.lit(" (");
        self.word(match ev.criteria.exceeded_rule {
            crate::criteria::ExceededRule::AboveL1 => "exceeded_rule_above_l1",
            crate::criteria::ExceededRule::AtOrAboveL2 => "exceeded_rule_at_or_above_l2",
        })?;
        self.lit(")\n\n");
        Some(())
    }

    fn group_name<'g>(&self, g: &'g crate::eval::GroupSummary) -> &'g str {
        if self.lang.is_vi() {
            &g.name_vi
        } else {
            &g.name_en
        }
    }

    fn by_group(&mut self, ev: &Evaluation, level: Level) -> Option<()> {
        self.paint(self.w("by_group")?, "bold");
        self.lit(" (");
        self.v(self.level_name(level.number())?);
        self.lit(")");
        for g in &ev.summary.groups {
            let c = g.level(level);
            self.lit("\n  ");
            self.int(g.id);
            self.lit(". ");
            self.v(self.group_name(g));
            self.lit(": ");
            let _ = write!(self.out, "{}/{} ", c.met, g.total);
            self.word("status_met")?;
            let extra = [
                (c.not_met, "status_not_met"),
                (c.unknown, "status_unknown"),
                (c.waived, "status_waived"),
                (c.not_applicable, "status_not_applicable"),
                (g.exceeded, "exceeded_count"),
            ];
            for (count, key) in extra {
                if count > 0 {
                    self.lit(", ");
                    self.int(count);
                    self.lit(" ");
                    self.word(key)?;
                }
            }
        }
        Some(())
    }

    fn details(&mut self, ev: &Evaluation, level: Level) -> Option<()> {
        self.lit("\n\n");
        self.paint(self.w("details")?, "bold");
        self.lit(" (");
        self.v(self.level_name(level.number())?);
        self.lit(")\n");
        self.word("legend")?;
        let legend = [
            ("✓", "status_met"),
            ("✗", "status_not_met"),
            ("?", "status_unknown"),
            ("≈", "status_waived"),
            ("–", "status_not_applicable"),
            ("★", "tag_exceeded"),
            ("[R]", "tag_reconstructed"),
        ];
        for (i, (mark, key)) in legend.into_iter().enumerate() {
            self.lit(if i == 0 { ": " } else { " · " });
            self.lit(mark);
            self.lit(" ");
            self.word(key)?;
        }
        for g in &ev.summary.groups {
            self.lit("\n\n");
            self.word("group")?;
            self.lit(" ");
            self.int(g.id);
            self.lit(". ");
            self.v(self.group_name(g));
            for (k, r) in ev.indicators.iter().enumerate() {
                if r.group != g.id {
                    continue;
                }
                // `evaluate` lists results in the set's order: the k-th, unless the evaluation
                // came from another set
                let ind = match self.set.indicators.get(k) {
                    Some(ind) if ind.id == r.id => ind,
                    _ => self.set.indicator(&r.id)?,
                };
                self.indicator(r, ind, level)?;
            }
        }
        Some(())
    }

    /// One indicator's line and the lines under it.
    fn indicator(&mut self, r: &IndicatorResult, ind: &Indicator, level: Level) -> Option<()> {
        let lr = r.level(level);
        let (mark, colour) = match lr.status {
            Status::Met => ("✓", "green"),
            Status::NotMet => ("✗", "red"),
            Status::Unknown => ("?", "yellow"),
            Status::Waived => ("≈", "cyan"),
            Status::NotApplicable => ("–", "dim"),
        };
        let prov = if level == Level::L1 {
            r.provenance
        } else {
            r.provenance_l2
        };
        self.lit("\n  ");
        self.paint(mark, colour);
        self.lit(" ");
        self.v(&r.id);
        self.lit(" ");
        self.v(&pick(self.lang, &ind.title_vi, &ind.title_en));
        if prov == Provenance::Reconstructed {
            self.lit(" [R]");
        }
        if r.exceeded && level == Level::L1 {
            self.lit(" ★");
        }
        // the rule as shown: the unit after a value, the near-miss warning's subject
        let rule = rule_view(self.set, ind, self.lang);
        let shows_gap = |s: Option<Status>| matches!(s, Some(Status::NotMet | Status::Unknown));
        if lr.status == Status::Met {
            let mut note = self.sub();
            note.value_note(lr, &rule.unit_suffix)?;
            let note = note.out;
            if !note.is_empty() {
                self.lit("\n      ");
                self.v(&note);
            }
        }
        if lr.near_miss {
            let subject = if rule.near_miss_counts || rule.percent {
                rule.subject.as_str()
            } else {
                ""
            };
            let line = self.w("near_miss")?.replace("{noun}", &self.noun(subject));
            self.lit("\n      ");
            self.paint(&line, "yellow");
        }
        if shows_gap(Some(lr.status)) || shows_gap(lr.computed) {
            let mut lines = self.sub();
            lines.gap_lines(lr, ind, &rule.unit_suffix)?;
            let lines = lines.out;
            for line in lines.split('\n') {
                self.lit("\n      ");
                self.v(line);
            }
        }
        if let Some(ManualStatus::Waived {
            reason,
            approver,
            expires,
        }) = &r.declared
        {
            self.lit("\n      ");
            self.word("waiver_from")?;
            self.lit(": ");
            self.v(approver);
            self.lit("; ");
            self.v(reason);
            if let Some(d) = expires {
                self.lit("; ");
                self.word("waiver_until")?;
                self.lit(" ");
                self.date(*d);
            }
        }
        if let Some(problem) = r.waiver_problem.filter(|p| !p.is_empty()) {
            self.lit("\n      ");
            self.paint(self.w(&format!("waiver_{problem}"))?, "red");
        }
        if let Some(ManualStatus::NotApplicable { reason }) = &r.declared {
            self.lit("\n      ");
            self.word("na_reason")?;
            self.lit(": ");
            self.v(reason);
        }
        Some(())
    }

    /// A second writer with the same words and settings (a macro's output, printed after).
    fn sub(&self) -> Report<'_> {
        Report {
            out: String::new(),
            set: self.set,
            t: self.t,
            lang: self.lang,
            color: self.color,
        }
    }
}

/// The `_gap.j2` macros.
impl Report<'_> {
    /// `value_note`: the value against the threshold, or the grade against the one required.
    fn value_note(&mut self, lr: &LevelResult, unit: &str) -> Option<()> {
        if lr.value.is_some() && lr.threshold.is_some() {
            self.num(lr.value, 1)?;
            self.v(unit);
            self.lit(" (");
            self.v(super::comparison_symbol(lr.comparison.unwrap_or("none")));
            self.lit(" ");
            self.num(lr.threshold, 2)?;
            self.v(unit);
            self.lit(")");
        } else if lr.grade.as_deref().is_some_and(|g| !g.is_empty()) {
            self.v(&self.grade(lr.grade.as_deref()));
            self.lit(" (≥ ");
            self.v(&self.grade(lr.required_grade.as_deref()));
            self.lit(")");
        }
        Some(())
    }

    /// A ratio's gap in brackets: the share as counted, the bound (a word and its sign), and
    /// the count at the bound: ` (12/40 = 30 %; cần ≥ 50 % = 20/40)`.
    fn share(
        &mut self,
        lr: &LevelResult,
        (current, of): (Dec, Dec),
        (bound, sign): (&str, &str),
        (at, at_of): (Dec, Dec),
    ) -> Option<()> {
        self.lit(" (");
        self.num(Some(current), 2)?;
        self.lit("/");
        self.num(Some(of), 2)?;
        self.lit(" = ");
        self.num(lr.value, 1)?;
        self.word("pct")?;
        self.lit("; ");
        self.word(bound)?;
        self.lit(sign);
        self.num(lr.threshold, 2)?;
        self.word("pct")?;
        self.lit(" = ");
        self.num(Some(at), 2)?;
        self.lit("/");
        self.num(Some(at_of), 2)?;
        self.lit(")");
        Some(())
    }

    /// `gap_lines`: what is missing, or how far the school is from the threshold.
    fn gap_lines(&mut self, lr: &LevelResult, ind: &Indicator, unit: &str) -> Option<()> {
        if lr.status == Status::Unknown || lr.computed == Some(Status::Unknown) {
            if !lr.missing.is_empty() || !lr.missing_years.is_empty() {
                self.word("missing_data")?;
                self.lit(": ");
                for (i, f) in lr.missing.iter().enumerate() {
                    self.v(&self.label(f));
                    self.lit(" (`");
                    self.v(f);
                    self.lit("`)");
                    if i + 1 < lr.missing.len() || !lr.missing_years.is_empty() {
                        self.lit("; ");
                    }
                }
                for (i, m) in lr.missing_years.iter().enumerate() {
                    self.v(&self.label(&m.fact));
                    self.lit(" (`");
                    self.v(&m.fact);
                    self.lit("`): ");
                    self.word("missing_years")?;
                    self.lit(" ");
                    self.join_ints(&m.years);
                    if i + 1 < lr.missing_years.len() {
                        self.lit("; ");
                    }
                }
            } else if lr.reason == Some("zero_denominator") {
                self.word("zero_denominator")?;
            }
            return Some(());
        }
        let Some(gap) = &lr.gap else {
            return Some(());
        };
        match gap {
            Gap::Ratio {
                numerator,
                current,
                of,
                target,
                amount,
                add,
                path,
                ..
            } => {
                let add = add.as_ref();
                let (f_amount, f_target, f_of) = match add {
                    Some(a) if *path == RatioPath::Add => (a.amount, a.target, a.of),
                    _ => (*amount, *target, *of),
                };
                self.word("need_more")?;
                self.lit(" ");
                self.num(Some(f_amount), 2)?;
                self.lit(" ");
                self.word("more")?;
                self.v(&self.noun(numerator));
                self.share(lr, (*current, *of), ("need", " ≥ "), (f_target, f_of))?;
                if let Some(a) = add
                    && ind.rule.kind().two_paths()
                {
                    let paths = super::indicator_view(self.set, ind, self.lang, self.t).paths?;
                    let (first_key, other_key) = match path {
                        RatioPath::Add => ("add", "convert"),
                        RatioPath::Convert => ("convert", "add"),
                    };
                    let (o_amount, o_target, o_of) = match path {
                        RatioPath::Add => (*amount, *target, *of),
                        RatioPath::Convert => (a.amount, a.target, a.of),
                    };
                    self.lit(": ");
                    let n = num_text(Some(f_amount), 2, self.lang.is_vi())?;
                    self.v(&paths.get(first_key)?.gap.replace("{n}", &n));
                    self.lit(", ");
                    self.word("or_reduce")?;
                    self.lit(" ");
                    let n = num_text(Some(o_amount), 2, self.lang.is_vi())?;
                    self.v(&paths.get(other_key)?.gap.replace("{n}", &n));
                    self.lit(" (");
                    self.num(Some(o_target), 2)?;
                    self.lit("/");
                    self.num(Some(o_of), 2)?;
                    self.lit(")");
                }
            }
            Gap::Cap {
                numerator,
                current,
                of,
                limit,
                amount,
                grow,
                ..
            } => {
                self.word("need_fewer")?;
                self.lit(" ");
                self.num(Some(*amount), 2)?;
                self.lit(" ");
                self.v(&self.noun(numerator));
                self.share(lr, (*current, *of), ("at_most", " "), (*limit, *of))?;
                if let Some(grow) = grow {
                    // the template adds two integers exactly; anything else it adds as floats
                    let sum = Dec::from_int(of.to_i64()?.checked_add(grow.to_i64()?)?);
                    self.lit(", ");
                    self.word("or_reduce")?;
                    self.lit(" ");
                    let n = num_text(Some(*grow), 2, self.lang.is_vi())?;
                    self.v(&self.w("cap_grow")?.replace("{n}", &n));
                    self.lit(" (");
                    self.num(Some(*current), 2)?;
                    self.lit("/");
                    self.num(Some(sum), 2)?;
                    self.lit(")");
                }
            }
            Gap::Shortfall {
                fact,
                current,
                target,
                amount,
            } => {
                self.word("need_more")?;
                self.lit(" ");
                self.num(Some(*amount), 2)?;
                self.lit(" ");
                self.word("more")?;
                self.v(&self.noun(fact));
                self.lit(" (");
                self.num(Some(*current), 2)?;
                self.lit("; ");
                self.word("need")?;
                self.lit(" ≥ ");
                self.num(Some(*target), 2)?;
                self.lit(")");
            }
            Gap::Excess {
                fact,
                current,
                limit,
                roll_off,
                roll_off_by,
                ..
            } => {
                self.word("excess")?;
                self.lit(": ");
                self.num(Some(*current), 2)?;
                self.lit(" ");
                self.v(&self.noun(fact));
                self.lit(" (");
                self.word("need")?;
                self.lit(" ≤ ");
                self.num(Some(*limit), 2)?;
                self.lit("); ");
                self.word("cannot_fix")?;
                self.lit(": ");
                match roll_off {
                    Some(d) => {
                        self.word("rolls_off")?;
                        self.lit(" ");
                        self.date(*d);
                    }
                    None => {
                        self.word("rolls_off_by")?;
                        self.lit(" ");
                        self.date(*roll_off_by);
                    }
                }
            }
            Gap::Flags { facts } => {
                self.word("not_yet")?;
                self.lit(": ");
                for (i, f) in facts.iter().enumerate() {
                    if i > 0 {
                        self.lit("; ");
                    }
                    self.v(&self.label(f));
                }
            }
            Gap::Years { years, .. } => {
                self.word("failed_years")?;
                self.lit(" (");
                self.word("cannot_fix")?;
                self.lit("):");
                for y in years {
                    self.lit("\n- ");
                    self.word("year")?;
                    self.lit(" ");
                    self.int(y.year);
                    self.lit(": ");
                    if y.grade.as_deref().is_some_and(|g| !g.is_empty()) {
                        self.v(&self.grade(y.grade.as_deref()));
                    } else if y.value.is_some() {
                        self.num(y.value, 1)?;
                        self.v(unit);
                        if let Some(s) = y.shortfall.filter(|s| *s != Dec::ZERO) {
                            self.lit(", ");
                            self.word("shortfall_persons")?;
                            self.lit(" ");
                            self.num(Some(s), 2)?;
                        }
                    } else {
                        self.lit("—");
                    }
                    self.lit("; ");
                    self.word("rolls_off")?;
                    self.lit(" ");
                    self.date(y.roll_off);
                }
            }
        }
        Some(())
    }
}

/// `{{ d | num(places) }}` as a text: a whole number without decimals, any other through the
/// float the template receives (which gives the same digits for any value of six places below
/// a billion); `None` where that float has no decimal form.
fn num_text(d: Option<Dec>, places: u32, vi: bool) -> Option<String> {
    Some(match d {
        None => "none".to_string(),
        Some(d) => match d.to_i64() {
            Some(i) => Dec::from_int(i).format(0, vi),
            None => Dec::from_f64(d.to_f64())?.format(places, vi),
        },
    })
}

/// minijinja's `capitalize`: the first character upper case, the rest lower case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(f) => f.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
    }
}
