"""A throwaway headless LibreOffice for end-to-end tests and tools.

    with HeadlessOffice(oxt="build/kpirules.oxt") as office:
        doc = office.new_calc()
        ...

Each instance gets its own profile in a temporary directory, installs the given extensions
into that profile with unopkg before soffice starts (an extension installed into a running
office only works after a restart), talks to soffice over a uniquely named pipe, and always
terminates soffice and removes the directory, also when the test fails. Nothing touches the
user's own LibreOffice profile. Run with /usr/bin/python3 (the interpreter that has `uno`).
"""

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

PROGRAM_DIR = "/usr/lib/libreoffice/program"
SOFFICE = os.path.join(PROGRAM_DIR, "soffice")
UNOPKG = os.path.join(PROGRAM_DIR, "unopkg")


class OfficeError(RuntimeError):
    """soffice or unopkg did not do what was asked; the message says what and shows its output."""


def properties(**values):
    """A tuple of PropertyValue, as UNO calls take them: properties(Hidden=True)."""
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        result.append(prop)
    return tuple(result)


def file_url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def _exit_cleanly_on_sigterm():
    """`timeout` and ctest end a test with SIGTERM, which by default kills Python without running
    `with` blocks, orphaning soffice. Turn it into SystemExit so HeadlessOffice.stop() still runs."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        def on_sigterm(signum, frame):
            raise SystemExit(128 + signum)
        signal.signal(signal.SIGTERM, on_sigterm)


class HeadlessOffice:
    """A headless soffice on a private profile, with extensions installed. Use as a context manager."""

    def __init__(self, oxt=(), start_timeout=90, command_timeout=120):
        self.extensions = [oxt] if isinstance(oxt, str) else list(oxt)
        self.start_timeout = start_timeout
        self.command_timeout = command_timeout
        self.workdir = None
        self.process = None
        self.context = None
        self.desktop = None

    # -- lifetime -------------------------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()
        return False

    def start(self):
        _exit_cleanly_on_sigterm()
        self.workdir = tempfile.mkdtemp(prefix="kpi-office-")
        self.profile = os.path.join(self.workdir, "profile")
        self.home = os.path.join(self.workdir, "home")
        os.makedirs(self.profile)
        os.makedirs(self.home)
        if self.extensions:
            # A profile must have seen one soffice start before unopkg adds to it: on a profile's
            # first start soffice resets the user extensions, leaving them installed but unregistered.
            self._initialise_profile()
        for oxt in self.extensions:
            self._install(oxt)
        pipe = "kpi_" + uuid.uuid4().hex
        log_path = os.path.join(self.workdir, "soffice.log")
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            self._soffice_command("--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe),
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=self._office_environment(),
            start_new_session=True)  # its own process group, so stop() can end soffice.bin too
        self.context = self._connect(pipe)
        smgr = self.context.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.context)

    def _soffice_command(self, *arguments):
        return [SOFFICE, "-env:UserInstallation=" + file_url(self.profile), "--headless", "--invisible",
                "--norestore", "--nologo", "--nodefault", "--nolockcheck", *arguments]

    def _office_environment(self):
        # English (US) UI whatever the caller's locale: formulas are typed with ',' separators.
        env = dict(os.environ, HOME=self.home, SAL_USE_VCLPLUGIN="svp", LC_ALL="en_US.UTF-8")
        env.pop("DISPLAY", None)
        return env

    def _initialise_profile(self):
        result = subprocess.run(self._soffice_command("--terminate_after_init"), stdin=subprocess.DEVNULL,
                                capture_output=True, env=self._office_environment(), timeout=self.start_timeout,
                                start_new_session=True)
        if result.returncode != 0:
            raise OfficeError("soffice could not create a profile (%d):\n%s" % (
                result.returncode, (result.stdout + result.stderr).decode(errors="replace")))

    def _install(self, oxt):
        """unopkg refuses to work as root on a user profile, so as root it runs as nobody."""
        if not os.path.isfile(oxt):
            raise OfficeError("extension not found: %s (build the 'oxt' target first)" % oxt)
        command = [UNOPKG, "add", "-s", "-f", os.path.abspath(oxt), "-env:UserInstallation=" + file_url(self.profile)]
        env = dict(os.environ, HOME=self.home)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chmod(self.workdir, 0o755)
            for top in (self.profile, self.home):
                os.chown(top, nobody.pw_uid, nobody.pw_gid)
                for folder, subfolders, files in os.walk(top):
                    for name in subfolders + files:
                        os.chown(os.path.join(folder, name), nobody.pw_uid, nobody.pw_gid, follow_symlinks=False)
            readable_copy = os.path.join(self.workdir, os.path.basename(oxt))
            shutil.copyfile(oxt, readable_copy)
            os.chmod(readable_copy, 0o644)
            command[4] = readable_copy
            command = ["setpriv", "--reuid=%d" % nobody.pw_uid, "--regid=%d" % nobody.pw_gid, "--clear-groups"] + command
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                                timeout=self.command_timeout)
        if result.returncode != 0:
            raise OfficeError("unopkg add %s failed (%d):\n%s%s" % (oxt, result.returncode,
                              result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")))

    def _connect(self, pipe):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                return resolver.resolve(url)
            except NoConnectException:
                if self.process.poll() is not None:
                    raise OfficeError("soffice exited with %s before accepting connections; log:\n%s"
                                      % (self.process.returncode, self.log_text()))
                if time.monotonic() > deadline:
                    raise OfficeError("soffice did not accept connections within %ss" % self.start_timeout)
                time.sleep(0.25)

    def log_text(self):
        try:
            with open(os.path.join(self.workdir, "soffice.log"), "rb") as log:
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def stop(self):
        """Terminates soffice (politely, then by force) and removes the profile. Safe to call twice."""
        if self.desktop is not None:
            desktop = self.desktop

            def terminate():
                try:
                    # Close what is still open first: a document left open keeps its lock file.
                    components = desktop.getComponents().createEnumeration()
                    while components.hasMoreElements():
                        HeadlessOffice.close(components.nextElement())
                except Exception:
                    pass
                try:
                    desktop.terminate()
                except Exception:
                    pass  # the bridge drops during terminate; that is the expected way it ends

            # A wedged office could block the call forever: give it a while, then kill it below.
            ender = threading.Thread(target=terminate, daemon=True)
            ender.start()
            ender.join(timeout=30)
            self.desktop = None
        self.context = None
        if self.process is not None:
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.process.pid, sig)  # the group this harness created for soffice
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    continue
            self.process = None
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    # -- documents ------------------------------------------------------------------------

    def new_calc(self):
        return self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, properties(Hidden=True))

    def load(self, path, read_only=False):
        """Opens a document hidden; read_only also ignores (and creates no) lock file."""
        doc = self.desktop.loadComponentFromURL(file_url(path), "_blank", 0,
                                                properties(Hidden=True, ReadOnly=read_only))
        if doc is None:
            raise OfficeError("could not load %s" % path)
        return doc

    @staticmethod
    def store(doc, path, filter_name):
        """Saves a copy: filter_name 'calc8' for .ods, 'Calc Office Open XML' for .xlsx."""
        doc.storeToURL(file_url(path), properties(FilterName=filter_name, Overwrite=True))

    @staticmethod
    def close(doc):
        try:
            doc.close(True)
        except Exception:
            doc.dispose()


def wait_for(condition, timeout=30.0, interval=0.05, what="condition"):
    """Polls condition() until it returns something true, and returns that. Fails after timeout seconds,
    saying what it waited for (`what` may be a function, called only then)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what() if callable(what) else what))
        time.sleep(interval)


class OfficeTestCase(unittest.TestCase):
    """One headless office per test class, with the extensions `oxt` installed, and a scratch folder
    `cls.workdir`. Put the class's own set-up in `set_up_office(cls)`: when it fails the office is still
    stopped (unittest skips tearDownClass when setUpClass fails). `sample` is what open_copy() copies by default.
    """
    oxt = ()
    sample = None

    @classmethod
    def setUpClass(cls):
        cls.office = HeadlessOffice(oxt=cls.oxt)
        cls.workdir = tempfile.mkdtemp(prefix="kpi-%s-" % cls.__name__.lower())
        try:
            cls.office.__enter__()
            cls.set_up_office()
        except BaseException:
            cls.tearDownClass()  # never leave an office behind
            raise

    @classmethod
    def set_up_office(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        cls.office.stop()
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def open_copy(self, source=None, hidden=True, suffix=""):
        """Copies source (default: the class's sample) into the scratch folder under the test's name and opens
        it, hidden or in a window (Calc undoes sheet insertions through the active view: a hidden document has
        none). The document is closed when the test ends. Returns (document, path of the copy)."""
        source = source or self.sample
        path = os.path.join(self.workdir, "%s%s-%s" % (self.id().rsplit(".", 1)[-1], suffix, os.path.basename(source)))
        shutil.copyfile(source, path)
        doc = self.office.desktop.loadComponentFromURL(file_url(path), "_blank", 0, properties(Hidden=hidden))
        if doc is None:
            raise OfficeError("could not load %s" % path)
        self.addCleanup(self.office.close, doc)
        return doc, path


def cell_display(cell):
    """What the user sees: the error code text (Err:502, #VALUE!, #NAME?) or the formatted value."""
    return cell.getString()


def cell_error(cell):
    """The formula error number (0 when the cell is not an error): 502 bad argument, 519 #VALUE!, 525 #NAME?."""
    return cell.getError()


class VisibleOffice(HeadlessOffice):
    """A visible soffice (VCL's X11 backend) on its own Xvfb display, for tests of the UI (the sidebar).

        with VisibleOffice(oxt=...) as office:
            doc = office.load_visible(path)
            office.screenshot("deck.png")

    Xvfb picks a free display itself (-displayfd); it is always stopped with the office."""

    def __init__(self, oxt=(), width=1280, height=900, **options):
        super().__init__(oxt, **options)
        self.size = (width, height)
        self.xvfb = None
        self.display = None

    def start(self):
        _exit_cleanly_on_sigterm()
        read_end, write_end = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "%dx%dx24" % self.size, "-nolisten", "tcp",
             "-noreset"], pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(write_end)
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()  # Xvfb writes the display number once it is ready
        if not number:
            raise OfficeError("Xvfb did not start (exit %s)" % self.xvfb.poll())
        self.display = ":" + number
        super().start()

    def _soffice_command(self, *arguments):
        if "--terminate_after_init" in arguments:  # the profile is made without a window
            return super()._soffice_command(*arguments)
        return [SOFFICE, "-env:UserInstallation=" + file_url(self.profile), "--norestore", "--nologo",
                "--nodefault", "--nolockcheck", *arguments]

    def _office_environment(self):
        env = super()._office_environment()
        env.update(SAL_USE_VCLPLUGIN="gen", DISPLAY=self.display)
        return env

    def stop(self):
        keep = os.environ.get("KPI_OFFICE_LOG")  # where to keep soffice's output (crash backtraces)
        if keep and self.workdir is not None:
            try:
                self.desktop = None if self.process is None or self.process.poll() is not None else self.desktop
                shutil.copyfile(os.path.join(self.workdir, "soffice.log"), keep)
            except OSError:
                pass
        try:
            super().stop()
        finally:
            if self.xvfb is not None:
                self.xvfb.terminate()
                try:
                    self.xvfb.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.xvfb.kill()
                    self.xvfb.wait()
                self.xvfb = None

    def load_visible(self, path):
        """Opens a document in a window filling most of the screen."""
        doc = self.desktop.loadComponentFromURL(file_url(path), "_blank", 0, properties(Hidden=False))
        if doc is None:
            raise OfficeError("could not load %s" % path)
        window = doc.getCurrentController().getFrame().getContainerWindow()
        window.setPosSize(0, 0, self.size[0], self.size[1] - 20, 15)
        return doc

    def run_x(self, *command, timeout=30):
        """Runs an X client (xdotool, import) on the office's display."""
        return subprocess.run(list(command), env=dict(os.environ, DISPLAY=self.display), capture_output=True,
                              timeout=timeout, check=True)

    def screenshot(self, path):
        """The whole screen as PNG (ImageMagick import)."""
        self.run_x("import", "-window", "root", path)
