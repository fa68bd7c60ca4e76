package io.decidr.domain.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class FailureNoticeTest {

    private final UUID incident = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    @Test
    void a_notice_reads_back_from_its_text() {
        FailureNotice notice = FailureNotice.of("JOB_STEP_FAILED", "the chunk from item 201 failed after 5 attempts", incident);
        assertThat(notice.text())
                .isEqualTo("JOB_STEP_FAILED: the chunk from item 201 failed after 5 attempts; incident " + incident);
        assertThat(FailureNotice.parse(notice.text())).contains(notice);
        FailureNotice plain = FailureNotice.of("JOB_ITEM_FAILED", "line 3: Name is required; 1 undone");
        assertThat(plain.text()).isEqualTo("JOB_ITEM_FAILED: line 3: Name is required; 1 undone");
        assertThat(FailureNotice.parse(plain.text())).contains(plain);
    }

    @Test
    void texts_from_before_notices_do_not_parse() {
        assertThat(FailureNotice.parse("IllegalStateException: boom")).isEmpty();
        assertThat(FailureNotice.parse("its workflow could not be started: UNAVAILABLE: io exception")).isEmpty();
        assertThat(FailureNotice.parse("line 3: Name is required")).isEmpty();
        assertThat(FailureNotice.parse(null)).isEmpty();
    }

    @Test
    void a_message_is_one_short_line_and_a_code_is_upper_case() {
        FailureNotice notice = FailureNotice.of("X", "a\n  b\tc " + "d".repeat(1_000));
        assertThat(notice.message()).startsWith("a b c d").hasSize(FailureNotice.MAX_MESSAGE).endsWith("...");
        assertThatThrownBy(() -> FailureNotice.of("java.lang.Error", "no")).isInstanceOf(IllegalArgumentException.class);
    }
}
