#!/usr/bin/python3
"""End-to-end: what the Function Wizard shows for the add-in, read through
com.sun.star.sheet.FunctionDescriptions in a real headless LibreOffice with the .oxt installed.
The expected names and argument names are the spec's (/work/shared/spec/functions.md).
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kpi_office import HeadlessOffice  # noqa: E402

SPEC_ARGUMENTS = {
    "KPI.STATUS": ["actual", "target", "polarity", "green_tolerance", "amber_tolerance", "basis"],
    "KPI.VARIANCE": ["actual", "target", "polarity", "basis"],
    "KPI.TARGET": ["annual", "period", "profile", "mode"],
    "KPI.LAST": ["values", "labels"],
    "KPI.TREND": ["values", "polarity", "lag", "tolerance"],
    "KPI.SPC": ["values", "polarity", "what", "target", "baseline", "screen"],
    "KPI.SPCPOINTS": ["values", "polarity", "baseline", "screen"],
    "KPI.SPCLIMITS": ["values", "baseline", "screen"],
    "KPI.FORECAST": ["values", "periods", "aggregation"],
    "KPI.REQUIRED": ["values", "annual", "periods", "aggregation"],
    "KPI.DUE": ["period_end", "day", "months_after"],
    "KPI.OVERDUE": ["value", "due", "as_of"],
    "KPI.QUARTILE": ["value", "comparators", "polarity"],
    "KPI.SMART": ["headers", "definition"],
    "KPI.SMARTWHY": ["headers", "definition"],
}
ADD_IN_CATEGORY = 11  # Calc's own "Add-In" group: where every add-in with a custom category lands


class FunctionWizard(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.office = HeadlessOffice(oxt=os.environ.get("KPI_OXT", "build/kpirules.oxt"))
        cls.office.__enter__()
        context = cls.office.context
        descriptions = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.sheet.FunctionDescriptions", context)
        cls.functions = {}
        for index in range(descriptions.getCount()):
            entry = {prop.Name: prop.Value for prop in descriptions.getByIndex(index)}
            cls.functions[entry["Name"]] = entry

    @classmethod
    def tearDownClass(cls):
        cls.office.stop()

    def test_every_function_is_listed_with_its_arguments(self):
        for name, arguments in SPEC_ARGUMENTS.items():
            with self.subTest(function=name):
                self.assertIn(name, self.functions)
                entry = self.functions[name]
                self.assertEqual(ADD_IN_CATEGORY, entry["Category"])
                self.assertGreater(len(entry["Description"]), 20, "a real description")
                self.assertEqual(arguments, [argument.Name for argument in entry["Arguments"]])
                for argument in entry["Arguments"]:
                    self.assertGreater(len(argument.Description), 5, "%s: %s" % (name, argument.Name))

    def test_no_other_kpi_functions(self):
        self.assertEqual(sorted(SPEC_ARGUMENTS), sorted(n for n in self.functions if n.startswith("KPI.")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
