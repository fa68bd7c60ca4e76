package io.decidr.devservices.cassandra;

import java.nio.file.Path;

/**
 * The server's logback configuration: everything goes to a size-capped file in the data folder, nothing to the
 * console, so the application's own log stays readable and a failed start can quote the server's log.
 */
final class ServerLogbackConfig {

    private ServerLogbackConfig() {
    }

    static String render(Path systemLog) {
        String file = xml(systemLog.toString());
        return """
                <!-- Written by decidr's EmbeddedCassandra on every start; edits are overwritten. -->
                <configuration scan="false">
                  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                    <file>%s</file>
                    <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
                      <fileNamePattern>%s.%%i.zip</fileNamePattern>
                      <minIndex>1</minIndex>
                      <maxIndex>3</maxIndex>
                    </rollingPolicy>
                    <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
                      <maxFileSize>20MB</maxFileSize>
                    </triggeringPolicy>
                    <encoder>
                      <pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{36} - %%msg%%n</pattern>
                    </encoder>
                  </appender>
                  <root level="INFO">
                    <appender-ref ref="FILE"/>
                  </root>
                </configuration>
                """.formatted(file, file);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
