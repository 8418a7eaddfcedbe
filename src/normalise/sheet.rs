//! Normalising one sheet a row at a time: a whole sheet from its layout, or a long sheet as its
//! rows stream past, so that a register of a million rows is never held.

use crate::config::Config;
use crate::layout::{Continuation, LayoutContext, RowRole, SheetKind, SheetLayout, Step, Table};
use crate::read::{Row, Sheet};
use crate::rules::RuleId;
use crate::schema::field::Name;
use crate::schema::Finding;

use super::{
    actions, measures, risks, row, CellCounts, Document, RowContext, Sections, SheetContext,
    SheetReport, StreamError,
};

/// The message a long sheet gives when its rows are stored out of order; such a sheet is read
/// again whole.
pub const OUT_OF_ORDER: &str = "stores its rows out of order";

/// Normalises a whole sheet into the document.
pub fn normalise_sheet(
    sheet: &Sheet,
    layout: &SheetLayout,
    sctx: &SheetContext,
    config: &Config,
    doc: &mut Document,
) -> SheetReport {
    let mut run = SheetRun::new(sheet, layout, sctx, config);
    if layout.skipped.is_none() {
        run.head(sheet, layout, doc);
    }
    run.finish(layout)
}

/// Normalises a long sheet: its first rows, whose layout is known, then the rest as they come.
/// A record goes to the document as soon as its row is read; `flush` is called after each
/// row so that the caller can move records on.
///
/// # Errors
/// [`StreamError::Row`] for a row that cannot be read, [`StreamError::OutOfOrder`], or the
/// error of `flush`.
#[allow(clippy::too_many_arguments)]
pub fn normalise_long_sheet(
    head: &Sheet,
    rest: &mut dyn Iterator<Item = Result<Row, crate::read::Error>>,
    mut layout: SheetLayout,
    sctx: &SheetContext,
    lctx: &LayoutContext,
    config: &Config,
    doc: &mut Document,
    flush: &mut dyn FnMut(&mut Document) -> Result<(), StreamError>,
) -> Result<SheetReport, StreamError> {
    let mut run = SheetRun::new(head, &layout, sctx, config);
    let mut last = head.rows.last().map(|r| r.index);
    let mut next_row = |run: &mut SheetRun| -> Option<Result<Row, StreamError>> {
        let row = match rest.next()? {
            Ok(row) => row,
            Err(e) => return Some(Err(e.into())),
        };
        if last.is_some_and(|l| row.index <= l) {
            return Some(Err(StreamError::OutOfOrder(head.name.clone())));
        }
        last = Some(row.index);
        run.cells.read += row.values().count();
        Some(Ok(row))
    };
    if layout.skipped.is_some() {
        while let Some(row) = next_row(&mut run) {
            row?;
        }
        return Ok(run.finish(&layout));
    }
    let mut cont = Continuation::new(head, &mut layout, lctx);
    run.head(head, &layout, doc);
    let mut table: Option<Table> = layout.tables.last().map(|t| Table {
        rows: Vec::new(),
        ..t.clone()
    });
    let mut steps = Vec::new();
    let mut ended = false;
    while !ended {
        match next_row(&mut run) {
            Some(row) => cont.push(row?, &mut steps),
            None => {
                cont.finish(&mut steps);
                ended = true;
            }
        }
        for step in steps.drain(..) {
            match step {
                Step::Table(t) => {
                    run.table(&t, doc);
                    table = Some(*t);
                }
                Step::Header(row) => run.header_row(&row),
                Step::Row(row, role) => {
                    if let Some(t) = &table {
                        run.row(&row, &role, t, doc);
                    }
                }
                Step::Outside(_) => {}
            }
        }
        flush(doc)?;
    }
    Ok(run.finish(&layout))
}

/// One sheet being normalised: the counts and the state carried from row to row.
struct SheetRun<'a> {
    sctx: &'a SheetContext,
    config: &'a Config,
    report: SheetReport,
    cells: CellCounts,
    /// Cells read that were given a place (title, header, record, label).
    accounted: usize,
    sections: Sections,
    measure_index: measures::MeasureIndex,
}

impl<'a> SheetRun<'a> {
    fn new(
        sheet: &Sheet,
        layout: &SheetLayout,
        sctx: &'a SheetContext,
        config: &'a Config,
    ) -> Self {
        SheetRun {
            sctx,
            config,
            report: SheetReport {
                sheet: sheet.name.clone(),
                kind: layout.tables.first().map(|t| t.kind),
                skipped: layout.skipped.clone(),
                header_rows: Vec::new(),
                records: 0,
                cells: CellCounts::default(),
            },
            cells: CellCounts {
                read: sheet.value_count(),
                ..Default::default()
            },
            accounted: 0,
            sections: Sections::default(),
            measure_index: measures::MeasureIndex::default(),
        }
    }

    /// The rows the layout was found in: titles, then each table.
    fn head(&mut self, sheet: &Sheet, layout: &SheetLayout, doc: &mut Document) {
        for (r, _) in &layout.title_rows {
            let n = sheet.row(*r).map_or(0, |row| row.values().count());
            self.cells.skip("title", n);
            self.accounted += n;
        }
        for table in &layout.tables {
            self.table(table, doc);
            for r in &table.header_rows {
                if let Some(row) = sheet.row(*r) {
                    self.header_row(row);
                }
            }
            for (r, role) in &table.rows {
                if let Some(row) = sheet.row(*r) {
                    self.row(row, role, table, doc);
                }
            }
        }
    }

    /// A table starts: what the layout noticed about its columns is said once.
    fn table(&mut self, table: &Table, doc: &mut Document) {
        self.report
            .header_rows
            .push(table.header_rows.iter().map(|r| r + 1).collect());
        for note in &table.demoted {
            doc.findings.push(Finding {
                sheet: Some(self.sctx.sheet.clone()),
                ..Finding::new(RuleId::ColumnUnrecognised, note.clone(), &self.sctx.file)
            });
        }
        self.sections = Sections::default();
        self.measure_index = measures::MeasureIndex::default();
    }

    fn header_row(&mut self, row: &Row) {
        let n = row.values().count();
        self.cells.skip("header", n);
        self.accounted += n;
    }

    fn row(&mut self, row: &Row, role: &RowRole, table: &Table, doc: &mut Document) {
        let (sctx, config) = (self.sctx, self.config);
        let n = row.values().count();
        self.accounted += n;
        let cells = &mut self.cells;
        match role {
            // A profile that says what section rows name wins over the delivery plan's reading.
            RowRole::Section(label)
                if table.kind == SheetKind::DeliveryPlan && sctx.sections.is_none() =>
            {
                actions::apply_section(&mut self.sections, label, config);
                cells.skip("section label", n);
            }
            RowRole::Section(label) => {
                self.sections.apply(label, sctx, config);
                cells.skip("section label", n);
            }
            RowRole::Footnote => cells.skip("footnote", n),
            RowRole::Guidance => cells.skip("guidance", n),
            RowRole::Data => {
                let mut rv = row::RowValues::new(row, table);
                let at = RowContext {
                    sheet: sctx,
                    sections: &self.sections,
                    config,
                };
                let made = match table.kind {
                    SheetKind::RiskRegister => risks::risk_row(&mut rv, at, doc),
                    SheetKind::PerformanceReturn => {
                        measures::measure_row(&mut rv, at, &mut self.measure_index, doc)
                    }
                    SheetKind::DeliveryPlan => actions::action_row(&mut rv, at, doc),
                };
                if made.is_some() {
                    self.report.records += 1;
                    doc.summary.missing_values += rv.missing;
                    cells.mapped += rv.mapped + rv.missing;
                    cells.extra += rv.kept;
                    cells.skip(
                        "unused by the record",
                        n.saturating_sub(rv.mapped + rv.missing + rv.kept),
                    );
                } else if rv.filled() <= 1 && rv.has(Name::Id) {
                    // A template's numbered blank row.
                    cells.skip("reference only", n);
                } else {
                    cells.skip("row without a reference or title", n);
                    doc.findings.push(Finding {
                        sheet: Some(sctx.sheet.clone()),
                        row: Some(row.index + 1),
                        cell: None,
                        record_id: None,
                        field: None,
                        directorate: sctx.directorate.clone(),
                        ..Finding::new(RuleId::RowUnidentified, format!(
                            "Row {} has {n} value(s) but no reference or title, so it was not read as a record",
                            row.index + 1
                        ), sctx.file.clone())
                    });
                }
                for p in rv.problems.drain(..) {
                    let message = format!("{}: {}; kept as written in extra", p.field, p.message);
                    doc.findings.push(Finding {
                        sheet: Some(sctx.sheet.clone()),
                        row: Some(rv.row + 1),
                        cell: Some(p.cell),
                        record_id: made.clone(),
                        field: Some(p.field),
                        directorate: sctx.directorate.clone(),
                        ..Finding::new(RuleId::ValueUnreadable, message, sctx.file.clone())
                    });
                }
            }
        }
    }

    /// The sheet's report, every cell read accounted for.
    fn finish(mut self, layout: &SheetLayout) -> SheetReport {
        if let Some(reason) = &layout.skipped {
            let key = if reason == "hidden sheet" {
                "hidden sheet"
            } else {
                "sheet not a return"
            };
            let read = self.cells.read;
            self.cells.skip(key, read);
            self.report.header_rows.clear();
        } else {
            // Cells in no table (notes between tables, text beside a title).
            let outside = self.cells.read.saturating_sub(self.accounted);
            self.cells.skip("outside any table", outside);
        }
        self.report.cells = self.cells;
        self.report
    }
}
