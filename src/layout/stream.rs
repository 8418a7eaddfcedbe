//! A sheet read as a stream: after its first rows have been laid out, each further row gets the
//! role the whole-sheet detector would give it, looking at most two rows ahead, so a sheet of a
//! million rows is never held whole.

use super::*;

/// What a [`Continuation`] says of the rows it is given, in order.
#[derive(Debug)]
pub enum Step {
    /// A new table starts; its header rows follow as [`Step::Header`].
    Table(Box<Table>),
    Header(Row),
    Row(Row, RowRole),
    /// A row in no table (after a header that could not be read).
    Outside(Row),
}

/// Carries a sheet's layout on past the first rows that [`detect`] saw, for a sheet read as a
/// stream: each further row gets the role the whole-sheet detector would give it. Section
/// labels are held back until a data row shows they are not footnotes, and a row that may
/// start a new table waits for the two rows below it.
pub struct Continuation<'a> {
    ctx: &'a LayoutContext<'a>,
    m: Matcher<'a>,
    fy: Option<i32>,
    titles: Vec<(u32, String)>,
    /// None once the layout has ended (a header that could not be read).
    body: Option<Body>,
    /// The merged regions, and the rows waiting: the first is the row above the next one to
    /// classify when `above` is set.
    window: Sheet,
    above: bool,
    /// Header rows of a new table still to pass.
    header_end: Option<u32>,
    pending: Vec<(Row, String)>,
}

impl<'a> Continuation<'a> {
    /// Takes over from the layout of a sheet's first rows. The layout's last table gives back
    /// its trailing footnotes, which the rows to come may show are section labels.
    pub fn new(head: &Sheet, layout: &mut SheetLayout, ctx: &'a LayoutContext<'a>) -> Self {
        let mut pending = Vec::new();
        let mut body = None;
        if let (Some(table), false) = (layout.tables.last_mut(), layout.stopped_early) {
            let keep = table
                .rows
                .iter()
                .rposition(|(_, r)| *r == RowRole::Data)
                .map_or(0, |p| p + 1);
            for (index, _) in table.rows.drain(keep..) {
                if let Some(row) = head.row(index) {
                    let label = row
                        .values()
                        .next()
                        .and_then(|c| c.text())
                        .unwrap_or_default();
                    pending.push((row.clone(), label));
                }
            }
            let header_end = table.header_rows.last().copied().unwrap_or(0);
            let mut b = Body::new(table, header_end);
            if let Some(last) = head.rows.last().filter(|r| r.index > header_end) {
                b.prev_index = last.index;
                b.prev_single = pending.last().is_some_and(|(r, _)| r.index == last.index);
            }
            body = Some(b);
        }
        let above: Vec<Row> = head.rows.last().cloned().into_iter().collect();
        Continuation {
            ctx,
            m: Matcher::new(ctx),
            fy: layout.financial_year,
            titles: layout.title_rows.clone(),
            body,
            above: !above.is_empty(),
            window: Sheet {
                name: head.name.clone(),
                visibility: head.visibility,
                rows: above,
                merges: head.merges.clone(),
                col_widths: Vec::new(),
            },
            header_end: None,
            pending,
        }
    }

    /// Gives the next row of the sheet; what can be said of the rows so far goes to `out`.
    pub fn push(&mut self, row: Row, out: &mut Vec<Step>) {
        self.window.rows.push(row);
        while self.window.rows.len() >= usize::from(self.above) + 3 {
            self.next(out);
        }
    }

    /// The sheet has ended: classifies the rows still waiting.
    pub fn finish(&mut self, out: &mut Vec<Step>) {
        while self.window.rows.len() > usize::from(self.above) {
            self.next(out);
        }
        out.extend(
            self.pending
                .drain(..)
                .map(|(r, _)| Step::Row(r, RowRole::Footnote)),
        );
    }

    fn next(&mut self, out: &mut Vec<Step>) {
        let i = usize::from(self.above);
        if self
            .header_end
            .is_some_and(|end| self.window.rows[i].index <= end)
        {
            return self.advance(out, Step::Header);
        }
        self.header_end = None;
        let Some(body) = self.body.as_mut() else {
            return self.advance(out, Step::Outside);
        };
        if body.may_start_table(&self.window.rows[i], self.ctx, &mut self.m, self.fy) {
            if let Some((_, rows)) = find_header(&self.window, i, 1, &mut self.m, self.fy, Some(i))
            {
                out.extend(
                    self.pending
                        .drain(..)
                        .map(|(r, _)| Step::Row(r, RowRole::Footnote)),
                );
                match build_table(
                    &self.window,
                    &rows,
                    &mut self.m,
                    self.fy,
                    self.ctx,
                    &self.titles,
                ) {
                    Some(table) => {
                        let end = rows.last().copied().unwrap_or(0);
                        // A group header above was already given to the table before.
                        if rows[0] < self.window.rows[i].index {
                            out.push(Step::Header(self.window.rows[i - 1].clone()));
                        }
                        self.body = Some(Body::new(&table, end));
                        out.push(Step::Table(Box::new(table)));
                        self.header_end = Some(end);
                    }
                    None => self.body = None,
                }
                return self.next(out);
            }
        }
        let role = body.role(&self.window, &self.window.rows[i]);
        match role {
            Some(RowRole::Section(label)) => {
                let row = self.window.rows[i].clone();
                self.pending.push((row, label));
                self.advance(out, |_| None);
            }
            Some(role) => {
                out.extend(
                    self.pending
                        .drain(..)
                        .map(|(r, l)| Step::Row(r, RowRole::Section(l))),
                );
                self.advance(out, |row| Some(Step::Row(row, role)));
            }
            None => self.advance(out, Step::Outside),
        }
    }

    /// Moves past the row being classified. It stays as the row above the next, in full only
    /// when it could be a group header over it (the only use [`find_header`] makes of it).
    fn advance<S: Into<Option<Step>>>(&mut self, out: &mut Vec<Step>, step: impl FnOnce(Row) -> S) {
        if self.above {
            self.window.rows.remove(0);
        }
        self.above = true;
        let row = &self.window.rows[0];
        let kept = if has_group_merge(&self.window, row) {
            row.clone()
        } else {
            Row {
                index: row.index,
                cells: Vec::new(),
            }
        };
        let row = std::mem::replace(&mut self.window.rows[0], kept);
        out.extend(step(row).into());
    }
}
