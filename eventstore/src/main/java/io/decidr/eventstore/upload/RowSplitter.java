package io.decidr.eventstore.upload;

import io.decidr.eventstore.upload.UploadRejected.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a file arriving in pieces of any size into parts of whole rows, without ever holding more than a part and a
 * row of it. A row ends at a line feed, except inside a CSV's double quotes (a quote and a line feed are single
 * bytes in UTF-8, so no character is ever cut). Blank lines are left out, as the parsers skip them; a CSV's first
 * row is its header, kept apart. Not thread-safe: one splitter per upload, fed in order.
 */
public final class RowSplitter {

    private final UploadFormat format;
    private final int partBytes;
    private final int partRows;
    private final int maxRowBytes;

    private byte[] part;
    private int length;
    private int rowStart;
    private int rows;
    private long nextRow;
    private boolean quoted;
    private boolean rowHasContent;
    private String header;

    /**
     * @param partBytes   a part is cut at the first row end at or after this many bytes
     * @param partRows    ... or after this many rows
     * @param maxRowBytes the longest row accepted (an unclosed quote shows as a row that never ends)
     */
    public RowSplitter(UploadFormat format, int partBytes, int partRows, int maxRowBytes) {
        this.format = format;
        this.partBytes = partBytes;
        this.partRows = partRows;
        this.maxRowBytes = maxRowBytes;
        this.part = new byte[Math.min(partBytes, 64 * 1024) + 1];
    }

    /** Takes the next bytes of the file; answers the parts they completed, in order. */
    public List<UploadPart> feed(ByteBuffer bytes) {
        List<UploadPart> done = new ArrayList<>(1);
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (length == part.length) {
                part = Arrays.copyOf(part, Math.min(Math.max(part.length * 2, 1024), partBytes + maxRowBytes + 1));
            }
            part[length++] = b;
            if (b == '"' && format == UploadFormat.CSV) {
                quoted = !quoted;
                rowHasContent = true;
            } else if (b == '\n' && !quoted) {
                endRow(done);
            } else if (!blank(b)) {
                rowHasContent = true;
            }
            if (length - rowStart > maxRowBytes) {
                throw new UploadRejected(Reason.MALFORMED, "row " + (nextRow + rows + 1) + " is longer than " + maxRowBytes
                        + " bytes" + (quoted ? " (a quoted CSV cell that is never closed?)" : ""));
            }
        }
        return done;
    }

    /** The end of the file: answers the last part, if any rows are left. */
    public List<UploadPart> finish() {
        if (quoted) {
            throw new UploadRejected(Reason.MALFORMED, "a quoted CSV cell is not closed at the end of the file");
        }
        List<UploadPart> done = new ArrayList<>(1);
        if (length > rowStart) {
            endRow(done);
        }
        if (rows > 0) {
            done.add(cut());
        }
        if (format == UploadFormat.CSV && header == null) {
            throw new UploadRejected(Reason.MALFORMED, "the CSV file is empty: it starts with a header line naming the attributes");
        }
        return done;
    }

    /** A CSV's header line (without its line break); null before it arrived, and for JSON lines. */
    public String header() {
        return header;
    }

    /** Rows in the parts answered so far. */
    public long rows() {
        return nextRow;
    }

    private boolean blank(byte b) {
        return b == '\r' || (format == UploadFormat.JSONL && (b == ' ' || b == '\t'));
    }

    private void endRow(List<UploadPart> done) {
        if (!rowHasContent) {
            length = rowStart;
        } else if (format == UploadFormat.CSV && header == null) {
            header = new String(part, rowStart, length - rowStart, StandardCharsets.UTF_8).strip();
            length = rowStart;
        } else {
            rows++;
            rowStart = length;
            if (length >= partBytes || rows >= partRows) {
                done.add(cut());
            }
        }
        rowStart = length;
        rowHasContent = false;
    }

    private UploadPart cut() {
        UploadPart cut = new UploadPart(nextRow, rows, Arrays.copyOf(part, rowStart));
        nextRow += rows;
        rows = 0;
        length = 0;
        rowStart = 0;
        return cut;
    }
}
