#pragma once
// UNO access to a spreadsheet document for the document engine: sheets, used areas, bulk range access,
// cell styles, comments and the undo step. Shared by the engine's own files only (the names below are
// brought into kpi::host::document for them).

#include "host/cell_conversion.hpp"

#include <com/sun/star/awt/FontWeight.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameContainer.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/document/XUndoManager.hpp>
#include <com/sun/star/document/XUndoManagerSupplier.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeFormula.hpp>
#include <com/sun/star/sheet/CellFlags.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetCellRangeContainer.hpp>
#include <com/sun/star/sheet/XSheetCellRanges.hpp>
#include <com/sun/star/sheet/XSheetAnnotations.hpp>
#include <com/sun/star/sheet/XSheetOperation.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/style/XStyleFamiliesSupplier.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kpi::host::document {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using rtl::OUString;

// "A" .. "Z", "AA", ...: the letters of a 0-based column.
std::string columnLetters(std::size_t column);
// 'Sheet name' with quotes doubled, as Calc writes it in references.
std::string quotedSheet(std::string_view sheet);
// $'Sheet'.$A$12
std::string absoluteCellName(std::string_view sheet, std::size_t column, std::size_t row);

css::table::CellRangeAddress rangeAddress(sal_Int16 sheet, std::size_t column0, std::size_t row0, std::size_t column1,
                                          std::size_t row1);

class Document {
public:
    explicit Document(Reference<css::sheet::XSpreadsheetDocument> document)
        : document_(std::move(document)), sheets_(document_->getSheets()), sheetIndex_(sheets_, UNO_QUERY_THROW)
    {
    }

    std::vector<std::string> sheetNames() const
    {
        std::vector<std::string> names;
        const sal_Int32 count = sheetIndex_->getCount();
        for (sal_Int32 i = 0; i < count; ++i) names.push_back(nameOf(sheetAt(i)));
        return names;
    }

    Reference<css::sheet::XSpreadsheet> sheetAt(sal_Int32 index) const
    {
        return Reference<css::sheet::XSpreadsheet>(sheetIndex_->getByIndex(index), UNO_QUERY_THROW);
    }

    static std::string nameOf(const Reference<css::sheet::XSpreadsheet>& sheet)
    {
        return toUtf8(Reference<css::container::XNamed>(sheet, UNO_QUERY_THROW)->getName());
    }

    bool hasSheet(std::string_view name) const { return sheets_->hasByName(fromUtf8(name)); }

    Reference<css::sheet::XSpreadsheet> sheet(std::string_view name) const
    {
        return Reference<css::sheet::XSpreadsheet>(sheets_->getByName(fromUtf8(name)), UNO_QUERY_THROW);
    }

    sal_Int16 indexOf(std::string_view name) const
    {
        const auto names = sheetNames();
        auto found = std::find(names.begin(), names.end(), name);
        if (found == names.end()) throw std::runtime_error("no sheet named " + std::string(name));
        return static_cast<sal_Int16>(found - names.begin());
    }

    Reference<css::sheet::XSpreadsheet> appendSheet(std::string_view name)
    {
        sheets_->insertNewByName(fromUtf8(name), static_cast<sal_Int16>(sheetIndex_->getCount()));
        return sheet(name);
    }

    void removeSheet(std::string_view name) { sheets_->removeByName(fromUtf8(name)); }

    // The used area's last column and row (0-based), or nothing for an empty sheet.
    static std::optional<std::pair<sal_Int32, sal_Int32>> usedEnd(const Reference<css::sheet::XSpreadsheet>& sheet)
    {
        Reference<css::sheet::XSheetCellCursor> cursor = sheet->createCursor();
        Reference<css::sheet::XUsedAreaCursor>(cursor, UNO_QUERY_THROW)->gotoEndOfUsedArea(false);
        const auto address = Reference<css::sheet::XCellRangeAddressable>(cursor, UNO_QUERY_THROW)->getRangeAddress();
        if (address.EndColumn == 0 && address.EndRow == 0) {
            // One cell used, or none: an empty A1 means an empty sheet.
            Any a1 = Reference<css::sheet::XCellRangeData>(sheet->getCellRangeByPosition(0, 0, 0, 0), UNO_QUERY_THROW)
                         ->getDataArray()[0][0];
            OUString text;
            if (!a1.hasValue() || ((a1 >>= text) && text.isEmpty())) return std::nullopt;
        }
        return std::make_pair(address.EndColumn, address.EndRow);
    }

    Reference<css::sheet::XSheetCellRanges> newRangeCollection() const
    {
        return Reference<css::sheet::XSheetCellRanges>(
            Reference<css::lang::XMultiServiceFactory>(document_, UNO_QUERY_THROW)
                ->createInstance("com.sun.star.sheet.SheetCellRanges"),
            UNO_QUERY_THROW);
    }

    // One CellStyle call per range collection of at most styleChunk ranges. Calc joins the ranges of a
    // collection into its mark list one by one, each against all before it (ScRangeList::Join), so one
    // collection of 40,000 scattered cells costs seconds; chunks keep that cost linear (B2 in
    // docs/performance.md).
    static constexpr std::size_t styleChunk = 1024;
    void applyStyle(const std::vector<css::table::CellRangeAddress>& ranges, std::string_view style) const
    {
        const Any styleName(fromUtf8(style));
        for (std::size_t first = 0; first < ranges.size(); first += styleChunk) {
            const std::size_t count = std::min(styleChunk, ranges.size() - first);
            Reference<css::sheet::XSheetCellRanges> collection = newRangeCollection();
            Sequence<css::table::CellRangeAddress> addresses(static_cast<sal_Int32>(count));
            std::copy(ranges.begin() + static_cast<std::ptrdiff_t>(first),
                      ranges.begin() + static_cast<std::ptrdiff_t>(first + count), addresses.getArray());
            Reference<css::sheet::XSheetCellRangeContainer>(collection, UNO_QUERY_THROW)->addRangeAddresses(addresses, false);
            Reference<css::beans::XPropertySet>(collection, UNO_QUERY_THROW)->setPropertyValue("CellStyle", styleName);
        }
    }

    // Removes the comments of every cell in the list with one call.
    void clearComments(const std::vector<css::table::CellRangeAddress>& cells) const
    {
        if (cells.empty()) return;
        Reference<css::sheet::XSheetCellRanges> collection = newRangeCollection();
        Sequence<css::table::CellRangeAddress> addresses(static_cast<sal_Int32>(cells.size()));
        std::copy(cells.begin(), cells.end(), addresses.getArray());
        Reference<css::sheet::XSheetCellRangeContainer>(collection, UNO_QUERY_THROW)->addRangeAddresses(addresses, false);
        Reference<css::sheet::XSheetOperation>(collection, UNO_QUERY_THROW)->clearContents(css::sheet::CellFlags::ANNOTATION);
    }

    Reference<css::container::XNameContainer> cellStyles() const
    {
        auto families = Reference<css::style::XStyleFamiliesSupplier>(document_, UNO_QUERY_THROW)->getStyleFamilies();
        return Reference<css::container::XNameContainer>(families->getByName("CellStyles"), UNO_QUERY_THROW);
    }

    // Creates the style when the document lacks it; an existing style is left exactly as it is.
    void ensureStyle(std::string_view name, sal_Int32 background, sal_Int32 fontColour, bool bold) const
    {
        auto styles = cellStyles();
        if (styles->hasByName(fromUtf8(name))) return;
        Reference<css::uno::XInterface> style =
            Reference<css::lang::XMultiServiceFactory>(document_, UNO_QUERY_THROW)->createInstance("com.sun.star.style.CellStyle");
        styles->insertByName(fromUtf8(name), Any(style));
        Reference<css::beans::XPropertySet> properties(style, UNO_QUERY_THROW);
        properties->setPropertyValue("CellBackColor", Any(background));
        properties->setPropertyValue("CharColor", Any(fontColour));
        if (bold) properties->setPropertyValue("CharWeight", Any(css::awt::FontWeight::BOLD));
    }

    Reference<css::document::XUndoManager> undoManager() const
    {
        return Reference<css::document::XUndoManagerSupplier>(document_, UNO_QUERY_THROW)->getUndoManager();
    }

    Reference<css::frame::XModel> model() const { return Reference<css::frame::XModel>(document_, UNO_QUERY_THROW); }

private:
    Reference<css::sheet::XSpreadsheetDocument> document_;
    Reference<css::sheet::XSpreadsheets> sheets_;
    Reference<css::container::XIndexAccess> sheetIndex_;
};

Reference<css::sheet::XCellRangeData> rangeData(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t column0,
                                                std::size_t row0, std::size_t column1, std::size_t row1);
Reference<css::sheet::XCellRangeFormula> rangeFormula(const Reference<css::sheet::XSpreadsheet>& sheet,
                                                      std::size_t column0, std::size_t row0, std::size_t column1,
                                                      std::size_t row1);

// Existing comments of a sheet: (column, row) -> (index, text).
std::map<std::pair<sal_Int32, sal_Int32>, std::pair<sal_Int32, std::string>>
annotationsOf(const Reference<css::sheet::XSpreadsheet>& sheet);
// The sheet's comments object, to get once for many insertAnnotation calls.
Reference<css::sheet::XSheetAnnotations> annotationsOfSheet(const Reference<css::sheet::XSpreadsheet>& sheet);
// Puts a comment on the cell of the comments' sheet, replacing one already there.
void insertAnnotation(const Reference<css::sheet::XSheetAnnotations>& annotations, sal_Int32 column, sal_Int32 row,
                      std::string_view text);

// Runs `work` as one undo step named `title` with the controllers locked. When it throws, the step is
// left and undone (only if it is ours), so the document is as before; then the exception goes on.
void asOneUndoStep(Document& document, const char* title, const std::function<void()>& work);

} // namespace kpi::host::document
