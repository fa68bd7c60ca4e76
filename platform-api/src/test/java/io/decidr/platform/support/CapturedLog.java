package io.decidr.platform.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one logger of the running application logs while it is open (to find a failure's incident id in the log). */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(Class<?> logging) {
        this.logger = (Logger) LoggerFactory.getLogger(logging);
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures what {@code logging}'s logger logs from now until {@link #close()}. */
    public static CapturedLog of(Class<?> logging) {
        return new CapturedLog(logging);
    }

    /** The ERROR lines whose message contains {@code text}. */
    public List<ILoggingEvent> errorsContaining(String text) {
        List<ILoggingEvent> lines;
        synchronized (appender) { // the appender appends under its own lock
            lines = List.copyOf(appender.list);
        }
        return lines.stream().filter(line -> line.getLevel() == Level.ERROR)
                .filter(line -> line.getFormattedMessage().contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
