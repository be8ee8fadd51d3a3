#!/usr/bin/python3
"""End-to-end: the KPI Rules sidebar deck in a real, visible LibreOffice on its own Xvfb display.

The test works the panel as a person would: it clicks the panel's real buttons, list entries and check
box with xdotool at the places the accessibility tree gives for them, types into cells with the
keyboard, and reads what the panel shows from the same accessibility tree (labels, the list box's
entries, the details text). What the panel shows is checked against the document itself (the KPI Log
row and Exceptions sheet the run wrote, the cell styles, the cell cursor). Screenshots go to
KPI_SCREENSHOTS (default: a folder under the build tree or /tmp); docs/images/ holds copies.

The rules source is set through the document properties of docs/commands.md (the file dialog is not
driven); Embed is pressed for real.
"""

import os
import re
import shutil
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
OXT = os.environ.get("KPI_OXT", os.path.join(ROOT, "build", "kpirules.oxt"))
SCREENSHOTS = os.environ.get("KPI_SCREENSHOTS", os.path.join(os.path.dirname(OXT), "screenshots"))

from kpi_office import VisibleOffice, wait_for  # noqa: E402

from com.sun.star.accessibility.AccessibleRole import (  # noqa: E402
    CHECK_BOX, COMBO_BOX, LABEL, LIST, MENU_BAR, PANEL, PUSH_BUTTON, TABLE, TEXT, TOOL_BAR)
from com.sun.star.beans.PropertyAttribute import REMOVABLE  # noqa: E402

# Automatic mode: an edit in the table is re-highlighted within this many seconds (issue 5), checked as
# the best of three edits on a 1,000-indicator sheet so that one slow moment on a shared machine does
# not fail the test.
RESPONSE_LIMIT = float(os.environ.get("KPI_SIDEBAR_RESPONSE_LIMIT", "1.0"))
SAMPLE = os.path.join(ROOT, "samples", "council-monthly.ods")
RULES = os.path.join(ROOT, "rules", "council-monthly.kpirules")
SHEET = "Corporate KPIs"
KEY_COLUMN = 0
AIM_COLUMN = 4
FIRST_MONTH_COLUMN = 12  # M = Apr
SEP_COLUMN = 17          # R = Sep, the latest month with data
FIRST_ROW, LAST_ROW = 4, 66  # 0-based rows of the sample table below the header (row 5..67)


def set_rules_source(doc, kind, path="", text=""):
    """Writes the rules source as the panel's Choose/Embed would (docs/commands.md)."""
    user = doc.getDocumentProperties().getUserDefinedProperties()
    for name, value in (("KPIRules.Source", kind), ("KPIRules.RulesFile", path), ("KPIRules.RulesText", text)):
        if user.getPropertySetInfo().hasPropertyByName(name):
            user.removeProperty(name)
        if value:
            user.addProperty(name, REMOVABLE, value)


def rules_source(doc):
    user = doc.getDocumentProperties().getUserDefinedProperties()
    info = user.getPropertySetInfo()
    return {name: user.getPropertyValue(name) for name in ("KPIRules.Source", "KPIRules.RulesFile", "KPIRules.RulesText")
            if info.hasPropertyByName(name)}


class Panel:
    """The KPI Rules panel of one frame, read and worked through the accessibility tree."""

    def __init__(self, office, frame):
        self.office = office
        self.frame = frame
        self.context = self._find()

    def _find(self):
        def search(context, depth):
            role = context.getAccessibleRole()
            if role in (TABLE, MENU_BAR, TOOL_BAR) or depth > 30:
                return None
            count = context.getAccessibleChildCount()
            if count > 300:
                return None
            children = [context.getAccessibleChild(i) for i in range(count)]
            children = [child.getAccessibleContext() for child in children if child is not None]
            if role == PANEL and any(c.getAccessibleRole() == PUSH_BUTTON and c.getAccessibleName() == "Run"
                                     for c in children):
                return context
            for child in children:
                found = search(child, depth + 1)
                if found is not None:
                    return found
            return None

        return wait_for(lambda: search(self.frame.getContainerWindow().getAccessibleContext(), 0), timeout=30,
                        what="the KPI Rules panel in the accessibility tree")

    def children(self):
        count = self.context.getAccessibleChildCount()
        return [self.context.getAccessibleChild(i).getAccessibleContext() for i in range(count)]

    def control(self, role, name=None, prefix=None):
        for child in self.children():
            if child.getAccessibleRole() != role:
                continue
            label = child.getAccessibleName()
            if (name is None or label == name) and (prefix is None or label.startswith(prefix)):
                return child
        raise AssertionError("no control with role %s named %r/%r in the panel; it has %s" % (
            role, name, prefix, [(c.getAccessibleRole(), c.getAccessibleName()) for c in self.children()]))

    def labels(self):
        return [c.getAccessibleName() for c in self.children() if c.getAccessibleRole() == LABEL]

    def status(self):
        """The status line: the label below the Automatic check box."""
        for text in self.labels():
            if text.startswith(("Not run", "Ran", "Running", "The rules", "Cleared", "Not cleared", "Explained",
                                "Could not", "Something", "Choose", "Rules file", "Automatic", "Clearing")):
                return text
        return ""

    def source(self):
        for text in self.labels():
            if text.startswith(("File ", "Embedded", "No rules")):
                return text
        return ""

    def counts(self):
        """{"Indicators": 49, "Red": 21, ...} from the counts label, {} when it is empty."""
        for text in self.labels():
            if text.startswith("Indicators:"):
                return {name.strip(): int(value) for name, value in re.findall(r"([A-Za-z][A-Za-z ]*): (\d+)", text)}
        return {}

    def exception_list(self):
        box = self.control(PANEL, name="Exceptions")
        for i in range(box.getAccessibleChildCount()):
            child = box.getAccessibleChild(i).getAccessibleContext()
            if child.getAccessibleRole() == LIST:
                return child
        raise AssertionError("the Exceptions list box has no list")

    def exceptions(self):
        items = self.exception_list()
        return [items.getAccessibleChild(i).getAccessibleContext().getAccessibleName()
                for i in range(items.getAccessibleChildCount())]

    def details(self):
        """The Details text: the label after the Details caption (whose text changes with what is shown)."""
        labels = self.labels()
        for i, text in enumerate(labels[:-1]):
            if text.startswith(("Details", "Explain ", "Problems in ", "Notes from ")):
                return labels[i + 1]
        return ""

    def click(self, context):
        """A real mouse click in the middle of the control."""
        point = context.getLocationOnScreen()
        size = context.getSize()
        x, y = point.X + size.Width // 2, point.Y + size.Height // 2
        self.frame.getContainerWindow().setFocus()  # as a person first comes to the window
        # Move there from elsewhere: a window mapped under a pointer that does not move gets no motion
        # event, and VCL then ignores the click (seen when the second window's deck opened there).
        self.office.run_x("xdotool", "mousemove", str(x - 5), str(y - 3), "mousemove", str(x), str(y), "click", "1")

    def press(self, button_name):
        self.click(self.control(PUSH_BUTTON, name=button_name))

    def choose_exception(self, index):
        items = self.exception_list()
        self.click(items.getAccessibleChild(index).getAccessibleContext())

    def toggle_automatic(self):
        self.click(self.control(CHECK_BOX, prefix="Automatic"))


class SidebarTest(unittest.TestCase):
    """One visible office and one workbook for the steps that build on each other (run, go to, explain,
    automatic, embed, diagnostics, clear), numbered so they run in order; the 1,000-indicator
    measurement opens its own workbook."""

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="kpi-sidebar-")
        os.makedirs(SCREENSHOTS, exist_ok=True)
        cls.rules_path = os.path.join(cls.work, "council-monthly.kpirules")
        shutil.copyfile(RULES, cls.rules_path)
        cls.workbook = os.path.join(cls.work, "council-monthly.ods")
        shutil.copyfile(SAMPLE, cls.workbook)
        cls.office = VisibleOffice(oxt=OXT)
        try:
            cls.office.start()
            cls.doc = cls.office.load_visible(cls.workbook)
            set_rules_source(cls.doc, "file", path=cls.rules_path)
            cls.panel = cls.show_deck(cls.doc)
        except BaseException:
            cls.office.stop()
            shutil.rmtree(cls.work, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.office.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    @classmethod
    def show_deck(cls, doc):
        frame = doc.getCurrentController().getFrame()
        context = cls.office.context
        dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        dispatcher.executeDispatch(frame, ".uno:SidebarDeck.KpiRulesDeck", "", 0, ())
        return Panel(cls.office, frame)

    def screenshot(self, name):
        time.sleep(0.3)  # let the last paint reach the X server
        self.office.screenshot(os.path.join(SCREENSHOTS, name))

    @property
    def sheet(self):
        return self.doc.getSheets().getByName(SHEET)

    def select(self, sheet, column, row):
        controller = self.doc.getCurrentController()
        controller.setActiveSheet(sheet)
        controller.select(sheet.getCellByPosition(column, row))

    def cursor(self):
        address = self.doc.getCurrentController().getSelection().getCellAddress()
        return address.Column, address.Row

    def type_into(self, doc, sheet, column, row, text):
        """Moves the cell cursor there, gives the grid the keyboard, and types text + Enter."""
        controller = doc.getCurrentController()
        controller.setActiveSheet(sheet)
        controller.select(sheet.getCellByPosition(column, row))
        controller.getFrame().getComponentWindow().setFocus()
        time.sleep(0.2)
        self.office.run_x("xdotool", "type", "--delay", "10", text)
        self.office.run_x("xdotool", "key", "Return")

    def styles_of(self, sheet, rows, columns):
        return {(c, r): sheet.getCellByPosition(c, r).CellStyle for r in rows for c in columns}

    def edit_and_wait(self, doc, panel, sheet, row, text, style):
        """Types text into September's cell of row with Automatic on; returns the seconds from the Enter key
        to the cell carrying style (the panel's status line changes with the re-run too)."""
        before = panel.status(), panel.counts()
        self.type_into(doc, sheet, SEP_COLUMN, row, text)
        typed = time.monotonic()
        wait_for(lambda: sheet.getCellByPosition(SEP_COLUMN, row).CellStyle == style, timeout=20,
                 interval=0.01, what="the edited cell to turn %s" % style)
        elapsed = time.monotonic() - typed
        # The re-run's status line may read exactly as the last one ("Ran again ... in 0.61 s: 30 exceptions."),
        # so a changed status line or changed counts (the edited indicator moved) show the panel reported it.
        wait_for(lambda: panel.status().startswith("Ran again") and (panel.status(), panel.counts()) != before,
                 timeout=10, what=lambda: "the panel to report the automatic run (it shows %r)" % panel.labels())
        return elapsed

    # -- the steps --------------------------------------------------------------------------------

    def test_1_run_shows_counts_and_exceptions(self):
        self.assertTrue(self.panel.source().startswith("File council-monthly.kpirules"), self.panel.source())
        self.assertEqual(self.panel.counts(), {})
        self.panel.press("Run")
        status = wait_for(lambda: self.panel.status().startswith("Ran ") and self.panel.status(), what="the run")
        self.assertRegex(status, r"^Ran council-monthly\.kpirules in [0-9.]+ s: \d+ exceptions\.$")
        counts = self.panel.counts()

        # The panel's counts are the run's: the KPI Log row the same run appended holds them too.
        log = self.doc.getSheets().getByName("KPI Log")
        cursor = log.createCursor()
        cursor.gotoEndOfUsedArea(False)
        rows = log.getCellRangeByPosition(0, 0, cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow).getDataArray()
        logged = dict(zip(rows[0], rows[-1]))
        for shown, logged_name in (("Indicators", "Indicators"), ("Red", "Red"), ("Amber", "Amber"),
                                   ("Green", "Green"), ("No data", "No data"), ("SMART failures", "SMART failures"),
                                   ("Flags", "Flags")):
            self.assertIn(logged_name, logged, "KPI Log columns: %s" % (rows[0],))
            self.assertEqual(counts[shown], int(logged[logged_name]), shown)
        self.assertEqual(counts["Indicators"], 49)
        self.assertEqual(counts["Red"] + counts["Amber"] + counts["Green"] + counts["No data"] + counts.get("Blue", 0),
                         49)
        # Red in the counts means cells styled KPI Red on the sheet.
        styles = self.styles_of(self.sheet, range(FIRST_ROW, LAST_ROW + 1), range(FIRST_MONTH_COLUMN, SEP_COLUMN + 1))
        self.assertGreater(sum(1 for s in styles.values() if s == "KPI Red"), 0)

        # The list shows one entry per row of the Exceptions sheet, in the same order.
        shown = self.panel.exceptions()
        exceptions = self.doc.getSheets().getByName("Exceptions")
        cursor = exceptions.createCursor()
        cursor.gotoEndOfUsedArea(False)
        table = exceptions.getCellRangeByPosition(0, 0, 10, cursor.RangeAddress.EndRow).getDataArray()
        self.assertEqual(len(shown), len(table) - 1)
        self.assertEqual(status, "Ran council-monthly.kpirules in %s s: %d exceptions." % (
            re.search(r"in ([0-9.]+) s", status).group(1), len(shown)))
        for item, row in zip(shown, table[1:]):
            self.assertIn(" · %s · " % row[1], item)  # the indicator code
        self.__class__.exception_rows = table
        self.select(self.sheet, SEP_COLUMN, FIRST_ROW + 2)  # the months in view for the screenshot
        self.screenshot("sidebar-after-run.png")

    def test_2_choosing_an_exception_selects_its_cell(self):
        exceptions = self.doc.getSheets().getByName("Exceptions")
        link_column = self.exception_rows[0].index("Cell") if "Cell" in self.exception_rows[0] else 10
        for index in (3, 0):
            self.select(self.sheet, SEP_COLUMN, 60)  # somewhere else first
            formula = exceptions.getCellByPosition(link_column, index + 1).getFormula()
            target = re.search(r"\.\$?([A-Z]+)\$?(\d+)", formula)
            self.assertIsNotNone(target, formula)
            column = ord(target.group(1)) - ord("A")
            row = int(target.group(2)) - 1
            self.panel.choose_exception(index)
            wait_for(lambda: self.cursor() == (column, row), timeout=10,
                     what="the cell cursor on %s%s" % target.groups())
            self.assertEqual(self.doc.getCurrentController().getActiveSheet().getName(), SHEET)
            code = self.sheet.getCellByPosition(KEY_COLUMN, row).getString()
            self.assertIn(" · %s · " % code, self.panel.exceptions()[index])

    def first_cell_styled(self, style, columns):
        styles = self.styles_of(self.sheet, range(FIRST_ROW, LAST_ROW + 1), columns)
        return next((column, row) for (column, row), s in sorted(styles.items(), key=lambda i: (i[0][1], i[0][0]))
                    if s == style)

    def test_3_explain_on_a_red_cell(self):
        column, row = self.first_cell_styled("KPI Red", range(FIRST_MONTH_COLUMN, SEP_COLUMN + 1))
        code = self.sheet.getCellByPosition(KEY_COLUMN, row).getString()
        self.select(self.sheet, column, row)
        self.panel.press("Explain the selected cell")
        text = wait_for(lambda: self.panel.status().startswith("Explained") and self.panel.details(),
                        what="the explanation")
        self.assertIn(code, text)
        self.assertIn("red", text.lower())
        with open(self.rules_path, encoding="utf-8") as rules:
            red_line = next(n for n, line in enumerate(rules, 1) if line.strip().startswith("red "))
        self.assertIn("line %d" % red_line, text)  # names the rule that gave the status
        self.assertRegex(text, r"\d")              # and the numbers
        self.screenshot("sidebar-explain.png")

    def test_4_automatic_rehighlights_an_edit(self):
        self.panel.toggle_automatic()
        wait_for(lambda: self.panel.status().startswith("Ran again"), what="the first automatic run")
        # A higher-is-better indicator that is green in September turns red when September's actual is 0.
        sheet = self.sheet
        for row in range(FIRST_ROW, LAST_ROW + 1):
            cell = sheet.getCellByPosition(SEP_COLUMN, row)
            if cell.CellStyle == "KPI Green" and sheet.getCellByPosition(AIM_COLUMN, row).getString() == "Higher" \
                    and cell.getValue() > 0:
                break
        else:
            self.fail("no green higher-is-better indicator in September")
        elapsed = self.edit_and_wait(self.doc, self.panel, sheet, row, "0", "KPI Red")
        print("\nAutomatic on the sample (49 indicators): edit to re-highlighted in %.2f s (%s)" % (
            elapsed, self.panel.status()))
        self.assertEqual(sheet.getCellByPosition(SEP_COLUMN, row).getValue(), 0.0)
        self.assertLess(elapsed, RESPONSE_LIMIT * 3)  # once, on a shared machine: generous here, see test_8
        # An edit outside the table (the title rows) does not re-run.
        status = self.panel.status()
        self.type_into(self.doc, sheet, 5, 2, "note")
        time.sleep(1.0)
        self.assertEqual(self.panel.status(), status)
        self.panel.toggle_automatic()
        wait_for(lambda: self.panel.status().startswith("Automatic is off"), what="Automatic off")

    def test_5_embed_stores_the_rules_in_the_workbook(self):
        self.panel.press("Embed")
        wait_for(lambda: self.panel.source().startswith("Embedded"), what="the embedded source")
        with open(self.rules_path, encoding="utf-8") as rules:
            text = rules.read()
        stored = rules_source(self.doc)
        self.assertEqual(stored.get("KPIRules.Source"), "embedded")
        self.assertEqual(stored.get("KPIRules.RulesText"), text)
        self.assertIn("%d lines" % text.count("\n"), self.panel.source())
        # The embedded text is what runs now: spoiling the file on disk changes nothing.
        with open(self.rules_path, "w", encoding="utf-8") as rules:
            rules.write("this is not a rules file\n")
        self.panel.press("Run")
        wait_for(lambda: self.panel.status().startswith("Ran embedded rules"), what="a run of the embedded rules")
        self.assertEqual(self.panel.counts()["Indicators"], 49)

    def test_6_rules_with_an_error_show_their_diagnostic(self):
        broken = os.path.join(self.work, "broken.kpirules")
        with open(RULES, encoding="utf-8") as rules:
            lines = rules.read().split("\n")
        line = next(n for n, text in enumerate(lines) if text.startswith("  amber when"))
        lines[line] = "  amber when short <= "  # the expression stops short
        with open(broken, "w", encoding="utf-8") as rules:
            rules.write("\n".join(lines))
        set_rules_source(self.doc, "file", path=broken)
        before = self.styles_of(self.sheet, range(FIRST_ROW, LAST_ROW + 1), range(FIRST_MONTH_COLUMN, SEP_COLUMN + 1))
        self.panel.press("Run")
        status = wait_for(lambda: self.panel.status().startswith("The rules have") and self.panel.status(),
                          what="the diagnostic")
        self.assertRegex(status, r"^The rules have \d+ errors?: nothing was changed")
        details = self.panel.details()
        self.assertRegex(details, r"Line %d, column \d+: error E\d+: " % (line + 1), details)
        self.assertEqual(self.panel.exceptions(), [])
        self.assertEqual(self.panel.counts(), {})
        after = self.styles_of(self.sheet, range(FIRST_ROW, LAST_ROW + 1), range(FIRST_MONTH_COLUMN, SEP_COLUMN + 1))
        self.assertEqual(before, after)
        self.screenshot("sidebar-diagnostic.png")

    def test_7_clear_takes_everything_back(self):
        self.panel.press("Clear")
        wait_for(lambda: self.panel.status().startswith("Cleared"), what="clear")
        self.assertFalse(self.doc.getSheets().hasByName("Exceptions"))
        styles = self.styles_of(self.sheet, range(FIRST_ROW, LAST_ROW + 1), range(FIRST_MONTH_COLUMN, SEP_COLUMN + 1))
        self.assertEqual([s for s in styles.values() if s.startswith("KPI ")], [])
        self.assertEqual(self.panel.exceptions(), [])


    def test_7a_choose_uses_the_standard_file_dialog(self):
        """Choose… opens LibreOffice's file dialog; a path typed into it (the file name field has the
        focus) becomes the workbook's rules file."""
        chosen = os.path.join(self.work, "chosen.kpirules")
        shutil.copyfile(RULES, chosen)
        toolkit = self.office.context.ServiceManager.createInstanceWithContext("com.sun.star.awt.Toolkit",
                                                                               self.office.context)

        def file_dialog():
            for i in range(toolkit.getTopWindowCount()):
                context = toolkit.getTopWindow(i).getAccessibleContext()
                if context.getAccessibleName().startswith("KPI Rules: choose a rules file"):
                    return context
            return None

        def file_name_field(context):
            if context.getAccessibleName().startswith("File name") and context.getAccessibleRole() in (TEXT, COMBO_BOX):
                return context
            if context.getAccessibleRole() == TABLE:  # the file list
                return None
            for i in range(min(context.getAccessibleChildCount(), 300)):
                child = context.getAccessibleChild(i)
                found = file_name_field(child.getAccessibleContext()) if child is not None else None
                if found is not None:
                    return found
            return None

        self.panel.press("Choose…")
        dialog = wait_for(file_dialog, timeout=30, what="the file dialog titled 'KPI Rules: choose a rules file'")
        field = wait_for(lambda: file_name_field(dialog), what="the dialog's File name field")
        self.screenshot("sidebar-choose-dialog.png")
        self.panel.click(field)
        self.office.run_x("xdotool", "type", "--delay", "5", chosen)
        self.office.run_x("xdotool", "key", "Return")
        wait_for(lambda: rules_source(self.doc).get("KPIRules.RulesFile") == chosen, timeout=30,
                 what=lambda: "the chosen file in the document properties (%r)" % rules_source(self.doc))
        self.assertEqual(rules_source(self.doc).get("KPIRules.Source"), "file")
        wait_for(lambda: self.panel.source().startswith("File chosen.kpirules"), what="the panel's source line")

    def test_8_automatic_on_a_thousand_indicators(self):
        """The sample's table copied 21 times (1,029 indicators, keys made unique) in a second window."""
        path = os.path.join(self.work, "large.ods")
        shutil.copyfile(SAMPLE, path)
        # Only one window on the screen: without a window manager a click can reach the first window's
        # panel, which lies exactly below the second's (seen after the steps above).
        first_window = self.doc.getCurrentController().getFrame().getContainerWindow()
        first_window.setVisible(False)
        doc = self.office.load_visible(path)
        try:
            sheet = doc.getSheets().getByName(SHEET)
            source = sheet.getCellRangeByPosition(0, FIRST_ROW, 23, LAST_ROW).getRangeAddress()
            height = LAST_ROW - FIRST_ROW + 1
            copies = 21
            for k in range(1, copies):
                destination = sheet.getCellByPosition(0, FIRST_ROW + k * height).getCellAddress()
                sheet.copyRange(destination, source)
            keys = sheet.getCellRangeByPosition(0, FIRST_ROW, 0, FIRST_ROW + copies * height - 1)
            keys.setDataArray(tuple((key + ("-%02d" % (i // height) if key else ""),)
                                    for i, (key,) in enumerate(keys.getDataArray())))
            set_rules_source(doc, "file", path=RULES)
            panel = self.show_deck(doc)
            panel.toggle_automatic()
            first = wait_for(lambda: panel.status().startswith("Ran again") and panel.status(), timeout=120,
                             what=lambda: "the first automatic run (the panel shows %r)" % panel.labels())
            self.assertEqual(panel.counts()["Indicators"], 49 * copies)
            times = []
            # Green higher-is-better indicators in September, in three different copies of the table.
            rows = [row for row in range(FIRST_ROW, FIRST_ROW + copies * height)
                    if sheet.getCellByPosition(SEP_COLUMN, row).CellStyle == "KPI Green"
                    and sheet.getCellByPosition(AIM_COLUMN, row).getString() == "Higher"
                    and sheet.getCellByPosition(SEP_COLUMN, row).getValue() > 0]
            for row in (rows[len(rows) // 4], rows[len(rows) // 2], rows[3 * len(rows) // 4]):
                times.append(self.edit_and_wait(doc, panel, sheet, row, "0", "KPI Red"))
            print("\nAutomatic on %d indicators: first run: %s; edit to re-highlighted: %s s (best %.2f s); "
                  "last run: %s" % (49 * copies, first, ", ".join("%.2f" % t for t in times), min(times),
                                    panel.status()))
            self.assertLess(min(times), RESPONSE_LIMIT)
        finally:
            self.office.close(doc)
            first_window.setVisible(True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
