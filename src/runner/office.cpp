#include "runner/office.hpp"

#include "core/phase_timings.hpp"

#include <com/sun/star/bridge/UnoUrlResolver.hpp>
#include <com/sun/star/connection/NoConnectException.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/io/XInputStream.hpp>
#include <com/sun/star/packages/zip/ZipFileAccess.hpp>
#include <com/sun/star/uno/Exception.hpp>
#include <cppuhelper/bootstrap.hxx>
#include <osl/file.hxx>
#include <rtl/bootstrap.hxx>
#include <rtl/ustring.hxx>

#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace kpi::runner {

namespace {

using rtl::OStringToOUString;
using rtl::OUString;
using rtl::OUStringToOString;

using css::uno::Reference;
namespace fs = std::filesystem;

constexpr const char* programFolder = "/usr/lib/libreoffice/program";

// Process groups of the children alive right now; the interrupt handler kills them.
std::array<std::atomic<int>, 4> liveChildren{};
volatile std::sig_atomic_t interruptSeen = 0;

extern "C" void onInterrupt(int) {
    interruptSeen = 1;
    for (auto& child : liveChildren) {
        int group = child.load();
        if (group > 0) ::killpg(group, SIGKILL);
    }
}

void rememberChild(int pid) {
    for (auto& child : liveChildren) {
        int expected = 0;
        if (child.compare_exchange_strong(expected, pid)) return;
    }
}

void forgetChild(int pid) {
    for (auto& child : liveChildren) {
        int expected = pid;
        if (child.compare_exchange_strong(expected, 0)) return;
    }
}

std::string toUtf8(const OUString& text) { return OUStringToOString(text, RTL_TEXTENCODING_UTF8).getStr(); }

std::string fileUrl(const fs::path& path) {
    OUString url;
    osl::FileBase::getFileURLFromSystemPath(OStringToOUString(fs::absolute(path).c_str(), RTL_TEXTENCODING_UTF8),
                                            url);
    return toUtf8(url);
}

struct ChildSpec {
    std::vector<std::string> arguments; // arguments[0] is the program path
    std::vector<std::string> environment;
    fs::path log;
};

// fork + exec in a new process group, stdin from /dev/null, output appended to the log.
// Everything the child needs is prepared before fork (only async-signal-safe calls after it).
int spawn(const ChildSpec& spec) {
    std::vector<char*> argv;
    for (const auto& argument : spec.arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& entry : spec.environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    int logFd = ::open(spec.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logFd < 0) throw OfficeError("cannot write " + spec.log.string() + ": " + std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(logFd);
        throw OfficeError(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
        ::dup2(logFd, STDOUT_FILENO);
        ::dup2(logFd, STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(logFd);
    ::setpgid(pid, pid); // also from the parent, so the group exists before anyone signals it
    rememberChild(pid);
    return pid;
}

// The child's wait status once it has ended, or nothing when `timeout` passed first.
std::optional<int> waitFor(int pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int status = 0;
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno == ECHILD)) {
            forgetChild(pid);
            return status;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// Ends a child's whole process group: TERM, then KILL.
void endGroup(int pid) {
    for (int sig : {SIGTERM, SIGKILL}) {
        if (::killpg(pid, sig) != 0) break;
        if (waitFor(pid, std::chrono::seconds(10))) break;
    }
    waitFor(pid, std::chrono::milliseconds(0));
    forgetChild(pid);
}

std::string readTail(const fs::path& file, std::size_t length) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    return all.size() > length ? all.substr(all.size() - length) : all;
}

// The office's environment: a private HOME and temporary folder inside the work folder (so nothing
// it leaves behind outlives the run), no display, the English UI.
std::vector<std::string> officeEnvironment(const fs::path& home, const fs::path& temporary) {
    std::vector<std::string> result;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        for (const char* dropped : {"HOME=", "TMPDIR=", "DISPLAY=", "SAL_USE_VCLPLUGIN=", "LC_ALL="})
            if (text.starts_with(dropped)) goto skip;
        result.emplace_back(text);
    skip:;
    }
    result.push_back("HOME=" + home.string());
    result.push_back("TMPDIR=" + temporary.string());
    result.push_back("SAL_USE_VCLPLUGIN=svp");
    result.push_back("LC_ALL=en_US.UTF-8"); // English UI, whatever the caller's locale
    return result;
}

std::vector<std::string> sofficeCommand(const fs::path& profile, std::vector<std::string> extra) {
    std::vector<std::string> command{std::string(programFolder) + "/soffice",
                                     "-env:UserInstallation=" + fileUrl(profile),
                                     "--headless",
                                     "--invisible",
                                     "--norestore",
                                     "--nologo",
                                     "--nodefault",
                                     "--nolockcheck"};
    command.insert(command.end(), extra.begin(), extra.end());
    return command;
}

// The local UNO runtime, once per process. Without the office's type libraries the first call
// that uses an office type crashes, so the office's own bootstrap file is named when none is set.
Reference<css::uno::XComponentContext> localContext() {
    static Reference<css::uno::XComponentContext> context = [] {
        ::setenv("URE_BOOTSTRAP", (std::string("vnd.sun.star.pathname:") + programFolder + "/fundamentalrc").c_str(),
                 0);
        return cppu::defaultBootstrap_InitialComponentContext();
    }();
    return context;
}

// Unpacks the extension (an .oxt is a zip) into `folder` with the office's own zip reader, in this
// process. Entries that would land outside the folder are refused.
void unpackExtension(const fs::path& oxt, const fs::path& folder) {
    Reference<css::packages::zip::XZipFileAccess2> zip;
    try {
        zip = css::packages::zip::ZipFileAccess::createWithURL(
            localContext(), OStringToOUString(fileUrl(oxt).c_str(), RTL_TEXTENCODING_UTF8));
    } catch (const css::uno::Exception& e) {
        throw OfficeError("cannot read the extension " + oxt.string() + ": " + toUtf8(e.Message));
    }
    const auto names = zip->getElementNames();
    for (const OUString& entry : names) {
        std::string name = toUtf8(entry);
        if (name.empty() || name.back() == '/') continue; // a folder: made with its files
        fs::path relative = fs::path(name).lexically_normal();
        if (relative.empty() || relative.is_absolute() || *relative.begin() == "..")
            throw OfficeError("the extension " + oxt.string() + " holds a file outside itself: " + name);
        fs::path target = folder / relative;
        fs::create_directories(target.parent_path());
        Reference<css::io::XInputStream> in(zip->getByName(entry), css::uno::UNO_QUERY_THROW);
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        css::uno::Sequence<sal_Int8> bytes;
        for (sal_Int32 count; (count = in->readBytes(bytes, 1 << 16)) > 0;)
            out.write(reinterpret_cast<const char*>(bytes.getConstArray()), count);
        in->closeInput();
        if (!out.flush()) throw OfficeError("cannot write " + target.string());
    }
}

// The UNO platform name an extension's manifest uses for this machine ("Linux_x86_64").
constexpr const char* unoPlatform =
#if defined(__x86_64__)
    "Linux_x86_64";
#elif defined(__aarch64__)
    "Linux_AARCH64";
#elif defined(__i386__)
    "Linux_x86";
#else
    "";
#endif

std::string xmlText(std::string text) {
    static const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
    for (const auto& [entity, plain] : entities)
        for (std::size_t at; (at = text.find(entity)) != std::string::npos;) text.replace(at, std::strlen(entity), plain);
    return text;
}

// What an unpacked extension gives the office's UNO runtime, from its META-INF/manifest.xml: type
// libraries (.rdb) and component files (.components) for this platform. Configuration data (menus,
// the sidebar) is for people at a screen and is left out.
struct ExtensionParts {
    std::vector<fs::path> typeLibraries;
    std::vector<fs::path> components;
};

ExtensionParts readManifest(const fs::path& folder, const fs::path& oxt) {
    std::ifstream in(folder / "META-INF" / "manifest.xml", std::ios::binary);
    if (!in) throw OfficeError("the extension " + oxt.string() + " has no META-INF/manifest.xml");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string manifest = text.str();
    static const std::regex entryPattern(R"(<(?:[\w.-]+:)?file-entry\b([^>]*)>)");
    static const std::regex pathPattern(R"re((?:^|\s)(?:[\w.-]+:)?full-path\s*=\s*"([^"]*)")re");
    static const std::regex typePattern(R"re((?:^|\s)(?:[\w.-]+:)?media-type\s*=\s*"([^"]*)")re");
    ExtensionParts parts;
    for (std::sregex_iterator entry(manifest.begin(), manifest.end(), entryPattern), end; entry != end; ++entry) {
        std::string attributes = (*entry)[1].str();
        std::smatch path, type;
        if (!std::regex_search(attributes, path, pathPattern) || !std::regex_search(attributes, type, typePattern))
            continue;
        std::string mediaType = xmlText(type[1].str());
        fs::path file = folder / fs::path(xmlText(path[1].str())).lexically_normal();
        if (mediaType == "application/vnd.sun.star.uno-typelibrary;type=RDB") {
            parts.typeLibraries.push_back(file);
        } else if (mediaType.starts_with("application/vnd.sun.star.uno-components")) {
            auto platform = mediaType.find(";platform=");
            bool forUs = platform == std::string::npos;
            if (!forUs) {
                std::stringstream list(mediaType.substr(platform + 10));
                for (std::string item; std::getline(list, item, ',');) forUs = forUs || item == unoPlatform;
            }
            if (forUs) parts.components.push_back(file);
        }
    }
    if (parts.components.empty())
        throw OfficeError("the extension " + oxt.string() + " registers no UNO components for " + unoPlatform +
                          " (no uno-components entry in its META-INF/manifest.xml)");
    return parts;
}

// soffice's -env: switches that add the extension's types and components to those the office reads
// at start-up. The office's own lists (fundamentalrc's URE_MORE_TYPES and URE_MORE_SERVICES) are
// spelled out again first: an -env: value replaces the variable in every bootstrap file, so it
// cannot refer to the variable it replaces.
std::vector<std::string> extensionSwitches(const ExtensionParts& parts) {
    const std::string lounorc = "$BRAND_BASE_DIR/program/lounorc";
    auto packages = [&](const char* list) {
        std::string result;
        for (const char* repository : {"PKG_UserUnoFile", "PKG_SharedUnoFile", "PKG_BundledUnoFile"})
            result += std::string(" ${${") + lounorc + ":" + repository + "}:" + list + "}";
        return result;
    };
    auto urls = [](const std::vector<fs::path>& files) {
        std::string result;
        for (const auto& file : files)
            result.append(" ").append(
                toUtf8(rtl::Bootstrap::encode(OStringToOUString(fileUrl(file).c_str(), RTL_TEXTENCODING_UTF8))));
        return result;
    };
    return {"-env:URE_MORE_TYPES=<$BRAND_BASE_DIR/program/types>*" + packages("UNO_TYPES") + urls(parts.typeLibraries),
            "-env:URE_MORE_SERVICES=" + packages("UNO_SERVICES").substr(1) + " <$BRAND_BASE_DIR/program/services>*" +
                urls(parts.components)};
}

// The value of `key=` in one of the office's small ini files (versionrc, bootstraprc); empty when absent.
std::string iniValue(const fs::path& file, const std::string& key) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.starts_with(key + "=")) return line.substr(key.size() + 1);
    }
    return {};
}

// A new profile's registrymodifications.xcu saying that this office has run on it before. On a
// profile without it soffice's first start runs its graphics render tests (66 drawings, written to
// GraphicsRenderTests.log) and copies the user presets (gallery, Basic, autotext) that a headless
// check never uses: measured, connecting took 1.4-1.8 s instead of 0.3-0.5 s. The values are the
// installed office's own (its build id and version); one that cannot be read is left out.
void seedProfile(const fs::path& profile) {
    auto escaped = [](std::string text) {
        std::string result;
        for (char c : text) {
            if (c == '&') result += "&amp;";
            else if (c == '<') result += "&lt;";
            else if (c == '>') result += "&gt;";
            else result += c;
        }
        return result;
    };
    auto item = [&](const char* path, const char* name, const std::string& value) {
        return std::string("<item oor:path=\"") + path + "\"><prop oor:name=\"" + name +
               "\" oor:op=\"fuse\"><value>" + escaped(value) + "</value></prop></item>\n";
    };
    std::string buildId = iniValue(fs::path(programFolder) / "versionrc", "buildid");
    std::string productKey = iniValue(fs::path(programFolder) / "bootstraprc", "ProductKey"); // "LibreOffice 7.4"
    std::string version = productKey.substr(productKey.find_last_of(' ') + 1);
    std::string xcu = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
                      "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
                      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";
    xcu += item("/org.openoffice.Office.Common/Misc", "FirstRun", "false");
    xcu += item("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true");
    if (!buildId.empty()) xcu += item("/org.openoffice.Setup/Office", "LastCompatibilityCheckID", buildId);
    if (!version.empty() && std::isdigit(static_cast<unsigned char>(version[0])))
        xcu += item("/org.openoffice.Setup/Product", "ooSetupLastVersion", version);
    xcu += "</oor:items>\n";
    fs::create_directories(profile / "user");
    std::ofstream out(profile / "user" / "registrymodifications.xcu", std::ios::binary | std::ios::trunc);
    out << xcu;
    if (!out.flush()) throw OfficeError("cannot write the office profile in " + profile.string());
}

std::string randomName() {
    std::ostringstream name;
    name << "kpirules_" << ::getpid() << '_'
         << std::chrono::steady_clock::now().time_since_epoch().count();
    return name.str();
}

} // namespace

void installInterruptHandler() {
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &action, nullptr);
}

bool interrupted() { return interruptSeen != 0; }

std::unique_ptr<Office> Office::start(const fs::path& extension, OfficeTimeouts timeouts, PhaseTimings* timings) {
    PhaseTimings none;
    PhaseTimings& timed = timings != nullptr ? *timings : none;
    timed.restart();
    if (!fs::is_regular_file(extension))
        throw OfficeError("extension not found: " + extension.string() +
                          " (build the 'oxt' target, or name it with --oxt or KPI_OXT)");
    std::unique_ptr<Office> office(new Office);
    office->timeouts_ = timeouts;
    std::string pattern = (fs::temp_directory_path() / "kpirules-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw OfficeError("cannot create a temporary folder");
    office->workFolder_ = pattern;
    const fs::path& work = office->workFolder_;
    fs::path profile = work / "profile";
    fs::path home = work / "home";
    fs::path log = work / "soffice.log";
    fs::create_directories(profile);
    fs::create_directories(home);
    fs::path temporary = work / "tmp";
    fs::create_directories(temporary);
    auto environment = officeEnvironment(home, temporary);

    // The extension is not installed into the profile (unopkg costs a second or more, and refuses
    // to run as root): it is unpacked here and its components and types are handed to soffice
    // with -env: switches, so the office reads them at start-up like its own.
    fs::path unpacked = work / "extension";
    unpackExtension(extension, unpacked);
    auto switches = extensionSwitches(readManifest(unpacked, extension));
    timed.lap("start: unpack extension");
    seedProfile(profile);

    std::string pipe = randomName();
    switches.push_back("--accept=pipe,name=" + pipe + ";urp;StarOffice.ComponentContext");
    office->processId_ = spawn({sofficeCommand(profile, switches), environment, log});
    office->connectTo("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext", true);
    timed.lap("start: soffice until connected");
    return office;
}

std::unique_ptr<Office> Office::connect(const std::string& unoUrl, OfficeTimeouts timeouts) {
    std::unique_ptr<Office> office(new Office);
    office->timeouts_ = timeouts;
    std::string pattern = (fs::temp_directory_path() / "kpirules-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw OfficeError("cannot create a temporary folder");
    office->workFolder_ = pattern;
    office->connectTo(unoUrl, false);
    return office;
}

void Office::connectTo(const std::string& unoUrl, bool ownProcess) {
    auto resolver = css::bridge::UnoUrlResolver::create(localContext());
    OUString url = OStringToOUString(unoUrl.c_str(), RTL_TEXTENCODING_UTF8);
    auto deadline = std::chrono::steady_clock::now() + timeouts_.start;
    while (true) {
        try {
            context_.set(resolver->resolve(url), css::uno::UNO_QUERY_THROW);
            break;
        } catch (const css::connection::NoConnectException&) {
            if (interruptSeen) throw OfficeError("interrupted");
            if (ownProcess && waitFor(processId_, std::chrono::milliseconds(0))) {
                processId_ = -1;
                throw OfficeError("soffice ended before accepting connections; its output:\n" + logTail());
            }
            if (!ownProcess || std::chrono::steady_clock::now() > deadline)
                throw OfficeError("no office accepts connections at " + unoUrl +
                                  (ownProcess ? " within " + std::to_string(timeouts_.start.count()) + " s" : ""));
            // A failed attempt costs next to nothing; a short period keeps the wait close to the start.
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        } catch (const css::uno::Exception& e) {
            throw OfficeError("cannot connect to " + unoUrl + ": " + toUtf8(e.Message));
        }
    }
    desktop_ = css::frame::Desktop::create(context_);
}

std::string Office::logTail() const {
    if (workFolder_.empty()) return {};
    return readTail(workFolder_ / "soffice.log", 2000);
}

void Office::stop() {
    if (processId_ > 0) {
        // Every document this program opened is closed by now and nothing of the office outlives the
        // run (its profile is deleted next), so it is ended at once: Desktop.terminate() returns only
        // when the office has torn itself down, 0.1-0.5 s measured. On an error path mid-document this
        // ends it just as well.
        ::killpg(processId_, SIGKILL);
        if (!waitFor(processId_, std::chrono::seconds(10))) endGroup(processId_);
        processId_ = -1;
    }
    desktop_.clear();
    context_.clear();
    if (!workFolder_.empty()) {
        std::error_code ignored;
        fs::remove_all(workFolder_, ignored);
        workFolder_.clear();
    }
}

Office::~Office() {
    try {
        stop();
    } catch (...) {
        // a destructor must not throw; stop() has already done what it could
    }
}

} // namespace kpi::runner
