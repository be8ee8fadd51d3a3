// UNO access to a spreadsheet document for the document engine.

#include "host/document/spreadsheet.hpp"

#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/document/XActionLockable.hpp>
#include <com/sun/star/drawing/XDrawPagesSupplier.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/sheet/XSheetAnnotation.hpp>
#include <com/sun/star/sheet/XSheetAnnotations.hpp>
#include <com/sun/star/sheet/XSheetAnnotationsSupplier.hpp>
#include <com/sun/star/text/XTextRange.hpp>

namespace kpi::host::document {

namespace {

// Undoes the top undo step. Calc undoes an inserted or deleted sheet through the active view, which a
// document loaded hidden does not have (the office crashes): such a document's frame is shown and
// activated for the undo, then hidden again.
void undoTopStep(Document& document)
{
    auto model = document.model();
    bool hidden = false;
    for (const auto& argument : model->getArgs())
        if (argument.Name == "Hidden") argument.Value >>= hidden;
    Reference<css::frame::XFrame> frame;
    if (hidden) {
        if (auto controller = model->getCurrentController(); controller.is()) frame = controller->getFrame();
        if (frame.is() && frame->getContainerWindow().is()) {
            frame->getContainerWindow()->setVisible(true);
            frame->activate();
        } else {
            frame.clear();
        }
    }
    document.undoManager()->undo();
    if (frame.is()) frame->getContainerWindow()->setVisible(false);
}

} // namespace

std::string columnLetters(std::size_t column)
{
    std::string letters;
    ++column;
    while (column > 0) {
        --column;
        letters.insert(letters.begin(), static_cast<char>('A' + column % 26));
        column /= 26;
    }
    return letters;
}

std::string quotedSheet(std::string_view sheet)
{
    std::string quoted = "'";
    for (char c : sheet) {
        if (c == '\'') quoted += '\'';
        quoted += c;
    }
    return quoted + "'";
}

std::string absoluteCellName(std::string_view sheet, std::size_t column, std::size_t row)
{
    return "$" + quotedSheet(sheet) + ".$" + columnLetters(column) + "$" + std::to_string(row + 1);
}

css::table::CellRangeAddress rangeAddress(sal_Int16 sheet, std::size_t column0, std::size_t row0, std::size_t column1,
                                          std::size_t row1)
{
    css::table::CellRangeAddress address;
    address.Sheet = sheet;
    address.StartColumn = static_cast<sal_Int32>(column0);
    address.StartRow = static_cast<sal_Int32>(row0);
    address.EndColumn = static_cast<sal_Int32>(column1);
    address.EndRow = static_cast<sal_Int32>(row1);
    return address;
}


Reference<css::sheet::XCellRangeData> rangeData(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t column0,
                                                std::size_t row0, std::size_t column1, std::size_t row1)
{
    return Reference<css::sheet::XCellRangeData>(
        sheet->getCellRangeByPosition(static_cast<sal_Int32>(column0), static_cast<sal_Int32>(row0),
                                      static_cast<sal_Int32>(column1), static_cast<sal_Int32>(row1)),
        UNO_QUERY_THROW);
}

Reference<css::sheet::XCellRangeFormula> rangeFormula(const Reference<css::sheet::XSpreadsheet>& sheet,
                                                      std::size_t column0, std::size_t row0, std::size_t column1,
                                                      std::size_t row1)
{
    return Reference<css::sheet::XCellRangeFormula>(
        sheet->getCellRangeByPosition(static_cast<sal_Int32>(column0), static_cast<sal_Int32>(row0),
                                      static_cast<sal_Int32>(column1), static_cast<sal_Int32>(row1)),
        UNO_QUERY_THROW);
}

// Existing annotations of a sheet: position -> (index, text).
std::map<std::pair<sal_Int32, sal_Int32>, std::pair<sal_Int32, std::string>>
annotationsOf(const Reference<css::sheet::XSpreadsheet>& sheet)
{
    std::map<std::pair<sal_Int32, sal_Int32>, std::pair<sal_Int32, std::string>> found;
    auto annotations = Reference<css::sheet::XSheetAnnotationsSupplier>(sheet, UNO_QUERY_THROW)->getAnnotations();
    Reference<css::container::XIndexAccess> index(annotations, UNO_QUERY_THROW);
    const sal_Int32 count = index->getCount();
    for (sal_Int32 i = 0; i < count; ++i) {
        Reference<css::sheet::XSheetAnnotation> annotation(index->getByIndex(i), UNO_QUERY_THROW);
        const auto position = annotation->getPosition();
        const OUString text = Reference<css::text::XTextRange>(annotation, UNO_QUERY_THROW)->getString();
        found[{position.Column, position.Row}] = {i, toUtf8(text)};
    }
    return found;
}

Reference<css::sheet::XSheetAnnotations> annotationsOfSheet(const Reference<css::sheet::XSpreadsheet>& sheet)
{
    return Reference<css::sheet::XSheetAnnotationsSupplier>(sheet, UNO_QUERY_THROW)->getAnnotations();
}

void insertAnnotation(const Reference<css::sheet::XSheetAnnotations>& annotations, sal_Int32 column, sal_Int32 row,
                      std::string_view text)
{
    css::table::CellAddress address;
    address.Sheet = 0; // ignored: the annotations object belongs to its sheet
    address.Column = column;
    address.Row = row;
    annotations->insertNew(address, fromUtf8(text));
}

namespace {

// Calc works out the optimal height of every row a style or value touches, laying out each cell's
// text, on every call: most of the cost of writing styles (B2 in docs/performance.md). The engine only
// writes colours, bold and one-line texts, which never change a row's height, so row heights are not
// adjusted while it writes ("IsAdjustHeightEnabled", the switch the XML import uses). Returns whether
// it was enabled before, to put it back.
bool suspendRowHeights(const Reference<css::frame::XModel>& model)
{
    Reference<css::beans::XPropertySet> properties(model, UNO_QUERY);
    bool enabled = false;
    if (!properties.is() || !(properties->getPropertyValue("IsAdjustHeightEnabled") >>= enabled) || !enabled)
        return false;
    properties->setPropertyValue("IsAdjustHeightEnabled", Any(false));
    return true;
}

void resumeRowHeights(const Reference<css::frame::XModel>& model, bool suspended)
{
    if (suspended)
        Reference<css::beans::XPropertySet>(model, UNO_QUERY_THROW)->setPropertyValue("IsAdjustHeightEnabled", Any(true));
}

// Calc's document action lock (XActionLockable on the model: ScDocShell::LockDocument) also locks the
// drawing layer. Without it every new comment ends its caption's construction with a pass over every
// object of the sheet's drawing page (SdrModel::setLock(false) -> ReformatAllEdgeObjects), so writing
// n comments cost O(n^2): 7% of a 10,000-indicator run, more with more comments. Locked, the pass runs
// once, when the lock goes. The sheet's drawing layer is made to exist first (a document without any
// drawing object has none yet, and a lock taken then would not reach the one the first comment
// creates). Returns the lock to release, or nothing.
Reference<css::document::XActionLockable> lockActions(Document& document)
{
    Reference<css::document::XActionLockable> lockable(document.model(), UNO_QUERY);
    if (!lockable.is()) return {};
    if (Reference<css::drawing::XDrawPagesSupplier> pages(document.model(), UNO_QUERY); pages.is())
        pages->getDrawPages()->getByIndex(0); // Calc makes the drawing layer for this
    lockable->addActionLock();
    return lockable;
}

void unlockActions(const Reference<css::document::XActionLockable>& lockable)
{
    if (lockable.is()) lockable->removeActionLock();
}

} // namespace

void asOneUndoStep(Document& document, const char* title, const std::function<void()>& work)
{
    auto undo = document.undoManager();
    auto model = document.model();
    model->lockControllers();
    bool heightsSuspended = false;
    try {
        heightsSuspended = suspendRowHeights(model);
    } catch (...) {
    }
    undo->enterUndoContext(OUString::createFromAscii(title));
    Reference<css::document::XActionLockable> actions;
    try {
        actions = lockActions(document);
        work();
    } catch (...) {
        try {
            unlockActions(actions);
        } catch (...) {
        }
        try {
            undo->leaveUndoContext();
            if (undo->isUndoPossible() && undo->getCurrentUndoActionTitle() == OUString::createFromAscii(title))
                undoTopStep(document);
        } catch (...) {
        }
        try {
            resumeRowHeights(model, heightsSuspended);
        } catch (...) {
        }
        try {
            model->unlockControllers();
        } catch (...) {
        }
        throw;
    }
    unlockActions(actions);
    undo->leaveUndoContext();
    resumeRowHeights(model, heightsSuspended);
    model->unlockControllers();
}

} // namespace kpi::host::document
