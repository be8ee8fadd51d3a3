#!/usr/bin/python3
"""End-to-end: Tools > KPI Rules > Run, Clear, Show Sidebar used as a person uses them, with the keyboard, in a
real, visible LibreOffice on its own Xvfb display (VisibleOffice), on a copy of samples/council-monthly.ods whose
rules source is rules/council-monthly.kpirules.

Checks that the menu runs the rules (the document gets its styles and Exceptions sheet), that the outcome is told
in a message box reading what the run did (read through the accessibility tree, closed with a real click), that
Clear takes it back, that Show Sidebar opens the KPI Rules deck, and that a script's dispatch on the visible
window returns at once while its message box shows, the office working on after the box is closed. Screenshots
go to KPI_SCREENSHOTS.
"""

import json
import os
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

from kpi_office import VisibleOffice, wait_for, properties  # noqa: E402

from com.sun.star.accessibility.AccessibleRole import PUSH_BUTTON  # noqa: E402
from com.sun.star.beans.PropertyAttribute import REMOVABLE  # noqa: E402

SAMPLE = os.path.join(ROOT, "samples", "council-monthly.ods")
RULES = os.path.join(ROOT, "rules", "council-monthly.kpirules")
SHEET = "Corporate KPIs"


def texts(context, depth=0):
    """Every accessible name and text below a context (the message box's label and buttons)."""
    found = []
    for i in range(context.getAccessibleChildCount()):
        child = context.getAccessibleChild(i).getAccessibleContext()
        found.append(child.getAccessibleName())
        if hasattr(child, "getText"):
            found.append(child.getText())
        if depth < 4:
            found.extend(texts(child, depth + 1))
    return [t for t in found if t]


class MenuGuiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        cls.workdir = tempfile.mkdtemp(prefix="kpi-menu-gui-")
        cls.office = VisibleOffice(oxt=OXT)
        try:
            cls.office.__enter__()
            smgr = cls.office.context.ServiceManager
            cls.toolkit = smgr.createInstanceWithContext("com.sun.star.awt.Toolkit", cls.office.context)
            cls.dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", cls.office.context)
            path = os.path.join(cls.workdir, "council-monthly.ods")
            shutil.copyfile(SAMPLE, path)
            cls.doc = cls.office.load_visible(path)
            cls.frame = cls.doc.getCurrentController().getFrame()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.office.stop()
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def set_rules_source(self, kind, path=""):
        user = self.doc.getDocumentProperties().getUserDefinedProperties()
        for name, value in (("KPIRules.Source", kind), ("KPIRules.RulesFile", path)):
            if user.getPropertySetInfo().hasPropertyByName(name):
                user.removeProperty(name)
            if value:
                user.addProperty(name, REMOVABLE, value)

    def menu(self, *keys):
        """Tools > KPI Rules > the entry with the given accelerator, by keyboard."""
        self.frame.getContainerWindow().setFocus()
        self.frame.activate()
        for key in ("alt+t", "k") + keys:
            self.office.run_x("xdotool", "key", key)
            time.sleep(0.4)

    def message_box(self):
        """The open KPI Rules message box, as (its window's accessible context, its texts), or None."""
        for i in range(self.toolkit.getTopWindowCount()):
            window = self.toolkit.getTopWindow(i)
            context = window.getAccessibleContext() if hasattr(window, "getAccessibleContext") else None
            if context is not None and context.getAccessibleName() == "KPI Rules":
                return context, texts(context)
        return None

    def close_message_box(self, context):
        buttons = [c for c in (context.getAccessibleChild(i).getAccessibleContext()
                               for i in range(context.getAccessibleChildCount()))
                   if c.getAccessibleRole() == PUSH_BUTTON]
        if not buttons:  # the buttons may sit one level down
            for i in range(context.getAccessibleChildCount()):
                inner = context.getAccessibleChild(i).getAccessibleContext()
                buttons += [inner.getAccessibleChild(j).getAccessibleContext() for j in range(inner.getAccessibleChildCount())
                            if inner.getAccessibleChild(j).getAccessibleContext().getAccessibleRole() == PUSH_BUTTON]
        self.assertEqual(["OK"], [b.getAccessibleName() for b in buttons])
        point, size = buttons[0].getLocationOnScreen(), buttons[0].getSize()
        x, y = point.X + size.Width // 2, point.Y + size.Height // 2
        # Move there from elsewhere first: VCL ignores a click without a motion event into a new window.
        self.office.run_x("xdotool", "mousemove", str(x - 5), str(y - 3), "mousemove", str(x), str(y), "click", "1")
        wait_for(lambda: self.message_box() is None, timeout=60, what="the message box to close")

    def test_1_run_from_the_menu_checks_the_workbook_and_says_what_it_found(self):
        self.set_rules_source("file", RULES)
        self.menu("r")
        box = wait_for(self.message_box, timeout=60, what="the message box after Run")
        self.office.screenshot(os.path.join(SCREENSHOTS, "menu-run-message.png"))
        said = " ".join(box[1])
        self.assertIn("KPI Rules checked 49 indicators with council-monthly.kpirules", said)
        self.assertIn("see the Exceptions sheet", said)
        self.assertTrue(self.doc.getSheets().hasByName("Exceptions"))
        exceptions = self.doc.getSheets().getByName("Exceptions")
        self.assertEqual("Severity", exceptions.getCellByPosition(0, 0).getString())
        sheet = self.doc.getSheets().getByName(SHEET)
        styles = {sheet.getCellByPosition(17, row).CellStyle for row in range(4, 67)}  # Sep
        self.assertLessEqual({"KPI Red", "KPI Green"}, styles)
        log = self.doc.getSheets().getByName("KPI Log")
        self.assertEqual("council-monthly.kpirules", log.getCellRangeByName("B2").getString())
        self.close_message_box(box[0])

    def test_2_clear_from_the_menu_takes_it_back(self):
        self.assertTrue(self.doc.getSheets().hasByName("Exceptions"), "test_1 runs first")
        self.menu("c")
        box = wait_for(self.message_box, timeout=60, what="the message box after Clear")
        self.assertIn("KPI Rules took back what it wrote", " ".join(box[1]))
        self.assertFalse(self.doc.getSheets().hasByName("Exceptions"))
        self.close_message_box(box[0])

    def test_3_show_sidebar_opens_the_kpi_rules_deck(self):
        sidebar = self.doc.getCurrentController().getSidebar()
        sidebar.setVisible(True)
        decks = sidebar.getDecks()
        self.assertTrue(decks.hasByName("KpiRulesDeck"), decks.getElementNames())
        decks.getByName("PropertyDeck").activate(True)
        self.assertFalse(decks.getByName("KpiRulesDeck").isActive())
        self.menu("s")
        wait_for(lambda: decks.getByName("KpiRulesDeck").isActive(), timeout=60, what="the KPI Rules deck")
        self.office.screenshot(os.path.join(SCREENSHOTS, "menu-show-sidebar.png"))

    def test_4_a_script_dispatch_on_the_window_returns_while_the_box_shows(self):
        self.set_rules_source(None)
        started = time.monotonic()
        event = self.dispatcher.executeDispatch(self.frame, "org.kpirules.command:Run", "", 0, ())
        self.assertLess(time.monotonic() - started, 5)
        self.assertIn("choose a rules file or embed rules", json.loads(event.Result)["error"])
        box = wait_for(self.message_box, timeout=60, what="the message box of the script's Run")
        self.assertIn("No rules are chosen for this document", " ".join(box[1]))
        self.close_message_box(box[0])
        # The office works on: a second command, and the document answers.
        event = self.dispatcher.executeDispatch(self.frame, "org.kpirules.command:Clear", "", 0, properties(Quiet=True))
        self.assertTrue(json.loads(event.Result)["ok"])
        time.sleep(1.5)  # a box would come from the main thread by now
        self.assertIsNone(self.message_box())  # Quiet: no box
        self.assertEqual(SHEET, self.doc.getSheets().getElementNames()[0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
