package io.decidr.eventstore.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a file into parts of whole rows, whatever pieces it arrives in. */
class RowSplitterTest {

    private static final String CSV = "Name,Notes\r\n"
            + "Ada,\"first line\nsecond line\"\r\n"
            + "\r\n"
            + "Bob,\"says \"\"hi\"\"\"\n"
            + "Élodie,ünïcödé ✓\n"
            + "\n"
            + "Cy,last";

    @Test
    void rows_are_whole_whatever_the_pieces_the_file_arrives_in() {
        byte[] file = CSV.getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("Ada,\"first line\nsecond line\"\r\n", "Bob,\"says \"\"hi\"\"\"\n",
                "Élodie,ünïcödé ✓\n", "Cy,last");
        for (int piece = 1; piece <= file.length; piece++) {
            RowSplitter splitter = new RowSplitter(UploadFormat.CSV, 16, 1_000, 1_000);
            List<UploadPart> parts = new ArrayList<>();
            for (int at = 0; at < file.length; at += piece) {
                parts.addAll(splitter.feed(ByteBuffer.wrap(file, at, Math.min(piece, file.length - at))));
            }
            parts.addAll(splitter.finish());
            assertThat(splitter.header()).as("pieces of %d", piece).isEqualTo("Name,Notes");
            assertThat(rows(parts)).as("pieces of %d", piece).containsExactlyElementsOf(expected);
            assertThat(splitter.rows()).isEqualTo(4);
        }
    }

    @Test
    void parts_are_cut_at_a_row_end_once_they_reach_their_size_or_row_count() {
        RowSplitter bySize = new RowSplitter(UploadFormat.JSONL, 20, 1_000, 100);
        List<UploadPart> parts = new ArrayList<>(bySize.feed(utf8("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n  \n{\"a\":4}\n")));
        parts.addAll(bySize.finish());
        assertThat(parts).extracting(UploadPart::firstRow).containsExactly(0L, 3L);
        assertThat(parts).extracting(UploadPart::rows).containsExactly(3, 1);

        RowSplitter byRows = new RowSplitter(UploadFormat.JSONL, 1_000, 2, 100);
        List<UploadPart> counted = new ArrayList<>(byRows.feed(utf8("{}\n{}\n{}\n{}\n{}")));
        counted.addAll(byRows.finish());
        assertThat(counted).extracting(UploadPart::rows).containsExactly(2, 2, 1);
        assertThat(counted).extracting(UploadPart::firstRow).containsExactly(0L, 2L, 4L);
    }

    @Test
    void an_unclosed_quote_or_a_row_too_long_or_no_header_is_refused() {
        RowSplitter unclosed = new RowSplitter(UploadFormat.CSV, 100, 100, 100);
        unclosed.feed(utf8("A\n\"never closed\n"));
        assertThatThrownBy(unclosed::finish).isInstanceOf(UploadRejected.class)
                .extracting(e -> ((UploadRejected) e).reason()).isEqualTo(UploadRejected.Reason.MALFORMED);

        RowSplitter endless = new RowSplitter(UploadFormat.CSV, 100, 100, 10);
        assertThatThrownBy(() -> endless.feed(utf8("A\n\"a quote that runs on and on\n")))
                .isInstanceOf(UploadRejected.class).hasMessageContaining("longer than 10 bytes");

        RowSplitter empty = new RowSplitter(UploadFormat.CSV, 100, 100, 100);
        empty.feed(utf8("\r\n\n"));
        assertThatThrownBy(empty::finish).isInstanceOf(UploadRejected.class).hasMessageContaining("header");
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The rows of the parts, cut again at the row ends the splitter found (line feeds outside quotes). */
    private static List<String> rows(List<UploadPart> parts) {
        List<String> rows = new ArrayList<>();
        for (UploadPart part : parts) {
            String text = new String(part.data(), StandardCharsets.UTF_8);
            StringBuilder row = new StringBuilder();
            boolean quoted = false;
            for (char c : text.toCharArray()) {
                row.append(c);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n' && !quoted) {
                    rows.add(row.toString());
                    row.setLength(0);
                }
            }
            if (!row.isEmpty()) {
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
