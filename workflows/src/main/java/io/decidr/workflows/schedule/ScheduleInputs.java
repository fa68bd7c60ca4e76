package io.decidr.workflows.schedule;

import io.decidr.domain.decider.Rejection;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** What a user gives a schedule, checked before Temporal sees it: a cron expression, a time zone, a note. */
final class ScheduleInputs {

    /** A cron expression: five fields (minute hour day-of-month month day-of-week), so runs are a minute apart at least. */
    static final Pattern CRON = Pattern.compile("[0-9A-Za-z*/,?#-]+( [0-9A-Za-z*/,?#-]+){4}");
    static final int MAX_CRON_LENGTH = 120;
    static final int MAX_NOTE_LENGTH = 500;

    private ScheduleInputs() {
    }

    static String cron(String cron) {
        String trimmed = cron == null ? "" : cron.trim().replaceAll("\\s+", " ");
        if (trimmed.length() > MAX_CRON_LENGTH || !CRON.matcher(trimmed).matches()) {
            throw Rejection.validation("cron", "cron takes five fields: minute hour day-of-month month day-of-week"
                    + " (e.g. \"0 3 * * *\": every day at 03:00), at most " + MAX_CRON_LENGTH + " characters");
        }
        return trimmed;
    }

    static String zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return "UTC";
        }
        try {
            return ZoneId.of(timeZone).getId();
        } catch (DateTimeException unknown) {
            throw Rejection.validation("timeZone", "timeZone " + timeZone + " is not a time zone (e.g. UTC, Europe/Berlin)");
        }
    }

    static String note(String note, String what) {
        if (note != null && note.length() > MAX_NOTE_LENGTH) {
            throw Rejection.validation("note", "note has " + note.length() + " characters; at most " + MAX_NOTE_LENGTH);
        }
        return note == null || note.isBlank() ? what + " through the API" : note;
    }
}
