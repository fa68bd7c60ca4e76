package io.decidr.platform.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The system's headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}; {@code bin/test}
 * installs them when it can), driven through its chromedriver. Nothing is downloaded: a missing browser fails the
 * test with what to install. Every host name but localhost and 127.0.0.1 resolves to nothing, and the browser's
 * performance log records each request a page makes, so a test can prove a page needs no other host.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Time for a page load, a script, and each wait of a test. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final String INSTALL = "the browser tests need a headless Chromium and its driver: install the"
            + " Debian packages chromium and chromium-driver (bin/test does when run as root: apt-get install chromium"
            + " chromium-driver)";

    private final ChromeDriver driver;
    // the driver hands each log entry out once: kept here for later calls
    private final List<String> requestedUrls = new ArrayList<>();
    private final List<String> consoleMessages = new ArrayList<>();

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a browser with a fresh profile; fails (never skips) when Chromium or chromedriver is missing. */
    public static HeadlessChromium start(Path logFile) {
        createDirectories(logFile.getParent());
        Path browser = onPath("chromium", "chromium-browser")
                .orElseGet(() -> fail("no chromium on PATH: " + INSTALL));
        Path chromedriver = onPath("chromedriver")
                .orElseGet(() -> fail("no chromedriver on PATH: " + INSTALL));
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.toFile())
                .addArguments(
                        "--headless=new",
                        // root in a container has no usable sandbox
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=1400,900",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        // a request for any other host fails at once instead of leaving the machine
                        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL", LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(logFile.toFile())
                .withTimeout(TIMEOUT)
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
        return new HeadlessChromium(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Every URL the pages requested so far (from the browser's performance log), in order. */
    public List<String> requestedUrls() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> message = message(entry.getMessage());
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<?, ?> params = (Map<?, ?>) message.get("params");
                requestedUrls.add((String) ((Map<?, ?>) params.get("request")).get("url"));
            } else if ("Network.webSocketCreated".equals(message.get("method"))) {
                requestedUrls.add((String) ((Map<?, ?>) message.get("params")).get("url"));
            }
        }
        return List.copyOf(requestedUrls);
    }

    /** The browser console's messages so far (errors included, such as refused loads). */
    public List<String> consoleMessages() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            consoleMessages.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(consoleMessages);
    }

    /** Whether a URL stays on this machine: a loopback host, or no network at all (data:, blob:, about:). */
    public static boolean loopback(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme();
        if (scheme == null || List.of("data", "blob", "about").contains(scheme)) {
            return true;
        }
        return List.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost());
    }

    /** Saves a PNG of the window. */
    public void screenshot(Path file) {
        createDirectories(file.getParent());
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the screenshot " + file, e);
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + directory, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Map<String, Object> message(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) JsonParserFactory.getJsonParser().parseMap(json).get("message");
        return message;
    }

    private static Optional<Path> onPath(String... names) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .flatMap(directory -> Stream.of(names).map(name -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
