package io.tributary.admin.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;

/**
 * The {@code %peerEx} conversion word of the nodes' log pattern: an event's exception as one
 * indented line when {@link ExpectedPeerErrors} calls it expected, else its full stack trace (as
 * {@code %ex} would print it).
 */
public final class BriefPeerErrorConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return ExpectedPeerErrors.brief(event.getLoggerName(), event.getThrowableProxy())
                .map(line -> "  cause: " + line + CoreConstants.LINE_SEPARATOR)
                .orElseGet(() -> super.convert(event));
    }
}
